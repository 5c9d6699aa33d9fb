//! The publication's interface strings: its language's table (shipped in
//! `strings/<language>.json`), the site's overrides (`site.json`
//! `strings` and `digits`), checked against the model's lists of keys
//! and made into the `ui` that `site.json` delivers and the sign-up
//! endpoint's strings that `api/v1/endpoint.json` delivers (apart, so
//! that no page carries them).
//!
//! A table is `{ "language", "digits"?, "strings": { key: value } }`. A
//! plain key's value is a string; a plural key's is an object with one
//! form per plural category the language uses (`one`, `few`, …, always
//! `other`). Placeholders are `{name}`, and each key's names are fixed by
//! the model's list: a missing, unknown or misspelt placeholder is an
//! error, as are a missing or unknown key. Plural forms may leave out the
//! count (`{n}`), as "one minute ago" may.

use crate::diag::{Problem, Report};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde_json::{Map, Value};
use standfirst_model::strings::{
    direction, language, positional, EndpointUi, Ui, CATEGORIES, ENDPOINT_KEYS,
    ENDPOINT_PLURAL_KEYS, KEYS, PLURAL_KEYS, PLURAL_TABLE_LEN,
};
use std::collections::BTreeSet;

/// The tables that ship with Standfirst: language subtag, file name (for
/// reports) and text.
pub const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "en",
        "strings/en.json",
        include_str!("../../../strings/en.json"),
    ),
    (
        "ar",
        "strings/ar.json",
        include_str!("../../../strings/ar.json"),
    ),
];

/// The shipped table of a locale's language, if there is one.
pub fn shipped(locale: &str) -> Option<(&'static str, &'static str)> {
    let lang = language(locale);
    SHIPPED
        .iter()
        .find(|(l, _, _)| *l == lang)
        .map(|(_, file, text)| (*file, *text))
}

/// The plural categories of `locale` for whole numbers: those its counts
/// below [`PLURAL_TABLE_LEN`] take (required in a table) and those any
/// count takes (allowed), as indexes into [`CATEGORIES`]; and each count's
/// category. `None` for a language the plural rules do not know.
pub struct PluralRulesOf {
    pub required: BTreeSet<usize>,
    pub allowed: BTreeSet<usize>,
    pub table: String,
}

pub fn plural_rules(locale: &str) -> Option<PluralRulesOf> {
    let id: unic_langid::LanguageIdentifier = language(locale).parse().ok()?;
    let rules = PluralRules::create(id, PluralRuleType::CARDINAL).ok()?;
    let index = |n: u64| -> usize {
        match rules.select(n) {
            Ok(PluralCategory::ZERO) => 0,
            Ok(PluralCategory::ONE) => 1,
            Ok(PluralCategory::TWO) => 2,
            Ok(PluralCategory::FEW) => 3,
            Ok(PluralCategory::MANY) => 4,
            _ => 5,
        }
    };
    let table: Vec<usize> = (0..PLURAL_TABLE_LEN).map(index).collect();
    let required: BTreeSet<usize> = table.iter().copied().chain([5]).collect();
    let mut allowed = required.clone();
    allowed.extend([1_000u64, 10_000, 100_000, 1_000_000, 10_000_000].map(index));
    Some(PluralRulesOf {
        required,
        allowed,
        table: table.iter().map(|i| char::from(b'0' + *i as u8)).collect(),
    })
}

/// The `{name}`s in `text`, in order of appearance (each once).
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        if let Some(j) = rest.find('}') {
            let name = &rest[..j];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                if !found.contains(&name) {
                    found.push(name);
                }
                rest = &rest[j + 1..];
            }
        }
    }
    found
}

/// Checks one value of `key` (at `path` in `r`), which may leave out the
/// count when it is a plural form.
fn check_text(r: &mut Report, path: &str, text: &str, names: &[&str], plural_form: bool) {
    let found = placeholders(text);
    for p in &found {
        if !names.contains(p) {
            r.add(
                path,
                format!(
                    "unknown placeholder {{{p}}}: this string takes {}",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names
                            .iter()
                            .map(|n| format!("{{{n}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            );
        }
    }
    // A plural form may leave its count out ("one minute ago").
    let optional = |n: &str| plural_form && n == "n";
    for n in names.iter().filter(|n| !optional(n)) {
        if !found.contains(n) {
            r.add(path, format!("missing placeholder {{{n}}}"));
        }
    }
}

/// A list of keys: each key's name and placeholders.
type KeyList = &'static [(&'static str, &'static [&'static str])];

/// The key lists a table fills, plain and plural: the app's interface
/// (delivered in `site.json`) and the sign-up endpoint's pages and mails
/// (delivered in `endpoint.json`).
const LISTS: [(KeyList, KeyList); 2] = [(KEYS, PLURAL_KEYS), (ENDPOINT_KEYS, ENDPOINT_PLURAL_KEYS)];

/// What the tables gave so far for one of [`LISTS`]: each plain key's
/// string and each plural key's forms, in the list's order.
#[derive(Clone)]
struct Found {
    text: Vec<Option<String>>,
    forms: Vec<Option<Vec<Option<String>>>>,
}

impl Found {
    fn new((plain, plural): (KeyList, KeyList)) -> Found {
        Found {
            text: vec![None; plain.len()],
            forms: vec![None; plural.len()],
        }
    }

    /// The strings as delivered: a plural key's missing forms take its
    /// `other` form.
    fn strings(self) -> (Vec<String>, Vec<Vec<String>>) {
        let text = self
            .text
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let plurals = self
            .forms
            .into_iter()
            .map(|f| {
                let f = f.unwrap_or_default();
                let other = f.get(5).cloned().flatten().unwrap_or_default();
                (0..CATEGORIES.len())
                    .map(|c| f.get(c).cloned().flatten().unwrap_or_else(|| other.clone()))
                    .collect()
            })
            .collect();
        (text, plurals)
    }
}

/// Where `key` is in the plain (`list` of `|l| l.0`) or plural (`|l|
/// l.1`) lists: which of [`LISTS`], its index there, and its placeholders.
fn position(
    key: &str,
    list: fn(&(KeyList, KeyList)) -> KeyList,
) -> Option<(usize, usize, &'static [&'static str])> {
    LISTS.iter().enumerate().find_map(|(l, lists)| {
        let keys = list(lists);
        keys.iter()
            .position(|(k, _)| *k == key)
            .map(|i| (l, i, keys[i].1))
    })
}

/// One table's `strings` object (the shipped table's or the site's
/// overrides, reported in `r` under `prefix`), checked key by key into
/// `found` (one per [`LISTS`]). `complete` asks for every key.
fn read_table(
    r: &mut Report,
    prefix: &str,
    strings: &Map<String, Value>,
    rules: Option<&PluralRulesOf>,
    found: &mut [Found; 2],
    complete: bool,
) {
    for (key, value) in strings {
        let path = format!("{prefix}.{key}");
        let plain = position(key, |l| l.0);
        let plural = position(key, |l| l.1);
        if let Some((l, i, names)) = plain {
            match value.as_str() {
                Some(s) => {
                    check_text(r, &path, s, names, false);
                    found[l].text[i] = Some(positional(s, names));
                }
                None => r.add(&path, "expected a string"),
            }
        } else if let Some((l, i, names)) = plural {
            let Some(obj) = value.as_object() else {
                r.add(
                    &path,
                    "expected an object of plural forms, as {\"one\": …, \"other\": …}",
                );
                continue;
            };
            let mut these: Vec<Option<String>> = vec![None; CATEGORIES.len()];
            for (cat, form) in obj {
                let at = format!("{path}.{cat}");
                let Some(c) = CATEGORIES.iter().position(|x| x == cat) else {
                    r.add(
                        &at,
                        format!(
                            "unknown plural category: expected one of {}",
                            CATEGORIES.join(", ")
                        ),
                    );
                    continue;
                };
                if let Some(rules) = rules {
                    if !rules.allowed.contains(&c) {
                        r.add(&at, format!("the language has no {cat:?} plural form"));
                        continue;
                    }
                }
                match form.as_str() {
                    Some(s) => {
                        check_text(r, &at, s, names, true);
                        these[c] = Some(positional(s, names));
                    }
                    None => r.add(&at, "expected a string"),
                }
            }
            let needed: Vec<usize> =
                rules.map_or(vec![5], |x| x.required.iter().copied().collect());
            for c in needed {
                if these[c].is_none() {
                    r.add(
                        &path,
                        format!("missing the {:?} plural form", CATEGORIES[c]),
                    );
                }
            }
            found[l].forms[i] = Some(these);
        } else {
            r.add(
                &path,
                "unknown string key: no part of the interface uses it",
            );
        }
    }
    if complete {
        for ((plain, plural), f) in LISTS.iter().zip(found.iter()) {
            let missing = plain
                .iter()
                .zip(&f.text)
                .filter(|(_, t)| t.is_none())
                .map(|((k, _), _)| *k)
                .chain(
                    plural
                        .iter()
                        .zip(&f.forms)
                        .filter(|(_, t)| t.is_none())
                        .map(|((k, _), _)| *k),
                );
            for key in missing {
                r.add(prefix, format!("missing string key {key:?}"));
            }
        }
    }
}

/// Ten digits, zero first, or an explanation.
fn check_digits(r: &mut Report, path: &str, digits: &Value) -> Option<String> {
    match digits.as_str() {
        Some(d) if d.chars().count() == 10 => Some(d.to_string()),
        _ => {
            r.add(
                path,
                "expected a string of the language's ten digits, zero first (\"0123456789\")",
            );
            None
        }
    }
}

/// A publication's strings, as the build delivers them: the app's (`ui` in
/// `site.json`) and the sign-up endpoint's (`endpoint.json`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interface {
    pub ui: Ui,
    pub endpoint: EndpointUi,
}

/// The `ui` of the site whose `site.json` is `site` (already known to be
/// an object), or the problems found in its language's table and its
/// overrides. `site_file` names `site.json` in reports.
pub fn build_ui(site_file: &str, site: &Value) -> Result<Ui, Vec<Problem>> {
    build_interface(site_file, site).map(|i| i.ui)
}

/// Both sets of strings of the site whose `site.json` is `site`, or the
/// problems found, as [`build_ui`].
pub fn build_interface(site_file: &str, site: &Value) -> Result<Interface, Vec<Problem>> {
    let locale = site.get("locale").and_then(Value::as_str).unwrap_or("en");
    build_interface_with(site_file, site, shipped(locale))
}

/// [`build_interface`] with the language's table given: `(file, text)`,
/// or `None` when Standfirst ships none for it.
pub fn build_interface_with(
    site_file: &str,
    site: &Value,
    table: Option<(&str, &str)>,
) -> Result<Interface, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut site_report = Report::new(site_file);
    let locale = match site.get("locale") {
        None => "en".to_string(),
        Some(Value::String(l)) if is_locale(l) => l.clone(),
        Some(_) => {
            site_report.add(
                "locale",
                "expected a BCP 47 language tag, as \"en\", \"en-GB\" or \"ar\"",
            );
            return Err(site_report.problems);
        }
    };
    let rules = plural_rules(&locale);
    if rules.is_none() {
        site_report.add(
            "locale",
            format!("no plural rules are known for the language of {locale:?}"),
        );
    }
    let mut found = LISTS.map(Found::new);
    let mut digits = String::new();
    let overrides = site.get("strings");
    if let Some(o) = overrides.filter(|o| !o.is_object()) {
        let _ = o;
        site_report.add("strings", "expected an object of strings by key");
    }
    let overrides = overrides.and_then(Value::as_object);
    match table {
        Some((file, table)) => {
            let mut r = Report::new(file);
            match serde_json::from_str::<Value>(table) {
                Ok(t) => {
                    if let Some(d) = t.get("digits") {
                        digits = check_digits(&mut r, "digits", d).unwrap_or_default();
                    }
                    match t.get("strings").and_then(Value::as_object) {
                        Some(s) => {
                            read_table(&mut r, "strings", s, rules.as_ref(), &mut found, true)
                        }
                        None => r.add("strings", "expected an object of strings by key"),
                    }
                }
                Err(e) => r.add("(root)", format!("not valid JSON: {e}")),
            }
            problems.append(&mut r.problems);
            if let Some(o) = overrides {
                read_table(
                    &mut site_report,
                    "strings",
                    o,
                    rules.as_ref(),
                    &mut found,
                    false,
                );
            }
        }
        None => {
            // A language Standfirst has no table for: the site's `strings`
            // must give every key.
            let empty = Map::new();
            read_table(
                &mut site_report,
                "strings",
                overrides.unwrap_or(&empty),
                rules.as_ref(),
                &mut found,
                true,
            );
        }
    }
    if let Some(d) = site.get("digits") {
        if let Some(d) = check_digits(&mut site_report, "digits", d) {
            digits = d;
        }
    }
    problems.append(&mut site_report.problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let rules = rules.expect("checked above");
    if digits == "0123456789" {
        digits.clear();
    }
    let [app, endpoint] = found;
    let ui = |(text, plurals): (Vec<String>, Vec<Vec<String>>)| Ui {
        dir: direction(&locale).to_string(),
        digits: digits.clone(),
        plural: rules.table.clone(),
        text,
        plurals,
    };
    Ok(Interface {
        ui: ui(app.strings()),
        endpoint: EndpointUi {
            locale: standfirst_model::strings::hyphenated(&locale),
            ui: ui(endpoint.strings()),
        },
    })
}

/// A plausible BCP 47 tag: letters, digits and hyphens, starting with a
/// two- or three-letter language.
pub fn is_locale(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn site(extra: Value) -> Value {
        let mut s = json!({ "name": "x" });
        s.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        s
    }

    #[test]
    fn english_is_the_default_and_complete() {
        let ui = build_ui("site.json", &site(json!({}))).unwrap();
        assert_eq!(ui.dir, "ltr");
        assert_eq!(ui.digits, "");
        assert_eq!(ui.text.len(), KEYS.len());
        assert_eq!(ui.get(standfirst_model::Key::PageOf), "Page {0} of {1}");
        assert_eq!(
            ui.plural(standfirst_model::Plural::NewUpdates, 1, &[]),
            "1 new update"
        );
        assert_eq!(
            ui.plural(standfirst_model::Plural::ResultsFound, 12, &["tide"]),
            "12 stories found for \u{201c}tide\u{201d}."
        );
    }

    #[test]
    fn arabic_has_six_forms_its_digits_and_rtl() {
        let ui = build_ui("site.json", &site(json!({ "locale": "ar" }))).unwrap();
        assert_eq!(ui.dir, "rtl");
        assert_eq!(ui.digits, "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(&ui.plural[..12], "012333333334");
        assert_eq!(ui.num(2026), "٢٠٢٦");
    }

    #[test]
    fn overrides_are_checked_like_the_table() {
        let ok = build_ui(
            "site.json",
            &site(json!({ "strings": { "save_story": "Keep this story", "page_of": "{page}/{pages}" } })),
        )
        .unwrap();
        assert_eq!(ok.get(standfirst_model::Key::SaveStory), "Keep this story");
        assert_eq!(ok.get(standfirst_model::Key::PageOf), "{0}/{1}");
        let bad = build_ui(
            "site.json",
            &site(json!({ "strings": {
                "save_stroy": "x",
                "page_of": "{page} of {total}",
                "min_read": { "one": "a", "few": "b" },
                "share": 3
            } })),
        )
        .unwrap_err();
        let text: Vec<String> = bad.iter().map(|p| p.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(
            has("site.json: strings.save_stroy: unknown string key"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.page_of: unknown placeholder {total}"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.page_of: missing placeholder {pages}"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.min_read.few: the language has no \"few\""),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.min_read: missing the \"other\" plural form"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.share: expected a string"),
            "{text:?}"
        );
    }

    #[test]
    fn a_language_without_a_table_must_give_every_key() {
        let problems = build_ui("site.json", &site(json!({ "locale": "fa" }))).unwrap_err();
        assert!(problems
            .iter()
            .any(|p| p.to_string() == "site.json: strings: missing string key \"search\""));
        assert!(problems
            .iter()
            .any(|p| p.to_string()
                == "site.json: strings: missing string key \"mail_confirm_subject\""));
        assert_eq!(
            problems.len(),
            KEYS.len() + PLURAL_KEYS.len() + ENDPOINT_KEYS.len() + ENDPOINT_PLURAL_KEYS.len(),
            "one problem per key"
        );
    }

    #[test]
    fn bad_locales_and_digits_are_named() {
        let p = build_ui("site.json", &site(json!({ "locale": "not a tag" }))).unwrap_err();
        assert_eq!(p[0].path, "locale");
        let p = build_ui("site.json", &site(json!({ "digits": "0123" }))).unwrap_err();
        assert_eq!(p[0].path, "digits");
    }

    /// The shipped tables hold every key the interface and the sign-up
    /// endpoint use and no other, with each key's placeholders, and every
    /// plural form their language needs: `build_interface` checks all of
    /// that, so a table that loses a key fails here (and fails `check` for
    /// any site in its language).
    #[test]
    fn every_shipped_table_is_complete() {
        for (lang, file, _) in SHIPPED {
            let i = build_interface("site.json", &site(json!({ "locale": lang })))
                .unwrap_or_else(|p| panic!("{file}: {p:?}"));
            assert!(
                i.ui.text.iter().all(|t| !t.is_empty()),
                "{file} has an empty string"
            );
            assert!(i.endpoint.is_complete(), "{file}");
            assert!(
                i.endpoint.ui.text.iter().all(|t| !t.is_empty()),
                "{file} has an empty endpoint string"
            );
            assert_eq!(i.endpoint.locale, *lang);
        }
    }

    #[test]
    fn the_endpoints_strings_come_apart_in_the_sites_language() {
        use standfirst_model::{EndpointKey, EndpointPlural};
        let ar = build_interface("site.json", &site(json!({ "locale": "ar-EG" }))).unwrap();
        let e = &ar.endpoint;
        assert_eq!((e.locale.as_str(), e.ui.dir.as_str()), ("ar-EG", "rtl"));
        assert_eq!(e.ui.digits, "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(e.ui.plural, ar.ui.plural);
        assert_eq!(e.get(EndpointKey::ConfirmButton), "تأكيد");
        assert_eq!(
            e.fill(EndpointKey::LinkGoToSite, &["الرصيف"]),
            "اذهب إلى الرصيف"
        );
        assert_eq!(
            e.plural(EndpointPlural::LinkWait, 30, &[]),
            "يُرجى الانتظار ٣٠ ثانية، ثم فتح الرابط مرة أخرى."
        );
        assert_eq!(
            e.plural(EndpointPlural::LinkWait, 2, &[]),
            "يُرجى الانتظار ثانيتين، ثم فتح الرابط مرة أخرى."
        );
        let en = build_interface(
            "site.json",
            &site(json!({ "strings": { "confirm_button": "Yes, confirm", "mail_confirm_how": { "one": "a day; press {button}", "other": "{n} days; press {button}" } } })),
        )
        .unwrap();
        assert_eq!(en.endpoint.locale, "en");
        assert_eq!(en.endpoint.ui.dir, "ltr");
        assert_eq!(en.endpoint.get(EndpointKey::ConfirmButton), "Yes, confirm");
        assert_eq!(
            en.endpoint
                .plural(EndpointPlural::MailConfirmHow, 1, &["Yes, confirm"]),
            "a day; press Yes, confirm"
        );
        assert_eq!(
            en.endpoint.plural(EndpointPlural::AnswerWait, 1, &[]),
            "Please wait 1 second, then go back to the form and try again."
        );
        // None of it in site.json's ui.
        assert_eq!(en.ui.text.len(), KEYS.len());
        assert_eq!(en.ui.plurals.len(), PLURAL_KEYS.len());
    }

    #[test]
    fn deleting_a_key_from_the_arabic_table_names_it() {
        let (_, file, text) = SHIPPED.iter().find(|(l, _, _)| *l == "ar").unwrap();
        let mut table: Value = serde_json::from_str(text).unwrap();
        table["strings"]
            .as_object_mut()
            .unwrap()
            .remove("save_story");
        let edited = serde_json::to_string(&table).unwrap();
        let problems = build_interface_with(
            "site.json",
            &site(json!({ "locale": "ar" })),
            Some((file, &edited)),
        )
        .unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            ["strings/ar.json: strings: missing string key \"save_story\""]
        );
    }

    #[test]
    fn deleting_an_endpoint_key_from_a_table_names_it() {
        for lang in ["ar", "en"] {
            let (_, file, text) = SHIPPED.iter().find(|(l, _, _)| *l == lang).unwrap();
            let mut table: Value = serde_json::from_str(text).unwrap();
            let strings = table["strings"].as_object_mut().unwrap();
            strings.remove("confirm_button");
            strings.remove("link_wait");
            let edited = serde_json::to_string(&table).unwrap();
            let problems = build_interface_with(
                "site.json",
                &site(json!({ "locale": lang })),
                Some((file, &edited)),
            )
            .unwrap_err();
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert_eq!(
                text,
                [
                    format!("{file}: strings: missing string key \"confirm_button\""),
                    format!("{file}: strings: missing string key \"link_wait\""),
                ]
            );
        }
    }

    #[test]
    fn endpoint_strings_are_checked_like_the_others() {
        let bad = build_interface(
            "site.json",
            &site(json!({ "locale": "ar", "strings": {
                "link_go_to_site": "اذهب إلى {front}",
                "link_wait": { "one": "ثانية", "other": "{n} ثانية" }
            } })),
        )
        .unwrap_err();
        let text: Vec<String> = bad.iter().map(|p| p.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(
            has("site.json: strings.link_go_to_site: unknown placeholder {front}: this string takes {site}"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.link_go_to_site: missing placeholder {site}"),
            "{text:?}"
        );
        assert!(
            has("site.json: strings.link_wait: missing the \"zero\" plural form"),
            "{text:?}"
        );
    }
}
