//! The interface's words as data: one list of keys, and the table of a
//! publication's language that `site.json` delivers as `ui`.
//!
//! Every reader-facing string the app shows (labels, accessible names,
//! live-region announcements, dates) is a [`Key`] or, when it carries a
//! count, a [`Plural`]. The keys' names live here only for the build and
//! the tests: the compiler reads a language's table (`strings/<lang>.json`,
//! overridden by `site.json` `strings`), checks it against this list, and
//! delivers the values as arrays in the keys' order, named placeholders
//! (`{headline}`) turned into positions (`{0}`). The app indexes those
//! arrays by key; it carries neither the names nor any plural rule: the
//! build computes each count's plural category from the language's rules
//! and delivers them as a string of digits.

use serde::{Deserialize, Serialize};

/// The plural categories, in the order a [`Plural`] key's forms are
/// delivered.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Counts below this have their own delivered plural category; a larger
/// count takes the category of `100 + n % 100` (see [`Ui::category`]).
pub const PLURAL_TABLE_LEN: u64 = 200;

macro_rules! keys {
    ($enum:ident, $list:ident, $doc:literal, $( $(#[$m:meta])* $variant:ident = $name:literal [$($ph:literal),*] ),* $(,)?) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u16)]
        pub enum $enum { $( $(#[$m])* $variant ),* }

        impl $enum {
            /// Every key, in delivery order.
            pub const ALL: &'static [$enum] = &[$($enum::$variant),*];
        }

        /// Every key's name in the tables and its placeholders, in
        /// delivery order (build time and tests only).
        pub const $list: &[(&str, &[&str])] = &[$(($name, &[$($ph),*])),*];
    };
}

keys!(Key, KEYS, "A plain interface string.",
    SkipToContent = "skip_to_content" [],
    PageTitle = "page_title" ["page", "site"],
    Search = "search" [],
    SearchStories = "search_stories" [],
    SearchGo = "search_go" [],
    SiteSearch = "site_search" [],
    SectionsNav = "sections_nav" [],
    Newsletters = "newsletters" [],
    Saved = "saved" [],
    FooterNav = "footer_nav" [],
    EditionFeed = "edition_feed" ["edition"],
    FooterNote = "footer_note" [],
    Edition = "edition" [],
    ThemeSystem = "theme_system" [],
    ThemeDark = "theme_dark" [],
    ThemeLight = "theme_light" [],
    Updated = "updated" [],
    EditionLabel = "edition_label" ["edition"],
    FrontHeading = "front_heading" ["site", "edition"],
    PagedTitle = "paged_title" ["name", "page"],
    EditionTitle = "edition_title" ["edition"],
    By = "by" [],
    ListAnd = "list_and" [],
    ListComma = "list_comma" [],
    SaveHeadline = "save_headline" ["headline"],
    Save = "save" [],
    SaveStory = "save_story" [],
    Live = "live" [],
    Share = "share" [],
    ShareEmail = "share_email" [],
    LinkCopied = "link_copied" [],
    CopyLink = "copy_link" ["link"],
    PlayVideo = "play_video" ["title", "provider"],
    RailScroll = "rail_scroll" [],
    Related = "related" [],
    MoreFrom = "more_from" ["section"],
    Sources = "sources" [],
    TopStories = "top_stories" [],
    KeyEvents = "key_events" [],
    LastUpdated = "last_updated" [],
    Updates = "updates" [],
    UpdatesPaused = "updates_paused" [],
    UpdatesPages = "updates_pages" [],
    NewerUpdates = "newer_updates" [],
    OlderUpdates = "older_updates" [],
    Pinned = "pinned" [],
    Subscribe = "subscribe" [],
    ErrorTitle = "error_title" [],
    TryAgain = "try_again" [],
    ErrorNotFound = "error_not_found" [],
    ErrorServer = "error_server" [],
    ErrorHttp = "error_http" [],
    ErrorDecode = "error_decode" [],
    ErrorTimeout = "error_timeout" [],
    ErrorNetwork = "error_network" [],
    OfflineTitle = "offline_title" [],
    OfflineText = "offline_text" [],
    SavedStories = "saved_stories" [],
    RecentlyRead = "recently_read" [],
    OfflineSavedEmpty = "offline_saved_empty" [],
    OfflineRecentEmpty = "offline_recent_empty" [],
    SavedDescription = "saved_description" [],
    SavedText = "saved_text" [],
    YourSaved = "your_saved" [],
    SavedEmpty = "saved_empty" [],
    SearchDescription = "search_description" [],
    SearchWords = "search_words" [],
    SearchForm = "search_form" [],
    Section = "section" [],
    AllSections = "all_sections" [],
    AllEditions = "all_editions" [],
    SearchNoScript = "search_no_script" [],
    SearchPrompt = "search_prompt" [],
    Searching = "searching" [],
    SearchFailed = "search_failed" [],
    NoResults = "no_results" ["query"],
    NewslettersDescription = "newsletters_description" [],
    NewslettersIntro = "newsletters_intro" [],
    LoadingStories = "loading_stories" [],
    LoadingFront = "loading_front" [],
    LoadingStory = "loading_story" [],
    PagesNav = "pages_nav" [],
    NewerStories = "newer_stories" [],
    OlderStories = "older_stories" [],
    PageOf = "page_of" ["page", "pages"],
    NotFoundTitle = "not_found_title" [],
    NotFoundText = "not_found_text" [],
    GoToFront = "go_to_front" [],
    SignupAll = "signup_all" [],
    SignupOne = "signup_one" [],
    EmailLabel = "email_label" [],
    ConsentLabel = "consent_label" [],
    TrapLabel = "trap_label" [],
    SignUp = "sign_up" [],
    SigningUp = "signing_up" [],
    SigningYouUp = "signing_you_up" [],
    SignupPending = "signup_pending" [],
    SignupDone = "signup_done" [],
    SignupAlready = "signup_already" [],
    SignupOffline = "signup_offline" [],
    SignupFailed = "signup_failed" [],
    ConsentMissing = "consent_missing" [],
    ListsMissing = "lists_missing" [],
    EmailRefused = "email_refused" [],
    ListGone = "list_gone" [],
    EmailEmpty = "email_empty" [],
    EmailTooLong = "email_too_long" [],
    EmailMissingAt = "email_missing_at" [],
    EmailBadLocal = "email_bad_local" [],
    EmailBadDomain = "email_bad_domain" [],
    Topics = "topics" [],
    Translations = "translations" [],
    StoriesBy = "stories_by" ["name"],
    StoriesAbout = "stories_about" ["name"],
    JustNow = "just_now" [],
    Yesterday = "yesterday" [],
    DateMonthFirst = "date_month_first" ["month", "day", "year"],
    DateDayFirst = "date_day_first" ["day", "month", "year"],
    DateTime12 = "date_time_12" ["date", "hour", "minute", "half"],
    DateTime24 = "date_time_24" ["date", "hour", "minute"],
    Am = "am" [],
    Pm = "pm" [],
    Month1 = "month_1" [],
    Month2 = "month_2" [],
    Month3 = "month_3" [],
    Month4 = "month_4" [],
    Month5 = "month_5" [],
    Month6 = "month_6" [],
    Month7 = "month_7" [],
    Month8 = "month_8" [],
    Month9 = "month_9" [],
    Month10 = "month_10" [],
    Month11 = "month_11" [],
    Month12 = "month_12" [],
);

keys!(Plural, PLURAL_KEYS, "An interface string with a count `{n}` (its first placeholder), in the forms of the language's plural categories.",
    MinRead = "min_read" ["n"],
    MinutesAgo = "minutes_ago" ["n"],
    HoursAgo = "hours_ago" ["n"],
    NewUpdates = "new_updates" ["n"],
    RetryIn = "retry_in" ["n"],
    ResultsFound = "results_found" ["n", "query"],
);

keys!(EndpointKey, ENDPOINT_KEYS, "A string of the reference sign-up endpoint's own pages and mails (`standfirst-server`), delivered apart from the app's in [`ENDPOINT_JSON`].",
    AnswerPendingTitle = "answer_pending_title" [],
    AnswerPendingText = "answer_pending_text" [],
    AnswerPendingSpam = "answer_pending_spam" [],
    AnswerSubscribedTitle = "answer_subscribed_title" [],
    AnswerSubscribedText = "answer_subscribed_text" [],
    AnswerAlreadyTitle = "answer_already_title" [],
    AnswerAlreadyText = "answer_already_text" [],
    AnswerInvalidEmailTitle = "answer_invalid_email_title" [],
    AnswerInvalidEmailText = "answer_invalid_email_text" [],
    AnswerNoListTitle = "answer_no_list_title" [],
    AnswerNoListText = "answer_no_list_text" [],
    AnswerConsentTitle = "answer_consent_title" [],
    AnswerConsentText = "answer_consent_text" [],
    AnswerForeignTitle = "answer_foreign_title" [],
    AnswerForeignText = "answer_foreign_text" [],
    AnswerTooLargeTitle = "answer_too_large_title" [],
    AnswerTooLargeText = "answer_too_large_text" [],
    AnswerUnreadableTitle = "answer_unreadable_title" [],
    AnswerUnreadableText = "answer_unreadable_text" [],
    AnswerFailedText = "answer_failed_text" [],
    AnswerBack = "answer_back" [],
    AnswerFront = "answer_front" [],
    TooManyAttempts = "too_many_attempts" [],
    SomethingWentWrong = "something_went_wrong" [],
    LinkGoToSite = "link_go_to_site" ["site"],
    LinkRetryLater = "link_retry_later" [],
    LinkNotRecognised = "link_not_recognised" [],
    ConfirmSubscription = "confirm_subscription" [],
    ConfirmPress = "confirm_press" [],
    ConfirmButton = "confirm_button" [],
    ConfirmDoneTitle = "confirm_done_title" [],
    ConfirmDoneText = "confirm_done_text" [],
    ConfirmExpiredTitle = "confirm_expired_title" [],
    ConfirmExpiredText = "confirm_expired_text" [],
    ConfirmUnknownText = "confirm_unknown_text" [],
    Unsubscribe = "unsubscribe" [],
    UnsubscribePress = "unsubscribe_press" [],
    UnsubscribeDoneTitle = "unsubscribe_done_title" [],
    UnsubscribeDoneText = "unsubscribe_done_text" [],
    UnsubscribeUnknownText = "unsubscribe_unknown_text" [],
    MailHello = "mail_hello" [],
    MailConfirmSubject = "mail_confirm_subject" ["site"],
    MailConfirmAsked = "mail_confirm_asked" ["lists", "site"],
    MailAlreadySubject = "mail_already_subject" ["site"],
    MailAlreadyAsked = "mail_already_asked" ["site", "lists"],
    MailAlreadyIgnore = "mail_already_ignore" [],
    MailStopText = "mail_stop_text" ["site", "link"],
    MailStopHtml = "mail_stop_html" ["link", "site"],
    MailListAnd = "mail_list_and" [],
    MailListComma = "mail_list_comma" [],
);

keys!(EndpointPlural, ENDPOINT_PLURAL_KEYS, "A string of the sign-up endpoint's pages and mails with a count `{n}` (its first placeholder), in the forms of the language's plural categories.",
    AnswerWait = "answer_wait" ["n"],
    LinkWait = "link_wait" ["n"],
    MailConfirmHow = "mail_confirm_how" ["n", "button"],
);

/// Where the build writes the sign-up endpoint's strings, relative to the
/// built site: apart from `site.json`, which every page embeds.
pub const ENDPOINT_JSON: &str = "api/v1/endpoint.json";

/// A language's interface as `site.json` delivers it (`ui`), made by the
/// build from the language's table and the site's overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ui {
    /// `ltr` or `rtl`.
    #[serde(default)]
    pub dir: String,
    /// The language's ten digits, zero first; empty for ASCII digits.
    #[serde(default)]
    pub digits: String,
    /// The plural category of each count below 200, one digit per count:
    /// an index into [`CATEGORIES`].
    #[serde(default)]
    pub plural: String,
    /// The [`Key`]s' strings in order, placeholders as `{0}`, `{1}`….
    #[serde(default)]
    pub text: Vec<String>,
    /// The [`Plural`] keys' six forms each, in [`CATEGORIES`] order.
    #[serde(default)]
    pub plurals: Vec<Vec<String>>,
}

impl Ui {
    /// The string of `key` ("" if the table lacks it).
    pub fn get(&self, key: Key) -> &str {
        self.text_at(key as usize)
    }

    /// The `i`th plain string ("" if the table lacks it).
    fn text_at(&self, i: usize) -> &str {
        self.text.get(i).map_or("", String::as_str)
    }

    /// The string of `key` with its placeholders filled, in order.
    pub fn fill(&self, key: Key, args: &[&str]) -> String {
        fill(self.get(key), args)
    }

    /// `n` written in the language's digits.
    pub fn num(&self, n: u64) -> String {
        let ascii = n.to_string();
        let digits: Vec<char> = self.digits.chars().collect();
        if digits.len() != 10 {
            return ascii;
        }
        ascii
            .bytes()
            .map(|b| digits[usize::from(b - b'0')])
            .collect()
    }

    /// `n` as two digits at least ("09"), in the language's digits.
    pub fn num2(&self, n: u64) -> String {
        let s = self.num(n);
        if n < 10 {
            [&self.num(0), s.as_str()].concat()
        } else {
            s
        }
    }

    /// The index in [`CATEGORIES`] of `n`'s plural category.
    pub fn category(&self, n: u64) -> usize {
        let i = if n < PLURAL_TABLE_LEN {
            n
        } else {
            100 + n % 100
        };
        self.plural
            .as_bytes()
            .get(i as usize)
            .map_or(5, |b| usize::from(b.wrapping_sub(b'0')).min(5))
    }

    /// The form of `key` for the count `n`, with `{0}` the count (in the
    /// language's digits) and `args` after it.
    pub fn plural(&self, key: Plural, n: u64, args: &[&str]) -> String {
        self.plural_at(key as usize, n, args)
    }

    /// [`Ui::plural`] of the `i`th plural string.
    fn plural_at(&self, i: usize, n: u64, args: &[&str]) -> String {
        let form = self
            .plurals
            .get(i)
            .and_then(|forms| forms.get(self.category(n)))
            .map_or("", String::as_str);
        let count = self.num(n);
        let mut all = vec![count.as_str()];
        all.extend_from_slice(args);
        fill(form, &all)
    }
}

/// The sign-up endpoint's strings as the build delivers them in
/// [`ENDPOINT_JSON`]: the publication's locale and, in [`Ui`]'s shape, its
/// direction, digits, plural categories and the [`EndpointKey`]s' and
/// [`EndpointPlural`]s' strings in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EndpointUi {
    /// The publication's language (BCP 47), for `lang` and
    /// `Content-Language`.
    #[serde(default)]
    pub locale: String,
    #[serde(flatten)]
    pub ui: Ui,
}

impl EndpointUi {
    /// The string of `key` ("" if the table lacks it).
    pub fn get(&self, key: EndpointKey) -> &str {
        self.ui.text_at(key as usize)
    }

    /// The string of `key` with its placeholders filled, in order.
    pub fn fill(&self, key: EndpointKey, args: &[&str]) -> String {
        fill(self.get(key), args)
    }

    /// The form of `key` for the count `n`, with `{0}` the count (in the
    /// language's digits) and `args` after it.
    pub fn plural(&self, key: EndpointPlural, n: u64, args: &[&str]) -> String {
        self.ui.plural_at(key as usize, n, args)
    }

    /// Whether it has a string for every key of both lists (a file made
    /// by another version of the build may not).
    pub fn is_complete(&self) -> bool {
        self.ui.text.len() == ENDPOINT_KEYS.len()
            && self.ui.plurals.len() == ENDPOINT_PLURAL_KEYS.len()
            && self.ui.plurals.iter().all(|f| f.len() == CATEGORIES.len())
    }
}

/// `template` with `{0}`…`{9}` replaced by `args` (a missing argument
/// leaves the placeholder empty).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes();
        if b.len() > i + 2 && b[i + 1].is_ascii_digit() && b[i + 2] == b'}' {
            if let Some(a) = args.get(usize::from(b[i + 1] - b'0')) {
                out.push_str(a);
            }
            rest = &rest[i + 3..];
        } else {
            out.push('{');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The writing direction of a BCP 47 locale: `rtl` for the languages and
/// scripts written right to left, else `ltr`.
pub fn direction(locale: &str) -> &'static str {
    const RTL_LANGUAGES: [&str; 13] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
    ];
    const RTL_SCRIPTS: [&str; 8] = [
        "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand",
    ];
    const LTR_SCRIPTS: [&str; 3] = ["latn", "cyrl", "deva"];
    let lower = locale.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let lang = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()));
    match script {
        Some(s) if RTL_SCRIPTS.contains(&s) => "rtl",
        Some(s) if LTR_SCRIPTS.contains(&s) => "ltr",
        _ if RTL_LANGUAGES.contains(&lang) => "rtl",
        _ => "ltr",
    }
}

/// The language subtag of a BCP 47 locale, lower-cased (`ar` of `ar-EG`).
pub fn language(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The name of a locale's language in that language (its autonym), for
/// the common languages; the tag itself for the others. The build writes
/// it into the delivery (a story's translations), so the app carries no
/// table.
pub fn autonym(locale: &str) -> String {
    const NAMES: [(&str, &str); 13] = [
        ("en", "English"),
        ("ar", "العربية"),
        ("fr", "Français"),
        ("es", "Español"),
        ("de", "Deutsch"),
        ("fa", "فارسی"),
        ("ur", "اردو"),
        ("he", "עברית"),
        ("tr", "Türkçe"),
        ("zh", "中文"),
        ("hi", "हिन्दी"),
        ("ru", "Русский"),
        ("pt", "Português"),
    ];
    let lang = language(locale);
    NAMES
        .iter()
        .find(|(tag, _)| *tag == lang)
        .map_or_else(|| locale.to_string(), |(_, name)| name.to_string())
}

/// A BCP 47 tag as `hreflang` and `lang` want it: subtags joined by
/// hyphens (`en_GB` is written `en-GB`).
pub fn hyphenated(locale: &str) -> String {
    locale.replace('_', "-")
}

/// `text` with each `{name}` of `names` turned into its position
/// (`{0}`, `{1}`, …), as the tables are delivered.
pub fn positional(text: &str, names: &[&str]) -> String {
    names
        .iter()
        .enumerate()
        .fold(text.to_string(), |t, (i, n)| {
            t.replace(
                &["{", n, "}"].concat(),
                &["{", &i.to_string(), "}"].concat(),
            )
        })
}

/// The shipped English table's `keys` and `plural_keys` as delivered:
/// placeholders turned into positions, plurals by the English rule (a
/// key the table lacks is empty). What the sign-up endpoint speaks when
/// the build gave it nothing, and the model's own tests' interface.
pub fn english(keys: &[(&str, &[&str])], plural_keys: &[(&str, &[&str])]) -> Ui {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../../strings/en.json")).unwrap_or_default();
    let strings = &table["strings"];
    Ui {
        dir: "ltr".into(),
        digits: String::new(),
        plural: (0..PLURAL_TABLE_LEN)
            .map(|n| if n == 1 { '1' } else { '5' })
            .collect(),
        text: keys
            .iter()
            .map(|(k, ph)| positional(strings[k].as_str().unwrap_or_default(), ph))
            .collect(),
        plurals: plural_keys
            .iter()
            .map(|(k, ph)| {
                CATEGORIES
                    .iter()
                    .map(|c| {
                        let form = strings[k][c].as_str().or(strings[k]["other"].as_str());
                        positional(form.unwrap_or_default(), ph)
                    })
                    .collect()
            })
            .collect(),
    }
}

/// The app's English interface, for the model's own tests.
#[cfg(test)]
pub(crate) fn english_for_tests() -> Ui {
    english(KEYS, PLURAL_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_are_unique_and_snake_case() {
        let mut names: Vec<&str> = KEYS
            .iter()
            .chain(PLURAL_KEYS)
            .chain(ENDPOINT_KEYS)
            .chain(ENDPOINT_PLURAL_KEYS)
            .map(|(name, _)| *name)
            .collect();
        assert!(names.iter().all(|n| n
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a key name is given twice");
        assert_eq!(Key::ALL.len(), KEYS.len());
        assert_eq!(Plural::ALL.len(), PLURAL_KEYS.len());
        assert_eq!(EndpointKey::ALL.len(), ENDPOINT_KEYS.len());
        assert_eq!(EndpointPlural::ALL.len(), ENDPOINT_PLURAL_KEYS.len());
        assert!(PLURAL_KEYS
            .iter()
            .chain(ENDPOINT_PLURAL_KEYS)
            .all(|(_, ph)| ph.first() == Some(&"n")));
    }

    #[test]
    fn fills_positions_and_leaves_other_braces() {
        assert_eq!(fill("Page {0} of {1}", &["2", "9"]), "Page 2 of 9");
        assert_eq!(fill("{1}{0}", &["a", "b"]), "ba");
        assert_eq!(fill("a {x} {0", &["z"]), "a {x} {0");
        assert_eq!(fill("gap {3}.", &["z"]), "gap .");
        assert_eq!(fill("عدد {0}", &["٣"]), "عدد ٣");
    }

    fn ui(plural: &str, digits: &str) -> Ui {
        Ui {
            dir: "rtl".into(),
            digits: digits.into(),
            plural: plural.into(),
            text: vec![],
            plurals: vec![vec![
                "zero {0}".into(),
                "one {0}".into(),
                "two {0}".into(),
                "few {0}".into(),
                "many {0}".into(),
                "other {0}".into(),
            ]],
        }
    }

    #[test]
    fn plural_forms_follow_the_delivered_categories_and_digits() {
        // Categories by hand for counts 0..200: 0 zero, 1 one, 2 two,
        // 3..10 few, else other, and 103..110 few again.
        let cats: String = (0..200u64)
            .map(|n| match n {
                0 => '0',
                1 => '1',
                2 => '2',
                3..=10 | 103..=110 => '3',
                _ => '5',
            })
            .collect();
        let u = ui(&cats, "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(u.plural(Plural::MinRead, 0, &[]), "zero ٠");
        assert_eq!(u.plural(Plural::MinRead, 2, &[]), "two ٢");
        assert_eq!(u.plural(Plural::MinRead, 7, &[]), "few ٧");
        assert_eq!(u.plural(Plural::MinRead, 1203, &[]), "few ١٢٠٣");
        assert_eq!(u.plural(Plural::MinRead, 1250, &[]), "other ١٢٥٠");
        assert_eq!(u.num2(7), "٠٧");
        let ascii = ui(&cats, "");
        assert_eq!(ascii.num(2026), "2026");
        // A table with no categories (an old backend) falls back to other.
        assert_eq!(ui("", "").plural(Plural::MinRead, 1, &[]), "other 1");
    }

    #[test]
    fn the_endpoints_strings_read_in_ui_shape_beside_the_locale() {
        let text: Vec<String> = ENDPOINT_KEYS.iter().map(|(k, _)| k.to_string()).collect();
        let forms = vec!["z {0}", "o {0}", "t {0}", "f {0}", "m {0}", "x {0} {1}"];
        let json = serde_json::json!({
            "locale": "ar",
            "dir": "rtl",
            "digits": "٠١٢٣٤٥٦٧٨٩",
            "plural": "012",
            "text": text,
            "plurals": vec![forms; ENDPOINT_PLURAL_KEYS.len()],
        });
        let e: EndpointUi = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(e.locale, "ar");
        assert_eq!(e.ui.dir, "rtl");
        assert!(e.is_complete());
        assert_eq!(e.get(EndpointKey::MailHello), "mail_hello");
        assert_eq!(e.plural(EndpointPlural::LinkWait, 2, &[]), "t ٢");
        assert_eq!(e.plural(EndpointPlural::MailConfirmHow, 7, &["b"]), "x ٧ b");
        assert_eq!(serde_json::to_value(&e).unwrap(), json);
        let short: EndpointUi = serde_json::from_str(r#"{"locale":"en","text":["a"]}"#).unwrap();
        assert!(!short.is_complete());
        assert_eq!(short.get(EndpointKey::MailListAnd), "");
    }

    #[test]
    fn directions_of_locales() {
        for rtl in [
            "ar",
            "ar-EG",
            "fa-IR",
            "he",
            "ur-PK",
            "ps",
            "az-Arab",
            "pa-Arab-PK",
        ] {
            assert_eq!(direction(rtl), "rtl", "{rtl}");
        }
        for ltr in ["en", "en-GB", "fr", "az-Latn", "ku", "", "ar-Latn"] {
            assert_eq!(direction(ltr), "ltr", "{ltr}");
        }
        assert_eq!(language("ar-EG"), "ar");
        assert_eq!(language("EN_gb"), "en");
    }

    #[test]
    fn autonyms_of_common_languages_else_the_tag() {
        assert_eq!(autonym("ar"), "العربية");
        assert_eq!(autonym("en-GB"), "English");
        assert_eq!(autonym("PT_br"), "Português");
        assert_eq!(autonym("zh-Hant"), "中文");
        assert_eq!(autonym("sw"), "sw");
        assert_eq!(autonym("yue-HK"), "yue-HK");
        assert_eq!(hyphenated("en_GB"), "en-GB");
    }
}
