use crate::i18n::t;
use crate::prefs;
use leptos::prelude::*;
use standfirst_model::Key;

/// Switches between the system colour scheme, light and dark; remembered.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    // The reader's choice is applied after takeover (the page itself already
    // has it from the head script); the first render says "system".
    let theme = RwSignal::new(None::<String>);
    crate::dynamic::effect(move || theme.set(prefs::theme()));
    let label = move || match theme.get().as_deref() {
        Some("dark") => t(Key::ThemeDark),
        Some("light") => t(Key::ThemeLight),
        _ => t(Key::ThemeSystem),
    };
    let cycle = move |_| {
        let next = match theme.get_untracked().as_deref() {
            None => Some("dark"),
            Some("dark") => Some("light"),
            _ => None,
        };
        prefs::set_theme(next);
        theme.set(next.map(str::to_string));
    };
    view! {
        <button type="button" class="theme-toggle" on:click=cycle aria-live="polite">
            {crate::dynamic::dynamic(label)}
        </button>
    }
}
