//! The load harness of the load, crash and replica tests: many concurrent
//! clients signing up, each sign-up another reader behind the trusted
//! proxy, spread over one server or several replicas.

use super::{valid_json, Http};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A size from the environment (`make bench` sets the full ones).
pub fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// What a load got back.
#[derive(Default)]
pub struct Tally {
    /// The addresses acknowledged (201).
    pub acked: Vec<String>,
    /// The latency of each acknowledged sign-up (its last try).
    pub times: Vec<Duration>,
    /// When each acknowledgement came.
    pub acked_at: Vec<Instant>,
    /// 503 answers (the store away), each tried again.
    pub unavailable: usize,
    /// Requests whose server was gone (connection refused or dropped).
    pub gone: usize,
}

/// Sends `total` sign-ups from `clients` concurrent clients, client `c`
/// to `bases[c % n]`, each as another reader (`X-Forwarded-For`).
///
/// - A 503 is tried again, to the same server, after a short wait, for
///   up to 60 s: the reader's "try again".
/// - A server that is gone sends its clients to the next one, as a load
///   balancer does; that sign-up is not acknowledged. A client with no
///   server left stops (the crash test with one server).
pub async fn load(bases: &[String], total: usize, clients: usize, tag: &str) -> Tally {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (next, bases, tag) = (next.clone(), bases.to_vec(), tag.to_string());
        tasks.spawn(async move {
            let mut server = c % bases.len();
            let mut down = 0;
            let mut http = Http::new(&bases[server]).await;
            let mut t = Tally::default();
            'sign_ups: loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let email = format!("{tag}{i}@example.org");
                let xff = format!("198.51.{}.{}", i / 250, i % 250 + 1);
                let first = Instant::now();
                loop {
                    let started = Instant::now();
                    let r = http
                        .request(
                            axum::http::Method::POST,
                            "/api/newsletter",
                            &[
                                ("content-type", "application/json"),
                                ("x-forwarded-for", &xff),
                            ],
                            valid_json(&email),
                        )
                        .await;
                    match r {
                        Ok((201, _)) => {
                            t.times.push(started.elapsed());
                            t.acked_at.push(Instant::now());
                            t.acked.push(email);
                            down = 0;
                            continue 'sign_ups;
                        }
                        Ok((503, _)) => {
                            t.unavailable += 1;
                            assert!(first.elapsed() < Duration::from_secs(60), "503 for 60 s");
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        Ok((status, body)) => panic!("{status}: {body}"),
                        Err(_) => {
                            t.gone += 1;
                            down += 1;
                            if down >= bases.len() {
                                break 'sign_ups;
                            }
                            server = (server + 1) % bases.len();
                            http = Http::new(&bases[server]).await;
                            continue 'sign_ups;
                        }
                    }
                }
            }
            t
        });
    }
    let mut all = Tally::default();
    while let Some(r) = tasks.join_next().await {
        let t = r.unwrap();
        all.acked.extend(t.acked);
        all.times.extend(t.times);
        all.acked_at.extend(t.acked_at);
        all.unavailable += t.unavailable;
        all.gone += t.gone;
    }
    all
}

impl Tally {
    /// `p50 …, p99 …, max …` of the acknowledged sign-ups' latency.
    pub fn latency(&mut self) -> String {
        self.times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        format!(
            "latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            ms(percentile(&self.times, 0.5)),
            ms(percentile(&self.times, 0.99)),
            ms(*self.times.last().unwrap()),
        )
    }
}

/// Waits (at most 20 s) until the server at `base` answers.
pub async fn up(base: &str) {
    let http = Http::new(base).await;
    let t = Instant::now();
    while http
        .request(axum::http::Method::GET, "/robots.txt", &[], String::new())
        .await
        .is_err()
    {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
