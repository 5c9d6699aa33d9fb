//! `standfirst-server`: ready a built site for static hosts (`prepare`), or
//! serve it like a CDN with the reference newsletter endpoint (`serve`).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "standfirst-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes .br and .gz beside every text file of DIST, and DIST/_headers
    /// with the cache and security headers (Netlify / Cloudflare Pages).
    Prepare {
        /// The built site (trunk's dist/).
        #[arg(long, value_name = "DIR")]
        dist: PathBuf,
    },
    /// Serves DIST like a CDN, with the sign-up endpoint at /api/newsletter.
    Serve {
        /// The built site (trunk's dist/, after `prepare`).
        #[arg(long, value_name = "DIR")]
        dist: PathBuf,
        /// SQLite file for sign-ups (created and migrated when needed).
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to listen on (0 picks a free one).
        #[arg(long, env = "PORT", default_value_t = 8080)]
        port: u16,
        /// An origin allowed to post sign-ups from another site, such as
        /// https://news.example.org (repeatable).
        #[arg(long = "cors-origin", value_name = "ORIGIN")]
        cors_origins: Vec<String>,
        /// Sign-up requests allowed per client IP per minute (0: no limit).
        #[arg(long, value_name = "N", default_value_t = 5)]
        rate_limit: u32,
        /// Adds /__test/ routes that steer the sign-up endpoint. For
        /// end-to-end tests only; never in production.
        #[arg(long)]
        test_controls: bool,
    },
}

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    let result = match Cli::parse().command {
        Command::Prepare { dist } => {
            standfirst_server::prepare(&dist).map(|report| println!("{report}"))
        }
        Command::Serve {
            dist,
            db,
            host,
            port,
            cors_origins,
            rate_limit,
            test_controls,
        } => {
            let config = standfirst_server::Config {
                dist,
                db,
                cors_origins,
                rate_limit,
                test_controls,
            };
            tokio::runtime::Runtime::new()
                .map_err(anyhow::Error::from)
                .and_then(|rt| rt.block_on(standfirst_server::serve(&config, &host, port)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("standfirst-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}
