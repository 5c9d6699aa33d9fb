//! Inline text -> the authoring format's inline Markdown.
//!
//! Imported HTML is first read into [`Run`]s (text with emphasis, strong and
//! a link); those are written as Markdown with every character that would
//! change meaning escaped. The result is parsed back with the compiler's own
//! reader: if its text differs from the runs' text (an emphasis the
//! flanking rules would not honour, say), the runs are written again without
//! emphasis, so the words always survive.

use standfirst_content::markdown::parse_inline;
use standfirst_model::spans_text;

/// A piece of inline text with its styles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub strong: bool,
    pub em: bool,
    pub href: Option<String>,
}

/// Collapses runs of whitespace (HTML rendering) to single spaces.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The plain text of runs, whitespace collapsed.
pub fn runs_text(runs: &[Run]) -> String {
    collapse_ws(&runs.iter().map(|r| r.text.as_str()).collect::<String>())
}

/// Escapes text so that inline Markdown reads it back literally.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '[' | ']' | '(' | ')' | '`' | '<' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination written so that Markdown keeps it whole.
pub fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Merges neighbours with the same style and collapses whitespace across
/// them; drops leading and trailing space.
pub fn normalise(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut pending_space = false;
    for r in runs {
        for (i, word) in r.text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            let same = out
                .last()
                .is_some_and(|l: &Run| l.strong == r.strong && l.em == r.em && l.href == r.href);
            if !same {
                out.push(Run {
                    text: String::new(),
                    strong: r.strong,
                    em: r.em,
                    href: r.href.clone(),
                });
                if pending_space && out.len() > 1 {
                    // The space goes at the end of the previous run, outside
                    // any delimiters of this one.
                    let n = out.len();
                    out[n - 2].text.push(' ');
                }
            } else if pending_space {
                if let Some(l) = out.last_mut() {
                    l.text.push(' ');
                }
            }
            pending_space = false;
            if let Some(l) = out.last_mut() {
                l.text.push_str(word);
            }
        }
    }
    out
}

fn styled(run: &Run, with_styles: bool) -> String {
    let (text, strong, em) = (&run.text, with_styles && run.strong, with_styles && run.em);
    // Trailing spaces stay outside the delimiters (flanking rules).
    let body = text.trim_end();
    let tail = &text[body.len()..];
    let esc = escape(body);
    if body.is_empty() {
        return tail.to_string();
    }
    let d = match (strong, em) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    format!("{d}{esc}{d}{tail}")
}

fn write(runs: &[Run], with_styles: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < runs.len() {
        match &runs[i].href {
            Some(href) => {
                // A link: its runs, then the destination.
                let mut label = String::new();
                let mut j = i;
                while j < runs.len() && runs[j].href.as_ref() == Some(href) {
                    label.push_str(&styled(&runs[j], with_styles));
                    j += 1;
                }
                let body = label.trim_end();
                let tail = label[body.len()..].to_string();
                out.push_str(&format!("[{body}]({}){tail}", destination(href)));
                i = j;
            }
            None => {
                out.push_str(&styled(&runs[i], with_styles));
                i += 1;
            }
        }
    }
    out.trim_end().to_string()
}

/// A link paragraph's Markdown: `label` is Markdown already.
pub fn link(label: &str, url: &str) -> String {
    format!("[{label}]({})", destination(url))
}

/// Inline Markdown for `runs` (already normalised) whose text, read back,
/// equals the runs' text.
pub fn markdown(runs: &[Run]) -> String {
    let want = runs_text(runs);
    for with_styles in [true, false] {
        let md = write(runs, with_styles);
        if collapse_ws(&spans_text(&parse_inline(&md).spans)) == want {
            return md;
        }
    }
    escape(&want)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, strong: bool, em: bool, href: Option<&str>) -> Run {
        Run {
            text: text.into(),
            strong,
            em,
            href: href.map(str::to_string),
        }
    }

    #[test]
    fn escapes_what_would_change_meaning() {
        let md = markdown(&normalise(vec![run(
            "a *b* [c](d) \\ e_f_",
            false,
            false,
            None,
        )]));
        let back = spans_text(&parse_inline(&md).spans);
        assert_eq!(back, "a *b* [c](d) \\ e_f_");
        assert!(parse_inline(&md).links.is_empty());
    }

    #[test]
    fn styles_and_links() {
        let runs = normalise(vec![
            run("Read ", false, false, None),
            run(" the ", false, true, None),
            run("report", true, false, Some("https://e.org/a (b)")),
            run(" now", false, false, None),
        ]);
        let md = markdown(&runs);
        assert_eq!(md, "Read *the* [**report**](https://e.org/a%20%28b%29) now");
        let inline = parse_inline(&md);
        assert_eq!(spans_text(&inline.spans), "Read the report now");
        assert!(inline.spans.iter().any(|s| s.strong && s.href.is_some()));
    }

    #[test]
    fn unflankable_emphasis_falls_back_to_plain_text() {
        let runs = normalise(vec![
            run("x", false, false, None),
            run("*", true, false, None),
        ]);
        let md = markdown(&runs);
        assert_eq!(spans_text(&parse_inline(&md).spans), "x*");
    }
}
