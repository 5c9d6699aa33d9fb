use crate::api;
use crate::app::SiteContext;
use crate::components::{
    BlockView, Hero, LiveView, PageMeta, Rail, SaveToggle, ShareBar, SideRail, SignupForm,
    SignupTarget, SignupVariant, StoryHeader, StorySkeleton,
};
use crate::i18n::{t, tf};
use crate::pages::{Load, PageLoader};
use crate::prerendered::{use_initial, PageData};
use crate::url::href;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::{paths, Article, Block, BodyBlock};
use std::sync::Arc;

/// `/:section/:slug`: one story, from the data it was prerendered with or
/// from a single request.
#[component]
pub fn StoryPage(
    /// The route's section and slug.
    key: Memo<(String, String)>,
) -> impl IntoView {
    let slug = Memo::new(move |_| key.with(|(_, slug)| slug.clone()));
    // `/saved/offline` (`saved` is reserved, never a section): the offline view.
    let offline =
        move || key.with(|(section, slug)| section == paths::SAVED && slug == paths::OFFLINE);
    let initial = use_initial(move |p| match p {
        PageData::Story(a) if a.key() == slug.get() => Some(a.clone()),
        _ => None,
    });
    crate::dynamic::dynamic(move || match initial.get() {
        _ if offline() => view! { <crate::components::OfflineView /> }.into_any(),
        Some(article) => view! { <StoryView article /> }.into_any(),
        None => story_loader(slug).into_any(),
    })
}

/// A story fetched in the browser (from the prefetch cache when it is there).
fn story_loader(slug: Memo<String>) -> impl IntoView {
    let load: Load = Arc::new(move |c| {
        let slug = slug.get();
        Box::pin(async move { api::article(&slug, &c).await.map(PageData::Story) })
    });
    let render = |page| match page {
        PageData::Story(article) => view! { <StoryView article /> }.into_any(),
        _ => ().into_any(),
    };
    view! { <PageLoader load render fallback=|| view! { <StorySkeleton /> }.into_any() /> }
}

/// How many body blocks render in one task at takeover.
const BODY_STEP: usize = 4;

/// Blocks `start..start + BODY_STEP` of the story's body. Every image but
/// the page's first (the hero's, if it has one) may load lazily.
fn body_run(a: &Article, start: usize) -> impl IntoView {
    let is_image = |b: &BodyBlock| matches!(b, BodyBlock::Known(Block::Image { .. }));
    let end = (start + BODY_STEP).min(a.body.len());
    let mut images_seen = usize::from(a.hero.as_ref().is_some_and(is_image))
        + a.body[..start].iter().filter(|b| is_image(b)).count();
    a.body[start..end]
        .iter()
        .cloned()
        .map(|block| {
            let image = is_image(&block);
            let lazy = image && images_seen > 0;
            images_seen += usize::from(image);
            view! { <BlockView block lazy /> }
        })
        .collect_view()
}

/// The story itself and its rails.
#[component]
fn StoryView(article: Arc<Article>) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let a = article;
    // The body in runs of BODY_STEP blocks: at takeover each run renders in
    // a task of its own after the story's header (see `Later`), so a long
    // story never blocks the reader for long.
    let body = (0..a.body.len())
        .step_by(BODY_STEP)
        .map(|start| {
            let a = a.clone();
            crate::app::Later::part(move || body_run(&a, start).into_any())
        })
        .collect_view();
    // After the body, the story's sources, its other languages and the
    // share bar: a later part of their own (see `Later`).
    let end = {
        let a = a.clone();
        crate::app::Later::part(move || {
            view! { {story_sources(&a)} {story_translations(&a)} <ShareBar headline=a.headline.clone() path=a.url.clone() /> }
                .into_any()
        })
    };
    let end_list = ctx.site.newsletter.lists.first().map(|l| l.id.clone());
    let more_title = tf(Key::MoreFrom, &[&ctx.section_name(&a.section)]);
    // Beside the story: the section's latest, `more` first (the stories no
    // other rail has), then the section's stories among `related`.
    let section_latest: Vec<_> = a
        .more
        .iter()
        .chain(a.related.iter().filter(|t| t.section == a.section))
        .take(6)
        .cloned()
        .collect();
    // Live coverage, after the story's own body (its introduction).
    let live = a.live.is_some().then(|| {
        let locale = ctx.locale_of(a.editions.first().map_or("", String::as_str));
        let a = a.clone();
        crate::app::Later::part(move || {
            view! { <LiveView article=a.clone() locale=locale.clone() /> }.into_any()
        })
    });
    let teaser = crate::saved::teaser_of(&a);
    {
        // Reader state, after takeover: on the recent list, kept offline.
        let teaser = teaser.clone();
        let shelf = crate::saved::use_shelf();
        crate::dynamic::effect(move || shelf.visited(&teaser));
    }
    // The search index (Pagefind, at build time) reads the story as its
    // body, with its section and editions as filters (one empty element
    // each); the header marks what a result shows.
    let filters = std::iter::once(format!("section:{}", a.section))
        .chain(a.editions.iter().map(|e| format!("edition:{e}")))
        .map(|f| view! { <span hidden data-pagefind-filter=f></span> })
        .collect_view();
    // Beside and below the story: the side rail, the end-of-article
    // sign-up and the rails. At takeover each renders in a task of its own
    // after the story (see `Later`).
    let (related, more, rail_title) = (a.related.clone(), a.more.clone(), more_title.clone());
    let side_title = more_title.clone();
    let side_rail = crate::app::Later::part(move || {
        view! { <SideRail title=side_title.clone() teasers=section_latest.clone() /> }.into_any()
    });
    let signup = crate::app::Later::part(move || {
        end_list.clone().map(|list| view! { <SignupForm variant=SignupVariant::EndOfArticle target=SignupTarget::List(list) /> }).into_any()
    });
    let related = crate::app::Later::part(move || {
        view! { <Rail title=t(Key::Related) id="rail-related" teasers=related.clone() /> }
            .into_any()
    });
    let more = crate::app::Later::part(move || {
        view! { <Rail title=rail_title.clone() id="rail-more" teasers=more.clone() /> }.into_any()
    });
    view! {
        <PageMeta title=a.headline.clone() description=a.summary.clone() />
        <div class="story-page">
            <article class="story" data-pagefind-body="">
                {filters}
                <StoryHeader article=a.clone() />
                <SaveToggle teaser label=t(Key::SaveStory) />
                {a.hero.clone().map(|block| view! { <Hero block /> })}
                <div class="story__body">{body}</div>
                {live}
                {end}
            </article>
            {side_rail}
            {signup}
            {related}
            {more}
        </div>
    }
}

/// The story's sources, linked where their address is allowed.
fn story_sources(a: &Article) -> impl IntoView {
    (!a.sources.is_empty()).then(|| {
        let items = a
            .sources
            .iter()
            .map(|s| match href(&s.url) {
                Some(u) => {
                    view! { <li><a href=u rel="noopener noreferrer">{s.name.clone()}</a></li> }
                        .into_any()
                }
                None => view! { <li>{s.name.clone()}</li> }.into_any(),
            })
            .collect_view();
        view! {
            <section class="story__sources" aria-labelledby="story-sources">
                <h2 id="story-sources">{t(Key::Sources)}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// The story in other languages: each link in its own language, and
/// `rel="external"` so that the router leaves it to the browser (a
/// translation is another site, even under this origin).
fn story_translations(a: &Article) -> impl IntoView {
    (!a.translations.is_empty()).then(|| {
        let items = a
            .translations
            .iter()
            .filter_map(|tr| {
                let (lang, name) = (tr.locale.clone(), tr.name.clone());
                href(&tr.url).map(|u| view! { <li><a href=u rel="external" hreflang=lang.clone() lang=lang dir="auto">{name}</a></li> })
            })
            .collect_view();
        view! {
            <section class="story__translations" aria-labelledby="story-translations">
                <h2 id="story-translations">{t(Key::Translations)}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}
