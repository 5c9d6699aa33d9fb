//! `import wordpress` on exports written for these tests in WordPress's
//! format: every mapping, every skipped post, every malformed file.

mod common;

use common::{all_files, article, assert_no_email, author, author_ids, block_types, jpeg};
use serde_json::json;
use standfirst_content::build::build;
use standfirst_content::load::load;
use standfirst_content::validate::validate;
use standfirst_import::{wordpress, ImportError, ImportReport, Options};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    common::fixture(&format!("wordpress/{name}"))
}

fn import(name: &str, out: &Path) -> ImportReport {
    wordpress::import(&fixture(name), Options::new(out)).unwrap()
}

#[test]
fn block_and_classic_posts_map_to_blocks_and_pass_check() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("harbour-gazette.xml", tmp.path());
    assert_eq!(r.imported, 4, "{}", r.summary());
    assert!(validate(load(tmp.path())).is_ok());

    let a = article(tmp.path(), "night-ferry-returns");
    assert_eq!(a["headline"], "Night ferry returns to the quay");
    assert_eq!(
        a["standfirst"],
        "After three winters, the night ferry is back."
    );
    assert_eq!(a["authors"], json!([{ "id": "mtide" }]));
    assert_eq!(
        author(tmp.path(), "mtide"),
        json!({ "id": "mtide", "name": "Marta Tide" })
    );
    assert_eq!(a["published"], "2026-03-02T09:30:00Z");
    assert_eq!(a["updated"], "2026-03-02T11:00:00Z");
    assert_eq!(a["section"], "harbour");
    assert_eq!(a["kicker"], "Harbour");
    assert_eq!(a["tags"], serde_json::json!(["ferries"]));
    assert_eq!(a["hero"]["image"]["width"], 1200);
    assert_eq!(a["hero"]["credit"], "Marta Tide");
    let body = &a["body"];
    assert_eq!(
        body[0]["content"],
        "The night ferry *returned* on Monday after **three winters** away, [the operator said](https://ferries.example.net/timetable)."
    );
    assert_eq!(
        (body[1]["level"].as_u64(), body[2]["level"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(body[3]["cite"], "Ada Brenning, harbour master");
    assert_eq!(body[4]["type"], "pullquote");
    assert_eq!(body[4]["attribution"], "Marta Tide");
    assert_eq!(body[5]["items"].as_array().unwrap().len(), 3);
    assert_eq!(body[6]["ordered"], true);
    assert_eq!(body[7]["image"]["height"], 800);
    assert_eq!(body[7]["caption"], "The *Morning Star* at berth two");
    // Size from the attachment's metadata.
    assert_eq!(body[8]["image"]["width"], 640);
    // No size anywhere: a link, never an invented size.
    assert_eq!(
        body[9]["content"],
        "[A gull](https://elsewhere.example.org/unsized.jpg)"
    );
    assert_eq!(body[10]["sources"][0]["mime"], "video/webm");
    assert_eq!(
        (&body[11]["provider"], &body[11]["id"]),
        (&"youtube".into(), &"abcDEF12345".into())
    );
    assert_eq!(body[12]["provider"], "vimeo");
    assert!(body[13]["content"]
        .as_str()
        .unwrap()
        .contains("](https://social.example.com/@gazette/1)"));
    assert_eq!(body[14]["type"], "divider");
    let t = block_types(&a);
    assert_eq!(t.iter().filter(|t| *t == "image").count(), 4, "{t:?}");
    let last = body.as_array().unwrap().last().unwrap();
    assert_eq!(
        last["content"],
        r"Fares use \*stars\*, \[brackets\] and \(parentheses\) \\ as written."
    );

    let c = article(tmp.path(), "storm-closes-the-old-pier");
    assert_eq!(c["published"], "2026-03-03T08:00:00Z");
    // No display name: the first and last names.
    assert_eq!(c["authors"], json!([{ "id": "oskar" }]));
    assert_eq!(author(tmp.path(), "oskar")["name"], "Oskar Lind");
    assert_eq!(c["section"], "search-section");
    assert_eq!(
        c["standfirst"],
        "The old pier closed at dawn after the storm."
    );
    assert_eq!(
        block_types(&c),
        [
            "paragraph",
            "paragraph",
            "heading",
            "heading",
            "quote",
            "list",
            "list",
            "image",
            "image",
            "divider",
            "video",
            "paragraph",
            "image",
            "image",
            "paragraph"
        ]
    );
    assert_eq!(c["body"][7]["caption"], "Waves over the quay wall");
    assert_eq!(c["body"][8]["image"]["width"], 300);
    assert_eq!(
        c["body"][11]["content"],
        "A bad link and a [site link](/local/page)."
    );

    // A login the export does not describe: a name alone.
    assert_eq!(
        article(tmp.path(), "night-ferry-returns-2")["authors"],
        json!([{ "name": "nobody-known" }])
    );
    assert_eq!(author_ids(tmp.path()), ["mtide", "oskar"]);
    assert_no_email(tmp.path(), &["m@example.net", "o@example.net"]);
    assert_eq!(
        article(tmp.path(), "page-2")["published"],
        "2026-03-05T08:00:00Z"
    );
}

#[test]
fn the_report_accounts_for_every_item() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("harbour-gazette.xml", tmp.path());
    let reasons: Vec<(&str, u64)> = r
        .skipped_posts
        .iter()
        .map(|s| (s.reason.as_str(), s.line))
        .collect();
    assert_eq!(
        reasons,
        [
            ("the post has no title", 249),
            ("the post has no body text that could be imported", 257),
            ("the post is password-protected", 265),
        ]
    );
    let not_posts: Vec<(&str, usize)> = r.not_posts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        not_posts,
        [
            ("attachment", 2),
            ("draft", 1),
            ("nav_menu_item", 1),
            ("page", 1)
        ]
    );
    assert_eq!(r.refused_urls.len(), 1);
    assert_eq!(r.refused_urls[0].url, "javascript:alert(1)");
    assert_eq!(r.blocks_dropped.get("wp:latest-posts"), Some(&1));
    assert_eq!(r.blocks_kept_as_text.get("wp:table"), Some(&1));
    assert_eq!(
        r.blocks_kept_as_text.get("shortcode [contact-form]"),
        Some(&1)
    );
    let renamed: Vec<(&str, &str)> = r
        .renamed
        .iter()
        .map(|x| (x.from.as_str(), x.to.as_str()))
        .collect();
    assert!(renamed.contains(&("search", "search-section")));
    assert!(renamed.contains(&("night-ferry-returns", "night-ferry-returns-2")));
    assert!(renamed.contains(&("page", "page-2")));
    assert!(r.words.coverage_percent >= 95.0, "{:?}", r.words);
    assert!(r.errors.is_empty());
}

#[test]
fn drafts_import_with_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let mut o = Options::new(tmp.path());
    o.drafts = true;
    o.edition = "uk".into();
    o.kicker_from = vec!["ferries=Crossings".into()];
    let r = wordpress::import(&fixture("harbour-gazette.xml"), o).unwrap();
    assert_eq!(r.imported, 5);
    assert_eq!(
        article(tmp.path(), "unfinished-draft")["published"],
        "2026-03-06T08:00:00Z"
    );
    let a = article(tmp.path(), "night-ferry-returns");
    assert_eq!(a["kicker"], "Crossings");
    assert_eq!(a["editions"], serde_json::json!(["uk"]));
}

#[test]
fn reimporting_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    for fixture in ["harbour-gazette.xml", "authors.xml"] {
        let out = tmp.path().join(fixture);
        import(fixture, &out);
        let first = all_files(&out);
        assert!(first.iter().any(|(p, _)| p.starts_with("authors/")));
        assert!(first.iter().any(|(p, _)| p == ".standfirst-import"));
        import(fixture, &out);
        assert_eq!(first, all_files(&out), "{fixture}");
    }
}

#[test]
fn old_namespaces_and_missing_fields_are_tolerated() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("wxr-1.1-namespaces.xml", tmp.path());
    assert_eq!(r.imported, 1, "{}", r.summary());
    let a = article(tmp.path(), "lighthouse-keeper-retires");
    assert_eq!(a["headline"], "Lighthouse keeper retires");
    assert_eq!(a["published"], "2013-01-05T14:30:46Z");
    assert_eq!(a["section"], "coast");
    assert_eq!(block_types(&a), ["paragraph", "paragraph"]);
    assert!(validate(load(tmp.path())).is_ok());
}

#[test]
fn a_truncated_export_keeps_whole_posts_and_says_where_it_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("truncated.xml", tmp.path());
    assert_eq!(r.imported, 1);
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].contains("truncated.xml:14:"), "{:?}", r.errors);
    assert!(validate(load(tmp.path())).is_ok());
}

#[test]
fn text_in_another_encoding_skips_only_its_post() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("wrong-encoding.xml", tmp.path());
    assert_eq!(r.imported, 1);
    assert_eq!(r.skipped_posts.len(), 1);
    assert!(
        r.skipped_posts[0].reason.contains("not valid UTF-8"),
        "{:?}",
        r.skipped_posts
    );
    assert_eq!(r.skipped_posts[0].line, 5);
}

#[test]
fn an_unreadable_file_aborts_and_a_non_export_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = wordpress::import(
        &tmp.path().join("nope.xml"),
        Options::new(tmp.path().join("o")),
    );
    let missing = missing.unwrap_err();
    assert!(
        matches!(&missing, ImportError::Read { path, .. } if path.ends_with("nope.xml")),
        "{missing:?}"
    );
    assert!(missing.to_string().contains("nope.xml"));
    let not_xml = tmp.path().join("notes.xml");
    fs::write(&not_xml, "just some text, no XML at all").unwrap();
    let r = wordpress::import(&not_xml, Options::new(tmp.path().join("o2"))).unwrap();
    assert_eq!(r.imported, 0);
    assert!(!r.errors.is_empty());
}

#[test]
fn a_content_folder_that_cannot_be_written_is_an_error_with_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::write(&out, "a file, not a folder").unwrap();
    let err = wordpress::import(&fixture("harbour-gazette.xml"), Options::new(&out)).unwrap_err();
    assert!(
        matches!(&err, ImportError::Write { path, .. } if path == &out.join("articles")),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .starts_with(&out.join("articles").display().to_string()));
}

#[test]
fn an_edition_the_content_rules_refuse_stops_the_import_before_any_write() {
    let tmp = tempfile::tempdir().unwrap();
    for (edition, reason) in [
        ("api", "is reserved: /api is one of the site's own paths"),
        ("Main", "must be lower-case letters and digits"),
    ] {
        let mut o = Options::new(tmp.path().join(edition));
        o.edition = edition.into();
        let err = wordpress::import(&fixture("harbour-gazette.xml"), o).unwrap_err();
        assert!(
            matches!(&err, ImportError::Edition { edition: e, .. } if e == edition),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("--edition {edition:?}: ")),
            "{text}"
        );
        assert!(text.contains(reason), "{text}");
        assert!(!tmp.path().join(edition).exists());
    }
}

/// A one-post export whose channel gives `base_url` as the site's address.
fn export_with_base_url(dir: &Path, base_url: &str) -> PathBuf {
    let xml = format!(
        "<?xml version=\"1.0\"?><rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>Gazette</title><wp:base_blog_url>{base_url}</wp:base_blog_url><item><title>One</title><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>Words.</p>]]></content:encoded></item></channel></rss>"
    );
    let file = dir.join("site.xml");
    fs::write(&file, xml).unwrap();
    file
}

#[test]
fn a_base_url_the_content_rules_refuse_becomes_a_placeholder() {
    let tmp = tempfile::tempdir().unwrap();
    for (given, written) in [
        (
            "https://gazette.example.com/",
            "https://gazette.example.com",
        ),
        ("HTTPS://gazette.example.com", "HTTPS://gazette.example.com"),
        ("https://", "https://example.org"),
        ("https:///", "https://example.org"),
        ("ftp://gazette.example.com", "https://example.org"),
        ("/news", "https://example.org"),
    ] {
        let out = tmp.path().join("out");
        let r = wordpress::import(&export_with_base_url(tmp.path(), given), Options::new(&out))
            .unwrap();
        assert_eq!(r.imported, 1, "{}", r.summary());
        let site: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("site.json")).unwrap()).unwrap();
        assert_eq!(site["base_url"], written, "{given}");
        assert_eq!(site["subscribe"]["url"], written, "{given}");
        assert!(validate(load(&out)).is_ok(), "{given}");
    }
}

#[test]
fn an_html_bomb_is_read_flat_without_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let depth = 50_000;
    let body = format!(
        "{}deep words{}",
        "<div><span><em>".repeat(depth),
        "</em></span></div>".repeat(depth)
    );
    let xml = format!(
        "<?xml version=\"1.0\"?><rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>Bomb</title><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    );
    let file = tmp.path().join("bomb.xml");
    fs::write(&file, xml).unwrap();
    let r = wordpress::import(&file, Options::new(tmp.path().join("out"))).unwrap();
    assert_eq!(r.imported, 1, "{}", r.summary());
    let a = article(&tmp.path().join("out"), "bomb");
    assert!(a["body"][0]["content"]
        .as_str()
        .unwrap()
        .contains("deep words"));
    let notes = &r.imported_posts[0].notes;
    assert!(notes.iter().any(|n| n.contains("levels deep")), "{notes:?}");
}

#[test]
fn the_imported_site_builds_and_keeps_the_words() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    import("harbour-gazette.xml", &content);
    build(&content, &tmp.path().join("site")).unwrap();
    let delivered = fs::read_to_string(
        tmp.path()
            .join("site/api/v1/articles/storm-closes-the-old-pier.json"),
    )
    .unwrap();
    for w in [
        "pilings",
        "Wednesday",
        "Waves",
        "jetty",
        "inspection",
        "Write",
    ] {
        assert!(delivered.contains(w), "{w}");
    }
}

#[test]
fn media_from_the_uploads_folder_become_pictures_and_the_missing_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let uploads = tmp.path().join("uploads");
    fs::create_dir_all(uploads.join("2026/03")).unwrap();
    fs::write(uploads.join("2026/03/ferry.jpg"), jpeg(320, 200)).unwrap();
    // The original of the resized copy the post links to.
    fs::write(uploads.join("2026/03/pier.jpg"), jpeg(300, 200)).unwrap();
    // An image from another host, whose size no markup gives.
    fs::write(uploads.join("unsized.jpg"), jpeg(200, 120)).unwrap();
    let out = tmp.path().join("content");
    let mut opts = Options::new(&out);
    opts.media = Some(uploads.clone());
    let r = wordpress::import(&fixture("harbour-gazette.xml"), opts).unwrap();
    let media = r.media.clone().expect("a media report");
    assert_eq!(media.copied, 3, "{}", r.summary());
    assert!(
        media
            .missing
            .iter()
            .any(|u| u.ends_with("/2026/03/quay.jpg")),
        "{media:?}"
    );
    assert!(r.summary().contains("media not found: "), "{}", r.summary());
    let mut files: Vec<String> = fs::read_dir(out.join("media"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["2026-03-ferry.jpg", "2026-03-pier.jpg", "unsized.jpg"]
    );
    // The gull, a link before for want of a size, is a picture now.
    let all: String = fs::read_dir(out.join("articles"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(all.contains("\"src\": \"/media/unsized.jpg\""), "{all}");
    assert!(!all.contains("[A gull](https://elsewhere.example.org/unsized.jpg)"));
    assert!(all.contains("\"src\": \"/media/2026-03-pier.jpg\""));
    // The build reads their sizes and makes them.
    let site = tmp.path().join("site");
    let s = build(&out, &site).unwrap();
    assert_eq!(s.encoded, 3);
}

#[test]
fn writers_with_imported_posts_become_author_files_with_safe_unique_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let r = import("authors.xml", tmp.path());
    assert_eq!(r.imported, 7, "{}", r.summary());
    assert!(validate(load(tmp.path())).is_ok());
    // Neither the writer without a post nor the one with only a draft.
    assert_eq!(
        author_ids(tmp.path()),
        ["author-5", "jane-quay", "mtide", "o-lind", "o-lind-2"]
    );
    for id in author_ids(tmp.path()) {
        assert!(standfirst_model::is_slug(&id), "{id}");
    }
    let by = |slug: &str| article(tmp.path(), slug)["authors"].clone();
    assert_eq!(by("morning-tide"), json!([{ "id": "mtide" }]));
    assert_eq!(by("evening-tide"), json!([{ "id": "mtide" }]));
    assert_eq!(by("boats"), json!([{ "id": "o-lind" }]));
    assert_eq!(by("nets"), json!([{ "id": "o-lind-2" }]));
    assert_eq!(by("lock"), json!([{ "id": "jane-quay" }]));
    assert_eq!(by("unsigned"), json!([{ "id": "author-5" }]));
    assert_eq!(by("guest"), json!([{ "name": "guest-login" }]));
    // The description is the bio, as inline Markdown that reads as
    // written, without the address.
    assert_eq!(
        author(tmp.path(), "mtide"),
        json!({
            "id": "mtide",
            "name": "Marta Tide",
            "bio": r"Covers the \*quay\* and \[the ferries\]. Tips:"
        })
    );
    assert_eq!(author(tmp.path(), "o-lind")["name"], "Oskar Lind");
    assert_eq!(author(tmp.path(), "o-lind-2")["name"], "Olga Lind");
    // A display name that is an address: the first and last names.
    assert_eq!(author(tmp.path(), "jane-quay")["name"], "Jane Quay");
    assert_eq!(author(tmp.path(), "author-5")["name"], "Author 5");
    assert_no_email(tmp.path(), &["@quaypost.example.net"]);

    let renamed: Vec<(&str, &str, &str)> = r
        .renamed
        .iter()
        .filter(|x| x.what == "author")
        .map(|x| (x.from.as_str(), x.to.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(renamed.len(), 4, "{renamed:?}");
    assert_eq!(renamed[0].0, "o.lind");
    assert_eq!(renamed[1].1, "o-lind-2");
    assert!(renamed[1].2.contains("another writer"), "{renamed:?}");
    let entries: Vec<(&str, &str, usize, bool)> = r
        .authors
        .iter()
        .map(|a| (a.id.as_str(), a.from.as_str(), a.posts, a.kept))
        .collect();
    assert_eq!(
        entries,
        [
            ("author-5", "Author 5", 1, false),
            ("jane-quay", "Jane Quay", 1, false),
            ("mtide", "mtide", 2, false),
            ("o-lind", "o.lind", 1, false),
            ("o-lind-2", "o-lind", 1, false),
        ]
    );
    assert!(r.summary().contains("authors: 5 file(s) written, 0 kept"));
    assert!(r.authors[2].notes[0].contains("email address in the bio"));
}

#[test]
fn a_later_import_removes_its_stale_author_files_and_keeps_hand_written_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    // The publisher's own files, before any import: one with the id an
    // import would give, one with another.
    fs::create_dir_all(out.join("authors")).unwrap();
    let oskar = "{\n  \"id\": \"oskar\",\n  \"name\": \"Oskar Lind\",\n  \"role\": \"Harbour reporter\"\n}\n";
    fs::write(out.join("authors/oskar.json"), oskar).unwrap();
    let editor = "{ \"id\": \"the-editor\", \"name\": \"The Editor\" }\n";
    fs::write(out.join("authors/the-editor.json"), editor).unwrap();

    import("authors.xml", out);
    assert_eq!(
        author_ids(out),
        [
            "author-5",
            "jane-quay",
            "mtide",
            "o-lind",
            "o-lind-2",
            "oskar",
            "the-editor"
        ]
    );
    // Another export into the same folder: the files of the first that
    // this one does not write go, the publisher's stay as they were.
    let r = import("harbour-gazette.xml", out);
    assert_eq!(author_ids(out), ["mtide", "oskar", "the-editor"]);
    assert!(!out.join("articles/boats.json").exists());
    assert_eq!(
        fs::read_to_string(out.join("authors/oskar.json")).unwrap(),
        oskar
    );
    assert_eq!(
        fs::read_to_string(out.join("authors/the-editor.json")).unwrap(),
        editor
    );
    // The kept file is the one the imported posts name.
    assert_eq!(
        article(out, "storm-closes-the-old-pier")["authors"],
        json!([{ "id": "oskar" }])
    );
    let kept: Vec<(&str, bool)> = r.authors.iter().map(|a| (a.id.as_str(), a.kept)).collect();
    assert_eq!(kept, [("mtide", false), ("oskar", true)]);
    assert!(r.authors[1].notes[0].contains("not written by an import"));
    assert!(r
        .summary()
        .contains("authors: 1 file(s) written, 1 kept (written by hand)"));
    let list = fs::read_to_string(out.join(".standfirst-import")).unwrap();
    assert!(list.contains("authors/mtide.json\n"), "{list}");
    assert!(!list.contains("oskar"), "{list}");
    assert!(validate(load(out)).is_ok());
    // Again: still kept, and byte-identical.
    let before = all_files(out);
    import("harbour-gazette.xml", out);
    assert_eq!(before, all_files(out));
}
