//! `prepare`: `.br` and `.gz` beside every text file of the built site, and
//! the `_headers` file for static hosts. Idempotent: a second run writes
//! the same bytes and leaves no stale variant behind.
//!
//! Symbolic links are skipped and listed in the report: a static host
//! would publish whatever a link points to (and `serve` never sends it),
//! so a link gets no `.br` or `.gz`, a copy left by an earlier run is
//! removed, and a linked folder is not entered.

use crate::headers::{headers_file, SiteHeaders};
use crate::site::SiteInfo;
use anyhow::Context;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Extensions worth compressing.
pub const TEXT_EXTENSIONS: &[&str] = &["html", "js", "css", "wasm", "json", "xml", "svg", "txt"];
/// Smaller files are sent as they are.
pub const MIN_BYTES: usize = 512;

/// What `prepare` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Text files looked at (any size).
    pub text_files: usize,
    pub brotli_written: usize,
    pub gzip_written: usize,
    /// Bytes of the files that got a `.br`, and of their `.br`.
    pub raw_bytes: u64,
    pub brotli_bytes: u64,
    /// Symbolic links skipped, relative to `dist` (`a/b.txt`).
    pub links_skipped: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "prepared {} text files: {} .br and {} .gz written ({} KB -> {} KB brotli); wrote _headers",
            self.text_files,
            self.brotli_written,
            self.gzip_written,
            self.raw_bytes / 1024,
            self.brotli_bytes / 1024
        )?;
        if !self.links_skipped.is_empty() {
            write!(
                f,
                "\nskipped {} symbolic link(s), not compressed and never served by `serve` \
                 (a static host would publish what they point to): {}",
                self.links_skipped.len(),
                self.links_skipped.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Precompresses `dist` and writes `dist/_headers`.
pub fn prepare(dist: &Path) -> anyhow::Result<Report> {
    anyhow::ensure!(dist.is_dir(), "{} is not a directory", dist.display());
    let (mut all, mut links) = (Vec::new(), Vec::new());
    crate::walk::files(dist, &mut |p| all.push(p.to_path_buf()), &mut |p| {
        links.push(p.to_path_buf())
    })
    .with_context(|| format!("reading {}", dist.display()))?;
    let texts: Vec<&PathBuf> = all.iter().filter(|p| is_text(p)).collect();
    remove_orphans(&all)?;
    let relative = |p: &Path| {
        let rel = p.strip_prefix(dist).unwrap_or(p).to_string_lossy();
        rel.replace('\\', "/")
    };
    for link in &links {
        tracing::warn!(
            "skipping {}: a symbolic link is neither compressed nor served",
            link.display()
        );
    }

    let report = Mutex::new(Report {
        text_files: texts.len(),
        links_skipped: links.iter().map(|l| relative(l)).collect(),
        ..Report::default()
    });
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    while let Some(file) = texts.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let done = compress_one(file)
                            .with_context(|| format!("compressing {}", file.display()))?;
                        let mut r = report.lock().unwrap_or_else(|p| p.into_inner());
                        if let Some(br) = done.brotli {
                            r.brotli_written += 1;
                            r.raw_bytes += done.raw as u64;
                            r.brotli_bytes += br as u64;
                        }
                        r.gzip_written += usize::from(done.gzip);
                    }
                    Ok(())
                })
            })
            .collect();
        for h in handles {
            h.join()
                .map_err(|_| anyhow::anyhow!("a compression thread panicked"))??;
        }
        Ok(())
    })?;

    // The hashed files trunk named, before the headers read them.
    write_atomically(
        &dist.join(crate::assets::MANIFEST),
        crate::assets::Hashed::from_build(dist)
            .to_manifest()
            .as_bytes(),
        None,
    )?;
    let site = SiteInfo::load(dist);
    let headers = SiteHeaders::for_dist(dist, &site).context("reading the site's HTML")?;
    let paths: Vec<String> = all
        .iter()
        .map(|f| format!("/{}", relative(f)))
        .filter(|p| p != "/_headers" && !p.split('/').any(|seg| seg.starts_with('.')))
        .collect();
    write_atomically(
        &dist.join("_headers"),
        headers_file(&headers, &paths).as_bytes(),
        None,
    )?;
    Ok(report.into_inner().unwrap_or_else(|p| p.into_inner()))
}

fn is_text(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

struct Done {
    raw: usize,
    brotli: Option<usize>,
    gzip: bool,
}

/// Writes `file.br` / `file.gz` when they save at least 5 %; otherwise
/// removes any old variant, so the server never sends a stale one.
fn compress_one(file: &Path) -> anyhow::Result<Done> {
    let data = fs::read(file)?;
    let modified = fs::metadata(file)?.modified().ok();
    let small = data.len() < MIN_BYTES;
    let worth = |c: &[u8]| !small && c.len() * 100 <= data.len() * 95;
    let br = if small {
        Vec::new()
    } else {
        brotli(&data, file)?
    };
    let gz = if small { Vec::new() } else { gzip(&data)? };
    let mut done = Done {
        raw: data.len(),
        brotli: None,
        gzip: false,
    };
    for (bytes, ext) in [(&br, "br"), (&gz, "gz")] {
        let target = sibling(file, ext);
        if worth(bytes) {
            write_atomically(&target, bytes, modified)?;
            if ext == "br" {
                done.brotli = Some(bytes.len());
            } else {
                done.gzip = true;
            }
        } else if target.exists() {
            fs::remove_file(&target)?;
        }
    }
    Ok(done)
}

/// Removes `x.br` / `x.gz` whose text file `x` no longer exists, or is a
/// symbolic link.
fn remove_orphans(all: &[PathBuf]) -> anyhow::Result<()> {
    for p in all {
        let ext = p.extension().and_then(|e| e.to_str());
        if matches!(ext, Some("br" | "gz")) {
            let source = p.with_extension("");
            let regular = fs::symlink_metadata(&source).is_ok_and(|m| m.is_file());
            if is_text(&source) && !regular {
                fs::remove_file(p).with_context(|| format!("removing {}", p.display()))?;
            }
        }
    }
    Ok(())
}

fn sibling(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Writes via a temporary file and a rename, so a running server never
/// reads half a file; gives the result the source's modification time.
fn write_atomically(
    target: &Path,
    bytes: &[u8],
    modified: Option<std::time::SystemTime>,
) -> anyhow::Result<()> {
    let tmp = sibling(target, "tmp");
    let mut f = fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(bytes)?;
    if let Some(m) = modified {
        f.set_modified(m)?;
    }
    drop(f);
    fs::rename(&tmp, target).with_context(|| format!("writing {}", target.display()))?;
    Ok(())
}

fn brotli(data: &[u8], file: &Path) -> std::io::Result<Vec<u8>> {
    let text = file.extension().is_none_or(|e| e != "wasm");
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: data.len(),
        mode: if text {
            brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT
        } else {
            brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_GENERIC
        },
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::best(),
    );
    enc.write_all(data)?;
    enc.finish()
}
