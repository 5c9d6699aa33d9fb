//! What happens around an in-app navigation, once the new page's content is
//! on screen: a new page starts at the top, back/forward restores where the
//! reader was, and focus moves to the new `h1` so that screen-reader users
//! hear that the page changed. The first page load is left to the browser.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::cell::RefCell;
#[cfg(feature = "csr")]
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Default)]
struct State {
    /// The location shown now (path + query).
    current: String,
    /// Last known scroll offset of the location shown now.
    last_scroll: f64,
    /// Scroll offsets of locations the reader left, oldest first (a short
    /// list: a linear search is smaller in the wasm than a hash map).
    positions: Vec<(String, f64)>,
    /// The next location change comes from back/forward.
    popped: bool,
    /// What to do once the new page's content is ready.
    pending: Option<f64>,
}

/// Locations whose scroll offset is kept for back/forward.
const MAX_POSITIONS: usize = 50;

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Installs the window listeners. Call once, before the `<Router>` is
/// created, so that `popstate` reaches this module before the router reacts
/// to it (microtasks run between listeners).
pub fn listen() {
    #[cfg(feature = "csr")]
    listen_in_browser();
}

#[cfg(feature = "csr")]
fn listen_in_browser() {
    let win = window();
    if let Ok(history) = win.history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = Closure::<dyn Fn()>::new(|| {
        let y = window().scroll_y().unwrap_or(0.0);
        STATE.with_borrow_mut(|s| s.last_scroll = y);
    });
    let on_pop = Closure::<dyn Fn()>::new(|| STATE.with_borrow_mut(|s| s.popped = true));
    let _ = win.add_event_listener_with_callback("scroll", on_scroll.as_ref().unchecked_ref());
    let _ = win.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    on_scroll.forget();
    on_pop.forget();
}

/// Watches the route; call once inside the `<Router>`.
pub fn track() {
    let location = use_location();
    crate::dynamic::effect(move || {
        let key = format!("{}{}", location.pathname.get(), location.search.get());
        STATE.with_borrow_mut(|s| {
            // `current` is empty only before the first run: the page the
            // app started on is no navigation.
            if !s.current.is_empty() && key != s.current {
                let left = std::mem::take(&mut s.current);
                let y = s.last_scroll;
                s.positions.retain(|(k, _)| *k != left);
                if s.positions.len() >= MAX_POSITIONS {
                    s.positions.remove(0);
                }
                s.positions.push((left, y));
                let restore = if s.popped {
                    s.positions
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map_or(0.0, |(_, y)| *y)
                } else {
                    0.0
                };
                s.pending = Some(restore);
                s.last_scroll = restore;
                // The build's head tags (canonical, Open Graph, JSON-LD)
                // belong to the page the app started on.
                remove_all("head [data-page-head]");
            }
            s.popped = false;
            s.current = key;
        });
    });
}

/// Called by a page once its main content is rendered: applies the scroll
/// position and moves focus to the page's `h1` after a navigation.
pub fn content_ready() {
    let Some(y) = STATE.with_borrow_mut(|s| s.pending.take()) else {
        return;
    };
    request_animation_frame(move || {
        window().scroll_to_with_x_and_y(0.0, y);
        let h1 = document().query_selector("main h1").ok().flatten();
        if let Some(h1) = h1.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let opts = web_sys::FocusOptions::new();
            opts.set_prevent_scroll(true);
            let _ = h1.focus_with_options(&opts);
        }
    });
}

/// Marks the page's content as ready once it is mounted.
pub fn on_content_ready() {
    crate::dynamic::effect(content_ready);
}

/// Removes every element matching `selector`.
pub(crate) fn remove_all(selector: &str) {
    if let Ok(list) = document().query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                el.remove();
            }
        }
    }
}

/// Sets the `value` of the form control matching `selector` (a property,
/// not the attribute: it is what the control shows), if there is one.
pub(crate) fn set_control_value(selector: &str, value: &str) {
    if let Ok(Some(el)) = document().query_selector(selector) {
        let _ = js_sys::Reflect::set(&el, &"value".into(), &value.into());
    }
}
