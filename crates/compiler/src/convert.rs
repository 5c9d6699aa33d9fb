//! Authoring -> delivery: Markdown to spans, teasers, the article document.

use crate::authoring::{
    AuthoringAuthor, AuthoringBlock, AuthoringHero, AuthoringImage, AuthoringLive,
    AuthoringLiveEntry, AuthoringVideo,
};
use crate::markdown::{spans, word_count};
use crate::media::Media;
use crate::validate::rules::parse_time as parse;
use crate::validate::{People, ValidArticle};
use standfirst_model::paths::{self, listing, section_page};
use standfirst_model::{
    live_page_url, live_pages, reading_minutes, About, Article, Author, Block, BodyBlock, Image,
    KeyEvent, Live, LiveEntry, LiveStatus, Source, Span, Teaser, Translation, Video, PAGE_SIZE,
};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The site path of a story.
pub fn story_url(section: &str, slug: &str) -> String {
    format!("/{section}/{slug}")
}

/// RFC 3339 in one canonical spelling (upper-case `T`, `Z` for UTC), so
/// every reader's date parser accepts it.
pub fn rfc3339(t: OffsetDateTime, authored: &str) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| authored.to_string())
}

fn opt_spans(src: &Option<String>) -> Option<Vec<standfirst_model::Span>> {
    src.as_deref().map(spans)
}

fn image_block(b: &AuthoringImage, m: &Media) -> Block {
    Block::Image {
        image: m.image(&b.image),
        caption: opt_spans(&b.caption),
        credit: b.credit.clone(),
    }
}

fn video(v: &AuthoringVideo, m: &Media) -> Block {
    Block::Video(Video {
        sources: v.sources.clone().unwrap_or_default(),
        poster: v.poster.as_ref().map(|p| m.image(p)),
        provider: v.provider,
        id: v.id.clone(),
        title: v.title.clone(),
        caption: opt_spans(&v.caption),
        credit: v.credit.clone(),
        duration_s: v.duration_s,
    })
}

pub fn block(b: &AuthoringBlock, m: &Media) -> Block {
    match b {
        AuthoringBlock::Paragraph { content } => Block::Paragraph {
            content: spans(content),
        },
        AuthoringBlock::Heading { level, content } => Block::Heading {
            level: *level,
            content: spans(content),
        },
        AuthoringBlock::Quote {
            content,
            cite,
            cite_url,
        } => Block::Quote {
            content: spans(content),
            cite: cite.clone(),
            cite_url: cite_url.clone(),
        },
        AuthoringBlock::Pullquote { text, attribution } => Block::Pullquote {
            text: text.clone(),
            attribution: attribution.clone(),
        },
        AuthoringBlock::List { ordered, items } => Block::List {
            ordered: *ordered,
            items: items.iter().map(|i| spans(i)).collect(),
        },
        AuthoringBlock::Image(i) => image_block(i, m),
        AuthoringBlock::Video(v) => video(v, m),
        AuthoringBlock::Newsletter { list } => Block::Newsletter { list: list.clone() },
        AuthoringBlock::Subscribe => Block::Subscribe,
        AuthoringBlock::Divider => Block::Divider,
    }
}

pub fn hero(h: &AuthoringHero, m: &Media) -> Block {
    match h {
        AuthoringHero::Image(i) => image_block(i, m),
        AuthoringHero::Video(v) => video(v, m),
    }
}

/// The card image: the hero image, or the hero video's poster.
pub fn teaser_image(h: Option<&AuthoringHero>, m: &Media) -> Option<Image> {
    match h? {
        AuthoringHero::Image(i) => Some(m.image(&i.image)),
        AuthoringHero::Video(v) => v.poster.as_ref().map(|p| m.image(p)),
    }
}

/// Words of running text in a body: paragraphs, headings, quotes,
/// pullquotes and lists. Captions, video titles and the sign-up blocks are
/// not read as running text, so they do not count towards reading time.
pub fn body_words(body: &[Block]) -> usize {
    body.iter()
        .map(|b| match b {
            Block::Paragraph { content } | Block::Heading { content, .. } => word_count(content),
            Block::Quote { content, .. } => word_count(content),
            Block::Pullquote { text, .. } => text.split_whitespace().count(),
            Block::List { items, .. } => items.iter().map(|i| word_count(i)).sum(),
            // Listed one by one, with no catch-all: a new kind must say
            // whether it is running text.
            Block::Image { .. }
            | Block::Video(_)
            | Block::Newsletter { .. }
            | Block::Subscribe
            | Block::Divider => 0,
        })
        .sum()
}

/// The site path of an author's page (`/author/<id>`) or a topic's.
pub fn listing_url(kind: &str, id: &str) -> String {
    section_page(&listing(kind, id), 1)
}

/// The byline: a described author's name and page, or the name and link
/// as written.
pub fn bylines(authors: &[AuthoringAuthor], people: &People) -> Vec<Author> {
    authors
        .iter()
        .map(|a| match a {
            AuthoringAuthor::Named(named) => named.clone(),
            AuthoringAuthor::Described { id } => Author {
                name: people
                    .authors
                    .get(id)
                    .map_or_else(|| id.clone(), |p| p.name.clone()),
                url: Some(listing_url(paths::AUTHOR, id)),
            },
        })
        .collect()
}

/// The head of an author's page: the picture (as `m` made it), role, bio
/// and links as blocks (see [`About`]).
pub fn author_about(id: &str, people: &People, m: &Media) -> About {
    let Some(p) = people.authors.get(id) else {
        return About {
            name: id.to_string(),
            ..About::default()
        };
    };
    let bio = p.bio.as_deref().map(spans).unwrap_or_default();
    let mut body = Vec::new();
    let image = p.image.as_ref().map(|i| m.image(i));
    if let Some(image) = &image {
        body.push(Block::Image {
            image: image.clone(),
            caption: None,
            credit: None,
        });
    }
    if let Some(role) = &p.role {
        body.push(Block::Paragraph {
            content: vec![Span {
                text: role.clone(),
                strong: true,
                ..Span::default()
            }],
        });
    }
    let summary = plain(p.role.as_deref(), &bio);
    if !bio.is_empty() {
        body.push(Block::Paragraph { content: bio });
    }
    let links = p.links.clone().unwrap_or_default();
    if !links.is_empty() {
        body.push(Block::List {
            ordered: false,
            items: links.iter().map(link_item).collect(),
        });
    }
    About {
        name: p.name.clone(),
        summary,
        role: p.role.clone(),
        image,
        links,
        body: body.into_iter().map(BodyBlock::Known).collect(),
    }
}

/// `role. text`, in plain words.
fn plain(role: Option<&str>, text: &[Span]) -> String {
    let text: String = text.iter().map(|s| s.text.as_str()).collect();
    match (role, text.is_empty()) {
        (Some(role), true) => role.to_string(),
        (Some(role), false) => format!("{role}. {text}"),
        (None, _) => text,
    }
}

/// The end of a story's body: its topics, a "Topics" heading and a list
/// of links (none without topics).
fn topic_blocks(topics: &[Source], ui: &standfirst_model::Ui) -> Vec<Block> {
    if topics.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading {
            level: 2,
            content: vec![Span::plain(ui.get(standfirst_model::Key::Topics))],
        },
        Block::List {
            ordered: false,
            items: topics.iter().map(link_item).collect(),
        },
    ]
}

/// A list item of one link.
fn link_item(l: &Source) -> Vec<Span> {
    vec![Span {
        text: l.name.clone(),
        href: Some(l.url.clone()),
        ..Span::default()
    }]
}

/// The head of a topic's page: its description.
pub fn topic_about(tag: &str, people: &People) -> About {
    let description = people
        .topics
        .get(tag)
        .and_then(|t| t.description.as_deref())
        .map(spans)
        .unwrap_or_default();
    About {
        name: people.topic_name(tag),
        summary: plain(None, &description),
        body: (!description.is_empty())
            .then_some(BodyBlock::Known(Block::Paragraph {
                content: description,
            }))
            .into_iter()
            .collect(),
        ..About::default()
    }
}

pub fn teaser(v: &ValidArticle, m: &Media, people: &People) -> Teaser {
    let a = &v.article;
    Teaser {
        slug: a.slug.clone(),
        url: story_url(&a.section, &a.slug),
        kicker: a.kicker.clone(),
        section: a.section.clone(),
        headline: a.headline.clone(),
        summary: a.summary.clone().unwrap_or_else(|| a.standfirst.clone()),
        authors: bylines(&a.authors, people),
        editions: a.editions.clone(),
        published: rfc3339(v.published, &a.published),
        image: teaser_image(a.hero.as_ref(), m),
        live: a
            .live
            .as_ref()
            .is_some_and(|l| l.status == LiveStatus::Live),
    }
}

/// The full delivery document, given its teaser and rails.
pub fn article(
    v: &ValidArticle,
    teaser: &Teaser,
    related: Vec<Teaser>,
    more: Vec<Teaser>,
    m: &Media,
    people: &People,
    ui: &standfirst_model::Ui,
) -> Article {
    let a = &v.article;
    let mut body: Vec<Block> = a.body.iter().map(|b| block(b, m)).collect();
    let words = body_words(&body);
    let topics: Vec<Source> = a
        .tags
        .iter()
        .flatten()
        .map(|t| Source {
            name: people.topic_name(t),
            url: listing_url(paths::TOPIC, t),
        })
        .collect();
    body.extend(topic_blocks(&topics, ui));
    Article {
        slug: a.slug.clone(),
        url: teaser.url.clone(),
        kicker: a.kicker.clone(),
        section: a.section.clone(),
        editions: a.editions.clone(),
        headline: a.headline.clone(),
        standfirst: a.standfirst.clone(),
        summary: teaser.summary.clone(),
        authors: teaser.authors.clone(),
        published: teaser.published.clone(),
        updated: v
            .updated
            .zip(a.updated.as_deref())
            .map(|(t, s)| rfc3339(t, s)),
        hero: a.hero.as_ref().map(|h| BodyBlock::Known(hero(h, m))),
        body: body.into_iter().map(BodyBlock::Known).collect(),
        sources: a.sources.clone().unwrap_or_default(),
        tags: a.tags.clone().unwrap_or_default(),
        topics,
        reading_minutes: reading_minutes(words),
        related,
        more,
        live: a
            .live
            .as_ref()
            .map(|l| live(v, l, &teaser.url, m).swap_remove(0)),
        translations: a
            .translations
            .iter()
            .flatten()
            .map(|t| {
                let locale = standfirst_model::strings::hyphenated(&t.locale);
                Translation {
                    name: standfirst_model::strings::autonym(&locale),
                    locale,
                    url: t.url.clone(),
                }
            })
            .collect(),
    }
}

/// The pages of a story's live coverage: the story's own page first, then
/// the older pages from the oldest (see [`standfirst_model::live_pages`]).
pub fn live(v: &ValidArticle, l: &AuthoringLive, url: &str, m: &Media) -> Vec<Live> {
    // Newest first; entries posted at the same moment by id, so the order
    // never depends on the file's.
    let mut entries: Vec<(OffsetDateTime, &AuthoringLiveEntry)> = l
        .entries
        .iter()
        .map(|e| (parse(&e.posted).unwrap_or(v.published), e))
        .collect();
    entries.sort_by(|(t1, e1), (t2, e2)| t2.cmp(t1).then_with(|| e1.id.cmp(&e2.id)));
    let pinned = entries.iter().find(|(_, e)| e.pinned).map(|(_, e)| *e);
    let flow: Vec<&AuthoringLiveEntry> = entries
        .iter()
        .filter(|(_, e)| !e.pinned)
        .map(|(_, e)| *e)
        .collect();
    let (older, own) = live_pages(flow.len());
    // Older page n (1 the oldest) holds flow[own + (older - n) * PAGE_SIZE..][..PAGE_SIZE].
    let start_of = |n: usize| own + (older - n) * PAGE_SIZE;
    let page_of = |i: usize| (i >= own).then(|| older - (i - own) / PAGE_SIZE);
    let at = |n: Option<usize>| match n {
        None => url.to_string(),
        Some(n) => live_page_url(url, n as u32),
    };
    let key_events = entries
        .iter()
        .filter(|(_, e)| e.key_event)
        .map(|(_, e)| {
            let place = flow.iter().position(|f| f.id == e.id).and_then(page_of);
            KeyEvent {
                id: e.id.clone(),
                title: e.title.clone().unwrap_or_else(|| first_words(e)),
                posted: rfc3339(parse(&e.posted).unwrap_or(v.published), &e.posted),
                url: format!("{}#{}", at(place), e.id),
            }
        })
        .collect();
    let last_updated = entries
        .iter()
        .map(|(t, e)| e.updated.as_deref().and_then(parse).unwrap_or(*t).max(*t))
        .max()
        .unwrap_or(v.published);
    let base = Live {
        version: String::new(),
        status: l.status,
        entries: Vec::new(),
        pinned_entry: None,
        key_events: Vec::new(),
        last_updated: rfc3339(last_updated, ""),
        total: entries.len() as u32,
        page: None,
        pages: older as u32,
        newer: None,
        older: None,
    };
    let mut pages = vec![Live {
        entries: flow[..own].iter().map(|e| live_entry(e, m)).collect(),
        pinned_entry: pinned.map(|e| live_entry(e, m)),
        key_events,
        older: (older > 0).then(|| at(Some(older))),
        ..base.clone()
    }];
    for n in 1..=older {
        let start = start_of(n);
        pages.push(Live {
            entries: flow[start..start + PAGE_SIZE]
                .iter()
                .map(|e| live_entry(e, m))
                .collect(),
            page: Some(n as u32),
            newer: Some(at((n < older).then_some(n + 1))),
            older: (n > 1).then(|| at(Some(n - 1))),
            ..base.clone()
        });
    }
    for page in &mut pages {
        let bytes = serde_json::to_vec(&*page).unwrap_or_default();
        page.version = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
    }
    pages
}

fn live_entry(e: &AuthoringLiveEntry, m: &Media) -> LiveEntry {
    let posted = parse(&e.posted);
    LiveEntry {
        id: e.id.clone(),
        posted: posted.map_or_else(|| e.posted.clone(), |t| rfc3339(t, &e.posted)),
        updated: e
            .updated
            .as_deref()
            .map(|u| parse(u).map_or_else(|| u.to_string(), |t| rfc3339(t, u))),
        title: e.title.clone(),
        key_event: e.key_event,
        pinned: e.pinned,
        body: e
            .body
            .iter()
            .map(|b| BodyBlock::Known(block(b, m)))
            .collect(),
    }
}

/// An untitled key event's name: the first words of its text.
fn first_words(e: &AuthoringLiveEntry) -> String {
    let text = e
        .body
        .iter()
        .find_map(|b| match b {
            AuthoringBlock::Paragraph { content } => Some(spans(content)),
            _ => None,
        })
        .map(|s| s.iter().map(|s| s.text.as_str()).collect::<String>())
        .unwrap_or_default();
    let mut words: Vec<&str> = text.split_whitespace().take(13).collect();
    if words.len() == 13 {
        words.pop();
        format!("{}…", words.join(" "))
    } else {
        words.join(" ")
    }
}
