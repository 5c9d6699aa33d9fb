#![recursion_limit = "512"]
//! `standfirst-prerender`: renders every page of a built site to static HTML
//! with the app's own Leptos components (the app crate's `ssr` feature), so
//! that a page reads before the wasm arrives, and crawlers, link previews
//! and readers without scripts get the whole page.
//!
//! Input is what the build already wrote to `dist/`: trunk's `index.html`
//! (the shell: hashed script and style links, the inline scripts) and the
//! static API under `api/v1/`. Output is one HTML file per route, with the
//! URL -> file mapping that static hosts serve without rewrite rules
//! (`/world/slug` -> `world/slug.html`, see `docs/deploy.md`).

mod error;
mod head;
pub mod pwa;
mod render;
mod routes;
mod template;

pub use error::PrerenderError;
pub use head::{escape_attr, json_for_script};
pub use routes::{file_for, Job, Page, Route};
pub use template::Shell;

use rayon::prelude::*;
use standfirst_model::Site;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a run wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
}

/// Renders every route of the site in `dist` (which must hold trunk's
/// shell `index.html` and `api/v1/`) and writes the pages into `dist`.
pub fn prerender(dist: &Path) -> Result<Summary, PrerenderError> {
    let shell_file = dist.join("index.html");
    let shell_html =
        std::fs::read_to_string(&shell_file).map_err(|e| PrerenderError::io(&shell_file, e))?;
    let renderer = Renderer::new(&shell_html, &shell_file, &dist.join("api/v1"))?;
    pwa::write(dist, renderer.site(), renderer.site_json())?;
    let jobs = renderer.jobs()?;
    let written = jobs
        .par_iter()
        .map(|job| {
            let (file, html) = renderer.render(job)?;
            write(&dist.join(file), html.as_bytes())?;
            Ok(html.len() as u64)
        })
        .collect::<Result<Vec<u64>, PrerenderError>>()?;
    Ok(Summary {
        pages: written.len(),
        bytes: written.iter().sum(),
    })
}

/// One site ready to be rendered page by page: the shell, the site and
/// the static API its pages are read from. Rendering a page reads only
/// the page's own JSON ([`Job::input`]), `site.json` and the shell.
pub struct Renderer {
    shell: Shell,
    site: Arc<Site>,
    site_json: String,
    api: PathBuf,
}

impl Renderer {
    /// `shell_html` is trunk's `index.html` (`shell_file` names it in
    /// errors); `api` is the built `api/v1` folder.
    pub fn new(shell_html: &str, shell_file: &Path, api: &Path) -> Result<Self, PrerenderError> {
        init();
        let shell = Shell::parse(shell_html).map_err(|reason| PrerenderError::Shell {
            path: shell_file.display().to_string(),
            reason,
        })?;
        standfirst::url::set_base_path(shell.base_path());
        let site_file = api.join("site.json");
        let site_json =
            std::fs::read_to_string(&site_file).map_err(|e| PrerenderError::io(&site_file, e))?;
        let site: Arc<Site> = Arc::new(routes::parse(&site_file, &site_json)?);
        Ok(Renderer {
            shell,
            site,
            site_json,
            api: api.to_path_buf(),
        })
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The text of `site.json` (part of the service worker's version).
    pub fn site_json(&self) -> &str {
        &self.site_json
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Result<Vec<Job>, PrerenderError> {
        routes::discover(&self.api, &self.site)
    }

    /// One page: the file it is written to (relative to the site's root)
    /// and its HTML.
    pub fn render(&self, job: &Job) -> Result<(String, String), PrerenderError> {
        let (route, page) = routes::load(&self.api, &self.site, job)?;
        let html = render_page(&self.shell, &self.site, &route, page)?;
        Ok((file_for(&route.path), html))
    }
}

/// One page: the app's markup and head tags, the build-time head tags, and
/// the element naming the data the app takes the page over with.
pub fn render_page(
    shell: &Shell,
    site: &Arc<Site>,
    route: &Route,
    page: Page,
) -> Result<String, PrerenderError> {
    let rendered = render::render(site, route, &page);
    let page_head = head::page_head(site, route, &page, &rendered.title);
    let editions = std::iter::once(site.default_edition.as_str())
        .chain(
            site.editions
                .iter()
                .map(|e| e.id.as_str())
                .filter(|id| *id != site.default_edition),
        )
        .collect::<Vec<_>>()
        .join(" ");
    Ok(shell.assemble(template::Parts {
        app_head: &rendered.head,
        page_head: &page_head,
        editions: &editions,
        body: &rendered.body,
        page_block: &head::page_block(route, &page),
        lang: if site.locale.is_empty() {
            "en"
        } else {
            &site.locale
        },
        dir: standfirst_model::strings::direction(&site.locale),
    }))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PrerenderError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| PrerenderError::io(dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| PrerenderError::io(path, e))
}

/// The async executor leptos_meta needs to collect head tags.
fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = any_spawner::Executor::init_futures_executor();
    });
}
