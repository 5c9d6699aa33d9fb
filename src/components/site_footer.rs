use crate::app::SiteContext;
use crate::components::{EditionSwitcher, ThemeToggle};
use crate::i18n::{t, tf};
use crate::url::{base_path, site_url};
use leptos::prelude::*;
use standfirst_model::Key;

/// The site footer: tagline, the reader's edition and theme, feeds and the
/// newsletters page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let ctx = expect_context::<SiteContext>();
    let site = &ctx.site;
    let base = base_path();
    let feeds = site
        .editions
        .iter()
        .map(|e| {
            let href = format!("{base}feeds/{}.xml", e.id);
            view! { <li><a href=href>{tf(Key::EditionFeed, &[&e.name])}</a></li> }
        })
        .collect_view();
    view! {
        <footer class="site-footer">
            <p class="site-footer__tagline">{format!("{} — {}", site.name, site.tagline)}</p>
            <div class="site-footer__prefs">
                <EditionSwitcher />
                <ThemeToggle />
            </div>
            <nav aria-label=t(Key::FooterNav)>
                <ul class="site-footer__links">
                    <li><a href=site_url("/newsletters")>{t(Key::Newsletters)}</a></li>
                    {feeds}
                </ul>
            </nav>
            <p class="site-footer__note">{t(Key::FooterNote)}</p>
        </footer>
    }
}
