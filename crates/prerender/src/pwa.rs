//! The files that make the site an installable app that reads offline,
//! written at build time from `site.json` and the build's own shell:
//!
//! - `manifest.webmanifest`: name, short name, language and direction,
//!   start URL, display, colours and the 192 and 512 px icons
//!   (`assets/icons/`);
//! - `sw.js`: the service worker (`assets/sw.js`) with this build's
//!   version, the shell files to cache and the offline story limit.
//!
//! The version is a digest of the shell page (which names every hashed
//! file), the worker's own code and `site.json`: any change to what the
//! reader runs gives a new worker, which replaces the old shell.

use crate::error::PrerenderError;
use serde_json::json;
use standfirst_model::{paths, Site};
use std::path::Path;

const WORKER: &str = include_str!("../../../assets/sw.js");
/// The line of `assets/sw.js` the build replaces.
const BUILD_LINE: &str = r#"const BUILD = { version: "dev", shell: [], stories: 50 };"#;
/// The icons, relative to the site root.
pub const ICONS: [(&str, u32); 2] = [("icons/icon-192.png", 192), ("icons/icon-512.png", 512)];
/// Pages every reader gets offline, relative to the site root: the saved
/// list and the offline view (`assets/sw.js` answers a page it never
/// cached with the second).
pub fn offline_pages() -> [String; 2] {
    let offline = paths::saved_offline();
    [
        paths::SAVED.to_string(),
        offline.trim_start_matches('/').to_string(),
    ]
}

/// The web app manifest. URLs are relative to the manifest, which sits at
/// the site's root, so the same file works under a sub-path.
pub fn manifest(site: &Site) -> String {
    let app = &site.app;
    let short = if app.short_name.is_empty() {
        &site.name
    } else {
        &app.short_name
    };
    let icons: Vec<_> = ICONS
        .iter()
        .flat_map(|(src, size)| {
            ["any", "maskable"].map(|purpose| {
                json!({ "src": src, "sizes": format!("{size}x{size}"), "type": "image/png", "purpose": purpose })
            })
        })
        .collect();
    let lang = match site.locale.as_str() {
        "" => "en".to_string(),
        l => standfirst_model::strings::hyphenated(l),
    };
    let value = json!({
        "dir": standfirst_model::strings::direction(&lang),
        "lang": lang,
        "name": site.name,
        "short_name": short,
        "description": site.tagline,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": app.theme_color,
        "background_color": app.background_color,
        "icons": icons,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The service worker for this build. `shell_html` is trunk's
/// `index.html`; `exists` says whether a file (by site-relative path) was
/// built.
pub fn worker(
    site: &Site,
    shell_html: &str,
    site_json: &str,
    exists: impl Fn(&str) -> bool,
) -> Result<String, String> {
    if !WORKER.contains(BUILD_LINE) {
        return Err(format!(
            "assets/sw.js no longer has the line `{BUILD_LINE}`"
        ));
    }
    let mut shell: Vec<String> = standfirst_model::hashed_assets(shell_html, |n| exists(n))
        .into_iter()
        .map(|p| p.trim_start_matches('/').to_string())
        .collect();
    let fixed = ["pwa.js", "manifest.webmanifest"]
        .into_iter()
        .chain(ICONS.iter().map(|(src, _)| *src));
    shell.extend(fixed.map(str::to_string));
    shell.extend(offline_pages());
    let version = format!(
        "{:016x}",
        fnv1a([shell_html, WORKER, site_json].map(str::as_bytes))
    );
    let build = json!({
        "version": version,
        "shell": shell,
        "stories": site.app.offline_stories,
    });
    Ok(WORKER.replacen(BUILD_LINE, &format!("const BUILD = {build};"), 1))
}

/// Writes `manifest.webmanifest` and `sw.js` into `dist`.
pub fn write(dist: &Path, site: &Site, site_json: &str) -> Result<(), PrerenderError> {
    for (name, text) in files(dist, site, site_json)? {
        let path = dist.join(name);
        std::fs::write(&path, text).map_err(|e| PrerenderError::io(&path, e))?;
    }
    Ok(())
}

/// `sw.js` and `manifest.webmanifest` for the site in `dist` (which holds
/// trunk's shell as `index.html` and the app's files), by name.
pub fn files(
    dist: &Path,
    site: &Site,
    site_json: &str,
) -> Result<[(&'static str, String); 2], PrerenderError> {
    let index = dist.join("index.html");
    let shell_html = std::fs::read_to_string(&index).map_err(|e| PrerenderError::io(&index, e))?;
    shell_files(&shell_html, &index, dist, site, site_json)
}

/// As [`files`], with the shell given (`shell_file` names it in errors).
pub fn shell_files(
    shell_html: &str,
    shell_file: &Path,
    dist: &Path,
    site: &Site,
    site_json: &str,
) -> Result<[(&'static str, String); 2], PrerenderError> {
    let worker = worker(site, shell_html, site_json, |name| {
        dist.join(name).is_file()
    })
    .map_err(|reason| PrerenderError::Shell {
        path: shell_file.display().to_string(),
        reason,
    })?;
    Ok([("sw.js", worker), ("manifest.webmanifest", manifest(site))])
}

/// FNV-1a, 64-bit: a stable digest (the same on every machine and run).
fn fnv1a<const N: usize>(parts: [&[u8]; N]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        serde_json::from_str(include_str!("../tests/fixtures/site.json")).unwrap()
    }

    const SHELL: &str = r#"<link rel="stylesheet" href="/standfirst-0a1b2c3d4e5f6a7b.css"><script type="module">import init from '/standfirst-1a2b3c4d5e6f7a8b.js';</script>"#;

    #[test]
    fn the_manifest_has_what_installing_needs() {
        let m: serde_json::Value = serde_json::from_str(&manifest(&site())).unwrap();
        assert_eq!(m["name"], "The Standfirst");
        assert_eq!(m["start_url"], "./");
        assert_eq!(m["display"], "standalone");
        let sizes: Vec<_> = m["icons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["sizes"].clone())
            .collect();
        assert!(sizes.contains(&json!("192x192")) && sizes.contains(&json!("512x512")));
        assert!(m["theme_color"].as_str().unwrap().starts_with('#'));
        // No locale in site.json: English, left to right.
        assert_eq!(m["lang"], "en");
        assert_eq!(m["dir"], "ltr");
    }

    #[test]
    fn the_manifest_names_the_sites_language_and_direction() {
        let mut s = site();
        s.locale = "ar_EG".into();
        let m: serde_json::Value = serde_json::from_str(&manifest(&s)).unwrap();
        assert_eq!(m["lang"], "ar-EG");
        assert_eq!(m["dir"], "rtl");
        s.locale = "fr".into();
        let m: serde_json::Value = serde_json::from_str(&manifest(&s)).unwrap();
        assert_eq!(
            (m["lang"].as_str(), m["dir"].as_str()),
            (Some("fr"), Some("ltr"))
        );
    }

    #[test]
    fn the_worker_lists_the_shell_and_changes_with_it() {
        let all = |_: &str| true;
        let w = worker(&site(), SHELL, "{}", all).unwrap();
        assert!(!w.contains(BUILD_LINE));
        for file in [
            "standfirst-0a1b2c3d4e5f6a7b.css",
            "standfirst-1a2b3c4d5e6f7a8b.js",
            "standfirst-1a2b3c4d5e6f7a8b_bg.wasm",
            "saved/offline",
            "icons/icon-512.png",
        ] {
            assert!(w.contains(&format!("\"{file}\"")), "{file}");
        }
        assert!(w.contains("\"stories\":50"));
        let other = worker(&site(), &SHELL.replace("0a1b", "ffff"), "{}", all).unwrap();
        let version = |w: &str| w.split("\"version\":\"").nth(1).unwrap()[..16].to_string();
        assert_ne!(version(&w), version(&other));
        assert_eq!(
            version(&w),
            version(&worker(&site(), SHELL, "{}", all).unwrap())
        );
    }
}
