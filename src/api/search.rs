//! Search, over the index Pagefind builds from the prerendered stories at
//! build time (`make build`). Pagefind's own script and index files are
//! loaded the first time a query runs, never before, by the page script
//! (`assets/pwa.js`): the wasm only calls it and reads its answer.

use super::ApiError;
use standfirst_model::Teaser;

/// The most results one query shows.
pub const MAX_RESULTS: u32 = 20;

/// One result: the story as a card shows it, and the passage that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub teaser: Teaser,
    /// The passage: runs of plain text, each followed by matched words.
    pub excerpt: Vec<(String, Option<String>)>,
}

/// One result as `window.standfirstSearch` returns it: Pagefind's URL,
/// excerpt, meta (title, kicker, summary, published) and filters (section,
/// editions, comma-separated), in that order.
#[derive(Debug, Default)]
pub struct Found {
    pub url: String,
    pub excerpt: String,
    pub title: String,
    pub kicker: String,
    pub summary: String,
    pub published: String,
    pub section: String,
    pub editions: String,
}

impl Found {
    /// The result as a card's teaser, if its URL is a story's site path
    /// (`/section/slug`, Pagefind writes `/section/slug.html`).
    pub fn into_hit(self) -> Option<Hit> {
        let path = self.url.strip_suffix(".html").unwrap_or(&self.url);
        let mut parts = path.strip_prefix('/')?.split('/');
        let (section, slug) = (parts.next()?, parts.next()?);
        if parts.next().is_some()
            || !standfirst_model::is_slug(section)
            || !standfirst_model::is_slug(slug)
        {
            return None;
        }
        Some(Hit {
            excerpt: highlight(&self.excerpt),
            teaser: Teaser {
                slug: slug.to_string(),
                url: format!("/{section}/{slug}"),
                kicker: self.kicker,
                section: self.section,
                headline: self.title,
                summary: self.summary,
                authors: Vec::new(),
                editions: self
                    .editions
                    .split(',')
                    .filter(|e| !e.is_empty())
                    .map(str::to_string)
                    .collect(),
                published: self.published,
                image: None,
                live: false,
            },
        })
    }
}

/// Pagefind's excerpt (text with `<`/`>` escaped and the matches in
/// `<mark>…</mark>`) as runs of plain text, each followed by the matched
/// words after it, if any. Nothing in it is ever treated as markup: the
/// only tags recognised are the marks, and entities are decoded to the
/// characters they stand for, shown as text.
pub fn highlight(excerpt: &str) -> Vec<(String, Option<String>)> {
    const OPEN: &str = "<mark>";
    const CLOSE: &str = "</mark>";
    let mut runs = Vec::new();
    let mut rest = excerpt;
    while !rest.is_empty() {
        let (plain, marked, next) = match rest.split_once(OPEN) {
            Some((plain, after)) => match after.split_once(CLOSE) {
                Some((marked, next)) => (plain, Some(marked), next),
                None => (plain, Some(after), ""),
            },
            None => (rest, None, ""),
        };
        runs.push((decode_entities(plain), marked.map(decode_entities)));
        rest = next;
    }
    runs
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Runs `query` with the optional section and edition filters (empty for
/// all); at most [`MAX_RESULTS`] results, best first. Pagefind is loaded by
/// `window.standfirstSearch` (`assets/pwa.js`) on the first query.
#[cfg(feature = "csr")]
pub async fn search(query: &str, section: &str, edition: &str) -> Result<Vec<Hit>, ApiError> {
    use wasm_bindgen::{JsCast, JsValue};
    let unavailable = |why: JsValue| {
        // The reason as text when it is some (a JS value's Debug form would
        // bring wasm-bindgen's whole value printer into the glue).
        leptos::logging::warn!("search failed: {}", why.as_string().unwrap_or_default());
        ApiError::Network("the search index could not be loaded".into())
    };
    let find = js_sys::Reflect::get(&leptos::prelude::window(), &"standfirstSearch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| unavailable("no standfirstSearch".into()))?;
    let args = js_sys::Array::of4(
        &query.into(),
        &section.into(),
        &edition.into(),
        &MAX_RESULTS.into(),
    );
    let promise = find
        .apply(&JsValue::NULL, &args)
        .map_err(unavailable)?
        .dyn_into::<js_sys::Promise>()
        .map_err(unavailable)?;
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(unavailable)?;
    let text = |row: &js_sys::Array, i: u32| row.get(i).as_string().unwrap_or_default();
    let rows: js_sys::Array = value.dyn_into().map_err(unavailable)?;
    Ok(rows
        .iter()
        .filter_map(|row| row.dyn_into::<js_sys::Array>().ok())
        .filter_map(|r| {
            Found {
                url: text(&r, 0),
                excerpt: text(&r, 1),
                title: text(&r, 2),
                kicker: text(&r, 3),
                summary: text(&r, 4),
                published: text(&r, 5),
                section: text(&r, 6),
                editions: text(&r, 7),
            }
            .into_hit()
        })
        .collect())
}

#[cfg(feature = "ssr")]
pub async fn search(_: &str, _: &str, _: &str) -> Result<Vec<Hit>, ApiError> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_runs_and_nothing_else_is_markup() {
        let runs = highlight(
            "The <mark>ferryman</mark> said &lt;b&gt;hi&lt;/b&gt; &amp; <mark>waved</mark>",
        );
        let run =
            |plain: &str, marked: Option<&str>| (plain.to_string(), marked.map(str::to_string));
        assert_eq!(
            runs,
            vec![
                run("The ", Some("ferryman")),
                run(" said <b>hi</b> & ", Some("waved")),
            ]
        );
        assert_eq!(highlight(""), vec![]);
        assert_eq!(
            highlight("<img src=x onerror=alert(1)>"),
            vec![run("<img src=x onerror=alert(1)>", None)]
        );
        assert_eq!(highlight("<mark>open"), vec![run("", Some("open"))]);
    }

    fn found(url: &str) -> Found {
        Found {
            url: url.into(),
            excerpt: "a <mark>b</mark>".into(),
            title: "Headline".into(),
            section: "world".into(),
            editions: "us,uk".into(),
            ..Found::default()
        }
    }

    #[test]
    fn only_story_paths_become_results() {
        let hit = found("/world/a-story.html").into_hit().unwrap();
        assert_eq!(hit.teaser.url, "/world/a-story");
        assert_eq!(hit.teaser.slug, "a-story");
        assert_eq!(hit.teaser.headline, "Headline");
        assert_eq!(hit.teaser.editions, vec!["us", "uk"]);
        for bad in [
            "javascript:alert(1)",
            "/world.html",
            "/a/b/c.html",
            "//evil.example/x.html",
            "/World/x.html",
        ] {
            assert!(found(bad).into_hit().is_none(), "{bad}");
        }
    }
}
