//! The `outbox` table: mail waiting to be sent, sent mail until purged.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// A mail to queue: its kind (`confirm`, `already`), the bare address it
/// goes to and the whole message as sent (RFC 5322).
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub kind: &'static str,
    pub recipient: String,
    pub message: Vec<u8>,
}

/// The confirmation token a mail carries: its SHA-256 and expiry.
#[derive(Debug, Clone, Copy)]
pub struct Carried<'a> {
    pub hash: &'a str,
    pub expires: i64,
}

/// Queues a mail for `subscriber`, replacing any of its mail still
/// waiting (that mail's token no longer works). A mail the sender has
/// claimed stays: it may be with the mail server already.
pub fn queue(
    tx: &Transaction,
    subscriber: i64,
    mail: &Outgoing,
    token: Option<Carried>,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM outbox WHERE subscriber_id = ?1 AND sent_at IS NULL AND claimed_until IS NULL",
        [subscriber],
    )?;
    tx.execute(
        "INSERT INTO outbox (subscriber_id, kind, recipient, message, token_hash, token_expires)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            subscriber,
            mail.kind,
            mail.recipient,
            mail.message,
            token.map(|t| t.hash),
            token.map(|t| t.expires)
        ],
    )?;
    Ok(())
}

/// A mail claimed for sending: its row id, address and message.
pub type Due = (i64, String, Vec<u8>);

/// Claims the next unsent mail due at `now_ms` (the oldest first) until
/// `until_ms`, and records its token as mailed, in one transaction. A
/// claim left by a sender that stopped runs out at `until_ms`.
pub fn claim(conn: &mut Connection, now_ms: i64, until_ms: i64) -> rusqlite::Result<Option<Due>> {
    let tx = conn.transaction()?;
    let claimed: Option<(Due, Option<String>)> = tx
        .query_row(
            "UPDATE outbox SET claimed_until = ?2 WHERE id = (
               SELECT id FROM outbox
               WHERE sent_at IS NULL AND message IS NOT NULL AND next_attempt <= ?1
                 AND (claimed_until IS NULL OR claimed_until <= ?1)
               ORDER BY next_attempt, id LIMIT 1)
             RETURNING id, recipient, message, token_hash",
            params![now_ms, until_ms],
            |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)),
        )
        .optional()?;
    let Some((due, token)) = claimed else {
        return Ok(None);
    };
    if token.is_some() {
        tx.execute(
            "INSERT OR IGNORE INTO mailed_tokens (hash, subscriber_id, expires)
             SELECT token_hash, subscriber_id, token_expires FROM outbox
             WHERE id = ?1 AND token_expires IS NOT NULL",
            [due.0],
        )?;
    }
    tx.commit()?;
    Ok(Some(due))
}

/// Lets go of every claim: at start, when no mail of this database is
/// being sent (one server process per SQLite file).
pub fn release_claims(conn: &mut Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND sent_at IS NULL",
        [],
    )
}

/// When the next unsent mail is due or its claim runs out (ms), if any.
pub fn next_due(conn: &mut Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(MAX(next_attempt, COALESCE(claimed_until, 0))) FROM outbox WHERE sent_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Marks mail `id` sent and forgets its message (and so its token). Only
/// that row: ids are never reused.
pub fn sent(conn: &mut Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET sent_at = unixepoch(), message = NULL, last_error = NULL, claimed_until = NULL
         WHERE id = ?1 AND sent_at IS NULL",
        [id],
    )?;
    Ok(())
}

/// How a send failed.
#[derive(Debug, Clone)]
pub struct SendFailure {
    /// When to try again (ms); `None` to give up and delete the mail.
    pub retry_at: Option<i64>,
    /// A short reason with no address in it.
    pub reason: String,
}

/// Records a failed attempt; returns the attempts made so far.
pub fn failed(conn: &mut Connection, id: i64, f: &SendFailure) -> rusqlite::Result<i64> {
    match f.retry_at {
        Some(at) => conn.query_row(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?2, last_error = ?3,
               claimed_until = NULL
             WHERE id = ?1 RETURNING attempts",
            params![id, at, f.reason],
            |r| r.get(0),
        ),
        None => {
            conn.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            Ok(0)
        }
    }
}

/// Attempts made on mail `id` so far (0 when it is gone).
pub fn attempts(conn: &mut Connection, id: i64) -> rusqlite::Result<i64> {
    Ok(conn
        .query_row("SELECT attempts FROM outbox WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::super::subscribers::{self, confirm, token_state, Mail, SignupRow, TokenState};
    use super::super::{Cooldown, Sqlite};
    use super::*;

    fn signup(c: &mut Connection, token: &str) -> i64 {
        let row = SignupRow {
            email: "a@x.org".into(),
            key: "a@x.org".into(),
            lists: ["daily".to_string()].into(),
            source: "/".into(),
            token_hash: token.into(),
            token_expires: 1_000,
        };
        let compose = |_: i64, _: &Mail| {
            Some(Outgoing {
                kind: "confirm",
                recipient: "a@x.org".into(),
                message: format!("link {token}").into_bytes(),
            })
        };
        let off = Cooldown {
            interval: 0,
            per_day: 0,
        };
        let mailing = subscribers::Mailing {
            compose: &compose,
            cooldown: off,
        };
        subscribers::subscribe(c, &row, Some(&mailing), 0)
            .unwrap()
            .id
    }

    fn rows(c: &Connection) -> Vec<(i64, Option<Vec<u8>>, bool)> {
        c.prepare("SELECT id, message, sent_at IS NOT NULL FROM outbox ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_claimed_mail_survives_a_new_sign_up_and_only_it_is_marked_sent() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = Sqlite::open(&dir.path().join("n.sqlite"))?;
        let mut c = db.0.lock().unwrap();
        signup(&mut c, "t1");
        signup(&mut c, "t2"); // replaces the waiting mail: t1 never went out
        assert_eq!(rows(&c), [(2, Some(b"link t2".to_vec()), false)]);
        assert_eq!(token_state(&mut c, "t1", 10)?, TokenState::Unknown);

        let (id, _, message) = claim(&mut c, 0, 60_000)?.unwrap();
        assert_eq!((id, message), (2, b"link t2".to_vec()));
        assert_eq!(claim(&mut c, 0, 60_000)?, None, "claimed once");
        signup(&mut c, "t3"); // while mail 2 is being sent
        sent(&mut c, 2)?;
        assert_eq!(
            rows(&c),
            [(2, None, true), (3, Some(b"link t3".to_vec()), false)]
        );
        // Both links that went out or will go out work.
        assert_eq!(token_state(&mut c, "t2", 10)?, TokenState::Valid);
        assert_eq!(token_state(&mut c, "t3", 10)?, TokenState::Valid);
        assert_eq!(token_state(&mut c, "t2", 1_000)?, TokenState::Expired);

        // Ids are never reused, even when the newest row goes.
        c.execute("DELETE FROM outbox WHERE id = 3", [])?;
        signup(&mut c, "t4");
        assert_eq!(rows(&c).last().unwrap().0, 4);

        // A claim left by a stopped sender is let go of, then taken again.
        assert_eq!(claim(&mut c, 0, 60_000)?.unwrap().0, 4);
        assert_eq!(next_due(&mut c)?, Some(60_000));
        assert_eq!(release_claims(&mut c)?, 1);
        assert_eq!(claim(&mut c, 0, 60_000)?.unwrap().0, 4);
        assert_eq!(claim(&mut c, 60_000, 120_000)?.unwrap().0, 4, "run out");

        assert_eq!(confirm(&mut c, "t2", 10)?, TokenState::Valid);
        let id: i64 = c.query_row("SELECT id FROM subscribers", [], |r| r.get(0))?;
        assert!(subscribers::erase(&mut c, id, |_| true)?);
        let left: i64 = c.query_row("SELECT COUNT(*) FROM mailed_tokens", [], |r| r.get(0))?;
        assert_eq!(left, 0, "erased with the address");
        Ok(())
    }
}
