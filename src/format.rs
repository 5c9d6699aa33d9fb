//! Dates for readers. Full dates come from `standfirst_model` (the same
//! Rust code formats them at build time and in the browser, so nothing
//! changes at takeover); "3 hours ago" needs the reader's clock, so it is
//! applied after takeover, in the browser only.

pub use standfirst_model::{format_date, format_date_time};

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
        standfirst_model::relative_time(published.unix as f64 * 1000.0, now).label()
    }
}
