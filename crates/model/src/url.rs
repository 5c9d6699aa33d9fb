//! The one URL allowlist. The compiler rejects content that fails it and the
//! app checks it again before any URL reaches an `href` or `src`.

/// True when `url` is `https:`, `http:`, `mailto:` or site-relative (`/x`,
/// but not the protocol-relative `//host`). Control characters and
/// whitespace anywhere make it false, whatever the scheme.
pub fn is_allowed_url(url: &str) -> bool {
    if url.is_empty()
        || url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    if let Some(rest) = url.strip_prefix('/') {
        return !rest.starts_with('/');
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => rest.starts_with("//") && rest.len() > 2,
        "mailto" => !rest.is_empty(),
        _ => false,
    }
}

/// `Some(url)` when it passes [`is_allowed_url`], for rendering.
pub fn safe_url(url: &str) -> Option<&str> {
    is_allowed_url(url).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_web_mail_and_site_relative() {
        for ok in [
            "https://news.example.org/a",
            "http://example.com",
            "HTTPS://EXAMPLE.COM/",
            "mailto:desk@example.org",
            "/world/some-story",
            "/",
        ] {
            assert!(is_allowed_url(ok), "{ok} should pass");
        }
    }

    #[test]
    fn rejects_script_data_and_tricks() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " javascript:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "vbscript:msgbox",
            "//evil.example/x",
            "/\\evil.example",
            "relative/path",
            "ftp://example.com",
            "https:",
            "https:evil",
            "mailto:",
            "",
        ] {
            assert!(!is_allowed_url(bad), "{bad:?} should fail");
        }
        assert_eq!(safe_url("javascript:x"), None);
        assert_eq!(safe_url("/a"), Some("/a"));
    }
}

/// Longest slug (and section or edition id) the site accepts.
pub const MAX_SLUG_LEN: usize = 120;

/// A slug, or a section or edition id: `[a-z0-9]+(-[a-z0-9]+)*`. Such ids
/// become path segments and file names, so nothing else may.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `base_url` joined with a site path (`/world/x`).
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

/// The absolute form of a URL from content, for places that need one
/// (feeds, Open Graph): site paths joined to `base_url`, allowed absolute
/// web URLs as they are; `None` for anything the allowlist refuses.
pub fn absolute_allowed(base_url: &str, url: &str) -> Option<String> {
    let url = safe_url(url)?;
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if url.starts_with('/') && !url.starts_with("//") {
        Some(absolute_url(base_url, url))
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(url.to_string())
    } else {
        None
    }
}

/// Text made safe for HTML content and for double- or single-quoted
/// attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod absolute_tests {
    use super::*;

    #[test]
    fn absolute_urls_and_escaping() {
        assert_eq!(
            absolute_url("https://n.example/", "/a/b"),
            "https://n.example/a/b"
        );
        assert_eq!(
            absolute_allowed("https://n.example", "/m/x.jpg").as_deref(),
            Some("https://n.example/m/x.jpg")
        );
        assert_eq!(
            absolute_allowed("https://n.example", "https://cdn.example/x.jpg").as_deref(),
            Some("https://cdn.example/x.jpg")
        );
        assert_eq!(
            absolute_allowed("https://n.example", "mailto:a@b.example"),
            None
        );
        assert_eq!(
            absolute_allowed("https://n.example", "javascript:alert(1)"),
            None
        );
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

/// Whether a file name has trunk's hash where trunk puts it:
/// `<name>-<hash>.<ext>` or `<name>-<hash>_bg.wasm`, the hash a 64-bit
/// value in lower-case hex. It is not zero-padded
/// (`standfirst-64b9b60359637ff.js` has 15 digits), so 12 to 16 hex
/// digits, at least one a digit, count. Only the name is looked at:
/// callers pass files that exist, never request paths.
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((base, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() || ext.eq_ignore_ascii_case("html") {
        return false;
    }
    let base = base.strip_suffix("_bg").unwrap_or(base);
    let Some((stem, hash)) = base.rsplit_once('-') else {
        return false;
    };
    !stem.is_empty()
        && (12..=16).contains(&hash.len())
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && hash.bytes().any(|b| b.is_ascii_digit())
}

/// The hashed files (site paths, `/name-hash.ext`) that trunk's
/// `index.html` refers to and that `exists` (by file name), with the wasm
/// trunk's loader names beside its JS glue.
pub fn hashed_assets(
    index_html: &str,
    exists: impl Fn(&str) -> bool,
) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for quoted in index_html.split(['"', '\'']).filter(|s| s.contains('/')) {
        let name = quoted.rsplit('/').next().unwrap_or("");
        if is_hashed_asset(name) && exists(name) {
            out.insert(format!("/{name}"));
            if let Some(stem) = name.strip_suffix(".js") {
                let wasm = format!("{stem}_bg.wasm");
                if exists(&wasm) {
                    out.insert(format!("/{wasm}"));
                }
            }
        }
    }
    out
}
