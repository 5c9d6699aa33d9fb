//! Shared helpers: the fixture archive, in memory, and mutations of it.
#![allow(dead_code)]

use serde_json::Value;
use standfirst_content::diag::Problem;
use standfirst_content::load::{Loaded, SourceFile};
use standfirst_content::validate::{validate, ValidContent};
use std::path::{Path, PathBuf};

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

/// The fixture archive as JSON values: site.json and `(stem, article)`s.
#[derive(Clone)]
pub struct Archive {
    pub site: Value,
    pub articles: Vec<(String, Value)>,
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

pub fn archive() -> Archive {
    let dir = fixture_dir();
    let mut articles: Vec<(String, Value)> = std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                read_json(&p),
            )
        })
        .collect();
    articles.sort_by(|a, b| a.0.cmp(&b.0));
    Archive {
        site: read_json(&dir.join("site.json")),
        articles,
    }
}

pub const MAIN: &str = "harbour-vote-explained";

impl Archive {
    pub fn article_mut(&mut self, stem: &str) -> &mut Value {
        &mut self.articles.iter_mut().find(|(s, _)| s == stem).unwrap().1
    }

    pub fn loaded(&self) -> Loaded {
        Loaded {
            site: SourceFile::new("content/site.json", "site", self.site.to_string()),
            articles: self
                .articles
                .iter()
                .map(|(stem, v)| {
                    SourceFile::new(
                        format!("content/articles/{stem}.json"),
                        stem.clone(),
                        v.to_string(),
                    )
                })
                .collect(),
            people: Default::default(),
            problems: Vec::new(),
        }
    }

    pub fn validate(&self) -> Result<ValidContent, Vec<Problem>> {
        validate(self.loaded())
    }

    pub fn problems(&self) -> Vec<Problem> {
        match self.validate() {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }
}

/// Problems after mutating the main fixture article.
pub fn with_article(f: impl FnOnce(&mut Value)) -> Vec<Problem> {
    let mut a = archive();
    f(a.article_mut(MAIN));
    a.problems()
}

/// Asserts that exactly one problem was reported, in `file_stem`'s file at
/// `path`, with a reason containing `reason`.
#[track_caller]
pub fn assert_one(problems: &[Problem], file: &str, path: &str, reason: &str) {
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "expected one problem, got {shown:#?}");
    let p = &problems[0];
    assert_eq!(p.file, file, "{shown:#?}");
    assert_eq!(p.path, path, "{shown:#?}");
    assert!(
        p.reason.contains(reason),
        "{:?} should contain {reason:?}",
        p.reason
    );
}

pub fn main_file() -> String {
    format!("content/articles/{MAIN}.json")
}
