//! The endpoint's own pages speak the publication's language: the words,
//! `lang` and `dir`, and the digits of a count, from the `endpoint.json`
//! the build writes; English, as always, when the site has none.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::{json, Value};
use standfirst_model::strings::ENDPOINT_JSON;
use standfirst_server::{CONFIRM, UNSUBSCRIBE};

const FORM: &str =
    "email=reader%40example.org&lists=daily&consent=true&source=%2Fworld%2Fsome-story&website=";
const STORY: &str = "http://news.example.org/world/some-story";

/// `html` has the Arabic `lang` and `dir`, `words`, and no English phrase.
#[track_caller]
fn is_arabic(html: &str, words: &[&str]) {
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{html}"
    );
    for w in words {
        assert!(html.contains(w), "{w} in {html}");
    }
    // The page's own text: what is between the tags, and the button.
    for phrase in english_phrases() {
        assert!(!html.contains(&phrase), "English {phrase:?} in {html}");
    }
}

#[tokio::test]
async fn an_arabic_site_gets_arabic_answers_with_its_digits() {
    let s = site_of(|d| write_built(d, &arabic_site()), |_| {});
    let a = post_form_from_browser(&s.app, FORM, Some(STORY)).await;
    assert_eq!(a.status, 201);
    is_arabic(
        &a.text(),
        &[
            "<title>تفقّد بريدك · الرصيف اليومي</title>",
            "<h1>تفقّد بريدك</h1>",
            ">العودة إلى الصفحة التي كنت فيها</a>",
            ">اذهب إلى الصفحة الأولى</a>",
        ],
    );

    let refused = post_form_from_browser(
        &s.app,
        "email=reader%40example.org&lists=daily&website=",
        None,
    )
    .await;
    assert_eq!(refused.status, 422);
    is_arabic(&refused.text(), &["<h1>نحتاج إلى موافقتك</h1>"]);

    set_mode(&s.app, "rate_limited").await;
    let limited = post_form_from_browser(&s.app, FORM, None).await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.header("retry-after"),
        Some("30"),
        "ASCII in the header"
    );
    is_arabic(
        &limited.text(),
        &[
            "<h1>محاولات كثيرة جداً</h1>",
            "يُرجى الانتظار ٣٠ ثانية، ثم العودة إلى النموذج",
        ],
    );
    set_mode(&s.app, "normal").await;

    // JSON clients get the contract's codes, whatever the language.
    let json = post_json(&s.app, &valid_json("r@example.org")).await;
    assert_eq!(json.json(), json!({ "status": "pending" }));
}

#[tokio::test]
async fn an_arabic_sites_links_have_arabic_pages() {
    let s = site_of(|d| write_built(d, &arabic_site()), |_| {});
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
    let token = last_token(&s.app).await;
    let page = get(&s.app, &format!("{CONFIRM}?token={token}")).await;
    assert_eq!(page.status, 200);
    is_arabic(
        &page.text(),
        &[
            "<h1>أكّد اشتراكك</h1>",
            ">تأكيد</button>",
            ">اذهب إلى الرصيف اليومي</a>",
        ],
    );
    let req = Request::post(format!("{CONFIRM}?token={token}"))
        .body(Body::empty())
        .unwrap();
    let done = send(&s.app, req).await;
    assert_eq!(done.status, 200);
    is_arabic(&done.text(), &["<h1>تم تأكيد الاشتراك</h1>"]);

    let unknown = get(&s.app, &format!("{CONFIRM}?token=nope")).await;
    assert_eq!(unknown.status, 404);
    is_arabic(&unknown.text(), &["<h1>رابط غير معروف</h1>"]);
    let unknown = get(&s.app, &format!("{UNSUBSCRIBE}?token=nope")).await;
    assert_eq!(unknown.status, 404);
    is_arabic(&unknown.text(), &["رابط إلغاء الاشتراك هذا غير صالح"]);
}

#[tokio::test]
async fn the_links_rate_limit_counts_in_the_sites_digits() {
    let s = site_of(
        |d| write_built(d, &arabic_site()),
        |c| c.link_rate_limit = 1,
    );
    let path = format!("{UNSUBSCRIBE}?token=nope");
    assert_eq!(get(&s.app, &path).await.status, 404);
    let limited = get(&s.app, &path).await;
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    let digits: String = wait
        .to_string()
        .bytes()
        .map(|b| "٠١٢٣٤٥٦٧٨٩".chars().nth(usize::from(b - b'0')).unwrap())
        .collect();
    let html = limited.text();
    is_arabic(&html, &["<h1>محاولات كثيرة جداً</h1>"]);
    assert!(
        html.contains(&digits) || html.contains("ثانية واحدة") || html.contains("ثانيتين"),
        "{html}"
    );
}

#[tokio::test]
async fn without_an_endpoint_file_the_pages_stay_english() {
    // The test site's dist has a site.json and no endpoint.json, as a
    // build from before the endpoint's strings.
    let s = site();
    assert!(!s.dist().join(ENDPOINT_JSON).exists());
    let a = post_form_from_browser(&s.app, FORM, None).await;
    let html = a.text();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"),
        "{html}"
    );
    assert!(html.contains("<h1>Check your inbox</h1>"));
    // A file of another version (other keys) is English too, not a mix.
    let s = site_of(
        |d| {
            write_built(d, &arabic_site());
            let mut e: Value =
                serde_json::from_slice(&std::fs::read(d.join(ENDPOINT_JSON)).unwrap()).unwrap();
            e["text"].as_array_mut().unwrap().pop();
            std::fs::write(d.join(ENDPOINT_JSON), e.to_string()).unwrap();
        },
        |_| {},
    );
    let html = post_form_from_browser(&s.app, FORM, None).await.text();
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{html}");
    assert!(html.contains("<h1>Check your inbox</h1>"));
}

#[tokio::test]
async fn the_english_build_gives_the_english_pages() {
    let s = site_of(
        |d| {
            write_dist(d);
            let site: Value =
                serde_json::from_slice(&std::fs::read(d.join("api/v1/site.json")).unwrap())
                    .unwrap();
            write_built(d, &site);
        },
        |_| {},
    );
    let html = post_form_from_browser(&s.app, FORM, Some(STORY))
        .await
        .text();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("<title>Check your inbox · The Test Standfirst</title>"));
    assert!(html.contains(">Back to the page you were on</a>"));
}
