//! The reference sign-up endpoint (content contract, "Newsletter
//! endpoint"): `POST /api/newsletter` and the confirmation link. The app
//! gets JSON; a browser posting the form itself (JavaScript off) gets a
//! small HTML page saying the same thing (see [`answer`]).
//!
//! Email addresses never reach a log line or an error message: only list
//! ids, statuses and the confirmation path are logged.

mod answer;
mod confirm;
mod cors;
mod page;
mod parse;

pub use cors::Cors;

use crate::db::{self, Db, Signup};
use crate::rate_limit::RateLimiter;
use crate::site::SiteInfo;
use crate::test_controls::{Controls, Mode};
use answer::{respond, Format, Outcome};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use standfirst_model::SignupStatus;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use parse::MAX_BODY;

/// The endpoint's path (the contract's default `newsletter.endpoint`).
pub const ENDPOINT: &str = "/api/newsletter";
/// How long the `slow` test mode waits before answering.
pub const SLOW: Duration = Duration::from_secs(10);

/// Everything the endpoint shares between requests.
pub struct Newsletter {
    pub site: SiteInfo,
    pub db: Db,
    pub limiter: RateLimiter,
    pub cors: Cors,
    pub controls: Controls,
}

/// `/api/newsletter` (POST, and OPTIONS for CORS) and its confirm link.
pub fn routes(state: Arc<Newsletter>) -> Router<Arc<Newsletter>> {
    let cors = axum::middleware::from_fn_with_state(state, cors::apply);
    Router::new()
        .route(ENDPOINT, post(signup).layer(cors))
        .route("/api/newsletter/confirm", get(confirm::confirm))
}

/// `POST /api/newsletter`, JSON or form encoded, answered in JSON or, for a
/// browser's own form post, HTML.
async fn signup(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    let format = Format::of(req.headers(), req.uri());
    n.controls.count_request();
    let outcome = match n.controls.mode() {
        Mode::Normal => sign_up(&n, req).await,
        Mode::Fail => Outcome::Failed(StatusCode::INTERNAL_SERVER_ERROR),
        Mode::RateLimited => Outcome::RateLimited(30),
        Mode::Offline => return hang_up(),
        Mode::Slow => {
            tokio::time::sleep(SLOW).await;
            sign_up(&n, req).await
        }
    };
    respond(outcome, &format, &n.site.name)
}

async fn sign_up(n: &Newsletter, req: Request) -> Outcome {
    if let Err(wait) = n.limiter.check(client_ip(&req), Instant::now()) {
        tracing::info!(wait, "sign-up rate limited");
        return Outcome::RateLimited(wait);
    }
    let request = match parse::read(req).await {
        Ok(r) => r,
        Err(status) => {
            let refused = Outcome::Failed(status);
            tracing::info!(
                status = status.as_u16(),
                "sign-up refused: {}",
                refused.code()
            );
            return refused;
        }
    };
    let valid = match parse::validate(&request, &n.site.lists) {
        Ok(v) => v,
        Err(e) => {
            tracing::info!(reason = ?e, "sign-up refused");
            return Outcome::Refused(e);
        }
    };
    let lists = valid.lists.iter().cloned().collect::<Vec<_>>().join(",");
    let token = new_token();
    let stored =
        n.db.run(move |c| db::subscribe(c, &valid.email, &valid.lists, &valid.source, token))
            .await;
    match stored {
        Ok(Signup::Pending { token }) => {
            // No mail server: the confirmation link goes to the log instead.
            tracing::info!(
                lists,
                "sign-up pending; confirm at {ENDPOINT}/confirm?token={token}"
            );
            Outcome::Done(StatusCode::CREATED, SignupStatus::Pending)
        }
        Ok(Signup::AlreadySubscribed) => {
            tracing::info!(lists, "sign-up: already subscribed");
            Outcome::Done(StatusCode::OK, SignupStatus::AlreadySubscribed)
        }
        Err(e) => {
            tracing::error!("sign-up not stored: {e}");
            Outcome::Failed(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// An answer whose body fails before its first byte: hyper then drops the
/// connection without sending the head, which the client sees as a
/// network failure ("offline").
fn hang_up() -> Response {
    let fail = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "test controls: offline",
        ))
    });
    Response::new(Body::from_stream(fail))
}

/// The peer address; tests that drive the router in-process have none.
fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// 32 random bytes, hex.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
