//! Reader preferences kept in `localStorage`. Every access tolerates storage
//! being unavailable (private modes, blocked cookies): it then does nothing.

use leptos::prelude::window;

const EDITION: &str = "standfirst:edition";
const THEME: &str = "standfirst:theme";
const SIGNED_UP: &str = "standfirst:signed-up";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// The remembered edition id, if any.
pub fn edition() -> Option<String> {
    get(EDITION).filter(|e| !e.is_empty() && e.len() < 16)
}

pub fn set_edition(id: &str) {
    set(EDITION, id);
}

/// The reader's colour theme: `light`, `dark`, or `None` to follow the system.
pub fn theme() -> Option<String> {
    get(THEME).filter(|t| t == "light" || t == "dark")
}

/// Remembers the theme and applies it to `<html data-theme>`.
pub fn set_theme(theme: Option<&str>) {
    let root = window().document().and_then(|d| d.document_element());
    match theme {
        Some(t) => {
            set(THEME, t);
            if let Some(r) = root {
                let _ = r.set_attribute("data-theme", t);
            }
        }
        None => {
            if let Some(s) = storage() {
                let _ = s.remove_item(THEME);
            }
            if let Some(r) = root {
                let _ = r.remove_attribute("data-theme");
            }
        }
    }
}

/// True once this reader has signed up to a newsletter here.
pub fn signed_up() -> bool {
    get(SIGNED_UP).is_some()
}

pub fn set_signed_up() {
    set(SIGNED_UP, "1");
}
