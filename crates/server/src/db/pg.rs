//! Sign-up storage in PostgreSQL, for several replicas sharing one
//! database (`--db postgres://…`). The tables and their meaning are
//! SQLite's ([`super`]); what differs:
//!
//! - Migrations run at start inside one transaction holding
//!   `pg_advisory_xact_lock`, so replicas starting together migrate once;
//!   the version is in `standfirst_schema`.
//! - One sign-up of an address at a time, whichever replica takes it: the
//!   transaction locks the address (an advisory lock on its key) and its
//!   row (`FOR UPDATE`), and a second sign-up finds the first's row.
//! - The sender claims a mail with `FOR UPDATE SKIP LOCKED`: two replicas
//!   never claim one row. A claim is never let go of at start (another
//!   replica may be sending); a replica killed mid-send leaves its claims
//!   to run out, and any replica then sends the mail.
//! - The per-address cooldown is in `subscribers`, as with SQLite, so
//!   every replica sees it.
//! - The pool waits at most a few seconds for a connection: when the
//!   database is unreachable, callers get an error soon (a sign-up is
//!   answered 503, never acknowledged), and new connections are made
//!   once it is back.

use super::cooldown::{Cooldown, History};
use super::outbox::{Due, SendFailure};
use super::store::Compose;
use super::subscribers::{
    from_json, plan, state, to_json, Found, Mail, Signup, SignupRow, TokenState, Write,
};
use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::time::Duration;
use tokio_postgres::NoTls;

/// The key of the migration lock ("Standfi").
const MIGRATION_LOCK: i64 = 0x0053_7461_6e64_6669;

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &["
    CREATE TABLE subscribers (
        id BIGSERIAL PRIMARY KEY,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        lists TEXT NOT NULL DEFAULT '[]',
        pending_lists TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        token_hash TEXT UNIQUE,
        token_expires BIGINT,
        source TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        requested_unix BIGINT NOT NULL,
        confirmed_at TIMESTAMPTZ,
        last_mail_at BIGINT,
        mail_day_start BIGINT,
        mail_day_count BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX subscribers_requested ON subscribers (status, requested_unix);
    CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY,
        subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        message BYTEA,
        token_hash TEXT,
        token_expires BIGINT,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt BIGINT NOT NULL DEFAULT 0,
        claimed_until BIGINT,
        last_error TEXT,
        queued_at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::BIGINT,
        sent_at BIGINT
    );
    CREATE INDEX outbox_due ON outbox (next_attempt, id) WHERE sent_at IS NULL;
    CREATE INDEX outbox_subscriber ON outbox (subscriber_id);
    CREATE TABLE mailed_tokens (
        hash TEXT PRIMARY KEY,
        subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        expires BIGINT NOT NULL
    );
    CREATE INDEX mailed_tokens_subscriber ON mailed_tokens (subscriber_id);
    CREATE TABLE secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL);"];

/// A pool of connections to one PostgreSQL database.
#[derive(Clone)]
pub struct Pg {
    pub(super) pool: Pool,
    config: std::sync::Arc<tokio_postgres::Config>,
}

fn config_of(url: &str) -> anyhow::Result<tokio_postgres::Config> {
    let mut c: tokio_postgres::Config = url
        .parse()
        .context("--db: not a PostgreSQL URL (postgres://user@host/database)")?;
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(Duration::from_secs(3));
    }
    c.application_name("standfirst-server");
    Ok(c)
}

/// Runs `work` on a runtime and thread of its own: at start, from code
/// that may itself run on a runtime.
fn at_start<T: Send>(
    work: impl std::future::Future<Output = anyhow::Result<T>> + Send,
) -> anyhow::Result<T> {
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
                .block_on(work)
        })
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the database's start panicked")))
    })
}

/// One connection outside the pool, driven on the current runtime.
async fn connect(config: &tokio_postgres::Config) -> anyhow::Result<tokio_postgres::Client> {
    let (client, conn) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            tracing::debug!("database connection closed: {e}");
        }
    });
    Ok(client)
}

async fn migrate(client: &mut tokio_postgres::Client) -> anyhow::Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS standfirst_schema (version BIGINT NOT NULL)")
        .await?;
    let version: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM standfirst_schema",
            &[],
        )
        .await?
        .get(0);
    anyhow::ensure!(
        version as usize <= MIGRATIONS.len(),
        "the database has schema version {version}; this server knows up to {}",
        MIGRATIONS.len()
    );
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql).await?;
        let next = i as i64 + 1;
        tx.execute(
            "INSERT INTO standfirst_schema (version) VALUES ($1)",
            &[&next],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn history(r: &tokio_postgres::Row, at: usize) -> History {
    History {
        last: r.get(at),
        day_start: r.get(at + 1),
        day_count: r.get(at + 2),
    }
}

impl Pg {
    /// Connects, migrates (under the migration lock) and makes the pool.
    pub fn open(url: &str) -> anyhow::Result<Pg> {
        let config = config_of(url)?;
        at_start(async {
            let mut client = connect(&config).await.context("connecting to PostgreSQL")?;
            migrate(&mut client).await
        })?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(3)))
            .recycle_timeout(Some(Duration::from_secs(2)))
            .build()?;
        Ok(Pg {
            pool,
            config: config.into(),
        })
    }

    /// The secret `name`: the one stored, or `make`'s stored now (the
    /// first replica to store it wins).
    pub fn secret(
        &self,
        name: &'static str,
        make: impl FnOnce() -> Vec<u8> + Send,
    ) -> anyhow::Result<Vec<u8>> {
        let config = &*self.config;
        at_start(async move {
            let client = connect(config).await?;
            client
                .execute(
                    "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    &[&name, &make()],
                )
                .await?;
            let row = client
                .query_one("SELECT value FROM secrets WHERE name = $1", &[&name])
                .await?;
            Ok(row.get(0))
        })
    }

    async fn client(&self) -> anyhow::Result<deadpool_postgres::Object> {
        Ok(self.pool.get().await?)
    }

    pub async fn subscribe(
        &self,
        row: &SignupRow,
        mailing: Option<&(Compose, Cooldown)>,
        now: i64,
    ) -> anyhow::Result<Signup> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        // A concurrent sign-up of the same new address waits here, then
        // finds this one's row.
        tx.execute("SELECT pg_advisory_xact_lock(1, hashtext($1))", &[&row.key])
            .await?;
        let found = tx
            .query_opt(
                "SELECT id, status, lists, pending_lists, last_mail_at, mail_day_start, mail_day_count
                 FROM subscribers WHERE email_key = $1 FOR UPDATE",
                &[&row.key],
            )
            .await?
            .map(|r| Found {
                id: r.get(0),
                pending: r.get::<_, &str>(1) == "pending",
                lists: from_json(r.get(2)),
                pending_lists: from_json(r.get(3)),
                history: history(&r, 4),
            });
        let (write, mail) = plan(found.as_ref(), row);
        let history = found.as_ref().map_or_else(History::default, |f| f.history);
        let admitted = mailing.map(|(_, cooldown)| cooldown.admit(history, now));
        if let (Some(None), Some(f)) = (admitted, &found) {
            return Ok(Signup {
                id: f.id,
                mail,
                held: true,
            });
        }
        let id: i64 = match (write, &found) {
            (Write::Renew(column, lists), Some(f)) => {
                tx.execute(
                    &format!(
                        "UPDATE subscribers SET {column} = $1, token_hash = $2, token_expires = $3,
                         requested_at = now(), requested_unix = $4 WHERE id = $5"
                    ),
                    &[&to_json(&lists), &row.token_hash, &row.token_expires, &now, &f.id],
                )
                .await?;
                f.id
            }
            (Write::Nothing, Some(f)) => f.id,
            _ => tx
                .query_one(
                    "INSERT INTO subscribers (email, email_key, lists, status, token_hash, token_expires,
                     source, requested_unix) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7) RETURNING id",
                    &[
                        &row.email,
                        &row.key,
                        &to_json(&row.lists),
                        &row.token_hash,
                        &row.token_expires,
                        &row.source,
                        &now,
                    ],
                )
                .await?
                .get(0),
        };
        if let (Some((compose, _)), Some(Some(h))) = (mailing, admitted) {
            if let Some(out) = compose(id, &mail) {
                let carries = matches!(mail, Mail::Confirm { .. });
                // A claimed mail stays: it may be with the mail server.
                tx.execute(
                    "DELETE FROM outbox WHERE subscriber_id = $1 AND sent_at IS NULL AND claimed_until IS NULL",
                    &[&id],
                )
                .await?;
                tx.execute(
                    "INSERT INTO outbox (subscriber_id, kind, recipient, message, token_hash, token_expires)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &id,
                        &out.kind,
                        &out.recipient,
                        &out.message,
                        &carries.then_some(&row.token_hash),
                        &carries.then_some(row.token_expires),
                    ],
                )
                .await?;
                tx.execute(
                    "UPDATE subscribers SET last_mail_at = $1, mail_day_start = $2, mail_day_count = $3
                     WHERE id = $4",
                    &[&h.last, &h.day_start, &h.day_count, &id],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(Signup {
            id,
            mail,
            held: false,
        })
    }

    async fn find_token(
        c: &impl tokio_postgres::GenericClient,
        hash: &str,
    ) -> anyhow::Result<Option<(i64, Option<i64>)>> {
        Ok(c.query_opt(
            "SELECT id, token_expires FROM subscribers WHERE token_hash = $1
             UNION ALL SELECT subscriber_id, expires FROM mailed_tokens WHERE hash = $1
             ORDER BY 2 DESC NULLS LAST LIMIT 1",
            &[&hash],
        )
        .await?
        .map(|r| (r.get(0), r.get(1))))
    }

    pub async fn token_state(&self, hash: &str, now: i64) -> anyhow::Result<TokenState> {
        let c = self.client().await?;
        Ok(match Self::find_token(&**c, hash).await? {
            None => TokenState::Unknown,
            Some((_, expires)) => state(expires, now),
        })
    }

    pub async fn confirm(&self, hash: &str, now: i64) -> anyhow::Result<TokenState> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let Some((id, expires)) = Self::find_token(&*tx, hash).await? else {
            return Ok(TokenState::Unknown);
        };
        if state(expires, now) != TokenState::Valid {
            return Ok(TokenState::Expired);
        }
        let Some(r) = tx
            .query_opt(
                "SELECT lists, pending_lists FROM subscribers WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await?
        else {
            return Ok(TokenState::Unknown); // erased meanwhile
        };
        let merged: std::collections::BTreeSet<String> = from_json(r.get(0))
            .union(&from_json(r.get(1)))
            .cloned()
            .collect();
        tx.execute(
            "UPDATE subscribers SET status = 'confirmed', lists = $1, pending_lists = '[]',
             confirmed_at = COALESCE(confirmed_at, now()) WHERE id = $2",
            &[&to_json(&merged), &id],
        )
        .await?;
        tx.commit().await?;
        Ok(TokenState::Valid)
    }

    pub async fn key_of(&self, id: i64) -> anyhow::Result<Option<String>> {
        let c = self.client().await?;
        Ok(
            c.query_opt("SELECT email_key FROM subscribers WHERE id = $1", &[&id])
                .await?
                .map(|r| r.get(0)),
        )
    }

    pub async fn erase(
        &self,
        id: i64,
        authorised: impl FnOnce(&str) -> bool,
    ) -> anyhow::Result<bool> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let key: Option<String> = tx
            .query_opt(
                "SELECT email_key FROM subscribers WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await?
            .map(|r| r.get(0));
        if !key.is_some_and(|k| authorised(&k)) {
            return Ok(false);
        }
        tx.execute("DELETE FROM outbox WHERE subscriber_id = $1", &[&id])
            .await?;
        tx.execute("DELETE FROM mailed_tokens WHERE subscriber_id = $1", &[&id])
            .await?;
        tx.execute("DELETE FROM subscribers WHERE id = $1", &[&id])
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn count(&self) -> anyhow::Result<i64> {
        let c = self.client().await?;
        Ok(c.query_one("SELECT COUNT(*) FROM subscribers", &[])
            .await?
            .get(0))
    }

    pub async fn purge(&self, before: i64, now: i64) -> anyhow::Result<usize> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let gone = tx
            .execute(
                "DELETE FROM subscribers WHERE status = 'pending' AND requested_unix < $1",
                &[&before],
            )
            .await?;
        tx.execute(
            "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1",
            &[&before],
        )
        .await?;
        tx.execute("DELETE FROM mailed_tokens WHERE expires <= $1", &[&now])
            .await?;
        tx.commit().await?;
        Ok(gone as usize)
    }

    pub async fn claim(&self, now_ms: i64, until_ms: i64) -> anyhow::Result<Option<Due>> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let Some(r) = tx
            .query_opt(
                "UPDATE outbox SET claimed_until = $2 WHERE id = (
                   SELECT id FROM outbox
                   WHERE sent_at IS NULL AND message IS NOT NULL AND next_attempt <= $1
                     AND (claimed_until IS NULL OR claimed_until <= $1)
                   ORDER BY next_attempt, id LIMIT 1
                   FOR UPDATE SKIP LOCKED)
                 RETURNING id, recipient, message, token_hash IS NOT NULL",
                &[&now_ms, &until_ms],
            )
            .await?
        else {
            return Ok(None);
        };
        let due: Due = (r.get(0), r.get(1), r.get(2));
        if r.get::<_, bool>(3) {
            tx.execute(
                "INSERT INTO mailed_tokens (hash, subscriber_id, expires)
                 SELECT token_hash, subscriber_id, token_expires FROM outbox
                 WHERE id = $1 AND token_expires IS NOT NULL
                 ON CONFLICT (hash) DO NOTHING",
                &[&due.0],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(due))
    }

    pub async fn next_due(&self) -> anyhow::Result<Option<i64>> {
        let c = self.client().await?;
        Ok(c.query_one(
            "SELECT MIN(GREATEST(next_attempt, COALESCE(claimed_until, 0))) FROM outbox
             WHERE sent_at IS NULL",
            &[],
        )
        .await?
        .get(0))
    }

    pub async fn sent(&self, id: i64) -> anyhow::Result<()> {
        let c = self.client().await?;
        c.execute(
            "UPDATE outbox SET sent_at = extract(epoch FROM now())::BIGINT, message = NULL,
               last_error = NULL, claimed_until = NULL
             WHERE id = $1 AND sent_at IS NULL",
            &[&id],
        )
        .await?;
        Ok(())
    }

    pub async fn failed(&self, id: i64, f: &SendFailure) -> anyhow::Result<i64> {
        let c = self.client().await?;
        match f.retry_at {
            Some(at) => Ok(c
                .query_opt(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt = $2, last_error = $3,
                       claimed_until = NULL
                     WHERE id = $1 RETURNING attempts",
                    &[&id, &at, &f.reason],
                )
                .await?
                .map_or(0, |r| r.get(0))),
            None => {
                c.execute("DELETE FROM outbox WHERE id = $1", &[&id])
                    .await?;
                Ok(0)
            }
        }
    }

    pub async fn attempts(&self, id: i64) -> anyhow::Result<i64> {
        let c = self.client().await?;
        Ok(
            c.query_opt("SELECT attempts FROM outbox WHERE id = $1", &[&id])
                .await?
                .map_or(0, |r| r.get(0)),
        )
    }
}
