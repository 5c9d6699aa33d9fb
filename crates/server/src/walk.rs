//! Walking the built site's files.

use std::path::Path;

/// Calls `visit` for every regular file under `dir`, in name order
/// (directories first-to-last, depth first). Symlinked directories are not
/// followed.
pub fn files(dir: &Path, visit: &mut dyn FnMut(&Path)) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            files(&path, visit)?;
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            visit(&path);
        }
    }
    Ok(())
}
