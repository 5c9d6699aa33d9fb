//! The committed JSON Schemas in `schema/` must match the Rust types.

use standfirst_content::schema::schemas;
use std::path::Path;

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    let fix = "run `cargo run -p standfirst-content -- schema --out schema` (i.e. `standfirst-content schema --out schema`) at the repository root and commit the result";
    let mut expected: Vec<&str> = Vec::new();
    for (name, text) in schemas() {
        expected.push(name);
        let committed = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("schema/{name} cannot be read ({e}): {fix}"));
        assert!(
            committed == text,
            "schema/{name} differs from the Rust types: {fix}"
        );
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("schema/ cannot be read ({e}): {fix}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    present.sort();
    expected.sort();
    assert_eq!(
        present, expected,
        "schema/ has stale or missing files: {fix}"
    );
}

#[test]
fn schemas_describe_the_contract_fields() {
    let all = schemas();
    let get = |n: &str| -> serde_json::Value {
        serde_json::from_str(&all.iter().find(|(name, _)| *name == n).unwrap().1).unwrap()
    };
    let article = get("authoring-article.schema.json");
    for field in [
        "slug",
        "section",
        "editions",
        "headline",
        "published",
        "body",
    ] {
        assert!(
            article["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == field),
            "{field} required"
        );
    }
    assert_eq!(article["properties"]["slug"]["maxLength"], 120);
    let delivery = get("delivery-article.schema.json");
    for field in ["url", "reading_minutes", "related", "more"] {
        assert!(delivery["properties"][field].is_object(), "{field}");
    }
}
