use crate::api::search::{search, Hit};
use crate::api::ApiError;
use crate::app::SiteContext;
use crate::components::{Card, PageMeta};
use crate::i18n::{t, tf, tn};
use crate::url::site_url;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use standfirst_model::{Key, Plural};

/// `/search?q=…&section=…&edition=…`: the form, and the results of the
/// query in the URL, run on load. Prerendered without results; without
/// JavaScript it says search needs it and points to the sections.
#[component]
pub fn SearchPage() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let query = use_location().query;
    let param = move |k: &str| query.read().get(k).unwrap_or_default();
    let q = Memo::new(move |_| param("q"));
    let section = Memo::new(move |_| param("section"));
    let edition = Memo::new(move |_| param("edition"));
    // The results are reader-specific: only after takeover, which is also
    // when the form gets the query from the URL (the prerendered form is
    // empty, and takeover keeps what the form held).
    let ready = RwSignal::new(false);
    crate::dynamic::effect(move || {
        for (name, value) in [("q", q), ("section", section), ("edition", edition)] {
            crate::nav::set_control_value(&format!("#search-{name}"), &value.get_untracked());
        }
        ready.set(true);
    });
    crate::nav::on_content_ready();
    let site = ctx.site.clone();
    let sections: Vec<_> = site
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    let editions: Vec<_> = site
        .editions
        .iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect();
    let links = site
        .sections
        .iter()
        .map(|s| view! { <li><a href=site_url(&format!("/{}", s.id))>{s.name.clone()}</a></li> })
        .collect_view();
    view! {
        <PageMeta title=t(Key::Search) description=t(Key::SearchDescription) />
        <div class="search-page">
            <h1 class="search-page__title" tabindex="-1">{t(Key::Search)}</h1>
            <form class="search-page__form" role="search" aria-label=t(Key::SearchForm) action=site_url("/search") method="get">
                <div class="search-page__field">
                    <label for="search-q">{t(Key::SearchWords)}</label>
                    <input id="search-q" type="search" name="q" required dir="auto" />
                </div>
                <Filter name="section" label=Key::Section all=Key::AllSections items=sections />
                <Filter name="edition" label=Key::Edition all=Key::AllEditions items=editions />
                <button type="submit" class="button">{t(Key::Search)}</button>
            </form>
            // Shown only without scripts (the head script marks <html data-js>).
            <div class="search-page__nojs">
                <p>{t(Key::SearchNoScript)}</p>
                <ul>{links}</ul>
            </div>
            {crate::dynamic::dynamic(move || ready.get().then(|| view! { <Results q section edition /> }))}
        </div>
    }
}

/// A labelled choice of one filter value (or all).
#[component]
fn Filter(name: &'static str, label: Key, all: Key, items: Vec<(String, String)>) -> impl IntoView {
    let id = format!("search-{name}");
    let options = items
        .into_iter()
        .map(|(value, text)| {
            view! { <option value=value>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="search-page__field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id name=name>
                <option value="">{t(all)}</option>
                {options}
            </select>
        </div>
    }
}

/// The results of the query in the URL, announced when they arrive. (A
/// signal filled by a task, not a resource: the lighter path in the wasm.)
#[component]
fn Results(q: Memo<String>, section: Memo<String>, edition: Memo<String>) -> impl IntoView {
    // None while searching.
    let found = RwSignal::new(None::<Result<Vec<Hit>, ApiError>>);
    crate::dynamic::effect(move || {
        let (query, s, e) = (q.get(), section.get(), edition.get());
        found.set(None);
        leptos::task::spawn_local(async move {
            let result = if query.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search(query.trim(), &s, &e).await
            };
            // A later query may have started meanwhile.
            if q.get_untracked() == query {
                found.set(Some(result));
            }
        });
    });
    let shown = crate::dynamic::dynamic(move || {
        let q = q.get();
        match found.get() {
            _ if q.trim().is_empty() => {
                view! { <p role="status">{t(Key::SearchPrompt)}</p> }.into_any()
            }
            None => view! { <p role="status">{t(Key::Searching)}</p> }.into_any(),
            Some(Err(e)) => {
                leptos::logging::warn!("search failed: {e}");
                view! { <p role="status" class="search-page__error">{t(Key::SearchFailed)}</p> }
                    .into_any()
            }
            Some(Ok(hits)) => list(&q, hits),
        }
    });
    view! { <div class="search-page__results">{shown}</div> }
}

fn list(q: &str, hits: Vec<Hit>) -> AnyView {
    let count = match hits.len() {
        0 => tf(Key::NoResults, &[q]),
        n => tn(Plural::ResultsFound, n as u64, &[q]),
    };
    view! {
        <p role="status" class="search-page__count">{count}</p>
        <ul class="card-list">
            {hits.into_iter().map(|h| view! { <li><Card teaser=h.teaser image=false excerpt=h.excerpt /></li> }).collect_view()}
        </ul>
    }
    .into_any()
}
