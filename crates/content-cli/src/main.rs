//! `standfirst-content`: the Standfirst content compiler.

use clap::{Parser, Subcommand};
use standfirst_content::build::{build_media, default_media_cache, BuildError};
use standfirst_content::diag::Problem;
use standfirst_content::{benchgen, load, schema, validate};
use standfirst_import as import;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc: the build allocates many small strings on every core at once,
/// where glibc's allocator spent a fifth of the build in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Compiles a Standfirst publication (the authoring format under `content/`)
/// into the static delivery API the app reads, plus feeds and a sitemap.
///
/// Content problems are reported one per line as `FILE: json.path: reason`,
/// all of them in one run; the exit status is then 1.
#[derive(Parser)]
#[command(name = "standfirst-content", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the content and write the site: api/v1/site.json,
    /// api/v1/articles/<slug>.json, api/v1/fronts/<edition>.json,
    /// api/v1/sections/<section>/<page>.json, sitemap.xml,
    /// feeds/<edition>.xml (RSS 2.0) and a copy of media/.
    /// Nothing is written when the content has problems.
    Build {
        /// The content folder (site.json, articles/, media/).
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
        /// Where to write the site (api/v1 and feeds/ are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Where encoded pictures are kept between builds (default:
        /// `<out>.media-cache` beside the output).
        #[arg(long, value_name = "DIR")]
        media_cache: Option<PathBuf>,
    },
    /// Validate the content only.
    Check {
        /// The content folder (site.json, articles/, media/).
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
    },
    /// Write the JSON Schemas of the authoring and delivery formats
    /// (the committed copies live in schema/).
    Schema {
        /// The folder to write the *.schema.json files into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Convert a WordPress or Ghost export into a content folder that
    /// `check` accepts. Prints a summary; every post is imported or
    /// reported with a reason.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Write a generated archive (site.json and articles/) for benchmarks:
    /// seeded, so the same seed gives the same files.
    BenchGen {
        /// How many articles.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// The folder to write the archive into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The export file.
    file: PathBuf,
    /// The content folder to write (site.json, articles/).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// The edition id of every imported story.
    #[arg(long, value_name = "ID", default_value = "main")]
    edition: String,
    /// Import drafts, pending and scheduled posts too.
    #[arg(long)]
    drafts: bool,
    /// The site's uploads folder from its backup (WordPress's
    /// wp-content/uploads, Ghost's content/images): pictures found there
    /// are copied into the content's media/ (sizes read from the files);
    /// the report lists images not found.
    #[arg(long, value_name = "DIR")]
    media: Option<PathBuf>,
    /// Where kickers come from: `category`, `tag` (the post's first), or
    /// `SLUG=Kicker` for posts with that category or tag; repeatable, first
    /// match wins. Default: the section name.
    #[arg(long, value_name = "SPEC")]
    kicker_from: Vec<String>,
}

#[derive(Subcommand)]
enum ImportSource {
    /// A WordPress export (Tools -> Export, WXR 1.1/1.2).
    Wordpress(ImportArgs),
    /// A Ghost export (Settings -> Labs -> Export, JSON).
    Ghost(ImportArgs),
}

fn run_import(source: ImportSource) -> ExitCode {
    let (ghost, a) = match source {
        ImportSource::Wordpress(a) => (false, a),
        ImportSource::Ghost(a) => (true, a),
    };
    let opts = import::Options {
        out: a.out.clone(),
        edition: a.edition,
        drafts: a.drafts,
        kicker_from: a.kicker_from,
        media: a.media,
    };
    let result = if ghost {
        import::ghost::import(&a.file, opts)
    } else {
        import::wordpress::import(&a.file, opts)
    };
    match result {
        Ok(r) => {
            print!("{}", r.summary());
            if let Some(path) = a.report {
                if let Err(e) = r.write_json(&path) {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
            println!("wrote {}", a.out.display());
            if r.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report(problems: &[Problem]) -> ExitCode {
    for p in problems {
        eprintln!("{p}");
    }
    eprintln!("{} problem(s) found", problems.len());
    ExitCode::FAILURE
}

/// Stories whose `published` time is still to come, as information: a
/// publish holds them back until then.
fn report_embargoes(v: &validate::ValidContent) -> ExitCode {
    let now = match standfirst_content::build::now_from_env() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut held: Vec<&validate::ValidArticle> =
        v.articles.iter().filter(|a| a.published > now).collect();
    held.sort_by_key(|a| a.published);
    for a in held {
        let at = a
            .published
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        println!("info: {}: embargoed until {at}; published then", a.file);
    }
    ExitCode::SUCCESS
}

/// The pictures of checked content, the stories' and the authors': every
/// source file read and decoded (none encoded), and each image's problems
/// reported at its path.
fn check_pictures(
    content: &std::path::Path,
    v: validate::ValidContent,
) -> Result<validate::ValidContent, Vec<Problem>> {
    use standfirst_content::media::{Media, Uses};
    let mut media = Media::new(&standfirst_content::media::source_dir(content), None);
    let uses: Vec<(&str, Uses)> = v
        .articles
        .iter()
        .map(|a| (a.file.as_str(), Uses::of(&a.article)))
        .collect();
    let names: std::collections::BTreeSet<String> = uses
        .iter()
        .flat_map(|(_, u)| u.names())
        .chain(v.people.picture_names())
        .collect();
    media.make(names.iter().map(String::as_str));
    let problems: Vec<Problem> = media
        .check_people(&v.people)
        .into_iter()
        .chain(uses.iter().flat_map(|(file, u)| media.check(file, u)))
        .collect();
    if problems.is_empty() {
        Ok(v)
    } else {
        Err(problems)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Command::Build {
            content,
            out,
            media_cache,
        } => {
            let cache = media_cache
                .or_else(standfirst_content::media::cache_from_env)
                .unwrap_or_else(|| default_media_cache(&out));
            match build_media(&content, &out, None, &cache) {
                Ok(s) => {
                    for e in &s.empty_editions {
                        eprintln!("warning: edition {e:?} has no articles, so no front was written for it");
                    }
                    println!(
                    "built {} articles, {} fronts, {} section pages, {} media files ({} pictures encoded) into {} in {} ms",
                    s.articles,
                    s.fronts,
                    s.section_pages,
                    s.media_files,
                    s.encoded,
                    out.display(),
                    started.elapsed().as_millis()
                );
                    ExitCode::SUCCESS
                }
                Err(BuildError::Invalid(problems)) => report(&problems),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { content } => match validate::validate(load::load(&content))
            .and_then(|v| check_pictures(&content, v))
        {
            Ok(v) => {
                println!(
                    "{}: site.json and {} articles are valid",
                    content.display(),
                    v.articles.len()
                );
                for id in v.authors_without_stories() {
                    println!(
                        "info: {}: author {id:?} has no story yet (the page lists none)",
                        content.join("authors").join(format!("{id}.json")).display()
                    );
                }
                report_embargoes(&v)
            }
            Err(problems) => report(&problems),
        },
        Command::Schema { out } => match schema::write_schemas(&out) {
            Ok(names) => {
                println!("wrote {} schemas into {}", names.len(), out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Command::Import { source } => run_import(source),
        Command::BenchGen { count, out, seed } => match benchgen::generate(&out, count, seed) {
            Ok(()) => {
                println!("wrote {count} generated articles into {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
    }
}
