//! The compiler's side of the block contract: the validator, the
//! authoring type, the conversion to delivery blocks and the published
//! schemas all know exactly the model's list of block kinds
//! (`standfirst_model::BlockKind`).

use serde_json::Value;
use standfirst_content::authoring::AuthoringBlock;
use standfirst_content::convert;
use standfirst_content::diag::Report;
use standfirst_content::schema::schemas;
use standfirst_content::validate::{check_block, SiteIds};
use standfirst_model::BlockKind;

fn site_ids() -> SiteIds {
    SiteIds {
        known: true,
        lists: ["daily".to_string()].into_iter().collect(),
        ..SiteIds::default()
    }
}

fn check(block: &Value) -> Vec<String> {
    let mut r = Report::new("content/articles/x.json");
    check_block(&mut r, block, "body[0]", &site_ids());
    r.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn every_kind_is_validated_converted_and_tagged_alike() {
    for &kind in BlockKind::ALL {
        let block = AuthoringBlock::example(kind);
        assert_eq!(block.kind(), kind);
        let json = serde_json::to_value(&block).unwrap();
        assert_eq!(json["type"], kind.name(), "the authoring tag of {kind:?}");
        assert_eq!(check(&json), Vec::<String>::new(), "{kind:?} is accepted");
        let back: AuthoringBlock = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, block);
        let delivered = convert::block(&block, &standfirst_content::media::Media::none());
        assert_eq!(delivered.kind(), kind, "{kind:?} converts to its own kind");
        assert_eq!(
            serde_json::to_value(&delivered).unwrap()["type"],
            kind.name()
        );
    }
}

#[test]
fn an_unknown_kind_is_refused_naming_every_known_one() {
    let problems = check(&serde_json::json!({"type": "hologram", "beam": 3}));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("body[0].type"), "{}", problems[0]);
    assert!(problems[0].contains("\"hologram\""), "{}", problems[0]);
    for name in BlockKind::NAMES {
        assert!(problems[0].contains(name), "{name} in {}", problems[0]);
    }
}

/// Every string in a `type` property's `enum` (or `const`) inside `v`.
fn type_tags(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(t) = o.get("properties").and_then(|p| p.get("type")) {
                let tags = t.get("enum").and_then(Value::as_array).cloned();
                let tags = tags.or_else(|| t.get("const").map(|c| vec![c.clone()]));
                out.extend(
                    tags.unwrap_or_default()
                        .iter()
                        .filter_map(|s| s.as_str().map(str::to_string)),
                );
            }
            o.values().for_each(|c| type_tags(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| type_tags(c, out)),
        _ => {}
    }
}

#[test]
fn both_published_schemas_list_exactly_the_model_kinds() {
    let all = schemas();
    let schema = |name: &str| -> Value {
        serde_json::from_str(&all.iter().find(|(n, _)| *n == name).unwrap().1).unwrap()
    };
    let mut expected: Vec<String> = BlockKind::NAMES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    for (file, definition) in [
        ("authoring-article.schema.json", "AuthoringBlock"),
        ("delivery-article.schema.json", "Block"),
    ] {
        let s = schema(file);
        let def = &s["definitions"][definition];
        assert!(def.is_object(), "{file} defines {definition}");
        let mut tags = Vec::new();
        type_tags(def, &mut tags);
        tags.sort();
        tags.dedup();
        assert_eq!(tags, expected, "the block tags of {file}");
    }
}
