//! The per-address cooldown: how often one address may be sent mail
//! (confirm and "already subscribed" mails alike), whoever asks and from
//! wherever. It is kept with the subscriber (`last_mail_at`,
//! `mail_day_start`, `mail_day_count`), so it holds across restarts and
//! for every server sharing the database.
//!
//! A day is counted from the first mail of that day, not from midnight.

const DAY: i64 = 86_400;

/// The limits: at most one mail per `interval` seconds and `per_day` a
/// day; 0 turns either off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cooldown {
    pub interval: i64,
    pub per_day: u32,
}

/// The mail an address was sent, as stored with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct History {
    /// When the last mail was queued (Unix seconds).
    pub last: Option<i64>,
    /// When the current day of mail began.
    pub day_start: Option<i64>,
    /// Mails queued since `day_start`.
    pub day_count: i64,
}

impl Cooldown {
    /// The history with one more mail at `now`, or `None` when the
    /// address must not be sent one now.
    pub fn admit(&self, h: History, now: i64) -> Option<History> {
        if h.last
            .is_some_and(|last| self.interval > 0 && now < last + self.interval)
        {
            return None;
        }
        let (start, count) = match h.day_start {
            Some(start) if (start..start + DAY).contains(&now) => (start, h.day_count),
            _ => (now, 0),
        };
        if self.per_day > 0 && count >= i64::from(self.per_day) {
            return None;
        }
        Some(History {
            last: Some(now),
            day_start: Some(start),
            day_count: count + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mail_per_interval_and_a_daily_cap() {
        let c = Cooldown {
            interval: 600,
            per_day: 5,
        };
        let mut h = c.admit(History::default(), 1_000).unwrap();
        assert_eq!(c.admit(h, 1_599), None, "within ten minutes");
        for i in 1..5 {
            h = c.admit(h, 1_000 + 600 * i).unwrap();
        }
        assert_eq!(h.day_count, 5);
        assert_eq!(c.admit(h, 1_000 + 600 * 5), None, "five a day");
        assert_eq!(c.admit(h, 1_000 + DAY - 1), None);
        let next_day = c.admit(h, 1_000 + DAY).unwrap();
        assert_eq!(
            (next_day.day_start, next_day.day_count),
            (Some(1_000 + DAY), 1)
        );
    }

    #[test]
    fn zero_turns_each_limit_off() {
        let off = Cooldown {
            interval: 0,
            per_day: 0,
        };
        let mut h = History::default();
        for _ in 0..100 {
            h = off.admit(h, 1_000).unwrap();
        }
        let daily_only = Cooldown {
            interval: 0,
            per_day: 2,
        };
        let h = daily_only.admit(History::default(), 5).unwrap();
        let h = daily_only.admit(h, 5).unwrap();
        assert_eq!(daily_only.admit(h, 6), None);
        // A clock set back does not open the gate.
        let c = Cooldown {
            interval: 600,
            per_day: 0,
        };
        let h = c.admit(History::default(), 10_000).unwrap();
        assert_eq!(c.admit(h, 9_000), None);
    }
}
