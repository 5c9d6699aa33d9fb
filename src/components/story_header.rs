use crate::app::SiteContext;
use crate::components::Byline;
use crate::format::format_date_time;
use crate::i18n::{t, tf, tn};
use leptos::prelude::*;
use standfirst_model::Article;
use standfirst_model::{Key, Plural};
use std::sync::Arc;

/// Kicker, headline (the page's h1), standfirst, byline, edition and dates.
#[component]
pub fn StoryHeader(
    /// The story.
    article: Arc<Article>,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let a = article;
    // The story's own edition (its first), so the page reads the same for
    // every reader and at build time.
    let edition = a
        .editions
        .first()
        .cloned()
        .unwrap_or_else(|| ctx.site.default_edition.clone());
    let locale = ctx.locale_of(&edition);
    let updated = a.updated.clone().filter(|u| *u != a.published).map(|u| {
        let text = format_date_time(&u, &locale);
        view! { <span class="story-header__updated">{t(Key::Updated)} " " <time datetime=u>{text}</time></span> }
    });
    view! {
        <header class="story-header">
            <p class="story-header__kicker" data-pagefind-meta="kicker">{a.kicker.clone()}</p>
            <h1 class="story-header__headline" dir="auto" tabindex="-1" data-pagefind-meta="title">{a.headline.clone()}</h1>
            <p class="story-header__standfirst" data-pagefind-meta="summary">{a.standfirst.clone()}</p>
            <div class="story-header__meta">
                <Byline authors=a.authors.clone() />
                <span class="story-header__edition">{tf(Key::EditionLabel, &[&ctx.edition_name(&edition)])}</span>
                <span class="story-header__dates">
                    <time datetime=a.published.clone() data-pagefind-meta="published[datetime]">{format_date_time(&a.published, &locale)}</time>
                    {updated}
                </span>
                <span class="story-header__reading">{tn(Plural::MinRead, a.reading_minutes.into(), &[])}</span>
            </div>
        </header>
    }
}
