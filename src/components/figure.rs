use crate::components::{Picture, Spans};
use leptos::prelude::*;
use standfirst_model::{Image, Span};

/// An image with caption and credit, its box reserved by width and height.
#[component]
pub fn Figure(
    /// The image.
    image: Image,
    /// Caption text.
    caption: Option<Vec<Span>>,
    /// Credit line.
    credit: Option<String>,
    /// Load lazily (everything but the hero and first image).
    lazy: bool,
    /// Hint to fetch early (the hero).
    #[prop(default = false)]
    priority: bool,
) -> impl IntoView {
    let has_caption = caption.is_some() || credit.is_some();
    view! {
        <figure class="figure">
            <Picture image lazy priority />
            <Show when=move || has_caption>
                <figcaption class="figure__caption">
                    {caption.clone().map(|c| view! { <Spans spans=c /> })}
                    {credit.clone().map(|c| view! { <span class="figure__credit">{c}</span> })}
                </figcaption>
            </Show>
        </figure>
    }
}
