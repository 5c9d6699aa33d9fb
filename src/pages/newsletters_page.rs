use crate::components::{PageMeta, SignupForm, SignupTarget, SignupVariant};
use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;

/// `/newsletters`: every list, several selectable at once.
#[component]
pub fn NewslettersPage() -> impl IntoView {
    crate::nav::on_content_ready();
    view! {
        <PageMeta title=t(Key::Newsletters) description=t(Key::NewslettersDescription) />
        <div class="newsletters-page">
            <h1 tabindex="-1">{t(Key::Newsletters)}</h1>
            <p class="newsletters-page__intro">{t(Key::NewslettersIntro)}</p>
            <SignupForm variant=SignupVariant::Page target=SignupTarget::Choice />
        </div>
    }
}
