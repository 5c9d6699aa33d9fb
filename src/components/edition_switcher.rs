use crate::app::SiteContext;
use crate::i18n::t;
use crate::prefs;
use crate::prerendered::route_path;
use crate::url::site_url;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use standfirst_model::Key;

/// Chooses the reader's edition (US/UK), remembers it and opens its front.
/// Nothing for a single-edition site.
#[component]
pub fn EditionSwitcher() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    if ctx.site.editions.len() < 2 {
        return None;
    }
    let location = use_location();
    // On a front, the edition shown; elsewhere the reader's (known only
    // after takeover) or the default.
    let current = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let path = route_path(&location.pathname.get());
            let here = path.trim_start_matches('/');
            if path == "/" {
                ctx.site.default_edition.clone()
            } else if ctx.site.edition(here).is_some() {
                here.to_string()
            } else {
                ctx.edition_id()
            }
        })
    };
    let navigate = use_navigate();
    let change = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::Event| {
            let id = event_target_value(&ev);
            if ctx.site.edition(&id).is_none() {
                return;
            }
            prefs::set_edition(&id);
            ctx.edition.set(Some(id.clone()));
            navigate(&site_url(&ctx.front_path(&id)), NavigateOptions::default());
        }
    };
    // The select follows the edition shown (after back/forward too). Set
    // as a property from an effect: a `prop:value` binding cost 1.2 KB of
    // the brotli wasm for this one control.
    crate::dynamic::effect(move || {
        crate::nav::set_control_value(".edition-switcher__select", &current.get())
    });
    let options = ctx
        .site
        .editions
        .iter()
        .map(|e| {
            // Marked in the markup for the first render and for readers
            // without scripts; after that the effect above keeps the choice.
            let selected = current.get_untracked() == e.id;
            view! { <option value=e.id.clone() selected=selected>{e.name.clone()}</option> }
        })
        .collect_view();
    Some(view! {
        <label class="edition-switcher">
            <span class="edition-switcher__label">{t(Key::Edition)}</span>
            <select class="edition-switcher__select" on:change=change>
                {options}
            </select>
        </label>
    })
}
