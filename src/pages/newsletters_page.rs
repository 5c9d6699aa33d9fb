use crate::components::{PageMeta, SignupForm, SignupTarget, SignupVariant};
use leptos::prelude::*;

/// The newsletters page's description (also its Open Graph description).
pub const NEWSLETTERS_DESCRIPTION: &str = "Sign up to our newsletters: briefings in your inbox.";

/// `/newsletters`: every list, several selectable at once.
#[component]
pub fn NewslettersPage() -> impl IntoView {
    crate::nav::on_content_ready();
    view! {
        <PageMeta title="Newsletters" description=NEWSLETTERS_DESCRIPTION />
        <div class="newsletters-page">
            <h1 tabindex="-1">"Newsletters"</h1>
            <p class="newsletters-page__intro">"Our journalism, delivered. Choose as many as you like; you can leave any time."</p>
            <SignupForm variant=SignupVariant::Page target=SignupTarget::Choice />
        </div>
    }
}
