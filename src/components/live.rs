//! A story's live coverage: its state, key events, the pinned entry, the
//! entries newest first and the links to older pages. On the story's own
//! page, while the coverage is live, new entries arrive by themselves
//! (`crate::live` asks the site every 15 seconds): they appear at once
//! while the reader has not reached the entries yet, and otherwise wait
//! behind an "N new updates" button so that nothing moves under the
//! reader's eyes.
//!
//! The entries are not a keyed list (Leptos' `<For>` and its index maps
//! were 6 KB of the wasm): each entry renders behind a signal of its own,
//! so an edit or a deletion re-renders that entry alone, and newer entries
//! go into a slot above the newest batch, so those already shown are never
//! rendered again.

use crate::i18n::{t, tn};
use standfirst_model::{Key, Plural};

use crate::components::BlockView;
use crate::format::{format_date_time, relative_label};
use crate::url::site_url;
use leptos::prelude::*;
use standfirst_model::{Article, Live, LiveEntry};
use std::sync::Arc;

/// Each entry on the page, by id, behind its own signal (`None` once
/// deleted).
type Entries = Vec<(String, RwSignal<Option<LiveEntry>>)>;

/// The entries on the page, each behind its own signal, and the slot
/// where the next newer batch goes.
#[derive(Clone, Copy)]
pub struct Stream {
    /// The coverage as last shown: its state, key events and pinned entry
    /// (always `Some`; one signal type for all the coverage's signals keeps
    /// one copy of Leptos' signal code in the wasm).
    pub shown: RwSignal<Option<Arc<Live>>>,
    /// A newer copy whose new entries wait for the reader's button.
    pub waiting: RwSignal<Option<Arc<Live>>>,
    /// Three polls in a row failed.
    pub paused: RwSignal<bool>,
    entries: StoredValue<Entries, LocalStorage>,
    top: StoredValue<Option<RwSignal<Option<Arc<Live>>>>, LocalStorage>,
    locale: StoredValue<String>,
}

impl Stream {
    /// How many of `newer`'s entries the page does not show yet.
    pub fn new_in(self, newer: &Live) -> usize {
        self.unseen(newer).len()
    }

    /// `newer`'s entries the page does not show yet, newest first.
    fn unseen(self, newer: &Live) -> Vec<LiveEntry> {
        self.entries.with_value(|shown| {
            newer
                .entries
                .iter()
                .filter(|e| !shown.iter().any(|(id, _)| *id == e.id))
                .cloned()
                .collect()
        })
    }

    /// Edits and deletions of the entries on the page, in place.
    pub fn edit(self, newer: &Live) {
        self.entries.with_value(|shown| {
            for (id, slot) in shown {
                let now = newer.entries.iter().find(|e| e.id == *id);
                let was = slot.with_untracked(|e| e.as_ref().map(|e| e.updated.clone()));
                if now.map(|e| e.updated.clone()) != was {
                    slot.set(now.cloned());
                }
            }
        });
    }

    /// Shows `newer` whole: edits, deletions, its new entries above the
    /// others, its state and key events. The id of its newest new entry.
    pub fn show(self, newer: Arc<Live>) -> Option<String> {
        self.edit(&newer);
        let fresh = self.unseen(&newer);
        let newest = fresh.first().map(|e| e.id.clone());
        if let (Some(slot), false) = (self.top.get_value(), fresh.is_empty()) {
            slot.set(Some(Arc::new(Live {
                entries: fresh,
                ..Live::default()
            })));
        }
        self.shown.set(Some(newer));
        self.waiting.set(None);
        newest
    }

    /// `entries` (newest first) with a slot above them for newer ones.
    fn batch(self, entries: Vec<LiveEntry>) -> AnyView {
        let slot = RwSignal::new(None::<Arc<Live>>);
        self.top.set_value(Some(slot));
        let items = entries
            .into_iter()
            .map(|e| {
                let entry = RwSignal::new(Some(e.clone()));
                self.entries.update_value(|all| all.push((e.id, entry)));
                let locale = self.locale.get_value();
                crate::dynamic::dynamic(move || {
                    entry
                        .get()
                        .map(|e| view! { <li>{entry_view(e, &locale, false)}</li> }.into_any())
                })
            })
            .collect_view();
        let newer =
            crate::dynamic::dynamic(move || slot.get().map(|b| self.batch(b.entries.clone())));
        // (Every reactive part here is an `Option<AnyView>` or an `AnyView`:
        // the wasm has one copy of Leptos' code for each such type.)
        view! { {newer} {items} }.into_any()
    }
}

/// The coverage of `article` (which carries `live`), in `locale`.
#[component]
pub fn LiveView(article: Arc<Article>, locale: String) -> impl IntoView {
    let first = Arc::new(article.live.clone().unwrap_or_default());
    let stream = Stream {
        shown: RwSignal::new(Some(first.clone())),
        waiting: RwSignal::new(None),
        paused: RwSignal::new(false),
        entries: StoredValue::new_local(Vec::new()),
        top: StoredValue::new_local(None),
        locale: StoredValue::new(locale.clone()),
    };
    #[cfg(feature = "csr")]
    if first.page.is_none() && first.is_live() {
        crate::live::follow(article.key(), stream);
    }
    let reveal = move |_| {
        if let Some(newer) = stream.waiting.get_untracked() {
            #[cfg(feature = "csr")]
            crate::live::title_count(0);
            if let Some(id) = stream.show(newer) {
                request_animation_frame(move || crate::url::focus_id(&id));
            }
        }
    };
    let top = crate::dynamic::dynamic(move || {
        let l = stream.shown.get().unwrap_or_default();
        let label = l
            .is_live()
            .then(|| view! { <span class="live-badge">{t(Key::Live)}</span> });
        let stamp = format_date_time(&l.last_updated, &locale);
        let keys = l
            .key_events
            .iter()
            .map(|k| {
                let at = format_date_time(&k.posted, &locale);
                view! {
                    <li>
                        <a href=site_url(&k.url)>
                            <time datetime=k.posted.clone()>{at}</time> " " {k.title.clone()}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="live__state">
                {label}
                <span>{t(Key::LastUpdated)} " " <time datetime=l.last_updated.clone()>{stamp}</time></span>
            </p>
            {(!l.key_events.is_empty()).then(|| view! {
                <nav class="live__key" aria-labelledby="live-key-events">
                    <h2 id="live-key-events">{t(Key::KeyEvents)}</h2>
                    <ol>{keys}</ol>
                </nav>
            })}
            {l.pinned_entry.clone().map(|e| entry_view(e, &locale, true))}
        }
        .into_any()
    });
    // One polite live region: the button (its text is the announcement),
    // or the note that polls are failing.
    let note = crate::dynamic::dynamic(move || {
        let waiting = stream.waiting.get().map_or(0, |w| stream.new_in(&w));
        if waiting > 0 {
            view! {
                <button class="button live__new" type="button" on:click=reveal>
                    {updates_label(waiting)}
                </button>
            }
            .into_any()
        } else if stream.paused.get() {
            t(Key::UpdatesPaused).into_any()
        } else {
            ().into_any()
        }
    });
    let pager = (first.newer.is_some() || first.older.is_some()).then(|| {
        view! {
            <nav class="live__pager" aria-label=t(Key::UpdatesPages)>
                {first.newer.clone().map(|u| view! { <a href=site_url(&u) rel="prev">{t(Key::NewerUpdates)}</a> })}
                {first.older.clone().map(|u| view! { <a href=site_url(&u) rel="next">{t(Key::OlderUpdates)}</a> })}
            </nav>
        }
    });
    let entries = stream.batch(first.entries.clone());
    view! {
        <section class="live" aria-labelledby="live-updates">
            {top}
            <h2 id="live-updates" class="live__heading">{t(Key::Updates)}</h2>
            <div class="live__note" role="status">{note}</div>
            <ol class="live__entries">{entries}</ol>
            {pager}
        </section>
    }
}

/// One entry: its time (a permalink), "Updated" when edited, its title
/// and its blocks.
fn entry_view(e: LiveEntry, locale: &str, pinned: bool) -> AnyView {
    let at = format_date_time(&e.posted, locale);
    // "12 minutes ago" in the browser while recent; the time itself at
    // build time, in the title and in the markup.
    let shown_at = relative_label(&e.posted).unwrap_or_else(|| at.clone());
    let updated = e.updated.clone().map(|u| {
        let text = format_date_time(&u, locale);
        view! { <span>{t(Key::Updated)} " " <time datetime=u>{text}</time></span> }
    });
    let blocks = e
        .body
        .into_iter()
        .map(|block| view! { <BlockView block /> })
        .collect_view();
    view! {
        <article id=e.id.clone() class=if pinned { "live-entry live-entry--pinned" } else { "live-entry" } tabindex="-1">
            <header class="live-entry__meta">
                {pinned.then(|| t(Key::Pinned))}
                <a href=["#", &e.id].concat()>
                    <time datetime=e.posted title=at>{shown_at}</time>
                </a>
                {updated}
            </header>
            {e.title.map(|t| view! { <h3 class="live-entry__title">{t}</h3> })}
            {blocks}
        </article>
    }
    .into_any()
}

/// "1 new update", "3 new updates".
pub(crate) fn updates_label(n: usize) -> String {
    tn(Plural::NewUpdates, n as u64, &[])
}
