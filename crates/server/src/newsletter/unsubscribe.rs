//! `/api/newsletter/unsubscribe?token=…`, the link every mail carries
//! (and its `List-Unsubscribe` header). A POST unsubscribes at once: that
//! is RFC 8058's one-click unsubscribe, which mail clients send with no
//! `Origin` and no step in between; the token authorises it. A GET only
//! shows a page whose button posts.
//!
//! Unsubscribing erases the address: its row and any mail of it still in
//! the outbox. Nothing of the reader is kept.

use super::link::{limited, posted_token, query_token, show};
use super::page::Form;
use super::{Newsletter, Unsubscribe, UNSUBSCRIBE};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use standfirst_model::EndpointKey;
use std::sync::Arc;

/// `GET`: the page with the button.
pub async fn page(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    if let Some(r) = limited(&n, &n.limits.unsubscribe, &req) {
        return r;
    }
    let token = query_token(&req).unwrap_or_default();
    let known = match Unsubscribe::id_of(&token) {
        Some(id) => {
            let signer = n.unsubscribe.clone();
            let t = token.clone();
            n.db.key_of(id)
                .await
                .map(|key| key.is_some_and(|k| signer.verify(&t, id, &k)))
        }
        None => Ok(false),
    };
    match known {
        Ok(true) => show(
            &n,
            StatusCode::OK,
            n.site.words.get(EndpointKey::Unsubscribe),
            &[n.site.words.get(EndpointKey::UnsubscribePress)],
            Some(Form {
                action: UNSUBSCRIBE,
                token: &token,
                button: n.site.words.get(EndpointKey::Unsubscribe),
            }),
        ),
        Ok(false) => unknown(&n),
        Err(e) => failed(&n, e),
    }
}

/// `POST`: unsubscribes and erases.
pub async fn post(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    if let Some(r) = limited(&n, &n.limits.unsubscribe, &req) {
        return r;
    }
    let token = posted_token(req).await.unwrap_or_default();
    let Some(id) = Unsubscribe::id_of(&token) else {
        return unknown(&n);
    };
    let signer = n.unsubscribe.clone();
    match n
        .db
        .erase(id, move |key| signer.verify(&token, id, key))
        .await
    {
        Ok(true) => {
            tracing::info!("unsubscribed; address erased");
            show(
                &n,
                StatusCode::OK,
                n.site.words.get(EndpointKey::UnsubscribeDoneTitle),
                &[n.site.words.get(EndpointKey::UnsubscribeDoneText)],
                None,
            )
        }
        Ok(false) => unknown(&n),
        Err(e) => failed(&n, e),
    }
}

fn unknown(n: &Newsletter) -> Response {
    show(
        n,
        StatusCode::NOT_FOUND,
        n.site.words.get(EndpointKey::LinkNotRecognised),
        &[n.site.words.get(EndpointKey::UnsubscribeUnknownText)],
        None,
    )
}

fn failed(n: &Newsletter, e: anyhow::Error) -> Response {
    tracing::error!("unsubscribe: database: {e}");
    show(
        n,
        StatusCode::INTERNAL_SERVER_ERROR,
        n.site.words.get(EndpointKey::SomethingWentWrong),
        &[n.site.words.get(EndpointKey::LinkRetryLater)],
        None,
    )
}
