//! The sign-up request. The address is never logged.

use super::{with_timeout, ApiError};
use gloo_net::http::{Request, RequestBuilder};
pub use standfirst_model::SignupOutcome;
use standfirst_model::{interpret_signup, Encoding, SignupRequest};
use std::time::Duration;
use web_sys::AbortController;

/// A sign-up gets this long before the reader is offered "Try again".
pub const SIGNUP_TIMEOUT: Duration = Duration::from_secs(8);

/// Posts one sign-up to `endpoint` in the configured encoding.
pub async fn signup(
    endpoint: &str,
    encoding: Encoding,
    req: &SignupRequest,
) -> Result<SignupOutcome, ApiError> {
    let controller =
        AbortController::new().map_err(|_| ApiError::Network("no AbortController".into()))?;
    let signal = controller.signal();
    let builder: RequestBuilder = Request::post(endpoint).abort_signal(Some(&signal));
    let request = match encoding {
        Encoding::Json => builder.json(req),
        Encoding::Form => builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(req.to_form()),
    }
    .map_err(|_| ApiError::Decode("could not encode the request".into()))?;
    let send = async {
        let resp = request
            .send()
            .await
            .map_err(|_| ApiError::Network("request failed".into()))?;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        Ok::<_, ApiError>(interpret_signup(
            status,
            resp.headers().get("Retry-After").as_deref(),
            &text,
        ))
    };
    with_timeout(&controller, SIGNUP_TIMEOUT, send).await
}
