use crate::components::Card;
use leptos::prelude::*;
use standfirst_model::Teaser;

/// A compact rail of story links beside a story on wide screens: kicker
/// and headline, a small image on the first. Prerendered with the page and
/// shown only where there is room (style/30-story.css). Renders nothing
/// when there are no stories.
#[component]
pub fn SideRail(
    /// The rail's title, e.g. "More from World".
    title: String,
    /// The stories.
    teasers: Vec<Teaser>,
) -> impl IntoView {
    (!teasers.is_empty()).then(|| {
        let cards = teasers
            .into_iter()
            .enumerate()
            .map(
                |(i, teaser)| view! { <li><Card teaser image={i == 0} sizes=Some("18rem") /></li> },
            )
            .collect_view();
        view! {
            <aside class="side-rail" aria-labelledby="side-rail-title">
                <h2 class="side-rail__title" id="side-rail-title">{title}</h2>
                <ul class="side-rail__list">{cards}</ul>
            </aside>
        }
    })
}
