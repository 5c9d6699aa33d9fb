//! Articles, teasers and the feeds that list them.

use crate::{BodyBlock, Image, Live};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Author {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    pub name: String,
    pub url: String,
}

/// `api/v1/articles/<slug>.json`: everything a story page needs in one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Article {
    pub slug: String,
    /// Site path of the story, `/<section>/<slug>`.
    pub url: String,
    pub kicker: String,
    pub section: String,
    pub editions: Vec<String>,
    pub headline: String,
    pub standfirst: String,
    pub summary: String,
    pub authors: Vec<Author>,
    /// RFC 3339.
    pub published: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hero: Option<BodyBlock>,
    pub body: Vec<BodyBlock>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The story's topics as links: each tag's name and its page
    /// (`/topic/<tag>`), in the order of `tags`. The body ends with the
    /// same links (a "Topics" heading and a list), so that every reader of
    /// the format shows them; the app reads them there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Source>,
    pub reading_minutes: u32,
    /// Curated first, then ranked; at most 6.
    #[serde(default)]
    pub related: Vec<Teaser>,
    /// Latest from the same section, disjoint from `related`; at most 6.
    #[serde(default)]
    pub more: Vec<Teaser>,
    /// Live coverage: one page of its entries (see [`Live`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<Live>,
    /// The same story in other languages, in the order the article lists
    /// them: the head's `hreflang` alternates and the story's last block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Translation>,
}

/// The same story in another language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Translation {
    /// BCP 47, with hyphens (`en`, `pt-BR`).
    pub locale: String,
    /// An absolute `https:` or `http:` URL.
    pub url: String,
    /// The language's name in that language (`العربية`, `Français`), or
    /// the tag itself for a language Standfirst has no name of.
    pub name: String,
}

impl Article {
    /// The key the app loads this page by: the slug, or `<slug>/page/<n>`
    /// for an older page of live coverage (`api/v1/articles/<key>.json`).
    pub fn key(&self) -> String {
        match self.live.as_ref().and_then(|l| l.page) {
            Some(n) => [&self.slug, "/", crate::paths::PAGING, "/", &n.to_string()].concat(),
            None => self.slug.clone(),
        }
    }

    /// The site path of this page: the story's, or its older page's.
    pub fn page_url(&self) -> String {
        match self.live.as_ref().and_then(|l| l.page) {
            Some(n) => crate::live_page_url(&self.url, n),
            None => self.url.clone(),
        }
    }
}

/// Whether `key` is a story key ([`Article::key`]): a slug, or
/// `<slug>/page/<n>` with `n` from 1.
pub fn is_story_key(key: &str) -> bool {
    let ok = |slug: &str| crate::is_slug(slug) && slug.len() <= crate::MAX_SLUG_LEN;
    match key.split_once('/') {
        None => ok(key),
        Some((slug, rest)) => {
            ok(slug)
                && rest
                    .strip_prefix(crate::paths::PAGING)
                    .and_then(|r| r.strip_prefix('/'))
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n >= 1)
        }
    }
}

/// A card's worth of an article, used by rails, fronts and section pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Teaser {
    pub slug: String,
    pub url: String,
    pub kicker: String,
    pub section: String,
    pub headline: String,
    pub summary: String,
    pub authors: Vec<Author>,
    pub editions: Vec<String>,
    pub published: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The story is live coverage that has not ended (a "Live" badge).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub live: bool,
}

/// `api/v1/fronts/<edition>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Front {
    pub edition: String,
    pub lead: Teaser,
    pub top: Vec<Teaser>,
    pub sections: Vec<FrontSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FrontSection {
    pub section: String,
    pub teasers: Vec<Teaser>,
}

/// `api/v1/sections/<section>/<page>.json`, pages numbered from 1.
///
/// An author's and a topic's stories are listed in the same shape, and
/// at the same place by their key (`api/v1/sections/author/<id>/<page>.json`,
/// `api/v1/sections/topic/<tag>/<page>.json`): their `section` is the key,
/// the page's site path without the leading slash (`author/<id>`,
/// `topic/<tag>`, see [`crate::paths::listing`]), and `about` says who or
/// what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SectionPage {
    pub section: String,
    pub page: u32,
    pub pages: u32,
    pub teasers: Vec<Teaser>,
    /// An author's or a topic's page: its heading and description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
}

/// Who an author's page is about, or what a topic's is.
///
/// The page shows `body`: blocks the build made of the author's picture,
/// role, bio and links (or the topic's description), so the app renders
/// them with the blocks' own views. The other fields say the same as data
/// (the head's JSON-LD, other readers); the app does not read them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct About {
    /// The author's or the topic's name.
    pub name: String,
    /// Plain text: an author's role and bio, a topic's description.
    #[serde(default)]
    pub summary: String,
    /// An author's role ("Science correspondent").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// An author's picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// An author's links elsewhere (a personal site, a profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Source>,
    /// What the page shows under the name.
    #[serde(default)]
    pub body: Vec<BodyBlock>,
}

/// Teasers per section page.
pub const SECTION_PAGE_SIZE: usize = 12;
/// Most teasers in `related` and in `more`.
pub const RAIL_MAX: usize = 6;
