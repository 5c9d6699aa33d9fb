//! Related-story ranking for the `related` and `more` rails.
//!
//! `related`: the curated slugs first (in order, deduplicated), then the
//! best-scoring candidates. A candidate's score is
//!
//! * the sum, over the tags it shares with the story, of the tag's rarity
//!   `idf = ln(coarse(N) / coarse(df))` (a tag on every story says
//!   nothing); [`coarse`] keeps a count's four leading bits, so that one
//!   story more or less changes no rarity but those of small tags,
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
//!
//! **Ranking again only what a change can move** ([`Ranker::affected`]): a
//! story's rails are a function of its own keys, the rarity of its tags,
//! and the keys of the stories in its candidate windows and its section's
//! neighbourhood. When none of these changed, its rails are the ones the
//! last build ranked, bit for bit: rarities come from coarse counts, and a
//! score adds its tags' rarities in the order of the tags' names, whatever
//! else the archive holds.

use standfirst_model::RAIL_MAX;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// Per thread: the rarity of the tags of the story being ranked, 0 for
    /// the others (see [`Ranker::score_weighted`]).
    static WEIGHTS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

pub const SECTION_BONUS: f64 = 0.6;
pub const EDITION_BONUS: f64 = 0.2;
pub const RECENCY_BONUS: f64 = 0.5;
/// Days after which the recency bonus has halved.
pub const RECENCY_HALF_DAYS: f64 = 14.0;
/// Stories considered on each side of the story in one tag's posting list.
pub const TAG_WINDOW: usize = 64;

/// `n` with its four leading bits kept, rounded up (exact below 16): a
/// step of at most one eighth, so that a rarity computed from it changes
/// only when a count crosses a step.
pub fn coarse(n: usize) -> usize {
    if n < 16 {
        return n;
    }
    let shift = usize::BITS - n.leading_zeros() - 4;
    n.div_ceil(1 << shift) << shift
}

/// What ranking needs to know about one story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// The item at each position: the inverse of `rank_of`.
    order: Vec<usize>,
    /// Everything below is kept by position, not by item: a story's
    /// candidates are its neighbours in time, so scoring them reads memory
    /// that lies together (at 100,000 stories, scoring by item index was
    /// mostly waiting for memory).
    ///
    /// Per position: its tag ids, sorted (one flat array). Tag ids are
    /// given in the order of the tags' names, so that a score adds its
    /// tags' rarities in the same order whatever the layout and whatever
    /// other stories the archive holds.
    tags: Flat,
    tag_ids: HashMap<&'a str, u32>,
    section_ids: HashMap<&'a str, u32>,
    /// Per position: its editions, as a set of bits when the site has 64 or
    /// fewer (else as ids).
    editions: Editions,
    /// Per position: its section, interned.
    section_of: Vec<u32>,
    /// Per position: seconds since the epoch.
    published: Vec<i64>,
    /// Per tag id: the positions carrying it, in order.
    postings: Vec<Vec<u32>>,
    idf: Vec<f64>,
    /// Per section id: its positions, in order.
    sections: Vec<Vec<u32>>,
    by_slug: HashMap<&'a str, usize>,
}

/// Lists of ids, one per position, stored end to end.
struct Flat {
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl Flat {
    fn new(lists: impl Iterator<Item = Vec<u32>>) -> Self {
        let mut start = vec![0];
        let mut ids = Vec::new();
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

/// The editions of each position.
enum Editions {
    Bits(Vec<u64>),
    Ids(Flat),
}

impl Editions {
    fn shared(&self, a: usize, b: usize) -> bool {
        match self {
            Editions::Bits(bits) => bits[a] & bits[b] != 0,
            Editions::Ids(ids) => {
                let mut any = false;
                shared(ids.get(a), ids.get(b), |_| any = true);
                any
            }
        }
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
        let mut names: Vec<&str> = items
            .iter()
            .flat_map(|i| i.tags.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut tag_ids: HashMap<&str, u32> = names
            .into_iter()
            .enumerate()
            .map(|(id, t)| (t, id as u32))
            .collect();
        let mut tags = intern(items.iter().map(|i| i.tags.as_slice()), &mut tag_ids);
        let mut edition_ids = HashMap::new();
        let mut editions = intern(
            items.iter().map(|i| i.editions.as_slice()),
            &mut edition_ids,
        );
        let mut section_ids: HashMap<&str, u32> = HashMap::new();
        let section_of: Vec<u32> = order
            .iter()
            .map(|&i| {
                let next = section_ids.len() as u32;
                *section_ids.entry(items[i].section.as_str()).or_insert(next)
            })
            .collect();
        let tags = Flat::new(order.iter().map(|&i| std::mem::take(&mut tags[i])));
        let editions = if edition_ids.len() <= 64 {
            Editions::Bits(
                order
                    .iter()
                    .map(|&i| editions[i].iter().fold(0u64, |m, &e| m | 1u64 << e))
                    .collect(),
            )
        } else {
            Editions::Ids(Flat::new(
                order.iter().map(|&i| std::mem::take(&mut editions[i])),
            ))
        };
        let published = order.iter().map(|&i| items[i].published).collect();
        let mut postings = vec![Vec::new(); tag_ids.len()];
        let mut sections = vec![Vec::new(); section_ids.len()];
        for pos in 0..order.len() {
            for &t in tags.get(pos) {
                postings[t as usize].push(pos as u32);
            }
            sections[section_of[pos] as usize].push(pos as u32);
        }
        let n = coarse(items.len().max(1)) as f64;
        let idf = postings
            .iter()
            .map(|p| (n / coarse(p.len().max(1)) as f64).ln())
            .collect();
        let by_slug = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.slug.as_str(), i))
            .collect();
        Ranker {
            items,
            rank_of,
            order,
            tags,
            tag_ids,
            section_ids,
            editions,
            section_of,
            published,
            postings,
            idf,
            sections,
            by_slug,
        }
    }

    /// Which items' rails may differ from those a ranking of the archive
    /// before a change gave them: `new`, the items added or changed (their
    /// indices here), and `old`, the items removed or as they were before
    /// they changed. Every other item's rails are the ones ranked before,
    /// exactly (see the module's documentation).
    pub fn affected(&self, new: &[usize], old: &[RankItem]) -> Vec<bool> {
        let n = self.items.len();
        let changes = new.len() + old.len();
        let mut hit = vec![false; n];
        if changes == 0 {
            return hit;
        }
        // Past a few changes per hundred stories, marking costs more than it
        // saves.
        let before = (n + old.len()).saturating_sub(new.len());
        if coarse(before.max(1)) != coarse(n.max(1)) || changes * 32 > n {
            return vec![true; n];
        }
        let mut mark = |pos: u32| hit[self.order[pos as usize]] = true;
        // A tag whose coarse count changed changes its rarity: every story
        // with it.
        let mut delta: HashMap<u32, i64> = HashMap::new();
        for &i in new {
            for &t in self.tags.get(self.rank_of[i]) {
                *delta.entry(t).or_default() -= 1;
            }
        }
        for o in old {
            let mut tags: Vec<&str> = o.tags.iter().map(String::as_str).collect();
            tags.sort_unstable();
            tags.dedup();
            for t in tags {
                if let Some(&t) = self.tag_ids.get(t) {
                    *delta.entry(t).or_default() += 1;
                }
            }
        }
        for (&t, &d) in &delta {
            let now = self.postings[t as usize].len();
            let was = (now as i64 + d).max(0) as usize;
            if coarse(was.max(1)) != coarse(now.max(1)) {
                self.postings[t as usize].iter().for_each(|&q| mark(q));
            }
        }
        // Around each change, in each of its tags' lists and its
        // section's: the stories whose windows it is (or was) in, found
        // with the same `window` the candidates are.
        let tag_reach = TAG_WINDOW + 1;
        let section_reach = 2 * RAIL_MAX + 1;
        let around = |list: &[u32], place: u32, reach: usize, mark: &mut dyn FnMut(u32)| {
            Self::window(list, place, reach)
                .iter()
                .for_each(|&q| mark(q));
        };
        for &i in new {
            let p = self.rank_of[i] as u32;
            mark(p);
            for &t in self.tags.get(p as usize) {
                around(&self.postings[t as usize], p, tag_reach, &mut mark);
            }
            let section = &self.sections[self.section_of[p as usize] as usize];
            around(section, p, section_reach, &mut mark);
        }
        for o in old {
            // Where it stood among the stories now: before the first one
            // it is newer than (or of the same time and a smaller slug).
            let place = self.order.partition_point(|&j| {
                let it = &self.items[j];
                (o.published, &it.slug) < (it.published, &o.slug)
            }) as u32;
            for t in &o.tags {
                if let Some(&t) = self.tag_ids.get(t.as_str()) {
                    around(&self.postings[t as usize], place, tag_reach, &mut mark);
                }
            }
            if let Some(&s) = self.section_ids.get(o.section.as_str()) {
                around(&self.sections[s as usize], place, section_reach, &mut mark);
            }
        }
        // Whoever names a changed story among its curated ones.
        let named: std::collections::HashSet<&str> = new
            .iter()
            .map(|&i| self.items[i].slug.as_str())
            .chain(old.iter().map(|o| o.slug.as_str()))
            .collect();
        for (i, it) in self.items.iter().enumerate() {
            if it.curated.iter().any(|c| named.contains(c.as_str())) {
                hit[i] = true;
            }
        }
        hit
    }

    /// The item of each slug.
    pub fn item_of(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// Positions of `list` (in order) within `w` places of position `p`.
    fn window(list: &[u32], p: u32, w: usize) -> &[u32] {
        let at = list.partition_point(|&q| q < p);
        &list[at.saturating_sub(w)..(at + w + 1).min(list.len())]
    }

    /// The score of item `c` as a candidate for item `i`'s related rail.
    pub fn score(&self, i: usize, c: usize) -> f64 {
        self.score_at(self.rank_of[i], self.rank_of[c])
    }

    /// The score of position `c` for position `p`.
    fn score_at(&self, p: usize, c: usize) -> f64 {
        let mut s = 0.0;
        shared(self.tags.get(p), self.tags.get(c), |t| {
            s += self.idf[t as usize]
        });
        self.score_rest(s, p, c)
    }

    /// As [`Self::score_at`], with `weights` holding the rarity of each
    /// of `p`'s tags and 0 for every other tag: the candidate's tags are
    /// added in order, its shared tags' rarities in the same order as the
    /// merge adds them and zero for the others (which changes no bit of a
    /// sum that is never negative), with no branch to mispredict.
    fn score_weighted(&self, weights: &[f64], p: usize, c: usize) -> f64 {
        let mut s = 0.0;
        for &t in self.tags.get(c) {
            s += weights[t as usize];
        }
        self.score_rest(s, p, c)
    }

    /// A score from the shared tags' sum `s`: the bonuses.
    #[inline]
    fn score_rest(&self, mut s: f64, p: usize, c: usize) -> f64 {
        if self.section_of[p] == self.section_of[c] {
            s += SECTION_BONUS;
        }
        if self.editions.shared(p, c) {
            s += EDITION_BONUS;
        }
        let days = (self.published[p] - self.published[c]).unsigned_abs() as f64 / 86_400.0;
        s + RECENCY_BONUS / (1.0 + days / RECENCY_HALF_DAYS)
    }

    /// Calls `each` with the position of every candidate for position
    /// `p`'s related rail (some more than once).
    fn each_candidate(&self, p: usize, mut each: impl FnMut(usize)) {
        for &t in self.tags.get(p) {
            for &c in Self::window(&self.postings[t as usize], p as u32, TAG_WINDOW) {
                each(c as usize);
            }
        }
        let list = &self.sections[self.section_of[p] as usize];
        for &c in Self::window(list, p as u32, RAIL_MAX) {
            each(c as usize);
        }
    }

    #[cfg(test)]
    fn candidates(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.each_candidate(self.rank_of[i], |c| out.push(self.order[c]));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The `related` and `more` rails of item `i`.
    pub fn rails(&self, i: usize) -> Rails {
        let p = self.rank_of[i];
        // Positions, until the end.
        let mut related: Vec<usize> = Vec::new();
        for slug in &self.items[i].curated {
            if related.len() == RAIL_MAX {
                break;
            }
            if let Some(&j) = self.by_slug.get(slug.as_str()) {
                let q = self.rank_of[j];
                if q != p && !related.contains(&q) {
                    related.push(q);
                }
            }
        }
        if related.len() < RAIL_MAX {
            // The best `room` candidates, best first: a short list kept in
            // order as candidates are scored (no sort of them all). A
            // candidate met twice (in two tags' windows) scores the same
            // both times, so it is taken once. Among equal scores the
            // newer (the smaller position) comes first.
            let room = RAIL_MAX - related.len();
            let mut best: Vec<(f64, usize)> = Vec::with_capacity(room + 1);
            let better = |a: &(f64, usize), b: &(f64, usize)| {
                b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).is_lt()
            };
            WEIGHTS.with(|weights| {
                let mut weights = weights.borrow_mut();
                if weights.len() < self.idf.len() {
                    weights.resize(self.idf.len(), 0.0);
                }
                for &t in self.tags.get(p) {
                    weights[t as usize] = self.idf[t as usize];
                }
                self.each_candidate(p, |c| {
                    if c == p || related.contains(&c) || best.iter().any(|b| b.1 == c) {
                        return;
                    }
                    let scored = (self.score_weighted(&weights, p, c), c);
                    if best.len() == room && !better(&scored, &best[room - 1]) {
                        return;
                    }
                    let at = best.partition_point(|b| better(b, &scored));
                    best.insert(at, scored);
                    best.truncate(room);
                });
                for &t in self.tags.get(p) {
                    weights[t as usize] = 0.0;
                }
            });
            related.extend(best.into_iter().map(|(_, c)| c));
        }
        let more = self.more(p, &related);
        Rails {
            related: related.into_iter().map(|q| self.order[q]).collect(),
            more: more.into_iter().map(|q| self.order[q]).collect(),
        }
    }

    /// The positions of position `p`'s section published just before it,
    /// then just after it, none of them `p` or in `related`; at most
    /// `RAIL_MAX`, newest first.
    fn more(&self, p: usize, related: &[usize]) -> Vec<usize> {
        let list = &self.sections[self.section_of[p] as usize];
        let at = list.partition_point(|&q| (q as usize) < p);
        let keep = |q: &usize| *q != p && !related.contains(q);
        let before = list.get(at + 1..).unwrap_or_default().iter();
        let after = list[..at.min(list.len())].iter().rev();
        let mut more: Vec<usize> = before
            .chain(after)
            .map(|&q| q as usize)
            .filter(keep)
            .take(RAIL_MAX)
            .collect();
        more.sort_unstable();
        more
    }
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
