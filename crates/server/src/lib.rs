//! The Standfirst server: the built site served like a CDN serves
//! prerendered pages (`/a/b` from `a/b.html`, precompressed files, cache
//! and security headers, `404.html` with a real 404), the reference
//! newsletter endpoint backed by SQLite, and `prepare`, which readies
//! `dist/` for static hosts.

mod csp;
mod db;
mod headers;
mod newsletter;
mod prepare;
mod rate_limit;
mod site;
mod static_files;
mod test_controls;
mod walk;

pub use headers::{cache_control, content_type_override, is_hashed_asset, SiteHeaders};
pub use newsletter::{ENDPOINT, MAX_BODY, SLOW};
pub use prepare::{prepare, Report};
pub use site::SiteInfo;

use anyhow::Context;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built site (trunk's `dist/`).
    pub dist: PathBuf,
    /// The SQLite file for sign-ups; created and migrated when needed.
    pub db: PathBuf,
    /// Origins allowed to call the endpoint cross-origin.
    pub cors_origins: Vec<String>,
    /// Sign-up requests per client IP per minute; 0 for no limit.
    pub rate_limit: u32,
    /// Adds the `/__test/` routes (end-to-end tests only).
    pub test_controls: bool,
}

/// The whole application. Reads the site's HTML (for the CSP's script
/// hashes) and `dist/api/v1/site.json` (for the lists) once, here.
pub fn app(config: &Config) -> anyhow::Result<Router> {
    let site = SiteInfo::load(&config.dist);
    let headers = SiteHeaders::for_dist(&config.dist, &site)
        .with_context(|| format!("reading the HTML in {}", config.dist.display()))?;
    if let Some(dir) = config.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let db =
        db::Db::open(&config.db).with_context(|| format!("opening {}", config.db.display()))?;
    let state = Arc::new(newsletter::Newsletter {
        site,
        db,
        limiter: rate_limit::RateLimiter::new(config.rate_limit),
        cors: newsletter::Cors::new(&config.cors_origins)?,
        controls: test_controls::Controls::default(),
    });
    let mut api = newsletter::routes(state.clone());
    if config.test_controls {
        tracing::warn!(
            "test controls are on: /__test/ routes can change how sign-ups are answered"
        );
        api = api.merge(test_controls::routes());
    }
    Ok(api
        .with_state(state)
        .merge(static_files::router(&config.dist))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(headers),
            headers::apply,
        )))
}

/// Binds, prints `Standfirst is at http://HOST:PORT/` and serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(config: &Config, host: &str, port: u16) -> anyhow::Result<()> {
    let app = app(config)?;
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .with_context(|| format!("listening on {host}:{port}"))?;
    let port = listener.local_addr()?.port();
    let shown = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    println!("Standfirst is at http://{shown}:{port}/");
    let service = app.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
