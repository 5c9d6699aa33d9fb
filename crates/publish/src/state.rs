//! What the last publish left in `DIST`, kept beside it: one line per
//! file, so that the next publish can tell what changed without reading
//! the files again.
//!
//! `<state>/manifest.tsv`:
//!
//! ```text
//! standfirst-publish 2 <tool> <shell hash>
//! <hash>\t<size>\t<key>\t<path>
//! end\t<count of lines above>
//! ```
//!
//! `hash` is the file's XXH3-128 (hex), `size` its length in bytes, `path`
//! its path under `DIST` (`/`-separated). `key` says where the file came
//! from: `-` for a copied or generated file, the page's job for a rendered
//! page, `<source path>` for a `.br`/`.gz` copy. The header's `tool` names
//! the publishing program's build; another build starts afresh.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

const MAGIC: &str = "standfirst-publish";
const FORMAT: &str = "2";
/// The last line: a manifest cut short (a crash while it was written) is
/// not taken for a whole one.
const END: &str = "end";

/// One file of `DIST`. A compressed copy's key (its source's path) is
/// written but not kept in memory (an empty string): three quarters of a
/// million strings at 100,000 stories.
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
        // Hundreds of thousands of lines at archive size: parsed in
        // parallel, in order (the file is sorted, so the map is built in
        // one pass).
        let mut lines: Vec<&str> = lines.collect();
        let end = lines.pop()?.split_once('\t')?;
        if end.0 != END || end.1.parse::<usize>().ok()? != lines.len() {
            return None;
        }
        let rows: Option<Vec<(String, Entry)>> = lines
            .par_iter()
            .map(|line| {
                let mut f = line.splitn(4, '\t');
                let hash = u128::from_str_radix(f.next()?, 16).ok()?;
                let size = f.next()?.parse().ok()?;
                let key = f.next()?;
                let path = f.next()?.to_string();
                // A copy's key is its source's path: not kept (see `Entry`).
                let key = if crate::is_compressed(&path) {
                    String::new()
                } else {
                    key.to_string()
                };
                Some((path, Entry { hash, size, key }))
            })
            .collect();
        let files = rows?.into_iter().collect();
        Some(State {
            tool: tool.to_string(),
            shell,
            files,
        })
    }

    /// Whether `file` starts as a state of this format written by `tool`
    /// (read no further).
    pub fn is_of(file: &Path, tool: &str) -> bool {
        use std::io::BufRead;
        let Ok(f) = fs::File::open(file) else {
            return false;
        };
        let mut head = String::new();
        if std::io::BufReader::new(f).read_line(&mut head).is_err() {
            return false;
        }
        let mut head = head.trim_end().split(' ');
        head.next() == Some(MAGIC) && head.next() == Some(FORMAT) && head.next() == Some(tool)
    }

    /// Whether every file the state lists is in `dist` with its size (a
    /// cheap check that nothing else changed `dist` since). Compressed
    /// copies are not looked at: a publish writes and removes them with
    /// their source, and they are two thirds of the files.
    pub fn matches(&self, dist: &Path) -> bool {
        self.files
            .par_iter()
            .filter(|(path, _)| !crate::is_compressed(path))
            .all(|(path, e)| {
                fs::metadata(dist.join(path)).is_ok_and(|m| m.is_file() && m.len() == e.size)
            })
    }

    /// Writes the state to `file` (through a temporary file and a rename).
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        let tmp = file.with_extension("tmp");
        let mut out = std::io::BufWriter::new(fs::File::create(&tmp)?);
        writeln!(out, "{MAGIC} {FORMAT} {} {:032x}", self.tool, self.shell)?;
        for (path, e) in &self.files {
            let key = match path.strip_suffix(".br").or(path.strip_suffix(".gz")) {
                Some(source) => source,
                None => &e.key,
            };
            writeln!(out, "{:032x}\t{}\t{key}\t{path}", e.hash, e.size)?;
        }
        writeln!(out, "{END}\t{}", self.files.len())?;
        // No fsync: a manifest lost or cut short in a crash makes the next
        // publish a full one, never a wrong one.
        out.into_inner().map_err(|e| e.into_error())?;
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
        assert!(State::is_of(&file, "t1") && !State::is_of(&file, "t2"));
        let text = fs::read_to_string(&file).unwrap();
        let cut: Vec<&str> = text.lines().filter(|l| !l.starts_with("end")).collect();
        fs::write(&file, cut.join("\n")).unwrap();
        assert_eq!(State::load(&file, "t1"), None, "a manifest cut short");
        fs::write(&file, "standfirst-publish 2 t1 zz\nend\t0\n").unwrap();
        assert_eq!(State::load(&file, "t1"), None);
        fs::create_dir_all(dir.path().join("dist/world")).unwrap();
        assert!(!s.matches(&dir.path().join("dist")));
        fs::write(dir.path().join("dist/world/a b.html"), "abc").unwrap();
        assert!(s.matches(&dir.path().join("dist")));
    }
}
