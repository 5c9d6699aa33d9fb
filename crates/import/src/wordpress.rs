//! `import wordpress`: a WXR export -> content.
//!
//! Two streaming passes over the file: the first collects what posts refer
//! to (authors, categories, attachments and their sizes), the second
//! converts the posts one at a time.

use super::authors::{self, usable_name, without_emails, Byline, Person};
use super::gutenberg::WordPressMarkup;
use super::html::text_of;
use super::inline::collapse_ws;
use super::media::{php_meta, Media, MediaIndex};
use super::wxr::{Ns, Record, WxrReader};
use super::{Draft, ImportError, ImportReport, Options, Sink, SiteInfo, Term};
use scraper::Html;
use standfirst_content::authoring::{AuthoringHero, AuthoringImage, AuthoringPicture};
use standfirst_model::is_allowed_url;
use std::collections::HashMap;
use std::path::Path;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// What the first pass collects.
#[derive(Default)]
struct Refs {
    site: SiteInfo,
    /// Login -> the writer.
    authors: HashMap<String, Person>,
    media: MediaIndex,
}

/// A WXR date (`2011-01-18 07:40:14`, UTC for `_gmt` fields) as RFC 3339.
fn wxr_date(s: &str) -> Option<String> {
    let (d, t) = s.trim().split_once(' ')?;
    let num = |p: Option<&str>| p.and_then(|x| x.parse::<i32>().ok());
    let mut dp = d.split('-');
    let (y, m, day) = (num(dp.next())?, num(dp.next())?, num(dp.next())?);
    let mut tp = t.split(':');
    let (h, mi, sec) = (
        num(tp.next())?,
        num(tp.next())?,
        num(tp.next()).unwrap_or(0),
    );
    if y <= 1900 {
        return None;
    }
    let date = Date::from_calendar_date(
        y,
        Month::try_from(u8::try_from(m).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let time = Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(mi).ok()?,
        u8::try_from(sec).ok()?,
    )
    .ok()?;
    PrimitiveDateTime::new(date, time)
        .assume_utc()
        .format(&Rfc3339)
        .ok()
}

fn rfc2822(s: &str) -> Option<String> {
    let t = OffsetDateTime::parse(s.trim(), &Rfc2822).ok()?;
    t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}

fn meta<'r>(r: &'r Record, key: &str) -> Option<&'r str> {
    let mut it = r.fields.iter();
    while let Some(f) = it.next() {
        if f.ns == Ns::Wp && f.name == "meta_key" && f.text.trim() == key {
            return it
                .find(|g| g.ns == Ns::Wp && g.name == "meta_value")
                .map(|g| g.text.as_str());
        }
    }
    None
}

fn html_text(s: &str) -> String {
    if !s.contains('<') && !s.contains('&') {
        return collapse_ws(s);
    }
    collapse_ws(&text_of(Html::parse_fragment(s).tree.root()))
}

fn open(file: &Path) -> Result<WxrReader, ImportError> {
    WxrReader::open(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })
}

fn first_pass(file: &Path, sink: &mut Sink) -> Result<Refs, ImportError> {
    let mut rd = open(file)?;
    let mut refs = Refs::default();
    loop {
        let rec = match rd.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(source) => {
                sink.error(ImportError::Xml {
                    path: file.to_path_buf(),
                    source,
                });
                break;
            }
        };
        match rec.kind.as_str() {
            "channel" => {
                let f = &rec.fields[0];
                match (f.ns, f.name.as_str()) {
                    (Ns::None, "title") => refs.site.name = f.text.clone(),
                    (Ns::None, "description") => refs.site.tagline = f.text.clone(),
                    (Ns::None, "link") if refs.site.base_url.is_empty() => {
                        refs.site.base_url = f.text.trim().into()
                    }
                    (Ns::Wp, "base_blog_url") => refs.site.base_url = f.text.trim().into(),
                    (Ns::None, "language") => refs.site.language = f.text.trim().into(),
                    _ => {}
                }
            }
            "author" => {
                let p = person(&rec);
                if !p.key.is_empty() {
                    refs.authors.entry(p.key.clone()).or_insert(p);
                }
            }
            "item" if rec.get(Ns::Wp, "post_type") == Some("attachment") => {
                let Some(id) = rec
                    .get(Ns::Wp, "post_id")
                    .and_then(|i| i.trim().parse().ok())
                else {
                    continue;
                };
                let url = rec
                    .get(Ns::Wp, "attachment_url")
                    .or_else(|| rec.get(Ns::None, "guid"))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let (width, height, credit) = meta(&rec, "_wp_attachment_metadata")
                    .map(php_meta)
                    .unwrap_or_default();
                let alt = meta(&rec, "_wp_attachment_image_alt")
                    .map(collapse_ws)
                    .unwrap_or_default();
                refs.media.insert(
                    id,
                    Media {
                        url,
                        width,
                        height,
                        alt,
                        credit,
                    },
                );
            }
            _ => {}
        }
    }
    Ok(refs)
}

/// The writer a `<wp:author>` describes. WXR gives a login, an email, a
/// display name and first and last names, and no biography or links (a
/// user's profile is not exported); an `author_description`, when an
/// export has one, is the bio. The email is never read.
fn person(rec: &Record) -> Person {
    let wp = |n| rec.get(Ns::Wp, n).map(str::trim).unwrap_or("");
    let login = wp("author_login");
    let full = format!("{} {}", wp("author_first_name"), wp("author_last_name"));
    let mut notes = Vec::new();
    let name = usable_name([wp("author_display_name"), full.as_str(), login]);
    let name = name.unwrap_or_else(|| {
        let n = format!("Author {}", wp("author_id"));
        notes.push(format!(
            "the export gives no name that is not an email address: named {n:?}"
        ));
        collapse_ws(&n)
    });
    let slug = if login.is_empty() || authors::has_email(login) {
        name.clone()
    } else {
        login.to_string()
    };
    let (bio, had_email) = without_emails(&html_text(wp("author_description")));
    if had_email {
        notes.push("an email address in the bio was left out".into());
    }
    Person {
        key: login.to_string(),
        slug,
        name,
        bio,
        links: Vec::new(),
        image: String::new(),
        line: rec.line,
        notes,
    }
}

/// Builds the draft of one `<item>` of type post.
fn draft(rec: &Record, refs: &Refs) -> Draft {
    let wp = |n| rec.get(Ns::Wp, n).map(str::trim).unwrap_or("");
    let content = rec.get(Ns::Content, "encoded").unwrap_or("");
    let (body, notes) = WordPressMarkup::converter(&refs.media).convert(content);
    let source_text = super::html::source_text(content);
    let published = wxr_date(wp("post_date_gmt"))
        .or_else(|| wxr_date(wp("post_date")))
        .or_else(|| rec.get(Ns::None, "pubDate").and_then(rfc2822));
    let updated = wxr_date(wp("post_modified_gmt")).or_else(|| wxr_date(wp("post_modified")));
    let mut categories = Vec::new();
    let mut tags = Vec::new();
    for f in rec
        .fields
        .iter()
        .filter(|f| f.ns == Ns::None && f.name == "category")
    {
        let attr = |k: &str| {
            f.attrs
                .iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let name = collapse_ws(&f.text);
        let slug = attr("nicename").unwrap_or_else(|| super::slugify(&name));
        let term = Term { slug, name };
        match attr("domain").as_deref() {
            Some("post_tag") | Some("tag") => tags.push(term),
            Some("category") | None => categories.push(term),
            _ => {}
        }
    }
    let creator = rec.get(Ns::Dc, "creator").unwrap_or("").trim();
    let author = match refs.authors.get(creator) {
        Some(p) => Byline::Person(p.clone()),
        None => Byline::Name(creator.to_string()),
    };
    let mut notes = notes;
    let hero = meta(rec, "_thumbnail_id")
        .and_then(|id| id.trim().parse::<u64>().ok())
        .and_then(|id| {
            let m = refs.media.get(id);
            if m.is_none() {
                notes.note(format!("featured image {id} is not in the export"));
            }
            m
        })
        .and_then(|m| {
            if let Some(local) = super::uploads::local(&m.url) {
                return Some(AuthoringHero::Image(AuthoringImage {
                    image: AuthoringPicture { src: local, alt: m.alt.clone(), width: None, height: None, srcset: Vec::new() },
                    caption: None,
                    credit: m.credit.clone(),
                }));
            }
            let size = m.width.zip(m.height).or_else(|| super::media::size_from_file_name(&m.url));
            match size {
                Some((w, h)) if is_allowed_url(&m.url) && !m.url.is_empty() => Some(AuthoringHero::Image(AuthoringImage {
                    image: AuthoringPicture { src: m.url.clone(), alt: m.alt.clone(), width: Some(w), height: Some(h), srcset: Vec::new() },
                    caption: None,
                    credit: m.credit.clone(),
                })),
                _ => {
                    notes.note(format!("featured image {} has no known size or an unusable URL: not used as the hero", m.url));
                    None
                }
            }
        });
    Draft {
        id: wp("post_id").to_string(),
        line: rec.line,
        title: html_text(rec.get(Ns::None, "title").unwrap_or("")),
        slug: wp("post_name").to_string(),
        excerpt: html_text(rec.get(Ns::Excerpt, "encoded").unwrap_or("")),
        authors: vec![author],
        published,
        updated,
        categories,
        tags,
        hero,
        body,
        notes,
        source_text,
    }
}

/// Imports a WXR file into `opts.out`.
pub fn import(file: &Path, opts: Options) -> Result<ImportReport, ImportError> {
    let mut sink = Sink::new(opts, "wordpress", file)?;
    let refs = first_pass(file, &mut sink)?;
    // The first pass already reported a broken file; the second reads the
    // posts up to the same place without reporting it twice.
    let mut rd = open(file)?;
    let mut items = 0usize;
    loop {
        let rec = match rd.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(source) => {
                if sink.report.errors.is_empty() {
                    sink.error(ImportError::Xml {
                        path: file.to_path_buf(),
                        source,
                    });
                }
                break;
            }
        };
        if rec.kind != "item" {
            continue;
        }
        items += 1;
        let kind = rec
            .get(Ns::Wp, "post_type")
            .map(str::trim)
            .unwrap_or("post")
            .to_string();
        let kind = if kind.is_empty() {
            "post".to_string()
        } else {
            kind
        };
        let id = rec.get(Ns::Wp, "post_id").unwrap_or("").trim().to_string();
        let title = html_text(rec.get(Ns::None, "title").unwrap_or(""));
        if kind != "post" {
            sink.not_post(&kind);
            continue;
        }
        if let Some(line) = rec.bad_text {
            sink.skip(
                &id,
                &title,
                rec.line,
                format!(
                    "text at line {line} is not valid UTF-8 (is the export in another encoding?)"
                ),
            );
            continue;
        }
        let status = rec
            .get(Ns::Wp, "status")
            .map(str::trim)
            .unwrap_or("publish");
        if !rec
            .get(Ns::Wp, "post_password")
            .unwrap_or("")
            .trim()
            .is_empty()
        {
            sink.skip(&id, &title, rec.line, "the post is password-protected");
            continue;
        }
        let drafts = ["draft", "pending", "future", "auto-draft", "inherit"];
        if !sink.admit(status, &["publish", ""], &drafts, (&id, &title, rec.line)) {
            continue;
        }
        let d = draft(&rec, &refs);
        sink.add(d);
    }
    if items == 0 && sink.report.errors.is_empty() {
        sink.error(ImportError::NotAnExport {
            path: file.to_path_buf(),
            reason: "no <item> found: is this a WordPress export (WXR)?",
        });
    }
    let site = refs.site.clone();
    sink.finish(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            wxr_date("2011-01-18 07:40:14").as_deref(),
            Some("2011-01-18T07:40:14Z")
        );
        assert_eq!(wxr_date("0000-00-00 00:00:00"), None);
        assert_eq!(
            rfc2822("Tue, 18 Jan 2011 07:40:14 +0100").as_deref(),
            Some("2011-01-18T06:40:14Z")
        );
    }
}
