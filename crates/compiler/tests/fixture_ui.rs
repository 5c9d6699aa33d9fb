//! The app's browser tests read `tests/fixtures/site.json` as the API
//! delivers it, `ui` included: it must be the interface the build makes
//! for that site, so that a new key or a changed English string reaches
//! those tests. `STANDFIRST_BLESS=1 cargo test -p standfirst-compiler
//! --test fixture_ui` writes it again.

use standfirst_content::strings::build_ui;
use std::fs;

#[test]
fn the_app_fixture_site_carries_the_ui_the_build_makes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/site.json"
    );
    let text = fs::read_to_string(path).unwrap();
    let mut site: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ui = serde_json::to_value(build_ui("site.json", &site).unwrap()).unwrap();
    if std::env::var_os("STANDFIRST_BLESS").is_some() {
        site["ui"] = ui;
        let pretty = serde_json::to_string_pretty(&site).unwrap();
        fs::write(path, pretty + "\n").unwrap();
        return;
    }
    assert!(
        site["ui"] == ui,
        "tests/fixtures/site.json's ui is not what the build makes: run STANDFIRST_BLESS=1 cargo test -p standfirst-compiler --test fixture_ui"
    );
}
