//! What a build remembers for the next one ([`crate::build::build_cached`]):
//! of each article file, the hash of its bytes and what the site-wide files
//! need of it (its teaser, ranking keys and dates), so that a build reads,
//! parses and checks only the files that changed; and of each file it
//! wrote, the hash of its bytes, so that it writes only the files whose
//! bytes change.
//!
//! A file of lines, read and written in parallel:
//!
//! ```text
//! standfirst-compile <format> <key> <written at>
//! A\t<one article as JSON>
//! O\t<hash>\t<size>\t<path>
//! M\t<print>\t<path>
//! ```
//!
//! An `M` line says what a listing page was made from (its key, number,
//! the listing's page count, its heading and its teasers' hashes): a page
//! whose print is the same is not made again (see `SiteWriter::listing_page`
//! in `build.rs`).
//!
//! `key` is the hash of what every article is checked against (`site.json`,
//! the described authors and topics, and the compiler's format); when it differs, the articles are all read
//! and checked again. `written at` is when the cache was written
//! (nanoseconds since the epoch): an article file whose size and
//! modification time are the ones cached, and older than that by more than
//! [`RACY`], is taken as unchanged without being read (as git and make do);
//! any other is read and hashed. A missing or unreadable cache is an empty one: the
//! build is then a full one, with the same output.

use crate::build::Indexed;
use crate::rank::RankItem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use standfirst_model::Teaser;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use time::OffsetDateTime;

const MAGIC: &str = "standfirst-compile";
/// Bump when what is cached, or what the compiler makes of it, changes.
const FORMAT: &str = "4";

/// A file modified less than this before the build that wrote the cache
/// started may have changed again within the same tick of its clock: it is
/// read and hashed.
pub const RACY: i64 = 2_000_000_000;

/// XXH3-128 of some bytes: the hash the publish's manifest uses too.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A file's hash and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    pub hash: u128,
    pub size: u64,
}

impl Sum {
    pub fn of(bytes: &[u8]) -> Sum {
        Sum {
            hash: hash(bytes),
            size: bytes.len() as u64,
        }
    }
}

/// A time as the cache keeps it: nanoseconds since the epoch and the
/// offset it was written with (feeds print the offset).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Stamp(i128, i32);

impl From<OffsetDateTime> for Stamp {
    fn from(t: OffsetDateTime) -> Self {
        Stamp(t.unix_timestamp_nanos(), t.offset().whole_seconds())
    }
}

impl Stamp {
    fn time(self) -> Option<OffsetDateTime> {
        let offset = time::UtcOffset::from_whole_seconds(self.1).ok()?;
        Some(
            OffsetDateTime::from_unix_timestamp_nanos(self.0)
                .ok()?
                .to_offset(offset),
        )
    }
}

/// A story's rails as a build ranked them (`related`, then `more`), as
/// ordinals of the cache's articles in name order.
pub type CachedRails = Option<Box<[Vec<u32>; 2]>>;

/// One article file, as the last build knew it.
#[derive(Debug, Clone)]
pub struct Known {
    /// The file's name in `articles/`.
    pub name: String,
    /// The hash of its bytes.
    pub source: u128,
    /// Its size and modification time (nanoseconds since the epoch), as
    /// read when it was hashed.
    pub stat: (u64, i64),
    /// Boxed: a `Known` moves through several lists of every article in
    /// a build, and an inline teaser would make each of them hundreds of
    /// bytes a story.
    pub indexed: Box<Indexed>,
    /// The hash of its teaser as written (rails that list it change when it
    /// does).
    pub teaser: u128,
    /// What its delivery file was written from (its bytes and its rails'
    /// teasers), or `None` when it was not written (embargoed).
    pub written: Option<u128>,
    /// The picture source files it uses (`content/media/` names) and the
    /// hash of each one's bytes when it was read: a changed picture makes
    /// the article read again.
    pub media: Vec<(String, u128)>,
    /// Its rails as the last build ranked them (`related`, then `more`), as
    /// ordinals of the cache's articles in name order; `None` when it was
    /// not ranked (embargoed, or read in this build).
    pub rails: CachedRails,
    /// Of an article read in this build (not from the cache): its file and
    /// its pictures, to check once they are made.
    pub fresh: Option<Box<(String, crate::media::Uses)>>,
}

/// A [`Known`] as one line of JSON: borrowed from the article when
/// written, owned when read, so that both go through one definition.
#[derive(Serialize, Deserialize)]
struct Line<'a> {
    name: Cow<'a, str>,
    source: String,
    size: u64,
    mtime: i64,
    teaser_hash: String,
    written: Option<String>,
    #[serde(default)]
    media: Vec<(Cow<'a, str>, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rails: Option<Cow<'a, [Vec<u32>; 2]>>,
    teaser: Cow<'a, Teaser>,
    tags: Cow<'a, [String]>,
    curated: Cow<'a, [String]>,
    published: Stamp,
    modified: Stamp,
}

fn hex(h: u128) -> String {
    format!("{h:032x}")
}

fn unhex(s: &str) -> Option<u128> {
    u128::from_str_radix(s, 16).ok()
}

impl Known {
    fn line(&self) -> Line<'_> {
        let x = &self.indexed;
        Line {
            name: Cow::Borrowed(&self.name),
            source: hex(self.source),
            size: self.stat.0,
            mtime: self.stat.1,
            teaser_hash: hex(self.teaser),
            written: self.written.map(hex),
            media: self
                .media
                .iter()
                .map(|(n, h)| (Cow::Borrowed(n.as_str()), hex(*h)))
                .collect(),
            rails: self.rails.as_deref().map(Cow::Borrowed),
            teaser: Cow::Borrowed(&x.teaser),
            tags: Cow::Borrowed(&x.rank.tags),
            curated: Cow::Borrowed(&x.rank.curated),
            published: x.published.into(),
            modified: x.modified.into(),
        }
    }

    fn from_line(l: Line<'_>) -> Option<Known> {
        let published = l.published.time()?;
        let rank = RankItem {
            slug: l.teaser.slug.clone(),
            section: l.teaser.section.clone(),
            editions: l.teaser.editions.clone(),
            tags: l.tags.into_owned(),
            published: published.unix_timestamp(),
            curated: l.curated.into_owned(),
        };
        Some(Known {
            name: l.name.into_owned(),
            source: unhex(&l.source)?,
            stat: (l.size, l.mtime),
            teaser: unhex(&l.teaser_hash)?,
            written: match l.written {
                Some(w) => Some(unhex(&w)?),
                None => None,
            },
            media: l
                .media
                .into_iter()
                .map(|(n, h)| Some((n.into_owned(), unhex(&h)?)))
                .collect::<Option<_>>()?,
            fresh: None,
            rails: l.rails.map(|r| Box::new(r.into_owned())),
            indexed: Box::new(Indexed {
                teaser: l.teaser.into_owned(),
                rank,
                published,
                modified: l.modified.time()?,
            }),
        })
    }
}

/// The cache as read or to be written.
#[derive(Debug, Default)]
pub struct Cache {
    /// What the articles were checked against.
    pub key: u128,
    /// When the build that wrote the cache started (nanoseconds since the
    /// epoch): what it read had been modified before then.
    pub written_at: i64,
    /// By file name.
    pub articles: BTreeMap<String, Known>,
    /// Every file the build wrote under its output folder (`/`-separated
    /// paths), media aside.
    pub outputs: BTreeMap<String, Sum>,
    /// What each listing page was made from (its print), by path: emptied
    /// with the articles when the key changes.
    pub made_of: BTreeMap<String, u128>,
}

impl Cache {
    /// The cache in `file`; an empty one when it is missing, damaged or of
    /// another format.
    pub fn load(file: &Path) -> Cache {
        Self::read(file).unwrap_or_default()
    }

    /// Read a block of lines at a time (about 8 MB), each block parsed on
    /// every core: the file is a hundred megabytes at 100,000 stories, and
    /// memory taken afresh is what a publish after a pause pays for most.
    fn read(file: &Path) -> Option<Cache> {
        Self::read_blocks(file, READ_BYTES)
    }

    /// As [`Cache::read`], `block` bytes at a time.
    fn read_blocks(file: &Path, block: usize) -> Option<Cache> {
        use std::io::Read;
        let mut f = fs::File::open(file).ok()?;
        let mut cache: Option<Cache> = None;
        let mut buf: Vec<u8> = Vec::new();
        loop {
            let len = buf.len();
            buf.resize(len + block, 0);
            let n = loop {
                match f.read(&mut buf[len..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => break r.ok()?,
                }
            };
            buf.truncate(len + n);
            let whole = if n == 0 {
                buf.len()
            } else {
                // The rest carried over holds no newline: only the new
                // bytes are looked at.
                match buf[len..].iter().rposition(|&b| b == b'\n') {
                    Some(i) => len + i + 1,
                    None => continue,
                }
            };
            let rest = buf.split_off(whole);
            let text = std::str::from_utf8(&buf).ok()?;
            let mut lines = text.lines();
            if cache.is_none() {
                cache = Some(Self::head(lines.next()?)?);
            }
            let cache = cache.as_mut()?;
            cache.take(&lines.collect::<Vec<_>>())?;
            buf = rest;
            if n == 0 {
                break;
            }
        }
        cache
    }

    /// An empty cache with the key and time of its first line.
    fn head(line: &str) -> Option<Cache> {
        let mut head = line.split(' ');
        if head.next()? != MAGIC || head.next()? != FORMAT {
            return None;
        }
        Some(Cache {
            key: unhex(head.next()?)?,
            written_at: head.next()?.parse().ok()?,
            ..Cache::default()
        })
    }

    /// Takes in some of the file's lines, parsed on every core.
    fn take(&mut self, lines: &[&str]) -> Option<()> {
        enum Row {
            A(Box<Known>),
            O(String, Sum),
            M(String, u128),
        }
        let rows: Option<Vec<Row>> = lines
            .par_iter()
            .map(|l| {
                if let Some(json) = l.strip_prefix("A\t") {
                    Known::from_line(serde_json::from_str(json).ok()?).map(|k| Row::A(Box::new(k)))
                } else if let Some(m) = l.strip_prefix("M\t") {
                    let (print, path) = m.split_once('\t')?;
                    Some(Row::M(path.to_string(), unhex(print)?))
                } else {
                    let mut f = l.strip_prefix("O\t")?.splitn(3, '\t');
                    let hash = unhex(f.next()?)?;
                    let size = f.next()?.parse().ok()?;
                    Some(Row::O(f.next()?.to_string(), Sum { hash, size }))
                }
            })
            .collect();
        for row in rows? {
            match row {
                Row::A(k) => {
                    self.articles.insert(k.name.clone(), *k);
                }
                Row::O(path, sum) => {
                    self.outputs.insert(path, sum);
                }
                Row::M(path, print) => {
                    self.made_of.insert(path, print);
                }
            }
        }
        Some(())
    }

    /// Writes the cache to `file`, through a temporary file and a rename.
    /// The articles' lines are made on every core a block at a time and
    /// written as each block is done: at 100,000 stories, holding them
    /// all would take about 200 MB.
    pub fn save(&self, file: &Path) -> io::Result<()> {
        let tmp = file.with_extension("tmp");
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
        writeln!(
            out,
            "{MAGIC} {FORMAT} {} {}",
            hex(self.key),
            self.written_at
        )?;
        let known: Vec<&Known> = self.articles.values().collect();
        for block in known.chunks(BLOCK) {
            let parts: Vec<Vec<u8>> = block
                .par_chunks(BLOCK / 32)
                .map(|part| {
                    let mut buf = Vec::with_capacity(part.len() * 1024);
                    for k in part {
                        buf.extend_from_slice(b"A\t");
                        serde_json::to_writer(&mut buf, &k.line())?;
                        buf.push(b'\n');
                    }
                    Ok(buf)
                })
                .collect::<serde_json::Result<_>>()
                .map_err(io::Error::other)?;
            for p in &parts {
                out.write_all(p)?;
            }
        }
        for (path, s) in &self.outputs {
            writeln!(out, "O\t{}\t{}\t{path}", hex(s.hash), s.size)?;
        }
        for (path, print) in &self.made_of {
            writeln!(out, "M\t{}\t{path}", hex(*print))?;
        }
        out.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&tmp, file)
    }
}

/// How many articles' lines are made at a time.
const BLOCK: usize = 8192;

/// How many bytes of the file are read, and parsed, at a time.
const READ_BYTES: usize = 8 << 20;

/// The clock, in nanoseconds since the epoch.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// A file's size and modification time (nanoseconds since the epoch).
pub fn stat_of(meta: &fs::Metadata) -> (u64, i64) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    (meta.len(), mtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_and_a_damaged_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("compile.cache");
        let at = time::macros::datetime!(2026-12-01 10:30:00.25 +02:00);
        let teaser = Teaser {
            slug: "a-story".into(),
            url: "/world/a-story".into(),
            kicker: "K".into(),
            section: "world".into(),
            headline: "H".into(),
            summary: "S".into(),
            authors: Vec::new(),
            editions: vec!["us".into()],
            published: "2026-12-01T08:30:00.25Z".into(),
            image: None,
            live: true,
        };
        let mut cache = Cache {
            key: 42,
            written_at: 1_800_000_000_000_000_000,
            ..Cache::default()
        };
        cache.articles.insert(
            "a-story.json".into(),
            Known {
                name: "a-story.json".into(),
                source: 7,
                stat: (5, 6),
                teaser: 8,
                written: Some(9),
                media: vec![("a/b.jpg".into(), 11)],
                rails: Some(Box::new([vec![0, 3], vec![2]])),
                fresh: None,
                indexed: Box::new(Indexed {
                    rank: RankItem {
                        slug: "a-story".into(),
                        section: "world".into(),
                        editions: vec!["us".into()],
                        tags: vec!["t".into()],
                        published: at.unix_timestamp(),
                        curated: vec!["other".into()],
                    },
                    teaser,
                    published: at,
                    modified: at,
                }),
            },
        );
        cache.outputs.insert(
            "api/v1/site.json".into(),
            Sum {
                hash: u128::MAX,
                size: 3,
            },
        );
        cache
            .made_of
            .insert("api/v1/sections/world/2.json".into(), 77);
        cache.save(&file).unwrap();
        let back = Cache::load(&file);
        assert_eq!(back.made_of, cache.made_of);
        assert_eq!(back.key, 42);
        assert_eq!(back.outputs, cache.outputs);
        let k = &back.articles["a-story.json"];
        assert_eq!((k.source, k.teaser, k.written), (7, 8, Some(9)));
        assert_eq!(k.stat, (5, 6));
        assert_eq!(k.media, [("a/b.jpg".to_string(), 11)]);
        assert_eq!(k.rails.as_deref(), Some(&[vec![0, 3], vec![2]]));
        assert_eq!(back.written_at, cache.written_at);
        assert_eq!(k.indexed.published, at);
        assert_eq!(k.indexed.published.offset(), at.offset());
        assert_eq!(k.indexed.rank.curated, ["other"]);
        assert_eq!(k.indexed.rank.published, at.unix_timestamp());
        // Read a few bytes at a time, lines cut anywhere, and longer than
        // a block: the same cache.
        for block in [1, 7, 64, 1000] {
            let small = Cache::read_blocks(&file, block).unwrap();
            assert_eq!(small.made_of, cache.made_of);
            assert_eq!(small.outputs, cache.outputs);
            assert_eq!((small.key, small.written_at), (42, cache.written_at));
            let k = &small.articles["a-story.json"];
            assert_eq!(k.rails.as_deref(), Some(&[vec![0, 3], vec![2]]));
            assert_eq!(
                k.indexed.teaser,
                back.articles["a-story.json"].indexed.teaser
            );
        }
        // A file cut short in the middle of a line is damaged.
        let whole = fs::read(&file).unwrap();
        let cut = whole.iter().position(|&b| b == b'{').unwrap() + 10;
        fs::write(&file, &whole[..cut]).unwrap();
        assert!(Cache::read_blocks(&file, 16).is_none());
        fs::write(&file, "standfirst-compile 4 zz 1\n").unwrap();
        assert!(Cache::load(&file).articles.is_empty());
        fs::write(&file, "standfirst-compile 4 2a 1\nA\t{not json\n").unwrap();
        assert!(Cache::load(&file).outputs.is_empty());
    }
}
