//! Load and crash: sign-ups from many concurrent clients, all acknowledged,
//! each a row with exactly one mail; and a server killed with SIGKILL in
//! the middle of the load, restarted, losing no acknowledged sign-up and
//! no queued mail. Sizes from `LOAD_SIGNUPS` / `LOAD_CLIENTS` (default
//! 1,000 from 50), latency percentiles printed (`make bench` shows them).

mod common;

use common::load::{load, size, up};
use common::smtp::Sink;
use common::*;
use std::time::{Duration, Instant};

fn rows(db: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// Waits (bounded) until every mail in the outbox is sent.
async fn drained(db: &std::path::Path, sink: &Sink, want: usize) {
    let start = Instant::now();
    let c = rows(db);
    loop {
        let unsent: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if unsent == 0 && sink.received().len() >= want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{unsent} mails unsent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_sign_ups_from_fifty_clients_each_stored_and_mailed_once() {
    let (total, clients) = (size("LOAD_SIGNUPS", 1_000), size("LOAD_CLIENTS", 50));
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start().await;
    let dist = dir.path().join("dist");
    write_dist(&dist);
    standfirst_server::prepare(&dist).unwrap();
    let db = dir.path().join("n.sqlite");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = standfirst_server::Config::new(dist, db.clone());
    // The default limit, each reader its own client behind the proxy.
    config.trusted_proxies = vec!["127.0.0.1/32".into()];
    config.public_url = Some(base.clone());
    config.mail = Some(standfirst_server::MailConfig {
        smtp: sink.url(),
        from: "news@example.org".into(),
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(500),
        claim_timeout: Duration::from_secs(600),
    });
    tokio::spawn(async move {
        standfirst_server::serve_on(&config, listener, std::future::pending())
            .await
            .unwrap();
    });
    let started = Instant::now();
    let mut tally = load(&[base], total, clients, "load").await;
    let wall = started.elapsed();
    let acked = tally.acked.clone();
    assert_eq!(acked.len(), total, "every sign-up acknowledged");
    println!(
        "load: SQLite, {total} sign-ups from {clients} clients in {:.2} s ({:.0}/s); {}",
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64(),
        tally.latency(),
    );
    let c = rows(&db);
    let (subscribers, mails, per_row): (i64, i64, i64) = c
        .query_row(
            "SELECT (SELECT COUNT(*) FROM subscribers), (SELECT COUNT(*) FROM outbox),
                    (SELECT COUNT(*) FROM subscribers s WHERE (SELECT COUNT(*) FROM outbox o WHERE o.subscriber_id = s.id) = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (subscribers, mails, per_row),
        (total as i64, total as i64, total as i64)
    );
    drained(&db, &sink, total).await;
    println!(
        "load: every mail delivered {:.2} s after the first sign-up",
        started.elapsed().as_secs_f64()
    );
    let mut got: Vec<String> = sink.received().into_iter().map(|m| m.rcpt).collect();
    got.sort();
    let mut want = acked.clone();
    want.sort();
    assert_eq!(got, want, "each address mailed once");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_load_loses_no_acknowledged_sign_up_and_no_queued_mail() {
    let total = size("LOAD_SIGNUPS", 1_000);
    let clients = size("LOAD_CLIENTS", 50);
    let dir = tempfile::tempdir().unwrap();
    let mut sink = Sink::start().await;
    sink.stop().await; // mail queues up while the server runs the first time
    let dist = dir.path().join("dist");
    write_dist(&dist);
    standfirst_server::prepare(&dist).unwrap();
    let db = dir.path().join("n.sqlite");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let smtp = sink.url();
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_standfirst-server"))
            .args(["serve", "--dist"])
            .arg(&dist)
            .arg("--db")
            .arg(&db)
            .args(["--port", &port.to_string(), "--rate-limit", "0"])
            .args([
                "--public-url",
                &base,
                "--smtp",
                &smtp,
                "--mail-from",
                "news@example.org",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut server = start();
    up(&base).await;
    let killer = {
        let db = db.clone();
        tokio::spawn(async move {
            // Kill once a third of the load is stored.
            let c = rows(&db);
            let t = Instant::now();
            loop {
                let n: i64 = c
                    .query_row("SELECT COUNT(*) FROM subscribers", [], |r| r.get(0))
                    .unwrap_or(0);
                if n as usize >= total / 3 || t.elapsed() > Duration::from_secs(30) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            server.kill().unwrap(); // SIGKILL
            server.wait().unwrap();
        })
    };
    let tally = load(std::slice::from_ref(&base), total, clients, "crash").await;
    let acked = tally.acked;
    killer.await.unwrap();
    assert!(
        !acked.is_empty() && acked.len() < total,
        "killed mid-load: {} acknowledged",
        acked.len()
    );
    println!(
        "crash: killed after {} of {total} acknowledged",
        acked.len()
    );

    sink.resume().await;
    let mut server = start();
    up(&base).await;
    let c = rows(&db);
    let mut stored = c.prepare("SELECT email FROM subscribers").unwrap();
    let stored: std::collections::BTreeSet<String> = stored
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for a in &acked {
        assert!(stored.contains(a), "acknowledged {a} was lost");
    }
    let queued: i64 = c
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued as usize, stored.len(), "one mail per stored sign-up");
    drained(&db, &sink, stored.len()).await;
    let got: std::collections::BTreeSet<String> =
        sink.received().into_iter().map(|m| m.rcpt).collect();
    for a in &acked {
        assert!(got.contains(a), "mail to acknowledged {a} never sent");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
