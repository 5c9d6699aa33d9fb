//! The search index, in shards: one Pagefind index per period of
//! publication (`pagefind/<monday>/`, the period's first Monday in UTC),
//! and `pagefind/shards.json`, the shards newest first. A publish indexes
//! again only the shards whose stories changed, so a new story costs one
//! small index (its period's) instead of the whole archive's.
//!
//! A period is a power of two of weeks, counted from the epoch's first
//! Monday, chosen from the archive's density: the shortest with, on
//! average, at least [`TARGET`] stories. A publication of fewer than
//! `2 * TARGET` stories is one shard, `all` (a query loads one index, as
//! with no shards); at 100,000 stories over three years, a shard is a week
//! of about 640 stories. The period changes only when the archive's
//! density halves or doubles, and then every shard is made again.
//!
//! The reader's side (`assets/search.js`) loads the newest shard first and
//! merges older ones (Pagefind's `mergeIndex`), more each time, only while
//! a query has fewer results than it shows: every story can be found, and
//! a query that the recent weeks answer loads nothing older. See
//! `docs/publishing.md`.

use anyhow::{bail, Context};
use rayon::prelude::*;
use standfirst_content::build::StoryRef;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use time::{Duration, OffsetDateTime};

/// The file listing the shards, under `pagefind/`.
pub const SHARDS: &str = "shards.json";

/// Which of Pagefind's files a shard keeps: its index, and the script (with
/// its web worker) and wasm for when it is the newest (the reader's first).
/// Pagefind's own search interface files are not used by the site.
pub fn kept(file: &str) -> bool {
    let top = file.split('/').next().unwrap_or("");
    matches!(
        top,
        "index"
            | "fragment"
            | "filter"
            | "pagefind-entry.json"
            | "pagefind.js"
            | "pagefind-worker.js"
    ) || top.ends_with(".pf_meta")
        || (top.starts_with("wasm.") && top.ends_with(".pagefind"))
}

/// The stories a shard should hold on average, at least: a shard of that
/// size is indexed in about a second here, and its index chunks are small
/// enough for a first query within its bar.
pub const TARGET: usize = 500;

/// Weeks since the Monday before the epoch (1969-12-29).
fn week(t: OffsetDateTime) -> i64 {
    // 1970-01-01 was a Thursday: Monday is 3 days before it.
    (t.unix_timestamp().div_euclid(86_400) + 3).div_euclid(7)
}

/// The period, in weeks: the shortest power of two in which the archive
/// has, on average, [`TARGET`] stories or more; `None` for one shard.
pub fn period(stories: &[StoryRef]) -> Option<i64> {
    if stories.len() < 2 * TARGET {
        return None;
    }
    let weeks = stories.iter().map(|s| week(s.published));
    let (Some(first), Some(last)) = (weeks.clone().min(), weeks.max()) else {
        return None;
    };
    let span = (last - first + 1) as u128;
    let mut p: i64 = 1;
    while (stories.len() as u128) * (p as u128) < (TARGET as u128) * span && (p as u128) < span {
        p *= 2;
    }
    Some(p)
}

/// The name of the one shard of a small publication.
pub const ALL: &str = "all";

/// The shard of a story published at `t`, with periods of `p` weeks: the
/// period's first Monday (UTC).
pub fn shard_of(t: OffsetDateTime, p: i64) -> String {
    let monday = week(t).div_euclid(p) * p * 7 - 3;
    let date = OffsetDateTime::UNIX_EPOCH + Duration::days(monday);
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// One shard: its stories' page files (`/world/a-story` ->
/// `world/a-story.html`), sorted, and what the index is made of.
#[derive(Debug, Default)]
pub struct Shard {
    pub pages: Vec<String>,
    /// A hash of each page's file and its story's source: the index reads
    /// only the story itself (`data-pagefind-body` holds the story, not its
    /// rails), so a page whose rails changed does not make it again.
    /// `context` (`site.json`, the shell) is part of it.
    pub print: u128,
}

/// The stories by shard.
pub fn shards(stories: &[StoryRef], context: u128) -> BTreeMap<String, Shard> {
    let p = period(stories);
    let mut by: BTreeMap<String, Vec<(String, u128)>> = BTreeMap::new();
    for s in stories {
        let name = p.map_or_else(|| ALL.to_string(), |p| shard_of(s.published, p));
        by.entry(name)
            .or_default()
            .push((format!("{}.html", s.url.trim_start_matches('/')), s.source));
    }
    by.into_iter()
        .map(|(name, mut pages)| {
            pages.sort();
            let mut made_of = context.to_le_bytes().to_vec();
            for (page, source) in &pages {
                made_of.extend(page.as_bytes());
                made_of.push(0);
                made_of.extend(source.to_le_bytes());
            }
            let print = xxhash_rust::xxh3::xxh3_128(&made_of);
            let pages = pages.into_iter().map(|(p, _)| p).collect();
            (name, Shard { pages, print })
        })
        .collect()
}

/// `pagefind/shards.json`: the shards, newest first.
pub fn list(shards: &BTreeMap<String, Shard>) -> String {
    let names: Vec<&String> = shards.keys().rev().collect();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
}

/// What each shard was made from, as the state keeps it
/// (`<state>/search.tsv`: `<shard>\t<hash>` a line).
pub fn load_prints(file: &Path) -> BTreeMap<String, u128> {
    fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (name, hash) = l.split_once('\t')?;
            Some((name.to_string(), u128::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

pub fn prints_text(prints: &BTreeMap<String, u128>) -> String {
    prints
        .iter()
        .map(|(name, hash)| format!("{name}\t{hash:032x}\n"))
        .collect()
}

/// Indexes `pages` of `dist` into `out` with Pagefind: what it reads of
/// each page ([`indexed_part`]) is written into a folder of its own
/// (`work`), which Pagefind reads as the site, so that the index holds
/// those pages and nothing else, at the same URLs.
pub fn index(
    pagefind: &Path,
    dist: &Path,
    pages: &[String],
    work: &Path,
    out: &Path,
) -> anyhow::Result<()> {
    for dir in [work, out] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
    }
    pages
        .par_iter()
        .try_for_each(|page| -> anyhow::Result<()> {
            let (from, to): (PathBuf, PathBuf) = (dist.join(page), work.join(page));
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            }
            let html =
                fs::read_to_string(&from).with_context(|| format!("reading {}", from.display()))?;
            let part = indexed_part(&html);
            fs::write(&to, part.as_deref().unwrap_or(&html))
                .with_context(|| format!("writing {}", to.display()))
        })?;
    let status = Command::new(pagefind)
        .arg("--site")
        .arg(work)
        .arg("--output-path")
        .arg(out)
        .arg("--silent")
        .status()
        .with_context(|| format!("running {}", pagefind.display()))?;
    fs::remove_dir_all(work).with_context(|| format!("clearing {}", work.display()))?;
    if !status.success() {
        bail!("{} failed: {status}", pagefind.display());
    }
    Ok(())
}

/// What Pagefind reads of a prerendered page: its `<html>` tag (the
/// language), its title, and the element marked `data-pagefind-body` (the
/// story, with its filters and meta). The masthead, rails and footer around
/// it are never indexed; reading them took a third of the index's time,
/// and Pagefind took a rail card's picture for the image of a story that
/// has none. `None` when the page has no such element.
pub fn indexed_part(html: &str) -> Option<String> {
    let mark = html.find(" data-pagefind-body")?;
    let start = html[..mark].rfind('<')?;
    let name: String = html[start + 1..mark]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() {
        return None;
    }
    // The element's end: the close that balances it (the same element may
    // be nested inside it, as a card in a story).
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = start;
    let end = loop {
        let next_open = html[at..].find(&open).map(|i| at + i);
        let next_close = html[at..].find(&close).map(|i| at + i)?;
        match next_open {
            Some(o) if o < next_close => {
                let after = html[o + open.len()..].chars().next();
                if matches!(after, Some(' ' | '>' | '\n' | '\t' | '/')) {
                    depth += 1;
                }
                at = o + open.len();
            }
            _ => {
                depth = depth.checked_sub(1)?;
                at = next_close + close.len();
                if depth == 0 {
                    break at;
                }
            }
        }
    };
    let html_tag = html
        .find("<html")
        .and_then(|i| Some(&html[i..=i + html[i..].find('>')?]));
    let title = html.find("<title>").and_then(|i| {
        let end = i + html[i..].find("</title>")? + "</title>".len();
        Some(&html[i..end])
    });
    Some(format!(
        "<!DOCTYPE html>{}<head><meta charset=\"utf-8\">{}</head><body>{}</body></html>",
        html_tag.unwrap_or("<html>"),
        title.unwrap_or_default(),
        &html[start..end]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_index_reads_the_story_and_not_what_is_around_it() {
        let page = concat!(
            "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>A story · Paper</title>",
            "<link rel=\"stylesheet\" href=\"s.css\"></head><body><header>Masthead</header>",
            "<article class=\"story\" data-pagefind-body=\"\"><h1 data-pagefind-meta=\"title\">A story</h1>",
            "<aside><article class=\"card\">An inline card</article></aside><p>Body text</p></article>",
            "<aside><article class=\"card\"><img src=\"rail.jpg\" alt=\"\"></article></aside>",
            "<footer>Footer</footer></body></html>"
        );
        let part = indexed_part(page).unwrap();
        assert_eq!(
            part,
            concat!(
                "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">",
                "<title>A story · Paper</title></head><body>",
                "<article class=\"story\" data-pagefind-body=\"\"><h1 data-pagefind-meta=\"title\">A story</h1>",
                "<aside><article class=\"card\">An inline card</article></aside><p>Body text</p></article>",
                "</body></html>"
            )
        );
        assert_eq!(
            indexed_part("<html><body><p>No story</p></body></html>"),
            None
        );
        // An element never closed: nothing is guessed.
        assert_eq!(
            indexed_part("<html><body><article data-pagefind-body=\"\"><p>cut"),
            None
        );
    }

    #[test]
    fn a_story_goes_to_its_weeks_monday() {
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday.
        assert_eq!(shard_of(datetime!(2026-12-06 23:59 UTC), 1), "2026-11-30");
        assert_eq!(shard_of(datetime!(2026-12-07 0:00 UTC), 1), "2026-12-07");
        assert_eq!(shard_of(datetime!(2026-12-07 1:00 +02:00), 1), "2026-11-30");
        assert_eq!(shard_of(datetime!(1969-12-31 12:00 UTC), 1), "1969-12-29");
        // Two-week periods: pairs of weeks from 1969-12-29.
        assert_eq!(shard_of(datetime!(1970-01-12 0:00 UTC), 2), "1970-01-12");
        assert_eq!(shard_of(datetime!(1970-01-25 0:00 UTC), 2), "1970-01-12");
        assert_eq!(shard_of(datetime!(1970-01-26 0:00 UTC), 2), "1970-01-26");
        let story = |url: &str, published, source| StoryRef {
            url: url.into(),
            published,
            source,
        };
        let stories = [
            story("/world/b", datetime!(2026-12-07 9:00 UTC), 1),
            story("/world/a", datetime!(2026-12-08 9:00 UTC), 2),
            story("/sport/c", datetime!(2026-11-01 9:00 UTC), 3),
        ];
        // Three stories: one shard.
        assert_eq!(period(&stories), None);
        assert_eq!(list(&shards(&stories, 9)), r#"["all"]"#);
        // 1,000 a week: a week each.
        let dense: Vec<StoryRef> = (0..4_000)
            .map(|i| {
                story(
                    "/world/x",
                    datetime!(2026-11-02 0:00 UTC) + Duration::minutes(i * 10),
                    0,
                )
            })
            .collect();
        assert_eq!(period(&dense), Some(1));
        let mut stories = stories.to_vec();
        stories.extend((0..4_000).map(|i| {
            story(
                &format!("/sport/s{i}"),
                datetime!(2026-11-09 0:00 UTC) + Duration::minutes(i),
                0,
            )
        }));
        assert_eq!(period(&stories), Some(1));
        let s = shards(&stories, 9);
        assert_eq!(s["2026-12-07"].pages, ["world/a.html", "world/b.html"]);
        assert_eq!(list(&s), r#"["2026-12-07","2026-11-09","2026-10-26"]"#);
        // A story edited: its shard's print changes, the other's not.
        let mut edited = stories.clone();
        edited[2].source = 4;
        let t = shards(&edited, 9);
        assert_eq!(t["2026-12-07"].print, s["2026-12-07"].print);
        assert_ne!(t["2026-10-26"].print, s["2026-10-26"].print);
        assert_ne!(
            shards(&stories, 8)["2026-12-07"].print,
            s["2026-12-07"].print
        );
        assert!(kept("index/en_1.pf_index") && kept("pagefind.en_2.pf_meta"));
        assert!(kept("wasm.unknown.pagefind") && kept("pagefind.js"));
        assert!(kept("pagefind-worker.js"));
        assert!(!kept("pagefind-ui.js") && !kept("pagefind-modular-ui.css"));
    }
}
