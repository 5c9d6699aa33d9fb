//! `import wordpress` on exports written for these tests in WordPress's
//! format: every mapping, every skipped post, every malformed file.

mod common;

use common::{article, block_types};
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
    assert_eq!(a["authors"][0]["name"], "Marta Tide");
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
    assert_eq!(c["authors"][0]["name"], "Oskar Lind");
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

    assert_eq!(
        article(tmp.path(), "night-ferry-returns-2")["authors"][0]["name"],
        "nobody-known"
    );
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
    import("harbour-gazette.xml", tmp.path());
    let snap = |p: &Path| {
        let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(p.join("articles"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|f| (f.display().to_string(), fs::read(&f).unwrap()))
            .collect();
        files.push(("site".into(), fs::read(p.join("site.json")).unwrap()));
        files.sort();
        files
    };
    let first = snap(tmp.path());
    import("harbour-gazette.xml", tmp.path());
    assert_eq!(first, snap(tmp.path()));
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

/// A small JPEG, `w` by `h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([40, 90, 140]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
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
