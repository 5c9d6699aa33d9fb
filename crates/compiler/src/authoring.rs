//! The authoring format: the files a newsroom writes under `content/`.
//!
//! `content/site.json` has the delivery [`Site`](standfirst_model::Site)
//! shape. Articles are below: text fields hold inline Markdown where the
//! delivery format has spans. Unknown fields are ignored. These types are
//! what the published `authoring-*.schema.json` files are generated from;
//! the validator (`crate::validate`) checks the same shape from a JSON value
//! so that every problem gets a path.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use standfirst_model::{
    Author, BlockKind, LiveStatus, Source, SrcsetEntry, VideoProvider, VideoSource,
};

/// `content/articles/<slug>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringArticle {
    /// `[a-z0-9]+(-[a-z0-9]+)*`, at most 120 characters, equal to the file
    /// name (without `.json`) and unique.
    #[schemars(
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(min = 1, max = 120)
    )]
    pub slug: String,
    /// Plain text, e.g. "Speed Read", "The Explainer".
    pub kicker: String,
    /// A section id from site.json.
    pub section: String,
    /// Edition ids from site.json.
    #[schemars(length(min = 1))]
    pub editions: Vec<String>,
    /// Plain text, 1-200 characters.
    #[schemars(length(min = 1, max = 200))]
    pub headline: String,
    /// Plain text.
    pub standfirst: String,
    /// Plain text for cards; defaults to the standfirst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Each a described author by `id`, or a name (and a link).
    #[schemars(length(min = 1))]
    pub authors: Vec<AuthoringAuthor>,
    /// RFC 3339.
    #[schemars(schema_with = "date_time")]
    pub published: String,
    /// RFC 3339, not before `published`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_time")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hero: Option<AuthoringHero>,
    #[schemars(length(min = 1))]
    pub body: Vec<AuthoringBlock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
    /// Lower-case, hyphenated; used to rank related stories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Slugs of curated related stories, shown first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<String>>,
    /// Live coverage: a stream of entries, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<AuthoringLive>,
    /// The same story in other languages (`hreflang` alternates and a
    /// list of links at the story's end): one per language, none in the
    /// site's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<Vec<AuthoringTranslation>>,
}

/// One entry of an article's `translations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringTranslation {
    /// BCP 47 (`en`, `fr`, `pt-BR`): the translation's language.
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"))]
    pub locale: String,
    /// An absolute `https:` or `http:` URL of the translated story.
    #[schemars(regex(pattern = r"^[hH][tT][tT][pP][sS]?://"))]
    pub url: String,
}

/// One author of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AuthoringAuthor {
    /// A described author (`content/authors/<id>.json`): the byline takes
    /// the name from there and links to `/author/<id>`.
    Described {
        /// An author id: a file `content/authors/<id>.json` exists.
        id: String,
    },
    /// A name, linked to `url` if it has one; no page of its own.
    Named(Author),
}

impl AuthoringAuthor {
    /// A byline of a name alone.
    pub fn named(name: impl Into<String>) -> Self {
        AuthoringAuthor::Named(Author {
            name: name.into(),
            url: None,
        })
    }
}

/// `content/authors/<id>.json`: a writer, described once, with a page at
/// `/author/<id>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringAuthorFile {
    /// Equal to the file name (without `.json`).
    #[schemars(
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(min = 1, max = 120)
    )]
    pub id: String,
    /// Plain text.
    pub name: String,
    /// Plain text, e.g. "Science correspondent".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Inline Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// The author's picture, as an article's: made by the build into
    /// every width and format when it is a file under `content/media/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<AuthoringPicture>,
    /// Links elsewhere (a personal site, a profile); allowlisted URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Source>>,
}

/// `content/topics/<tag>.json`: the name and description of a tag's page
/// (`/topic/<tag>`). A tag without one is named from its slug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringTopic {
    /// The tag, equal to the file name (without `.json`).
    #[schemars(
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(min = 1, max = 120)
    )]
    pub id: String,
    /// Plain text.
    pub name: String,
    /// Inline Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `live` of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringLive {
    pub status: LiveStatus,
    /// In any order: delivery orders them newest first.
    pub entries: Vec<AuthoringLiveEntry>,
}

/// One entry of live coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringLiveEntry {
    /// A slug, unique within the article: the entry's `#` anchor.
    #[schemars(
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(min = 1, max = 120)
    )]
    pub id: String,
    /// RFC 3339, not before the article's `published`.
    #[schemars(schema_with = "date_time")]
    pub posted: String,
    /// RFC 3339, not before `posted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_time")]
    pub updated: Option<String>,
    /// Plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub key_event: bool,
    /// At most one entry of an article.
    #[serde(default)]
    pub pinned: bool,
    #[schemars(length(min = 1))]
    pub body: Vec<AuthoringBlock>,
}

/// A body block. Fields marked "inline Markdown" accept only `*em*`,
/// `**strong**`, `[label](url)` and backslash escapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AuthoringBlock {
    Paragraph {
        /// Inline Markdown.
        content: String,
    },
    Heading {
        #[schemars(range(min = 2, max = 4))]
        level: u8,
        /// Inline Markdown.
        content: String,
    },
    Quote {
        /// Inline Markdown.
        content: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite_url: Option<String>,
    },
    Pullquote {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<String>,
    },
    List {
        ordered: bool,
        /// Inline Markdown each.
        #[schemars(length(min = 1))]
        items: Vec<String>,
    },
    Image(AuthoringImage),
    Video(AuthoringVideo),
    Newsletter {
        /// A newsletter list id from site.json.
        list: String,
    },
    Subscribe,
    Divider,
}

impl AuthoringBlock {
    /// The block's kind in the model's one list (its `type` tag is
    /// `kind().name()`).
    pub fn kind(&self) -> BlockKind {
        match self {
            AuthoringBlock::Paragraph { .. } => BlockKind::Paragraph,
            AuthoringBlock::Heading { .. } => BlockKind::Heading,
            AuthoringBlock::Quote { .. } => BlockKind::Quote,
            AuthoringBlock::Pullquote { .. } => BlockKind::Pullquote,
            AuthoringBlock::List { .. } => BlockKind::List,
            AuthoringBlock::Image(_) => BlockKind::Image,
            AuthoringBlock::Video(_) => BlockKind::Video,
            AuthoringBlock::Newsletter { .. } => BlockKind::Newsletter,
            AuthoringBlock::Subscribe => BlockKind::Subscribe,
            AuthoringBlock::Divider => BlockKind::Divider,
        }
    }

    /// A small valid block of `kind` (its newsletter block names the list
    /// `daily`). The tests hold the validator, the conversion and the
    /// importers to every kind through these.
    pub fn example(kind: BlockKind) -> AuthoringBlock {
        let image = || AuthoringPicture {
            src: "/media/harbour-dawn.svg".into(),
            alt: "A harbour at dawn".into(),
            width: Some(1200),
            height: Some(675),
            srcset: Vec::new(),
        };
        match kind {
            BlockKind::Paragraph => AuthoringBlock::Paragraph {
                content: "Plain and *emphasised* words.".into(),
            },
            BlockKind::Heading => AuthoringBlock::Heading {
                level: 2,
                content: "A heading".into(),
            },
            BlockKind::Quote => AuthoringBlock::Quote {
                content: "Quoted words from an invented report.".into(),
                cite: Some("The Example Post".into()),
                cite_url: Some("https://example.com/post".into()),
            },
            BlockKind::Pullquote => AuthoringBlock::Pullquote {
                text: "A line worth pulling out.".into(),
                attribution: None,
            },
            BlockKind::List => AuthoringBlock::List {
                ordered: true,
                items: vec!["One".into(), "Two".into()],
            },
            BlockKind::Image => AuthoringBlock::Image(AuthoringImage {
                image: image(),
                caption: Some("The harbour, *early*.".into()),
                credit: None,
            }),
            BlockKind::Video => AuthoringBlock::Video(AuthoringVideo {
                sources: None,
                poster: Some(image()),
                provider: Some(VideoProvider::Vimeo),
                id: Some("76979871".into()),
                title: "A walk along the harbour".into(),
                caption: None,
                credit: None,
                duration_s: Some(90),
            }),
            BlockKind::Newsletter => AuthoringBlock::Newsletter {
                list: "daily".into(),
            },
            BlockKind::Subscribe => AuthoringBlock::Subscribe,
            BlockKind::Divider => AuthoringBlock::Divider,
        }
    }
}

/// The hero: an image or a video block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AuthoringHero {
    Image(AuthoringImage),
    Video(AuthoringVideo),
}

/// An image block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringImage {
    pub image: AuthoringPicture,
    /// Inline Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// A picture as authored. `src` names a file under `content/media/`
/// (`/media/<file>`: JPEG, PNG or WebP, any size), which the build makes
/// into every width and format; its `width` and `height` are read from the
/// file and, when given, must match it. Any other image (a remote URL, an
/// SVG) is published as it is and needs `width` and `height`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringPicture {
    pub src: String,
    /// What the picture shows, for readers who cannot see it.
    pub alt: String,
    /// In pixels, upright.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub height: Option<u32>,
    /// Hand-made smaller files (version 1 of the format): still accepted,
    /// and unused when the build makes the picture itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub srcset: Vec<SrcsetEntry>,
}

/// A video block: either `sources` (+ `poster`) or `provider` + `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthoringVideo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<VideoSource>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster: Option<AuthoringPicture>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<VideoProvider>,
    /// The provider's video id: letters, digits, `-` and `_`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Read to screen-reader users.
    pub title: String,
    /// Inline Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
}

fn date_time(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        format: Some("date-time".into()),
        ..Default::default()
    }
    .into()
}

fn opt_date_time(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(
            vec![
                schemars::schema::InstanceType::String,
                schemars::schema::InstanceType::Null,
            ]
            .into(),
        ),
        format: Some("date-time".into()),
        ..Default::default()
    }
    .into()
}
