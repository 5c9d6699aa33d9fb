//! Related-story ranking for the `related` and `more` rails.
//!
//! `related`: the curated slugs first (in order, deduplicated), then the
//! best-scoring candidates. A candidate's score is
//!
//! * the sum, over the tags it shares with the story, of the tag's rarity
//!   `idf = ln(N / df)` (a tag on every story says nothing),
//! * `SECTION_BONUS` when it is in the same section,
//! * `EDITION_BONUS` when it shares an edition,
//! * up to `RECENCY_BONUS`, decaying with the time between the two stories.
//!
//! Ties go to the newer story, then to the smaller slug. Candidates come
//! from an inverted index (tag -> stories, in recency order), limited to the
//! `TAG_WINDOW` stories nearest in time on each side for very common tags,
//! plus the stories of the same section nearest in time as a fallback.
//! There is no all-pairs scan: the cost per story is bounded.
//!
//! `more`: the section's latest stories *as of the story's publication*:
//! the stories of the same section published just before it, minus the
//! story and its `related` (for the newest story, exactly the section's
//! latest). A section's oldest stories, with fewer than `RAIL_MAX` before
//! them, take the ones published just after them. So a new story changes
//! no other story's `more` rail (only a section's first few stories
//! could), and a publish touches a handful of stories instead of every
//! story of the section; see `docs/publishing.md`.

use standfirst_model::RAIL_MAX;
use std::collections::HashMap;

pub const SECTION_BONUS: f64 = 0.6;
pub const EDITION_BONUS: f64 = 0.2;
pub const RECENCY_BONUS: f64 = 0.5;
/// Days after which the recency bonus has halved.
pub const RECENCY_HALF_DAYS: f64 = 14.0;
/// Stories considered on each side of the story in one tag's posting list.
pub const TAG_WINDOW: usize = 64;

/// What ranking needs to know about one story.
#[derive(Debug, Clone, Default)]
pub struct RankItem {
    pub slug: String,
    pub section: String,
    pub editions: Vec<String>,
    pub tags: Vec<String>,
    /// Seconds since the epoch.
    pub published: i64,
    /// Curated related slugs, in the author's order.
    pub curated: Vec<String>,
}

/// The rails of one story, as indices into the ranker's items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rails {
    pub related: Vec<usize>,
    pub more: Vec<usize>,
}

pub struct Ranker<'a> {
    items: &'a [RankItem],
    /// Position of each item in recency order (newest first, then slug).
    rank_of: Vec<usize>,
    /// Per item: its tag ids, sorted (one flat array for locality).
    tags: Flat,
    editions: Flat,
    /// Per item: its section, interned (compared for every candidate).
    section_of: Vec<u32>,
    /// Per item: seconds since the epoch (next to each other in memory).
    published: Vec<i64>,
    /// Per tag id: the items carrying it, in recency order.
    postings: Vec<Vec<usize>>,
    idf: Vec<f64>,
    /// Per section: its items in recency order.
    sections: HashMap<&'a str, Vec<usize>>,
    by_slug: HashMap<&'a str, usize>,
}

/// Lists of ids, one per item, stored end to end.
struct Flat {
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl Flat {
    fn new(lists: Vec<Vec<u32>>) -> Self {
        let mut start = Vec::with_capacity(lists.len() + 1);
        let mut ids = Vec::new();
        start.push(0);
        for l in lists {
            ids.extend(l);
            start.push(ids.len() as u32);
        }
        Flat { start, ids }
    }
    fn get(&self, i: usize) -> &[u32] {
        &self.ids[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Interns strings into sorted, deduplicated id lists.
fn intern<'a>(
    lists: impl Iterator<Item = &'a [String]>,
    ids: &mut HashMap<&'a str, u32>,
) -> Vec<Vec<u32>> {
    lists
        .map(|l| {
            let mut v: Vec<u32> = l
                .iter()
                .map(|s| {
                    let next = ids.len() as u32;
                    *ids.entry(s.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

fn shared(a: &[u32], b: &[u32], mut each: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                each(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

impl<'a> Ranker<'a> {
    pub fn new(items: &'a [RankItem]) -> Self {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| {
            (items[b].published, &items[a].slug).cmp(&(items[a].published, &items[b].slug))
        });
        let mut rank_of = vec![0; items.len()];
        for (pos, &i) in order.iter().enumerate() {
            rank_of[i] = pos;
        }
        let mut tag_ids = HashMap::new();
        let tags = Flat::new(intern(
            items.iter().map(|i| i.tags.as_slice()),
            &mut tag_ids,
        ));
        let editions = Flat::new(intern(
            items.iter().map(|i| i.editions.as_slice()),
            &mut HashMap::new(),
        ));
        let mut section_ids: HashMap<&str, u32> = HashMap::new();
        let section_of = items
            .iter()
            .map(|i| {
                let next = section_ids.len() as u32;
                *section_ids.entry(i.section.as_str()).or_insert(next)
            })
            .collect();
        let published = items.iter().map(|i| i.published).collect();
        let mut postings = vec![Vec::new(); tag_ids.len()];
        let mut sections: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &order {
            for &t in tags.get(i) {
                postings[t as usize].push(i);
            }
            sections
                .entry(items[i].section.as_str())
                .or_default()
                .push(i);
        }
        let n = items.len().max(1) as f64;
        let idf = postings
            .iter()
            .map(|p| (n / p.len().max(1) as f64).ln())
            .collect();
        let by_slug = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.slug.as_str(), i))
            .collect();
        Ranker {
            items,
            rank_of,
            tags,
            editions,
            section_of,
            published,
            postings,
            idf,
            sections,
            by_slug,
        }
    }

    /// Items of `list` (in recency order) within `w` places of item `i`.
    fn window<'l>(&self, list: &'l [usize], i: usize, w: usize) -> &'l [usize] {
        let pos = list
            .binary_search_by_key(&self.rank_of[i], |&j| self.rank_of[j])
            .unwrap_or_else(|p| p);
        &list[pos.saturating_sub(w)..(pos + w + 1).min(list.len())]
    }

    pub fn score(&self, i: usize, c: usize) -> f64 {
        let mut s = 0.0;
        shared(self.tags.get(i), self.tags.get(c), |t| {
            s += self.idf[t as usize]
        });
        if self.section_of[i] == self.section_of[c] {
            s += SECTION_BONUS;
        }
        let mut share_edition = false;
        shared(self.editions.get(i), self.editions.get(c), |_| {
            share_edition = true
        });
        if share_edition {
            s += EDITION_BONUS;
        }
        let days = (self.published[i] - self.published[c]).unsigned_abs() as f64 / 86_400.0;
        s + RECENCY_BONUS / (1.0 + days / RECENCY_HALF_DAYS)
    }

    /// Calls `each` with every candidate for item `i`'s related rail
    /// (some more than once).
    fn each_candidate(&self, i: usize, mut each: impl FnMut(usize)) {
        for &t in self.tags.get(i) {
            for &c in self.window(&self.postings[t as usize], i, TAG_WINDOW) {
                each(c);
            }
        }
        if let Some(list) = self.sections.get(self.items[i].section.as_str()) {
            for &c in self.window(list, i, RAIL_MAX) {
                each(c);
            }
        }
    }

    #[cfg(test)]
    fn candidates(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.each_candidate(i, |c| out.push(c));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The `related` and `more` rails of item `i`.
    pub fn rails(&self, i: usize) -> Rails {
        let mut related: Vec<usize> = Vec::new();
        for slug in &self.items[i].curated {
            if related.len() == RAIL_MAX {
                break;
            }
            if let Some(&j) = self.by_slug.get(slug.as_str()) {
                if j != i && !related.contains(&j) {
                    related.push(j);
                }
            }
        }
        if related.len() < RAIL_MAX {
            // The best `room` candidates, best first: a short list kept in
            // order as candidates are scored (no sort of them all). A
            // candidate met twice (in two tags' windows) scores the same
            // both times, so it is taken once.
            let room = RAIL_MAX - related.len();
            let mut best: Vec<(f64, usize)> = Vec::with_capacity(room + 1);
            let better = |a: &(f64, usize), b: &(f64, usize)| {
                b.0.total_cmp(&a.0)
                    .then(self.rank_of[a.1].cmp(&self.rank_of[b.1]))
                    .is_lt()
            };
            self.each_candidate(i, |c| {
                if c == i || related.contains(&c) || best.iter().any(|b| b.1 == c) {
                    return;
                }
                let scored = (self.score(i, c), c);
                if best.len() == room && !better(&scored, &best[room - 1]) {
                    return;
                }
                let at = best.partition_point(|b| better(b, &scored));
                best.insert(at, scored);
                best.truncate(room);
            });
            related.extend(best.into_iter().map(|(_, c)| c));
        }
        let more = self
            .sections
            .get(self.items[i].section.as_str())
            .map(|list| self.more(list, i, &related))
            .unwrap_or_default();
        Rails { related, more }
    }

    /// The stories of `list` (a section, newest first) published just
    /// before item `i`, then just after it, none of them `i` or in
    /// `related`; at most `RAIL_MAX`, newest first.
    fn more(&self, list: &[usize], i: usize, related: &[usize]) -> Vec<usize> {
        let pos = list
            .binary_search_by_key(&self.rank_of[i], |&j| self.rank_of[j])
            .unwrap_or_else(|p| p);
        let keep = |j: &usize| *j != i && !related.contains(j);
        let before = list.get(pos + 1..).unwrap_or_default().iter();
        let after = list[..pos.min(list.len())].iter().rev();
        let mut more: Vec<usize> = before
            .chain(after)
            .copied()
            .filter(keep)
            .take(RAIL_MAX)
            .collect();
        more.sort_unstable_by_key(|&j| self.rank_of[j]);
        more
    }
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
