use leptos::prelude::*;

/// One checkbox of the newsletters page.
#[component]
pub(super) fn ListChoice(
    l: standfirst_model::NewsletterList,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let id = l.id.clone();
    let input_id = format!("signup-list-{}", l.id);
    view! {
        <div class="signup__list">
            <input id=input_id.clone() type="checkbox" name="lists" value=l.id.clone()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id.clone()); } });
                } />
            <label for=input_id>
                <span class="signup__list-name">{l.name}</span>
                <span class="signup__list-desc">{format!("{} {}", l.description, l.frequency)}</span>
            </label>
        </div>
    }
}

/// An inline error message tied to its field by id.
#[component]
pub(super) fn FieldError(id: String, error: RwSignal<Option<&'static str>>) -> impl IntoView {
    view! { <p class="signup__error" id=id>{crate::dynamic::dynamic(move || error.get())}</p> }
}
