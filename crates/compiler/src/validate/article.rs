//! `content/articles/<slug>.json`: the per-file rules.

use super::blocks::{check_block, check_hero};
use super::rules::{
    check_id, check_not_blank, check_slug, check_time, check_url, MAX_HEADLINE_CHARS,
};
use super::site::{SiteIds, PAGING_SEGMENT};
use super::value::{as_obj, Obj};
use crate::diag::{index, Report};
use crate::strings::is_locale;
use serde_json::Value;
use standfirst_model::strings::hyphenated;
use std::collections::HashSet;

/// What the cross-file checks need from one article.
#[derive(Debug, Default)]
pub struct ArticleKeys {
    pub slug: Option<String>,
    /// `(path, slug)` of each curated related story.
    pub related: Vec<(String, String)>,
}

/// A list of `{ "name", "url" }` links (an article's sources, an
/// author's links), each URL allowlisted.
pub(super) fn check_links(r: &mut Report, a: &Obj, field: &str) {
    if let Some(links) = a.array(r, field, false) {
        for (i, s) in links.iter().enumerate() {
            let p = index(&a.at(field), i);
            if let Some(o) = as_obj(r, s, &p) {
                o.str(r, "name", true);
                if let Some(url) = o.str(r, "url", true) {
                    check_url(r, &o.at("url"), url);
                }
            }
        }
    }
}

/// One entry of `authors`: `{ "id" }`, a described author, or
/// `{ "name", "url"? }`.
fn check_author(r: &mut Report, o: &Obj, site: &SiteIds) {
    if let Some(id) = o.str(r, "id", false) {
        if o.has("name") || o.has("url") {
            r.add(
                o.path,
                "an author given by id takes the name and page from content/authors/<id>.json: remove name and url, or the id",
            );
        } else if check_id(r, &o.at("id"), id, "author id") && !site.authors.contains(id) {
            r.add(
                &o.at("id"),
                format!("no author has the id {id:?} (no file content/authors/{id}.json)"),
            );
        }
        return;
    }
    if let Some(name) = o.str(r, "name", true) {
        check_not_blank(r, &o.at("name"), name);
    }
    if let Some(url) = o.str(r, "url", false) {
        check_url(r, &o.at("url"), url);
    }
}

pub fn validate_article(r: &mut Report, v: &Value, stem: &str, site: &SiteIds) -> ArticleKeys {
    let mut keys = ArticleKeys::default();
    let Some(a) = as_obj(r, v, "") else {
        return keys;
    };
    if let Some(slug) = a.str(r, "slug", true) {
        if check_slug(r, "slug", slug) {
            if slug == PAGING_SEGMENT {
                r.add(
                    "slug",
                    format!("slug {slug:?} is reserved: /<section>/{PAGING_SEGMENT}/<n> is a section's page n"),
                );
            } else if slug != stem {
                r.add(
                    "slug",
                    format!("slug {slug:?} does not match the file name (expected {stem:?} or rename the file to {slug}.json)"),
                );
            }
        }
        keys.slug = Some(slug.to_string());
    }
    a.str(r, "kicker", true);
    if let Some(section) = a.str(r, "section", true) {
        if site.known && !site.sections.contains(section) {
            r.add(
                "section",
                format!("no section has the id {section:?} in site.json"),
            );
        }
    }
    if let Some(editions) = a.strings(r, "editions", true) {
        if editions.is_empty() && a.has("editions") {
            r.add("editions", "at least one edition is required");
        }
        let mut seen = HashSet::new();
        for (p, e) in editions {
            if site.known && !site.editions.contains(e) {
                r.add(&p, format!("no edition has the id {e:?} in site.json"));
            } else if !seen.insert(e) {
                r.add(&p, format!("edition {e:?} is listed twice"));
            }
        }
    }
    if let Some(h) = a.str(r, "headline", true) {
        let n = h.chars().count();
        if check_not_blank(r, "headline", h) && n > MAX_HEADLINE_CHARS {
            r.add(
                "headline",
                format!("headline is {n} characters long, at most {MAX_HEADLINE_CHARS} allowed"),
            );
        }
    }
    a.str(r, "standfirst", true);
    a.str(r, "summary", false);
    if let Some(authors) = a.array(r, "authors", true) {
        if authors.is_empty() {
            r.add("authors", "at least one author is required");
        }
        for (i, au) in authors.iter().enumerate() {
            let p = index("authors", i);
            if let Some(o) = as_obj(r, au, &p) {
                check_author(r, &o, site);
            }
        }
    }
    let published = a
        .str(r, "published", true)
        .and_then(|s| check_time(r, "published", s));
    if let Some(live) = a.object(r, "live", false) {
        check_live(r, live, published, site);
    }
    let updated = a
        .str(r, "updated", false)
        .and_then(|s| check_time(r, "updated", s));
    not_before(
        r,
        "updated",
        updated,
        published,
        "updated is before published",
    );
    if let Some(hero) = a.object(r, "hero", false) {
        check_hero(r, hero, "hero");
    }
    if let Some(body) = a.array(r, "body", true) {
        if body.is_empty() {
            r.add("body", "the body needs at least one block");
        }
        for (i, block) in body.iter().enumerate() {
            check_block(r, block, &index("body", i), site);
        }
    }
    check_links(r, &a, "sources");
    if let Some(tags) = a.strings(r, "tags", false) {
        for (p, t) in tags {
            check_id(r, &p, t, "tag");
        }
    }
    check_translations(r, &a, site);
    if let Some(related) = a.strings(r, "related", false) {
        for (p, s) in related {
            if keys.slug.as_deref() == Some(s) {
                r.add(&p, "an article cannot be related to itself");
            } else {
                keys.related.push((p, s.to_string()));
            }
        }
    }
    keys
}

/// `translations`: each a BCP 47 `locale` and an absolute `http(s):`
/// `url` on the allowlist; one per language, and none in the site's own
/// language (the story itself is that one).
fn check_translations(r: &mut Report, a: &Obj, site: &SiteIds) {
    let Some(list) = a.array(r, "translations", false) else {
        return;
    };
    let own = if site.locale.is_empty() {
        "en".to_string()
    } else {
        hyphenated(&site.locale).to_ascii_lowercase()
    };
    let mut seen: Vec<String> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let p = index("translations", i);
        let Some(o) = as_obj(r, t, &p) else {
            continue;
        };
        if let Some(locale) = o.str(r, "locale", true) {
            let key = hyphenated(locale).to_ascii_lowercase();
            if !is_locale(locale) {
                r.add(
                    &o.at("locale"),
                    format!(
                        "{locale:?} is not a BCP 47 language tag, as \"en\", \"fr\" or \"pt-BR\""
                    ),
                );
            } else if site.known && key == own {
                r.add(
                    &o.at("locale"),
                    format!("{locale:?} is the site's own locale: the story itself is in it"),
                );
            } else if seen.contains(&key) {
                r.add(
                    &o.at("locale"),
                    format!("locale {locale:?} has a translation already"),
                );
            } else {
                seen.push(key);
            }
        }
        if let Some(url) = o.str(r, "url", true) {
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            if check_url(r, &o.at("url"), url)
                && !lower.starts_with("https://")
                && !lower.starts_with("http://")
            {
                r.add(
                    &o.at("url"),
                    format!("{url:?} must be an absolute https: or http: URL"),
                );
            }
        }
    }
}

/// `live`: its status, and entries with unique slug ids, times not before
/// the article's `published` (`updated` not before `posted`), bodies of
/// the usual blocks, and at most one pinned.
fn check_live(
    r: &mut Report,
    live: &Value,
    published: Option<time::OffsetDateTime>,
    site: &SiteIds,
) {
    let Some(o) = as_obj(r, live, "live") else {
        return;
    };
    if let Some(status) = o.str(r, "status", true) {
        if !matches!(status, "live" | "ended") {
            r.add(
                &o.at("status"),
                format!("status {status:?} is not \"live\" or \"ended\""),
            );
        }
    }
    let Some(entries) = o.array(r, "entries", true) else {
        return;
    };
    let mut ids = HashSet::new();
    let mut pinned: Option<String> = None;
    for (i, e) in entries.iter().enumerate() {
        let p = index("live.entries", i);
        let Some(e) = as_obj(r, e, &p) else {
            continue;
        };
        if let Some(id) = e.str(r, "id", true) {
            if check_slug(r, &e.at("id"), id) && !ids.insert(id) {
                r.add(&e.at("id"), format!("entry id {id:?} is used twice"));
            }
        }
        let posted = e
            .str(r, "posted", true)
            .and_then(|s| check_time(r, &e.at("posted"), s));
        let before_story = "posted is before the article's published";
        not_before(r, &e.at("posted"), posted, published, before_story);
        let updated = e
            .str(r, "updated", false)
            .and_then(|s| check_time(r, &e.at("updated"), s));
        not_before(
            r,
            &e.at("updated"),
            updated,
            posted,
            "updated is before posted",
        );
        if let Some(title) = e.str(r, "title", false) {
            check_not_blank(r, &e.at("title"), title);
        }
        e.bool(r, "key_event", false);
        if e.bool(r, "pinned", false) == Some(true) {
            match &pinned {
                Some(first) => r.add(
                    &e.at("pinned"),
                    format!("only one entry may be pinned, and {first} already is"),
                ),
                None => pinned = Some(p.clone()),
            }
        }
        if let Some(body) = e.array(r, "body", true) {
            if body.is_empty() {
                r.add(&e.at("body"), "an entry needs at least one block");
            }
            for (j, block) in body.iter().enumerate() {
                check_block(r, block, &index(&e.at("body"), j), site);
            }
        }
    }
}

/// Reports `reason` at `path` when both times are known and `later` is
/// before `earlier`.
fn not_before(
    r: &mut Report,
    path: &str,
    later: Option<time::OffsetDateTime>,
    earlier: Option<time::OffsetDateTime>,
    reason: &str,
) {
    if let (Some(later), Some(earlier)) = (later, earlier) {
        if later < earlier {
            r.add(path, reason);
        }
    }
}
