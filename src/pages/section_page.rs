use crate::api::{self, ApiError, RequestScope};
use crate::app::SiteContext;
use crate::components::{Card, ErrorView};
use crate::pages::NotFound;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use standfirst_model::SectionPage as Page;

/// `/:section?page=N`: a section's stories, newest first, paginated.
#[component]
pub fn SectionPage() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let params = use_params_map();
    let query = use_query_map();
    let section = move || params.read().get("section").unwrap_or_default();
    let page_no = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    };
    let scope = RequestScope::new();
    let data = LocalResource::new(move || {
        let (s, p) = (section(), page_no());
        async move { api::section_page(&s, p, &scope.next()).await }
    });
    let name = move || ctx.section_name(&section());
    let description = move || {
        let id = section();
        ctx.get()
            .and_then(|s| s.section(&id).map(|x| x.description.clone()))
            .unwrap_or_default()
    };
    view! {
        <Transition fallback=|| view! { <div class="section-page__loading" role="status">"Loading stories…"</div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! {
                        <Title text=name() />
                        <Meta name="description" content=description() />
                        <div class="section-page">
                            <h1 class="section-page__title" tabindex="-1">{name()}</h1>
                            <p class="section-page__description">{description()}</p>
                            <PageView page />
                        </div>
                    }
                    .into_any(),
                    Err(ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error on_retry=move |_| data.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The teasers of one page and the previous/next links.
#[component]
fn PageView(page: Page) -> impl IntoView {
    crate::nav::on_content_ready();
    let base = crate::api::site_url(&format!("/{}", page.section));
    let link = move |n: u32| {
        if n <= 1 {
            base.clone()
        } else {
            format!("{base}?page={n}")
        }
    };
    let prev = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < page.pages).then(|| link(page.page + 1));
    let has_pages = page.pages > 1;
    view! {
        <ul class="card-list">
            {page.teasers.into_iter().map(|teaser| view! { <li><Card teaser level=2 /></li> }).collect_view()}
        </ul>
        <Show when=move || has_pages>
            <nav class="pagination" aria-label="Pages">
                {prev.clone().map(|href| view! { <A href=href attr:rel="prev">"Newer stories"</A> })}
                <span class="pagination__position">{format!("Page {} of {}", page.page, page.pages)}</span>
                {next.clone().map(|href| view! { <A href=href attr:rel="next">"Older stories"</A> })}
            </nav>
        </Show>
    }
}
