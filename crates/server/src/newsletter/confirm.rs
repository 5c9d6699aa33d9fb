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
use standfirst_model::EndpointKey;
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
            n.site.words.get(EndpointKey::ConfirmSubscription),
            &[n.site.words.get(EndpointKey::ConfirmPress)],
            Some(Form {
                action: CONFIRM,
                token: &token,
                button: n.site.words.get(EndpointKey::ConfirmButton),
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
                n.site.words.get(EndpointKey::ConfirmDoneTitle),
                &[n.site.words.get(EndpointKey::ConfirmDoneText)],
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
    let w = &n.site.words;
    match state {
        Ok(TokenState::Expired) => show(
            n,
            StatusCode::GONE,
            w.get(EndpointKey::ConfirmExpiredTitle),
            &[w.get(EndpointKey::ConfirmExpiredText)],
            None,
        ),
        Ok(_) => show(
            n,
            StatusCode::NOT_FOUND,
            w.get(EndpointKey::LinkNotRecognised),
            &[w.get(EndpointKey::ConfirmUnknownText)],
            None,
        ),
        Err(e) => {
            tracing::error!("confirmation: database: {e}");
            show(
                n,
                StatusCode::INTERNAL_SERVER_ERROR,
                w.get(EndpointKey::SomethingWentWrong),
                &[w.get(EndpointKey::LinkRetryLater)],
                None,
            )
        }
    }
}
