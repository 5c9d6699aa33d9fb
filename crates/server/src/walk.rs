//! Walking the built site's files.

use std::path::Path;

/// Calls `visit` for every regular file under `dir`, in name order
/// (directories first-to-last, depth first), and `link` for every symbolic
/// link, which is never followed (a link to a file is not visited either).
pub fn files(
    dir: &Path,
    visit: &mut dyn FnMut(&Path),
    link: &mut dyn FnMut(&Path),
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_symlink() {
            link(&path);
        } else if kind.is_dir() {
            files(&path, visit, link)?;
        } else if kind.is_file() {
            visit(&path);
        }
    }
    Ok(())
}

/// Whether `dir/rel` is a regular file reached through real folders only:
/// no part of `rel` is a symbolic link, so it cannot lead out of `dir`.
/// `rel` is relative, `/`-separated, with no `..`.
pub fn regular_file(dir: &Path, rel: &str) -> bool {
    let mut path = dir.to_path_buf();
    let mut parts = rel.split('/').filter(|p| !p.is_empty()).peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return false;
        };
        let last = parts.peek().is_none();
        let fine = if last { meta.is_file() } else { meta.is_dir() };
        if !fine {
            return false;
        }
    }
    path != dir
}
