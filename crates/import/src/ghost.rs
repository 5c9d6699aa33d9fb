//! `import ghost`: a Ghost JSON export (Settings -> Labs -> Export) ->
//! content.
//!
//! Posts come from `db[0].data.posts`, their tags and authors from the link
//! tables `posts_tags` and `posts_authors`. A post's `lexical` document is
//! mapped node by node; without one (older, `mobiledoc` exports) its
//! rendered `html` goes through the same converter as WordPress posts, which
//! knows Ghost's card markup.
//!
//! That converter reads WordPress's own markup too ([`WordPressMarkup`]),
//! in Ghost posts as in WordPress ones: posts migrated from WordPress keep
//! the block editor's delimiters and shortcodes. A Ghost export lists no
//! attachments, so its media index is empty.

use super::authors::{self, usable_name, web_link, without_emails, Byline, Person};
use super::gutenberg::{WordPressMarkup, WpConverter};
use super::inline::{collapse_ws, markdown, normalise, runs_text, Run};
use super::media::{file_video, image_block, MediaIndex};
use super::{
    paragraph_markdown, Draft, ImportError, ImportReport, Options, PostNotes, Sink, SiteInfo, Term,
    NEWSLETTER_LIST,
};
use serde_json::Value;
use standfirst_content::authoring::{
    AuthoringBlock, AuthoringHero, AuthoringImage, AuthoringPicture,
};
use standfirst_content::validate::rules::parse_time;
use std::collections::HashMap;
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::UtcOffset;

/// `__GHOST_URL__` (how exports write the site's own address) becomes a
/// site-relative URL.
fn ghost_url(u: &str) -> String {
    u.trim().replace("__GHOST_URL__", "")
}

fn s<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// The array under `k` (empty when there is none).
fn array<'v>(v: &'v Value, k: &str) -> impl Iterator<Item = &'v Value> {
    v.get(k).and_then(Value::as_array).into_iter().flatten()
}

fn dim(v: &Value, k: &str) -> Option<u32> {
    v.get(k)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n > 0)
}

/// Lexical text format bits.
const BOLD: u64 = 1;
const ITALIC: u64 = 2;

/// The inline runs of a lexical element's children.
fn runs(cv: &mut WpConverter, node: &Value, base: &Run, out: &mut Vec<Run>) {
    for c in array(node, "children") {
        let kind = s(c, "type");
        match kind.trim_start_matches("extended-") {
            "text" | "tab" => {
                let f = c.get("format").and_then(Value::as_u64).unwrap_or(0);
                out.push(Run {
                    text: s(c, "text").to_string(),
                    strong: base.strong || f & BOLD != 0,
                    em: base.em || f & ITALIC != 0,
                    href: base.href.clone(),
                });
            }
            "linebreak" => out.push(Run {
                text: " ".into(),
                ..base.clone()
            }),
            "link" | "autolink" | "at-link" => {
                let mut b = base.clone();
                b.href = cv.url(&ghost_url(s(c, "url"))).map(str::to_string);
                runs(cv, c, &b, out);
            }
            _ => runs(cv, c, base, out),
        }
    }
}

fn inline_md(cv: &mut WpConverter, node: &Value) -> Option<String> {
    let mut r = Vec::new();
    runs(cv, node, &Run::default(), &mut r);
    let r = normalise(r);
    (!runs_text(&r).is_empty()).then(|| markdown(&r))
}

/// A caption given as HTML (cards keep captions as HTML strings).
fn html_caption(cv: &mut WpConverter, html: &str) -> Option<String> {
    if html.trim().is_empty() {
        return None;
    }
    let mut sub = WordPressMarkup::converter(cv.markup.media);
    let (blocks, notes) = {
        sub.pending_html(html);
        sub.finish()
    };
    cv.notes.refused.extend(notes.refused);
    // A caption is inline text: its paragraphs are kept, the blocks of
    // other kinds its HTML may hold are not.
    let parts: Vec<&str> = blocks.iter().filter_map(paragraph_markdown).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn plain(md: &Option<String>) -> Option<String> {
    md.as_deref()
        .map(|m| {
            collapse_ws(&standfirst_model::spans_text(
                &standfirst_content::markdown::spans(m),
            ))
        })
        .filter(|t| !t.is_empty())
}

/// Maps one lexical node (a card or a block) onto blocks.
fn node(cv: &mut WpConverter, n: &Value) {
    let kind = s(n, "type");
    let kind = kind.strip_prefix("extended-").unwrap_or(kind);
    match kind {
        "paragraph" => {
            if let Some(md) = inline_md(cv, n) {
                cv.push(AuthoringBlock::Paragraph { content: md });
            }
        }
        "heading" => {
            let level = match s(n, "tag") {
                "h1" | "h2" => 2,
                "h3" => 3,
                _ => 4,
            };
            if let Some(md) = inline_md(cv, n) {
                cv.push(AuthoringBlock::Heading { level, content: md });
            }
        }
        "quote" => {
            if let Some(md) = inline_md(cv, n) {
                cv.push(AuthoringBlock::Quote {
                    content: md,
                    cite: None,
                    cite_url: None,
                });
            }
        }
        "aside" => {
            if let Some(text) = plain(&inline_md(cv, n)) {
                cv.push(AuthoringBlock::Pullquote {
                    text,
                    attribution: None,
                });
            }
        }
        "list" => {
            let mut items = Vec::new();
            list_items(cv, n, &mut items, 0);
            if !items.is_empty() {
                cv.push(AuthoringBlock::List {
                    ordered: s(n, "listType") == "number",
                    items,
                });
            }
        }
        "horizontalrule" => cv.push(AuthoringBlock::Divider),
        "image" => image(cv, n),
        "gallery" => {
            for img in array(n, "images") {
                image(cv, img);
            }
            if let Some(c) = html_caption(cv, s(n, "caption")) {
                cv.push(AuthoringBlock::Paragraph { content: c });
            }
        }
        "embed" => {
            let caption = html_caption(cv, s(n, "caption"));
            cv.embed(&ghost_url(s(n, "url")), caption);
        }
        "video" => {
            let caption = html_caption(cv, s(n, "caption"));
            let src = ghost_url(s(n, "src"));
            match cv.url(&src).map(str::to_string) {
                Some(src) => {
                    let title = plain(&caption).unwrap_or_else(|| "Video".into());
                    let mime = n
                        .get("mimeType")
                        .and_then(Value::as_str)
                        .filter(|m| m.starts_with("video/"));
                    cv.push(file_video(&src, mime, title, caption));
                }
                None => cv.notes.dropped("ghost video card without a usable source"),
            }
        }
        "signup" => cv.push(AuthoringBlock::Newsletter {
            list: NEWSLETTER_LIST.into(),
        }),
        "html" => {
            let html = s(n, "html").to_string();
            cv.pending_html(&html);
        }
        "markdown" => {
            // A markdown card: its text, paragraph by paragraph.
            for para in s(n, "markdown").split("\n\n") {
                cv.text_paragraph(para);
            }
            cv.notes.as_text("ghost card markdown");
        }
        "callout" => {
            let html = s(n, "calloutText").to_string();
            cv.pending_html(&html);
            cv.notes.as_text("ghost card callout");
        }
        "toggle" => {
            let (h, c) = (s(n, "heading").to_string(), s(n, "content").to_string());
            cv.pending_html(&format!("<p>{h}</p>{c}"));
            cv.notes.as_text("ghost card toggle");
        }
        "bookmark" => {
            let meta = n.get("metadata").cloned().unwrap_or(Value::Null);
            let title = collapse_ws(&format!(
                "{} {}",
                s(&meta, "title"),
                s(&meta, "description")
            ));
            cv.link_paragraph(&title, &ghost_url(s(n, "url")));
            cv.notes.as_text("ghost card bookmark");
        }
        "codeblock" => {
            cv.text_paragraph(s(n, "code"));
            cv.notes.as_text("ghost card codeblock");
        }
        "paywall" => cv.notes.dropped("ghost card paywall"),
        other => {
            // Unknown cards: their nested text, if they have any.
            let before = cv.blocks.len();
            if let Some(children) = n.get("children").and_then(Value::as_array) {
                for c in children {
                    node(cv, c);
                }
            }
            if cv.blocks.len() > before {
                cv.notes.as_text(&format!("ghost card {other}"));
            } else {
                cv.notes.dropped(&format!("ghost card {other}"));
            }
        }
    }
}

fn list_items(cv: &mut WpConverter, list: &Value, items: &mut Vec<String>, depth: usize) {
    for li in array(list, "children") {
        let nested: Vec<&Value> = array(li, "children")
            .filter(|c| s(c, "type") == "list")
            .collect();
        if let Some(md) = inline_md(cv, &strip_lists(li)) {
            items.push(md);
        }
        if depth < 16 {
            for l in nested {
                list_items(cv, l, items, depth + 1);
            }
        }
    }
}

fn strip_lists(li: &Value) -> Value {
    let mut v = li.clone();
    if let Some(a) = v.get_mut("children").and_then(Value::as_array_mut) {
        a.retain(|c| s(c, "type") != "list");
    }
    v
}

fn image(cv: &mut WpConverter, n: &Value) {
    let src = ghost_url(s(n, "src"));
    let caption = html_caption(cv, s(n, "caption"));
    let Some(src) = cv.url(&src).map(str::to_string) else {
        cv.notes.dropped("image with a refused URL");
        return;
    };
    match dim(n, "width").zip(dim(n, "height")) {
        Some(size) => cv.push(image_block(
            &src,
            &collapse_ws(s(n, "alt")),
            size,
            caption,
            None,
        )),
        None => {
            cv.notes
                .note(format!("image without a known size kept as a link: {src}"));
            let label = caption.unwrap_or_else(|| "Image".into());
            cv.push(AuthoringBlock::Paragraph {
                content: super::inline::link(&label, &src),
            });
        }
    }
}

/// Why a post's lexical document cannot be read (the post is skipped with
/// this as its reason).
#[derive(Debug, thiserror::Error)]
pub enum LexicalError {
    /// The error knows the line and column in the document.
    #[error("its lexical document is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("its lexical document has no root")]
    NoRoot,
}

/// Lexical document -> blocks.
fn lexical(cv: &mut WpConverter, doc: &str) -> Result<(), LexicalError> {
    let v: Value = serde_json::from_str(doc)?;
    let root = v.get("root").ok_or(LexicalError::NoRoot)?;
    for c in array(root, "children") {
        node(cv, c);
    }
    Ok(())
}

/// A lexical document's text, captions and card HTML, as the post's
/// readers saw them.
fn lexical_text(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("text" | "code" | "markdown", Value::String(t)) => out.push_str(t),
                    (
                        "caption" | "html" | "calloutText" | "content" | "heading",
                        Value::String(h),
                    ) => out.push_str(&super::html::source_text(&ghost_url(h))),
                    (_, Value::Object(_) | Value::Array(_)) if k != "metadata" => {
                        lexical_text(x, out)
                    }
                    _ => {}
                }
                out.push(' ');
            }
        }
        Value::Array(a) => a.iter().for_each(|x| lexical_text(x, out)),
        _ => {}
    }
}

/// The rows of the export's table `k` (none when it has no such table).
fn rows(data: &Value, k: &str) -> Vec<Value> {
    data.get(k)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Rows by their `id`.
fn by_id(rows: Vec<Value>) -> HashMap<String, Value> {
    rows.into_iter()
        .map(|r| (s(&r, "id").to_string(), r))
        .collect()
}

/// A link table (`posts_tags`, `posts_authors`) by post id: the `other`
/// ids of each post with their sort order.
fn links(rows: Vec<Value>, other: &str) -> HashMap<String, Vec<(i64, String)>> {
    let mut by_post: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for row in rows {
        let order = row.get("sort_order").and_then(Value::as_i64).unwrap_or(0);
        by_post
            .entry(s(&row, "post_id").into())
            .or_default()
            .push((order, s(&row, other).into()));
    }
    by_post
}

/// The tables of the export that posts refer to.
struct Tables {
    tags: HashMap<String, Value>,
    /// The staff, by user id.
    users: HashMap<String, Person>,
    post_tags: HashMap<String, Vec<(i64, String)>>,
    post_authors: HashMap<String, Vec<(i64, String)>>,
    /// `posts_meta` rows by post id.
    meta: HashMap<String, Value>,
}

impl Tables {
    fn read(data: &Value) -> Self {
        Tables {
            tags: by_id(rows(data, "tags")),
            users: rows(data, "users")
                .iter()
                .enumerate()
                .map(|(i, u)| (s(u, "id").to_string(), person(u, i as u64 + 1)))
                .collect(),
            post_tags: links(rows(data, "posts_tags"), "tag_id"),
            post_authors: links(rows(data, "posts_authors"), "author_id"),
            meta: rows(data, "posts_meta")
                .into_iter()
                .map(|m| (s(&m, "post_id").to_string(), m))
                .collect(),
        }
    }

    /// The post's public tags, in their order (internal `#tags` are not).
    fn terms(&mut self, id: &str) -> Vec<Term> {
        let mut ts = self.post_tags.remove(id).unwrap_or_default();
        ts.sort();
        ts.iter()
            .filter_map(|(_, tid)| self.tags.get(tid))
            .filter(|t| s(t, "visibility") != "internal" && !s(t, "name").starts_with('#'))
            .map(|t| Term {
                slug: s(t, "slug").to_string(),
                name: collapse_ws(s(t, "name")),
            })
            .collect()
    }

    /// The post's writers, in their order; the post's own `author_id`
    /// (older exports) when the link table has none.
    fn authors(&mut self, id: &str, p: &Value) -> Vec<Byline> {
        let mut au = self.post_authors.remove(id).unwrap_or_default();
        if au.is_empty() && !s(p, "author_id").is_empty() {
            au.push((0, s(p, "author_id").to_string()));
        }
        au.sort();
        au.iter()
            .filter_map(|(_, uid)| self.users.get(uid))
            .map(|u| Byline::Person(u.clone()))
            .collect()
    }
}

/// A Twitter (X) handle, `@name` or `name`: its profile's address.
fn twitter(v: &str) -> Option<String> {
    let h = v.trim().trim_start_matches('@');
    let ok =
        !h.is_empty() && h.len() <= 15 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| format!("https://x.com/{h}"))
}

/// A Facebook user or page name (`name`, `pages/name/123`): its address.
fn facebook(v: &str) -> Option<String> {
    let p = v.trim().trim_start_matches('/');
    let ok = !p.is_empty()
        && p.len() <= 200
        && !p.contains("//")
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    ok.then(|| format!("https://www.facebook.com/{p}"))
}

/// A row of `users` (the `n`-th), as a writer: slug, name, bio (plain
/// text), picture and links. The website, Twitter and Facebook fields
/// give links only when the content rules allow their URL and it is a web
/// address; the rest are noted. Email and location are not read.
fn person(u: &Value, n: u64) -> Person {
    let mut notes = Vec::new();
    let slug = s(u, "slug").trim().to_string();
    let name = usable_name([s(u, "name"), slug.as_str()]).unwrap_or_else(|| {
        notes.push("the export gives no name that is not an email address: named \"Staff\"".into());
        "Staff".into()
    });
    let (bio, had_email) = without_emails(&collapse_ws(s(u, "bio")));
    if had_email {
        notes.push("an email address in the bio was left out".into());
    }
    let mut links = Vec::new();
    for (field, label) in [
        ("website", "Website"),
        ("twitter", "X"),
        ("facebook", "Facebook"),
    ] {
        let v = s(u, field).trim();
        if v.is_empty() {
            continue;
        }
        let url = match field {
            "twitter" if !v.contains(':') => twitter(v),
            "facebook" if !v.contains(':') => facebook(v),
            _ => web_link(&ghost_url(v)),
        };
        match url.filter(|u| !authors::has_email(u)) {
            Some(url) => links.push((label.to_string(), url)),
            None => notes.push(format!(
                "{field} {v:?} left out: not a web address the content rules allow"
            )),
        }
    }
    Person {
        key: s(u, "id").to_string(),
        slug,
        name,
        bio,
        links,
        image: ghost_url(s(u, "profile_image")),
        line: n,
        notes,
    }
}

/// The publication's name, description and language from `settings`.
fn site_info(settings: Vec<Value>) -> SiteInfo {
    let mut site = SiteInfo::default();
    for st in settings {
        match s(&st, "key") {
            "title" => site.name = s(&st, "value").into(),
            "description" => site.tagline = s(&st, "value").into(),
            "locale" | "lang" => site.language = s(&st, "value").into(),
            _ => {}
        }
    }
    site
}

/// Imports a Ghost export into `opts.out`.
pub fn import(file: &Path, opts: Options) -> Result<ImportReport, ImportError> {
    let text = std::fs::read_to_string(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let mut sink = Sink::new(opts, "ghost", file)?;
    let doc: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(source) => {
            sink.error(ImportError::Json {
                path: file.to_path_buf(),
                source,
            });
            return sink.finish(SiteInfo::default());
        }
    };
    drop(text);
    let db = doc.get("db").and_then(|d| d.get(0)).unwrap_or(&doc);
    let Some(data) = db.get("data") else {
        sink.error(ImportError::NotAnExport {
            path: file.to_path_buf(),
            reason: "not a Ghost export: no db[0].data",
        });
        return sink.finish(SiteInfo::default());
    };
    let mut tables = Tables::read(data);
    let site = site_info(rows(data, "settings"));
    let media = MediaIndex::default();
    for (i, p) in rows(data, "posts").iter().enumerate() {
        post(&mut sink, &mut tables, &media, i as u64 + 1, p);
    }
    sink.finish(site)
}

/// Imports one row of `posts` (the `line`-th), or counts or skips it.
fn post(sink: &mut Sink, tables: &mut Tables, media: &MediaIndex, line: u64, p: &Value) {
    let id = s(p, "id").to_string();
    let title = collapse_ws(s(p, "title"));
    if !admitted(sink, p, (&id, &title, line)) {
        return;
    }
    let (body, mut notes, source_text) = match body(p, media) {
        Ok(converted) => converted,
        Err(e) => return sink.skip(&id, &title, line, e.to_string()),
    };
    let tags = tables.terms(&id);
    let authors = tables.authors(&id, p);
    let hero = hero(p, tables.meta.get(&id), &mut notes);
    let published = date(p, "published_at").or_else(|| {
        if sink.opts.drafts {
            date(p, "created_at")
        } else {
            None
        }
    });
    sink.add(Draft {
        id: id.clone(),
        line,
        title,
        slug: s(p, "slug").to_string(),
        excerpt: collapse_ws(s(p, "custom_excerpt")),
        authors,
        published,
        updated: date(p, "updated_at"),
        categories: tags.first().cloned().into_iter().collect(),
        tags,
        hero,
        body,
        notes,
        source_text,
    });
}

/// Whether the post is imported: pages are counted, posts that are not
/// published (or drafts without `--drafts`) or not public are skipped with
/// the reason.
fn admitted(sink: &mut Sink, p: &Value, post: (&str, &str, u64)) -> bool {
    let (id, title, line) = post;
    let kind = p.get("type").and_then(Value::as_str).unwrap_or(
        if p.get("page").and_then(Value::as_bool) == Some(true) {
            "page"
        } else {
            "post"
        },
    );
    if kind != "post" {
        sink.not_post(kind);
        return false;
    }
    let status = s(p, "status");
    if !sink.admit(
        status,
        &["published"],
        &["draft", "scheduled", "sent"],
        post,
    ) {
        return false;
    }
    let visibility = s(p, "visibility");
    if !visibility.is_empty() && visibility != "public" {
        sink.skip(
            id,
            title,
            line,
            format!("the post is for members only (visibility {visibility:?})"),
        );
        return false;
    }
    true
}

/// The post's blocks and conversion notes, from its lexical document or
/// else its rendered HTML, and the text its readers saw.
fn body(
    p: &Value,
    media: &MediaIndex,
) -> Result<(Vec<AuthoringBlock>, PostNotes, String), LexicalError> {
    let mut cv = WordPressMarkup::converter(media);
    let lex = s(p, "lexical");
    let html = ghost_url(s(p, "html"));
    let source_text = match serde_json::from_str::<Value>(lex) {
        Ok(v) => {
            let mut t = String::new();
            lexical_text(&v, &mut t);
            t
        }
        Err(_) => super::html::source_text(&html),
    };
    if !lex.is_empty() {
        lexical(&mut cv, lex)?;
    } else if !html.is_empty() {
        cv.pending_html(&html);
        if !s(p, "mobiledoc").is_empty() {
            cv.notes
                .note("mobiledoc post: converted from its rendered html".into());
        }
    }
    let (blocks, notes) = cv.finish();
    Ok((blocks, notes, source_text))
}

/// The feature image as the hero, when it has a known size and an allowed
/// URL (else noted); its alt text from `posts_meta` first.
fn hero(p: &Value, meta: Option<&Value>, notes: &mut PostNotes) -> Option<AuthoringHero> {
    let alt = meta
        .map(|m| s(m, "feature_image_alt"))
        .filter(|a| !a.is_empty())
        .unwrap_or(s(p, "feature_image_alt"));
    let src = ghost_url(s(p, "feature_image"));
    if let Some(local) = (!src.is_empty())
        .then(|| super::uploads::local(&src))
        .flatten()
    {
        return Some(AuthoringHero::Image(AuthoringImage {
            image: AuthoringPicture {
                src: local,
                alt: collapse_ws(alt),
                width: None,
                height: None,
                srcset: Vec::new(),
            },
            caption: None,
            credit: None,
        }));
    }
    match (
        ghost_url(s(p, "feature_image")),
        dim(p, "feature_image_width").zip(dim(p, "feature_image_height")),
    ) {
        (src, _) if src.is_empty() => None,
        (src, Some((w, h))) if standfirst_model::is_allowed_url(&src) => {
            Some(AuthoringHero::Image(AuthoringImage {
                image: AuthoringPicture {
                    src,
                    alt: collapse_ws(alt),
                    width: Some(w),
                    height: Some(h),
                    srcset: Vec::new(),
                },
                caption: None,
                credit: None,
            }))
        }
        (src, _) => {
            notes.note(format!(
                "feature image {src} has no known size: not used as the hero"
            ));
            None
        }
    }
}

/// The post's date-time field `k` in UTC, RFC 3339.
fn date(p: &Value, k: &str) -> Option<String> {
    parse_time(s(p, k)).and_then(|t| t.to_offset(UtcOffset::UTC).format(&Rfc3339).ok())
}
