//! The built site served like a CDN serves prerendered pages: `/a/b` from
//! `a/b.html`, precompression, cache headers, trailing-slash redirects,
//! `404.html` with a real 404, and the security headers.

mod common;

use common::*;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[tokio::test]
async fn brotli_is_chosen_when_accepted_then_gzip_then_identity() {
    let s = site();
    let br = get_with(&s.app, JS, "accept-encoding", "gzip, deflate, br").await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(
        br.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));
    let on_disk = std::fs::read(s.dist().join(format!("{}.br", &JS[1..]))).unwrap();
    assert_eq!(br.body, on_disk);

    let gz = get_with(&s.app, JS, "accept-encoding", "gzip").await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let plain = get(&s.app, JS).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, std::fs::read(s.dist().join(&JS[1..])).unwrap());
    assert_eq!(plain.header("vary"), Some("Accept-Encoding"));
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_revalidates() {
    let s = site();
    for (path, cache, content_type) in [
        (JS, IMMUTABLE, "text/javascript; charset=utf-8"),
        (WASM, IMMUTABLE, "application/wasm"),
        (CSS, IMMUTABLE, "text/css; charset=utf-8"),
        ("/", "no-cache", "text/html; charset=utf-8"),
        ("/index.html", "no-cache", "text/html; charset=utf-8"),
        ("/api/v1/site.json", "no-cache", "application/json"),
        ("/api/v1/articles/one.json", "no-cache", "application/json"),
        (
            "/feeds/us.xml",
            "no-cache",
            "application/rss+xml; charset=utf-8",
        ),
        ("/sitemap.xml", "no-cache", "application/xml; charset=utf-8"),
        ("/media/photo.jpg", "public, max-age=86400", "image/jpeg"),
        ("/robots.txt", "no-cache", "text/plain"),
    ] {
        let a = get_with(&s.app, path, "accept-encoding", "br").await;
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("cache-control"), Some(cache), "{path}");
        assert!(
            a.header("content-type").unwrap().starts_with(content_type),
            "{path}: {:?}",
            a.header("content-type")
        );
    }
}

#[tokio::test]
async fn pages_are_served_from_their_html_files() {
    let s = site();
    let mut cases = vec![("/".to_string(), index_html())];
    for (file, name) in PAGES {
        let path = format!("/{}", file.trim_end_matches(".html"));
        cases.push((path, page_html(name)));
        // The file's own name serves it too.
        cases.push((format!("/{file}"), page_html(name)));
    }
    for (path, body) in cases {
        let a = get(&s.app, &path).await;
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.text(), body, "{path}");
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
        assert_eq!(
            a.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
    }
    // By edition, section page and story, as the site links them.
    assert_eq!(get(&s.app, "/uk").await.text(), page_html("uk"));
    assert_eq!(
        get(&s.app, "/world/page/2").await.text(),
        page_html("world-2")
    );
    assert_eq!(
        get(&s.app, "/world/some-story").await.text(),
        page_html("some-story")
    );

    let br = get_with(&s.app, "/world/some-story", "accept-encoding", "br").await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(br.header("cache-control"), Some("no-cache"));
    assert_eq!(
        br.body,
        std::fs::read(s.dist().join("world/some-story.html.br")).unwrap()
    );
    let gz = get_with(&s.app, "/uk", "accept-encoding", "gzip").await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn a_trailing_slash_is_redirected_away_keeping_the_query() {
    let s = site();
    for (path, location) in [
        ("/world/some-story/", "/world/some-story"),
        ("/world/?page=2", "/world?page=2"),
        ("/uk/", "/uk"),
        ("/missing/", "/missing"),
        ("/world//", "/world"),
        ("//evil.example/", "/evil.example"),
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 301, "{path}");
        assert_eq!(a.header("location"), Some(location), "{path}");
        assert!(a.header("content-security-policy").is_some());
    }
    assert_eq!(get(&s.app, "/").await.status, 200);
}

#[tokio::test]
async fn unknown_paths_get_the_404_page_with_status_404() {
    let s = site();
    for path in [
        "/world/missing-story",
        "/world/page/9",
        "/world/page",
        "/au",
        "/api/v1/missing.json",
        "/api/v1/articles/missing.json",
        "/api/v1/articles/missing",
        "/missing.js",
        "/standfirst-0000000000000000_bg.wasm",
        "/media/missing",
        "/feeds/missing",
        "/world/story.html",
        "/404",
        "/404.html",
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.text(), not_found_html(), "{path}");
        assert_eq!(
            a.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
        assert!(a.header("content-security-policy").is_some());
    }
    // Precompressed like any page, and never a 304 or a 206.
    let br = get_with(&s.app, "/world/missing-story", "accept-encoding", "br").await;
    assert_eq!(br.status, 404);
    assert_eq!(br.header("content-encoding"), Some("br"));
    for (name, value) in [
        ("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT"),
        ("range", "bytes=0-9"),
    ] {
        let a = get_with(&s.app, "/missing", name, value).await;
        assert_eq!(a.status, 404, "{name}");
        assert_eq!(a.text(), not_found_html(), "{name}");
    }
    let head = axum::http::Request::head("/missing")
        .body(axum::body::Body::empty())
        .unwrap();
    let a = send(&s.app, head).await;
    assert_eq!(a.status, 404);
    assert!(a.body.is_empty());
}

#[tokio::test]
async fn without_a_404_page_the_404_is_plain() {
    let s = site();
    std::fs::remove_file(s.dist().join("404.html")).unwrap();
    for path in ["/world/missing-story", "/api/v1/missing.json", "/404"] {
        let a = get_with(&s.app, path, "accept-encoding", "br").await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.text(), "Not found\n");
        assert_eq!(a.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(a.header("cache-control"), Some("no-cache"));
    }
}

#[tokio::test]
async fn only_real_hashed_files_are_immutable() {
    let s = site();
    // A story whose slug ends in an ISBN, by its path and by its file.
    for path in [
        "/books/review-9780141036144",
        "/books/review-9780141036144.html",
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
    }
    // Hash-like names that are not files.
    for path in [
        "/books/review-9780141036144.js",
        "/standfirst-0123456789abcdef.js",
        "/style-0123456789abcdef",
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
    }
    assert_eq!(
        get(&s.app, CSS).await.header("cache-control"),
        Some(IMMUTABLE)
    );
}

#[tokio::test]
async fn host_configuration_files_are_never_served() {
    let s = site();
    assert!(s.dist().join("_headers").is_file());
    for path in [
        "/_headers",
        "//_headers",
        "/./_headers",
        "/%5Fheaders",
        "/%5fheaders",
        "/%2F_headers",
        "/_HEADERS",
        "/world/_headers",
        "/.standfirst-hashed",
        "/%2Estandfirst-hashed",
        "/_redirects",
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.text(), not_found_html(), "{path}");
    }
}

#[tokio::test]
async fn the_csp_allows_each_inline_script_by_hash_and_nothing_unsafe() {
    let s = site();
    for path in [
        "/",
        "/world/some-story",
        "/uk",
        JS,
        "/api/v1/site.json",
        "/missing.js",
    ] {
        let a = get(&s.app, path).await;
        let csp = a.header("content-security-policy").unwrap();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .trim();
        assert_eq!(
            script_src,
            format!(
                "script-src 'self' 'wasm-unsafe-eval' {} {}",
                sha256_source(LOADER),
                sha256_source(THEME)
            ),
            "{path}"
        );
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "media-src 'self' https:",
            "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(
                csp.split("; ").any(|d| d == directive),
                "{directive} in {csp}"
            );
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            a.header("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert!(a
            .header("permissions-policy")
            .unwrap()
            .contains("camera=()"));
    }
}

#[tokio::test]
async fn an_absolute_endpoint_origin_is_added_to_connect_src_and_form_action() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    std::fs::write(
        dist.join("api/v1/site.json"),
        r#"{"newsletter":{"endpoint":"https://signup.example.org/api/newsletter","lists":[{"id":"daily"}]}}"#,
    )
    .unwrap();
    let config = standfirst_server::Config::new(dist, dir.path().join("n.sqlite"));
    let app = standfirst_server::app(&config).unwrap();
    let csp = get(&app, "/")
        .await
        .header("content-security-policy")
        .unwrap()
        .to_string();
    assert!(
        csp.contains("connect-src 'self' https://signup.example.org;"),
        "{csp}"
    );
    assert!(
        csp.split("; ")
            .any(|d| d == "form-action 'self' https://signup.example.org"),
        "{csp}"
    );
}

#[tokio::test]
async fn only_get_and_head_reach_static_files() {
    let s = site();
    let req = axum::http::Request::post("/index.html")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(send(&s.app, req).await.status, 405);
    let head = axum::http::Request::head(JS)
        .body(axum::body::Body::empty())
        .unwrap();
    let a = send(&s.app, head).await;
    assert_eq!(a.status, 200);
    assert!(a.body.is_empty());
    assert_eq!(a.header("cache-control"), Some(IMMUTABLE));
}

#[tokio::test]
async fn paths_no_file_can_have_get_a_plain_400() {
    let s = site();
    let long = format!("/{}", "a".repeat(300));
    for path in [
        "/%00",
        "/world/%00.html",
        "/a%0d%0ab",
        "/world/../_headers",
        "/%zz",
        long.as_str(),
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, 400, "{path}");
        assert_eq!(a.text(), "Bad request\n", "{path}");
    }
}

/// Links out of a built site, made after `prepare` as a careless deploy
/// could: `leak.txt` to a file outside, `private` to the database's
/// folder, `linked.html` to a page outside, and `robots.txt.br` to the
/// outside file. `--dist` itself is a link to the site (a release folder),
/// which is fine.
#[cfg(unix)]
#[tokio::test]
async fn links_inside_dist_are_never_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("release-1");
    write_dist(&real);
    standfirst_server::prepare(&real).unwrap();
    let dist = dir.path().join("dist");
    symlink(&real, &dist).unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "SECRET\n".repeat(300)).unwrap();
    std::fs::write(dir.path().join("outside.html"), page_html("outside")).unwrap();
    let data = dir.path().join("data");
    symlink(&secret, real.join("leak.txt")).unwrap();
    symlink(&data, real.join("private")).unwrap();
    symlink(dir.path().join("outside.html"), real.join("linked.html")).unwrap();
    symlink(&secret, real.join("robots.txt.br")).unwrap();
    let config = standfirst_server::Config::new(dist, data.join("n.sqlite"));
    let app = standfirst_server::app(&config).unwrap();
    assert!(data.join("n.sqlite").is_file());

    assert_eq!(
        get(&app, "/").await.text(),
        index_html(),
        "--dist may be a link"
    );
    for path in [
        "/leak.txt",
        "/private/n.sqlite",
        "/private/n.sqlite-wal",
        "/linked",
        "/linked.html",
    ] {
        let a = get(&app, path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.text(), not_found_html(), "{path}");
    }
    let robots = get_with(&app, "/robots.txt", "accept-encoding", "br").await;
    assert_eq!(robots.status, 200);
    assert_eq!(robots.header("content-encoding"), None);
    assert_eq!(robots.text(), "User-agent: *\nAllow: /\n");
    // The not-found page itself may not be a link either.
    std::fs::rename(real.join("404.html"), dir.path().join("404.html")).unwrap();
    symlink(dir.path().join("404.html"), real.join("404.html")).unwrap();
    let a = get(&app, "/missing").await;
    assert_eq!((a.status.as_u16(), a.text().as_str()), (404, "Not found\n"));
}

#[tokio::test]
async fn an_https_public_url_adds_strict_transport_security_everywhere() {
    let s = site_with(|c| c.public_url = Some("https://news.example.org".into()));
    for path in ["/", CSS, "/missing", "/api/newsletter/confirm?token=x"] {
        let a = get(&s.app, path).await;
        assert_eq!(
            a.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    let signup = post_json(&s.app, &valid_json("r@example.org")).await;
    assert_eq!(
        signup.header("strict-transport-security"),
        Some("max-age=31536000")
    );
    let off = site_with(|c| {
        c.public_url = Some("https://news.example.org".into());
        c.hsts_max_age = 0;
    });
    assert_eq!(
        get(&off.app, "/").await.header("strict-transport-security"),
        None
    );
    // Over plain HTTP, or without --public-url, browsers would ignore it.
    for url in [Some("http://127.0.0.1:8080"), None] {
        let s = site_with(|c| c.public_url = url.map(String::from));
        assert_eq!(
            get(&s.app, "/").await.header("strict-transport-security"),
            None
        );
    }
}
