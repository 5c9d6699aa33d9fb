use crate::components::figure::figure_caption;
use crate::components::Picture;
use crate::i18n::tf;
use leptos::prelude::*;
use standfirst_model::Key;
use standfirst_model::{safe_url, Video};

/// A video: native `<video>` (controls, no autoplay) for self-hosted files;
/// for YouTube and Vimeo a click-to-load facade that inserts the
/// privacy-enhanced player only when the reader asks for it.
#[component]
pub fn VideoView(
    /// The video block.
    video: Video,
    /// Fetch the poster with high priority (the hero).
    #[prop(default = false)]
    priority: bool,
) -> impl IntoView {
    let caption = video.caption.clone();
    let credit = video.credit.clone();
    let player = match (video.provider, video.id.as_deref()) {
        (Some(provider), Some(id)) => provider.embed_url(id).map(|url| {
            let title = video.title.clone();
            let label = tf(Key::PlayVideo, &[&video.title, provider.name()]);
            let poster = video.poster.clone();
            let loaded = RwSignal::new(false);
            // The facade stays in place, hidden, once the player is in:
            // one view, no branch to build or diff.
            let frame = crate::dynamic::dynamic(move || {
                loaded.get().then(|| {
                    view! {
                        <iframe
                            class="video__frame"
                            src=url.clone()
                            title=title.clone()
                            allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
                            allowfullscreen=true
                            referrerpolicy="strict-origin-when-cross-origin"
                        ></iframe>
                    }
                })
            });
            view! {
                <div class="video video--embed">
                    <button
                        type="button"
                        class="video__facade"
                        aria-label=label
                        hidden=move || loaded.get()
                        on:click=move |_| loaded.set(true)
                    >
                        {poster.map(|image| view! { <Picture image lazy=!priority priority /> })}
                        <span class="video__play" aria-hidden="true">"▶"</span>
                    </button>
                    {frame}
                </div>
            }
            .into_any()
        }),
        _ => {
            let sources: Vec<_> = video
                .sources
                .into_iter()
                .filter(|s| safe_url(&s.src).is_some())
                .collect();
            (!sources.is_empty()).then(|| {
                let poster = video.poster.as_ref().and_then(|p| safe_url(poster_src(p))).map(crate::url::site_url);
                let (w, h) = video.poster.as_ref().map(|p| (p.width, p.height)).unwrap_or((1280, 720));
                view! {
                    <div class="video video--native">
                        <video controls preload="none" playsinline poster=poster width=w height=h aria-label=video.title.clone()>
                            {sources
                                .into_iter()
                                .map(|s| view! { <source src=crate::url::site_url(&s.src) type=s.mime /> })
                                .collect_view()}
                        </video>
                    </div>
                }
                .into_any()
            })
        }
    };
    player.map(|player| {
        view! {
            <figure class="figure figure--video">
                {player}
                {figure_caption(caption, credit)}
            </figure>
        }
    })
}

/// The native player's poster. It is one file with no `srcset` to choose
/// from, and the browser fetches it at once wherever the player is, so it
/// is the picture's WebP at full width where the build made one (in the
/// demo a fifth of the JPEG's bytes), else its fallback file.
fn poster_src(image: &standfirst_model::Image) -> &str {
    image
        .sources
        .iter()
        .find(|s| s.mime == "image/webp")
        .and_then(|s| s.srcset.iter().max_by_key(|e| e.width))
        .map_or(&image.src, |e| &e.src)
}

#[cfg(test)]
mod tests {
    use super::poster_src;
    use standfirst_model::{Image, ImageSource, SrcsetEntry};

    fn entry(src: &str, width: u32) -> SrcsetEntry {
        SrcsetEntry {
            src: src.into(),
            width,
        }
    }

    #[test]
    fn the_poster_is_the_full_width_webp_when_there_is_one() {
        let mut image = Image {
            src: "/media/p-960.jpg".into(),
            alt: "a poster".into(),
            width: 960,
            height: 540,
            srcset: vec![
                entry("/media/p-480.jpg", 480),
                entry("/media/p-960.jpg", 960),
            ],
            sources: vec![
                ImageSource {
                    mime: "image/avif".into(),
                    srcset: vec![entry("/media/p-960.avif", 960)],
                },
                ImageSource {
                    mime: "image/webp".into(),
                    srcset: vec![
                        entry("/media/p-960.webp", 960),
                        entry("/media/p-480.webp", 480),
                    ],
                },
            ],
            placeholder: None,
        };
        assert_eq!(poster_src(&image), "/media/p-960.webp");
        // A hand-made picture (version 1 content): its own file.
        image.sources.truncate(1);
        assert_eq!(poster_src(&image), "/media/p-960.jpg");
    }
}
