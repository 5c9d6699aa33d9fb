//! The sign-up request and the endpoint's answers.

use serde::{Deserialize, Serialize};

/// What the sign-up component sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupRequest {
    pub email: String,
    pub lists: Vec<String>,
    pub consent: bool,
    /// The site path the reader signed up from.
    #[serde(default)]
    pub source: String,
}

impl SignupRequest {
    /// `application/x-www-form-urlencoded` body: lists repeat, as hosted
    /// newsletter providers expect.
    pub fn to_form(&self) -> String {
        let mut out = format!("email={}", form_escape(&self.email));
        for l in &self.lists {
            out.push_str("&lists=");
            out.push_str(&form_escape(l));
        }
        out.push_str(&format!(
            "&consent={}&source={}",
            self.consent,
            form_escape(&self.source)
        ));
        out
    }
}

/// Percent-encodes for a form body (space as `+`).
pub fn form_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A successful answer's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Pending,
    Subscribed,
    AlreadySubscribed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupOk {
    pub status: SignupStatus,
}

/// A refused answer's reason (400 / 422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupError {
    InvalidEmail,
    UnknownList,
    ConsentRequired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupRefusal {
    pub error: SignupError,
}

/// What an endpoint's answer means for the form, per the content contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupOutcome {
    /// 201 pending (double opt-in), 200 subscribed or already subscribed.
    Done(SignupStatus),
    /// 400 / 422: a field the reader can fix.
    Refused(SignupError),
    /// 429: seconds to wait, from `Retry-After` (60 when absent or odd).
    RateLimited(u32),
    /// Anything else: offer "Try again".
    Failed,
}

impl SignupStatus {
    /// The contract's name of a status (`pending`, `subscribed`,
    /// `already_subscribed`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "pending" => Self::Pending,
            "subscribed" => Self::Subscribed,
            "already_subscribed" => Self::AlreadySubscribed,
            _ => return None,
        })
    }
}

impl SignupError {
    /// The contract's name of a refusal (`invalid_email`, `unknown_list`,
    /// `consent_required`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "invalid_email" => Self::InvalidEmail,
            "unknown_list" => Self::UnknownList,
            "consent_required" => Self::ConsentRequired,
            _ => return None,
        })
    }
}

/// Reads an answer: its status, `Retry-After` header and body.
pub fn interpret_signup(status: u16, retry_after: Option<&str>, body: &str) -> SignupOutcome {
    let body = serde_json::from_str::<serde_json::Value>(body).ok();
    interpret_signup_fields(status, retry_after, |key| {
        body.as_ref()?.get(key)?.as_str().map(str::to_string)
    })
}

/// [`interpret_signup`] with the body already parsed: `field` gives a
/// top-level string field of the JSON body (`status`, `error`), if there is
/// one. The app reads the body with the browser's `JSON.parse`, so the wasm
/// carries no JSON parser for it.
pub fn interpret_signup_fields(
    status: u16,
    retry_after: Option<&str>,
    field: impl FnOnce(&str) -> Option<String>,
) -> SignupOutcome {
    match status {
        200 | 201 => match field("status").as_deref().and_then(SignupStatus::from_name) {
            Some(s) => SignupOutcome::Done(s),
            None if status == 201 => SignupOutcome::Done(SignupStatus::Pending),
            None => SignupOutcome::Failed,
        },
        400 | 422 => field("error")
            .as_deref()
            .and_then(SignupError::from_name)
            .map_or(SignupOutcome::Failed, SignupOutcome::Refused),
        429 => {
            let wait = retry_after
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|s| (1..=86_400).contains(s));
            SignupOutcome::RateLimited(wait.unwrap_or(60))
        }
        _ => SignupOutcome::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> SignupRequest {
        SignupRequest {
            email: "a+b@example.com".into(),
            lists: vec!["daily".into(), "long read".into()],
            consent: true,
            source: "/world/some-story".into(),
        }
    }

    #[test]
    fn form_encoding_repeats_lists_and_escapes() {
        assert_eq!(
            req().to_form(),
            "email=a%2Bb%40example.com&lists=daily&lists=long+read&consent=true&source=%2Fworld%2Fsome-story"
        );
        assert_eq!(form_escape("é&="), "%C3%A9%26%3D");
    }

    #[test]
    fn json_encoding_uses_contract_field_names() {
        let v: serde_json::Value = serde_json::to_value(req()).unwrap();
        assert_eq!(v["email"], "a+b@example.com");
        assert_eq!(v["lists"][1], "long read");
        assert_eq!(v["consent"], true);
        assert_eq!(v["source"], "/world/some-story");
    }

    #[test]
    fn answers_map_to_outcomes() {
        use SignupOutcome::*;
        let cases: [(u16, Option<&str>, &str, SignupOutcome); 12] = [
            (
                201,
                None,
                r#"{"status":"pending"}"#,
                Done(SignupStatus::Pending),
            ),
            (201, None, "", Done(SignupStatus::Pending)),
            (
                200,
                None,
                r#"{"status":"subscribed"}"#,
                Done(SignupStatus::Subscribed),
            ),
            (
                200,
                None,
                r#"{"status":"already_subscribed"}"#,
                Done(SignupStatus::AlreadySubscribed),
            ),
            (200, None, "<html>", Failed),
            (
                422,
                None,
                r#"{"error":"invalid_email"}"#,
                Refused(SignupError::InvalidEmail),
            ),
            (
                400,
                None,
                r#"{"error":"unknown_list"}"#,
                Refused(SignupError::UnknownList),
            ),
            (422, None, r#"{"error":"something_new"}"#, Failed),
            (429, Some(" 30 "), "", RateLimited(30)),
            (
                429,
                Some("Wed, 21 Oct 2026 07:28:00 GMT"),
                "",
                RateLimited(60),
            ),
            (500, None, r#"{"status":"pending"}"#, Failed),
            (503, Some("5"), "", Failed),
        ];
        for (status, retry, body, expected) in cases {
            assert_eq!(
                interpret_signup(status, retry, body),
                expected,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn names_match_the_serde_names() {
        for s in [
            SignupStatus::Pending,
            SignupStatus::Subscribed,
            SignupStatus::AlreadySubscribed,
        ] {
            let name = serde_json::to_value(s).unwrap();
            assert_eq!(SignupStatus::from_name(name.as_str().unwrap()), Some(s));
        }
        for e in [
            SignupError::InvalidEmail,
            SignupError::UnknownList,
            SignupError::ConsentRequired,
        ] {
            let name = serde_json::to_value(e).unwrap();
            assert_eq!(SignupError::from_name(name.as_str().unwrap()), Some(e));
        }
        assert_eq!(SignupStatus::from_name("Pending"), None);
    }

    #[test]
    fn answers_parse() {
        let ok: SignupOk = serde_json::from_str(r#"{"status":"already_subscribed"}"#).unwrap();
        assert_eq!(ok.status, SignupStatus::AlreadySubscribed);
        let no: SignupRefusal = serde_json::from_str(r#"{"error":"consent_required"}"#).unwrap();
        assert_eq!(no.error, SignupError::ConsentRequired);
    }
}
