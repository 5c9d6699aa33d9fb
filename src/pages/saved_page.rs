use crate::components::{PageMeta, StoryList};
use crate::i18n::t;
use crate::saved::use_shelf;
use leptos::prelude::*;
use standfirst_model::Key;

/// `/saved`: the stories the reader saved for later, newest first; each
/// card's toggle removes it. Prerendered empty; filled after takeover.
#[component]
pub fn SavedPage() -> impl IntoView {
    let shelf = use_shelf();
    crate::nav::on_content_ready();
    view! {
        <PageMeta title=t(Key::SavedStories) description=t(Key::SavedDescription) />
        <div class="saved-page">
            <h1 class="saved-page__title" tabindex="-1">{t(Key::SavedStories)}</h1>
            <p>{t(Key::SavedText)}</p>
            <StoryList title=Key::YourSaved id="saved-list" teasers=shelf.saved empty=Key::SavedEmpty />
        </div>
    }
}
