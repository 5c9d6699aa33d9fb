//! One JSON decoder for the app. In the browser it is the engine's own
//! `JSON.parse`, read into the model's types by `serde-wasm-bindgen`, so
//! the wasm carries no JSON parser of its own (serde_json's number and
//! string machinery was about 7% of it). Natively (prerendering, native
//! tests) it is serde_json. Both report a reason, never panic.

use serde::de::DeserializeOwned;

/// Decodes `text` into `T`, or says why it could not.
#[cfg(all(feature = "csr", target_arch = "wasm32"))]
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "invalid JSON".into())
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Decodes `text` into `T`, or says why it could not.
#[cfg(not(all(feature = "csr", target_arch = "wasm32")))]
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(all(feature = "csr", target_arch = "wasm32"))]
use wasm_bindgen::JsCast;
