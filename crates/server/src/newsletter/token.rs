//! The tokens in the links a mail carries. All are URL-safe base64
//! without padding.
//!
//! - A confirmation token is 32 random bytes. Only its SHA-256 is stored,
//!   so a copy of the database confirms nobody.
//! - An unsubscribe token is the subscriber's id and an HMAC-SHA256 of it
//!   and the address (cut to 128 bits) under a key kept in the database:
//!   nothing per reader is stored, and every mail's link keeps working
//!   until the reader is gone.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Characters in a confirmation token.
pub const CONFIRM_LEN: usize = 43;
const MAC_BYTES: usize = 16;

/// `n` bytes from the operating system's random source.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

/// A new confirmation token and the hash to store.
pub fn new_confirm() -> (String, String) {
    let token = URL_SAFE_NO_PAD.encode(random_bytes(32));
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a confirmation token: SHA-256, hex.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `token` has a confirmation token's shape (checked before any
/// database work).
pub fn is_confirm_shaped(token: &str) -> bool {
    token.len() == CONFIRM_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Signs and checks unsubscribe tokens.
#[derive(Clone)]
pub struct Unsubscribe {
    key: Vec<u8>,
}

impl Unsubscribe {
    pub fn new(key: Vec<u8>) -> Unsubscribe {
        Unsubscribe { key }
    }

    fn mac(&self, id: i64, email_key: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(b"standfirst unsubscribe\0");
        mac.update(&id.to_be_bytes());
        mac.update(email_key.as_bytes());
        mac
    }

    /// The token for subscriber `id` with lookup key `email_key`.
    pub fn sign(&self, id: i64, email_key: &str) -> String {
        let tag = self.mac(id, email_key).finalize().into_bytes();
        let mut bytes = id.to_be_bytes().to_vec();
        bytes.extend_from_slice(&tag[..MAC_BYTES]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The subscriber id a token names, before its signature is checked.
    pub fn id_of(token: &str) -> Option<i64> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        (bytes.len() == 8 + MAC_BYTES).then(|| {
            let mut id = [0u8; 8];
            id.copy_from_slice(&bytes[..8]);
            i64::from_be_bytes(id)
        })
    }

    /// Whether `token` was signed for `id` and `email_key` (in constant time).
    pub fn verify(&self, token: &str, id: i64, email_key: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token) else {
            return false;
        };
        bytes.len() == 8 + MAC_BYTES
            && bytes[..8] == id.to_be_bytes()
            && self
                .mac(id, email_key)
                .verify_truncated_left(&bytes[8..])
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirm_tokens_are_url_safe_random_and_stored_hashed() {
        let (a, ha) = new_confirm();
        let (b, _) = new_confirm();
        assert_ne!(a, b);
        assert!(is_confirm_shaped(&a), "{a}");
        assert_eq!(ha.len(), 64);
        assert_ne!(ha, a);
        assert_eq!(hash(&a), ha);
        assert!(!is_confirm_shaped("a+b/c"));
        assert!(!is_confirm_shaped(&a[1..]));
    }

    #[test]
    fn unsubscribe_tokens_name_one_reader() {
        let u = Unsubscribe::new(b"key".to_vec());
        let t = u.sign(42, "a@x.org");
        assert!(t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(Unsubscribe::id_of(&t), Some(42));
        assert!(u.verify(&t, 42, "a@x.org"));
        assert!(!u.verify(&t, 42, "b@x.org"), "another reader with the id");
        assert!(!u.verify(&t, 43, "a@x.org"));
        assert!(!Unsubscribe::new(b"other".to_vec()).verify(&t, 42, "a@x.org"));
        assert_eq!(Unsubscribe::id_of("nope"), None);
    }
}
