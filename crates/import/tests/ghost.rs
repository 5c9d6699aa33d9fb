//! `import ghost` on an export assembled in Ghost's format (db[0].data,
//! lexical cards, link tables) for these tests.

mod common;

use common::{article, block_types};
use standfirst_content::load::load;
use standfirst_content::validate::validate;
use standfirst_import::{ghost, Options};
use std::fs;
use std::path::PathBuf;

fn fixture() -> PathBuf {
    common::fixture("ghost/tide-office.json")
}

#[test]
fn lexical_cards_map_to_blocks_and_pass_check() {
    let tmp = tempfile::tempdir().unwrap();
    let r = ghost::import(&fixture(), Options::new(tmp.path())).unwrap();
    assert_eq!(r.imported, 2, "{}", r.summary());
    assert!(validate(load(tmp.path())).is_ok());
    let a = article(tmp.path(), "tide-tables-rewritten");
    assert_eq!(a["authors"][0]["name"], "Ines Harbour");
    assert_eq!(a["authors"][1]["name"], "Tom Wake");
    assert_eq!(a["section"], "coast");
    assert_eq!(a["tags"], serde_json::json!(["coast", "tides"]));
    assert_eq!(a["standfirst"], "The new tables start on Monday.");
    assert_eq!(a["published"], "2026-02-01T09:00:00Z");
    // The feature image has no size in the export: no hero, and a note.
    assert!(a.get("hero").is_none());
    let kinds = block_types(&a);
    assert_eq!(
        kinds,
        [
            "paragraph",
            "heading",
            "heading",
            "quote",
            "pullquote",
            "list",
            "list",
            "image",
            "paragraph",
            "divider",
            "video",
            "video",
            "paragraph",
            "video",
            "newsletter",
            "paragraph",
            "paragraph",
            "paragraph",
            "paragraph"
        ]
    );
    let b = &a["body"];
    assert_eq!(b[0]["content"], "The tide table was *rewritten* this week, and **every boat** must follow it, [the office says](https://tides.example.org/table).");
    assert_eq!(b[2]["level"], 4);
    assert_eq!(
        b[7]["image"]["src"],
        "/content/images/2026/02/tide-board.jpg"
    );
    assert_eq!(b[7]["caption"], "The board at *low* water");
    assert_eq!(b[10]["provider"], "youtube");
    assert_eq!(b[11]["provider"], "vimeo");
    assert_eq!(
        b[13]["sources"][0]["src"],
        "/content/media/2026/02/harbour.mp4"
    );
    assert_eq!(b[14]["list"], "newsletter");
    assert_eq!(
        b[18]["content"],
        r"Use \*stars\* and \[brackets\] literally."
    );
}

#[test]
fn mobiledoc_posts_use_their_html_and_the_report_accounts_for_every_post() {
    let tmp = tempfile::tempdir().unwrap();
    let r = ghost::import(&fixture(), Options::new(tmp.path())).unwrap();
    let a = article(tmp.path(), "old-mobiledoc-post");
    let kinds = block_types(&a);
    assert_eq!(kinds, ["paragraph", "image", "pullquote", "newsletter"]);
    assert_eq!(a["body"][1]["image"]["width"], 800);
    assert_eq!(a["section"], "api-section");
    let skipped: Vec<(&str, u64)> = r
        .skipped_posts
        .iter()
        .map(|s| (s.id.as_str(), s.line))
        .collect();
    assert_eq!(skipped, [("p3", 3), ("p6", 6), ("p7", 7)]);
    assert!(r.skipped_posts[0].reason.contains("members only"));
    assert!(r.skipped_posts[2].reason.contains("lexical"));
    assert_eq!(r.not_posts.get("page"), Some(&1));
    assert_eq!(r.not_posts.get("draft"), Some(&1));
    assert_eq!(r.blocks_dropped.get("ghost card product"), Some(&1));
    assert!(r.words.coverage_percent >= 95.0, "{:?}", r.words);
}

#[test]
fn not_json_is_a_located_error() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("export.json");
    fs::write(&f, "{\n \"db\": [\n").unwrap();
    let r = ghost::import(&f, Options::new(tmp.path().join("out"))).unwrap();
    assert_eq!(r.imported, 0);
    assert!(r.errors[0].contains("export.json:3:"), "{:?}", r.errors);
}
