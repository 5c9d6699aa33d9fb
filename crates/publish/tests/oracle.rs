//! The oracle: after any sequence of content changes, a site brought up to
//! date publish by publish is, file by file and byte for byte, the site a
//! publish into an empty folder makes of the same content.
//!
//! Without the search index (Pagefind is a separate program; its output is
//! checked the same way by hand and in `make bench`, see
//! `docs/publishing.md`) and with a stand-in for the app's build.

mod common;

use common::{app, assert_same};
use proptest::prelude::*;
use serde_json::{json, Value};
use standfirst_publish::{publish, Options};
use std::fs;
use std::path::{Path, PathBuf};
use time::macros::datetime;

const SECTIONS: [&str; 4] = ["world", "politics", "science", "travel"];

/// A small generated archive.
fn content(dir: &Path, count: usize) {
    standfirst_content::benchgen::generate(dir, count, 7).unwrap();
}

fn options(content: &Path, dist: &Path, app: &Path) -> Options {
    Options {
        content: content.to_path_buf(),
        dist: dist.to_path_buf(),
        app: app.to_path_buf(),
        state: None,
        now: datetime!(2030-01-01 0:00 UTC),
        pagefind: None,
        media_cache: None,
    }
}

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
    fs::write(p, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// Drops `slug` from every other story's curated related list, so that
/// removing or renaming it leaves valid content.
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

/// One change to the content, as the newsroom makes them.
#[derive(Debug, Clone, Copy)]
enum Change {
    Add,
    Edit,
    Delete,
    Slug,
    Section,
    Tags,
    Related,
    Editions,
    Date,
    Site,
    ImageAdd,
    ImageRemove,
    AuthorPicture,
}

fn apply(content: &Path, change: Change, a: usize, b: usize, n: usize) {
    let all = articles(content);
    let path = &all[a % all.len()];
    let mut v = read(path);
    let slug = v["slug"].as_str().unwrap().to_string();
    match change {
        Change::Add => {
            let new = format!("added-{n}");
            v["slug"] = json!(new);
            v["headline"] = json!(format!("An added story {n}"));
            v["published"] = json!(format!("2026-0{}-15T08:00:00Z", 1 + b % 9));
            v.as_object_mut().unwrap().remove("related");
            v.as_object_mut().unwrap().remove("updated");
            write(&content.join(format!("articles/{new}.json")), &v);
        }
        Change::Edit => {
            v["headline"] = json!(format!("A corrected headline {n}"));
            write(path, &v);
        }
        Change::Delete if all.len() > 3 => {
            fs::remove_file(path).unwrap();
            unrelate(content, &slug);
        }
        Change::Delete => {}
        Change::Slug => {
            let new = format!("{slug}-renamed-{n}");
            v["slug"] = json!(new);
            fs::remove_file(path).unwrap();
            write(&content.join(format!("articles/{new}.json")), &v);
            unrelate(content, &slug);
        }
        Change::Section => {
            v["section"] = json!(SECTIONS[b % SECTIONS.len()]);
            write(path, &v);
        }
        Change::Tags => {
            v["tags"] = json!([format!("tag-{}", b % 3), format!("topic-{}", b % 2)]);
            write(path, &v);
        }
        Change::Related => {
            let other = read(&all[b % all.len()])["slug"].clone();
            if other != json!(slug) {
                v["related"] = json!([other]);
                write(path, &v);
            }
        }
        Change::Editions => {
            let editions = [
                json!(["us"]),
                json!(["uk", "au"]),
                json!(["us", "uk", "au"]),
            ];
            v["editions"] = editions[b % 3].clone();
            write(path, &v);
        }
        Change::Date => {
            v["published"] = json!(format!("2026-0{}-1{}T10:00:00Z", 1 + b % 9, b % 10));
            v.as_object_mut().unwrap().remove("updated");
            write(path, &v);
        }
        Change::Site => {
            let site = content.join("site.json");
            let mut s = read(&site);
            s["tagline"] = json!(format!("A tagline, version {n}"));
            write(&site, &s);
        }
        Change::ImageAdd => {
            // A new picture, or a new version of one other stories may
            // show (their files unchanged), made the hero of this story.
            let media = content.join("media");
            fs::create_dir_all(&media).unwrap();
            let name = format!("picture-{}.jpg", b % 4);
            fs::write(media.join(&name), picture(n, b)).unwrap();
            v["hero"] = json!({
                "type": "image",
                "image": { "src": format!("/media/{name}"), "alt": "A generated picture" }
            });
            write(path, &v);
        }
        Change::ImageRemove => {
            // A picture removed, with the heroes that showed it.
            let media = content.join("media");
            if let Ok(entries) = fs::read_dir(&media) {
                let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
                files.sort();
                if !files.is_empty() {
                    let file = &files[b % files.len()];
                    let src = format!("/media/{}", file.file_name().unwrap().to_string_lossy());
                    fs::remove_file(file).unwrap();
                    for p in articles(content) {
                        let mut v = read(&p);
                        if v["hero"]["image"]["src"] == json!(src) {
                            v.as_object_mut().unwrap().remove("hero");
                            write(&p, &v);
                        }
                    }
                    // The author it pictured, with it.
                    let author = content.join("authors/pictured.json");
                    if author.is_file() && read(&author)["image"]["src"] == json!(src) {
                        fs::remove_file(author).unwrap();
                    }
                }
            }
        }
        Change::AuthorPicture => {
            // A described author's picture: given (or a new version of its
            // file, the author file unchanged), or the author removed with
            // the picture.
            let (authors, media) = (content.join("authors"), content.join("media"));
            let file = authors.join("pictured.json");
            if b % 3 == 2 {
                let _ = fs::remove_file(&file);
                let _ = fs::remove_file(media.join("pictured.jpg"));
            } else {
                fs::create_dir_all(&authors).unwrap();
                fs::create_dir_all(&media).unwrap();
                fs::write(media.join("pictured.jpg"), picture(n, b)).unwrap();
                write(
                    &file,
                    &json!({ "id": "pictured", "name": "A Pictured Writer",
                             "image": { "src": "/media/pictured.jpg", "alt": "The writer" } }),
                );
            }
        }
    }
}

/// A small JPEG, its size and colour from `n` and `b`.
fn picture(n: usize, b: usize) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(
        24 + (b % 3) as u32 * 8,
        16,
        image::Rgb([(n * 37) as u8, (b * 11) as u8, 90]),
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

/// The `/media/…` paths the site's delivery files name that it does not
/// have.
fn unpublished_media(site: &Path) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.starts_with("/media/") => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut named = Vec::new();
    let mut stack = vec![site.join("api/v1")];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                walk(&read(&p), &mut named);
            }
        }
    }
    named.sort();
    named.dedup();
    named.retain(|n| !site.join(n.trim_start_matches('/')).is_file());
    named
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Add),
        Just(Change::Edit),
        Just(Change::Delete),
        Just(Change::Slug),
        Just(Change::Section),
        Just(Change::Tags),
        Just(Change::Related),
        Just(Change::Editions),
        Just(Change::Date),
        Just(Change::Site),
        Just(Change::ImageAdd),
        Just(Change::ImageRemove),
        Just(Change::AuthorPicture),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_updated_site_is_a_full_build(
        steps in prop::collection::vec((change(), 0usize..64, 0usize..64), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (content_dir, app_dir) = (dir.path().join("content"), dir.path().join("app"));
        content(&content_dir, 12);
        app(&app_dir);
        let dist = dir.path().join("site");
        let first = publish(&options(&content_dir, &dist, &app_dir)).unwrap();
        prop_assert!(first.full);
        for (n, (c, a, b)) in steps.iter().enumerate() {
            apply(&content_dir, *c, *a, *b, n);
            let r = publish(&options(&content_dir, &dist, &app_dir)).unwrap();
            prop_assert!(!r.full);
        }
        let full = dir.path().join("full");
        publish(&options(&content_dir, &full, &app_dir)).unwrap();
        assert_same(&dist, &full);
        // Every picture the delivery files name is in the site.
        let missing = unpublished_media(&full);
        prop_assert!(missing.is_empty(), "named but not in the site: {:?}", missing);
        // Nothing changed: nothing done.
        let again = publish(&options(&content_dir, &dist, &app_dir)).unwrap();
        prop_assert_eq!((again.written, again.removed, again.rendered), (0, 0, 0));
        prop_assert!(again.changed.is_empty());
    }
}
