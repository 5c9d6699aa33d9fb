//! The outbox sender: one task that sends queued mail, oldest first, and
//! marks each sent. A failure to reach the mail server pauses every send
//! with a doubling wait (up to `retry_max`), so a server that is down
//! loses nothing: its mail waits in the database, across restarts too,
//! and goes out when it is back. A mail the server refuses for good (a
//! 5xx for that address) is given up after a few attempts.
//!
//! Each mail is claimed before it is sent (a claim a newer sign-up cannot
//! undo: the mail may be with the server already) and that row, and only
//! it, is marked sent after the server accepted it. A crash between the
//! two sends it again on restart (at least once, never lost): the claims
//! of an earlier run are let go of at start (SQLite: one server per
//! file), and a claim also runs out after `--mail-claim-timeout`
//! (PostgreSQL: a replica killed mid-send leaves its claims to run out,
//! and any replica then sends those mails).

use super::MailConfig;
use crate::db::{Db, SendFailure};
use lettre::address::Envelope;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;

/// Permanent refusals before a mail is given up.
const PERMANENT_TRIES: i64 = 3;
/// How long one SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// The transport for `--smtp`.
pub fn transport(url: &str) -> anyhow::Result<Transport> {
    let builder =
        Transport::from_url(url).map_err(|e| anyhow::anyhow!("--smtp {}: {e}", redact(url)))?;
    Ok(builder.timeout(Some(SMTP_TIMEOUT)).build())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, _)), Some(at)) => format!("{scheme}://…{}", &url[at..]),
        _ => url.to_string(),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `base * 2^(n-1)`, at most `max`.
pub fn backoff(base: Duration, max: Duration, n: u32) -> Duration {
    base.saturating_mul(1u32 << n.saturating_sub(1).min(20))
        .min(max)
}

/// Starts the sender; `wake` is notified whenever a mail is queued.
pub fn spawn(
    db: Db,
    config: &MailConfig,
    from: Address,
    wake: Arc<Notify>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let released = db.release_claims()?;
    if released > 0 {
        tracing::info!(
            released,
            "outbox: mails claimed by an earlier run will be sent"
        );
    }
    let sender = Sender {
        db,
        transport: transport(&config.smtp)?,
        from,
        wake,
        base: config.retry_base,
        max: config.retry_max,
        claim: config.claim_timeout,
    };
    Ok(tokio::spawn(sender.run()))
}

struct Sender {
    db: Db,
    transport: Transport,
    from: Address,
    wake: Arc<Notify>,
    base: Duration,
    max: Duration,
    claim: Duration,
}

impl Sender {
    async fn run(self) {
        let mut failures: u32 = 0;
        loop {
            let now = now_ms();
            let until = now + self.claim.as_millis() as i64;
            let (id, to, message) = match self.db.claim(now, until).await {
                Ok(Some(due)) => due,
                Ok(None) => {
                    self.idle().await;
                    continue;
                }
                Err(e) => {
                    tracing::error!("outbox: cannot read: {e}");
                    tokio::time::sleep(self.max.min(Duration::from_secs(5))).await;
                    continue;
                }
            };
            match self.send(&to, &message).await {
                Ok(()) => {
                    failures = 0;
                    self.mark_sent(id, now).await;
                    tracing::info!(mail = id, "mail sent");
                }
                Err(e) if e.permanent => {
                    let tries = self.attempts(id).await + 1;
                    let failure = SendFailure {
                        retry_at: (tries < PERMANENT_TRIES)
                            .then(|| now_ms() + self.base.as_millis() as i64),
                        reason: e.reason.clone(),
                    };
                    tracing::warn!(mail = id, tries, "mail refused: {}", e.reason);
                    let _ = self.db.failed(id, failure).await;
                }
                Err(e) => {
                    failures += 1;
                    let wait = backoff(self.base, self.max, failures);
                    let failure = SendFailure {
                        retry_at: Some(now_ms() + wait.as_millis() as i64),
                        reason: e.reason.clone(),
                    };
                    tracing::warn!(
                        mail = id,
                        retry_in_ms = wait.as_millis() as u64,
                        "mail server unavailable: {}",
                        e.reason
                    );
                    let _ = self.db.failed(id, failure).await;
                    // Every send waits: the server is down, not this mail.
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// Waits for a new mail or the next one due.
    async fn idle(&self) {
        let next = self.db.next_due().await.ok().flatten();
        let mut wait = next.map_or(Duration::from_secs(3600), |t| {
            Duration::from_millis((t - now_ms()).clamp(0, 3_600_000) as u64)
        });
        if let Some(poll) = self.db.poll_at_least_every() {
            wait = wait.min(poll);
        }
        tokio::select! {
            _ = self.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }

    async fn attempts(&self, id: i64) -> i64 {
        self.db.attempts(id).await.unwrap_or(0)
    }

    /// Marks mail `id` sent, trying again while the database is away (up
    /// to half the claim, claimed at `claimed_at`): a mail the mail server
    /// took but the outbox forgot would be sent again once its claim ran
    /// out.
    async fn mark_sent(&self, id: i64, claimed_at: i64) {
        let give_up = claimed_at + self.claim.as_millis() as i64 / 2;
        loop {
            match self.db.sent(id).await {
                Ok(()) => return,
                Err(e) if now_ms() >= give_up => {
                    tracing::error!("outbox: sent mail {id} not marked: {e}");
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    async fn send(&self, to: &str, message: &[u8]) -> Result<(), Failure> {
        let to: Address = to.parse().map_err(|_| Failure {
            permanent: true,
            reason: "the address is not one SMTP accepts".into(),
        })?;
        let envelope = Envelope::new(Some(self.from.clone()), vec![to]).map_err(|e| Failure {
            permanent: true,
            reason: e.to_string(),
        })?;
        match self.transport.send_raw(&envelope, message).await {
            Ok(_) => Ok(()),
            Err(e) => Err(Failure {
                permanent: e.is_permanent(),
                // A server's reply can quote the address: only its code.
                reason: match e.status() {
                    Some(code) => format!("the server answered {code}"),
                    None if e.is_response() => "an unexpected reply".into(),
                    None => e.to_string().chars().take(200).collect(),
                },
            }),
        }
    }
}

struct Failure {
    permanent: bool,
    reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let (b, m) = (Duration::from_millis(100), Duration::from_secs(1));
        let waits: Vec<u64> = (1..=6)
            .map(|n| backoff(b, m, n).as_millis() as u64)
            .collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff(b, m, 400), m);
    }

    #[test]
    fn urls_are_shown_without_credentials() {
        assert_eq!(
            redact("smtps://user:secret@smtp.example.org:465"),
            "smtps://…@smtp.example.org:465"
        );
        assert_eq!(redact("smtp://127.0.0.1:1025"), "smtp://127.0.0.1:1025");
    }
}
