use leptos::prelude::*;

/// Element ids of one form instance (several forms can share a page).
#[derive(Clone, Copy)]
pub(super) struct Ids(pub(super) u32);

impl Ids {
    pub(super) fn id(self, part: &str) -> String {
        format!("signup{}-{part}", self.0)
    }
    pub(super) fn title(self) -> String {
        self.id("title")
    }
    pub(super) fn email(self) -> String {
        self.id("email")
    }
    pub(super) fn email_err(self) -> String {
        self.id("email-error")
    }
    pub(super) fn consent(self) -> String {
        self.id("consent")
    }
    pub(super) fn consent_err(self) -> String {
        self.id("consent-error")
    }
    pub(super) fn privacy(self) -> String {
        self.id("privacy")
    }
    pub(super) fn lists_err(self) -> String {
        self.id("lists-error")
    }
    pub(super) fn trap(self) -> String {
        self.id("website")
    }
    pub(super) fn form(self) -> String {
        self.id("form")
    }
    pub(super) fn submit(self) -> String {
        self.id("submit")
    }
    pub(super) fn status(self) -> String {
        self.id("status")
    }
}

/// Milliseconds since the epoch in the browser; zero when prerendering
/// (the form is rendered again, with the real time, when the app takes over).
pub(super) fn now_ms() -> f64 {
    #[cfg(feature = "ssr")]
    return 0.0;
    #[cfg(feature = "csr")]
    return js_sys::Date::now();
}

/// Form ids count from 1 in each rendered app, so a page prerendered at build
/// time and the app that takes it over give the same form the same ids.
#[derive(Clone, Default)]
pub struct FormIds(std::sync::Arc<std::sync::atomic::AtomicU32>);

pub(super) fn next_id() -> u32 {
    use std::sync::atomic::Ordering;
    let ids = use_context::<FormIds>().unwrap_or_default();
    ids.0.fetch_add(1, Ordering::Relaxed) + 1
}

pub(super) fn focus_first_error(uid: u32) {
    let doc = document();
    if let Ok(Some(el)) = doc.query_selector(&format!("[id^='signup{uid}-'][aria-invalid='true']"))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
