use crate::api::ApiError;
use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;

/// An announced error with a retry button; details go to the console only.
/// Offline, the offline view instead.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called when the reader asks to try again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    leptos::logging::warn!("request failed: {error}");
    // Offline, a page that is not on this device says so and lists the
    // stories that are.
    if matches!(error, ApiError::Network(_) | ApiError::Timeout) && crate::saved::offline() {
        return view! { <crate::components::OfflineView /> }.into_any();
    }
    crate::nav::on_content_ready();
    view! {
        <div class="error-view" role="alert">
            <h1 class="error-view__title">{t(Key::ErrorTitle)}</h1>
            <p>{t(error.reader_message())}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t(Key::TryAgain)}
            </button>
        </div>
    }
    .into_any()
}
