//! The `outbox` table: mail waiting to be sent, sent mail until purged.

use rusqlite::{params, Connection, Transaction};

/// A mail to queue: its kind (`confirm`, `already`), the bare address it
/// goes to and the whole message as sent (RFC 5322).
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub kind: &'static str,
    pub recipient: String,
    pub message: Vec<u8>,
}

/// Queues a mail for `subscriber`, replacing any of its mail not sent yet
/// (that mail's token no longer works).
pub fn queue(tx: &Transaction, subscriber: i64, mail: &Outgoing) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM outbox WHERE subscriber_id = ?1 AND sent_at IS NULL",
        [subscriber],
    )?;
    tx.execute(
        "INSERT INTO outbox (subscriber_id, kind, recipient, message) VALUES (?1, ?2, ?3, ?4)",
        params![subscriber, mail.kind, mail.recipient, mail.message],
    )?;
    Ok(())
}

/// A mail due for sending: its row id, address and message.
pub type Due = (i64, String, Vec<u8>);

/// Up to `limit` unsent mails due at `now_ms`, oldest first.
pub fn due(conn: &mut Connection, now_ms: i64, limit: usize) -> rusqlite::Result<Vec<Due>> {
    conn.prepare_cached(
        "SELECT id, recipient, message FROM outbox
         WHERE sent_at IS NULL AND next_attempt <= ?1 AND message IS NOT NULL
         ORDER BY next_attempt, id LIMIT ?2",
    )?
    .query_map(params![now_ms, limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?
    .collect()
}

/// When the next unsent mail is due (ms), if any.
pub fn next_due(conn: &mut Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt) FROM outbox WHERE sent_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Marks a mail sent and forgets its message (and so its token).
pub fn sent(conn: &mut Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET sent_at = unixepoch(), message = NULL, last_error = NULL WHERE id = ?1",
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
            "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?2, last_error = ?3
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
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT attempts FROM outbox WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}
