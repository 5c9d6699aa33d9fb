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

/// The author file an import wrote into `out` for `id`.
pub fn author(out: &Path, id: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(out.join(format!("authors/{id}.json"))).unwrap())
        .unwrap()
}

/// The ids of the author files in `out`, sorted.
pub fn author_ids(out: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(out.join("authors"))
        .map(|d| {
            d.map(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".json")
                    .to_string()
            })
            .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// Every file under `dir` (its path relative to `dir`) with its bytes,
/// sorted by path.
pub fn all_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Asserts that no file under `dir` holds any of `emails`.
pub fn assert_no_email(dir: &Path, emails: &[&str]) {
    let files = all_files(dir);
    assert!(!files.is_empty());
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for e in emails {
            assert!(!text.contains(e), "{path} holds {e}: {text}");
        }
    }
}

/// A small JPEG, `w` by `h`.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([40, 90, 140]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}
