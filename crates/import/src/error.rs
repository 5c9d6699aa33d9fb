//! What can go wrong with an export file or the content folder, each with
//! the file it is about.
//!
//! Some of these stop an import (the export cannot be read, the content
//! folder cannot be written): the importers return them. The others (a
//! malformed or truncated export, a file that is not an export) end the
//! reading of the file but not the import: the posts read before are kept,
//! and the error is listed in the report's `errors`.

use crate::wxr::XmlError;
use standfirst_content::diag::Problem;
use std::io;
use std::path::PathBuf;

/// An import's error, with the path of the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The export cannot be opened or read.
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// The WordPress export is not well-formed XML from `source.line` on.
    #[error("{}:{}: {}", path.display(), source.line, source.reason)]
    Xml { path: PathBuf, source: XmlError },
    /// The Ghost export is not JSON; the error knows the line.
    #[error("{}:{}: not a Ghost export: invalid JSON: {source}", path.display(), source.line())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// The file can be read but is not an export of the kind asked for.
    #[error("{}: {reason}", path.display())]
    NotAnExport { path: PathBuf, reason: &'static str },
    /// `--edition` is not an id the content rules accept.
    #[error("--edition {edition:?}: {reason}")]
    Edition { edition: String, reason: String },
    /// A file or folder of the content folder cannot be written.
    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    /// The site.json the import made for `path` breaks the content rules:
    /// a bug in the importer.
    #[error(
        "{}: the import made a site.json that breaks the content rules (please report this): {}",
        path.display(),
        problem_list(problems)
    )]
    InvalidSite {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    /// A document to be written to `path` cannot be serialised as JSON.
    #[error("{}: cannot serialise: {source}", path.display())]
    Serialise {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Problems of one file as `json.path: reason`, separated by `; `.
pub fn problem_list(problems: &[Problem]) -> String {
    let items: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.reason))
        .collect();
    items.join("; ")
}
