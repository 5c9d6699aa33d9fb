//! `build`: validate, rank, and write the static site.

use crate::convert::{article, teaser};
pub use crate::error::BuildError;
use crate::feeds::{rss, sitemaps, FeedItem, SitemapUrl, FEED_ITEMS};
use crate::fronts::{fronts, section_pages};
use crate::load::{article_paths, read};
use crate::output::{copy_tree, io_err, mkdir, prune, write_bytes, write_json};
use crate::rank::{RankItem, Ranker};
use crate::validate::{reread, validate_with, ValidArticle, ValidContent};
use rayon::prelude::*;
use standfirst_model::{Site, Teaser};
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
}

/// Validates `content` and, when it is clean, writes the site into `out`.
///
/// Two passes over the article files, each reading, checking and dropping
/// one file at a time: the first keeps of each article only its teaser and
/// what ranking needs ([`Indexed`]), the second reads it again to write it
/// with its rails. Memory grows with the index, not with the archive's
/// text.
pub fn build(content: &Path, out: &Path) -> Result<BuildSummary, BuildError> {
    let (paths, folder_problems) = article_paths(content);
    let site_file = read(&content.join("site.json"));
    let (site, index) = validate_with(
        site_file,
        folder_problems,
        paths.par_iter().map(|p| read(p)),
        |v| indexed(&v),
    )
    .map_err(BuildError::Invalid)?;
    let body = |i: usize| {
        reread(&read(&paths[i]))
            .map(Cow::Owned)
            .map_err(BuildError::Reread)
    };
    let mut summary = write_indexed(&site, index, body, out)?;
    let media = content.join("media");
    if media.is_dir() {
        summary.media_files = copy_tree(&media, &out.join("media"))?;
    }
    Ok(summary)
}

/// Records every file written, so that anything else is pruned.
struct Written(Vec<PathBuf>);

impl Written {
    fn json<T: serde::Serialize>(&mut self, path: PathBuf, value: &T) -> Result<(), BuildError> {
        write_json(&path, value)?;
        self.0.push(path);
        Ok(())
    }
    fn bytes(&mut self, path: PathBuf, bytes: &[u8]) -> Result<(), BuildError> {
        write_bytes(&path, bytes)?;
        self.0.push(path);
        Ok(())
    }
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
    let api = out.join("api/v1");
    for dir in ["articles", "fronts", "sections"] {
        mkdir(&api.join(dir))?;
    }
    let mut w = Written(Vec::new());
    w.json(api.join("site.json"), site)?;

    let mut index = index;
    let rank_items: Vec<RankItem> = index
        .iter_mut()
        .map(|x| std::mem::take(&mut x.rank))
        .collect();
    let index = &index;
    let ranker = Ranker::new(&rank_items);
    let dir = api.join("articles");
    let article_files: Vec<PathBuf> = (0..index.len())
        .into_par_iter()
        .map(|i| {
            let rails = ranker.rails(i);
            let pick = |idx: Vec<usize>| idx.into_iter().map(|j| index[j].teaser.clone()).collect();
            let full = article_at(i)?;
            let doc = article(
                &full,
                &index[i].teaser,
                pick(rails.related),
                pick(rails.more),
            );
            let path = dir.join(format!("{}.json", doc.slug));
            write_json(&path, &doc).map(|()| path)
        })
        .collect::<Result<_, _>>()?;
    w.0.extend(article_files);

    let mut order: Vec<usize> = (0..index.len()).collect();
    order.sort_by(|&a, &b| {
        (rank_items[b].published, &rank_items[a].slug)
            .cmp(&(rank_items[a].published, &rank_items[b].slug))
    });
    let newest: Vec<&Teaser> = order.iter().map(|&i| &index[i].teaser).collect();
    let (fronts, empty_editions) = fronts(site, &newest);
    for f in &fronts {
        w.json(api.join(format!("fronts/{}.json", f.edition)), f)?;
    }
    let pages = section_pages(site, &newest);
    for s in &site.sections {
        mkdir(&api.join("sections").join(&s.id))?;
    }
    for p in &pages {
        w.json(
            api.join(format!("sections/{}/{}.json", p.section, p.page)),
            p,
        )?;
    }

    for e in &site.editions {
        let items: Vec<FeedItem> = order
            .iter()
            .filter(|&&i| index[i].teaser.editions.contains(&e.id))
            .take(FEED_ITEMS)
            .map(|&i| FeedItem {
                teaser: &index[i].teaser,
                published: index[i].published,
                modified: index[i].modified,
            })
            .collect();
        let path = out.join(format!("feeds/{}.xml", e.id));
        let xml = rss(site, &e.id, &items).map_err(|e| io_err(&path, e))?;
        w.bytes(path, &xml)?;
    }

    let latest = index.iter().map(|a| a.modified).max();
    let mut urls = vec![SitemapUrl {
        path: "/".into(),
        modified: latest,
    }];
    urls.extend(site.sections.iter().map(|s| SitemapUrl {
        path: format!("/{}", s.id),
        modified: None,
    }));
    urls.extend(order.iter().map(|&i| SitemapUrl {
        path: index[i].teaser.url.clone(),
        modified: Some(index[i].modified),
    }));
    let maps = sitemaps(&site.base_url, &urls).map_err(|e| io_err(&out.join("sitemap.xml"), e))?;
    for (path, bytes) in maps {
        w.bytes(out.join(path), &bytes)?;
    }

    let keep: HashSet<PathBuf> = w.0.into_iter().collect();
    prune(&[api, out.join("feeds"), out.join("sitemaps")], &keep)?;
    Ok(BuildSummary {
        articles: index.len(),
        fronts: fronts.len(),
        section_pages: pages.len(),
        media_files: 0,
        empty_editions,
    })
}
