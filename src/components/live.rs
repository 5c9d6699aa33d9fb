//! A story's live coverage: its state, key events, the pinned entry, the
//! entries newest first and the links to older pages. On the story's own
//! page, while the coverage is live, new entries arrive by themselves
//! (`crate::live` asks the site every 15 seconds): they appear at once
//! while the reader has not reached the entries yet, and otherwise wait
//! behind an "N new updates" button so that nothing moves under the
//! reader's eyes.

use crate::components::BlockView;
use crate::format::{format_date_time, relative_label};
use crate::url::site_url;
use leptos::prelude::*;
use standfirst_model::{Article, Live, LiveEntry};
use std::sync::Arc;

/// The coverage of `article` (which carries `live`), in `locale`.
#[component]
pub fn LiveView(article: Arc<Article>, locale: String) -> impl IntoView {
    let first = Arc::new(article.live.clone().unwrap_or_default());
    // What the page shows, and the newer copy a poll found while the reader
    // was reading the entries (shown when they press the button).
    let shown = RwSignal::new(first.clone());
    let waiting: RwSignal<Option<Arc<Live>>> = RwSignal::new(None);
    let paused = RwSignal::new(false);
    let count = Memo::new(move |_| {
        waiting.with(|w| w.as_ref().map_or(0, |w| new_entries(&shown.read(), w)))
    });
    #[cfg(feature = "csr")]
    if first.page.is_none() && first.is_live() {
        let key = article.key();
        crate::live::follow(key, shown, waiting, paused, count);
    }
    let reveal = move |_| {
        if let Some(newer) = waiting.get_untracked() {
            let newest = newer.entries.first().map(|e| e.id.clone());
            shown.set(newer);
            waiting.set(None);
            if let Some(id) = newest {
                request_animation_frame(move || crate::url::focus_id(&id));
            }
        }
    };
    let loc = locale.clone();
    let header = crate::dynamic::dynamic(move || {
        let l = shown.get();
        let label = l
            .is_live()
            .then(|| view! { <span class="live-badge">"Live"</span> });
        let stamp = format_date_time(&l.last_updated, &loc);
        view! {
            <p class="live__state">
                {label}
                <span>"Last updated " <time datetime=l.last_updated.clone()>{stamp}</time></span>
            </p>
        }
    });
    let loc = locale.clone();
    let key_events = crate::dynamic::dynamic(move || {
        let l = shown.get();
        (!l.key_events.is_empty()).then(|| {
            let items = l
                .key_events
                .iter()
                .map(|k| {
                    let at = format_date_time(&k.posted, &loc);
                    view! {
                        <li>
                            <a href=site_url(&k.url)>
                                <time datetime=k.posted.clone()>{at}</time>
                                " "
                                {k.title.clone()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="live__key" aria-labelledby="live-key-events">
                    <h2 id="live-key-events">"Key events"</h2>
                    <ol>{items}</ol>
                </nav>
            }
        })
    });
    let loc = locale.clone();
    let pinned = crate::dynamic::dynamic(move || {
        shown
            .get()
            .pinned_entry
            .clone()
            .map(|e| entry_view(e, &loc, true))
    });
    let loc = locale;
    let button = crate::dynamic::dynamic(move || {
        let n = count.get();
        (n > 0).then(|| {
            view! {
                <button class="button live__new" type="button" on:click=reveal>
                    {updates_label(n)}
                </button>
            }
        })
    });
    let announce = crate::dynamic::dynamic(move || match count.get() {
        0 => String::new(),
        n => updates_label(n),
    });
    let note = crate::dynamic::dynamic(move || {
        if paused.get() {
            "Updates paused, retrying"
        } else {
            ""
        }
    });
    let pager = {
        let (newer, older) = (first.newer.clone(), first.older.clone());
        (newer.is_some() || older.is_some()).then(|| {
            view! {
                <nav class="live__pager" aria-label="Pages of updates">
                    {newer.map(|u| view! { <a href=site_url(&u) rel="prev">"Newer updates"</a> })}
                    {older.map(|u| view! { <a href=site_url(&u) rel="next">"Older updates"</a> })}
                </nav>
            }
        })
    };
    view! {
        <section class="live" aria-labelledby="live-updates">
            {header}
            {key_events}
            {pinned}
            <h2 id="live-updates" class="live__heading">"Updates"</h2>
            <p class="live__note" role="status">{note}</p>
            <p class="visually-hidden" role="status">{announce}</p>
            {button}
            <ol class="live__entries">
                <For
                    each=move || shown.get().entries.clone()
                    key=|e: &LiveEntry| (e.id.clone(), e.updated.clone())
                    children=move |e| view! { <li>{entry_view(e, &loc, false)}</li> }
                />
            </ol>
            {pager}
        </section>
    }
}

/// One entry: its time (a permalink), "Updated" when edited, its title
/// and its blocks.
fn entry_view(e: LiveEntry, locale: &str, pinned: bool) -> impl IntoView {
    let at = format_date_time(&e.posted, locale);
    // "12 minutes ago" in the browser while recent; the time itself at
    // build time, in the title and in the markup.
    let shown_at = relative_label(&e.posted).unwrap_or_else(|| at.clone());
    let updated = e.updated.clone().map(|u| {
        let text = format_date_time(&u, locale);
        view! { <span class="live-entry__updated">"Updated " <time datetime=u>{text}</time></span> }
    });
    let href = ["#", &e.id].concat();
    let class = if pinned {
        "live-entry live-entry--pinned"
    } else {
        "live-entry"
    };
    let blocks = e
        .body
        .into_iter()
        .map(|block| view! { <BlockView block /> })
        .collect_view();
    view! {
        <article id=e.id class=class tabindex="-1">
            <header class="live-entry__meta">
                {pinned.then(|| view! { <span class="live-entry__pin">"Pinned"</span> })}
                <a href=href class="live-entry__time">
                    <time datetime=e.posted title=at>{shown_at}</time>
                </a>
                {updated}
            </header>
            {e.title.map(|t| view! { <h3 class="live-entry__title">{t}</h3> })}
            {blocks}
        </article>
    }
}

/// How many of `newer`'s entries the page does not show yet.
fn new_entries(shown: &Live, newer: &Live) -> usize {
    newer
        .entries
        .iter()
        .filter(|e| !shown.entries.iter().any(|s| s.id == e.id))
        .count()
}

/// "1 new update", "3 new updates".
pub(crate) fn updates_label(n: usize) -> String {
    if n == 1 {
        "1 new update".to_string()
    } else {
        format!("{n} new updates")
    }
}
