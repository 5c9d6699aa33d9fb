//! Following a live story in an open tab. Every 15 seconds, while the tab
//! is visible and online, the story's own page of the API is asked for
//! again with a conditional request (`cache: "no-cache"`): the site answers
//! 304 with no body when nothing changed. A changed page is applied by
//! [`apply`]. Failures back off (30, 60, then 120 seconds); after three in a
//! row the page says "Updates paused, retrying". Following stops when the
//! coverage ends, the story is withdrawn or the reader leaves the page.

use crate::api;
use leptos::prelude::*;
use standfirst_model::{Article, Live, LiveEntry};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Milliseconds between two polls.
pub const EVERY_MS: i32 = 15_000;
/// Failures in a row after which the page says updates are paused.
const PAUSED_AFTER: u32 = 3;

/// Follows the story page `key` (its own page), updating `shown` or,
/// while the reader is reading the entries, `waiting`.
pub fn follow(
    key: String,
    shown: RwSignal<Arc<Live>>,
    waiting: RwSignal<Option<Arc<Live>>>,
    paused: RwSignal<bool>,
    count: Memo<usize>,
) {
    let stopped = Arc::new(AtomicBool::new(false));
    {
        let stopped = stopped.clone();
        on_cleanup(move || stopped.store(true, Ordering::Relaxed));
    }
    let scope = api::RequestScope::new();
    // While updates wait, the tab's title counts them: "(3) Headline".
    let plain_title = StoredValue::new(None::<String>);
    crate::dynamic::effect(move || {
        let n = count.get();
        let doc = document();
        match plain_title.get_value() {
            Some(t) if n == 0 => {
                doc.set_title(&t);
                plain_title.set_value(None);
            }
            _ if n == 0 => {}
            t => {
                let t = t.unwrap_or_else(|| doc.title());
                doc.set_title(&format!("({n}) {t}"));
                plain_title.set_value(Some(t));
            }
        }
    });
    let url = api::api_url(&format!("articles/{key}.json"));
    leptos::task::spawn_local(async move {
        let mut failures = 0u32;
        let mut last = String::new();
        loop {
            sleep(EVERY_MS << failures.min(PAUSED_AFTER)).await;
            // A hidden tab or a reader offline is not asked for: the poll
            // waits, and asks at once when the tab is shown or back online.
            while !stopped.load(Ordering::Relaxed) && (hidden() || offline()) {
                let target: web_sys::EventTarget = if offline() {
                    window().into()
                } else {
                    document().into()
                };
                next_event(
                    &target,
                    if offline() {
                        "online"
                    } else {
                        "visibilitychange"
                    },
                )
                .await;
            }
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            let controller = scope.next();
            let text = match api::get_text(&url, &controller, true).await {
                Ok(text) => text,
                Err(api::ApiError::NotFound) => break,
                Err(_) => {
                    failures += 1;
                    paused.set(failures >= PAUSED_AFTER);
                    continue;
                }
            };
            failures = 0;
            paused.set(false);
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
            if live.version != shown.get_untracked().version {
                apply(Arc::new(live), shown, waiting);
            }
            if ended {
                break;
            }
        }
    });
}

/// Shows `newer` at once while the reader has not reached the entries
/// (nothing on screen moves); else applies edits and deletions of the
/// entries on screen in place and keeps the rest for the button.
fn apply(newer: Arc<Live>, shown: RwSignal<Arc<Live>>, waiting: RwSignal<Option<Arc<Live>>>) {
    if entries_below_screen() {
        shown.set(newer);
        waiting.set(None);
        return;
    }
    let current = shown.get_untracked();
    let kept: Vec<LiveEntry> = current
        .entries
        .iter()
        .filter_map(|e| newer.entries.iter().find(|n| n.id == e.id).cloned())
        .collect();
    let same = kept.len() == current.entries.len()
        && kept
            .iter()
            .zip(&current.entries)
            .all(|(a, b)| a.updated == b.updated);
    if !same {
        shown.set(Arc::new(Live {
            entries: kept,
            ..(*current).clone()
        }));
    }
    waiting.set(Some(newer));
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
