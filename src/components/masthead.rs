use crate::app::SiteContext;
use crate::i18n::t;
use crate::url::{is_current, site_url};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use standfirst_model::Key;

/// The site header: publication name, search, section navigation and
/// saved stories.
#[component]
pub fn Masthead() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let site = ctx.site.clone();
    let path = use_location().pathname;
    // A navigation link, marked `aria-current="page"` on its page and the
    // pages under it.
    let link = move |href: String, name: String| {
        let here = href.clone();
        view! { <a href=href aria-current=move || is_current(&path.get(), &here).then_some("page")>{name}</a> }
    };
    let sections = site
        .sections
        .iter()
        .map(|s| view! { <li>{link(site_url(&format!("/{}", s.id)), s.name.clone())}</li> })
        .collect_view();
    // Search opens in place from a button (`popovertarget`: the browser
    // gives the button its expanded state, puts focus in the field, which
    // has `autofocus`, closes it on Escape and returns focus to the
    // button): no script, in the wasm or out of it, and it works without
    // JavaScript. Edition and theme are in the footer.
    view! {
        <header class="masthead">
            <div class="masthead__bar">
                <a href=site_url("/") class="masthead__name">{site.name.clone()}</a>
                <button type="button" class="masthead__open button" popovertarget="masthead-search">{t(Key::Search)}</button>
                <form id="masthead-search" popover="" class="masthead__search" role="search" aria-label=t(Key::SiteSearch) action=site_url("/search") method="get">
                    <label class="visually-hidden" for="masthead-q">{t(Key::SearchStories)}</label>
                    <input id="masthead-q" type="search" name="q" placeholder=t(Key::Search) autofocus="" dir="auto" />
                    <button type="submit" class="button">{t(Key::SearchGo)}</button>
                </form>
            </div>
            <nav class="masthead__nav" aria-label=t(Key::SectionsNav)>
                <ul>
                    {sections}
                    <li>
                        {link(site_url("/newsletters"), t(Key::Newsletters))}
                    </li>
                    <li>
                        {link(site_url("/saved"), t(Key::Saved))}
                    </li>
                </ul>
            </nav>
        </header>
    }
}
