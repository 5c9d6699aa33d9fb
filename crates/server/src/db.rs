//! Sign-up storage in SQLite, migrated by `PRAGMA user_version`.
//!
//! `lists` holds the lists an address is (or, while pending, will be)
//! subscribed to; `pending_lists` the lists a confirmed address asked to
//! add, which take effect on the next confirmation. Lists are JSON arrays.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &["CREATE TABLE subscribers (
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
    CREATE INDEX subscribers_requested ON subscribers (requested_at);"];

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// What a sign-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signup {
    /// New, still unconfirmed, or adding lists: confirm with this token.
    Pending { token: String },
    /// Confirmed already, for every list asked for.
    AlreadySubscribed,
}

/// The database behind a mutex: every use is one short transaction.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Connection>>);

impl Db {
    /// Opens (creating if needed) and migrates the database.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        migrate(&mut conn)?;
        Ok(Db(Arc::new(Mutex::new(conn))))
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

fn to_json(lists: &BTreeSet<String>) -> String {
    serde_json::to_string(lists).unwrap_or_else(|_| "[]".into())
}

fn from_json(text: &str) -> BTreeSet<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Records a sign-up for a normalised address. A pending address keeps
/// its token and gains the lists; a confirmed one is already subscribed,
/// unless it asks for new lists, which then wait for a confirmation.
pub fn subscribe(
    conn: &mut Connection,
    email: &str,
    lists: &BTreeSet<String>,
    source: &str,
    new_token: String,
) -> rusqlite::Result<Signup> {
    let tx = conn.transaction()?;
    let row: Option<(i64, String, String, String, String)> = tx
        .query_row(
            "SELECT id, status, lists, pending_lists, token FROM subscribers WHERE email = ?1",
            [email],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let answer = match row {
        None => {
            tx.execute(
                "INSERT INTO subscribers (email, lists, status, token, source) VALUES (?1, ?2, 'pending', ?3, ?4)",
                params![email, to_json(lists), new_token, source],
            )?;
            Signup::Pending { token: new_token }
        }
        Some((id, status, had, _, token)) if status == "pending" => {
            let merged: BTreeSet<String> = from_json(&had).union(lists).cloned().collect();
            update(&tx, id, "lists", &merged)?;
            Signup::Pending { token }
        }
        Some((id, _, had, pending, token)) => {
            let had = from_json(&had);
            let new: BTreeSet<String> = lists.difference(&had).cloned().collect();
            if new.is_empty() {
                Signup::AlreadySubscribed
            } else {
                let merged: BTreeSet<String> = from_json(&pending).union(&new).cloned().collect();
                update(&tx, id, "pending_lists", &merged)?;
                Signup::Pending { token }
            }
        }
    };
    tx.commit()?;
    Ok(answer)
}

/// Sets `column` (a constant: `lists` or `pending_lists`) of row `id`.
fn update(
    tx: &Transaction,
    id: i64,
    column: &'static str,
    lists: &BTreeSet<String>,
) -> rusqlite::Result<()> {
    tx.execute(
        &format!("UPDATE subscribers SET {column} = ?1, requested_at = {NOW} WHERE id = ?2"),
        params![to_json(lists), id],
    )?;
    Ok(())
}

/// Confirms the address holding `token`; `false` for an unknown token.
/// Opening the link again is harmless.
pub fn confirm(conn: &mut Connection, token: &str) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let row: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT id, lists, pending_lists FROM subscribers WHERE token = ?1",
            [token],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, lists, pending)) = row else {
        return Ok(false);
    };
    let merged: BTreeSet<String> = from_json(&lists)
        .union(&from_json(&pending))
        .cloned()
        .collect();
    tx.execute(
        &format!(
            "UPDATE subscribers SET status = 'confirmed', lists = ?1, pending_lists = '[]',
             confirmed_at = COALESCE(confirmed_at, {NOW}) WHERE id = ?2"
        ),
        params![to_json(&merged), id],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Rows in the table (test controls).
pub fn count(conn: &mut Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM subscribers", [], |r| r.get(0))
}

/// The token of the most recent sign-up awaiting confirmation.
pub fn last_pending_token(conn: &mut Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT token FROM subscribers WHERE status = 'pending' OR pending_lists <> '[]'
         ORDER BY requested_at DESC, id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn migrates_once_and_tracks_lists() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("n.sqlite");
        let db = Db::open(&path)?;
        drop(db);
        let db = Db::open(&path)?; // a second open finds version 1 and does nothing
        let mut c = db.0.lock().unwrap();
        let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(v, 1);
        let a = subscribe(&mut c, "a@x.org", &set(&["daily"]), "/", "t1".into())?;
        assert_eq!(a, Signup::Pending { token: "t1".into() });
        let again = subscribe(&mut c, "a@x.org", &set(&["weekend"]), "/", "t2".into())?;
        assert_eq!(again, Signup::Pending { token: "t1".into() });
        assert!(confirm(&mut c, "t1")?);
        assert!(!confirm(&mut c, "nope")?);
        let done = subscribe(
            &mut c,
            "a@x.org",
            &set(&["daily", "weekend"]),
            "/",
            "t3".into(),
        )?;
        assert_eq!(done, Signup::AlreadySubscribed);
        assert_eq!(last_pending_token(&mut c)?, None);
        let more = subscribe(&mut c, "a@x.org", &set(&["climate"]), "/", "t4".into())?;
        assert_eq!(more, Signup::Pending { token: "t1".into() });
        assert_eq!(last_pending_token(&mut c)?, Some("t1".into()));
        assert!(confirm(&mut c, "t1")?);
        let lists: String = c.query_row("SELECT lists FROM subscribers", [], |r| r.get(0))?;
        assert_eq!(lists, r#"["climate","daily","weekend"]"#);
        assert_eq!(count(&mut c)?, 1);
        Ok(())
    }
}
