//! The time the sign-up endpoint goes by: the system's clock, which a test
//! can move forward (a cooldown of ten minutes is tested without waiting
//! ten minutes). Every copy of a [`Clock`] shares the same shift.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The system's clock plus a shift that only tests change.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    shift: Arc<AtomicI64>,
}

impl Clock {
    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        crate::db::unix_now() + self.shift.load(Ordering::Relaxed)
    }

    /// Moves this clock, and every copy of it, forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.shift.fetch_add(by.as_secs() as i64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_move_together() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(Duration::from_secs(600));
        let after = copy.now();
        assert!(
            (600..=601).contains(&(after - before)),
            "{}",
            after - before
        );
    }
}
