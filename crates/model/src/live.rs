//! Live coverage: a story that carries a stream of short entries (an
//! election count, a storm, a trial), updated while the coverage lasts.
//!
//! In delivery a live story is paged: the story's own page carries the
//! newest entries (between [`PAGE_SIZE`] and twice that, once there are
//! that many) and the pinned entry; older entries are on pages of exactly
//! [`PAGE_SIZE`], numbered from the start of the coverage, so that an
//! older page's address and entries never change as new entries arrive.

use crate::BodyBlock;
use serde::{Deserialize, Serialize};

/// Entries on an older page; the story's own page carries up to twice as
/// many (see the module comment).
pub const PAGE_SIZE: usize = 20;

/// Whether the coverage is still going.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LiveStatus {
    #[default]
    Live,
    Ended,
}

/// One entry of a live story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiveEntry {
    /// Unique within the story; a slug, and the entry's `#` anchor.
    pub id: String,
    /// RFC 3339.
    pub posted: String,
    /// RFC 3339, when the entry was edited after it was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub key_event: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
    pub body: Vec<BodyBlock>,
}

/// A key event, listed at the top of the story's own page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyEvent {
    pub id: String,
    /// The entry's title (its first words when it has none).
    pub title: String,
    /// RFC 3339.
    pub posted: String,
    /// The site path of the entry: its page and `#id`.
    pub url: String,
}

/// `live` of a delivery article: one page of the coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Live {
    /// Changes whenever anything on this page of the coverage changes
    /// (a hash of the rest): a reader's tab compares it to learn whether a
    /// poll brought anything new.
    #[serde(default)]
    pub version: String,
    pub status: LiveStatus,
    /// This page's entries, newest first (the pinned entry is not among
    /// them: it is `pinned_entry`, on the story's own page).
    pub entries: Vec<LiveEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_entry: Option<LiveEntry>,
    /// Every key event of the coverage, newest first (on the story's own
    /// page; empty on older pages).
    #[serde(default)]
    pub key_events: Vec<KeyEvent>,
    /// RFC 3339: the newest time an entry was posted or edited (the
    /// story's `published` before the first entry).
    pub last_updated: String,
    /// How many entries the coverage has, on every page.
    pub total: u32,
    /// Which older page this is (1 is the oldest); `None` on the story's
    /// own page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// How many older pages there are.
    #[serde(default)]
    pub pages: u32,
    /// Site paths of the pages with newer and older entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older: Option<String>,
}

impl Live {
    /// Whether the coverage is still going.
    pub fn is_live(&self) -> bool {
        self.status == LiveStatus::Live
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How `total` entries (the pinned one left out) are paged: the number of
/// older pages, and how many entries the story's own page carries. The
/// older pages hold the oldest entries in runs of [`PAGE_SIZE`]; the own
/// page the rest, so at least `PAGE_SIZE` once there are that many.
pub fn live_pages(total: usize) -> (usize, usize) {
    let older = (total / PAGE_SIZE).saturating_sub(1);
    (older, total - older * PAGE_SIZE)
}

/// The site path of older page `n` of the live story at `story_url`.
pub fn live_page_url(story_url: &str, n: u32) -> String {
    [story_url, "/", crate::paths::PAGING, "/", &n.to_string()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_page_carries_between_one_and_two_pages_of_entries() {
        assert_eq!(live_pages(0), (0, 0));
        assert_eq!(live_pages(19), (0, 19));
        assert_eq!(live_pages(20), (0, 20));
        assert_eq!(live_pages(39), (0, 39));
        assert_eq!(live_pages(40), (1, 20));
        assert_eq!(live_pages(300), (14, 20));
        assert_eq!(live_pages(301), (14, 21));
        for total in 0..200 {
            let (older, own) = live_pages(total);
            assert_eq!(older * PAGE_SIZE + own, total);
            assert!(own < 2 * PAGE_SIZE);
            assert!(total < PAGE_SIZE || own >= PAGE_SIZE);
        }
    }

    #[test]
    fn older_pages_live_under_the_story() {
        assert_eq!(live_page_url("/world/count", 3), "/world/count/page/3");
    }
}
