//! Ties requests to the page that made them.

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::UnwrapThrowExt;
use web_sys::AbortController;

/// Owns the page's in-flight request. Starting a new one aborts the previous
/// (the reader moved on to another story); the page's cleanup aborts the
/// last (the reader navigated away).
#[derive(Clone, Copy)]
pub struct RequestScope(StoredValue<RefCell<Option<AbortController>>, LocalStorage>);

impl RequestScope {
    /// Creates a scope owned by the current reactive owner.
    pub fn new() -> Self {
        let scope = RequestScope(StoredValue::new_local(RefCell::new(None)));
        on_cleanup(move || scope.abort());
        scope
    }

    /// Aborts any request in flight and returns a controller for the next.
    pub fn next(&self) -> AbortController {
        // (`expect_throw`: no Debug formatting of the JS error in the wasm.)
        let fresh = AbortController::new().expect_throw("AbortController is supported");
        self.0.try_with_value(|cell| {
            if let Some(old) = cell.replace(Some(fresh.clone())) {
                old.abort();
            }
        });
        fresh
    }

    /// Aborts the request in flight, if any.
    pub fn abort(&self) {
        self.0.try_with_value(|cell| {
            if let Some(c) = cell.borrow_mut().take() {
                c.abort();
            }
        });
    }
}

impl Default for RequestScope {
    fn default() -> Self {
        Self::new()
    }
}
