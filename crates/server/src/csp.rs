//! The Content-Security-Policy: inline `<script>` hashes read from the built
//! HTML, and the policy text built from them.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// More distinct inline scripts than this is a sign that pages carry
/// per-page code, which a site-wide CSP header cannot list sensibly.
const MANY_HASHES: usize = 32;

/// `'sha256-…'` for each executable inline script in `html`, in document
/// order. The hash is over the exact text between `<script …>` and
/// `</script>`, as browsers compute it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_scripts(html)
        .into_iter()
        .map(|text| {
            let digest = Sha256::digest(text.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// Hashes from every `.html` file in `dist` (index.html's first),
/// deduplicated.
///
/// Prerendered pages carry the same executable inline scripts as
/// index.html and keep their own data in `application/json` or
/// `application/ld+json` blocks, which are not hashed; so the list is
/// index.html's. A page with a script of its own still gets it allowed,
/// with a warning, rather than a page that breaks under the header.
pub fn hashes_in_dist(dist: &Path) -> std::io::Result<Vec<String>> {
    let index = dist.join("index.html");
    let mut pages = Vec::new();
    let mut html = |p: &Path| {
        if p.extension().is_some_and(|e| e == "html") && p != index {
            pages.push(p.to_path_buf());
        }
    };
    // A link is never served: its scripts need no hash.
    crate::walk::files(dist, &mut html, &mut |_| {})?;
    // Adds the hashes of `html`'s inline scripts not seen yet; true if any.
    let add_new = |hashes: &mut Vec<String>, html: &str| {
        let before = hashes.len();
        for h in inline_script_hashes(html) {
            if !hashes.contains(&h) {
                hashes.push(h);
            }
        }
        hashes.len() > before
    };
    let mut hashes: Vec<String> = Vec::new();
    if index.is_file() {
        add_new(&mut hashes, &std::fs::read_to_string(&index)?);
    }
    let (mut own, mut first_own) = (0, None);
    for page in &pages {
        if add_new(&mut hashes, &std::fs::read_to_string(page)?) {
            own += 1;
            first_own.get_or_insert(page);
        }
    }
    if let Some(first) = first_own {
        tracing::warn!(
            "{own} HTML file(s) carry inline scripts that index.html does not (first: {}); the CSP allows them too",
            first.strip_prefix(dist).unwrap_or(first).display()
        );
    }
    if hashes.len() > MANY_HASHES {
        tracing::warn!(
            "{} distinct inline scripts across the site's HTML: the CSP header lists them all",
            hashes.len()
        );
    }
    Ok(hashes)
}

/// The policy. `script_hashes` are `'sha256-…'` sources; `endpoints` are
/// extra origins the app may fetch from and a form may post to (an
/// absolute newsletter endpoint's).
///
/// `base-uri` is `'self'` rather than `'none'`: trunk writes a
/// `<base href>` into index.html (its public URL), and the app and the
/// boot script resolve paths against it; `'none'` would block it.
pub fn policy(script_hashes: &[String], endpoints: &[String]) -> String {
    let sources = |first: &str, rest: &[String]| {
        let mut out = first.to_string();
        for s in rest {
            out.push(' ');
            out.push_str(s);
        }
        out
    };
    let script_src = sources("'self' 'wasm-unsafe-eval'", script_hashes);
    let connect_src = sources("'self'", endpoints);
    let form_action = sources("'self'", endpoints);
    [
        "default-src 'self'".to_string(),
        format!("script-src {script_src}"),
        "style-src 'self'".into(),
        "img-src 'self' data: https:".into(),
        "media-src 'self' https:".into(),
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com".into(),
        format!("connect-src {connect_src}"),
        "object-src 'none'".into(),
        "base-uri 'self'".into(),
        "frame-ancestors 'none'".into(),
        format!("form-action {form_action}"),
    ]
    .join("; ")
}

/// The text of each inline script that CSP governs: no `src`, and a type
/// that is JavaScript, a module or an import map (data blocks such as
/// `application/ld+json` are not executed, so they need no hash).
fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while at < html.len() {
        let next_comment = lower[at..].find("<!--").map(|i| i + at);
        let next_script = find_script_open(&lower, at);
        let Some(open) = next_script else { break };
        if let Some(c) = next_comment.filter(|&c| c < open) {
            at = lower[c + 4..]
                .find("-->")
                .map_or(html.len(), |i| c + 4 + i + 3);
            continue;
        }
        let Some(tag_end) = tag_end(html, open + "<script".len()) else {
            break;
        };
        let attrs = attributes(&html[open + "<script".len()..tag_end]);
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |i| body_start + i);
        let executable = attrs.iter().all(|(n, _)| n != "src")
            && attrs
                .iter()
                .find(|(n, _)| n == "type")
                .is_none_or(|(_, t)| is_script_type(t));
        if executable {
            out.push(&html[body_start..body_end]);
        }
        at = body_end;
    }
    out
}

/// `<script` followed by whitespace, `>` or `/` (not `<scripts`).
fn find_script_open(lower: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find("<script") {
        let pos = at + i;
        let after = lower.as_bytes().get(pos + 7).copied().unwrap_or(b'>');
        if after.is_ascii_whitespace() || after == b'>' || after == b'/' {
            return Some(pos);
        }
        at = pos + 7;
    }
    None
}

/// The index of the `>` closing a start tag, skipping quoted values.
fn tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in html.bytes().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Attribute names (lower-cased) and values of a start tag's inside.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/'))
                .collect();
        if name.is_empty() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(q) => value = chars.by_ref().take_while(|c| *c != q).collect(),
                None => {
                    value = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect()
                }
            }
        }
        out.push((name.to_ascii_lowercase(), value));
    }
    out
}

fn is_script_type(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    t.is_empty()
        || t == "module"
        || t == "importmap"
        || t == "speculationrules"
        || t.contains("javascript")
        || t.contains("ecmascript")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(text: &str) -> String {
        let d = Sha256::digest(text.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(d)
        )
    }

    #[test]
    fn hashes_exact_inline_text_and_skips_external_and_data() {
        let html = "<!-- <script>commented()</script> -->\n<SCRIPT type=\"module\">\nimport x from '/a.js';\n</SCRIPT>\
            <script src=\"/x.js\"></script><script data-src=\"x\">b()</script>\
            <script type='application/ld+json'>{}</script><scripts>no</scripts><script>c(\"</div>\")</script>";
        assert_eq!(
            inline_script_hashes(html),
            vec![
                sha("\nimport x from '/a.js';\n"),
                sha("b()"),
                sha("c(\"</div>\")")
            ]
        );
    }

    #[test]
    fn data_blocks_are_not_hashed_and_module_or_untyped_scripts_are() {
        let html = "<script type=\"application/json\" id=\"page-data\">{\"slug\":\"a\"}</script>\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>\
            <script type=\" Application/JSON \">{}</script><script type=\"text/plain\">x</script>\
            <script type=\"module\">m()</script><script>t()</script><script type=\"\">e()</script>\
            <script type=\"text/javascript\">j()</script>";
        assert_eq!(
            inline_script_hashes(html),
            vec![sha("m()"), sha("t()"), sha("e()"), sha("j()")]
        );
    }

    #[test]
    fn pages_with_the_same_scripts_add_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let shell = "<script type=\"module\">boot()</script><script>theme()</script>";
        std::fs::write(dir.path().join("index.html"), shell).unwrap();
        std::fs::create_dir_all(dir.path().join("world")).unwrap();
        std::fs::write(
            dir.path().join("world/a-story.html"),
            format!("{shell}<script type=\"application/json\">{{\"a\":1}}</script>"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("uk.html"),
            format!("<script>theme()</script>{shell}"),
        )
        .unwrap();
        assert_eq!(
            hashes_in_dist(dir.path()).unwrap(),
            vec![sha("boot()"), sha("theme()")]
        );
        // A page with a script of its own gets it allowed too.
        std::fs::write(dir.path().join("odd.html"), "<script>odd()</script>").unwrap();
        assert_eq!(
            hashes_in_dist(dir.path()).unwrap(),
            vec![sha("boot()"), sha("theme()"), sha("odd()")]
        );
    }

    #[test]
    fn policy_is_strict() {
        let p = policy(&[sha("a")], &["https://signup.example.org".into()]);
        assert!(p.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {}",
            sha("a")
        )));
        assert!(p.contains("connect-src 'self' https://signup.example.org;"));
        assert!(p.ends_with("; form-action 'self' https://signup.example.org"));
        assert!(policy(&[], &[]).ends_with("; form-action 'self'"));
        assert!(p.contains("object-src 'none'") && p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"));
        assert!(!p.contains('\n'));
    }
}
