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

/// Sends the head of a sign-up whose body is 1,000 bytes, then one byte of
/// it every `every` until the connection fails; returns the read half.
async fn trickle(stream: tokio::net::TcpStream, every: Duration) -> tokio::net::tcp::OwnedReadHalf {
    let (read, mut write) = stream.into_split();
    tokio::spawn(async move {
        let head = "POST /api/newsletter HTTP/1.1\r\nHost: x\r\n\
                    Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
        if write.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        // Pacing the client, which is the behaviour under test.
        while write.write_all(b" ").await.is_ok() {
            tokio::time::sleep(every).await;
        }
    });
    read
}

/// What the server sent before it closed the connection (bounded: 10 s).
async fn until_closed(mut read: tokio::net::tcp::OwnedReadHalf) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), read.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&got).into_owned(),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was held open for 10 s"),
        }
    }
}

/// `GET /robots.txt` from the loopback address `from`: the status line,
/// or a failure when no answer comes within 5 s.
async fn get_from(from: [u8; 4], addr: &str) -> String {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind((from, 0).into()).unwrap();
    let answer = async {
        let mut s = socket.connect(addr.parse().unwrap()).await.unwrap();
        s.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).await.unwrap();
        String::from_utf8_lossy(&got)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    tokio::time::timeout(Duration::from_secs(5), answer)
        .await
        .unwrap_or_else(|_| panic!("GET from {from:?} not answered within 5 s"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_a_byte_at_a_time_is_cut_off_at_its_deadline() {
    // Each byte comes well within the per-chunk timeout.
    let (_dir, addr) = start(|c| c.body_deadline = Duration::from_secs(1)).await;
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let t = Instant::now();
    let answer = until_closed(trickle(stream, Duration::from_millis(100)).await).await;
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_trickling_cannot_take_every_connection() {
    let (_dir, addr) = start(|c| {
        c.rate_limit = 0; // only the connection cap answers
        c.conn.max_connections = 8;
        c.conn.max_per_ip = 4;
        c.body_deadline = Duration::from_secs(60); // the trickles stay
    })
    .await;
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..8 {
        let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let read = trickle(stream, Duration::from_millis(200)).await;
        let closed_tx = closed_tx.clone();
        tokio::spawn(async move {
            let answer = until_closed(read).await;
            let _ = closed_tx.send((i, answer));
        });
    }
    // Past its four, each connection of that address is closed at once.
    for _ in 0..4 {
        let (_, answer) = tokio::time::timeout(Duration::from_secs(5), closed.recv())
            .await
            .expect("a connection over the cap is closed")
            .unwrap();
        assert_eq!(answer, "", "closed without an answer");
    }
    // Another address is served though eight connections were asked for.
    assert_eq!(get_from([127, 0, 0, 2], &addr).await, "HTTP/1.1 200 OK");
    assert!(closed.try_recv().is_err(), "the first four are still open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trusted_proxy_is_not_capped_per_address() {
    let (_dir, addr) = start(|c| {
        c.conn.max_per_ip = 1;
        c.trusted_proxies = vec!["127.0.0.1/32".into()];
    })
    .await;
    let held = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _held = trickle(held, Duration::from_millis(200)).await;
    assert_eq!(get_from([127, 0, 0, 1], &addr).await, "HTTP/1.1 200 OK");
}
