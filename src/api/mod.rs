//! The only code that touches the network. Every call returns
//! `Result<T, ApiError>`, carries an `AbortController`, times out, and is
//! aborted when the page that made it goes away (see [`RequestScope`]).

mod cache;
mod error;
pub mod newsletter;
mod scope;
pub mod search;

#[cfg(feature = "csr")]
pub use cache::remember;
pub use cache::{article, prefetch_article};
pub use error::ApiError;
pub use scope::RequestScope;

use crate::url::base_path;
use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use standfirst_model::{Front, SectionPage, Site};
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use web_sys::AbortController;

/// How long a request may take before it is aborted.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Larger responses are refused rather than parsed.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// URL of a file of the static API, e.g. `api_url("site.json")`.
pub fn api_url(path: &str) -> String {
    format!("{}api/v1/{path}", base_path())
}

/// Fetches and decodes JSON from `url`, aborting through `controller` on
/// timeout. Responses are read as text first so that an HTML error page or
/// an oversized body becomes `ApiError::Decode`, never a panic.
pub async fn get_json<T: crate::json::Decode>(
    url: &str,
    controller: &AbortController,
) -> Result<T, ApiError> {
    let text = get_text(url, controller, false).await?;
    crate::json::decode(&text).map_err(ApiError::Decode)
}

/// The body of `url`, within [`TIMEOUT`] and [`MAX_BODY_BYTES`]. Not
/// generic, so the wasm has one copy of the request code for every type
/// `get_json` reads.
///
/// `fresh` asks the server whether the file changed even when the
/// browser's copy is still fresh (`cache: "no-cache"`: a conditional
/// request, answered 304 with no body when it did not).
pub(crate) async fn get_text(
    url: &str,
    controller: &AbortController,
    fresh: bool,
) -> Result<String, ApiError> {
    let text = with_timeout(controller, TIMEOUT, fetch_text(url, controller, fresh)).await?;
    if text.len() > MAX_BODY_BYTES {
        return Err(ApiError::Decode(format!(
            "response of {} bytes is too large",
            text.len()
        )));
    }
    Ok(text)
}

/// Runs `request` (which must use `controller`'s signal), aborting it after
/// `limit`. A request that failed because of that abort is `ApiError::Timeout`.
pub(crate) async fn with_timeout<T>(
    controller: &AbortController,
    limit: Duration,
    request: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            limit,
        )
        .ok()
    };
    let result = request.await;
    if let Some(t) = timer {
        t.clear();
    }
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

async fn fetch_text(
    url: &str,
    controller: &AbortController,
    fresh: bool,
) -> Result<String, ApiError> {
    let signal = controller.signal();
    let mut request = Request::get(url);
    if fresh {
        request = request.cache(web_sys::RequestCache::NoCache);
    }
    let resp = request
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| {
            if signal.aborted() {
                ApiError::Network("aborted".into())
            } else {
                ApiError::Network(e.to_string())
            }
        })?;
    match resp.status() {
        200..=299 => resp
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string())),
        404 | 410 => Err(ApiError::NotFound),
        status => Err(ApiError::Http(status)),
    }
}

/// The publication's configuration.
pub async fn site(c: &AbortController) -> Result<Site, ApiError> {
    get_json(&api_url("site.json"), c).await
}

/// The front of one edition.
pub async fn front(edition: &str, c: &AbortController) -> Result<Front, ApiError> {
    check_id(edition)?;
    get_json(&api_url(&format!("fronts/{edition}.json")), c).await
}

/// One page (from 1) of a section's teasers, or of an author's or a
/// topic's (`section` is then the listing's key, `author/<id>`: each of
/// its segments a slug).
pub async fn section_page(
    section: &str,
    page: u32,
    c: &AbortController,
) -> Result<SectionPage, ApiError> {
    section.split('/').try_for_each(check_id)?;
    get_json(&api_url(&format!("sections/{section}/{page}.json")), c).await
}

/// Route parameters become file names: refuse anything but a slug, so a
/// crafted URL can never walk the API tree.
fn check_id(id: &str) -> Result<(), ApiError> {
    if standfirst_model::is_slug(id) && id.len() <= standfirst_model::MAX_SLUG_LEN {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}
