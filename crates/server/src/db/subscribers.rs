//! The `subscribers` table: sign-up, confirmation, erasure.

use super::cooldown::{Cooldown, History};
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

pub(super) fn to_json(lists: &BTreeSet<String>) -> String {
    serde_json::to_string(lists).unwrap_or_else(|_| "[]".into())
}

pub(super) fn from_json(text: &str) -> BTreeSet<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Writes the mail for subscriber `id`, or `None` for none.
pub type Compose<'a> = dyn Fn(i64, &Mail) -> Option<Outgoing> + 'a;

/// Mail for sign-ups: how it is written, and how often one address may
/// be sent some.
pub struct Mailing<'a> {
    pub compose: &'a Compose<'a>,
    pub cooldown: Cooldown,
}

/// What a sign-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    /// The subscriber's id.
    pub id: i64,
    /// The mail the sign-up called for.
    pub mail: Mail,
    /// The address was sent mail too recently (the cooldown): nothing was
    /// changed and no mail queued.
    pub held: bool,
}

/// An address on file.
pub(super) struct Found {
    pub(super) id: i64,
    pub(super) pending: bool,
    pub(super) lists: BTreeSet<String>,
    pub(super) pending_lists: BTreeSet<String>,
    pub(super) history: History,
}

/// What a sign-up writes.
pub(super) enum Write {
    Insert,
    /// Sets `column` (a constant: `lists` or `pending_lists`) and a new token.
    Renew(&'static str, BTreeSet<String>),
    Nothing,
}

fn find(tx: &Transaction, key: &str) -> rusqlite::Result<Option<Found>> {
    tx.query_row(
        "SELECT id, status, lists, pending_lists, last_mail_at, mail_day_start, mail_day_count
         FROM subscribers WHERE email_key = ?1",
        [key],
        |r| {
            Ok(Found {
                id: r.get(0)?,
                pending: r.get::<_, String>(1)? == "pending",
                lists: from_json(&r.get::<_, String>(2)?),
                pending_lists: from_json(&r.get::<_, String>(3)?),
                history: History {
                    last: r.get(4)?,
                    day_start: r.get(5)?,
                    day_count: r.get(6)?,
                },
            })
        },
    )
    .optional()
}

/// A new or pending address gets a new token (the old one stops working
/// unless its mail went out); a confirmed one asking for no new list gets
/// the "already subscribed" mail, and one asking for new lists a token to
/// confirm them.
pub(super) fn plan(found: Option<&Found>, row: &SignupRow) -> (Write, Mail) {
    match found {
        None => (
            Write::Insert,
            Mail::Confirm {
                lists: row.lists.clone(),
            },
        ),
        Some(f) if f.pending => {
            let merged: BTreeSet<String> = f.lists.union(&row.lists).cloned().collect();
            (
                Write::Renew("lists", merged.clone()),
                Mail::Confirm { lists: merged },
            )
        }
        Some(f) => {
            let new: BTreeSet<String> = row.lists.difference(&f.lists).cloned().collect();
            if new.is_empty() {
                let lists = f.lists.clone();
                (Write::Nothing, Mail::Already { lists })
            } else {
                let merged: BTreeSet<String> = f.pending_lists.union(&new).cloned().collect();
                (
                    Write::Renew("pending_lists", merged.clone()),
                    Mail::Confirm { lists: merged },
                )
            }
        }
    }
}

/// Records a sign-up at `now` and, with `mailing`, queues its mail in the
/// same transaction, unless the address's cooldown holds it back: then
/// nothing changes at all (the token of the last mail keeps working).
/// Without `mailing` there is no mail and no cooldown.
pub fn subscribe(
    conn: &mut Connection,
    row: &SignupRow,
    mailing: Option<&Mailing>,
    now: i64,
) -> rusqlite::Result<Signup> {
    let tx = conn.transaction()?;
    let found = find(&tx, &row.key)?;
    let (write, mail) = plan(found.as_ref(), row);
    let history = found.as_ref().map_or_else(History::default, |f| f.history);
    let admitted = mailing.map(|m| m.cooldown.admit(history, now));
    if let (Some(None), Some(f)) = (admitted, &found) {
        return Ok(Signup {
            id: f.id,
            mail,
            held: true,
        });
    }
    let id = match (write, &found) {
        (Write::Renew(column, lists), Some(f)) => {
            renew(&tx, f.id, column, &lists, row, now)?;
            f.id
        }
        (Write::Nothing, Some(f)) => f.id,
        _ => {
            tx.execute(
                "INSERT INTO subscribers (email, email_key, lists, status, token_hash, token_expires, source,
                 requested_unix) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7)",
                params![row.email, row.key, to_json(&row.lists), row.token_hash, row.token_expires, row.source, now],
            )?;
            tx.last_insert_rowid()
        }
    };
    if let (Some(m), Some(Some(h))) = (mailing, admitted) {
        if let Some(out) = (m.compose)(id, &mail) {
            let token = matches!(mail, Mail::Confirm { .. }).then_some(outbox::Carried {
                hash: &row.token_hash,
                expires: row.token_expires,
            });
            outbox::queue(&tx, id, &out, token)?;
            tx.execute(
                "UPDATE subscribers SET last_mail_at = ?1, mail_day_start = ?2, mail_day_count = ?3
                 WHERE id = ?4",
                params![h.last, h.day_start, h.day_count, id],
            )?;
        }
    }
    tx.commit()?;
    Ok(Signup {
        id,
        mail,
        held: false,
    })
}

/// Sets `column` (a constant: `lists` or `pending_lists`) of row `id` and
/// replaces its token.
fn renew(
    tx: &Transaction,
    id: i64,
    column: &'static str,
    lists: &BTreeSet<String>,
    row: &SignupRow,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "UPDATE subscribers SET {column} = ?1, token_hash = ?2, token_expires = ?3,
             requested_at = {NOW}, requested_unix = ?4 WHERE id = ?5"
        ),
        params![to_json(lists), row.token_hash, row.token_expires, now, id],
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

pub(super) fn state(expires: Option<i64>, now: i64) -> TokenState {
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

// Tested with the PostgreSQL side, through `Db`: [`super::suite`].
