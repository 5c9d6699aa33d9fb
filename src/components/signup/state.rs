use super::ids::{focus_first_error, now_ms};
use super::status::Phase;
use super::SignupTarget;
use crate::api::newsletter::{signup, SignupOutcome};
use crate::api::ApiError;
use crate::prefs;
use leptos::prelude::*;
use standfirst_model::{validate_email, SignupError, SignupRequest, SignupStatus, Site};
use std::sync::Arc;

/// Submissions faster than this after the form appears are treated as bots.
pub(super) const MIN_FILL_MS: f64 = 2_000.0;

const CONSENT_MISSING: &str = "Tick the box to agree before signing up.";

/// What the reader typed and chose, the errors shown beside each field,
/// and where the submission stands: plain signals, one set per form.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    pub email: RwSignal<String>,
    pub chosen: RwSignal<Vec<String>>,
    pub consent: RwSignal<bool>,
    pub honeypot: RwSignal<String>,
    pub email_error: RwSignal<Option<&'static str>>,
    pub consent_error: RwSignal<Option<&'static str>>,
    pub lists_error: RwSignal<Option<&'static str>>,
    pub phase: RwSignal<Phase>,
}

impl FormState {
    /// An empty form; a one-list form has its list chosen.
    pub fn new(target: &SignupTarget) -> Self {
        FormState {
            email: RwSignal::new(String::new()),
            chosen: RwSignal::new(match target {
                SignupTarget::List(id) => vec![id.clone()],
                SignupTarget::Choice => vec![],
            }),
            consent: RwSignal::new(false),
            honeypot: RwSignal::new(String::new()),
            email_error: RwSignal::new(None),
            consent_error: RwSignal::new(None),
            lists_error: RwSignal::new(None),
            phase: RwSignal::new(Phase::Idle),
        }
    }

    /// Checks the form and, when it is complete, sends it. `uid` is the
    /// form's id (for moving focus to the first error), `shown_at` when it
    /// appeared, `source` the page it is on.
    pub fn submit(self, uid: u32, shown_at: f64, source: String, site: &Arc<Site>) {
        if matches!(self.phase.get_untracked(), Phase::Sending | Phase::Done(_)) {
            return;
        }
        let typed = self.email.get_untracked();
        let valid = validate_email(&typed).map(str::to_string);
        self.email_error
            .set(valid.as_ref().err().map(|e| e.message()));
        self.consent_error
            .set((!self.consent.get_untracked()).then_some(CONSENT_MISSING));
        self.lists_error.set(
            self.chosen
                .with_untracked(Vec::is_empty)
                .then_some("Choose at least one newsletter."),
        );
        let invalid = valid.is_err()
            || self.consent_error.get_untracked().is_some()
            || self.lists_error.get_untracked().is_some();
        let address = match valid {
            Ok(a) if !invalid => a,
            // Focus moves once the error attributes are on the page.
            _ => return request_animation_frame(move || focus_first_error(uid)),
        };
        // A filled honeypot or an instant submission: look done, send nothing.
        if !self.honeypot.get_untracked().is_empty() || now_ms() - shown_at < MIN_FILL_MS {
            self.phase.set(Phase::Done(SignupStatus::Pending));
            return;
        }
        self.phase.set(Phase::Sending);
        let req = SignupRequest {
            email: address,
            lists: self.chosen.get_untracked(),
            consent: true,
            source,
        };
        let site = site.clone();
        leptos::task::spawn_local(async move {
            self.settle(signup(&site.newsletter.endpoint, site.newsletter.encoding, &req).await);
        });
    }

    /// What the endpoint's answer does to the form, once the request
    /// settles; a form that has gone away by then ignores it.
    fn settle(self, result: Result<SignupOutcome, ApiError>) {
        match result {
            Ok(SignupOutcome::Done(status)) => {
                prefs::set_signed_up();
                self.phase.set(Phase::Done(status));
            }
            Ok(SignupOutcome::Refused(err)) => {
                self.phase.set(Phase::Idle);
                match err {
                    SignupError::InvalidEmail => self.email_error.set(Some(
                        "The server couldn't accept that address. Check it and try again.",
                    )),
                    SignupError::ConsentRequired => self.consent_error.set(Some(CONSENT_MISSING)),
                    SignupError::UnknownList => self.lists_error.set(Some(
                        "That newsletter isn't available any more. Choose another.",
                    )),
                }
            }
            Ok(SignupOutcome::RateLimited(secs)) => self.phase.set(Phase::RateLimited(secs)),
            Ok(SignupOutcome::Failed) => {
                leptos::logging::warn!("sign-up failed: endpoint error");
                self.phase.set(Phase::Failed);
            }
            Err(e) => {
                leptos::logging::warn!("sign-up failed: {e}");
                self.phase.set(Phase::Failed);
            }
        }
    }
}
