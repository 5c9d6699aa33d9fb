use crate::app::SiteContext;
use crate::url::{is_current, site_url};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
                <button type="button" class="masthead__open button" popovertarget="masthead-search">"Search"</button>
                <form id="masthead-search" popover="" class="masthead__search" role="search" aria-label="Site" action=site_url("/search") method="get">
                    <label class="visually-hidden" for="masthead-q">"Search stories"</label>
                    <input id="masthead-q" type="search" name="q" dir="auto" placeholder="Search" autofocus="" />
                    <button type="submit" class="button">"Go"</button>
                </form>
            </div>
            <nav class="masthead__nav" aria-label="Sections">
                <ul>
                    {sections}
                    <li>
                        {link(site_url("/newsletters"), "Newsletters".to_string())}
                    </li>
                    <li>
                        {link(site_url("/saved"), "Saved".to_string())}
                    </li>
                </ul>
            </nav>
        </header>
    }
}
