//! JSON Schemas of both formats, generated from the Rust types.

use crate::authoring::{AuthoringArticle, AuthoringAuthorFile, AuthoringTopic};
use schemars::schema::RootSchema;
use schemars::schema_for;
use standfirst_model::{Article, Front, SectionPage, Site};
use std::path::Path;

fn pretty(schema: RootSchema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// `(file name, contents)` of every schema, in a fixed order.
pub fn schemas() -> Vec<(&'static str, String)> {
    vec![
        (
            "authoring-article.schema.json",
            pretty(schema_for!(AuthoringArticle)),
        ),
        (
            "authoring-author.schema.json",
            pretty(schema_for!(AuthoringAuthorFile)),
        ),
        (
            "authoring-topic.schema.json",
            pretty(schema_for!(AuthoringTopic)),
        ),
        // site.json has the same shape in both formats.
        ("authoring-site.schema.json", pretty(schema_for!(Site))),
        ("delivery-article.schema.json", pretty(schema_for!(Article))),
        ("delivery-site.schema.json", pretty(schema_for!(Site))),
        ("delivery-front.schema.json", pretty(schema_for!(Front))),
        (
            // Sections', authors' and topics' pages.
            "delivery-section-page.schema.json",
            pretty(schema_for!(SectionPage)),
        ),
    ]
}

/// Writes every schema into `dir`.
pub fn write_schemas(dir: &Path) -> std::io::Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, text) in schemas() {
        std::fs::write(dir.join(name), text)?;
        names.push(name);
    }
    Ok(names)
}
