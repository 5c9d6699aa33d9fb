//! `build`: validate, rank, and write the static site.

use crate::cache::{hash, stat_of, Cache, CachedRails, Known, Sum, RACY};
use crate::convert::{article, author_about, teaser, topic_about};
use crate::diag::Problem;
pub use crate::error::BuildError;
use crate::feeds::{
    edition_channel, feed_language, rss, sitemaps, Channel, FeedItem, SitemapUrl, FEED_ITEMS,
};
use crate::fronts::{fronts, page_ranges, PageRange};
use crate::load::{article_paths, read, PeopleFiles, SourceFile};
use crate::media::{Media, Uses};
use crate::output::{io_err, mkdir, prune, write_bytes};
use crate::rank::{Rails, RankItem, Ranker};
use crate::validate::{
    reread, validate_people, validate_sources, validate_with, ArticleKeys, People, Source,
    ValidArticle, ValidContent,
};
use rayon::prelude::*;
use standfirst_model::strings::{Key, ENDPOINT_JSON};
use standfirst_model::{paths, About, EndpointUi, Site, Teaser};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use time::OffsetDateTime;

/// What a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub articles: usize,
    pub fronts: usize,
    pub section_pages: usize,
    /// Pages of the authors' and topics' listings.
    pub listing_pages: usize,
    pub media_files: usize,
    /// Editions without a story, so without a front.
    pub empty_editions: Vec<String>,
    /// Stories held back until their `published` time ([`build_at`]),
    /// soonest first.
    pub embargoed: Vec<Embargoed>,
    /// Every file the build made under `api/v1`, `feeds` and the sitemaps
    /// (`/`-separated paths relative to the output folder) with its hash
    /// and size; filled by [`build_cached`].
    pub outputs: BTreeMap<String, Sum>,
    /// Every story written, in file order (the publish shards the search
    /// index by them).
    pub stories: Vec<StoryRef>,
    /// Article files read and checked (the others came from the cache).
    pub checked: usize,
    /// Stories whose rails were ranked (the others kept the ones the last
    /// build ranked: no change could move them).
    pub ranked: usize,
    /// Files written (their bytes changed).
    pub written: usize,
    /// Pictures encoded (the others were in the media cache).
    pub encoded: usize,
}

/// The list of live stories' paths, at the root of the built site.
pub const LIVE_LIST: &str = ".live";

/// Validates `content` and, when it is clean, writes the site into `out`.
///
/// Two passes over the article files, each reading, checking and dropping
/// one file at a time: the first keeps of each article only its teaser and
/// what ranking needs ([`Indexed`]), the second reads it again to write it
/// with its rails. Memory grows with the index, not with the archive's
/// text.
///
/// Every story is written, whatever its `published` time; [`build_at`]
/// holds back the embargoed ones.
///
/// Pictures are encoded into `<out>.media-cache` beside `out` (see
/// [`build_media`] to choose the folder).
pub fn build(content: &Path, out: &Path) -> Result<BuildSummary, BuildError> {
    build_with(content, out, None, &default_media_cache(out))
}

/// `<out>.media-cache`, beside `out`.
pub fn default_media_cache(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".media-cache");
    out.with_file_name(name)
}

/// As [`build`] (or [`build_at`], with a clock), keeping encoded pictures
/// in `media_cache`, where a later build finds them.
pub fn build_media(
    content: &Path,
    out: &Path,
    now: Option<OffsetDateTime>,
    media_cache: &Path,
) -> Result<BuildSummary, BuildError> {
    build_with(content, out, now, media_cache)
}

/// As [`build`], but a story whose `published` time is after `now` is
/// embargoed: it is checked like any other, and left out of every output
/// (its file, listings, rails, feeds, sitemap). The summary lists them.
pub fn build_at(
    content: &Path,
    out: &Path,
    now: OffsetDateTime,
) -> Result<BuildSummary, BuildError> {
    build_with(content, out, Some(now), &default_media_cache(out))
}

fn build_with(
    content: &Path,
    out: &Path,
    now: Option<OffsetDateTime>,
    media_cache: &Path,
) -> Result<BuildSummary, BuildError> {
    let (paths, folder_problems) = article_paths(content);
    let site_file = read(&content.join("site.json"));
    let (people, problems) = checked_people(&PeopleFiles::read(content), folder_problems);
    let (site, endpoint, entries) = validate_with(
        site_file,
        &people,
        problems,
        paths.par_iter().map(|p| read(p)),
        |v| (indexed(&v, &people), v.file.clone(), Uses::of(&v.article)),
    )
    .map_err(BuildError::Invalid)?;
    let mut media = Media::new(&content.join(paths::MEDIA), Some(media_cache));
    // The stories' pictures and the authors'.
    let names: BTreeSet<String> = entries.iter().flat_map(|(_, _, u)| u.names()).collect();
    let names = &names | &people.picture_names();
    media.make(names.iter().map(String::as_str));
    let problems: Vec<Problem> = media
        .check_people(&people)
        .into_iter()
        .chain(entries.iter().flat_map(|(_, file, u)| media.check(file, u)))
        .collect();
    if !problems.is_empty() {
        return Err(BuildError::Invalid(problems));
    }
    let (index, uses): (Vec<Indexed>, Vec<Uses>) = entries
        .into_iter()
        .map(|(mut x, _, u)| {
            x.teaser.image = u.teaser().map(|p| media.image(p));
            (x, u)
        })
        .unzip();
    let (paths, index, embargoed, uses) = hold_back(paths, index, now, uses);
    let body = |i: usize| {
        reread(&read(&paths[i]))
            .map(Cow::Owned)
            .map_err(BuildError::Reread)
    };
    let mut summary = write_indexed(&site, &endpoint, &people, index, body, out, &media)?;
    summary.embargoed = embargoed;
    summary.checked = paths.len();
    let shown: BTreeSet<String> = uses.iter().flat_map(Uses::names).collect();
    let shown = &shown | &people.picture_names();
    summary.media_files = media.publish(&shown, &out.join(paths::MEDIA))?;
    summary.encoded = media.encoded();
    Ok(summary)
}

/// As [`build_at`], remembering in `cache_file` what the next build can
/// reuse (see [`crate::cache`]): an article file whose bytes and
/// `site.json` are unchanged is not read again beyond its hash, nor parsed
/// nor checked; only the stories a change can move are ranked again (see
/// [`Ranker::affected`]), the others keep their cached rails; a story's
/// delivery file is written
/// only when its own bytes or the teasers on its rails changed; the
/// listings, feeds and sitemap are written when their bytes changed. The
/// output is the same as [`build_at`]'s into an empty folder. A missing or
/// damaged cache makes a full build.
pub fn build_cached(
    content: &Path,
    out: &Path,
    now: OffsetDateTime,
    cache_file: &Path,
) -> Result<BuildSummary, BuildError> {
    let media_cache = media_cache_beside(cache_file);
    build_cached_media(content, out, now, cache_file, &media_cache)
}

/// As [`build_cached`], keeping encoded pictures in `media_cache`.
pub fn build_cached_media(
    content: &Path,
    out: &Path,
    now: OffsetDateTime,
    cache_file: &Path,
    media_cache: &Path,
) -> Result<BuildSummary, BuildError> {
    let (summary, cache) = build_cached_later(content, out, now, cache_file, media_cache)?;
    cache.finish()?;
    Ok(summary)
}

/// The compile cache being written on a thread of its own (at 100,000
/// stories, tens of megabytes), while the caller goes on with the output.
#[must_use = "the cache is complete only once `finish` returns"]
pub struct CacheWrite {
    file: PathBuf,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl CacheWrite {
    /// Waits until the cache is written.
    pub fn finish(self) -> Result<(), BuildError> {
        let done = self
            .thread
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the thread writing it failed")));
        done.map_err(|e| io_err(&self.file, e))
    }
}

/// As [`build_cached_media`], returning before the cache is written.
pub fn build_cached_later(
    content: &Path,
    out: &Path,
    now: OffsetDateTime,
    cache_file: &Path,
    media_cache: &Path,
) -> Result<(BuildSummary, CacheWrite), BuildError> {
    let started = crate::cache::now_ns();
    let mut laps = crate::timing::Laps::start();
    let mut cache = Cache::load(cache_file);
    laps.lap("cache read");
    let (paths, folder_problems) = article_paths(content);
    laps.lap("articles listed");
    let site_file = read(&content.join("site.json"));
    let people_files = PeopleFiles::read(content);
    // What every article is checked against and made with: site.json, the
    // pictures' settings, and the authors and topics (their names are in
    // the bylines and topics).
    let mut key_text = format!(
        "{}\n{:?}\n{}",
        env!("CARGO_PKG_VERSION"),
        site_file.text.as_deref().map(str::as_bytes).map(hash),
        crate::media::SETTINGS
    );
    for f in people_files.authors.iter().chain(&people_files.topics) {
        key_text.push_str(&format!(
            "\n{} {:?}",
            f.file,
            f.text.as_deref().map(str::as_bytes).map(hash)
        ));
    }
    let key = hash(key_text.as_bytes());
    let (people, folder_problems) = checked_people(&people_files, folder_problems);
    if cache.key != key {
        cache.articles.clear();
        cache.made_of.clear();
        cache.key = key;
    }
    // What the last build ranked: each story's keys and rails (as
    // ordinals of the cache's articles), by slug.
    let prev_slugs: Vec<String> = cache
        .articles
        .values()
        .map(|k| k.indexed.rank.slug.clone())
        .collect();
    let mut prev_ranked: HashMap<String, (RankItem, CachedRails)> = cache
        .articles
        .values_mut()
        .filter(|k| k.written.is_some())
        .map(|k| {
            let rank = k.indexed.rank.clone();
            (rank.slug.clone(), (rank, k.rails.take()))
        })
        .collect();
    let known: Vec<Option<Known>> = paths
        .iter()
        .map(|p| cache.articles.remove(&file_name(p)))
        .collect();
    // What is left are the files removed since.
    cache.articles.clear();
    // An article is known only with the pictures it was made with: the
    // hash of each source file it uses, now.
    let media_dir = content.join(paths::MEDIA);
    let mut media = Media::new(&media_dir, Some(media_cache));
    let used: BTreeSet<String> = known
        .iter()
        .flatten()
        .flat_map(|k| k.media.iter().map(|(n, _)| n.clone()))
        .collect();
    let now_hashes: BTreeMap<String, u128> = used
        .into_par_iter()
        .map(|n| {
            let h = media.source_hash(&n);
            (n, h)
        })
        .collect();
    let fresh = AtomicUsize::new(0);
    let written_at = cache.written_at;
    let sources = paths
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(path, known)| {
            let known = known.filter(|k| k.media.iter().all(|(n, h)| now_hashes.get(n) == Some(h)));
            source(path, known, written_at, &fresh)
        });
    let (site, endpoint, entries) =
        validate_sources(site_file, &people, folder_problems, sources, |v, tag| {
            let indexed = Box::new(indexed(&v, &people));
            let (source, stat) = tag;
            let uses = Uses::of(&v.article);
            Known {
                name: file_name(Path::new(&v.file)),
                source,
                stat,
                teaser: 0,
                written: None,
                indexed,
                rails: None,
                media: uses
                    .names()
                    .into_iter()
                    .map(|n| {
                        let h = media.source_hash(&n);
                        (n, h)
                    })
                    .collect(),
                fresh: Some(Box::new((v.file.clone(), uses))),
            }
        })
        .map_err(BuildError::Invalid)?;
    let checked = fresh.into_inner();
    laps.lap("articles stat'ed and checked");
    // The pictures of every story, made or found in the media cache; those
    // of the articles just read, checked.
    // The authors' pictures are made and checked on every build: their
    // pages are written again on every build, and no story shows them.
    let names: BTreeSet<String> = entries
        .iter()
        .flat_map(|k| k.media.iter().map(|(n, _)| n.clone()))
        .collect();
    let names = &names | &people.picture_names();
    media.make(names.iter().map(String::as_str));
    let problems: Vec<Problem> = media
        .check_people(&people)
        .into_iter()
        .chain(
            entries
                .iter()
                .filter_map(|k| k.fresh.as_ref())
                .flat_map(|f| media.check(&f.0, &f.1)),
        )
        .collect();
    if !problems.is_empty() {
        return Err(BuildError::Invalid(problems));
    }
    let mut entries = entries;
    entries.par_iter_mut().for_each(|k| {
        if let Some(f) = k.fresh.take() {
            k.indexed.teaser.image = f.1.teaser().map(|p| media.image(p));
            k.teaser = teaser_hash(&k.indexed.teaser);
        }
    });
    let mut live = Vec::new();
    let mut live_paths = Vec::new();
    let mut embargoed = Vec::new();
    for (path, k) in paths.into_iter().zip(entries) {
        if now < k.indexed.published {
            embargoed.push(Embargoed {
                slug: k.indexed.teaser.slug.clone(),
                published: k.indexed.published,
            });
            let mut k = k;
            k.written = None;
            cache.articles.insert(k.name.clone(), k);
        } else {
            live.push(k);
            live_paths.push(path);
        }
    }
    embargoed.sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
    laps.lap("pictures and embargoes");

    let mut w = SiteWriter::new(
        &site,
        &endpoint,
        &people,
        out,
        Some(std::mem::take(&mut cache.outputs)),
        &media,
    )?;
    w.prints = Prints {
        prev: std::mem::take(&mut cache.made_of),
        next: BTreeMap::new(),
        teasers: live
            .iter()
            .map(|k| (&k.indexed.teaser as *const Teaser as usize, k.teaser))
            .collect(),
    };
    let rank_items: Vec<RankItem> = live.iter().map(|k| k.indexed.rank.clone()).collect();
    let ranker = Ranker::new(&rank_items);
    laps.lap("ranker made");
    // Only the stories a change can move are ranked again; the others
    // keep the rails the last build gave them (see `Ranker::affected`).
    let mut changed = Vec::new();
    let mut was = Vec::new();
    let mut kept: Vec<CachedRails> = Vec::with_capacity(live.len());
    for (i, item) in rank_items.iter().enumerate() {
        match prev_ranked.remove(&item.slug) {
            Some((before, rails)) if before == *item => kept.push(rails),
            Some((before, _)) => {
                changed.push(i);
                was.push(before);
                kept.push(None);
            }
            None => {
                changed.push(i);
                kept.push(None);
            }
        }
    }
    was.extend(prev_ranked.into_values().map(|(before, _)| before));
    let affected = ranker.affected(&changed, &was);
    let again = AtomicUsize::new(0);
    let rails: Vec<Rails> = kept
        .into_par_iter()
        .enumerate()
        .map(|(i, kept)| {
            let item_of = |ords: &[u32]| -> Option<Vec<usize>> {
                ords.iter()
                    .map(|&o| ranker.item_of(prev_slugs.get(o as usize)?))
                    .collect()
            };
            let kept = kept.filter(|_| !affected[i]).and_then(|r| {
                Some(Rails {
                    related: item_of(&r[0])?,
                    more: item_of(&r[1])?,
                })
            });
            kept.unwrap_or_else(|| {
                again.fetch_add(1, Ordering::Relaxed);
                ranker.rails(i)
            })
        })
        .collect();
    drop(ranker);
    drop(prev_slugs);
    let ranked = again.into_inner();
    laps.lap("rails ranked");
    // What each story's file is made of: its bytes and its rails' teasers.
    let made_of: Vec<u128> = rails
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut parts = Vec::with_capacity(16 * (2 + r.related.len() + r.more.len()));
            parts.extend(live[i].source.to_le_bytes());
            for (_, h) in &live[i].media {
                parts.extend(h.to_le_bytes());
            }
            for &j in &r.related {
                parts.extend(live[j].teaser.to_le_bytes());
            }
            parts.extend(u128::MAX.to_le_bytes());
            for &j in &r.more {
                parts.extend(live[j].teaser.to_le_bytes());
            }
            hash(&parts)
        })
        .collect();
    let dir = w.api.join("articles");
    let written: Vec<Vec<(String, Sum, bool)>> = (0..live.len())
        .into_par_iter()
        .map(|i| {
            let slug = &live[i].indexed.teaser.slug;
            let name = format!("api/v1/articles/{slug}.json");
            let same = live[i].written == Some(made_of[i]);
            if let (true, Some(sum)) = (same, w.known(&name)) {
                // With a live story's older pages, as the last build wrote them.
                let mut files = vec![(name, sum, false)];
                files.extend(w.known_under(&format!("api/v1/articles/{slug}/")));
                return Ok(files);
            }
            let full = reread(&read(&live_paths[i])).map_err(BuildError::Reread)?;
            let pick = |idx: &[usize]| {
                idx.iter()
                    .map(|&j| live[j].indexed.teaser.clone())
                    .collect()
            };
            let doc = article(
                &full,
                &live[i].indexed.teaser,
                pick(&rails[i].related),
                pick(&rails[i].more),
                &media,
                &people,
                &site.ui,
            );
            w.story_files(&dir, &full, doc)
        })
        .collect::<Result<_, BuildError>>()?;
    for (name, sum, wrote) in written.into_iter().flatten() {
        w.record(name, sum, wrote);
    }
    laps.lap("stories written");
    let order = newest_first(&rank_items);
    let newest: Vec<&Indexed> = order.iter().map(|&i| &*live[i].indexed).collect();
    let tags: Vec<&[String]> = order.iter().map(|&i| &rank_items[i].tags[..]).collect();
    let (fronts, empty_editions, section_pages) = w.listings(&newest, &tags)?;
    let listing_pages = w.listing_pages;
    laps.lap("listings");
    let articles = live.len();
    let shown: BTreeSet<String> = live
        .iter()
        .flat_map(|k| k.media.iter().map(|(n, _)| n.clone()))
        .collect();
    let shown = &shown | &people.picture_names();
    let stories = live
        .iter()
        .map(|k| StoryRef {
            url: k.indexed.teaser.url.clone(),
            published: k.indexed.published,
            source: k.source,
        })
        .collect();
    // The rails are kept as ordinals of the articles in the cache's order
    // (its names', the order it is written in).
    let live_names: HashMap<String, usize> = live
        .iter()
        .enumerate()
        .map(|(i, k)| (k.name.clone(), i))
        .collect();
    let mut ordinal = vec![0u32; live.len()];
    let names: BTreeSet<&str> = live
        .iter()
        .map(|k| k.name.as_str())
        .chain(cache.articles.keys().map(String::as_str))
        .collect();
    for (o, name) in names.into_iter().enumerate() {
        if let Some(&i) = live_names.get(name) {
            ordinal[i] = o as u32;
        }
    }
    drop(live_names);
    for ((k, m), r) in live.into_iter().zip(made_of).zip(&rails) {
        let mut k = k;
        k.written = Some(m);
        let ords = |idx: &[usize]| idx.iter().map(|&j| ordinal[j]).collect();
        k.rails = Some(Box::new([ords(&r.related), ords(&r.more)]));
        cache.articles.insert(k.name.clone(), k);
    }
    let made_of = std::mem::take(&mut w.prints.next);
    let (outputs, written) = w.finish()?;
    let media_files = media.publish(&shown, &out.join(paths::MEDIA))?;
    laps.lap("finished");
    cache.made_of = made_of;
    cache.outputs = outputs.clone();
    cache.written_at = started;
    let file = cache_file.to_path_buf();
    let cache = CacheWrite {
        file: file.clone(),
        thread: std::thread::spawn(move || cache.save(&file)),
    };
    laps.lap("cache write started");
    let summary = BuildSummary {
        articles,
        fronts,
        section_pages,
        listing_pages,
        media_files,
        empty_editions,
        embargoed,
        outputs,
        stories,
        checked,
        ranked,
        written,
        encoded: media.encoded(),
    };
    Ok((summary, cache))
}

/// The encoded pictures' folder beside a compile cache: `media/` in the
/// publish's state folder.
pub fn media_cache_beside(cache_file: &Path) -> PathBuf {
    cache_file
        .parent()
        .unwrap_or(Path::new("."))
        .join(paths::MEDIA)
}

/// The authors and topics of `content`, checked; their problems after
/// `folder_problems`.
fn checked_people(files: &PeopleFiles, folder_problems: Vec<Problem>) -> (People, Vec<Problem>) {
    let (people, mut problems) = validate_people(files);
    problems.splice(0..0, folder_problems);
    (people, problems)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Compact JSON, as served, for the file `path`.
fn json_bytes<T: serde::Serialize>(path: &Path, value: &T) -> Result<Vec<u8>, BuildError> {
    serde_json::to_vec(value).map_err(|e| BuildError::Json {
        path: path.to_path_buf(),
        source: e,
    })
}

fn teaser_hash(t: &Teaser) -> u128 {
    hash(&serde_json::to_vec(t).unwrap_or_default())
}

/// An article for the checks: the cache's entry when the file is the one
/// it was made from (the same size and modification time, older than the
/// cache by more than [`RACY`]; else the same bytes), or else the file to
/// check, tagged with its hash and stat.
fn source(
    path: &Path,
    known: Option<Known>,
    written_at: i64,
    fresh: &AtomicUsize,
) -> Source<Known, (u128, (u64, i64))> {
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        fresh.fetch_add(1, Ordering::Relaxed);
        Source::File {
            file: SourceFile {
                stem: stem(path),
                text: Err(format!("cannot read the file: {e}")),
                file: file.clone(),
            },
            tag: (0, (0, 0)),
        }
    };
    let stat = match std::fs::metadata(path) {
        Ok(m) => stat_of(&m),
        Err(e) => return unreadable(e),
    };
    let settled = stat.1 < written_at.saturating_sub(RACY);
    let (known, bytes) = match known {
        Some(k) if settled && k.stat == stat => (Some(k), None),
        known => match std::fs::read(path) {
            Ok(b) => (known.filter(|k| k.source == hash(&b)), Some(b)),
            Err(e) => return unreadable(e),
        },
    };
    if let Some(mut k) = known {
        k.stat = stat;
        let keys = ArticleKeys {
            slug: Some(k.indexed.teaser.slug.clone()),
            related: k
                .indexed
                .rank
                .curated
                .iter()
                .enumerate()
                .map(|(i, s)| (crate::diag::index("related", i), s.clone()))
                .collect(),
        };
        return Source::Checked {
            file,
            keys,
            item: k,
        };
    }
    fresh.fetch_add(1, Ordering::Relaxed);
    let bytes = bytes.unwrap_or_default();
    let tag = (hash(&bytes), stat);
    // As `fs::read_to_string` says it.
    let text = String::from_utf8(bytes)
        .map_err(|_| "cannot read the file: stream did not contain valid UTF-8".to_string());
    Source::File {
        file: SourceFile {
            stem: stem(path),
            text,
            file,
        },
        tag,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A story a build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRef {
    /// Its site path.
    pub url: String,
    pub published: OffsetDateTime,
    /// The hash of its authoring file's bytes (0 when not known): what the
    /// story's own page shows depends on nothing else of the content but
    /// `site.json` (its rails aside).
    pub source: u128,
}

/// A story held back until its `published` time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embargoed {
    pub slug: String,
    pub published: OffsetDateTime,
}

/// The clock embargoes are held to: `STANDFIRST_NOW` (RFC 3339) when set,
/// so that tests and previews can choose it, else the system's.
pub fn now_from_env() -> Result<OffsetDateTime, String> {
    match std::env::var("STANDFIRST_NOW") {
        Ok(v) if !v.is_empty() => {
            OffsetDateTime::parse(&v, &time::format_description::well_known::Rfc3339)
                .map_err(|e| format!("STANDFIRST_NOW={v:?} is not an RFC 3339 time: {e}"))
        }
        _ => Ok(OffsetDateTime::now_utc()),
    }
}

/// Splits off the stories published after `now` (none without a clock),
/// soonest first.
fn hold_back(
    paths: Vec<PathBuf>,
    index: Vec<Indexed>,
    now: Option<OffsetDateTime>,
    uses: Vec<Uses>,
) -> (Vec<PathBuf>, Vec<Indexed>, Vec<Embargoed>, Vec<Uses>) {
    let Some(now) = now else {
        return (paths, index, Vec::new(), uses);
    };
    let mut embargoed = Vec::new();
    let mut kept = (Vec::new(), Vec::new(), Vec::new());
    for ((p, x), u) in paths.into_iter().zip(index).zip(uses) {
        if x.published > now {
            embargoed.push(Embargoed {
                slug: x.teaser.slug.clone(),
                published: x.published,
            });
        } else {
            kept.0.push(p);
            kept.1.push(x);
            kept.2.push(u);
        }
    }
    embargoed.sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
    (kept.0, kept.1, embargoed, kept.2)
}

/// What the site-wide files need of one article: its teaser, its ranking
/// keys and its dates.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub teaser: Teaser,
    pub rank: RankItem,
    pub published: OffsetDateTime,
    pub modified: OffsetDateTime,
}

/// With the hero's picture as authored (the build puts the made one in
/// once it has made the pictures).
pub fn indexed(v: &ValidArticle, people: &People) -> Indexed {
    Indexed {
        teaser: teaser(v, &Media::none(), people),
        rank: rank_item(v),
        published: v.published,
        modified: v.updated.unwrap_or(v.published),
    }
}

fn rank_item(v: &ValidArticle) -> RankItem {
    RankItem {
        slug: v.article.slug.clone(),
        section: v.article.section.clone(),
        editions: v.article.editions.clone(),
        tags: v.article.tags.clone().unwrap_or_default(),
        published: v.published.unix_timestamp(),
        curated: v.article.related.clone().unwrap_or_default(),
    }
}

/// Writes `api/v1/`, `feeds/` and the sitemap for checked content, and
/// removes files there that an earlier build wrote and this one did not.
pub fn write_site(valid: &ValidContent, out: &Path) -> Result<BuildSummary, BuildError> {
    let index: Vec<Indexed> = valid
        .articles
        .par_iter()
        .map(|v| indexed(v, &valid.people))
        .collect();
    write_indexed(
        &valid.site,
        &valid.endpoint,
        &valid.people,
        index,
        |i| Ok(Cow::Borrowed(&valid.articles[i])),
        out,
        &Media::none(),
    )
}

/// Writes the site from the index; `article(i)` gives the full article `i`
/// when its file is written.
pub fn write_indexed<'a>(
    site: &Site,
    endpoint: &EndpointUi,
    people: &People,
    index: Vec<Indexed>,
    article_at: impl Fn(usize) -> Result<Cow<'a, ValidArticle>, BuildError> + Sync,
    out: &Path,
    media: &Media,
) -> Result<BuildSummary, BuildError> {
    let mut w = SiteWriter::new(site, endpoint, people, out, None, media)?;
    let mut index = index;
    let rank_items: Vec<RankItem> = index
        .iter_mut()
        .map(|x| std::mem::take(&mut x.rank))
        .collect();
    let index = &index;
    w.articles(index, &rank_items, article_at)?;

    let order = newest_first(&rank_items);
    let newest: Vec<&Indexed> = order.iter().map(|&i| &index[i]).collect();
    let tags: Vec<&[String]> = order.iter().map(|&i| &rank_items[i].tags[..]).collect();
    let (fronts, empty_editions, section_pages) = w.listings(&newest, &tags)?;
    let listing_pages = w.listing_pages;
    let (outputs, written) = w.finish()?;
    Ok(BuildSummary {
        articles: index.len(),
        fronts,
        section_pages,
        listing_pages,
        media_files: 0,
        empty_editions,
        embargoed: Vec::new(),
        outputs,
        stories: index
            .iter()
            .map(|x| StoryRef {
                url: x.teaser.url.clone(),
                published: x.published,
                source: 0,
            })
            .collect(),
        checked: index.len(),
        ranked: index.len(),
        written,
        encoded: 0,
    })
}

/// The articles' indices, newest first (by slug among equals).
fn newest_first(rank_items: &[RankItem]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rank_items.len()).collect();
    order.sort_by(|&a, &b| {
        (rank_items[b].published, &rank_items[a].slug)
            .cmp(&(rank_items[a].published, &rank_items[b].slug))
    });
    order
}

/// A listing page or feed made: its name, its sum, whether it was
/// written, and its print when known.
type PageMade = (String, Sum, bool, Option<u128>);

/// Writes the files of one site into `out`, and records each, so that
/// anything else an earlier build left there is removed.
struct SiteWriter<'s> {
    site: &'s Site,
    /// The pictures, made.
    media: &'s Media,
    people: &'s People,
    /// Pages of the authors' and topics' listings written.
    listing_pages: usize,
    out: &'s Path,
    /// `out/api/v1`.
    api: PathBuf,
    /// What the last build wrote (from the cache): a file listed with the
    /// same hash is not written again. `None`: unknown, so each file is
    /// compared with the one on disk, and leftovers are found by walking
    /// the folders.
    prev: Option<BTreeMap<String, Sum>>,
    next: BTreeMap<String, Sum>,
    written: usize,
    prints: Prints,
}

/// What listing pages were made from ([`SiteWriter::listing_page`]).
#[derive(Default)]
struct Prints {
    /// The last build's, by path.
    prev: BTreeMap<String, u128>,
    /// This build's.
    next: BTreeMap<String, u128>,
    /// Each live story's teaser hash, by the address of its teaser (the
    /// stories do not move while the listings are made). Empty without a
    /// cache: then every page is made.
    teasers: HashMap<usize, u128>,
}

impl<'s> SiteWriter<'s> {
    /// Makes the API's folders and writes `site.json` and the sign-up
    /// endpoint's strings (apart: every prerendered page embeds
    /// `site.json`, and no page needs them).
    fn new(
        site: &'s Site,
        endpoint: &EndpointUi,
        people: &'s People,
        out: &'s Path,
        prev: Option<BTreeMap<String, Sum>>,
        media: &'s Media,
    ) -> Result<Self, BuildError> {
        let api = out.join("api/v1");
        for dir in ["articles", "fronts", "sections"] {
            mkdir(&api.join(dir))?;
        }
        let mut w = SiteWriter {
            site,
            media,
            people,
            listing_pages: 0,
            out,
            api,
            prev,
            next: BTreeMap::new(),
            written: 0,
            prints: Prints::default(),
        };
        w.json(w.api.join("site.json"), site)?;
        w.json(out.join(ENDPOINT_JSON), endpoint)?;
        Ok(w)
    }

    /// The file `name` (relative to `out`) as the last build left it.
    fn known(&self, name: &str) -> Option<Sum> {
        self.prev.as_ref()?.get(name).copied()
    }

    /// Writes `bytes` to `path` (`name` relative to `out`) unless the last
    /// build left exactly them there: their sum, and whether it wrote.
    fn write_if_changed(
        &self,
        name: &str,
        path: &Path,
        bytes: &[u8],
    ) -> Result<(Sum, bool), BuildError> {
        let sum = Sum::of(bytes);
        if self.known(name) == Some(sum) {
            return Ok((sum, false));
        }
        write_bytes(path, bytes)?;
        Ok((sum, true))
    }

    /// What the last build made under `prefix`, as unchanged files.
    fn known_under(&self, prefix: &str) -> Vec<(String, Sum, bool)> {
        self.prev.as_ref().map_or_else(Vec::new, |prev| {
            prev.range(prefix.to_string()..)
                .take_while(|(name, _)| name.starts_with(prefix))
                .map(|(name, sum)| (name.clone(), *sum, false))
                .collect()
        })
    }

    /// A story's delivery file in `dir` and, for live coverage, its older
    /// pages (`<slug>/page/<n>.json`: the same story, another run of its
    /// entries): each with its sum and whether it was written.
    fn story_files(
        &self,
        dir: &Path,
        full: &ValidArticle,
        doc: standfirst_model::Article,
    ) -> Result<Vec<(String, Sum, bool)>, BuildError> {
        let mut files = Vec::new();
        let mut write = |path: PathBuf, doc: &standfirst_model::Article| {
            let bytes = json_bytes(&path, doc)?;
            let name = self.name(&path);
            let (sum, wrote) = self.write_if_changed(&name, &path, &bytes)?;
            files.push((name, sum, wrote));
            Ok::<(), BuildError>(())
        };
        let mut pages = full
            .article
            .live
            .as_ref()
            .map(|l| crate::convert::live(full, l, &doc.url, self.media).into_iter())
            .into_iter()
            .flatten();
        let mut doc = doc;
        doc.live = pages.next();
        write(dir.join(format!("{}.json", doc.slug)), &doc)?;
        for older in pages {
            let n = older.page.unwrap_or_default();
            let path = dir.join(format!("{}/page/{n}.json", doc.slug));
            doc.live = Some(older);
            write(path, &doc)?;
        }
        Ok(files)
    }

    fn record(&mut self, name: String, sum: Sum, wrote: bool) {
        self.written += usize::from(wrote);
        self.next.insert(name, sum);
    }

    fn name(&self, path: &Path) -> String {
        path.strip_prefix(self.out)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn json<T: serde::Serialize>(&mut self, path: PathBuf, value: &T) -> Result<(), BuildError> {
        let bytes = json_bytes(&path, value)?;
        self.bytes(path, &bytes)
    }

    fn bytes(&mut self, path: PathBuf, bytes: &[u8]) -> Result<(), BuildError> {
        let name = self.name(&path);
        let (sum, wrote) = self.write_if_changed(&name, &path, bytes)?;
        self.record(name, sum, wrote);
        Ok(())
    }

    /// Every article with its rails, written in parallel.
    fn articles<'a>(
        &mut self,
        index: &[Indexed],
        rank_items: &[RankItem],
        article_at: impl Fn(usize) -> Result<Cow<'a, ValidArticle>, BuildError> + Sync,
    ) -> Result<(), BuildError> {
        let ranker = Ranker::new(rank_items);
        let dir = self.api.join("articles");
        let this = &*self;
        let files: Vec<Vec<(String, Sum, bool)>> = (0..index.len())
            .into_par_iter()
            .map(|i| {
                let rails = ranker.rails(i);
                let pick =
                    |idx: Vec<usize>| idx.into_iter().map(|j| index[j].teaser.clone()).collect();
                let full = article_at(i)?;
                let doc = article(
                    &full,
                    &index[i].teaser,
                    pick(rails.related),
                    pick(rails.more),
                    this.media,
                    this.people,
                    &this.site.ui,
                );
                this.story_files(&dir, &full, doc)
            })
            .collect::<Result<_, BuildError>>()?;
        for (name, sum, wrote) in files.into_iter().flatten() {
            self.record(name, sum, wrote);
        }
        Ok(())
    }

    /// Everything that lists stories (`newest` first, with their `tags`):
    /// the fronts (how many, and the editions without a story), the section
    /// pages (how many), the authors' and topics' pages, the feeds and the
    /// sitemap.
    fn listings(
        &mut self,
        newest: &[&Indexed],
        tags: &[&[String]],
    ) -> Result<(usize, Vec<String>, usize), BuildError> {
        let mut laps = crate::timing::Laps::start();
        let teasers: Vec<&Teaser> = newest.iter().map(|x| &x.teaser).collect();
        let (fronts, empty_editions) = self.fronts(&teasers)?;
        laps.lap("listings: fronts");
        let section_pages = self.section_pages(&teasers)?;
        laps.lap("listings: section pages");
        let people = self.people_listings(newest, tags);
        laps.lap("listings: authors and topics grouped");
        // Each listing's pages and feed, on every core: at 100,000 stories
        // they are hundreds of megabytes of JSON to make and hash.
        let this = &*self;
        let made: Vec<(usize, Vec<PageMade>)> = people
            .par_iter()
            .map(|l| this.listing(l))
            .collect::<Result<_, BuildError>>()?;
        for (pages, files) in made {
            self.listing_pages += pages;
            for m in files {
                self.record_page(m);
            }
        }
        laps.lap("listings: authors' and topics' pages and feeds");
        self.feeds(newest)?;
        laps.lap("listings: edition feeds");
        self.sitemaps(newest, &people)?;
        laps.lap("listings: sitemaps");
        self.live_list(&teasers)?;
        Ok((fronts, empty_editions, section_pages))
    }

    /// The edition fronts: how many, and the editions without a story.
    fn fronts(&mut self, newest: &[&Teaser]) -> Result<(usize, Vec<String>), BuildError> {
        let (fronts, empty_editions) = fronts(self.site, newest);
        for f in &fronts {
            self.json(self.api.join(format!("fronts/{}.json", f.edition)), f)?;
        }
        Ok((fronts.len(), empty_editions))
    }

    /// Every page of every section (a folder per section, even an empty
    /// one): how many pages.
    fn section_pages(&mut self, newest: &[&Teaser]) -> Result<usize, BuildError> {
        let site = self.site;
        let lists: Vec<(&str, Vec<&Teaser>)> = site
            .sections
            .iter()
            .map(|s| {
                let list = newest.iter().copied().filter(|t| t.section == s.id);
                (s.id.as_str(), list.collect())
            })
            .collect();
        for (id, _) in &lists {
            mkdir(&self.api.join("sections").join(id))?;
        }
        let todo: Vec<(&str, &[&Teaser], PageRange)> = lists
            .iter()
            .flat_map(|(id, list)| {
                page_ranges(list.len())
                    .into_iter()
                    .map(move |r| (*id, &list[..], r))
            })
            .collect();
        let this = &*self;
        let made: Vec<PageMade> = todo
            .par_iter()
            .map(|&(id, list, r)| this.listing_page(id, list, r, None))
            .collect::<Result<_, BuildError>>()?;
        let pages = made.len();
        for m in made {
            self.record_page(m);
        }
        Ok(pages)
    }

    /// One page of a listing (a section's, an author's or a topic's), made
    /// unless the last build made it from the same things (its print: key,
    /// number, page count, heading, its teasers' hashes) and left the file:
    /// at 100,000 stories most pages are the same from one publish to the
    /// next, and making them all again to find the few that changed took
    /// most of the listings' time.
    fn listing_page(
        &self,
        key: &str,
        list: &[&Teaser],
        r: PageRange,
        about: Option<(&About, u128)>,
    ) -> Result<PageMade, BuildError> {
        let path = self.api.join(format!("sections/{key}/{}.json", r.page));
        let name = self.name(&path);
        let print = self.print(key, r, about.map_or(0, |a| a.1), &list[r.start..r.end]);
        if let (Some(p), Some(sum)) = (print, self.known(&name)) {
            if self.prints.prev.get(&name) == Some(&p) {
                return Ok((name, sum, false, print));
            }
        }
        let page = r.page(key, list, about.map(|a| a.0));
        let (sum, wrote) = self.write_if_changed(&name, &path, &json_bytes(&path, &page)?)?;
        Ok((name, sum, wrote, print))
    }

    /// What a listing page is made from, or `None` when a teaser's hash is
    /// not known (a build without a cache).
    fn print(&self, key: &str, r: PageRange, about: u128, teasers: &[&Teaser]) -> Option<u128> {
        let mut bytes = Vec::with_capacity(key.len() + 25 + 16 * teasers.len());
        bytes.extend(key.as_bytes());
        bytes.push(0);
        bytes.extend(r.page.to_le_bytes());
        bytes.extend(r.pages.to_le_bytes());
        bytes.extend(about.to_le_bytes());
        for t in teasers {
            let at = *t as *const Teaser as usize;
            bytes.extend(self.prints.teasers.get(&at)?.to_le_bytes());
        }
        Some(hash(&bytes))
    }

    fn record_page(&mut self, (name, sum, wrote, print): PageMade) {
        if let Some(p) = print {
            self.prints.next.insert(name.clone(), p);
        }
        self.record(name, sum, wrote);
    }

    /// Every described author (with or without stories) and every tag in
    /// use, each with its stories (`newest` first), by key.
    fn people_listings<'a>(
        &self,
        newest: &[&'a Indexed],
        tags: &[&[String]],
    ) -> Vec<PeopleListing<'a>> {
        let mut by_key: BTreeMap<String, PeopleListing<'a>> = BTreeMap::new();
        for id in self.people.authors.keys() {
            let key = paths::listing(paths::AUTHOR, id);
            let about = author_about(id, self.people, self.media);
            by_key.insert(key.clone(), PeopleListing::new(key, about));
        }
        for (x, tags) in newest.iter().zip(tags) {
            for a in &x.teaser.authors {
                let url = a.url.as_deref().unwrap_or_default();
                let key = url.strip_prefix('/').unwrap_or_default();
                if let Some(l) = by_key.get_mut(key) {
                    l.stories.push(x);
                }
            }
            for tag in tags.iter() {
                let key = paths::listing(paths::TOPIC, tag);
                by_key
                    .entry(key.clone())
                    .or_insert_with(|| PeopleListing::new(key, topic_about(tag, self.people)))
                    .stories
                    .push(x);
            }
        }
        by_key.into_values().collect()
    }

    /// Every page of one author's or topic's listing, where a section's
    /// are (`sections/<key>/<n>.json`), and its feed: how many pages, and
    /// the files, each with its sum and whether it was written.
    fn listing(&self, l: &PeopleListing) -> Result<(usize, Vec<PageMade>), BuildError> {
        let dir = self.api.join("sections").join(&l.key);
        mkdir(&dir)?;
        let teasers: Vec<&Teaser> = l.stories.iter().map(|x| &x.teaser).collect();
        let about = hash(&serde_json::to_vec(&l.about).unwrap_or_default());
        let mut files = Vec::new();
        for r in page_ranges(teasers.len()) {
            files.push(self.listing_page(&l.key, &teasers, r, Some((&l.about, about)))?);
        }
        let pages = files.len();
        let channel = self.listing_channel(l);
        let (path, xml) = self.feed_xml(&channel, l.stories.iter().copied())?;
        let (name, sum, wrote) = self.made(&path, &xml)?;
        files.push((name, sum, wrote, None));
        Ok((pages, files))
    }

    /// `bytes` made for `path`, written when they changed: its name, sum
    /// and whether it was written (to be recorded).
    fn made(&self, path: &Path, bytes: &[u8]) -> Result<(String, Sum, bool), BuildError> {
        let name = self.name(path);
        let (sum, wrote) = self.write_if_changed(&name, path, bytes)?;
        Ok((name, sum, wrote))
    }

    /// `feeds/<edition>.xml`: each edition's newest stories; and
    /// `feeds/author/<id>.xml`, `feeds/topic/<tag>.xml`: each author's
    /// and topic's.
    fn feeds(&mut self, newest: &[&Indexed]) -> Result<(), BuildError> {
        for e in &self.site.editions {
            let items = newest.iter().filter(|x| x.teaser.editions.contains(&e.id));
            let channel = edition_channel(self.site, &e.id);
            self.feed(&channel, items.copied())?;
        }
        Ok(())
    }

    /// The feed of an author's or a topic's stories.
    fn listing_channel(&self, l: &PeopleListing) -> Channel {
        let about = &l.about;
        let key = if l.key.starts_with(paths::AUTHOR) {
            Key::StoriesBy
        } else {
            Key::StoriesAbout
        };
        let what = self.site.ui.fill(key, &[&about.name]);
        Channel {
            title: format!("{} | {}", about.name, self.site.name),
            link: paths::section_page(&l.key, 1),
            description: match &about.role {
                Some(role) => format!("{role}. {what}"),
                None => what,
            },
            language: feed_language(self.site, Some(&self.site.default_edition)),
            feed: ["/", &paths::listing_feed(&l.key)].concat(),
        }
    }

    /// One feed: the channel's newest [`FEED_ITEMS`] stories.
    fn feed<'a>(
        &mut self,
        channel: &Channel,
        newest: impl Iterator<Item = &'a Indexed>,
    ) -> Result<(), BuildError> {
        let (path, xml) = self.feed_xml(channel, newest)?;
        self.bytes(path, &xml)
    }

    /// One feed's file and bytes.
    fn feed_xml<'a>(
        &self,
        channel: &Channel,
        newest: impl Iterator<Item = &'a Indexed>,
    ) -> Result<(PathBuf, Vec<u8>), BuildError> {
        let items: Vec<FeedItem> = newest
            .take(FEED_ITEMS)
            .map(|x| FeedItem {
                teaser: &x.teaser,
                published: x.published,
                modified: x.modified,
            })
            .collect();
        let path = self.out.join(channel.feed.trim_start_matches('/'));
        let xml = rss(self.site, channel, &items).map_err(|e| io_err(&path, e))?;
        Ok((path, xml))
    }

    /// The sitemap (and the files it indexes, when it is split): the home
    /// page, the sections and every story, newest first.
    /// `.live`: the site paths of the stories being covered live, their
    /// page and their JSON, one a line. The server and the `_headers` file
    /// give them a short cache (docs/deploy.md); a dot file is never served.
    fn live_list(&mut self, newest: &[&Teaser]) -> Result<(), BuildError> {
        let mut text = String::new();
        for t in newest.iter().filter(|t| t.live) {
            text.push_str(&format!("{}\n/api/v1/articles/{}.json\n", t.url, t.slug));
        }
        self.bytes(self.out.join(LIVE_LIST), text.as_bytes())
    }

    fn sitemaps(
        &mut self,
        newest: &[&Indexed],
        people: &[PeopleListing],
    ) -> Result<(), BuildError> {
        let latest = newest.iter().map(|a| a.modified).max();
        let mut urls = vec![SitemapUrl {
            path: "/".into(),
            modified: latest,
            published: None,
        }];
        urls.extend(self.site.sections.iter().map(|s| SitemapUrl {
            path: format!("/{}", s.id),
            modified: None,
            published: None,
        }));
        urls.extend(people.iter().map(|l| SitemapUrl {
            path: paths::section_page(&l.key, 1),
            modified: l.stories.iter().map(|x| x.modified).max(),
            published: None,
        }));
        urls.extend(newest.iter().map(|x| SitemapUrl {
            path: x.teaser.url.clone(),
            modified: Some(x.modified),
            published: Some(x.published),
        }));
        let maps = sitemaps(&self.site.base_url, &urls)
            .map_err(|e| io_err(&self.out.join("sitemap.xml"), e))?;
        for (path, bytes) in maps {
            self.bytes(self.out.join(path), &bytes)?;
        }
        Ok(())
    }

    /// Removes what this build did not write under `api/v1`, `feeds` and
    /// `sitemaps`: the files the last build listed, or, when that is not
    /// known, whatever else is in those folders. Returns every file made,
    /// and how many were written.
    fn finish(self) -> Result<(BTreeMap<String, Sum>, usize), BuildError> {
        match &self.prev {
            Some(prev) => {
                for name in prev.keys().filter(|n| !self.next.contains_key(*n)) {
                    remove_file(self.out, name)?;
                }
            }
            None => {
                let keep: HashSet<PathBuf> = self.next.keys().map(|n| self.out.join(n)).collect();
                let dirs = [
                    self.api.clone(),
                    self.out.join(paths::FEEDS),
                    self.out.join(paths::SITEMAPS),
                ];
                prune(&dirs, &keep)?;
            }
        }
        Ok((self.next, self.written))
    }
}

/// An author's or a topic's listing: its key, its head and its stories,
/// newest first.
struct PeopleListing<'a> {
    key: String,
    about: standfirst_model::About,
    stories: Vec<&'a Indexed>,
}

impl<'a> PeopleListing<'a> {
    fn new(key: String, about: standfirst_model::About) -> Self {
        PeopleListing {
            key,
            about,
            stories: Vec::new(),
        }
    }
}

/// Removes `out/name`, and the folders it leaves empty.
fn remove_file(out: &Path, name: &str) -> Result<(), BuildError> {
    let path = out.join(name);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&path, e)),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}
