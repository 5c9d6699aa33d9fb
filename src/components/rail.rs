use crate::components::Card;
use crate::i18n::t;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::Teaser;

/// A labelled rail of cards: a scroll-snap row on narrow screens, a grid
/// on wide ones. Renders nothing when there are no cards.
#[component]
pub fn Rail(
    /// The rail's title, e.g. "Related" or "More from World".
    title: String,
    /// Element id for `aria-labelledby`; unique on the page.
    id: &'static str,
    /// The cards.
    teasers: Vec<Teaser>,
) -> impl IntoView {
    (!teasers.is_empty()).then(|| {
        let heading_id = format!("{id}-title");
        let labelled_by = heading_id.clone();
        view! {
            <section class="rail" aria-labelledby=labelled_by>
                <h2 class="rail__title" id=heading_id>{title}</h2>
                <ul class="rail__list" tabindex="0" aria-label=t(Key::RailScroll)>
                    {teasers
                        .into_iter()
                        .map(|teaser| view! { <li class="rail__item"><Card teaser sizes=Some("(min-width: 46rem) 23rem, 78vw") /></li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
