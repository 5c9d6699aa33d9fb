//! Why a build stopped. Its own module, so that the build and the output
//! helpers it calls both depend on it rather than on each other.

use crate::diag::Problem;
use std::io;
use std::path::PathBuf;

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has problems; nothing was written.
    #[error("{} problem(s) in the content", .0.len())]
    Invalid(Vec<Problem>),
    /// Reading, writing or removing a file or folder failed, or the bytes
    /// of a feed or sitemap that `path` was to hold could not be made.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// A document could not be written as JSON into `path`.
    #[error("{}: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// An article file that the first pass checked could not be read again
    /// to be written (it changed or went away during the build); the
    /// problem names the file.
    #[error("{0}")]
    Reread(Problem),
}
