use crate::api::{self, ApiError, RequestScope};
use crate::app::SiteContext;
use crate::components::{Card, ErrorView};
use crate::pages::NotFound;
use crate::prerendered::{use_initial, PageData};
use crate::url::site_url;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use standfirst_model::SectionPage as Page;
use std::sync::Arc;

/// A section's stories, newest first: page 1 at `/:section`, further pages
/// at `/:section/page/:n`.
#[component]
pub fn SectionPage(
    /// The section id.
    section: String,
    /// The page number, from 1.
    page: u32,
) -> impl IntoView {
    let wanted = section.clone();
    let initial = use_initial(move |p| match p {
        PageData::Section(s) if s.section == wanted && s.page == page => Some(s.clone()),
        _ => None,
    });
    move || match initial.get() {
        Some(data) => view! { <PageView data /> }.into_any(),
        None => view! { <SectionLoader section=section.clone() page /> }.into_any(),
    }
}

/// A section page fetched in the browser.
#[component]
fn SectionLoader(section: String, page: u32) -> impl IntoView {
    let scope = RequestScope::new();
    let data = LocalResource::new(move || {
        let section = section.clone();
        async move {
            api::section_page(&section, page, &scope.next())
                .await
                .map(Arc::new)
        }
    });
    view! {
        <Transition fallback=|| view! { <div class="section-page__loading" role="status">"Loading stories…"</div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <PageView data /> }.into_any(),
                    Err(ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error on_retry=move |_| data.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The site path of page `n` of a section.
pub fn section_page_path(section: &str, n: u32) -> String {
    if n <= 1 {
        format!("/{section}")
    } else {
        format!("/{section}/page/{n}")
    }
}

/// The section's heading, teasers and the previous/next links.
#[component]
fn PageView(data: Arc<Page>) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let name = ctx.section_name(&data.section);
    let description = ctx
        .site
        .section(&data.section)
        .map(|s| s.description.clone())
        .unwrap_or_default();
    let title = if data.page > 1 {
        format!("{name}, page {}", data.page)
    } else {
        name.clone()
    };
    let link = |n: u32| site_url(&section_page_path(&data.section, n));
    let prev = (data.page > 1).then(|| link(data.page - 1));
    let next = (data.page < data.pages).then(|| link(data.page + 1));
    let pagination = (data.pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {prev.map(|href| view! { <A href=href attr:rel="prev">"Newer stories"</A> })}
                <span class="pagination__position">{format!("Page {} of {}", data.page, data.pages)}</span>
                {next.map(|href| view! { <A href=href attr:rel="next">"Older stories"</A> })}
            </nav>
        }
    });
    view! {
        <Title text=title />
        <Meta name="description" content=description.clone() />
        <div class="section-page">
            <h1 class="section-page__title" tabindex="-1">{name}</h1>
            <p class="section-page__description">{description}</p>
            <ul class="card-list">
                {data.teasers.iter().cloned().enumerate().map(|(i, teaser)| view! { <li><Card teaser level=2 priority={i == 0} /></li> }).collect_view()}
            </ul>
            {pagination}
        </div>
    }
}
