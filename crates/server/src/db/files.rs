//! The database's folder and files belong to the server alone: they hold
//! every address and the key that signs unsubscribe links, with which
//! anyone could erase every subscriber.
//!
//! - A folder the server creates is 0700, and a database it creates 0600
//!   (SQLite gives the `-wal` and `-shm` files the database's mode),
//!   whatever the umask.
//! - A folder others may write to is refused (they could replace the
//!   database); one they may list or enter is warned about (they see the
//!   files' names, not their contents).
//! - A database, `-wal` or `-shm` file others may read or write is
//!   refused; one its group may read is warned about (a backup group, say,
//!   which can then also forge unsubscribe links).
//!
//! Refusals name the `chmod` that fixes them. Nothing the operator made is
//! changed.

use anyhow::Context;
use std::path::{Path, PathBuf};

/// The database and the files SQLite keeps beside it.
fn files_of(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

    fn mode(p: &Path) -> std::io::Result<Option<u32>> {
        match std::fs::metadata(p) {
            Ok(m) => Ok(Some(m.permissions().mode() & 0o777)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn set_mode(p: &Path, mode: u32) -> std::io::Result<()> {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
    }

    /// Creates `dir` 0700, or checks the folder the operator made.
    pub fn folder(dir: &Path) -> anyhow::Result<()> {
        let Some(m) = mode(dir)? else {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("creating {}", dir.display()))?;
            return set_mode(dir, 0o700).with_context(|| format!("chmod {}", dir.display()));
        };
        anyhow::ensure!(
            m & 0o002 == 0,
            "the database folder {} can be written by every local user (mode {m:o}): \
             run `chmod 700 {}`",
            dir.display(),
            dir.display()
        );
        if m & 0o005 != 0 {
            tracing::warn!(
                "the database folder {} can be listed by every local user (mode {m:o}); `chmod 700` it",
                dir.display()
            );
        }
        Ok(())
    }

    /// Refuses database files others may read or write; warns about group
    /// access.
    pub fn check(db: &Path) -> anyhow::Result<()> {
        for f in files_of(db) {
            let Some(m) = mode(&f)? else { continue };
            anyhow::ensure!(
                m & 0o007 == 0,
                "{} can be read by every local user (mode {m:o}): it holds every address and \
                 the unsubscribe key; run `chmod 600 {}`",
                f.display(),
                f.display()
            );
            if m & 0o070 != 0 {
                tracing::warn!(
                    "{} can be read by its group (mode {m:o}), which could then forge unsubscribe links",
                    f.display()
                );
            }
        }
        Ok(())
    }

    /// Makes a database the server has just created its own: 0600 before
    /// SQLite creates `-wal` and `-shm` beside it with the same mode.
    pub fn make_private(db: &Path) -> anyhow::Result<()> {
        set_mode(db, 0o600).with_context(|| format!("chmod 600 {}", db.display()))
    }
}

#[cfg(unix)]
pub use unix::{check, folder, make_private};

#[cfg(not(unix))]
pub fn folder(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

#[cfg(not(unix))]
pub fn check(_db: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn make_private(_db: &Path) -> anyhow::Result<()> {
    Ok(())
}
