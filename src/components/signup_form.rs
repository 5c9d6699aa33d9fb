use crate::api::newsletter::{signup, SignupOutcome};
use crate::api::ApiError;
use crate::app::SiteContext;
use crate::prefs;
use crate::url::href;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use standfirst_model::{validate_email, SignupError, SignupRequest, SignupStatus};

/// Which lists a form signs up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupTarget {
    /// One list, fixed (inline and end-of-article forms).
    List(String),
    /// The reader chooses among every list (the newsletters page).
    Choice,
}

/// Where the form sits, which sets its size and copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupVariant {
    /// In a story's body: one list, compact.
    Inline,
    /// After a story: one list, with its description.
    EndOfArticle,
    /// The newsletters page: every list, several selectable.
    Page,
}

/// Submissions faster than this after the form appears are treated as bots.
const MIN_FILL_MS: f64 = 2_000.0;

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    Sending,
    Done(SignupStatus),
    RateLimited(u32),
    Failed,
}

/// The newsletter sign-up form. Talks to the endpoint in `site.json`.
#[component]
pub fn SignupForm(
    /// The layout and copy to use.
    variant: SignupVariant,
    /// The list, or the reader's choice of lists.
    target: SignupTarget,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let location = use_location();
    let uid = next_id();
    let email = RwSignal::new(String::new());
    let list = match &target {
        SignupTarget::List(id) => id.clone(),
        SignupTarget::Choice => String::new(),
    };
    let chosen = RwSignal::new(match &target {
        SignupTarget::List(id) => vec![id.clone()],
        SignupTarget::Choice => vec![],
    });
    let consent = RwSignal::new(false);
    let honeypot = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<&'static str>);
    let consent_error = RwSignal::new(None::<&'static str>);
    let lists_error = RwSignal::new(None::<&'static str>);
    let phase = RwSignal::new(Phase::Idle);
    let shown_at = now_ms();
    let site = ctx.site.clone();

    // What the endpoint's answer does to the form. Plain signals, set once
    // the request settles; a form that has gone away by then ignores it.
    let settle = move |result: Result<SignupOutcome, ApiError>| match result {
        Ok(SignupOutcome::Done(status)) => {
            prefs::set_signed_up();
            phase.set(Phase::Done(status));
        }
        Ok(SignupOutcome::Refused(err)) => {
            phase.set(Phase::Idle);
            match err {
                SignupError::InvalidEmail => email_error.set(Some(
                    "The server couldn't accept that address. Check it and try again.",
                )),
                SignupError::ConsentRequired => {
                    consent_error.set(Some("Tick the box to agree before signing up."))
                }
                SignupError::UnknownList => lists_error.set(Some(
                    "That newsletter isn't available any more. Choose another.",
                )),
            }
        }
        Ok(SignupOutcome::RateLimited(secs)) => phase.set(Phase::RateLimited(secs)),
        Ok(SignupOutcome::Failed) => {
            leptos::logging::warn!("sign-up failed: the endpoint answered with an error");
            phase.set(Phase::Failed);
        }
        Err(e) => {
            leptos::logging::warn!("sign-up failed: {e}");
            phase.set(Phase::Failed);
        }
    };
    let send = move |req: SignupRequest| {
        let site = site.clone();
        leptos::task::spawn_local(async move {
            settle(signup(&site.newsletter.endpoint, site.newsletter.encoding, &req).await);
        });
    };

    let submit = Callback::new(move |()| {
        if matches!(phase.get_untracked(), Phase::Sending | Phase::Done(_)) {
            return;
        }
        let typed = email.get_untracked();
        let valid = validate_email(&typed).map(str::to_string);
        email_error.set(valid.as_ref().err().map(|e| e.message()));
        consent_error
            .set((!consent.get_untracked()).then_some("Tick the box to agree before signing up."));
        lists_error.set(
            chosen
                .with_untracked(Vec::is_empty)
                .then_some("Choose at least one newsletter."),
        );
        let invalid = valid.is_err()
            || consent_error.get_untracked().is_some()
            || lists_error.get_untracked().is_some();
        let address = match valid {
            Ok(a) if !invalid => a,
            // Focus moves once the error attributes are on the page.
            _ => return request_animation_frame(move || focus_first_error(uid)),
        };
        // A filled honeypot or an instant submission: look done, send nothing.
        if !honeypot.get_untracked().is_empty() || now_ms() - shown_at < MIN_FILL_MS {
            phase.set(Phase::Done(SignupStatus::Pending));
            return;
        }
        phase.set(Phase::Sending);
        send(SignupRequest {
            email: address,
            lists: chosen.get_untracked(),
            consent: true,
            source: location.pathname.get_untracked(),
        });
    });

    let newsletter = &ctx.site.newsletter;
    let lists = newsletter.lists.clone();
    let privacy = newsletter.privacy.clone();
    // With no script at all the form still works: a plain form post to the
    // endpoint, in form encoding, with the same field names.
    let action = href(&newsletter.endpoint);
    let one = ctx.site.list(&list);
    let title = match (&target, one) {
        (SignupTarget::Choice, _) => "Sign up to our newsletters".to_string(),
        (_, Some(l)) => l.name.clone(),
        (_, None) => "Our newsletter".to_string(),
    };
    let blurb = one.map(|l| format!("{} {}", l.description, l.frequency));
    let source = location.pathname.get_untracked();
    let fixed_list = match &target {
        SignupTarget::List(id) => Some(id.clone()),
        SignupTarget::Choice => None,
    };
    let class = match variant {
        SignupVariant::Inline => "signup signup--inline",
        SignupVariant::EndOfArticle => "signup signup--end",
        SignupVariant::Page => "signup signup--page",
    };
    let ids = Ids(uid);

    let is_choice = target == SignupTarget::Choice;
    let choices = move || {
        is_choice.then(|| {
            view! {
                <fieldset class="signup__lists" aria-describedby=ids.lists_err()>
                    <legend>"Newsletters"</legend>
                    {lists.iter().cloned().map(|l| view! { <ListChoice l chosen /> }).collect_view()}
                    <FieldError id=ids.lists_err() error=lists_error />
                </fieldset>
            }
        })
    };

    // Readers who signed up before do not see the one-list promos: the head
    // script marks `<html data-signed-up>` before first paint and CSS hides them.
    view! {
        <section class=class aria-labelledby=ids.title()>
            <h2 class="signup__title" id=ids.title()>{title}</h2>
            {blurb.map(|b| view! { <p class="signup__blurb">{b}</p> })}
            <form class="signup__form" method="post" action=action novalidate
                hidden=move || matches!(phase.get(), Phase::Done(_))
                data-ready-at=((shown_at + MIN_FILL_MS) as u64).to_string()
                on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
                {choices()}
                {fixed_list.clone().map(|id| view! { <input type="hidden" name="lists" value=id /> })}
                <input type="hidden" name="source" value=source.clone() />
                <div class="signup__field">
                    <label for=ids.email()>"Email address"</label>
                    <input
                        id=ids.email()
                        class="signup__email"
                        type="email"
                        name="email"
                        autocomplete="email"
                        inputmode="email"
                        required
                        on:input=move |ev| { email.set(event_target_value(&ev)); email_error.set(None); }
                        aria-invalid=move || email_error.get().map(|_| "true")
                        aria-describedby=ids.email_err()
                    />
                    <FieldError id=ids.email_err() error=email_error />
                </div>
                <div class="signup__consent">
                    <input
                        id=ids.consent()
                        type="checkbox"
                        name="consent"
                        value="true"
                        on:change=move |ev| { consent.set(event_target_checked(&ev)); consent_error.set(None); }
                        aria-invalid=move || consent_error.get().map(|_| "true")
                        aria-describedby=format!("{} {}", ids.privacy(), ids.consent_err())
                    />
                    <label for=ids.consent()>"I agree to receive this newsletter."</label>
                    <p class="signup__privacy" id=ids.privacy()>{privacy.clone()}</p>
                    <FieldError id=ids.consent_err() error=consent_error />
                </div>
                <div class="signup__trap" aria-hidden="true">
                    <label for=ids.trap()>"Leave this empty"</label>
                    <input id=ids.trap() type="text" name="website" tabindex="-1" autocomplete="off"
                        on:input=move |ev| honeypot.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button signup__submit" aria-disabled=move || (phase.get() == Phase::Sending).then_some("true")>
                    {move || if phase.get() == Phase::Sending { "Signing up…" } else { "Sign up" }}
                </button>
            </form>
            <div class="signup__status" role="status" aria-live="polite">
                {move || status_view(phase.get(), phase, submit)}
            </div>
        </section>
    }
}

/// One checkbox of the newsletters page.
#[component]
fn ListChoice(l: standfirst_model::NewsletterList, chosen: RwSignal<Vec<String>>) -> impl IntoView {
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
fn FieldError(id: String, error: RwSignal<Option<&'static str>>) -> impl IntoView {
    view! { <p class="signup__error" id=id>{move || error.get()}</p> }
}

/// The announced status line; "Try again" resubmits what is in the form.
fn status_view(p: Phase, phase: RwSignal<Phase>, submit: Callback<()>) -> AnyView {
    match p {
        Phase::Idle => ().into_any(),
        Phase::Sending => view! { <p>"Signing you up…"</p> }.into_any(),
        Phase::Done(SignupStatus::Pending) => view! {
            <p class="signup__done">"Check your inbox to confirm your subscription."</p>
        }.into_any(),
        Phase::Done(SignupStatus::Subscribed) => view! { <p class="signup__done">"You're signed up. Thank you."</p> }.into_any(),
        Phase::Done(SignupStatus::AlreadySubscribed) => view! { <p class="signup__done">"You're already signed up. Nothing more to do."</p> }.into_any(),
        Phase::RateLimited(secs) => view! {
            <p class="signup__problem">{format!("Too many attempts, try again in {secs} s.")}</p>
        }.into_any(),
        Phase::Failed if crate::saved::offline() => view! {
            <p class="signup__problem">"You're offline, so we couldn't sign you up. Your details are still in the form: try again when you're back online."</p>
            <button type="button" class="button" on:click=move |_| { phase.set(Phase::Idle); submit.run(()); }>"Try again"</button>
        }.into_any(),
        Phase::Failed => view! {
            <p class="signup__problem">"We couldn't sign you up just now. Your details are still in the form."</p>
            <button type="button" class="button" on:click=move |_| { phase.set(Phase::Idle); submit.run(()); }>"Try again"</button>
        }.into_any(),
    }
}

/// Element ids of one form instance (several forms can share a page).
#[derive(Clone, Copy)]
struct Ids(u32);

impl Ids {
    fn id(self, part: &str) -> String {
        format!("signup{}-{part}", self.0)
    }
    fn title(self) -> String {
        self.id("title")
    }
    fn email(self) -> String {
        self.id("email")
    }
    fn email_err(self) -> String {
        self.id("email-error")
    }
    fn consent(self) -> String {
        self.id("consent")
    }
    fn consent_err(self) -> String {
        self.id("consent-error")
    }
    fn privacy(self) -> String {
        self.id("privacy")
    }
    fn lists_err(self) -> String {
        self.id("lists-error")
    }
    fn trap(self) -> String {
        self.id("website")
    }
}

/// Milliseconds since the epoch in the browser; zero when prerendering
/// (the form is rendered again, with the real time, when the app takes over).
fn now_ms() -> f64 {
    #[cfg(feature = "ssr")]
    return 0.0;
    #[cfg(not(feature = "ssr"))]
    return js_sys::Date::now();
}

/// Form ids count from 1 in each rendered app, so a page prerendered at build
/// time and the app that takes it over give the same form the same ids.
#[derive(Clone, Default)]
pub struct FormIds(std::sync::Arc<std::sync::atomic::AtomicU32>);

fn next_id() -> u32 {
    use std::sync::atomic::Ordering;
    let ids = use_context::<FormIds>().unwrap_or_default();
    ids.0.fetch_add(1, Ordering::Relaxed) + 1
}

fn focus_first_error(uid: u32) {
    let doc = document();
    if let Ok(Some(el)) = doc.query_selector(&format!("[id^='signup{uid}-'][aria-invalid='true']"))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
