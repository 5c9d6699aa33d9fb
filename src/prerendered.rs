//! The data a page was rendered from.
//!
//! At build time every route is rendered to HTML (`crates/prerender`) with
//! its data already in hand; the page names that API file in an empty
//! `<script type="application/json" id="standfirst-page" data-src=…>`, and
//! the page's loader fetches it after `load` (src/boot.rs). When the app
//! starts on that page it renders from that data at once, with no loading
//! state, so the takeover changes nothing the reader can see. Any other URL (after the first navigation, or a page
//! served for a path it was not rendered for) loads its data from the API.

use leptos::prelude::*;
use standfirst_model::{Article, Front, PageKind, SectionPage};
use std::sync::Arc;

/// Element id of the page's data element.
pub const PAGE_DATA_ID: &str = "standfirst-page";

/// What a route shows, with its data.
#[derive(Debug, Clone)]
pub enum PageData {
    Front(Arc<Front>),
    Section(Arc<SectionPage>),
    Story(Arc<Article>),
    /// Pages with no data of their own (newsletters, not found).
    Static,
}

/// A page's data and the route path (without the public base) it belongs to.
#[derive(Debug, Clone)]
pub struct Prerendered {
    pub path: String,
    pub page: PageData,
}

impl PageData {
    /// Decodes a page data block: `kind` from its `data-kind`, `json` its
    /// text, with the same decoders the app uses for the API's files.
    pub fn decode(kind: &str, json: &str) -> Result<PageData, String> {
        let Some(kind) = PageKind::from_name(kind) else {
            return Err(format!("unknown page kind \"{kind}\""));
        };
        Ok(match kind {
            PageKind::Front => PageData::Front(Arc::new(crate::json::decode(json)?)),
            PageKind::Section => PageData::Section(Arc::new(crate::json::decode(json)?)),
            PageKind::Story => PageData::Story(Arc::new(crate::json::decode(json)?)),
            PageKind::Static => PageData::Static,
        })
    }

    /// Its kind, as the page data block's `data-kind` names it.
    #[cfg(feature = "ssr")]
    pub fn kind(&self) -> PageKind {
        match self {
            PageData::Front(_) => PageKind::Front,
            PageData::Section(_) => PageKind::Section,
            PageData::Story(_) => PageKind::Story,
            PageData::Static => PageKind::Static,
        }
    }
}

/// Context: the prerendered page's data, if the app started on one.
#[derive(Clone, Default)]
pub struct Initial(pub Option<Arc<Prerendered>>);

/// The route path of the router's current location, without the public base.
pub fn route_path(pathname: &str) -> String {
    let base = crate::url::base_path();
    let base = base.trim_end_matches('/');
    let path = pathname.strip_prefix(base).unwrap_or(pathname);
    match path {
        "" => "/".to_string(),
        p if p.len() > 1 => p.trim_end_matches('/').to_string(),
        p => p.to_string(),
    }
}

/// The prerendered data, as `pick` takes it: `pick` returns it only when it
/// is the data of the page now shown (the story with this slug, this page
/// of this section, this edition's front), reading the route's parameters,
/// so the memo follows them.
pub fn use_initial<T: Send + Sync + 'static>(
    pick: impl Fn(&PageData) -> Option<Arc<T>> + Send + Sync + 'static,
) -> Memo<Option<Arc<T>>> {
    let initial = use_context::<Initial>().unwrap_or_default().0;
    Memo::new_with_compare(
        move |_| initial.as_ref().and_then(|p| pick(&p.page)),
        |a, b| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_data_blocks_decode_by_kind() {
        assert!(matches!(
            PageData::decode("static", "null"),
            Ok(PageData::Static)
        ));
        let page = r#"{"section":"world","page":2,"pages":3,"teasers":[]}"#;
        match PageData::decode("section", page) {
            Ok(PageData::Section(s)) => assert_eq!((s.section.as_str(), s.page), ("world", 2)),
            other => panic!("{other:?}"),
        }
        assert!(
            PageData::decode("story", page).is_err(),
            "a section is not a story"
        );
        assert!(PageData::decode("gallery", "{}").is_err());
    }
}
