use super::fields::{FieldError, ListChoice};
use super::ids::{next_id, now_ms, Ids};
use super::state::{self, MIN_FILL_MS};
use super::{SignupTarget, SignupVariant};
use crate::app::SiteContext;
use crate::i18n::t;
use crate::url::href;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use standfirst_model::Key;

/// The newsletter sign-up form. Talks to the endpoint in `site.json`.
///
/// Its markup is static: what the reader typed, the errors beside the
/// fields and the announced status live in the form's own elements, which
/// `state.rs` reads and updates when the form is sent (a reactive form,
/// with a signal per field and per error, cost 11 KB of brotli wasm).
#[component]
pub fn SignupForm(
    /// The layout and copy to use.
    variant: SignupVariant,
    /// The list, or the reader's choice of lists.
    target: SignupTarget,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let uid = next_id();
    let ids = Ids(uid);
    let shown_at = now_ms();
    let source = use_location().pathname.get_untracked();
    let site = ctx.site.clone();
    let send = {
        let source = source.clone();
        move || state::submit(ids, shown_at, &source, &site)
    };

    let newsletter = &ctx.site.newsletter;
    // With no script at all the form still works: a plain form post to the
    // endpoint, in form encoding, with the same field names.
    let action = href(&newsletter.endpoint);
    let (fixed_list, one) = match &target {
        SignupTarget::List(id) => (Some(id.clone()), ctx.site.list(id)),
        SignupTarget::Choice => (None, None),
    };
    let title = match (&target, one) {
        (SignupTarget::Choice, _) => t(Key::SignupAll),
        (_, Some(l)) => l.name.clone(),
        (_, None) => t(Key::SignupOne),
    };
    let blurb = one.map(|l| format!("{} {}", l.description, l.frequency));
    let class = match variant {
        SignupVariant::Inline => "signup signup--inline",
        SignupVariant::EndOfArticle => "signup signup--end",
        SignupVariant::Page => "signup signup--page",
    };
    let choices = (target == SignupTarget::Choice).then(|| {
        view! {
            <fieldset class="signup__lists" aria-describedby=ids.lists_err()>
                <legend>{t(Key::Newsletters)}</legend>
                {newsletter.lists.iter().cloned().map(|l| view! { <ListChoice l /> }).collect_view()}
                <FieldError id=ids.lists_err() />
            </fieldset>
        }
    });

    // Readers who signed up before do not see the one-list promos: the head
    // script marks `<html data-signed-up>` before first paint and CSS hides them.
    view! {
        <section class=class aria-labelledby=ids.title()>
            <h2 class="signup__title" id=ids.title()>{title}</h2>
            {blurb.map(|b| view! { <p class="signup__blurb">{b}</p> })}
            <form id=ids.form() class="signup__form" method="post" action=action novalidate
                data-ready-at=((shown_at + MIN_FILL_MS) as u64).to_string()
                on:submit=move |ev| { ev.prevent_default(); send(); }
                on:input=move |ev| state::edited(ids, &ev)>
                {choices}
                {fixed_list.map(|id| view! { <input type="hidden" name="lists" value=id /> })}
                <input type="hidden" name="source" value=source />
                <div class="signup__field">
                    <label for=ids.email()>{t(Key::EmailLabel)}</label>
                    <input
                        id=ids.email()
                        class="signup__email"
                        type="email"
                        dir="auto"
                        name="email"
                        autocomplete="email"
                        inputmode="email"
                        required
                        aria-describedby=ids.email_err()
                    />
                    <FieldError id=ids.email_err() />
                </div>
                <div class="signup__consent">
                    <input
                        id=ids.consent()
                        type="checkbox"
                        name="consent"
                        value="true"
                        aria-describedby=format!("{} {}", ids.privacy(), ids.consent_err())
                    />
                    <label for=ids.consent()>{t(Key::ConsentLabel)}</label>
                    <p class="signup__privacy" id=ids.privacy()>{newsletter.privacy.clone()}</p>
                    <FieldError id=ids.consent_err() />
                </div>
                <div class="signup__trap" aria-hidden="true">
                    <label for=ids.trap()>{t(Key::TrapLabel)}</label>
                    <input id=ids.trap() type="text" name="website" tabindex="-1" autocomplete="off" />
                </div>
                <button id=ids.submit() type="submit" class="button signup__submit">{t(Key::SignUp)}</button>
            </form>
            <div id=ids.status() class="signup__status" role="status" aria-live="polite"></div>
        </section>
    }
}
