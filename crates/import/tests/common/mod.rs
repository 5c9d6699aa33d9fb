//! Shared helpers of the importers' tests: fixtures and the written files.
#![allow(dead_code)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A file under `tests/fixtures/`, e.g. `wordpress/harbour-gazette.xml`.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The article an import wrote into `out` for `slug`.
pub fn article(out: &Path, slug: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(out.join(format!("articles/{slug}.json"))).unwrap())
        .unwrap()
}

/// The `type` of each block of an article's body, in order.
pub fn block_types(a: &Value) -> Vec<String> {
    a["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap().to_string())
        .collect()
}
