//! What the last publish left in `DIST`, kept beside it: one line per
//! file, so that the next publish can tell what changed without reading
//! the files again.
//!
//! `<state>/manifest.tsv`:
//!
//! ```text
//! standfirst-publish 1 <tool> <shell hash>
//! <hash>\t<size>\t<key>\t<path>
//! ```
//!
//! `hash` is the file's XXH3-128 (hex), `size` its length in bytes, `path`
//! its path under `DIST` (`/`-separated). `key` says where the file came
//! from: `-` for a copied or generated file, the page's job for a rendered
//! page, `<source path>` for a `.br`/`.gz` copy. The header's `tool` names
//! the publishing program's build; another build starts afresh.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

const MAGIC: &str = "standfirst-publish";
const FORMAT: &str = "1";

/// One file of `DIST`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub hash: u128,
    pub size: u64,
    pub key: String,
}

/// The files of `DIST` after a publish.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub tool: String,
    pub shell: u128,
    pub files: BTreeMap<String, Entry>,
}

impl State {
    /// The state in `file`; `None` when it is missing, unreadable, of
    /// another format or of another build of the tool.
    pub fn load(file: &Path, tool: &str) -> Option<State> {
        let text = fs::read_to_string(file).ok()?;
        let mut lines = text.lines();
        let mut head = lines.next()?.split(' ');
        if head.next()? != MAGIC || head.next()? != FORMAT || head.next()? != tool {
            return None;
        }
        let shell = u128::from_str_radix(head.next()?, 16).ok()?;
        let mut files = BTreeMap::new();
        for line in lines {
            let mut f = line.splitn(4, '\t');
            let hash = u128::from_str_radix(f.next()?, 16).ok()?;
            let size = f.next()?.parse().ok()?;
            let key = f.next()?.to_string();
            let path = f.next()?.to_string();
            files.insert(path, Entry { hash, size, key });
        }
        Some(State {
            tool: tool.to_string(),
            shell,
            files,
        })
    }

    /// Whether every file the state lists is in `dist` with its size (a
    /// cheap check that nothing else changed `dist` since).
    pub fn matches(&self, dist: &Path) -> bool {
        self.files.iter().all(|(path, e)| {
            fs::metadata(dist.join(path)).is_ok_and(|m| m.is_file() && m.len() == e.size)
        })
    }

    /// Writes the state to `file` (through a temporary file and a rename).
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        let tmp = file.with_extension("tmp");
        let mut out = std::io::BufWriter::new(fs::File::create(&tmp)?);
        writeln!(out, "{MAGIC} {FORMAT} {} {:032x}", self.tool, self.shell)?;
        for (path, e) in &self.files {
            writeln!(out, "{:032x}\t{}\t{}\t{path}", e.hash, e.size, e.key)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_reads_back_and_another_tool_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("manifest.tsv");
        let mut s = State {
            tool: "t1".into(),
            shell: 7,
            files: BTreeMap::new(),
        };
        s.files.insert(
            "world/a b.html".into(),
            Entry {
                hash: u128::MAX,
                size: 3,
                key: "Story { file: \"a.json\" }".into(),
            },
        );
        s.save(&file).unwrap();
        assert_eq!(State::load(&file, "t1"), Some(s.clone()));
        assert_eq!(State::load(&file, "t2"), None);
        fs::write(&file, "standfirst-publish 1 t1 zz\n").unwrap();
        assert_eq!(State::load(&file, "t1"), None);
        fs::create_dir_all(dir.path().join("dist/world")).unwrap();
        assert!(!s.matches(&dir.path().join("dist")));
        fs::write(dir.path().join("dist/world/a b.html"), "abc").unwrap();
        assert!(s.matches(&dir.path().join("dist")));
    }
}
