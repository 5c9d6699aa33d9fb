use crate::components::Card;
use crate::components::PageMeta;
use crate::i18n::t;
use crate::saved::use_shelf;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::Teaser;

/// What a reader sees offline on a page that is not on this device: an
/// `h1` that says so, and the saved and recently read stories that are.
#[component]
pub fn OfflineView() -> impl IntoView {
    let shelf = use_shelf();
    crate::nav::on_content_ready();
    view! {
        <PageMeta title=t(Key::OfflineTitle) />
        <div class="offline-view">
            <h1 class="offline-view__title" tabindex="-1">{t(Key::OfflineTitle)}</h1>
            <p>{t(Key::OfflineText)}</p>
            <StoryList title=Key::SavedStories id="offline-saved" teasers=shelf.saved empty=Key::OfflineSavedEmpty />
            <StoryList title=Key::RecentlyRead id="offline-recent" teasers=shelf.recent empty=Key::OfflineRecentEmpty />
        </div>
    }
}

/// A titled list of cards, or a line saying it is empty.
#[component]
pub fn StoryList(
    /// The list's heading.
    title: Key,
    /// Element id of the heading.
    id: &'static str,
    /// The stories, newest first.
    teasers: RwSignal<Vec<Teaser>>,
    /// What an empty list says.
    empty: Key,
) -> impl IntoView {
    view! {
        <section class="story-list" aria-labelledby=id>
            <h2 class="front__section-title" id=id>{t(title)}</h2>
            {crate::dynamic::dynamic(move || {
                let list = teasers.get();
                if list.is_empty() {
                    view! { <p class="story-list__empty">{t(empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="card-list">
                            {list.into_iter().map(|teaser| view! { <li><Card teaser image=false /></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
    }
}
