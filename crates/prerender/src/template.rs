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
    pub site_json: &'a str,
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
        let text = &after_load(text)?;
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

    /// A whole page. The site data goes before the shell's inline script,
    /// which reads it before first paint; the page data after the markup.
    pub fn assemble(&self, p: Parts) -> String {
        let mut out = String::with_capacity(
            self.before_title.len()
                + self.before_root.len()
                + self.after_root.len()
                + p.app_head.len()
                + p.page_head.len()
                + p.site_json.len()
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
            "\">",
        ]
        .concat();
        out.push_str(&self.before_title.replacen(HTML_TAG, &html, 1));
        out.push_str(p.app_head);
        out.push_str(p.page_head);
        out.push_str(r#"<script type="application/json" id="standfirst-site">"#);
        out.push_str(&crate::head::json_for_script(p.site_json.trim()));
        out.push_str("</script>");
        out.push_str(&self.before_root);
        out.push_str(r#"<div id="app">"#);
        out.push_str(p.body);
        out.push_str("</div>");
        out.push_str(p.page_block);
        out.push_str(&self.after_root);
        out
    }
}

/// trunk's loader fetches the wasm as soon as the page starts loading (and
/// preloads it), so on a slow connection it competes with the page's own
/// images for bandwidth. A prerendered page is readable without it, so the
/// wasm is fetched once the page has loaded and painted: the preload goes,
/// and the loader waits for `load` and the next frame before `init`, or
/// 4 s at most, so that a picture whose request stalls (`load` never
/// comes) does not keep the app from starting.
fn after_load(text: &str) -> Result<String, String> {
    const INIT: &str = "const wasm = await init(";
    const WAIT: &str = "await new Promise((go) => { const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(go))); if (document.readyState === \"complete\") painted(); else { addEventListener(\"load\", painted, { once: true }); setTimeout(painted, 4000); } });\n";
    if !text.contains(INIT) {
        return Err(format!(
            "trunk's loader script no longer has `{INIT}`: check how it starts the wasm"
        ));
    }
    let mut out = text.replacen(INIT, &format!("{WAIT}{INIT}"), 1);
    while let Some(start) = out.find("<link rel=\"preload\"").filter(|&i| {
        out[i..]
            .find('>')
            .is_some_and(|end| out[i..i + end].contains("application/wasm"))
    }) {
        let end = start + out[start..].find('>').map_or(0, |e| e + 1);
        out.replace_range(start..end, "");
    }
    Ok(out)
}
