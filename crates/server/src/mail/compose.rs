//! The two mails a sign-up can send: "confirm your subscription" and, to
//! a reader who is confirmed already, "you are subscribed". Plain text
//! plus HTML, with RFC 8058 one-click unsubscribe headers.

use super::{Letterhead, Links};
use crate::db::{Mail, Outgoing};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use standfirst_model::escape_html as escape;

/// The message for `mail` to the bare address `to`; `None` when lettre
/// cannot build it (an address it does not accept).
pub fn compose(head: &Letterhead, to: &str, mail: &Mail, links: &Links) -> Option<Outgoing> {
    let (kind, subject, lines, action) = words(head, mail, links);
    let mut text = lines.join("\n\n");
    if let Some((label, url)) = &action {
        text.push_str(&format!("\n\n{label}: {url}"));
    }
    text.push_str(&format!(
        "\n\n--\nTo stop every mail from {}, open {}",
        head.site, links.unsubscribe
    ));
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"></head><body>\n",
    );
    for l in &lines {
        html.push_str(&format!("<p>{}</p>\n", escape(l)));
    }
    if let Some((label, url)) = &action {
        html.push_str(&format!(
            "<p><a href=\"{}\"><strong>{}</strong></a></p>\n",
            escape(url),
            escape(label)
        ));
    }
    html.push_str(&format!(
        "<hr>\n<p><small><a href=\"{}\">Unsubscribe</a> from every mail of {}.</small></p>\n</body></html>\n",
        escape(&links.unsubscribe),
        escape(&head.site)
    ));
    let recipient: Mailbox = Mailbox::new(None, to.parse().ok()?);
    let message = Message::builder()
        .from(head.from.clone())
        .to(recipient)
        .subject(subject)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", links.unsubscribe),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ))
        .multipart(MultiPart::alternative_plain_html(text, html))
        .ok()?;
    Some(Outgoing {
        kind,
        recipient: to.to_string(),
        message: message.formatted(),
    })
}

type Words = (
    &'static str,
    String,
    Vec<String>,
    Option<(&'static str, String)>,
);

fn words(head: &Letterhead, mail: &Mail, links: &Links) -> Words {
    let site = &head.site;
    let names = |lists: &std::collections::BTreeSet<String>| {
        let names: Vec<&str> = lists
            .iter()
            .map(|id| head.list_names.get(id).map_or(id.as_str(), String::as_str))
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    };
    match mail {
        Mail::Confirm { lists } => {
            let days = (head.token_ttl.as_secs() / 86_400).max(1);
            (
                "confirm",
                format!("Confirm your subscription to {site}"),
                vec![
                    "Hello,".into(),
                    format!("Someone, probably you, asked to receive {} from {site}. Nothing will be sent until you confirm.", names(lists)),
                    format!(
                        "To confirm, open the link below and press \"Confirm\". It works for {days} day{}. If you did not ask for this, ignore this mail and you will hear no more from us.",
                        if days == 1 { "" } else { "s" }
                    ),
                ],
                Some(("Confirm your subscription", links.confirm.clone())),
            )
        }
        Mail::Already { lists } => (
            "already",
            format!("You are already subscribed to {site}"),
            vec![
                "Hello,".into(),
                format!("Someone, probably you, asked to sign this address up to {site}. It already receives {}, so there is nothing to do.", names(lists)),
                "If that was not you, you can ignore this mail, or unsubscribe with the link below.".into(),
            ],
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::time::Duration;

    /// The message with its quoted-printable parts decoded.
    fn decoded(message: &[u8]) -> String {
        let bytes = quoted_printable::decode(message, quoted_printable::ParseMode::Robust).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn head() -> Letterhead {
        Letterhead {
            site: "The <Test> Standfirst".into(),
            list_names: BTreeMap::from([
                ("daily".into(), "The Daily Briefing".into()),
                ("weekend".into(), "The Weekend Read".into()),
            ]),
            from: "The Standfirst <news@example.org>".parse().unwrap(),
            token_ttl: Duration::from_secs(7 * 86_400),
        }
    }

    #[test]
    fn the_confirmation_mail_has_both_parts_the_links_and_the_headers() {
        let links = Links::new("https://news.example.org", Some("tok-en_1"), "unsub-token");
        let lists = BTreeSet::from(["daily".to_string(), "weekend".to_string()]);
        let out = compose(
            &head(),
            "reader@example.org",
            &Mail::Confirm { lists },
            &links,
        )
        .unwrap();
        let text = decoded(&out.message);
        assert_eq!(out.kind, "confirm");
        assert!(text.contains("\r\nTo: reader@example.org\r\n"), "{text}");
        assert!(text.contains("List-Unsubscribe: <https://news.example.org/api/newsletter/unsubscribe?token=unsub-token>"));
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/plain") && text.contains("text/html"));
        assert!(text.contains("https://news.example.org/api/newsletter/confirm?token=tok-en_1"));
        assert!(text.contains("The Daily Briefing and The Weekend Read"));
        assert!(text.contains("7 days"));
        assert!(
            text.contains("The &lt;Test&gt; Standfirst"),
            "escaped in HTML"
        );
    }

    #[test]
    fn an_already_subscribed_reader_is_told_so_without_a_confirm_link() {
        let links = Links::new("http://127.0.0.1:8080", None, "u");
        let lists = BTreeSet::from(["daily".to_string()]);
        let out = compose(&head(), "a@example.org", &Mail::Already { lists }, &links).unwrap();
        let text = decoded(&out.message);
        assert_eq!(out.kind, "already");
        assert!(text.contains("already receives The Daily Briefing"));
        assert!(!text.contains("/confirm?"));
        assert!(text.contains(
            "List-Unsubscribe: <http://127.0.0.1:8080/api/newsletter/unsubscribe?token=u>"
        ));
    }
}
