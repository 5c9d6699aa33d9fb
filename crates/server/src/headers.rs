//! The headers every response carries, computed once and used both by
//! `serve` (a middleware) and by `prepare` (the `_headers` file that static
//! hosts such as Netlify and Cloudflare Pages read).

use crate::assets::Hashed;
use crate::csp;
use crate::site::SiteInfo;
use crate::static_files::Served;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Hashed assets never change under their name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// HTML pages, the JSON API, feeds, the sitemap, anything not found and
/// every other answer: always revalidate.
pub const NO_CACHE: &str = "no-cache";
/// Media files may be reused for a day.
pub const MEDIA: &str = "public, max-age=86400";
/// A story being covered live, its page and its JSON: a CDN may answer
/// from its copy for 5 seconds, and with a stale one for 10 more while it
/// asks again, so an entry reaches a reader's open tab (which polls every
/// 15 seconds) within 20 seconds of the publish, and a crowd of readers
/// costs the origin one request per 5 seconds.
pub const LIVE: &str = "public, max-age=5, stale-while-revalidate=10";

/// Minimal: deny powerful features the site never uses. Only features every
/// current browser recognises (an unknown one is a console error in Chrome).
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// The security headers for a built site.
#[derive(Debug, Clone)]
pub struct SiteHeaders {
    pub csp: String,
    /// The files the build names as content-hashed.
    pub hashed: Hashed,
    /// The live stories' pages and JSON (the build's `.live`).
    pub live: Arc<crate::gone::PathList>,
    /// `Strict-Transport-Security`, sent by `serve` when the site's public
    /// URL is https (not in `_headers`: `prepare` does not know the URL,
    /// and a static host sets it itself).
    pub hsts: Option<String>,
}

impl SiteHeaders {
    /// Hashes the inline scripts of the site's HTML and builds the CSP. An
    /// absolute newsletter endpoint's origin may be fetched (the app's
    /// form) and posted to (the form without JavaScript).
    pub fn for_dist(dist: &Path, site: &SiteInfo) -> std::io::Result<SiteHeaders> {
        let hashes = csp::hashes_in_dist(dist)?;
        if hashes.is_empty() {
            tracing::warn!("no inline script found in {}/index.html", dist.display());
        }
        Ok(SiteHeaders {
            csp: csp::policy(&hashes, site.endpoint_origin.as_slice()),
            hashed: Hashed::load(dist),
            live: Arc::new(crate::gone::PathList::new(Some(dist.join(LIVE_LIST)))),
            hsts: None,
        })
    }

    /// Every security header, as (name, value).
    pub fn security(&self) -> [(&'static str, &str); 4] {
        [
            ("Content-Security-Policy", self.csp.as_str()),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", PERMISSIONS_POLICY),
        ]
    }
}

/// `Cache-Control` for a file of the site that exists and is being sent,
/// by its site path: `/world/story.html`, not the request's
/// `/world/story`. Only the files the build names as hashed are
/// immutable; HTML never is, whatever its name.
pub fn cache_control(file: &str, hashed: &Hashed) -> &'static str {
    let name = file.rsplit('/').next().unwrap_or("");
    if is_html(name) || under(file, "/api") || under(file, "/feeds") || is_sitemap(file) {
        NO_CACHE
    } else if under(file, "/media") {
        MEDIA
    } else if hashed.contains(file) && is_hashed_asset(name) {
        IMMUTABLE
    } else {
        NO_CACHE
    }
}

fn is_html(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("html"))
}

pub use standfirst_model::is_hashed_asset;

/// The build's list of live stories' paths, at the root of `dist`.
pub const LIVE_LIST: &str = ".live";

/// Content types the generic extension table gets wrong or vague.
pub fn content_type_override(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "xml" if under(path, "/feeds") => "application/rss+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        _ => return None,
    })
}

pub fn under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_sitemap(path: &str) -> bool {
    let file = path.trim_start_matches('/');
    !file.contains('/') && file.starts_with("sitemap") && file.ends_with(".xml")
}

/// Middleware for every response: security headers (and HSTS when set);
/// for a file of the site ([`Served`]), `Cache-Control` and `Content-Type`
/// by that file's name; `no-cache` for anything else unless the handler
/// chose; `Vary`.
pub async fn apply(State(site): State<Arc<SiteHeaders>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let started = Instant::now();
    let mut resp = next.run(req).await;
    let status = resp.status();
    let served = resp.extensions().get::<Served>().map(|s| s.0.clone());
    let h = resp.headers_mut();
    for (name, value) in site.security() {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            h.entry(n).or_insert(v);
        }
    }
    if let Some(hsts) = site
        .hsts
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    let found = status.is_success() || status == StatusCode::NOT_MODIFIED;
    if !h.contains_key(header::CACHE_CONTROL) {
        let value = match &served {
            Some(file) if found && site.live.contains(file) => LIVE,
            Some(file) if found => cache_control(file, &site.hashed),
            _ => NO_CACHE,
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    if let Some(ct) = served.as_deref().and_then(content_type_override) {
        // Not on a 304, which has no body to describe.
        if status != StatusCode::NOT_MODIFIED {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
    }
    add_vary(h, "Accept-Encoding");
    // The path only: a query string could carry anything.
    tracing::debug!(%method, path, status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "served");
    resp
}

/// Adds `value` to `Vary` unless already listed.
pub fn add_vary(h: &mut HeaderMap, value: &'static str) {
    let listed = h.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|s| s.split(',').any(|p| p.trim().eq_ignore_ascii_case(value)))
    });
    if !listed {
        h.append(header::VARY, HeaderValue::from_static(value));
    }
}

/// The `_headers` file: security headers for every path, `Cache-Control`
/// rules matching [`cache_control`]. `files` are site paths (`/a/b.js`).
/// Paths without a rule get the host's default, which for Netlify and
/// Cloudflare Pages revalidates (`max-age=0, must-revalidate`): that covers
/// the pages (`/uk`, `/world/a-story`, served from `.html` files, never
/// immutable) and the JSON API without a rule each. (The API has no `/api/*`
/// rule: hosts join every rule that matches a path, and a live story's JSON
/// has a rule of its own, [`LIVE`].)
pub fn headers_file(site: &SiteHeaders, files: &[String]) -> String {
    let mut out = String::from(
        "# Written by `standfirst-server prepare`: the headers `standfirst-server serve` sends,\n\
         # for static hosts that read _headers (Netlify, Cloudflare Pages). Re-run prepare; do not edit.\n\
         # Pages (/uk, /world/a-story: the .html files) have no rule: the host's default revalidates them.\n/*\n",
    );
    for (name, value) in site.security() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    let mut rules: Vec<(String, &str)> = vec![
        ("/".into(), NO_CACHE),
        ("/index.html".into(), NO_CACHE),
        ("/feeds/*".into(), NO_CACHE),
        ("/media/*".into(), MEDIA),
    ];
    for f in site.live.paths() {
        rules.push((f, LIVE));
    }
    for f in files {
        let splat = ["/api", "/feeds", "/media"].iter().any(|d| under(f, d));
        let rule = cache_control(f, &site.hashed);
        let explicit = is_sitemap(f) || rule == IMMUTABLE;
        if !splat && explicit && !f.ends_with(".br") && !f.ends_with(".gz") {
            rules.push((f.clone(), rule));
        }
    }
    if rules.len() >= 100 {
        tracing::warn!(
            "_headers has {} rules; Cloudflare Pages reads at most 100",
            rules.len() + 1
        );
    }
    for (path, value) in rules {
        out.push_str(&format!("\n{path}\n  Cache-Control: {value}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_rules() {
        let cases = [
            ("/standfirst-3f9a2c1b7e6d5a4f_bg.wasm", IMMUTABLE),
            ("/standfirst-c4ef59addd701fd4.js", IMMUTABLE),
            ("/style-405ef0d526fda5ed.css", IMMUTABLE),
            ("/favicon-321c45716f158032.svg", IMMUTABLE),
            ("/standfirst-64b9b60359637ff_bg.wasm", IMMUTABLE),
            ("/standfirst-deadbeefcafe.js", NO_CACHE),
            ("/standfirst-2024.js", NO_CACHE),
            ("/", NO_CACHE),
            ("/index.html", NO_CACHE),
            ("/world/some-story", NO_CACHE),
            ("/api/v1/site.json", NO_CACHE),
            ("/api/v1/articles/a-3f9a2c1b7e6d5a4f.json", NO_CACHE),
            ("/feeds/us.xml", NO_CACHE),
            ("/sitemap.xml", NO_CACHE),
            ("/media/harbour.jpg", MEDIA),
            ("/robots.txt", NO_CACHE),
            ("/standfirst-3F9A2C1B7E6D5A4F.js", NO_CACHE),
            ("/mediation/x", NO_CACHE),
            // Numbers in page names are not hashes, and HTML never is.
            ("/books/review-9780141036144.html", NO_CACHE),
            ("/books/review-9780141036144", NO_CACHE),
            ("/index-3f9a2c1b7e6d5a4f.html", NO_CACHE),
            ("/world/page/2.html", NO_CACHE),
            ("/3f9a2c1b7e6d5a4f.js", NO_CACHE),
            ("/standfirst-3f9a2c1b7e6d5a4f-extra.js", NO_CACHE),
        ];
        // As if the build named every one of them: the name rules still apply.
        let named: Hashed = cases.iter().map(|(p, _)| p.to_string()).collect();
        for (path, want) in cases {
            assert_eq!(cache_control(path, &named), want, "{path}");
        }
        // A hashed-looking file the build does not name is not immutable.
        let none = Hashed::default();
        assert_eq!(
            cache_control("/standfirst-c4ef59addd701fd4.js", &none),
            NO_CACHE
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type_override("/feeds/us.xml"),
            Some("application/rss+xml; charset=utf-8")
        );
        assert_eq!(
            content_type_override("/sitemap.xml"),
            Some("application/xml; charset=utf-8")
        );
        assert_eq!(
            content_type_override("/a_bg.wasm"),
            Some("application/wasm")
        );
        assert_eq!(content_type_override("/world/story"), None);
    }

    #[test]
    fn headers_file_lists_hashed_assets_once() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join(LIVE_LIST);
        std::fs::write(&live, "/politics/count\n/api/v1/articles/count.json\n").unwrap();
        let site = SiteHeaders {
            csp: "default-src 'self'".into(),
            hashed: ["/standfirst-c4ef59addd701fd4.js".to_string()]
                .into_iter()
                .collect(),
            live: Arc::new(crate::gone::PathList::new(Some(live))),
            hsts: Some("max-age=31536000".into()),
        };
        let files: Vec<String> = [
            "/index.html",
            "/standfirst-c4ef59addd701fd4.js",
            "/standfirst-c4ef59addd701fd4.js.br",
            "/sitemap.xml",
            "/robots.txt",
            "/media/p-0123456789abcdef.jpg",
            "/books/review-9780141036144.html",
            "/404.html",
        ]
        .map(String::from)
        .into();
        let text = headers_file(&site, &files);
        assert!(text.contains("/*\n  Content-Security-Policy: default-src 'self'\n  X-Content-Type-Options: nosniff\n"));
        assert!(text.contains("\n/standfirst-c4ef59addd701fd4.js\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(text.contains("\n/sitemap.xml\n  Cache-Control: no-cache\n"));
        assert!(!text.contains(".br\n") && !text.contains("robots") && !text.contains("/media/p-"));
        assert!(!text.contains("/books/") && !text.contains("\n/404.html"));
        assert!(!text.contains("Strict-Transport-Security"), "serve's alone");
        // A live story's page and JSON: a short cache, and no other rule
        // that a host would join to theirs.
        for path in ["/politics/count", "/api/v1/articles/count.json"] {
            assert!(
                text.contains(&format!("\n{path}\n  Cache-Control: {LIVE}\n")),
                "{text}"
            );
        }
        assert!(!text.contains("/api/*"));
    }
}
