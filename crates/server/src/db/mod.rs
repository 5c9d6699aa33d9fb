//! Sign-up storage in SQLite, migrated by `PRAGMA user_version`; the same
//! tables in PostgreSQL for several replicas ([`pg`]), both behind [`Db`]
//! ([`store`]).
//!
//! - `subscribers`: one row per mailbox (`email_key`, see
//!   [`crate::newsletter`]'s address rules), `status` `pending` or
//!   `confirmed`. `lists` holds the lists an address is (or, while
//!   pending, will be) subscribed to; `pending_lists` the lists a confirmed
//!   address asked to add, which take effect on the next confirmation.
//!   Lists are JSON arrays. Confirmation tokens are kept only as their
//!   SHA-256 (`token_hash`), with an expiry (`token_expires`, Unix seconds).
//! - `outbox`: each mail to send, written in the same transaction as the
//!   sign-up it answers, so an acknowledged sign-up always has its mail.
//!   Ids are never reused (`AUTOINCREMENT`). The sender claims a row
//!   before sending it (`claimed_until`), and a claimed row is never
//!   replaced by a newer sign-up. A sent mail keeps its row (without the
//!   message) until it is purged.
//! - `mailed_tokens`: the confirmation token of every mail handed to the
//!   mail server, so that its link keeps working, until it expires, after a
//!   newer sign-up gave the address a new token.
//! - the mail an address was sent lately (`last_mail_at`,
//!   `mail_day_start`, `mail_day_count` on `subscribers`), for the
//!   per-address cooldown ([`cooldown`]).
//! - `secrets`: the key that signs unsubscribe links.
//!
//! Unsubscribing deletes the subscriber's row and, with it, its outbox rows
//! and mailed tokens.

pub mod cooldown;
pub mod files;
pub mod outbox;
pub mod pg;
pub mod store;
pub mod subscribers;
#[cfg(test)]
mod suite;

pub use cooldown::Cooldown;
pub use outbox::{Outgoing, SendFailure};
pub use store::{Compose, Db, Location};
pub use subscribers::{Mail, SignupRow};

use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE subscribers (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        lists TEXT NOT NULL DEFAULT '[]',
        pending_lists TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        token TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        confirmed_at TEXT
    );
    CREATE INDEX subscribers_requested ON subscribers (requested_at);",
    // Version 2: hashed, expiring tokens; one row per mailbox; the outbox.
    // Tokens of version 1 were kept in plain text: they are dropped (a
    // pending reader signs up again), and of two rows for one mailbox the
    // confirmed (then the older) one is kept.
    "CREATE TABLE subscribers_v2 (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        lists TEXT NOT NULL DEFAULT '[]',
        pending_lists TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
        token_hash TEXT UNIQUE,
        token_expires INTEGER,
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        requested_unix INTEGER NOT NULL DEFAULT (unixepoch()),
        confirmed_at TEXT
    );
    INSERT OR IGNORE INTO subscribers_v2 (id, email, email_key, lists, pending_lists, status, source,
        created_at, requested_at, requested_unix, confirmed_at)
      SELECT id, email, lower(email), lists, pending_lists, status, source, created_at, requested_at,
        COALESCE(unixepoch(requested_at), unixepoch()), confirmed_at
      FROM subscribers ORDER BY status = 'confirmed' DESC, id;
    DROP TABLE subscribers;
    ALTER TABLE subscribers_v2 RENAME TO subscribers;
    CREATE INDEX subscribers_requested ON subscribers (status, requested_unix);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        message BLOB,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        queued_at INTEGER NOT NULL DEFAULT (unixepoch()),
        sent_at INTEGER
    );
    CREATE INDEX outbox_due ON outbox (sent_at, next_attempt);
    CREATE INDEX outbox_subscriber ON outbox (subscriber_id);
    CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);",
    // Version 3: outbox ids are never reused, rows are claimed while being
    // sent, and a confirm mail records its token. A waiting confirm mail
    // carries its subscriber's token (a newer sign-up replaced any older
    // waiting mail); a subscriber whose newest confirm mail went out has
    // that token in it.
    "CREATE TABLE outbox_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        message BLOB,
        token_hash TEXT,
        token_expires INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt INTEGER NOT NULL DEFAULT 0,
        claimed_until INTEGER,
        last_error TEXT,
        queued_at INTEGER NOT NULL DEFAULT (unixepoch()),
        sent_at INTEGER
    );
    INSERT INTO outbox_v3 (id, subscriber_id, kind, recipient, message, token_hash, token_expires,
        attempts, next_attempt, last_error, queued_at, sent_at)
      SELECT o.id, o.subscriber_id, o.kind, o.recipient, o.message,
        CASE WHEN o.kind = 'confirm' AND o.sent_at IS NULL THEN s.token_hash END,
        CASE WHEN o.kind = 'confirm' AND o.sent_at IS NULL THEN s.token_expires END,
        o.attempts, o.next_attempt, o.last_error, o.queued_at, o.sent_at
      FROM outbox o LEFT JOIN subscribers s ON s.id = o.subscriber_id ORDER BY o.id;
    DROP TABLE outbox;
    ALTER TABLE outbox_v3 RENAME TO outbox;
    CREATE INDEX outbox_due ON outbox (sent_at, next_attempt);
    CREATE INDEX outbox_subscriber ON outbox (subscriber_id);
    CREATE TABLE mailed_tokens (
        hash TEXT PRIMARY KEY,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        expires INTEGER NOT NULL
    );
    CREATE INDEX mailed_tokens_subscriber ON mailed_tokens (subscriber_id);
    INSERT OR IGNORE INTO mailed_tokens (hash, subscriber_id, expires)
      SELECT s.token_hash, s.id, s.token_expires FROM subscribers s
      WHERE s.token_hash IS NOT NULL AND s.token_expires IS NOT NULL
        AND (SELECT o.sent_at IS NOT NULL FROM outbox o
             WHERE o.subscriber_id = s.id AND o.kind = 'confirm' ORDER BY o.id DESC LIMIT 1);",
    // Version 4: the mail each address was sent lately, for the cooldown.
    "ALTER TABLE subscribers ADD COLUMN last_mail_at INTEGER;
    ALTER TABLE subscribers ADD COLUMN mail_day_start INTEGER;
    ALTER TABLE subscribers ADD COLUMN mail_day_count INTEGER NOT NULL DEFAULT 0;",
];

/// The SQLite database behind a mutex: every use is one short
/// transaction.
#[derive(Clone)]
pub struct Sqlite(Arc<Mutex<Connection>>);

impl Sqlite {
    /// Opens (creating if needed, 0600) and migrates the database;
    /// refuses one others can read ([`files`]).
    pub fn open(path: &Path) -> anyhow::Result<Sqlite> {
        files::check(path)?;
        let new = !path.exists();
        let mut conn = Connection::open(path)?;
        if new {
            files::make_private(path)?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        // WAL + NORMAL: a committed sign-up survives the process being
        // killed (only a power cut may lose the last transactions).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Sqlite(Arc::new(Mutex::new(conn))))
    }

    /// Runs `f` on a blocking thread with the connection.
    pub async fn run<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let db = self.0.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await?;
        Ok(joined?)
    }
}

impl Sqlite {
    /// Runs `f` with the connection on this thread (at start only).
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> anyhow::Result<T> {
        let mut conn = self.0.lock().unwrap_or_else(|p| p.into_inner());
        Ok(f(&mut conn)?)
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    anyhow::ensure!(
        version <= MIGRATIONS.len(),
        "the database has schema version {version}; this server knows up to {}",
        MIGRATIONS.len()
    );
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The secret `name`, made by `make` and stored on first use.
pub fn secret(
    conn: &mut Connection,
    name: &str,
    make: impl FnOnce() -> Vec<u8>,
) -> rusqlite::Result<Vec<u8>> {
    let found: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM secrets WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(v) = found {
        return Ok(v);
    }
    let value = make();
    conn.execute(
        "INSERT INTO secrets (name, value) VALUES (?1, ?2)",
        rusqlite::params![name, value],
    )?;
    Ok(value)
}

/// Rows in the table (test controls).
pub fn count(conn: &mut Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM subscribers", [], |r| r.get(0))
}

/// Deletes pending sign-ups last requested before `before` (Unix seconds),
/// sent outbox rows older than that and mailed tokens expired at `now`;
/// returns the sign-ups deleted.
pub fn purge(conn: &mut Connection, before: i64, now: i64) -> rusqlite::Result<usize> {
    let tx = conn.transaction()?;
    let gone = tx.execute(
        "DELETE FROM subscribers WHERE status = 'pending' AND requested_unix < ?1",
        [before],
    )?;
    tx.execute(
        "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?1",
        [before],
    )?;
    tx.execute("DELETE FROM mailed_tokens WHERE expires <= ?1", [now])?;
    tx.commit()?;
    Ok(gone)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database SQLite created (0644) made the server's alone.
    fn private(path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(path, mode).unwrap();
        }
    }

    #[test]
    fn a_version_2_outbox_keeps_its_rows_and_never_reuses_an_id() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("n.sqlite");
        {
            let c = Connection::open(&path)?;
            c.execute_batch(MIGRATIONS[0])?;
            c.execute_batch(MIGRATIONS[1])?;
            c.execute_batch(
                "INSERT INTO subscribers (id, email, email_key, status, token_hash, token_expires)
                   VALUES (1, 'a@x.org', 'a@x.org', 'pending', 'waiting', 99),
                          (2, 'b@x.org', 'b@x.org', 'pending', 'gone-out', 99);
                 INSERT INTO outbox (id, subscriber_id, kind, recipient, message, sent_at) VALUES
                   (1, 2, 'confirm', 'b@x.org', NULL, 5),
                   (2, 1, 'confirm', 'a@x.org', x'41', NULL);
                 PRAGMA user_version = 2;",
            )?;
        }
        private(&path); // as its operator makes it after the refusal
        let db = Sqlite::open(&path)?;
        let mut c = db.0.lock().unwrap();
        let rows: Vec<(i64, Option<String>)> = c
            .prepare("SELECT id, token_hash FROM outbox ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(rows, [(1, None), (2, Some("waiting".into()))]);
        let mailed: Vec<(String, i64)> = c
            .prepare("SELECT hash, subscriber_id FROM mailed_tokens")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(mailed, [("gone-out".into(), 2)]);
        c.execute("DELETE FROM outbox WHERE id = 2", [])?;
        let tx = c.transaction()?;
        let mail = Outgoing {
            kind: "confirm",
            recipient: "a@x.org".into(),
            message: b"B".to_vec(),
        };
        outbox::queue(&tx, 1, &mail, None)?;
        assert_eq!(tx.last_insert_rowid(), 3);
        Ok(())
    }

    #[test]
    fn a_version_1_database_is_migrated_keeping_one_row_per_mailbox() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("n.sqlite");
        {
            let c = Connection::open(&path)?;
            c.execute_batch(MIGRATIONS[0])?;
            c.execute_batch(
                "INSERT INTO subscribers (email, status, token) VALUES
                   ('Reader@example.org', 'pending', 'a'),
                   ('reader@example.org', 'confirmed', 'b'),
                   ('other@example.org', 'pending', 'c');
                 PRAGMA user_version = 1;",
            )?;
        }
        private(&path); // as its operator makes it after the refusal
        let db = Sqlite::open(&path)?;
        drop(db);
        let db = Sqlite::open(&path)?; // a second open finds version 2 and does nothing
        let c = db.0.lock().unwrap();
        let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(v, MIGRATIONS.len() as i64);
        let rows: Vec<(String, String, Option<String>)> = c
            .prepare("SELECT email, status, token_hash FROM subscribers ORDER BY email")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(
            rows,
            [
                ("other@example.org".into(), "pending".into(), None),
                ("reader@example.org".into(), "confirmed".into(), None),
            ]
        );
        Ok(())
    }
}
