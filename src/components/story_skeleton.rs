use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;

/// A placeholder with the story's geometry while it loads, so nothing
/// shifts when the text arrives. Announced politely as "Loading story".
#[component]
pub fn StorySkeleton() -> impl IntoView {
    view! {
        <div class="story-skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{t(Key::LoadingStory)}</span>
            <div class="story-skeleton__kicker" aria-hidden="true"></div>
            <div class="story-skeleton__headline" aria-hidden="true"></div>
            <div class="story-skeleton__headline story-skeleton__headline--short" aria-hidden="true"></div>
            <div class="story-skeleton__standfirst" aria-hidden="true"></div>
            <div class="story-skeleton__hero" aria-hidden="true"></div>
            <div class="story-skeleton__line" aria-hidden="true"></div>
            <div class="story-skeleton__line" aria-hidden="true"></div>
            <div class="story-skeleton__line story-skeleton__line--short" aria-hidden="true"></div>
        </div>
    }
}
