//! Story JSON kept in memory, so a story prefetched on hover or focus opens
//! without a second request, and back/forward re-opens instantly.

use super::{api_url, get_json, ApiError};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use standfirst_model::Article;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;
use web_sys::AbortController;

type Loaded = Result<Arc<Article>, ApiError>;

enum Entry {
    Ready(Arc<Article>),
    Pending(Shared<LocalBoxFuture<'static, Loaded>>),
}

/// Stories kept; the oldest is dropped first.
const CAPACITY: usize = 24;

thread_local! {
    static CACHE: RefCell<VecDeque<(String, Entry)>> = const { RefCell::new(VecDeque::new()) };
}

fn lookup(slug: &str) -> Option<Result<Arc<Article>, Shared<LocalBoxFuture<'static, Loaded>>>> {
    CACHE.with_borrow(|c| {
        c.iter().find(|(s, _)| s == slug).map(|(_, e)| match e {
            Entry::Ready(a) => Ok(a.clone()),
            Entry::Pending(f) => Err(f.clone()),
        })
    })
}

fn store(slug: &str, entry: Option<Entry>) {
    CACHE.with_borrow_mut(|c| {
        c.retain(|(s, _)| s != slug);
        if let Some(e) = entry {
            if c.len() >= CAPACITY {
                c.pop_front();
            }
            c.push_back((slug.to_string(), e));
        }
    });
}

/// The story `slug`, from memory, from a prefetch in flight, or fetched
/// now through `controller`.
pub async fn article(slug: &str, controller: &AbortController) -> Loaded {
    check_key(slug)?;
    match lookup(slug) {
        Some(Ok(ready)) => return Ok(ready),
        Some(Err(pending)) => {
            if let Ok(a) = pending.await {
                return Ok(a);
            }
        }
        None => {}
    }
    let loaded = get_json::<Article>(&api_url(&format!("articles/{slug}.json")), controller)
        .await
        .map(Arc::new);
    if let Ok(a) = &loaded {
        store(slug, Some(Entry::Ready(a.clone())));
    }
    loaded
}

/// Keeps `article` as the latest copy of its page (a live story's poll).
#[cfg(feature = "csr")]
pub fn remember(article: &Arc<Article>) {
    store(&article.key(), Some(Entry::Ready(article.clone())));
}

/// Only story keys (a slug, or an older page of live coverage) make it
/// into a request's path.
fn check_key(key: &str) -> Result<(), ApiError> {
    if standfirst_model::is_story_key(key) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Starts loading `slug` in the background unless it is already known.
/// Failures are forgotten, so the page itself retries.
pub fn prefetch_article(slug: &str) {
    if check_key(slug).is_err() || lookup(slug).is_some() {
        return;
    }
    let Ok(controller) = AbortController::new() else {
        return;
    };
    let owned = slug.to_string();
    let fut: LocalBoxFuture<'static, Loaded> = async move {
        let url = api_url(&format!("articles/{owned}.json"));
        let loaded = get_json::<Article>(&url, &controller).await.map(Arc::new);
        store(
            &owned,
            loaded.as_ref().ok().map(|a| Entry::Ready(a.clone())),
        );
        loaded
    }
    .boxed_local();
    let shared = fut.shared();
    store(slug, Some(Entry::Pending(shared.clone())));
    wasm_bindgen_futures::spawn_local(async move {
        let _ = shared.await;
    });
}
