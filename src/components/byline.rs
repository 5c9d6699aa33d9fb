use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::{safe_url, Author};

/// "By Ana Reyes and Tom Hale", with author links where they are safe.
#[component]
pub fn Byline(
    /// The authors, in order.
    authors: Vec<Author>,
    /// Link author names to their pages.
    #[prop(default = true)]
    links: bool,
) -> impl IntoView {
    let n = authors.len();
    let (and, comma) = (t(Key::ListAnd), t(Key::ListComma));
    let names = authors
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let sep = match (i, n) {
                (0, _) => String::new(),
                (i, n) if i + 1 == n => and.clone(),
                _ => comma.clone(),
            };
            let name = match a.url.as_deref().and_then(safe_url).filter(|_| links) {
                Some(u) => {
                    view! { <a href=crate::url::site_url(u) rel="author">{a.name}</a> }.into_any()
                }
                None => a.name.into_any(),
            };
            view! { {sep}<bdi>{name}</bdi> }
        })
        .collect_view();
    view! { <span class="byline">{t(Key::By)} " " {names}</span> }
}
