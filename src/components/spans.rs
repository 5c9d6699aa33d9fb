use leptos::prelude::*;
use standfirst_model::{safe_url, Span};

/// Inline text: strong, em and links, already parsed at build time. A link
/// whose URL fails the allowlist renders as plain text, never as an `href`.
#[component]
pub fn Spans(
    /// The runs of text.
    spans: Vec<Span>,
) -> impl IntoView {
    spans.into_iter().map(span_view).collect_view()
}

fn span_view(span: Span) -> AnyView {
    let styled = match (span.strong, span.em) {
        (true, true) => view! { <strong><em>{span.text}</em></strong> }.into_any(),
        (true, false) => view! { <strong>{span.text}</strong> }.into_any(),
        (false, true) => view! { <em>{span.text}</em> }.into_any(),
        (false, false) => span.text.into_any(),
    };
    match span.href.as_deref().and_then(safe_url) {
        Some(href) if is_external(href) => view! {
            <a href=href.to_string() rel="noopener noreferrer" target="_blank">
                {styled}
                <span class="visually-hidden">" (opens in a new tab)"</span>
            </a>
        }
        .into_any(),
        Some(href) => view! { <a href=crate::url::site_url(href)>{styled}</a> }.into_any(),
        None => styled,
    }
}

/// Links that leave the site open in a new tab.
pub(crate) fn is_external(href: &str) -> bool {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}
