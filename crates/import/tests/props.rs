//! Property: any sequence of supported blocks, written as a WordPress block
//! editor post in a WXR export, imports and builds with its text intact and
//! its blocks in order.

use proptest::prelude::*;
use serde_json::Value;
use standfirst_content::build::build;
use standfirst_import::{wordpress, Options};
use standfirst_model::spans_text;

/// A word, including characters that mean something in Markdown or HTML.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,8}",
        Just("*star*".to_string()),
        Just("[x](y)".to_string()),
        Just("a_b_".to_string()),
        Just("back\\slash".to_string()),
        Just("R&D".to_string()),
        Just("1<2".to_string()),
        Just("`tick`".to_string()),
        Just("café".to_string()),
    ]
}

/// Inline text: words, some emphasised, strong or linked.
#[derive(Debug, Clone)]
struct Text(Vec<(String, u8)>);

fn text() -> impl Strategy<Value = Text> {
    prop::collection::vec((word(), 0u8..5), 1..8).prop_map(Text)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Text {
    fn html(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(w, style)| match style {
                1 => format!("<em>{}</em>", esc(w)),
                2 => format!("<strong>{}</strong>", esc(w)),
                3 => format!("<a href=\"https://example.org/{}\">{}</a>", w.len(), esc(w)),
                _ => esc(w),
            })
            .collect();
        parts.join(" ")
    }
    fn plain(&self) -> String {
        let words: Vec<&str> = self.0.iter().map(|(w, _)| w.as_str()).collect();
        words.join(" ")
    }
}

#[derive(Debug, Clone)]
enum B {
    Paragraph(Text),
    Heading(u8, Text),
    Quote(Text, Text),
    List(bool, Vec<Text>),
    Separator,
    Image(u32, u32, Text),
}

fn block() -> impl Strategy<Value = B> {
    prop_oneof![
        text().prop_map(B::Paragraph),
        (2u8..5, text()).prop_map(|(l, t)| B::Heading(l, t)),
        (text(), text()).prop_map(|(t, c)| B::Quote(t, c)),
        (any::<bool>(), prop::collection::vec(text(), 1..4)).prop_map(|(o, i)| B::List(o, i)),
        Just(B::Separator),
        (1u32..4000, 1u32..4000, text()).prop_map(|(w, h, c)| B::Image(w, h, c)),
    ]
}

/// The block editor's markup for a block.
fn markup(b: &B) -> String {
    match b {
        B::Paragraph(t) => format!("<!-- wp:paragraph -->\n<p>{}</p>\n<!-- /wp:paragraph -->", t.html()),
        B::Heading(l, t) => format!(
            "<!-- wp:heading {{\"level\":{l}}} -->\n<h{l} class=\"wp-block-heading\">{}</h{l}>\n<!-- /wp:heading -->",
            t.html()
        ),
        B::Quote(t, c) => format!(
            "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>{}</p>\n<!-- /wp:paragraph --><cite>{}</cite></blockquote>\n<!-- /wp:quote -->",
            t.html(),
            esc(&c.plain())
        ),
        B::List(ordered, items) => {
            let tag = if *ordered { "ol" } else { "ul" };
            let attrs = if *ordered { " {\"ordered\":true}" } else { "" };
            let lis: Vec<String> = items
                .iter()
                .map(|i| format!("<!-- wp:list-item -->\n<li>{}</li>\n<!-- /wp:list-item -->", i.html()))
                .collect();
            format!("<!-- wp:list{attrs} -->\n<{tag} class=\"wp-block-list\">{}</{tag}>\n<!-- /wp:list -->", lis.join("\n\n"))
        }
        B::Separator => "<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->".into(),
        B::Image(w, h, c) => format!(
            "<!-- wp:image {{\"width\":{w},\"height\":{h}}} -->\n<figure class=\"wp-block-image\"><img src=\"https://example.org/p.jpg\" alt=\"\"/><figcaption class=\"wp-element-caption\">{}</figcaption></figure>\n<!-- /wp:image -->",
            c.html()
        ),
    }
}

fn spans_of(v: &Value) -> String {
    let spans: Vec<standfirst_model::Span> = serde_json::from_value(v.clone()).unwrap();
    spans_text(&spans)
}

fn check(b: &B, d: &Value) -> Result<(), TestCaseError> {
    match b {
        B::Paragraph(t) => {
            prop_assert_eq!(&d["type"], "paragraph");
            prop_assert_eq!(spans_of(&d["content"]), t.plain());
        }
        B::Heading(l, t) => {
            prop_assert_eq!(&d["level"], *l as u64);
            prop_assert_eq!(spans_of(&d["content"]), t.plain());
        }
        B::Quote(t, c) => {
            prop_assert_eq!(spans_of(&d["content"]), t.plain());
            prop_assert_eq!(d["cite"].as_str().unwrap(), c.plain());
        }
        B::List(o, items) => {
            prop_assert_eq!(&d["ordered"], o);
            let got: Vec<String> = d["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(spans_of)
                .collect();
            let want: Vec<String> = items.iter().map(Text::plain).collect();
            prop_assert_eq!(got, want);
        }
        B::Separator => prop_assert_eq!(&d["type"], "divider"),
        B::Image(w, h, c) => {
            prop_assert_eq!(
                (&d["image"]["width"], &d["image"]["height"]),
                (&Value::from(*w), &Value::from(*h))
            );
            prop_assert_eq!(spans_of(&d["caption"]), c.plain());
        }
    }
    Ok(())
}

proptest! {
    // 24 cases for every `cargo test`; `PROPTEST_CASES=N` for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn supported_blocks_survive_import_and_build(blocks in prop::collection::vec(block(), 1..8)) {
        // A post needs text before its first block for a standfirst; the
        // first paragraph is always there.
        let body: Vec<String> = std::iter::once("<!-- wp:paragraph -->\n<p>Lead.</p>\n<!-- /wp:paragraph -->".to_string())
            .chain(blocks.iter().map(markup))
            .collect();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>P</title><link>https://p.example.org</link>\n<item><title>Prop post</title><dc:creator>a</dc:creator><content:encoded><![CDATA[{}]]></content:encoded><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt><wp:post_name>prop-post</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain=\"category\" nicename=\"news\">News</category></item>\n</channel></rss>\n",
            body.join("\n\n")
        );
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("export.xml");
        std::fs::write(&file, xml).unwrap();
        let content = tmp.path().join("content");
        let r = wordpress::import(&file, Options::new(&content)).unwrap();
        prop_assert_eq!(r.imported, 1, "{}", r.summary());
        build(&content, &tmp.path().join("site")).unwrap();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join("site/api/v1/articles/prop-post.json")).unwrap()).unwrap();
        let delivered = doc["body"].as_array().unwrap();
        prop_assert_eq!(delivered.len(), blocks.len() + 1);
        for (b, d) in blocks.iter().zip(&delivered[1..]) {
            check(b, d)?;
        }
    }
}
