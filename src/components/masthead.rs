use crate::app::SiteContext;
use crate::components::{EditionSwitcher, ThemeToggle};
use crate::url::site_url;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: publication name, search, section navigation, saved
/// stories, edition and theme.
#[component]
pub fn Masthead() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let site = ctx.site.clone();
    let sections = site
        .sections
        .iter()
        .map(|s| {
            let (href, name) = (site_url(&format!("/{}", s.id)), s.name.clone());
            view! { <li><A href=href>{name}</A></li> }
        })
        .collect_view();
    view! {
        <header class="masthead">
            <div class="masthead__bar">
                <A href=site_url("/") attr:class="masthead__name">{site.name.clone()}</A>
                <div class="masthead__tools">
                    <form class="masthead__search" role="search" aria-label="Site" action=site_url("/search") method="get">
                        <label class="visually-hidden" for="masthead-q">"Search stories"</label>
                        <input id="masthead-q" type="search" name="q" placeholder="Search" />
                        <button type="submit" class="button">"Search"</button>
                    </form>
                    <EditionSwitcher />
                    <ThemeToggle />
                </div>
            </div>
            <nav class="masthead__nav" aria-label="Sections">
                <ul>
                    {sections}
                    <li>
                        <A href=site_url("/newsletters")>"Newsletters"</A>
                    </li>
                    <li>
                        <A href=site_url("/saved")>"Saved"</A>
                    </li>
                </ul>
            </nav>
        </header>
    }
}
