//! Per-client rate limits, one bucket set per endpoint, on
//! [governor](https://docs.rs/governor)'s keyed GCRA limiter: `n`
//! requests at once, then one every `60 / n` seconds. IPv6 clients are
//! keyed by their /64, which one household or host usually holds.
//!
//! Memory stays bounded: every [`SWEEP_EVERY`] checks (and from a timer,
//! see [`RateLimiter::sweep`]) clients back to a full bucket are
//! forgotten, and past [`MAX_CLIENTS`] tracked at once a new client shares
//! one overflow bucket until the next sweep. No request scans the map.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Clients tracked at once before new ones share the overflow bucket.
pub const MAX_CLIENTS: usize = 100_000;
/// A sweep after this many checks.
pub const SWEEP_EVERY: u64 = 4_096;
/// The key of the shared overflow bucket.
const OVERFLOW: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

pub struct RateLimiter {
    quota: Option<Quota>,
    max_clients: usize,
    buckets: RwLock<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    checks: AtomicU64,
}

impl RateLimiter {
    /// `per_minute` requests per client per minute; 0 turns the limit off.
    pub fn new(per_minute: u32) -> Self {
        Self::with_capacity(per_minute, MAX_CLIENTS)
    }

    pub fn with_capacity(per_minute: u32, max_clients: usize) -> Self {
        let quota = NonZeroU32::new(per_minute).map(Quota::per_minute);
        let fallback = Quota::per_minute(NonZeroU32::MIN);
        RateLimiter {
            quota,
            max_clients,
            buckets: RwLock::new(Arc::new(DefaultKeyedRateLimiter::keyed(
                quota.unwrap_or(fallback),
            ))),
            checks: AtomicU64::new(0),
        }
    }

    fn buckets(&self) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
        self.buckets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// `Ok(())` to go ahead, or `Err(seconds)` until the next request may.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        if self.quota.is_none() {
            return Ok(());
        }
        let buckets = self.buckets();
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            sweep(&buckets);
        }
        let mut k = key(ip);
        if buckets.len() >= self.max_clients {
            k = OVERFLOW;
        }
        buckets
            .check_key(&k)
            .map_err(|not_until| ceil_secs(not_until.wait_time_from(DefaultClock::default().now())))
    }

    /// Forgets clients back to a full bucket (a timer calls this too).
    pub fn sweep(&self) {
        sweep(&self.buckets());
    }

    /// Clients tracked now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.buckets().len()
    }

    /// Forgets every client (the test controls' `normal` mode).
    pub fn reset(&self) {
        if let Some(q) = self.quota {
            *self.buckets.write().unwrap_or_else(|p| p.into_inner()) =
                Arc::new(DefaultKeyedRateLimiter::keyed(q));
        }
    }
}

fn sweep(buckets: &DefaultKeyedRateLimiter<IpAddr>) {
    buckets.retain_recent();
    buckets.shrink_to_fit();
}

fn ceil_secs(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

/// The key a client is counted under: IPv6 by its /64.
pub(crate) fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_per_minute_then_a_wait_per_client() {
        let l = RateLimiter::new(5);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..5 {
            assert_eq!(l.check(a), Ok(()));
        }
        let wait = l.check(a).unwrap_err();
        assert!((11..=12).contains(&wait), "{wait}");
        assert_eq!(l.check(b), Ok(()));
        l.reset();
        assert_eq!(l.check(a), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64_and_zero_means_off() {
        let l = RateLimiter::new(1);
        assert_eq!(l.check("2001:db8::1".parse().unwrap()), Ok(()));
        assert!(l.check("2001:db8::2".parse().unwrap()).is_err());
        assert_eq!(l.check("2001:db8:0:1::1".parse().unwrap()), Ok(()));
        let off = RateLimiter::new(0);
        for _ in 0..100 {
            assert_eq!(off.check("192.0.2.1".parse().unwrap()), Ok(()));
        }
    }

    #[test]
    fn memory_is_bounded_by_the_cap_and_the_sweeps() {
        let l = RateLimiter::with_capacity(5, 1_000);
        for i in 0..20_000u32 {
            let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i));
            let _ = l.check(ip);
            assert!(l.tracked() <= 1_001, "{} at {i}", l.tracked());
        }
        // Overflowed clients share one bucket: they are limited together.
        assert!(l.check("198.51.100.1".parse().unwrap()).is_err());
    }
}
