//! `standfirst-prerender --dist DIR`: every page of the built site in DIR to HTML.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Renders every page of a built Standfirst site to static HTML.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The built site: trunk's index.html (the shell) and api/v1/.
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let start = Instant::now();
    match standfirst_prerender::prerender(&args.dist) {
        Ok(s) => {
            eprintln!(
                "prerender: {} pages, {:.1} MB of HTML in {:.2} s",
                s.pages,
                s.bytes as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
