//! What the server needs from the built site's `api/v1/site.json`: the
//! publication's name, the newsletter list ids it accepts and the origin of
//! an absolute newsletter endpoint (for the CSP's `connect-src`); and the
//! words of the endpoint's pages and mails, from `api/v1/endpoint.json`
//! (see [`crate::words`]).
//!
//! Read leniently as plain JSON, so an older or newer `site.json` with other
//! fields still gives the server what it needs.

use serde_json::Value;
use standfirst_model::EndpointUi;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The path of the site configuration inside `dist/`.
pub const SITE_JSON: &str = "api/v1/site.json";

/// Used when `site.json` is missing or unreadable.
pub const FALLBACK_LIST: &str = "daily";

#[derive(Debug, Clone, PartialEq)]
pub struct SiteInfo {
    pub name: String,
    /// Newsletter list ids that sign-ups may name.
    pub lists: Vec<String>,
    /// List id to name, for mail.
    pub list_names: BTreeMap<String, String>,
    /// `scheme://host[:port]` of `newsletter.endpoint` when it is absolute.
    pub endpoint_origin: Option<String>,
    /// The stylesheets `index.html` links to (site paths), for the
    /// endpoint's own pages.
    pub styles: Vec<String>,
    /// The endpoint's pages' and mails' words, in the site's language.
    pub words: Arc<EndpointUi>,
}

impl SiteInfo {
    /// Reads `DIST/api/v1/site.json`; when it is missing or malformed, warns
    /// and accepts the `daily` list only. Reads the endpoint's words too.
    pub fn load(dist: &Path) -> SiteInfo {
        let path = dist.join(SITE_JSON);
        let parsed = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
        let styles = std::fs::read_to_string(dist.join("index.html"))
            .map(|html| stylesheets(&html))
            .unwrap_or_default();
        let info = match parsed {
            Ok(v) => SiteInfo::from_json(&v),
            Err(e) => {
                tracing::warn!(
                    "cannot read {}: {e}; accepting the \"{FALLBACK_LIST}\" list only",
                    path.display()
                );
                SiteInfo::fallback()
            }
        };
        SiteInfo {
            styles,
            words: Arc::new(crate::words::load(dist)),
            ..info
        }
    }

    pub fn fallback() -> SiteInfo {
        SiteInfo {
            name: "The Standfirst".into(),
            lists: vec![FALLBACK_LIST.into()],
            list_names: BTreeMap::new(),
            endpoint_origin: None,
            styles: Vec::new(),
            words: Arc::new(crate::words::english()),
        }
    }

    /// What `site.json` says; the words are English (see [`SiteInfo::load`]).
    pub fn from_json(v: &Value) -> SiteInfo {
        let newsletter = &v["newsletter"];
        let lists: Vec<String> = newsletter["lists"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l["id"].as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let lists = if lists.is_empty() {
            tracing::warn!(
                "site.json names no newsletter lists; accepting \"{FALLBACK_LIST}\" only"
            );
            vec![FALLBACK_LIST.to_string()]
        } else {
            lists
        };
        let list_names = newsletter["lists"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| {
                Some((
                    l["id"].as_str()?.to_string(),
                    l["name"].as_str()?.to_string(),
                ))
            })
            .collect();
        let endpoint = newsletter["endpoint"].as_str().unwrap_or("");
        SiteInfo {
            name: v["name"].as_str().unwrap_or("The Standfirst").to_string(),
            lists,
            list_names,
            endpoint_origin: origin_of(endpoint),
            styles: Vec::new(),
            words: Arc::new(crate::words::english()),
        }
    }
}

/// The site paths of `<link rel="stylesheet" href="/…">` in `html`.
pub fn stylesheets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<link") {
        rest = &rest[at..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if !tag.contains("rel=\"stylesheet\"") {
            continue;
        }
        let href = tag
            .split_once("href=\"")
            .and_then(|(_, h)| h.split_once('"'))
            .map(|(h, _)| h);
        if let Some(h) = href.filter(|h| h.starts_with('/') && !h.starts_with("//")) {
            out.push(h.to_string());
        }
    }
    out
}

/// The origin of an absolute `http(s)` URL, if it is a plain host[:port]
/// (anything odd is ignored rather than put into a header).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let ok = !authority.is_empty()
        && !authority.contains('@')
        && authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    ok.then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_lists_and_endpoint_origin() {
        let v = json!({"name": "N", "newsletter": {"endpoint": "https://Signup.example.org:8443/api/x",
            "lists": [{"id": "daily"}, {"id": "weekend"}]}});
        let s = SiteInfo::from_json(&v);
        assert_eq!(s.lists, ["daily", "weekend"]);
        assert_eq!(
            s.endpoint_origin.as_deref(),
            Some("https://signup.example.org:8443")
        );
        assert_eq!(s.name, "N");
        assert_eq!(
            stylesheets("<link rel=\"preload\" href=\"/a.js\"><link rel=\"stylesheet\" href=\"/s-1.css\"><link rel=\"stylesheet\" href=\"//x/y.css\">"),
            ["/s-1.css"]
        );
    }

    #[test]
    fn relative_or_odd_endpoints_add_no_origin() {
        assert_eq!(origin_of("/api/newsletter"), None);
        assert_eq!(origin_of("javascript://x"), None);
        assert_eq!(origin_of("https://a b.example"), None);
        assert_eq!(origin_of("https://user@x.example/"), None);
        assert_eq!(SiteInfo::from_json(&json!({})).lists, ["daily"]);
    }
}
