//! The `subscribers` table: sign-up, confirmation, erasure.

use super::outbox::{self, Outgoing};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeSet;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// A valid sign-up, ready to store.
#[derive(Debug, Clone)]
pub struct SignupRow {
    /// The address as the reader wrote it (normalised): where mail goes.
    pub email: String,
    /// The address as it is looked up: one row per key.
    pub key: String,
    pub lists: BTreeSet<String>,
    pub source: String,
    /// SHA-256 of the new confirmation token, and when it expires.
    pub token_hash: String,
    pub token_expires: i64,
}

/// Which mail a sign-up calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    /// Confirm these lists with the new token.
    Confirm { lists: BTreeSet<String> },
    /// Nothing to confirm: the reader is subscribed to these lists already.
    Already { lists: BTreeSet<String> },
}

fn to_json(lists: &BTreeSet<String>) -> String {
    serde_json::to_string(lists).unwrap_or_else(|_| "[]".into())
}

fn from_json(text: &str) -> BTreeSet<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Writes the mail for subscriber `id`, or `None` for none.
pub type Compose<'a> = dyn Fn(i64, &Mail) -> Option<Outgoing> + 'a;

/// Records a sign-up and, when `compose` is given, queues its mail in the
/// same transaction. A new or pending address gets a new token (the old
/// one stops working); a confirmed one asking for no new list gets the
/// "already subscribed" mail, and one asking for new lists a token to
/// confirm them. Returns the subscriber's id and the mail chosen.
pub fn subscribe(
    conn: &mut Connection,
    row: &SignupRow,
    compose: Option<&Compose>,
) -> rusqlite::Result<(i64, Mail)> {
    let tx = conn.transaction()?;
    let found: Option<(i64, String, String, String)> = tx
        .query_row(
            "SELECT id, status, lists, pending_lists FROM subscribers WHERE email_key = ?1",
            [&row.key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (id, mail) = match found {
        None => {
            tx.execute(
                "INSERT INTO subscribers (email, email_key, lists, status, token_hash, token_expires, source)
                 VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)",
                params![row.email, row.key, to_json(&row.lists), row.token_hash, row.token_expires, row.source],
            )?;
            (
                tx.last_insert_rowid(),
                Mail::Confirm {
                    lists: row.lists.clone(),
                },
            )
        }
        Some((id, status, had, _)) if status == "pending" => {
            let merged: BTreeSet<String> = from_json(&had).union(&row.lists).cloned().collect();
            renew(&tx, id, "lists", &merged, row)?;
            (id, Mail::Confirm { lists: merged })
        }
        Some((id, _, had, pending)) => {
            let had = from_json(&had);
            let new: BTreeSet<String> = row.lists.difference(&had).cloned().collect();
            if new.is_empty() {
                (id, Mail::Already { lists: had })
            } else {
                let merged: BTreeSet<String> = from_json(&pending).union(&new).cloned().collect();
                renew(&tx, id, "pending_lists", &merged, row)?;
                (id, Mail::Confirm { lists: merged })
            }
        }
    };
    if let Some(out) = compose.and_then(|f| f(id, &mail)) {
        let token = matches!(mail, Mail::Confirm { .. }).then_some(outbox::Carried {
            hash: &row.token_hash,
            expires: row.token_expires,
        });
        outbox::queue(&tx, id, &out, token)?;
    }
    tx.commit()?;
    Ok((id, mail))
}

/// Sets `column` (a constant: `lists` or `pending_lists`) of row `id` and
/// replaces its token.
fn renew(
    tx: &Transaction,
    id: i64,
    column: &'static str,
    lists: &BTreeSet<String>,
    row: &SignupRow,
) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "UPDATE subscribers SET {column} = ?1, token_hash = ?2, token_expires = ?3,
             requested_at = {NOW}, requested_unix = unixepoch() WHERE id = ?4"
        ),
        params![to_json(lists), row.token_hash, row.token_expires, id],
    )?;
    Ok(())
}

/// What a confirmation token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    /// Known and not expired.
    Valid,
    /// Known, expired.
    Expired,
    Unknown,
}

/// The subscriber a token confirms and when it expires: the address's
/// newest token, or the token of a mail that went out.
fn find_token(conn: &Connection, hash: &str) -> rusqlite::Result<Option<(i64, Option<i64>)>> {
    conn.query_row(
        "SELECT id, token_expires FROM subscribers WHERE token_hash = ?1
         UNION ALL SELECT subscriber_id, expires FROM mailed_tokens WHERE hash = ?1
         ORDER BY 2 DESC LIMIT 1",
        [hash],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn state(expires: Option<i64>, now: i64) -> TokenState {
    match expires {
        Some(t) if t > now => TokenState::Valid,
        _ => TokenState::Expired,
    }
}

/// Looks a token up without changing anything.
pub fn token_state(conn: &mut Connection, hash: &str, now: i64) -> rusqlite::Result<TokenState> {
    Ok(match find_token(conn, hash)? {
        None => TokenState::Unknown,
        Some((_, expires)) => state(expires, now),
    })
}

/// Confirms the address holding the token when it is valid; returns what
/// the token was. Confirming again before it expires is harmless.
pub fn confirm(conn: &mut Connection, hash: &str, now: i64) -> rusqlite::Result<TokenState> {
    let tx = conn.transaction()?;
    let Some((id, expires)) = find_token(&tx, hash)? else {
        return Ok(TokenState::Unknown);
    };
    if state(expires, now) != TokenState::Valid {
        return Ok(TokenState::Expired);
    }
    let (lists, pending): (String, String) = tx.query_row(
        "SELECT lists, pending_lists FROM subscribers WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
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
    Ok(TokenState::Valid)
}

/// The lookup key of subscriber `id`, if there is one.
pub fn key_of(conn: &mut Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT email_key FROM subscribers WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
}

/// Erases subscriber `id` when `authorised` accepts its key: the row,
/// every outbox row of it and its mailed tokens. `false` when there is no such subscriber or the
/// check fails.
pub fn erase(
    conn: &mut Connection,
    id: i64,
    authorised: impl FnOnce(&str) -> bool,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let key: Option<String> = tx
        .query_row(
            "SELECT email_key FROM subscribers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if !key.is_some_and(|k| authorised(&k)) {
        return Ok(false);
    }
    tx.execute("DELETE FROM outbox WHERE subscriber_id = ?1", [id])?;
    tx.execute("DELETE FROM mailed_tokens WHERE subscriber_id = ?1", [id])?;
    tx.execute("DELETE FROM subscribers WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::super::Db;
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn row(key: &str, lists: &[&str], token: &str) -> SignupRow {
        SignupRow {
            email: key.into(),
            key: key.into(),
            lists: set(lists),
            source: "/".into(),
            token_hash: token.into(),
            token_expires: 1_000,
        }
    }

    #[test]
    fn sign_up_confirm_add_lists_and_erase() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = Db::open(&dir.path().join("n.sqlite"))?;
        let mut c = db.0.lock().unwrap();
        let (id, mail) = subscribe(&mut c, &row("a@x.org", &["daily"], "t1"), None)?;
        assert_eq!(
            mail,
            Mail::Confirm {
                lists: set(&["daily"])
            }
        );
        let (again, mail) = subscribe(&mut c, &row("a@x.org", &["weekend"], "t2"), None)?;
        assert_eq!(again, id);
        assert_eq!(
            mail,
            Mail::Confirm {
                lists: set(&["daily", "weekend"])
            }
        );
        assert_eq!(confirm(&mut c, "t1", 10)?, TokenState::Unknown, "replaced");
        assert_eq!(token_state(&mut c, "t2", 2_000)?, TokenState::Expired);
        assert_eq!(confirm(&mut c, "t2", 2_000)?, TokenState::Expired);
        assert_eq!(confirm(&mut c, "t2", 10)?, TokenState::Valid);
        assert_eq!(
            confirm(&mut c, "t2", 10)?,
            TokenState::Valid,
            "harmless twice"
        );
        let (_, mail) = subscribe(&mut c, &row("a@x.org", &["daily"], "t3"), None)?;
        assert_eq!(
            mail,
            Mail::Already {
                lists: set(&["daily", "weekend"])
            }
        );
        assert_eq!(token_state(&mut c, "t3", 10)?, TokenState::Unknown);
        let (_, mail) = subscribe(&mut c, &row("a@x.org", &["climate"], "t4"), None)?;
        assert_eq!(
            mail,
            Mail::Confirm {
                lists: set(&["climate"])
            }
        );
        assert_eq!(confirm(&mut c, "t4", 10)?, TokenState::Valid);
        let lists: String = c.query_row("SELECT lists FROM subscribers", [], |r| r.get(0))?;
        assert_eq!(lists, r#"["climate","daily","weekend"]"#);
        assert_eq!(key_of(&mut c, id)?.as_deref(), Some("a@x.org"));
        assert!(!erase(&mut c, id, |_| false)?);
        assert!(erase(&mut c, id, |k| k == "a@x.org")?);
        assert!(!erase(&mut c, id, |_| true)?);
        assert_eq!(super::super::count(&mut c)?, 0);
        Ok(())
    }
}
