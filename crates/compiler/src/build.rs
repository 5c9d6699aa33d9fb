//! `build`: validate, rank, and write the static site.

use crate::convert::{article, teaser};
pub use crate::error::BuildError;
use crate::feeds::{rss, sitemaps, FeedItem, SitemapUrl, FEED_ITEMS};
use crate::fronts::{fronts, section_pages};
use crate::load::{article_paths, read};
use crate::output::{io_err, mkdir, prune, sync_tree, write_bytes, write_json};
use crate::rank::{RankItem, Ranker};
use crate::validate::{reread, validate_with, ValidArticle, ValidContent};
use rayon::prelude::*;
use standfirst_model::{paths, Site, Teaser};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// What a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub articles: usize,
    pub fronts: usize,
    pub section_pages: usize,
    pub media_files: usize,
    /// Editions without a story, so without a front.
    pub empty_editions: Vec<String>,
    /// Stories held back until their `published` time ([`build_at`]),
    /// soonest first.
    pub embargoed: Vec<Embargoed>,
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
pub fn build(content: &Path, out: &Path) -> Result<BuildSummary, BuildError> {
    build_with(content, out, None)
}

/// As [`build`], but a story whose `published` time is after `now` is
/// embargoed: it is checked like any other, and left out of every output
/// (its file, listings, rails, feeds, sitemap). The summary lists them.
pub fn build_at(
    content: &Path,
    out: &Path,
    now: OffsetDateTime,
) -> Result<BuildSummary, BuildError> {
    build_with(content, out, Some(now))
}

fn build_with(
    content: &Path,
    out: &Path,
    now: Option<OffsetDateTime>,
) -> Result<BuildSummary, BuildError> {
    let (paths, folder_problems) = article_paths(content);
    let site_file = read(&content.join("site.json"));
    let (site, index) = validate_with(
        site_file,
        folder_problems,
        paths.par_iter().map(|p| read(p)),
        |v| indexed(&v),
    )
    .map_err(BuildError::Invalid)?;
    let (paths, index, embargoed) = hold_back(paths, index, now);
    let body = |i: usize| {
        reread(&read(&paths[i]))
            .map(Cow::Owned)
            .map_err(BuildError::Reread)
    };
    let mut summary = write_indexed(&site, index, body, out)?;
    summary.embargoed = embargoed;
    let media = content.join("media");
    summary.media_files = sync_tree(&media, &out.join("media"))?;
    Ok(summary)
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
) -> (Vec<PathBuf>, Vec<Indexed>, Vec<Embargoed>) {
    let Some(now) = now else {
        return (paths, index, Vec::new());
    };
    let mut embargoed = Vec::new();
    let (paths, index) = paths
        .into_iter()
        .zip(index)
        .filter(|(_, x)| {
            let held = x.published > now;
            if held {
                embargoed.push(Embargoed {
                    slug: x.teaser.slug.clone(),
                    published: x.published,
                });
            }
            !held
        })
        .unzip();
    embargoed.sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
    (paths, index, embargoed)
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

pub fn indexed(v: &ValidArticle) -> Indexed {
    Indexed {
        teaser: teaser(v),
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
    let index: Vec<Indexed> = valid.articles.par_iter().map(indexed).collect();
    write_indexed(
        &valid.site,
        index,
        |i| Ok(Cow::Borrowed(&valid.articles[i])),
        out,
    )
}

/// Writes the site from the index; `article(i)` gives the full article `i`
/// when its file is written.
pub fn write_indexed<'a>(
    site: &Site,
    index: Vec<Indexed>,
    article_at: impl Fn(usize) -> Result<Cow<'a, ValidArticle>, BuildError> + Sync,
    out: &Path,
) -> Result<BuildSummary, BuildError> {
    let mut w = SiteWriter::new(site, out)?;
    let mut index = index;
    let rank_items: Vec<RankItem> = index
        .iter_mut()
        .map(|x| std::mem::take(&mut x.rank))
        .collect();
    let index = &index;
    w.articles(index, &rank_items, article_at)?;

    let newest: Vec<&Indexed> = newest_first(&rank_items)
        .into_iter()
        .map(|i| &index[i])
        .collect();
    let teasers: Vec<&Teaser> = newest.iter().map(|x| &x.teaser).collect();
    let (fronts, empty_editions) = w.fronts(&teasers)?;
    let section_pages = w.section_pages(&teasers)?;
    w.feeds(&newest)?;
    w.sitemaps(&newest)?;
    w.live_list(&teasers)?;
    w.prune()?;
    Ok(BuildSummary {
        articles: index.len(),
        fronts,
        section_pages,
        media_files: 0,
        empty_editions,
        embargoed: Vec::new(),
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

/// Writes the files of one site into `out`, and records each, so that
/// anything else an earlier build left there is pruned.
struct SiteWriter<'s> {
    site: &'s Site,
    out: &'s Path,
    /// `out/api/v1`.
    api: PathBuf,
    written: Vec<PathBuf>,
}

impl<'s> SiteWriter<'s> {
    /// Makes the API's folders and writes `site.json`.
    fn new(site: &'s Site, out: &'s Path) -> Result<Self, BuildError> {
        let api = out.join("api/v1");
        for dir in ["articles", "fronts", "sections"] {
            mkdir(&api.join(dir))?;
        }
        let mut w = SiteWriter {
            site,
            out,
            api,
            written: Vec::new(),
        };
        w.json(w.api.join("site.json"), site)?;
        Ok(w)
    }

    fn json<T: serde::Serialize>(&mut self, path: PathBuf, value: &T) -> Result<(), BuildError> {
        write_json(&path, value)?;
        self.written.push(path);
        Ok(())
    }

    fn bytes(&mut self, path: PathBuf, bytes: &[u8]) -> Result<(), BuildError> {
        write_bytes(&path, bytes)?;
        self.written.push(path);
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
        let files = (0..index.len())
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
                );
                let path = dir.join(format!("{}.json", doc.slug));
                write_json(&path, &doc)?;
                let mut paths = vec![path];
                // A live story's older pages: the same story, another run
                // of its entries (`articles/<slug>/page/<n>.json`).
                if let Some(l) = &full.article.live {
                    let mut page = doc;
                    for older in crate::convert::live(&full, l, &page.url)
                        .into_iter()
                        .skip(1)
                    {
                        let n = older.page.unwrap_or_default();
                        let path = dir.join(format!("{}/page/{n}.json", page.slug));
                        page.live = Some(older);
                        write_json(&path, &page)?;
                        paths.push(path);
                    }
                }
                Ok(paths)
            })
            .collect::<Result<Vec<Vec<PathBuf>>, BuildError>>()?;
        self.written.extend(files.into_iter().flatten());
        Ok(())
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
        let pages = section_pages(self.site, newest);
        for s in &self.site.sections {
            mkdir(&self.api.join("sections").join(&s.id))?;
        }
        for p in &pages {
            let path = self
                .api
                .join(format!("sections/{}/{}.json", p.section, p.page));
            self.json(path, p)?;
        }
        Ok(pages.len())
    }

    /// `feeds/<edition>.xml`: each edition's newest stories.
    fn feeds(&mut self, newest: &[&Indexed]) -> Result<(), BuildError> {
        for e in &self.site.editions {
            let items: Vec<FeedItem> = newest
                .iter()
                .filter(|x| x.teaser.editions.contains(&e.id))
                .take(FEED_ITEMS)
                .map(|x| FeedItem {
                    teaser: &x.teaser,
                    published: x.published,
                    modified: x.modified,
                })
                .collect();
            let path = self.out.join(format!("feeds/{}.xml", e.id));
            let xml = rss(self.site, &e.id, &items).map_err(|e| io_err(&path, e))?;
            self.bytes(path, &xml)?;
        }
        Ok(())
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

    fn sitemaps(&mut self, newest: &[&Indexed]) -> Result<(), BuildError> {
        let latest = newest.iter().map(|a| a.modified).max();
        let mut urls = vec![SitemapUrl {
            path: "/".into(),
            modified: latest,
        }];
        urls.extend(self.site.sections.iter().map(|s| SitemapUrl {
            path: format!("/{}", s.id),
            modified: None,
        }));
        urls.extend(newest.iter().map(|x| SitemapUrl {
            path: x.teaser.url.clone(),
            modified: Some(x.modified),
        }));
        let maps = sitemaps(&self.site.base_url, &urls)
            .map_err(|e| io_err(&self.out.join("sitemap.xml"), e))?;
        for (path, bytes) in maps {
            self.bytes(self.out.join(path), &bytes)?;
        }
        Ok(())
    }

    /// Removes what this build did not write under `api/v1`, `feeds` and
    /// `sitemaps`.
    fn prune(self) -> Result<(), BuildError> {
        let keep: HashSet<PathBuf> = self.written.into_iter().collect();
        let dirs = [
            self.api,
            self.out.join(paths::FEEDS),
            self.out.join(paths::SITEMAPS),
        ];
        prune(&dirs, &keep)?;
        Ok(())
    }
}
