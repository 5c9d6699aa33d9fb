//! Which page a path shows.
//!
//! The router (`leptos_router`'s `<Router>`) owns the location: it handles
//! link clicks, history and scrolling, and gives the current path. Which
//! page that path means is decided here, by one plain function that the
//! native tests cover, rather than by the router's route tree: the site has
//! five path shapes, and the route tree's matching, nested route types and
//! async view selection were about 9 KB of the brotli wasm
//! (docs/wasm-weight.md).

use standfirst_model::paths;

/// What a path (the site path, without the public base) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the default edition's front.
    Home,
    /// `/newsletters`.
    Newsletters,
    /// `/:id`: an edition's front, the reader's saved stories or search, or
    /// the first page of a section (the page decides which).
    One { id: String },
    /// `/:section/page/:n`: a further page of a section. `n` is `None` when
    /// it is not a number. An author's or a topic's listing is paged the
    /// same way under its key: `/author/:id` is `One { id: "author/:id" }`,
    /// `/author/:id/page/:n` a `SectionPage` of section `author/:id`
    /// (likewise `/topic/:tag`).
    SectionPage { section: String, page: Option<u32> },
    /// `/:section/:slug`: a story; `/:section/:slug/page/:n`, an older
    /// page of its live coverage (then `slug` is the story key
    /// `<slug>/page/<n>`, see `Article::key`).
    Story { section: String, slug: String },
    /// Any other shape.
    NotFound,
}

/// The kind of page a route shows. A navigation between two routes of the
/// same kind (one story to another) keeps the page and changes its
/// parameters; a change of kind replaces the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    Newsletters,
    One,
    SectionPage,
    Story,
    NotFound,
}

impl Route {
    /// The route of `path` (`/world/some-story`; a trailing slash is
    /// ignored).
    pub fn of(path: &str) -> Route {
        let inner = path.strip_prefix('/').unwrap_or(path);
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let parts: Vec<&str> = inner.split('/').collect();
        // An author's or a topic's listing is paged as a section is, under
        // its key `author/<id>`.
        if let [kind @ (paths::AUTHOR | paths::TOPIC), id, ref rest @ ..] = parts[..] {
            let key = paths::listing(kind, id);
            return match rest {
                _ if id.is_empty() => Route::NotFound,
                [] => Route::One { id: key },
                [paths::PAGING, n] => Route::SectionPage {
                    section: key,
                    page: n.parse().ok(),
                },
                _ => Route::NotFound,
            };
        }
        match parts.as_slice() {
            [""] => Route::Home,
            [rest @ .., ""] if !rest.is_empty() => Route::NotFound,
            [paths::NEWSLETTERS] => Route::Newsletters,
            [id] => Route::One { id: id.to_string() },
            [section, paths::PAGING, n] if !section.is_empty() => Route::SectionPage {
                section: section.to_string(),
                page: n.parse().ok(),
            },
            [section, slug] if !section.is_empty() && !slug.is_empty() => Route::Story {
                section: section.to_string(),
                slug: slug.to_string(),
            },
            [section, slug, paths::PAGING, n]
                if !section.is_empty() && !slug.is_empty() && n.parse::<u32>().is_ok() =>
            {
                Route::Story {
                    section: section.to_string(),
                    slug: [slug, "/", paths::PAGING, "/", n].concat(),
                }
            }
            _ => Route::NotFound,
        }
    }

    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Route::Home => Kind::Home,
            Route::Newsletters => Kind::Newsletters,
            Route::One { .. } => Kind::One,
            Route::SectionPage { .. } => Kind::SectionPage,
            Route::Story { .. } => Kind::Story,
            Route::NotFound => Kind::NotFound,
        }
    }

    /// The `:id` of a one-segment route, else empty.
    pub fn id(&self) -> String {
        match self {
            Route::One { id } => id.clone(),
            _ => String::new(),
        }
    }

    /// The section and page of a section page route.
    pub fn section_page(&self) -> (String, Option<u32>) {
        match self {
            Route::SectionPage { section, page } => (section.clone(), *page),
            _ => (String::new(), None),
        }
    }

    /// The section and slug of a story route, else empty.
    pub fn story(&self) -> (String, String) {
        match self {
            Route::Story { section, slug } => (section.clone(), slug.clone()),
            _ => (String::new(), String::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(id: &str) -> Route {
        Route::One { id: id.into() }
    }

    #[test]
    fn paths_map_to_the_pages_they_show() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/newsletters"), Route::Newsletters);
        assert_eq!(Route::of("/newsletters/"), Route::Newsletters);
        assert_eq!(Route::of("/world"), one("world"));
        assert_eq!(Route::of("/uk"), one("uk"));
        assert_eq!(Route::of("/saved"), one("saved"));
        assert_eq!(
            Route::of("/world/page/3"),
            Route::SectionPage {
                section: "world".into(),
                page: Some(3)
            }
        );
        assert_eq!(
            Route::of("/world/page/x"),
            Route::SectionPage {
                section: "world".into(),
                page: None
            }
        );
        assert_eq!(
            Route::of("/world/a-story"),
            Route::Story {
                section: "world".into(),
                slug: "a-story".into()
            }
        );
        assert_eq!(
            Route::of("/politics/the-count/page/2"),
            Route::Story {
                section: "politics".into(),
                slug: "the-count/page/2".into()
            }
        );
        assert_eq!(Route::of("/author/ada-quill"), one("author/ada-quill"));
        assert_eq!(
            Route::of("/author/ada-quill/page/2/"),
            Route::SectionPage {
                section: "author/ada-quill".into(),
                page: Some(2)
            }
        );
        assert_eq!(Route::of("/topic/port-esker/"), one("topic/port-esker"));
        assert_eq!(
            Route::of("/topic/port-esker/page/x").section_page(),
            ("topic/port-esker".to_string(), None)
        );
        // The bare prefixes are one-segment pages (not found: no section
        // may take them).
        assert_eq!(Route::of("/author"), one("author"));
        assert_eq!(Route::of("/topic/a/b"), Route::NotFound);
        assert_eq!(Route::of("/author//page/2"), Route::NotFound);
        // A story may be called `page`; `/newsletters/x` is a story path.
        assert_eq!(Route::of("/world/page").kind(), Kind::Story);
        assert_eq!(Route::of("/newsletters/x").kind(), Kind::Story);
    }

    #[test]
    fn other_shapes_are_not_found() {
        for path in [
            "/a/b/c",
            "/a/b/c/d",
            "/a/b/page/x",
            "//x",
            "/world//",
            "/a//b",
            "/world/page/2/3",
        ] {
            assert_eq!(Route::of(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn parameters_are_read_by_kind() {
        assert_eq!(one("us").id(), "us");
        assert_eq!(Route::Home.id(), "");
        let story = Route::of("/science/moon-gardens");
        assert_eq!(
            story.story(),
            ("science".to_string(), "moon-gardens".to_string())
        );
        assert_eq!(
            Route::of("/world/page/2").section_page(),
            ("world".to_string(), Some(2))
        );
        assert_eq!(Route::NotFound.story(), (String::new(), String::new()));
    }
}
