//! Who the client is, for rate limits. The connecting peer, unless it is
//! a proxy named with `--trusted-proxy`: then `X-Forwarded-For` is read
//! from the right, skipping the trusted proxies' own entries, and the
//! first address that is not trusted is the client's. Entries added left
//! of it were written by the client itself and are never believed.

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The trusted proxy ranges.
#[derive(Debug, Clone, Default)]
pub struct ClientIp {
    trusted: Vec<IpNet>,
}

impl ClientIp {
    /// Parses each `--trusted-proxy` (a CIDR range or a single address).
    pub fn new(ranges: &[String]) -> anyhow::Result<ClientIp> {
        let trusted = ranges
            .iter()
            .map(|r| {
                let r = r.trim();
                r.parse::<IpNet>()
                    .or_else(|_| r.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!("--trusted-proxy {r:?} is not a range such as 10.0.0.0/8")
                    })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(ClientIp { trusted })
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.trusted.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request (unspecified when the router is driven
    /// in-process without a peer address).
    pub fn of<B>(&self, req: &Request<B>) -> IpAddr {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        self.resolve(peer, req.headers())
    }

    /// The client, from the peer and the request's headers.
    pub fn resolve(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_trusted(peer) {
            return canonical(peer);
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = canonical(peer);
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                // Garbage: the last address that a trusted hop vouched for.
                return client;
            };
            client = ip;
            if !self.is_trusted(ip) {
                return ip;
            }
        }
        client
    }
}

/// `1.2.3.4`, `1.2.3.4:567`, `2001:db8::1` or `[2001:db8::1]:567`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<SocketAddr>().ok().map(|s| canonical(s.ip()))
}

/// IPv4-mapped IPv6 addresses as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_peer_walking_from_the_right() {
        let c = ClientIp::new(&["10.0.0.0/8".into(), "127.0.0.1".into()]).unwrap();
        let h = xff(&["203.0.113.9, 198.51.100.7", "10.1.1.1"]);
        assert_eq!(c.resolve(ip("10.0.0.2"), &h), ip("198.51.100.7"));
        assert_eq!(
            c.resolve(ip("192.0.2.1"), &h),
            ip("192.0.2.1"),
            "untrusted peer"
        );
        assert_eq!(c.resolve(ip("::ffff:10.0.0.2"), &h), ip("198.51.100.7"));
        assert_eq!(c.resolve(ip("127.0.0.1"), &xff(&[])), ip("127.0.0.1"));
        assert_eq!(
            c.resolve(ip("10.0.0.2"), &xff(&["10.0.0.9, 10.0.0.8"])),
            ip("10.0.0.9"),
            "all trusted: the leftmost"
        );
        assert_eq!(
            c.resolve(ip("10.0.0.2"), &xff(&["198.51.100.1, garbage, 10.0.0.8"])),
            ip("10.0.0.8")
        );
        assert_eq!(
            c.resolve(ip("10.0.0.2"), &xff(&["[2001:db8::1]:443"])),
            ip("2001:db8::1")
        );
        assert_eq!(
            c.resolve(ip("10.0.0.2"), &xff(&["198.51.100.1:5000"])),
            ip("198.51.100.1")
        );
        assert!(ClientIp::new(&["nonsense".into()]).is_err());
        let none = ClientIp::default();
        assert_eq!(none.resolve(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }
}
