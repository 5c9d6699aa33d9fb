use std::path::Path;

/// Why prerendering stopped: always with the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum PrerenderError {
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}: not valid delivery JSON: {reason}")]
    Json { path: String, reason: String },
    #[error("{path}: {reason}")]
    Shell { path: String, reason: String },
}

impl PrerenderError {
    pub fn io(path: &Path, e: impl std::fmt::Display) -> Self {
        PrerenderError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}
