//! `api/v1/site.json`: the publication, its editions, sections and sign-up.

use serde::{Deserialize, Serialize};

/// The publication's configuration, loaded once by the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Site {
    pub name: String,
    pub tagline: String,
    pub base_url: String,
    pub default_edition: String,
    pub editions: Vec<Edition>,
    pub sections: Vec<Section>,
    pub newsletter: Newsletter,
    pub subscribe: Subscribe,
    /// The publication's language (BCP 47, e.g. `ar` or `en-GB`): its
    /// interface strings, direction and digits. Editions keep their own
    /// `locale` for the order of dates. Empty (absent) means `en`.
    #[serde(default)]
    pub locale: String,
    /// The interface in that language, made by the build from the
    /// language's table and the site's `strings` (ignored in authoring).
    #[serde(default)]
    pub ui: crate::strings::Ui,
    /// Installing the site as an app and reading it offline (optional).
    /// Only the build reads it; the browser app ignores it.
    #[serde(default)]
    pub app: AppSettings,
}

/// How the site behaves as an installed app: the web app manifest's
/// short name and colours, and how many recently read stories the service
/// worker keeps for offline reading (saved stories are kept besides).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct AppSettings {
    /// The name under the home-screen icon; the site's name if empty.
    pub short_name: String,
    /// The browser's UI colour (`theme_color`), a CSS colour.
    pub theme_color: String,
    /// The splash screen's colour (`background_color`), a CSS colour.
    pub background_color: String,
    /// Recently read stories kept offline, oldest out first.
    pub offline_stories: u32,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            short_name: String::new(),
            theme_color: "#8a1c1c".into(),
            background_color: "#fdfcf9".into(),
            offline_stories: 50,
        }
    }
}

impl Site {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }
    pub fn list(&self, id: &str) -> Option<&NewsletterList> {
        self.newsletter.lists.iter().find(|l| l.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edition {
    pub id: String,
    pub name: String,
    /// BCP 47 tag used to format dates, e.g. `en-GB`.
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// Where and how the sign-up component posts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Newsletter {
    pub endpoint: String,
    #[serde(default)]
    pub encoding: Encoding,
    pub lists: Vec<NewsletterList>,
    /// Privacy text shown beside the consent box.
    #[serde(default)]
    pub privacy: String,
    /// Link to the full privacy notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_url: Option<String>,
}

/// The request body encoding of the sign-up endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    #[default]
    Json,
    Form,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewsletterList {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub frequency: String,
}

/// The subscription promo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Subscribe {
    pub headline: String,
    pub text: String,
    pub url: String,
}
