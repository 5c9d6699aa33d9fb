//! The words of the endpoint's own pages and mails, in the publication's
//! language: `api/v1/endpoint.json`, which the build writes from the
//! language's table (`strings/<language>.json`) and the site's overrides.
//!
//! Read leniently: a missing, malformed or mismatched file (one made by
//! another version of the build, whose keys differ) gives the English
//! table built into the server, with a warning, so the endpoint always
//! has something to say.

use standfirst_model::strings::{
    self, direction, fill, EndpointUi, ENDPOINT_JSON, ENDPOINT_KEYS, ENDPOINT_PLURAL_KEYS,
};
use standfirst_model::EndpointKey;
use std::path::Path;

/// Reads `DIST/api/v1/endpoint.json`; English when it is missing,
/// malformed or made for other keys.
pub fn load(dist: &Path) -> EndpointUi {
    let path = dist.join(ENDPOINT_JSON);
    let read = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<EndpointUi>(&b).map_err(|e| e.to_string()));
    match read {
        Ok(words) if words.is_complete() => words,
        Ok(_) => {
            tracing::warn!(
                "{} does not hold this server's strings (another version of the build made it); \
                 the sign-up pages and mails are in English",
                path.display()
            );
            english()
        }
        Err(e) => {
            tracing::warn!(
                "cannot read {}: {e}; the sign-up pages and mails are in English",
                path.display()
            );
            english()
        }
    }
}

/// The English strings, made from the shipped table as the build makes
/// them.
pub fn english() -> EndpointUi {
    EndpointUi {
        locale: "en".into(),
        ui: strings::english(ENDPOINT_KEYS, ENDPOINT_PLURAL_KEYS),
    }
}

/// The `lang` of the pages and the mails' `Content-Language`: the
/// locale when it is a plain tag, else `en`.
pub fn lang(words: &EndpointUi) -> &str {
    let l = words.locale.as_str();
    let plain =
        !l.is_empty() && l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if plain {
        l
    } else {
        "en"
    }
}

/// The `dir` of the pages and mails: `ltr` or `rtl`.
pub fn dir(words: &EndpointUi) -> &str {
    match words.ui.dir.as_str() {
        "rtl" => "rtl",
        "ltr" => "ltr",
        _ => direction(lang(words)),
    }
}

/// `names` as one phrase, in the language's way ("A, B and C").
pub fn list(words: &EndpointUi, names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => [
            init.join(words.get(EndpointKey::MailListComma)).as_str(),
            words.get(EndpointKey::MailListAnd),
            last,
        ]
        .concat(),
    }
}

/// `template` (a string of the table) made safe for HTML, with its
/// placeholders filled by `args`, which are HTML already.
pub fn fill_html(template: &str, args: &[&str]) -> String {
    fill(&standfirst_model::escape_html(template), args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use standfirst_model::EndpointPlural;

    #[test]
    fn english_is_complete_and_says_what_the_endpoint_always_said() {
        let en = english();
        assert!(en.is_complete());
        assert!(en.ui.text.iter().all(|t| !t.is_empty()));
        assert_eq!(en.get(EndpointKey::AnswerPendingTitle), "Check your inbox");
        assert_eq!(en.fill(EndpointKey::LinkGoToSite, &["S"]), "Go to S");
        assert_eq!(
            en.plural(EndpointPlural::AnswerWait, 1, &[]),
            "Please wait 1 second, then go back to the form and try again."
        );
        assert_eq!(
            en.plural(EndpointPlural::LinkWait, 30, &[]),
            "Please wait 30 seconds, then open the link again."
        );
        assert_eq!((lang(&en), dir(&en)), ("en", "ltr"));
        assert_eq!(list(&en, &["A", "B", "C"]), "A, B and C");
        assert_eq!(list(&en, &["A"]), "A");
    }

    #[test]
    fn a_missing_malformed_or_mismatched_file_is_english() {
        let dir_ = tempfile::tempdir().unwrap();
        assert_eq!(load(dir_.path()), english());
        let path = dir_.path().join(ENDPOINT_JSON);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(load(dir_.path()), english());
        std::fs::write(&path, r#"{"locale":"ar","dir":"rtl","text":["كلمة"]}"#).unwrap();
        assert_eq!(load(dir_.path()), english());
        let mut ar = english();
        ar.locale = "ar".into();
        ar.ui.dir = "rtl".into();
        std::fs::write(&path, serde_json::to_vec(&ar).unwrap()).unwrap();
        assert_eq!(load(dir_.path()), ar);
    }

    #[test]
    fn odd_locales_and_directions_are_not_written_out() {
        let mut w = english();
        w.locale = "ar\"><script>".into();
        w.ui.dir = "sideways".into();
        assert_eq!((lang(&w), dir(&w)), ("en", "ltr"));
        w.locale = "fa-IR".into();
        assert_eq!((lang(&w), dir(&w)), ("fa-IR", "rtl"));
        assert_eq!(
            fill_html("{0} of <b>{1}</b>", &["<a>x</a>", "S &amp; Co"]),
            "<a>x</a> of &lt;b&gt;S &amp; Co&lt;/b&gt;"
        );
    }
}
