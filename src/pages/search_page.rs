use crate::api::search::{search, Hit};
use crate::api::ApiError;
use crate::app::SiteContext;
use crate::components::{Card, PageMeta};
use crate::url::site_url;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
        <PageMeta title="Search" description="Search every story." />
        <div class="search-page">
            <h1 class="search-page__title" tabindex="-1">"Search"</h1>
            <form class="search-page__form" role="search" aria-label="Stories" action=site_url("/search") method="get">
                <div class="search-page__field">
                    <label for="search-q">"Words to find"</label>
                    <input id="search-q" type="search" name="q" dir="auto" required />
                </div>
                <Filter name="section" label="Section" all="All sections" items=sections />
                <Filter name="edition" label="Edition" all="All editions" items=editions />
                <button type="submit" class="button">"Search"</button>
            </form>
            // Shown only without scripts (the head script marks <html data-js>).
            <div class="search-page__nojs">
                <p>"Search needs JavaScript, which is off or didn't load. You can browse the sections instead:"</p>
                <ul>{links}</ul>
            </div>
            {crate::dynamic::dynamic(move || ready.get().then(|| view! { <Results q section edition /> }))}
        </div>
    }
}

/// A labelled choice of one filter value (or all).
#[component]
fn Filter(
    name: &'static str,
    label: &'static str,
    all: &'static str,
    items: Vec<(String, String)>,
) -> impl IntoView {
    let id = format!("search-{name}");
    let options = items
        .into_iter()
        .map(|(value, text)| {
            view! { <option value=value>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="search-page__field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{all}</option>
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
                view! { <p role="status">"Type a word or two to search every story."</p> }
                    .into_any()
            }
            None => view! { <p role="status">"Searching…"</p> }.into_any(),
            Some(Err(e)) => {
                leptos::logging::warn!("search failed: {e}");
                view! { <p role="status" class="search-page__error">"Search isn't available just now. Please try again."</p> }
                    .into_any()
            }
            Some(Ok(hits)) => list(&q, hits),
        }
    });
    view! { <div class="search-page__results">{shown}</div> }
}

fn list(q: &str, hits: Vec<Hit>) -> AnyView {
    let count = match hits.len() {
        0 => format!("No stories found for \u{201c}{q}\u{201d}."),
        1 => format!("1 story found for \u{201c}{q}\u{201d}."),
        n => format!("{n} stories found for \u{201c}{q}\u{201d}."),
    };
    view! {
        <p role="status" class="search-page__count">{count}</p>
        <ul class="card-list">
            {hits.into_iter().map(|h| view! { <li><Card teaser=h.teaser image=false excerpt=h.excerpt /></li> }).collect_view()}
        </ul>
    }
    .into_any()
}
