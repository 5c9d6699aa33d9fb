//! `standfirst-publish`: brings a built site up to date with its content.

use clap::Parser;
use standfirst_publish::{now_from_env, publish, Options, PublishError};
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
    /// Keep running: publish again each time a file under CONTENT is
    /// saved (a summary line each time), until stopped.
    #[arg(long)]
    watch: bool,
}

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A publish is one batch that frees and takes memory again all along
    // (the compile cache, the manifest, the maps built from them). By
    // default mimalloc hands memory that has been free for 10 ms back to
    // the kernel, which zeroes every page again when it is taken back: at
    // 100,000 stories that zeroing was about a third of a publish's CPU
    // time. The process is short-lived, so nothing is handed back.
    // SAFETY: sets an option of the allocator; any value is valid, and
    // mimalloc reads it when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let a = Args::parse();
    let o = Options {
        content: a.content,
        dist: a.dist,
        app: a.app,
        state: a.state,
        now: time::OffsetDateTime::UNIX_EPOCH,
        pagefind: (!a.no_search).then_some(a.pagefind),
        media_cache: standfirst_content::media::cache_from_env(),
    };
    if a.watch {
        match watch(&o) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("standfirst-publish: {e:#}");
                ExitCode::FAILURE
            }
        }
    } else {
        once(&o)
    }
}

/// One publish, its summary or its problems.
fn once(o: &Options) -> ExitCode {
    let now = match now_from_env() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("standfirst-publish: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let o = Options { now, ..o.clone() };
    match publish(&o) {
        Ok(report) => {
            println!("{}", report.summary());
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

/// Publishes, then again after each change under the content folder:
/// file system events through `notify` (inotify on Linux), gathered until
/// the folder has been quiet for a moment, so that an editor's save (often
/// a write, a rename and a metadata change) makes one publish. A publish
/// that fails (content problems) leaves the site as it was and waits for
/// the next save.
fn watch(o: &Options) -> anyhow::Result<()> {
    use notify::{EventKind, RecursiveMode, Watcher};
    use std::time::Duration;
    const QUIET: Duration = Duration::from_millis(150);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !matches!(e.kind, EventKind::Access(_))) {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(&o.content, RecursiveMode::Recursive)?;
    println!("watching {} (Ctrl-C stops)", o.content.display());
    loop {
        let _ = once(o);
        rx.recv()?;
        while rx.recv_timeout(QUIET).is_ok() {}
    }
}
