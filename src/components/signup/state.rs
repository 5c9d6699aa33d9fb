//! What sending the form does. The form's state is in its own elements:
//! the fields hold what the reader typed (so nothing is lost when a
//! submission fails), each error has its `<p>` and marks its field
//! `aria-invalid`, the submit button is `aria-disabled` while a request is
//! out, and the form is `hidden` once the reader is signed up.

use crate::i18n::t;
use standfirst_model::Key;

use super::ids::{focus_first_error, now_ms, Ids};
use super::status::{show, Status};
use crate::api::newsletter::{signup, SignupOutcome};
use crate::api::ApiError;
use crate::prefs;
use leptos::prelude::document;
use standfirst_model::{validate_email, SignupError, SignupRequest, SignupStatus, Site};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::{Element, FormData, HtmlFormElement};

/// Submissions faster than this after the form appears are treated as bots.
pub(super) const MIN_FILL_MS: f64 = 2_000.0;

fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// Shows `message` in an error's place, or clears it; the field, when
/// there is one, is marked invalid while it shows.
fn show_error(error: &str, field: Option<&str>, message: Option<Key>) {
    if let Some(p) = by_id(error) {
        p.set_text_content(message.map(t).as_deref());
    }
    if let Some(f) = field.and_then(by_id) {
        let _ = match message {
            Some(_) => f.set_attribute("aria-invalid", "true"),
            None => f.remove_attribute("aria-invalid"),
        };
    }
}

/// A field changed: its error, if it showed one, goes.
pub(super) fn edited(ids: Ids, ev: &web_sys::Event) {
    let name = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.get_attribute("name"));
    match name.as_deref() {
        Some("email") => show_error(&ids.email_err(), Some(&ids.email()), None),
        Some("consent") => show_error(&ids.consent_err(), Some(&ids.consent()), None),
        Some("lists") => show_error(&ids.lists_err(), None, None),
        _ => {}
    }
}

/// The submit button says the form is sending, and refuses a second
/// submission, until the answer comes.
fn sending(ids: Ids, on: bool) {
    if let Some(b) = by_id(&ids.submit()) {
        b.set_text_content(Some(&t(if on { Key::SigningUp } else { Key::SignUp })));
        let _ = match on {
            true => b.set_attribute("aria-disabled", "true"),
            false => b.remove_attribute("aria-disabled"),
        };
    }
}

/// The reader is signed up (or a bot is made to think so): the form goes,
/// the status says what happens next.
fn done(ids: Ids, status: SignupStatus) {
    if let Some(form) = by_id(&ids.form()) {
        let _ = form.set_attribute("hidden", "");
    }
    show(ids, Status::Done(status));
}

/// Checks the form and, when it is complete, sends it. `shown_at` is when
/// the form appeared, `source` the page it is on.
pub(super) fn submit(ids: Ids, shown_at: f64, source: &str, site: &Arc<Site>) {
    let (Some(form), Some(button)) = (by_id(&ids.form()), by_id(&ids.submit())) else {
        return;
    };
    if form.has_attribute("hidden") || button.has_attribute("aria-disabled") {
        return;
    }
    let Some(data) = form
        .dyn_ref::<HtmlFormElement>()
        .and_then(|f| FormData::new_with_form(f).ok())
    else {
        return;
    };
    let field = |name: &str| data.get(name).as_string().unwrap_or_default();
    let lists: Vec<String> = data
        .get_all("lists")
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let consent = field("consent") == "true";
    let typed = field("email");
    let valid = validate_email(&typed);
    show_error(
        &ids.email_err(),
        Some(&ids.email()),
        valid.as_ref().err().map(|e| e.key()),
    );
    show_error(
        &ids.consent_err(),
        Some(&ids.consent()),
        (!consent).then_some(Key::ConsentMissing),
    );
    show_error(
        &ids.lists_err(),
        None,
        lists.is_empty().then_some(Key::ListsMissing),
    );
    let address = match valid {
        Ok(a) if consent && !lists.is_empty() => a.to_string(),
        _ => return focus_first_error(ids.0),
    };
    // A filled honeypot or an instant submission: look done, send nothing.
    if !field("website").is_empty() || now_ms() - shown_at < MIN_FILL_MS {
        return done(ids, SignupStatus::Pending);
    }
    sending(ids, true);
    show(ids, Status::Sending);
    let req = SignupRequest {
        email: address,
        lists,
        consent: true,
        source: source.to_string(),
    };
    let (site, source) = (site.clone(), source.to_string());
    leptos::task::spawn_local(async move {
        let result = signup(&site.newsletter.endpoint, site.newsletter.encoding, &req).await;
        let retry = Box::new(move || submit(ids, shown_at, &source, &site));
        settle(ids, result, retry);
    });
}

/// What the endpoint's answer does to the form, once the request settles;
/// a form that has gone away by then finds none of its elements.
fn settle(ids: Ids, result: Result<SignupOutcome, ApiError>, retry: Box<dyn FnOnce()>) {
    sending(ids, false);
    match result {
        Ok(SignupOutcome::Done(status)) => {
            prefs::set_signed_up();
            done(ids, status);
        }
        Ok(SignupOutcome::Refused(err)) => {
            show(ids, Status::Idle);
            match err {
                SignupError::InvalidEmail => show_error(
                    &ids.email_err(),
                    Some(&ids.email()),
                    Some(Key::EmailRefused),
                ),
                SignupError::ConsentRequired => show_error(
                    &ids.consent_err(),
                    Some(&ids.consent()),
                    Some(Key::ConsentMissing),
                ),
                SignupError::UnknownList => show_error(&ids.lists_err(), None, Some(Key::ListGone)),
            }
        }
        Ok(SignupOutcome::RateLimited(secs)) => show(ids, Status::RateLimited(secs)),
        Ok(SignupOutcome::Failed) => {
            leptos::logging::warn!("sign-up failed: endpoint error");
            show(ids, Status::Failed(retry));
        }
        Err(e) => {
            leptos::logging::warn!("sign-up failed: {e}");
            show(ids, Status::Failed(retry));
        }
    }
}
