//! Which files of the built site are content-hashed, and so `immutable`:
//! the ones the build names. trunk writes the hashed file names into
//! `index.html` (the module loader, the wasm, the stylesheet, preloads);
//! a file counts when `index.html` refers to it, it has trunk's hash in
//! its name, and it exists. `prepare` writes the list to [`MANIFEST`]
//! (a hidden file, never served), read by `serve` and by the `_headers`
//! file; a page whose name merely looks hashed is never on it.

use std::collections::BTreeSet;
use std::path::Path;

/// The list of hashed files, one site path a line.
pub const MANIFEST: &str = ".standfirst-hashed";

/// Site paths (`/name-hash.ext`) of the hashed files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hashed(BTreeSet<String>);

impl Hashed {
    /// The manifest when there is one, else what `index.html` names.
    pub fn load(dist: &Path) -> Hashed {
        match std::fs::read_to_string(dist.join(MANIFEST)) {
            Ok(text) => Hashed(
                text.lines()
                    .filter(|l| l.starts_with('/'))
                    .map(str::to_string)
                    .collect(),
            ),
            Err(_) => Hashed::from_build(dist),
        }
    }

    /// The hashed files `dist/index.html` refers to.
    pub fn from_build(dist: &Path) -> Hashed {
        let Ok(html) = std::fs::read_to_string(dist.join("index.html")) else {
            return Hashed::default();
        };
        Hashed(standfirst_model::hashed_assets(&html, |name| {
            dist.join(name).is_file()
        }))
    }

    pub fn contains(&self, site_path: &str) -> bool {
        self.0.contains(site_path)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }

    /// The manifest's text.
    pub fn to_manifest(&self) -> String {
        let mut s = String::from(
            "# Content-hashed files (immutable), written by `standfirst-server prepare`.\n",
        );
        for p in &self.0 {
            s.push_str(p);
            s.push('\n');
        }
        s
    }
}

impl FromIterator<String> for Hashed {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Hashed(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_that_index_html_names_count() {
        let d = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "index.html",
            "<link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\">\
             <script type=module>import init from '/project/app-64b9b60359637ff.js';</script>\
             <link rel=\"preload\" href=\"/gone-0123456789abcdef.js\">",
        );
        write("style-0123456789abcdef.css", "");
        write("app-64b9b60359637ff.js", "");
        write("app-64b9b60359637ff_bg.wasm", "");
        write("books/review-9780141036144.html", "");
        write("other-0123456789abcdef.js", "");
        let h = Hashed::from_build(d.path());
        let all: Vec<&String> = h.iter().collect();
        assert_eq!(
            all,
            [
                "/app-64b9b60359637ff.js",
                "/app-64b9b60359637ff_bg.wasm",
                "/style-0123456789abcdef.css"
            ]
        );
        std::fs::write(d.path().join(MANIFEST), h.to_manifest()).unwrap();
        assert_eq!(Hashed::load(d.path()), h);
    }
}
