//! Story body blocks and the inline spans inside them.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// A run of inline text. Parsed from inline Markdown at build time, so the
/// app never parses markup and never injects raw HTML.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub em: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
}

/// Plain text of a list of spans (for meta descriptions, alt text, counts).
pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// An image with its intrinsic size, so the page reserves space for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    /// The fallback format (JPEG, or PNG) at each width the build made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub srcset: Vec<SrcsetEntry>,
    /// The same widths in better formats, best first (AVIF, then WebP):
    /// a `<source>` each, the browser taking the first it can show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<ImageSource>,
    /// `#rrggbb`, the picture's average colour from a 64-colour palette,
    /// shown in its box while it loads (none for a picture with
    /// transparency, or one the build did not make).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
}

/// One format of a picture: its MIME type and its files by width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageSource {
    /// `image/avif` or `image/webp`.
    pub mime: String,
    pub srcset: Vec<SrcsetEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SrcsetEntry {
    pub src: String,
    pub width: u32,
}

/// A video: either self-hosted `sources` (+ `poster`) or a `provider` + `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Video {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<VideoSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<VideoProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VideoSource {
    pub src: String,
    pub mime: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum VideoProvider {
    Youtube,
    Vimeo,
}

impl VideoProvider {
    /// Privacy-enhanced embed URL for a video id, or `None` for an id that
    /// is not a plain token (it is interpolated into a URL).
    pub fn embed_url(self, id: &str) -> Option<String> {
        let plain = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain {
            return None;
        }
        Some(match self {
            VideoProvider::Youtube => {
                format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")
            }
            VideoProvider::Vimeo => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            VideoProvider::Youtube => "YouTube",
            VideoProvider::Vimeo => "Vimeo",
        }
    }
}

/// Declares [`BlockKind`] from the one list of body block kinds.
macro_rules! block_kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal,)*) => {
        /// The kinds of body block: the one list of them. Each is a `type`
        /// tag of [`Block`] (delivery) and of the compiler's authoring
        /// block. Every place that handles blocks matches on this or on
        /// [`Block`] with no catch-all arm, so a kind added here fails to
        /// compile until each handles it; the tests hold the validator,
        /// the schemas, the importers and the every-block fixture to
        /// [`BlockKind::ALL`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum BlockKind {
            $($(#[$doc])* $kind,)*
        }

        impl BlockKind {
            /// Every kind, in the order of the list.
            pub const ALL: &'static [BlockKind] = &[$(BlockKind::$kind,)*];
            /// Every kind's `type` tag, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name,)*];
        }
    };
}

block_kinds! {
    /// Running text.
    Paragraph = "paragraph",
    /// A subheading (levels 2 to 4).
    Heading = "heading",
    /// A quotation from a source, with its citation.
    Quote = "quote",
    /// A line lifted from the story, set large.
    Pullquote = "pullquote",
    /// A bulleted or numbered list.
    List = "list",
    /// A picture with caption and credit.
    Image = "image",
    /// A self-hosted or embedded video.
    Video = "video",
    /// An inline newsletter sign-up for one list.
    Newsletter = "newsletter",
    /// The subscription promo.
    Subscribe = "subscribe",
    /// A section break.
    Divider = "divider",
}

impl BlockKind {
    /// Its `type` tag.
    pub fn name(self) -> &'static str {
        BlockKind::NAMES[self as usize]
    }

    /// The kind tagged `name`, if it is one.
    pub fn from_name(name: &str) -> Option<BlockKind> {
        let i = BlockKind::NAMES.iter().position(|n| *n == name)?;
        Some(BlockKind::ALL[i])
    }
}

/// A block of a story body (delivery shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        content: Vec<Span>,
    },
    Heading {
        level: u8,
        content: Vec<Span>,
    },
    Quote {
        content: Vec<Span>,
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
        items: Vec<Vec<Span>>,
    },
    Image {
        image: Image,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Vec<Span>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
    },
    Video(Video),
    Newsletter {
        list: String,
    },
    Subscribe,
    Divider,
}

impl Block {
    /// The block's kind (its `type` tag is `kind().name()`).
    pub fn kind(&self) -> BlockKind {
        match self {
            Block::Paragraph { .. } => BlockKind::Paragraph,
            Block::Heading { .. } => BlockKind::Heading,
            Block::Quote { .. } => BlockKind::Quote,
            Block::Pullquote { .. } => BlockKind::Pullquote,
            Block::List { .. } => BlockKind::List,
            Block::Image { .. } => BlockKind::Image,
            Block::Video(_) => BlockKind::Video,
            Block::Newsletter { .. } => BlockKind::Newsletter,
            Block::Subscribe => BlockKind::Subscribe,
            Block::Divider => BlockKind::Divider,
        }
    }
}

/// A body block as read by the app: a block it knows, or one it skips.
/// A block with an unknown `type`, or a known type with malformed fields,
/// becomes `Skipped` instead of failing the whole story.
// A video's poster with its picture's formats makes `Block` large; nearly
// every block is `Known`, so boxing it would only add an allocation per
// block (and code to the wasm).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BodyBlock {
    Known(Block),
    /// The `type` tag it had, if any. Never serialized.
    #[serde(skip_serializing)]
    Skipped(String),
}

/// In the published schema a body block is a [`Block`]: `Skipped` exists
/// only in a reader's memory.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for BodyBlock {
    fn schema_name() -> String {
        "Block".to_string()
    }

    fn is_referenceable() -> bool {
        false
    }

    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        gen.subschema_for::<Block>()
    }
}

impl<'de> Deserialize<'de> for BodyBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The wasm app reads blocks with `FromJson` (see `from_json`);
        // its tests hold the two equal.
        buffered(d)
    }
}

/// serde's own decoder: the block as a [`Block`], else its `type`, else
/// nothing.
fn buffered<'de, D: Deserializer<'de>>(d: D) -> Result<BodyBlock, D::Error> {
    #[allow(clippy::large_enum_variant)] // as `BodyBlock`
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Known(Block),
        Tagged {
            #[serde(rename = "type")]
            kind: String,
        },
        Other(IgnoredAny),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Known(b) => BodyBlock::Known(b),
        Raw::Tagged { kind } => BodyBlock::Skipped(kind),
        Raw::Other(_) => BodyBlock::Skipped(String::new()),
    })
}

impl From<Block> for BodyBlock {
    fn from(b: Block) -> Self {
        BodyBlock::Known(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_malformed_blocks_are_skipped_not_fatal() {
        let body: Vec<BodyBlock> = serde_json::from_str(
            r#"[{"type":"paragraph","content":[{"text":"Hi","em":true}]},
                {"type":"hologram","beam":3},
                {"type":"heading","level":"two"},
                42,
                {"type":"divider"}]"#,
        )
        .unwrap();
        assert_eq!(
            body,
            vec![
                BodyBlock::Known(Block::Paragraph {
                    content: vec![Span {
                        text: "Hi".into(),
                        em: true,
                        ..Span::default()
                    }]
                }),
                BodyBlock::Skipped("hologram".into()),
                BodyBlock::Skipped("heading".into()),
                BodyBlock::Skipped(String::new()),
                BodyBlock::Known(Block::Divider),
            ]
        );
    }

    #[test]
    fn block_kinds_are_the_serde_tags_of_their_blocks() {
        assert_eq!(BlockKind::ALL.len(), BlockKind::NAMES.len());
        for (i, kind) in BlockKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "ALL is in declaration order");
            assert_eq!(BlockKind::from_name(kind.name()), Some(*kind));
        }
        assert_eq!(BlockKind::from_name("Paragraph"), None);
        assert_eq!(BlockKind::from_name("hologram"), None);
        // Every block of the every-block fixture serialises with the tag
        // its kind names, and the fixture has every kind.
        let story: crate::Article =
            serde_json::from_str(include_str!("../../../tests/fixtures/every-block.json")).unwrap();
        let mut seen = Vec::new();
        for block in story.body.iter().chain(story.hero.iter()) {
            if let BodyBlock::Known(b) = block {
                let json = serde_json::to_value(b).unwrap();
                assert_eq!(json["type"], b.kind().name());
                seen.push(b.kind());
            }
        }
        for kind in BlockKind::ALL {
            assert!(
                seen.contains(kind),
                "tests/fixtures/every-block.json has no {:?} block",
                kind.name()
            );
        }
    }

    #[test]
    fn spans_omit_default_flags_when_serialized() {
        let json = serde_json::to_string(&Span::plain("x")).unwrap();
        assert_eq!(json, r#"{"text":"x"}"#);
        assert_eq!(spans_text(&[Span::plain("a"), Span::plain("b")]), "ab");
    }

    #[test]
    fn embed_urls_are_privacy_enhanced_and_refuse_odd_ids() {
        assert_eq!(
            VideoProvider::Youtube.embed_url("abc_DEF-123").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_DEF-123?autoplay=1")
        );
        assert!(VideoProvider::Vimeo
            .embed_url("76979871")
            .unwrap()
            .contains("dnt=1"));
        assert_eq!(VideoProvider::Youtube.embed_url("x\"><script>"), None);
        assert_eq!(VideoProvider::Vimeo.embed_url(""), None);
    }
}
