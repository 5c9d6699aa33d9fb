//! Site URLs: the public base the site is served under, and the one
//! function that turns a URL from content into an `href`.

use standfirst_model::safe_url;

/// The path the site is served under (`/` by default, `/project/` on a
/// sub-path), always ending in `/`. In the browser it is read from
/// `<base href>`; at build time the prerenderer sets it.
pub fn base_path() -> String {
    imp::base_path()
}

#[cfg(feature = "ssr")]
mod imp {
    use std::sync::OnceLock;

    static BASE: OnceLock<String> = OnceLock::new();

    pub fn base_path() -> String {
        BASE.get().cloned().unwrap_or_else(|| "/".to_string())
    }

    /// Sets the public base for this build; the first call wins.
    pub fn set_base_path(base: &str) {
        let base = format!("/{}/", base.trim_matches('/')).replace("//", "/");
        let _ = BASE.set(base);
    }
}

#[cfg(feature = "csr")]
mod imp {
    use leptos::prelude::window;

    pub fn base_path() -> String {
        thread_local! {
            static BASE: String = read_base_path();
        }
        BASE.with(String::clone)
    }

    /// From `<base href>` (trunk always writes one); `/` without it.
    fn read_base_path() -> String {
        let base = window()
            .document()
            .filter(|d| d.query_selector("base[href]").ok().flatten().is_some())
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|u| u.pathname())
            .unwrap_or_else(|| "/".to_string());
        if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        }
    }
}

#[cfg(feature = "ssr")]
pub use imp::set_base_path;

/// A site-relative path (`/world/x`, `/media/a.jpg`) under the public base;
/// any other URL unchanged.
pub fn site_url(path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        format!("{}{path}", base_path().trim_end_matches('/'))
    } else {
        path.to_string()
    }
}

/// The `href` (or `src`) for a URL from content: `None` unless it passes
/// the allowlist, site-relative paths placed under the public base.
pub fn href(raw: &str) -> Option<String> {
    safe_url(raw).map(site_url)
}

/// Whether a navigation link to `href` is for the page at `path` or a page
/// under it (`/world` for `/world/a-story`; `/` only for `/`): its
/// `aria-current`. Both are paths as the browser shows them.
pub fn is_current(path: &str, href: &str) -> bool {
    let (path, href) = (path.trim_end_matches('/'), href.trim_end_matches('/'));
    path == href
        || (!href.is_empty()
            && path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/')))
}

/// Moves focus to the element with `id`, if there is one (it scrolls into
/// view, as focus does).
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

#[cfg(test)]
mod current_tests {
    use super::is_current;

    #[test]
    fn a_link_is_current_for_its_page_and_the_pages_under_it() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/world", "/"));
        assert!(is_current("/world", "/world"));
        assert!(is_current("/world/", "/world"));
        assert!(is_current("/world/a-story", "/world"));
        assert!(is_current("/world/page/2", "/world"));
        assert!(!is_current("/worldwide", "/world"));
        assert!(!is_current("/science", "/world"));
        assert!(is_current("/sub/world/x", "/sub/world"));
    }
}
