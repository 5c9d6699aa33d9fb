//! Malformed content: each case mutates the valid fixture archive and pins
//! the exact JSON path and part of the reason of the one problem reported.

mod common;

use common::*;
use serde_json::{json, Value};

macro_rules! article_cases {
    ($($name:ident: |$a:ident| $mutate:expr => $path:expr, $reason:expr;)*) => {$(
        #[test]
        fn $name() {
            let problems = with_article(|$a: &mut Value| {
                $mutate;
            });
            assert_one(&problems, &main_file(), $path, $reason);
        }
    )*};
}

fn obj(a: &mut Value) -> &mut serde_json::Map<String, Value> {
    a.as_object_mut().unwrap()
}

article_cases! {
    javascript_link_in_paragraph: |a| a["body"][0]["content"] = json!("Click [here](javascript:alert(1))")
        => "body[0].content", r#"link URL "javascript:alert(1)" is not allowed (https:, http:, mailto: or site-relative only)"#;
    mixed_case_script_link_with_tab_in_list_item: |a| a["body"][2]["items"][1] = json!("[x](<Java\tScript:alert(1)>)")
        => "body[2].items[1]", r#"link URL "Java\tScript:alert(1)" is not allowed"#;
    data_url_link_in_caption: |a| a["hero"]["caption"] = json!("[x](data:text/html,hi)")
        => "hero.caption", "link URL \"data:text/html,hi\" is not allowed";
    data_url_hero_image: |a| a["hero"]["image"]["src"] = json!("data:image/png;base64,AAAA")
        => "hero.image.src", "URL \"data:image/png;base64,AAAA\" is not allowed";
    protocol_relative_srcset: |a| a["hero"]["image"]["srcset"][0]["src"] = json!("//evil.example/x.jpg")
        => "hero.image.srcset[0].src", "is not allowed";
    vbscript_author_url: |a| a["authors"][0]["url"] = json!("vbscript:msgbox")
        => "authors[0].url", "URL \"vbscript:msgbox\" is not allowed";
    control_char_in_source_url: |a| a["sources"][0]["url"] = json!("https://exa\u{0}mple.com")
        => "sources[0].url", "is not allowed";
    bad_cite_url: |a| a["body"][3]["cite_url"] = json!("javascript:void(0)")
        => "body[3].cite_url", "is not allowed";
    bad_video_source: |a| a["body"][6]["sources"][0]["src"] = json!("ftp://example.com/v.mp4")
        => "body[6].sources[0].src", "is not allowed";
    bad_video_poster: |a| a["body"][6]["poster"]["src"] = json!("relative/poster.jpg")
        => "body[6].poster.src", "is not allowed";
    slug_with_capitals: |a| a["slug"] = json!("Harbour-Vote")
        => "slug", "must be lower-case letters and digits joined by single hyphens";
    slug_not_the_file_name: |a| a["slug"] = json!("harbour-vote")
        => "slug", "does not match the file name";
    unknown_section: |a| a["section"] = json!("sport")
        => "section", "no section has the id \"sport\"";
    unknown_edition: |a| a["editions"][1] = json!("fr")
        => "editions[1]", "no edition has the id \"fr\"";
    no_editions: |a| a["editions"] = json!([])
        => "editions", "at least one edition is required";
    blank_headline: |a| a["headline"] = json!("   ")
        => "headline", "must not be empty";
    headline_too_long: |a| a["headline"] = json!("é".repeat(201))
        => "headline", "201 characters long, at most 200";
    headline_not_a_string: |a| a["headline"] = json!(42)
        => "headline", "expected a string, found a number";
    missing_kicker: |a| { obj(a).remove("kicker"); }
        => "kicker", "missing required field";
    published_not_rfc3339: |a| a["published"] = json!("2026-11-20 09:30")
        => "published", "is not an RFC 3339 date-time";
    updated_before_published: |a| a["updated"] = json!("2026-11-20T09:29:59Z")
        => "updated", "updated is before published";
    empty_body: |a| a["body"] = json!([])
        => "body", "at least one block";
    body_not_an_array: |a| a["body"] = json!("text")
        => "body", "expected an array, found a string";
    unknown_block_type: |a| a["body"][9]["type"] = json!("hologram")
        => "body[9].type", "unknown block type \"hologram\"";
    block_without_type: |a| { obj(&mut a["body"][9]).remove("type"); }
        => "body[9].type", "missing required field";
    heading_level_five: |a| a["body"][1]["level"] = json!(5)
        => "body[1].level", "expected a whole number from 2 to 4, found 5";
    heading_level_as_string: |a| a["body"][1]["level"] = json!("2")
        => "body[1].level", "found a string";
    list_ordered_not_bool: |a| a["body"][2]["ordered"] = json!("yes")
        => "body[2].ordered", "expected true or false, found a string";
    list_without_items: |a| a["body"][2]["items"] = json!([])
        => "body[2].items", "at least one item";
    image_width_zero: |a| a["body"][5]["image"]["width"] = json!(0)
        => "body[5].image.width", "from 1 to 4294967295, found 0";
    image_height_negative: |a| a["hero"]["image"]["height"] = json!(-675)
        => "hero.image.height", "found -675";
    image_without_alt: |a| { obj(&mut a["body"][5]["image"]).remove("alt"); }
        => "body[5].image.alt", "missing required field";
    hero_is_a_paragraph: |a| a["hero"] = json!({"type": "paragraph", "content": "x"})
        => "hero.type", "must be an \"image\" or \"video\" block, not \"paragraph\"";
    video_with_both_kinds: |a| { a["body"][6]["provider"] = json!("vimeo"); a["body"][6]["id"] = json!("1") }
        => "body[6]", "either sources or provider + id, not both";
    video_with_neither: |a| { obj(&mut a["body"][7]).remove("provider"); obj(&mut a["body"][7]).remove("id"); }
        => "body[7]", "needs either sources or provider + id";
    video_provider_without_id: |a| { obj(&mut a["body"][7]).remove("id"); }
        => "body[7].id", "missing required field";
    video_unknown_provider: |a| a["body"][7]["provider"] = json!("dailymotion")
        => "body[7].provider", "expected \"youtube\" or \"vimeo\"";
    video_id_injection: |a| a["body"][7]["id"] = json!("x\"><script>")
        => "body[7].id", "must be 1-64 letters, digits, - or _";
    video_without_title: |a| { obj(&mut a["body"][7]).remove("title"); }
        => "body[7].title", "missing required field";
    unknown_newsletter_list: |a| a["body"][8]["list"] = json!("weekly")
        => "body[8].list", "no newsletter list has the id \"weekly\"";
    related_does_not_exist: |a| a["related"] = json!(["the-long-thaw", "harbor-vote"])
        => "related[1]", "no article has the slug \"harbor-vote\"";
    related_to_itself: |a| a["related"] = json!([MAIN])
        => "related[0]", "cannot be related to itself";
    tag_not_hyphenated: |a| a["tags"][1] = json!("Local Politics")
        => "tags[1]", "tag \"Local Politics\" must be lower-case";
    no_authors: |a| a["authors"] = json!([])
        => "authors", "at least one author";
    author_not_an_object: |a| a["authors"][0] = json!("Ana Reyes")
        => "authors[0]", "expected an object, found a string";
    article_not_an_object: |a| *a = json!([1, 2])
        => "(root)", "expected an object, found an array";
}

#[test]
fn invalid_json_is_reported_with_its_position() {
    let mut a = archive();
    let problems = {
        let mut loaded = a.loaded();
        loaded.articles[0].text = Ok("{\"slug\": ".into());
        standfirst_content::validate::validate(loaded).unwrap_err()
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "(root)");
    assert!(
        problems[0].reason.starts_with("invalid JSON: "),
        "{}",
        problems[0]
    );
    assert!(problems[0].reason.contains("line 1"), "{}", problems[0]);
    // An unreadable file is reported too.
    let mut loaded = a.loaded();
    loaded.articles[0].text = Err("cannot read the file: denied".into());
    let p = standfirst_content::validate::validate(loaded).unwrap_err();
    assert_eq!(p[0].reason, "cannot read the file: denied");
    a.articles.clear();
}

#[test]
fn duplicate_slug_names_the_first_file() {
    let mut a = archive();
    let copy = a.article_mut(MAIN).clone();
    a.articles.push(("zz-copy".into(), copy));
    let p = a.problems();
    let shown: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(p.len(), 2, "{shown:#?}");
    assert!(p
        .iter()
        .all(|p| p.file == "content/articles/zz-copy.json" && p.path == "slug"));
    assert!(shown[1].ends_with(
        "slug: slug \"harbour-vote-explained\" is already used by content/articles/harbour-vote-explained.json"
    ));
}

#[test]
fn slug_too_long() {
    let mut a = archive();
    let long = "a".repeat(121);
    let mut v = a.article_mut(MAIN).clone();
    v["slug"] = json!(long);
    v["related"] = json!([]);
    a.articles.push((long.clone(), v));
    let p = a.problems();
    assert_one(
        &p,
        &format!("content/articles/{long}.json"),
        "slug",
        "121 characters long, at most 120",
    );
}

#[test]
fn site_problems_have_paths_too() {
    type Case = (fn(&mut Value), &'static str, &'static str);
    let cases: Vec<Case> = vec![
        (
            |s| s["subscribe"]["url"] = json!("javascript:x"),
            "subscribe.url",
            "is not allowed",
        ),
        (
            |s| s["default_edition"] = json!("fr"),
            "default_edition",
            "no edition has the id \"fr\"",
        ),
        (
            |s| s["base_url"] = json!("/relative"),
            "base_url",
            "absolute https: or http: URL",
        ),
        (
            |s| s["newsletter"]["encoding"] = json!("xml"),
            "newsletter.encoding",
            "expected \"json\" or \"form\"",
        ),
        (
            |s| s["sections"][1]["id"] = json!("world"),
            "sections[1].id",
            "section id \"world\" is used twice",
        ),
        (
            |s| s["sections"][2]["id"] = json!("newsletters"),
            "sections[2].id",
            "reserved",
        ),
        (
            |s| s["sections"][2]["id"] = json!("uk"),
            "sections[2].id",
            "section id \"uk\" is also an edition id: /uk would be both",
        ),
        (
            |s| s["editions"][2]["id"] = json!("api"),
            "editions[2].id",
            "edition id \"api\" is reserved: /api is one of the site's own paths",
        ),
        (
            |s| s["newsletter"]["privacy_url"] = json!("data:x"),
            "newsletter.privacy_url",
            "is not allowed",
        ),
        (
            |s| s["editions"][0]["locale"] = json!(null),
            "editions[0].locale",
            "missing required field",
        ),
    ];
    for (mutate, path, reason) in cases {
        let mut a = archive();
        mutate(&mut a.site);
        // Articles that used a now-missing section are blamed too; look only at site.json.
        let p: Vec<_> = a
            .problems()
            .into_iter()
            .filter(|p| p.file == "content/site.json")
            .collect();
        assert_one(&p, "content/site.json", path, reason);
    }
}

/// Only the problems reported in site.json (articles that used a changed
/// id are blamed too).
fn site_problems(a: &Archive) -> Vec<standfirst_content::diag::Problem> {
    a.problems()
        .into_iter()
        .filter(|p| p.file == "content/site.json")
        .collect()
}

/// What a build of the fixture archive writes at the top of the site (its
/// folders, and files by their name without the extension) could not also
/// be an edition's or a section's page `/<id>`: each name is refused as
/// either id, with the error at that id. The names come from the build, not
/// from the reserved list, so a new top-level output the list lacks fails
/// here.
#[test]
fn the_names_the_build_writes_at_the_top_are_refused_as_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    standfirst_content::build::build(&fixture_dir(), &out).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Dot files (`.live`) are never served: no URL can name them.
        .filter(|name| !name.starts_with('.'))
        .map(|name| name.split('.').next().unwrap_or_default().to_string())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert!(
        names.iter().any(|n| n == "api") && names.len() > 1,
        "the build wrote its top level: {names:?}"
    );
    for name in &names {
        for (what, at) in [("section", "sections[2].id"), ("edition", "editions[2].id")] {
            let mut a = archive();
            a.site[&format!("{what}s")][2]["id"] = json!(name);
            assert_one(
                &site_problems(&a),
                "content/site.json",
                at,
                &format!("{what} id \"{name}\" is reserved"),
            );
        }
    }
    // An id that is none of the site's own names is taken as it is.
    for (what, id) in [("sections", "weather"), ("editions", "nz")] {
        let mut a = archive();
        a.site[what][2]["id"] = json!(id);
        let problems = site_problems(&a);
        assert!(problems.is_empty(), "{what}[2].id {id:?}: {problems:#?}");
    }
}

#[test]
fn no_edition_or_section_id_may_take_a_reserved_path() {
    for id in standfirst_content::validate::RESERVED_PATHS {
        let mut a = archive();
        a.site["sections"][2]["id"] = json!(id);
        assert_one(
            &site_problems(&a),
            "content/site.json",
            "sections[2].id",
            &format!("section id \"{id}\" is reserved: /{id} is one of the site's own paths"),
        );
        let mut a = archive();
        a.site["editions"][2]["id"] = json!(id);
        assert_one(
            &site_problems(&a),
            "content/site.json",
            "editions[2].id",
            &format!("edition id \"{id}\" is reserved: /{id} is one of the site's own paths"),
        );
    }
}

#[test]
fn a_section_may_not_share_an_edition_id() {
    for (section, edition) in [(0, "us"), (1, "uk"), (2, "au")] {
        let mut a = archive();
        a.site["sections"][section]["id"] = json!(edition);
        assert_one(
            &site_problems(&a),
            "content/site.json",
            &format!("sections[{section}].id"),
            &format!("section id \"{edition}\" is also an edition id"),
        );
    }
    // Only the clash is reported: the edition itself is fine.
    let mut a = archive();
    a.site["sections"][2]["id"] = json!("us");
    assert_one(
        &site_problems(&a),
        "content/site.json",
        "sections[2].id",
        "section id \"us\" is also an edition id",
    );
}

#[test]
fn the_slug_page_is_reserved_for_section_pages() {
    let mut a = archive();
    let mut v = a.article_mut(MAIN).clone();
    v["slug"] = json!("page");
    v["related"] = json!([]);
    a.articles.push(("page".into(), v));
    assert_one(
        &a.problems(),
        "content/articles/page.json",
        "slug",
        "slug \"page\" is reserved: /<section>/page/<n> is a section's page n",
    );
    // Slugs that merely contain the word are fine.
    for slug in ["page-one", "front-page", "pages"] {
        let mut a = archive();
        let mut v = a.article_mut(MAIN).clone();
        v["slug"] = json!(slug);
        v["related"] = json!([]);
        a.articles.push((slug.into(), v));
        assert!(a.problems().is_empty(), "{slug}: {:?}", a.problems());
    }
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let mut a = archive();
    a.site["subscribe"]["url"] = json!("javascript:x");
    let main = a.article_mut(MAIN);
    main["headline"] = json!("");
    main["body"][0]["content"] = json!("[a](javascript:1) [b](javascript:2)");
    main["body"][1]["level"] = json!(9);
    a.article_mut("the-long-thaw")["published"] = json!("never");
    let lines: Vec<String> = a.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "content/site.json: subscribe.url: URL \"javascript:x\" is not allowed (https:, http:, mailto: or site-relative only)",
            "content/articles/harbour-vote-explained.json: headline: must not be empty",
            "content/articles/harbour-vote-explained.json: body[0].content: link URL \"javascript:1\" is not allowed (https:, http:, mailto: or site-relative only)",
            "content/articles/harbour-vote-explained.json: body[0].content: link URL \"javascript:2\" is not allowed (https:, http:, mailto: or site-relative only)",
            "content/articles/harbour-vote-explained.json: body[1].level: expected a whole number from 2 to 4, found 9",
            "content/articles/the-long-thaw.json: published: \"never\" is not an RFC 3339 date-time (e.g. 2026-11-20T09:30:00Z)",
        ]
    );
}

#[test]
fn unknown_fields_and_null_optionals_are_accepted() {
    let p = with_article(|a| {
        a["extra"] = json!({"anything": [1, 2]});
        a["body"][0]["style"] = json!("loud");
        a["summary"] = Value::Null;
        a["tags"] = Value::Null;
        a["hero"]["image"]["srcset"] = Value::Null;
        a["body"][11]["extra"] = json!(1);
        a["body"][9]["extra"] = json!({"a": null});
    });
    assert!(p.is_empty(), "{p:?}");
    let mut a = archive();
    a.site["sections"][0]["description"] = Value::Null;
    a.site["newsletter"]["encoding"] = Value::Null;
    a.site["newsletter"]["lists"][0]["frequency"] = Value::Null;
    a.site["extra"] = json!([null]);
    assert!(a.problems().is_empty(), "{:?}", a.problems());
}

/// A valid live block for the fixture article (published 2026-11-20).
fn live(entries: Value) -> Value {
    json!({ "status": "live", "entries": entries })
}

fn live_entry(id: &str, posted: &str) -> Value {
    json!({ "id": id, "posted": posted, "body": [{ "type": "paragraph", "content": "An update." }] })
}

article_cases! {
    live_unknown_status: |a| a["live"] = json!({ "status": "paused", "entries": [] })
        => "live.status", r#"status "paused" is not "live" or "ended""#;
    live_entry_id_not_a_slug: |a| a["live"] = live(json!([live_entry("Count 1", "2026-12-01T10:00:00Z")]))
        => "live.entries[0].id", "must be lower-case letters and digits joined by single hyphens";
    live_entry_ids_repeat: |a| a["live"] = live(json!([live_entry("one", "2026-12-01T10:00:00Z"), live_entry("one", "2026-12-01T11:00:00Z")]))
        => "live.entries[1].id", "entry id \"one\" is used twice";
    live_entry_before_the_story: |a| a["live"] = live(json!([live_entry("early", "2020-01-01T00:00:00Z")]))
        => "live.entries[0].posted", "posted is before the article's published";
    live_entry_updated_before_posted: |a| {
        let mut e = live_entry("late", "2026-12-01T10:00:00Z");
        e["updated"] = json!("2026-12-01T09:00:00Z");
        a["live"] = live(json!([e]));
    } => "live.entries[0].updated", "updated is before posted";
    live_entry_bad_time: |a| a["live"] = live(json!([live_entry("x", "yesterday")]))
        => "live.entries[0].posted", "RFC 3339";
    live_two_pinned: |a| {
        let (mut e1, mut e2) = (live_entry("a", "2026-12-01T10:00:00Z"), live_entry("b", "2026-12-01T11:00:00Z"));
        e1["pinned"] = json!(true);
        e2["pinned"] = json!(true);
        a["live"] = live(json!([e1, e2]));
    } => "live.entries[1].pinned", "only one entry may be pinned, and live.entries[0] already is";
    live_entry_empty_body: |a| a["live"] = live(json!([{ "id": "x", "posted": "2026-12-01T10:00:00Z", "body": [] }]))
        => "live.entries[0].body", "an entry needs at least one block";
    live_entry_bad_block: |a| a["live"] = live(json!([{ "id": "x", "posted": "2026-12-01T10:00:00Z", "body": [{ "type": "paragraph", "content": "[x](javascript:1)" }] }]))
        => "live.entries[0].body[0].content", "is not allowed";
}
