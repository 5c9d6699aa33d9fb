//! The sign-up request. The address is never logged.
//!
//! Bodies are built, and answers read, with the browser's own encoders
//! (`URLSearchParams`, `JSON.stringify`, `JSON.parse`): the wasm carries no
//! JSON serializer or form encoder of its own for one small request.

use super::{with_timeout, ApiError};
use gloo_net::http::Request;
use js_sys::{Array, Object, Reflect, JSON};
pub use standfirst_model::SignupOutcome;
use standfirst_model::{interpret_signup_fields, Encoding, SignupRequest};
use std::time::Duration;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, UrlSearchParams};

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
    let (content_type, body) = match encoding {
        Encoding::Json => ("application/json", json_body(req)),
        Encoding::Form => ("application/x-www-form-urlencoded", form_body(req)),
    };
    let request = Request::post(endpoint)
        .abort_signal(Some(&signal))
        .header("Content-Type", content_type)
        .body(body.ok_or_else(|| ApiError::Decode("could not encode the request".into()))?)
        .map_err(|_| ApiError::Decode("could not encode the request".into()))?;
    let send = async {
        let resp = request
            .send()
            .await
            .map_err(|_| ApiError::Network("request failed".into()))?;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        let body = JSON::parse(&text).ok().filter(JsValue::is_object);
        Ok::<_, ApiError>(interpret_signup_fields(
            status,
            resp.headers().get("Retry-After").as_deref(),
            |key| Reflect::get(body.as_ref()?, &key.into()).ok()?.as_string(),
        ))
    };
    with_timeout(&controller, SIGNUP_TIMEOUT, send).await
}

/// The contract's JSON body: `email`, `lists`, `consent`, `source`.
pub fn json_body(req: &SignupRequest) -> Option<String> {
    let body = Object::new();
    let lists: Array = req.lists.iter().map(|l| JsValue::from_str(l)).collect();
    for (key, value) in [
        ("email", JsValue::from_str(&req.email)),
        ("lists", lists.into()),
        ("consent", JsValue::from_bool(req.consent)),
        ("source", JsValue::from_str(&req.source)),
    ] {
        Reflect::set(&body, &key.into(), &value).ok()?;
    }
    JSON::stringify(&body).ok()?.as_string()
}

/// The same fields form-encoded, lists repeated (as the no-script form
/// posts them).
pub fn form_body(req: &SignupRequest) -> Option<String> {
    let params = UrlSearchParams::new().ok()?;
    params.append("email", &req.email);
    for l in &req.lists {
        params.append("lists", l);
    }
    params.append("consent", if req.consent { "true" } else { "false" });
    params.append("source", &req.source);
    Some(params.to_string().into())
}
