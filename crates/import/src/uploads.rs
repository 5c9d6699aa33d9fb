//! `--media DIR`: the site's uploads folder from its backup (WordPress's
//! `wp-content/uploads`, Ghost's `content/images`). An image of a post whose
//! file is found there is copied into the content's `media/` folder under a
//! safe name and points there: the build reads its size from the file and
//! makes every width and format of it, so an image whose size the markup
//! did not give is an image, not a link. Images not found are listed in the
//! report.
//!
//! An import converts one post at a time, on one thread: the folder is
//! kept for the import's run in a thread-local, so the converters reach it
//! without carrying it through every call.

use standfirst_content::media::{decode, is_picture_file, safe_stem};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The uploads of one import.
#[derive(Debug, Default)]
struct Uploads {
    dir: PathBuf,
    /// The content's `media/` folder.
    out: PathBuf,
    /// Source file -> the name it was copied under.
    copied: BTreeMap<PathBuf, String>,
    names: BTreeSet<String>,
    missing: BTreeSet<String>,
}

thread_local! {
    static UPLOADS: RefCell<Option<Uploads>> = const { RefCell::new(None) };
}

/// What `--media` did: files copied, and images not found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MediaReport {
    pub copied: usize,
    pub missing: Vec<String>,
}

/// Starts an import's use of `dir`, copying into `out` (`content/media`);
/// with no folder, images stay as the export gives them.
pub fn start(dir: Option<&Path>, out: &Path) {
    UPLOADS.with(|u| {
        *u.borrow_mut() = dir.map(|d| Uploads {
            dir: d.to_path_buf(),
            out: out.to_path_buf(),
            ..Uploads::default()
        })
    });
}

/// Ends the import's use of the folder: what it did.
pub fn finish() -> Option<MediaReport> {
    UPLOADS.with(|u| {
        u.borrow_mut().take().map(|u| MediaReport {
            copied: u.copied.len(),
            missing: u.missing.into_iter().collect(),
        })
    })
}

/// The content path (`/media/<name>`) of the image at `url`, copied from
/// the uploads folder; `None` when there is no folder or no such picture
/// in it (then listed as missing).
pub fn local(url: &str) -> Option<String> {
    UPLOADS.with(|u| {
        let mut u = u.borrow_mut();
        let u = u.as_mut()?;
        let found = find(&u.dir, url).and_then(|file| {
            if let Some(name) = u.copied.get(&file) {
                return Some(name.clone());
            }
            let bytes = fs::read(&file).ok()?;
            decode(&bytes).ok()?;
            let name = safe_name(&file, &u.dir, &u.names);
            fs::create_dir_all(&u.out).ok()?;
            fs::write(u.out.join(&name), &bytes).ok()?;
            u.names.insert(name.clone());
            u.copied.insert(file, name.clone());
            Some(name)
        });
        if found.is_none() {
            u.missing.insert(url.to_string());
        }
        found.map(|n| format!("/{}/{n}", standfirst_model::paths::MEDIA))
    })
}

/// Whether the import has an uploads folder (`--media`).
pub fn active() -> bool {
    UPLOADS.with(|u| u.borrow().is_some())
}

/// The file for `url` under `dir`: the longest tail of the URL's path that
/// names a picture file there; for a WordPress resized copy
/// (`photo-300x200.jpg`), the original (`photo.jpg`) when it is there.
fn find(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("://").map_or(path, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    let last = *segs.last()?;
    let original = crate::media::size_from_file_name(last).and_then(|_| {
        let (stem, ext) = last.rsplit_once('.')?;
        let (base, _) = stem.rsplit_once('-')?;
        Some(format!("{base}.{ext}"))
    });
    for name in original.iter().map(String::as_str).chain([last]) {
        for k in 0..segs.len() {
            let mut p = dir.to_path_buf();
            for s in &segs[k..segs.len() - 1] {
                p.push(s);
            }
            p.push(name);
            if is_picture_file(name) && p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// `2024-05-harbour-at-dawn.jpg` for `2024/05/Harbour at Dawn.JPG`: lower
/// case, letters, digits and `-`, the folders joined, unique.
fn safe_name(file: &Path, dir: &Path, taken: &BTreeSet<String>) -> String {
    let rel = file.strip_prefix(dir).unwrap_or(file).to_string_lossy();
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((&rel, "jpg"));
    let s = safe_stem(stem);
    let ext = match ext.to_ascii_lowercase().as_str() {
        "jpeg" => "jpg".to_string(),
        e => e.to_string(),
    };
    let mut name = format!("{s}.{ext}");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{s}-{n}.{ext}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique() {
        let dir = Path::new("/u");
        let mut taken = BTreeSet::new();
        let a = safe_name(Path::new("/u/2024/05/Harbour at Dawn.JPEG"), dir, &taken);
        assert_eq!(a, "2024-05-harbour-at-dawn.jpg");
        taken.insert(a);
        let b = safe_name(Path::new("/u/2024/05/harbour_at_dawn.jpeg"), dir, &taken);
        assert_eq!(b, "2024-05-harbour-at-dawn-2.jpg");
    }
}
