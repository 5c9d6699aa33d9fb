use crate::api;
use crate::app::SiteContext;
use crate::components::{BlockView, Card, PageMeta};
use crate::i18n::{num, t, tf};
use crate::pages::{Load, PageLoader};
use crate::prerendered::{use_initial, PageData};
use crate::url::site_url;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::SectionPage as Page;
use std::sync::Arc;

/// A section's stories, newest first: page 1 at `/:section`, further pages
/// at `/:section/page/:n`; an author's or a topic's at `/author/:id`,
/// `/topic/:tag` (then `section` is the listing's key, `author/:id`).
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
    crate::dynamic::dynamic(move || match initial.get() {
        Some(data) => view! { <PageView data /> }.into_any(),
        None => section_loader(section.clone(), page).into_any(),
    })
}

/// A section page fetched in the browser.
fn section_loader(section: String, page: u32) -> impl IntoView {
    let load: Load = Arc::new(move |c| {
        let section = section.clone();
        Box::pin(async move {
            api::section_page(&section, page, &c)
                .await
                .map(|s| PageData::Section(Arc::new(s)))
        })
    });
    let render = |page| match page {
        PageData::Section(data) => view! { <PageView data /> }.into_any(),
        _ => ().into_any(),
    };
    let fallback = || {
        view! { <div class="section-page__loading" role="status">{t(Key::LoadingStories)}</div> }
            .into_any()
    };
    view! { <PageLoader load render fallback /> }
}

/// The section's heading, teasers and the previous/next links; an
/// author's or a topic's page has the same, its heading from `about`
/// (with an author's picture, role and links).
#[component]
fn PageView(data: Arc<Page>) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    crate::nav::on_content_ready();
    let about = data.about.as_ref();
    let name = about.map_or_else(|| ctx.section_name(&data.section), |a| a.name.clone());
    let description = about.map_or_else(
        || {
            ctx.site
                .section(&data.section)
                .map(|s| s.description.clone())
                .unwrap_or_default()
        },
        |a| a.summary.clone(),
    );
    let title = if data.page > 1 {
        tf(Key::PagedTitle, &[&name, &num(data.page.into())])
    } else {
        name.clone()
    };
    let link = |n: u32| site_url(&standfirst_model::paths::section_page(&data.section, n));
    let prev = (data.page > 1).then(|| link(data.page - 1));
    let next = (data.page < data.pages).then(|| link(data.page + 1));
    let pagination = (data.pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t(Key::PagesNav)>
                {prev.map(|href| view! { <a href=href rel="prev">{t(Key::NewerStories)}</a> })}
                <span class="pagination__position">{tf(Key::PageOf, &[&num(data.page.into()), &num(data.pages.into())])}</span>
                {next.map(|href| view! { <a href=href rel="next">{t(Key::OlderStories)}</a> })}
            </nav>
        }
    });
    // An author's or a topic's head: blocks (see `About`); a section's,
    // its description.
    let head = match about {
        Some(a) => a
            .body
            .iter()
            .cloned()
            .map(|block| view! { <BlockView block lazy=false /> })
            .collect_view()
            .into_any(),
        None => view! { <p class="section-page__description">{description.clone()}</p> }.into_any(),
    };
    view! {
        <PageMeta title=title description=description />
        <div class="section-page">
            <h1 class="section-page__title" tabindex="-1">{name}</h1>
            {head}
            <ul class="card-list">
                {data.teasers.iter().cloned().enumerate().map(|(i, teaser)| view! { <li><Card teaser level=2 priority={i == 0} /></li> }).collect_view()}
            </ul>
            {pagination}
        </div>
    }
}
