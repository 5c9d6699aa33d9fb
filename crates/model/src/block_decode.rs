//! A single-pass decoder for body blocks, used by the wasm app.
//!
//! Serde's derived decoder for an internally tagged enum, wrapped in an
//! untagged fallback (a block the app does not know must be skipped, not
//! fail the story), buffers every block and decodes it up to three times.
//! That machinery was the largest single function in the wasm. This decoder
//! reads a block's fields once into optional slots, then builds the block
//! its `type` names.
//!
//! Skipping a malformed field needs a deserializer that can go on after a
//! field fails to decode. Value-based deserializers can (serde-wasm-bindgen
//! over the browser's `JSON.parse`, `serde_json::Value`); a streaming
//! parser cannot, so native builds keep serde's buffering decoder (see
//! `BodyBlock`'s `Deserialize`). Both give the same blocks: the tests
//! compare them.

// Native builds reach this only from the tests.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use crate::block::{Block, BodyBlock, Image, Span, Video, VideoProvider, VideoSource};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Decodes one body block in a single pass (see the module docs).
pub fn decode_block<'de, D: Deserializer<'de>>(d: D) -> Result<BodyBlock, D::Error> {
    d.deserialize_any(BlockVisitor)
}

/// The fields any block type may carry, each decoded at most once.
#[derive(Default)]
struct Fields {
    kind: Option<String>,
    content: Option<Vec<Span>>,
    level: Option<u8>,
    cite: Option<String>,
    cite_url: Option<String>,
    text: Option<String>,
    attribution: Option<String>,
    ordered: Option<bool>,
    items: Option<Vec<Vec<Span>>>,
    image: Option<Image>,
    caption: Option<Vec<Span>>,
    credit: Option<String>,
    list: Option<String>,
    sources: Option<Vec<VideoSource>>,
    poster: Option<Image>,
    provider: Option<VideoProvider>,
    id: Option<String>,
    title: Option<String>,
    duration_s: Option<u32>,
    /// Names of fields present but malformed. A block is skipped only if
    /// one of them belongs to its type (others are ignored, as serde does).
    bad: Vec<&'static str>,
}

impl Fields {
    fn bad(&self, names: &[&str]) -> bool {
        self.bad.iter().any(|b| names.contains(b))
    }

    /// The block the fields describe, or `None` when a field its type needs
    /// is missing or malformed.
    fn into_block(self) -> Option<Block> {
        let kind = self.kind.as_deref()?;
        let fields: &[&str] = match kind {
            "paragraph" => &["content"],
            "heading" => &["level", "content"],
            "quote" => &["content", "cite", "cite_url"],
            "pullquote" => &["text", "attribution"],
            "list" => &["ordered", "items"],
            "image" => &["image", "caption", "credit"],
            "video" => &[
                "sources",
                "poster",
                "provider",
                "id",
                "title",
                "caption",
                "credit",
                "duration_s",
            ],
            "newsletter" => &["list"],
            _ => &[],
        };
        if self.bad(fields) {
            return None;
        }
        Some(match kind {
            "paragraph" => Block::Paragraph {
                content: self.content?,
            },
            "heading" => Block::Heading {
                level: self.level?,
                content: self.content?,
            },
            "quote" => Block::Quote {
                content: self.content?,
                cite: self.cite,
                cite_url: self.cite_url,
            },
            "pullquote" => Block::Pullquote {
                text: self.text?,
                attribution: self.attribution,
            },
            "list" => Block::List {
                ordered: self.ordered?,
                items: self.items?,
            },
            "image" => Block::Image {
                image: self.image?,
                caption: self.caption,
                credit: self.credit,
            },
            "video" => Block::Video(Video {
                sources: self.sources.unwrap_or_default(),
                poster: self.poster,
                provider: self.provider,
                id: self.id,
                title: self.title?,
                caption: self.caption,
                credit: self.credit,
                duration_s: self.duration_s,
            }),
            "newsletter" => Block::Newsletter { list: self.list? },
            "subscribe" => Block::Subscribe,
            "divider" => Block::Divider,
            _ => return None,
        })
    }
}

struct BlockVisitor;

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = BodyBlock;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a story block")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BodyBlock, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            // A field that fails to decode is noted, not fatal (see Fields::bad).
            macro_rules! slot {
                ($field:ident) => {
                    match map.next_value() {
                        Ok(v) => f.$field = v,
                        Err(_) => f.bad.push(stringify!($field)),
                    }
                };
            }
            match key {
                // Not optional in the block (a default): null is malformed.
                Key::Sources => match map.next_value() {
                    Ok(v) => f.sources = Some(v),
                    Err(_) => f.bad.push("sources"),
                },
                Key::Type => slot!(kind),
                Key::Content => slot!(content),
                Key::Level => slot!(level),
                Key::Cite => slot!(cite),
                Key::CiteUrl => slot!(cite_url),
                Key::Text => slot!(text),
                Key::Attribution => slot!(attribution),
                Key::Ordered => slot!(ordered),
                Key::Items => slot!(items),
                Key::Image => slot!(image),
                Key::Caption => slot!(caption),
                Key::Credit => slot!(credit),
                Key::List => slot!(list),
                Key::Poster => slot!(poster),
                Key::Provider => slot!(provider),
                Key::Id => slot!(id),
                Key::Title => slot!(title),
                Key::DurationS => slot!(duration_s),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = f.kind.clone().unwrap_or_default();
        Ok(match f.into_block() {
            Some(block) => BodyBlock::Known(block),
            None => BodyBlock::Skipped(kind),
        })
    }

    // Anything but an object is a block of no known type.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BodyBlock, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(skipped())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_unit<E: de::Error>(self) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
    fn visit_none<E: de::Error>(self) -> Result<BodyBlock, E> {
        Ok(skipped())
    }
}

fn skipped() -> BodyBlock {
    BodyBlock::Skipped(String::new())
}

/// A block's field names, read without allocating.
enum Key {
    Type,
    Content,
    Level,
    Cite,
    CiteUrl,
    Text,
    Attribution,
    Ordered,
    Items,
    Image,
    Caption,
    Credit,
    List,
    Sources,
    Poster,
    Provider,
    Id,
    Title,
    DurationS,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "type" => Key::Type,
                    "content" => Key::Content,
                    "level" => Key::Level,
                    "cite" => Key::Cite,
                    "cite_url" => Key::CiteUrl,
                    "text" => Key::Text,
                    "attribution" => Key::Attribution,
                    "ordered" => Key::Ordered,
                    "items" => Key::Items,
                    "image" => Key::Image,
                    "caption" => Key::Caption,
                    "credit" => Key::Credit,
                    "list" => Key::List,
                    "sources" => Key::Sources,
                    "poster" => Key::Poster,
                    "provider" => Key::Provider,
                    "id" => Key::Id,
                    "title" => Key::Title,
                    "duration_s" => Key::DurationS,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;

    /// serde's buffering decoder (native builds) and this one agree on
    /// every block, well-formed or not. `serde_json::Value` can go on after
    /// a field error, as the browser's decoder can.
    #[test]
    fn agrees_with_serdes_decoder() {
        let cases = r#"[
            {"type":"paragraph","content":[{"text":"Hi","em":true},{"text":"there","href":"https://example.com"}]},
            {"type":"heading","level":3,"content":[{"text":"H"}]},
            {"type":"heading","level":"two","content":[]},
            {"type":"heading","content":[]},
            {"type":"quote","content":[{"text":"Q"}],"cite":"A source","cite_url":"https://example.org"},
            {"type":"quote","content":[{"text":"Q"}],"cite":7},
            {"type":"pullquote","text":"P"},
            {"type":"list","ordered":true,"items":[[{"text":"a"}],[{"text":"b","strong":true}]]},
            {"type":"list","ordered":"yes","items":[]},
            {"type":"image","image":{"src":"/media/a.jpg","alt":"A","width":10,"height":20,"srcset":[{"src":"/media/a-5.jpg","width":5}]},"caption":[{"text":"C"}],"credit":"Cr"},
            {"type":"image","image":{"src":"/media/a.jpg","alt":"A","width":-1,"height":20}},
            {"type":"video","provider":"youtube","id":"abc","title":"T","duration_s":90},
            {"type":"video","sources":[{"src":"/media/v.mp4","mime":"video/mp4"}],"poster":{"src":"/p.jpg","alt":"","width":1,"height":1},"title":"T"},
            {"type":"video","provider":"dailymotion","id":"abc","title":"T"},
            {"type":"video","sources":null,"title":"T"},
            {"type":"heading","level":null,"content":[]},
            {"type":"newsletter","list":"daily"},
            {"type":"subscribe"},
            {"type":"divider","extra":{"nested":[1,2,3]}},
            {"type":"paragraph","content":[{"text":"x"}],"level":"ignored"},
            {"type":"hologram","beam":3},
            {"content":[{"text":"no type"}]},
            {"type":5},
            42, "text", null, true, [1,2]
        ]"#;
        let value: serde_json::Value = serde_json::from_str(cases).unwrap();
        let reference: Vec<BodyBlock> = serde_json::from_value(value.clone()).unwrap();
        let ours: Vec<BodyBlock> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| decode_block(v.clone().into_deserializer()).unwrap())
            .collect();
        for (i, (a, b)) in ours.iter().zip(&reference).enumerate() {
            assert_eq!(a, b, "block {i}");
        }
        assert_eq!(ours.len(), reference.len());
        let known = ours
            .iter()
            .filter(|b| matches!(b, BodyBlock::Known(_)))
            .count();
        assert_eq!(known, 12, "the well-formed blocks are kept");
    }
}
