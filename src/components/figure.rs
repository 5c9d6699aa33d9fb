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
    view! {
        <figure class="figure">
            <Picture image lazy priority />
            {figure_caption(caption, credit)}
        </figure>
    }
}

/// The `<figcaption>` of an image or video: caption and credit, or nothing.
pub(crate) fn figure_caption(
    caption: Option<Vec<Span>>,
    credit: Option<String>,
) -> Option<impl IntoView> {
    (caption.is_some() || credit.is_some()).then(|| {
        view! {
            <figcaption class="figure__caption">
                {caption.map(|c| view! { <Spans spans=c /> })}
                {credit.map(|c| view! { <span class="figure__credit">{c}</span> })}
            </figcaption>
        }
    })
}
