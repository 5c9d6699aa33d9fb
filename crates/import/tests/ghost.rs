//! `import ghost` on an export assembled in Ghost's format (db[0].data,
//! lexical cards, link tables) for these tests.

mod common;

use common::{all_files, article, assert_no_email, author, author_ids, block_types, jpeg};
use serde_json::json;
use standfirst_content::build::build;
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
    // In `posts_authors` order.
    assert_eq!(
        a["authors"],
        json!([{ "id": "ines" }, { "id": "tom-wake" }])
    );
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

#[test]
fn staff_with_imported_posts_become_author_files_with_allowed_links() {
    let tmp = tempfile::tempdir().unwrap();
    let r = ghost::import(&fixture(), Options::new(tmp.path())).unwrap();
    assert!(validate(load(tmp.path())).is_ok());
    // Ava's only post is for members (skipped); Rob wrote none.
    assert_eq!(author_ids(tmp.path()), ["ines", "tom-wake"]);
    assert_eq!(
        article(tmp.path(), "old-mobiledoc-post")["authors"],
        json!([{ "id": "tom-wake" }])
    );
    // The bio as inline Markdown that reads as written, without the
    // address; the handles as addresses; no picture without its file.
    assert_eq!(
        author(tmp.path(), "ines"),
        json!({
            "id": "ines",
            "name": "Ines Harbour",
            "bio": r"Reads the \*tide\* tables \[daily\] since 2010. Tips:",
            "links": [
                { "name": "Website", "url": "https://ines.example.org/" },
                { "name": "X", "url": "https://x.com/ines_h" },
                { "name": "Facebook", "url": "https://www.facebook.com/ines.harbour" }
            ]
        })
    );
    // A javascript: website and a handle that is not one are left out.
    assert_eq!(
        author(tmp.path(), "tom-wake"),
        json!({
            "id": "tom-wake",
            "name": "Tom Wake",
            "links": [{ "name": "Facebook", "url": "https://www.facebook.com/tomwake" }]
        })
    );
    assert_no_email(tmp.path(), &["@tide-office.example"]);
    let tom = &r.authors[1];
    assert_eq!(
        (tom.id.as_str(), tom.from.as_str(), tom.posts),
        ("tom-wake", "Tom.Wake", 2)
    );
    assert!(
        tom.notes
            .iter()
            .any(|n| n.contains("website \"javascript:alert(1)\" left out")),
        "{:?}",
        tom.notes
    );
    assert!(
        tom.notes.iter().any(|n| n.contains("twitter")),
        "{:?}",
        tom.notes
    );
    // Without the uploads folder, the pictures' files are not there.
    assert_eq!(
        r.authors[0].missing_image.as_deref(),
        Some("/content/images/2026/01/ines.jpg")
    );
    assert_eq!(
        tom.missing_image.as_deref(),
        Some("https://tide.example.org/content/images/tom.jpg")
    );
    assert!(
        r.summary().contains("author ines: profile image left out"),
        "{}",
        r.summary()
    );
    assert!(r
        .renamed
        .iter()
        .any(|x| x.what == "author" && x.from == "Tom.Wake" && x.to == "tom-wake" && x.line == 2));
    // Again: the same bytes.
    let first = all_files(tmp.path());
    ghost::import(&fixture(), Options::new(tmp.path())).unwrap();
    assert_eq!(first, all_files(tmp.path()));
}

#[test]
fn profile_pictures_come_from_the_uploads_folder_and_the_build_makes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let images = tmp.path().join("images");
    fs::create_dir_all(images.join("2026/01")).unwrap();
    fs::write(images.join("2026/01/ines.jpg"), jpeg(240, 300)).unwrap();
    let out = tmp.path().join("content");
    let mut opts = Options::new(&out);
    opts.media = Some(images);
    let r = ghost::import(&fixture(), opts).unwrap();
    assert_eq!(
        author(&out, "ines")["image"],
        json!({ "src": "/media/2026-01-ines.jpg", "alt": "Ines Harbour" })
    );
    assert_eq!(r.authors[0].missing_image, None);
    // Tom's picture is not in the folder: left out, and listed.
    assert!(author(&out, "tom-wake").get("image").is_none());
    assert_eq!(
        r.authors[1].missing_image.as_deref(),
        Some("https://tide.example.org/content/images/tom.jpg")
    );
    let media = r.media.clone().unwrap();
    assert!(
        media.missing.iter().any(|u| u.ends_with("/tom.jpg")),
        "{media:?}"
    );
    assert!(validate(load(&out)).is_ok());
    let site = tmp.path().join("site");
    build(&out, &site).unwrap();
    // The author's page shows the picture the build made, its size read
    // from the file, and the site has its files.
    let page: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(site.join("api/v1/sections/author/ines/1.json")).unwrap(),
    )
    .unwrap();
    let img = &page["about"]["image"];
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(240), Some(300))
    );
    let src = img["src"].as_str().unwrap();
    assert!(src.starts_with("/media/2026-01-ines-"), "{src}");
    assert!(site.join(src.trim_start_matches('/')).is_file(), "{src}");
}
