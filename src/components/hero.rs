use crate::components::{Figure, VideoView};
use leptos::prelude::*;
use standfirst_model::{Block, BodyBlock};

/// A story's hero: an image (loaded eagerly, with high priority: it is
/// usually the largest thing on screen) or a video; nothing for any other block.
#[component]
pub fn Hero(
    /// The story's `hero` block.
    block: BodyBlock,
) -> impl IntoView {
    let media = match block {
        BodyBlock::Known(Block::Image {
            image,
            caption,
            credit,
        }) => view! { <Figure image caption credit lazy=false priority=true /> }.into_any(),
        BodyBlock::Known(Block::Video(video)) => {
            view! { <VideoView video priority=true /> }.into_any()
        }
        _ => return None,
    };
    Some(view! { <div class="story__hero">{media}</div> })
}
