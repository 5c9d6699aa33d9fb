//! A story's `translations`: each problem located, what the delivery
//! carries (the language's own name written in), and the language of every
//! feed.

mod common;

use common::*;
use serde_json::{json, Value};
use standfirst_content::build::build;
use standfirst_model::{Article, Translation};
use std::fs;
use std::path::{Path, PathBuf};

macro_rules! translation_cases {
    ($($name:ident: $list:expr => $path:expr, $reason:expr;)*) => {$(
        #[test]
        fn $name() {
            let problems = with_article(|a: &mut Value| a["translations"] = $list);
            assert_one(&problems, &main_file(), $path, $reason);
        }
    )*};
}

const AR: &str = "https://news.example.org/ar/world/harbour-vote-explained";

translation_cases! {
    not_a_list: json!({ "locale": "ar", "url": AR })
        => "translations", "expected an array";
    not_an_object: json!([{ "locale": "ar", "url": AR }, "fr"])
        => "translations[1]", "expected an object";
    locale_missing: json!([{ "url": AR }])
        => "translations[0].locale", "missing";
    url_missing: json!([{ "locale": "ar" }])
        => "translations[0].url", "missing";
    locale_not_a_tag: json!([{ "locale": "Arabic", "url": AR }])
        => "translations[0].locale", "\"Arabic\" is not a BCP 47 language tag";
    locale_with_a_space: json!([{ "locale": "pt BR", "url": AR }])
        => "translations[0].locale", "is not a BCP 47 language tag";
    script_url: json!([{ "locale": "ar", "url": "javascript:alert(1)" }])
        => "translations[0].url", "URL \"javascript:alert(1)\" is not allowed";
    site_relative_url: json!([{ "locale": "ar", "url": "/ar/world/harbour" }])
        => "translations[0].url", "\"/ar/world/harbour\" must be an absolute https: or http: URL";
    mail_url: json!([{ "locale": "ar", "url": "mailto:desk@example.org" }])
        => "translations[0].url", "must be an absolute https: or http: URL";
    the_same_language_twice: json!([
        { "locale": "ar", "url": AR },
        { "locale": "fr", "url": "https://fr.example.org/a" },
        { "locale": "AR", "url": "https://other.example.org/a" }
    ]) => "translations[2].locale", "locale \"AR\" has a translation already";
    the_sites_own_language: json!([{ "locale": "en", "url": "https://news.example.org/x" }])
        => "translations[0].locale", "\"en\" is the site's own locale";
}

#[test]
fn the_own_language_is_the_sites_locale() {
    // With `locale` "ar", an English translation is fine and an Arabic
    // one (in any spelling) is the story itself.
    let mut a = archive();
    a.site["locale"] = json!("ar");
    a.article_mut(MAIN)["translations"] = json!([
        { "locale": "en", "url": "https://news.example.org/world/harbour-vote-explained" },
        { "locale": "AR", "url": AR }
    ]);
    assert_one(
        &a.problems(),
        &main_file(),
        "translations[1].locale",
        "the site's own locale",
    );
}

#[test]
fn every_problem_of_a_list_is_reported() {
    let problems = with_article(|a| {
        a["translations"] = json!([
            { "locale": "x", "url": "ftp://example.org/a" },
            { "locale": "fr", "url": "https://fr.example.org/a" },
            { "locale": "fr", "url": "https://fr.example.org/b" }
        ])
    });
    let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        at,
        [
            "translations[0].locale",
            "translations[0].url",
            "translations[2].locale"
        ],
        "{problems:?}"
    );
}

fn read<T: serde::de::DeserializeOwned>(p: &Path) -> T {
    serde_json::from_str(&fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

/// The fixture archive in `dir`, with `site` and the main article changed.
fn content(dir: &Path, site: impl FnOnce(&mut Value), story: impl FnOnce(&mut Value)) -> PathBuf {
    let content = dir.join("content");
    let mut a = archive();
    site(&mut a.site);
    story(a.article_mut(MAIN));
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::write(content.join("site.json"), a.site.to_string()).unwrap();
    for (stem, v) in &a.articles {
        fs::write(content.join(format!("articles/{stem}.json")), v.to_string()).unwrap();
    }
    content
}

#[test]
fn translations_are_delivered_with_the_names_of_their_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let content = content(
        tmp.path(),
        |_| {},
        |a| {
            a["translations"] = json!([
                { "locale": "ar", "url": AR },
                { "locale": "pt_BR", "url": "https://pt.example.org/a" },
                { "locale": "sw", "url": "http://sw.example.org/a" }
            ])
        },
    );
    let out = tmp.path().join("out");
    build(&content, &out).unwrap();
    let a: Article = read(&out.join(format!("api/v1/articles/{MAIN}.json")));
    let t = |locale: &str, url: &str, name: &str| Translation {
        locale: locale.into(),
        url: url.into(),
        name: name.into(),
    };
    assert_eq!(
        a.translations,
        [
            t("ar", AR, "العربية"),
            t("pt-BR", "https://pt.example.org/a", "Português"),
            t("sw", "http://sw.example.org/a", "sw"),
        ]
    );
    // A story without translations has no such member at all.
    let other: Value = read(&out.join("api/v1/articles/markets-calm.json"));
    assert!(other.get("translations").is_none(), "{other}");
}

/// The `<language>` of each feed the build wrote, by site path.
fn feed_languages(out: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![out.join("feeds")];
    while let Some(dir) = dirs.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                let xml = fs::read_to_string(&p).unwrap();
                let lang = xml
                    .split("<language>")
                    .nth(1)
                    .and_then(|rest| rest.split("</language>").next())
                    .unwrap_or_else(|| panic!("{} has no <language>", p.display()));
                let path = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
                found.push((path, lang.to_string()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_feed_names_its_language() {
    // No `locale` (English): each edition's own English, and the default
    // edition's for the authors' and topics' feeds.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&content(tmp.path(), |_| {}, |_| {}), &out).unwrap();
    let langs = feed_languages(&out);
    assert!(
        langs.iter().any(|(p, _)| p.starts_with("feeds/topic/")),
        "{langs:?}"
    );
    for (path, lang) in &langs {
        let want = match path.as_str() {
            "feeds/uk.xml" => "en-GB",
            "feeds/au.xml" => "en-AU",
            _ => "en-US",
        };
        assert_eq!(lang, want, "{path}");
    }

    // An Arabic site whose editions still say en-US: its feeds are Arabic.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let site = |s: &mut Value| s["locale"] = json!("ar");
    build(&content(tmp.path(), site, |_| {}), &out).unwrap();
    let langs = feed_languages(&out);
    assert!(langs.len() > 3, "{langs:?}");
    assert!(langs.iter().all(|(_, l)| l == "ar"), "{langs:?}");
}
