//! A fresh PostgreSQL database for a test, in the throwaway cluster
//! `make test` starts (scripts/with-postgres.sh sets `STANDFIRST_TEST_PG`).
//! Without that variable the PostgreSQL side of a test is skipped, unless
//! `STANDFIRST_REQUIRE_PG` is set (as `make test` does): then it fails.

use std::sync::atomic::{AtomicU32, Ordering};

/// The URL of a new, empty database, or `None` (skipped) when no cluster
/// was given.
pub fn fresh_database() -> Option<String> {
    let Ok(admin) = std::env::var("STANDFIRST_TEST_PG") else {
        assert!(
            std::env::var_os("STANDFIRST_REQUIRE_PG").is_none(),
            "STANDFIRST_REQUIRE_PG is set but STANDFIRST_TEST_PG is not: run under scripts/with-postgres.sh"
        );
        eprintln!(
            "PostgreSQL side skipped: STANDFIRST_TEST_PG is not set (scripts/with-postgres.sh)"
        );
        return None;
    };
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        crate::db::unix_now()
    );
    let sql = format!("CREATE DATABASE {name}");
    let config: tokio_postgres::Config = admin.parse().expect("STANDFIRST_TEST_PG");
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let (client, conn) = config.connect(tokio_postgres::NoTls).await.unwrap();
                tokio::spawn(conn);
                client.batch_execute(&sql).await.unwrap();
            })
    })
    .join()
    .unwrap();
    let (head, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let head = head.strip_suffix("/postgres").unwrap_or(head);
    Some(format!("{head}/{name}?{query}"))
}
