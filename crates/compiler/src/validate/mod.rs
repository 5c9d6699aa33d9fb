//! Validation of the whole content folder. Every rule of the content
//! contract, checked from `serde_json::Value`s so that each problem has a
//! JSON path; all problems are collected in one run.

mod article;
mod blocks;
mod people;
pub mod rules;
mod site;
mod value;

pub use article::{validate_article, ArticleKeys};
pub use blocks::{check_block, check_hero, image, BLOCK_TYPES};
pub use people::{readable, validate_author, validate_people, validate_topic, People};
pub use site::{validate_site, SiteIds, PAGING_SEGMENT, RESERVED_PATHS};

use crate::authoring::AuthoringArticle;
use crate::diag::{Problem, Report};
use crate::load::{Loaded, SourceFile};
use rayon::prelude::*;
use serde_json::Value;
use standfirst_model::{EndpointUi, Site};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

/// A checked article with its parsed times.
#[derive(Debug, Clone)]
pub struct ValidArticle {
    pub file: String,
    pub article: AuthoringArticle,
    pub published: OffsetDateTime,
    pub updated: Option<OffsetDateTime>,
}

/// Content that passed every check.
#[derive(Debug, Clone)]
pub struct ValidContent {
    pub site: Site,
    /// The sign-up endpoint's strings (`api/v1/endpoint.json`).
    pub endpoint: EndpointUi,
    /// The described authors and topics.
    pub people: People,
    /// In file-name order.
    pub articles: Vec<ValidArticle>,
}

impl ValidContent {
    /// The described authors no article names, by id.
    pub fn authors_without_stories(&self) -> Vec<&str> {
        let named: HashSet<&str> = self
            .articles
            .iter()
            .flat_map(|a| &a.article.authors)
            .filter_map(|a| match a {
                crate::authoring::AuthoringAuthor::Described { id } => Some(id.as_str()),
                crate::authoring::AuthoringAuthor::Named(_) => None,
            })
            .collect();
        self.people
            .authors
            .keys()
            .map(String::as_str)
            .filter(|id| !named.contains(id))
            .collect()
    }
}

fn parse(r: &mut Report, file: &SourceFile) -> Option<Value> {
    match &file.text {
        Err(e) => r.add("", e.clone()),
        Ok(text) => match serde_json::from_str::<Value>(text) {
            Ok(v) => return Some(v),
            Err(e) => r.add("", format!("invalid JSON: {e}")),
        },
    }
    None
}

struct Checked<T> {
    report: Report,
    keys: ArticleKeys,
    /// The typed article, mapped, when the file itself is clean.
    item: Option<T>,
}

/// Checks everything; the typed content, or every problem found.
pub fn validate(loaded: Loaded) -> Result<ValidContent, Vec<Problem>> {
    let (people, mut problems) = validate_people(&loaded.people);
    problems.splice(0..0, loaded.problems);
    let (site, endpoint, articles) = validate_with(
        loaded.site,
        &people,
        problems,
        loaded.articles.into_par_iter(),
        |v| v,
    )?;
    Ok(ValidContent {
        site,
        endpoint,
        people,
        articles,
    })
}

/// Checks site.json and every article file, as `validate` does, but keeps
/// of each article only what `map` makes of it: the files are read, checked
/// and dropped one at a time (in parallel), so memory does not grow with
/// the size of the archive. The result is in file order. `people` are the
/// checked authors and topics ([`validate_people`], whose problems come
/// in `folder_problems`).
pub fn validate_with<T: Send>(
    site_file: SourceFile,
    people: &People,
    folder_problems: Vec<Problem>,
    files: impl IndexedParallelIterator<Item = SourceFile>,
    map: impl Fn(ValidArticle) -> T + Sync,
) -> Result<(Site, EndpointUi, Vec<T>), Vec<Problem>> {
    validate_sources(
        site_file,
        people,
        folder_problems,
        files.map(|file| Source::File { file, tag: () }),
        |v, ()| map(v),
    )
}

/// One article for [`validate_sources`].
pub enum Source<T, G> {
    /// A file to check; `tag` is handed to the map with the checked article.
    File { file: SourceFile, tag: G },
    /// An article that passed the per-file checks before, against the same
    /// `site.json` and with the same bytes: only the checks across files
    /// are made again. `keys` are its slug and curated related stories.
    Checked {
        file: String,
        keys: ArticleKeys,
        item: T,
    },
}

/// As [`validate_with`], where some articles are known to pass the
/// per-file checks already (the compiler's cache, see
/// `crate::build::build_cached`).
pub fn validate_sources<T: Send, G: Send>(
    site_file: SourceFile,
    people: &People,
    folder_problems: Vec<Problem>,
    sources: impl IndexedParallelIterator<Item = Source<T, G>>,
    map: impl Fn(ValidArticle, G) -> T + Sync,
) -> Result<(Site, EndpointUi, Vec<T>), Vec<Problem>> {
    let mut site_report = Report::new(&site_file.file);
    let site_value = parse(&mut site_report, &site_file);
    let mut ids = site_value
        .as_ref()
        .map(|v| validate_site(&mut site_report, v))
        .unwrap_or_default();
    ids.authors = people.author_ids.clone();

    let mut checked: Vec<Checked<T>> = sources
        .map(|source| {
            let (f, tag) = match source {
                Source::Checked { file, keys, item } => {
                    return Checked {
                        report: Report::new(file),
                        keys,
                        item: Some(item),
                    }
                }
                Source::File { file, tag } => (file, tag),
            };
            let mut report = Report::new(&f.file);
            let value = parse(&mut report, &f);
            let keys = value
                .as_ref()
                .map(|v| validate_article(&mut report, v, &f.stem, &ids))
                .unwrap_or_default();
            let item = match value {
                Some(v) if report.is_empty() => match typed_article(&f.file, v) {
                    Ok(a) => Some(map(a, tag)),
                    Err(p) => {
                        report.problems.push(p);
                        None
                    }
                },
                _ => None,
            };
            Checked { report, keys, item }
        })
        .collect();

    // Cross-file: unique slugs, curated related stories exist.
    let mut first_file: HashMap<&str, &str> = HashMap::new();
    let mut dupes = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        if let Some(slug) = c.keys.slug.as_deref() {
            if let Some(other) = first_file.get(slug) {
                dupes.push((i, format!("slug {slug:?} is already used by {other}")));
            } else {
                first_file.insert(slug, &c.report.file);
            }
        }
    }
    let slugs: HashSet<String> = first_file.keys().map(|s| s.to_string()).collect();
    for (i, reason) in dupes {
        checked[i].report.add("slug", reason);
    }
    for c in &mut checked {
        for (path, slug) in &c.keys.related {
            if !slugs.contains(slug) {
                c.report
                    .add(path, format!("no article has the slug {slug:?}"));
            }
        }
    }

    let mut problems = folder_problems;
    problems.append(&mut site_report.problems);
    for c in &mut checked {
        problems.append(&mut c.report.problems);
    }
    // The interface strings: the language's table and the site's overrides.
    let strings = match site_value.as_ref().filter(|v| v.is_object()) {
        Some(v) => crate::strings::build_interface(&site_file.file, v).unwrap_or_else(|mut p| {
            problems.append(&mut p);
            Default::default()
        }),
        None => Default::default(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut site = typed_site(&site_file.file, site_value).map_err(|p| vec![p])?;
    if site.locale.is_empty() {
        site.locale = "en".into();
    }
    site.ui = strings.ui;
    Ok((
        site,
        strings.endpoint,
        checked.into_iter().filter_map(|c| c.item).collect(),
    ))
}

/// Removes object members that are `null`: the checks treat them as absent,
/// and so must the types (some have `#[serde(default)]` without `Option`).
fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, m| !m.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Starts the reason of a problem found by the typed conversion rather than
/// by the checks (a bug in the checks).
pub const INTERNAL: &str = "internal:";

pub(crate) fn internal(file: &str, e: serde_json::Error) -> Problem {
    Problem {
        file: file.to_string(),
        path: "(root)".into(),
        reason: format!(
            "{INTERNAL} the checked file does not fit the types ({e}); please report this"
        ),
    }
}

/// Converts checked values to the typed model. The checks above accept
/// exactly what these types accept, so an error here is a bug in them; it is
/// still reported, never a panic.
fn typed_site(file: &str, site: Option<Value>) -> Result<Site, Problem> {
    let mut site = site.unwrap_or_default();
    strip_nulls(&mut site);
    serde_json::from_value(site).map_err(|e| internal(file, e))
}

/// An article file that passed the checks, typed.
pub fn typed_article(file: &str, mut value: Value) -> Result<ValidArticle, Problem> {
    strip_nulls(&mut value);
    let article: AuthoringArticle = serde_json::from_value(value).map_err(|e| internal(file, e))?;
    let published = rules::parse_time(&article.published);
    let updated = article.updated.as_deref().and_then(rules::parse_time);
    Ok(ValidArticle {
        file: file.to_string(),
        published: published.unwrap_or(OffsetDateTime::UNIX_EPOCH),
        updated,
        article,
    })
}

/// Reads an article file that an earlier pass checked (a build reads each
/// file twice rather than hold the archive in memory).
pub fn reread(file: &SourceFile) -> Result<ValidArticle, Problem> {
    // Straight into the types (no `Value` in between) when the file has no
    // `null` members; otherwise the way the checks read it.
    if let Ok(text) = &file.text {
        if let Ok(article) = serde_json::from_str::<AuthoringArticle>(text) {
            return Ok(ValidArticle {
                file: file.file.clone(),
                published: rules::parse_time(&article.published)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                updated: article.updated.as_deref().and_then(rules::parse_time),
                article,
            });
        }
    }
    let mut r = Report::new(&file.file);
    match parse(&mut r, file) {
        Some(v) => typed_article(&file.file, v),
        None => Err(r.problems.remove(0)),
    }
}
