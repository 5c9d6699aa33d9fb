use crate::app::SiteContext;
use crate::prefs;
use leptos::prelude::*;

/// Chooses the reader's edition (US/UK) and remembers it.
#[component]
pub fn EditionSwitcher() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let editions = move || ctx.get().map(|s| s.editions.clone()).unwrap_or_default();
    let current = move || ctx.edition_id().unwrap_or_default();
    view! {
        // Shown while site.json loads (its box reserved), hidden for a
        // single-edition site.
        <Show when=move || { editions().len() != 1 }>
            <label class="edition-switcher">
                <span class="edition-switcher__label">"Edition"</span>
                <select
                    class="edition-switcher__select"
                    prop:value=current
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        prefs::set_edition(&id);
                        ctx.edition.set(Some(id));
                    }
                >
                    <For each=editions key=|e| e.id.clone() let:edition>
                        <option value=edition.id.clone() selected=move || current() == edition.id>
                            {edition.name.clone()}
                        </option>
                    </For>
                </select>
            </label>
        </Show>
    }
}
