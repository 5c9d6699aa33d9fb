//! The connection loop: hyper's HTTP/1 server with its own timers, so a
//! client cannot hold a connection with half a request.
//!
//! - the request head must arrive within `header_timeout` (hyper's
//!   `header_read_timeout`); the same timer closes a keep-alive
//!   connection that sends no new request within it (the idle limit);
//! - each chunk of a request body must arrive within `body_timeout`
//!   (tower-http's `RequestBodyTimeoutLayer`, applied in [`crate::app`]);
//! - the whole body must arrive within `body_deadline` ([`crate::deadline`]);
//! - at most `max_connections` are open at once: past that, new ones wait
//!   in the kernel's backlog until one closes;
//! - at most `max_per_ip` of them from one client address (an IPv6 client
//!   by its /64, as the rate limits count): past that, a new connection
//!   from that address is closed at once, so that one client cannot take
//!   every connection. Trusted proxies are not counted, since all their
//!   readers share their address; limit connections at the proxy.

use crate::client_ip::ClientIp;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::hash_map::{Entry, HashMap};
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    /// Connections one client address may have open at once; 0 for no
    /// limit. Addresses of trusted proxies are not counted.
    pub max_per_ip: usize,
    /// How long open requests may run on after a shutdown starts.
    pub drain: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_timeout: Duration::from_secs(5),
            max_connections: 1024,
            max_per_ip: 128,
            drain: Duration::from_secs(10),
        }
    }
}

/// Connections open per client address.
struct PerIp {
    cap: usize,
    trusted: ClientIp,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// What [`PerIp::admit`] decided.
enum Admit {
    /// Not counted: a trusted proxy, or no cap.
    Free,
    /// Counted until dropped.
    Counted(Counted),
    /// The address has its share open already.
    Full,
}

/// One connection counted against its address.
struct Counted {
    per_ip: Arc<PerIp>,
    key: IpAddr,
}

impl PerIp {
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Admit {
        if self.cap == 0 || self.trusted.is_trusted(ip) {
            return Admit::Free;
        }
        let key = crate::rate_limit::key(ip);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(key).or_insert(0);
        if *n >= self.cap {
            return Admit::Full;
        }
        *n += 1;
        Admit::Counted(Counted {
            per_ip: self.clone(),
            key,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut open = self.per_ip.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Entry::Occupied(mut n) = open.entry(self.key) {
            *n.get_mut() -= 1;
            if *n.get() == 0 {
                n.remove();
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open
/// requests finish (for at most `limits.drain`). Connections from
/// `trusted` proxies are not counted per address.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    trusted: ClientIp,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_ip = Arc::new(PerIp {
        cap: limits.max_per_ip,
        trusted,
        open: Mutex::default(),
    });
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, go on.
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let counted = match per_ip.admit(peer.ip()) {
            Admit::Full => {
                tracing::debug!("connection closed: its address has its share open");
                continue;
            }
            Admit::Free => None,
            Admit::Counted(c) => Some(c),
        };
        let _ = stream.set_nodelay(true);
        let svc = app
            .clone()
            .map_request(move |mut req: axum::http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.map(axum::body::Body::new)
            });
        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // Errors here are the client's (a reset, a timeout): not ours to log.
            let _ = conn.await;
            drop((permit, counted));
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.drain) => {
            tracing::warn!("shutdown: some connections did not finish in time");
        }
    }
    Ok(())
}
