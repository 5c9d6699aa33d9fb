use crate::app::SiteContext;
use leptos::prelude::*;
use standfirst_model::safe_url;

/// The subscription promo from `site.json`'s `subscribe`.
#[component]
pub fn SubscribePromo() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    move || {
        ctx.get().map(|site| {
            let s = site.subscribe.clone();
            let href = safe_url(&s.url).map(crate::api::site_url);
            view! {
                <aside class="subscribe-promo" aria-label="Subscribe">
                    <p class="subscribe-promo__headline">{s.headline}</p>
                    <p class="subscribe-promo__text">{s.text}</p>
                    {href.map(|h| view! { <a class="button" href=h>"Subscribe"</a> })}
                </aside>
            }
        })
    }
}
