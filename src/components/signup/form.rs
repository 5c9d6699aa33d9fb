use super::fields::{FieldError, ListChoice};
use super::ids::{next_id, now_ms, Ids};
use super::state::{FormState, MIN_FILL_MS};
use super::status::{status_view, Phase};
use super::{SignupTarget, SignupVariant};
use crate::app::SiteContext;
use crate::url::href;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
    let list = match &target {
        SignupTarget::List(id) => id.clone(),
        SignupTarget::Choice => String::new(),
    };
    let state = FormState::new(&target);
    let FormState {
        email,
        chosen,
        consent,
        honeypot,
        email_error,
        consent_error,
        lists_error,
        phase,
    } = state;
    let shown_at = now_ms();
    let site = ctx.site.clone();
    let submit = Callback::new(move |()| {
        state.submit(uid, shown_at, location.pathname.get_untracked(), &site)
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
                    {crate::dynamic::dynamic(move || if phase.get() == Phase::Sending { "Signing up…" } else { "Sign up" })}
                </button>
            </form>
            <div class="signup__status" role="status" aria-live="polite">
                {crate::dynamic::dynamic(move || status_view(phase.get(), phase, submit))}
            </div>
        </section>
    }
}
