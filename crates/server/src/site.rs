//! What the server needs from the built site's `api/v1/site.json`: the
//! publication's name, the newsletter list ids it accepts and the origin of
//! an absolute newsletter endpoint (for the CSP's `connect-src`).
//!
//! Read leniently as plain JSON, so an older or newer `site.json` with other
//! fields still gives the server what it needs.

use serde_json::Value;
use std::path::Path;

/// The path of the site configuration inside `dist/`.
pub const SITE_JSON: &str = "api/v1/site.json";

/// Used when `site.json` is missing or unreadable.
pub const FALLBACK_LIST: &str = "daily";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    pub name: String,
    /// Newsletter list ids that sign-ups may name.
    pub lists: Vec<String>,
    /// `scheme://host[:port]` of `newsletter.endpoint` when it is absolute.
    pub endpoint_origin: Option<String>,
}

impl SiteInfo {
    /// Reads `DIST/api/v1/site.json`; when it is missing or malformed, warns
    /// and accepts the `daily` list only.
    pub fn load(dist: &Path) -> SiteInfo {
        let path = dist.join(SITE_JSON);
        let parsed = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
        match parsed {
            Ok(v) => SiteInfo::from_json(&v),
            Err(e) => {
                tracing::warn!(
                    "cannot read {}: {e}; accepting the \"{FALLBACK_LIST}\" list only",
                    path.display()
                );
                SiteInfo::fallback()
            }
        }
    }

    pub fn fallback() -> SiteInfo {
        SiteInfo {
            name: "The Standfirst".into(),
            lists: vec![FALLBACK_LIST.into()],
            endpoint_origin: None,
        }
    }

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
        let endpoint = newsletter["endpoint"].as_str().unwrap_or("");
        SiteInfo {
            name: v["name"].as_str().unwrap_or("The Standfirst").to_string(),
            lists,
            endpoint_origin: origin_of(endpoint),
        }
    }
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
