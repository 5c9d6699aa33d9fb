use crate::app::SiteContext;
use crate::i18n::{t, tf};
use leptos::prelude::*;
use leptos::task::spawn_local;
use standfirst_model::Key;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Share the story: the browser's native share where it exists, otherwise
/// copy the link with an announced confirmation; and an email link.
#[component]
pub fn ShareBar(
    /// The story's headline.
    headline: String,
    /// The story's site path.
    path: String,
) -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let status = RwSignal::new(String::new());
    // The story's canonical address, the same for every reader.
    let canonical = format!("{}{path}", ctx.site.base_url.trim_end_matches('/'));
    let url = {
        let c = canonical.clone();
        move || c.clone()
    };
    let title = headline.clone();
    let share = move |_| {
        let link = url();
        let title = title.clone();
        spawn_local(async move {
            let nav = window().navigator();
            let has_share = js_sys::Reflect::has(&nav, &"share".into()).unwrap_or(false);
            if has_share {
                let data = web_sys::ShareData::new();
                data.set_title(&title);
                data.set_url(&link);
                // A dismissed share sheet rejects; that is not an error to show.
                let _ = JsFuture::from(nav.share_with_data(&data)).await;
                return;
            }
            let copied = match nav.clipboard().dyn_into::<web_sys::Clipboard>() {
                Ok(cb) => JsFuture::from(cb.write_text(&link)).await.is_ok(),
                Err(_) => false,
            };
            status.set(if copied {
                t(Key::LinkCopied)
            } else {
                tf(Key::CopyLink, &[&link])
            });
        });
    };
    let mail = format!(
        "mailto:?subject={}&body={}",
        standfirst_model::form_escape(&headline).replace('+', "%20"),
        standfirst_model::form_escape(&canonical).replace('+', "%20")
    );
    view! {
        <div class="share-bar">
            <button type="button" class="button button--quiet" on:click=share>{t(Key::Share)}</button>
            <a class="button button--quiet" href=mail>{t(Key::ShareEmail)}</a>
            <p class="share-bar__status" role="status">{crate::dynamic::dynamic(move || Some(status.get()).filter(|s| !s.is_empty()))}</p>
        </div>
    }
}
