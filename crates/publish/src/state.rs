//! What the last publish left in `DIST`, kept beside it: one line per
//! file, so that the next publish can tell what changed without reading
//! the files again.
//!
//! `<state>/manifest.tsv`:
//!
//! ```text
//! standfirst-publish 3 <tool> <shell hash>
//! <hash>\t<size>\t<br size>\t<gz size>\t<key>\t<path>
//! end\t<count of lines above>
//! ```
//!
//! `hash` is the file's XXH3-128 (hex), `size` its length in bytes, `path`
//! its path under `DIST` (`/`-separated). The two sizes after it are those
//! of its compressed copies beside it (`<path>.br`, `<path>.gz`), `-` when
//! it has none: a copy is made from its file's bytes, so it lives on its
//! file's line (two thirds of the files, at archive size, are copies). `key`
//! says where the file came from: `-` for a copied or generated file, the
//! page's job for a rendered page. The header's `tool` names the publishing
//! program's build; another build starts afresh.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

const MAGIC: &str = "standfirst-publish";
const FORMAT: &str = "3";
/// The last line: a manifest cut short (a crash while it was written) is
/// not taken for a whole one.
const END: &str = "end";

/// The compressed copies a publish makes beside a text file, in the order
/// of [`Entry::copies`].
pub const COPIES: [&str; 2] = [".br", ".gz"];

/// One file of `DIST`, with its compressed copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub hash: u128,
    pub size: u64,
    pub key: String,
    /// The sizes of `<path>.br` and `<path>.gz` (as [`COPIES`]) when `DIST`
    /// has them; they were made from this file's bytes.
    pub copies: [Option<u64>; 2],
}

impl Entry {
    /// A file without compressed copies (yet).
    pub fn new(hash: u128, size: u64, key: impl Into<String>) -> Entry {
        Entry {
            hash,
            size,
            key: key.into(),
            copies: [None; 2],
        }
    }

    /// Whether `other` has the same bytes.
    pub fn same_bytes(&self, other: &Entry) -> bool {
        self.hash == other.hash && self.size == other.size
    }

    /// `path` and the paths of its compressed copies: what removing the
    /// file at `path` removes.
    pub fn with_copies<'a>(&'a self, path: &'a str) -> impl Iterator<Item = String> + 'a {
        std::iter::once(path.to_string()).chain(self.copy_paths(path))
    }

    /// The paths of the compressed copies of the file at `path`.
    pub fn copy_paths<'a>(&'a self, path: &'a str) -> impl Iterator<Item = String> + 'a {
        COPIES
            .iter()
            .zip(self.copies)
            .filter(|(_, size)| size.is_some())
            .map(move |(ext, _)| format!("{path}{ext}"))
    }
}

/// Whether the file at `path` in `DIST` is one of `files` or a compressed
/// copy one of them has.
pub fn holds(files: &BTreeMap<String, Entry>, path: &str) -> bool {
    if files.contains_key(path) {
        return true;
    }
    COPIES.iter().enumerate().any(|(i, ext)| {
        path.strip_suffix(ext)
            .and_then(|source| files.get(source))
            .is_some_and(|e| e.copies[i].is_some())
    })
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
                let mut f = line.splitn(6, '\t');
                let hash = u128::from_str_radix(f.next()?, 16).ok()?;
                let size = f.next()?.parse().ok()?;
                let mut copy = || -> Option<Option<u64>> {
                    match f.next()? {
                        "-" => Some(None),
                        n => n.parse().ok().map(Some),
                    }
                };
                let copies = [copy()?, copy()?];
                let key = f.next()?.to_string();
                let path = f.next()?.to_string();
                Some((
                    path,
                    Entry {
                        hash,
                        size,
                        key,
                        copies,
                    },
                ))
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
    /// their file, and they are two thirds of the files.
    pub fn matches(&self, dist: &Path) -> bool {
        self.files.par_iter().all(|(path, e)| {
            fs::metadata(dist.join(path)).is_ok_and(|m| m.is_file() && m.len() == e.size)
        })
    }

    /// Writes the state to `file` (through a temporary file and a rename).
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        let tmp = file.with_extension("tmp");
        let mut out = std::io::BufWriter::new(fs::File::create(&tmp)?);
        writeln!(out, "{MAGIC} {FORMAT} {} {:032x}", self.tool, self.shell)?;
        let size = |s: Option<u64>| s.map_or_else(|| "-".to_string(), |n| n.to_string());
        for (path, e) in &self.files {
            let [br, gz] = e.copies.map(size);
            writeln!(
                out,
                "{:032x}\t{}\t{br}\t{gz}\t{}\t{path}",
                e.hash, e.size, e.key
            )?;
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
            Entry::new(u128::MAX, 3, "Story { file: \"a.json\" }"),
        );
        let mut page = Entry::new(5, 4000, "Front");
        page.copies = [Some(900), None];
        s.files.insert("uk.html".into(), page);
        s.save(&file).unwrap();
        assert_eq!(State::load(&file, "t1"), Some(s.clone()));
        assert_eq!(State::load(&file, "t2"), None);
        assert!(State::is_of(&file, "t1") && !State::is_of(&file, "t2"));
        let text = fs::read_to_string(&file).unwrap();
        let cut: Vec<&str> = text.lines().filter(|l| !l.starts_with("end")).collect();
        fs::write(&file, cut.join("\n")).unwrap();
        assert_eq!(State::load(&file, "t1"), None, "a manifest cut short");
        fs::write(&file, "standfirst-publish 3 t1 zz\nend\t0\n").unwrap();
        assert_eq!(State::load(&file, "t1"), None);
        fs::create_dir_all(dir.path().join("dist/world")).unwrap();
        assert!(!s.matches(&dir.path().join("dist")));
        fs::write(dir.path().join("dist/world/a b.html"), "abc").unwrap();
        assert!(!s.matches(&dir.path().join("dist")));
        // Its copies are not looked at.
        fs::write(dir.path().join("dist/uk.html"), [b'x'; 4000]).unwrap();
        assert!(s.matches(&dir.path().join("dist")));
    }

    #[test]
    fn a_files_copies_are_on_its_line_and_held_only_when_made() {
        let mut files = BTreeMap::new();
        let mut page = Entry::new(1, 4000, "Front");
        page.copies = [Some(900), None];
        files.insert("uk.html".to_string(), page.clone());
        files.insert("api/v1/site.json".to_string(), Entry::new(2, 10, "-"));
        assert_eq!(
            page.copy_paths("uk.html").collect::<Vec<_>>(),
            ["uk.html.br"]
        );
        assert!(holds(&files, "uk.html") && holds(&files, "uk.html.br"));
        assert!(!holds(&files, "uk.html.gz"), "a copy it does not have");
        assert!(!holds(&files, "api/v1/site.json.br") && !holds(&files, "us.html.br"));
        assert!(page.same_bytes(&Entry::new(1, 4000, "-")));
        assert!(!page.same_bytes(&Entry::new(1, 4001, "-")));
    }
}
