//! The command line: help, exit codes, report lines.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_standfirst-content"))
}

/// A fixture of another crate of the workspace, by its path from `crates/`.
fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

#[test]
fn help_documents_every_command() {
    let out = cli().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "check", "schema", "bench-gen"] {
        assert!(help.contains(cmd), "{cmd} in {help}");
    }
    let build = cli().args(["build", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&build.stdout);
    assert!(text.contains("--content") && text.contains("--out") && text.contains("sitemap.xml"));
}

#[test]
fn check_reports_every_problem_as_file_path_reason_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::copy(
        fixture("compiler/tests/fixtures/site/site.json"),
        content.join("site.json"),
    )
    .unwrap();
    fs::write(content.join("articles/bad.json"), r#"{"slug": "bad", "body": [{"type": "paragraph", "content": "[x](javascript:alert(1))"}]}"#).unwrap();
    fs::write(content.join("articles/broken.json"), "{").unwrap();
    let out = cli()
        .arg("check")
        .arg("--content")
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let bad = content.join("articles/bad.json").display().to_string();
    assert!(err.contains(&format!("{bad}: body[0].content: link URL \"javascript:alert(1)\" is not allowed (https:, http:, mailto: or site-relative only)")), "{err}");
    assert!(
        err.contains(&format!("{bad}: headline: missing required field")),
        "{err}"
    );
    assert!(
        err.contains("broken.json: (root): invalid JSON: EOF while parsing"),
        "{err}"
    );
    assert!(err.lines().last().unwrap().ends_with("problem(s) found"));
}

#[test]
fn missing_content_folder_is_a_problem_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = cli()
        .args(["check", "--content"])
        .arg(tmp.path().join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.json: (root): cannot read the file"),
        "{err}"
    );
    assert!(
        err.contains("articles: (root): cannot read the articles folder"),
        "{err}"
    );
}

#[test]
fn bench_gen_output_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let gen = cli()
        .args(["bench-gen", "--count", "120", "--out"])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(gen.status.success());
    assert_eq!(fs::read_dir(archive.join("articles")).unwrap().count(), 120);
    let build = cli()
        .arg("build")
        .arg("--content")
        .arg(&archive)
        .arg("--out")
        .arg(tmp.path().join("site"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert_eq!(
        fs::read_dir(tmp.path().join("site/api/v1/articles"))
            .unwrap()
            .count(),
        120
    );
    // Seeded: the same seed gives the same archive.
    let again = tmp.path().join("again");
    cli()
        .args(["bench-gen", "--count", "120", "--out"])
        .arg(&again)
        .output()
        .unwrap();
    let name = fs::read_dir(archive.join("articles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    assert_eq!(
        fs::read(archive.join("articles").join(&name)).unwrap(),
        fs::read(again.join("articles").join(&name)).unwrap()
    );
}

#[test]
fn schema_writes_every_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = cli()
        .args(["schema", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    // Articles, authors, topics, site; and the four delivery shapes.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 8);
}

/// `import wordpress` of the harbour fixture into `content`, with its report
/// into `report`.
fn import_harbour(content: &Path, report: &Path) -> Output {
    cli()
        .args(["import", "wordpress"])
        .arg(fixture(
            "import/tests/fixtures/wordpress/harbour-gazette.xml",
        ))
        .arg("--out")
        .arg(content)
        .arg("--report")
        .arg(report)
        .output()
        .unwrap()
}

#[test]
fn the_cli_prints_a_summary_and_writes_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = import_harbour(&tmp.path().join("c"), &tmp.path().join("r.json"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("imported 4 post(s), skipped 3"), "{text}");
    let r: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(r["imported"], 4);
    assert_eq!(r["skipped_posts"].as_array().unwrap().len(), 3);
    let check = cli()
        .arg("check")
        .arg("--content")
        .arg(tmp.path().join("c"))
        .output()
        .unwrap();
    assert!(check.status.success());
}

#[test]
fn import_fails_with_the_path_when_the_report_cannot_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder where the report file should go.
    let report = tmp.path().join("r.json");
    fs::create_dir_all(&report).unwrap();
    let out = import_harbour(&tmp.path().join("c"), &report);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("error: {}: ", report.display())),
        "{err}"
    );
    assert!(report.is_dir());
}

#[test]
fn check_reports_an_embargoed_story_as_information() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let gen = cli()
        .args(["bench-gen", "--count", "3", "--out"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(gen.status.success());
    let story = fs::read_dir(content.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&story).unwrap()).unwrap();
    v["published"] = "2031-06-01T12:00:00Z".into();
    v.as_object_mut().unwrap().remove("updated");
    fs::write(&story, v.to_string()).unwrap();
    let out = cli()
        .arg("check")
        .arg("--content")
        .arg(&content)
        .env("STANDFIRST_NOW", "2030-01-01T00:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "info: {}: embargoed until 2031-06-01T12:00:00Z",
            story.display()
        )),
        "{text}"
    );
    let later = cli()
        .arg("check")
        .arg("--content")
        .arg(&content)
        .env("STANDFIRST_NOW", "2031-06-01T12:00:00Z")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&later.stdout).contains("embargoed"));
}

#[test]
fn check_reads_the_authors_pictures() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let gen = cli()
        .args(["bench-gen", "--count", "3", "--out"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(gen.status.success());
    fs::create_dir_all(content.join("authors")).unwrap();
    let file = content.join("authors/ines.json");
    fs::write(
        &file,
        r#"{"id": "ines", "name": "Ines", "image": {"src": "/media/ines.jpg", "alt": "Ines"}}"#,
    )
    .unwrap();
    let out = cli()
        .arg("check")
        .arg("--content")
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}: image.src: no such file", file.display())),
        "{err}"
    );
}
