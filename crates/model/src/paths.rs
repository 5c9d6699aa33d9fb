//! The site's own path names and page kinds, in one home.
//!
//! Every edition front and section is a page at `/<id>`, prerendered as
//! `dist/<id>.html`, and the build writes folders and files of its own at
//! the top of the site. The validator refuses these names as edition and
//! section ids ([`RESERVED`]); the app's route function, the prerenderer,
//! the server and the service worker read them from here. A test in
//! `crates/prerender/tests/paths.rs` holds all of them to this module.

/// The static JSON API (`/api/v1/…`), and the sign-up endpoint
/// (`/api/newsletter`).
pub const API: &str = "api";
/// Images and video the content ships.
pub const MEDIA: &str = "media";
/// The RSS feeds, one per edition.
pub const FEEDS: &str = "feeds";
/// Icons and other files copied from `assets/`.
pub const ASSETS: &str = "assets";
/// The search index.
pub const PAGEFIND: &str = "pagefind";
/// The newsletters page.
pub const NEWSLETTERS: &str = "newsletters";
/// The reader's saved stories (`/saved`), and the offline view beneath it.
pub const SAVED: &str = "saved";
/// The second segment of the offline view: `/saved/offline`.
pub const OFFLINE: &str = "offline";
/// The search page.
pub const SEARCH: &str = "search";
/// An author's page: `/author/<id>` (and `/author/<id>/page/<n>`).
pub const AUTHOR: &str = "author";
/// A topic's page: `/topic/<tag>` (and `/topic/<tag>/page/<n>`).
pub const TOPIC: &str = "topic";
/// The segment of a section's later pages: `/<section>/page/<n>`.
/// Article slugs may not take it either.
pub const PAGING: &str = "page";
/// `index.html`, the default edition's front.
pub const INDEX: &str = "index";
/// `404.html`, the not-found page.
pub const NOT_FOUND: &str = "404";
/// `sitemap.xml`.
pub const SITEMAP: &str = "sitemap";
/// `sitemaps/<name>.xml`, the parts of a sitemap of more than 50,000 URLs:
/// `pages.xml` and one file per month of publication (`<yyyy>-<mm>.xml`).
pub const SITEMAPS: &str = "sitemaps";
/// `robots.txt`.
pub const ROBOTS: &str = "robots";

/// Names an edition or section id may not take: the build's folders
/// ([`API`], [`MEDIA`], [`FEEDS`], [`ASSETS`], [`PAGEFIND`]), the app's own
/// pages ([`NEWSLETTERS`], [`SAVED`], [`SEARCH`], [`AUTHOR`], [`TOPIC`]), files at the top of the
/// site ([`INDEX`], [`NOT_FOUND`], [`SITEMAP`], [`SITEMAPS`], [`ROBOTS`])
/// and the paging segment ([`PAGING`]).
pub const RESERVED: [&str; 16] = [
    API,
    AUTHOR,
    TOPIC,
    MEDIA,
    FEEDS,
    NEWSLETTERS,
    SAVED,
    SEARCH,
    PAGEFIND,
    PAGING,
    NOT_FOUND,
    INDEX,
    SITEMAP,
    SITEMAPS,
    ROBOTS,
    ASSETS,
];

/// Whether `id` is one of the [`RESERVED`] names.
pub fn is_reserved(id: &str) -> bool {
    RESERVED.contains(&id)
}

/// The route path of page `n` of a section: `/<section>` for the first,
/// `/<section>/page/<n>` after it.
pub fn section_page(section: &str, n: u32) -> String {
    if n <= 1 {
        ["/", section].concat()
    } else {
        ["/", section, "/", PAGING, "/", &n.to_string()].concat()
    }
}

/// The key of an author's or a topic's listing (`kind` is [`AUTHOR`] or
/// [`TOPIC`]): its site path without the leading slash, `author/<id>`. A
/// listing is paged as a section is ([`section_page`] takes the key), and
/// its data has the section page's shape, with this key as its `section`,
/// at `api/v1/sections/<key>/<n>.json` as a section's.
pub fn listing(kind: &str, id: &str) -> String {
    [kind, "/", id].concat()
}

/// The feed of an author or topic (a [`listing`] key):
/// `feeds/author/<id>.xml`, beside the editions' `feeds/<edition>.xml`.
pub fn listing_feed(key: &str) -> String {
    [FEEDS, "/", key, ".xml"].concat()
}

/// The route path of the offline view: `/saved/offline`.
pub fn saved_offline() -> String {
    ["/", SAVED, "/", OFFLINE].concat()
}

/// The reader's own pages, whose content is filled in after takeover:
/// prerendered so they open at once (offline too), never indexed.
pub fn reader_pages() -> [String; 3] {
    [
        ["/", SAVED].concat(),
        saved_offline(),
        ["/", SEARCH].concat(),
    ]
}

/// The kind of data a prerendered page carries: the `data-kind` of its
/// page data block, written by the prerenderer and read by the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An edition's front (`Front`).
    Front,
    /// A page of a section (`SectionPage`).
    Section,
    /// A story (`Article`).
    Story,
    /// A page with no data of its own.
    Static,
}

impl PageKind {
    /// Every kind.
    pub const ALL: [PageKind; 4] = [
        PageKind::Front,
        PageKind::Section,
        PageKind::Story,
        PageKind::Static,
    ];

    /// Its `data-kind`.
    pub const fn name(self) -> &'static str {
        match self {
            PageKind::Front => "front",
            PageKind::Section => "section",
            PageKind::Story => "story",
            PageKind::Static => "static",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<PageKind> {
        PageKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_distinct_plain_segments() {
        for (i, name) in RESERVED.iter().enumerate() {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{name:?} is a plain path segment"
            );
            assert!(!RESERVED[i + 1..].contains(name), "{name:?} listed twice");
        }
        assert!(is_reserved("saved") && is_reserved("page"));
        assert!(!is_reserved("world") && !is_reserved("saved/offline"));
    }

    #[test]
    fn section_pages_and_reader_pages_are_spelled_from_the_names() {
        assert_eq!(section_page("world", 1), "/world");
        assert_eq!(section_page("world", 0), "/world");
        assert_eq!(section_page("world", 12), "/world/page/12");
        assert_eq!(saved_offline(), "/saved/offline");
        assert_eq!(reader_pages(), ["/saved", "/saved/offline", "/search"]);
    }

    #[test]
    fn listings_are_paged_like_sections() {
        let key = listing(AUTHOR, "ada-quill");
        assert_eq!(key, "author/ada-quill");
        assert_eq!(section_page(&key, 1), "/author/ada-quill");
        assert_eq!(section_page(&key, 3), "/author/ada-quill/page/3");
        assert_eq!(listing_feed("topic/floods"), "feeds/topic/floods.xml");
        assert!(is_reserved(AUTHOR) && is_reserved(TOPIC));
    }

    #[test]
    fn page_kinds_round_trip_by_name() {
        for kind in PageKind::ALL {
            assert_eq!(PageKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(PageKind::from_name("Front"), None);
        assert_eq!(PageKind::from_name(""), None);
    }
}
