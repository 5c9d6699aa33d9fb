use crate::api::{ApiError, RequestScope};
use crate::components::ErrorView;
use crate::pages::NotFound;
use crate::prerendered::PageData;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use web_sys::AbortController;

/// A request for one page's data, made with the page's abort controller.
pub type Load = Arc<dyn Fn(AbortController) -> Pin<Box<dyn Future<Output = Loaded>>> + Send + Sync>;

/// A page's data, or why there is none.
pub type Loaded = Result<PageData, ApiError>;

/// A page whose data is fetched in the browser (the app started elsewhere,
/// or the reader navigated here): `fallback` while it loads, then `render`,
/// the not-found view, or an announced error with a retry.
///
/// Every page kind goes through this one component with boxed requests, so
/// the wasm carries one copy of the loading machinery (resource, transition,
/// error handling) instead of one per page kind. `load` may read signals
/// (a route parameter): the data is fetched again when they change.
#[component]
pub fn PageLoader(
    /// Fetches the page's data.
    load: Load,
    /// The page, from its data.
    render: fn(PageData) -> AnyView,
    /// Shown while the first data loads.
    fallback: fn() -> AnyView,
) -> impl IntoView {
    let scope = RequestScope::new();
    let data = LocalResource::new(move || load(scope.next()));
    view! {
        <Transition fallback=fallback>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => render(page),
                    Err(ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error on_retry=move |_| data.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}
