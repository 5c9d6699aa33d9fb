//! Described authors and topics: their checks (each problem located), and
//! what the build makes of them: bylines and topics linked, a listing of
//! pages per author and per tag in use (cut from the oldest, as sections
//! are), a feed each and sitemap entries.

mod common;

use common::fixture_dir;
use serde_json::{json, Value};
use standfirst_content::build::build;
use standfirst_content::load::load;
use standfirst_content::validate::validate;
use standfirst_model::{Article, SectionPage, SECTION_PAGE_SIZE};
use std::fs;
use std::path::{Path, PathBuf};

fn read<T: serde::de::DeserializeOwned>(p: &Path) -> T {
    serde_json::from_str(&fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

fn write(p: &Path, v: &Value) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// The fixture archive with two described authors and a described topic;
/// the harbour story is by Ada Quill (by id) and a named co-author.
fn content(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    let src = fixture_dir();
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::copy(src.join("site.json"), content.join("site.json")).unwrap();
    for e in fs::read_dir(src.join("articles")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, content.join("articles").join(p.file_name().unwrap())).unwrap();
    }
    write(
        &content.join("authors/ada-quill.json"),
        &json!({ "id": "ada-quill", "name": "Ada Quill", "role": "Harbour reporter",
                 "bio": "Writes about *boats*.", "links": [{ "name": "Site", "url": "https://ada.example.org/" }] }),
    );
    write(
        &content.join("authors/idle-pen.json"),
        &json!({ "id": "idle-pen", "name": "Idle Pen" }),
    );
    write(
        &content.join("topics/port-esker.json"),
        &json!({ "id": "port-esker", "name": "Port Esker", "description": "The *harbour* town." }),
    );
    let story = content.join("articles/harbour-vote-explained.json");
    let mut v: Value = read(&story);
    v["authors"] = json!([{ "id": "ada-quill" }, { "name": "Tom Hale" }]);
    write(&story, &v);
    content
}

#[test]
fn bylines_and_topics_link_to_their_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let content = content(tmp.path());
    let out = tmp.path().join("out");
    let summary = build(&content, &out).unwrap();
    assert!(summary.listing_pages >= 4, "{summary:?}");

    let a: Article = read(&out.join("api/v1/articles/harbour-vote-explained.json"));
    assert_eq!(a.authors[0].name, "Ada Quill");
    assert_eq!(a.authors[0].url.as_deref(), Some("/author/ada-quill"));
    assert_eq!(a.authors[1].name, "Tom Hale");
    assert_eq!(a.authors[1].url, None, "a named byline has no page");
    let topics: Vec<(&str, &str)> = a
        .topics
        .iter()
        .map(|t| (t.name.as_str(), t.url.as_str()))
        .collect();
    assert_eq!(
        topics,
        [
            ("Port Esker", "/topic/port-esker"),
            ("Local politics", "/topic/local-politics")
        ],
        "a described topic's name, else the tag in words"
    );
    // The body ends with the same links.
    let body = serde_json::to_value(&a.body).unwrap();
    let n = a.body.len();
    assert_eq!(body[n - 2]["content"][0]["text"], "Topics");
    assert_eq!(
        body[n - 1]["items"][1][0],
        json!({ "text": "Local politics", "href": "/topic/local-politics" })
    );

    let ada: SectionPage = read(&out.join("api/v1/sections/author/ada-quill/1.json"));
    assert_eq!(
        (ada.section.as_str(), ada.page, ada.pages),
        ("author/ada-quill", 1, 1)
    );
    assert_eq!(ada.teasers.len(), 1);
    let about = ada.about.unwrap();
    assert_eq!(about.name, "Ada Quill");
    assert_eq!(about.role.as_deref(), Some("Harbour reporter"));
    assert_eq!(about.summary, "Harbour reporter. Writes about boats.");
    assert_eq!(about.links[0].url, "https://ada.example.org/");
    // What the page shows: the role, the bio and the links, as blocks.
    let body = serde_json::to_value(&about.body).unwrap();
    assert_eq!(
        body[0]["content"][0],
        json!({ "text": "Harbour reporter", "strong": true })
    );
    assert_eq!(
        body[1]["content"][1],
        json!({ "text": "boats", "em": true })
    );
    assert_eq!(body[2]["type"], "list");
    assert_eq!(body[2]["items"][0][0]["href"], "https://ada.example.org/");
    // An author with no story still has a page.
    let idle: SectionPage = read(&out.join("api/v1/sections/author/idle-pen/1.json"));
    assert!(idle.teasers.is_empty());

    let topic: SectionPage = read(&out.join("api/v1/sections/topic/port-esker/1.json"));
    assert_eq!(topic.section, "topic/port-esker");
    assert_eq!(topic.about.unwrap().name, "Port Esker");
    assert!(topic
        .teasers
        .iter()
        .any(|t| t.slug == "harbour-vote-explained"));
    // Newest first.
    assert!(topic
        .teasers
        .windows(2)
        .all(|w| w[0].published >= w[1].published));

    for feed in ["feeds/author/ada-quill.xml", "feeds/topic/port-esker.xml"] {
        let xml = fs::read_to_string(out.join(feed)).unwrap();
        assert!(xml.starts_with("<?xml") && xml.contains("<rss"), "{feed}");
        assert!(xml.contains(&format!("/{feed}")), "{feed} names itself");
    }
    let ada_feed = fs::read_to_string(out.join("feeds/author/ada-quill.xml")).unwrap();
    assert!(ada_feed.contains("<title>Ada Quill | "));
    assert!(ada_feed.contains("/politics/harbour-vote-explained</link>"));
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for page in [
        "/author/ada-quill<",
        "/author/idle-pen<",
        "/topic/port-esker<",
        "/topic/local-politics<",
    ] {
        assert!(sitemap.contains(page), "{page} in the sitemap");
    }

    let valid = validate(load(&content)).unwrap();
    assert_eq!(valid.authors_without_stories(), ["idle-pen"]);
}

#[test]
fn an_authors_pages_are_cut_from_the_oldest() {
    let tmp = tempfile::tempdir().unwrap();
    let content = content(tmp.path());
    let base: Value = read(&content.join("articles/markets-calm.json"));
    let n = 2 * SECTION_PAGE_SIZE + 5;
    for i in 0..n {
        let mut v = base.clone();
        let slug = format!("ada-story-{i:02}");
        v["slug"] = json!(slug);
        v["authors"] = json!([{ "id": "ada-quill" }]);
        v["published"] = json!(format!("2026-10-{:02}T10:00:00Z", 1 + i));
        v.as_object_mut().unwrap().remove("updated");
        v.as_object_mut().unwrap().remove("related");
        write(&content.join(format!("articles/{slug}.json")), &v);
    }
    let out = tmp.path().join("out");
    build(&content, &out).unwrap();
    let page = |n: u32| -> SectionPage {
        read(&out.join(format!("api/v1/sections/author/ada-quill/{n}.json")))
    };
    let (one, two) = (page(1), page(2));
    // 30 stories: the oldest 12 on page 2, the newest 18 on page 1.
    assert_eq!((one.pages, two.pages), (2, 2));
    assert_eq!(two.teasers.len(), SECTION_PAGE_SIZE);
    assert_eq!(one.teasers.len() + two.teasers.len(), n + 1);
    assert_eq!(two.teasers.last().unwrap().slug, "ada-story-00");
    assert!(two.about.is_some(), "every page says whose it is");
    assert!(!out.join("api/v1/sections/author/ada-quill/3.json").exists());
}

fn problems(content: &Path) -> Vec<String> {
    validate(load(content))
        .map(|_| Vec::new())
        .unwrap_or_else(|p| p.iter().map(ToString::to_string).collect())
}

#[test]
fn author_and_topic_problems_are_located() {
    let tmp = tempfile::tempdir().unwrap();
    let content = content(tmp.path());
    assert_eq!(problems(&content), Vec::<String>::new());
    let story = content.join("articles/markets-calm.json");
    let mut v: Value = read(&story);
    v["authors"] = json!([{ "id": "nobody" }, { "id": "ada-quill", "name": "Ada" }, { "id": "Not An Id" }, { "id": "bad-links" }]);
    write(&story, &v);
    write(
        &content.join("authors/bad-links.json"),
        &json!({ "id": "other-id", "name": " ", "bio": "[x](javascript:alert(1))",
                 "links": [{ "name": "x", "url": "javascript:alert(1)" }], "image": { "src": "/a.jpg" } }),
    );
    write(
        &content.join("topics/floods.json"),
        &json!({ "id": "floods" }),
    );
    fs::write(content.join("topics/broken.json"), "{").unwrap();
    let found = problems(&content);
    let expect = [
        (
            "articles/markets-calm.json: authors[0].id: ",
            "no author has the id \"nobody\"",
        ),
        (
            "articles/markets-calm.json: authors[1]: ",
            "remove name and url",
        ),
        (
            "articles/markets-calm.json: authors[2].id: ",
            "author id \"Not An Id\" must be",
        ),
        (
            "authors/bad-links.json: id: ",
            "does not match the file name",
        ),
        ("authors/bad-links.json: name: ", "must not be empty"),
        ("authors/bad-links.json: bio: ", "is not allowed"),
        ("authors/bad-links.json: links[0].url: ", "is not allowed"),
        (
            "authors/bad-links.json: image.alt: ",
            "missing required field",
        ),
        ("topics/floods.json: name: ", "missing required field"),
        ("topics/broken.json: (root): ", "invalid JSON"),
    ];
    for (at, why) in expect {
        assert!(
            found.iter().any(|p| p.contains(at) && p.contains(why)),
            "{at}{why} not in {found:#?}"
        );
    }
    // A broken author file is reported once, not again by its stories.
    assert!(
        !found.iter().any(|p| p.contains("authors[3]")),
        "{found:#?}"
    );
}

#[test]
fn no_section_may_take_the_author_or_topic_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let content = content(tmp.path());
    let site = content.join("site.json");
    let mut s: Value = read(&site);
    s["sections"][0]["id"] = json!("author");
    s["sections"][1]["id"] = json!("topic");
    write(&site, &s);
    let found = problems(&content);
    for id in ["author", "topic"] {
        assert!(
            found.iter().any(|p| p.contains("site.json: sections[")
                && p.contains(&format!("{id:?} is reserved"))),
            "{id}: {found:#?}"
        );
    }
}
