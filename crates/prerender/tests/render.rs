//! The renderer's output for contract fixtures, hostile ones included:
//! what a crawler, a link preview and a reader without scripts get.

use standfirst_prerender::{file_for, prerender, Shell};
use std::fs;
use std::path::Path;

const SHELL: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>The Standfirst</title><base href="/" />
<link rel="preload" href="/app_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/app.js';
const wasm = await init({ module_or_path: '/app_bg.wasm' });
</script>
<script>/* the shell's inline script */</script></head>
<body><div id="app"></div></body></html>"#;

fn hostile_story() -> serde_json::Value {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/fixtures/hostile-story.json"),
    )
    .unwrap();
    let mut story: serde_json::Value = serde_json::from_str(&text).unwrap();
    story["headline"] = "Breaking </script><script>alert(1)</script> & <b>more</b>".into();
    story
}

fn teaser(story: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "slug": story["slug"], "url": story["url"], "kicker": story["kicker"],
        "headline": story["headline"], "summary": story["summary"], "section": "world",
        "editions": ["us"], "authors": story["authors"], "published": story["published"],
        "image": {"src": "javascript:alert(5)", "alt": "x", "width": 10, "height": 10}
    })
}

/// A built site with the hostile story, a front per edition and one section page.
fn site(dir: &Path) {
    let api = dir.join("api/v1");
    fs::create_dir_all(api.join("articles")).unwrap();
    fs::create_dir_all(api.join("fronts")).unwrap();
    fs::create_dir_all(api.join("sections/world")).unwrap();
    fs::write(dir.join("index.html"), SHELL).unwrap();
    // The delivery site.json, with the `ui` the compiler gives it.
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site.json"))
            .unwrap();
    let mut site: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ui = standfirst_content::strings::build_ui("site.json", &site).unwrap();
    site["ui"] = serde_json::to_value(ui).unwrap();
    fs::write(api.join("site.json"), site.to_string()).unwrap();
    let story = hostile_story();
    fs::write(api.join("articles/hostile-story.json"), story.to_string()).unwrap();
    for edition in ["us", "uk"] {
        let front = serde_json::json!({"edition": edition, "lead": teaser(&story), "top": [], "sections": []});
        fs::write(
            api.join(format!("fronts/{edition}.json")),
            front.to_string(),
        )
        .unwrap();
    }
    let page =
        serde_json::json!({"section": "world", "page": 1, "pages": 1, "teasers": [teaser(&story)]});
    fs::write(api.join("sections/world/1.json"), page.to_string()).unwrap();
    for s in ["politics", "business", "science", "culture", "climate"] {
        fs::create_dir_all(api.join(format!("sections/{s}"))).unwrap();
        let page = serde_json::json!({"section": s, "page": 1, "pages": 1, "teasers": []});
        fs::write(api.join(format!("sections/{s}/1.json")), page.to_string()).unwrap();
    }
}

/// The text of the first `<script …marker…>` element.
fn script_text<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let open_end = start + html[start..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</script>").unwrap();
    &html[open_end..close]
}

fn built() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let summary = prerender(dir.path()).unwrap();
    // Two fronts plus the root, six sections, one story, newsletters,
    // /saved, /saved/offline, /search, 404.
    assert_eq!(summary.pages, 15);
    let html = fs::read_to_string(dir.path().join("world/hostile-story.html")).unwrap();
    (dir, html)
}

#[test]
fn every_route_is_written_where_static_hosts_look() {
    let (dir, _) = built();
    for file in [
        "index.html",
        "us.html",
        "uk.html",
        "world.html",
        "climate.html",
        "world/hostile-story.html",
        "newsletters.html",
        "saved.html",
        "saved/offline.html",
        "search.html",
        "404.html",
        "sw.js",
        "manifest.webmanifest",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} missing");
    }
    assert_eq!(file_for("/"), "index.html");
    assert_eq!(file_for("/world/page/2"), "world/page/2.html");
    assert_eq!(file_for(""), "404.html");
}

#[test]
fn a_story_page_holds_its_content_and_head() {
    let (_, html) = built();
    assert_eq!(html.matches("<h1").count(), 1, "one h1");
    assert!(html.contains(
        "Breaking &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;</h1>"
    ));
    assert!(html.contains("A test story that holds one of each block type."));
    assert!(html.contains(r#"<link data-page-head rel="canonical" href="https://news.example.org/world/hostile-story">"#));
    assert!(html.contains(r#"property="og:title" content="Breaking &lt;/script&gt;"#));
    assert!(html.contains("<title>Breaking &lt;/script&gt;"));
    assert_eq!(html.matches("<title>").count(), 1);
    // The sign-up works without script: a plain post to the endpoint.
    assert!(html.contains(r#"-form" method="post" action="/api/newsletter""#));
    // Dates are formatted at build time in the story's edition (en-GB).
    assert!(html.contains("20 November 2026, 09:30 UTC"));
}

#[test]
fn a_story_with_translations_names_them_in_its_head_and_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let mut story = hostile_story();
    story["translations"] = serde_json::json!([
        { "locale": "ar", "url": "https://news.example.org/ar/world/hostile-story", "name": "العربية" },
        { "locale": "fr", "url": "https://fr.example.org/a?b=1&c=\"2\"", "name": "Français" },
        { "locale": "xx", "url": "javascript:alert(7)", "name": "xx" }
    ]);
    let file = dir.path().join("api/v1/articles/hostile-story.json");
    fs::write(&file, story.to_string()).unwrap();
    prerender(dir.path()).unwrap();
    let html = fs::read_to_string(dir.path().join("world/hostile-story.html")).unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    // The story itself in the site's language (no locale: English), then
    // each allowed translation, attribute-escaped.
    for link in [
        r#"<link data-page-head rel="alternate" hreflang="en" href="https://news.example.org/world/hostile-story">"#,
        r#"<link data-page-head rel="alternate" hreflang="ar" href="https://news.example.org/ar/world/hostile-story">"#,
        r#"<link data-page-head rel="alternate" hreflang="fr" href="https://fr.example.org/a?b=1&amp;c=&quot;2&quot;">"#,
    ] {
        assert_eq!(head.matches(link).count(), 1, "{link}");
    }
    assert_eq!(head.matches("hreflang=").count(), 3);
    // At the story's end: a heading and a link per translation, in its
    // own language, left to the browser (another site).
    let body = &html[html.find("</head>").unwrap()..];
    // (The fixture's site.json has no interface strings: the heading is
    // there, its words are the table's.)
    assert!(body.contains(r#"<h2 id="story-translations">"#));
    assert!(body.contains(r#"<a href="https://news.example.org/ar/world/hostile-story" rel="external" hreflang="ar" lang="ar" dir="auto">العربية</a>"#), "{body}");
    assert!(body.contains(r#"hreflang="fr" lang="fr" dir="auto">Français</a>"#));
    // The refused one is in no link (the page's data keeps it as written).
    assert!(!html.contains(r#"href="javascript:"#));
    assert!(!html.contains(r#"hreflang="xx""#));
}

#[test]
fn a_story_without_translations_has_no_alternates() {
    let (_, html) = built();
    assert!(!html.contains("hreflang"));
    assert!(!html.contains("story-translations"));
}

#[test]
fn no_disallowed_url_becomes_an_href_or_src() {
    let (_, html) = built();
    let lower = html.to_ascii_lowercase();
    for bad in ["javascript:", "vbscript:", "data:text"] {
        for attr in ["href=\"", "src=\"", "srcset=\"", "cite=\"", "content=\""] {
            assert!(!lower.contains(&format!("{attr}{bad}")), "{attr}{bad}");
        }
    }
    assert!(
        lower.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "markup in text stays text"
    );
}

#[test]
fn a_script_end_tag_in_a_headline_stays_inside_its_json_ld() {
    let (_, html) = built();
    let headline = hostile_story()["headline"].as_str().unwrap().to_string();
    let ld: serde_json::Value =
        serde_json::from_str(script_text(&html, r#"type="application/ld+json""#)).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], headline.as_str());
    // Only the shell's own inline scripts execute: the rest are data.
    let executable = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .filter(|tag| !tag.contains("application/json") && !tag.contains("application/ld+json"))
        .count();
    assert_eq!(executable, 2, "the loader and the shell's script");
}

#[test]
fn a_page_names_its_data_and_carries_none() {
    let (dir, html) = built();
    assert!(html.contains(
        r#"<script type="application/json" id="standfirst-page" data-path="/world/hostile-story" data-kind="story" data-src="api/v1/articles/hostile-story.json"></script>"#
    ));
    assert!(
        !html.contains("standfirst-site"),
        "site.json is fetched, not embedded"
    );
    assert!(html.contains(r#"<html lang="en" dir="ltr" data-editions="us uk">"#));
    // Every page's data-src is a file of the site; pages with no data of
    // their own name none.
    let mut named = 0;
    for entry in walk(dir.path()) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = fs::read_to_string(&entry).unwrap();
        let element = &page[page.find(r#"id="standfirst-page""#).unwrap()..];
        let element = &element[..element.find('>').unwrap()];
        assert_eq!(
            script_text(&page, r#"id="standfirst-page""#),
            "",
            "{}",
            entry.display()
        );
        match element.split(r#"data-src=""#).nth(1) {
            Some(rest) => {
                let src = &rest[..rest.find('"').unwrap()];
                assert!(dir.path().join(src).is_file(), "{}: {src}", entry.display());
                named += 1;
            }
            None => assert!(element.contains(r#"data-kind="static""#), "{element}"),
        }
    }
    // The story, two fronts at three paths, six section pages.
    assert_eq!(named, 10);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn nothing_of_the_app_is_fetched_before_the_page_has_loaded() {
    let (_, html) = built();
    assert!(!html.contains("application/wasm"), "no wasm preload");
    assert!(!html.contains("modulepreload"), "no JS preload");
    assert!(!html.contains("import init"), "no static import of the JS");
    let wait = html
        .find(r#"addEventListener("load""#)
        .expect("the loader waits for load");
    for after in [
        "fetch('/app_bg.wasm')",
        "import('/app.js')",
        r#"data("api/v1/site.json")"#,
        "window.standfirstData",
    ] {
        let at = html.find(after).unwrap_or_else(|| panic!("no {after}"));
        assert!(wait < at, "{after} before the wait");
    }
    assert!(
        Shell::parse("<title></title><div id=\"app\"></div>").is_err(),
        "a shell without trunk's loader"
    );
}

#[test]
fn fronts_and_the_not_found_page() {
    let (dir, _) = built();
    let root = fs::read_to_string(dir.path().join("index.html")).unwrap();
    let us = fs::read_to_string(dir.path().join("us.html")).unwrap();
    let uk = fs::read_to_string(dir.path().join("uk.html")).unwrap();
    for page in [&root, &us] {
        assert!(page.contains(r#"rel="canonical" href="https://news.example.org/""#));
        assert!(page.contains(r#""@type":"CollectionPage""#));
    }
    assert!(uk.contains(r#"rel="canonical" href="https://news.example.org/uk""#));
    assert!(
        uk.contains(r#"<option value="uk" selected>"#),
        "the UK front shows its edition"
    );
    let missing = fs::read_to_string(dir.path().join("404.html")).unwrap();
    assert!(missing.contains("Page not found</h1>"));
    assert!(missing.contains(r#"name="robots" content="noindex""#));
    assert!(!missing.contains("rel=\"canonical\""));
}

#[test]
fn an_already_prerendered_shell_is_refused() {
    let (dir, _) = built();
    let err = prerender(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("index.html") && err.contains("already prerendered"),
        "{err}"
    );
    assert!(Shell::parse("<html><head></head><body></body></html>").is_err());
}

/// Every `*.html` file under `dir`, as a site path without `.html`.
fn written_pages(dir: &Path, under: &str, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir.join(under)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if under.is_empty() {
            name.clone()
        } else {
            format!("{under}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            written_pages(dir, &rel, out);
        } else if let Some(page) = rel.strip_suffix(".html") {
            out.push(page.to_string());
        }
    }
}

/// The site's own path names live in the model (`standfirst_model::paths`):
/// the prerenderer writes its pages there, the app's route function reads
/// them back as the same pages, every top-level name the build takes for
/// itself is one the validator reserves, and the service worker uses the
/// same names.
#[test]
fn the_prerenderer_the_router_and_the_worker_agree_on_the_site_paths() {
    use standfirst::route::Route;
    use standfirst_model::paths;
    let (dir, _) = built();
    let site: standfirst_model::Site =
        serde_json::from_str(&fs::read_to_string(dir.path().join("api/v1/site.json")).unwrap())
            .unwrap();
    let mut pages = Vec::new();
    written_pages(dir.path(), "", &mut pages);
    for page in &pages {
        let first = page.split('/').next().unwrap();
        let ours = site.edition(first).is_some() || site.section(first).is_some();
        assert!(
            ours || paths::is_reserved(first),
            "{page}.html: /{first} is neither an edition, a section nor a reserved name"
        );
    }
    // The app's own pages are where the router looks for them.
    assert_eq!(
        Route::of(&format!("/{}", paths::NEWSLETTERS)),
        Route::Newsletters
    );
    for page in paths::reader_pages() {
        assert!(pages.contains(&page[1..].to_string()), "{page} prerendered");
        assert!(paths::is_reserved(page[1..].split('/').next().unwrap()));
    }
    assert_eq!(
        Route::of(&paths::saved_offline()),
        Route::Story {
            section: paths::SAVED.into(),
            slug: paths::OFFLINE.into()
        }
    );
    assert_eq!(
        Route::of(&paths::section_page("world", 4)),
        Route::SectionPage {
            section: "world".into(),
            page: Some(4)
        }
    );
    // The build's own folders and files are reserved.
    for top in ["api", "index", "404", "newsletters", "saved", "search"] {
        assert!(
            dir.path().join(top).exists() || dir.path().join(format!("{top}.html")).exists(),
            "{top} written"
        );
        assert!(paths::is_reserved(top), "{top} reserved");
    }
    // The worker caches the offline pages the prerenderer wrote, falls back
    // to the offline view, and never caches the sign-up or the search index.
    let worker = fs::read_to_string(dir.path().join("sw.js")).unwrap();
    let offline = &paths::saved_offline()[1..];
    for page in [paths::SAVED, offline] {
        assert!(
            worker.contains(&format!("\"{page}\"")),
            "sw.js caches {page}"
        );
        assert!(pages.contains(&page.to_string()));
    }
    assert!(worker.contains(&format!("at(\"{offline}\")")));
    assert!(worker.contains(&format!("\"{}/newsletter\"", paths::API)));
    assert!(worker.contains(&format!("\"{}/\"", paths::PAGEFIND)));
    assert!(worker.contains(&format!("(?!{}\\/)", paths::SAVED)));
}
