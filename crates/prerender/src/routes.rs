//! Which pages the site has, where each is written, and the data each is
//! rendered from (read from the static API the content compiler wrote).

use crate::error::PrerenderError;
use serde::de::DeserializeOwned;
use standfirst::prerendered::PageData;
use standfirst_model::{paths, Article, Front, SectionPage, Site};
use std::path::Path;
use std::sync::Arc;

/// A page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// An edition's front, at `/` (the default edition) or `/<edition>`.
    Front {
        edition: String,
        at_root: bool,
    },
    /// A page of a section, or of an author's or a topic's listing
    /// (`section` is then its key, `author/<id>`, see `paths::listing`).
    Section {
        section: String,
        page: u32,
    },
    Story {
        file: String,
    },
    Newsletters,
    /// Pages whose content is the reader's own, filled in after takeover
    /// ([`paths::reader_pages`]): prerendered so they open at once,
    /// offline too, but never indexed.
    Reader(String),
    NotFound,
}

impl Job {
    /// The file of the static API the page is rendered from (relative to
    /// `api/v1`), if it has one: besides it, a page depends only on
    /// `site.json` and the shell.
    pub fn input(&self) -> Option<String> {
        match self {
            Job::Front { edition, .. } => Some(format!("fronts/{edition}.json")),
            Job::Section { section, page } => Some(format!("sections/{section}/{page}.json")),
            Job::Story { file } => Some(format!("articles/{file}")),
            Job::Newsletters | Job::Reader(_) | Job::NotFound => None,
        }
    }
}

/// A rendered page's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The route path the app sees (without the public base), e.g. `/world/slug`.
    /// Empty for the not-found page, which stands in for any path.
    pub path: String,
    /// The canonical site path (`/` for every copy of the default front);
    /// `None` for pages that must not be indexed.
    pub canonical: Option<String>,
}

/// A page's data, parsed for rendering, and the API file it was read from
/// (relative to the site's base, e.g. `api/v1/fronts/us.json`), which the
/// page names for the app's takeover.
#[derive(Debug, Clone)]
pub struct Page {
    pub data: PageData,
    pub src: Option<String>,
}

/// The file a route path is written to: `/` -> `index.html`, `/a/b` ->
/// `a/b.html`; the not-found page -> `404.html`.
pub fn file_for(path: &str) -> String {
    match path.trim_matches('/') {
        "" if path.is_empty() => "404.html".to_string(),
        "" => "index.html".to_string(),
        p => format!("{p}.html"),
    }
}

/// Only plain lower-case slugs make it into a file name.
fn check_path(path: &str, file: &Path) -> Result<(), PrerenderError> {
    let ok = path.starts_with('/') && path[1..].split('/').all(standfirst_model::is_slug);
    if ok {
        Ok(())
    } else {
        Err(PrerenderError::Json {
            path: file.display().to_string(),
            reason: format!("url {path:?} is not a site path of lower-case slugs"),
        })
    }
}

pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, PrerenderError> {
    let text = std::fs::read_to_string(path).map_err(|e| PrerenderError::io(path, e))?;
    parse(path, &text)
}

pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, PrerenderError> {
    serde_json::from_str(text).map_err(|e| PrerenderError::Json {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Every page of a listing (`key`, a section id or an author's or
/// topic's key): as many as its first page says.
fn listing_jobs(api: &Path, key: String) -> Result<Vec<Job>, PrerenderError> {
    let first = Job::Section {
        section: key.clone(),
        page: 1,
    };
    let file = api.join(first.input().unwrap_or_default());
    let pages = if file.exists() {
        read_json::<SectionPage>(&file)?.pages.max(1)
    } else {
        1
    };
    Ok((1..=pages)
        .map(|page| Job::Section {
            section: key.clone(),
            page,
        })
        .collect())
}

/// The ids with a folder in `dir` (an author's or a topic's pages), sorted.
fn folders(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    ids.sort();
    ids
}

/// Every page of the site: fronts, every page of every section, author
/// and topic, every story, the newsletters page and the not-found page.
pub fn discover(api: &Path, site: &Site) -> Result<Vec<Job>, PrerenderError> {
    let mut jobs = vec![Job::Front {
        edition: site.default_edition.clone(),
        at_root: true,
    }];
    for e in &site.editions {
        jobs.push(Job::Front {
            edition: e.id.clone(),
            at_root: false,
        });
    }
    for s in &site.sections {
        jobs.extend(listing_jobs(api, s.id.clone())?);
    }
    for kind in [paths::AUTHOR, paths::TOPIC] {
        for id in folders(&api.join("sections").join(kind)) {
            jobs.extend(listing_jobs(api, paths::listing(kind, &id))?);
        }
    }
    let dir = api.join("articles");
    // One pass over the folder: the stories' files, and the folders of
    // the live stories that have older pages (probing a folder for every
    // story would cost a failed lookup each, 100,000 at archive size).
    let mut stories: Vec<String> = Vec::new();
    let mut paged: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| PrerenderError::io(&dir, e))?
        .filter_map(Result::ok)
    {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.ends_with(".json") {
            stories.push(name);
        } else if entry
            .file_type()
            .is_ok_and(|t| t.is_dir() || (t.is_symlink() && entry.path().is_dir()))
        {
            paged.push(name);
        }
    }
    stories.sort();
    // A live story's older pages: `articles/<slug>/page/<n>.json`.
    let older: Vec<String> = paged
        .iter()
        .filter(|slug| stories.binary_search(&format!("{slug}.json")).is_ok())
        .flat_map(|slug| {
            let pages = dir.join(slug).join(paths::PAGING);
            std::fs::read_dir(pages)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".json"))
                .map(move |n| format!("{slug}/{}/{n}", paths::PAGING))
        })
        .collect();
    stories.extend(older);
    stories.sort();
    jobs.extend(stories.into_iter().map(|file| Job::Story { file }));
    jobs.push(Job::Newsletters);
    jobs.extend(paths::reader_pages().map(Job::Reader));
    jobs.push(Job::NotFound);
    Ok(jobs)
}

/// Reads a page's data and works out its route.
pub fn load(api: &Path, site: &Site, job: &Job) -> Result<(Route, Page), PrerenderError> {
    let read = |rel: String| -> Result<(std::path::PathBuf, String), PrerenderError> {
        let path = api.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| PrerenderError::io(&path, e))?;
        Ok((path, text))
    };
    Ok(match job {
        Job::Front { edition, at_root } => {
            let (file, raw) = read(job.input().unwrap_or_default())?;
            let front: Front = parse(&file, &raw)?;
            let is_default = *edition == site.default_edition;
            let path = if *at_root {
                "/".to_string()
            } else {
                format!("/{edition}")
            };
            if !at_root {
                check_path(&path, &file)?;
            }
            let canonical = if is_default {
                "/".to_string()
            } else {
                path.clone()
            };
            let route = Route {
                path,
                canonical: Some(canonical),
            };
            (route, page(PageData::Front(Arc::new(front)), job))
        }
        Job::Section { section, page: n } => {
            let (file, raw) = read(job.input().unwrap_or_default())?;
            let data: SectionPage = parse(&file, &raw)?;
            let path = paths::section_page(section, *n);
            check_path(&path, &file)?;
            let route = Route {
                canonical: Some(path.clone()),
                path,
            };
            (route, page(PageData::Section(Arc::new(data)), job))
        }
        Job::Story { .. } => {
            let (file, raw) = read(job.input().unwrap_or_default())?;
            let article: Article = parse(&file, &raw)?;
            let path = article.page_url();
            check_path(&path, &file)?;
            let route = Route {
                canonical: Some(path.clone()),
                path,
            };
            (route, page(PageData::Story(Arc::new(article)), job))
        }
        Job::Newsletters => (
            Route {
                path: ["/", paths::NEWSLETTERS].concat(),
                canonical: Some(["/", paths::NEWSLETTERS].concat()),
            },
            Page {
                data: PageData::Static,
                src: None,
            },
        ),
        Job::Reader(path) => (
            Route {
                path: path.clone(),
                canonical: None,
            },
            Page {
                data: PageData::Static,
                src: None,
            },
        ),
        Job::NotFound => (
            Route {
                path: String::new(),
                canonical: None,
            },
            Page {
                data: PageData::Static,
                src: None,
            },
        ),
    })
}

fn page(data: PageData, job: &Job) -> Page {
    Page {
        data,
        src: job.input().map(|file| format!("api/v1/{file}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_live_storys_older_pages_are_found_and_a_folder_without_its_story_is_not() {
        let site: Site = serde_json::from_str(include_str!("../tests/fixtures/site.json")).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let articles = tmp.path().join("articles");
        for dir in ["b/page", "orphan/page", "a/other"] {
            std::fs::create_dir_all(articles.join(dir)).unwrap();
        }
        for file in [
            "a.json",
            "b.json",
            "b/page/3.json",
            "b/page/2.json",
            "b/page/notes.txt",
            "orphan/page/2.json",
            "a/other/2.json",
            "readme.txt",
        ] {
            std::fs::write(articles.join(file), "{}").unwrap();
        }
        // A story's folder that is a link to one elsewhere is followed.
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(elsewhere.join("page")).unwrap();
        std::fs::write(elsewhere.join("page/2.json"), "{}").unwrap();
        std::fs::write(articles.join("c.json"), "{}").unwrap();
        std::os::unix::fs::symlink(&elsewhere, articles.join("c")).unwrap();
        let stories: Vec<String> = discover(tmp.path(), &site)
            .unwrap()
            .into_iter()
            .filter_map(|j| match j {
                Job::Story { file } => Some(file),
                _ => None,
            })
            .collect();
        assert_eq!(
            stories,
            [
                "a.json",
                "b.json",
                "b/page/2.json",
                "b/page/3.json",
                "c.json",
                "c/page/2.json"
            ]
        );
    }
}
