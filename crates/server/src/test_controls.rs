//! Test-only routes (`serve --test-controls`): switch how the sign-up
//! endpoint answers, count what it received, reveal the newest confirmation
//! token. Without the flag these routes do not exist and the mode stays
//! `normal`.

use crate::db;
use crate::newsletter::Newsletter;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;

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

/// The mode and the request counter.
#[derive(Default)]
pub struct Controls {
    mode: AtomicU8,
    requests: AtomicU64,
}

impl Controls {
    pub fn mode(&self) -> Mode {
        MODES[usize::from(self.mode.load(Ordering::SeqCst)).min(MODES.len() - 1)]
    }

    pub fn set_mode(&self, mode: Mode) {
        let i = MODES.iter().position(|m| *m == mode).unwrap_or(0);
        self.mode.store(i as u8, Ordering::SeqCst);
    }

    /// Counts one request that reached the endpoint.
    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::SeqCst);
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}

#[derive(Deserialize)]
struct SetMode {
    mode: Mode,
}

/// `POST /__test/newsletter`, `GET /__test/newsletter/count`,
/// `GET /__test/newsletter/last-token`.
pub fn routes() -> Router<Arc<Newsletter>> {
    Router::new()
        .route("/__test/newsletter", post(set_mode))
        .route("/__test/newsletter/count", get(count))
        .route("/__test/newsletter/last-token", get(last_token))
}

/// Switches the mode. `normal` also clears the rate limiter, so each test
/// starts with a full allowance whatever ran before it.
async fn set_mode(State(n): State<Arc<Newsletter>>, body: Bytes) -> Response {
    let Ok(SetMode { mode }) = serde_json::from_slice(&body) else {
        let modes = "normal, fail, slow, rate_limited, offline";
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": format!("mode is one of {modes}") })),
        )
            .into_response();
    };
    n.controls.set_mode(mode);
    if mode == Mode::Normal {
        n.limiter.reset();
    }
    tracing::info!(
        mode = mode_name(mode),
        "test controls: sign-up endpoint mode"
    );
    Json(json!({ "mode": mode_name(mode) })).into_response()
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

/// `{"requests": N, "rows": M}`: POSTs received since start, rows stored.
async fn count(State(n): State<Arc<Newsletter>>) -> Response {
    match n.db.run(db::count).await {
        Ok(rows) => {
            Json(json!({ "requests": n.controls.requests(), "rows": rows })).into_response()
        }
        Err(e) => server_error(e),
    }
}

/// `{"token": "…"}` of the newest sign-up awaiting confirmation, or 404.
async fn last_token(State(n): State<Arc<Newsletter>>) -> Response {
    match n.db.run(db::last_pending_token).await {
        Ok(Some(token)) => Json(json!({ "token": token })).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, Json(json!({ "token": null }))).into_response(),
        Err(e) => server_error(e),
    }
}

fn server_error(e: anyhow::Error) -> Response {
    tracing::error!("test controls: database: {e}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "error": "server_error" })),
    )
        .into_response()
}
