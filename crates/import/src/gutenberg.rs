//! Block editor (Gutenberg) posts: the `<!-- wp:name {json} -->` block
//! delimiters, and what each core block becomes.
//!
//! A delimiter is an HTML comment; its closing `<!-- /wp:name -->` is a
//! later sibling in the parsed tree. Containers (`group`, `columns`,
//! `cover`, `media-text`…) are unwrapped. A block with no equivalent keeps
//! its readable text as paragraphs, or is dropped; both are reported.
//!
//! [`WordPressMarkup`] is how the shared HTML converter reads all that, and
//! the rest of WordPress's own: `[gallery]` placeholders and the export's
//! attachments behind an image.

use super::html::{text_of, Converter, El, ImageFacts, SourceMarkup};
use super::media::{dimension, image_block, MediaIndex};
use scraper::node::Comment;
use scraper::Node;
use serde_json::Value;
use standfirst_content::authoring::AuthoringBlock;

/// WordPress's markup for the shared converter, with what reading it
/// needs: the export's attachments, and the attributes of the `wp:image`
/// block being read (for its `<img>`).
pub struct WordPressMarkup<'m> {
    pub media: &'m MediaIndex,
    image_attrs: Option<Value>,
}

/// A converter that reads WordPress's markup.
pub type WpConverter<'m> = Converter<WordPressMarkup<'m>>;

impl<'m> WordPressMarkup<'m> {
    /// A converter for posts whose attachments are in `media`.
    pub fn converter(media: &'m MediaIndex) -> WpConverter<'m> {
        Converter::new(WordPressMarkup {
            media,
            image_attrs: None,
        })
    }
}

impl SourceMarkup for WordPressMarkup<'_> {
    /// The `wp:image` block's attributes.
    type ImageContext = Value;

    fn comment_block(cv: &mut WpConverter, nodes: &[El], at: usize, depth: usize) -> Option<usize> {
        let Node::Comment(c) = nodes[at].value() else {
            return None;
        };
        let open = delimiter(c)?;
        let end = if open.void {
            at
        } else {
            closing(nodes, at, &open.name)
        };
        let inner = if open.void {
            &nodes[at..at]
        } else {
            &nodes[at + 1..end]
        };
        block(cv, &open, inner, depth);
        Some(end)
    }

    /// `<wp-gallery data-ids>`, which a `[gallery]` shortcode becomes.
    fn element(cv: &mut WpConverter, n: El) -> bool {
        let ids = match n.value() {
            Node::Element(e) if e.name() == "wp-gallery" => e.attr("data-ids").unwrap_or(""),
            _ => return false,
        };
        gallery_ids(cv, ids.split(',').filter_map(|s| s.trim().parse().ok()));
        true
    }

    fn take_image_context(&mut self) -> Option<Value> {
        self.image_attrs.take()
    }

    /// The size in the block's attributes, and the attachment: by the
    /// block's `id`, else the image's `wp-image-<id>` class, else its URL.
    fn image_facts(&self, attrs: Option<&Value>, img: El, src: &str) -> ImageFacts {
        let id = attrs
            .and_then(|a| a.get("id"))
            .and_then(Value::as_u64)
            .or_else(|| match img.value() {
                Node::Element(e) => e
                    .classes()
                    .find_map(|c| c.strip_prefix("wp-image-").and_then(|n| n.parse().ok())),
                _ => None,
            });
        let num = |v: Option<&Value>| match v {
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| n > 0),
            Some(Value::String(s)) => dimension(s),
            _ => None,
        };
        ImageFacts {
            size: num(attrs.and_then(|a| a.get("width")))
                .zip(num(attrs.and_then(|a| a.get("height")))),
            file: id
                .and_then(|i| self.media.get(i))
                .or_else(|| self.media.by_url(src))
                .cloned(),
        }
    }
}

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

pub fn block(cv: &mut WpConverter, open: &Open, inner: &[El], depth: usize) {
    let name = open.name.as_str();
    cv.flush();
    match name {
        "image" => {
            let was = cv.markup.image_attrs.replace(open.attrs.clone());
            cv.walk(inner, depth);
            cv.markup.image_attrs = was;
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

fn caption(cv: &mut WpConverter, inner: &[El], depth: usize) -> Option<String> {
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
fn gallery(cv: &mut WpConverter, open: &Open, inner: &[El], depth: usize) {
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
pub fn gallery_ids(cv: &mut WpConverter, ids: impl Iterator<Item = u64>) {
    for id in ids {
        match cv.markup.media.get(id).cloned() {
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

    #[test]
    fn wordpress_markup_reads_delimiters_galleries_and_attachments() {
        let mut media = MediaIndex::default();
        let photo = |n: u32| crate::media::Media {
            url: format!("https://example.org/photo-{n}.jpg"),
            width: Some(1200),
            height: Some(800),
            alt: format!("Photo {n}"),
            credit: Some("Jo Smith".into()),
        };
        media.insert(7, photo(7));
        media.insert(8, photo(8));
        let (blocks, notes) = WordPressMarkup::converter(&media).convert(
            "<!-- wp:separator /-->\
             <!-- wp:image {\"width\":300,\"height\":200} --><figure class=\"wp-block-image\">\
             <img src=\"https://example.org/photo-7.jpg\" class=\"wp-image-7\"></figure><!-- /wp:image -->\
             <wp-gallery data-ids=\"8,9\"></wp-gallery>",
        );
        let credit = Some("Jo Smith".to_string());
        assert_eq!(
            blocks,
            [
                AuthoringBlock::Divider,
                // The block's size, the attachment's alt text and credit.
                image_block(
                    "https://example.org/photo-7.jpg",
                    "Photo 7",
                    (300, 200),
                    None,
                    credit.clone()
                ),
                image_block(
                    "https://example.org/photo-8.jpg",
                    "Photo 8",
                    (1200, 800),
                    None,
                    credit
                ),
            ]
        );
        assert_eq!(notes.dropped, ["gallery image not in the export"]);
    }
}
