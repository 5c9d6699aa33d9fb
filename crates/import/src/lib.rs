//! The Standfirst importers: WordPress and Ghost exports -> a content
//! folder that the compiler's `check` accepts (`standfirst-content import
//! wordpress|ghost` runs them).
//!
//! Both importers read their export into [`Draft`]s, one post at a time,
//! and hand each to a [`Sink`], which names it (slug, section), checks it
//! with the compiler's own article rules and writes it; the site.json it
//! writes last is checked with the compiler's site rules. A post that cannot
//! be imported is skipped with its reason and line; nothing else is lost
//! without a word in the [`ImportReport`]. The writers the export describes
//! become author files ([`authors`]), written with the articles' list.

pub mod authors;
pub mod error;
pub mod ghost;
pub mod guard;
pub mod gutenberg;
pub mod html;
pub mod inline;
pub mod media;
pub mod report;
pub mod shortcode;
pub mod site;
pub mod uploads;
pub mod wordpress;
pub mod wxr;

pub use authors::{Byline, Person};
pub use error::ImportError;
pub use report::{ImportReport, PostNotes};
pub use site::{SiteInfo, NEWSLETTER_LIST};

use report::{AuthorEntry, Imported, Refused, Renamed, Skipped};
use standfirst_content::authoring::{
    AuthoringArticle, AuthoringAuthor, AuthoringBlock, AuthoringHero,
};
use standfirst_content::diag::Report;
use standfirst_content::markdown::spans;
use standfirst_content::validate::rules::parse_time;
use standfirst_content::validate::{
    validate_article, validate_author, SiteIds, PAGING_SEGMENT, RESERVED_PATHS,
};
use standfirst_model::{is_slug, MAX_SLUG_LEN};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Options shared by both importers.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// The edition every imported story belongs to.
    pub edition: String,
    /// Import drafts (and pending and scheduled posts) too.
    pub drafts: bool,
    /// `category`, `tag`, or `SLUG=Kicker` mappings; the first that fits a
    /// post gives its kicker, else the section name.
    pub kicker_from: Vec<String>,
    /// The site's uploads folder (`--media`): images found there are
    /// copied into the content (see [`uploads`]).
    pub media: Option<PathBuf>,
}

impl Options {
    pub fn new(out: impl Into<PathBuf>) -> Self {
        Options {
            out: out.into(),
            edition: "main".into(),
            drafts: false,
            kicker_from: Vec::new(),
            media: None,
        }
    }
}

/// A term (category or tag) as the export names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub slug: String,
    pub name: String,
}

/// One post, read from an export, not yet named or checked.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub id: String,
    pub line: u64,
    pub title: String,
    /// The slug the export gives (`post_name`), possibly empty or invalid.
    pub slug: String,
    /// Plain text; empty means "derive it from the first paragraph".
    pub excerpt: String,
    /// The post's writers, in their order.
    pub authors: Vec<Byline>,
    /// RFC 3339.
    pub published: Option<String>,
    pub updated: Option<String>,
    pub categories: Vec<Term>,
    pub tags: Vec<Term>,
    pub hero: Option<AuthoringHero>,
    pub body: Vec<AuthoringBlock>,
    pub notes: PostNotes,
    /// The post's text as its readers saw it in the export (for the word
    /// coverage figure).
    pub source_text: String,
}

/// Lower-case letters and digits joined by single hyphens, at most
/// `MAX_SLUG_LEN` characters; empty when nothing is left.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > MAX_SLUG_LEN {
        out.truncate(MAX_SLUG_LEN);
        out = out.trim_end_matches('-').to_string();
    }
    out
}

/// Decodes `%xx` escapes (WordPress stores non-ASCII slugs encoded).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Plain text shortened to `max` characters at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = text.chars().take(max - 1).collect();
    }
    out.push('…');
    out
}

/// The text a reader sees in the blocks (the delivery JSON carries exactly
/// this): Markdown resolved to its text, captions, alt text, titles.
pub fn block_text(blocks: &[AuthoringBlock]) -> String {
    let md = |s: &str| standfirst_model::spans_text(&spans(s));
    let mut out = String::new();
    let mut add = |t: &str| {
        out.push_str(t);
        out.push(' ');
    };
    for b in blocks {
        match b {
            AuthoringBlock::Paragraph { content } | AuthoringBlock::Heading { content, .. } => {
                add(&md(content))
            }
            AuthoringBlock::Quote { content, cite, .. } => {
                add(&md(content));
                add(cite.as_deref().unwrap_or(""));
            }
            AuthoringBlock::Pullquote { text, attribution } => {
                add(text);
                add(attribution.as_deref().unwrap_or(""));
            }
            AuthoringBlock::List { items, .. } => items.iter().for_each(|i| add(&md(i))),
            AuthoringBlock::Image(i) => {
                add(&md(i.caption.as_deref().unwrap_or("")));
                add(&i.image.alt);
            }
            AuthoringBlock::Video(v) => {
                add(&md(v.caption.as_deref().unwrap_or("")));
                add(&v.title);
            }
            // The site's own boxes and a rule: no words of the post.
            AuthoringBlock::Newsletter { .. }
            | AuthoringBlock::Subscribe
            | AuthoringBlock::Divider => {}
        }
    }
    out
}

fn word_key(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// How many of the words of `source` appear in `imported` (each occurrence
/// matched once), and how many words `source` has.
pub fn words_kept(source: &str, imported: &str) -> (usize, usize) {
    let mut bag: HashMap<String, usize> = HashMap::new();
    for w in imported
        .split_whitespace()
        .map(word_key)
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w).or_default() += 1;
    }
    let (mut kept, mut total) = (0, 0);
    for w in source
        .split_whitespace()
        .map(word_key)
        .filter(|w| !w.is_empty())
    {
        total += 1;
        if let Some(n) = bag.get_mut(&w).filter(|n| **n > 0) {
            *n -= 1;
            kept += 1;
        }
    }
    (kept, total)
}

/// The inline Markdown of a paragraph block; `None` for every other kind.
pub fn paragraph_markdown(b: &AuthoringBlock) -> Option<&str> {
    match b {
        AuthoringBlock::Paragraph { content } => Some(content),
        AuthoringBlock::Heading { .. }
        | AuthoringBlock::Quote { .. }
        | AuthoringBlock::Pullquote { .. }
        | AuthoringBlock::List { .. }
        | AuthoringBlock::Image(_)
        | AuthoringBlock::Video(_)
        | AuthoringBlock::Newsletter { .. }
        | AuthoringBlock::Subscribe
        | AuthoringBlock::Divider => None,
    }
}

/// The first paragraph's plain text, for a standfirst.
fn first_paragraph(body: &[AuthoringBlock]) -> Option<String> {
    body.iter()
        .filter_map(paragraph_markdown)
        .find_map(|content| {
            let t = standfirst_model::spans_text(&spans(content));
            let t = inline::collapse_ws(&t);
            (!t.is_empty()).then_some(t)
        })
}

/// The slugs of a post's tags (from their names when the export's slug is
/// not one), without repeats.
fn tag_slugs(terms: &[Term]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in terms {
        let s = if is_slug(&t.slug) {
            t.slug.clone()
        } else {
            slugify(&t.name)
        };
        if !s.is_empty() && !tags.contains(&s) {
            tags.push(s);
        }
    }
    tags
}

/// Whether the date-time `a` is later than `b` (both RFC 3339).
fn is_later(a: &str, b: &str) -> bool {
    parse_time(a).zip(parse_time(b)).is_some_and(|(a, b)| a > b)
}

/// Names, checks and writes imported posts; collects the report.
pub struct Sink {
    pub opts: Options,
    pub report: ImportReport,
    slugs: HashSet<String>,
    /// Category slug -> section id.
    sections: HashMap<String, String>,
    /// Section id -> name, in order of first use.
    section_list: Vec<(String, String)>,
    ids: SiteIds,
    /// The files of this run, as the list in `.standfirst-import` names
    /// them: `<slug>.json` for an article, `authors/<id>.json`.
    written: BTreeSet<String>,
    /// The list an earlier import left.
    earlier: BTreeSet<String>,
    /// A person's key in the export -> their author id.
    people: HashMap<String, String>,
    /// Author id -> the person and what became of them.
    authors: BTreeMap<String, Writer>,
}

/// A writer given an id by this import.
struct Writer {
    person: Person,
    /// `authors/<id>.json` is the publisher's own (not in the earlier
    /// import's list): kept, and named by the articles.
    by_hand: bool,
    /// Imported posts that name them.
    posts: usize,
}

/// The name of the list of the files an import wrote.
const MANIFEST: &str = ".standfirst-import";

/// The folder of author files, and how the list names them.
const AUTHORS_DIR: &str = "authors";

impl Sink {
    pub fn new(opts: Options, source: &str, file: &Path) -> Result<Self, ImportError> {
        let ids = site::ids_for(&opts.edition, &opts.out.join("site.json"))?;
        let dir = opts.out.join("articles");
        fs::create_dir_all(&dir).map_err(|source| ImportError::Write { path: dir, source })?;
        let earlier = fs::read_to_string(opts.out.join(MANIFEST))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default();
        uploads::start(
            opts.media.as_deref(),
            &standfirst_content::media::source_dir(&opts.out),
        );
        Ok(Sink {
            report: ImportReport {
                source: source.into(),
                file: file.display().to_string(),
                ..ImportReport::default()
            },
            opts,
            slugs: HashSet::new(),
            sections: HashMap::new(),
            section_list: Vec::new(),
            ids,
            written: BTreeSet::new(),
            earlier,
            people: HashMap::new(),
            authors: BTreeMap::new(),
        })
    }

    /// Records an error of the export file (the import goes on to write
    /// what it has).
    pub fn error(&mut self, e: ImportError) {
        self.report.errors.push(e.to_string());
    }

    pub fn not_post(&mut self, kind: &str) {
        ImportReport::count(&mut self.report.not_posts, kind);
    }

    pub fn skip(&mut self, id: &str, title: &str, line: u64, reason: impl Into<String>) {
        self.report.skipped += 1;
        self.report.skipped_posts.push(Skipped {
            id: id.into(),
            title: title.into(),
            line,
            reason: reason.into(),
        });
    }

    /// Whether a post with `status` is imported: `published` ones are,
    /// `drafts` ones with `--drafts` (else counted as not posts), and any
    /// other status is skipped with the reason.
    pub fn admit(
        &mut self,
        status: &str,
        published: &[&str],
        drafts: &[&str],
        post: (&str, &str, u64),
    ) -> bool {
        let (id, title, line) = post;
        if published.contains(&status) || (self.opts.drafts && drafts.contains(&status)) {
            return true;
        }
        if drafts.contains(&status) {
            self.not_post(status);
        } else {
            self.skip(
                id,
                title,
                line,
                format!("the post's status is {status:?}, not published"),
            );
        }
        false
    }

    fn section_for(&mut self, cat: Option<&Term>, line: u64) -> String {
        let (key, name) = match cat {
            Some(t) => (t.slug.clone(), t.name.clone()),
            None => ("".to_string(), "News".to_string()),
        };
        if let Some(id) = self.sections.get(&key) {
            return id.clone();
        }
        let wanted = if is_slug(&key) {
            key.clone()
        } else {
            slugify(&key)
        };
        let wanted = if wanted.is_empty() {
            slugify(&name)
        } else {
            wanted
        };
        let wanted = if wanted.is_empty() {
            "news".to_string()
        } else {
            wanted
        };
        let taken = |id: &str, s: &Self| {
            RESERVED_PATHS.contains(&id)
                || s.ids.editions.contains(id)
                || s.section_list.iter().any(|(i, _)| i == id)
        };
        let mut id = wanted.clone();
        let mut n = 1;
        while taken(&id, self) {
            id = if n == 1 {
                format!("{wanted}-section")
            } else {
                format!("{wanted}-section-{n}")
            };
            n += 1;
        }
        if id != wanted || (!key.is_empty() && id != key) {
            self.report.renamed.push(Renamed {
                what: "section".into(),
                from: if key.is_empty() {
                    name.clone()
                } else {
                    key.clone()
                },
                to: id.clone(),
                reason: if RESERVED_PATHS.contains(&wanted.as_str())
                    || self.ids.editions.contains(&wanted)
                {
                    format!("/{wanted} is one of the site's own paths or an edition")
                } else if id != wanted {
                    "another category already has that id".into()
                } else {
                    "a section id is lower-case letters and digits joined by hyphens".into()
                },
                line,
            });
        }
        self.sections.insert(key, id.clone());
        self.section_list.push((
            id.clone(),
            if name.trim().is_empty() {
                id.clone()
            } else {
                name
            },
        ));
        self.ids.sections.insert(id.clone());
        id
    }

    fn slug_for(&mut self, d: &Draft) -> String {
        let given = percent_decode(d.slug.trim());
        let mut wanted = if is_slug(&given) && given.len() <= MAX_SLUG_LEN {
            given.clone()
        } else {
            slugify(&given)
        };
        if wanted.is_empty() {
            wanted = slugify(&d.title);
        }
        if wanted.is_empty() {
            wanted = format!(
                "post-{}",
                if d.id.is_empty() {
                    d.line.to_string()
                } else {
                    slugify(&d.id)
                }
            );
        }
        let base = wanted.clone();
        let mut n = 2;
        while wanted == PAGING_SEGMENT || self.slugs.contains(&wanted) {
            let suffix = format!("-{n}");
            let mut b = base.clone();
            b.truncate(MAX_SLUG_LEN - suffix.len());
            wanted = format!("{}{suffix}", b.trim_end_matches('-'));
            n += 1;
        }
        if wanted != given {
            let reason = if given.is_empty() {
                "the post has no slug; made from its title".to_string()
            } else if base == PAGING_SEGMENT {
                format!("\"{PAGING_SEGMENT}\" is reserved for section pages")
            } else if wanted != base {
                format!("another post already has the slug {base:?}")
            } else {
                "a slug is lower-case letters and digits joined by hyphens".to_string()
            };
            self.report.renamed.push(Renamed {
                what: "article".into(),
                from: if given.is_empty() {
                    d.title.clone()
                } else {
                    given
                },
                to: wanted.clone(),
                reason,
                line: d.line,
            });
        }
        wanted
    }

    /// The author id of `p`: given the first time a post names them (made
    /// from their slug, numbered `-2`, `-3`… when another writer has it),
    /// the same for every later post.
    fn author_id(&mut self, p: &Person) -> String {
        if let Some(id) = self.people.get(&p.key) {
            return id.clone();
        }
        let given = p.slug.trim();
        let mut base = if is_slug(given) && given.len() <= MAX_SLUG_LEN {
            given.to_string()
        } else {
            slugify(given)
        };
        if base.is_empty() {
            base = slugify(&p.name);
        }
        if base.is_empty() {
            base = "author".into();
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.authors.contains_key(&id) {
            let suffix = format!("-{n}");
            let mut b = base.clone();
            b.truncate(MAX_SLUG_LEN - suffix.len());
            id = format!("{}{suffix}", b.trim_end_matches('-'));
            n += 1;
        }
        if id != given {
            self.report.renamed.push(Renamed {
                what: "author".into(),
                from: if given.is_empty() {
                    p.name.clone()
                } else {
                    given.to_string()
                },
                to: id.clone(),
                reason: if id != base {
                    format!("another writer already has the id {base:?}")
                } else {
                    "an author id is lower-case letters and digits joined by hyphens".into()
                },
                line: p.line,
            });
        }
        let file = format!("{AUTHORS_DIR}/{id}.json");
        let by_hand = !self.earlier.contains(&file) && self.opts.out.join(&file).exists();
        self.people.insert(p.key.clone(), id.clone());
        self.ids.authors.insert(id.clone());
        self.authors.insert(
            id.clone(),
            Writer {
                person: p.clone(),
                by_hand,
                posts: 0,
            },
        );
        id
    }

    /// The byline: the writers the export describes by id, others by name;
    /// "Staff" (noted) when it names nobody. A name that is an email
    /// address is left out.
    fn byline(&mut self, authors: &[Byline], notes: &mut PostNotes) -> Vec<AuthoringAuthor> {
        let mut out: Vec<AuthoringAuthor> = Vec::new();
        for a in authors {
            let entry = match a {
                Byline::Person(p) => AuthoringAuthor::Described {
                    id: self.author_id(p),
                },
                Byline::Name(n) => {
                    let n = inline::collapse_ws(n);
                    if n.is_empty() {
                        continue;
                    }
                    if authors::has_email(&n) {
                        notes.note("an author named by an email address: left out".into());
                        continue;
                    }
                    AuthoringAuthor::named(n)
                }
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        if out.is_empty() {
            notes.note("no author in the export: byline set to \"Staff\"".into());
            out.push(AuthoringAuthor::named("Staff"));
        }
        out
    }

    fn kicker(&self, d: &Draft, section_name: &str) -> String {
        for spec in &self.opts.kicker_from {
            match spec.split_once('=') {
                Some((slug, kicker)) => {
                    let hit = d
                        .categories
                        .iter()
                        .chain(&d.tags)
                        .any(|t| t.slug == slug.trim());
                    if hit && !kicker.trim().is_empty() {
                        return kicker.trim().to_string();
                    }
                }
                None if spec == "tag" => {
                    if let Some(t) = d.tags.first() {
                        return t.name.clone();
                    }
                }
                None if spec == "category" => {
                    if let Some(t) = d.categories.first() {
                        return t.name.clone();
                    }
                }
                None => {}
            }
        }
        section_name.to_string()
    }

    /// Names, checks and writes one post (or skips it with the reason).
    pub fn add(&mut self, d: Draft) {
        let Some((title, published)) = self.required(&d) else {
            return;
        };
        let mut notes = d.notes.clone();
        let article = self.article(&d, &title, published, &mut notes);
        match self.write(&article) {
            Ok(()) => self.record(&d, article, notes),
            Err(reason) => self.skip(&d.id, &title, d.line, reason),
        }
    }

    /// The post's title (whitespace collapsed) and publication date; `None`
    /// when it lacks one of them or a body, and is skipped.
    fn required(&mut self, d: &Draft) -> Option<(String, String)> {
        let title = inline::collapse_ws(&d.title);
        let missing = if title.is_empty() {
            "the post has no title"
        } else if d.body.is_empty() {
            "the post has no body text that could be imported"
        } else if let Some(published) = &d.published {
            return Some((title, published.clone()));
        } else {
            "the post has no publication date"
        };
        self.skip(&d.id, &title, d.line, missing);
        None
    }

    /// The article a post becomes: named (slug, section), with its kicker,
    /// standfirst, tags, byline and dates. What was changed on the way goes
    /// into `notes`.
    fn article(
        &mut self,
        d: &Draft,
        title: &str,
        published: String,
        notes: &mut PostNotes,
    ) -> AuthoringArticle {
        let headline = if title.chars().count() > 200 {
            notes.note("title shortened to 200 characters".into());
            shorten(title, 200)
        } else {
            title.to_string()
        };
        let slug = self.slug_for(d);
        let section = self.section_for(d.categories.first(), d.line);
        let section_name = self
            .section_list
            .iter()
            .find(|(i, _)| *i == section)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        let standfirst = match inline::collapse_ws(&d.excerpt) {
            e if !e.is_empty() => e,
            _ => shorten(&first_paragraph(&d.body).unwrap_or_default(), 300),
        };
        let tags = tag_slugs(&d.tags);
        AuthoringArticle {
            slug,
            kicker: self.kicker(d, &section_name),
            section,
            editions: vec![self.opts.edition.clone()],
            headline,
            standfirst,
            summary: None,
            authors: self.byline(&d.authors, notes),
            updated: d.updated.clone().filter(|u| is_later(u, &published)),
            published,
            hero: d.hero.clone(),
            body: d.body.clone(),
            sources: None,
            tags: (!tags.is_empty()).then_some(tags),
            related: None,
            live: None,
            translations: None,
        }
    }

    /// Checks the article with the compiler's article rules and writes it
    /// into `articles/`; the reason to skip the post when it cannot.
    fn write(&mut self, article: &AuthoringArticle) -> Result<(), String> {
        let value = serde_json::to_value(article).map_err(|e| format!("cannot serialise: {e}"))?;
        let slug = &article.slug;
        let mut r = Report::new(format!("articles/{slug}.json"));
        validate_article(&mut r, &value, slug, &self.ids);
        if !r.is_empty() {
            self.slugs.insert(slug.clone());
            return Err(format!(
                "the converted post breaks the content rules: {}",
                error::problem_list(&r.problems)
            ));
        }
        let path = self.opts.out.join("articles").join(format!("{slug}.json"));
        write_content_json(&path, &value).map_err(|e| {
            let reason = format!("cannot write {e}");
            self.error(e);
            reason
        })
    }

    /// Counts a written post into the report, with what its conversion
    /// noticed.
    fn record(&mut self, d: &Draft, article: AuthoringArticle, notes: PostNotes) {
        let slug = article.slug;
        self.slugs.insert(slug.clone());
        self.written.insert(format!("{slug}.json"));
        for a in &article.authors {
            if let AuthoringAuthor::Described { id } = a {
                if let Some(w) = self.authors.get_mut(id) {
                    w.posts += 1;
                }
            }
        }
        for k in &notes.as_text {
            ImportReport::count(&mut self.report.blocks_kept_as_text, k);
        }
        for k in &notes.dropped {
            ImportReport::count(&mut self.report.blocks_dropped, k);
        }
        for u in &notes.refused {
            self.report.refused_urls.push(Refused {
                url: u.clone(),
                post: slug.clone(),
                line: d.line,
            });
        }
        let (kept, total) = words_kept(&d.source_text, &block_text(&article.body));
        self.report.words.source += total;
        self.report.words.imported += kept;
        self.report.imported += 1;
        let mut all_notes = notes.notes;
        all_notes.extend(
            notes
                .as_text
                .iter()
                .map(|k| format!("{k}: no equivalent block, text kept as paragraphs")),
        );
        all_notes.extend(notes.dropped.iter().map(|k| format!("{k}: dropped")));
        self.report.imported_posts.push(Imported {
            slug,
            id: d.id.clone(),
            line: d.line,
            notes: all_notes,
        });
    }

    /// Writes site.json and the author files, removes the files an earlier
    /// import wrote and this one did not, and returns the report.
    pub fn finish(mut self, site: SiteInfo) -> Result<ImportReport, ImportError> {
        if self.section_list.is_empty() {
            self.section_for(None, 0);
        }
        let path = self.opts.out.join("site.json");
        let doc = site::site_json(&site, &self.opts.edition, &self.section_list, &path)?;
        write_content_json(&path, &doc)?;
        self.write_authors()?;
        // Files of an earlier run that this run did not write.
        for f in self.earlier.iter().filter(|f| !self.written.contains(*f)) {
            let (dir, name) = f.split_once('/').unwrap_or(("articles", f));
            let known = dir == "articles" || dir == AUTHORS_DIR;
            if known && name.strip_suffix(".json").is_some_and(is_slug) {
                let _ = fs::remove_file(self.opts.out.join(dir).join(name));
            }
        }
        let list: Vec<&str> = self.written.iter().map(String::as_str).collect();
        write_file(
            &self.opts.out.join(MANIFEST),
            (list.join("\n") + "\n").as_bytes(),
        )?;
        self.report.media = uploads::finish();
        let w = &mut self.report.words;
        w.coverage_percent = if w.source == 0 {
            100.0
        } else {
            (w.imported as f64 * 1000.0 / w.source as f64).round() / 10.0
        };
        Ok(self.report)
    }

    /// Writes `authors/<id>.json` for each writer with an imported post,
    /// checked with the compiler's author rules, except the files the
    /// publisher wrote (kept as they are); notes each in the report.
    fn write_authors(&mut self) -> Result<(), ImportError> {
        let dir = self.opts.out.join(AUTHORS_DIR);
        for (id, w) in &self.authors {
            if w.posts == 0 {
                continue;
            }
            let p = &w.person;
            let mut entry = AuthorEntry {
                id: id.clone(),
                from: if authors::has_email(&p.slug) {
                    "(an email address)".into()
                } else {
                    p.slug.clone()
                },
                posts: w.posts,
                kept: w.by_hand,
                missing_image: None,
                notes: p.notes.clone(),
            };
            if w.by_hand {
                entry.notes.push(format!(
                    "{AUTHORS_DIR}/{id}.json was not written by an import: kept as it is, and the imported posts name it"
                ));
                self.report.authors.push(entry);
                continue;
            }
            let image = if p.image.is_empty() {
                None
            } else {
                let local = uploads::local(&p.image);
                if local.is_none() {
                    entry.missing_image = Some(p.image.clone());
                    entry.notes.push(if uploads::active() {
                        format!("profile image not found in the uploads folder: left out: {}", p.image)
                    } else {
                        format!("profile image left out: the build makes it from its file (import with --media): {}", p.image)
                    });
                }
                local
            };
            let mut value = authors::file(id, p, image);
            let file = format!("{AUTHORS_DIR}/{id}.json");
            let mut r = Report::new(&file);
            validate_author(&mut r, &value, id);
            if !r.is_empty() {
                // Only what cannot break the rules: the id and the name.
                entry.notes.push(format!(
                    "bio, picture and links left out: {}",
                    error::problem_list(&r.problems)
                ));
                value = authors::file(
                    id,
                    &Person {
                        name: p.name.clone(),
                        ..Person::default()
                    },
                    None,
                );
            }
            fs::create_dir_all(&dir).map_err(|source| ImportError::Write {
                path: dir.clone(),
                source,
            })?;
            write_content_json(&self.opts.out.join(&file), &value)?;
            self.written.insert(file);
            self.report.authors.push(entry);
        }
        Ok(())
    }
}

/// `value` as indented JSON, for the file at `path`.
fn pretty_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<Vec<u8>, ImportError> {
    serde_json::to_vec_pretty(value).map_err(|source| ImportError::Serialise {
        path: path.to_path_buf(),
        source,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    fs::write(path, bytes).map_err(|source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a file of the content folder: indented JSON and a final newline.
/// Nothing is written when the value cannot be serialised.
fn write_content_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), ImportError> {
    let mut bytes = pretty_json(path, value)?;
    bytes.push(b'\n');
    write_file(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World! 2026"), "hello-world-2026");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify(&"a".repeat(300)).len(), MAX_SLUG_LEN);
        assert_eq!(percent_decode("caf%c3%a9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(shorten("one two three", 9), "one two…");
    }
}
