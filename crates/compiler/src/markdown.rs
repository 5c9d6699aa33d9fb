//! Inline Markdown -> spans.
//!
//! Only `*em*`, `**strong**`, `[label](url)` and backslash escapes are
//! honoured. Everything else CommonMark would interpret (`_em_`, heading and
//! list markers, code, HTML, images, autolinks, reference links,
//! entities...) stays literal text, exactly as written.
//!
//! pulldown-cmark does the parsing; the output is rebuilt from its source
//! ranges: the text between events is copied through, except the delimiters
//! of the honoured constructs and the backslash of an escape.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use standfirst_model::Span;

/// The spans of an inline Markdown string and the destinations of the links
/// it honours (checked by the validator, including links with no label).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    pub spans: Vec<Span>,
    pub links: Vec<String>,
}

/// Spans only (for delivery).
pub fn spans(src: &str) -> Vec<Span> {
    parse_inline(src).spans
}

/// Parses one inline Markdown string. Never panics.
pub fn parse_inline(src: &str) -> Inline {
    let mut b = Builder {
        src,
        cursor: 0,
        drop_next_gap: false,
        strong: 0,
        em: 0,
        styled: Vec::new(),
        hrefs: Vec::new(),
        out: Inline::default(),
    };
    let mut opaque_depth = 0usize;
    for (event, range) in Parser::new_ext(src, Options::empty()).into_offset_iter() {
        if opaque_depth > 0 {
            match event {
                Event::Start(_) => opaque_depth += 1,
                Event::End(_) => opaque_depth -= 1,
                _ => {}
            }
            continue;
        }
        let (start, end) = (range.start.min(src.len()), range.end.min(src.len()));
        match event {
            Event::Start(tag) => match tag {
                // `_em_` and `__strong__`: transparent, delimiters literal.
                Tag::Emphasis | Tag::Strong if src.as_bytes().get(start) == Some(&b'_') => {
                    b.gap(start);
                    b.drop_next_gap = false;
                    b.styled.push(false);
                }
                Tag::Emphasis | Tag::Strong => {
                    b.styled.push(true);
                    b.open(start);
                    if matches!(tag, Tag::Strong) {
                        b.strong += 1;
                    } else {
                        b.em += 1;
                    }
                }
                Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    ..
                } => {
                    b.open(start);
                    b.out.links.push(dest_url.to_string());
                    b.hrefs.push(dest_url.to_string());
                }
                // Block structure is transparent: its markers are copied
                // through as gaps, its inline content is still honoured.
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item => {}
                // Code blocks, HTML blocks, images, autolinks, reference
                // links and anything else: the source, verbatim.
                _ => {
                    b.leaf(start, end);
                    opaque_depth = 1;
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Emphasis | TagEnd::Strong => {
                    if !b.styled.pop().unwrap_or(false) {
                        b.gap(end); // `_` delimiters stay literal
                    } else if tag == TagEnd::Strong {
                        b.close(end, |b| b.strong = b.strong.saturating_sub(1));
                    } else {
                        b.close(end, |b| b.em = b.em.saturating_sub(1));
                    }
                }
                TagEnd::Link => b.close(end, |b| {
                    b.hrefs.pop();
                }),
                _ => {}
            },
            // Text is copied from the source so that entities stay literal.
            _ => b.leaf(start, end),
        }
    }
    b.gap(src.len());
    b.out
}

struct Builder<'s> {
    src: &'s str,
    /// Source bytes before this are done.
    cursor: usize,
    /// The next gap is the opening delimiter of an honoured construct.
    drop_next_gap: bool,
    strong: usize,
    em: usize,
    /// Per open emphasis or strong: whether it is honoured (`*`, not `_`).
    styled: Vec<bool>,
    hrefs: Vec<String>,
    out: Inline,
}

impl Builder<'_> {
    /// Source text from the cursor up to `to` that no event covered.
    fn gap(&mut self, to: usize) {
        if to <= self.cursor {
            return;
        }
        let from = self.cursor;
        self.cursor = to;
        if std::mem::take(&mut self.drop_next_gap) {
            return;
        }
        let mut text = self.src.get(from..to).unwrap_or_default();
        // A backslash escape: pulldown-cmark leaves the backslash uncovered
        // and starts the next text at the escaped character.
        let next = self.src.get(to..).and_then(|s| s.chars().next());
        if text.ends_with('\\') && next.is_some_and(|c| c.is_ascii_punctuation()) {
            text = &text[..text.len() - 1];
        }
        self.push(text);
    }

    fn leaf(&mut self, start: usize, end: usize) {
        self.gap(start);
        self.drop_next_gap = false;
        if end > self.cursor {
            let text = self.src.get(self.cursor..end).unwrap_or_default();
            self.push(text);
            self.cursor = end;
        }
    }

    fn open(&mut self, start: usize) {
        self.gap(start);
        self.drop_next_gap = true;
    }

    fn close(&mut self, end: usize, pop: impl FnOnce(&mut Self)) {
        self.drop_next_gap = true;
        self.gap(end);
        self.drop_next_gap = false;
        pop(self);
    }

    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let (strong, em, href) = (self.strong > 0, self.em > 0, self.hrefs.last());
        if let Some(last) = self.out.spans.last_mut() {
            if last.strong == strong && last.em == em && last.href.as_ref() == href {
                last.text.push_str(text);
                return;
            }
        }
        self.out.spans.push(Span {
            text: text.to_string(),
            strong,
            em,
            href: href.cloned(),
        });
    }
}

/// Words in a span list (for reading time).
pub fn word_count(spans: &[Span]) -> usize {
    standfirst_model::spans_text(spans)
        .split_whitespace()
        .count()
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
