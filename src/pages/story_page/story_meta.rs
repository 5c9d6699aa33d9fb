//! Per-story head tags: description, canonical, Open Graph, Twitter card
//! and JSON-LD `NewsArticle`. leptos_meta replaces them on navigation.

use crate::app::SiteContext;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};
use serde_json::json;
use standfirst_model::{safe_url, Article, Block, BodyBlock};
use std::sync::Arc;

/// The absolute URL of a site path, or `None` for a URL that fails the allowlist.
fn absolute(base_url: &str, path: &str) -> Option<String> {
    let path = safe_url(path)?;
    Some(if path.starts_with('/') {
        format!("{}{}", base_url.trim_end_matches('/'), path)
    } else {
        path.to_string()
    })
}

/// The story's head tags.
#[component]
pub fn StoryMeta(
    /// The story.
    article: Arc<Article>,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let a = article;
    let image_path = match &a.hero {
        Some(BodyBlock::Known(Block::Image { image, .. })) => Some(image.src.clone()),
        Some(BodyBlock::Known(Block::Video(v))) => v.poster.as_ref().map(|p| p.src.clone()),
        _ => None,
    };
    let h = a.clone();
    let head = move || {
        let a = &h;
        let site = ctx.get()?;
        let canonical = absolute(&site.base_url, &a.url)?;
        let image = image_path
            .as_deref()
            .and_then(|p| absolute(&site.base_url, p));
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.headline,
            "description": a.summary,
            "datePublished": a.published,
            "dateModified": a.updated.as_ref().unwrap_or(&a.published),
            "author": a.authors.iter().map(|x| json!({"@type": "Person", "name": x.name})).collect::<Vec<_>>(),
            "publisher": {"@type": "Organization", "name": site.name},
            "image": image.iter().collect::<Vec<_>>(),
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
            "articleSection": site.section(&a.section).map(|s| s.name.clone()),
        });
        Some(view! {
            <Link rel="canonical" href=canonical.clone() />
            <Meta property="og:type" content="article" />
            <Meta property="og:title" content=a.headline.clone() />
            <Meta property="og:description" content=a.summary.clone() />
            <Meta property="og:url" content=canonical />
            <Meta property="og:site_name" content=site.name.clone() />
            {image.clone().map(|i| view! { <Meta property="og:image" content=i /> })}
            <Meta name="twitter:card" content=if image.is_some() { "summary_large_image" } else { "summary" } />
            <Meta name="twitter:title" content=a.headline.clone() />
            <Meta name="twitter:description" content=a.summary.clone() />
            <Meta property="article:published_time" content=a.published.clone() />
            <Script type_="application/ld+json" id="story-jsonld">{ld.to_string()}</Script>
        })
    };
    view! {
        <Title text=a.headline.clone() />
        <Meta name="description" content=a.summary.clone() />
        {head}
    }
}
