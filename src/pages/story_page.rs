use crate::api::{self, ApiError, RequestScope};
use crate::app::SiteContext;
use crate::components::{
    BlockView, ErrorView, Figure, Rail, ShareBar, SignupForm, SignupVariant, StoryHeader,
    StorySkeleton, VideoView,
};
use crate::pages::NotFound;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use standfirst_model::{safe_url, Article, Block, BodyBlock};
use std::sync::Arc;

mod story_meta;
use story_meta::StoryMeta;

/// `/:section/:slug`: one story, from a single request.
#[component]
pub fn StoryPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let scope = RequestScope::new();
    let story = LocalResource::new(move || {
        let slug = slug();
        async move { api::article(&slug, &scope.next()).await }
    });
    view! {
        <Transition fallback=|| view! { <StorySkeleton /> }>
            {move || Suspend::new(async move {
                match story.await {
                    Ok(article) => view! { <StoryView article /> }.into_any(),
                    Err(ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error on_retry=move |_| story.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The story itself, its rails and its head tags.
#[component]
fn StoryView(article: Arc<Article>) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let a = article.clone();
    let hero = a.hero.clone().and_then(|h| match h {
        BodyBlock::Known(Block::Image {
            image,
            caption,
            credit,
        }) => Some(view! { <Figure image caption credit lazy=false priority=true /> }.into_any()),
        BodyBlock::Known(Block::Video(video)) => {
            Some(view! { <VideoView video priority=true /> }.into_any())
        }
        _ => None,
    });
    let has_hero_image = matches!(a.hero, Some(BodyBlock::Known(Block::Image { .. })));
    let mut images_seen = usize::from(has_hero_image);
    let body = a
        .body
        .iter()
        .cloned()
        .map(|block| {
            let is_image = matches!(block, BodyBlock::Known(Block::Image { .. }));
            let lazy = is_image && images_seen > 0;
            images_seen += usize::from(is_image);
            view! { <BlockView block lazy /> }
        })
        .collect_view();
    let sources = (!a.sources.is_empty()).then(|| {
        let items = a
            .sources
            .iter()
            .map(|s| match safe_url(&s.url) {
                Some(u) => view! { <li><a href=crate::api::site_url(u) rel="noopener noreferrer">{s.name.clone()}</a></li> }.into_any(),
                None => view! { <li>{s.name.clone()}</li> }.into_any(),
            })
            .collect_view();
        view! {
            <section class="story__sources" aria-labelledby="story-sources">
                <h2 id="story-sources">"Sources"</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let section_name = {
        let id = a.section.clone();
        move || ctx.section_name(&id)
    };
    let end_list = move || {
        ctx.get()
            .and_then(|s| s.newsletter.lists.first().map(|l| l.id.clone()))
    };
    let related = a.related.clone();
    let more = a.more.clone();
    view! {
        <StoryMeta article=article.clone() />
        <article class="story">
            <StoryHeader article=article.clone() />
            {hero.map(|h| view! { <div class="story__hero">{h}</div> })}
            <div class="story__body">{body}</div>
            {sources}
            <ShareBar headline=a.headline.clone() path=a.url.clone() />
        </article>
        {move || end_list().map(|list| view! { <SignupForm variant=SignupVariant::EndOfArticle list /> })}
        <Rail title="Related".to_string() id="rail-related" teasers=related />
        {move || view! { <Rail title=format!("More from {}", section_name()) id="rail-more" teasers=more.clone() /> }}
    }
}
