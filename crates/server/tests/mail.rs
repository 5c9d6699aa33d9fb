//! Real mail through the outbox to a local SMTP sink: the confirmation
//! mail, its links, unsubscribing, and a mail server that goes away.

mod common;

use common::smtp::Sink;
use common::*;
use standfirst_server::{Clock, Config, MailConfig};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// A server on a loopback port with mail to `sink`; its base URL.
async fn serve(dir: &std::path::Path, sink: &Sink, adjust: impl FnOnce(&mut Config)) -> String {
    let dist = dir.join("dist");
    if !dist.exists() {
        write_dist(&dist);
        standfirst_server::prepare(&dist).unwrap();
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::new(dist, dir.join("data/n.sqlite"));
    config.rate_limit = 0;
    config.public_url = Some(base.clone());
    config.mail = Some(MailConfig {
        smtp: sink.url(),
        from: "The Test Standfirst <news@example.org>".into(),
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(400),
        claim_timeout: Duration::from_secs(600),
    });
    adjust(&mut config);
    tokio::spawn(async move {
        standfirst_server::serve_on(&config, listener, std::future::pending())
            .await
            .unwrap();
    });
    base
}

/// Waits (at most 20 s) until `done` holds.
pub async fn until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The head as it is, the body's quoted-printable parts decoded.
fn decode(data: &str) -> String {
    let data = data.replace("\r\n", "\n");
    let (head, body) = data.split_once("\n\n").unwrap_or((&data, ""));
    let bytes =
        quoted_printable::decode(body.as_bytes(), quoted_printable::ParseMode::Robust).unwrap();
    format!("{head}\n\n{}", String::from_utf8_lossy(&bytes))
}

/// The value of `name=` after `prefix` in a mail.
fn link(mail: &str, prefix: &str) -> String {
    let at = mail
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {mail}"));
    mail[at..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '>' || c == '<')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_is_mailed_confirmed_by_post_and_erased_by_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start().await;
    let clock = Clock::default();
    let server_clock = clock.clone();
    let base = serve(dir.path(), &sink, |c| c.clock = server_clock).await;
    let http = Http::new(&base).await;
    let a = http
        .post_json("/api/newsletter", &valid_json("Reader@Example.org"))
        .await;
    assert_eq!(a.0, 201);
    until("the confirmation mail", || sink.received().len() == 1).await;
    let got = &sink.received()[0];
    assert_eq!(got.rcpt, "Reader@example.org");
    let mail = decode(&got.data);
    assert!(mail.contains("\nTo: Reader@example.org\n"), "{mail}");
    assert!(mail.contains("Subject: Confirm your subscription to The Test Standfirst"));
    assert!(mail.contains("The Daily Briefing"));
    assert!(mail.contains("text/plain") && mail.contains("text/html"));
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let confirm = link(&mail, &format!("{base}/api/newsletter/confirm?token="));
    let unsubscribe = link(&mail, &format!("{base}/api/newsletter/unsubscribe?token="));
    assert!(mail.contains(&format!("List-Unsubscribe: <{unsubscribe}>")));

    // The link's GET shows a button; its POST confirms.
    let path = |url: &str| url.strip_prefix(&base).unwrap().to_string();
    let page = http.get(&path(&confirm)).await;
    assert_eq!(page.0, 200);
    assert!(page.1.contains(">Confirm</button>"));
    let db = rusqlite::Connection::open(dir.path().join("data/n.sqlite")).unwrap();
    let status = || -> Option<String> {
        use rusqlite::OptionalExtension;
        db.query_row("SELECT status FROM subscribers", [], |r| r.get(0))
            .optional()
            .unwrap()
    };
    assert_eq!(status().as_deref(), Some("pending"));
    assert_eq!(http.post_form(&path(&confirm), "").await.0, 200);
    assert_eq!(status().as_deref(), Some("confirmed"));

    // Signing up again, past the address's cooldown: the same answer,
    // and a mail that says so.
    clock.advance(Duration::from_secs(600));
    let again = http
        .post_json("/api/newsletter", &valid_json("reader@example.org"))
        .await;
    assert_eq!(again, a);
    until("the second mail", || sink.received().len() == 2).await;
    let second = decode(&sink.received()[1].data);
    assert!(
        second.contains("already subscribed") && second.contains("already receives"),
        "{second}"
    );
    assert!(!second.contains("/confirm?token="));

    // One-click unsubscribe (RFC 8058): a POST with no Origin erases.
    let gone = http
        .post_form(&path(&unsubscribe), "List-Unsubscribe=One-Click")
        .await;
    assert_eq!(gone.0, 200);
    assert_eq!(status(), None);
    let left: i64 = db
        .query_row(
            "SELECT (SELECT COUNT(*) FROM subscribers) + (SELECT COUNT(*) FROM outbox)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "nothing of the reader is kept");
    assert_eq!(
        http.post_form(&path(&unsubscribe), "List-Unsubscribe=One-Click")
            .await
            .0,
        404
    );
    assert_eq!(http.get(&path(&unsubscribe)).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsubscribing_erases_mail_still_in_the_outbox_and_get_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = Sink::start().await;
    sink.stop().await; // the mail waits
    let base = serve(dir.path(), &sink, |_| {}).await;
    let http = Http::new(&base).await;
    assert_eq!(
        http.post_json("/api/newsletter", &valid_json("r@example.org"))
            .await
            .0,
        201
    );
    let db = rusqlite::Connection::open(dir.path().join("data/n.sqlite")).unwrap();
    let (id, key): (i64, String) = db
        .query_row("SELECT id, email_key FROM subscribers", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let queued: Vec<u8> = db
        .query_row("SELECT message FROM outbox", [], |r| r.get(0))
        .unwrap();
    let mail = decode(&String::from_utf8(queued).unwrap());
    let unsubscribe = link(&mail, "/api/newsletter/unsubscribe?token=");
    let _ = (id, key);
    let page = http.get(&unsubscribe).await;
    assert_eq!(page.0, 200);
    assert!(page.1.contains(">Unsubscribe</button>"));
    let count = || -> i64 {
        db.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(), 1, "GET changes nothing");
    // A forged token for the same id does nothing.
    // (Its last character changed: to `B` when it already is `A`, or the
    // "forgery" would be the real token one time in 64.)
    let last = if unsubscribe.ends_with('A') { 'B' } else { 'A' };
    let forged = format!("{}{last}", &unsubscribe[..unsubscribe.len() - 1]);
    assert_eq!(http.post_form(&forged, "").await.0, 404);
    assert_eq!(http.post_form(&unsubscribe, "").await.0, 200);
    assert_eq!(count(), 0);
    sink.resume().await;
    tokio::time::sleep(Duration::from_millis(600)).await; // past the longest retry wait
    assert!(sink.received().is_empty(), "the erased mail is never sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_server_outage_loses_nothing_and_sends_each_mail_once() {
    const N: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let mut sink = Sink::start().await;
    let base = serve(dir.path(), &sink, |_| {}).await;
    let http = Http::new(&base).await;
    for i in 0..N / 4 {
        assert_eq!(
            http.post_json(
                "/api/newsletter",
                &valid_json(&format!("before{i}@example.org"))
            )
            .await
            .0,
            201
        );
    }
    until("the first mails", || sink.received().len() == N / 4).await;
    sink.stop().await;
    for i in 0..N / 2 {
        assert_eq!(
            http.post_json(
                "/api/newsletter",
                &valid_json(&format!("during{i}@example.org"))
            )
            .await
            .0,
            201
        );
    }
    sink.resume().await;
    for i in 0..N / 4 {
        assert_eq!(
            http.post_json(
                "/api/newsletter",
                &valid_json(&format!("after{i}@example.org"))
            )
            .await
            .0,
            201
        );
    }
    until("every mail", || sink.received().len() >= N).await;
    let db = rusqlite::Connection::open(dir.path().join("data/n.sqlite")).unwrap();
    until("the outbox to empty", || {
        db.query_row(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 0
    })
    .await;
    let mut rcpts: Vec<String> = sink.received().into_iter().map(|m| m.rcpt).collect();
    rcpts.sort();
    let before = rcpts.len();
    rcpts.dedup();
    assert_eq!((before, rcpts.len()), (N, N), "every mail arrives, once");
}

/// Unsent rows of the outbox.
fn unsent(db: &rusqlite::Connection) -> i64 {
    db.query_row(
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_while_the_first_mail_is_mid_send_leaves_only_working_links() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start().await;
    // No cooldown: the second click gets a mail of its own.
    let base = serve(dir.path(), &sink, |c| c.mail_cooldown = Duration::ZERO).await;
    let http = Http::new(&base).await;
    sink.hold();
    let body = valid_json("r@example.org");
    let click = || http.post_json("/api/newsletter", &body);
    assert_eq!(click().await.0, 201);
    // The first mail is with the mail server, not yet acknowledged.
    sink.until_held(1).await;
    assert_eq!(click().await.0, 201);
    sink.release();
    let db = rusqlite::Connection::open(dir.path().join("data/n.sqlite")).unwrap();
    until("the outbox to be sent", || unsent(&db) == 0).await;
    let mails = sink.received();
    assert!((1..=2).contains(&mails.len()), "{} mails", mails.len());
    for m in &mails {
        let mail = decode(&m.data);
        let confirm = link(&mail, &format!("{base}/api/newsletter/confirm?token="));
        let page = http.get(confirm.strip_prefix(&base).unwrap()).await;
        assert_eq!(page.0, 200, "a mail sent with a dead link: {confirm}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_is_sent_one_mail_per_ten_minutes_and_five_a_day_whoever_asks() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start().await;
    let clock = Clock::default();
    let server_clock = clock.clone();
    let base = serve(dir.path(), &sink, |c| {
        c.clock = server_clock;
        c.rate_limit = 5;
        c.trusted_proxies = vec!["127.0.0.1/32".into()];
    })
    .await;
    let http = Http::new(&base).await;
    // Answered once the server has opened its database.
    assert_eq!(http.get("/robots.txt").await.0, 200);
    let db = rusqlite::Connection::open(dir.path().join("data/n.sqlite")).unwrap();
    let mut n = 0;
    // Each from another client behind the proxy; every answer the same.
    let mut sign_up = |email: &'static str| {
        n += 1;
        let (http, db, xff) = (&http, &db, format!("203.0.113.{n}"));
        async move {
            let h = [
                ("content-type", "application/json"),
                ("x-forwarded-for", xff.as_str()),
            ];
            let body = valid_json(email);
            let a = http
                .request(axum::http::Method::POST, "/api/newsletter", &h, body)
                .await
                .unwrap();
            assert_eq!(a, (201, r#"{"status":"pending"}"#.to_string()));
            until("the outbox to be sent", || unsent(db) == 0).await;
        }
    };
    let mails_to =
        |sink: &Sink, who: &str| sink.received().iter().filter(|m| m.rcpt == who).count();
    for _ in 0..30 {
        sign_up("victim@example.org").await;
    }
    assert_eq!(
        mails_to(&sink, "victim@example.org"),
        1,
        "30 asks, one mail"
    );
    clock.advance(Duration::from_secs(9 * 60));
    sign_up("victim@example.org").await;
    assert_eq!(mails_to(&sink, "victim@example.org"), 1, "nine minutes on");
    for want in 2..=5 {
        clock.advance(Duration::from_secs(10 * 60));
        sign_up("victim@example.org").await;
        sign_up("victim@example.org").await;
        assert_eq!(mails_to(&sink, "victim@example.org"), want);
    }
    clock.advance(Duration::from_secs(10 * 60));
    sign_up("victim@example.org").await;
    assert_eq!(mails_to(&sink, "victim@example.org"), 5, "five a day");
    clock.advance(Duration::from_secs(86_400));
    sign_up("victim@example.org").await;
    assert_eq!(mails_to(&sink, "victim@example.org"), 6, "the next day");

    // A confirmed reader's "already subscribed" mail is limited alike.
    sign_up("reader@example.org").await;
    let mail = decode(&sink.received().last().unwrap().data);
    let confirm = link(&mail, &format!("{base}/api/newsletter/confirm?token="));
    assert_eq!(
        http.post_form(confirm.strip_prefix(&base).unwrap(), "")
            .await
            .0,
        200
    );
    for _ in 0..10 {
        sign_up("reader@example.org").await;
    }
    assert_eq!(mails_to(&sink, "reader@example.org"), 1);
    clock.advance(Duration::from_secs(10 * 60));
    sign_up("reader@example.org").await;
    assert_eq!(mails_to(&sink, "reader@example.org"), 2);
    let last = decode(&sink.received().last().unwrap().data);
    assert!(last.contains("already subscribed"), "{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arabic_site_mails_in_arabic_and_its_links_answer_in_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_built(&dist, &arabic_site());
    standfirst_server::prepare(&dist).unwrap();
    let sink = Sink::start().await;
    let base = serve(dir.path(), &sink, |_| {}).await;
    let http = Http::new(&base).await;
    let body = serde_json::json!({ "email": "r@example.org", "lists": ["daily", "weekend"], "consent": true });
    assert_eq!(
        http.post_json("/api/newsletter", &body.to_string()).await.0,
        201
    );
    until("the confirmation mail", || sink.received().len() == 1).await;
    let data = sink.received()[0].data.replace("\r\n", "\n");
    assert!(data.contains("\nContent-Language: ar\n"), "{data}");
    // The parts, base64 for Arabic text.
    let mut text = String::new();
    for part in data.split("Content-Transfer-Encoding: base64\n\n").skip(1) {
        use base64::Engine;
        let b64: String = part
            .lines()
            .take_while(|l| !l.is_empty() && !l.starts_with("--"))
            .collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        text.push_str(&String::from_utf8(bytes).unwrap());
    }
    assert!(text.contains("<html lang=\"ar\" dir=\"rtl\">"), "{text}");
    assert!(text.contains("الموجز اليومي وقراءة نهاية الأسبوع"), "{text}");
    assert!(text.contains("مدة ٧ أيام"), "{text}");
    for phrase in english_phrases() {
        assert!(!text.contains(&phrase), "English {phrase:?} in {text}");
    }
    let confirm = link(&text, &format!("{base}/api/newsletter/confirm?token="));
    let page = http.get(confirm.strip_prefix(&base).unwrap()).await;
    assert_eq!(page.0, 200);
    assert!(page.1.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.1.contains(">تأكيد</button>"), "{}", page.1);
}
