//! E-mail address validation shared by the sign-up form and the endpoint.
//! Deliberately pragmatic: it catches typos a reader can fix, and leaves the
//! final word to the confirmation mail.

/// The longest address accepted (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// Why an address was refused; `message` is what the reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    TooLong,
    MissingAt,
    BadLocalPart,
    BadDomain,
}

impl EmailError {
    /// The interface string that tells the reader, in plain words.
    pub fn key(self) -> crate::strings::Key {
        use crate::strings::Key;
        match self {
            EmailError::Empty => Key::EmailEmpty,
            EmailError::TooLong => Key::EmailTooLong,
            EmailError::MissingAt => Key::EmailMissingAt,
            EmailError::BadLocalPart => Key::EmailBadLocal,
            EmailError::BadDomain => Key::EmailBadDomain,
        }
    }
}

/// Trims surrounding whitespace and validates. Returns the trimmed address.
/// Unicode is accepted in both parts (internationalised addresses).
pub fn validate_email(input: &str) -> Result<&str, EmailError> {
    let email = input.trim();
    if email.is_empty() {
        return Err(EmailError::Empty);
    }
    if email.len() > MAX_EMAIL_LEN {
        return Err(EmailError::TooLong);
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(EmailError::MissingAt);
    };
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c);
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || local.chars().any(bad_char)
    {
        return Err(EmailError::BadLocalPart);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(label_char)
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.chars().count() >= 2 && !t.chars().all(|c| c.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(EmailError::BadDomain);
    }
    Ok(email)
}

/// A character a domain label may hold: letters, digits (any script) and
/// hyphens. The endpoint checks this fully, and then IDNA-normalises.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// The browser's check: ASCII as [`domain_char`], and any non-ASCII
/// character left to the endpoint, which refuses a bad one with a message
/// the form shows. The Unicode letter and digit tables `is_alphanumeric`
/// needs were 2 KB of the brotli wasm.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn domain_char_in_browser(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-'
}

#[cfg(not(target_arch = "wasm32"))]
use domain_char as label_char;
#[cfg(target_arch = "wasm32")]
use domain_char_in_browser as label_char;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_domain_check_is_looser_only_outside_ascii() {
        for c in (0u8..=127).map(char::from) {
            assert_eq!(domain_char_in_browser(c), domain_char(c), "{c:?}");
        }
        for c in ['ü', '例', '٣', '😀', '\u{00a0}'] {
            assert!(domain_char_in_browser(c), "{c:?}");
            assert!(!domain_char(c) || domain_char_in_browser(c));
        }
        assert!(!domain_char('😀'), "the endpoint refuses a symbol");
    }

    #[test]
    fn accepts_a_table_of_valid_addresses() {
        for (input, expected) in [
            ("reader@example.com", "reader@example.com"),
            ("  reader@example.com\n", "reader@example.com"),
            (
                "first.last+news@mail.example.co.uk",
                "first.last+news@mail.example.co.uk",
            ),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("josé@correo.example", "josé@correo.example"),
            ("reader@bücher.example", "reader@bücher.example"),
            ("用户@例子.广告", "用户@例子.广告"),
            ("a@xn--bcher-kva.example", "a@xn--bcher-kva.example"),
        ] {
            assert_eq!(validate_email(input), Ok(expected), "{input:?}");
        }
    }

    #[test]
    fn rejects_a_table_of_invalid_addresses() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let very_long = format!("a@{}.com", "b".repeat(260));
        for (input, err) in [
            ("", EmailError::Empty),
            ("   \t", EmailError::Empty),
            ("reader.example.com", EmailError::MissingAt),
            ("@example.com", EmailError::BadLocalPart),
            ("read er@example.com", EmailError::BadLocalPart),
            (".reader@example.com", EmailError::BadLocalPart),
            ("re..ader@example.com", EmailError::BadLocalPart),
            ("a@b@example.com", EmailError::BadLocalPart),
            (long_local.as_str(), EmailError::BadLocalPart),
            ("reader@", EmailError::BadDomain),
            ("reader@example", EmailError::BadDomain),
            ("reader@example.", EmailError::BadDomain),
            ("reader@-example.com", EmailError::BadDomain),
            ("reader@exa mple.com", EmailError::BadDomain),
            ("reader@example.c", EmailError::BadDomain),
            ("reader@127.0.0.1", EmailError::BadDomain),
            ("reader@exam_ple.com", EmailError::BadDomain),
            (very_long.as_str(), EmailError::TooLong),
        ] {
            assert_eq!(validate_email(input), Err(err), "{input:?}");
        }
    }

    #[test]
    fn every_error_has_a_message() {
        for e in [
            EmailError::Empty,
            EmailError::TooLong,
            EmailError::MissingAt,
            EmailError::BadLocalPart,
            EmailError::BadDomain,
        ] {
            let en = crate::strings::english_for_tests();
            assert!(en.get(e.key()).ends_with('.'), "{e:?}");
        }
    }
}
