use crate::components::PageMeta;
use leptos::prelude::*;

/// The page for anything that does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::nav::on_content_ready();
    view! {
        <PageMeta title="Page not found" noindex=true />
        <div class="not-found">
            <h1 tabindex="-1">"Page not found"</h1>
            <p>"The page you were looking for isn't here. It may have moved, or the address may be mistyped."</p>
            <p><a href=crate::url::site_url("/")>"Go to the front page"</a></p>
        </div>
    }
}
