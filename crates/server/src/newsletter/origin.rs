//! Which sites may post sign-ups: the site's own origin (that of
//! `--public-url`, or without it the request's own `Host`) and the
//! `--cors-origin` list. A post is judged by `Origin`, or by `Referer`
//! when it has no `Origin`; a post with neither (a script or an old
//! client) is not a cross-site form and passes. `Origin: null` (a
//! sandboxed frame, a file, a redirect across sites) is refused.

use super::Cors;
use crate::site::origin_of;
use axum::http::{header, HeaderMap};

#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// `scheme://host[:port]` of `--public-url`.
    own: Option<String>,
}

impl Origins {
    pub fn new(public_url: Option<&str>) -> Origins {
        Origins {
            own: public_url.and_then(origin_of),
        }
    }

    /// Whether a sign-up with these headers may be taken.
    pub fn allows(&self, headers: &HeaderMap, cors: &Cors) -> bool {
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let claimed = match (text(header::ORIGIN), text(header::REFERER)) {
            (Some(origin), _) => origin.trim().to_string(),
            (None, Some(referer)) => match origin_of(referer) {
                Some(o) => o,
                None => return false,
            },
            (None, None) => return true,
        };
        let Some(claimed) = origin_of(&claimed).filter(|o| o.len() == claimed.len()) else {
            return false; // `null` or anything that is not an origin
        };
        if cors.allows_str(&claimed) {
            return true;
        }
        match &self.own {
            Some(own) => claimed == *own,
            None => {
                let authority = claimed.split_once("://").map_or("", |(_, a)| a);
                text(header::HOST).is_some_and(|h| h.trim().eq_ignore_ascii_case(authority))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn own_allow_listed_or_no_claim_pass_and_other_sites_do_not() {
        let cors = Cors::new(&["https://partner.example".into()]).unwrap();
        let by_host = Origins::new(None);
        let host = ("host", "news.example.org");
        assert!(by_host.allows(&h(&[host, ("origin", "https://news.example.org")]), &cors));
        assert!(by_host.allows(&h(&[host, ("origin", "http://NEWS.example.org")]), &cors));
        assert!(by_host.allows(&h(&[host, ("origin", "https://partner.example")]), &cors));
        assert!(!by_host.allows(&h(&[host, ("origin", "https://evil.example")]), &cors));
        assert!(!by_host.allows(&h(&[host, ("origin", "null")]), &cors));
        assert!(!by_host.allows(&h(&[("origin", "https://news.example.org")]), &cors));
        assert!(by_host.allows(&h(&[host]), &cors), "no claim at all");
        assert!(by_host.allows(
            &h(&[host, ("referer", "https://news.example.org/world/x")]),
            &cors
        ));
        assert!(!by_host.allows(&h(&[host, ("referer", "https://evil.example/x")]), &cors));
        assert!(!by_host.allows(&h(&[host, ("referer", "about:blank")]), &cors));

        let public = Origins::new(Some("https://news.example.org/"));
        let proxied = ("host", "127.0.0.1:8080");
        assert!(public.allows(
            &h(&[proxied, ("origin", "https://news.example.org")]),
            &cors
        ));
        assert!(!public.allows(&h(&[proxied, ("origin", "http://news.example.org")]), &cors));
        assert!(!public.allows(&h(&[proxied, ("origin", "http://127.0.0.1:8080")]), &cors));
    }
}
