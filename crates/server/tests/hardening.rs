//! The server under attack, over real loopback connections: half a
//! request, an idle keep-alive connection, and one proxy for many readers.

mod common;

use common::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(adjust: impl FnOnce(&mut standfirst_server::Config)) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    standfirst_server::prepare(&dist).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let mut config = standfirst_server::Config::new(dist, dir.path().join("n.sqlite"));
    config.conn.header_timeout = Duration::from_millis(500);
    adjust(&mut config);
    tokio::spawn(async move {
        standfirst_server::serve_on(&config, listener, std::future::pending())
            .await
            .unwrap();
    });
    (dir, addr)
}

/// Reads until the server closes the connection (bounded); how long it took.
async fn closed_after(stream: &mut tokio::net::TcpStream) -> Duration {
    let t = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return t.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("the connection was held open for 10 s"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_request_line_and_an_idle_keep_alive_are_cut_off() {
    let (_dir, addr) = start(|_| {}).await;
    let mut half = tokio::net::TcpStream::connect(&addr).await.unwrap();
    half.write_all(b"GET /robots.tx").await.unwrap();
    assert!(closed_after(&mut half).await < Duration::from_secs(3));

    let mut idle = tokio::net::TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    assert!(
        closed_after(&mut idle).await < Duration::from_secs(3),
        "idle keep-alive closed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_behind_a_trusted_proxy_have_buckets_of_their_own() {
    let (_dir, addr) = start(|c| c.trusted_proxies = vec!["127.0.0.1/32".into()]).await;
    let http = Http::new(&format!("http://{addr}")).await;
    let post = |xff: &'static str, i: usize| {
        let http = &http;
        async move {
            let mut h = vec![("content-type", "application/json")];
            if !xff.is_empty() {
                h.push(("x-forwarded-for", xff));
            }
            http.request(
                axum::http::Method::POST,
                "/api/newsletter",
                &h,
                valid_json(&format!("r{i}@example.org")),
            )
            .await
            .unwrap()
            .0
        }
    };
    for i in 0..5 {
        assert_eq!(post("203.0.113.1", i).await, 201);
    }
    assert_eq!(post("203.0.113.1", 5).await, 429);
    // Another reader through the same proxy is not locked out, and a
    // forged left-hand entry does not buy a new bucket.
    assert_eq!(post("203.0.113.2", 6).await, 201);
    assert_eq!(post("198.51.100.9, 203.0.113.1", 7).await, 429);
    // The confirm and unsubscribe links have buckets of their own.
    let link = http
        .request(
            axum::http::Method::GET,
            "/api/newsletter/confirm?token=x",
            &[("x-forwarded-for", "203.0.113.1")],
            String::new(),
        )
        .await
        .unwrap();
    assert_eq!(link.0, 404);

    // Without --trusted-proxy the header is ignored: one bucket for all.
    let (_d2, plain) = start(|_| {}).await;
    let http = Http::new(&format!("http://{plain}")).await;
    for i in 0..5 {
        let xff = format!("203.0.113.{i}");
        let h = [
            ("content-type", "application/json"),
            ("x-forwarded-for", xff.as_str()),
        ];
        assert_eq!(
            http.request(
                axum::http::Method::POST,
                "/api/newsletter",
                &h,
                valid_json(&format!("p{i}@example.org"))
            )
            .await
            .unwrap()
            .0,
            201
        );
    }
    let h = [
        ("content-type", "application/json"),
        ("x-forwarded-for", "203.0.113.99"),
    ];
    assert_eq!(
        http.request(
            axum::http::Method::POST,
            "/api/newsletter",
            &h,
            valid_json("q@example.org")
        )
        .await
        .unwrap()
        .0,
        429
    );
}
