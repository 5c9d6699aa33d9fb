//! A guard against HTML bombs: html5ever's tree builder spends time
//! quadratic in the nesting depth (it searches the open elements and the
//! active formatting elements at every tag), so a post nested thousands of
//! levels deep is read with the tokenizer alone, which is linear, as plain
//! text.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::{Cell, RefCell};

/// Deeper than this, a post is read as plain text.
pub const MAX_NESTING: usize = 2_000;

#[derive(Default)]
struct Scan {
    depth: Cell<usize>,
    max: Cell<usize>,
    text: RefCell<String>,
}

/// Elements without an end tag, or whose end tag is usually left out.
fn unbalanced(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
    )
}

impl TokenSink for Scan {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(t) if !unbalanced(&t.name) => match t.kind {
                TagKind::StartTag if !t.self_closing => {
                    self.depth.set(self.depth.get() + 1);
                    self.max.set(self.max.get().max(self.depth.get()));
                }
                TagKind::EndTag => self.depth.set(self.depth.get().saturating_sub(1)),
                _ => {}
            },
            Token::TagToken(_) => self.text.borrow_mut().push(' '),
            Token::CharacterTokens(s) => self.text.borrow_mut().push_str(&s),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The deepest nesting of `html`'s elements and its text.
pub fn scan(html: &str) -> (usize, String) {
    let tok = Tokenizer::new(Scan::default(), TokenizerOpts::default());
    let q = BufferQueue::default();
    q.push_back(StrTendril::from(html));
    let _ = tok.feed(&q);
    tok.end();
    (tok.sink.max.get(), tok.sink.text.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_text() {
        assert_eq!(scan("<div><p>a<p>b</div><br><img>").0, 1);
        let (d, t) = scan(&format!(
            "{}x &amp; y{}",
            "<em>".repeat(50),
            "</em>".repeat(50)
        ));
        assert_eq!((d, t.as_str()), (50, "x & y"));
    }
}
