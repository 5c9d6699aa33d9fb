//! The reference sign-up endpoint (content contract, "Newsletter
//! endpoint"): `POST /api/newsletter`, and the confirm and unsubscribe
//! links a mail carries. The app gets JSON; a browser posting the form
//! itself (JavaScript off) gets a small HTML page saying the same thing
//! (see [`answer`]).
//!
//! Every valid sign-up gets the same answer, `201 {"status":"pending"}`,
//! whether the address is new, pending or confirmed already: only the
//! mail differs, so nobody can learn from the endpoint who is subscribed.
//!
//! Email addresses never reach a log line or an error message: only list
//! ids, statuses, mail ids and link paths are logged.

mod answer;
mod confirm;
mod cors;
mod link;
mod origin;
mod page;
mod parse;
mod token;
mod unsubscribe;

pub use answer::{respond, Format, Outcome};
pub use cors::Cors;
pub use origin::Origins;
pub use parse::MAX_BODY;
pub use token::{random_bytes, Unsubscribe};

use crate::client_ip::ClientIp;
use crate::clock::Clock;
use crate::db::{subscribers::Signup, Compose, Cooldown, Db, Mail, SignupRow};
use crate::mail::{self, Letterhead, Links};
use crate::rate_limit::RateLimiter;
use crate::site::SiteInfo;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use standfirst_model::SignupStatus;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The endpoint's path (the contract's default `newsletter.endpoint`).
pub const ENDPOINT: &str = "/api/newsletter";
/// The confirm link's path.
pub const CONFIRM: &str = "/api/newsletter/confirm";
/// The unsubscribe link's path.
pub const UNSUBSCRIBE: &str = "/api/newsletter/unsubscribe";

/// The rate limits, one set of buckets each.
pub struct Limits {
    pub signup: RateLimiter,
    pub confirm: RateLimiter,
    pub unsubscribe: RateLimiter,
}

impl Limits {
    pub fn each(&self) -> [&RateLimiter; 3] {
        [&self.signup, &self.confirm, &self.unsubscribe]
    }
}

/// Mail sending, when `--smtp` is set.
pub struct Outbox {
    pub head: Letterhead,
    /// Wakes the sender when a mail is queued.
    pub wake: Arc<Notify>,
}

/// Called with each new confirmation token (the test controls use it).
pub type TokenHook = Box<dyn Fn(&str) + Send + Sync>;

/// Everything the endpoint shares between requests.
pub struct Newsletter {
    pub site: SiteInfo,
    pub db: Db,
    pub limits: Limits,
    pub cors: Cors,
    pub origins: Origins,
    pub clients: ClientIp,
    pub unsubscribe: Unsubscribe,
    /// `None`: no mail server, the links go to the log.
    pub outbox: Option<Outbox>,
    /// `--public-url` without its trailing `/`, for links in mail.
    pub public_base: Option<String>,
    pub token_ttl: Duration,
    /// How often one address may be sent mail.
    pub cooldown: Cooldown,
    pub clock: Clock,
    pub on_token: Option<TokenHook>,
}

/// `/api/newsletter` (POST, and OPTIONS for CORS) and the links' routes.
/// Every answer of theirs is `Cache-Control: no-store`: each is about one
/// reader's address or token, and no cache may keep it.
pub fn routes(state: Arc<Newsletter>) -> Router<Arc<Newsletter>> {
    let cors = axum::middleware::from_fn_with_state(state, cors::apply);
    Router::new()
        .route(ENDPOINT, post(signup).layer(cors))
        .route(CONFIRM, get(confirm::page).post(confirm::post))
        .route(UNSUBSCRIBE, get(unsubscribe::page).post(unsubscribe::post))
        .layer(axum::middleware::map_response(no_store))
}

async fn no_store(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    resp
}

/// `POST /api/newsletter`, JSON or form encoded, answered in JSON or, for a
/// browser's own form post, HTML.
async fn signup(State(n): State<Arc<Newsletter>>, req: Request) -> Response {
    let format = Format::of(req.headers(), req.uri());
    let outcome = sign_up(&n, req).await;
    respond(outcome, &format, &n.site)
}

async fn sign_up(n: &Newsletter, req: Request) -> Outcome {
    if !n.origins.allows(req.headers(), &n.cors) {
        tracing::info!("sign-up refused: posted from another site");
        return Outcome::ForeignOrigin;
    }
    if let Err(wait) = n.limits.signup.check(n.clients.of(&req)) {
        tracing::info!(wait, "sign-up rate limited");
        return Outcome::RateLimited(wait);
    }
    let request = match parse::read(req).await {
        Ok(r) => r,
        Err(status) => {
            let refused = Outcome::Failed(status);
            tracing::info!(
                status = status.as_u16(),
                "sign-up refused: {}",
                refused.code()
            );
            return refused;
        }
    };
    let valid = match parse::validate(&request, &n.site.lists) {
        Ok(v) => v,
        Err(e) => {
            tracing::info!(reason = ?e, "sign-up refused");
            return Outcome::Refused(e);
        }
    };
    let lists = valid.lists.iter().cloned().collect::<Vec<_>>().join(",");
    let (token, token_hash) = token::new_confirm();
    let now = n.clock.now();
    let row = SignupRow {
        email: valid.email,
        key: valid.key,
        lists: valid.lists,
        source: valid.source,
        token_hash,
        token_expires: now + n.token_ttl.as_secs() as i64,
    };
    let base = n.public_base.clone().unwrap_or_default();
    let signer = n.unsubscribe.clone();
    let mailing = n.outbox.as_ref().map(|o| (o.head.clone(), n.cooldown));
    let confirm_token = token.clone();
    let (email, key) = (row.email.clone(), row.key.clone());
    let mailing = mailing.map(|(head, cooldown)| {
        let compose: Compose = Box::new(move |id: i64, m: &Mail| {
            let confirm = matches!(m, Mail::Confirm { .. }).then_some(confirm_token.as_str());
            let links = Links::new(&base, confirm, &signer.sign(id, &key));
            mail::compose(&head, &email, m, &links)
        });
        (compose, cooldown)
    });
    let stored = n.db.subscribe(row, mailing, now).await;
    match stored {
        Ok(Signup {
            mail, held: true, ..
        }) => {
            // The same answer: nobody learns that the address had mail.
            tracing::info!(
                lists,
                mail = mail_kind(&mail),
                "sign-up: mail held back by the address's cooldown; nothing changed"
            );
            Outcome::Done(StatusCode::CREATED, SignupStatus::Pending)
        }
        Ok(Signup { mail, .. }) => {
            if let (Mail::Confirm { .. }, Some(hook)) = (&mail, &n.on_token) {
                hook(&token);
            }
            match (&n.outbox, &mail) {
                (Some(o), _) => {
                    o.wake.notify_one();
                    tracing::info!(
                        lists,
                        mail = mail_kind(&mail),
                        "sign-up stored; mail queued"
                    );
                }
                (None, Mail::Confirm { .. }) => {
                    // No mail server: the confirmation link goes to the log.
                    tracing::info!(lists, "sign-up pending; confirm at {CONFIRM}?token={token}");
                }
                (None, Mail::Already { .. }) => {
                    tracing::info!(lists, "sign-up: already subscribed; nothing to confirm");
                }
            }
            Outcome::Done(StatusCode::CREATED, SignupStatus::Pending)
        }
        Err(e) => {
            // Not stored, so not acknowledged: the database is away (a
            // replica's PostgreSQL, say) and the reader may try again.
            tracing::error!("sign-up not stored: {e}");
            Outcome::Failed(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

fn mail_kind(m: &Mail) -> &'static str {
    match m {
        Mail::Confirm { .. } => "confirm",
        Mail::Already { .. } => "already",
    }
}
