use crate::components::{PageMeta, StoryList};
use crate::saved::use_shelf;
use leptos::prelude::*;

/// `/saved`: the stories the reader saved for later, newest first; each
/// card's toggle removes it. Prerendered empty; filled after takeover.
#[component]
pub fn SavedPage() -> impl IntoView {
    let shelf = use_shelf();
    crate::nav::on_content_ready();
    view! {
        <PageMeta title="Saved stories" description="Stories you saved to read later, on this device." />
        <div class="saved-page">
            <h1 class="saved-page__title" tabindex="-1">"Saved stories"</h1>
            <p>"Saved stories stay on this device and open without a connection."</p>
            <StoryList title="Your saved stories" id="saved-list" teasers=shelf.saved empty="You haven't saved any stories yet. Use \u{201c}Save\u{201d} on a story to keep it here." />
        </div>
    }
}
