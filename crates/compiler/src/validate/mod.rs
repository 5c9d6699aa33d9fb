//! Validation of the whole content folder. Every rule of the content
//! contract, checked from `serde_json::Value`s so that each problem has a
//! JSON path; all problems are collected in one run.

mod article;
mod blocks;
pub mod rules;
mod site;
mod value;

pub use article::{validate_article, ArticleKeys};
pub use blocks::{check_block, check_hero, image, BLOCK_TYPES};
pub use site::{validate_site, SiteIds, PAGING_SEGMENT, RESERVED_PATHS};

use crate::authoring::AuthoringArticle;
use crate::diag::{Problem, Report};
use crate::load::{Loaded, SourceFile};
use rayon::prelude::*;
use serde_json::Value;
use standfirst_model::Site;
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
    /// In file-name order.
    pub articles: Vec<ValidArticle>,
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

struct Checked {
    report: Report,
    keys: ArticleKeys,
    value: Option<Value>,
}

/// Checks everything; the typed content, or every problem found.
pub fn validate(loaded: Loaded) -> Result<ValidContent, Vec<Problem>> {
    let mut site_report = Report::new(&loaded.site.file);
    let site_value = parse(&mut site_report, &loaded.site);
    let ids = site_value
        .as_ref()
        .map(|v| validate_site(&mut site_report, v))
        .unwrap_or_default();

    let mut checked: Vec<Checked> = loaded
        .articles
        .into_par_iter()
        .map(|f| {
            let mut report = Report::new(&f.file);
            let value = parse(&mut report, &f);
            let keys = value
                .as_ref()
                .map(|v| validate_article(&mut report, v, &f.stem, &ids))
                .unwrap_or_default();
            Checked {
                report,
                keys,
                value,
            }
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

    let mut problems = loaded.problems;
    problems.append(&mut site_report.problems);
    for c in &mut checked {
        problems.append(&mut c.report.problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    typed(loaded.site.file, site_value, checked)
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

/// Converts checked values to the typed model. The checks above accept
/// exactly what these types accept, so an error here is a bug in them; it is
/// still reported, never a panic.
fn typed(
    site_file: String,
    site: Option<Value>,
    checked: Vec<Checked>,
) -> Result<ValidContent, Vec<Problem>> {
    let problem = |file: &str, e: serde_json::Error| Problem {
        file: file.to_string(),
        path: "(root)".into(),
        reason: format!(
            "{INTERNAL} the checked file does not fit the types ({e}); please report this"
        ),
    };
    let mut site = site.unwrap_or_default();
    strip_nulls(&mut site);
    let site: Site = serde_json::from_value(site).map_err(|e| vec![problem(&site_file, e)])?;
    let results: Vec<Result<ValidArticle, Problem>> = checked
        .into_par_iter()
        .map(|c| {
            let file = c.report.file;
            let mut value = c.value.unwrap_or_default();
            strip_nulls(&mut value);
            let article: AuthoringArticle =
                serde_json::from_value(value).map_err(|e| problem(&file, e))?;
            let published = rules::parse_time(&article.published);
            let updated = article.updated.as_deref().and_then(rules::parse_time);
            Ok(ValidArticle {
                file,
                published: published.unwrap_or(OffsetDateTime::UNIX_EPOCH),
                updated,
                article,
            })
        })
        .collect();
    let (ok, errs): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if !errs.is_empty() {
        return Err(errs.into_iter().filter_map(Result::err).collect());
    }
    Ok(ValidContent {
        site,
        articles: ok.into_iter().filter_map(Result::ok).collect(),
    })
}
