//! Single-value rules shared by the site and article checks.

use crate::diag::Report;
use crate::markdown::parse_inline;
use standfirst_model::is_allowed_url;
pub use standfirst_model::{is_slug, MAX_SLUG_LEN};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const MAX_HEADLINE_CHARS: usize = 200;
const URL_RULE: &str = "is not allowed (https:, http:, mailto: or site-relative only)";

/// An id used in a path or file name: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn check_id(r: &mut Report, path: &str, id: &str, what: &str) -> bool {
    if is_slug(id) {
        true
    } else {
        r.add(
            path,
            format!("{what} {id:?} must be lower-case letters and digits joined by single hyphens"),
        );
        false
    }
}

pub fn check_slug(r: &mut Report, path: &str, slug: &str) -> bool {
    let ok = check_id(r, path, slug, "slug");
    if slug.len() > MAX_SLUG_LEN {
        r.add(
            path,
            format!(
                "slug is {} characters long, at most {MAX_SLUG_LEN} allowed",
                slug.len()
            ),
        );
        return false;
    }
    ok
}

pub fn check_url(r: &mut Report, path: &str, url: &str) -> bool {
    let ok = is_allowed_url(url);
    if !ok {
        r.add(path, format!("URL {url:?} {URL_RULE}"));
    }
    ok
}

/// Inline Markdown: every link it honours must pass the URL allowlist.
pub fn check_markdown(r: &mut Report, path: &str, src: &str) {
    for link in parse_inline(src).links {
        if !is_allowed_url(&link) {
            r.add(path, format!("link URL {link:?} {URL_RULE}"));
        }
    }
}

/// Non-blank text.
pub fn check_not_blank(r: &mut Report, path: &str, text: &str) -> bool {
    let ok = !text.trim().is_empty();
    if !ok {
        r.add(path, "must not be empty");
    }
    ok
}

pub fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

pub fn check_time(r: &mut Report, path: &str, s: &str) -> Option<OffsetDateTime> {
    let t = parse_time(s);
    if t.is_none() {
        r.add(
            path,
            format!("{s:?} is not an RFC 3339 date-time (e.g. 2026-11-20T09:30:00Z)"),
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "border-dash-2", "9"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn times() {
        assert!(parse_time("2026-11-20T09:30:00Z").is_some());
        assert!(parse_time("2026-11-20T09:30:00.123+01:00").is_some());
        for bad in [
            "2026-11-20",
            "2026-13-01T00:00:00Z",
            "2026-11-20T09:30:00",
            "yesterday",
        ] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
    }
}
