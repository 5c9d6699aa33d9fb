//! A story a publish removed is answered with 410 Gone, from the publish's
//! list of removed URLs, read again when the publish changes it.

mod common;

use common::*;

#[tokio::test]
async fn a_removed_story_is_gone_and_the_rest_is_served_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("gone.txt");
    std::fs::write(
        &list,
        "/world/withdrawn-story\n/api/v1/articles/withdrawn-story.json\n",
    )
    .unwrap();
    let s = site_with(|c| c.gone = Some(list.clone()));
    for path in [
        "/world/withdrawn-story",
        "/world/withdrawn-story.html",
        "/api/v1/articles/withdrawn-story.json",
        // Other spellings of the same URL, as the files are found by.
        "//world/./withdrawn-story",
        "/world/withdrawn%2Dstory",
    ] {
        let answer = get(&s.app, path).await;
        assert_eq!(answer.status, 410, "{path}");
        assert_eq!(answer.header("cache-control"), Some("no-cache"), "{path}");
        assert!(answer.text().contains("<html"), "{path}: the site's page");
    }
    assert_eq!(get(&s.app, "/").await.status, 200);
    assert_eq!(get(&s.app, "/world/another-story").await.status, 404);

    // The next publish brings it back: the list no longer names it.
    std::fs::write(&list, "/world/other\n").unwrap();
    assert_eq!(get(&s.app, "/world/withdrawn-story").await.status, 404);
    assert_eq!(get(&s.app, "/world/other").await.status, 410);
}

#[tokio::test]
async fn without_a_list_nothing_is_gone() {
    let s = site();
    assert_eq!(get(&s.app, "/world/withdrawn-story").await.status, 404);
}
