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
    /// The `<title>` text the app set, as text (not escaped).
    pub title: String,
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
        let (head, title) = app_head(&head);
        Rendered { body, head, title }
    });
    owner.unset();
    rendered
}

/// The app's head tags from leptos_meta's output (`<head>`, its tags, then
/// `<title>…</title>`, `</head>`): the tags marked `data-app-head` (the app
/// replaces them with its own when it takes the page over) and the title
/// text escaped here, since leptos_meta writes it as it is. Attribute
/// values are already escaped (no `<` inside them), so the first `<title>`
/// starts the title and the last `</title>` ends it, whatever it contains.
/// Also returns the title text itself.
fn app_head(out: &str) -> (String, String) {
    let inner = out
        .strip_prefix("<head>")
        .unwrap_or(out)
        .strip_suffix("</head>")
        .unwrap_or(out);
    let (tags, title) = match (inner.find("<title>"), inner.rfind("</title>")) {
        (Some(start), Some(end)) if end >= start + "<title>".len() => {
            (&inner[..start], Some(&inner[start + "<title>".len()..end]))
        }
        _ => (inner, None),
    };
    let mut head = tags
        .replace("<meta ", "<meta data-app-head ")
        .replace("<link ", "<link data-app-head ");
    if let Some(title) = title {
        head.push_str("<title>");
        head.push_str(&crate::head::escape_attr(title));
        head.push_str("</title>");
    }
    (head, title.unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::app_head;

    #[test]
    fn the_title_is_escaped_and_the_tags_marked() {
        let out = r#"<head><meta name="description" content="a &lt;b&gt;"><title>x </title><script>alert(1)</script></title></head>"#;
        assert_eq!(
            app_head(out).0,
            r#"<meta data-app-head name="description" content="a &lt;b&gt;"><title>x &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"#
        );
        assert_eq!(app_head(out).1, "x </title><script>alert(1)</script>");
    }
}
