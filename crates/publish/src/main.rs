//! `standfirst-publish`: brings a built site up to date with its content.

use clap::Parser;
use standfirst_publish::{now_from_env, publish, Options, PublishError, CHANGED};
use std::path::PathBuf;
use std::process::ExitCode;

/// The publish allocates many small strings on every core at once (the
/// compile and the renderer), as `standfirst-content` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Brings DIST up to date with CONTENT: compiles, prerenders, indexes for
/// search and precompresses only what the change needs. Prints a one-line
/// summary; the URLs changed or removed are in <STATE>/changed.txt.
/// STANDFIRST_NOW (RFC 3339) sets the clock embargoes are held against.
#[derive(Parser)]
#[command(name = "standfirst-publish", version)]
struct Args {
    /// The content folder (site.json, articles/, media/).
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// The site to bring up to date.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// The app build (trunk's output; its index.html is the shell).
    #[arg(long, value_name = "DIR", default_value = "target/app")]
    app: PathBuf,
    /// The publish's state (default: DIST.publish beside DIST).
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// The Pagefind program for the search index.
    #[arg(long, value_name = "PROGRAM", default_value = "pagefind")]
    pagefind: PathBuf,
    /// Make no search index.
    #[arg(long)]
    no_search: bool,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let now = match now_from_env() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("standfirst-publish: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let o = Options {
        content: a.content,
        dist: a.dist,
        app: a.app,
        state: a.state,
        now,
        pagefind: (!a.no_search).then_some(a.pagefind),
    };
    match publish(&o) {
        Ok(report) => {
            println!("{}", report.summary());
            let _ = CHANGED;
            ExitCode::SUCCESS
        }
        Err(PublishError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!(
                "{} problem(s) found; {} was not changed",
                problems.len(),
                o.dist.display()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("standfirst-publish: {e}");
            ExitCode::FAILURE
        }
    }
}
