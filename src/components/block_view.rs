use crate::components::{
    Figure, SignupForm, SignupTarget, SignupVariant, Spans, SubscribePromo, VideoView,
};
use leptos::prelude::*;
use standfirst_model::{safe_url, Block, BodyBlock};

/// One body block. Unknown or malformed blocks render nothing and are
/// logged once.
#[component]
pub fn BlockView(
    /// The block.
    block: BodyBlock,
    /// Images after the first few load lazily.
    #[prop(default = true)]
    lazy: bool,
) -> impl IntoView {
    let block = match block {
        BodyBlock::Known(b) => b,
        BodyBlock::Skipped(kind) => {
            leptos::logging::warn!("skipped a block of type \"{kind}\"");
            return ().into_any();
        }
    };
    match block {
        Block::Paragraph { content } => view! { <p><Spans spans=content /></p> }.into_any(),
        Block::Heading { level, content } => match level {
            3 => view! { <h3><Spans spans=content /></h3> }.into_any(),
            4 => view! { <h4><Spans spans=content /></h4> }.into_any(),
            _ => view! { <h2><Spans spans=content /></h2> }.into_any(),
        },
        Block::Quote {
            content,
            cite,
            cite_url,
        } => {
            let cite_url = cite_url.filter(|u| safe_url(u).is_some());
            let footer = cite.map(|c| {
                let name = match cite_url.clone() {
                    Some(u) => view! { <a href=crate::url::site_url(&u)>{c}</a> }.into_any(),
                    None => c.into_any(),
                };
                view! { <footer class="block-quote__cite">"— " <cite>{name}</cite></footer> }
            });
            view! {
                <blockquote class="block-quote" cite=cite_url>
                    <p><Spans spans=content /></p>
                    {footer}
                </blockquote>
            }
            .into_any()
        }
        Block::Pullquote { text, attribution } => view! {
            <figure class="pullquote">
                <blockquote><p>{text}</p></blockquote>
                {attribution.map(|a| view! { <figcaption>{a}</figcaption> })}
            </figure>
        }
        .into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|i| view! { <li><Spans spans=i /></li> })
                .collect_view();
            if ordered {
                view! { <ol class="block-list">{items}</ol> }.into_any()
            } else {
                view! { <ul class="block-list">{items}</ul> }.into_any()
            }
        }
        Block::Image {
            image,
            caption,
            credit,
        } => view! {
            <Figure image caption credit lazy />
        }
        .into_any(),
        Block::Video(video) => view! { <VideoView video /> }.into_any(),
        Block::Newsletter { list } => {
            view! { <SignupForm variant=SignupVariant::Inline target=SignupTarget::List(list) /> }
                .into_any()
        }
        Block::Subscribe => view! { <SubscribePromo /> }.into_any(),
        Block::Divider => view! { <hr class="divider" /> }.into_any(),
    }
}
