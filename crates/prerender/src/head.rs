//! The head tags only the build writes: canonical, Open Graph, Twitter card
//! and JSON-LD. They are built from the page's data here, natively, so the
//! wasm carries none of this code. Each is marked `data-page-head`: the app
//! removes them when the reader navigates to another page.

use crate::routes::{Page, Route};
use serde_json::{json, Value};
use standfirst::prerendered::PageData;
use standfirst_model::{
    absolute_allowed as absolute, paths, Block, BodyBlock, Live, LiveEntry, SectionPage, Site,
    Teaser, Translation,
};

pub use standfirst_model::escape_html as escape_attr;

/// JSON text made safe inside a `<script>` element: no `<` (so no
/// `</script>` or `<!--`), `>` or `&` survive literally. Outside strings JSON
/// has none of these characters, so the escapes always land inside strings,
/// where they mean the same character.
pub fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

struct Card<'a> {
    kind: &'static str,
    /// The site path of the page's own RSS feed (an author's or a topic's).
    feed: Option<String>,
    title: String,
    description: String,
    image: Option<String>,
    ld: Value,
    site: &'a Site,
}

fn teaser_image(site: &Site, t: &Teaser) -> Option<String> {
    t.image
        .as_ref()
        .and_then(|i| absolute(&site.base_url, &i.src))
}

fn item_list(site: &Site, teasers: &[&Teaser]) -> Value {
    json!({
        "@type": "ItemList",
        "itemListElement": teasers.iter().enumerate().map(|(i, t)| json!({
            "@type": "ListItem",
            "position": i + 1,
            "url": absolute(&site.base_url, &t.url),
            "name": t.headline,
        })).collect::<Vec<_>>(),
    })
}

/// The build-time head tags of one page. `title` is the `<title>` the app
/// set, which names every page but a story (whose card uses its headline).
/// Live coverage is a `LiveBlogPosting`: when it started (and ended), and
/// this page's entries as its updates.
fn live_blog(ld: &mut Value, live: &Live, canonical: &str) {
    let update = |e: &LiveEntry| {
        let text: Vec<String> = e
            .body
            .iter()
            .filter_map(|b| match b {
                BodyBlock::Known(Block::Paragraph { content }) => {
                    Some(content.iter().map(|s| s.text.as_str()).collect())
                }
                _ => None,
            })
            .collect();
        json!({
            "@type": "BlogPosting",
            "headline": e.title.clone().unwrap_or_else(|| text.first().cloned().unwrap_or_default()),
            "datePublished": e.posted,
            "dateModified": e.updated.as_ref().unwrap_or(&e.posted),
            "url": format!("{canonical}#{}", e.id),
            "articleBody": text.join("\n\n"),
        })
    };
    ld["@type"] = json!("LiveBlogPosting");
    ld["dateModified"] = json!(live.last_updated);
    ld["coverageStartTime"] = ld["datePublished"].clone();
    if !live.is_live() {
        ld["coverageEndTime"] = json!(live.last_updated);
    }
    ld["liveBlogUpdate"] = live
        .pinned_entry
        .iter()
        .chain(&live.entries)
        .map(update)
        .collect();
}

pub fn page_head(site: &Site, route: &Route, page: &Page, title: &str) -> String {
    let Some(canonical_path) = &route.canonical else {
        return String::new();
    };
    let Some(canonical) = absolute(&site.base_url, canonical_path) else {
        return String::new();
    };
    let card = match &page.data {
        PageData::Story(a) => {
            let image = match &a.hero {
                Some(BodyBlock::Known(Block::Image { image, .. })) => Some(image.src.clone()),
                Some(BodyBlock::Known(Block::Video(v))) => v.poster.as_ref().map(|p| p.src.clone()),
                _ => None,
            }
            .and_then(|src| absolute(&site.base_url, &src));
            let mut ld = json!({
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": a.headline,
                    "description": a.summary,
                    "datePublished": a.published,
                    "dateModified": a.updated.as_ref().unwrap_or(&a.published),
                    "author": a.authors.iter().map(|x| {
                        let mut person = json!({"@type": "Person", "name": x.name});
                        if let Some(url) = x.url.as_deref().and_then(|u| absolute(&site.base_url, u)) {
                            person["url"] = json!(url);
                        }
                        person
                    }).collect::<Vec<_>>(),
                    "publisher": {"@type": "Organization", "name": site.name},
                    "image": image.iter().collect::<Vec<_>>(),
                    "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
                    "articleSection": site.section(&a.section).map(|s| s.name.clone()),
            });
            if let Some(live) = &a.live {
                live_blog(&mut ld, live, &canonical);
            }
            Card {
                kind: "article",
                feed: None,
                title: a.headline.clone(),
                description: a.summary.clone(),
                ld,
                image,
                site,
            }
        }
        PageData::Front(f) => {
            let mut teasers: Vec<&Teaser> = vec![&f.lead];
            teasers.extend(f.top.iter());
            Card {
                kind: "website",
                feed: None,
                description: site.tagline.clone(),
                image: teaser_image(site, &f.lead),
                ld: json!({
                    "@context": "https://schema.org",
                    "@type": "CollectionPage",
                    "name": title,
                    "url": canonical,
                    "description": site.tagline,
                    "mainEntity": item_list(site, &teasers),
                }),
                title: title.to_string(),
                site,
            }
        }
        PageData::Section(s) if s.about.is_some() => listing_card(site, s, title, &canonical),
        PageData::Section(s) => {
            let description = site
                .section(&s.section)
                .map(|x| x.description.clone())
                .unwrap_or_default();
            let teasers: Vec<&Teaser> = s.teasers.iter().collect();
            Card {
                kind: "website",
                feed: None,
                image: s.teasers.first().and_then(|t| teaser_image(site, t)),
                ld: json!({
                    "@context": "https://schema.org",
                    "@type": "CollectionPage",
                    "name": title,
                    "url": canonical,
                    "description": description,
                    "mainEntity": item_list(site, &teasers),
                }),
                title: title.to_string(),
                description,
                site,
            }
        }
        PageData::Static => Card {
            kind: "website",
            feed: None,
            title: title.to_string(),
            description: site
                .ui
                .get(standfirst_model::Key::NewslettersDescription)
                .to_string(),
            image: None,
            ld: json!({
                "@context": "https://schema.org",
                "@type": "WebPage",
                "name": title,
                "url": canonical,
            }),
            site,
        },
    };
    tags(&canonical, &card, page)
}

/// An author's page (`ProfilePage` about a `Person`) or a topic's
/// (`CollectionPage`), with its feed.
fn listing_card<'a>(site: &'a Site, s: &SectionPage, title: &str, canonical: &str) -> Card<'a> {
    let about = s.about.clone().unwrap_or_default();
    let description = about.summary.clone();
    let teasers: Vec<&Teaser> = s.teasers.iter().collect();
    let picture = about
        .image
        .as_ref()
        .and_then(|i| absolute(&site.base_url, &i.src));
    let ld = if s.section.starts_with(paths::AUTHOR) {
        let mut person = json!({
            "@type": "Person",
            "name": about.name,
            "url": canonical,
            "description": description,
            "sameAs": about.links.iter().filter_map(|l| absolute(&site.base_url, &l.url)).collect::<Vec<_>>(),
        });
        if let Some(role) = &about.role {
            person["jobTitle"] = json!(role);
        }
        if let Some(src) = &picture {
            person["image"] = json!(src);
        }
        json!({
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "name": title,
            "url": canonical,
            "mainEntity": person,
            "hasPart": item_list(site, &teasers),
        })
    } else {
        json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": title,
            "url": canonical,
            "description": description,
            "about": {"@type": "Thing", "name": about.name},
            "mainEntity": item_list(site, &teasers),
        })
    };
    Card {
        kind: if s.section.starts_with(paths::AUTHOR) {
            "profile"
        } else {
            "website"
        },
        feed: Some(["/", &paths::listing_feed(&s.section)].concat()),
        title: title.to_string(),
        description,
        image: picture.or_else(|| s.teasers.first().and_then(|t| teaser_image(site, t))),
        ld,
        site,
    }
}

fn tags(canonical: &str, c: &Card, page: &Page) -> String {
    let mut out = String::new();
    let mut push = |tag: String| {
        out.push_str(&tag);
    };
    let meta = |attr: &str, key: &str, value: &str| {
        format!(
            r#"<meta data-page-head {attr}="{key}" content="{}">"#,
            escape_attr(value)
        )
    };
    push(format!(
        r#"<link data-page-head rel="canonical" href="{}">"#,
        escape_attr(canonical)
    ));
    push(meta("property", "og:type", c.kind));
    if let Some(feed) = c
        .feed
        .as_deref()
        .and_then(|f| absolute(&c.site.base_url, f))
    {
        push(format!(
            r#"<link data-page-head rel="alternate" type="application/rss+xml" title="{}" href="{}">"#,
            escape_attr(&c.title),
            escape_attr(&feed)
        ));
    }
    push(meta("property", "og:title", &c.title));
    push(meta("property", "og:description", &c.description));
    push(meta("property", "og:url", canonical));
    push(meta("property", "og:site_name", &c.site.name));
    if let Some(image) = &c.image {
        push(meta("property", "og:image", image));
    }
    let card = if c.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    push(meta("name", "twitter:card", card));
    push(meta("name", "twitter:title", &c.title));
    push(meta("name", "twitter:description", &c.description));
    if let PageData::Story(a) = &page.data {
        push(meta("property", "article:published_time", &a.published));
        for (lang, href) in alternates(c.site, canonical, &a.translations) {
            push(format!(
                r#"<link data-page-head rel="alternate" hreflang="{}" href="{}">"#,
                escape_attr(&lang),
                escape_attr(&href)
            ));
        }
    }
    push(format!(
        r#"<script data-page-head type="application/ld+json">{}</script>"#,
        json_for_script(&c.ld.to_string())
    ));
    out
}

/// A story's `hreflang` alternates, `(language, absolute URL)`: the story
/// itself in the site's language first (the alternates must name the page
/// they are on), then each translation whose URL is allowed. None for a
/// story without translations.
fn alternates(site: &Site, canonical: &str, translations: &[Translation]) -> Vec<(String, String)> {
    if translations.is_empty() {
        return Vec::new();
    }
    let own = match site.locale.as_str() {
        "" => "en".to_string(),
        l => standfirst_model::strings::hyphenated(l),
    };
    std::iter::once((own, canonical.to_string()))
        .chain(
            translations.iter().filter_map(|t| {
                absolute(&site.base_url, &t.url).map(|url| (t.locale.clone(), url))
            }),
        )
        .collect()
}

/// The page's `standfirst-page` element: the route path, the kind of
/// page and the API file it was rendered from (`data-src`, relative to the
/// site's base), which the page's loader fetches for the app's takeover
/// (src/boot.rs). The data itself is not in the page: the page stays as
/// small as it is without scripts.
pub fn page_block(route: &Route, page: &Page) -> String {
    let kind = page.data.kind().name();
    let src = page
        .src
        .as_deref()
        .map(|src| format!(r#" data-src="{}""#, escape_attr(src)))
        .unwrap_or_default();
    format!(
        r#"<script type="application/json" id="{}" data-path="{}" data-kind="{kind}"{src}></script>"#,
        standfirst::prerendered::PAGE_DATA_ID,
        escape_attr(&route.path),
    )
}
