//! What the confirm and unsubscribe links share: the token (from the
//! query, or from the form their page posts), their own rate limits, and
//! their pages, which are per reader: never cached, never sent on as a
//! referrer.

use super::page::{Form, Link, Page};
use super::Newsletter;
use crate::rate_limit::RateLimiter;
use crate::words;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use standfirst_model::{EndpointKey, EndpointPlural};

/// The largest body a link's POST may carry (a token, or RFC 8058's
/// `List-Unsubscribe=One-Click`).
const MAX_LINK_BODY: usize = 4 * 1024;

/// The `token` of the query string, if any.
pub fn query_token(req: &Request) -> Option<String> {
    form_urlencoded::parse(req.uri().query()?.as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

/// The token of a POST: the query's (one-click unsubscribe posts to the
/// link itself), else the form body's `token`.
pub async fn posted_token(req: Request) -> Option<String> {
    if let Some(t) = query_token(&req) {
        return Some(t);
    }
    let body = Limited::new(req.into_body(), MAX_LINK_BODY)
        .collect()
        .await
        .ok()?
        .to_bytes();
    form_urlencoded::parse(&body)
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

/// 429 as a page, when `limiter` says so.
pub fn limited(n: &Newsletter, limiter: &RateLimiter, req: &Request) -> Option<Response> {
    let wait = limiter.check(n.clients.of(req)).err()?;
    let w = &n.site.words;
    let text = w.plural(EndpointPlural::LinkWait, wait, &[]);
    let mut resp = show(
        n,
        StatusCode::TOO_MANY_REQUESTS,
        w.get(EndpointKey::TooManyAttempts),
        &[&text],
        None,
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
    Some(resp)
}

/// A link's page.
pub fn show(
    n: &Newsletter,
    status: StatusCode,
    title: &str,
    text: &[&str],
    form: Option<Form>,
) -> Response {
    let w = &n.site.words;
    let front = w.fill(EndpointKey::LinkGoToSite, &[&n.site.name]);
    let html = Page {
        lang: words::lang(w),
        dir: words::dir(w),
        site: &n.site.name,
        styles: &n.site.styles,
        title,
        text,
        form,
        links: &[Link {
            href: "/",
            text: &front,
        }],
    }
    .render();
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    (status, headers, Html(html)).into_response()
}
