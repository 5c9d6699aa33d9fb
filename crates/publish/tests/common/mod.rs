//! What the publish tests share: a stand-in for the app's build, and a
//! file-by-file comparison of two sites.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const SHELL: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>The Standfirst</title><base href="/" />
<link rel="stylesheet" href="/app-0a1b2c3d4e5f6a7b.css">
<link rel="preload" href="/app-1a2b3c4d5e6f7a8b_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/app-1a2b3c4d5e6f7a8b.js';
const wasm = await init({ module_or_path: '/app-1a2b3c4d5e6f7a8b_bg.wasm' });
</script>
<script>/* the shell's inline script */</script></head>
<body><div id="app"></div></body></html>"#;

/// A stand-in for trunk's output: the shell and the files it names.
pub fn app(dir: &Path) {
    fs::create_dir_all(dir.join("icons")).unwrap();
    fs::write(dir.join("index.html"), SHELL).unwrap();
    let script = "export default function init() {}\n".repeat(40);
    fs::write(dir.join("app-1a2b3c4d5e6f7a8b.js"), &script).unwrap();
    fs::write(dir.join("app-1a2b3c4d5e6f7a8b_bg.wasm"), vec![7u8; 2000]).unwrap();
    fs::write(
        dir.join("app-0a1b2c3d4e5f6a7b.css"),
        "body{margin:0}\n".repeat(60),
    )
    .unwrap();
    fs::write(dir.join("pwa.js"), "/* pwa */\n".repeat(80)).unwrap();
    fs::write(dir.join("icons/icon-192.png"), [1u8; 64]).unwrap();
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Asserts that two sites are the same files with the same bytes.
pub fn assert_same(incremental: &Path, full: &Path) {
    let a = snapshot(incremental);
    let b = snapshot(full);
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "only in the incremental site: {only_a:?}; only in the full build: {only_b:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "files that differ: {differ:?}");
}
