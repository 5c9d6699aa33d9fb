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
/// or the reader navigated here): `fallback` while the first data loads,
/// then `render`, the not-found view, or an announced error with a retry.
/// While a later request is in flight (a route parameter changed, or the
/// reader pressed retry) the last page stays on screen, as a transition.
///
/// Every page kind goes through this one component with boxed requests, so
/// the wasm carries one copy of the loading machinery. It is a signal and
/// a task, not a resource inside `<Transition>`: that machinery (async
/// derived signals, suspense boundaries) cost about 8 KB of brotli wasm
/// that nothing else needs. `load` may read signals (a route parameter):
/// the data is fetched again when they change.
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
    let loaded = RwSignal::new(None::<Loaded>);
    let attempt = RwSignal::new(0u32);
    // Only the newest request's answer is shown; an older one that
    // finishes late (it was aborted, or lost the race) is dropped.
    let newest = StoredValue::new(0u32);
    crate::dynamic::effect(move || {
        attempt.track();
        let request = load(scope.next());
        let this = newest.get_value().wrapping_add(1);
        newest.set_value(this);
        leptos::task::spawn_local(async move {
            let answer = request.await;
            if newest.try_get_value() == Some(this) {
                loaded.try_set(Some(answer));
            }
        });
    });
    crate::dynamic::dynamic(move || match loaded.get() {
        None => fallback(),
        Some(Ok(page)) => render(page),
        Some(Err(ApiError::NotFound)) => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error on_retry=move |_| attempt.update(|n| *n += 1) /> }.into_any()
        }
    })
}
