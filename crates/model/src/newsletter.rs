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
    fn answers_parse() {
        let ok: SignupOk = serde_json::from_str(r#"{"status":"already_subscribed"}"#).unwrap();
        assert_eq!(ok.status, SignupStatus::AlreadySubscribed);
        let no: SignupRefusal = serde_json::from_str(r#"{"error":"consent_required"}"#).unwrap();
        assert_eq!(no.error, SignupError::ConsentRequired);
    }
}
