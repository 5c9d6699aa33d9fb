//! The interface's words, from the site's `ui` table (delivered in
//! `site.json`; `standfirst_model::strings` has the one list of keys).
//! The app installs its site when it starts, at build time as in the
//! browser, so components ask for a string by key without a context.

use standfirst_model::{Key, Plural, Site};
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    static SITE: RefCell<Option<Arc<Site>>> = const { RefCell::new(None) };
}

/// Makes `site`'s interface the one components read (on this thread).
pub fn install(site: Arc<Site>) {
    SITE.with(|s| *s.borrow_mut() = Some(site));
}

/// `f` of the installed interface (an empty one before any is installed).
pub fn with<R>(f: impl FnOnce(&standfirst_model::Ui) -> R) -> R {
    SITE.with(|s| match s.borrow().as_ref() {
        Some(site) => f(&site.ui),
        None => f(&standfirst_model::Ui::default()),
    })
}

/// The string of `key`.
pub fn t(key: Key) -> String {
    with(|ui| ui.get(key).to_string())
}

/// The string of `key`, its placeholders filled in order.
pub fn tf(key: Key, args: &[&str]) -> String {
    with(|ui| ui.fill(key, args))
}

/// The form of `key` for the count `n` (in the language's digits), with
/// `args` after the count.
pub fn tn(key: Plural, n: u64, args: &[&str]) -> String {
    with(|ui| ui.plural(key, n, args))
}

/// `n` in the language's digits.
pub fn num(n: u64) -> String {
    with(|ui| ui.num(n))
}
