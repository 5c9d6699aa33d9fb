//! `sitemap.xml` and the RSS 2.0 feeds (one per edition, author and topic), written with quick-xml
//! (which escapes text and attributes); characters XML 1.0 forbids are
//! dropped first.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use standfirst_model::{Site, Teaser};
use std::collections::BTreeMap;
use std::io;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

/// Items in an edition's feed.
pub const FEED_ITEMS: usize = 50;
/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// A story as the feeds see it.
pub struct FeedItem<'a> {
    pub teaser: &'a Teaser,
    pub published: OffsetDateTime,
    /// `updated`, else `published`.
    pub modified: OffsetDateTime,
}

/// Removes characters that XML 1.0 does not allow.
pub fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}'
        })
        .collect()
}

use standfirst_model::absolute_url as absolute;

type W = Writer<Vec<u8>>;

fn text(w: &mut W, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_clean(value)))?;
    Ok(())
}

/// An XML document: the declaration, what `body` writes, a final newline.
fn document(body: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    body(&mut w)?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn w3c(t: OffsetDateTime) -> Option<String> {
    t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}

/// What a feed is of: an edition, an author or a topic.
pub struct Channel {
    pub title: String,
    /// The site path of the page it follows.
    pub link: String,
    pub description: String,
    /// BCP 47: the `<language>` of the feed (see [`feed_language`]).
    pub language: String,
    /// The site path of the feed itself.
    pub feed: String,
}

/// The language of a feed's stories: the site's `locale` (`en` when it
/// has none), refined by the edition's (`en-GB` of an `en` site) when
/// both name the same language.
pub fn feed_language(site: &Site, edition: Option<&str>) -> String {
    use standfirst_model::strings::{hyphenated, language};
    let own = match site.locale.as_str() {
        "" => "en",
        l => l,
    };
    let edition = edition
        .and_then(|id| site.edition(id))
        .map(|e| e.locale.as_str())
        .filter(|l| language(l) == language(own));
    hyphenated(edition.unwrap_or(own))
}

/// An edition's channel: `feeds/<edition>.xml`.
pub fn edition_channel(site: &Site, edition: &str) -> Channel {
    let ed = site.edition(edition);
    let name = ed.map(|e| e.name.as_str()).unwrap_or(edition);
    Channel {
        title: format!("{} ({name} edition)", site.name),
        link: "/".into(),
        description: site.tagline.clone(),
        language: feed_language(site, Some(edition)),
        feed: format!("/feeds/{edition}.xml"),
    }
}

/// The RSS 2.0 feed of one channel: its newest stories.
pub fn rss(site: &Site, channel: &Channel, items: &[FeedItem]) -> io::Result<Vec<u8>> {
    document(|w| {
        w.create_element("rss")
            .with_attribute(("version", "2.0"))
            .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
            .write_inner_content(|w| {
                w.create_element("channel").write_inner_content(|w| {
                    text(w, "title", &channel.title)?;
                    text(w, "link", &absolute(&site.base_url, &channel.link))?;
                    text(w, "description", &channel.description)?;
                    text(w, "language", &channel.language)?;
                    let self_url = xml_clean(&absolute(&site.base_url, &channel.feed));
                    w.create_element("atom:link")
                        .with_attribute(("href", self_url.as_str()))
                        .with_attribute(("rel", "self"))
                        .with_attribute(("type", "application/rss+xml"))
                        .write_empty()?;
                    let newest = items.iter().map(|i| i.modified).max();
                    if let Some(d) = newest.and_then(|t| t.format(&Rfc2822).ok()) {
                        text(w, "lastBuildDate", &d)?;
                    }
                    for item in items {
                        let t = item.teaser;
                        let link = absolute(&site.base_url, &t.url);
                        w.create_element("item").write_inner_content(|w| {
                            text(w, "title", &t.headline)?;
                            text(w, "link", &link)?;
                            w.create_element("guid")
                                .with_attribute(("isPermaLink", "true"))
                                .write_text_content(BytesText::new(&xml_clean(&link)))?;
                            text(w, "description", &t.summary)?;
                            if let Ok(d) = item.published.format(&Rfc2822) {
                                text(w, "pubDate", &d)?;
                            }
                            let section = site.section(&t.section).map(|s| s.name.as_str());
                            text(w, "category", section.unwrap_or(&t.section))?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })
}

/// A sitemap entry: a site path and when it last changed.
pub struct SitemapUrl {
    pub path: String,
    pub modified: Option<OffsetDateTime>,
    /// A story's publication time, which puts it in its month's file
    /// ([`sitemaps`]); `None` for the fronts and listings.
    pub published: Option<OffsetDateTime>,
}

fn urlset<'a>(base: &str, urls: impl IntoIterator<Item = &'a SitemapUrl>) -> io::Result<Vec<u8>> {
    document(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for u in urls {
                    w.create_element("url").write_inner_content(|w| {
                        text(w, "loc", &absolute(base, &u.path))?;
                        if let Some(m) = u.modified.and_then(w3c) {
                            text(w, "lastmod", &m)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// `sitemap.xml`, and when there are more than [`SITEMAP_MAX_URLS`], the
/// files it indexes under `sitemaps/`: `pages.xml` for the fronts and
/// listings, and one file per month of publication for the stories
/// (`<yyyy>-<mm>.xml`, UTC, in the order given; a month of more than the
/// maximum goes on in `<yyyy>-<mm>-2.xml`, and so on), newest month first.
/// The index gives each file's latest `lastmod`, so a crawler reads again
/// only the files that changed, and a new story, an edit or a retraction
/// changes its month's file (and the pages' file and the index), never the
/// rest of the archive's. `(site path, bytes)` pairs.
pub fn sitemaps(base: &str, urls: &[SitemapUrl]) -> io::Result<Vec<(String, Vec<u8>)>> {
    if urls.len() <= SITEMAP_MAX_URLS {
        return Ok(vec![("sitemap.xml".into(), urlset(base, urls)?)]);
    }
    let mut groups: Vec<(String, Vec<&SitemapUrl>)> = vec![("pages".into(), Vec::new())];
    let mut months: BTreeMap<(i32, u8), Vec<&SitemapUrl>> = BTreeMap::new();
    for u in urls {
        match u.published {
            None => groups[0].1.push(u),
            Some(t) => {
                let t = t.to_offset(time::UtcOffset::UTC);
                months
                    .entry((t.year(), t.month() as u8))
                    .or_default()
                    .push(u);
            }
        }
    }
    groups.extend(
        months
            .into_iter()
            .rev()
            .map(|((y, m), list)| (format!("{y:04}-{m:02}"), list)),
    );
    let mut files = Vec::new();
    let mut index = Vec::new();
    for (name, list) in groups {
        for (n, chunk) in list.chunks(SITEMAP_MAX_URLS).enumerate() {
            let path = match n {
                0 => format!("sitemaps/{name}.xml"),
                n => format!("sitemaps/{name}-{}.xml", n + 1),
            };
            index.push((path.clone(), chunk.iter().filter_map(|u| u.modified).max()));
            files.push((path, urlset(base, chunk.iter().copied())?));
        }
    }
    let index = document(|w| {
        w.create_element("sitemapindex")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for (path, modified) in &index {
                    w.create_element("sitemap").write_inner_content(|w| {
                        text(w, "loc", &absolute(base, &format!("/{path}")))?;
                        if let Some(m) = modified.and_then(w3c) {
                            text(w, "lastmod", &m)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })?;
    files.insert(0, ("sitemap.xml".into(), index));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(locale: &str, editions: &[(&str, &str)]) -> Site {
        let editions: Vec<_> = editions
            .iter()
            .map(|(id, l)| serde_json::json!({ "id": id, "name": id, "locale": l }))
            .collect();
        serde_json::from_value(serde_json::json!({
            "name": "x", "tagline": "", "base_url": "https://news.example.org",
            "default_edition": "a", "editions": editions, "sections": [],
            "newsletter": { "endpoint": "/api/newsletter", "lists": [] },
            "subscribe": { "headline": "", "text": "", "url": "/s" },
            "locale": locale,
        }))
        .unwrap()
    }

    #[test]
    fn a_large_sitemap_is_a_file_per_month_and_a_new_story_changes_only_its_own() {
        use time::macros::datetime;
        let page = |path: &str| SitemapUrl {
            path: path.into(),
            modified: Some(datetime!(2026-12-05 10:00 UTC)),
            published: None,
        };
        // 60,000 stories, one an hour, newest first: from 2026-12-05 back
        // into 2020.
        let newest = datetime!(2026-12-05 09:00 UTC);
        let story = |i: i64| {
            let at = newest - time::Duration::hours(i);
            SitemapUrl {
                path: format!("/world/story-{i}"),
                modified: Some(at),
                published: Some(at.to_offset(time::macros::offset!(+2))),
            }
        };
        let mut urls = vec![page("/"), page("/world")];
        urls.extend((0..60_000).map(story));
        let files = sitemaps("https://news.example.org", &urls).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names[..4],
            [
                "sitemap.xml",
                "sitemaps/pages.xml",
                "sitemaps/2026-12.xml",
                "sitemaps/2026-11.xml"
            ]
        );
        let text = |name: &str| {
            let (_, b) = files.iter().find(|(n, _)| n == name).unwrap();
            String::from_utf8(b.clone()).unwrap()
        };
        let index = text("sitemap.xml");
        assert!(index.contains(
            "<loc>https://news.example.org/sitemaps/2026-12.xml</loc>\n  <lastmod>2026-12-05T09:00:00Z</lastmod>"
        ), "{}", &index[..600]);
        // The month is the publication's in UTC: 2026-12-01 00:30 at +02:00
        // is in November.
        assert!(text("sitemaps/2026-12.xml").contains("/world/story-105<"));
        assert!(text("sitemaps/2026-11.xml").contains("/world/story-106<"));
        assert_eq!(text("sitemaps/pages.xml").matches("<url>").count(), 2);
        let in_files: usize = files[1..]
            .iter()
            .map(|(_, b)| String::from_utf8_lossy(b).matches("<url>").count())
            .sum();
        assert_eq!(in_files, urls.len());

        // A new story: its month's file, the pages' (the front's lastmod)
        // and the index change; no other.
        let mut later = vec![page("/"), page("/world")];
        later[0].modified = Some(datetime!(2026-12-05 11:00 UTC));
        later.push(SitemapUrl {
            path: "/world/breaking".into(),
            modified: Some(datetime!(2026-12-05 11:00 UTC)),
            published: Some(datetime!(2026-12-05 11:00 UTC)),
        });
        later.extend((0..60_000).map(story));
        let again = sitemaps("https://news.example.org", &later).unwrap();
        let changed: Vec<&str> = again
            .iter()
            .filter(|f| !files.contains(f))
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(
            changed,
            ["sitemap.xml", "sitemaps/pages.xml", "sitemaps/2026-12.xml"]
        );
        assert_eq!(again.len(), files.len());
    }

    #[test]
    fn a_feed_is_in_the_sites_language_refined_by_its_editions() {
        let en = site("", &[("a", "en-GB"), ("b", "fr-FR")]);
        assert_eq!(feed_language(&en, Some("a")), "en-GB");
        // An edition in another language than the site's is not its
        // stories' language: the site's is.
        assert_eq!(feed_language(&en, Some("b")), "en");
        assert_eq!(feed_language(&en, None), "en");
        assert_eq!(feed_language(&en, Some("nope")), "en");
        let ar = site("ar", &[("a", "ar_EG"), ("b", "en-US")]);
        assert_eq!(feed_language(&ar, Some("a")), "ar-EG");
        assert_eq!(feed_language(&ar, Some("b")), "ar");
        assert_eq!(feed_language(&site("fa_IR", &[]), None), "fa-IR");
    }

    #[test]
    fn the_channel_writes_its_language() {
        let s = site("ar", &[("a", "en-US")]);
        let xml = String::from_utf8(rss(&s, &edition_channel(&s, "a"), &[]).unwrap()).unwrap();
        assert!(xml.contains("<language>ar</language>"), "{xml}");
    }
}
