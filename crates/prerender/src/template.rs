//! Trunk's `index.html` as the shell of every page: its hashed script and
//! style links and its inline scripts stay exactly as they are (the CSP
//! allows those scripts by hash, so every page carries the same ones);
//! each page adds its head tags, its markup and its data.

use crate::error::PrerenderError;
use std::path::Path;

const ROOT: &str = r#"<div id="app"></div>"#;
/// The shell's root element as `index.html` writes it.
const HTML_TAG: &str = r#"<html lang="en">"#;

/// `text` safe inside a double-quoted attribute.
fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The shell, split where each page's parts go.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Up to `<title>`.
    before_title: String,
    /// From after `</title>` up to the empty root element.
    before_root: String,
    /// After the empty root element.
    after_root: String,
    base: String,
}

/// What one page puts into the shell.
pub struct Parts<'a> {
    pub app_head: &'a str,
    pub page_head: &'a str,
    /// The editions' ids, the default first, space-separated (on `<html>`,
    /// for the shell's script that sends a reader to their edition).
    pub editions: &'a str,
    pub body: &'a str,
    pub page_block: &'a str,
    /// The publication's language (BCP 47) and direction, on `<html>`.
    pub lang: &'a str,
    pub dir: &'a str,
}

impl Shell {
    pub fn read(path: &Path) -> Result<Shell, PrerenderError> {
        let text = std::fs::read_to_string(path).map_err(|e| PrerenderError::io(path, e))?;
        Shell::parse(&text).map_err(|reason| PrerenderError::Shell {
            path: path.display().to_string(),
            reason,
        })
    }

    pub fn parse(text: &str) -> Result<Shell, String> {
        if text.contains("id=\"standfirst-page\"") {
            return Err("already prerendered: build the shell again with trunk first".into());
        }
        let text = &loader(text)?;
        if !text.contains(HTML_TAG) {
            return Err(format!("no {HTML_TAG} in the shell"));
        }
        let t0 = text.find("<title>").ok_or("no <title> in the shell")?;
        let t1 = text[t0..]
            .find("</title>")
            .map(|i| t0 + i + "</title>".len())
            .ok_or("no </title> in the shell")?;
        let r0 = text[t1..]
            .find(ROOT)
            .map(|i| t1 + i)
            .ok_or_else(|| format!("no empty {ROOT} in the shell's body"))?;
        let base = text
            .find("<base href=\"")
            .map(|i| &text[i + "<base href=\"".len()..])
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("/")
            .to_string();
        Ok(Shell {
            before_title: text[..t0].to_string(),
            before_root: text[t1..r0].to_string(),
            after_root: text[r0 + ROOT.len()..].to_string(),
            base,
        })
    }

    /// The public base path from the shell's `<base href>` (trunk's `--public-url`).
    pub fn base_path(&self) -> &str {
        &self.base
    }

    /// A whole page: the markup, then the element naming the page's data.
    pub fn assemble(&self, p: Parts) -> String {
        let mut out = String::with_capacity(
            self.before_title.len()
                + self.before_root.len()
                + self.after_root.len()
                + p.app_head.len()
                + p.page_head.len()
                + p.editions.len()
                + p.body.len()
                + p.page_block.len()
                + 256,
        );
        // The shell's `<html lang="en">` speaks the publication's language.
        let html = [
            "<html lang=\"",
            &escape_attr(p.lang),
            "\" dir=\"",
            p.dir,
            "\" data-editions=\"",
            &escape_attr(p.editions),
            "\">",
        ]
        .concat();
        out.push_str(&self.before_title.replacen(HTML_TAG, &html, 1));
        out.push_str(p.app_head);
        out.push_str(p.page_head);
        out.push_str(&self.before_root);
        out.push_str(r#"<div id="app">"#);
        out.push_str(p.body);
        out.push_str("</div>");
        out.push_str(p.page_block);
        out.push_str(&self.after_root);
        out
    }
}

/// trunk's loader, rewritten. trunk's own imports its JS at once (with a
/// `modulepreload` of it and a preload of the wasm), so on a slow
/// connection the app's files compete with the page's own CSS and images.
/// A prerendered page is readable without them, so nothing of the app is
/// asked for before the page has loaded and painted: the preloads go, and
/// the loader waits for `load` and the next frame, or 4 s at most (a
/// picture whose request stalls never fires `load`). Then it fetches, side
/// by side, the wasm, the JS and the two data files the app takes the page
/// over with (`site.json` and the page's own, which its `standfirst-page`
/// element names: src/boot.rs), and starts the app once pwa.js, which the
/// shell's script adds once `load` has painted, has run (`standfirstPwa`: the app's
/// search calls what it defines).
fn loader(text: &str) -> Result<String, String> {
    const OPEN: &str = "<script type=\"module\">";
    const IMPORT: &str = "import init, * as bindings from '";
    const WASM: &str = "module_or_path: '";
    let start = text
        .find(OPEN)
        .filter(|&i| text[i..].contains(IMPORT))
        .ok_or("no trunk loader (<script type=\"module\"> importing `init`) in the shell")?;
    let body = start + OPEN.len();
    let end = body
        + text[body..]
            .find("</script>")
            .ok_or("trunk's loader script is not closed")?;
    let quoted = |after: &str| -> Result<String, String> {
        let from = text[body..end]
            .find(after)
            .map(|i| body + i + after.len())
            .ok_or_else(|| {
                format!("trunk's loader no longer has `{after}`: check how it starts the wasm")
            })?;
        let to = text[from..end]
            .find('\'')
            .ok_or("an unclosed quote in trunk's loader")?;
        Ok(text[from..from + to].to_string())
    };
    let (glue, wasm) = (quoted(IMPORT)?, quoted(WASM)?);
    let script = format!(
        r#"
await new Promise((go) => {{ const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(go))); if (document.readyState === "complete") painted(); else {{ addEventListener("load", painted, {{ once: true }}); setTimeout(painted, 4000); }} }});
const data = (src) => fetch(new URL(src, document.baseURI)).then((r) => (r.ok ? r.text() : null), () => null);
const src = document.getElementById("standfirst-page")?.getAttribute("data-src");
window.standfirstData = Promise.all([data("api/v1/site.json"), src ? data(src) : null]);
const file = fetch('{wasm}');
const bindings = await import('{glue}');
await window.standfirstPwa;
const wasm = await bindings.default({{ module_or_path: file }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{ detail: {{ wasm }} }}));
"#
    );
    let mut out = [&text[..body], &script, &text[end..]].concat();
    // trunk's preloads of the wasm and the JS.
    let preload = |html: &str| {
        html.match_indices("<link rel=\"")
            .map(|(i, _)| i)
            .find(|&i| {
                let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
                tag.starts_with("<link rel=\"modulepreload\"")
                    || (tag.starts_with("<link rel=\"preload\"")
                        && tag.contains("application/wasm"))
            })
    };
    while let Some(start) = preload(&out) {
        let end = start + out[start..].find('>').map_or(0, |e| e + 1);
        out.replace_range(start..end, "");
    }
    Ok(out)
}
