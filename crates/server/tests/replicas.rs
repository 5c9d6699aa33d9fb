//! Two replicas and one PostgreSQL database (the throwaway cluster of
//! scripts/with-postgres.sh, a fresh database each test):
//!
//! - load: sign-ups from many clients spread over both replicas, each
//!   acknowledged one stored once and mailed once;
//! - kill: one replica SIGKILLed mid-load, stuck mid-send; its clients
//!   go to the other, nothing acknowledged is lost, and its claimed mail
//!   is sent by the other once the claim runs out;
//! - outage: PostgreSQL stopped for 10 s mid-load; the replicas answer
//!   503 (the clients try again), nothing is acknowledged that was not
//!   stored, and everything recovers when it is back.
//!
//! Sizes from `REPLICA_SIGNUPS` / `REPLICA_CLIENTS` (default 300 from 50
//! in `make test`, where mail delivery dominates the time; the outage
//! test half of that); `make bench` runs 1,000 and prints the lines.
//! The tests run one at a time: the outage stops the whole cluster.

mod common;

use common::load::{load, size, up, Tally};
use common::smtp::Sink;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs a test on a runtime of its own, alone, with the URL of a fresh
/// database (skipped without a cluster, see `test_pg`).
fn alone<F: std::future::Future<Output = ()>>(test: impl FnOnce(String) -> F) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let Some(url) = standfirst_server::test_pg::fresh_database() else {
        return;
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(test(url))
}

fn sizes() -> (usize, usize) {
    (size("REPLICA_SIGNUPS", 300), size("REPLICA_CLIENTS", 50))
}

fn site(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    write_dist(&dist);
    standfirst_server::prepare(&dist).unwrap();
    dist
}

async fn sql(url: &str) -> tokio_postgres::Client {
    let (client, conn) = url
        .parse::<tokio_postgres::Config>()
        .unwrap()
        .connect(tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
}

async fn one(c: &tokio_postgres::Client, query: &str) -> i64 {
    c.query_one(query, &[]).await.unwrap().get(0)
}

/// The stored addresses; asserts one row each, one mail each.
async fn stored_once(url: &str) -> BTreeSet<String> {
    let c = sql(url).await;
    let emails: Vec<String> = c
        .query("SELECT email FROM subscribers", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let set: BTreeSet<String> = emails.iter().cloned().collect();
    assert_eq!(set.len(), emails.len(), "an address stored twice");
    let mails = "SELECT COUNT(*) FROM subscribers s
                 WHERE (SELECT COUNT(*) FROM outbox o WHERE o.subscriber_id = s.id) = 1";
    assert_eq!(one(&c, mails).await as usize, set.len(), "one mail each");
    set
}

/// Waits (at most 60 s) until the outbox is sent and `sink` has `want`
/// mails; asserts each of them went to another address.
async fn drained(url: &str, sink: &Sink, want: &BTreeSet<String>) {
    let c = sql(url).await;
    let start = Instant::now();
    loop {
        let unsent = one(&c, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await;
        if unsent == 0 && sink.received().len() >= want.len() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{unsent} mails unsent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut got: Vec<String> = sink.received().into_iter().map(|m| m.rcpt).collect();
    got.sort();
    let want: Vec<String> = want.iter().cloned().collect();
    assert_eq!(got, want, "each stored address mailed exactly once");
}

fn mail(sink: &Sink, claim: Duration) -> standfirst_server::MailConfig {
    standfirst_server::MailConfig {
        smtp: sink.url(),
        from: "news@example.org".into(),
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(500),
        claim_timeout: claim,
    }
}

/// A replica in this process on `url`; its base URL.
async fn replica(dist: &Path, url: &str, sink: &Sink) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = standfirst_server::Config::new(dist.to_path_buf(), PathBuf::from(url));
    config.trusted_proxies = vec!["127.0.0.1/32".into()];
    config.rate_limit = 0; // per replica anyway; the 503s are tried again
    config.public_url = Some(base.clone());
    config.mail = Some(mail(sink, Duration::from_secs(600)));
    tokio::spawn(async move {
        standfirst_server::serve_on(&config, listener, std::future::pending())
            .await
            .unwrap();
    });
    base
}

/// Two replicas in this process on `url`, mailing one sink: the site's
/// folder, the sink and their base URLs.
async fn two_replicas(url: &str) -> (tempfile::TempDir, Sink, [String; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let dist = site(dir.path());
    let sink = Sink::start().await;
    let bases = [
        replica(&dist, url, &sink).await,
        replica(&dist, url, &sink).await,
    ];
    (dir, sink, bases)
}

fn report(what: &str, wall: Duration, t: &mut Tally) -> String {
    format!(
        "{what}: {} acknowledged in {:.2} s ({:.0}/s); {}",
        t.acked.len(),
        wall.as_secs_f64(),
        t.acked.len() as f64 / wall.as_secs_f64(),
        t.latency()
    )
}

#[test]
fn two_replicas_one_database_each_sign_up_stored_and_mailed_once() {
    alone(|url| async move {
        let (total, clients) = sizes();
        let (_dir, sink, bases) = two_replicas(&url).await;
        let started = Instant::now();
        let mut t = load(&bases, total, clients, "pg").await;
        let wall = started.elapsed();
        assert_eq!((t.acked.len(), t.unavailable), (total, 0));
        println!(
            "{}",
            report(
                &format!(
                    "replicas: PostgreSQL, 2 replicas, {total} sign-ups from {clients} clients"
                ),
                wall,
                &mut t
            )
        );
        let stored = stored_once(&url).await;
        let acked: BTreeSet<String> = t.acked.iter().cloned().collect();
        assert_eq!(stored, acked, "each acknowledged sign-up stored once");
        drained(&url, &sink, &stored).await;
        println!(
            "replicas: 0 lost, 0 duplicated rows, 0 duplicated mails; every mail delivered {:.2} s after the first sign-up",
            started.elapsed().as_secs_f64()
        );
    });
}

/// A replica as its own process (to be SIGKILLed).
fn spawn(dist: &Path, url: &str, port: u16, smtp: &str, claim: u64) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_standfirst-server"))
        .args(["serve", "--dist"])
        .arg(dist)
        .args([
            "--db",
            url,
            "--port",
            &port.to_string(),
            "--rate-limit",
            "0",
        ])
        .args(["--public-url", &format!("http://127.0.0.1:{port}")])
        .args(["--smtp", smtp, "--mail-from", "news@example.org"])
        .args(["--mail-claim-timeout", &claim.to_string()])
        .args(["--trusted-proxy", "127.0.0.1/32"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[cfg(unix)]
#[test]
fn a_replica_killed_mid_load_loses_nothing_and_its_claimed_mail_is_sent_by_the_other() {
    alone(|url| async move {
        let (total, clients) = sizes();
        const CLAIM: u64 = 5;
        let dir = tempfile::tempdir().unwrap();
        let dist = site(dir.path());
        // The replica to be killed sends to a sink that never answers:
        // its sender is stuck mid-send with its first mail claimed.
        let (doomed_sink, sink) = (Sink::start().await, Sink::start().await);
        doomed_sink.hold();
        let ports = [free_port(), free_port()];
        let mut doomed = spawn(&dist, &url, ports[0], &doomed_sink.url(), CLAIM);
        let mut survivor = spawn(&dist, &url, ports[1], &sink.url(), CLAIM);
        let bases = ports.map(|p| format!("http://127.0.0.1:{p}"));
        up(&bases[0]).await;
        up(&bases[1]).await;
        let killer = {
            let url = url.clone();
            tokio::spawn(async move {
                let c = sql(&url).await;
                doomed_sink.until_held(1).await;
                let held_at = Instant::now();
                let t = Instant::now();
                while (one(&c, "SELECT COUNT(*) FROM subscribers").await as usize) < total / 3 {
                    assert!(t.elapsed() < Duration::from_secs(30), "no load");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                doomed.kill().unwrap(); // SIGKILL
                doomed.wait().unwrap();
                (
                    held_at,
                    Instant::now(),
                    doomed_sink.received()[0].rcpt.clone(),
                )
            })
        };
        let started = Instant::now();
        let mut t = load(&bases, total, clients, "kill").await;
        let wall = started.elapsed();
        let (held_at, killed_at, claimed) = killer.await.unwrap();
        assert!(t.gone > 0, "clients of the killed replica moved");
        assert!(t.acked.len() >= total / 2, "{} acknowledged", t.acked.len());
        println!(
            "{}",
            report(
                &format!("kill: PostgreSQL, 2 replicas, one SIGKILLed mid-load, {total} sign-ups from {clients} clients"),
                wall,
                &mut t
            )
        );
        let stored = stored_once(&url).await;
        for a in &t.acked {
            assert!(stored.contains(a), "acknowledged {a} was lost");
        }
        // The killed replica's claimed mail, sent by the other once the
        // claim ran out.
        let t0 = Instant::now();
        while !sink.received().iter().any(|m| m.rcpt == claimed) {
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "claimed mail never sent"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let sent_after = killed_at.elapsed();
        let claim = Duration::from_secs(CLAIM);
        assert!(
            held_at.elapsed() >= claim - Duration::from_secs(1),
            "not before the claim ran out"
        );
        drained(&url, &sink, &stored).await;
        println!(
            "kill: {} acknowledged, 0 lost, {} stored, each mailed once; {} requests to the killed replica failed over; \
             its claimed mail sent by the other replica {:.1} s after the kill (claim timeout {CLAIM} s)",
            t.acked.len(),
            stored.len(),
            t.gone,
            sent_after.as_secs_f64()
        );
        survivor.kill().unwrap();
        survivor.wait().unwrap();
    });
}

#[test]
fn postgres_stopped_mid_load_gives_503s_acknowledges_nothing_unstored_and_recovers() {
    alone(|url| async move {
        let ctl = std::env::var("STANDFIRST_TEST_PG_CTL").expect("STANDFIRST_TEST_PG_CTL");
        let (total, clients) = sizes();
        let total = size("REPLICA_OUTAGE_SIGNUPS", total / 2);
        const OUTAGE: Duration = Duration::from_secs(10);
        let (_dir, sink, bases) = two_replicas(&url).await;
        let outage = {
            let url = url.clone();
            tokio::spawn(async move {
                let c = sql(&url).await;
                let t = Instant::now();
                while (one(&c, "SELECT COUNT(*) FROM subscribers").await as usize) < total / 4 {
                    assert!(t.elapsed() < Duration::from_secs(30), "no load");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let ctl_run = |what: &str| {
                    let ok = std::process::Command::new(&ctl)
                        .arg(what)
                        .stdout(std::process::Stdio::null())
                        .status()
                        .unwrap()
                        .success();
                    assert!(ok, "pg_ctl {what}");
                };
                ctl_run("stop");
                let down = Instant::now();
                tokio::time::sleep_until((down + OUTAGE).into()).await;
                let back = Instant::now();
                ctl_run("start");
                (down, back)
            })
        };
        let started = Instant::now();
        let mut t = load(&bases, total, clients, "outage").await;
        let wall = started.elapsed();
        let (down, back) = outage.await.unwrap();
        assert!(t.unavailable > 0, "503s while PostgreSQL was down");
        assert_eq!(t.acked.len(), total, "every sign-up acknowledged at last");
        let during = t.acked_at.iter().filter(|&&a| a > down && a < back).count();
        assert_eq!(during, 0, "acknowledged while PostgreSQL was down");
        let recovered = t.acked_at.iter().filter(|&&a| a >= back).min().copied();
        let recovered = recovered.expect("sign-ups after the outage");
        let stored = stored_once(&url).await;
        let acked: BTreeSet<String> = t.acked.iter().cloned().collect();
        assert_eq!(stored, acked, "nothing acknowledged that is not stored");
        drained(&url, &sink, &stored).await;
        println!(
            "{}",
            report(
                &format!("outage: PostgreSQL stopped {} s mid-load, 2 replicas, {total} sign-ups from {clients} clients", OUTAGE.as_secs()),
                wall,
                &mut t
            )
        );
        println!(
            "outage: {} answers 503 (each tried again), 0 acknowledged while down, first sign-up stored {:.2} s after PostgreSQL was started again; {} stored, each mailed once",
            t.unavailable,
            (recovered - back).as_secs_f64(),
            stored.len()
        );
    });
}
