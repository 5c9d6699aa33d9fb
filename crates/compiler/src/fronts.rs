//! Edition fronts and paginated section pages.

use standfirst_model::{About, Front, FrontSection, SectionPage, Site, Teaser, SECTION_PAGE_SIZE};

/// Stories in `top` after the lead.
pub const TOP_COUNT: usize = 4;
/// Stories per section on a front.
pub const FRONT_SECTION_COUNT: usize = 4;

/// One front per edition that has at least one story; editions without
/// stories are returned by id (a front needs a lead).
pub fn fronts(site: &Site, newest_first: &[&Teaser]) -> (Vec<Front>, Vec<String>) {
    let mut out = Vec::new();
    let mut empty = Vec::new();
    for edition in &site.editions {
        let list: Vec<&Teaser> = newest_first
            .iter()
            .copied()
            .filter(|t| t.editions.contains(&edition.id))
            .collect();
        let Some(lead) = list.first() else {
            empty.push(edition.id.clone());
            continue;
        };
        let top_end = (1 + TOP_COUNT).min(list.len());
        let sections = site
            .sections
            .iter()
            .filter_map(|s| {
                let teasers: Vec<Teaser> = list[top_end..]
                    .iter()
                    .filter(|t| t.section == s.id)
                    .take(FRONT_SECTION_COUNT)
                    .map(|t| (*t).clone())
                    .collect();
                (!teasers.is_empty()).then(|| FrontSection {
                    section: s.id.clone(),
                    teasers,
                })
            })
            .collect();
        out.push(Front {
            edition: edition.id.clone(),
            lead: (*lead).clone(),
            top: list[1..top_end].iter().map(|t| (*t).clone()).collect(),
            sections,
        });
    }
    (out, empty)
}

/// One page of a listing, before it is made: its number (from 1), the
/// listing's page count, and its teasers' range in the newest-first list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRange {
    pub page: u32,
    pub pages: u32,
    pub start: usize,
    pub end: usize,
}

impl PageRange {
    /// The page, made.
    pub fn page(self, key: &str, list: &[&Teaser], about: Option<&About>) -> SectionPage {
        SectionPage {
            section: key.to_string(),
            page: self.page,
            pages: self.pages,
            teasers: list[self.start..self.end]
                .iter()
                .map(|t| (*t).clone())
                .collect(),
            about: about.cloned(),
        }
    }
}

/// The pages of a listing (a section's, an author's or a topic's) of `len`
/// stories, newest first; an empty listing still has page 1.
///
/// Pages are cut from the oldest story up: page `pages` holds a listing's
/// first `SECTION_PAGE_SIZE` stories, the page before it the next ones,
/// and page 1, the landing page, the newest: from one to two pages' worth
/// (`SECTION_PAGE_SIZE` to `2 * SECTION_PAGE_SIZE - 1` once the listing has
/// that many). A new story therefore changes page 1 only, and every page
/// only when the count of pages grows (one new story in
/// `SECTION_PAGE_SIZE`); with pages cut from the newest, every page would
/// shift by one story at each publish.
pub fn page_ranges(len: usize) -> Vec<PageRange> {
    let pages = (len / SECTION_PAGE_SIZE).max(1);
    let landing = len - (pages - 1) * SECTION_PAGE_SIZE;
    (0..pages)
        .map(|page| {
            let (start, end) = match page {
                0 => (0, landing),
                p => {
                    let start = landing + (p - 1) * SECTION_PAGE_SIZE;
                    (start, start + SECTION_PAGE_SIZE)
                }
            };
            PageRange {
                page: page as u32 + 1,
                pages: pages as u32,
                start,
                end,
            }
        })
        .collect()
}
