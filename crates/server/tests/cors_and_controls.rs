//! CORS for the endpoint, and the test-only controls.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const ALLOWED: &str = "https://news.example.org";

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/newsletter")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn preflight_from_an_allowed_origin_is_answered() {
    let s = site_with(|c| c.cors_origins = vec![format!("{ALLOWED}/")]);
    let a = send(&s.app, preflight(ALLOWED)).await;
    assert_eq!(a.status, 204);
    assert_eq!(a.header("access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(a.header("access-control-allow-methods"), Some("POST"));
    assert_eq!(
        a.header("access-control-allow-headers"),
        Some("content-type")
    );
    assert!(a.headers.get_all("vary").iter().any(|v| v == "Origin"));

    let mut post = signup_request(
        "application/json",
        valid_json("r@example.org"),
        [192, 0, 2, 1],
    );
    post.headers_mut()
        .insert("origin", ALLOWED.parse().unwrap());
    let a = send(&s.app, post).await;
    assert_eq!(a.status, 201);
    assert_eq!(a.header("access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(
        a.header("access-control-expose-headers"),
        Some("retry-after")
    );
}

#[tokio::test]
async fn other_origins_get_no_cors_headers() {
    let s = site_with(|c| c.cors_origins = vec![ALLOWED.into()]);
    let a = send(&s.app, preflight("https://evil.example")).await;
    assert_eq!(a.status, 403);
    assert!(a
        .headers
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));

    // A same-origin page's POST carries its own Origin: served, no CORS headers.
    let mut post = signup_request(
        "application/json",
        valid_json("r@example.org"),
        [192, 0, 2, 1],
    );
    post.headers_mut()
        .insert("origin", "http://127.0.0.1:4173".parse().unwrap());
    post.headers_mut()
        .insert("host", "127.0.0.1:4173".parse().unwrap());
    let a = send(&s.app, post).await;
    assert_eq!(a.status, 201);
    assert!(a
        .headers
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));

    // No origins configured: preflights are refused too.
    let plain = site();
    assert_eq!(send(&plain.app, preflight(ALLOWED)).await.status, 403);
}

#[tokio::test]
async fn test_routes_do_not_exist_without_the_flag() {
    let s = site_with(|c| c.test_controls = false);
    assert_eq!(get(&s.app, "/__test/newsletter/count").await.status, 404);
    assert_eq!(
        get(&s.app, "/__test/newsletter/last-token").await.status,
        404
    );
    assert!(!set_mode(&s.app, "fail").await.status.is_success());
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
}

#[tokio::test]
async fn modes_switch_how_the_endpoint_answers_and_requests_are_counted() {
    let s = site();
    let count = |a: Answer| {
        (
            a.json()["requests"].as_u64().unwrap(),
            a.json()["rows"].as_i64().unwrap(),
        )
    };
    assert_eq!(count(get(&s.app, "/__test/newsletter/count").await), (0, 0));

    assert_eq!(
        set_mode(&s.app, "fail").await.json(),
        json!({ "mode": "fail" })
    );
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        500
    );

    set_mode(&s.app, "rate_limited").await;
    let a = post_json(&s.app, &valid_json("r@example.org")).await;
    assert_eq!(
        (a.status.as_u16(), a.header("retry-after")),
        (429, Some("30"))
    );

    set_mode(&s.app, "offline").await;
    let resp = s
        .app
        .clone()
        .oneshot(signup_request(
            "application/json",
            valid_json("r@example.org"),
            [192, 0, 2, 1],
        ))
        .await
        .unwrap();
    assert!(
        resp.into_body().collect().await.is_err(),
        "offline: the answer never completes"
    );

    set_mode(&s.app, "normal").await;
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
    // Refused requests count as requests too; only the last made a row.
    assert_eq!(post_json(&s.app, "{}").await.status, 422);
    assert_eq!(count(get(&s.app, "/__test/newsletter/count").await), (5, 1));

    assert_eq!(set_mode(&s.app, "sideways").await.status, 400);
}

#[tokio::test(start_paused = true)]
async fn slow_waits_ten_seconds_then_answers() {
    let s = site();
    set_mode(&s.app, "slow").await;
    let started = tokio::time::Instant::now();
    let a = post_json(&s.app, &valid_json("r@example.org")).await;
    assert!(started.elapsed() >= standfirst_server::SLOW);
    assert_eq!(a.status, 201);
}

#[tokio::test]
async fn normal_mode_resets_the_rate_limit() {
    let s = site_with(|c| c.rate_limit = 1);
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        429
    );
    set_mode(&s.app, "normal").await;
    assert_eq!(
        post_json(&s.app, &valid_json("r@example.org")).await.status,
        201
    );
}

#[tokio::test]
async fn a_same_origin_form_post_is_not_blocked() {
    let s = site_with(|c| c.cors_origins = vec![ALLOWED.into()]);
    let a = post_form_from_browser(
        &s.app,
        "email=r%40example.org&lists=daily&consent=on",
        Some(&format!("http://{HOST}/newsletters")),
    )
    .await;
    assert_eq!(a.status, 201);
    assert!(a.text().contains("<h1>Check your inbox</h1>"));
    assert!(a.text().contains("href=\"/newsletters\""));
    assert!(a
        .headers
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));
}

/// A sign-up with `Origin` and/or `Referer`, to `Host: news.example.org`.
async fn post_from(
    app: &axum::Router,
    form: bool,
    origin: Option<&str>,
    referer: Option<&str>,
) -> Answer {
    let (ct, body) = if form {
        (
            "application/x-www-form-urlencoded",
            "email=r%40example.org&lists=daily&consent=on".to_string(),
        )
    } else {
        ("application/json", valid_json("r@example.org"))
    };
    let mut req = signup_request(ct, body, [192, 0, 2, 1]);
    let h = req.headers_mut();
    h.insert("host", HOST.parse().unwrap());
    if form {
        h.insert("accept", BROWSER_ACCEPT.parse().unwrap());
    }
    if let Some(o) = origin {
        h.insert("origin", o.parse().unwrap());
    }
    if let Some(r) = referer {
        h.insert("referer", r.parse().unwrap());
    }
    send(app, req).await
}

#[tokio::test]
async fn sign_ups_from_other_sites_are_refused_in_either_encoding() {
    let s = site_with(|c| c.cors_origins = vec![ALLOWED.into()]);
    for form in [false, true] {
        let evil = post_from(&s.app, form, Some("https://evil.example"), None).await;
        assert_eq!(evil.status, 403, "form: {form}");
        if form {
            assert!(evil.text().contains("another website"), "{}", evil.text());
        } else {
            assert_eq!(
                evil.json(),
                serde_json::json!({ "error": "forbidden_origin" })
            );
        }
        let by_referer = post_from(&s.app, form, None, Some("https://evil.example/page")).await;
        assert_eq!(by_referer.status, 403);
        let null = post_from(&s.app, form, Some("null"), None).await;
        assert_eq!(null.status, 403);
        let own = post_from(&s.app, form, Some(&format!("https://{HOST}")), None).await;
        assert_eq!(own.status, 201);
        let own_referer = post_from(&s.app, form, None, Some(&format!("https://{HOST}/x"))).await;
        assert_eq!(own_referer.status, 201);
        let listed = post_from(&s.app, form, Some(ALLOWED), None).await;
        assert_eq!(listed.status, 201);
        let none = post_from(&s.app, form, None, None).await;
        assert_eq!(none.status, 201);
    }
    assert_eq!(
        s.sql()
            .query_row("SELECT COUNT(*) FROM subscribers", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        1
    );

    // With --public-url, the own origin is that URL's, whatever the Host.
    let p = site_with(|c| c.public_url = Some("https://news.example.org".into()));
    let mut req = signup_request(
        "application/json",
        valid_json("r@example.org"),
        [192, 0, 2, 1],
    );
    req.headers_mut()
        .insert("host", "127.0.0.1:8080".parse().unwrap());
    req.headers_mut()
        .insert("origin", "http://127.0.0.1:8080".parse().unwrap());
    assert_eq!(send(&p.app, req).await.status, 403);
    assert_eq!(
        post_from(&p.app, false, Some("https://news.example.org"), None)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn test_controls_answer_only_loopback_and_json() {
    let s = site();
    let remote = |req: axum::http::Request<axum::body::Body>| {
        let mut req = req;
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [192, 0, 2, 9],
                5000,
            ))));
        req
    };
    let count = || {
        axum::http::Request::get("/__test/newsletter/count")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    assert_eq!(send(&s.app, remote(count())).await.status, 404);
    assert_eq!(send(&s.app, count()).await.status, 404, "no peer address");
    let mut proxied = from_loopback(count());
    proxied
        .headers_mut()
        .insert("x-forwarded-for", "192.0.2.9".parse().unwrap());
    assert_eq!(send(&s.app, proxied).await.status, 404, "through a proxy");
    assert_eq!(send(&s.app, from_loopback(count())).await.status, 200);
    let form = axum::http::Request::post("/__test/newsletter")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("mode=fail"))
        .unwrap();
    assert_eq!(send(&s.app, from_loopback(form)).await.status, 415);
    assert_eq!(set_mode(&s.app, "fail").await.status, 200);
}
