//! Block editor (Gutenberg) posts: the `<!-- wp:name {json} -->` block
//! delimiters, and what each core block becomes.
//!
//! A delimiter is an HTML comment; its closing `<!-- /wp:name -->` is a
//! later sibling in the parsed tree. Containers (`group`, `columns`,
//! `cover`, `media-text`…) are unwrapped. A block with no equivalent keeps
//! its readable text as paragraphs, or is dropped; both are reported.

use super::html::{text_of, Converter, El};
use super::media::image_block;
use scraper::node::Comment;
use scraper::Node;
use serde_json::Value;
use standfirst_content::authoring::AuthoringBlock;

/// An opening delimiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Without the `core/` namespace: `paragraph`, `core-embed/youtube`,
    /// `jetpack/map`.
    pub name: String,
    pub attrs: Value,
    /// `<!-- wp:name /-->`.
    pub void: bool,
}

/// Reads an opening delimiter from a comment (closing ones give `None`).
pub fn delimiter(c: &Comment) -> Option<Open> {
    let s = c.comment.trim();
    let rest = s.strip_prefix("wp:")?;
    let (rest, void) = match rest.strip_suffix('/') {
        Some(r) => (r.trim_end(), true),
        None => (rest, false),
    };
    let (name, json) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = name.strip_prefix("core/").unwrap_or(name).to_string();
    let attrs = serde_json::from_str(json.trim()).unwrap_or(Value::Null);
    Some(Open { name, attrs, void })
}

fn closing_name(n: &El) -> Option<String> {
    match n.value() {
        Node::Comment(c) => {
            let s = c.comment.trim().strip_prefix("/wp:")?.trim();
            Some(s.strip_prefix("core/").unwrap_or(s).to_string())
        }
        _ => None,
    }
}

/// The index of the sibling that closes the block opened at `open`, or the
/// end of the list when it is never closed.
pub fn closing(nodes: &[El], open: usize, name: &str) -> usize {
    let mut depth = 0;
    for (j, n) in nodes.iter().enumerate().skip(open + 1) {
        if let Node::Comment(c) = n.value() {
            if let Some(o) = delimiter(c) {
                if o.name == name && !o.void {
                    depth += 1;
                }
            } else if closing_name(n).as_deref() == Some(name) {
                if depth == 0 {
                    return j;
                }
                depth -= 1;
            }
        }
    }
    nodes.len()
}

/// Blocks that only wrap others, and blocks whose markup the element rules
/// already read right.
const READ_AS_HTML: [&str; 17] = [
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "group",
    "columns",
    "column",
    "cover",
    "media-text",
    "freeform",
    "html",
    "shortcode",
    "video",
    "row",
    "stack",
    "missing",
];

/// Blocks without text that are layout, not content.
const LAYOUT: [&str; 5] = ["spacer", "more", "nextpage", "page-break", "block"];

pub fn block(cv: &mut Converter, open: &Open, inner: &[El], depth: usize) {
    let name = open.name.as_str();
    cv.flush();
    match name {
        "image" => {
            let was = cv.image_attrs.replace(open.attrs.clone());
            cv.walk(inner, depth);
            cv.image_attrs = was;
        }
        "pullquote" => {
            let was = std::mem::replace(&mut cv.pull, true);
            cv.walk(inner, depth);
            cv.pull = was;
        }
        "separator" => cv.push(AuthoringBlock::Divider),
        "gallery" => gallery(cv, open, inner, depth),
        "embed" | "core-embed" => {
            let url = open
                .attrs
                .get("url")
                .and_then(Value::as_str)
                .map(str::to_string);
            let url = url.unwrap_or_else(|| {
                inner
                    .iter()
                    .flat_map(|n| n.descendants())
                    .find(|d| matches!(d.value(), Node::Element(e) if e.classes().any(|c| c == "wp-block-embed__wrapper")))
                    .map(text_of)
                    .unwrap_or_default()
            });
            let caption = caption(cv, inner, depth);
            cv.embed(&url, caption);
        }
        n if n.starts_with("core-embed/") => {
            let url = open
                .attrs
                .get("url")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let caption = caption(cv, inner, depth);
            cv.embed(&url, caption);
        }
        n if READ_AS_HTML.contains(&n) => {
            cv.walk(inner, depth);
        }
        n if LAYOUT.contains(&n) => {}
        _ => {
            // No equivalent (table, code, preformatted, verse, buttons,
            // plugin blocks…): nested blocks are still read, the rest is
            // kept as text.
            let has_blocks = inner
                .iter()
                .flat_map(|n| n.descendants())
                .any(|d| matches!(d.value(), Node::Comment(c) if delimiter(c).is_some()));
            if has_blocks {
                cv.notes.as_text(&format!("wp:{name}"));
                cv.walk(inner, depth);
            } else {
                let before = cv.blocks.len();
                for n in inner {
                    if let Node::Element(_) = n.value() {
                        cv.as_text(&format!("wp:{name}"), *n);
                    } else if let Node::Text(t) = n.value() {
                        cv.text_paragraph(t);
                    }
                }
                if cv.blocks.len() == before
                    && !inner.iter().any(|n| matches!(n.value(), Node::Element(_)))
                {
                    cv.notes.dropped(&format!("wp:{name}"));
                }
            }
        }
    }
    cv.flush();
}

fn caption(cv: &mut Converter, inner: &[El], depth: usize) -> Option<String> {
    let fc = inner
        .iter()
        .flat_map(|n| n.descendants())
        .find(|d| matches!(d.value(), Node::Element(e) if e.name() == "figcaption"))?;
    let mut runs = Vec::new();
    cv.runs(fc, &Default::default(), &mut runs, depth);
    let runs = super::inline::normalise(runs);
    (!super::inline::runs_text(&runs).is_empty()).then(|| super::inline::markdown(&runs))
}

/// A gallery: each image its own image block.
fn gallery(cv: &mut Converter, open: &Open, inner: &[El], depth: usize) {
    let nested = inner
        .iter()
        .flat_map(|n| n.descendants())
        .any(|d| matches!(d.value(), Node::Comment(c) if delimiter(c).is_some()));
    if nested {
        // Gallery of image blocks (WordPress 5.9 and later).
        cv.walk(inner, depth);
        return;
    }
    let imgs: Vec<El> = inner
        .iter()
        .flat_map(|n| n.descendants())
        .filter(|d| matches!(d.value(), Node::Element(e) if e.name() == "img"))
        .collect();
    if imgs.is_empty() {
        let ids = open
            .attrs
            .get("ids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_u64).collect::<Vec<_>>())
            .unwrap_or_default();
        gallery_ids(cv, ids.into_iter());
        return;
    }
    for img in imgs {
        // The caption of the item holding this image.
        let item = img.ancestors().find(
            |a| matches!(a.value(), Node::Element(e) if e.name() == "figure" || e.name() == "li"),
        );
        let cap = item.and_then(|f| {
            f.descendants()
                .find(|d| matches!(d.value(), Node::Element(e) if e.name() == "figcaption"))
        });
        let caption = cap.and_then(|c| {
            let mut runs = Vec::new();
            cv.runs(c, &Default::default(), &mut runs, depth);
            let runs = super::inline::normalise(runs);
            (!super::inline::runs_text(&runs).is_empty()).then(|| super::inline::markdown(&runs))
        });
        cv.image(img, caption, None);
    }
}

/// Image blocks for attachment ids (`[gallery ids]`, a gallery block
/// without markup).
pub fn gallery_ids(cv: &mut Converter, ids: impl Iterator<Item = u64>) {
    for id in ids {
        match cv.media.get(id).cloned() {
            Some(m) => match (m.width.zip(m.height), cv.url(&m.url).map(str::to_string)) {
                (Some(size), Some(src)) => cv.push(image_block(&src, &m.alt, size, None, m.credit)),
                (None, Some(src)) => {
                    cv.notes
                        .note(format!("image without a known size kept as a link: {src}"));
                    cv.link_paragraph(&m.alt, &src);
                }
                _ => {}
            },
            None => cv.notes.dropped("gallery image not in the export"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(s: &str) -> Option<Open> {
        delimiter(&Comment { comment: s.into() })
    }

    #[test]
    fn delimiters() {
        let o = open(" wp:image {\"id\":5,\"width\":300} ").unwrap();
        assert_eq!((o.name.as_str(), o.void), ("image", false));
        assert_eq!(o.attrs["id"], 5);
        let o = open(" wp:core/separator /").unwrap();
        assert_eq!((o.name.as_str(), o.void), ("separator", true));
        let o = open(" wp:core-embed/youtube {\"url\":\"https://youtu.be/x\"} ").unwrap();
        assert_eq!(o.name, "core-embed/youtube");
        assert!(open(" /wp:paragraph ").is_none());
        assert!(open(" more ").is_none());
    }
}
