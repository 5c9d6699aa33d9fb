use leptos::prelude::*;

/// The page's `<title>` and description (and `robots: noindex` where a page
/// must not be indexed).
///
/// At build time these go through leptos_meta, which the prerenderer reads
/// back into the page's `<head>`. In the browser the component writes the
/// same two or three tags directly: the wasm needs no head manager for
/// them (that saved 4.4 KB brotli), and the tags the prerenderer wrote are
/// replaced, never duplicated.
#[component]
pub fn PageMeta(
    /// The page's own title; the site's name is added (empty: the name alone).
    #[prop(into)]
    title: String,
    /// The meta description, if the page has one.
    #[prop(optional, into)]
    description: Option<String>,
    /// Ask search engines not to index the page.
    #[prop(optional)]
    noindex: bool,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        use leptos_meta::{Meta, Title};
        view! {
            <Title text=title />
            {description.map(|d| view! { <Meta name="description" content=d /> })}
            {noindex.then(|| view! { <Meta name="robots" content="noindex" /> })}
        }
    }
    #[cfg(feature = "csr")]
    {
        let site = expect_context::<crate::app::SiteContext>().site;
        let doc = document();
        doc.set_title(&crate::app::page_title(&title, &site.name));
        set_meta(&doc, "description", description.as_deref());
        set_meta(&doc, "robots", noindex.then_some("noindex"));
    }
}

/// Makes `<meta name=…>` in `<head>` say `content`, or removes it.
#[cfg(feature = "csr")]
fn set_meta(doc: &web_sys::Document, name: &str, content: Option<&str>) {
    let selector = format!("head meta[name='{name}']");
    let existing = doc.query_selector(&selector).ok().flatten();
    match (existing, content) {
        (Some(meta), Some(c)) => {
            let _ = meta.set_attribute("content", c);
        }
        (Some(_), None) => crate::nav::remove_all(&selector),
        (None, Some(c)) => {
            if let (Some(head), Ok(meta)) = (doc.head(), doc.create_element("meta")) {
                let _ = meta.set_attribute("name", name);
                let _ = meta.set_attribute("content", c);
                let _ = head.append_child(&meta);
            }
        }
        (None, None) => {}
    }
}
