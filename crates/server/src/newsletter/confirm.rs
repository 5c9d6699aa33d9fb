//! `/api/newsletter/confirm?token=…`, the link of the confirmation mail.
//! GET (and HEAD) only shows a page with a "Confirm" button, so that a
//! mail scanner that opens links confirms nobody; the button's POST
//! confirms. The token authorises the POST; `Origin` is not asked for.

use super::link::{limited, posted_token, query_token, show};
use super::page::Form;
use super::{token, Newsletter, CONFIRM};
use crate::db::subscribers::TokenState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

/// `GET`: the page with the button, or why the link does not work.
pub async fn page(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    if let Some(r) = limited(&n, &n.limits.confirm, &req) {
        return r;
    }
    let token = query_token(&req).unwrap_or_default();
    match lookup(&n, &token, false).await {
        Ok(TokenState::Valid) => show(
            &n,
            StatusCode::OK,
            "Confirm your subscription",
            &["Press the button to confirm that you want the newsletters you chose."],
            Some(Form {
                action: CONFIRM,
                token: &token,
                button: "Confirm",
            }),
        ),
        state => not_valid(&n, state),
    }
}

/// `POST`: confirms.
pub async fn post(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    if let Some(r) = limited(&n, &n.limits.confirm, &req) {
        return r;
    }
    let token = posted_token(req).await.unwrap_or_default();
    match lookup(&n, &token, true).await {
        Ok(TokenState::Valid) => {
            tracing::info!("sign-up confirmed");
            show(
                &n,
                StatusCode::OK,
                "Subscription confirmed",
                &["Thank you: your subscription is confirmed. The first newsletter will reach you soon."],
                None,
            )
        }
        state => not_valid(&n, state),
    }
}

/// Looks the token up (`confirm`: and confirms it).
async fn lookup(n: &Newsletter, token: &str, confirm: bool) -> anyhow::Result<TokenState> {
    if !token::is_confirm_shaped(token) {
        return Ok(TokenState::Unknown);
    }
    let hash = token::hash(token);
    let now = n.clock.now();
    if confirm {
        n.db.confirm(hash, now).await
    } else {
        n.db.token_state(hash, now).await
    }
}

fn not_valid(n: &Newsletter, state: anyhow::Result<TokenState>) -> Response {
    match state {
        Ok(TokenState::Expired) => show(
            n,
            StatusCode::GONE,
            "This link has expired",
            &["Confirmation links work for a limited time. Please sign up again: a new link will reach you."],
            None,
        ),
        Ok(_) => show(
            n,
            StatusCode::NOT_FOUND,
            "Link not recognised",
            &["This confirmation link is not valid. Check that it was copied whole, or sign up again for a new link."],
            None,
        ),
        Err(e) => {
            tracing::error!("confirmation: database: {e}");
            show(
                n,
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                &["Please open the link again in a few minutes."],
                None,
            )
        }
    }
}
