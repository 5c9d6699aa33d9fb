//! The Standfirst delivery format: the static JSON API that the content
//! compiler writes and the app reads (see `docs/content-guide.md`).
//!
//! This crate has no web dependencies so that everything in it is tested
//! natively. It also holds the small pure functions that both sides need:
//! the URL allowlist, e-mail validation, reading time and relative dates.

mod block;
mod dates;
mod email;
mod feed;
mod from_json;
mod live;
mod newsletter;
pub mod paths;
mod site;
pub mod strings;
mod time;
mod url;

pub use block::*;
pub use dates::{format_date, format_date_time, parse_rfc3339, UtcDateTime};
pub use email::{validate_email, EmailError, MAX_EMAIL_LEN};
pub use feed::*;
pub use from_json::{DecodeError, FromJson, JsonValue};
pub use live::*;
pub use newsletter::*;
pub use paths::PageKind;
pub use site::*;
pub use strings::{EndpointKey, EndpointPlural, EndpointUi, Key, Plural, Ui};
pub use time::{relative_time, RelativeTime};
pub use url::{
    absolute_allowed, absolute_url, escape_html, hashed_assets, is_allowed_url, is_hashed_asset,
    is_slug, safe_url, MAX_SLUG_LEN,
};

/// Words per minute used for `reading_minutes`.
pub const WORDS_PER_MINUTE: usize = 230;

/// Reading time in whole minutes for a word count, never less than one.
pub fn reading_minutes(words: usize) -> u32 {
    words.div_ceil(WORDS_PER_MINUTE).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_minutes_rounds_up_and_has_a_floor() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
        assert_eq!(reading_minutes(1500), 7);
    }
}
