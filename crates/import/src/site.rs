//! The site.json an import writes: what the export says about the
//! publication, defaults for what it leaves out, and the compiler's own
//! site rules (`validate_site`) to check it.

use crate::inline::collapse_ws;
use crate::ImportError;
use serde_json::{json, Value};
use standfirst_content::diag::{index, key, Problem, Report};
use standfirst_content::validate::{validate_site, SiteIds};
use std::path::Path;

/// The id of the newsletter list the import's site.json declares.
pub const NEWSLETTER_LIST: &str = "newsletter";

/// The base URL written when the export gives none the rules accept.
const PLACEHOLDER_BASE_URL: &str = "https://example.org";

/// What the export says about the publication.
#[derive(Debug, Clone, Default)]
pub struct SiteInfo {
    pub name: String,
    pub tagline: String,
    pub base_url: String,
    pub language: String,
}

/// The site.json document for `site`, one edition and `sections` (`(id,
/// name)`, in order).
fn document(
    site: &SiteInfo,
    base_url: &str,
    edition: &str,
    sections: &[(String, String)],
) -> Value {
    let name = if site.name.trim().is_empty() {
        "Imported publication".to_string()
    } else {
        collapse_ws(&site.name)
    };
    let locale = if site.language.trim().is_empty() {
        "en".to_string()
    } else {
        site.language.trim().to_string()
    };
    json!({
        "name": name,
        "tagline": collapse_ws(&site.tagline),
        "base_url": base_url,
        "default_edition": edition,
        "editions": [{ "id": edition, "name": name, "locale": locale }],
        "sections": sections.iter().map(|(id, n)| json!({ "id": id, "name": n })).collect::<Vec<_>>(),
        "newsletter": {
            "endpoint": "/api/newsletter",
            "encoding": "json",
            "lists": [{ "id": NEWSLETTER_LIST, "name": format!("{name} newsletter"), "description": "", "frequency": "" }]
        },
        "subscribe": { "headline": format!("Support {name}"), "text": "Subscribe to read every story.", "url": base_url }
    })
}

/// The compiler's verdict on a site.json document: the ids it declares and
/// the problems it has.
fn check(doc: &Value, path: &Path) -> (SiteIds, Vec<Problem>) {
    let mut r = Report::new(path.display().to_string());
    let ids = validate_site(&mut r, doc);
    (ids, r.problems)
}

/// The ids the articles of an import into `edition` may use: those of the
/// site.json it will write (`path`), before any section is named. Fails
/// when the content rules refuse `edition` as an edition id.
pub fn ids_for(edition: &str, path: &Path) -> Result<SiteIds, ImportError> {
    let site = SiteInfo::default();
    let (ids, problems) = check(&document(&site, PLACEHOLDER_BASE_URL, edition, &[]), path);
    let id_path = key(&index("editions", 0), "id");
    let reasons: Vec<&str> = problems
        .iter()
        .filter(|p| p.path == id_path)
        .map(|p| p.reason.as_str())
        .collect();
    if !reasons.is_empty() {
        return Err(ImportError::Edition {
            edition: edition.to_string(),
            reason: reasons.join("; "),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::InvalidSite {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(ids)
}

/// The site.json to write into `path`, checked. The export's base URL is
/// kept (without a final slash) when the rules accept it, else replaced by
/// a placeholder to edit.
pub fn site_json(
    site: &SiteInfo,
    edition: &str,
    sections: &[(String, String)],
    path: &Path,
) -> Result<Value, ImportError> {
    let mut doc = document(site, site.base_url.trim_end_matches('/'), edition, sections);
    let (_, mut problems) = check(&doc, path);
    if problems.iter().any(|p| p.path == "base_url") {
        doc = document(site, PLACEHOLDER_BASE_URL, edition, sections);
        problems = check(&doc, path).1;
    }
    if !problems.is_empty() {
        return Err(ImportError::InvalidSite {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(doc)
}
