//! How a sign-up is answered: JSON for the app and other API clients, or a
//! small HTML page for a browser that posted the form itself (JavaScript
//! off). Both carry the same status; the JSON bodies are the contract's.

use super::page::{Link, Page};
use crate::site::SiteInfo;
use crate::words;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::json;
use standfirst_model::{
    EndpointKey, EndpointPlural, EndpointUi, SignupError, SignupOk, SignupRefusal, SignupStatus,
};

/// What happened to a sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 201 pending, 200 subscribed or already subscribed.
    Done(StatusCode, SignupStatus),
    /// 422: a field the reader can fix.
    Refused(SignupError),
    /// 400, 408, 413, 415 or 500.
    Failed(StatusCode),
    /// 429, with the seconds to wait.
    RateLimited(u64),
    /// 403: posted from another site.
    ForeignOrigin,
}

/// The answer's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Json,
    /// `back` is the site path of the page the reader came from, or `/`.
    Html {
        back: String,
    },
}

impl Format {
    /// HTML when `Accept` names `text/html` and not `application/json`, as
    /// a browser's own form submission does; JSON otherwise, `fetch`'s
    /// default `*/*` included.
    pub fn of(headers: &HeaderMap, uri: &Uri) -> Format {
        if wants_html(headers) {
            Format::Html {
                back: back_link(headers, uri),
            }
        } else {
            Format::Json
        }
    }
}

fn wants_html(headers: &HeaderMap) -> bool {
    let (mut html, mut json) = (false, false);
    let ranges = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    for range in ranges {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim().eq_ignore_ascii_case("q").then(|| v.trim())
            })
            .next()
            .map_or(1.0, |v| v.parse::<f32>().unwrap_or(0.0));
        if q <= 0.0 {
            continue;
        }
        match essence.as_str() {
            "text/html" | "application/xhtml+xml" => html = true,
            "application/json" => json = true,
            _ => {}
        }
    }
    html && !json
}

/// The path (and query) of `Referer` when it is on the host the request
/// was made to; `/` otherwise, or when it is anything odd.
fn back_link(headers: &HeaderMap, uri: &Uri) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()));
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let (Some(host), Some(referer)) = (host, referer) else {
        return "/".into();
    };
    same_site_path(referer, host).unwrap_or_else(|| "/".into())
}

fn same_site_path(referer: &str, host: &str) -> Option<String> {
    let (scheme, rest) = referer.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if host.is_empty() || !authority.eq_ignore_ascii_case(host.trim()) {
        return None;
    }
    let tail = tail.split('#').next().unwrap_or("");
    let path = match tail.chars().next() {
        None => return Some("/".into()),
        Some('?') => format!("/{tail}"),
        _ => tail.to_string(),
    };
    let safe = !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && !path.starts_with(super::ENDPOINT);
    safe.then_some(path)
}

impl Outcome {
    fn status(self) -> StatusCode {
        match self {
            Outcome::Done(status, _) | Outcome::Failed(status) => status,
            Outcome::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Outcome::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Outcome::ForeignOrigin => StatusCode::FORBIDDEN,
        }
    }

    /// The JSON `error` code of a failure.
    pub fn code(self) -> &'static str {
        match self.status() {
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::TOO_MANY_REQUESTS => "rate_limited",
            StatusCode::FORBIDDEN => "forbidden_origin",
            s if s.is_server_error() => "server_error",
            _ => "bad_request",
        }
    }

    /// Title and what to say, for the HTML page, in `w`'s language.
    fn words(self, w: &EndpointUi) -> (&str, Vec<String>) {
        use EndpointKey as K;
        let one = |title: K, text: K| (w.get(title), vec![w.get(text).to_string()]);
        match self {
            Outcome::Done(_, SignupStatus::Pending) => (
                w.get(K::AnswerPendingTitle),
                vec![
                    w.get(K::AnswerPendingText).to_string(),
                    w.get(K::AnswerPendingSpam).to_string(),
                ],
            ),
            Outcome::Done(_, SignupStatus::Subscribed) => {
                one(K::AnswerSubscribedTitle, K::AnswerSubscribedText)
            }
            Outcome::Done(_, SignupStatus::AlreadySubscribed) => {
                one(K::AnswerAlreadyTitle, K::AnswerAlreadyText)
            }
            Outcome::Refused(SignupError::InvalidEmail) => {
                one(K::AnswerInvalidEmailTitle, K::AnswerInvalidEmailText)
            }
            Outcome::Refused(SignupError::UnknownList) => {
                one(K::AnswerNoListTitle, K::AnswerNoListText)
            }
            Outcome::Refused(SignupError::ConsentRequired) => {
                one(K::AnswerConsentTitle, K::AnswerConsentText)
            }
            Outcome::RateLimited(wait) => (
                w.get(K::TooManyAttempts),
                vec![w.plural(EndpointPlural::AnswerWait, wait, &[])],
            ),
            Outcome::ForeignOrigin => one(K::AnswerForeignTitle, K::AnswerForeignText),
            Outcome::Failed(StatusCode::PAYLOAD_TOO_LARGE) => {
                one(K::AnswerTooLargeTitle, K::AnswerTooLargeText)
            }
            Outcome::Failed(s) if s.is_client_error() => {
                one(K::AnswerUnreadableTitle, K::AnswerUnreadableText)
            }
            Outcome::Failed(_) => one(K::SomethingWentWrong, K::AnswerFailedText),
        }
    }
}

/// The answer to send; `site`'s name, stylesheets and words dress the
/// HTML page.
pub fn respond(outcome: Outcome, format: &Format, site: &SiteInfo) -> Response {
    let status = outcome.status();
    let mut resp = match format {
        Format::Json => match outcome {
            Outcome::Done(_, s) => (status, Json(SignupOk { status: s })).into_response(),
            Outcome::Refused(e) => (status, Json(SignupRefusal { error: e })).into_response(),
            Outcome::Failed(_) | Outcome::RateLimited(_) | Outcome::ForeignOrigin => {
                (status, Json(json!({ "error": outcome.code() }))).into_response()
            }
        },
        Format::Html { back } => {
            let w = &site.words;
            let (title, text) = outcome.words(w);
            let text: Vec<&str> = text.iter().map(String::as_str).collect();
            let mut links = Vec::new();
            if back != "/" {
                links.push(Link {
                    href: back,
                    text: w.get(EndpointKey::AnswerBack),
                });
            }
            links.push(Link {
                href: "/",
                text: w.get(EndpointKey::AnswerFront),
            });
            let html = Page {
                lang: words::lang(w),
                dir: words::dir(w),
                site: &site.name,
                styles: &site.styles,
                title,
                text: &text,
                form: None,
                links: &links,
            }
            .render();
            (status, Html(html)).into_response()
        }
    };
    // The answer to one post: not for caches (the test controls answer
    // with it from outside the endpoint's routes too).
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Outcome::RateLimited(wait) = outcome {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    }
    // The form of the answer depends on `Accept`.
    crate::headers::add_vary(resp.headers_mut(), "Accept");
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    const BROWSER: &str =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";

    #[test]
    fn html_only_for_clients_that_ask_for_it() {
        let uri = Uri::from_static("/api/newsletter");
        let html = |accept: &'static str| {
            Format::of(&headers(&[("accept", accept)]), &uri) != Format::Json
        };
        assert!(html(BROWSER));
        assert!(html("text/html"));
        assert!(html("TEXT/HTML; charset=utf-8"));
        assert!(!html("*/*"));
        assert!(!html("application/json"));
        assert!(!html("application/json, text/html"));
        assert!(!html("text/html;q=0, */*"));
        assert!(!html("application/json;q=0.5, text/html"));
        assert!(Format::of(&HeaderMap::new(), &uri) == Format::Json);
    }

    #[test]
    fn the_back_link_is_a_same_site_path_or_the_front() {
        let uri = Uri::from_static("/api/newsletter");
        let back = |pairs: &[(&'static str, &'static str)]| {
            let mut all = vec![("accept", "text/html")];
            all.extend_from_slice(pairs);
            match Format::of(&headers(&all), &uri) {
                Format::Html { back } => back,
                Format::Json => panic!("json"),
            }
        };
        let host = ("host", "news.example.org");
        for (referer, want) in [
            ("https://news.example.org/world/a-story", "/world/a-story"),
            ("http://NEWS.example.org/world?page=2#top", "/world?page=2"),
            ("https://news.example.org", "/"),
            ("https://news.example.org?x=1", "/?x=1"),
            ("https://evil.example/world", "/"),
            ("https://news.example.org.evil.example/x", "/"),
            ("https://news.example.org@evil.example/x", "/"),
            ("https://news.example.org//evil.example/x", "/"),
            ("https://news.example.org/a\\b", "/"),
            ("javascript://news.example.org/x", "/"),
            ("/world/a-story", "/"),
            ("https://news.example.org/api/newsletter", "/"),
        ] {
            assert_eq!(back(&[host, ("referer", referer)]), want, "{referer}");
        }
        assert_eq!(back(&[host]), "/");
        assert_eq!(
            back(&[("referer", "https://news.example.org/world")]),
            "/",
            "no Host"
        );
        assert_eq!(
            back(&[
                ("host", "127.0.0.1:8080"),
                ("referer", "http://127.0.0.1:8080/newsletters")
            ]),
            "/newsletters"
        );
    }

    #[test]
    fn json_bodies_are_the_contracts() {
        let body = |o: Outcome| {
            let r = respond(o, &Format::Json, &SiteInfo::fallback());
            (
                r.status().as_u16(),
                r.headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string()),
            )
        };
        assert_eq!(
            body(Outcome::Done(StatusCode::CREATED, SignupStatus::Pending)),
            (201, None)
        );
        assert_eq!(
            body(Outcome::Refused(SignupError::InvalidEmail)),
            (422, None)
        );
        assert_eq!(body(Outcome::RateLimited(30)), (429, Some("30".into())));
        assert_eq!(
            Outcome::Failed(StatusCode::PAYLOAD_TOO_LARGE).code(),
            "too_large"
        );
        assert_eq!(
            Outcome::Failed(StatusCode::UNSUPPORTED_MEDIA_TYPE).code(),
            "unsupported_media_type"
        );
        assert_eq!(
            Outcome::Failed(StatusCode::BAD_REQUEST).code(),
            "bad_request"
        );
        assert_eq!(
            Outcome::Failed(StatusCode::INTERNAL_SERVER_ERROR).code(),
            "server_error"
        );
        assert_eq!(Outcome::RateLimited(3).code(), "rate_limited");
        assert_eq!(body(Outcome::ForeignOrigin), (403, None));
        assert_eq!(Outcome::ForeignOrigin.code(), "forbidden_origin");
    }
}
