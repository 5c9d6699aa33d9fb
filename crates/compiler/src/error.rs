//! Why a build stopped. Its own module, so that the build and the output
//! helpers it calls both depend on it rather than on each other.

use crate::diag::Problem;

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has problems; nothing was written.
    #[error("{} problem(s) in the content", .0.len())]
    Invalid(Vec<Problem>),
    /// Writing the output failed.
    #[error("{0}")]
    Io(String),
}
