//! A live story's page and JSON are cached for seconds, not revalidated on
//! every request, and a tab's poll of an unchanged file is a small 304.

mod common;

use common::*;

const LIVE: &str = "public, max-age=5, stale-while-revalidate=10";

#[tokio::test]
async fn live_stories_get_a_short_cache_and_the_rest_keeps_its_own() {
    let s = site();
    std::fs::write(
        s.dist().join(".live"),
        "/world/some-story\n/api/v1/articles/one.json\n",
    )
    .unwrap();
    for path in ["/world/some-story", "/api/v1/articles/one.json"] {
        let answer = get(&s.app, path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("cache-control"), Some(LIVE), "{path}");
    }
    assert_eq!(
        get(&s.app, "/world").await.header("cache-control"),
        Some("no-cache")
    );
    assert_eq!(
        get(&s.app, "/api/v1/site.json")
            .await
            .header("cache-control"),
        Some("no-cache")
    );
    // The list itself is never served.
    assert_eq!(get(&s.app, "/.live").await.status, 404);
    // The coverage ended: the next build's list no longer names it.
    std::fs::write(s.dist().join(".live"), "").unwrap();
    assert_eq!(
        get(&s.app, "/world/some-story")
            .await
            .header("cache-control"),
        Some("no-cache")
    );
}

#[tokio::test]
async fn an_unchanged_poll_is_a_304_without_a_body() {
    let s = site();
    std::fs::write(s.dist().join(".live"), "/api/v1/articles/one.json\n").unwrap();
    let first = get_with(&s.app, "/api/v1/articles/one.json", "accept-encoding", "br").await;
    let stamp = first
        .header("last-modified")
        .expect("a Last-Modified")
        .to_string();
    let again = get_with(
        &s.app,
        "/api/v1/articles/one.json",
        "if-modified-since",
        &stamp,
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.text().is_empty());
    assert_eq!(again.header("cache-control"), Some(LIVE));
}
