//! Reading a sign-up: the body (JSON or form encoded, at most 64 KB) into
//! the model's `SignupRequest`, then the contract's checks.
//!
//! Parse errors are reported by status only: serde's messages can quote
//! the input, which may hold an address.

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::Value;
use standfirst_model::{validate_email, SignupError, SignupRequest};
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// Largest body accepted; a larger one gets 413.
pub const MAX_BODY: usize = 64 * 1024;
/// `source` is a site path; longer ones are cut.
const MAX_SOURCE_CHARS: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Json,
    Form,
}

/// The request body as a `SignupRequest`, or the status to refuse it with:
/// 415 (content type), 413 (size), 408 (too slow) or 400 (malformed).
pub async fn read(req: Request) -> Result<SignupRequest, StatusCode> {
    let encoding = encoding(req.headers()).ok_or(StatusCode::UNSUPPORTED_MEDIA_TYPE)?;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let body = Limited::new(req.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| {
            if e.downcast_ref::<LengthLimitError>().is_some() {
                StatusCode::PAYLOAD_TOO_LARGE
            } else if crate::deadline::timed_out(e.as_ref()) {
                StatusCode::REQUEST_TIMEOUT
            } else {
                StatusCode::BAD_REQUEST
            }
        })?
        .to_bytes();
    match encoding {
        Encoding::Json => from_json(&body).ok_or(StatusCode::BAD_REQUEST),
        Encoding::Form => Ok(from_form(&body)),
    }
}

fn encoding(headers: &HeaderMap) -> Option<Encoding> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Some(Encoding::Json),
        "application/x-www-form-urlencoded" => Some(Encoding::Form),
        _ => None,
    }
}

/// A JSON object; absent (or null) fields take their defaults, so a
/// missing `consent` is `consent_required`, not a malformed body. A field
/// of the wrong type is malformed.
fn from_json(body: &[u8]) -> Option<SignupRequest> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let obj = v.as_object()?;
    let field = |name: &str| obj.get(name).filter(|v| !v.is_null());
    let text = |name: &str| match field(name) {
        None => Some(String::new()),
        Some(v) => v.as_str().map(str::to_string),
    };
    let lists = match field("lists") {
        None => Vec::new(),
        Some(v) => v
            .as_array()?
            .iter()
            .map(|l| l.as_str().map(str::to_string))
            .collect::<Option<_>>()?,
    };
    let consent = match field("consent") {
        None => false,
        Some(v) => v.as_bool()?,
    };
    Some(SignupRequest {
        email: text("email")?,
        lists,
        consent,
        source: text("source")?,
    })
}

/// `email=…&lists=a&lists=b&consent=true&source=…`; other keys (such as a
/// honeypot field) are ignored. A checkbox's default `on` counts as consent.
fn from_form(body: &[u8]) -> SignupRequest {
    let mut req = SignupRequest {
        email: String::new(),
        lists: Vec::new(),
        consent: false,
        source: String::new(),
    };
    for (key, value) in form_urlencoded::parse(body) {
        match key.as_ref() {
            "email" => req.email = value.into_owned(),
            "lists" | "lists[]" => req.lists.push(value.into_owned()),
            "consent" => req.consent = matches!(value.as_ref(), "true" | "on" | "1" | "yes"),
            "source" => req.source = value.into_owned(),
            _ => {}
        }
    }
    req
}

/// A sign-up that passed the checks, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    /// Trimmed, NFC, domain lower-cased and IDNA-encoded: where mail goes.
    pub email: String,
    /// `email` with its local part lower-cased too: how the mailbox is
    /// looked up, so `Reader@` and `reader@` are one subscriber.
    pub key: String,
    pub lists: BTreeSet<String>,
    pub source: String,
}

/// The contract's checks, in the order the form shows them: address, lists
/// (non-empty, all known), consent.
pub fn validate(req: &SignupRequest, known: &[String]) -> Result<Valid, SignupError> {
    let email = validate_email(&req.email).map_err(|_| SignupError::InvalidEmail)?;
    let (email, key) = normalise(email).ok_or(SignupError::InvalidEmail)?;
    if req.lists.is_empty() || req.lists.iter().any(|l| !known.contains(l)) {
        return Err(SignupError::UnknownList);
    }
    if !req.consent {
        return Err(SignupError::ConsentRequired);
    }
    Ok(Valid {
        email,
        key,
        lists: req.lists.iter().cloned().collect(),
        source: req
            .source
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_SOURCE_CHARS)
            .collect(),
    })
}

/// The address to store and its lookup key, or `None` when it holds an
/// invisible or bidirectional control character, or a domain that IDNA
/// refuses.
///
/// The local part is compared without case: RFC 5321 lets a server tell
/// `Reader` from `reader`, but no major mailbox provider does, and two
/// rows for one mailbox would mail one reader twice. Mail goes to the
/// address as first written.
pub fn normalise(email: &str) -> Option<(String, String)> {
    if email.chars().any(is_invisible) {
        return None;
    }
    let nfc: String = email.nfc().collect();
    let (local, domain) = nfc.rsplit_once('@')?;
    let domain = idna::domain_to_ascii(domain).ok()?;
    if domain.is_empty() {
        return None;
    }
    let email = format!("{local}@{domain}");
    email.parse::<lettre::Address>().ok()?;
    let key = format!("{}@{domain}", local.to_lowercase());
    Some((email, key))
}

/// Characters that show nothing or reorder text: a reader cannot see them
/// in an address, so an address holding one is refused.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["daily".into(), "weekend".into()]
    }

    #[test]
    fn form_bodies_repeat_lists() {
        let r = from_form(b"email=a%2Bb%40Example.COM&lists=daily&lists=weekend&consent=true&source=%2Fworld%2Fx&website=");
        assert_eq!(r.email, "a+b@Example.COM");
        assert_eq!(r.lists, ["daily", "weekend"]);
        assert!(r.consent);
        assert_eq!(r.source, "/world/x");
        assert!(!from_form(b"consent=false").consent);
    }

    #[test]
    fn json_bodies_default_missing_fields_and_reject_wrong_types() {
        let r = from_json(br#"{"email":"a@b.org","lists":["daily"]}"#).unwrap();
        assert!(!r.consent);
        assert_eq!(r.source, "");
        assert!(from_json(br#"{"email":"a@b.org","lists":"daily","consent":true}"#).is_none());
        assert!(from_json(br#"{"email":"a@b.org","consent":"yes"}"#).is_none());
        assert!(from_json(b"[1]").is_none());
        assert!(from_json(b"{\"email\": ").is_none());
    }

    #[test]
    fn validation_order_and_normalisation() {
        let mut r = SignupRequest {
            email: "  Reader.One@Example.ORG ".into(),
            lists: vec!["weekend".into(), "daily".into(), "daily".into()],
            consent: true,
            source: "/world/x\n".into(),
        };
        let v = validate(&r, &known()).unwrap();
        assert_eq!(v.email, "Reader.One@example.org");
        assert_eq!(v.key, "reader.one@example.org");
        assert_eq!(v.lists.iter().collect::<Vec<_>>(), ["daily", "weekend"]);
        assert_eq!(v.source, "/world/x");
        r.consent = false;
        assert_eq!(validate(&r, &known()), Err(SignupError::ConsentRequired));
        r.lists = vec![];
        assert_eq!(validate(&r, &known()), Err(SignupError::UnknownList));
        r.lists = vec!["sport".into()];
        assert_eq!(validate(&r, &known()), Err(SignupError::UnknownList));
        r.email = "reader@example".into();
        assert_eq!(validate(&r, &known()), Err(SignupError::InvalidEmail));
    }

    #[test]
    fn addresses_are_nfc_with_an_idna_domain_and_invisible_characters_refused() {
        let n = |e: &str| normalise(e);
        assert_eq!(
            n("Reader@Example.ORG"),
            Some(("Reader@example.org".into(), "reader@example.org".into()))
        );
        // "é" as e + combining acute becomes one character.
        assert_eq!(
            n("rene\u{301}@Bücher.Example"),
            Some((
                "ren\u{e9}@xn--bcher-kva.example".into(),
                "ren\u{e9}@xn--bcher-kva.example".into()
            ))
        );
        for bad in [
            "read\u{200B}er@example.org",
            "reader@exam\u{202E}ple.org",
            "\u{FEFF}reader@example.org",
            "reader\u{2066}@example.org",
            "reader@example.org\u{00AD}",
        ] {
            assert_eq!(n(bad), None, "{bad:?}");
        }
        let req = |email: &str| SignupRequest {
            email: email.into(),
            lists: vec!["daily".into()],
            consent: true,
            source: String::new(),
        };
        assert_eq!(
            validate(&req("a\u{200D}b@example.org"), &known()),
            Err(SignupError::InvalidEmail)
        );
    }
}
