//! The importers' side of the block contract: the text the import report
//! checks for kept words covers every kind in the model's list that carries
//! reader-facing words, and nothing is read from the kinds that carry none.

use standfirst_content::authoring::AuthoringBlock;
use standfirst_import::block_text;
use standfirst_model::BlockKind;

#[test]
fn every_kind_s_words_reach_the_import_report() {
    for &kind in BlockKind::ALL {
        let block = AuthoringBlock::example(kind);
        let text = block_text(std::slice::from_ref(&block));
        let json = serde_json::to_value(&block).unwrap();
        // The words an example block carries for a reader, by field.
        let fields: &[&str] = match kind {
            BlockKind::Paragraph | BlockKind::Heading => &["content"],
            BlockKind::Quote => &["content", "cite"],
            BlockKind::Pullquote => &["text"],
            BlockKind::List => &["items"],
            BlockKind::Image => &["caption"],
            BlockKind::Video => &["title"],
            BlockKind::Newsletter | BlockKind::Subscribe | BlockKind::Divider => &[],
        };
        for field in fields {
            let words: Vec<String> = match &json[field] {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().unwrap().to_string())
                    .collect(),
                v => vec![v.as_str().unwrap().to_string()],
            };
            for word in words.iter().flat_map(|w| w.split_whitespace()) {
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                assert!(
                    text.contains(bare),
                    "{kind:?}: {bare:?} of {field} in {text:?}"
                );
            }
        }
        if fields.is_empty() {
            assert!(text.trim().is_empty(), "{kind:?} has no words: {text:?}");
        }
    }
}
