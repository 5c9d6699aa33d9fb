//! The compiler's cache (`build_cached`): after any sequence of changes, a
//! build that reused the last one's cache writes the same files, byte for
//! byte, as a build with no cache into an empty folder; and it reads and
//! writes only what the change needs. An archive large enough for sections
//! of several pages (the publish's own oracle, `crates/publish/tests`,
//! covers the pages, search aside, on a smaller one).

use proptest::prelude::*;
use serde_json::{json, Value};
use standfirst_content::build::{build_at, build_cached};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-06-01 0:00 UTC);

fn articles(content: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(content.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn write(p: &Path, v: &Value) {
    fs::write(p, serde_json::to_string(v).unwrap()).unwrap();
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn unrelate(content: &Path, slug: &str) {
    for p in articles(content) {
        let mut v = read(&p);
        if let Some(list) = v.get_mut("related").and_then(Value::as_array_mut) {
            let before = list.len();
            list.retain(|s| s != slug);
            if list.len() != before {
                write(&p, &v);
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Change {
    Add,
    Headline,
    Delete,
    Section,
    Tags,
    Date,
    Embargo,
    Site,
    Author,
    Topic,
    Byline,
    AuthorPicture,
}

fn apply(content: &Path, change: Change, a: usize, n: usize) {
    let all = articles(content);
    let path = &all[a % all.len()];
    let mut v = read(path);
    let slug = v["slug"].as_str().unwrap().to_string();
    let o = v.as_object_mut().unwrap();
    match change {
        Change::Add => {
            let new = format!("added-{n}");
            o.insert("slug".into(), json!(new));
            o.insert("published".into(), json!("2026-05-31T12:00:00Z"));
            o.remove("updated");
            o.remove("related");
            write(&content.join(format!("articles/{new}.json")), &v);
        }
        Change::Headline => {
            o.insert(
                "headline".into(),
                json!(format!("A corrected headline {n}")),
            );
            write(path, &v);
        }
        Change::Delete => {
            fs::remove_file(path).unwrap();
            unrelate(content, &slug);
        }
        Change::Section => {
            let sections = ["world", "politics", "science"];
            o.insert("section".into(), json!(sections[a % 3]));
            write(path, &v);
        }
        Change::Tags => {
            o.insert("tags".into(), json!([format!("tag-{}", a % 5)]));
            write(path, &v);
        }
        Change::Date => {
            o.insert(
                "published".into(),
                json!(format!("2025-0{}-1{}T10:00:00Z", 1 + a % 9, a % 10)),
            );
            o.remove("updated");
            write(path, &v);
        }
        Change::Embargo => {
            o.insert("published".into(), json!("2026-07-01T10:00:00Z"));
            o.remove("updated");
            write(path, &v);
        }
        Change::Site => {
            let site = content.join("site.json");
            let mut s = read(&site);
            s["tagline"] = json!(format!("Version {n}"));
            write(&site, &s);
        }
        Change::Author => {
            let file = content.join(format!("authors/{}.json", AUTHORS[a % 2]));
            let mut s = read(&file);
            s["name"] = json!(format!("Renamed {n}"));
            write(&file, &s);
        }
        Change::Topic => {
            let file = content.join("topics/tag-1.json");
            let mut s = read(&file);
            s["name"] = json!(format!("Topic {n}"));
            write(&file, &s);
        }
        Change::Byline => {
            o.insert("authors".into(), json!([{ "id": AUTHORS[n % 2] }]));
            write(path, &v);
        }
        Change::AuthorPicture => {
            // An author's picture given, replaced by a new version (the
            // author file unchanged when it already names it) or removed
            // with its file.
            let id = AUTHORS[a % 2];
            let file = content.join(format!("authors/{id}.json"));
            let mut s = read(&file);
            let media = content.join("media");
            let name = format!("{id}.jpg");
            if a % 3 == 2 {
                s.as_object_mut().unwrap().remove("image");
                write(&file, &s);
                let _ = fs::remove_file(media.join(&name));
            } else {
                fs::create_dir_all(&media).unwrap();
                fs::write(media.join(&name), picture(n, a)).unwrap();
                if s.get("image").is_none() {
                    s["image"] = json!({ "src": format!("/media/{name}"), "alt": id });
                    write(&file, &s);
                }
            }
        }
    }
}

/// A small JPEG, its size and colour from `n` and `a`.
fn picture(n: usize, a: usize) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(
        20 + (a % 3) as u32 * 4,
        12,
        image::Rgb([(n * 53) as u8, (a * 7) as u8, 120]),
    );
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Add),
        Just(Change::Headline),
        Just(Change::Delete),
        Just(Change::Section),
        Just(Change::Tags),
        Just(Change::Date),
        Just(Change::Embargo),
        Just(Change::Site),
        Just(Change::Author),
        Just(Change::Topic),
        Just(Change::Byline),
        Just(Change::AuthorPicture),
    ]
}

/// The described authors of the generated content.
const AUTHORS: [&str; 2] = ["ada-quill", "bo-lark"];

/// Generated stories, all in three sections so that they have pages; two
/// described authors (one with stories enough for pages) and a described
/// topic.
fn content(dir: &Path) {
    standfirst_content::benchgen::generate(dir, 160, 11).unwrap();
    for (i, p) in articles(dir).iter().enumerate() {
        let mut v = read(p);
        v["section"] = json!(["world", "politics", "science"][i % 3]);
        if i % 4 != 3 {
            v["authors"] = json!([{ "id": AUTHORS[i % 4 / 2] }]);
        }
        write(p, &v);
    }
    fs::create_dir_all(dir.join("authors")).unwrap();
    fs::create_dir_all(dir.join("topics")).unwrap();
    for id in AUTHORS {
        write(
            &dir.join(format!("authors/{id}.json")),
            &json!({ "id": id, "name": id.replace('-', " "), "bio": "Writes *things*." }),
        );
    }
    write(
        &dir.join("topics/tag-1.json"),
        &json!({ "id": "tag-1", "name": "Tag one", "description": "About one." }),
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_cached_build_is_a_clean_build(
        steps in prop::collection::vec((change(), 0usize..1000), 1..5)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let content_dir = dir.path().join("content");
        content(&content_dir);
        let (out, cache) = (dir.path().join("out"), dir.path().join("cache"));
        build_cached(&content_dir, &out, NOW, &cache).unwrap();
        prop_assert!(out.join("api/v1/sections/world/3.json").is_file(), "sections of several pages");
        prop_assert!(out.join("api/v1/sections/author/ada-quill/2.json").is_file(), "authors of several pages");
        for (n, (c, a)) in steps.iter().enumerate() {
            apply(&content_dir, *c, *a, n);
            build_cached(&content_dir, &out, NOW, &cache).unwrap();
        }
        let clean = dir.path().join("clean");
        let full = build_at(&content_dir, &clean, NOW).unwrap();
        prop_assert_eq!(snapshot(&out), snapshot(&clean));
        // Nothing changed: nothing read beyond hashes, nothing written.
        let again = build_cached(&content_dir, &out, NOW, &cache).unwrap();
        prop_assert_eq!((again.checked, again.written, again.ranked), (0, 0, 0));
        prop_assert_eq!(again.articles, full.articles);
    }
}

#[test]
fn a_new_story_writes_only_itself_and_a_few_listings() {
    let dir = tempfile::tempdir().unwrap();
    let content_dir = dir.path().join("content");
    content(&content_dir);
    let (out, cache) = (dir.path().join("out"), dir.path().join("cache"));
    let before = build_cached(&content_dir, &out, NOW, &cache).unwrap();
    let pages = |section: &str| {
        read(&out.join(format!("api/v1/sections/{section}/1.json")))["pages"].clone()
    };
    let pages_before = pages("politics");
    apply(&content_dir, Change::Add, 4, 0);
    assert_eq!(
        read(&content_dir.join("articles/added-0.json"))["section"],
        "politics"
    );
    let after = build_cached(&content_dir, &out, NOW, &cache).unwrap();
    assert_eq!(after.checked, 1, "only the new file is read and checked");
    // Only the stories the new one can move are ranked again.
    assert_eq!(before.ranked, before.articles);
    assert!(
        after.ranked < after.articles / 2,
        "{} of {} ranked again",
        after.ranked,
        after.articles
    );
    let changed: Vec<&String> = after
        .outputs
        .iter()
        .filter(|(p, s)| before.outputs.get(*p) != Some(s))
        .map(|(p, _)| p)
        .collect();
    // The story, the stories whose related rail now lists it, its
    // section's first page (the count of pages stays), the fronts, feeds
    // and sitemap: not its section's other pages, nor every story of the
    // section.
    // Its author's and its topics' first pages and feeds change too.
    let people = changed
        .iter()
        .filter(|p| {
            [
                "api/v1/sections/author/",
                "api/v1/sections/topic/",
                "feeds/author/",
                "feeds/topic/",
            ]
            .iter()
            .any(|d| p.starts_with(d))
        })
        .count();
    let tags = read(&content_dir.join("articles/added-0.json"))["tags"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(people <= 2 * (1 + tags), "{changed:?}");
    assert!(
        changed.len() - people < 25,
        "{} files changed: {changed:?}",
        changed.len()
    );
    assert!(changed.iter().any(|p| *p == "api/v1/articles/added-0.json"));
    assert_eq!(pages("politics"), pages_before, "the count of pages stays");
    assert!(
        !changed.iter().any(|p| p.ends_with("/2.json")),
        "{changed:?}"
    );
}

#[test]
fn an_authors_picture_given_replaced_and_removed_is_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let content_dir = dir.path().join("content");
    content(&content_dir);
    let (out, cache) = (dir.path().join("out"), dir.path().join("cache"));
    build_cached(&content_dir, &out, NOW, &cache).unwrap();
    let page = out.join("api/v1/sections/author/ada-quill/1.json");
    let mut srcs = Vec::new();
    // a = 0: given, then a new version of its file (the author file as it
    // was); a = 2: removed.
    for (n, a) in [(0, 0), (1, 0), (2, 2)] {
        apply(&content_dir, Change::AuthorPicture, a, n);
        let s = build_cached(&content_dir, &out, NOW, &cache).unwrap();
        if n == 1 {
            // Only the picture's bytes changed: no story shows it.
            assert_eq!(s.checked, 0);
        }
        let clean = dir.path().join(format!("clean-{n}"));
        build_at(&content_dir, &clean, NOW).unwrap();
        assert!(snapshot(&out) == snapshot(&clean), "step {n}");
        let src = read(&page)["about"]["image"]["src"].clone();
        if let Some(src) = src.as_str() {
            assert!(out.join(src.trim_start_matches('/')).is_file(), "{src}");
        }
        srcs.push(src);
    }
    assert!(srcs[0].is_string() && srcs[1].is_string() && srcs[0] != srcs[1]);
    assert!(srcs[2].is_null());
    assert!(!out.join("media").exists() || fs::read_dir(out.join("media")).unwrap().count() == 0);
}
