//! The two mails a sign-up can send: "confirm your subscription" and, to
//! a reader who is confirmed already, "you are subscribed". Plain text
//! plus HTML, with RFC 8058 one-click unsubscribe headers, in the
//! publication's language (`Content-Language`, and `lang`/`dir` on the
//! HTML part).

use super::{Letterhead, Links};
use crate::db::{Mail, Outgoing};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use standfirst_model::escape_html as escape;
use standfirst_model::{EndpointKey, EndpointPlural};

/// The message for `mail` to the bare address `to`, in the publication's
/// language (`head.words`); `None` when lettre cannot build it (an
/// address it does not accept).
pub fn compose(head: &Letterhead, to: &str, mail: &Mail, links: &Links) -> Option<Outgoing> {
    let w = &*head.words;
    let (kind, subject, lines, action) = words(head, mail, links);
    let mut text = lines.join("\n\n");
    if let Some((label, url)) = &action {
        text.push_str(&format!("\n\n{label}: {url}"));
    }
    text.push_str("\n\n--\n");
    text.push_str(&w.fill(EndpointKey::MailStopText, &[&head.site, &links.unsubscribe]));
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"></head><body>\n",
        escape(crate::words::lang(w)),
        escape(crate::words::dir(w)),
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
    let unsubscribe = format!(
        "<a href=\"{}\">{}</a>",
        escape(&links.unsubscribe),
        escape(w.get(EndpointKey::Unsubscribe))
    );
    html.push_str(&format!(
        "<hr>\n<p><small>{}</small></p>\n</body></html>\n",
        crate::words::fill_html(
            w.get(EndpointKey::MailStopHtml),
            &[&unsubscribe, &escape(&head.site)]
        )
    ));
    let recipient: Mailbox = Mailbox::new(None, to.parse().ok()?);
    let message = Message::builder()
        .from(head.from.clone())
        .to(recipient)
        .subject(subject)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            crate::words::lang(w).to_string(),
        ))
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

type Words<'a> = (&'static str, String, Vec<String>, Option<(&'a str, String)>);

fn words<'a>(head: &'a Letterhead, mail: &Mail, links: &Links) -> Words<'a> {
    use EndpointKey as K;
    let w = &*head.words;
    let site = head.site.as_str();
    let names = |lists: &std::collections::BTreeSet<String>| {
        let names: Vec<&str> = lists
            .iter()
            .map(|id| head.list_names.get(id).map_or(id.as_str(), String::as_str))
            .collect();
        crate::words::list(w, &names)
    };
    match mail {
        Mail::Confirm { lists } => {
            let days = (head.token_ttl.as_secs() / 86_400).max(1);
            (
                "confirm",
                w.fill(K::MailConfirmSubject, &[site]),
                vec![
                    w.get(K::MailHello).to_string(),
                    w.fill(K::MailConfirmAsked, &[&names(lists), site]),
                    w.plural(
                        EndpointPlural::MailConfirmHow,
                        days,
                        &[w.get(K::ConfirmButton)],
                    ),
                ],
                Some((w.get(K::ConfirmSubscription), links.confirm.clone())),
            )
        }
        Mail::Already { lists } => (
            "already",
            w.fill(K::MailAlreadySubject, &[site]),
            vec![
                w.get(K::MailHello).to_string(),
                w.fill(K::MailAlreadyAsked, &[site, &names(lists)]),
                w.get(K::MailAlreadyIgnore).to_string(),
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
            words: std::sync::Arc::new(crate::words::english()),
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

    /// The bodies of the message's parts, decoded (lettre writes Arabic
    /// text in base64 and English in quoted-printable or 7 bit).
    fn bodies(message: &[u8]) -> String {
        use base64::Engine;
        let text = String::from_utf8_lossy(message).replace("\r\n", "\n");
        let mut out = String::new();
        for part in text.split("\nContent-Transfer-Encoding: ").skip(1) {
            let (encoding, rest) = part.split_once('\n').unwrap();
            let body = rest.strip_prefix('\n').unwrap_or(rest);
            let body = body.split("\n--").next().unwrap();
            let bytes = match encoding.trim() {
                "base64" => base64::engine::general_purpose::STANDARD
                    .decode(body.replace('\n', ""))
                    .unwrap(),
                _ => quoted_printable::decode(body, quoted_printable::ParseMode::Robust).unwrap(),
            };
            out.push_str(&String::from_utf8(bytes).unwrap());
            out.push('\n');
        }
        out
    }

    fn arabic_head() -> Letterhead {
        let site = serde_json::json!({ "name": "x", "locale": "ar" });
        let strings = standfirst_content::strings::build_interface("site.json", &site).unwrap();
        Letterhead {
            site: "الرصيف اليومي".into(),
            list_names: BTreeMap::from([
                ("daily".into(), "الموجز اليومي".into()),
                ("weekend".into(), "قراءة نهاية الأسبوع".into()),
                ("world".into(), "العالم".into()),
            ]),
            words: std::sync::Arc::new(strings.endpoint),
            ..head()
        }
    }

    #[test]
    fn an_arabic_publication_mails_in_arabic() {
        let links = Links::new("https://news.example.org", Some("tok"), "unsub");
        let lists = BTreeSet::from([
            "daily".to_string(),
            "weekend".to_string(),
            "world".to_string(),
        ]);
        let out = compose(
            &arabic_head(),
            "r@example.org",
            &Mail::Confirm { lists },
            &links,
        )
        .unwrap();
        let head = String::from_utf8_lossy(&out.message).replace("\r\n", "\n");
        assert!(head.contains("\nContent-Language: ar\n"), "{head}");
        assert!(!head.contains("Subject: Confirm"), "{head}");
        let body = bodies(&out.message);
        assert!(body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{body}");
        assert!(body.contains("مرحباً،"), "{body}");
        assert!(
            body.contains("تلقّي الموجز اليومي، قراءة نهاية الأسبوع والعالم من الرصيف اليومي"),
            "{body}"
        );
        assert!(
            body.contains("واضغط «تأكيد». يعمل الرابط مدة ٧ أيام."),
            "{body}"
        );
        assert!(body.contains("<strong>أكّد اشتراكك</strong>"), "{body}");
        assert!(
            body.contains(">إلغاء الاشتراك</a> من كل رسائل الرصيف اليومي."),
            "{body}"
        );
        assert!(body.contains("لإيقاف كل الرسائل من الرصيف اليومي، افتح https://news.example.org/api/newsletter/unsubscribe?token=unsub"), "{body}");
        for english in ["Hello", "Confirm", "Unsubscribe", "day", " and ", "Someone"] {
            assert!(!body.contains(english), "{english} in {body}");
        }
        let already = compose(
            &arabic_head(),
            "r@example.org",
            &Mail::Already {
                lists: BTreeSet::from(["daily".to_string()]),
            },
            &links,
        )
        .unwrap();
        let body = bodies(&already.message);
        assert!(body.contains("وهو يتلقّى بالفعل الموجز اليومي،"), "{body}");
        assert!(
            !body.contains("Someone") && !body.contains("Hello"),
            "{body}"
        );
    }

    #[test]
    fn english_mails_say_what_they_always_said() {
        let links = Links::new("https://news.example.org", Some("tok"), "unsub");
        let lists = BTreeSet::from(["daily".to_string()]);
        let out = compose(&head(), "r@example.org", &Mail::Confirm { lists }, &links).unwrap();
        let text = decoded(&out.message);
        assert!(text.contains("Content-Language: en\r\n"), "{text}");
        assert!(text.contains("<html lang=\"en\" dir=\"ltr\">"), "{text}");
        assert!(text.contains("Subject: Confirm your subscription to The <Test> Standfirst"));
        assert!(text.contains("Hello,"));
        assert!(
            text.contains("press \"Confirm\". It works for 7 days."),
            "{text}"
        );
        assert!(text.contains(">Unsubscribe</a> from every mail of The &lt;Test&gt; Standfirst."));
        assert!(text.contains("--\r\nTo stop every mail from The <Test> Standfirst, open https://news.example.org/api/newsletter/unsubscribe?token=unsub"), "{text}");
        let one_day = Letterhead {
            token_ttl: Duration::from_secs(86_400),
            ..head()
        };
        let out = compose(
            &one_day,
            "r@example.org",
            &Mail::Confirm {
                lists: BTreeSet::from(["daily".to_string()]),
            },
            &links,
        )
        .unwrap();
        assert!(decoded(&out.message).contains("It works for 1 day."));
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
