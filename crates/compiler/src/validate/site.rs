//! `content/site.json`.

use super::rules::{check_id, check_url};
use super::value::{as_obj, Obj};
use crate::diag::{index, Report};
use serde_json::Value;
use std::collections::HashSet;

/// Names an edition or section id may not take, and the paging segment
/// an article slug may not take: their one home is the model
/// ([`standfirst_model::paths`]), which says why each is reserved.
pub use standfirst_model::paths::{PAGING as PAGING_SEGMENT, RESERVED as RESERVED_PATHS};

/// Why `id` cannot be an edition or section id, if it cannot.
fn reserved(what: &str, id: &str) -> Option<String> {
    RESERVED_PATHS.contains(&id).then(|| {
        format!(
            "{what} id {id:?} is reserved: /{id} is one of the site's own paths ({})",
            RESERVED_PATHS.join(", ")
        )
    })
}

/// The ids articles may refer to. `known` is false when site.json could not
/// be read, so that articles are not blamed for references to it.
#[derive(Debug, Default, Clone)]
pub struct SiteIds {
    pub known: bool,
    pub sections: HashSet<String>,
    pub editions: HashSet<String>,
    pub lists: HashSet<String>,
    /// The described authors' ids (`content/authors/<id>.json`).
    pub authors: std::collections::BTreeSet<String>,
    /// The site's `locale` as written (empty when absent, which means
    /// `en`); its own checks are the interface strings' (`crate::strings`).
    pub locale: String,
}

pub fn validate_site(r: &mut Report, v: &Value) -> SiteIds {
    let mut ids = SiteIds::default();
    let Some(site) = as_obj(r, v, "") else {
        return ids;
    };
    ids.known = true;
    if let Some(Value::String(l)) = v.get("locale") {
        ids.locale = l.clone();
    }
    site.str(r, "name", true);
    site.str(r, "tagline", true);
    if let Some(url) = site.str(r, "base_url", true) {
        let lower = url.to_ascii_lowercase();
        if check_url(r, "base_url", url)
            && !lower.starts_with("https://")
            && !lower.starts_with("http://")
        {
            r.add(
                "base_url",
                format!("{url:?} must be an absolute https: or http: URL"),
            );
        }
    }
    let edition_rule = |id: &str| reserved("edition", id);
    ids.editions = id_list(r, site, "editions", "edition", edition_rule, |r, e| {
        e.str(r, "name", true);
        e.str(r, "locale", true);
    });
    if site.has("editions") && ids.editions.is_empty() {
        r.add("editions", "at least one edition is required");
    }
    if let Some(d) = site.str(r, "default_edition", true) {
        if !ids.editions.contains(d) {
            r.add("default_edition", format!("no edition has the id {d:?}"));
        }
    }
    let editions = &ids.editions;
    let section_rule = |id: &str| {
        reserved("section", id).or_else(|| {
            editions.contains(id).then(|| {
                format!("section id {id:?} is also an edition id: /{id} would be both that edition's front and the section")
            })
        })
    };
    ids.sections = id_list(r, site, "sections", "section", section_rule, |r, s| {
        s.str(r, "name", true);
        s.str(r, "description", false);
    });
    if let Some(nl) = site.object(r, "newsletter", true) {
        if let Some(nl) = as_obj(r, nl, "newsletter") {
            if let Some(url) = nl.str(r, "endpoint", true) {
                check_url(r, "newsletter.endpoint", url);
            }
            if let Some(enc) = nl.str(r, "encoding", false) {
                if enc != "json" && enc != "form" {
                    r.add(
                        "newsletter.encoding",
                        format!("expected \"json\" or \"form\", found {enc:?}"),
                    );
                }
            }
            nl.str(r, "privacy", false);
            if let Some(url) = nl.str(r, "privacy_url", false) {
                check_url(r, "newsletter.privacy_url", url);
            }
            ids.lists = id_list(
                r,
                nl,
                "lists",
                "list",
                |_| None,
                |r, l| {
                    l.str(r, "name", true);
                    l.str(r, "description", false);
                    l.str(r, "frequency", false);
                },
            );
        }
    }
    if let Some(sub) = site.object(r, "subscribe", true) {
        if let Some(sub) = as_obj(r, sub, "subscribe") {
            sub.str(r, "headline", true);
            sub.str(r, "text", true);
            if let Some(url) = sub.str(r, "url", true) {
                check_url(r, "subscribe.url", url);
            }
        }
    }
    ids
}

/// An array of objects with a unique `id`; `id_rule` gives the reason a
/// well-formed id is refused (if it is), `each` checks the other fields.
fn id_list(
    r: &mut Report,
    parent: Obj,
    field: &str,
    what: &str,
    id_rule: impl Fn(&str) -> Option<String>,
    each: impl Fn(&mut Report, Obj),
) -> HashSet<String> {
    let mut ids = HashSet::new();
    let base = parent.at(field);
    let Some(items) = parent.array(r, field, true) else {
        return ids;
    };
    for (i, item) in items.iter().enumerate() {
        let path = index(&base, i);
        let Some(o) = as_obj(r, item, &path) else {
            continue;
        };
        if let Some(id) = o.str(r, "id", true) {
            let id_path = o.at("id");
            if check_id(r, &id_path, id, &format!("{what} id")) {
                // Kept even when refused, so that articles naming it are
                // not blamed as well.
                if !ids.insert(id.to_string()) {
                    r.add(&id_path, format!("{what} id {id:?} is used twice"));
                } else if let Some(reason) = id_rule(id) {
                    r.add(&id_path, reason);
                }
            }
        }
        each(r, o);
    }
    ids
}
