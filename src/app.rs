//! The router, the routes and the page shell (skip link, masthead, main,
//! footer). Site-wide data is provided here as context.

use crate::components::{Masthead, SiteFooter};
use crate::pages::{
    FrontPage, NewslettersPage, NotFound, SavedPage, SearchPage, SectionPage, StoryPage,
};
use crate::prerendered::{Initial, Prerendered};
use crate::route::{Kind, Route};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use standfirst_model::paths;
use standfirst_model::Site;
use std::sync::Arc;

/// Site-wide state every page can read with `expect_context::<SiteContext>()`.
#[derive(Clone)]
pub struct SiteContext {
    /// `site.json`, loaded before the app renders; it never changes.
    pub site: Arc<Site>,
    /// The edition the reader chose, remembered in the browser. `None` on
    /// the first render (it is a reader preference, applied after takeover).
    pub edition: RwSignal<Option<String>>,
}

impl SiteContext {
    /// The reader's edition, else the site's default.
    pub fn edition_id(&self) -> String {
        self.edition
            .get()
            .filter(|e| self.site.edition(e).is_some())
            .unwrap_or_else(|| self.site.default_edition.clone())
    }

    /// An edition's display name ("US"); the upper-cased id if unknown.
    pub fn edition_name(&self, id: &str) -> String {
        self.site
            .edition(id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_ascii_uppercase())
    }

    /// A section's display name ("World"); the id if unknown.
    pub fn section_name(&self, id: &str) -> String {
        self.site
            .section(id)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The BCP 47 locale of an edition (for dates), `en` if unknown.
    pub fn locale_of(&self, edition: &str) -> String {
        self.site
            .edition(edition)
            .map(|e| e.locale.clone())
            .unwrap_or_else(|| "en".to_string())
    }

    /// The site path of an edition's front: `/` for the default edition.
    pub fn front_path(&self, edition: &str) -> String {
        if edition == self.site.default_edition {
            "/".to_string()
        } else {
            format!("/{edition}")
        }
    }
}

/// Context: which of a page's later parts (a front's top stories and
/// section blocks, a story's rails) are rendered yet. At takeover the page
/// is rendered off-screen and swapped in only once it is whole, so any part
/// may wait: each renders in a task of its own, one after the other, so
/// that no one task blocks the reader's input for long (Lighthouse's total
/// blocking time). At build time and after a navigation they render at once.
#[derive(Clone, Copy)]
pub struct Later {
    /// How many parts may render; `u32::MAX` for all of them.
    shown: RwSignal<u32>,
    /// How many parts the page has asked for so far.
    parts: RwSignal<u32>,
}

impl Later {
    /// Every part rendered at once (`at_once`), or one per [`Self::next`].
    pub fn new(at_once: bool) -> Self {
        Later {
            shown: RwSignal::new(if at_once { u32::MAX } else { 0 }),
            parts: RwSignal::new(0),
        }
    }

    /// Lets the next waiting part render. When none is waiting, every part
    /// made from now on renders at once (the parts already shown are not
    /// told, so they are not rendered again), and the answer is false.
    pub fn next(self) -> bool {
        let (shown, parts) = (self.shown.get_untracked(), self.parts.get_untracked());
        if shown >= parts {
            self.shown.update_untracked(|n| *n = u32::MAX);
            return false;
        }
        self.shown.set(shown + 1);
        true
    }

    /// A later `part` of the page: rendered when its turn comes (at once
    /// when there is no context). Every part is an `AnyView` behind one
    /// boxed function, so the wasm has one copy of this code for all.
    pub fn part(
        part: impl Fn() -> AnyView + Send + 'static,
    ) -> leptos::tachys::reactive_graph::SharedReactiveFunction<Option<AnyView>> {
        Self::boxed_part(Box::new(part))
    }

    fn boxed_part(
        part: Box<dyn Fn() -> AnyView + Send>,
    ) -> leptos::tachys::reactive_graph::SharedReactiveFunction<Option<AnyView>> {
        let later = use_context::<Later>().unwrap_or_else(|| Later::new(true));
        let turn = later.parts.get_untracked();
        later
            .parts
            .update_untracked(|n| *n = turn.saturating_add(1));
        // Its own yes or no, so that letting the next part render does not
        // render the ones before it again.
        let shown = later.shown;
        let mine = Memo::new(move |_| shown.get() > turn);
        crate::dynamic::dynamic(move || mine.get().then(&part))
    }
}

/// `<title>` text of a page: "Headline | The Standfirst", or the site name.
pub(crate) fn page_title(text: &str, site_name: &str) -> String {
    if text.is_empty() {
        site_name.to_string()
    } else {
        crate::i18n::tf(standfirst_model::Key::PageTitle, &[text, site_name])
    }
}

/// The whole application, for `site`, starting on a page that may carry
/// the data it was prerendered from.
#[component]
pub fn App(
    /// The publication (`site.json`).
    site: Arc<Site>,
    /// The data of the prerendered page the app starts on, if any.
    #[prop(default = None)]
    initial: Option<Arc<Prerendered>>,
    /// Which of a page's later parts are rendered (see `Later`): all
    /// of them, unless the takeover renders them one task at a time.
    #[prop(default = Later::new(true))]
    later: Later,
) -> impl IntoView {
    // Head tags go through leptos_meta only at build time (see PageMeta).
    #[cfg(feature = "ssr")]
    leptos_meta::provide_meta_context();
    crate::nav::listen();
    crate::i18n::install(site.clone());
    #[cfg(feature = "ssr")]
    let title = {
        let name = site.name.clone();
        view! { <leptos_meta::Title formatter=move |text: String| page_title(&text, &name) /> }
    };
    #[cfg(feature = "csr")]
    let title = ();
    let ctx = SiteContext {
        site,
        edition: RwSignal::new(None),
    };
    // The remembered edition is a reader preference: it applies after the
    // first render, which is the same at build time and in the browser.
    // Set only when it changes the edition shown: setting the signal at all
    // would render the front again.
    let shown = ctx.clone();
    crate::dynamic::effect(move || {
        if let Some(saved) = crate::prefs::edition() {
            if untrack(|| shown.edition_id()) != saved {
                shown.edition.set(Some(saved));
            }
        }
    });
    provide_context(ctx);
    provide_context(Initial(initial));
    provide_context(later);
    provide_context(crate::components::FormIds::default());
    crate::saved::Shelf::provide();
    let base = crate::url::base_path();
    let base = base.trim_end_matches('/').to_string();
    // At takeover the page's first screen renders first, the masthead and
    // the footer in tasks of their own after it (see `Later`).
    let masthead = Later::part(|| view! { <Masthead /> }.into_any());
    let footer = Later::part(|| view! { <SiteFooter /> }.into_any());

    view! {
        {title}
        <Router base=base>
            {crate::nav::track()}
            <a class="skip-link" href="#main" on:click=skip_to_main>{crate::i18n::t(standfirst_model::Key::SkipToContent)}</a>
            {masthead}
            <main id="main" class="site-main" tabindex="-1">
                <Pages />
            </main>
            {footer}
        </Router>
    }
}

/// The page the location shows (see `route`). The page is replaced when
/// the kind of route changes; within a kind (one story to another) it stays
/// and follows the route's parameters.
#[component]
fn Pages() -> impl IntoView {
    let location = use_location();
    let route =
        Memo::new(move |_| Route::of(&crate::prerendered::route_path(&location.pathname.get())));
    let kind = Memo::new(move |_| route.with(Route::kind));
    // A link's navigation is committed to the history (the address bar,
    // a new entry, the router's scroll) once the page for it is in place,
    // as the router's own route views do. Only in the browser.
    let browser = use_context::<leptos_router::location::BrowserUrl>();
    crate::dynamic::effect(move || {
        route.track();
        if let Some(browser) = &browser {
            use leptos_router::location::LocationProvider;
            browser.ready_to_complete();
        }
    });
    // At takeover the page itself renders in a task after the app's frame
    // (router, contexts), not in the same one (see `Later`).
    Later::part(move || {
        crate::dynamic::dynamic(move || match kind.get() {
            Kind::Home => view! { <HomeFront /> }.into_any(),
            Kind::Newsletters => view! { <NewslettersPage /> }.into_any(),
            Kind::One => {
                let id = Memo::new(move |_| route.with(Route::id));
                view! { <SectionOrFront id /> }.into_any()
            }
            Kind::SectionPage => {
                let key = Memo::new(move |_| route.with(Route::section_page));
                view! { <SectionPaged key /> }.into_any()
            }
            Kind::Story => {
                let key = Memo::new(move |_| route.with(Route::story));
                view! { <StoryPage key /> }.into_any()
            }
            Kind::NotFound => view! { <NotFound /> }.into_any(),
        })
        .into_any()
    })
}

/// `/`: the default edition's front; a reader who chose another edition is
/// sent to its front (on a full load, the head script already did that).
#[component]
fn HomeFront() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::dynamic::dynamic(move || {
        let edition = ctx.edition_id();
        if edition == ctx.site.default_edition {
            view! { <FrontPage edition /> }.into_any()
        } else {
            redirect(crate::url::site_url(&ctx.front_path(&edition)))
        }
    })
}

/// `/:id`: an edition's front when `id` is an edition, the reader's saved
/// stories or search (`/saved`, `/search`, reserved ids), else a section's
/// first page (`?page=N` from older links goes to `/:id/page/N`). The
/// reader's pages are dispatched here rather than given routes of their
/// own: each route adds its whole render path to the wasm. An author's or
/// a topic's page (`id` is then `author/<id>`, see `route`) is a section's.
#[component]
fn SectionOrFront(
    /// The path's one segment.
    id: Memo<String>,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let query = use_location().query;
    let legacy_page = Memo::new(move |_| {
        query
            .read()
            .get(paths::PAGING)
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 2)
    });
    crate::dynamic::dynamic(move || {
        let id = id.get();
        if id == paths::SAVED {
            view! { <SavedPage /> }.into_any()
        } else if id == paths::SEARCH {
            view! { <SearchPage /> }.into_any()
        } else if ctx.site.edition(&id).is_some() {
            view! { <FrontPage edition=id /> }.into_any()
        } else if let Some(n) = legacy_page.get() {
            redirect(crate::url::site_url(&paths::section_page(&id, n)))
        } else {
            view! { <SectionPage section=id page=1 /> }.into_any()
        }
    })
}

/// `/:section/page/:n`: a further page of a section (or of an author's or
/// a topic's listing).
#[component]
fn SectionPaged(
    /// The section and the page number, if it is one.
    key: Memo<(String, Option<u32>)>,
) -> impl IntoView {
    crate::dynamic::dynamic(move || match key.get() {
        (section, Some(page)) if page >= 2 => view! { <SectionPage section page /> }.into_any(),
        (section, Some(1)) => redirect(crate::url::site_url(&paths::section_page(&section, 1))),
        _ => view! { <NotFound /> }.into_any(),
    })
}

/// Sends the reader on to `path`. When the address bar already shows the
/// redirecting address (a full load, or a navigation already committed),
/// its history entry is replaced, so that Back does not return to an
/// address that only sends the reader forward again. When a link's
/// navigation is still pending (it is committed once the page is in place,
/// see `Pages`), the address bar shows the page before, and the redirect
/// takes that navigation's place as a new entry. (leptos_router's
/// `<Redirect>` always pushes, and also resolves relative paths and serves
/// server-side redirects: neither is needed here; it cost 0.35 KB of
/// brotli wasm.)
fn redirect(path: String) -> AnyView {
    #[cfg(feature = "csr")]
    {
        let shown = web_sys::window().and_then(|w| w.location().pathname().ok());
        let replace = shown.is_some_and(|p| use_location().pathname.with_untracked(|r| *r == p));
        leptos_router::hooks::use_navigate()(
            &path,
            leptos_router::NavigateOptions {
                replace,
                ..Default::default()
            },
        );
    }
    #[cfg(feature = "ssr")]
    let _ = path;
    ().into_any()
}

/// Moves focus to `<main>` without changing the route (the router would
/// otherwise treat `#main` as a navigation).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::url::focus_id("main");
}
