//! `GET /api/newsletter/confirm?token=…`: the link a confirmation mail
//! would carry. Answers a small HTML page (no script, no inline style).

use super::{page, Newsletter};
use crate::db;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct ConfirmQuery {
    #[serde(default)]
    token: String,
}

pub async fn confirm(State(n): State<Arc<Newsletter>>, Query(q): Query<ConfirmQuery>) -> Response {
    let token = q.token;
    let well_formed = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let found = if well_formed {
        n.db.run(move |c| db::confirm(c, &token)).await
    } else {
        Ok(false)
    };
    let (status, title, text) = match found {
        Ok(true) => {
            tracing::info!("sign-up confirmed");
            (StatusCode::OK, "Subscription confirmed", "Thank you: your subscription is confirmed. The first newsletter will reach you soon.")
        }
        Ok(false) => (
            StatusCode::NOT_FOUND,
            "Link not recognised",
            "This confirmation link is not valid. Check that it was copied whole, or sign up again.",
        ),
        Err(e) => {
            tracing::error!("confirmation not stored: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", "Please open the link again in a few minutes.")
        }
    };
    let front = format!("Go to {}", n.site.name);
    let page = page::render(
        &n.site.name,
        title,
        &[text],
        &[page::Link {
            href: "/",
            text: &front,
        }],
    );
    // The page is per token: never cached, and the token-bearing URL is
    // not sent on as a referrer.
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    (status, headers, Html(page)).into_response()
}
