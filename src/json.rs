//! One JSON decoder for the app. In the browser the text is parsed by the
//! engine's own `JSON.parse` and the value tree read into the model's
//! types by the model's `FromJson` (see `standfirst_model::from_json`), so
//! the wasm carries neither a JSON parser nor serde's decoding machinery.
//! Natively (prerendering, native tests) it is serde_json. Both report a
//! reason, never panic.

use serde::de::DeserializeOwned;
use standfirst_model::FromJson;

/// What the app decodes: the model's types, which both decoders read.
pub trait Decode: FromJson + DeserializeOwned {}
impl<T: FromJson + DeserializeOwned> Decode for T {}

/// Decodes `text` into `T`, or says why it could not.
#[cfg(feature = "csr")]
pub fn decode<T: Decode>(text: &str) -> Result<T, String> {
    T::from_json(&parse(text)?).map_err(|e| e.to_string())
}

/// `JSON.parse`, with its error message.
#[cfg(feature = "csr")]
fn parse(text: &str) -> Result<Js, String> {
    use wasm_bindgen::JsCast;
    js_sys::JSON::parse(text).map(Js).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "invalid JSON".into())
    })
}

/// Decodes `text` into `T`, or says why it could not.
#[cfg(feature = "ssr")]
pub fn decode<T: Decode>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// A value `JSON.parse` made, as the model's decoder reads it.
#[cfg(feature = "csr")]
struct Js(wasm_bindgen::JsValue);

#[cfg(feature = "csr")]
impl standfirst_model::JsonValue for Js {
    #[inline(never)]
    fn member(&self, key: &str) -> Option<Self> {
        use wasm_bindgen::JsCast;
        let object = self.0.dyn_ref::<js_sys::Object>()?;
        let key = wasm_bindgen::JsValue::from_str(key);
        // Own members only: a story has no `constructor` field.
        // (`hasOwnProperty`, not the newer `Object.hasOwn`: older Safari.)
        #[allow(deprecated)]
        if !object.has_own_property(&key) {
            return None;
        }
        js_sys::Reflect::get(object, &key).ok().map(Js)
    }
    fn array_len(&self) -> Option<u32> {
        js_sys::Array::is_array(&self.0).then(|| js_sys::Array::from(&self.0).length())
    }
    fn element(&self, i: u32) -> Self {
        use wasm_bindgen::JsCast;
        Js(self.0.unchecked_ref::<js_sys::Array>().get(i))
    }
    fn string(&self) -> Option<String> {
        self.0.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn is_null(&self) -> bool {
        self.0.is_null()
    }
    fn is_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }
}
