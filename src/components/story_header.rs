use crate::app::SiteContext;
use crate::components::Byline;
use crate::format;
use leptos::prelude::*;
use standfirst_model::Article;
use std::sync::Arc;

/// Kicker, headline (the page's h1), standfirst, byline, edition and dates.
#[component]
pub fn StoryHeader(
    /// The story.
    article: Arc<Article>,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let a = article;
    let for_edition = a.clone();
    // The story's own edition when it has one, else the reader's.
    let edition = move || {
        let a = &for_edition;
        let reader = ctx.edition_id().unwrap_or_default();
        if a.editions.contains(&reader) {
            reader
        } else {
            a.editions.first().cloned().unwrap_or(reader)
        }
    };
    let edition_for_name = edition.clone();
    let edition_name = move || ctx.edition_name(&edition_for_name());
    let locale = move || ctx.locale_of(&edition());
    let published = a.published.clone();
    let updated = a.updated.clone().filter(|u| *u != a.published);
    let pub_text = {
        let (p, l) = (published.clone(), locale.clone());
        move || format::date_time(&p, &l())
    };
    let upd = updated.map(|u| {
        let l = locale.clone();
        let text = {
            let u = u.clone();
            move || format::date_time(&u, &l())
        };
        view! { <span class="story-header__updated">"Updated " <time datetime=u>{text}</time></span> }
    });
    view! {
        <header class="story-header">
            <p class="story-header__kicker">{a.kicker.clone()}</p>
            <h1 class="story-header__headline" tabindex="-1">{a.headline.clone()}</h1>
            <p class="story-header__standfirst">{a.standfirst.clone()}</p>
            <div class="story-header__meta">
                <Byline authors=a.authors.clone() />
                <span class="story-header__edition">{move || format!("Standfirst {}", edition_name())}</span>
                <span class="story-header__dates">
                    <time datetime=published>{pub_text}</time>
                    {upd}
                </span>
                <span class="story-header__reading">{format!("{} min read", a.reading_minutes)}</span>
            </div>
        </header>
    }
}
