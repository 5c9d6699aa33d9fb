//! `standfirst-publish`: brings a built site (`DIST`) up to date with its
//! content, redoing only what the change needs, so that the result is the
//! same, byte for byte, as a publish into an empty folder.
//!
//! The stages, and how each decides what to redo:
//!
//! 1. **compile**: the whole content compiled into a staging folder kept in
//!    the state (`<state>/stage`); fast (about a second at 10,000 stories),
//!    so always whole. Each output is hashed and copied into `DIST` only
//!    when its hash differs from the one the last publish recorded.
//! 2. **app**: the app build's files (trunk's output, its `index.html`
//!    being the shell of every page), copied the same way.
//! 3. **prerender**: a page is rendered only when its own JSON changed (or
//!    is new), or when `site.json`, the shell or the tool did; it is
//!    written only when its HTML differs. `sw.js` and the web manifest are
//!    made every time (they are small) and written when they differ.
//! 4. **remove**: every file the last publish recorded and this one did
//!    not make is deleted, with its compressed copies.
//! 5. **search**: Pagefind, for each shard of the index one of whose pages
//!    changed, came or went; on a thread of its own while 4 and 6 run.
//! 6. **compress**: `.br`/`.gz` for the text files written in this publish
//!    only; the others keep theirs (the manifest keeps a file's copies on
//!    its line).
//! 7. **headers**: `_headers` and the list of hashed files.
//!
//! The state is a folder beside `DIST` (by default `<DIST>.publish/`, see
//! [`state`] and `docs/publishing.md`); when it is missing, was left by a
//! publish that did not finish, or no longer matches `DIST`, the publish
//! is a full one: everything made again, anything else in `DIST` removed.

pub mod search;
pub mod state;

use anyhow::{bail, Context};
use rayon::prelude::*;
use standfirst_content::build::{build_cached_later, BuildError, Embargoed};
use standfirst_content::cache::Sum;
use standfirst_model::paths;
use standfirst_prerender::{pwa, Job, Renderer};
use state::{Entry, State, COPIES};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// Files of the state folder.
pub const MANIFEST: &str = "manifest.tsv";
/// The site URLs the last publish changed or removed, one a line.
pub const CHANGED: &str = "changed.txt";
/// The files of `DIST` the last publish wrote (`+ path`) or removed
/// (`- path`), compressed copies included: what a deploy uploads and
/// deletes.
pub const FILES: &str = "files.txt";
/// Every story URL a publish removed and none has brought back: the
/// server answers them with 410 Gone.
pub const GONE: &str = "gone.txt";
const STAGE: &str = "stage";
/// The compiler's memory of the last compile (`standfirst_content::cache`).
const COMPILE_CACHE: &str = "compile.cache";
const SEARCH: &str = "search";
/// What each search shard was made from (`search::load_prints`).
const SEARCH_PRINTS: &str = "search.tsv";
/// The pages of the shard being indexed, linked from `DIST`.
const SEARCH_SITE: &str = "search-site";
const RUNNING: &str = "running";

/// What the compiler writes (relative to the site's root): the app build's
/// copies of these are not the site's.
const COMPILED: &[&str] = &[paths::API, paths::FEEDS, paths::SITEMAPS, paths::MEDIA];

/// How to publish.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder (`site.json`, `articles/`, `media/`).
    pub content: PathBuf,
    /// The site to bring up to date.
    pub dist: PathBuf,
    /// The app build (trunk's output): its `index.html` is the shell, its
    /// other files (scripts, styles, wasm, icons) are copied.
    pub app: PathBuf,
    /// The state folder; `None` for `<dist>.publish`.
    pub state: Option<PathBuf>,
    /// The clock: stories published after it are held back.
    pub now: OffsetDateTime,
    /// The Pagefind program, or `None` to make no search index.
    pub pagefind: Option<PathBuf>,
    /// Where encoded pictures are kept; `None` for `media/` in the state
    /// folder (a full publish keeps them: they are named by their bytes).
    pub media_cache: Option<PathBuf>,
}

impl Options {
    pub fn state_dir(&self) -> PathBuf {
        self.state
            .clone()
            .unwrap_or_else(|| default_state_dir(&self.dist))
    }
}

/// `<dist>.publish`, beside `dist`.
pub fn default_state_dir(dist: &Path) -> PathBuf {
    let mut name = dist
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_owned())
        .unwrap_or_else(|| "dist".into());
    name.push(".publish");
    match dist.components().next_back() {
        Some(_) => dist.with_file_name(name),
        None => PathBuf::from(name),
    }
}

/// What a publish did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// No usable state: everything was made again.
    pub full: bool,
    /// Files written into `DIST` (compressed copies included).
    pub written: usize,
    /// Files removed from `DIST`.
    pub removed: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Pages rendered (written or not).
    pub rendered: usize,
    /// Wall time of each stage.
    pub stages: Vec<(&'static str, Duration)>,
    /// Wall time of the search index, made on a thread of its own beside
    /// the stages `remove` and `compress` (`search` is the wait for it
    /// after them, and taking it in).
    pub indexing: Duration,
    pub total: Duration,
    /// The site URLs changed or removed, sorted.
    pub changed: Vec<String>,
    /// Stories held back, soonest first.
    pub embargoed: Vec<Embargoed>,
}

impl Report {
    /// The one-line summary.
    pub fn summary(&self) -> String {
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.2}", d.as_secs_f64()))
            .collect();
        let mut line = format!(
            "published{}: {} files written, {} removed, {} bytes, {} URLs changed, in {:.2} s ({}; search index {:.2} beside)",
            if self.full { " (full)" } else { "" },
            self.written,
            self.removed,
            self.bytes,
            self.changed.len(),
            self.total.as_secs_f64(),
            stages.join(", "),
            self.indexing.as_secs_f64()
        );
        if let Some(next) = self.embargoed.first() {
            let at = next
                .published
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            line.push_str(&format!(
                "; next embargo lifts at {at} ({}, {} held)",
                next.slug,
                self.embargoed.len()
            ));
        }
        line
    }
}

/// Why a publish failed.
#[derive(Debug)]
pub enum PublishError {
    /// The content has problems: nothing was changed in `DIST`.
    Invalid(Vec<standfirst_content::diag::Problem>),
    Other(anyhow::Error),
}

impl std::error::Error for PublishError {}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PublishError::Invalid(p) => write!(f, "{} problem(s) in the content", p.len()),
            PublishError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<anyhow::Error> for PublishError {
    fn from(e: anyhow::Error) -> Self {
        PublishError::Other(e)
    }
}

/// An identifier of this build of the program: a publish by another build
/// may render differently, so it starts afresh.
fn tool_id() -> String {
    let meta = std::env::current_exe().and_then(fs::metadata);
    let stamp = meta.map_or((0, 0), |m| {
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        (m.len(), t)
    });
    format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(
            format!("{}:{}:{:?}", env!("CARGO_PKG_VERSION"), 1, stamp).as_bytes()
        )
    )
}

fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The files under `dir` as `/`-separated paths relative to it.
fn walk(dir: &Path) -> anyhow::Result<Vec<String>> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                go(root, &path, out)?;
            } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        go(dir, dir, &mut out).with_context(|| format!("reading {}", dir.display()))?;
    }
    out.sort();
    Ok(out)
}

/// Writes `bytes` to `target` through a temporary file and a rename, so
/// that a server never reads half a file.
fn write_file(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut tmp = target.as_os_str().to_owned();
    tmp.push(".publish-tmp");
    fs::write(&tmp, bytes).with_context(|| format!("writing {}", target.display()))?;
    fs::rename(&tmp, target).with_context(|| format!("writing {}", target.display()))
}

/// Whether a file of the app build is the app's: not the shell, not a
/// compressed copy, not what the compiler, the renderer, the search index
/// or the headers stage make.
fn is_app_file(path: &str) -> bool {
    let top = path.split('/').next().unwrap_or("");
    let made_here = path == "index.html"
        || is_compressed(path)
        || COMPILED.contains(&top)
        || (top.starts_with("sitemap") && top.ends_with(".xml"))
        || path.ends_with(".html")
        || [paths::PAGEFIND, "sw.js", "manifest.webmanifest", "_headers"].contains(&top);
    let hidden = path.split('/').any(|s| s.starts_with('.'));
    !made_here && !hidden
}

/// Files made after the removal stage: the search index and the headers.
fn made_later(path: &str) -> bool {
    path.starts_with("pagefind/") || path == "_headers" || path == standfirst_server::MANIFEST
}

fn is_compressed(path: &str) -> bool {
    path.ends_with(".br") || path.ends_with(".gz")
}

/// The URL a file of the site is read at: pages without `.html`.
pub fn url_of(path: &str) -> String {
    match path.strip_suffix(".html") {
        Some("index") => "/".to_string(),
        Some("404") => "/404.html".to_string(),
        Some(page) => format!("/{page}"),
        None => format!("/{path}"),
    }
}

/// The work of one publish.
struct Run<'a> {
    o: &'a Options,
    prev: State,
    next: BTreeMap<String, Entry>,
    /// Paths written, to be compressed.
    written: Vec<String>,
    bytes: u64,
    writes: usize,
}

impl Run<'_> {
    /// Records `path` with `bytes`, writing it when it differs from what
    /// the last publish left there.
    fn put(&mut self, path: String, bytes: &[u8], key: &str) -> anyhow::Result<()> {
        let entry = Entry::new(hash(bytes), bytes.len() as u64, key);
        let (entry, same) = carried(&self.prev, &path, entry);
        if !same {
            write_file(&self.o.dist.join(&path), bytes)?;
            self.bytes += entry.size;
            self.writes += 1;
            self.written.push(path.clone());
        }
        self.next.insert(path, entry);
        Ok(())
    }

    /// Copies the files under `from` (as listed) into `DIST` under `prefix`,
    /// in parallel, each only when it changed.
    fn copy_all(&mut self, from: &Path, files: &[String], prefix: &str) -> anyhow::Result<()> {
        let prev = &self.prev;
        let dist = &self.o.dist;
        let done: Vec<(String, Entry, bool)> = files
            .par_iter()
            .map(|rel| -> anyhow::Result<(String, Entry, bool)> {
                let src = from.join(rel);
                let bytes = fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
                let path = format!("{prefix}{rel}");
                let entry = Entry::new(hash(&bytes), bytes.len() as u64, "-");
                let (entry, same) = carried(prev, &path, entry);
                if !same {
                    write_file(&dist.join(&path), &bytes)?;
                }
                Ok((path, entry, !same))
            })
            .collect::<anyhow::Result<_>>()?;
        self.record(done);
        Ok(())
    }

    /// Takes the compiler's output (`outputs`: every file it made, with its
    /// hash, media aside) into `DIST`: a file is read from the stage and
    /// copied only when its hash differs from the manifest's.
    fn take_compiled(
        &mut self,
        stage: &Path,
        outputs: &BTreeMap<String, Sum>,
    ) -> anyhow::Result<()> {
        let prev = &self.prev;
        let dist = &self.o.dist;
        let todo: Vec<(&String, &Sum)> = outputs.iter().collect();
        let done: Vec<(String, Entry, bool)> = todo
            .par_iter()
            .map(|&(path, sum)| -> anyhow::Result<(String, Entry, bool)> {
                let entry = Entry::new(sum.hash, sum.size, "-");
                let (entry, same) = carried(prev, path, entry);
                if !same {
                    let src = stage.join(path);
                    let bytes =
                        fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
                    write_file(&dist.join(path), &bytes)?;
                }
                Ok((path.clone(), entry, !same))
            })
            .collect::<anyhow::Result<_>>()?;
        self.record(done);
        Ok(())
    }

    /// Records files made (and written when the flag says so).
    fn record(&mut self, done: Vec<(String, Entry, bool)>) {
        for (path, entry, wrote) in done {
            if wrote {
                self.bytes += entry.size;
                self.writes += 1;
                self.written.push(path.clone());
            }
            self.next.insert(path, entry);
        }
    }
}

/// `entry` for the file at `path`, and whether the last publish left the
/// same bytes there: then the file is not written again and keeps its
/// compressed copies.
fn carried(prev: &State, path: &str, mut entry: Entry) -> (Entry, bool) {
    match prev.files.get(path) {
        Some(was) if was.same_bytes(&entry) => {
            entry.copies = was.copies;
            (entry, true)
        }
        _ => (entry, false),
    }
}

/// Brings `o.dist` up to date with `o.content`.
pub fn publish(o: &Options) -> Result<Report, PublishError> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&'static str, Duration)>| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    if let Some(pagefind) = &o.pagefind {
        // Before any work: at archive size, a missing program found only at
        // the search stage would cost the whole compile and prerender.
        if !program_exists(pagefind) {
            return Err(anyhow::anyhow!(
                "the search indexer {} was not found (`make setup` installs it; `--no-search` publishes without a search index)",
                pagefind.display()
            )
            .into());
        }
    }
    let state_dir = o.state_dir();
    fs::create_dir_all(&state_dir).with_context(|| format!("creating {}", state_dir.display()))?;
    let tool = tool_id();
    let running = state_dir.join(RUNNING);
    let mut laps = standfirst_content::timing::Laps::start();
    // The manifest's first line says whether the last publish was this
    // program's and finished; only then are the stage and the compile
    // cache of use (a publish cut short may have left the stage ahead of
    // its cache).
    let manifest = state_dir.join(MANIFEST);
    let usable = !running.exists() && State::is_of(&manifest, &tool);
    let stage = state_dir.join(STAGE);
    let cache = state_dir.join(COMPILE_CACHE);
    if !usable {
        refuse_foreign(&o.dist)?;
        remove_if_present(&cache)?;
    }
    let media_cache = o
        .media_cache
        .clone()
        .unwrap_or_else(|| state_dir.join(paths::MEDIA));
    lap("state", &mut stages);

    // 1. compile, while the manifest is read and checked against DIST (at
    // 100,000 stories, three quarters of a million files: about as long as
    // the parts of the compile that use one core)
    let (compiled, prev) = std::thread::scope(|s| {
        let prev = s.spawn(|| {
            let prev = usable.then(|| State::load(&manifest, &tool)).flatten();
            prev.filter(|s| s.matches(&o.dist))
        });
        let compiled = build_cached_later(&o.content, &stage, o.now, &cache, &media_cache);
        (compiled, prev.join())
    });
    let prev = prev.map_err(|_| anyhow::anyhow!("reading {} failed", manifest.display()))?;
    let (summary, cache_write) = match compiled {
        Ok(s) => s,
        Err(BuildError::Invalid(problems)) => return Err(PublishError::Invalid(problems)),
        Err(e) => return Err(anyhow::Error::from(e).context("compiling").into()),
    };
    laps.lap("compiled, manifest read and checked");
    let full = prev.is_none();
    if full && usable {
        refuse_foreign(&o.dist)?;
    }
    let prev = prev.unwrap_or_default();
    lap("compile", &mut stages);
    fs::create_dir_all(&o.dist).with_context(|| format!("creating {}", o.dist.display()))?;
    fs::write(&running, "").with_context(|| format!("writing {}", running.display()))?;
    let mut run = Run {
        o,
        prev,
        next: BTreeMap::new(),
        written: Vec::new(),
        bytes: 0,
        writes: 0,
    };
    run.take_compiled(&stage, &summary.outputs)?;
    let media = walk(&stage.join(paths::MEDIA))?;
    run.copy_all(
        &stage.join(paths::MEDIA),
        &media,
        &format!("{}/", paths::MEDIA),
    )?;
    lap("stage", &mut stages);

    // 2. the app's files
    let shell_file = o.app.join("index.html");
    let shell_html = fs::read_to_string(&shell_file)
        .with_context(|| format!("reading the app's shell {}", shell_file.display()))?;
    let app_files: Vec<String> = walk(&o.app)?
        .into_iter()
        .filter(|p| is_app_file(p))
        .collect();
    run.copy_all(&o.app, &app_files, "")?;
    lap("app", &mut stages);

    // 3. prerender
    let shell_hash = hash(shell_html.as_bytes());
    let site_key = "api/v1/site.json";
    let everything = full
        || shell_hash != run.prev.shell
        || run.prev.files.get(site_key).map(|e| e.hash) != run.next.get(site_key).map(|e| e.hash);
    let renderer = Renderer::new(&shell_html, &shell_file, &stage.join("api/v1"))
        .map_err(anyhow::Error::from)?;
    let mut by_key: HashMap<&str, Vec<&str>> = HashMap::new();
    for (path, e) in &run.prev.files {
        if e.key != "-" {
            by_key
                .entry(e.key.as_str())
                .or_default()
                .push(path.as_str());
        }
    }
    let jobs = renderer.jobs().map_err(anyhow::Error::from)?;
    // Each job is looked at on both cores (a quarter of a million at
    // archive size): a page is kept when its input and the context are
    // the same.
    /// A job's pages kept as they are, or the job to render with its key.
    type Decided<'j> = Result<Vec<(String, Entry)>, (&'j Job, String)>;
    let decided: Vec<Decided> = jobs
        .par_iter()
        .map(|job| {
            let key = format!("{job:?}");
            let input_same = |input: &str| {
                let path = format!("api/v1/{input}");
                let was = run.prev.files.get(&path).map(|e| e.hash);
                was.is_some() && was == run.next.get(&path).map(|e| e.hash)
            };
            match by_key.get(key.as_str()) {
                Some(pages) if !everything && job.input().as_deref().is_none_or(input_same) => {
                    Ok(pages
                        .iter()
                        .map(|p| (p.to_string(), run.prev.files[*p].clone()))
                        .collect())
                }
                _ => Err((job, key)),
            }
        })
        .collect();
    drop(by_key);
    let mut to_render: Vec<(&Job, String)> = Vec::new();
    for d in decided {
        match d {
            Ok(kept) => run.next.extend(kept),
            Err(job) => to_render.push(job),
        }
    }
    laps.lap("pages to render found");
    // Each page is written as soon as it is rendered: holding every page
    // of a large archive in memory would take gigabytes.
    let prev = &run.prev;
    let pages: Vec<(String, Entry, bool)> = to_render
        .par_iter()
        .map(|(job, key)| -> anyhow::Result<(String, Entry, bool)> {
            let (file, html) = renderer.render(job).map_err(anyhow::Error::from)?;
            let entry = Entry::new(hash(html.as_bytes()), html.len() as u64, key.clone());
            let (entry, same) = carried(prev, &file, entry);
            if !same {
                write_file(&o.dist.join(&file), html.as_bytes())?;
            }
            Ok((file, entry, !same))
        })
        .collect::<anyhow::Result<_>>()?;
    let rendered = pages.len();
    run.record(pages);
    laps.lap("pages rendered");
    for (name, text) in pwa::shell_files(
        &shell_html,
        &shell_file,
        &o.dist,
        renderer.site(),
        renderer.site_json(),
    )
    .map_err(anyhow::Error::from)?
    {
        run.put(name.to_string(), text.as_bytes(), "-")?;
    }
    lap("prerender", &mut stages);

    // 5. search, planned: one index per week of publication, made again
    // only when one of its pages changed (see `search`). The shards to
    // index are indexed on a thread of their own while the removal and
    // the compression go on: the pages it reads are written by now, and
    // nothing else touches them.
    let plan = o.pagefind.as_ref().map(|pagefind| {
        let site_hash = run.next.get(site_key).map_or(0, |e| e.hash);
        let context = hash(format!("{site_hash:x} {shell_hash:x}").as_bytes());
        let shards = search::shards(&summary.stories, context);
        let prev_prints = if full {
            BTreeMap::new()
        } else {
            search::load_prints(&state_dir.join(SEARCH_PRINTS))
        };
        let mut todo = Vec::new();
        for (name, shard) in &shards {
            let prefix = format!("{}/{name}/", paths::PAGEFIND);
            let had = run
                .prev
                .files
                .contains_key(&format!("{prefix}pagefind-entry.json"));
            if had && prev_prints.get(name) == Some(&shard.print) {
                let keep: Vec<(String, Entry)> = run
                    .prev
                    .files
                    .range(prefix.clone()..)
                    .take_while(|(p, _)| p.starts_with(&prefix))
                    .map(|(p, e)| (p.clone(), e.clone()))
                    .collect();
                run.next.extend(keep);
            } else {
                todo.push(name.clone());
            }
        }
        (pagefind, shards, todo)
    });
    let out = state_dir.join(SEARCH);
    let work = state_dir.join(SEARCH_SITE);
    let mut removed = Vec::new();
    let mut indexed = Duration::ZERO;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let indexing = plan.as_ref().map(|(pagefind, shards, todo)| {
            let (dist, out, work) = (&o.dist, &out, &work);
            scope.spawn(move || -> anyhow::Result<Duration> {
                let started = Instant::now();
                for name in todo {
                    let pages = &shards[name].pages;
                    search::index(pagefind, dist, pages, &work.join(name), &out.join(name))?;
                }
                Ok(started.elapsed())
            })
        });

        // 4. remove what this publish did not make (search aside), with
        // its compressed copies
        removed = run
            .prev
            .files
            .iter()
            .filter(|(p, _)| !run.next.contains_key(*p) && !made_later(p))
            .flat_map(|(p, e)| e.with_copies(p))
            .collect();
        for p in &removed {
            remove(&o.dist, p)?;
        }
        if full {
            // Anything else in DIST that is not the site's.
            for p in walk(&o.dist)? {
                if !run.next.contains_key(&p) && !made_later(&p) && !is_compressed(&p) {
                    remove(&o.dist, &p)?;
                    removed.push(p);
                }
            }
        }
        lap("remove", &mut stages);

        // 6. compress what was written
        let texts = run.written.clone();
        compress(&mut run, &texts, &mut removed)?;
        lap("compress", &mut stages);

        // 5. search, taken in once it is made
        if let Some(indexing) = indexing {
            indexed = indexing
                .join()
                .map_err(|_| anyhow::anyhow!("the search index's thread failed"))??;
        }
        Ok(())
    })?;
    if let Some((_, shards, todo)) = &plan {
        let before = run.written.len();
        for name in todo {
            let made = out.join(name);
            let files: Vec<String> = walk(&made)?
                .into_iter()
                .filter(|f| search::kept(f))
                .collect();
            run.copy_all(&made, &files, &format!("{}/{name}/", paths::PAGEFIND))?;
        }
        for dir in [&out, &work] {
            if dir.exists() {
                fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
            }
        }
        run.put(
            format!("{}/{}", paths::PAGEFIND, search::SHARDS),
            search::list(shards).as_bytes(),
            "-",
        )?;
        let prints: BTreeMap<String, u128> =
            shards.iter().map(|(n, s)| (n.clone(), s.print)).collect();
        write_file(
            &state_dir.join(SEARCH_PRINTS),
            search::prints_text(&prints).as_bytes(),
        )?;
        let texts = run.written[before..].to_vec();
        compress(&mut run, &texts, &mut removed)?;
    }
    let stale: Vec<String> = run
        .prev
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/") && !run.next.contains_key(*p))
        .flat_map(|(p, e)| e.with_copies(p))
        .collect();
    for p in &stale {
        remove(&o.dist, p)?;
    }
    removed.extend(stale);
    lap("search", &mut stages);

    // 7. headers: they depend on the shell's inline scripts, site.json
    // and which files other than pages and data there are; reading every
    // page for the scripts is skipped when none of that changed.
    let skeleton = |files: &BTreeMap<String, Entry>| -> Vec<String> {
        files
            .keys()
            .filter(|p| !p.ends_with(".html") && !made_later(p))
            .filter(|p| {
                !["api/", "feeds/", "media/", "sitemaps/"]
                    .iter()
                    .any(|d| p.starts_with(d))
            })
            .cloned()
            .collect()
    };
    let same_headers = !everything && skeleton(&run.prev.files) == skeleton(&run.next);
    let hashed = standfirst_server::MANIFEST;
    let kept: Vec<(String, Entry)> = ["_headers", hashed]
        .iter()
        .filter_map(|p| Some((p.to_string(), run.prev.files.get(*p)?.clone())))
        .collect();
    if same_headers && kept.len() == 2 {
        run.next.extend(kept);
    } else {
        let paths: Vec<String> = run
            .next
            .keys()
            .filter(|p| !is_compressed(p))
            .map(|p| format!("/{p}"))
            .chain(["/_headers".to_string()])
            .collect();
        let headers = standfirst_server::headers_text(&o.dist, &paths)?;
        run.put("_headers".into(), headers.as_bytes(), "-")?;
        let bytes = fs::read(o.dist.join(hashed)).with_context(|| format!("reading {hashed}"))?;
        run.put(hashed.to_string(), &bytes, "-")?;
    }
    lap("headers", &mut stages);

    if full {
        // Anything else in DIST is not the site's.
        for p in walk(&o.dist)? {
            if !state::holds(&run.next, &p) {
                remove(&o.dist, &p)?;
                removed.push(p);
            }
        }
    }

    // The lists for the deploy and the server.
    let mut changed: BTreeSet<String> = BTreeSet::new();
    for p in run.written.iter().chain(&removed) {
        if !is_compressed(p) && !p.starts_with('.') && p != "_headers" {
            changed.insert(url_of(p));
        }
    }
    let changed: Vec<String> = changed.into_iter().collect();
    write_lines(&state_dir.join(CHANGED), changed.iter())?;
    let mut files: BTreeMap<&str, char> = BTreeMap::new();
    files.extend(removed.iter().map(|p| (p.as_str(), '-')));
    let written_copies: Vec<String> = run
        .written
        .iter()
        .filter_map(|p| Some(run.next.get(p)?.copy_paths(p)))
        .flatten()
        .collect();
    files.extend(
        run.written
            .iter()
            .chain(&written_copies)
            .map(|p| (p.as_str(), '+')),
    );
    let lines: Vec<String> = files.iter().map(|(p, c)| format!("{c} {p}")).collect();
    write_lines(&state_dir.join(FILES), lines.iter())?;
    let gone_file = state_dir.join(GONE);
    let mut gone: BTreeSet<String> = fs::read_to_string(&gone_file)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    for p in &removed {
        let story = run
            .prev
            .files
            .get(p)
            .is_some_and(|e| e.key.starts_with("Story"));
        if story || (p.starts_with("api/v1/articles/") && p.ends_with(".json")) {
            gone.insert(url_of(p));
        }
    }
    // A URL comes back only with a file this publish wrote (a file it did
    // not write was there before).
    for p in &run.written {
        gone.remove(&url_of(p));
    }
    write_lines(&gone_file, gone.iter())?;

    laps.lap("lists for the deploy");
    // The compile cache, written meanwhile, before the manifest that says
    // the publish finished.
    cache_write
        .finish()
        .map_err(|e| anyhow::Error::from(e).context("writing the compile cache"))?;
    let next = State {
        tool,
        shell: shell_hash,
        files: std::mem::take(&mut run.next),
    };
    next.save(&state_dir.join(MANIFEST))
        .with_context(|| format!("writing {}", state_dir.join(MANIFEST).display()))?;
    fs::remove_file(&running).with_context(|| format!("removing {}", running.display()))?;
    laps.lap("manifest written");
    Ok(Report {
        full,
        written: run.writes,
        removed: removed.len(),
        bytes: run.bytes,
        rendered,
        stages,
        indexing: indexed,
        total: started.elapsed(),
        changed,
        embargoed: summary.embargoed,
    })
}

/// Makes the compressed copies of those of `paths` that are text (all
/// written in this publish), recording them on their files' entries; a
/// copy a file had and no longer gets (too small, or not worth it) was
/// removed by `precompress` and is listed in `removed`.
fn compress(run: &mut Run, paths: &[String], removed: &mut Vec<String>) -> anyhow::Result<()> {
    let dist = &run.o.dist;
    let copies: Vec<(&String, [Option<u64>; 2])> = paths
        .par_iter()
        .filter(|p| standfirst_server::is_text(Path::new(p.as_str())))
        .map(|p| -> anyhow::Result<(&String, [Option<u64>; 2])> {
            let file = dist.join(p);
            let done = standfirst_server::precompress(&file)
                .with_context(|| format!("compressing {}", file.display()))?;
            Ok((p, [done.brotli, done.gzip].map(|s| s.map(|n| n as u64))))
        })
        .collect::<anyhow::Result<_>>()?;
    for (source, made) in copies {
        let had = run.prev.files.get(source).map_or([None; 2], |e| e.copies);
        for ((ext, had), made) in COPIES.iter().zip(had).zip(made) {
            if let Some(size) = made {
                run.bytes += size;
                run.writes += 1;
            } else if had.is_some() {
                removed.push(format!("{source}{ext}"));
            }
        }
        if let Some(e) = run.next.get_mut(source) {
            e.copies = made;
        }
    }
    Ok(())
}

fn write_lines<'a>(file: &Path, lines: impl Iterator<Item = &'a String>) -> anyhow::Result<()> {
    let mut text = String::new();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    write_file(file, text.as_bytes())
}

fn remove_if_present(file: &Path) -> anyhow::Result<()> {
    match fs::remove_file(file) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::Error::from(e).context(format!("removing {}", file.display())))
        }
        _ => Ok(()),
    }
}

/// Removes `path` from `dist`, and its folders when they are left empty.
fn remove(dist: &Path, path: &str) -> anyhow::Result<()> {
    let file = dist.join(path);
    match fs::remove_file(&file) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(anyhow::Error::from(e).context(format!("removing {}", file.display())))
        }
    }
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == dist || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// A full publish removes whatever else is in `DIST`: it must be empty,
/// missing, or a site (it has `api/v1/site.json`).
/// Whether `program` names a file: itself when it is a path, else a file
/// of that name in one of `PATH`'s folders (as the shell would find it).
fn program_exists(program: &Path) -> bool {
    if program.components().count() > 1 {
        return program.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn refuse_foreign(dist: &Path) -> anyhow::Result<()> {
    let empty = fs::read_dir(dist).map_or(true, |mut d| d.next().is_none());
    if !empty && !dist.join("api/v1/site.json").is_file() {
        bail!(
            "{} is neither empty nor a built site; publish into an empty folder",
            dist.display()
        );
    }
    Ok(())
}

/// The clock: `STANDFIRST_NOW` (RFC 3339) when set, else the system's.
pub fn now_from_env() -> anyhow::Result<OffsetDateTime> {
    standfirst_content::build::now_from_env().map_err(anyhow::Error::msg)
}
