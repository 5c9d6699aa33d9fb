//! A temporary built site and database, and the router driven in-process.
#![allow(dead_code)] // each test binary uses part of this

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use base64::Engine;
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use standfirst_server::Config;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tower::ServiceExt;

/// trunk's module loader, as it writes it into index.html.
pub const LOADER: &str = "\nimport init, * as bindings from '/standfirst-3f9a2c1b7e6d5a4f.js';\n\
const wasm = await init({ module_or_path: '/standfirst-3f9a2c1b7e6d5a4f_bg.wasm' });\n\
window.wasmBindings = bindings;\n";
/// The theme script from the project's index.html (shortened).
pub const THEME: &str = "\n      (function (d, w) { d.documentElement.setAttribute(\"data-app\", \"boot\"); })(document, window);\n    ";

pub const JS: &str = "/standfirst-3f9a2c1b7e6d5a4f.js";
pub const WASM: &str = "/standfirst-3f9a2c1b7e6d5a4f_bg.wasm";
pub const CSS: &str = "/style-0123456789abcdef.css";

pub fn index_html() -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<base href=\"/\" />\n\
         <!-- The server's CSP allows this <script> by its hash. -->\n\
         <script type=\"module\">{LOADER}</script>\n<link rel=\"stylesheet\" href=\"{CSS}\">\n\
         <script>{THEME}</script>\n<script src=\"/external.js\"></script>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        "<p>The Standfirst needs JavaScript to show its stories.</p>\n".repeat(12)
    )
}

/// A prerendered page: index.html's head (the same inline scripts), the
/// page's text, and its data in blocks that are never executed.
pub fn page_html(name: &str) -> String {
    let head = index_html();
    let head = &head[..head.find("<body>").unwrap()];
    format!(
        "{head}<body>\n<main><h1>Page {name}</h1>\n{}</main>\n\
         <script type=\"application/json\" id=\"page-data\">{{\"page\":\"{name}\"}}</script>\n\
         <script type=\"application/ld+json\">{{\"@type\":\"WebPage\",\"name\":\"{name}\"}}</script>\n\
         </body>\n</html>\n",
        "<p>Words of the prerendered page.</p>\n".repeat(12)
    )
}

/// The not-found page.
pub fn not_found_html() -> String {
    page_html("not-found")
}

/// The prerendered pages of the fixture site: `(file, page name)`; each is
/// served at its file's path without `.html` (`index.html` at `/`).
pub const PAGES: &[(&str, &str)] = &[
    ("uk.html", "uk"),
    ("us.html", "us"),
    ("world.html", "world"),
    ("world/page/2.html", "world-2"),
    ("world/some-story.html", "some-story"),
    ("books/review-9780141036144.html", "review"),
    ("newsletters.html", "newsletters"),
];

/// `'sha256-…'` of a script text, computed here independently.
pub fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// SHA-256 of a text, hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a small built site: index.html and prerendered pages, 404.html,
/// hashed assets, the JSON API, a feed, media.
pub fn write_dist(dir: &Path) {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("index.html", index_html().into_bytes()),
        (&JS[1..], "export function init() { return 'standfirst'; }\n".repeat(40).into_bytes()),
        (&WASM[1..], b"\0asm\x01\0\0\0".iter().copied().cycle().take(4096).collect()),
        (&CSS[1..], ".story { margin: 0 auto; max-width: 40rem; }\n".repeat(30).into_bytes()),
        ("robots.txt", b"User-agent: *\nAllow: /\n".to_vec()),
        (
            "api/v1/site.json",
            br#"{"name":"The Test Standfirst","newsletter":{"endpoint":"/api/newsletter","encoding":"json",
               "lists":[{"id":"daily","name":"The Daily Briefing"},{"id":"weekend","name":"The Weekend Read"}]}}"#
                .to_vec(),
        ),
        ("api/v1/articles/one.json", format!("{{\"slug\":\"one\",\"body\":\"{}\"}}", "words ".repeat(200)).into_bytes()),
        ("feeds/us.xml", format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>{}</channel></rss>", "<item/>".repeat(100)).into_bytes()),
        ("sitemap.xml", b"<?xml version=\"1.0\"?><urlset/>".to_vec()),
        ("media/photo.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]),
    ];
    let pages: Vec<(&str, Vec<u8>)> = PAGES
        .iter()
        .map(|(file, name)| (*file, page_html(name).into_bytes()))
        .chain([("404.html", not_found_html().into_bytes())])
        .collect();
    for (rel, bytes) in files.into_iter().chain(pages) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A temporary site + database and the app serving them.
pub struct TestSite {
    pub dir: TempDir,
    pub app: Router,
}

impl TestSite {
    pub fn dist(&self) -> PathBuf {
        self.dir.path().join("dist")
    }
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/newsletter.sqlite")
    }
    /// Opens the database directly, to look at what was stored.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).unwrap()
    }
}

/// A site with test controls, no CORS origins and no rate limit.
pub fn site() -> TestSite {
    site_with(|_| {})
}

pub fn site_with(adjust: impl FnOnce(&mut Config)) -> TestSite {
    site_of(write_dist, adjust)
}

/// A site whose `dist` `dist_of` writes, with test controls and no rate
/// limit, `adjust`ed.
pub fn site_of(dist_of: impl FnOnce(&Path), adjust: impl FnOnce(&mut Config)) -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    dist_of(&dist);
    standfirst_server::prepare(&dist).unwrap();
    let mut config = Config::new(dist, dir.path().join("data/newsletter.sqlite"));
    config.rate_limit = 0;
    config.link_rate_limit = 0;
    config.test_controls = true;
    adjust(&mut config);
    let app = standfirst_server::app(&config).unwrap();
    TestSite { dir, app }
}

/// An answer, body collected.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let resp = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body
        .collect()
        .await
        .expect("a complete body")
        .to_bytes()
        .to_vec();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A request as if from a client on loopback.
pub fn from_loopback(mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    req
}

pub async fn get(app: &Router, path: &str) -> Answer {
    send(
        app,
        from_loopback(Request::get(path).body(Body::empty()).unwrap()),
    )
    .await
}

pub async fn get_with(app: &Router, path: &str, name: &str, value: &str) -> Answer {
    send(
        app,
        Request::get(path)
            .header(name, value)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// A POST to the endpoint from `ip`.
pub fn signup_request(content_type: &str, body: impl Into<Body>, ip: [u8; 4]) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/newsletter")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

pub async fn post_json(app: &Router, body: &str) -> Answer {
    send(
        app,
        signup_request("application/json", body.to_string(), [192, 0, 2, 1]),
    )
    .await
}

pub async fn post_form(app: &Router, body: &str) -> Answer {
    send(
        app,
        signup_request(
            "application/x-www-form-urlencoded",
            body.to_string(),
            [192, 0, 2, 1],
        ),
    )
    .await
}

pub fn valid_json(email: &str) -> String {
    serde_json::json!({ "email": email, "lists": ["daily"], "consent": true, "source": "/world/some-story" }).to_string()
}

/// `POST /__test/newsletter {"mode": …}`.
pub async fn set_mode(app: &Router, mode: &str) -> Answer {
    let req = Request::post("/__test/newsletter")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!("{{\"mode\":\"{mode}\"}}")))
        .unwrap();
    send(app, from_loopback(req)).await
}

/// POSTs `token` to a link (`/api/newsletter/confirm` or `…/unsubscribe`)
/// as its page's form does.
pub async fn post_token(app: &Router, path: &str, token: &str) -> Answer {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={token}")))
        .unwrap();
    send(app, req).await
}

pub async fn last_token(app: &Router) -> String {
    get(app, "/__test/newsletter/last-token").await.json()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// What Firefox and Chromium send as `Accept` when they submit a form.
pub const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
/// The host the browser-like requests are made to.
pub const HOST: &str = "news.example.org";

/// A browser's own form post (JavaScript off) to `http://news.example.org`,
/// from the page `referer` when given, with `Origin` set as browsers do.
pub async fn post_form_from_browser(app: &Router, body: &str, referer: Option<&str>) -> Answer {
    let mut req = signup_request(
        "application/x-www-form-urlencoded",
        body.to_string(),
        [192, 0, 2, 1],
    );
    let h = req.headers_mut();
    h.insert(header::ACCEPT, BROWSER_ACCEPT.parse().unwrap());
    h.insert(header::HOST, HOST.parse().unwrap());
    h.insert(header::ORIGIN, format!("http://{HOST}").parse().unwrap());
    if let Some(r) = referer {
        h.insert(header::REFERER, r.parse().unwrap());
    }
    send(app, req).await
}
pub mod load;
pub mod smtp;

/// A minimal HTTP/1.1 client over loopback (hyper's), one connection a
/// request: `(status, body)`.
pub struct Http {
    addr: String,
}

impl Http {
    pub async fn new(base: &str) -> Http {
        Http {
            addr: base.trim_start_matches("http://").to_string(),
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> std::io::Result<(u16, String)> {
        let stream = tokio::net::TcpStream::connect(&self.addr).await?;
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut send, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(std::io::Error::other)?;
        tokio::spawn(conn);
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, &self.addr);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(http_body_util::Full::new(axum::body::Bytes::from(body)))
            .unwrap();
        let resp = send
            .send_request(req)
            .await
            .map_err(std::io::Error::other)?;
        let status = resp.status().as_u16();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(std::io::Error::other)?
            .to_bytes();
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        self.request(Method::GET, path, &[], String::new())
            .await
            .unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &str) -> (u16, String) {
        self.request(
            Method::POST,
            path,
            &[("content-type", "application/json")],
            body.into(),
        )
        .await
        .unwrap()
    }

    pub async fn post_form(&self, path: &str, body: &str) -> (u16, String) {
        self.request(
            Method::POST,
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            body.into(),
        )
        .await
        .unwrap()
    }
}

/// An Arabic publication's `site.json`.
pub fn arabic_site() -> serde_json::Value {
    serde_json::json!({
        "name": "الرصيف اليومي",
        "locale": "ar",
        "newsletter": { "endpoint": "/api/newsletter", "encoding": "json", "lists": [
            { "id": "daily", "name": "الموجز اليومي" },
            { "id": "weekend", "name": "قراءة نهاية الأسبوع" }
        ] }
    })
}

/// Writes the test site into `dist` with `site.json` and the
/// `endpoint.json` the build makes of it.
pub fn write_built(dist: &Path, site: &serde_json::Value) {
    write_dist(dist);
    std::fs::write(dist.join("api/v1/site.json"), site.to_string()).unwrap();
    let strings = standfirst_content::strings::build_interface("site.json", site).unwrap();
    std::fs::write(
        dist.join(standfirst_model::strings::ENDPOINT_JSON),
        serde_json::to_vec(&strings.endpoint).unwrap(),
    )
    .unwrap();
}

/// The English table's fixed phrases of the endpoint's strings: each
/// value's text between its placeholders, where it has four letters or
/// more (so that "and" is not found in a random token).
pub fn english_phrases() -> Vec<String> {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../../../strings/en.json")).unwrap();
    let mut phrases = Vec::new();
    for (key, _) in standfirst_model::strings::ENDPOINT_KEYS
        .iter()
        .chain(standfirst_model::strings::ENDPOINT_PLURAL_KEYS)
    {
        let v = &table["strings"][key];
        let values: Vec<&str> = match v.as_object() {
            Some(forms) => forms
                .values()
                .filter_map(serde_json::Value::as_str)
                .collect(),
            None => vec![v.as_str().unwrap()],
        };
        for value in values {
            for part in value.split(['{', '}']).step_by(2) {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                if part.chars().filter(char::is_ascii_alphabetic).count() >= 4 {
                    phrases.push(part.to_string());
                }
            }
        }
    }
    assert!(phrases.len() > 50, "{phrases:?}");
    phrases
}
