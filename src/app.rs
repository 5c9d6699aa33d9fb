//! The router, the routes and the page shell (skip link, masthead, main,
//! footer). Site-wide data is provided here as context.

use crate::api::{self, ApiError, RequestScope};
use crate::components::{Masthead, SiteFooter};
use crate::pages::{FrontPage, NewslettersPage, NotFound, SectionPage, StoryPage};
use crate::prefs;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use standfirst_model::Site;
use std::sync::Arc;

/// The name shown before site.json has loaded.
const DEFAULT_NAME: &str = "The Standfirst";

/// Site-wide state every page can read with `expect_context::<SiteContext>()`.
#[derive(Clone, Copy)]
pub struct SiteContext {
    /// `site.json`; pages render without it, using it for labels when it arrives.
    pub site: LocalResource<Result<Arc<Site>, ApiError>>,
    /// The reader's edition (`None` until chosen or the site default is known).
    pub edition: RwSignal<Option<String>>,
}

impl SiteContext {
    /// The site, once loaded.
    pub fn get(&self) -> Option<Arc<Site>> {
        self.site.get().and_then(Result::ok)
    }

    /// The reader's edition, else the site's default.
    pub fn edition_id(&self) -> Option<String> {
        self.edition
            .get()
            .or_else(|| self.get().map(|s| s.default_edition.clone()))
    }

    /// The publication's name; the demo's until site.json has loaded.
    pub fn site_name(&self) -> String {
        self.get()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| DEFAULT_NAME.to_string())
    }

    /// An edition's display name ("US"); the upper-cased id until known.
    pub fn edition_name(&self, id: &str) -> String {
        self.get()
            .and_then(|s| s.edition(id).map(|e| e.name.clone()))
            .unwrap_or_else(|| id.to_uppercase())
    }

    /// A section's display name ("World"); the id until known.
    pub fn section_name(&self, id: &str) -> String {
        self.get()
            .and_then(|s| s.section(id).map(|x| x.name.clone()))
            .unwrap_or_else(|| id.to_string())
    }

    /// The BCP 47 locale of an edition (for dates), `en` until known.
    pub fn locale_of(&self, edition: &str) -> String {
        self.get()
            .and_then(|s| s.edition(edition).map(|e| e.locale.clone()))
            .unwrap_or_else(|| "en".to_string())
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::nav::listen();
    let scope = RequestScope::new();
    let site =
        LocalResource::new(move || async move { api::site(&scope.next()).await.map(Arc::new) });
    let ctx = SiteContext {
        site,
        edition: RwSignal::new(prefs::edition()),
    };
    provide_context(ctx);
    let base = api::base_path();
    let base = base.trim_end_matches('/').to_string();

    view! {
        <Html {..} lang="en" />
        <Title formatter=|text: String| {
            if text.is_empty() { DEFAULT_NAME.to_string() } else { format!("{text} | {DEFAULT_NAME}") }
        } />
        <Router base=base>
            {crate::nav::track()}
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to main content"</a>
            <Masthead />
            <main id="main" class="site-main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=FrontPage />
                    <Route path=path!("/newsletters") view=NewslettersPage />
                    <Route path=path!("/:section") view=SectionPage />
                    <Route path=path!("/:section/:slug") view=StoryPage />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

/// Moves focus to `<main>` without changing the route (the router would
/// otherwise treat `#main` as a navigation).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}
