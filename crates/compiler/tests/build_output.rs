//! `build` on the fixture archive: the files, their shape, determinism.

mod common;

use common::fixture_dir;
use serde_json::Value;
use standfirst_content::build::build;
use standfirst_model::{Article, Front, SectionPage, Site, RAIL_MAX};
use std::fs;
use std::path::{Path, PathBuf};

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let summary = build(&fixture_dir(), &out).unwrap();
    assert_eq!(summary.articles, 6);
    assert_eq!(summary.empty_editions, ["au"]);
    (dir, out)
}

fn read<T: serde::de::DeserializeOwned>(p: &Path) -> T {
    serde_json::from_str(&fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

#[test]
fn writes_every_file_of_the_delivery_api() {
    let (_tmp, out) = built();
    for f in [
        "api/v1/site.json",
        "api/v1/articles/harbour-vote-explained.json",
        "api/v1/fronts/us.json",
        "api/v1/fronts/uk.json",
        "api/v1/sections/politics/1.json",
        "api/v1/sections/world/1.json",
        "api/v1/sections/culture/1.json",
        "sitemap.xml",
        "feeds/us.xml",
        "feeds/uk.xml",
        "feeds/au.xml",
        "media/pixel.svg",
        "media/photos/pixel-640.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let site: Site = read(&out.join("api/v1/site.json"));
    assert_eq!(site.sections.len(), 3);
    let raw = fs::read_to_string(out.join("api/v1/articles/harbour-vote-explained.json")).unwrap();
    assert!(!raw.contains('\n'), "JSON is compact");
}

#[test]
fn the_sign_up_endpoints_words_are_a_file_of_their_own() {
    use standfirst_model::strings::{ENDPOINT_JSON, ENDPOINT_KEYS};
    use standfirst_model::{EndpointKey, EndpointUi};
    let (_tmp, out) = built();
    let endpoint: EndpointUi = read(&out.join(ENDPOINT_JSON));
    assert!(endpoint.is_complete());
    assert_eq!(
        (endpoint.locale.as_str(), endpoint.ui.dir.as_str()),
        ("en", "ltr")
    );
    assert_eq!(endpoint.get(EndpointKey::ConfirmButton), "Confirm");
    // Not in site.json, which every page embeds.
    let site = fs::read_to_string(out.join("api/v1/site.json")).unwrap();
    let typed: Site = serde_json::from_str(&site).unwrap();
    assert_eq!(typed.ui.text.len(), standfirst_model::strings::KEYS.len());
    let own = endpoint
        .ui
        .text
        .iter()
        .take(ENDPOINT_KEYS.len())
        .filter(|t| !typed.ui.text.contains(t));
    for text in own {
        let text = serde_json::to_string(text).unwrap();
        assert!(!site.contains(&text), "{text} in site.json");
    }
}

#[test]
fn articles_carry_url_reading_time_summary_and_rails() {
    let (_tmp, out) = built();
    let a: Article = read(&out.join("api/v1/articles/harbour-vote-explained.json"));
    assert_eq!(a.url, "/politics/harbour-vote-explained");
    assert_eq!(a.summary, a.standfirst);
    assert_eq!(a.reading_minutes, 1);
    // Its 12 blocks, then its topics: a heading and a list of links.
    assert_eq!(a.body.len(), 12 + 2);
    assert_eq!(a.topics.len(), 2);
    // Curated first (and only once), then ranked; never itself; disjoint.
    let related: Vec<&str> = a.related.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(related[0], "the-long-thaw");
    assert_eq!(related.iter().filter(|s| **s == "the-long-thaw").count(), 1);
    assert!(related.len() <= RAIL_MAX && !related.contains(&"harbour-vote-explained"));
    assert!(a
        .more
        .iter()
        .all(|m| !related.contains(&m.slug.as_str()) && m.section == "politics"));
    // The teaser of a video-hero story uses the poster.
    let thaw = &a.related[0];
    assert_eq!(thaw.image.as_ref().unwrap().alt, "Ice floes");
    assert_eq!(thaw.url, "/world/the-long-thaw");
    // Normalised RFC 3339, offset kept.
    assert_eq!(thaw.published, "2026-11-18T07:00:00+01:00");

    let v: Value = read(&out.join("api/v1/articles/harbour-vote-explained.json"));
    assert_eq!(
        v["body"][0]["content"][1],
        serde_json::json!({"text": "7 to 4", "strong": true})
    );
    assert_eq!(v["hero"]["type"], "image");
    let ferry: Article = read(&out.join("api/v1/articles/ferry-link-delayed.json"));
    assert_eq!(
        ferry.summary,
        "The ferry will come a year late & cost more."
    );
}

#[test]
fn fronts_and_section_pages() {
    let (_tmp, out) = built();
    let us: Front = read(&out.join("api/v1/fronts/us.json"));
    let slugs =
        |ts: &[standfirst_model::Teaser]| ts.iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
    assert_eq!(us.lead.slug, "ferry-link-delayed");
    assert_eq!(
        slugs(&us.top),
        ["harbour-vote-explained", "winter-storms", "markets-calm"]
    );
    assert!(us.sections.is_empty(), "everything is already in lead/top");
    assert!(!out.join("api/v1/fronts/au.json").exists());
    let uk: Front = read(&out.join("api/v1/fronts/uk.json"));
    assert_eq!(uk.lead.slug, "harbour-vote-explained");
    assert_eq!(uk.lead.image.as_ref().unwrap().src, "/media/pixel.svg");

    let politics: SectionPage = read(&out.join("api/v1/sections/politics/1.json"));
    assert_eq!((politics.page, politics.pages), (1, 1));
    assert_eq!(
        slugs(&politics.teasers),
        [
            "ferry-link-delayed",
            "harbour-vote-explained",
            "council-budget"
        ]
    );
    let culture: SectionPage = read(&out.join("api/v1/sections/culture/1.json"));
    assert_eq!(
        (culture.page, culture.pages, culture.teasers.len()),
        (1, 1, 0)
    );
}

#[test]
fn sitemap_and_feeds_are_absolute_and_escaped() {
    let (_tmp, out) = built();
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in [
        "<loc>https://news.example.org/</loc>",
        "<loc>https://news.example.org/culture</loc>",
        "<loc>https://news.example.org/politics/harbour-vote-explained</loc>",
    ] {
        assert!(sitemap.contains(loc), "{loc} in {sitemap}");
    }
    // The home page, the sections, the topics (one per tag in use) and
    // the stories.
    let topics = sitemap.matches("/topic/").count();
    assert!(topics > 0);
    assert_eq!(sitemap.matches("<url>").count(), 1 + 3 + topics + 6);
    let us = fs::read_to_string(out.join("feeds/us.xml")).unwrap();
    assert!(us.contains("<rss version=\"2.0\""));
    assert!(
        us.contains("<title>Markets stay calm &lt;for now&gt;</title>"),
        "{us}"
    );
    assert!(
        us.contains("<description>The ferry will come a year late &amp; cost more.</description>")
    );
    assert!(us.contains("<pubDate>Sat, 21 Nov 2026 10:00:00 +0000</pubDate>"));
    assert!(us.contains("<description>Fixtures &amp; &lt;tests&gt;</description>"));
    assert!(
        !us.contains("the-long-thaw"),
        "uk-only story kept out of the us feed"
    );
    let au = fs::read_to_string(out.join("feeds/au.xml")).unwrap();
    assert!(!au.contains("<item>"));
}

fn tree(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tree(&p, base, out);
        } else {
            out.push((
                p.strip_prefix(base).unwrap().display().to_string(),
                fs::read(&p).unwrap(),
            ));
        }
    }
}

#[test]
fn builds_are_byte_identical_and_replace_stale_output() {
    let (_a, one) = built();
    let (_b, two) = built();
    fs::write(one.join("api/v1/articles/deleted-story.json"), "{}").unwrap();
    fs::create_dir_all(one.join("api/v1/sections/gone")).unwrap();
    fs::write(one.join("api/v1/sections/gone/1.json"), "{}").unwrap();
    fs::write(one.join("feeds/fr.xml"), "").unwrap();
    fs::write(one.join("unrelated.txt"), "kept").unwrap();
    build(&fixture_dir(), &one).unwrap();
    assert!(!one.join("api/v1/sections/gone").exists());
    fs::remove_file(one.join("unrelated.txt")).unwrap();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    tree(&one, &one, &mut x);
    tree(&two, &two, &mut y);
    assert_eq!(x.len(), y.len());
    assert!(x == y, "outputs differ");
}

#[test]
fn invalid_content_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::write(content.join("site.json"), "{}").unwrap();
    let out = tmp.path().join("out");
    let err = build(&content, &out).unwrap_err();
    assert!(matches!(err, standfirst_content::build::BuildError::Invalid(ref p) if p.len() >= 7));
    assert!(!out.exists());
}

#[cfg(unix)]
#[test]
fn media_symlink_cycles_do_not_hang_the_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let src = fixture_dir();
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::copy(src.join("site.json"), content.join("site.json")).unwrap();
    let a = src.join("articles/markets-calm.json");
    fs::copy(&a, content.join("articles/markets-calm.json")).unwrap();
    fs::create_dir_all(content.join("media/sub")).unwrap();
    fs::write(content.join("media/sub/a.txt"), "a").unwrap();
    std::os::unix::fs::symlink(content.join("media"), content.join("media/sub/loop")).unwrap();
    let summary = build(&content, &tmp.path().join("out")).unwrap();
    assert_eq!(summary.media_files, 1);
    assert_eq!(summary.empty_editions, ["uk", "au"]);
}

#[test]
fn a_write_failure_names_the_path_and_keeps_the_cause() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the build wants its api/ folder.
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("api"), "in the way").unwrap();
    let err = build(&fixture_dir(), &out).unwrap_err();
    let standfirst_content::build::BuildError::Io { path, source } = &err else {
        panic!("expected an I/O error, got {err:?}");
    };
    assert!(path.starts_with(out.join("api")), "{}", path.display());
    assert!(err.to_string().starts_with(&path.display().to_string()));
    assert!(err.to_string().ends_with(&source.to_string()));
}
