//! Live coverage through the whole build: entries newest first whatever the
//! file's order, the pinned entry apart, older pages of fixed runs, key
//! events pointing at the page that carries them, and the `.live` list.

mod common;

use common::{fixture_dir, MAIN};
use serde_json::{json, Value};
use standfirst_content::build::build;
use standfirst_model::{Article, SectionPage, PAGE_SIZE};
use std::fs;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

fn read<T: serde::de::DeserializeOwned>(p: &Path) -> T {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

/// Entry `i` is posted `i` minutes after the story (published
/// 2026-11-20T09:30:00Z); written to the file in a scrambled order.
fn entries(n: usize) -> Vec<Value> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| (i * 7919) % n);
    order
        .into_iter()
        .map(|i| {
            json!({
                "id": format!("e{i}"),
                "posted": format!("2026-11-20T{:02}:{:02}:00Z", 10 + i / 60, i % 60),
                "key_event": i % 10 == 3,
                "pinned": i == 1,
                "body": [{ "type": "paragraph", "content": format!("Update number {i}.") }],
            })
        })
        .collect()
}

#[test]
fn a_long_blog_is_paged_from_its_oldest_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture_dir(), &content);
    let file = content.join(format!("articles/{MAIN}.json"));
    let mut a: Value = read(&file);
    a["live"] = json!({ "status": "live", "entries": entries(47) });
    fs::write(&file, a.to_string()).unwrap();
    let out = tmp.path().join("site");
    build(&content, &out).unwrap();

    let api = out.join("api/v1/articles");
    let own: Article = read(&api.join(format!("{MAIN}.json")));
    let live = own.live.as_ref().unwrap();
    // 46 entries besides the pinned one: one older page of the 20 oldest,
    // the story's own page the 26 newest.
    assert_eq!((live.total, live.pages, live.page), (47, 1, None));
    assert_eq!(live.pinned_entry.as_ref().unwrap().id, "e1");
    let ids: Vec<&str> = live.entries.iter().map(|e| e.id.as_str()).collect();
    let want: Vec<String> = (21..47).rev().map(|i| format!("e{i}")).collect();
    assert_eq!(ids, want);
    assert_eq!(live.last_updated, "2026-11-20T10:46:00Z");
    assert_eq!(
        live.older.as_deref(),
        Some("/politics/harbour-vote-explained/page/1")
    );

    let older: Article = read(&api.join(format!("{MAIN}/page/1.json")));
    let page = older.live.as_ref().unwrap();
    assert_eq!(page.page, Some(1));
    assert_eq!(page.entries.len(), PAGE_SIZE);
    assert_eq!(page.entries[0].id, "e20");
    assert_eq!(page.entries[PAGE_SIZE - 1].id, "e0");
    assert_eq!(page.newer.as_deref(), Some(own.url.as_str()));
    assert!(page.older.is_none() && page.pinned_entry.is_none());
    assert_ne!(page.version, live.version);
    assert_eq!(older.key(), format!("{MAIN}/page/1"));
    assert_eq!(older.page_url(), "/politics/harbour-vote-explained/page/1");

    // Key events, newest first, each at the page that carries it.
    let keys: Vec<(&str, &str)> = live
        .key_events
        .iter()
        .map(|k| (k.id.as_str(), k.url.as_str()))
        .collect();
    assert_eq!(keys[0], ("e43", "/politics/harbour-vote-explained#e43"));
    assert_eq!(
        keys.last().copied(),
        Some(("e3", "/politics/harbour-vote-explained/page/1#e3"))
    );
    assert_eq!(keys.len(), 5);
    assert_eq!(live.key_events[4].title, "Update number 3.");

    // Cards mark it, and the server's list names its page and JSON.
    let section: SectionPage = read(&out.join("api/v1/sections/politics/1.json"));
    assert!(section.teasers.iter().any(|t| t.slug == MAIN && t.live));
    assert!(section
        .teasers
        .iter()
        .filter(|t| t.slug != MAIN)
        .all(|t| !t.live));
    assert_eq!(
        fs::read_to_string(out.join(".live")).unwrap(),
        format!("/politics/{MAIN}\n/api/v1/articles/{MAIN}.json\n")
    );

    // Ended: no badge, no list, and the same pages.
    a["live"]["status"] = json!("ended");
    fs::write(&file, a.to_string()).unwrap();
    build(&content, &out).unwrap();
    let own: Article = read(&api.join(format!("{MAIN}.json")));
    assert!(!own.live.as_ref().unwrap().is_live());
    assert_eq!(fs::read_to_string(out.join(".live")).unwrap(), "");
    let section: SectionPage = read(&out.join("api/v1/sections/politics/1.json"));
    assert!(section.teasers.iter().all(|t| !t.live));
}
