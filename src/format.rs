//! Dates for readers, formatted by the browser's `Intl` in the edition's
//! locale (so the wasm carries no locale data).

use js_sys::{Date, Object, Reflect};
use standfirst_model::{relative_time, RelativeTime};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o.into()
}

fn parse(iso: &str) -> Option<Date> {
    let d = Date::new(&JsValue::from_str(iso));
    (!d.get_time().is_nan()).then_some(d)
}

/// "20 November 2026, 09:30" (en-GB) / "November 20, 2026 at 9:30 AM" (en-US).
/// Falls back to the raw string if it does not parse.
pub fn date_time(iso: &str, locale: &str) -> String {
    match parse(iso) {
        Some(d) => d
            .to_locale_string(
                locale,
                &options(&[("dateStyle", "long"), ("timeStyle", "short")]),
            )
            .into(),
        None => iso.to_string(),
    }
}

/// "20 November 2026" / "November 20, 2026".
pub fn date(iso: &str, locale: &str) -> String {
    match parse(iso) {
        Some(d) => d
            .to_locale_date_string(locale, &options(&[("dateStyle", "long")]))
            .into(),
        None => iso.to_string(),
    }
}

/// "3 hours ago" for recent items, otherwise the date in the locale.
pub fn card_time(iso: &str, locale: &str) -> String {
    let Some(d) = parse(iso) else {
        return iso.to_string();
    };
    match relative_time(d.get_time(), Date::now()) {
        RelativeTime::Date => date(iso, locale),
        other => other.label().unwrap_or_default(),
    }
}
