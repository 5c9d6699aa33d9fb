//! The wasm app's decoder for the delivery format.
//!
//! Natively the model is read with serde (its derives stream JSON into the
//! types, as the compiler, the prerenderer and the server need). The app
//! in the browser reads the value tree the engine's own `JSON.parse` has
//! already built, and for that serde's machinery is heavy: derived visitors
//! for every type, `deserialize_any` dispatch, and float formatting for its
//! error messages came to about 60 KB of the wasm. [`FromJson`] reads the
//! same types from any [`JsonValue`] with a few small generic functions and
//! one line per field.
//!
//! It follows the contract exactly as serde does: unknown fields are
//! ignored, fields with a serde default may be missing, an `Option` field
//! may be missing or null, and a body block of an unknown type, or with a
//! malformed field of its own type, is kept as [`BodyBlock::Skipped`]
//! instead of failing the story. The tests hold it equal to serde on the
//! same inputs, read from `serde_json::Value`; the app implements
//! [`JsonValue`] for the browser's values.

use crate::block::{
    Block, BlockKind, BodyBlock, Image, ImageSource, Span, SrcsetEntry, Video, VideoProvider,
    VideoSource,
};
use crate::feed::{
    About, Article, Author, Front, FrontSection, SectionPage, Source, Teaser, Translation,
};
use crate::live::{KeyEvent, Live, LiveEntry, LiveStatus};
use crate::site::{Edition, Encoding, Newsletter, NewsletterList, Section, Site, Subscribe};
use crate::strings::Ui;
use std::fmt;

/// A parsed JSON value, as [`FromJson`] reads it.
pub trait JsonValue: Sized {
    /// The member `key` of an object; `None` if this is not an object or
    /// has no such member of its own.
    fn member(&self, key: &str) -> Option<Self>;
    /// The length of an array; `None` if this is not an array.
    fn array_len(&self) -> Option<u32>;
    /// Element `i` of an array (`i` below its length).
    fn element(&self, i: u32) -> Self;
    /// The text of a string.
    fn string(&self) -> Option<String>;
    /// The value of a number.
    fn number(&self) -> Option<f64>;
    /// The value of `true` or `false`.
    fn boolean(&self) -> Option<bool>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool;
    /// Whether this is an object (not an array, not null).
    fn is_object(&self) -> bool;
}

/// Why a value could not be read: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The path to the value, as in `body[3].content`; empty for the root.
    pub path: String,
    /// What was wrong there.
    pub reason: &'static str,
}

impl DecodeError {
    fn new(reason: &'static str) -> Self {
        DecodeError {
            path: String::new(),
            reason,
        }
    }

    /// The same error, one member further from the root.
    fn in_member(self, key: &str) -> Self {
        self.under(key)
    }

    /// The same error, inside array element `i`.
    fn in_element(self, i: usize) -> Self {
        self.under(&["[", &i.to_string(), "]"].concat())
    }

    /// The path with `step` in front, joined by a dot unless what follows
    /// is empty or an array index.
    fn under(mut self, step: &str) -> Self {
        let sep = if self.path.is_empty() || self.path.starts_with('[') {
            ""
        } else {
            "."
        };
        self.path = [step, sep, &self.path].concat();
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(self.reason)
        } else {
            write!(f, "{} at {}", self.reason, self.path)
        }
    }
}

impl std::error::Error for DecodeError {}

/// A type the app reads from a JSON value.
pub trait FromJson: Sized {
    /// Reads `v`, or says where and why it could not.
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError>;
}

impl FromJson for String {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        v.string().ok_or(DecodeError::new("expected a string"))
    }
}

impl FromJson for bool {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        v.boolean()
            .ok_or(DecodeError::new("expected true or false"))
    }
}

/// A whole number from 0 to `max`.
fn whole<V: JsonValue>(v: &V, max: u32) -> Result<u32, DecodeError> {
    let n = v.number().ok_or(DecodeError::new("expected a number"))?;
    let i = n as u32;
    if i as f64 == n && i <= max {
        Ok(i)
    } else {
        Err(DecodeError::new("expected a whole number in range"))
    }
}

impl FromJson for u32 {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        whole(v, u32::MAX)
    }
}

impl FromJson for u8 {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        whole(v, u8::MAX as u32).map(|n| n as u8)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    #[inline(never)]
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        let len = v.array_len().ok_or(DecodeError::new("expected an array"))?;
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            out.push(T::from_json(&v.element(i)).map_err(|e| e.in_element(i as usize))?);
        }
        Ok(out)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        if v.is_null() {
            Ok(None)
        } else {
            T::from_json(v).map(Some)
        }
    }
}

/// Reads the members of one object. A member that fails leaves its
/// field at its default and the first failure is kept; the caller then
/// drops the half-built value once. (Returning at the first failure
/// instead would need code to drop every field read before it, for every
/// field: that was most of this decoder's weight in the wasm.)
struct Members<'a, V> {
    v: &'a V,
    error: Option<DecodeError>,
}

impl<'a, V: JsonValue> Members<'a, V> {
    fn of(v: &'a V) -> Result<Self, DecodeError> {
        if v.is_object() {
            Ok(Members { v, error: None })
        } else {
            Err(DecodeError::new("expected an object"))
        }
    }

    /// The member `key`; when it is missing and `required`, the failure is
    /// kept. Not generic: one copy for every field.
    #[inline(never)]
    fn member(&mut self, key: &str, required: bool) -> Option<V> {
        if self.error.is_some() {
            return None;
        }
        let m = self.v.member(key);
        if m.is_none() && required {
            self.fail(DecodeError::new("missing field"), key);
        }
        m
    }

    #[inline(never)]
    fn fail(&mut self, e: DecodeError, key: &str) {
        self.error = Some(e.in_member(key));
    }

    // One copy per field type, not one per field.
    #[inline(never)]
    fn read<T: FromJson + Default>(&mut self, key: &str, required: bool) -> T {
        if let Some(m) = self.member(key, required) {
            match T::from_json(&m) {
                Ok(value) => return value,
                Err(e) => self.fail(e, key),
            }
        }
        T::default()
    }

    /// A member the type cannot do without.
    fn required<T: FromJson + Default>(&mut self, key: &str) -> T {
        self.read(key, true)
    }

    /// A member that may be missing (serde's `default`, or an `Option`).
    fn or_default<T: FromJson + Default>(&mut self, key: &str) -> T {
        self.read(key, false)
    }

    /// The app never reads the build-time `app` settings of `site.json`
    /// (icons, manifest), nor a live story's counts of entries and pages
    /// (it follows `newer` and `older`): they are left at their defaults.
    fn not_read<T: Default>(&mut self, _: &str) -> T {
        T::default()
    }

    /// `value`, unless a member failed.
    fn finish<T>(self, value: T) -> Result<T, DecodeError> {
        match self.error {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }
}

/// `FromJson` for a struct: each field `required` or `or_default`, as its
/// serde attributes say.
macro_rules! from_json_struct {
    ($ty:ident { $($field:ident: $how:ident),* $(,)? }) => {
        impl FromJson for $ty {
            // One copy per type, however many places read it.
            #[inline(never)]
            fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
                let mut m = Members::of(v)?;
                let value = $ty { $($field: m.$how(stringify!($field)),)* };
                m.finish(value)
            }
        }
    };
}

from_json_struct!(Author {
    name: required,
    url: or_default
});
from_json_struct!(Source {
    name: required,
    url: required
});
from_json_struct!(Article {
    slug: required,
    url: required,
    kicker: required,
    section: required,
    editions: required,
    headline: required,
    standfirst: required,
    summary: required,
    authors: required,
    published: required,
    updated: or_default,
    hero: or_default,
    body: required,
    sources: or_default,
    tags: or_default,
    topics: not_read,
    reading_minutes: required,
    related: or_default,
    more: or_default,
    live: or_default,
    translations: or_default,
});
from_json_struct!(Translation {
    locale: required,
    url: required,
    name: required,
});
from_json_struct!(Live {
    version: or_default,
    status: required,
    entries: required,
    pinned_entry: or_default,
    key_events: or_default,
    last_updated: required,
    total: not_read,
    page: or_default,
    pages: not_read,
    newer: or_default,
    older: or_default,
});
from_json_struct!(LiveEntry {
    id: required,
    posted: required,
    updated: or_default,
    title: or_default,
    key_event: or_default,
    pinned: or_default,
    body: required,
});
from_json_struct!(KeyEvent {
    id: required,
    title: required,
    posted: required,
    url: required,
});

impl FromJson for LiveStatus {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        match v.string().as_deref() {
            Some("live") => Ok(LiveStatus::Live),
            Some("ended") => Ok(LiveStatus::Ended),
            _ => Err(DecodeError::new("expected \"live\" or \"ended\"")),
        }
    }
}
from_json_struct!(Teaser {
    slug: required,
    url: required,
    kicker: required,
    section: required,
    headline: required,
    summary: required,
    authors: required,
    editions: required,
    published: required,
    image: or_default,
    live: or_default,
});
from_json_struct!(Front {
    edition: required,
    lead: required,
    top: required,
    sections: required
});
from_json_struct!(FrontSection {
    section: required,
    teasers: required
});
from_json_struct!(SectionPage {
    section: required,
    page: required,
    pages: required,
    teasers: required,
    about: or_default,
});
from_json_struct!(About {
    name: required,
    summary: or_default,
    role: not_read,
    image: not_read,
    links: not_read,
    body: or_default,
});
from_json_struct!(Edition {
    id: required,
    name: required,
    locale: required
});
from_json_struct!(Section {
    id: required,
    name: required,
    description: or_default
});
from_json_struct!(Newsletter {
    endpoint: required,
    encoding: or_default,
    lists: required,
    privacy: or_default,
    privacy_url: or_default,
});
from_json_struct!(NewsletterList {
    id: required,
    name: required,
    description: or_default,
    frequency: or_default,
});
from_json_struct!(Subscribe {
    headline: required,
    text: required,
    url: required
});
from_json_struct!(Span {
    text: required,
    strong: or_default,
    em: or_default,
    href: or_default
});
from_json_struct!(Image {
    src: required,
    alt: required,
    width: required,
    height: required,
    srcset: or_default,
    sources: or_default,
    placeholder: or_default
});
from_json_struct!(ImageSource {
    mime: required,
    srcset: required
});
from_json_struct!(SrcsetEntry {
    src: required,
    width: required
});
from_json_struct!(VideoSource {
    src: required,
    mime: required
});

from_json_struct!(Site {
    name: required,
    tagline: required,
    base_url: required,
    default_edition: required,
    editions: required,
    sections: required,
    newsletter: required,
    subscribe: required,
    locale: or_default,
    ui: or_default,
    app: not_read,
});
from_json_struct!(Ui {
    dir: or_default,
    digits: or_default,
    plural: or_default,
    text: or_default,
    plurals: or_default,
});

/// One of `names`, by its position.
fn one_of<V: JsonValue>(v: &V, names: &[&str]) -> Result<usize, DecodeError> {
    let s = String::from_json(v)?;
    names
        .iter()
        .position(|n| *n == s)
        .ok_or(DecodeError::new("unknown variant"))
}

impl FromJson for Encoding {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        Ok([Encoding::Json, Encoding::Form][one_of(v, &["json", "form"])?])
    }
}

impl FromJson for VideoProvider {
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        Ok([VideoProvider::Youtube, VideoProvider::Vimeo][one_of(v, &["youtube", "vimeo"])?])
    }
}

impl FromJson for BodyBlock {
    /// Never fails: anything that is not a well-formed block of a known
    /// type is a skipped block (with its `type`, when it has one).
    fn from_json<V: JsonValue>(v: &V) -> Result<Self, DecodeError> {
        let kind: Option<String> = v.member("type").and_then(|t| t.string());
        let Some(kind) = kind.filter(|_| v.is_object()) else {
            return Ok(BodyBlock::Skipped(String::new()));
        };
        // Only the fields of the block's own type are read: one missing or
        // malformed skips the block, and the others are ignored, as serde's
        // tagged decoder does.
        let Some(known) = BlockKind::from_name(&kind) else {
            return Ok(BodyBlock::Skipped(kind));
        };
        let mut m = Members::of(v)?;
        // No catch-all arm: a kind added to the model's list fails to
        // compile here until the app can read it.
        let block = match known {
            BlockKind::Paragraph => Block::Paragraph {
                content: m.required("content"),
            },
            BlockKind::Heading => Block::Heading {
                level: m.required("level"),
                content: m.required("content"),
            },
            BlockKind::Quote => Block::Quote {
                content: m.required("content"),
                cite: m.or_default("cite"),
                cite_url: m.or_default("cite_url"),
            },
            BlockKind::Pullquote => Block::Pullquote {
                text: m.required("text"),
                attribution: m.or_default("attribution"),
            },
            BlockKind::List => Block::List {
                ordered: m.required("ordered"),
                items: m.required("items"),
            },
            BlockKind::Image => Block::Image {
                image: m.required("image"),
                caption: m.or_default("caption"),
                credit: m.or_default("credit"),
            },
            BlockKind::Video => Block::Video(Video {
                sources: m.or_default("sources"),
                poster: m.or_default("poster"),
                provider: m.or_default("provider"),
                id: m.or_default("id"),
                title: m.required("title"),
                caption: m.or_default("caption"),
                credit: m.or_default("credit"),
                duration_s: m.or_default("duration_s"),
            }),
            BlockKind::Newsletter => Block::Newsletter {
                list: m.required("list"),
            },
            BlockKind::Subscribe => Block::Subscribe,
            BlockKind::Divider => Block::Divider,
        };
        Ok(match m.finish(block) {
            Ok(b) => BodyBlock::Known(b),
            Err(_) => BodyBlock::Skipped(kind),
        })
    }
}

impl JsonValue for serde_json::Value {
    fn member(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).cloned()
    }
    fn array_len(&self) -> Option<u32> {
        self.as_array().map(|a| a.len() as u32)
    }
    fn element(&self, i: u32) -> Self {
        self.as_array()
            .and_then(|a| a.get(i as usize))
            .cloned()
            .unwrap_or_default()
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_null(&self) -> bool {
        self.is_null()
    }
    fn is_object(&self) -> bool {
        self.is_object()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Reads `json` both ways: serde's derives and `FromJson` over the
    /// same value tree.
    fn both<T: FromJson + DeserializeOwned>(json: &str) -> (Result<T, DecodeError>, Option<T>) {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        (T::from_json(&value), serde_json::from_value(value).ok())
    }

    /// `json` read by `FromJson`, which must succeed and equal serde's read.
    fn agree<T: FromJson + DeserializeOwned + PartialEq + fmt::Debug>(json: &str) -> T {
        let (ours, reference) = both::<T>(json);
        let ours = ours.unwrap();
        assert_eq!(Some(&ours), reference.as_ref());
        ours
    }

    #[test]
    fn live_coverage_agrees_with_serde_but_for_its_counts() {
        let json = r#"{"version":"ab12","status":"live",
            "entries":[{"id":"a","posted":"2026-12-03T21:40:00Z","updated":"2026-12-03T21:50:00Z","title":"T","key_event":true,
                        "body":[{"type":"paragraph","content":[{"text":"x"}]},{"type":"carousel"}]}],
            "pinned_entry":{"id":"p","posted":"2026-12-03T21:00:00Z","pinned":true,"body":[]},
            "key_events":[{"id":"a","title":"T","posted":"2026-12-03T21:40:00Z","url":"/x/y#a"}],
            "last_updated":"2026-12-03T21:50:00Z","total":2,"pages":3,"page":1,"newer":"/x/y","older":null}"#;
        let (ours, reference) = both::<crate::Live>(json);
        let mut reference = reference.unwrap();
        (reference.total, reference.pages) = (0, 0);
        assert_eq!(ours.unwrap(), reference);
        let (bad, _) =
            both::<crate::Live>(r#"{"status":"paused","entries":[],"last_updated":"x"}"#);
        assert_eq!(bad.unwrap_err().path, "status");
    }

    #[test]
    fn blocks_agree_with_serde() {
        let cases = r#"[
            {"type":"paragraph","content":[{"text":"Hi","em":true},{"text":"there","href":"https://example.com"}]},
            {"type":"heading","level":3,"content":[{"text":"H"}]},
            {"type":"heading","level":"two","content":[]},
            {"type":"heading","level":300,"content":[]},
            {"type":"heading","content":[]},
            {"type":"quote","content":[{"text":"Q"}],"cite":"A source","cite_url":"https://example.org"},
            {"type":"quote","content":[{"text":"Q"}],"cite":7},
            {"type":"quote","content":[{"text":"Q"}],"cite":null},
            {"type":"pullquote","text":"P"},
            {"type":"list","ordered":true,"items":[[{"text":"a"}],[{"text":"b","strong":true}]]},
            {"type":"list","ordered":"yes","items":[]},
            {"type":"list","ordered":false,"items":[[{"text":"a"}],[{"strong":true}]]},
            {"type":"image","image":{"src":"/media/a.jpg","alt":"A","width":10,"height":20,"srcset":[{"src":"/media/a-5.jpg","width":5}]},"caption":[{"text":"C"}],"credit":"Cr"},
            {"type":"image","image":{"src":"/media/a.jpg","alt":"A","width":-1,"height":20}},
            {"type":"video","provider":"youtube","id":"abc","title":"T","duration_s":90},
            {"type":"video","sources":[{"src":"/media/v.mp4","mime":"video/mp4"}],"poster":{"src":"/p.jpg","alt":"","width":1,"height":1},"title":"T"},
            {"type":"video","provider":"dailymotion","id":"abc","title":"T"},
            {"type":"video","sources":null,"title":"T"},
            {"type":"heading","level":null,"content":[]},
            {"type":"newsletter","list":"daily"},
            {"type":"newsletter"},
            {"type":"subscribe"},
            {"type":"divider","extra":{"nested":[1,2,3]}},
            {"type":"paragraph","content":[{"text":"x"}],"level":"ignored"},
            {"type":"hologram","beam":3},
            {"content":[{"text":"no type"}]},
            {"type":5},
            42, "text", null, true, [1,2]
        ]"#;
        let (ours, reference) = both::<Vec<BodyBlock>>(cases);
        let (ours, reference) = (ours.unwrap(), reference.unwrap());
        assert_eq!(ours.len(), 32);
        for (i, (a, b)) in ours.iter().zip(&reference).enumerate() {
            assert_eq!(a, b, "block {i}");
        }
        let known = ours
            .iter()
            .filter(|b| matches!(b, BodyBlock::Known(_)))
            .count();
        assert_eq!(known, 13, "the well-formed blocks are kept");
        assert_eq!(ours[2], BodyBlock::Skipped("heading".into()));
        assert_eq!(ours[26], BodyBlock::Skipped(String::new()));
    }

    #[test]
    fn the_fixtures_read_the_same_both_ways() {
        let (site, reference) = both::<Site>(include_str!("../../../tests/fixtures/site.json"));
        let mut reference = reference.unwrap();
        reference.app = Default::default();
        assert_eq!(site.unwrap(), reference);
        let (story, reference) =
            both::<Article>(include_str!("../../../tests/fixtures/every-block.json"));
        let story = story.unwrap();
        assert_eq!(Some(&story), reference.as_ref());
        assert!(
            story
                .body
                .iter()
                .filter(|b| matches!(b, BodyBlock::Known(_)))
                .count()
                >= 8
        );
    }

    /// The JSON pointer of every member of every object in `v`.
    fn member_pointers(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(members) => {
                for (key, child) in members {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    let path = format!("{at}/{escaped}");
                    out.push(path.clone());
                    member_pointers(child, &path, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    member_pointers(child, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// `json` with the member at `pointer` removed.
    fn without(json: &serde_json::Value, pointer: &str) -> serde_json::Value {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let mut out = json.clone();
        let removed = out
            .pointer_mut(parent)
            .and_then(|p| p.as_object_mut())
            .and_then(|o| o.remove(&key));
        assert!(removed.is_some(), "{pointer} is a member");
        out
    }

    /// Removes each member of `fixture`, one at a time, and requires
    /// `FromJson` and serde to agree on whether the rest decodes and to
    /// what; `normalise` clears what only serde reads. Returns how many
    /// removals failed to decode (so that a fixture with no required
    /// member is noticed).
    fn each_member_removed<T>(fixture: &str, normalise: fn(&mut T)) -> (usize, usize)
    where
        T: FromJson + DeserializeOwned + PartialEq + fmt::Debug,
    {
        let json: serde_json::Value = serde_json::from_str(fixture).unwrap();
        let mut pointers = Vec::new();
        member_pointers(&json, "", &mut pointers);
        let mut refused = 0;
        for pointer in &pointers {
            let value = without(&json, pointer);
            let ours = T::from_json(&value).ok();
            let mut reference = serde_json::from_value::<T>(value).ok();
            if let Some(r) = reference.as_mut() {
                normalise(r);
            }
            assert_eq!(ours, reference, "without {pointer}");
            refused += usize::from(ours.is_none());
        }
        (pointers.len(), refused)
    }

    #[test]
    fn each_member_of_each_fixture_is_required_or_defaulted_alike() {
        let site =
            each_member_removed::<Site>(include_str!("../../../tests/fixtures/site.json"), |s| {
                s.app = Default::default()
            });
        let story = each_member_removed::<Article>(
            include_str!("../../../tests/fixtures/every-block.json"),
            |_| {},
        );
        let front = each_member_removed::<Front>(
            include_str!("../../../tests/fixtures/front.json"),
            |_| {},
        );
        let section = each_member_removed::<SectionPage>(
            include_str!("../../../tests/fixtures/section-page.json"),
            |_| {},
        );
        for (name, (members, refused)) in [
            ("site", site),
            ("story", story),
            ("front", front),
            ("section", section),
        ] {
            assert!(members > 20, "{name}: {members} members");
            assert!(
                refused > 0 && refused < members,
                "{name}: some members are required, some are not ({refused} of {members})"
            );
        }
    }

    #[test]
    fn feeds_and_defaults_read_the_same_both_ways() {
        let teaser = r#"{"slug":"s","url":"/world/s","kicker":"K","section":"world","headline":"H",
            "summary":"S","authors":[{"name":"A"},{"name":"B","url":"/authors/b"}],
            "editions":["us"],"published":"2026-01-02T03:04:05Z","extra":true}"#;
        let front = format!(
            r#"{{"edition":"us","lead":{teaser},"top":[{teaser}],"sections":[{{"section":"world","teasers":[{teaser}]}}]}}"#
        );
        agree::<Front>(&front);
        agree::<SectionPage>(&format!(
            r#"{{"section":"world","page":2,"pages":3,"teasers":[{teaser}]}}"#
        ));
        let newsletter = agree::<Newsletter>(
            r#"{"endpoint":"/api/signup","lists":[{"id":"daily","name":"Daily"}]}"#,
        );
        assert_eq!(newsletter.encoding, Encoding::Json);
        let form = agree::<Newsletter>(r#"{"endpoint":"/e","encoding":"form","lists":[]}"#);
        assert_eq!(form.encoding, Encoding::Form);
    }

    #[test]
    fn errors_say_where_and_why() {
        let err = |json: &str| both::<Article>(json);
        let (ours, reference) = err(r#"{"slug":3}"#);
        assert!(reference.is_none());
        let e = ours.unwrap_err();
        assert_eq!((e.path.as_str(), e.reason), ("slug", "expected a string"));
        assert_eq!(e.to_string(), "expected a string at slug");

        let story: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/every-block.json")).unwrap();
        let mut broken = story.clone();
        broken["authors"][0] = serde_json::json!({"url": "/x"});
        let e = Article::from_json(&broken).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.reason),
            ("authors[0].name", "missing field")
        );
        assert!(serde_json::from_value::<Article>(broken).is_err());

        let mut broken = story.clone();
        broken["related"] = serde_json::json!([{"slug": "s"}, 7]);
        let e = Article::from_json(&broken).unwrap_err();
        assert_eq!(e.path, "related[0].url");
        let mut broken = story;
        broken["reading_minutes"] = serde_json::json!(-2);
        let e = Article::from_json(&broken).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.reason),
            ("reading_minutes", "expected a whole number in range")
        );

        let e = Site::from_json(&serde_json::json!([1, 2])).unwrap_err();
        assert_eq!((e.path.as_str(), e.reason), ("", "expected an object"));
        assert_eq!(e.to_string(), "expected an object");
        let e = Vec::<Edition>::from_json(
            &serde_json::json!([{"id":"us","name":"US","locale":"en-US"},{"id":"uk"}]),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "missing field at [1].name");
        let e = Encoding::from_json(&serde_json::json!("xml")).unwrap_err();
        assert_eq!(e.reason, "unknown variant");
    }
}
