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
