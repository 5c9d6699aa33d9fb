//! WordPress shortcodes in post text.
//!
//! Shortcodes are WordPress's own bracket syntax, not HTML, so they are read
//! here, before the HTML parser sees the post: `[caption]` becomes a
//! `<figure>` with its `<figcaption>`, `[embed]`, `[youtube]`, `[vimeo]`,
//! `[video]` and `[gallery ids]` become elements the converter maps, and any
//! other shortcode loses its brackets but keeps the text it encloses (its
//! name is reported).

use standfirst_model::escape_html;

/// One shortcode tag found in the text.
struct Tag<'s> {
    end: usize,
    name: &'s str,
    attrs: &'s str,
    closing: bool,
}

fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The tag starting at `at` (which holds `[`), if it is one.
fn tag_at(s: &str, at: usize) -> Option<Tag<'_>> {
    let b = s.as_bytes();
    let mut i = at + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    while b.get(i).is_some_and(|c| name_char(*c)) {
        i += 1;
    }
    let name = &s[name_start..i];
    let close = s[i..].find(']')? + i;
    let attrs = &s[i..close];
    // `[name]`, `[name attr…]` or `[name/]`; a newline means prose.
    if !(attrs.is_empty() || attrs.starts_with(' ') || attrs.starts_with('/'))
        || attrs.contains('\n')
        || attrs.contains('[')
    {
        return None;
    }
    Some(Tag {
        end: close + 1,
        name,
        attrs,
        closing,
    })
}

/// `key="value"`, `key='value'` or `key=value` from shortcode attributes;
/// a bare first value (`[youtube URL]`) is found under "".
fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs.trim().trim_end_matches('/').trim();
    while !rest.is_empty() {
        let (k, after) = match rest.find(|c: char| c == '=' || c.is_whitespace()) {
            Some(p) if rest[p..].starts_with('=') => (&rest[..p], &rest[p + 1..]),
            _ => ("", rest),
        };
        let (v, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let e = body.find(q).unwrap_or(body.len());
                (&body[..e], body.get(e + 1..).unwrap_or(""))
            }
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        if k.eq_ignore_ascii_case(key) {
            return Some(v.to_string());
        }
        rest = next.trim_start();
    }
    None
}

/// Rewrites shortcodes; returns the HTML and the names of the shortcodes
/// whose brackets were removed without an equivalent.
pub fn expand(html: &str) -> (String, Vec<String>) {
    if !html.contains('[') {
        return (html.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(html.len());
    let mut dropped = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('[') {
        let at = i + rel;
        out.push_str(&html[i..at]);
        let Some(tag) = tag_at(html, at) else {
            out.push('[');
            i = at + 1;
            continue;
        };
        let closer = format!("[/{}]", tag.name);
        let body_end = (!tag.closing)
            .then(|| html[tag.end..].find(&closer).map(|p| tag.end + p))
            .flatten();
        let known = matches!(
            tag.name,
            "caption" | "wp_caption" | "embed" | "youtube" | "vimeo" | "video" | "gallery"
        );
        // Prose such as "[sic]" is neither enclosing nor has attributes.
        if !known && body_end.is_none() && !tag.attrs.contains('=') && !tag.closing {
            out.push('[');
            i = at + 1;
            continue;
        }
        let body = body_end.map(|e| &html[tag.end..e]).unwrap_or("");
        let next = body_end.map(|e| e + closer.len()).unwrap_or(tag.end);
        match (tag.name, tag.closing) {
            ("caption" | "wp_caption", false) => {
                // The markup up to the last `>` is the image; the rest is
                // the caption text (WordPress splits it the same way).
                let split = body.rfind('>').map(|p| p + 1).unwrap_or(0);
                let caption = attr(tag.attrs, "caption").unwrap_or_default();
                out.push_str(&format!(
                    "<figure>{}<figcaption>{}{}</figcaption></figure>",
                    &body[..split],
                    escape_html(&caption),
                    &body[split..]
                ));
            }
            ("embed" | "youtube" | "vimeo", false) => {
                let url = if body.trim().is_empty() {
                    attr(tag.attrs, "").or_else(|| attr(tag.attrs, "url"))
                } else {
                    Some(body.trim().to_string())
                };
                out.push_str(&format!(
                    "<wp-embed data-url=\"{}\"></wp-embed>",
                    escape_html(&url.unwrap_or_default())
                ));
            }
            ("video", false) => {
                let src = ["src", "mp4", "webm", "ogv", "m4v"]
                    .iter()
                    .find_map(|k| attr(tag.attrs, k))
                    .unwrap_or_default();
                out.push_str(&format!("<video src=\"{}\"></video>", escape_html(&src)));
            }
            ("gallery", false) => {
                let ids = attr(tag.attrs, "ids").or_else(|| attr(tag.attrs, "include"));
                out.push_str(&format!(
                    "<wp-gallery data-ids=\"{}\"></wp-gallery>",
                    escape_html(&ids.unwrap_or_default())
                ));
                out.push_str(body);
            }
            _ => {
                dropped.push(format!("shortcode [{}]", tag.name));
                out.push_str(body);
            }
        }
        i = next;
    }
    out.push_str(&html[i..]);
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_becomes_a_figure() {
        let (h, d) = expand(
            r#"a [caption id="x" width="300"]<img src="/i.jpg" width="300" height="200"> The harbour[/caption] b"#,
        );
        assert_eq!(
            h,
            r#"a <figure><img src="/i.jpg" width="300" height="200"><figcaption> The harbour</figcaption></figure> b"#
        );
        assert!(d.is_empty());
    }

    #[test]
    fn unknown_shortcodes_keep_their_text_and_prose_brackets_stay() {
        let (h, d) = expand("[note type=\"x\"]Keep me[/note] and [sic] and [1]");
        assert_eq!(h, "Keep me and [sic] and [1]");
        assert_eq!(d, vec!["shortcode [note]".to_string()]);
    }

    #[test]
    fn embeds_and_galleries() {
        let (h, _) = expand("[embed]https://youtu.be/abc[/embed][gallery ids=\"1,2\"]");
        assert_eq!(
            h,
            "<wp-embed data-url=\"https://youtu.be/abc\"></wp-embed><wp-gallery data-ids=\"1,2\"></wp-gallery>"
        );
        assert_eq!(
            attr(" https://x.org/v ", "").as_deref(),
            Some("https://x.org/v")
        );
    }
}
