//! The reference sign-up endpoint (content contract, "Newsletter
//! endpoint"): `POST /api/newsletter` and the confirmation link.
//!
//! Email addresses never reach a log line or an error message: only list
//! ids, statuses and the confirmation path are logged.

mod confirm;
mod cors;
mod parse;

pub use cors::Cors;

use crate::db::{self, Db, Signup};
use crate::rate_limit::RateLimiter;
use crate::site::SiteInfo;
use crate::test_controls::{Controls, Mode};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use standfirst_model::{SignupOk, SignupRefusal, SignupStatus};
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

/// `POST /api/newsletter`, JSON or form encoded.
async fn signup(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    n.controls.count_request();
    match n.controls.mode() {
        Mode::Normal => {}
        Mode::Fail => return error(StatusCode::INTERNAL_SERVER_ERROR, "server_error"),
        Mode::RateLimited => return too_many(30),
        Mode::Offline => return hang_up(),
        Mode::Slow => tokio::time::sleep(SLOW).await,
    }
    if let Err(wait) = n.limiter.check(client_ip(&req), Instant::now()) {
        tracing::info!(wait, "sign-up rate limited");
        return too_many(wait);
    }
    let request = match parse::read(req).await {
        Ok(r) => r,
        Err(status) => {
            let code = match status {
                StatusCode::PAYLOAD_TOO_LARGE => "too_large",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                _ => "bad_request",
            };
            tracing::info!(status = status.as_u16(), "sign-up refused: {code}");
            return error(status, code);
        }
    };
    let valid = match parse::validate(&request, &n.site.lists) {
        Ok(v) => v,
        Err(e) => {
            tracing::info!(reason = ?e, "sign-up refused");
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(SignupRefusal { error: e }),
            )
                .into_response();
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
            ok(StatusCode::CREATED, SignupStatus::Pending)
        }
        Ok(Signup::AlreadySubscribed) => {
            tracing::info!(lists, "sign-up: already subscribed");
            ok(StatusCode::OK, SignupStatus::AlreadySubscribed)
        }
        Err(e) => {
            tracing::error!("sign-up not stored: {e}");
            error(StatusCode::INTERNAL_SERVER_ERROR, "server_error")
        }
    }
}

fn ok(status: StatusCode, s: SignupStatus) -> Response {
    (status, Json(SignupOk { status: s })).into_response()
}

/// `{"error": code}` for answers outside the contract's refusals.
fn error(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({ "error": code }))).into_response()
}

fn too_many(wait: u64) -> Response {
    let mut resp = error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    resp
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
