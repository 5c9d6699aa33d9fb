//! Dates as readers see them, formatted by the same Rust code when pages
//! are prerendered and when the app renders in the browser, so nothing
//! changes when the app takes a page over.
//!
//! Times are shown in UTC (a static page cannot know the reader's zone),
//! labelled as such. The words and patterns come from the publication's
//! interface table ([`Ui`]): month names, the date's order, the clock's
//! halves and the digits. The edition's locale picks the order: `en-US`
//! (and plain `en`) month first with a 12-hour clock, every other locale
//! day first with a 24-hour clock.

use crate::strings::{Key, Ui};

/// A moment broken into UTC calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcDateTime {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    /// Seconds since the Unix epoch.
    pub unix: i64,
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number (inverse of `days_from_civil`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses RFC 3339 (`2026-11-20T09:30:00Z`, `2026-11-20T10:30:00+01:00`,
/// fractional seconds allowed) into UTC fields; `None` if it is not one.
pub fn parse_rfc3339(s: &str) -> Option<UtcDateTime> {
    let s = s.trim();
    let (date, rest) = s.split_at_checked(10)?;
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&day) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return None,
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, mi) = (num(c.next()?)?, num(c.next()?)?);
    let sec = c.next().map(num).unwrap_or(Some(0))?;
    if c.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let offset = match zone {
        "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let (oh, om) = z[1..].split_once(':')?;
            let (oh, om) = (num(oh)?, num(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let unix = days_from_civil(y, m, day) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    let (yy, mm, dd) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    Some(UtcDateTime {
        year: i32::try_from(yy).ok()?,
        month: mm as u8,
        day: dd as u8,
        hour: (secs / 3600) as u8,
        minute: (secs % 3600 / 60) as u8,
        unix,
    })
}

/// Month first with a 12-hour clock (`en`, `*-US`), or day first with a
/// 24-hour clock.
fn month_first(locale: &str) -> bool {
    let lower = locale.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let lang = parts.next().unwrap_or("");
    let region = parts.find(|p| p.len() == 2);
    match region {
        Some(r) => r == "us",
        None => lang == "en",
    }
}

const MONTHS: [Key; 12] = [
    Key::Month1,
    Key::Month2,
    Key::Month3,
    Key::Month4,
    Key::Month5,
    Key::Month6,
    Key::Month7,
    Key::Month8,
    Key::Month9,
    Key::Month10,
    Key::Month11,
    Key::Month12,
];

fn date_of(t: &UtcDateTime, locale: &str, ui: &Ui) -> String {
    let month = ui.get(MONTHS[usize::from(t.month - 1)]);
    let (day, year) = (ui.num(u64::from(t.day)), ui.num(t.year.max(0) as u64));
    if month_first(locale) {
        ui.fill(Key::DateMonthFirst, &[month, &day, &year])
    } else {
        ui.fill(Key::DateDayFirst, &[&day, month, &year])
    }
}

/// "November 20, 2026" (en-US), "20 November 2026" (en-GB), in the words
/// and digits of `ui`. The input unchanged if it does not parse.
pub fn format_date(iso: &str, locale: &str, ui: &Ui) -> String {
    match parse_rfc3339(iso) {
        Some(t) => date_of(&t, locale, ui),
        None => iso.to_string(),
    }
}

/// "November 20, 2026 at 9:30 AM UTC" (en-US), "20 November 2026, 09:30
/// UTC" (en-GB), in the words and digits of `ui`. The input unchanged if
/// it does not parse.
pub fn format_date_time(iso: &str, locale: &str, ui: &Ui) -> String {
    let Some(t) = parse_rfc3339(iso) else {
        return iso.to_string();
    };
    let date = date_of(&t, locale, ui);
    let minute = ui.num2(u64::from(t.minute));
    if month_first(locale) {
        let (h12, half) = match t.hour {
            0 => (12, Key::Am),
            h @ 1..=11 => (h, Key::Am),
            12 => (12, Key::Pm),
            h => (h - 12, Key::Pm),
        };
        let hour = ui.num(u64::from(h12));
        ui.fill(Key::DateTime12, &[&date, &hour, &minute, ui.get(half)])
    } else {
        let hour = ui.num2(u64::from(t.hour));
        ui.fill(Key::DateTime24, &[&date, &hour, &minute])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Ui {
        crate::strings::english_for_tests()
    }

    #[test]
    fn parses_utc_and_offsets_to_the_same_moment() {
        let a = parse_rfc3339("2026-11-20T09:30:00Z").unwrap();
        let b = parse_rfc3339("2026-11-20T10:30:00+01:00").unwrap();
        let c = parse_rfc3339("2026-11-20T04:30:00.250-05:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(
            (a.year, a.month, a.day, a.hour, a.minute),
            (2026, 11, 20, 9, 30)
        );
        assert_eq!(a.unix, 1_795_167_000);
    }

    #[test]
    fn an_offset_can_move_the_date() {
        let t = parse_rfc3339("2027-01-01T00:30:00+02:00").unwrap();
        assert_eq!((t.year, t.month, t.day, t.hour), (2026, 12, 31, 22));
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        for bad in [
            "",
            "2026-11-20",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T09:30:00",
            "yesterday at noon",
            "2026-11-20T09:30:00+0100",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert!(parse_rfc3339("2024-02-29T12:00:00Z").is_some());
    }

    #[test]
    fn formats_by_locale() {
        let iso = "2026-11-20T09:05:00Z";
        assert_eq!(
            format_date_time(iso, "en-US", &en()),
            "November 20, 2026 at 9:05 AM UTC"
        );
        assert_eq!(
            format_date_time(iso, "en-GB", &en()),
            "20 November 2026, 09:05 UTC"
        );
        // Any other locale: day first, 24-hour, in the table's digits.
        let mut digits = en();
        digits.digits = "٠١٢٣٤٥٦٧٨٩".into();
        assert_eq!(
            format_date_time(iso, "ar-EG", &digits),
            "٢٠ November ٢٠٢٦, ٠٩:٠٥ UTC"
        );
        assert_eq!(format_date(iso, "en", &en()), "November 20, 2026");
        assert_eq!(format_date(iso, "en-AU", &en()), "20 November 2026");
        assert_eq!(
            format_date_time("2026-11-20T00:00:00Z", "en-US", &en()),
            "November 20, 2026 at 12:00 AM UTC"
        );
        assert_eq!(
            format_date_time("2026-11-20T12:45:00Z", "en-US", &en()),
            "November 20, 2026 at 12:45 PM UTC"
        );
        assert_eq!(
            format_date_time("2026-11-20T23:59:00Z", "en-US", &en()),
            "November 20, 2026 at 11:59 PM UTC"
        );
        assert_eq!(format_date("not a date", "en-GB", &en()), "not a date");
    }

    #[test]
    fn day_numbers_round_trip() {
        for z in [-800_000, -1, 0, 1, 59, 60, 365, 10_957, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
