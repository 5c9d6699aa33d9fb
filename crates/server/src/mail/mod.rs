//! Mail: the double opt-in messages (written here, queued in the outbox
//! with the sign-up) and the task that sends the outbox through SMTP
//! ([`sender`]).
//!
//! SMTP is [lettre](https://lettre.rs)'s: `smtp://host:port` is plain SMTP
//! (a local relay or mail catcher; no STARTTLS asked for),
//! `smtp://…?tls=required` upgrades with STARTTLS and
//! `smtps://user:pass@host` is TLS from the start, with credentials.

mod compose;
pub mod sender;

pub use compose::compose;

use lettre::message::Mailbox;
use std::collections::BTreeMap;
use std::time::Duration;

/// How `serve` sends mail.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port` or `smtps://user:pass@host[:port]`.
    pub smtp: String,
    /// The `From:` of every mail.
    pub from: String,
    /// First wait after a failed send; it doubles on each failure.
    pub retry_base: Duration,
    /// The longest wait between two attempts.
    pub retry_max: Duration,
    /// How long a mail being sent stays claimed: a server killed while
    /// sending leaves its claim, and the mail is sent again after this
    /// (at once by the next SQLite start; by any replica with PostgreSQL).
    pub claim_timeout: Duration,
}

/// What a mail is written from.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub site: String,
    /// List id to the name readers know it by.
    pub list_names: BTreeMap<String, String>,
    pub from: Mailbox,
    /// How long a confirmation link works, for the mail's text.
    pub token_ttl: Duration,
    /// The mails' words, in the publication's language.
    pub words: std::sync::Arc<standfirst_model::EndpointUi>,
}

/// The absolute links a mail carries, built from `--public-url`.
#[derive(Debug, Clone)]
pub struct Links {
    pub confirm: String,
    pub unsubscribe: String,
}

impl Links {
    /// `base` is the public URL of the site's root (no trailing `/`).
    pub fn new(base: &str, confirm_token: Option<&str>, unsubscribe_token: &str) -> Links {
        let endpoint = format!("{base}{}", crate::ENDPOINT);
        Links {
            confirm: confirm_token
                .map(|t| format!("{endpoint}/confirm?token={t}"))
                .unwrap_or_default(),
            unsubscribe: format!("{endpoint}/unsubscribe?token={unsubscribe_token}"),
        }
    }
}

/// Checks `--smtp` early, so a typo stops `serve` at start.
pub fn check_url(url: &str) -> anyhow::Result<()> {
    sender::transport(url).map(|_| ())
}
