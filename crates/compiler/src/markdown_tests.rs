use super::*;

fn span(text: &str, strong: bool, em: bool, href: Option<&str>) -> Span {
    Span {
        text: text.into(),
        strong,
        em,
        href: href.map(Into::into),
    }
}
fn plain(text: &str) -> Span {
    Span::plain(text)
}

#[test]
fn honours_emphasis_strong_and_links() {
    assert_eq!(
        spans("The council voted **7 to 4**, as the [Ledger](https://example.com/l) *first* said."),
        vec![
            plain("The council voted "),
            span("7 to 4", true, false, None),
            plain(", as the "),
            span("Ledger", false, false, Some("https://example.com/l")),
            plain(" "),
            span("first", false, true, None),
            plain(" said."),
        ]
    );
}

#[test]
fn nests_styles_inside_links_and_each_other() {
    assert_eq!(
        spans("[a *b*](/x \"title\") ***c***"),
        vec![
            span("a ", false, false, Some("/x")),
            span("b", false, true, Some("/x")),
            plain(" "),
            span("c", true, true, None),
        ]
    );
}

#[test]
fn everything_else_stays_literal() {
    for src in [
        "# Not a heading",
        "- not a list",
        "1986. A year",
        "`code` and <b>html</b>",
        "![image](/media/x.jpg)",
        "<https://example.com>",
        "AT&amp;T &copy;",
        "> not a quote",
        "    indented",
        "[ref]: /somewhere",
        "---",
        "a  \nhard break",
        "tab\there",
        "  leading and trailing  ",
        "_underscores_ and __double__ and snake_case_name",
    ] {
        assert_eq!(spans(src), vec![plain(src)], "{src:?}");
    }
}

#[test]
fn block_markers_are_literal_but_inline_styles_inside_still_apply() {
    assert_eq!(
        spans("# Big *news*"),
        vec![plain("# Big "), span("news", false, true, None)]
    );
    assert_eq!(
        spans("1. **one**"),
        vec![plain("1. "), span("one", true, false, None)]
    );
}

#[test]
fn reference_links_stay_literal() {
    assert_eq!(spans("[a]\n\n[a]: /x"), vec![plain("[a]\n\n[a]: /x")]);
    assert!(parse_inline("[a]\n\n[a]: /x").links.is_empty());
}

#[test]
fn backslash_escapes_work() {
    assert_eq!(
        spans(r"\*not em\* \[x\](y) a\\b"),
        vec![plain(r"*not em* [x](y) a\b")]
    );
    assert_eq!(spans(r"5 \* 3 \a"), vec![plain(r"5 * 3 \a")]);
    assert_eq!(spans(r"*a\*b*"), vec![span("a*b", false, true, None)]);
}

#[test]
fn adjacent_identical_spans_merge() {
    let s = spans("a *b**c*");
    assert!(s
        .windows(2)
        .all(|w| w[0].strong != w[1].strong || w[0].em != w[1].em || w[0].href != w[1].href));
    assert_eq!(spans("x &amp; y"), vec![plain("x &amp; y")]);
}

#[test]
fn collects_link_destinations_even_without_label() {
    let parsed = parse_inline("[](javascript:alert(1)) and [ok](/a)");
    assert_eq!(parsed.links, vec!["javascript:alert(1)", "/a"]);
    assert_eq!(parsed.spans[0], plain(" and "));
}

#[test]
fn unclosed_delimiters_are_text() {
    assert_eq!(spans("2 * 3 ** 4 [x"), vec![plain("2 * 3 ** 4 [x")]);
    assert_eq!(spans(""), Vec::<Span>::new());
}

#[test]
fn counts_words_across_spans() {
    assert_eq!(word_count(&spans("one **two** three*four*")), 3);
}

#[test]
fn link_destinations_are_decoded_before_they_are_checked() {
    assert_eq!(
        parse_inline("[x](&#106;avascript:alert(1))").links,
        ["javascript:alert(1)"]
    );
    assert_eq!(
        parse_inline("[x](<java\tscript:1>)").links,
        ["java\tscript:1"]
    );
}

#[test]
fn underscore_emphasis_is_literal_but_star_inside_still_counts() {
    assert_eq!(
        spans("_a *b*_ *_c_*"),
        vec![
            plain("_a "),
            span("b", false, true, None),
            plain("_ "),
            span("_c_", false, true, None),
        ]
    );
}
