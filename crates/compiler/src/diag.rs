//! Problems found in content, reported as `FILE: json.path: reason`.

use std::fmt;

/// One problem: the file, the JSON path inside it (`body[3].items[1]`, root
/// fields plain, `(root)` for the whole document) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.reason)
    }
}

/// Collects the problems of one file.
#[derive(Debug)]
pub struct Report {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn new(file: impl Into<String>) -> Self {
        Report {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    pub fn add(&mut self, path: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            path: if path.is_empty() { "(root)" } else { path }.to_string(),
            reason: reason.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
}

/// `base.key`, or `key` at the root.
pub fn key(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// `base[i]`.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}
