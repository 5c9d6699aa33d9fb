use leptos::prelude::*;
use standfirst_model::{safe_url, Image};

/// A responsive `<img>`; nothing at all when its `src` fails the allowlist.
#[component]
pub fn Picture(
    /// The image.
    image: Image,
    /// Load lazily.
    lazy: bool,
    /// Fetch with high priority.
    #[prop(default = false)]
    priority: bool,
    /// The `sizes` attribute.
    #[prop(default = "(min-width: 46rem) 44rem, 100vw")]
    sizes: &'static str,
) -> impl IntoView {
    let src = safe_url(&image.src).map(crate::url::site_url)?;
    let mut srcset: Vec<String> = image
        .srcset
        .iter()
        .filter(|e| safe_url(&e.src).is_some())
        .map(|e| format!("{} {}w", crate::url::site_url(&e.src), e.width))
        .collect();
    // With `w` descriptors the browser ignores `src`: list it too, at its
    // own width, or a wide slot could only ever get the smaller files.
    if !srcset.is_empty() && image.srcset.iter().all(|e| e.width != image.width) {
        srcset.push(format!("{src} {}w", image.width));
    }
    let srcset = (!srcset.is_empty()).then(|| srcset.join(", "));
    let has_srcset = srcset.is_some();
    Some(view! {
        <img
            src=src
            srcset=srcset
            sizes=has_srcset.then_some(sizes)
            alt=image.alt
            width=image.width
            height=image.height
            loading=if lazy { "lazy" } else { "eager" }
            decoding="async"
            fetchpriority=priority.then_some("high")
        />
    })
}
