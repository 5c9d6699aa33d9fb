//! The built site, served the way a CDN serves it: the `.br` / `.gz`
//! variant chosen by `Accept-Encoding`, `index.html` for app routes, and a
//! real 404 for missing API files and assets. Cache and security headers
//! are added by [`crate::headers::apply`].

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Files in `dist/` that hosts read as configuration and never serve.
const HIDDEN: &[&str] = &["/_headers", "/_redirects"];

/// A router that serves `dist` for every path.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let fallback = tower::service_fn(move |req: Request| spa_or_404(index.clone(), req));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback);
    Router::new().fallback_service(tower::service_fn(move |req: Request| {
        let files = files.clone();
        async move {
            if HIDDEN.contains(&req.uri().path()) {
                return Ok::<_, Infallible>(not_found());
            }
            Ok(files
                .oneshot(req)
                .await
                .map(|r| r.map(Body::new))
                .into_response())
        }
    }))
}

/// Called for a path with no file: `index.html` (200) for an app route,
/// else 404.
async fn spa_or_404(index: PathBuf, req: Request) -> Result<Response, Infallible> {
    if !is_app_route(req.uri().path()) {
        return Ok(not_found());
    }
    let served = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await;
    Ok(served.map(|r| r.map(Body::new)).into_response())
}

/// App routes are extension-less paths outside `/api/`, `/media/`,
/// `/feeds/` (and the test controls' `/__test/`).
pub fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let reserved = ["/api", "/media", "/feeds", "/__test"]
        .iter()
        .any(|d| crate::headers::under(path, d));
    !reserved && !last.contains('.')
}

/// A small plain 404; the middleware marks it `no-cache`.
pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_routes() {
        assert!(is_app_route("/"));
        assert!(is_app_route("/world"));
        assert!(is_app_route("/world/some-story"));
        assert!(is_app_route("/newsletters/"));
        assert!(is_app_route("/apiary/x"));
        assert!(!is_app_route("/api"));
        assert!(!is_app_route("/api/v1/articles/missing"));
        assert!(!is_app_route("/media/x"));
        assert!(!is_app_route("/feeds/us"));
        assert!(!is_app_route("/__test/newsletter"));
        assert!(!is_app_route("/missing.js"));
        assert!(!is_app_route("/world/story.html"));
    }
}
