use leptos::prelude::*;
use standfirst_model::{safe_url, Image, ImageSource, SrcsetEntry};

/// A responsive `<picture>`: a typed `<source>` for each of the (at most
/// two) better formats the build made (AVIF, then WebP) and the fallback `<img>`, all with the slot's `sizes`;
/// nothing at all when its `src` fails the allowlist. The `<img>` shows the
/// picture's placeholder colour while it loads (`data-ph`, styled in
/// `style/45-placeholders.css`).
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
    let mut srcset = srcset_of(&image.srcset);
    // With `w` descriptors the browser ignores `src`: list it too, at its
    // own width, or a wide slot could only ever get the smaller files.
    if !srcset.is_empty() && image.srcset.iter().all(|e| e.width != image.width) {
        srcset.push_str(&format!(", {src} {}w", image.width));
    }
    let srcset = (!srcset.is_empty()).then_some(srcset);
    let has_srcset = srcset.is_some();
    // The build makes two better formats (AVIF, then WebP): two slots of
    // one type cost less wasm than a list.
    let source = |s: Option<ImageSource>| {
        let s = s?;
        let set = srcset_of(&s.srcset);
        // Attribute types as the <img>'s and the video's <source>'s: their
        // code is shared.
        (!set.is_empty())
            .then(|| view! { <source type=s.mime srcset=Some(set) sizes=Some(sizes) /> })
    };
    let mut sources = image.sources.into_iter();
    let (first, second) = (source(sources.next()), source(sources.next()));
    Some(view! {
        <picture>
            {first}
            {second}
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
                data-ph=image.placeholder
            />
        </picture>
    })
}

/// `url 320w, url 640w, …` of the entries whose URL passes the allowlist.
fn srcset_of(entries: &[SrcsetEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        if safe_url(&e.src).is_some() {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&format!("{} {}w", crate::url::site_url(&e.src), e.width));
        }
    }
    out
}
