//! One suite for both backends: every test here runs against SQLite and
//! against PostgreSQL (a fresh database in the cluster `make test`
//! starts), through [`Db`] alone, as the endpoint uses it.

use super::outbox::SendFailure;
use super::subscribers::{Mail, SignupRow, TokenState};
use super::{Compose, Cooldown, Db, Location, Outgoing};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A backend's database, and what keeps it (a temporary folder).
struct Fixture {
    location: Location,
    _dir: Option<tempfile::TempDir>,
}

impl Fixture {
    fn sqlite() -> Option<Fixture> {
        let dir = tempfile::tempdir().unwrap();
        Some(Fixture {
            location: Location::Sqlite(dir.path().join("n.sqlite")),
            _dir: Some(dir),
        })
    }

    fn postgres() -> Option<Fixture> {
        Some(Fixture {
            location: Location::Postgres(crate::test_pg::fresh_database()?),
            _dir: None,
        })
    }

    fn open(&self) -> Db {
        Db::open(&self.location).unwrap()
    }

    /// Another server on the same data: a second replica with PostgreSQL;
    /// with SQLite, whose file has one server, the same one.
    fn replica(&self, db: &Db) -> Db {
        match db {
            Db::Sqlite(_) => db.clone(),
            Db::Postgres(_) => self.open(),
        }
    }
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name(super::Fixture::sqlite().unwrap()).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(f) = super::Fixture::postgres() {
                    super::$name(f).await
                }
            })*
        }
    };
}

both!(
    sign_up_confirm_add_lists_and_erase,
    the_cooldown_holds_mail_back_and_survives_a_restart,
    a_claimed_mail_survives_a_new_sign_up_and_only_it_is_marked_sent,
    two_senders_never_claim_one_mail,
    one_address_signed_up_at_once_from_many_places_is_one_row,
    the_secret_is_made_once_and_kept,
    purge_erases_old_pending_sign_ups,
);

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

/// Mail whose message names `token`, with a cooldown.
fn mailing(token: &str, interval: i64, per_day: u32) -> Option<(Compose, Cooldown)> {
    let token = token.to_string();
    let compose: Compose = Box::new(move |_, m: &Mail| {
        let kind = match m {
            Mail::Confirm { .. } => "confirm",
            Mail::Already { .. } => "already",
        };
        Some(Outgoing {
            kind,
            recipient: "a@x.org".into(),
            message: format!("link {token}").into_bytes(),
        })
    });
    Some((compose, Cooldown { interval, per_day }))
}

/// The outbox: id, message, sent.
async fn outbox(db: &Db) -> Vec<(i64, Option<Vec<u8>>, bool)> {
    const SQL: &str = "SELECT id, message, sent_at IS NOT NULL FROM outbox ORDER BY id";
    match db {
        Db::Sqlite(s) => s
            .run(|c| {
                c.prepare(SQL)?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .await
            .unwrap(),
        Db::Postgres(p) => p
            .pool
            .get()
            .await
            .unwrap()
            .query(SQL, &[])
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect(),
    }
}

/// The one subscriber's lists, as stored.
async fn lists(db: &Db) -> String {
    const SQL: &str = "SELECT lists FROM subscribers";
    match db {
        Db::Sqlite(s) => s.run(|c| c.query_row(SQL, [], |r| r.get(0))).await.unwrap(),
        Db::Postgres(p) => p
            .pool
            .get()
            .await
            .unwrap()
            .query_one(SQL, &[])
            .await
            .unwrap()
            .get(0),
    }
}

async fn sign_up_confirm_add_lists_and_erase(f: Fixture) {
    let db = f.open();
    let s = db
        .subscribe(row("a@x.org", &["daily"], "t1"), None, 0)
        .await
        .unwrap();
    let id = s.id;
    let want = Mail::Confirm {
        lists: set(&["daily"]),
    };
    assert_eq!(s.mail, want);
    let again = db
        .subscribe(row("a@x.org", &["weekend"], "t2"), None, 0)
        .await
        .unwrap();
    assert_eq!(again.id, id);
    let want = Mail::Confirm {
        lists: set(&["daily", "weekend"]),
    };
    assert_eq!(again.mail, want);
    let c = |t: &str, at| db.confirm(t.to_string(), at);
    assert_eq!(c("t1", 10).await.unwrap(), TokenState::Unknown, "replaced");
    let state = db.token_state("t2".into(), 2_000).await.unwrap();
    assert_eq!(state, TokenState::Expired);
    assert_eq!(c("t2", 2_000).await.unwrap(), TokenState::Expired);
    assert_eq!(c("t2", 10).await.unwrap(), TokenState::Valid);
    assert_eq!(c("t2", 10).await.unwrap(), TokenState::Valid, "twice");
    let mail = db
        .subscribe(row("a@x.org", &["daily"], "t3"), None, 0)
        .await
        .unwrap()
        .mail;
    let want = Mail::Already {
        lists: set(&["daily", "weekend"]),
    };
    assert_eq!(mail, want);
    let state = db.token_state("t3".into(), 10).await.unwrap();
    assert_eq!(state, TokenState::Unknown);
    db.subscribe(row("a@x.org", &["climate"], "t4"), None, 0)
        .await
        .unwrap();
    assert_eq!(c("t4", 10).await.unwrap(), TokenState::Valid);
    assert_eq!(lists(&db).await, r#"["climate","daily","weekend"]"#);
    assert_eq!(db.key_of(id).await.unwrap().as_deref(), Some("a@x.org"));
    assert!(!db.erase(id, |_| false).await.unwrap());
    assert!(db.erase(id, |k| k == "a@x.org").await.unwrap());
    assert!(!db.erase(id, |_| true).await.unwrap());
    assert_eq!(db.count().await.unwrap(), 0);
    assert_eq!(db.key_of(id).await.unwrap(), None);
}

async fn the_cooldown_holds_mail_back_and_survives_a_restart(f: Fixture) {
    let ask = |db: Db, list: &'static str, t: &'static str, at: i64| async move {
        db.subscribe(row("a@x.org", &[list], t), mailing(t, 600, 5), at)
            .await
            .unwrap()
    };
    {
        let db = f.open();
        assert!(!ask(db.clone(), "daily", "t1", 100).await.held);
        assert!(ask(db.clone(), "weekend", "t2", 400).await.held);
        assert_eq!(outbox(&db).await.len(), 1);
        let state = |t: &str| db.token_state(t.to_string(), 400);
        assert_eq!(state("t1").await.unwrap(), TokenState::Valid);
        assert_eq!(state("t2").await.unwrap(), TokenState::Unknown);
        assert_eq!(lists(&db).await, r#"["daily"]"#, "unchanged");
    }
    let db = f.open(); // a restart (or another replica)
    assert!(ask(db.clone(), "daily", "t3", 699).await.held);
    assert!(!ask(db.clone(), "daily", "t4", 700).await.held);
    let confirmed = db.confirm("t4".into(), 700).await.unwrap();
    assert_eq!(confirmed, TokenState::Valid);
    // A confirmed address's "already subscribed" mail counts the same.
    let already = ask(db.clone(), "daily", "t5", 800).await;
    let want = Mail::Already {
        lists: set(&["daily"]),
    };
    assert_eq!((already.mail, already.held), (want, true));
    for at in [1_300, 1_900, 2_500] {
        assert!(!ask(db.clone(), "daily", "t6", at).await.held);
    }
    assert!(
        ask(db.clone(), "daily", "t7", 9_000).await.held,
        "five a day"
    );
    // Without mail there is no cooldown.
    let free = db.subscribe(row("a@x.org", &["daily"], "t8"), None, 9_000);
    assert!(!free.await.unwrap().held);
}

async fn a_claimed_mail_survives_a_new_sign_up_and_only_it_is_marked_sent(f: Fixture) {
    let db = f.open();
    let signup = |t: &'static str| {
        let db = db.clone();
        async move {
            db.subscribe(row("a@x.org", &["daily"], t), mailing(t, 0, 0), 0)
                .await
                .unwrap()
        }
    };
    signup("t1").await;
    signup("t2").await; // replaces the waiting mail: t1 never went out
    let rows = outbox(&db).await;
    assert_eq!(rows.len(), 1);
    let (second, message, sent) = rows[0].clone();
    assert_eq!((message.as_deref(), sent), (Some(&b"link t2"[..]), false));
    let state = db.token_state("t1".into(), 10).await.unwrap();
    assert_eq!(state, TokenState::Unknown);

    let (id, _, message) = db.claim(0, 60_000).await.unwrap().unwrap();
    assert_eq!((id, message), (second, b"link t2".to_vec()));
    assert_eq!(db.claim(0, 60_000).await.unwrap(), None, "claimed once");
    signup("t3").await; // while mail t2 is being sent
    db.sent(second).await.unwrap();
    let rows = outbox(&db).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0], (second, None, true));
    let third = rows[1].0;
    assert!(third > second);
    assert_eq!(rows[1].1.as_deref(), Some(&b"link t3"[..]));
    // Both links that went out or will go out work.
    for t in ["t2", "t3"] {
        let state = db.token_state(t.into(), 10).await.unwrap();
        assert_eq!(state, TokenState::Valid, "{t}");
    }
    let expired = db.token_state("t2".into(), 1_000).await.unwrap();
    assert_eq!(expired, TokenState::Expired);

    // A failed send goes back to the queue, to be tried at its time.
    assert_eq!(db.claim(0, 60_000).await.unwrap().unwrap().0, third);
    let failure = SendFailure {
        retry_at: Some(500),
        reason: "down".into(),
    };
    assert_eq!(db.failed(third, failure).await.unwrap(), 1);
    assert_eq!(db.attempts(third).await.unwrap(), 1);
    assert_eq!(db.next_due().await.unwrap(), Some(500));
    assert_eq!(db.claim(499, 60_000).await.unwrap(), None, "not yet");
    // A claim left by a sender that stopped runs out, then is taken again.
    assert_eq!(db.claim(500, 60_000).await.unwrap().unwrap().0, third);
    assert_eq!(db.next_due().await.unwrap(), Some(60_000));
    assert_eq!(db.claim(59_999, 120_000).await.unwrap(), None);
    assert_eq!(db.claim(60_000, 120_000).await.unwrap().unwrap().0, third);
    // Given up for good: the mail goes.
    let gone = SendFailure {
        retry_at: None,
        reason: "refused".into(),
    };
    db.failed(third, gone).await.unwrap();
    assert_eq!(db.attempts(third).await.unwrap(), 0);
    assert_eq!(db.next_due().await.unwrap(), None);
}

async fn two_senders_never_claim_one_mail(f: Fixture) {
    let db = f.open();
    let other = f.replica(&db);
    for i in 0..40 {
        let key = format!("r{i}@x.org");
        let mut r = row(&key, &["daily"], &format!("t{i}"));
        r.email = key;
        db.subscribe(r, mailing("t", 0, 0), 0).await.unwrap();
    }
    let claimed = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut senders = tokio::task::JoinSet::new();
    for db in [db.clone(), other.clone(), db.clone(), other] {
        let claimed = claimed.clone();
        senders.spawn(async move {
            while let Some((id, _, _)) = db.claim(0, 60_000).await.unwrap() {
                claimed.lock().unwrap().push(id);
                db.sent(id).await.unwrap();
            }
        });
    }
    while let Some(r) = senders.join_next().await {
        r.unwrap();
    }
    let mut claimed = claimed.lock().unwrap().clone();
    claimed.sort();
    let before = claimed.len();
    claimed.dedup();
    assert_eq!((before, claimed.len()), (40, 40), "each mail claimed once");
    assert!(outbox(&db).await.iter().all(|r| r.2), "all sent");
}

async fn one_address_signed_up_at_once_from_many_places_is_one_row(f: Fixture) {
    let db = f.open();
    let replicas = [f.replica(&db), db];
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..16 {
        let db = replicas[i % 2].clone();
        tasks.spawn(async move {
            let r = row("same@x.org", &["daily"], &format!("t{i}"));
            db.subscribe(r, mailing("t", 600, 5), 100).await.unwrap()
        });
    }
    let mut held = 0;
    while let Some(r) = tasks.join_next().await {
        held += usize::from(r.unwrap().held);
    }
    assert_eq!(replicas[0].count().await.unwrap(), 1);
    assert_eq!(held, 15, "one mail: the cooldown is shared");
    assert_eq!(outbox(&replicas[1]).await.len(), 1);
}

async fn the_secret_is_made_once_and_kept(f: Fixture) {
    let a = f.open().secret("unsubscribe", || vec![1; 32]).unwrap();
    let b = f.open().secret("unsubscribe", || vec![2; 32]).unwrap();
    assert_eq!((a.clone(), b), (vec![1; 32], a));
}

async fn purge_erases_old_pending_sign_ups(f: Fixture) {
    let db = f.open();
    db.subscribe(row("old@x.org", &["daily"], "t1"), mailing("t1", 0, 0), 100)
        .await
        .unwrap();
    let new = row("new@x.org", &["daily"], "t2");
    db.subscribe(new, mailing("t2", 0, 0), 5_000).await.unwrap();
    let (id, _, _) = db.claim(0, 60_000).await.unwrap().unwrap();
    db.sent(id).await.unwrap();
    assert_eq!(db.purge(1_000, 2_000).await.unwrap(), 1);
    assert_eq!(db.count().await.unwrap(), 1);
    assert_eq!(outbox(&db).await.len(), 1, "the erased one's mail went");
    let state = db.token_state("t2".into(), 10).await.unwrap();
    assert_eq!(state, TokenState::Valid);
}

/// Replicas starting together: one migrates (under the lock), the others
/// wait for it and find the schema made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_replicas_starting_together_migrate_once() {
    let Some(f) = Fixture::postgres() else { return };
    let f = Arc::new(f);
    let starts: Vec<_> = (0..6)
        .map(|_| {
            let f = f.clone();
            std::thread::spawn(move || Db::open(&f.location).map(|_| ()))
        })
        .collect();
    for s in starts {
        s.join().unwrap().unwrap();
    }
    let Db::Postgres(p) = f.open() else {
        unreachable!()
    };
    let c = p.pool.get().await.unwrap();
    let versions = c
        .query("SELECT version FROM standfirst_schema", &[])
        .await
        .unwrap();
    assert_eq!(versions.len(), super::pg::MIGRATIONS.len());
}
