use crate::app::SiteContext;
use crate::i18n::t;
use crate::url::href;
use leptos::prelude::*;
use standfirst_model::Key;

/// The subscription promo from `site.json`'s `subscribe`.
#[component]
pub fn SubscribePromo() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let s = ctx.site.subscribe.clone();
    let link = href(&s.url);
    view! {
        <aside class="subscribe-promo" aria-label=t(Key::Subscribe)>
            <p class="subscribe-promo__headline">{s.headline}</p>
            <p class="subscribe-promo__text">{s.text}</p>
            {link.map(|h| view! { <a class="button" href=h>{t(Key::Subscribe)}</a> })}
        </aside>
    }
}
