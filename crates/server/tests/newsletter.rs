//! The reference sign-up endpoint, per the content contract.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::json;
use standfirst_server::CONFIRM;

#[tokio::test]
async fn a_json_sign_up_is_pending() {
    let s = site();
    let a = post_json(&s.app, &valid_json("  Reader@Example.ORG ")).await;
    assert_eq!(a.status, 201);
    assert_eq!(a.json(), json!({ "status": "pending" }));
    assert_eq!(a.header("content-type"), Some("application/json"));
    assert_eq!(a.header("cache-control"), Some("no-store"));
    let (email, lists, status, hash, source): (String, String, String, String, String) = s
        .sql()
        .query_row(
            "SELECT email, lists, status, token_hash, source FROM subscribers",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(email, "Reader@example.org");
    assert_eq!(lists, r#"["daily"]"#);
    assert_eq!(status, "pending");
    assert_eq!(source, "/world/some-story");
    // The token is URL-safe and only its SHA-256 is stored.
    let token = last_token(&s.app).await;
    assert_eq!(token.len(), 43);
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_ne!(hash, token);
    assert_eq!(hash, sha256_hex(&token));
}

#[tokio::test]
async fn a_form_sign_up_with_repeated_lists_is_pending() {
    let s = site();
    let a = post_form(
        &s.app,
        "email=reader%2Bnews%40example.org&lists=daily&lists=weekend&consent=true&source=%2Fnewsletters",
    )
    .await;
    assert_eq!(a.status, 201);
    assert_eq!(a.json(), json!({ "status": "pending" }));
    let lists: String = s
        .sql()
        .query_row("SELECT lists FROM subscribers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lists, r#"["daily","weekend"]"#);
    let charset = send(
        &s.app,
        signup_request(
            "application/x-www-form-urlencoded; charset=UTF-8",
            "email=b%40example.org&lists=daily&consent=true",
            [192, 0, 2, 1],
        ),
    )
    .await;
    assert_eq!(charset.status, 201);
}

#[tokio::test]
async fn bad_input_is_refused_with_the_contract_codes() {
    let s = site();
    for (body, code) in [
        (
            json!({ "email": "reader@example", "lists": ["daily"], "consent": true }),
            "invalid_email",
        ),
        (
            json!({ "email": "", "lists": ["daily"], "consent": true }),
            "invalid_email",
        ),
        (
            json!({ "lists": ["daily"], "consent": true }),
            "invalid_email",
        ),
        (
            json!({ "email": "r@example.org", "lists": ["sport"], "consent": true }),
            "unknown_list",
        ),
        (
            json!({ "email": "r@example.org", "lists": ["daily", "sport"], "consent": true }),
            "unknown_list",
        ),
        (
            json!({ "email": "r@example.org", "lists": [], "consent": true }),
            "unknown_list",
        ),
        (
            json!({ "email": "r@example.org", "lists": ["daily"], "consent": false }),
            "consent_required",
        ),
        (
            json!({ "email": "r@example.org", "lists": ["daily"] }),
            "consent_required",
        ),
    ] {
        let a = post_json(&s.app, &body.to_string()).await;
        assert_eq!(a.status, 422, "{body}");
        assert_eq!(a.json(), json!({ "error": code }), "{body}");
    }
    let form = post_form(&s.app, "email=r%40example.org&lists=daily").await;
    assert_eq!(
        (form.status.as_u16(), form.json()),
        (422, json!({ "error": "consent_required" }))
    );
    for malformed in [
        "{\"email\": ",
        "[]",
        r#"{"email":"r@example.org","lists":"daily","consent":true}"#,
    ] {
        let a = post_json(&s.app, malformed).await;
        assert_eq!(a.status, 400, "{malformed}");
        assert_eq!(a.json(), json!({ "error": "bad_request" }));
    }
    let rows: i64 = s
        .sql()
        .query_row("SELECT COUNT(*) FROM subscribers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn signing_up_again_while_pending_replaces_the_token_and_merges_lists() {
    let s = site();
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
    let first = last_token(&s.app).await;
    // The same mailbox, however its local part and domain are cased.
    let again = json!({ "email": "R@EXAMPLE.org", "lists": ["weekend"], "consent": true });
    let a = post_json(&s.app, &again.to_string()).await;
    assert_eq!(
        (a.status.as_u16(), a.json()),
        (201, json!({ "status": "pending" }))
    );
    let second = last_token(&s.app).await;
    assert_ne!(second, first);
    let (rows, lists): (i64, String) = s
        .sql()
        .query_row("SELECT COUNT(*), MAX(lists) FROM subscribers", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((rows, lists.as_str()), (1, r#"["daily","weekend"]"#));
    assert_eq!(
        post_token(&s.app, CONFIRM, &first).await.status,
        404,
        "replaced"
    );
    assert_eq!(post_token(&s.app, CONFIRM, &second).await.status, 200);
}

fn status_of(s: &TestSite) -> String {
    s.sql()
        .query_row("SELECT status FROM subscribers", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn get_and_head_of_the_confirm_link_change_nothing_and_the_post_confirms() {
    let s = site();
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
    let token = last_token(&s.app).await;
    let link = format!("{CONFIRM}?token={token}");
    let page = get(&s.app, &link).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<form method=\"post\" action=\"/api/newsletter/confirm\">"),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"token\" value=\"{token}\"")));
    assert!(html.contains(">Confirm</button>"));
    assert!(
        html.contains(&format!("<link rel=\"stylesheet\" href=\"{CSS}\">")),
        "the site's style"
    );
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert!(page.header("content-security-policy").is_some());
    let head = send(&s.app, Request::head(&link).body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, 200);
    assert_eq!(
        status_of(&s),
        "pending",
        "a scanner's GET or HEAD confirms nobody"
    );

    let done = post_token(&s.app, CONFIRM, &token).await;
    assert_eq!(done.status, 200);
    assert!(done.text().contains("confirmed"));
    assert_eq!(status_of(&s), "confirmed");
    let confirmed_at: Option<String> = s
        .sql()
        .query_row("SELECT confirmed_at FROM subscribers", [], |r| r.get(0))
        .unwrap();
    assert!(confirmed_at.is_some());
    // The token in the query works too, and twice is harmless.
    let again = send(&s.app, Request::post(&link).body(Body::empty()).unwrap()).await;
    assert_eq!(again.status, 200);
}

#[tokio::test]
async fn a_confirmed_address_gets_the_same_answer_as_a_new_one() {
    let s = site();
    let new = post_json(&s.app, &valid_json("r@example.org")).await;
    let token = last_token(&s.app).await;
    assert_eq!(post_token(&s.app, CONFIRM, &token).await.status, 200);
    let confirmed = post_json(&s.app, &valid_json("r@example.org")).await;
    let other = post_json(&s.app, &valid_json("other@example.org")).await;
    for a in [&new, &confirmed, &other] {
        assert_eq!(
            (a.status.as_u16(), a.json()),
            (201, json!({ "status": "pending" }))
        );
        assert_eq!(a.header("content-type"), new.header("content-type"));
    }
    assert_eq!(status_of_email(&s, "r@example.org"), "confirmed");
}

fn status_of_email(s: &TestSite, key: &str) -> String {
    s.sql()
        .query_row(
            "SELECT status FROM subscribers WHERE email_key = ?1",
            [key],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let s = site_with(|c| c.token_ttl = std::time::Duration::ZERO);
    post_json(&s.app, &valid_json("r@example.org")).await;
    let token = last_token(&s.app).await;
    let page = get(&s.app, &format!("{CONFIRM}?token={token}")).await;
    assert_eq!(page.status, 410);
    assert!(page.text().contains("expired"));
    assert_eq!(post_token(&s.app, CONFIRM, &token).await.status, 410);
    assert_eq!(status_of(&s), "pending");
}

#[tokio::test]
async fn invisible_characters_are_invalid_and_one_mailbox_is_one_row() {
    let s = site();
    for email in ["re\u{200B}ader@example.org", "reader@exa\u{202E}mple.org"] {
        let a = post_json(&s.app, &valid_json(email)).await;
        assert_eq!(a.status, 422, "{email:?}");
        assert_eq!(a.json(), json!({ "error": "invalid_email" }));
    }
    for email in [
        "Reader@example.org",
        "reader@example.org",
        "READER@Example.ORG",
    ] {
        assert_eq!(post_json(&s.app, &valid_json(email)).await.status, 201);
    }
    assert_eq!(
        post_json(&s.app, &valid_json("leser@Bücher.example"))
            .await
            .status,
        201
    );
    let rows: Vec<(String, String)> = s
        .sql()
        .prepare("SELECT email, email_key FROM subscribers ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("Reader@example.org".into(), "reader@example.org".into()),
            (
                "leser@xn--bcher-kva.example".into(),
                "leser@xn--bcher-kva.example".into()
            ),
        ]
    );
}

#[tokio::test]
async fn unknown_or_missing_tokens_get_a_404_page() {
    let s = site();
    for path in [
        format!("/api/newsletter/confirm?token={}", "ab".repeat(32)),
        format!("/api/newsletter/confirm?token={}", "A".repeat(43)),
        "/api/newsletter/confirm?token=nope".to_string(),
        "/api/newsletter/confirm".to_string(),
    ] {
        let a = get(&s.app, &path).await;
        assert_eq!(a.status, 404, "{path}");
        assert!(a.text().contains("not valid"));
    }
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_per_ip() {
    let s = site_with(|c| c.rate_limit = 5);
    let from = |ip| signup_request("application/json", valid_json("r@example.org"), ip);
    for _ in 0..5 {
        assert!(send(&s.app, from([198, 51, 100, 7]))
            .await
            .status
            .is_success());
    }
    let limited = send(&s.app, from([198, 51, 100, 7])).await;
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(limited.json(), json!({ "error": "rate_limited" }));
    assert!(send(&s.app, from([198, 51, 100, 8]))
        .await
        .status
        .is_success());
}

#[tokio::test]
async fn a_two_megabyte_body_is_413() {
    let s = site();
    let big = format!("{{\"email\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let sized = signup_request("application/json", big.clone(), [192, 0, 2, 1]);
    assert_eq!(send(&s.app, sized).await.status, 413);
    // Without a Content-Length (chunked), the limit still holds.
    let chunks = futures_util::stream::iter(
        big.into_bytes()
            .chunks(8192)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let streamed = signup_request(
        "application/json",
        Body::from_stream(chunks),
        [192, 0, 2, 1],
    );
    assert_eq!(send(&s.app, streamed).await.status, 413);
    let just_under = format!(
        "{{\"email\":\"r@example.org\",\"pad\":\"{}\",\"lists\":[\"daily\"],\"consent\":true}}",
        "x".repeat(60_000)
    );
    assert_eq!(post_json(&s.app, &just_under).await.status, 201);
}

#[tokio::test]
async fn other_content_types_are_415() {
    let s = site();
    for ct in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ] {
        let a = send(
            &s.app,
            signup_request(ct, valid_json("r@example.org"), [192, 0, 2, 1]),
        )
        .await;
        assert_eq!(a.status, 415, "{ct}");
    }
    let none = Request::post("/api/newsletter")
        .body(Body::from(valid_json("r@example.org")))
        .unwrap();
    assert_eq!(send(&s.app, none).await.status, 415);
    let get = get(&s.app, "/api/newsletter").await;
    assert_eq!(get.status, 405);
}

const FORM: &str =
    "email=reader%40example.org&lists=daily&consent=true&source=%2Fworld%2Fsome-story&website=";
const STORY: &str = "http://news.example.org/world/some-story";

/// The links of a page, as `href` values.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[tokio::test]
async fn a_browser_form_post_gets_a_page_to_read() {
    let s = site();
    let a = post_form_from_browser(&s.app, FORM, Some(STORY)).await;
    assert_eq!(a.status, 201);
    assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert!(a.headers.get_all("vary").iter().any(|v| v == "Accept"));
    assert!(a.header("content-security-policy").is_some());
    let html = a.text();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"),
        "{html}"
    );
    assert!(html.contains("<title>Check your inbox · The Test Standfirst</title>"));
    assert!(html.contains("<h1>Check your inbox</h1>"));
    assert!(html.contains("to confirm"), "{html}");
    assert_eq!(hrefs(&html), ["/world/some-story", "/"]);
    assert!(!html.contains("<script") && !html.contains("reader@example.org"));
    let (rows, source): (i64, String) = s
        .sql()
        .query_row("SELECT COUNT(*), MAX(source) FROM subscribers", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((rows, source.as_str()), (1, "/world/some-story"));

    // Confirmed, then the same form again: the same page (the mail differs).
    let token = last_token(&s.app).await;
    post_token(&s.app, CONFIRM, &token).await;
    let again = post_form_from_browser(&s.app, FORM, Some(STORY)).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.text(), a.text());
}

#[tokio::test]
async fn a_refused_form_post_says_what_to_fix() {
    let s = site();
    for (body, status, heading, words) in [
        (
            "email=reader%40example&lists=daily&consent=true",
            422,
            "Check your email address",
            "email address is not complete",
        ),
        (
            "email=&lists=daily&consent=on",
            422,
            "Check your email address",
            "name@example.org",
        ),
        (
            "email=reader%40example.org&consent=true",
            422,
            "Choose a newsletter",
            "choose at least one",
        ),
        (
            "email=reader%40example.org&lists=daily",
            422,
            "Your consent is needed",
            "tick the consent box",
        ),
    ] {
        let a = post_form_from_browser(&s.app, body, Some(STORY)).await;
        assert_eq!(a.status, status, "{body}");
        assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
        let html = a.text();
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{html}");
        assert!(html.contains(words), "{words}: {html}");
        assert!(html.contains(&format!("<title>{heading} · ")));
        assert_eq!(hrefs(&html), ["/world/some-story", "/"]);
    }
    // Over the limit: the wait in words, and in Retry-After.
    set_mode(&s.app, "rate_limited").await;
    let a = post_form_from_browser(&s.app, FORM, Some(STORY)).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.header("retry-after"), Some("30"));
    assert!(a.text().contains("wait 30 seconds"));
    set_mode(&s.app, "fail").await;
    let a = post_form_from_browser(&s.app, FORM, Some(STORY)).await;
    assert_eq!(a.status, 500);
    assert!(a.text().contains("<h1>Something went wrong</h1>"));
    let rows: i64 = s
        .sql()
        .query_row("SELECT COUNT(*) FROM subscribers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn the_way_back_is_a_page_of_this_site_or_the_front() {
    let s = site();
    let from = |referer: Option<&'static str>| {
        let app = s.app.clone();
        async move {
            post_form_from_browser(&app, "email=r%40example&lists=daily", referer)
                .await
                .text()
        }
    };
    for referer in [
        None,
        Some("https://evil.example/world/some-story"),
        Some("http://news.example.org.evil.example/x"),
        Some("http://news.example.org//evil.example/x"),
    ] {
        let html = from(referer).await;
        assert_eq!(hrefs(&html), ["/"], "{referer:?}");
        assert!(html.contains(">Go to the front page</a>"));
    }
    let odd = from(Some(
        "http://news.example.org/world/a\"><script>alert(1)</script>",
    ))
    .await;
    assert!(!odd.contains("<script"), "{odd}");
    assert!(odd.contains("href=\"/world/a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    let query = from(Some("http://news.example.org/world?page=2&x=1#top")).await;
    assert_eq!(hrefs(&query), ["/world?page=2&amp;x=1", "/"]);
}

#[tokio::test]
async fn api_clients_still_get_json() {
    let s = site();
    for accept in [
        None,
        Some("*/*"),
        Some("application/json"),
        Some("application/json, text/html"),
    ] {
        let mut req = signup_request(
            "application/x-www-form-urlencoded",
            "email=r%40example&lists=daily&consent=true",
            [192, 0, 2, 1],
        );
        if let Some(v) = accept {
            req.headers_mut().insert("accept", v.parse().unwrap());
        }
        let a = send(&s.app, req).await;
        assert_eq!(a.status, 422, "{accept:?}");
        assert_eq!(a.header("content-type"), Some("application/json"));
        assert!(a.headers.get_all("vary").iter().any(|v| v == "Accept"));
        assert_eq!(a.json(), json!({ "error": "invalid_email" }));
    }
}

#[tokio::test]
async fn every_answer_of_the_endpoint_and_its_links_is_no_store_and_files_are_not() {
    let s = site_with(|c| {
        c.rate_limit = 1;
        c.cors_origins = vec!["https://other.example".into()];
    });
    let mut answers = vec![
        ("201", post_json(&s.app, &valid_json("r@example.org")).await),
        ("429", post_json(&s.app, &valid_json("r@example.org")).await),
    ];
    let from = |ip, body: &str| signup_request("application/json", body.to_string(), ip);
    let more = [
        ("422", from([192, 0, 2, 2], r#"{"email":"x"}"#)),
        ("400", from([192, 0, 2, 3], "{")),
        ("413", from([192, 0, 2, 4], &"a".repeat(70_000))),
    ];
    for (what, req) in more {
        answers.push((what, send(&s.app, req).await));
    }
    let token = last_token(&s.app).await;
    let mut foreign = from([192, 0, 2, 5], &valid_json("f@example.org"));
    foreign
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    answers.push(("403", send(&s.app, foreign).await));
    let preflight = Request::options("/api/newsletter")
        .header("origin", "https://other.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    answers.push(("preflight", send(&s.app, preflight).await));
    answers.push(("405", get(&s.app, "/api/newsletter").await));
    let confirm = format!("{CONFIRM}?token={token}");
    answers.push(("confirm page", get(&s.app, &confirm).await));
    answers.push(("confirmed", post_token(&s.app, CONFIRM, &token).await));
    answers.push((
        "unknown",
        get(&s.app, "/api/newsletter/unsubscribe?token=x").await,
    ));
    answers.push((
        "no token",
        post_token(&s.app, "/api/newsletter/unsubscribe", "x").await,
    ));
    for (what, a) in &answers {
        assert_eq!(
            a.header("cache-control"),
            Some("no-store"),
            "{what}: {}",
            a.status
        );
    }
    for (path, want) in [
        ("/", "no-cache"),
        (CSS, "public, max-age=31536000, immutable"),
    ] {
        assert_eq!(get(&s.app, path).await.header("cache-control"), Some(want));
    }
}
