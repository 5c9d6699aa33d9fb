//! `standfirst-server`: ready a built site for static hosts (`prepare`), or
//! serve it like a CDN with the reference newsletter endpoint (`serve`).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "standfirst-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once
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
        /// SQLite file for sign-ups (created and migrated when needed), or
        /// a PostgreSQL URL, postgres://user@host/database, shared by
        /// several replicas (migrated at start). The environment keeps a
        /// password out of the process list.
        #[arg(long, value_name = "FILE|URL", env = "STANDFIRST_DB")]
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
        /// Sign-up requests allowed per client per minute (0: no limit).
        #[arg(long, value_name = "N", default_value_t = 5)]
        rate_limit: u32,
        /// Confirm and unsubscribe requests allowed per client per minute,
        /// each in buckets of their own (0: no limit).
        #[arg(long, value_name = "N", default_value_t = 30)]
        link_rate_limit: u32,
        /// Where readers reach the site, such as https://news.example.org:
        /// the links in mail, and the origin sign-ups may come from.
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// Strict-Transport-Security max-age in seconds, sent on every
        /// answer when --public-url is https (0: none).
        #[arg(long, value_name = "SECS", default_value_t = 31_536_000)]
        hsts_max_age: u64,
        /// Send mail through SMTP: smtp://host:port (plain, a local relay)
        /// or smtps://user:pass@host (TLS, a provider). Without it the
        /// confirmation links are only logged.
        #[arg(long, value_name = "URL", env = "STANDFIRST_SMTP")]
        smtp: Option<String>,
        /// The From: of the mail, such as "The Standfirst <news@example.org>".
        #[arg(long, value_name = "ADDR")]
        mail_from: Option<String>,
        /// Seconds a mail being sent stays claimed: the mails a replica
        /// killed mid-send had claimed are sent by another after this.
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        mail_claim_timeout: u64,
        /// Days a confirmation link works.
        #[arg(long, value_name = "DAYS", default_value_t = 7)]
        token_days: u64,
        /// Days after which an unconfirmed sign-up is erased.
        #[arg(long, value_name = "DAYS", default_value_t = 14)]
        purge_days: u64,
        /// A proxy whose X-Forwarded-For names the client, as a CIDR range
        /// such as 10.0.0.0/8 or 127.0.0.1/32 (repeatable).
        #[arg(long = "trusted-proxy", value_name = "CIDR")]
        trusted_proxies: Vec<String>,
        /// Minutes between two mails to one address, confirm and "already
        /// subscribed" alike, whoever asks (0: no wait).
        #[arg(long, value_name = "MINUTES", default_value_t = 10)]
        mail_cooldown: u64,
        /// Mails one address may be sent a day (0: no limit).
        #[arg(long, value_name = "N", default_value_t = 5)]
        mails_per_day: u32,
        /// Connections open at once.
        #[arg(long, value_name = "N", default_value_t = 1024)]
        max_connections: usize,
        /// Connections one client address may have open at once; trusted
        /// proxies are not counted (0: no limit).
        #[arg(long, value_name = "N", default_value_t = 128)]
        max_connections_per_ip: usize,
        /// Seconds a whole request body may take to arrive.
        #[arg(long, value_name = "SECS", default_value_t = 10)]
        body_deadline: u64,
        /// The list of removed URLs, answered with 410 Gone (default: the
        /// publish's DIST.publish/gone.txt beside DIST).
        #[arg(long, value_name = "FILE")]
        gone: Option<PathBuf>,
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
            link_rate_limit,
            public_url,
            hsts_max_age,
            smtp,
            mail_from,
            mail_claim_timeout,
            token_days,
            purge_days,
            mail_cooldown,
            mails_per_day,
            trusted_proxies,
            max_connections,
            max_connections_per_ip,
            body_deadline,
            gone,
            test_controls,
        } => {
            const DAY: u64 = 86_400;
            let gone = gone.unwrap_or_else(|| {
                let mut name = dist.file_name().unwrap_or_default().to_owned();
                name.push(".publish");
                dist.with_file_name(name).join("gone.txt")
            });
            let mut config = standfirst_server::Config::new(dist, db);
            config.gone = Some(gone);
            config.cors_origins = cors_origins;
            config.rate_limit = rate_limit;
            config.link_rate_limit = link_rate_limit;
            config.public_url = public_url;
            config.hsts_max_age = hsts_max_age;
            config.token_ttl = Duration::from_secs(token_days.max(1) * DAY);
            config.purge_after = Duration::from_secs(purge_days.max(1) * DAY);
            config.mail_cooldown = Duration::from_secs(mail_cooldown.saturating_mul(60));
            config.mails_per_day = mails_per_day;
            config.trusted_proxies = trusted_proxies;
            config.conn.max_connections = max_connections;
            config.conn.max_per_ip = max_connections_per_ip;
            config.body_deadline = Duration::from_secs(body_deadline.max(1));
            config.test_controls = test_controls;
            config.mail = smtp.map(|smtp| standfirst_server::MailConfig {
                smtp,
                from: mail_from.unwrap_or_else(|| "The Standfirst <newsletter@localhost>".into()),
                retry_base: Duration::from_secs(2),
                retry_max: Duration::from_secs(600),
                claim_timeout: Duration::from_secs(mail_claim_timeout.max(1)),
            });
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
