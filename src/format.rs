//! Dates for readers, in the publication's words and digits. Full dates
//! come from `standfirst_model` (the same Rust code formats them at build
//! time and in the browser, so nothing changes at takeover); "3 hours ago"
//! needs the reader's clock, so it is applied after takeover, in the
//! browser only.

use crate::i18n;

/// "November 20, 2026" in the edition's `locale` order.
pub fn format_date(iso: &str, locale: &str) -> String {
    i18n::with(|ui| standfirst_model::format_date(iso, locale, ui))
}

/// "November 20, 2026 at 9:30 AM UTC" in the edition's `locale` order.
pub fn format_date_time(iso: &str, locale: &str) -> String {
    i18n::with(|ui| standfirst_model::format_date_time(iso, locale, ui))
}

/// "3 hours ago" for an item published within the last two days, else
/// `None` (the full date stays). Always `None` when prerendering.
pub fn relative_label(iso: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let _ = iso;
        None
    }
    #[cfg(feature = "csr")]
    {
        let published = standfirst_model::parse_rfc3339(iso)?;
        let now = js_sys::Date::now();
        i18n::with(|ui| {
            standfirst_model::relative_time(published.unix as f64 * 1000.0, now).label(ui)
        })
    }
}
