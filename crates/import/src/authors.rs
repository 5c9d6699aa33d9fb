//! Writers as content: the WordPress users and Ghost staff who wrote the
//! imported posts become `authors/<id>.json` files, and the articles name
//! them by id.
//!
//! An export describes a writer once ([`Person`]); each post names its
//! writers ([`Byline`]). The [`Sink`](crate::Sink) gives a person an id the
//! first time a post names them and writes their file at the end, only for
//! those with at least one imported post. Email addresses never reach the
//! content: a name, id or bio that holds one does not use it.

use crate::inline::{collapse_ws, markdown, normalise, Run};
use serde_json::{json, Map, Value};
use standfirst_model::is_allowed_url;

/// A writer as the export describes them (a WordPress `<wp:author>`, a row
/// of Ghost's `users`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    /// The export's own key for them: the WordPress login, the Ghost user
    /// id. The same key is the same person.
    pub key: String,
    /// What their id is made from: the login (or the display name when the
    /// login cannot give one), the Ghost slug.
    pub slug: String,
    /// Plain text, never empty and never an email address.
    pub name: String,
    /// Plain text; empty when the export has none.
    pub bio: String,
    /// `(name, url)`, each URL allowed by the content rules and on the web.
    pub links: Vec<(String, String)>,
    /// The profile picture's URL as the export gives it; empty when none.
    pub image: String,
    /// Where the export describes them: a line of the WXR file; for Ghost,
    /// the row's position in `users`.
    pub line: u64,
    /// What reading them changed or left out.
    pub notes: Vec<String>,
}

/// One writer of a post.
#[derive(Debug, Clone, PartialEq)]
pub enum Byline {
    /// A writer the export describes: an author file and `{ "id" }`.
    Person(Person),
    /// A name alone (the export does not describe them): `{ "name" }`.
    Name(String),
}

/// Whether `text` holds an email address: a word with a local part, `@` and
/// a domain with a dot (`@handle` alone is not one), or a `mailto:`.
pub fn has_email(text: &str) -> bool {
    text.split_whitespace().any(is_email_word)
}

fn is_email_word(w: &str) -> bool {
    if w.to_ascii_lowercase().contains("mailto:") {
        return true;
    }
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    match w.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.'),
        None => false,
    }
}

/// `text` without its email addresses (the words that hold one); whether
/// it had any.
pub fn without_emails(text: &str) -> (String, bool) {
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !is_email_word(w))
        .collect();
    let had = kept.len() != text.split_whitespace().count();
    (kept.join(" "), had)
}

/// The first of `names` that is not blank and holds no email address,
/// whitespace collapsed.
pub fn usable_name<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    names
        .into_iter()
        .map(collapse_ws)
        .find(|n| !n.is_empty() && !has_email(n))
}

/// Plain text as inline Markdown that reads back as the same text: the
/// characters Markdown would take as syntax are escaped.
pub fn bio_markdown(text: &str) -> String {
    let runs = normalise(vec![Run {
        text: text.to_string(),
        ..Run::default()
    }]);
    markdown(&runs)
}

/// `url` when it may be an author's link: allowed by the content rules
/// and on the web (`https:` or `http:`; a `mailto:` is an email address,
/// a site-relative path is not elsewhere).
pub fn web_link(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (is_allowed_url(u) && (lower.starts_with("https://") || lower.starts_with("http://")))
        .then(|| u.to_string())
}

/// The author file of `p` under `id`; `image` is the picture's content
/// path (`/media/<file>`), when the import has the file: the build reads
/// its size and makes it as it makes the stories' pictures.
pub fn file(id: &str, p: &Person, image: Option<String>) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(id));
    o.insert("name".into(), json!(p.name));
    if !p.bio.is_empty() {
        o.insert("bio".into(), json!(bio_markdown(&p.bio)));
    }
    if let Some(src) = image {
        o.insert("image".into(), json!({ "src": src, "alt": p.name }));
    }
    if !p.links.is_empty() {
        let links: Vec<Value> = p
            .links
            .iter()
            .map(|(name, url)| json!({ "name": name, "url": url }))
            .collect();
        o.insert("links".into(), Value::Array(links));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_found_and_left_out() {
        assert!(has_email("jo@example.net"));
        assert!(has_email("Write to <jo.smith@mail.example.org>."));
        assert!(has_email("mailto:jo"));
        assert!(!has_email("@handle on the quay"));
        assert!(!has_email("Jo Smith"));
        assert_eq!(
            without_emails("Tips: jo@example.net, or the desk."),
            ("Tips: or the desk.".into(), true)
        );
        assert_eq!(without_emails("No address"), ("No address".into(), false));
        assert_eq!(
            usable_name(["", "m@example.net", " Marta  Tide "]),
            Some("Marta Tide".into())
        );
    }

    #[test]
    fn bios_read_back_as_written_and_links_are_web_links() {
        let md = bio_markdown("Covers *ports* [and] <ships>_");
        let back = standfirst_model::spans_text(&standfirst_content::markdown::spans(&md));
        assert_eq!(back, "Covers *ports* [and] <ships>_");
        assert_eq!(
            web_link(" https://e.org/me "),
            Some("https://e.org/me".into())
        );
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("mailto:jo@example.net"), None);
        assert_eq!(web_link("/about"), None);
        assert_eq!(web_link("https://e.org/a b"), None);
    }
}
