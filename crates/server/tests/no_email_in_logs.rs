//! No e-mail address ever reaches the log, whatever the request. This test
//! binary installs a global subscriber at TRACE (so the blocking database
//! threads and the libraries are captured too) and looks at everything.

mod common;

use common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn email_addresses_never_appear_in_log_output() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let s = site_with(|c| c.rate_limit = 10);
    let secret = "Secret.Reader+news@Example.ORG";
    let lowered = "secret.reader+news@example.org";
    let bodies = [
        json!({ "email": secret, "lists": ["daily"], "consent": true, "source": "/world/x" }),
        json!({ "email": secret, "lists": ["daily"], "consent": true }),
        json!({ "email": secret, "lists": ["sport"], "consent": true }),
        json!({ "email": secret, "lists": ["daily"], "consent": false }),
        json!({ "email": secret, "lists": ["daily"], "consent": secret }),
        json!({ "email": "secret.reader@example", "lists": ["daily"], "consent": true }),
        json!({ "email": [secret], "lists": ["daily"], "consent": true }),
    ];
    for b in &bodies {
        post_json(&s.app, &b.to_string()).await;
    }
    post_form(
        &s.app,
        &format!(
            "email={}&lists=daily&consent=true",
            standfirst_model::form_escape(secret)
        ),
    )
    .await;
    send(
        &s.app,
        signup_request("text/plain", secret.to_string(), [192, 0, 2, 1]),
    )
    .await;
    let token = last_token(&s.app).await;
    get(&s.app, &format!("/api/newsletter/confirm?token={token}")).await;
    post_json(&s.app, &bodies[0].to_string()).await;
    // Over the limit now.
    post_json(&s.app, &bodies[0].to_string()).await;
    get(
        &s.app,
        &format!("/api/newsletter/confirm?token={token}&email={secret}"),
    )
    .await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains(&format!("/api/newsletter/confirm?token={token}")),
        "the confirm link is logged:\n{log}"
    );
    assert!(log.contains("rate limited"), "{log}");
    let lower_log = log.to_lowercase();
    for needle in [
        lowered,
        "secret.reader",
        "secret%2ereader",
        "secret.reader%2bnews",
        "example.org\"",
        "@example",
    ] {
        assert!(
            !lower_log.contains(needle),
            "{needle:?} found in the log:\n{log}"
        );
    }
}
