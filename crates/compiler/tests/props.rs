//! Property tests: arbitrary JSON and strings never make the validator, the
//! converter or the Markdown parser panic. Bounded to keep `cargo test` fast.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use standfirst_content::build::write_site;
use standfirst_content::markdown::parse_inline;
use standfirst_content::validate::INTERNAL;

const KEYS: &[&str] = &[
    "slug",
    "kicker",
    "section",
    "editions",
    "headline",
    "standfirst",
    "summary",
    "authors",
    "name",
    "url",
    "published",
    "updated",
    "hero",
    "body",
    "type",
    "content",
    "level",
    "items",
    "ordered",
    "image",
    "src",
    "alt",
    "width",
    "height",
    "srcset",
    "sources",
    "mime",
    "poster",
    "provider",
    "id",
    "title",
    "list",
    "tags",
    "related",
    "caption",
    "cite_url",
    "duration_s",
    "lists",
    "subscribe",
    "newsletter",
    "base_url",
    "default_edition",
    "sections",
];
const WORDS: &[&str] = &[
    "paragraph",
    "heading",
    "image",
    "video",
    "list",
    "quote",
    "youtube",
    "us",
    "world",
    "daily",
    "javascript:alert(1)",
    "/media/x.jpg",
    "2026-11-20T09:30:00Z",
    "the-long-thaw",
    "",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u32>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(WORDS).prop_map(|s| json!(s)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Every JSON pointer into a value.
fn pointers(v: &Value, base: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, c)| pointers(c, format!("{base}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{base}/{i}"), out)),
        _ => {}
    }
    out.push(base);
}

const MD_PIECES: &[&str] = &[
    "*",
    "**",
    "_",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "<",
    ">",
    "`",
    "#",
    "\n",
    " ",
    "  ",
    "&amp;",
    "a",
    "é",
    "!",
    "-",
    "1.",
    "    ",
    "https://x.y",
    "javascript:",
    ">",
    "\"",
    "\t",
    "\r",
    "|",
    "~",
    "![",
    "]:",
    "\u{0}",
    "&#106;",
    "🙂",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(MD_PIECES), 0..40).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

/// 256 cases (fast enough for every `cargo test`); `PROPTEST_CASES=N` for a
/// deeper run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // Integration tests have no lib.rs beside them to persist next to.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_json_as_an_article_or_site_never_panics(v in json_value()) {
        let mut a = archive();
        *a.article_mut(MAIN) = v.clone();
        let _ = a.problems();
        let mut a = archive();
        a.site = v;
        let _ = a.problems();
    }

    #[test]
    fn mutating_any_part_of_site_json_never_panics_and_types_agree(seed in any::<prop::sample::Index>(), v in json_value()) {
        let mut a = archive();
        let mut ptrs = Vec::new();
        pointers(&a.site, String::new(), &mut ptrs);
        let ptr = seed.get(&ptrs).clone();
        if let Some(slot) = a.site.pointer_mut(&ptr) {
            *slot = v;
        }
        for p in a.problems() {
            prop_assert!(!p.reason.starts_with(INTERNAL), "{}", p);
        }
    }

    #[test]
    fn mutating_any_field_of_a_valid_article_never_panics(seed in any::<prop::sample::Index>(), v in json_value()) {
        let mut a = archive();
        let main = a.article_mut(MAIN);
        let mut ptrs = Vec::new();
        pointers(main, String::new(), &mut ptrs);
        let ptr = seed.get(&ptrs).clone();
        if let Some(slot) = main.pointer_mut(&ptr) {
            *slot = v;
        }
        // Valid or not, nothing panics; what the checks accept, the types
        // accept too; and then it builds.
        match a.validate() {
            Ok(valid) => {
                let dir = tempfile::tempdir().unwrap();
                write_site(&valid, dir.path()).unwrap();
            }
            Err(problems) => {
                for p in problems {
                    prop_assert!(!p.reason.starts_with(INTERNAL), "{}", p);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_in_markdown_fields_never_panics(src in markdownish()) {
        let mut a = archive();
        a.article_mut(MAIN)["body"][0]["content"] = json!(src);
        a.article_mut(MAIN)["headline"] = json!(src);
        if let Ok(valid) = a.validate() {
            let dir = tempfile::tempdir().unwrap();
            write_site(&valid, dir.path()).unwrap();
        }
    }

    #[test]
    fn markdown_spans_are_merged_non_empty_and_link_only_to_parsed_links(src in markdownish()) {
        let parsed = parse_inline(&src);
        for s in &parsed.spans {
            prop_assert!(!s.text.is_empty());
            if let Some(h) = &s.href {
                prop_assert!(parsed.links.contains(h));
            }
        }
        for w in parsed.spans.windows(2) {
            prop_assert!((w[0].strong, w[0].em, &w[0].href) != (w[1].strong, w[1].em, &w[1].href));
        }
    }

    #[test]
    fn text_without_markup_characters_is_kept_exactly(
        src in markdownish().prop_map(|s| s.replace(['*', '[', ']', '\\'], ""))
    ) {
        let text = standfirst_model::spans_text(&parse_inline(&src).spans);
        prop_assert_eq!(text, src);
    }
}
