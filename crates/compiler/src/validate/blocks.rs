//! Body blocks, the hero, images and videos.

use super::rules::{check_markdown, check_not_blank, check_url};
use super::site::SiteIds;
use super::value::{as_obj, as_str, Obj};
use crate::diag::{index, Report};
use serde_json::Value;
use standfirst_model::{BlockKind, VideoProvider};

/// The `type` tags a body block may have: the model's one list.
pub const BLOCK_TYPES: &[&str] = BlockKind::NAMES;

/// The block's `type`, reported when missing or not a string.
fn block_type<'v>(r: &mut Report, o: Obj<'v, '_>) -> Option<&'v str> {
    o.str(r, "type", true)
}

pub fn check_block(r: &mut Report, v: &Value, path: &str, site: &SiteIds) {
    let Some(o) = as_obj(r, v, path) else {
        return;
    };
    let Some(tag) = block_type(r, o) else {
        return;
    };
    let Some(kind) = BlockKind::from_name(tag) else {
        r.add(
            &o.at("type"),
            format!(
                "unknown block type {tag:?} (expected one of {})",
                BLOCK_TYPES.join(", ")
            ),
        );
        return;
    };
    // No catch-all arm: a kind added to the model's list fails to compile
    // here until the validator checks it.
    match kind {
        BlockKind::Paragraph => markdown(r, o, "content", true, true),
        BlockKind::Heading => {
            o.int(r, "level", true, 2, 4);
            markdown(r, o, "content", true, true);
        }
        BlockKind::Quote => {
            markdown(r, o, "content", true, true);
            o.str(r, "cite", false);
            if let Some(url) = o.str(r, "cite_url", false) {
                check_url(r, &o.at("cite_url"), url);
            }
        }
        BlockKind::Pullquote => {
            if let Some(t) = o.str(r, "text", true) {
                check_not_blank(r, &o.at("text"), t);
            }
            o.str(r, "attribution", false);
        }
        BlockKind::List => {
            o.bool(r, "ordered", true);
            if let Some(items) = o.array(r, "items", true) {
                if items.is_empty() {
                    r.add(&o.at("items"), "a list needs at least one item");
                }
                for (i, item) in items.iter().enumerate() {
                    let p = index(&o.at("items"), i);
                    if let Some(src) = as_str(r, item, &p) {
                        check_markdown(r, &p, src);
                    }
                }
            }
        }
        BlockKind::Image => image_block(r, o),
        BlockKind::Video => video(r, o),
        BlockKind::Newsletter => {
            if let Some(list) = o.str(r, "list", true) {
                if site.known && !site.lists.contains(list) {
                    r.add(
                        &o.at("list"),
                        format!("no newsletter list has the id {list:?} in site.json"),
                    );
                }
            }
        }
        BlockKind::Subscribe | BlockKind::Divider => {}
    }
}

/// The hero: an image or a video block.
pub fn check_hero(r: &mut Report, v: &Value, path: &str) {
    let Some(o) = as_obj(r, v, path) else {
        return;
    };
    match block_type(r, o) {
        Some("image") => image_block(r, o),
        Some("video") => video(r, o),
        Some(other) => r.add(
            &o.at("type"),
            format!("the hero must be an \"image\" or \"video\" block, not {other:?}"),
        ),
        None => {}
    }
}

fn markdown(r: &mut Report, o: Obj, field: &str, required: bool, non_blank: bool) {
    if let Some(src) = o.str(r, field, required) {
        let p = o.at(field);
        if !non_blank || check_not_blank(r, &p, src) {
            check_markdown(r, &p, src);
        }
    }
}

fn image_block(r: &mut Report, o: Obj) {
    if let Some(img) = o.object(r, "image", true) {
        image(r, img, &o.at("image"));
    }
    markdown(r, o, "caption", false, false);
    o.str(r, "credit", false);
}

/// An `Image`: URL, alt text, optional intrinsic size and srcset.
pub fn image(r: &mut Report, v: &Value, path: &str) {
    let Some(o) = as_obj(r, v, path) else {
        return;
    };
    if let Some(src) = o.str(r, "src", true) {
        check_url(r, &o.at("src"), src);
    }
    o.str(r, "alt", true);
    // Read from the file when it is one the build makes (checked against
    // it then, see `crate::media`); required otherwise.
    o.int(r, "width", false, 1, u32::MAX as u64);
    o.int(r, "height", false, 1, u32::MAX as u64);
    if let Some(set) = o.array(r, "srcset", false) {
        for (i, entry) in set.iter().enumerate() {
            let p = index(&o.at("srcset"), i);
            if let Some(e) = as_obj(r, entry, &p) {
                if let Some(src) = e.str(r, "src", true) {
                    check_url(r, &e.at("src"), src);
                }
                e.int(r, "width", true, 1, u32::MAX as u64);
            }
        }
    }
}

fn video(r: &mut Report, o: Obj) {
    if let Some(t) = o.str(r, "title", true) {
        check_not_blank(r, &o.at("title"), t);
    }
    markdown(r, o, "caption", false, false);
    o.str(r, "credit", false);
    o.int(r, "duration_s", false, 0, u32::MAX as u64);
    if let Some(poster) = o.object(r, "poster", false) {
        image(r, poster, &o.at("poster"));
    }
    let sources = o.array(r, "sources", false);
    if let Some(list) = sources {
        for (i, s) in list.iter().enumerate() {
            let p = index(&o.at("sources"), i);
            if let Some(s) = as_obj(r, s, &p) {
                if let Some(src) = s.str(r, "src", true) {
                    check_url(r, &s.at("src"), src);
                }
                s.str(r, "mime", true);
            }
        }
    }
    let embedded = o.has("provider") || o.has("id");
    let count = sources.map(Vec::len);
    if o.has("sources") && count != Some(0) && embedded {
        r.add(
            o.path,
            "a video has either sources or provider + id, not both",
        );
        return;
    }
    if !embedded {
        if !o.has("sources") {
            r.add(o.path, "a video needs either sources or provider + id");
        } else if count == Some(0) {
            r.add(&o.at("sources"), "sources must not be empty");
        }
        return;
    }
    let provider = o.str(r, "provider", true).and_then(|p| match p {
        "youtube" => Some(VideoProvider::Youtube),
        "vimeo" => Some(VideoProvider::Vimeo),
        other => {
            r.add(
                &o.at("provider"),
                format!("expected \"youtube\" or \"vimeo\", found {other:?}"),
            );
            None
        }
    });
    if let Some(id) = o.str(r, "id", true) {
        if provider.is_some_and(|p| p.embed_url(id).is_none()) {
            r.add(
                &o.at("id"),
                format!("video id {id:?} must be 1-64 letters, digits, - or _"),
            );
        }
    }
}
