//! The Standfirst server: the built site served like a CDN serves
//! prerendered pages (`/a/b` from `a/b.html`, precompressed files, cache
//! and security headers, `404.html` with a real 404), the reference
//! newsletter endpoint backed by SQLite, or by PostgreSQL for several
//! replicas (with an outbox sent through SMTP), and `prepare`, which
//! readies `dist/` for static hosts.

mod assets;
mod client_ip;
mod clock;
mod csp;
mod db;
mod deadline;
mod gone;
mod headers;
mod listener;
mod mail;
mod newsletter;
mod prepare;
mod rate_limit;
mod site;
mod static_files;
mod test_controls;
#[doc(hidden)]
pub mod test_pg;
mod walk;
mod words;

pub use assets::MANIFEST;
pub use clock::Clock;
pub use headers::{cache_control, content_type_override, is_hashed_asset, SiteHeaders};
pub use listener::ConnLimits;
pub use mail::MailConfig;
pub use newsletter::{CONFIRM, ENDPOINT, MAX_BODY, UNSUBSCRIBE};
pub use prepare::{
    headers_text, is_text, levels, precompress, prepare, Compressed, Report, CONTENT_BROTLI,
    CONTENT_GZIP,
};
pub use site::SiteInfo;
pub use test_controls::SLOW;

use anyhow::Context;
use axum::Router;
use newsletter::{Limits, Newsletter, Origins, Outbox};
use rate_limit::RateLimiter;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How `serve` runs. [`Config::new`] gives the defaults of the CLI.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built site (trunk's `dist/`).
    pub dist: PathBuf,
    /// The SQLite file for sign-ups; created (0600, in a 0700 folder when
    /// the folder is new too) and migrated when needed. Refused inside
    /// `dist`, or when others can read it. A `postgres://…` URL instead
    /// keeps them in PostgreSQL, shared by several replicas.
    pub db: PathBuf,
    /// Origins allowed to call the endpoint cross-origin.
    pub cors_origins: Vec<String>,
    /// Sign-up requests per client per minute; 0 for no limit.
    pub rate_limit: u32,
    /// Confirm and unsubscribe requests per client per minute, each in
    /// buckets of their own; 0 for no limit.
    pub link_rate_limit: u32,
    /// Adds the `/__test/` controls (end-to-end tests only).
    pub test_controls: bool,
    /// Where the site is reachable (`https://news.example.org`): the
    /// links in mail, and the site's own origin for sign-ups.
    pub public_url: Option<String>,
    /// Mail through SMTP; `None` logs the confirmation links instead.
    pub mail: Option<MailConfig>,
    /// How long a confirmation link works.
    pub token_ttl: Duration,
    /// Unconfirmed sign-ups are erased after this long.
    pub purge_after: Duration,
    /// How often the purge runs.
    pub purge_every: Duration,
    /// Proxies whose `X-Forwarded-For` names the client (CIDR ranges).
    pub trusted_proxies: Vec<String>,
    /// `Strict-Transport-Security: max-age=…` on every answer when
    /// `public_url` is https; 0 sends none.
    pub hsts_max_age: u64,
    /// Connection limits and the head timeout.
    pub conn: ConnLimits,
    /// The longest wait for the next piece of a request body.
    pub body_timeout: Duration,
    /// The longest a whole request body may take to arrive, however it is
    /// sent.
    pub body_deadline: Duration,
    /// The shortest time between two mails to one address (confirm and
    /// "already subscribed" alike); zero for none.
    pub mail_cooldown: Duration,
    /// Mails one address may be sent a day; 0 for no limit.
    pub mails_per_day: u32,
    /// The time sign-ups, tokens and the cooldown go by.
    pub clock: Clock,
    /// The publish's list of removed URLs (`gone.txt`), answered with
    /// 410 Gone; `None` for none.
    pub gone: Option<PathBuf>,
}

impl Config {
    pub fn new(dist: PathBuf, db: PathBuf) -> Config {
        Config {
            dist,
            db,
            cors_origins: Vec::new(),
            rate_limit: 5,
            link_rate_limit: 30,
            test_controls: false,
            public_url: None,
            mail: None,
            token_ttl: Duration::from_secs(7 * 86_400),
            purge_after: Duration::from_secs(14 * 86_400),
            purge_every: Duration::from_secs(3_600),
            trusted_proxies: Vec::new(),
            hsts_max_age: 31_536_000,
            conn: ConnLimits::default(),
            body_timeout: Duration::from_secs(5),
            body_deadline: Duration::from_secs(10),
            mail_cooldown: Duration::from_secs(600),
            mails_per_day: 5,
            clock: Clock::default(),
            gone: None,
        }
    }
}

/// The application: its router and what its background tasks need.
pub struct App {
    pub router: Router,
    newsletter: Arc<Newsletter>,
    mail: Option<(MailConfig, lettre::Address)>,
    purge_after: Duration,
    purge_every: Duration,
}

/// The router alone (no background task: nothing is sent or purged).
pub fn app(config: &Config) -> anyhow::Result<Router> {
    Ok(build(config)?.router)
}

/// Builds the application. Reads the site's HTML (for the CSP's script
/// hashes and the hashed files) and `dist/api/v1/site.json` (for the
/// lists) once, here.
pub fn build(config: &Config) -> anyhow::Result<App> {
    let site = site::SiteInfo::load(&config.dist);
    let mut headers = SiteHeaders::for_dist(&config.dist, &site)
        .with_context(|| format!("reading the HTML in {}", config.dist.display()))?;
    let location = db::Location::of(&config.db);
    if let db::Location::Sqlite(path) = &location {
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty());
        db::files::folder(folder.unwrap_or(Path::new(".")))?;
        refuse_db_inside(path, &config.dist)?;
    }
    let public_base = match &config.public_url {
        Some(u) => Some(public_base(u)?),
        None => None,
    };
    let https = public_base.as_deref().is_some_and(|b| {
        b.get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    });
    if https && config.hsts_max_age > 0 {
        headers.hsts = Some(format!("max-age={}", config.hsts_max_age));
    }
    let db = db::Db::open(&location).with_context(|| match &location {
        db::Location::Sqlite(p) => format!("opening {}", p.display()),
        db::Location::Postgres(_) => "opening the PostgreSQL database".into(),
    })?;
    let key = db.secret("unsubscribe", || newsletter::random_bytes(32))?;
    let mail = match &config.mail {
        Some(m) => {
            anyhow::ensure!(
                public_base.is_some(),
                "--smtp needs --public-url: the links in mail must be absolute"
            );
            mail::check_url(&m.smtp)?;
            let from: lettre::message::Mailbox = m
                .from
                .parse()
                .map_err(|e| anyhow::anyhow!("--mail-from {:?}: {e}", m.from))?;
            Some((m.clone(), from))
        }
        None => None,
    };
    let controls = config
        .test_controls
        .then(|| Arc::new(test_controls::Controls::default()));
    let on_token: Option<newsletter::TokenHook> = controls.clone().map(|c| {
        let hook: newsletter::TokenHook = Box::new(move |t: &str| c.remember(t));
        hook
    });
    let state = Arc::new(Newsletter {
        limits: Limits {
            signup: RateLimiter::new(config.rate_limit),
            confirm: RateLimiter::new(config.link_rate_limit),
            unsubscribe: RateLimiter::new(config.link_rate_limit),
        },
        cors: newsletter::Cors::new(&config.cors_origins)?,
        origins: Origins::new(config.public_url.as_deref()),
        clients: client_ip::ClientIp::new(&config.trusted_proxies)?,
        unsubscribe: newsletter::Unsubscribe::new(key),
        outbox: mail.as_ref().map(|(_, from)| Outbox {
            head: mail::Letterhead {
                site: site.name.clone(),
                list_names: site.list_names.clone(),
                words: site.words.clone(),
                from: from.clone(),
                token_ttl: config.token_ttl,
            },
            wake: Arc::new(Notify::new()),
        }),
        public_base,
        token_ttl: config.token_ttl,
        cooldown: db::Cooldown {
            interval: config.mail_cooldown.as_secs() as i64,
            per_day: config.mails_per_day,
        },
        clock: config.clock.clone(),
        on_token,
        site,
        db,
    });
    let mut router = newsletter::routes(state.clone())
        .with_state(state.clone())
        .merge(static_files::router(
            &config.dist,
            Arc::new(gone::Gone::new(config.gone.clone())),
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(headers),
            headers::apply,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            config.body_timeout,
        ))
        .layer(axum::middleware::map_request_with_state(
            config.body_deadline,
            deadline::apply,
        ));
    if let Some(c) = controls {
        tracing::warn!(
            "test controls are on: /__test/ routes can change how sign-ups are answered"
        );
        router = test_controls::wrap(router, state.clone(), c);
    }
    Ok(App {
        router,
        newsletter: state,
        mail: mail.map(|(m, from)| (m, from.email)),
        purge_after: config.purge_after,
        purge_every: config.purge_every,
    })
}

impl App {
    /// Starts the outbox sender (with `--smtp`), the purge of unconfirmed
    /// sign-ups and the rate limiters' sweep. Needs a Tokio runtime.
    pub fn spawn_tasks(&self) -> anyhow::Result<()> {
        let n = self.newsletter.clone();
        if let (Some((config, from)), Some(outbox)) = (&self.mail, &n.outbox) {
            mail::sender::spawn(n.db.clone(), config, from.clone(), outbox.wake.clone())?;
        }
        let (after, every) = (self.purge_after, self.purge_every);
        let purge = n.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let now = purge.clock.now();
                let before = now - after.as_secs() as i64;
                match purge.db.purge(before, now).await {
                    Ok(0) => {}
                    Ok(gone) => tracing::info!(gone, "unconfirmed sign-ups erased"),
                    Err(e) => tracing::error!("purge: {e}"),
                }
            }
        });
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                for l in n.limits.each() {
                    l.sweep();
                }
            }
        });
        Ok(())
    }
}

/// `--public-url` checked, without its trailing `/`.
fn public_base(url: &str) -> anyhow::Result<String> {
    let base = url.trim().trim_end_matches('/');
    anyhow::ensure!(
        site::origin_of(base).is_some() && !base.contains(['?', '#', ' ']),
        "--public-url {url:?} is not a URL such as https://news.example.org"
    );
    Ok(base.to_string())
}

/// A database inside the served directory could be downloaded.
fn refuse_db_inside(db: &Path, dist: &Path) -> anyhow::Result<()> {
    let dist = std::fs::canonicalize(dist)
        .with_context(|| format!("{} is not readable", dist.display()))?;
    let parent = db.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = std::fs::canonicalize(parent.unwrap_or(Path::new(".")))?;
    anyhow::ensure!(
        !dir.starts_with(&dist),
        "--db {} is inside --dist {}: it would be served to anyone; keep it elsewhere",
        db.display(),
        dist.display()
    );
    Ok(())
}

/// Serves on `listener` until `shutdown`, with the background tasks.
pub async fn serve_on(
    config: &Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let app = build(config)?;
    app.spawn_tasks()?;
    let trusted = app.newsletter.clients.clone();
    listener::run(listener, app.router, config.conn, trusted, shutdown)
        .await
        .context("serving")
}

/// Binds, prints `Standfirst is at http://HOST:PORT/` and serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(config: &Config, host: &str, port: u16) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .with_context(|| format!("listening on {host}:{port}"))?;
    let port = listener.local_addr()?.port();
    let shown = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let app = build(config)?;
    app.spawn_tasks()?;
    println!("Standfirst is at http://{shown}:{port}/");
    let trusted = app.newsletter.clients.clone();
    listener::run(listener, app.router, config.conn, trusted, shutdown())
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
