use crate::api::ApiError;
use leptos::prelude::*;

/// An announced error with a retry button; details go to the console only.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called when the reader asks to try again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    leptos::logging::warn!("request failed: {error}");
    crate::nav::on_content_ready();
    view! {
        <div class="error-view" role="alert">
            <h1 class="error-view__title">"Sorry, something went wrong"</h1>
            <p>{error.reader_message()}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
        </div>
    }
}
