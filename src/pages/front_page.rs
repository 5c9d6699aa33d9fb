use crate::api;
use crate::app::SiteContext;
use crate::components::{Card, PageMeta};
use crate::i18n::{t, tf};
use crate::pages::{Load, PageLoader};
use crate::prerendered::{use_initial, PageData};
use crate::url::site_url;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::{Front, Teaser};
use std::sync::Arc;

/// An edition's front: rendered from the data it was prerendered with, else
/// loaded from `fronts/<edition>.json`.
#[component]
pub fn FrontPage(
    /// The edition id.
    edition: String,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let wanted = edition.clone();
    let initial = use_initial(move |p| match p {
        PageData::Front(f) if f.edition == wanted => Some(f.clone()),
        _ => None,
    });
    let name = ctx.edition_name(&edition);
    let title = if edition == ctx.site.default_edition {
        String::new()
    } else {
        tf(Key::EditionTitle, &[&name])
    };
    let description = ctx.site.tagline.clone();
    view! {
        <PageMeta title=title description=description />
        <div class="front">
            {crate::dynamic::dynamic(move || match initial.get() {
                Some(front) => view! { <FrontView front /> }.into_any(),
                None => front_loader(edition.clone()).into_any(),
            })}
        </div>
    }
}

/// A front fetched in the browser.
fn front_loader(edition: String) -> impl IntoView {
    let load: Load = Arc::new(move |c| {
        let edition = edition.clone();
        Box::pin(async move {
            api::front(&edition, &c)
                .await
                .map(|f| PageData::Front(Arc::new(f)))
        })
    });
    let render = |page| match page {
        PageData::Front(front) => view! { <FrontView front /> }.into_any(),
        _ => ().into_any(),
    };
    let fallback = || {
        view! { <div class="front__loading" role="status">{t(Key::LoadingFront)}</div> }.into_any()
    };
    view! { <PageLoader load render fallback /> }
}

/// The lead's image slot: two thirds of the page from 64rem (style/40-cards.css).
const LEAD_SIZES: &str =
    "(min-width: 90rem) 51rem, (min-width: 72rem) 46rem, (min-width: 64rem) 64vw, 100vw";
/// A top story's image slot: a thumbnail beside the lead from 64rem.
const TOP_SIZES: &str = "(min-width: 64rem) 7rem, (min-width: 36rem) 50vw, 100vw";

/// The front's stories: lead, top, then one block per section.
#[component]
fn FrontView(front: Arc<Front>) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let heading = tf(
        Key::FrontHeading,
        &[&ctx.site.name, &ctx.edition_name(&front.edition)],
    );
    // At takeover the top stories and each section block render in tasks
    // of their own after the lead (see `Later`).
    let (lead, top) = (front.lead.clone(), front.top.clone());
    let top = crate::app::Later::part(move || {
        view! {
            <section class="front__top" aria-labelledby="front-top">
                <h2 class="front__section-title" id="front-top">{t(Key::TopStories)}</h2>
                <CardList teasers=top.clone() sizes=Some(TOP_SIZES) />
            </section>
        }
        .into_any()
    });
    let sections = front
        .sections
        .iter()
        .map(|block| {
            let (ctx, block) = (ctx.clone(), block.clone());
            crate::app::Later::part(move || section_block(&ctx, &block))
        })
        .collect_view();
    view! {
        <h1 class="visually-hidden" tabindex="-1">{heading}</h1>
        <div class="front__lead">
            <Card teaser=lead level=2 priority=true sizes=Some(LEAD_SIZES) />
        </div>
        {top}
        {sections}
    }
}

/// A section's block: a heading linking to the section, and its cards.
fn section_block(ctx: &SiteContext, block: &standfirst_model::FrontSection) -> AnyView {
    let title = ctx.section_name(&block.section);
    let heading_id = format!("front-{}", block.section);
    let labelled_by = heading_id.clone();
    let href = site_url(&format!("/{}", block.section));
    view! {
        <section class="front__section" aria-labelledby=labelled_by>
            <h2 class="front__section-title" id=heading_id>
                <a href=href>{title}</a>
            </h2>
            <CardList teasers=block.teasers.clone() sizes=None />
        </section>
    }
    .into_any()
}

/// A list of cards; `sizes` overrides the cards' default image slot.
#[component]
fn CardList(teasers: Vec<Teaser>, sizes: Option<&'static str>) -> impl IntoView {
    view! {
        <ul class="card-list">
            {teasers.into_iter().map(|teaser| view! { <li><Card teaser sizes /></li> }).collect_view()}
        </ul>
    }
}
