//! Following a live story in an open tab. Every 15 seconds, while the tab
//! is visible and online, the story's own page of the API is asked for
//! again with a conditional request (`cache: "no-cache"`): the site answers
//! 304 with no body when nothing changed. A changed page is applied by
//! [`apply`]. Failures back off (30, 60, then 120 seconds); after three in a
//! row the page says "Updates paused, retrying". Following stops when the
//! coverage ends, the story is withdrawn or the reader leaves the page.

use crate::api;
use crate::components::Stream;
use leptos::prelude::*;
use standfirst_model::{Article, Live};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Milliseconds between two polls.
pub const EVERY_MS: i32 = 15_000;
/// Failures in a row after which the page says updates are paused.
const PAUSED_AFTER: u32 = 3;

/// Follows the story page `key` (its own page) into `stream`.
pub fn follow(key: String, stream: Stream) {
    let stopped = Arc::new(AtomicBool::new(false));
    {
        let stopped = stopped.clone();
        on_cleanup(move || {
            stopped.store(true, Ordering::Relaxed);
            title_count(0);
        });
    }
    let scope = api::RequestScope::new();
    let url = api::api_url(&format!("articles/{key}.json"));
    leptos::task::spawn_local(async move {
        let mut failures = 0u32;
        let mut last = String::new();
        loop {
            sleep(EVERY_MS << failures.min(PAUSED_AFTER)).await;
            // A hidden tab or a reader offline is not asked for: the poll
            // waits, and asks at once when the tab is shown or back online.
            while !stopped.load(Ordering::Relaxed) && (hidden() || offline()) {
                let (target, event): (web_sys::EventTarget, _) = if offline() {
                    (window().into(), "online")
                } else {
                    (document().into(), "visibilitychange")
                };
                next_event(&target, event).await;
            }
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            let text = match api::get_text(&url, &scope.next(), true).await {
                Ok(text) => text,
                Err(api::ApiError::NotFound) => break,
                Err(_) => {
                    failures += 1;
                    stream.paused.set(failures >= PAUSED_AFTER);
                    continue;
                }
            };
            failures = 0;
            stream.paused.set(false);
            if text == last || stopped.load(Ordering::Relaxed) {
                continue;
            }
            let Ok(article) = crate::json::decode::<Article>(&text) else {
                failures += 1;
                continue;
            };
            last = text;
            let article = Arc::new(article);
            api::remember(&article);
            let Some(live) = article.live.clone() else {
                break;
            };
            let ended = !live.is_live();
            if stream
                .shown
                .with_untracked(|s| s.as_ref().map(|s| s.version != live.version))
                != Some(false)
            {
                apply(Arc::new(live), stream);
            }
            if ended {
                break;
            }
        }
    });
}

/// Shows `newer` at once while the reader has not reached the entries
/// (nothing on screen moves); else applies edits and deletions of the
/// entries on screen in place and keeps the rest for the button, counted
/// in the tab's title.
fn apply(newer: Arc<Live>, stream: Stream) {
    if entries_below_screen() {
        stream.show(newer);
        return;
    }
    stream.edit(&newer);
    title_count(stream.new_in(&newer));
    stream.waiting.set(Some(newer));
}

thread_local! {
    /// The tab's title without its count, while it has one.
    static PLAIN_TITLE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// "(3) Headline" while 3 updates wait; the plain title again at 0.
pub fn title_count(n: usize) {
    let doc = document();
    PLAIN_TITLE.with_borrow_mut(|plain| {
        if n == 0 {
            if let Some(t) = plain.take() {
                doc.set_title(&t);
            }
        } else {
            let t = plain.get_or_insert_with(|| doc.title());
            doc.set_title(&format!("({n}) {t}"));
        }
    });
}

/// Whether the top of the entries is below the bottom of the window.
fn entries_below_screen() -> bool {
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    document()
        .query_selector(".live__entries")
        .ok()
        .flatten()
        .is_none_or(|list| list.get_bounding_client_rect().top() >= height)
}

fn hidden() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Hidden
}

fn offline() -> bool {
    !window().navigator().on_line()
}

/// Resolves after `ms` milliseconds (the page's `setTimeout`).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves at the next `event` on `target`.
async fn next_event(target: &web_sys::EventTarget, event: &str) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            event, &resolve, &once,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
