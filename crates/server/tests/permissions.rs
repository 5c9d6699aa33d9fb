//! The database holds every address and the key that signs unsubscribe
//! links: its folder and files are the server's alone, whatever the umask,
//! and a folder or file others could read or write is refused.
#![cfg(unix)]

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn dist_in(dir: &Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    write_dist(&dist);
    dist
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_folder_the_server_makes_is_0700_and_its_files_0600_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist_in(dir.path());
    let db = dir.path().join("data/n.sqlite");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The most open umask there is, set for the server alone.
    let mut server = std::process::Command::new("sh")
        .args(["-c", "umask 000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_standfirst-server"))
        .args(["serve", "--dist"])
        .arg(&dist)
        .arg("--db")
        .arg(&db)
        .args(["--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let http = Http::new(&format!("http://127.0.0.1:{port}")).await;
    let t = Instant::now();
    let body = valid_json("r@example.org");
    let headers = [("content-type", "application/json")];
    while http
        .request(
            axum::http::Method::POST,
            "/api/newsletter",
            &headers,
            body.clone(),
        )
        .await
        .map(|(status, _)| status)
        .ok()
        != Some(201)
    {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let folder = dir.path().join("data");
    let files = ["n.sqlite", "n.sqlite-wal", "n.sqlite-shm"].map(|f| folder.join(f));
    let modes = files.map(|f| mode(&f));
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(format!("{:o}", mode(&folder)), "700");
    assert_eq!(modes.map(|m| format!("{m:o}")), ["600", "600", "600"]);
}

/// `serve`'s set-up with the database at `db`.
fn build(dir: &Path, db: &Path) -> anyhow::Result<standfirst_server::App> {
    let config = standfirst_server::Config::new(dir.join("dist"), db.to_path_buf());
    standfirst_server::build(&config)
}

#[test]
fn a_folder_or_database_others_can_read_or_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    dist_in(dir.path());
    let folder = dir.path().join("supplied");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("n.sqlite");

    // Others may list the folder: a warning, not a refusal (the files
    // in it are 0600).
    set_mode(&folder, 0o755);
    drop(build(dir.path(), &db).unwrap());
    assert_eq!(format!("{:o}", mode(&db)), "600");

    let refused = || format!("{:#}", build(dir.path(), &db).err().expect("refused"));
    set_mode(&folder, 0o757);
    let e = refused();
    assert!(
        e.contains(&format!("chmod 700 {}", folder.display())),
        "{e}"
    );

    set_mode(&folder, 0o700);
    // (SQLite removed its -wal when the last connection closed.)
    std::fs::write(folder.join("n.sqlite-wal"), b"").unwrap();
    for (file, open) in [("n.sqlite", 0o644), ("n.sqlite-wal", 0o604)] {
        let file = folder.join(file);
        set_mode(&file, open);
        let e = refused();
        assert!(e.contains(&format!("chmod 600 {}", file.display())), "{e}");
        set_mode(&file, 0o600);
    }
    // A group the operator chose (backups, say): a warning.
    set_mode(&db, 0o640);
    drop(build(dir.path(), &db).unwrap());
}
