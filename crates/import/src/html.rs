//! Post HTML -> authoring blocks, for the block editor's markup and the
//! classic editor's alike.
//!
//! The post is parsed by html5ever (through `scraper`) as a fragment.
//! [`Converter::walk`] reads a list of siblings and maps plain elements
//! itself (`p`, `h1`-`h6`, `blockquote`, lists, `figure`/`img`, `hr`,
//! `iframe`, `video`). Bare text separated by blank lines becomes
//! paragraphs, as `wpautop` does.
//!
//! What a source's posts carry besides HTML (the block editor's delimiters,
//! which are comments in the tree, and the export's uploaded files) is read
//! through the converter's [`SourceMarkup`], which the source's own module
//! implements (WordPress: `gutenberg::WordPressMarkup`): this module uses no
//! source's module.

use super::inline::{collapse_ws, markdown, normalise, runs_text, Run};
use super::media::{
    dimension, embed_video, file_video, image_block, provider_video, size_from_file_name, Media,
};
use super::shortcode;
use super::PostNotes;
use ego_tree::NodeRef;
use scraper::{Html, Node};
use standfirst_content::authoring::AuthoringBlock;
use standfirst_model::is_allowed_url;

pub type El<'a> = NodeRef<'a, Node>;

/// Below this depth, elements are read as flat text: an HTML bomb of
/// nested tags costs linear time and no stack.
const MAX_DEPTH: usize = 64;

/// What a source's posts carry besides HTML, read by the source's own
/// module for the converter. What that needs (an export's attachments, the
/// block an image is in) is kept in the implementing type, the converter's
/// `markup`.
pub trait SourceMarkup: Sized {
    /// What the block around an image says about it, kept for the first
    /// image inside.
    type ImageContext;

    /// `nodes[at]` is a comment. When it opens a block of the source's
    /// own, converts that block and returns the index of the last sibling
    /// it spans; `None` leaves the comment unread.
    fn comment_block(
        cv: &mut Converter<Self>,
        nodes: &[El],
        at: usize,
        depth: usize,
    ) -> Option<usize>;

    /// Converts `n` when it is an element of the source's own, not an HTML
    /// one, and returns true; false leaves it to the HTML rules.
    fn element(cv: &mut Converter<Self>, n: El) -> bool;

    /// Takes the context the enclosing block left for an image.
    fn take_image_context(&mut self) -> Option<Self::ImageContext>;

    /// What the source knows of the image `img` (at `src`) besides its
    /// element.
    fn image_facts(&self, context: Option<&Self::ImageContext>, img: El, src: &str) -> ImageFacts;
}

/// What a source knows of an image besides its element.
#[derive(Debug, Default)]
pub struct ImageFacts {
    /// The size the block around it gives.
    pub size: Option<(u32, u32)>,
    /// The uploaded file it shows.
    pub file: Option<Media>,
}

/// Converts one post body.
pub struct Converter<M> {
    /// The source's own markup, and what reading it needs.
    pub markup: M,
    pub notes: PostNotes,
    pub blocks: Vec<AuthoringBlock>,
    pending: Vec<Run>,
    /// Inside a pull quote's markup (a `figure.wp-block-pullquote`, or a
    /// source's pull quote block): its quote is a pull quote.
    pub pull: bool,
}

fn name<'a>(n: El<'a>) -> &'a str {
    match n.value() {
        Node::Element(e) => e.name(),
        _ => "",
    }
}

fn attr<'a>(n: El<'a>, a: &str) -> Option<&'a str> {
    match n.value() {
        Node::Element(e) => e.attr(a),
        _ => None,
    }
}

fn has_class(n: El, class: &str) -> bool {
    match n.value() {
        Node::Element(e) => e.classes().any(|c| c == class),
        _ => false,
    }
}

/// Elements read as inline text.
fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
            | "del"
            | "ins"
            | "label"
            | "big"
    )
}

/// Elements that never carry readable text.
fn is_void_noise(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "object"
            | "embed"
            | "canvas"
            | "map"
            | "link"
            | "meta"
            | "head"
            | "title"
    )
}

/// Whether an element holds something that must become its own block.
fn holds_block(n: El) -> bool {
    n.descendants().any(|d| {
        matches!(
            name(d),
            "img"
                | "iframe"
                | "video"
                | "figure"
                | "p"
                | "div"
                | "blockquote"
                | "ul"
                | "ol"
                | "table"
                | "hr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "wp-embed"
                | "wp-gallery"
                | "pre"
        )
    })
}

/// All the text under a node, iteratively (safe at any depth).
pub fn text_of(n: El) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            if !d.ancestors().any(|a| is_void_noise(name(a))) {
                s.push_str(t);
            }
        }
    }
    s
}

/// Parses a post body (shortcodes first) into a tree.
pub fn parse(html: &str) -> (Html, Vec<String>) {
    let (expanded, dropped) = shortcode::expand(html);
    (Html::parse_fragment(&expanded), dropped)
}

/// The words of a post's HTML, as a reader of the original page sees them
/// (for the coverage figure in the report).
pub fn source_text(html: &str) -> String {
    if html.len() > 4 * super::guard::MAX_NESTING {
        let (depth, text) = super::guard::scan(html);
        if depth > super::guard::MAX_NESTING {
            return text;
        }
    }
    let (doc, _) = parse(html);
    text_of(doc.tree.root())
}

impl<M: SourceMarkup> Converter<M> {
    pub fn new(markup: M) -> Self {
        Converter {
            markup,
            notes: PostNotes::default(),
            blocks: Vec::new(),
            pending: Vec::new(),
            pull: false,
        }
    }

    /// Converts a whole body.
    pub fn convert(mut self, html: &str) -> (Vec<AuthoringBlock>, PostNotes) {
        self.pending_html(html);
        self.finish()
    }

    /// Converts an HTML fragment, appending its blocks.
    pub fn pending_html(&mut self, html: &str) {
        self.flush();
        if html.len() > 4 * super::guard::MAX_NESTING {
            let (depth, text) = super::guard::scan(html);
            if depth > super::guard::MAX_NESTING {
                self.notes.note(format!(
                    "HTML nested {depth} levels deep: read as plain text"
                ));
                for para in text.split("\n\n") {
                    self.text_paragraph(para);
                }
                return;
            }
        }
        let (doc, dropped) = parse(html);
        for d in dropped {
            self.notes.as_text(&d);
        }
        let root = doc.root_element();
        let kids: Vec<El> = root.children().collect();
        self.walk(&kids, 0);
        self.flush();
    }

    /// The blocks and notes so far.
    pub fn finish(mut self) -> (Vec<AuthoringBlock>, PostNotes) {
        self.flush();
        (self.blocks, self.notes)
    }

    /// Ends the paragraph being collected, if it has text.
    pub fn flush(&mut self) {
        let runs = normalise(std::mem::take(&mut self.pending));
        if !runs_text(&runs).is_empty() {
            self.blocks.push(AuthoringBlock::Paragraph {
                content: markdown(&runs),
            });
        }
    }

    pub fn push(&mut self, b: AuthoringBlock) {
        self.flush();
        self.blocks.push(b);
    }

    /// A paragraph of plain text, if it has any.
    pub fn text_paragraph(&mut self, text: &str) {
        let t = collapse_ws(text);
        if !t.is_empty() {
            self.push(AuthoringBlock::Paragraph {
                content: super::inline::escape(&t),
            });
        }
    }

    /// A link to `url` labelled `label`, as its own paragraph.
    pub fn link_paragraph(&mut self, label: &str, url: &str) {
        let label = collapse_ws(label);
        let label = if label.is_empty() {
            url.to_string()
        } else {
            label
        };
        let runs = vec![Run {
            text: label,
            href: self.url(url).map(str::to_string),
            ..Run::default()
        }];
        self.push(AuthoringBlock::Paragraph {
            content: markdown(&normalise(runs)),
        });
    }

    /// `url` when it passes the allowlist; otherwise recorded as refused.
    pub fn url<'u>(&mut self, url: &'u str) -> Option<&'u str> {
        let u = url.trim();
        if is_allowed_url(u) && !u.is_empty() {
            Some(u)
        } else {
            self.notes.refused(u);
            None
        }
    }

    /// Reads a list of sibling nodes.
    pub fn walk(&mut self, nodes: &[El], depth: usize) {
        let mut i = 0;
        while i < nodes.len() {
            let n = nodes[i];
            match n.value() {
                Node::Comment(_) => {
                    if let Some(end) = M::comment_block(self, nodes, i, depth) {
                        i = end + 1;
                        continue;
                    }
                }
                Node::Text(t) => self.bare_text(t),
                Node::Element(_) => self.element(n, depth + 1),
                _ => {}
            }
            i += 1;
        }
    }

    /// Text outside any element: blank lines separate paragraphs.
    fn bare_text(&mut self, t: &str) {
        let mut parts = t.split("\n\n").peekable();
        while let Some(p) = parts.next() {
            self.pending.push(Run {
                text: p.to_string(),
                ..Run::default()
            });
            if parts.peek().is_some() {
                self.flush();
            }
        }
    }

    /// Inline runs of `n`'s children (styles inherited from `base`).
    pub fn runs(&mut self, n: El, base: &Run, out: &mut Vec<Run>, depth: usize) {
        for c in n.children() {
            self.inline(c, base, out, depth + 1);
        }
    }

    fn inline(&mut self, n: El, base: &Run, out: &mut Vec<Run>, depth: usize) {
        match n.value() {
            Node::Text(t) => out.push(Run {
                text: t.to_string(),
                ..base.clone()
            }),
            Node::Element(e) => {
                let tag = e.name();
                if is_void_noise(tag) {
                    return;
                }
                if depth > MAX_DEPTH {
                    out.push(Run {
                        text: text_of(n),
                        ..base.clone()
                    });
                    return;
                }
                let mut style = base.clone();
                match tag {
                    "em" | "i" => style.em = true,
                    "strong" | "b" => style.strong = true,
                    "br" => {
                        out.push(Run {
                            text: " ".into(),
                            ..base.clone()
                        });
                        return;
                    }
                    "a" => {
                        if let Some(h) = e.attr("href") {
                            if !h.trim().is_empty() && !h.trim().starts_with('#') {
                                style.href = self.url(h).map(str::to_string);
                            }
                        }
                    }
                    _ => {}
                }
                self.runs(n, &style, out, depth);
            }
            _ => {}
        }
    }

    fn element(&mut self, n: El, depth: usize) {
        let tag = name(n);
        if is_void_noise(tag) {
            if !text_of(n).trim().is_empty() || tag == "object" || tag == "embed" {
                self.notes.dropped(&format!("html <{tag}>"));
            }
            return;
        }
        if depth > MAX_DEPTH {
            let t = text_of(n);
            self.pending.push(Run {
                text: format!(" {t} "),
                ..Run::default()
            });
            return;
        }
        if has_class(n, "kg-signup-card") {
            self.push(AuthoringBlock::Newsletter {
                list: super::NEWSLETTER_LIST.into(),
            });
            return;
        }
        if is_inline(tag) && !holds_block(n) {
            let mut runs = std::mem::take(&mut self.pending);
            self.inline(n, &Run::default(), &mut runs, depth);
            self.pending = runs;
            return;
        }
        if M::element(self, n) {
            return;
        }
        match tag {
            "p" if !holds_block(n) => {
                self.flush();
                let mut runs = Vec::new();
                self.runs(n, &Run::default(), &mut runs, depth);
                self.pending = runs;
                self.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = match tag {
                    "h1" | "h2" => 2,
                    "h3" => 3,
                    _ => 4,
                };
                let mut runs = Vec::new();
                self.runs(n, &Run::default(), &mut runs, depth);
                let runs = normalise(runs);
                if !runs_text(&runs).is_empty() {
                    self.push(AuthoringBlock::Heading {
                        level,
                        content: markdown(&runs),
                    });
                }
            }
            "blockquote" => self.quote(n, depth),
            "ul" | "ol" => {
                let mut items = Vec::new();
                self.list_items(n, &mut items, depth);
                if !items.is_empty() {
                    self.push(AuthoringBlock::List {
                        ordered: tag == "ol",
                        items,
                    });
                }
            }
            "hr" => self.push(AuthoringBlock::Divider),
            "img" => {
                let context = self.markup.take_image_context();
                self.image(n, None, context.as_ref());
            }
            "figure" => self.figure(n, depth),
            "iframe" | "wp-embed" => {
                let url = attr(n, "src").or_else(|| attr(n, "data-url")).unwrap_or("");
                self.embed(url, None);
            }
            "video" => self.video(n, None),
            "table" => self.as_text("html <table>", n),
            "pre" => self.as_text("html <pre>", n),
            "audio" => {
                if let Some(src) = attr(n, "src") {
                    self.link_paragraph("Audio", src);
                }
                self.notes.dropped("html <audio>");
            }
            _ => {
                // Containers (div, section, a holding an image…): their
                // children, as blocks of their own.
                self.flush();
                let kids: Vec<El> = n.children().collect();
                self.walk(&kids, depth);
                self.flush();
            }
        }
    }

    /// A block with no equivalent: its text as paragraphs (one per line of
    /// a table or of preformatted text), reported.
    pub fn as_text(&mut self, kind: &str, n: El) {
        let mut any = false;
        let rows: Vec<El> = n.descendants().filter(|d| name(*d) == "tr").collect();
        if !rows.is_empty() {
            for r in rows {
                let cells: Vec<String> = r
                    .children()
                    .filter(|c| matches!(name(*c), "td" | "th"))
                    .map(|c| collapse_ws(&text_of(c)))
                    .filter(|t| !t.is_empty())
                    .collect();
                if !cells.is_empty() {
                    any = true;
                    self.text_paragraph(&cells.join("; "));
                }
            }
        } else {
            for para in text_of(n).split("\n\n") {
                if !collapse_ws(para).is_empty() {
                    any = true;
                    self.text_paragraph(para);
                }
            }
        }
        if any {
            self.notes.as_text(kind);
        } else {
            self.notes.dropped(kind);
        }
    }

    fn quote(&mut self, n: El, depth: usize) {
        let mut cite = Vec::new();
        let mut runs = Vec::new();
        let mut first = true;
        for c in n.children() {
            if name(c) == "cite" || has_class(c, "wp-block-quote__citation") || name(c) == "footer"
            {
                cite.push(collapse_ws(&text_of(c)));
                continue;
            }
            // Paragraphs inside a quote are joined with a space.
            if !first && matches!(name(c), "p" | "div") {
                runs.push(Run {
                    text: " ".into(),
                    ..Run::default()
                });
            }
            first = false;
            if matches!(c.value(), Node::Comment(_)) {
                continue;
            }
            self.inline(c, &Run::default(), &mut runs, depth + 1);
        }
        let runs = normalise(runs);
        let cite = collapse_ws(&cite.join(" "));
        let cite = (!cite.is_empty()).then_some(cite);
        if runs_text(&runs).is_empty() {
            if let Some(c) = cite {
                self.text_paragraph(&c);
            }
            return;
        }
        if self.pull || has_class(n, "wp-block-pullquote") || has_class(n, "kg-blockquote-alt") {
            self.push(AuthoringBlock::Pullquote {
                text: runs_text(&runs),
                attribution: cite,
            });
        } else {
            let cite_url = attr(n, "cite")
                .and_then(|u| self.url(u))
                .map(str::to_string);
            self.push(AuthoringBlock::Quote {
                content: markdown(&runs),
                cite,
                cite_url,
            });
        }
    }

    fn list_items(&mut self, list: El, items: &mut Vec<String>, depth: usize) {
        for li in list.children() {
            if name(li) != "li" {
                continue;
            }
            let mut runs = Vec::new();
            let mut nested = Vec::new();
            for c in li.children() {
                if matches!(name(c), "ul" | "ol") {
                    nested.push(c);
                } else {
                    self.inline(c, &Run::default(), &mut runs, depth + 1);
                }
            }
            let runs = normalise(runs);
            if !runs_text(&runs).is_empty() {
                items.push(markdown(&runs));
            }
            // A nested list is flattened into the items that follow.
            for l in nested {
                if depth < MAX_DEPTH {
                    self.list_items(l, items, depth + 1);
                }
            }
        }
    }

    fn caption(&mut self, figure: El, depth: usize) -> Option<String> {
        let fc = figure.descendants().find(|d| name(*d) == "figcaption")?;
        let mut runs = Vec::new();
        self.runs(fc, &Run::default(), &mut runs, depth);
        let runs = normalise(runs);
        (!runs_text(&runs).is_empty()).then(|| markdown(&runs))
    }

    fn figure(&mut self, n: El, depth: usize) {
        if has_class(n, "wp-block-pullquote") {
            if let Some(bq) = n.descendants().find(|d| name(*d) == "blockquote") {
                let was = std::mem::replace(&mut self.pull, true);
                self.quote(bq, depth);
                self.pull = was;
                return;
            }
        }
        let imgs = n.descendants().filter(|d| name(*d) == "img").count();
        let nested = n.descendants().skip(1).any(|d| name(d) == "figure");
        if imgs == 1 && !nested {
            let caption = self.caption(n, depth);
            let img = n.descendants().find(|d| name(*d) == "img");
            let context = self.markup.take_image_context();
            if let Some(img) = img {
                self.image(img, caption, context.as_ref());
            }
            return;
        }
        if !nested {
            if let Some(v) = n.descendants().find(|d| name(*d) == "video") {
                let caption = self.caption(n, depth);
                self.video(v, caption);
                return;
            }
            if let Some(f) = n.descendants().find(|d| name(*d) == "iframe") {
                let caption = self.caption(n, depth);
                self.embed(attr(f, "src").unwrap_or(""), caption);
                return;
            }
        }
        self.flush();
        let kids: Vec<El> = n.children().collect();
        self.walk(&kids, depth);
        self.flush();
    }

    /// An image; without a known size, a link to it (reported). `context`
    /// is what the block around it says, when it is that block's image.
    pub fn image(&mut self, img: El, caption: Option<String>, context: Option<&M::ImageContext>) {
        let src = attr(img, "src")
            .or_else(|| attr(img, "data-src"))
            .unwrap_or("")
            .trim()
            .to_string();
        let caption_text = caption.clone().unwrap_or_default();
        let Some(src) = self.url(&src).map(str::to_string) else {
            self.notes.dropped("image with a refused URL");
            if !caption_text.is_empty() {
                self.push(AuthoringBlock::Paragraph {
                    content: caption_text,
                });
            }
            return;
        };
        let ImageFacts { size, file: media } = self.markup.image_facts(context, img, &src);
        if let Some(local) = super::uploads::local(&src) {
            // The file itself: the build reads its size.
            let alt = attr(img, "alt")
                .map(collapse_ws)
                .filter(|a| !a.is_empty())
                .or_else(|| media.as_ref().map(|m| m.alt.clone()))
                .unwrap_or_default();
            let credit = media.and_then(|m| m.credit);
            self.push(super::media::local_image_block(
                &local, &alt, caption, credit,
            ));
            return;
        }
        let size = size
            .or_else(|| {
                attr(img, "width")
                    .and_then(dimension)
                    .zip(attr(img, "height").and_then(dimension))
            })
            .or_else(|| size_from_file_name(&src))
            .or_else(|| media.as_ref().and_then(|m| m.width.zip(m.height)));
        let alt = attr(img, "alt")
            .map(collapse_ws)
            .filter(|a| !a.is_empty())
            .or_else(|| media.as_ref().map(|m| m.alt.clone()))
            .unwrap_or_default();
        match size {
            Some(size) => {
                let credit = media.and_then(|m| m.credit);
                self.push(image_block(&src, &alt, size, caption, credit));
            }
            None => {
                self.notes
                    .note(format!("image without a known size kept as a link: {src}"));
                let label = if !caption_text.is_empty() {
                    caption_text
                } else if !alt.is_empty() {
                    super::inline::escape(&alt)
                } else {
                    "Image".into()
                };
                self.push(AuthoringBlock::Paragraph {
                    content: super::inline::link(&label, &src),
                });
            }
        }
    }

    /// An embedded URL: YouTube and Vimeo become videos, anything else a
    /// link paragraph.
    pub fn embed(&mut self, url: &str, caption: Option<String>) {
        let url = url.trim();
        if url.is_empty() {
            self.notes.dropped("embed without a URL");
            return;
        }
        match provider_video(url) {
            Some((p, id)) => self.push(embed_video(p, id, caption)),
            None => {
                self.notes.note(format!("embed kept as a link: {url}"));
                let label = caption.unwrap_or_else(|| super::inline::escape(url));
                match self.url(url) {
                    Some(u) => {
                        let u = u.to_string();
                        self.flush();
                        self.blocks.push(AuthoringBlock::Paragraph {
                            content: super::inline::link(&label, &u),
                        });
                    }
                    None => {
                        if !label.is_empty() && label != super::inline::escape(url) {
                            self.push(AuthoringBlock::Paragraph { content: label });
                        }
                    }
                }
            }
        }
    }

    fn video(&mut self, v: El, caption: Option<String>) {
        let source = attr(v, "src").map(|s| (s, None)).or_else(|| {
            v.children()
                .find(|c| name(*c) == "source" && attr(*c, "src").is_some())
                .map(|c| (attr(c, "src").unwrap_or(""), attr(c, "type")))
        });
        let Some((src, mime)) = source else {
            self.notes.dropped("video without a source");
            return;
        };
        if let Some((p, id)) = provider_video(src) {
            self.push(embed_video(p, id, caption));
            return;
        }
        let Some(src) = self.url(src).map(str::to_string) else {
            self.notes.dropped("video with a refused URL");
            return;
        };
        let title = caption
            .as_deref()
            .map(|c| standfirst_model::spans_text(&standfirst_content::markdown::spans(c)))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "Video".to_string());
        let mime = mime.filter(|m| m.starts_with("video/"));
        self.push(file_video(&src, mime, title, caption));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HTML and nothing else: no delimiters, no uploaded files.
    struct PlainHtml;

    impl SourceMarkup for PlainHtml {
        type ImageContext = ();
        fn comment_block(_: &mut Converter<Self>, _: &[El], _: usize, _: usize) -> Option<usize> {
            None
        }
        fn element(_: &mut Converter<Self>, _: El) -> bool {
            false
        }
        fn take_image_context(&mut self) -> Option<()> {
            None
        }
        fn image_facts(&self, _: Option<&()>, _: El, _: &str) -> ImageFacts {
            ImageFacts::default()
        }
    }

    #[test]
    fn html_converts_without_any_source_markup() {
        let (blocks, notes) = Converter::new(PlainHtml).convert(
            "<p>One <em>two</em></p><!-- wp:separator /--><hr>\
             <img src=\"https://example.org/a-30x20.jpg\" alt=\"A\"><wp-gallery data-ids=\"1\"></wp-gallery>",
        );
        assert_eq!(
            blocks,
            [
                AuthoringBlock::Paragraph {
                    content: "One *two*".into()
                },
                AuthoringBlock::Divider,
                image_block("https://example.org/a-30x20.jpg", "A", (30, 20), None, None),
            ]
        );
        assert!(notes.dropped.is_empty() && notes.as_text.is_empty());
    }
}
