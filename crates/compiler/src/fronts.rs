//! Edition fronts and paginated section pages.

use standfirst_model::{Front, FrontSection, SectionPage, Site, Teaser, SECTION_PAGE_SIZE};

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

/// Every page of every site section, newest first; an empty section still
/// has page 1.
pub fn section_pages(site: &Site, newest_first: &[&Teaser]) -> Vec<SectionPage> {
    let mut out = Vec::new();
    for s in &site.sections {
        let list: Vec<&Teaser> = newest_first
            .iter()
            .copied()
            .filter(|t| t.section == s.id)
            .collect();
        let pages = list.len().div_ceil(SECTION_PAGE_SIZE).max(1);
        for page in 0..pages {
            let start = (page * SECTION_PAGE_SIZE).min(list.len());
            let end = (start + SECTION_PAGE_SIZE).min(list.len());
            out.push(SectionPage {
                section: s.id.clone(),
                page: page as u32 + 1,
                pages: pages as u32,
                teasers: list[start..end].iter().map(|t| (*t).clone()).collect(),
            });
        }
    }
    out
}
