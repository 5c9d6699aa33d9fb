//! Lists of site URLs kept in a file (one a line, such as `/world/a-story`
//! or `/api/v1/articles/a-story.json`), read again whenever it changes:
//!
//! - the stories a publish removed (its `gone.txt`): their URLs are
//!   answered with 410 Gone, so that crawlers, caches and readers' service
//!   workers learn that they were withdrawn, not mislaid;
//! - the stories being covered live (the build's `.live`): their page and
//!   JSON get a short cache instead of none.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// A file's modification time and size: when they change, it is read again.
type Stamp = Option<(SystemTime, u64)>;

/// The removed URLs.
pub type Gone = PathList;

/// A list of site URLs in a file.
#[derive(Debug)]
pub struct PathList {
    file: Option<PathBuf>,
    /// The file's modification time and size when read, and its URLs.
    read: Mutex<(Stamp, HashSet<String>)>,
}

impl PathList {
    /// The list in `file` (none when `None` or missing).
    pub fn new(file: Option<PathBuf>) -> PathList {
        PathList {
            file,
            read: Mutex::new((None, HashSet::new())),
        }
    }

    /// Whether the site path (decoded, `/`-joined segments) is listed; a
    /// page's `.html` name counts as its URL.
    pub fn contains(&self, raw_path: &str) -> bool {
        let Some(file) = &self.file else {
            return false;
        };
        let stamp = std::fs::metadata(file)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        if read.0 != stamp {
            *read = (stamp, load(file));
        }
        let page = raw_path.strip_suffix(".html").unwrap_or(raw_path);
        read.1.contains(raw_path) || read.1.contains(page)
    }
}

impl PathList {
    /// Every URL listed, sorted.
    pub fn paths(&self) -> Vec<String> {
        if let Some(file) = &self.file {
            let mut all: Vec<String> = load(file).into_iter().collect();
            all.sort();
            return all;
        }
        Vec::new()
    }
}

fn load(file: &Path) -> HashSet<String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('/'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_url_is_gone_and_the_list_is_read_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gone.txt");
        let gone = Gone::new(Some(file.clone()));
        assert!(!gone.contains("/world/a"));
        std::fs::write(&file, "/world/a\n/api/v1/articles/a.json\n").unwrap();
        assert!(gone.contains("/world/a"));
        assert!(gone.contains("/world/a.html"));
        assert!(gone.contains("/api/v1/articles/a.json"));
        assert!(!gone.contains("/world/b"));
        std::fs::write(&file, "/world/b\n").unwrap();
        assert!(!gone.contains("/world/a"));
        assert!(gone.contains("/world/b"));
        assert!(!Gone::new(None).contains("/world/b"));
    }
}
