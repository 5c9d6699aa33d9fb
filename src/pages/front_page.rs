use crate::api::{self, site_url, ApiError, RequestScope};
use crate::app::SiteContext;
use crate::components::{Card, ErrorView};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use standfirst_model::{Front, Teaser};

/// `/`: the front of the reader's edition (remembered, else the default).
#[component]
pub fn FrontPage() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let scope = RequestScope::new();
    let front = LocalResource::new(move || {
        let chosen = ctx.edition.get();
        async move {
            let site = ctx.site.await;
            let default = site
                .as_ref()
                .map(|s| s.default_edition.clone())
                .unwrap_or_else(|_| "us".into());
            let edition = chosen.clone().unwrap_or_else(|| default.clone());
            match api::front(&edition, &scope.next()).await {
                // A remembered edition the site no longer has: use the default.
                Err(ApiError::NotFound) if chosen.is_some() && edition != default => {
                    api::front(&default, &scope.next()).await
                }
                other => other,
            }
        }
    });
    view! {
        <Title text="" />
        <Meta
            name="description"
            content=move || ctx.get().map(|s| s.tagline.clone()).unwrap_or_default()
        />
        <div class="front">
            <Transition fallback=|| view! { <div class="front__loading" role="status">"Loading the front page…"</div> }>
                {move || Suspend::new(async move {
                    match front.await {
                        Ok(f) => view! { <FrontView front=f /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| front.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The front's stories: lead, top, then one block per section.
#[component]
fn FrontView(front: Front) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let edition = front.edition.clone();
    let heading = move || {
        format!(
            "{}: {} edition",
            ctx.site_name(),
            ctx.edition_name(&edition)
        )
    };
    let sections = front
        .sections
        .into_iter()
        .map(|block| {
            let id = block.section.clone();
            let title = move || ctx.section_name(&id);
            let heading_id = format!("front-{}", block.section);
            let labelled_by = heading_id.clone();
            let href = site_url(&format!("/{}", block.section));
            view! {
                <section class="front__section" aria-labelledby=labelled_by>
                    <h2 class="front__section-title" id=heading_id>
                        <leptos_router::components::A href=href>{title}</leptos_router::components::A>
                    </h2>
                    <CardList teasers=block.teasers />
                </section>
            }
        })
        .collect_view();
    view! {
        <h1 class="visually-hidden" tabindex="-1">{heading}</h1>
        <div class="front__lead">
            <Card teaser=front.lead level=2 />
        </div>
        <section class="front__top" aria-labelledby="front-top">
            <h2 class="front__section-title" id="front-top">"Top stories"</h2>
            <CardList teasers=front.top />
        </section>
        {sections}
    }
}

/// A list of cards.
#[component]
fn CardList(teasers: Vec<Teaser>) -> impl IntoView {
    view! {
        <ul class="card-list">
            {teasers.into_iter().map(|teaser| view! { <li><Card teaser /></li> }).collect_view()}
        </ul>
    }
}
