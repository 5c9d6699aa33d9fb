//! Stories kept on this device: the ones the reader saved for later and the
//! ones they read recently (listed by the offline view). Both live in
//! `localStorage`, one story a line, so every tab sees the same lists (the
//! `storage` event tells the others) and a reload keeps them. The service
//! worker is told which stories to download (`save`), keep (`keep`) or let
//! go (`drop`); it holds the files, this module only the lists.
//!
//! Nothing here runs on the first render: the lists are reader state,
//! loaded in an `Effect` after takeover. Until then `ready` is false and
//! the save toggles stay disabled, as prerendered.

use leptos::prelude::*;
use standfirst_model::{Article, Author, Teaser};

const SAVED: &str = "standfirst:saved";
const RECENT: &str = "standfirst:recent";
/// The offline view lists at most this many recently read stories.
pub const RECENT_MAX: usize = 20;

/// The reader's saved and recently read stories, newest first.
#[derive(Clone, Copy)]
pub struct Shelf {
    pub saved: RwSignal<Vec<Teaser>>,
    pub recent: RwSignal<Vec<Teaser>>,
    /// True once the lists are loaded (after takeover).
    pub ready: RwSignal<bool>,
}

impl Shelf {
    /// Provides the shelf as context; loads it once the app has taken over
    /// and follows changes made in other tabs.
    pub fn provide() -> Shelf {
        let shelf = Shelf {
            saved: RwSignal::new(Vec::new()),
            recent: RwSignal::new(Vec::new()),
            ready: RwSignal::new(false),
        };
        crate::dynamic::effect(move || {
            shelf.reload();
            shelf.ready.set(true);
            let handle = window_event_listener(leptos::ev::storage, move |_| shelf.reload());
            std::mem::forget(handle);
        });
        provide_context(shelf);
        shelf
    }

    fn reload(self) {
        self.saved.set(decode(&read(SAVED)));
        self.recent.set(decode(&read(RECENT)));
    }

    pub fn is_saved(self, slug: &str) -> bool {
        self.saved.with(|l| l.iter().any(|t| t.slug == slug))
    }

    /// Saves `teaser` (and has its files downloaded) or removes it.
    pub fn toggle(self, teaser: &Teaser) {
        let mut list = decode(&read(SAVED));
        let before = list.len();
        list.retain(|t| t.slug != teaser.slug);
        let files = story_files(teaser);
        if list.len() == before {
            list.insert(0, teaser.clone());
            tell_worker("save", &files);
        } else {
            tell_worker("drop", &files);
        }
        write(SAVED, &encode(&list));
        self.saved.set(list);
    }

    /// Notes that the reader opened `teaser`: first on the recent list, and
    /// its files kept by the service worker.
    pub fn visited(self, teaser: &Teaser) {
        let mut list = decode(&read(RECENT));
        list.retain(|t| t.slug != teaser.slug);
        list.insert(0, teaser.clone());
        list.truncate(RECENT_MAX);
        write(RECENT, &encode(&list));
        self.recent.set(list);
        tell_worker("keep", &story_files(teaser));
    }
}

/// The shelf from context.
pub fn use_shelf() -> Shelf {
    expect_context::<Shelf>()
}

/// A story's teaser, as cards show it.
pub fn teaser_of(a: &Article) -> Teaser {
    Teaser {
        slug: a.slug.clone(),
        url: a.url.clone(),
        kicker: a.kicker.clone(),
        section: a.section.clone(),
        headline: a.headline.clone(),
        summary: a.summary.clone(),
        authors: a
            .authors
            .iter()
            .map(|x| Author {
                name: x.name.clone(),
                url: None,
            })
            .collect(),
        editions: a.editions.clone(),
        published: a.published.clone(),
        image: None,
        live: false,
    }
}

/// The story's page and its delivery JSON, as site paths.
fn story_files(t: &Teaser) -> [String; 2] {
    [
        crate::url::site_url(&t.url),
        crate::api::api_url(&format!("articles/{}.json", t.slug)),
    ]
}

const FIELDS: usize = 9;

/// One story a line, tab-separated: slug, url, section, kicker, headline,
/// summary, published, editions (comma-separated), author names
/// (`;`-separated). Tabs and line breaks in a field become spaces.
pub fn encode(list: &[Teaser]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    list.iter()
        .map(|t| {
            [
                &t.slug,
                &t.url,
                &t.section,
                &t.kicker,
                &t.headline,
                &t.summary,
                &t.published,
                &t.editions.join(","),
                &t.authors
                    .iter()
                    .map(|a| a.name.replace(';', ","))
                    .collect::<Vec<_>>()
                    .join(";"),
            ]
            .map(|f| clean(f))
            .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The stories in `text`; malformed lines and unsafe slugs are skipped.
pub fn decode(text: &str) -> Vec<Teaser> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != FIELDS || !standfirst_model::is_slug(f[0]) || !f[1].starts_with('/') {
                return None;
            }
            Some(Teaser {
                slug: f[0].into(),
                url: f[1].into(),
                section: f[2].into(),
                kicker: f[3].into(),
                headline: f[4].into(),
                summary: f[5].into(),
                published: f[6].into(),
                editions: f[7]
                    .split(',')
                    .filter(|e| !e.is_empty())
                    .map(Into::into)
                    .collect(),
                authors: f[8]
                    .split(';')
                    .filter(|n| !n.is_empty())
                    .map(|name| Author {
                        name: name.into(),
                        url: None,
                    })
                    .collect(),
                image: None,
                live: false,
            })
        })
        .collect()
}

#[cfg(feature = "csr")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(feature = "csr")]
fn read(key: &str) -> String {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .unwrap_or_default()
}

#[cfg(feature = "csr")]
fn write(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Posts `[kind, ...paths]` to the service worker controlling the page.
#[cfg(feature = "csr")]
fn tell_worker(kind: &str, paths: &[String]) {
    let Some(worker) = window().navigator().service_worker().controller() else {
        return;
    };
    let message = js_sys::Array::of1(&kind.into());
    for p in paths {
        message.push(&p.into());
    }
    let _ = worker.post_message(&message);
}

#[cfg(feature = "ssr")]
fn read(_: &str) -> String {
    String::new()
}
#[cfg(feature = "ssr")]
fn write(_: &str, _: &str) {}
#[cfg(feature = "ssr")]
fn tell_worker(_: &str, _: &[String]) {}

/// True when the browser knows it has no network.
#[cfg(feature = "csr")]
pub fn offline() -> bool {
    !window().navigator().on_line()
}
#[cfg(feature = "ssr")]
pub fn offline() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teaser(slug: &str, headline: &str) -> Teaser {
        Teaser {
            slug: slug.into(),
            url: format!("/world/{slug}"),
            kicker: "Speed Read".into(),
            section: "world".into(),
            headline: headline.into(),
            summary: "A summary".into(),
            authors: vec![
                Author {
                    name: "Ana Reyes".into(),
                    url: None,
                },
                Author {
                    name: "Tom; Hale".into(),
                    url: None,
                },
            ],
            editions: vec!["us".into(), "uk".into()],
            published: "2026-11-20T09:30:00Z".into(),
            image: None,
            live: false,
        }
    }

    #[test]
    fn a_list_survives_a_round_trip() {
        let list = vec![teaser("a-b", "First"), teaser("c", "Second")];
        let mut back = list.clone();
        // A `;` in a name (the separator) reads as a comma.
        back.iter_mut()
            .for_each(|t| t.authors[1].name = "Tom, Hale".into());
        assert_eq!(decode(&encode(&list)), back);
    }

    #[test]
    fn tabs_and_line_breaks_cannot_split_a_story() {
        let list = vec![teaser("a", "Tab\there\nand line")];
        let back = decode(&encode(&list));
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].headline, "Tab here and line");
    }

    #[test]
    fn malformed_lines_and_unsafe_entries_are_skipped() {
        let good = encode(&[teaser("ok", "Fine")]);
        let text = format!(
            "garbage\n{good}\nBad Slug\t/x\tw\tk\th\ts\tp\tus\ta\nx\tjavascript:alert(1)\tw\tk\th\ts\tp\tus\ta"
        );
        let back = decode(&text);
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].slug, "ok");
    }
}
