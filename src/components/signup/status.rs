use super::ids::Ids;
use crate::i18n::{t, tn};
use leptos::prelude::document;
use standfirst_model::SignupStatus;
use standfirst_model::{Key, Plural};
use wasm_bindgen::closure::Closure;

/// What the form's status line says.
pub(super) enum Status {
    /// Nothing: the form waits for the reader.
    Idle,
    Sending,
    Done(SignupStatus),
    RateLimited(u32),
    /// The request failed; "Try again" runs the retry, which sends again
    /// what is in the form.
    Failed(Box<dyn FnOnce()>),
}

/// Writes the announced status line (the form's `role="status"` region)
/// in place of what it said before.
pub(super) fn show(ids: Ids, status: Status) {
    let doc = document();
    let Some(region) = doc.get_element_by_id(&ids.status()) else {
        return;
    };
    region.set_text_content(None);
    let (class, text) = match &status {
        Status::Idle => return,
        Status::Sending => ("", t(Key::SigningYouUp)),
        Status::Done(SignupStatus::Pending) => ("signup__done", t(Key::SignupPending)),
        Status::Done(SignupStatus::Subscribed) => ("signup__done", t(Key::SignupDone)),
        Status::Done(SignupStatus::AlreadySubscribed) => ("signup__done", t(Key::SignupAlready)),
        Status::RateLimited(secs) => (
            "signup__problem",
            tn(Plural::RetryIn, u64::from(*secs), &[]),
        ),
        Status::Failed(_) if crate::saved::offline() => ("signup__problem", t(Key::SignupOffline)),
        Status::Failed(_) => ("signup__problem", t(Key::SignupFailed)),
    };
    let Ok(line) = doc.create_element("p") else {
        return;
    };
    line.set_class_name(class);
    line.set_text_content(Some(&text));
    let _ = region.append_child(&line);
    if let Status::Failed(retry) = status {
        let Ok(button) = doc.create_element("button") else {
            return;
        };
        let _ = button.set_attribute("type", "button");
        button.set_class_name("button");
        button.set_text_content(Some(&t(Key::TryAgain)));
        // Freed once clicked; the line is replaced by the next status.
        let again = Closure::once_into_js(move || {
            show(ids, Status::Idle);
            retry();
        });
        let _ = button
            .add_event_listener_with_callback("click", wasm_bindgen::JsCast::unchecked_ref(&again));
        let _ = region.append_child(&button);
    }
}
