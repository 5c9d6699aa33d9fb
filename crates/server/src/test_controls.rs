//! Test-only controls (`serve --test-controls`), a layer wrapped around
//! the whole app only when the flag is set: switch how the sign-up
//! endpoint answers, count what it received, reveal the newest
//! confirmation token. They answer only to a loopback peer that no proxy
//! forwarded, and only in JSON (a POST must be `application/json`).
//! Without the flag none of this exists.

use crate::newsletter::{respond, Format, Newsletter, Outcome, ENDPOINT};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the `slow` mode waits before answering.
pub const SLOW: Duration = Duration::from_secs(10);
const PREFIX: &str = "/__test/newsletter";

/// How the endpoint answers its next requests (until switched again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// As in production.
    Normal,
    /// 500.
    Fail,
    /// Waits 10 s, then answers normally (past the client's 8 s timeout).
    Slow,
    /// 429 with `Retry-After: 30`.
    RateLimited,
    /// Closes the connection without an answer.
    Offline,
}

const MODES: [Mode; 5] = [
    Mode::Normal,
    Mode::Fail,
    Mode::Slow,
    Mode::RateLimited,
    Mode::Offline,
];

/// The mode, the request counter and the newest token.
#[derive(Default)]
pub struct Controls {
    mode: AtomicU8,
    requests: AtomicU64,
    last_token: Mutex<Option<String>>,
}

impl Controls {
    fn mode(&self) -> Mode {
        MODES[usize::from(self.mode.load(Ordering::SeqCst)).min(MODES.len() - 1)]
    }

    fn set_mode(&self, mode: Mode) {
        let i = MODES.iter().position(|m| *m == mode).unwrap_or(0);
        self.mode.store(i as u8, Ordering::SeqCst);
    }

    /// Remembers the newest confirmation token (the endpoint's hook).
    pub fn remember(&self, token: &str) {
        *self.last_token.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.to_string());
    }
}

/// Wraps `app` with the controls.
pub fn wrap(app: Router, n: Arc<Newsletter>, controls: Arc<Controls>) -> Router {
    app.layer(axum::middleware::from_fn_with_state((n, controls), steer))
}

type Shared = (Arc<Newsletter>, Arc<Controls>);

async fn steer(State((n, c)): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == PREFIX || path.starts_with("/__test/") {
        if !from_loopback(&req) {
            return (StatusCode::NOT_FOUND, Json(json!({ "error": "not_found" }))).into_response();
        }
        return control(&n, &c, req).await;
    }
    if path != ENDPOINT || req.method() != Method::POST {
        return next.run(req).await;
    }
    c.requests.fetch_add(1, Ordering::SeqCst);
    let format = Format::of(req.headers(), req.uri());
    let outcome = match c.mode() {
        Mode::Normal => return next.run(req).await,
        Mode::Slow => {
            tokio::time::sleep(SLOW).await;
            return next.run(req).await;
        }
        Mode::Offline => return hang_up(),
        Mode::Fail => Outcome::Failed(StatusCode::INTERNAL_SERVER_ERROR),
        Mode::RateLimited => Outcome::RateLimited(30),
    };
    respond(outcome, &format, &n.site)
}

/// A loopback peer, with no sign of a proxy in front.
fn from_loopback(req: &Request) -> bool {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|c| c.0.ip().is_loopback());
    let forwarded = req.headers().contains_key("x-forwarded-for")
        || req.headers().contains_key(header::FORWARDED);
    peer && !forwarded
}

async fn control(n: &Newsletter, c: &Controls, req: Request) -> Response {
    let path = req.uri().path().to_string();
    match (req.method().clone(), path.as_str()) {
        (Method::POST, PREFIX) => {
            let json = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            if !json {
                let e = json!({ "error": "send application/json" });
                return (StatusCode::UNSUPPORTED_MEDIA_TYPE, Json(e)).into_response();
            }
            let body = axum::body::to_bytes(req.into_body(), 4096)
                .await
                .unwrap_or_default();
            set_mode(n, c, &body)
        }
        (Method::GET, "/__test/newsletter/count") => match n.db.count().await {
            Ok(rows) => {
                Json(json!({ "requests": c.requests.load(Ordering::SeqCst), "rows": rows }))
                    .into_response()
            }
            Err(e) => server_error(e),
        },
        (Method::GET, "/__test/newsletter/last-token") => {
            let token = c
                .last_token
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            match token {
                Some(t) => Json(json!({ "token": t })).into_response(),
                None => (StatusCode::NOT_FOUND, Json(json!({ "token": null }))).into_response(),
            }
        }
        _ => (StatusCode::NOT_FOUND, Json(json!({ "error": "not_found" }))).into_response(),
    }
}

/// Switches the mode. `normal` also clears the rate limits, so each test
/// starts with a full allowance whatever ran before it.
fn set_mode(n: &Newsletter, c: &Controls, body: &Bytes) -> Response {
    #[derive(Deserialize)]
    struct SetMode {
        mode: Mode,
    }
    let Ok(SetMode { mode }) = serde_json::from_slice(body) else {
        let modes = "normal, fail, slow, rate_limited, offline";
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": format!("mode is one of {modes}") })),
        )
            .into_response();
    };
    c.set_mode(mode);
    if mode == Mode::Normal {
        for l in n.limits.each() {
            l.reset();
        }
    }
    let name = mode_name(mode);
    tracing::info!(mode = name, "test controls: sign-up endpoint mode");
    Json(json!({ "mode": name })).into_response()
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Normal => "normal",
        Mode::Fail => "fail",
        Mode::Slow => "slow",
        Mode::RateLimited => "rate_limited",
        Mode::Offline => "offline",
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

fn server_error(e: anyhow::Error) -> Response {
    tracing::error!("test controls: database: {e}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "error": "server_error" })),
    )
        .into_response()
}
