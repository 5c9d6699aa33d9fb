//! The built site, served the way static hosts serve prerendered pages:
//!
//! - `/` is `index.html`;
//! - `/a/b` is the file `a/b` when it exists, else `a/b.html` (so `/uk` is
//!   `uk.html`, `/world/page/2` is `world/page/2.html`, `/x.html` itself);
//! - a path ending in `/` is sent (301) to the same path without it;
//! - anything else is `404.html` with status 404 (a plain 404 when the
//!   build has none), under `/api/` and for assets too.
//!
//! The `.br` / `.gz` variant is chosen by `Accept-Encoding`. The file that
//! was sent is recorded on the response ([`Served`]) so that
//! [`crate::headers::apply`] picks cache and content-type headers for it,
//! not for the request's path.
//!
//! Only regular files reached through real folders are served: a symbolic
//! link anywhere on the path (a file or a folder of `dist/`, a `.br` or
//! `.gz` variant, `404.html`) is not found, so nothing outside `dist/` is
//! ever sent. `dist` itself may be a link (a release folder): it is
//! resolved once, when the router is made.

use crate::walk::regular_file;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::gone::Gone;

/// Files in `dist/` that hosts read as configuration and never serve
/// (at any depth); names starting with `.` are never served either.
const HIDDEN: &[&str] = &["_headers", "_redirects"];
/// The longest path segment accepted (a file name's limit on Linux).
const MAX_SEGMENT: usize = 255;
/// The longest request path accepted.
const MAX_PATH: usize = 2048;

/// The prerendered not-found page.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// The site path of the file a response carries (`/world/story.html`),
/// set on the response's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served(pub String);

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of `dist/`, relative (`world/story.html`).
    File(String),
    /// A 301 to this location.
    Redirect(String),
    NotFound,
    /// A path no file can have: bad escapes, NUL or other control
    /// characters, `..`, over-long segments.
    BadRequest,
}

/// A router that serves `dist` for every path, and answers the URLs
/// `gone` lists with 410 Gone.
pub fn router(dist: &Path, gone: Arc<Gone>) -> Router {
    let dist = Arc::new(std::fs::canonicalize(dist).unwrap_or_else(|_| dist.to_path_buf()));
    Router::new().fallback(move |req: Request| serve(dist.clone(), gone.clone(), req))
}

async fn serve(dist: Arc<PathBuf>, gone: Arc<Gone>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let missing = NotFound {
        head: req.method() == Method::HEAD,
        accept_encoding: req.headers().get(header::ACCEPT_ENCODING).cloned(),
        status: StatusCode::NOT_FOUND,
    };
    // Held to the list by the same decoded segments the files are found
    // by, so that no spelling of a removed URL gets past its 410.
    if let Some(segs) = segments(req.uri().path()) {
        if gone.contains(&["/", &segs.join("/")].concat()) {
            return missing.status(StatusCode::GONE).page(&dist).await;
        }
    }
    match resolve(&dist, req.uri().path(), req.uri().query()) {
        Target::Redirect(location) => match HeaderValue::from_str(&location) {
            Ok(v) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, v)]).into_response(),
            Err(_) => missing.page(&dist).await,
        },
        Target::File(rel) => send_file(&dist, &rel, req).await,
        Target::NotFound => missing.page(&dist).await,
        Target::BadRequest => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Bad request\n",
        )
            .into_response(),
    }
}

/// Maps a request path (as sent, percent-encoded) to what answers it.
/// `query` is kept on a redirect.
pub fn resolve(dist: &Path, raw_path: &str, query: Option<&str>) -> Target {
    let Some(segments) = segments(raw_path) else {
        return Target::BadRequest;
    };
    if raw_path.len() > 1 && raw_path.ends_with('/') {
        // Built from the path with its slashes trimmed at both ends, so
        // that `//evil.example/` cannot become a link to another host.
        let trimmed = raw_path.trim_matches('/');
        if trimmed.contains('\\') {
            return Target::NotFound;
        }
        let mut location = format!("/{trimmed}");
        if let Some(q) = query {
            location.push('?');
            location.push_str(q);
        }
        return Target::Redirect(location);
    }
    if segments.is_empty() {
        return Target::File("index.html".into());
    }
    let hidden =
        |seg: &String| seg.starts_with('.') || HIDDEN.iter().any(|h| seg.eq_ignore_ascii_case(h));
    if segments.iter().any(hidden) {
        return Target::NotFound;
    }
    let rel = segments.join("/");
    let file = if regular_file(dist, &rel) {
        rel
    } else {
        format!("{rel}.html")
    };
    // The not-found page answers with 404 even when asked for by name.
    if file != NOT_FOUND_PAGE && regular_file(dist, &file) {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

/// The path's segments, percent-decoded, without empty and `.` segments;
/// `None` for anything that could leave `dist/`, is not UTF-8 or no file
/// can be named (`..`, a backslash, a control character such as NUL, a
/// segment over 255 bytes, a path over 2 KB).
fn segments(raw_path: &str) -> Option<Vec<String>> {
    if raw_path.len() > MAX_PATH {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(raw_path)?).ok()?;
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.chars().any(char::is_control) => return None,
            s if s.len() > MAX_SEGMENT => return None,
            s => out.push(s.to_string()),
        }
    }
    Some(out)
}

/// `%XX` escapes decoded; `None` for a malformed one.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `dist/rel`, with its precompressed variant when accepted (and a
/// regular file).
async fn send_file(dist: &Path, rel: &str, req: Request) -> Response {
    let mut file = ServeFile::new(dist.join(rel));
    if regular_file(dist, &format!("{rel}.br")) {
        file = file.precompressed_br();
    }
    if regular_file(dist, &format!("{rel}.gz")) {
        file = file.precompressed_gzip();
    }
    let served = file.oneshot(req).await;
    let mut resp = served.map(|r| r.map(Body::new)).into_response();
    resp.extensions_mut().insert(Served(format!("/{rel}")));
    resp
}

/// What a not-found answer keeps of the request: only the method and
/// `Accept-Encoding`, so that a conditional or range request cannot turn
/// the 404 into a 304 or a 206.
struct NotFound {
    head: bool,
    accept_encoding: Option<HeaderValue>,
    status: StatusCode,
}

impl NotFound {
    /// The same answer with another status (410 for a removed story).
    fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// `404.html` with status 404 (or the one set), or a plain answer
    /// when there is no such page.
    async fn page(self, dist: &Path) -> Response {
        if !regular_file(dist, NOT_FOUND_PAGE) {
            let mut resp = not_found();
            *resp.status_mut() = self.status;
            return resp;
        }
        let mut plain = Request::new(Body::empty());
        if self.head {
            *plain.method_mut() = Method::HEAD;
        }
        if let Some(v) = self.accept_encoding {
            plain.headers_mut().insert(header::ACCEPT_ENCODING, v);
        }
        let mut resp = send_file(dist, NOT_FOUND_PAGE, plain).await;
        if resp.status().is_success() {
            *resp.status_mut() = self.status;
            resp.headers_mut().remove(header::ACCEPT_RANGES);
            resp
        } else {
            not_found()
        }
    }
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

    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "index.html",
            "uk.html",
            "world.html",
            "world/page/2.html",
            "world/some-story.html",
            "api/v1/site.json",
            "_headers",
            ".standfirst-hashed",
            ".git/config",
            "world/_headers",
            "world/.hidden.html",
            "404.html",
            "robots.txt",
        ] {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, rel).unwrap();
        }
        dir
    }

    fn file(rel: &str) -> Target {
        Target::File(rel.into())
    }

    #[test]
    fn paths_map_to_files_then_pages() {
        let d = dist();
        let r = |p: &str| resolve(d.path(), p, None);
        assert_eq!(r("/"), file("index.html"));
        assert_eq!(r("/uk"), file("uk.html"));
        assert_eq!(r("/world"), file("world.html"));
        assert_eq!(r("/world/page/2"), file("world/page/2.html"));
        assert_eq!(r("/world/some-story"), file("world/some-story.html"));
        assert_eq!(r("/world/some-story.html"), file("world/some-story.html"));
        assert_eq!(r("/api/v1/site.json"), file("api/v1/site.json"));
        assert_eq!(r("/robots.txt"), file("robots.txt"));
        assert_eq!(r("/%77orld"), file("world.html"));
        assert_eq!(r("//world/./page//2"), file("world/page/2.html"));
        for missing in [
            "/us",
            "/world/page",
            "/world/page/3",
            "/api/v1/site",
            "/api/v1/missing.json",
            "/404",
            "/404.html",
        ] {
            assert_eq!(r(missing), Target::NotFound, "{missing}");
        }
    }

    #[test]
    fn paths_no_file_can_have_are_bad_requests() {
        let d = dist();
        let long = format!("/{}", "a".repeat(256));
        let longer = format!("/a{}", "/b".repeat(1100));
        for bad in [
            "/world/../uk",
            "/world/%2e%2e/uk",
            "/%",
            "/%zz",
            "/%ff",
            "/a%5Cb",
            "/%00",
            "/a%00b.html",
            "/%0a",
            "/%7f",
            long.as_str(),
            longer.as_str(),
            "/\\evil.example/",
        ] {
            assert_eq!(resolve(d.path(), bad, None), Target::BadRequest, "{bad}");
        }
        let fine = format!("/{}", "a".repeat(255));
        assert_eq!(resolve(d.path(), &fine, None), Target::NotFound);
    }

    #[test]
    fn trailing_slashes_redirect_without_leaving_the_site() {
        let d = dist();
        assert_eq!(
            resolve(d.path(), "/world/", Some("page=2")),
            Target::Redirect("/world?page=2".into())
        );
        assert_eq!(
            resolve(d.path(), "/world/some-story//", None),
            Target::Redirect("/world/some-story".into())
        );
        assert_eq!(
            resolve(d.path(), "//evil.example/", None),
            Target::Redirect("/evil.example".into())
        );
        assert_eq!(resolve(d.path(), "//", None), Target::Redirect("/".into()));
    }

    #[test]
    fn host_configuration_files_are_never_served() {
        let d = dist();
        for path in [
            "/_headers",
            "//_headers",
            "/./_headers",
            "/%5Fheaders",
            "/%5fheaders",
            "/_HEADERS",
            "/%2F_headers",
            "/_redirects",
            "/world/_headers",
            "/.standfirst-hashed",
            "/%2estandfirst-hashed",
            "/.git/config",
            "/world/.hidden.html",
        ] {
            assert_eq!(resolve(d.path(), path, None), Target::NotFound, "{path}");
        }
    }
}
