use crate::api::prefetch_article;
use crate::app::SiteContext;
use crate::components::{Byline, Picture, SaveToggle};
use crate::format;
use crate::i18n::{self, tf};
use crate::url::site_url;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::Teaser;

/// The image slot of a card in a `.card-list` grid: four columns from
/// 64rem, two from 36rem, else the full width.
const GRID_SIZES: &str = "(min-width: 64rem) 18rem, (min-width: 36rem) 50vw, 100vw";

/// A story card: kicker, headline link, summary, byline with edition, and
/// the published time, and a save-for-later toggle. Hovering, focusing or touching the link prefetches
/// the story so it opens at once.
#[component]
pub fn Card(
    /// The story.
    teaser: Teaser,
    /// Show the thumbnail, when the story has one.
    #[prop(default = true)]
    image: bool,
    /// Heading level of the headline (2 on fronts, 3 inside rails).
    #[prop(default = 3)]
    level: u8,
    /// The card's image is likely the largest thing on the first screen
    /// (a front's lead, a section's first story): load it at once, first.
    #[prop(default = false)]
    priority: bool,
    /// The image's `sizes`: the width of the card's image slot in the
    /// layout it sits in (`None`: a `.card-list` grid cell).
    #[prop(optional_no_strip)]
    sizes: Option<&'static str>,
    /// A search result's matching passage: runs of plain text, each
    /// followed by the matched words, if any.
    #[prop(optional)]
    excerpt: Option<Vec<(String, Option<String>)>>,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let t = teaser;
    let slug = t.slug.clone();
    let prefetch = move || prefetch_article(&slug);
    let (p1, p2, p3) = (prefetch.clone(), prefetch.clone(), prefetch);
    let edition = t
        .editions
        .first()
        .cloned()
        .unwrap_or_else(|| ctx.site.default_edition.clone());
    let edition_label = tf(Key::EditionLabel, &[&ctx.edition_name(&edition)]);
    // Search results carry no authors: no "By" then.
    let byline = (!t.authors.is_empty())
        .then(|| view! { <Byline authors=t.authors.clone() links=false /> ", " });
    let published = t.published.clone();
    let save_label = tf(Key::SaveHeadline, &[&t.headline]);
    let save = view! { <SaveToggle teaser=t.clone() label=save_label compact=true /> };
    // The date as prerendered; "3 hours ago" once the app has taken over.
    let time_text = RwSignal::new(format::format_date(&published, &ctx.locale_of(&edition)));
    {
        let p = published.clone();
        crate::dynamic::effect(move || {
            if let Some(label) = format::relative_label(&p) {
                time_text.set(label);
            }
        });
    }
    let link = view! {
        <a href=site_url(&t.url) on:mouseenter=move |_| p1() on:focus=move |_| p2() on:touchstart=move |_| p3()>
            {t.headline.clone()}
        </a>
    };
    let headline = match level {
        2 => view! { <h2 class="card__headline" dir="auto">{link}</h2> }.into_any(),
        _ => view! { <h3 class="card__headline" dir="auto">{link}</h3> }.into_any(),
    };
    let thumb = t.image.clone().filter(|_| image).map(|img| {
        view! {
            <div class="card__image">
                <Picture image=img lazy=!priority priority sizes=sizes.unwrap_or(GRID_SIZES) />
            </div>
        }
    });
    view! {
        <article class="card">
            {thumb}
            <div class="card__body">
                <p class="card__kicker">
                    {t.live.then(|| view! { <span class="live-badge">{i18n::t(Key::Live)}</span> " " })}
                    {t.kicker.clone()}
                </p>
                {headline}
                <p class="card__summary">{t.summary.clone()}</p>
                {excerpt.map(|runs| view! {
                    <p class="card__excerpt">
                        {runs.into_iter().map(|(text, marked)| view! {
                            {text}{marked.map(|m| view! { <mark>{m}</mark> })}
                        }).collect_view()}
                    </p>
                })}
                <p class="card__meta">
                    {byline}
                    {edition_label}
                    " · "
                    <time datetime=published>{crate::dynamic::dynamic(move || time_text.get())}</time>
                </p>
                {save}
            </div>
        </article>
    }
}
