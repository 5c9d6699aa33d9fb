//! The sign-up request. The address is never logged.

use super::ApiError;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use standfirst_model::{
    Encoding, SignupError, SignupOk, SignupRefusal, SignupRequest, SignupStatus,
};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::AbortController;

/// A sign-up gets this long before the reader is offered "Try again".
pub const SIGNUP_TIMEOUT: Duration = Duration::from_secs(8);

/// How the endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupOutcome {
    Done(SignupStatus),
    Refused(SignupError),
    /// 429: seconds to wait, from `Retry-After` (60 when absent or odd).
    RateLimited(u32),
}

/// Posts one sign-up to `endpoint` in the configured encoding.
pub async fn signup(
    endpoint: &str,
    encoding: Encoding,
    req: &SignupRequest,
) -> Result<SignupOutcome, ApiError> {
    let controller =
        AbortController::new().map_err(|_| ApiError::Network("no AbortController".into()))?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (t, c) = (timed_out.clone(), controller.clone());
        set_timeout_with_handle(
            move || {
                t.set(true);
                c.abort();
            },
            SIGNUP_TIMEOUT,
        )
        .ok()
    };
    let signal = controller.signal();
    let builder: RequestBuilder = Request::post(endpoint).abort_signal(Some(&signal));
    let request = match encoding {
        Encoding::Json => builder.json(req),
        Encoding::Form => builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(req.to_form()),
    }
    .map_err(|_| ApiError::Decode("could not encode the request".into()))?;
    let result = async {
        let resp = request
            .send()
            .await
            .map_err(|_| ApiError::Network("request failed".into()))?;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        Ok::<_, ApiError>(interpret(
            status,
            resp.headers().get("Retry-After").as_deref(),
            &text,
        ))
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        Err(e) => Err(e),
        Ok(r) => r,
    }
}

/// Maps an answer to an outcome, per the content contract.
pub fn interpret(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> Result<SignupOutcome, ApiError> {
    match status {
        200 | 201 => serde_json::from_str::<SignupOk>(body)
            .map(|ok| SignupOutcome::Done(ok.status))
            .or(if status == 201 {
                Ok(SignupOutcome::Done(SignupStatus::Pending))
            } else {
                Err(ApiError::Decode("unexpected answer".into()))
            }),
        400 | 422 => serde_json::from_str::<SignupRefusal>(body)
            .map(|r| SignupOutcome::Refused(r.error))
            .map_err(|_| ApiError::Http(status)),
        429 => {
            let wait = retry_after
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|s| *s > 0 && *s <= 86_400);
            Ok(SignupOutcome::RateLimited(wait.unwrap_or(60)))
        }
        _ => Err(ApiError::Http(status)),
    }
}
