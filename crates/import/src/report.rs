//! What an import did: printed as a summary, written as JSON with
//! `--report`. Every post of the export appears in it, imported or skipped
//! with a reason.

use crate::{pretty_json, write_file, ImportError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What one post's conversion noticed.
#[derive(Debug, Default, Clone)]
pub struct PostNotes {
    pub as_text: Vec<String>,
    pub dropped: Vec<String>,
    pub refused: Vec<String>,
    pub notes: Vec<String>,
}

impl PostNotes {
    pub fn as_text(&mut self, kind: &str) {
        self.as_text.push(kind.to_string());
    }
    pub fn dropped(&mut self, kind: &str) {
        self.dropped.push(kind.to_string());
    }
    pub fn refused(&mut self, url: &str) {
        self.refused.push(url.to_string());
    }
    pub fn note(&mut self, n: String) {
        self.notes.push(n);
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Imported {
    pub slug: String,
    /// The post id in the export, when it has one.
    pub id: String,
    pub line: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Skipped {
    pub id: String,
    pub title: String,
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Refused {
    pub url: String,
    pub post: String,
    pub line: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Renamed {
    /// "article", "section" or "author".
    pub what: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub line: u64,
}

/// A writer of the imported posts: their author file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuthorEntry {
    /// The author id (`authors/<id>.json`).
    pub id: String,
    /// What the id was made from: the WordPress login (the name when the
    /// login is an email address), the Ghost slug.
    pub from: String,
    /// Imported posts that name them.
    pub posts: usize,
    /// The file is the publisher's own, kept as it is (not written).
    pub kept: bool,
    /// The profile picture the file does not have: no size is known
    /// without its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_image: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Words {
    /// Words of the imported posts' text in the export.
    pub source: usize,
    /// Of those, the words found in the written content (each occurrence
    /// matched once).
    pub imported: usize,
    /// `imported / source`, in percent.
    pub coverage_percent: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ImportReport {
    /// "wordpress" or "ghost".
    pub source: String,
    pub file: String,
    pub imported: usize,
    pub skipped: usize,
    /// Entries that are not published posts, by kind: "page",
    /// "attachment", "draft", "nav_menu_item"…
    pub not_posts: BTreeMap<String, usize>,
    pub words: Words,
    /// Blocks with no equivalent whose text was kept as paragraphs.
    pub blocks_kept_as_text: BTreeMap<String, usize>,
    /// Blocks with nothing kept.
    pub blocks_dropped: BTreeMap<String, usize>,
    pub refused_urls: Vec<Refused>,
    pub renamed: Vec<Renamed>,
    pub skipped_posts: Vec<Skipped>,
    pub imported_posts: Vec<Imported>,
    /// The writers of the imported posts, by id: the author files written,
    /// and those the publisher wrote, kept.
    pub authors: Vec<AuthorEntry>,
    /// Problems with the file itself (truncated, malformed): located, and
    /// the import stopped there.
    pub errors: Vec<String>,
    /// With `--media`: pictures copied into the content, and images whose
    /// file the folder does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<crate::uploads::MediaReport>,
}

impl ImportReport {
    /// Writes the report as indented JSON into `path` (`--report`); nothing
    /// is written when it cannot be serialised.
    pub fn write_json(&self, path: &Path) -> Result<(), ImportError> {
        write_file(path, &pretty_json(path, self)?)
    }

    pub fn count(map: &mut BTreeMap<String, usize>, key: &str) {
        *map.entry(key.to_string()).or_default() += 1;
    }

    /// The summary printed after an import.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "imported {} post(s), skipped {} ({} file {})\n",
            self.imported, self.skipped, self.source, self.file
        );
        let w = &self.words;
        s += &format!(
            "words: {} of {} kept ({:.1}%)\n",
            w.imported, w.source, w.coverage_percent
        );
        let line = |title: &str, m: &BTreeMap<String, usize>| {
            if m.is_empty() {
                return String::new();
            }
            let items: Vec<String> = m.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            format!("{title}: {}\n", items.join(", "))
        };
        s += &line("not posts (skipped)", &self.not_posts);
        s += &line("blocks kept as text", &self.blocks_kept_as_text);
        s += &line("blocks dropped", &self.blocks_dropped);
        for p in &self.skipped_posts {
            s += &format!(
                "skipped: line {}: post {} {:?}: {}\n",
                p.line, p.id, p.title, p.reason
            );
        }
        for r in &self.refused_urls {
            s += &format!("refused URL: line {}: {}: {:?}\n", r.line, r.post, r.url);
        }
        for r in &self.renamed {
            s += &format!(
                "renamed {}: line {}: {} -> {}: {}\n",
                r.what, r.line, r.from, r.to, r.reason
            );
        }
        if !self.authors.is_empty() {
            let kept = self.authors.iter().filter(|a| a.kept).count();
            s += &format!(
                "authors: {} file(s) written, {kept} kept (written by hand)\n",
                self.authors.len() - kept
            );
        }
        for a in &self.authors {
            for n in &a.notes {
                s += &format!("author {}: {n}\n", a.id);
            }
        }
        if let Some(m) = &self.media {
            s += &format!(
                "media: {} picture(s) copied into the content, {} not found in the folder\n",
                m.copied,
                m.missing.len()
            );
            for url in &m.missing {
                s += &format!("media not found: {url}\n");
            }
        }
        for e in &self.errors {
            s += &format!("error: {e}\n");
        }
        s
    }
}
