use crate::i18n::t;
use crate::saved::use_shelf;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::Teaser;

/// A "save for later" toggle: a `<button aria-pressed>`, disabled until the
/// app has taken over and read the reader's saved list.
#[component]
pub fn SaveToggle(
    /// The story it saves.
    teaser: Teaser,
    /// The accessible name: "Save story" on a story, "Save: <headline>" on a card.
    label: String,
    /// A card's toggle: the visible text is "Save", the full `label` its
    /// accessible name. A story's shows its label.
    #[prop(default = false)]
    compact: bool,
) -> impl IntoView {
    let shelf = use_shelf();
    let slug = teaser.slug.clone();
    let pressed = move || shelf.is_saved(&slug).to_string();
    // The name stays the same; `aria-pressed` (and its style) says saved.
    let visible = t(if compact { Key::Save } else { Key::SaveStory });
    let aria_label = compact.then(|| label.clone());
    view! {
        <button
            type="button"
            class="save-toggle"
            data-pagefind-ignore=""
            aria-pressed=pressed
            aria-label=aria_label
            disabled=move || !shelf.ready.get()
            on:click=move |_| shelf.toggle(&teaser)
        >
            {visible}
        </button>
    }
}
