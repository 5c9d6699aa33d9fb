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
                        r.gzip_written += usize::from(done.gzip.is_some());
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

    let paths: Vec<String> = all.iter().map(|f| format!("/{}", relative(f))).collect();
    write_atomically(
        &dist.join("_headers"),
        headers_text(dist, &paths)?.as_bytes(),
        None,
    )?;
    Ok(report.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Writes the list of hashed files (the server's [`crate::MANIFEST`]) when
/// it changed, and returns the text of `_headers` for a site whose files
/// are `paths` (site paths such as `/world/story.html`; `.br`/`.gz`
/// copies, `_headers` and dot files among them are ignored).
pub fn headers_text(dist: &Path, paths: &[String]) -> anyhow::Result<String> {
    // The hashed files trunk named, before the headers read them.
    let manifest = dist.join(crate::assets::MANIFEST);
    let text = crate::assets::Hashed::from_build(dist).to_manifest();
    if fs::read(&manifest).ok().as_deref() != Some(text.as_bytes()) {
        write_atomically(&manifest, text.as_bytes(), None)?;
    }
    let site = SiteInfo::load(dist);
    let headers = SiteHeaders::for_dist(dist, &site).context("reading the site's HTML")?;
    let paths: Vec<String> = paths
        .iter()
        .filter(|p| *p != "/_headers" && !p.split('/').any(|seg| seg.starts_with('.')))
        .cloned()
        .collect();
    Ok(headers_file(&headers, &paths))
}

/// Whether `p` is a text file that gets compressed copies.
pub fn is_text(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What [`precompress`] wrote beside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compressed {
    /// The file's size.
    pub raw: usize,
    /// The `.br` copy's size, if one was written.
    pub brotli: Option<usize>,
    /// The `.gz` copy's size, if one was written.
    pub gzip: Option<usize>,
}

/// Writes `file.br` / `file.gz` when they save at least 5 %; otherwise
/// removes any old copy, so the server never sends a stale one. Levels
/// follow [`levels`].
pub fn precompress(file: &Path) -> anyhow::Result<Compressed> {
    let done = compress_one(file)?;
    Ok(Compressed {
        raw: done.raw,
        brotli: done.brotli,
        gzip: done.gzip,
    })
}

/// Brotli quality and gzip level for a file, by type. The app's own
/// files (scripts, styles, wasm: few, shared by every page, fetched by
/// every reader) get the strongest settings; pages, data, feeds and the
/// sitemap (thousands of files, each read far less often) a setting that
/// costs a small fraction of the time for a few per cent more bytes
/// (measured in `docs/publishing.md`).
pub fn levels(file: &Path) -> (u32, u32) {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ["js", "css", "wasm"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
    {
        (11, 9)
    } else {
        (CONTENT_BROTLI, CONTENT_GZIP)
    }
}

/// The brotli quality of pages, data, feeds and the sitemap.
pub const CONTENT_BROTLI: u32 = 5;
/// The gzip level of pages, data, feeds and the sitemap.
pub const CONTENT_GZIP: u32 = 6;

struct Done {
    raw: usize,
    brotli: Option<usize>,
    gzip: Option<usize>,
}

fn compress_one(file: &Path) -> anyhow::Result<Done> {
    let data = fs::read(file)?;
    let modified = fs::metadata(file)?.modified().ok();
    let small = data.len() < MIN_BYTES;
    let worth = |c: &[u8]| !small && c.len() * 100 <= data.len() * 95;
    let (quality, level) = levels(file);
    let br = if small {
        Vec::new()
    } else {
        brotli(&data, file, quality)?
    };
    let gz = if small {
        Vec::new()
    } else {
        gzip(&data, level)?
    };
    let mut done = Done {
        raw: data.len(),
        brotli: None,
        gzip: None,
    };
    for (bytes, ext) in [(&br, "br"), (&gz, "gz")] {
        let target = sibling(file, ext);
        if worth(bytes) {
            write_atomically(&target, bytes, modified)?;
            if ext == "br" {
                done.brotli = Some(bytes.len());
            } else {
                done.gzip = Some(bytes.len());
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

fn brotli(data: &[u8], file: &Path, quality: u32) -> std::io::Result<Vec<u8>> {
    let text = file.extension().is_none_or(|e| e != "wasm");
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
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

fn gzip(data: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(level),
    );
    enc.write_all(data)?;
    enc.finish()
}
