use crate::components::PageMeta;
use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;

/// The page for anything that does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::nav::on_content_ready();
    view! {
        <PageMeta title=t(Key::NotFoundTitle) noindex=true />
        <div class="not-found">
            <h1 tabindex="-1">{t(Key::NotFoundTitle)}</h1>
            <p>{t(Key::NotFoundText)}</p>
            <p><a href=crate::url::site_url("/")>{t(Key::GoToFront)}</a></p>
        </div>
    }
}
