//! Embargoes and retractions through a publish: a story is in no output
//! before its time, and in none after its file is deleted.

mod common;

use common::{app, assert_same, snapshot};
use standfirst_publish::{publish, Options, CHANGED, GONE};
use std::fs;
use std::path::Path;
use time::macros::datetime;
use time::OffsetDateTime;

const SLUG: &str = "the-story-in-question";

fn options(dir: &Path, dist: &str, now: OffsetDateTime) -> Options {
    Options {
        content: dir.join("content"),
        dist: dir.join(dist),
        app: dir.join("app"),
        state: None,
        now,
        pagefind: None,
        media_cache: None,
    }
}

/// A generated archive with one more story, `SLUG`, published at
/// 2031-06-01 12:00 UTC (after every generated one).
fn setup(dir: &Path) {
    let content = dir.join("content");
    standfirst_content::benchgen::generate(&content, 8, 3).unwrap();
    app(&dir.join("app"));
    let first = fs::read_dir(content.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(first).unwrap()).unwrap();
    v["slug"] = SLUG.into();
    v["headline"] = "The story in question".into();
    v["published"] = "2031-06-01T12:00:00Z".into();
    let o = v.as_object_mut().unwrap();
    o.remove("updated");
    o.remove("related");
    fs::write(
        content.join(format!("articles/{SLUG}.json")),
        serde_json::to_string(&v).unwrap(),
    )
    .unwrap();
}

/// The files of the site that name the story anywhere (compressed copies
/// are checked through their names: their text is compressed).
fn mentions(site: &Path) -> Vec<String> {
    snapshot(site)
        .into_iter()
        .filter(|(path, bytes)| {
            path.contains(SLUG) || String::from_utf8_lossy(bytes).contains(SLUG)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn an_embargoed_story_is_in_no_output_until_its_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let before = publish(&options(dir, "site", datetime!(2031-06-01 11:59:59 UTC))).unwrap();
    assert_eq!(mentions(&dir.join("site")), Vec::<String>::new());
    assert_eq!(before.embargoed.len(), 1);
    assert_eq!(before.embargoed[0].slug, SLUG);
    assert!(
        before
            .summary()
            .contains("next embargo lifts at 2031-06-01T12:00:00Z"),
        "{}",
        before.summary()
    );

    let at = publish(&options(dir, "site", datetime!(2031-06-01 12:00 UTC))).unwrap();
    assert!(at.embargoed.is_empty());
    assert!(!at.summary().contains("embargo"));
    let found = mentions(&dir.join("site"));
    for file in [
        format!("api/v1/articles/{SLUG}.json"),
        "index.html".to_string(),
        "feeds/us.xml".to_string(),
        "sitemap.xml".to_string(),
    ] {
        assert!(found.contains(&file), "{file} in {found:?}");
    }
    assert!(found.iter().any(|f| f.ends_with(&format!("/{SLUG}.html"))));
    assert!(found
        .iter()
        .any(|f| f.ends_with(&format!("/{SLUG}.html.br"))));
    let changed = fs::read_to_string(dir.join(format!("site.publish/{CHANGED}"))).unwrap();
    assert!(
        changed.lines().any(|l| l.ends_with(&format!("/{SLUG}"))),
        "{changed}"
    );

    publish(&options(dir, "full", datetime!(2031-06-01 12:00 UTC))).unwrap();
    assert_same(&dir.join("site"), &dir.join("full"));
}

#[test]
fn a_deleted_story_leaves_every_output_in_the_same_publish_and_is_listed_as_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let now = datetime!(2031-07-01 0:00 UTC);
    publish(&options(dir, "site", now)).unwrap();
    assert!(!mentions(&dir.join("site")).is_empty());

    let story = dir.join(format!("content/articles/{SLUG}.json"));
    let text = fs::read_to_string(&story).unwrap();
    fs::remove_file(&story).unwrap();
    let r = publish(&options(dir, "site", now)).unwrap();
    assert_eq!(mentions(&dir.join("site")), Vec::<String>::new());
    assert!(r.removed >= 6, "the page, the JSON and their copies: {r:?}");
    let state = dir.join("site.publish");
    let gone = fs::read_to_string(state.join(GONE)).unwrap();
    let page = gone
        .lines()
        .find(|l| l.ends_with(&format!("/{SLUG}")))
        .unwrap_or_else(|| panic!("the page in {gone}"))
        .to_string();
    assert!(
        gone.contains(&format!("/api/v1/articles/{SLUG}.json")),
        "{gone}"
    );
    let changed = fs::read_to_string(state.join(CHANGED)).unwrap();
    assert!(changed.lines().any(|l| l == page), "{changed}");
    assert!(changed.lines().any(|l| l == "/"), "the front: {changed}");
    publish(&options(dir, "full", now)).unwrap();
    assert_same(&dir.join("site"), &dir.join("full"));

    // Published again: no longer gone.
    fs::write(&story, text).unwrap();
    publish(&options(dir, "site", now)).unwrap();
    let gone = fs::read_to_string(state.join(GONE)).unwrap();
    assert!(!gone.contains(SLUG), "{gone}");
}

#[test]
fn a_damaged_state_means_a_full_publish_and_the_same_site() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let now = datetime!(2031-07-01 0:00 UTC);
    publish(&options(dir, "site", now)).unwrap();
    // Someone else changed the site; then the state is cut short.
    fs::write(dir.join("site/index.html"), "changed by hand").unwrap();
    fs::write(dir.join("site/stray.txt"), "left behind").unwrap();
    assert!(publish(&options(dir, "site", now)).unwrap().full);
    let manifest = dir.join("site.publish/manifest.tsv");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, &text[..text.len() / 2]).unwrap();
    assert!(publish(&options(dir, "site", now)).unwrap().full);
    publish(&options(dir, "full", now)).unwrap();
    assert_same(&dir.join("site"), &dir.join("full"));
}

#[test]
fn a_folder_that_is_not_a_site_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    fs::create_dir_all(dir.join("home")).unwrap();
    fs::write(dir.join("home/notes.txt"), "mine").unwrap();
    let err = publish(&options(dir, "home", datetime!(2031-07-01 0:00 UTC))).unwrap_err();
    assert!(
        err.to_string().contains("neither empty nor a built site"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("home/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_endpoints_words_are_published_and_follow_the_sites_language() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let now = datetime!(2031-07-01 0:00 UTC);
    publish(&options(dir, "site", now)).unwrap();
    let file = dir.join("site/api/v1/endpoint.json");
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
    };
    assert_eq!(read(&file)["locale"], "en");
    let manifest = fs::read_to_string(dir.join("site.publish/manifest.tsv")).unwrap();
    assert!(
        manifest
            .lines()
            .any(|l| l.ends_with("\tapi/v1/endpoint.json")),
        "{manifest}"
    );
    // Nothing changed: the file is left as it is.
    let again = publish(&options(dir, "site", now)).unwrap();
    assert!(!again.changed.iter().any(|c| c.contains("endpoint.json")));
    // The publication turns to Arabic: the next publish rewrites it.
    let site_file = dir.join("content/site.json");
    let mut site = read(&site_file);
    site["locale"] = "ar".into();
    fs::write(&site_file, site.to_string()).unwrap();
    let r = publish(&options(dir, "site", now)).unwrap();
    assert!(
        r.changed.iter().any(|c| c == "/api/v1/endpoint.json"),
        "{:?}",
        r.changed
    );
    let words = read(&file);
    assert_eq!(
        (&words["locale"], &words["dir"]),
        (&"ar".into(), &"rtl".into())
    );
    publish(&options(dir, "full", now)).unwrap();
    assert_same(&dir.join("site"), &dir.join("full"));
}

#[test]
fn a_missing_search_indexer_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let mut o = options(dir.path(), "site", datetime!(2031-06-02 0:00 UTC));
    o.pagefind = Some(dir.path().join("no-such-pagefind"));
    let err = publish(&o).unwrap_err().to_string();
    assert!(
        err.contains("no-such-pagefind") && err.contains("not found"),
        "{err}"
    );
    assert!(!o.dist.exists(), "nothing was made");
    assert!(!o.state_dir().exists(), "no state was left");
    o.pagefind = Some("no-such-pagefind-on-path".into());
    assert!(publish(&o).unwrap_err().to_string().contains("not found"));
    // The same publish without search goes through.
    o.pagefind = None;
    assert!(publish(&o).unwrap().full);
}
