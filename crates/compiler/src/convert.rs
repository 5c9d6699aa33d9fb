//! Authoring -> delivery: Markdown to spans, teasers, the article document.

use crate::authoring::{AuthoringBlock, AuthoringHero, AuthoringImage, AuthoringVideo};
use crate::markdown::{spans, word_count};
use crate::validate::ValidArticle;
use standfirst_model::{reading_minutes, Article, Block, BodyBlock, Image, Teaser, Video};
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

fn image_block(b: &AuthoringImage) -> Block {
    Block::Image {
        image: b.image.clone(),
        caption: opt_spans(&b.caption),
        credit: b.credit.clone(),
    }
}

fn video(v: &AuthoringVideo) -> Block {
    Block::Video(Video {
        sources: v.sources.clone().unwrap_or_default(),
        poster: v.poster.clone(),
        provider: v.provider,
        id: v.id.clone(),
        title: v.title.clone(),
        caption: opt_spans(&v.caption),
        credit: v.credit.clone(),
        duration_s: v.duration_s,
    })
}

pub fn block(b: &AuthoringBlock) -> Block {
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
        AuthoringBlock::Image(i) => image_block(i),
        AuthoringBlock::Video(v) => video(v),
        AuthoringBlock::Newsletter { list } => Block::Newsletter { list: list.clone() },
        AuthoringBlock::Subscribe => Block::Subscribe,
        AuthoringBlock::Divider => Block::Divider,
    }
}

pub fn hero(h: &AuthoringHero) -> Block {
    match h {
        AuthoringHero::Image(i) => image_block(i),
        AuthoringHero::Video(v) => video(v),
    }
}

/// The card image: the hero image, or the hero video's poster.
pub fn teaser_image(h: Option<&AuthoringHero>) -> Option<Image> {
    match h? {
        AuthoringHero::Image(i) => Some(i.image.clone()),
        AuthoringHero::Video(v) => v.poster.clone(),
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

pub fn teaser(v: &ValidArticle) -> Teaser {
    let a = &v.article;
    Teaser {
        slug: a.slug.clone(),
        url: story_url(&a.section, &a.slug),
        kicker: a.kicker.clone(),
        section: a.section.clone(),
        headline: a.headline.clone(),
        summary: a.summary.clone().unwrap_or_else(|| a.standfirst.clone()),
        authors: a.authors.clone(),
        editions: a.editions.clone(),
        published: rfc3339(v.published, &a.published),
        image: teaser_image(a.hero.as_ref()),
    }
}

/// The full delivery document, given its teaser and rails.
pub fn article(
    v: &ValidArticle,
    teaser: &Teaser,
    related: Vec<Teaser>,
    more: Vec<Teaser>,
) -> Article {
    let a = &v.article;
    let body: Vec<Block> = a.body.iter().map(block).collect();
    let words = body_words(&body);
    Article {
        slug: a.slug.clone(),
        url: teaser.url.clone(),
        kicker: a.kicker.clone(),
        section: a.section.clone(),
        editions: a.editions.clone(),
        headline: a.headline.clone(),
        standfirst: a.standfirst.clone(),
        summary: teaser.summary.clone(),
        authors: a.authors.clone(),
        published: teaser.published.clone(),
        updated: v
            .updated
            .zip(a.updated.as_deref())
            .map(|(t, s)| rfc3339(t, s)),
        hero: a.hero.as_ref().map(|h| BodyBlock::Known(hero(h))),
        body: body.into_iter().map(BodyBlock::Known).collect(),
        sources: a.sources.clone().unwrap_or_default(),
        tags: a.tags.clone().unwrap_or_default(),
        reading_minutes: reading_minutes(words),
        related,
        more,
    }
}
