//! `prepare`: precompressed variants and `_headers`.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn compresses_text_files_that_gain_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    let report = standfirst_server::prepare(dir.path()).unwrap();
    let first = snapshot(dir.path());
    let pages = PAGES.iter().map(|(file, _)| *file).chain(["404.html"]);
    for rel in [
        &JS[1..],
        &WASM[1..],
        &CSS[1..],
        "index.html",
        "api/v1/articles/one.json",
        "feeds/us.xml",
    ]
    .into_iter()
    .chain(pages)
    {
        let original = &first[rel];
        let br = &first[&format!("{rel}.br")];
        let gz = &first[&format!("{rel}.gz")];
        assert!(
            br.len() < original.len() && gz.len() < original.len(),
            "{rel}"
        );
        let mut unbr = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut unbr)
            .unwrap();
        assert_eq!(&unbr, original, "{rel}.br");
        let mut ungz = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut ungz)
            .unwrap();
        assert_eq!(&ungz, original, "{rel}.gz");
    }
    // Under 512 bytes, or not text: left alone.
    for rel in [
        "robots.txt",
        "sitemap.xml",
        "api/v1/site.json",
        "media/photo.jpg",
    ] {
        assert!(!first.contains_key(&format!("{rel}.br")), "{rel}");
        assert!(!first.contains_key(&format!("{rel}.gz")), "{rel}");
    }
    assert_eq!(report.brotli_written, 6 + PAGES.len() + 1);

    standfirst_server::prepare(dir.path()).unwrap();
    assert_eq!(snapshot(dir.path()), first, "a second run changes nothing");
}

#[test]
fn stale_variants_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    standfirst_server::prepare(dir.path()).unwrap();
    // The CSS shrinks below the threshold and the article goes away.
    std::fs::write(dir.path().join(&CSS[1..]), "a{}").unwrap();
    std::fs::remove_file(dir.path().join("api/v1/articles/one.json")).unwrap();
    standfirst_server::prepare(dir.path()).unwrap();
    let files = snapshot(dir.path());
    assert!(!files.contains_key(&format!("{}.br", &CSS[1..])));
    assert!(!files.contains_key("api/v1/articles/one.json.gz"));
    assert!(files.contains_key(&format!("{}.br", &JS[1..])));
}

#[test]
fn headers_file_matches_what_the_server_sends() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    standfirst_server::prepare(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
    let csp_line = text
        .lines()
        .find(|l| l.starts_with("  Content-Security-Policy: "))
        .unwrap();
    assert!(csp_line.contains(&sha256_source(LOADER)) && csp_line.contains(&sha256_source(THEME)));
    assert!(!csp_line.contains("unsafe-inline"));
    for rule in [
        format!("\n{JS}\n  Cache-Control: public, max-age=31536000, immutable\n"),
        format!("\n{WASM}\n  Cache-Control: public, max-age=31536000, immutable\n"),
        "\n/media/*\n  Cache-Control: public, max-age=86400\n".to_string(),
        "\n/index.html\n  Cache-Control: no-cache\n".to_string(),
    ] {
        assert!(text.contains(&rule), "{rule:?} in\n{text}");
    }
    assert!(!text.contains(".br\n") && !text.contains(".gz\n"));
    // Pages have no rule of their own (the host's default revalidates), and
    // a number in a page's name never makes it immutable.
    assert!(!text.contains(".html\n  Cache-Control: public"));
    assert!(!text.contains("/books/") && !text.contains("\n/uk"));
    assert!(csp_line.contains("; form-action 'self'"));

    // The same CSP as the server's.
    let data = tempfile::tempdir().unwrap();
    let config =
        standfirst_server::Config::new(dir.path().to_path_buf(), data.path().join("n.sqlite"));
    let app = standfirst_server::app(&config).unwrap();
    // A database inside the served directory is refused at start.
    for inside in ["n.sqlite", "data/n.sqlite", "./api/../n.sqlite"] {
        let config =
            standfirst_server::Config::new(dir.path().to_path_buf(), dir.path().join(inside));
        let Err(e) = standfirst_server::app(&config) else {
            panic!("{inside} was accepted")
        };
        assert!(e.to_string().contains("inside --dist"), "{e}");
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let served = rt.block_on(get(&app, "/"));
    assert_eq!(
        csp_line.trim_start_matches("  Content-Security-Policy: "),
        served.header("content-security-policy").unwrap()
    );
}

#[test]
fn an_absolute_endpoint_may_be_posted_to() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    std::fs::write(
        dir.path().join("api/v1/site.json"),
        r#"{"newsletter":{"endpoint":"https://Lists.example.net/subscribe?x=1","encoding":"form","lists":[{"id":"daily"}]}}"#,
    )
    .unwrap();
    standfirst_server::prepare(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
    let csp = text
        .lines()
        .find_map(|l| l.strip_prefix("  Content-Security-Policy: "))
        .unwrap();
    let directives: Vec<&str> = csp.split("; ").collect();
    assert!(
        directives.contains(&"form-action 'self' https://lists.example.net"),
        "{csp}"
    );
    assert!(
        directives.contains(&"connect-src 'self' https://lists.example.net"),
        "{csp}"
    );
}

#[test]
fn a_missing_dist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(standfirst_server::prepare(&dir.path().join("nope")).is_err());
}

#[cfg(unix)]
#[test]
fn links_are_skipped_and_get_no_compressed_copy() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET\n".repeat(300)).unwrap();
    std::fs::write(outside.path().join("page.html"), page_html("outside")).unwrap();
    symlink(&secret, dir.path().join("leak.txt")).unwrap();
    symlink(outside.path(), dir.path().join("private")).unwrap();
    // A copy an earlier `prepare` wrote for the link.
    std::fs::write(dir.path().join("leak.txt.gz"), b"old").unwrap();
    let report = standfirst_server::prepare(dir.path()).unwrap();
    assert_eq!(report.links_skipped, ["leak.txt", "private"]);
    let said = report.to_string();
    assert!(
        said.contains("skipped 2 symbolic link(s)") && said.contains("leak.txt, private"),
        "{said}"
    );
    let files = snapshot(dir.path());
    for copy in ["leak.txt.br", "leak.txt.gz", "private/page.html.br"] {
        assert!(!files.contains_key(copy), "{copy}");
    }
    assert!(!outside.path().join("page.html.br").exists());
    let headers = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
    assert!(!headers.contains("leak") && !headers.contains("private"));
}
