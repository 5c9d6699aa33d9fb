use leptos::prelude::*;

/// One checkbox of the newsletters page.
#[component]
pub(super) fn ListChoice(l: standfirst_model::NewsletterList) -> impl IntoView {
    let input_id = format!("signup-list-{}", l.id);
    view! {
        <div class="signup__list">
            <input id=input_id.clone() type="checkbox" name="lists" value=l.id />
            <label for=input_id>
                <span class="signup__list-name">{l.name}</span>
                <span class="signup__list-desc">{format!("{} {}", l.description, l.frequency)}</span>
            </label>
        </div>
    }
}

/// The place of an inline error message, tied to its field by id; empty
/// until a submission finds a problem (`state::show_error`).
#[component]
pub(super) fn FieldError(id: String) -> impl IntoView {
    view! { <p class="signup__error" id=id></p> }
}
