//! A per-client rate limit for the sign-up endpoint: `n` requests at once,
//! then one every `60 / n` seconds (a token bucket, kept as GCRA's
//! "theoretical arrival time", so the arithmetic is exact). IPv6 clients
//! are keyed by their /64, which one household or host usually holds.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PERIOD: Duration = Duration::from_secs(60);
/// Past this many tracked clients, those back to a full bucket are forgotten.
const PRUNE_AT: usize = 10_000;

pub struct RateLimiter {
    per_minute: u32,
    next_free: Mutex<HashMap<IpAddr, Instant>>,
}

impl RateLimiter {
    /// `per_minute` requests per client per minute; 0 turns the limit off.
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            next_free: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok(())` to go ahead, or `Err(seconds)` until the next request may.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let interval = PERIOD / self.per_minute;
        let tolerance = interval * (self.per_minute - 1);
        let mut map = self.next_free.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= PRUNE_AT {
            map.retain(|_, tat| *tat > now);
        }
        let tat = map.get(&key(ip)).copied().unwrap_or(now).max(now);
        let ahead = tat - now;
        if ahead > tolerance {
            return Err(ceil_secs(ahead - tolerance));
        }
        map.insert(key(ip), tat + interval);
        Ok(())
    }

    /// Forgets every client (the test controls' `normal` mode).
    pub fn reset(&self) {
        self.next_free
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

fn ceil_secs(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

fn key(ip: IpAddr) -> IpAddr {
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
    fn five_per_minute_then_a_wait() {
        let l = RateLimiter::new(5);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t = Instant::now();
        for _ in 0..5 {
            assert_eq!(l.check(a, t), Ok(()));
        }
        assert_eq!(l.check(a, t), Err(12));
        assert_eq!(l.check(b, t), Ok(()));
        assert_eq!(l.check(a, t + Duration::from_secs(6)), Err(6));
        assert_eq!(l.check(a, t + Duration::from_secs(12)), Ok(()));
        l.reset();
        assert_eq!(l.check(a, t + Duration::from_secs(12)), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64_and_zero_means_off() {
        let l = RateLimiter::new(1);
        let t = Instant::now();
        assert_eq!(l.check("2001:db8::1".parse().unwrap(), t), Ok(()));
        assert!(l.check("2001:db8::2".parse().unwrap(), t).is_err());
        assert_eq!(l.check("2001:db8:0:1::1".parse().unwrap(), t), Ok(()));
        let off = RateLimiter::new(0);
        for _ in 0..100 {
            assert_eq!(off.check("192.0.2.1".parse().unwrap(), t), Ok(()));
        }
    }
}
