use crate::api::site_url;
use crate::app::SiteContext;
use crate::components::{EditionSwitcher, ThemeToggle};
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: publication name, section navigation, edition and theme.
#[component]
pub fn Masthead() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let name = move || ctx.site_name();
    let sections = move || ctx.get().map(|s| s.sections.clone()).unwrap_or_default();
    view! {
        <header class="masthead">
            <div class="masthead__bar">
                <A href=site_url("/") attr:class="masthead__name">{name}</A>
                <div class="masthead__tools">
                    <EditionSwitcher />
                    <ThemeToggle />
                </div>
            </div>
            <nav class="masthead__nav" aria-label="Sections">
                <ul>
                    <For each=sections key=|s| s.id.clone() let:section>
                        <li>
                            <A href=site_url(&format!("/{}", section.id))>{section.name}</A>
                        </li>
                    </For>
                    <li>
                        <A href=site_url("/newsletters")>"Newsletters"</A>
                    </li>
                </ul>
            </nav>
        </header>
    }
}
