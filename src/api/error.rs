//! Why a request failed, in terms a page can act on.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 404 / 410, or a route parameter that cannot name a file.
    NotFound,
    /// Any other non-2xx status.
    Http(u16),
    /// The body was not the JSON we expect (truncated, HTML, too large).
    Decode(String),
    /// No answer within [`super::TIMEOUT`].
    Timeout,
    /// Offline, DNS, CORS, or aborted.
    Network(String),
}

impl ApiError {
    /// What the reader is told; technical detail goes to the console only.
    pub fn reader_message(&self) -> standfirst_model::Key {
        use standfirst_model::Key;
        match self {
            ApiError::NotFound => Key::ErrorNotFound,
            ApiError::Http(500..) => Key::ErrorServer,
            ApiError::Http(_) => Key::ErrorHttp,
            ApiError::Decode(_) => Key::ErrorDecode,
            ApiError::Timeout => Key::ErrorTimeout,
            ApiError::Network(_) => Key::ErrorNetwork,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::NotFound => write!(f, "not found"),
            ApiError::Http(s) => write!(f, "HTTP {s}"),
            ApiError::Decode(e) => write!(f, "could not decode response: {e}"),
            ApiError::Timeout => write!(f, "timed out"),
            ApiError::Network(e) => write!(f, "network error: {e}"),
        }
    }
}

impl std::error::Error for ApiError {}
