//! The store behind the endpoint: SQLite (one server, the default) or
//! PostgreSQL (several replicas sharing one database). Every use of the
//! database goes through [`Db`]'s methods, which each backend implements
//! with the same meaning (the SQLite side in [`super::subscribers`] and
//! [`super::outbox`], the PostgreSQL side in [`super::pg`]); one test
//! suite holds both to it.

use super::cooldown::Cooldown;
use super::outbox::{self, Due, Outgoing, SendFailure};
use super::pg::Pg;
use super::subscribers::{self, Mail, Mailing, Signup, SignupRow, TokenState};
use super::Sqlite;
use std::path::{Path, PathBuf};

/// Where the sign-ups are kept: `--db` is a PostgreSQL URL
/// (`postgres://…` or `postgresql://…`) or else a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn of(db: &Path) -> Location {
        match db.to_str() {
            Some(s) if s.starts_with("postgres://") || s.starts_with("postgresql://") => {
                Location::Postgres(s.to_string())
            }
            _ => Location::Sqlite(db.to_path_buf()),
        }
    }
}

/// Writes the mail for subscriber `id`, or `None` for none.
pub type Compose = Box<dyn Fn(i64, &Mail) -> Option<Outgoing> + Send + Sync>;

/// The database: one SQLite file, or a PostgreSQL pool.
#[derive(Clone)]
pub enum Db {
    Sqlite(Sqlite),
    Postgres(Pg),
}

impl Db {
    /// Opens and migrates the database (PostgreSQL: also waits for the
    /// migration lock, so replicas starting together migrate once).
    pub fn open(location: &Location) -> anyhow::Result<Db> {
        Ok(match location {
            Location::Sqlite(path) => Db::Sqlite(Sqlite::open(path)?),
            Location::Postgres(url) => Db::Postgres(Pg::open(url)?),
        })
    }

    /// The secret `name`, made by `make` and stored on first use (at
    /// start; every replica gets the same).
    pub fn secret(
        &self,
        name: &'static str,
        make: impl FnOnce() -> Vec<u8> + Send,
    ) -> anyhow::Result<Vec<u8>> {
        match self {
            Db::Sqlite(s) => s.with(|c| super::secret(c, name, make)),
            Db::Postgres(p) => p.secret(name, make),
        }
    }

    /// Records a sign-up and, with `mailing`, queues its mail in the same
    /// transaction unless the address's cooldown holds it back
    /// ([`subscribers::subscribe`]).
    pub async fn subscribe(
        &self,
        row: SignupRow,
        mailing: Option<(Compose, Cooldown)>,
        now: i64,
    ) -> anyhow::Result<Signup> {
        match self {
            Db::Sqlite(s) => {
                s.run(move |c| match &mailing {
                    None => subscribers::subscribe(c, &row, None, now),
                    Some((compose, cooldown)) => {
                        let m = Mailing {
                            compose: &**compose,
                            cooldown: *cooldown,
                        };
                        subscribers::subscribe(c, &row, Some(&m), now)
                    }
                })
                .await
            }
            Db::Postgres(p) => p.subscribe(&row, mailing.as_ref(), now).await,
        }
    }

    /// What a token stands for, changing nothing.
    pub async fn token_state(&self, hash: String, now: i64) -> anyhow::Result<TokenState> {
        match self {
            Db::Sqlite(s) => {
                s.run(move |c| subscribers::token_state(c, &hash, now))
                    .await
            }
            Db::Postgres(p) => p.token_state(&hash, now).await,
        }
    }

    /// Confirms the address holding the token when it is valid.
    pub async fn confirm(&self, hash: String, now: i64) -> anyhow::Result<TokenState> {
        match self {
            Db::Sqlite(s) => s.run(move |c| subscribers::confirm(c, &hash, now)).await,
            Db::Postgres(p) => p.confirm(&hash, now).await,
        }
    }

    /// The lookup key of subscriber `id`, if there is one.
    pub async fn key_of(&self, id: i64) -> anyhow::Result<Option<String>> {
        match self {
            Db::Sqlite(s) => s.run(move |c| subscribers::key_of(c, id)).await,
            Db::Postgres(p) => p.key_of(id).await,
        }
    }

    /// Erases subscriber `id` when `authorised` accepts its key.
    pub async fn erase(
        &self,
        id: i64,
        authorised: impl FnOnce(&str) -> bool + Send + 'static,
    ) -> anyhow::Result<bool> {
        match self {
            Db::Sqlite(s) => s.run(move |c| subscribers::erase(c, id, authorised)).await,
            Db::Postgres(p) => p.erase(id, authorised).await,
        }
    }

    /// Sign-ups on file (test controls).
    pub async fn count(&self) -> anyhow::Result<i64> {
        match self {
            Db::Sqlite(s) => s.run(super::count).await,
            Db::Postgres(p) => p.count().await,
        }
    }

    /// Erases pending sign-ups older than `before`, sent mail older than
    /// that and mailed tokens expired at `now` ([`super::purge`]).
    pub async fn purge(&self, before: i64, now: i64) -> anyhow::Result<usize> {
        match self {
            Db::Sqlite(s) => s.run(move |c| super::purge(c, before, now)).await,
            Db::Postgres(p) => p.purge(before, now).await,
        }
    }

    /// Claims the next mail due at `now_ms` until `until_ms`
    /// ([`outbox::claim`]; PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two
    /// replicas never claim one row).
    pub async fn claim(&self, now_ms: i64, until_ms: i64) -> anyhow::Result<Option<Due>> {
        match self {
            Db::Sqlite(s) => s.run(move |c| outbox::claim(c, now_ms, until_ms)).await,
            Db::Postgres(p) => p.claim(now_ms, until_ms).await,
        }
    }

    /// Lets go of every claim at start. SQLite only: one server per file.
    /// With PostgreSQL another replica may be sending its claimed mail
    /// now; a claim left by a replica that died runs out instead.
    pub fn release_claims(&self) -> anyhow::Result<usize> {
        match self {
            Db::Sqlite(s) => s.with(outbox::release_claims),
            Db::Postgres(_) => Ok(0),
        }
    }

    /// When the next unsent mail is due or its claim runs out (ms).
    pub async fn next_due(&self) -> anyhow::Result<Option<i64>> {
        match self {
            Db::Sqlite(s) => s.run(outbox::next_due).await,
            Db::Postgres(p) => p.next_due().await,
        }
    }

    /// The longest the sender may wait without looking at the outbox:
    /// other replicas queue mail (and leave claims to run out) without
    /// waking this one.
    pub fn poll_at_least_every(&self) -> Option<std::time::Duration> {
        match self {
            Db::Sqlite(_) => None,
            Db::Postgres(_) => Some(std::time::Duration::from_secs(1)),
        }
    }

    /// Marks mail `id` sent.
    pub async fn sent(&self, id: i64) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(s) => s.run(move |c| outbox::sent(c, id)).await,
            Db::Postgres(p) => p.sent(id).await,
        }
    }

    /// Records a failed attempt; returns the attempts made so far.
    pub async fn failed(&self, id: i64, f: SendFailure) -> anyhow::Result<i64> {
        match self {
            Db::Sqlite(s) => s.run(move |c| outbox::failed(c, id, &f)).await,
            Db::Postgres(p) => p.failed(id, &f).await,
        }
    }

    /// Attempts made on mail `id` so far (0 when it is gone).
    pub async fn attempts(&self, id: i64) -> anyhow::Result<i64> {
        match self {
            Db::Sqlite(s) => s.run(move |c| outbox::attempts(c, id)).await,
            Db::Postgres(p) => p.attempts(id).await,
        }
    }
}
