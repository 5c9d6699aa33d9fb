//! Relative dates for cards ("3 hours ago"); older items show a full date,
//! which the app formats in the edition's locale.

use crate::strings::{Key, Plural, Ui};

/// How a published time reads relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeTime {
    /// Under a minute old, or slightly in the future (clock skew).
    JustNow,
    Minutes(u32),
    Hours(u32),
    Yesterday,
    /// Older than two days, or far in the future: show the date instead.
    Date,
}

impl RelativeTime {
    /// The label in the words of `ui`, or `None` when a date should be
    /// shown.
    pub fn label(self, ui: &Ui) -> Option<String> {
        Some(match self {
            RelativeTime::JustNow => ui.get(Key::JustNow).to_string(),
            RelativeTime::Minutes(n) => ui.plural(Plural::MinutesAgo, n.into(), &[]),
            RelativeTime::Hours(n) => ui.plural(Plural::HoursAgo, n.into(), &[]),
            RelativeTime::Yesterday => ui.get(Key::Yesterday).to_string(),
            RelativeTime::Date => return None,
        })
    }
}

/// Classifies `published` against `now`, both in milliseconds since the epoch.
pub fn relative_time(published_ms: f64, now_ms: f64) -> RelativeTime {
    let secs = (now_ms - published_ms) / 1000.0;
    if !secs.is_finite() || secs < -300.0 {
        return RelativeTime::Date;
    }
    let mins = (secs / 60.0).floor() as i64;
    match mins {
        i64::MIN..=0 => RelativeTime::JustNow,
        1..=59 => RelativeTime::Minutes(mins as u32),
        60..=1439 => RelativeTime::Hours((mins / 60) as u32),
        1440..=2879 => RelativeTime::Yesterday,
        _ => RelativeTime::Date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const MIN: f64 = 60_000.0;

    #[test]
    fn buckets_recent_times() {
        let now = 1_800_000_000_000.0;
        assert_eq!(relative_time(now, now), RelativeTime::JustNow);
        assert_eq!(relative_time(now - 30_000.0, now), RelativeTime::JustNow);
        assert_eq!(relative_time(now + 2.0 * MIN, now), RelativeTime::JustNow);
        assert_eq!(relative_time(now + 10.0 * MIN, now), RelativeTime::Date);
        assert_eq!(relative_time(now - MIN, now), RelativeTime::Minutes(1));
        assert_eq!(
            relative_time(now - 59.9 * MIN, now),
            RelativeTime::Minutes(59)
        );
        assert_eq!(relative_time(now - 60.0 * MIN, now), RelativeTime::Hours(1));
        assert_eq!(
            relative_time(now - 185.0 * MIN, now),
            RelativeTime::Hours(3)
        );
        assert_eq!(
            relative_time(now - 30.0 * 60.0 * MIN, now),
            RelativeTime::Yesterday
        );
        assert_eq!(
            relative_time(now - 49.0 * 60.0 * MIN, now),
            RelativeTime::Date
        );
        assert_eq!(relative_time(f64::NAN, now), RelativeTime::Date);
    }

    #[test]
    fn labels_read_naturally() {
        assert_eq!(
            RelativeTime::Minutes(1)
                .label(&crate::strings::english_for_tests())
                .as_deref(),
            Some("1 minute ago")
        );
        assert_eq!(
            RelativeTime::Hours(3)
                .label(&crate::strings::english_for_tests())
                .as_deref(),
            Some("3 hours ago")
        );
        assert_eq!(
            RelativeTime::Hours(1)
                .label(&crate::strings::english_for_tests())
                .as_deref(),
            Some("1 hour ago")
        );
        assert_eq!(
            RelativeTime::Yesterday
                .label(&crate::strings::english_for_tests())
                .as_deref(),
            Some("Yesterday")
        );
        assert_eq!(
            RelativeTime::Date.label(&crate::strings::english_for_tests()),
            None
        );
    }
}
