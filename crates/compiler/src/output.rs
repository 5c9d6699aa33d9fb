//! Writing the built site: compact JSON, files, the media copy, and the
//! removal of output an earlier build left behind.
//!
//! Files are overwritten in place rather than deleted and recreated: on
//! ext4 without a journal, creating thousands of files right after deleting
//! thousands is several times slower (the allocator skips recently deleted
//! inodes).

use crate::error::BuildError;
use serde::Serialize;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The error of an I/O operation on `path`.
pub fn io_err(path: &Path, source: io::Error) -> BuildError {
    BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path`, unless the file already holds exactly them:
/// a build over an earlier one rewrites only what changed, so that it
/// dirties (and a later copy or upload sees) only those files.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    }
    fs::write(path, bytes).map_err(|e| io_err(path, e))
}

/// Compact JSON, as served (written as [`write_bytes`] does).
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), BuildError> {
    let bytes = serde_json::to_vec(value).map_err(|e| BuildError::Json {
        path: path.to_path_buf(),
        source: e,
    })?;
    write_bytes(path, &bytes)
}

pub fn mkdir(path: &Path) -> Result<(), BuildError> {
    fs::create_dir_all(path).map_err(|e| io_err(path, e))
}

/// Copies a folder tree (files behind symlinks too, but not symlinked
/// folders); returns the number of files copied.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize, BuildError> {
    mkdir(to)?;
    let mut entries: Vec<PathBuf> = fs::read_dir(from)
        .map_err(|e| io_err(from, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut n = 0;
    for src in entries {
        let dst = to.join(src.file_name().unwrap_or_default());
        // Symlinked folders are not followed (a link cycle would never end).
        let real_dir = fs::symlink_metadata(&src).is_ok_and(|m| m.is_dir());
        if real_dir {
            n += copy_tree(&src, &dst)?;
        } else if src.is_file() {
            fs::copy(&src, &dst).map_err(|e| io_err(&src, e))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Makes `to` a copy of the folder `from` (as [`copy_tree`]): files that
/// are not in `from` are removed, and when `from` is missing so is `to`.
/// Returns the number of files copied.
pub fn sync_tree(from: &Path, to: &Path) -> Result<usize, BuildError> {
    fn sources(from: &Path, to: &Path, keep: &mut HashSet<PathBuf>) -> Result<(), BuildError> {
        for entry in fs::read_dir(from).map_err(|e| io_err(from, e))? {
            let src = entry.map_err(|e| io_err(from, e))?.path();
            let dst = to.join(src.file_name().unwrap_or_default());
            if fs::symlink_metadata(&src).is_ok_and(|m| m.is_dir()) {
                sources(&src, &dst, keep)?;
            } else if src.is_file() {
                keep.insert(dst);
            }
        }
        Ok(())
    }
    let mut keep = HashSet::new();
    let copied = if from.is_dir() {
        sources(from, to, &mut keep)?;
        copy_tree(from, to)?
    } else {
        0
    };
    prune(&[to.to_path_buf()], &keep)?;
    if !from.is_dir() && to.is_dir() {
        fs::remove_dir(to).map_err(|e| io_err(to, e))?;
    }
    Ok(copied)
}

/// Removes every file under `dirs` that is not in `keep`, then the folders
/// left empty. Returns the number of files removed.
pub fn prune(dirs: &[PathBuf], keep: &HashSet<PathBuf>) -> Result<usize, BuildError> {
    fn walk(dir: &Path, keep: &HashSet<PathBuf>, removed: &mut usize) -> Result<bool, BuildError> {
        let mut empty = true;
        let entries = fs::read_dir(dir).map_err(|e| io_err(dir, e))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
                if walk(&path, keep, removed)? {
                    fs::remove_dir(&path).map_err(|e| io_err(&path, e))?;
                } else {
                    empty = false;
                }
            } else if keep.contains(&path) {
                empty = false;
            } else {
                fs::remove_file(&path).map_err(|e| io_err(&path, e))?;
                *removed += 1;
            }
        }
        Ok(empty)
    }
    let mut removed = 0;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        walk(dir, keep, &mut removed)?;
    }
    Ok(removed)
}
