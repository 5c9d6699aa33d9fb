//! The app's own components rendered to HTML (Leptos SSR), synchronously:
//! the page's data is already in hand, so nothing waits.

use crate::routes::{Page, Route};
use leptos::prelude::*;
use leptos_meta::ServerMetaContext;
use leptos_router::location::RequestUrl;
use standfirst::prerendered::Prerendered;
use standfirst::App;
use standfirst_model::Site;
use std::sync::Arc;

/// Any path no route matches: the not-found page is rendered at one.
const UNMATCHED_PATH: &str = "/-/-/-/-";

pub struct Rendered {
    /// The app's markup, for inside the root element.
    pub body: String,
    /// The head tags the app's components set (`<title>`, description, …).
    pub head: String,
}

pub fn render(site: &Arc<Site>, route: &Route, page: &Page) -> Rendered {
    let owner = Owner::new();
    let rendered = owner.with(|| {
        let (meta, meta_out) = ServerMetaContext::new();
        provide_context(meta);
        let path = if route.path.is_empty() {
            UNMATCHED_PATH
        } else {
            &route.path
        };
        provide_context(RequestUrl::new(&standfirst::url::site_url(path)));
        let initial = (!route.path.is_empty()).then(|| {
            Arc::new(Prerendered {
                path: route.path.clone(),
                page: page.data.clone(),
            })
        });
        let site = site.clone();
        let body = view! { <App site initial=initial /> }.to_html();
        let head = futures::executor::block_on(async move {
            use futures::StreamExt;
            let chunk = futures::stream::once(async { "<head></head>".to_string() });
            let out = meta_out.inject_meta_context(Box::pin(chunk)).await;
            out.collect::<String>().await
        });
        let head = head
            .trim_start_matches("<head>")
            .trim_end_matches("</head>")
            .to_string();
        Rendered {
            body,
            head: mark_app_head(&head),
        }
    });
    owner.unset();
    rendered
}

/// Marks the app's `<meta>` and `<link>` tags, which the app replaces with
/// its own when it takes the page over.
fn mark_app_head(head: &str) -> String {
    head.replace("<meta ", "<meta data-app-head ")
        .replace("<link ", "<link data-app-head ")
}
