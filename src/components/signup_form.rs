use crate::api::newsletter::{signup, SignupOutcome};
use crate::app::SiteContext;
use crate::prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use standfirst_model::{validate_email, SignupError, SignupRequest, SignupStatus};

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
    /// The list to sign up to (Inline and EndOfArticle).
    #[prop(optional, into)]
    list: String,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let location = use_location();
    let uid = next_id();
    let email = RwSignal::new(String::new());
    let chosen = RwSignal::new(if list.is_empty() {
        vec![]
    } else {
        vec![list.clone()]
    });
    let consent = RwSignal::new(false);
    let honeypot = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<&'static str>);
    let consent_error = RwSignal::new(None::<&'static str>);
    let lists_error = RwSignal::new(None::<&'static str>);
    let phase = RwSignal::new(Phase::Idle);
    let shown_at = js_sys::Date::now();
    let hide_promo = variant != SignupVariant::Page && prefs::signed_up();

    let send = Action::new_local(move |req: &SignupRequest| {
        let req = req.clone();
        async move {
            let Some(site) = ctx.get() else {
                return Err(crate::api::ApiError::Network("site not loaded".into()));
            };
            signup(&site.newsletter.endpoint, site.newsletter.encoding, &req).await
        }
    });
    Effect::new(move |_| {
        let Some(result) = send.value().get() else {
            return;
        };
        match result {
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
        }
    });

    let submit = Callback::new(move |()| {
        if send.pending().get_untracked()
            || matches!(phase.get_untracked(), Phase::Sending | Phase::Done(_))
        {
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
        if !honeypot.get_untracked().is_empty() || js_sys::Date::now() - shown_at < MIN_FILL_MS {
            phase.set(Phase::Done(SignupStatus::Pending));
            return;
        }
        phase.set(Phase::Sending);
        send.dispatch_local(SignupRequest {
            email: address,
            lists: chosen.get_untracked(),
            consent: true,
            source: location.pathname.get_untracked(),
        });
    });

    let lists = Signal::derive(move || {
        ctx.get()
            .map(|s| s.newsletter.lists.clone())
            .unwrap_or_default()
    });
    let privacy = Signal::derive(move || {
        ctx.get()
            .map(|s| s.newsletter.privacy.clone())
            .unwrap_or_default()
    });
    let single = list.clone();
    let title = Signal::derive(move || match variant {
        SignupVariant::Page => "Sign up to our newsletters".to_string(),
        _ => lists
            .get()
            .into_iter()
            .find(|l| l.id == single)
            .map(|l| l.name)
            .unwrap_or_else(|| "Our newsletter".into()),
    });
    let single = list.clone();
    let blurb = Signal::derive(move || {
        let l = lists.get().into_iter().find(|l| l.id == single);
        l.map(|l| format!("{} {}", l.description, l.frequency))
            .unwrap_or_default()
    });
    let class = match variant {
        SignupVariant::Inline => "signup signup--inline",
        SignupVariant::EndOfArticle => "signup signup--end",
        SignupVariant::Page => "signup signup--page",
    };
    let ids = Ids(uid);

    (!hide_promo).then(move || view! {
        <section class=class aria-labelledby=ids.title()>
            <h2 class="signup__title" id=ids.title()>{title}</h2>
            <Show when=move || variant != SignupVariant::Page>
                <p class="signup__blurb">{blurb}</p>
            </Show>
            // The form appears once site.json (lists, privacy text) is known, so it
            // is inserted whole rather than growing and pushing the page down.
            <Show when=move || ctx.get().is_some() && !matches!(phase.get(), Phase::Done(_))>
                <form class="signup__form" novalidate data-ready-at=(shown_at + MIN_FILL_MS).to_string() on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
                    <Show when=move || variant == SignupVariant::Page>
                        <fieldset class="signup__lists" aria-describedby=ids.lists_err()>
                            <legend>"Newsletters"</legend>
                            <For each=move || lists.get() key=|l| l.id.clone() let:l>
                                <ListChoice l chosen />
                            </For>
                            <FieldError id=ids.lists_err() error=lists_error />
                        </fieldset>
                    </Show>
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
                            prop:value=move || email.get()
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
                            prop:checked=move || consent.get()
                            on:change=move |ev| { consent.set(event_target_checked(&ev)); consent_error.set(None); }
                            aria-invalid=move || consent_error.get().map(|_| "true")
                            aria-describedby=format!("{} {}", ids.privacy(), ids.consent_err())
                        />
                        <label for=ids.consent()>"I agree to receive this newsletter."</label>
                        <p class="signup__privacy" id=ids.privacy()>{privacy}</p>
                        <FieldError id=ids.consent_err() error=consent_error />
                    </div>
                    <div class="signup__trap" aria-hidden="true">
                        <label for=ids.trap()>"Leave this empty"</label>
                        <input id=ids.trap() type="text" name="website" tabindex="-1" autocomplete="off"
                            prop:value=move || honeypot.get()
                            on:input=move |ev| honeypot.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="button signup__submit" aria-disabled=move || (phase.get() == Phase::Sending).then_some("true")>
                        {move || if phase.get() == Phase::Sending { "Signing up…" } else { "Sign up" }}
                    </button>
                </form>
            </Show>
            <div class="signup__status" role="status" aria-live="polite">
                {move || status_view(phase.get(), phase, submit)}
            </div>
        </section>
    })
}

/// One checkbox of the newsletters page.
#[component]
fn ListChoice(l: standfirst_model::NewsletterList, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let id = l.id.clone();
    let input_id = format!("signup-list-{}", l.id);
    let checked = {
        let id = id.clone();
        move || chosen.with(|c| c.contains(&id))
    };
    view! {
        <div class="signup__list">
            <input id=input_id.clone() type="checkbox" prop:checked=checked
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

fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
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
