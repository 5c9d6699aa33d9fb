//! CORS for the sign-up endpoint: only the configured origins (sites
//! hosted elsewhere that post to this endpoint) get CORS headers; any other
//! origin gets none, and its preflight is refused.

use super::Newsletter;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The allowed origins, `scheme://host[:port]`, no trailing slash.
#[derive(Debug, Clone, Default)]
pub struct Cors {
    origins: Vec<String>,
}

impl Cors {
    /// Checks and normalises each origin (`https://news.example.org/`
    /// becomes `https://news.example.org`).
    pub fn new(origins: &[String]) -> anyhow::Result<Cors> {
        let mut out = Vec::new();
        for o in origins {
            let trimmed = o.trim().trim_end_matches('/');
            match crate::site::origin_of(trimmed) {
                Some(origin) if origin.len() == trimmed.len() => out.push(origin),
                _ => anyhow::bail!(
                    "--cors-origin {o:?} is not an origin such as https://news.example.org"
                ),
            }
        }
        Ok(Cors { origins: out })
    }

    fn allows(&self, origin: &HeaderValue) -> bool {
        origin.to_str().is_ok_and(|o| self.allows_str(o))
    }

    /// Whether `origin` is on the list.
    pub fn allows_str(&self, origin: &str) -> bool {
        self.origins.iter().any(|a| a.eq_ignore_ascii_case(origin))
    }
}

/// Answers preflights and adds `Access-Control-Allow-Origin` for allowed
/// origins (with `Retry-After` exposed, so a 429's wait is readable).
pub async fn apply(State(n): State<Arc<Newsletter>>, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let allowed = origin.as_ref().filter(|o| n.cors.allows(o)).cloned();
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = if req.method() == Method::OPTIONS {
        match (&allowed, preflight) {
            (Some(_), true) => {
                let mut r = StatusCode::NO_CONTENT.into_response();
                let h = r.headers_mut();
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("POST"),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static("content-type"),
                );
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("600"),
                );
                r
            }
            (None, true) => (StatusCode::FORBIDDEN, "Origin not allowed\n").into_response(),
            (_, false) => {
                (StatusCode::NO_CONTENT, [(header::ALLOW, "POST, OPTIONS")]).into_response()
            }
        }
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    if let Some(o) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        if !preflight {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("retry-after"),
            );
        }
    }
    if !n.cors.origins.is_empty() {
        crate::headers::add_vary(h, "Origin");
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_normalised() {
        let c = Cors::new(&[
            "https://News.example.org/".into(),
            "http://localhost:3000".into(),
        ])
        .unwrap();
        assert_eq!(
            c.origins,
            ["https://news.example.org", "http://localhost:3000"]
        );
        assert!(c.allows(&HeaderValue::from_static("https://news.example.org")));
        assert!(!c.allows(&HeaderValue::from_static("https://evil.example")));
        assert!(Cors::new(&["*".into()]).is_err());
        assert!(Cors::new(&["https://x.example/path".into()]).is_err());
    }
}
