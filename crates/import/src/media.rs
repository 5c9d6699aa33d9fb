//! Images, videos and embeds: what an imported post points at.

use standfirst_content::authoring::{
    AuthoringBlock, AuthoringImage, AuthoringPicture, AuthoringVideo,
};
use standfirst_model::{VideoProvider, VideoSource};
use std::collections::HashMap;

/// An uploaded file the export describes (a WordPress attachment).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Media {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
    pub credit: Option<String>,
}

/// Attachments by id and by URL.
#[derive(Debug, Default)]
pub struct MediaIndex {
    by_id: HashMap<u64, Media>,
    by_url: HashMap<String, u64>,
}

impl MediaIndex {
    pub fn insert(&mut self, id: u64, m: Media) {
        self.by_url.insert(m.url.clone(), id);
        self.by_id.insert(id, m);
    }
    pub fn get(&self, id: u64) -> Option<&Media> {
        self.by_id.get(&id)
    }
    pub fn by_url(&self, url: &str) -> Option<&Media> {
        self.by_url.get(url).and_then(|id| self.by_id.get(id))
    }
    pub fn len(&self) -> usize {
        self.by_id.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// A positive pixel size from `300`, `"300"` or `"300px"`.
pub fn dimension(s: &str) -> Option<u32> {
    let t = s.trim().trim_end_matches("px").trim();
    t.parse::<u32>().ok().filter(|&n| n > 0)
}

/// The size WordPress writes into the names of resized copies:
/// `photo-300x200.jpg`.
pub fn size_from_file_name(url: &str) -> Option<(u32, u32)> {
    let path = url.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let (_, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    Some((dimension(w)?, dimension(h)?))
}

/// Reads `width` and `height` (and the IPTC `credit`) from the PHP
/// serialized `_wp_attachment_metadata` of an attachment. Only the
/// top-level integers are read, and `credit` from `image_meta`.
pub fn php_meta(s: &str) -> (Option<u32>, Option<u32>, Option<String>) {
    fn int_after(s: &str, key: &str) -> Option<u32> {
        let at = s.find(key)? + key.len();
        let rest = s[at..].strip_prefix(";i:")?;
        let end = rest.find(';')?;
        dimension(&rest[..end])
    }
    fn str_after(s: &str, key: &str) -> Option<String> {
        let at = s.find(key)? + key.len();
        let rest = s[at..].strip_prefix(";s:")?;
        let (len, rest) = rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let body = rest.strip_prefix('"')?;
        let v = body.get(..len)?;
        (!v.trim().is_empty()).then(|| v.trim().to_string())
    }
    // The first `width` is the original's; sizes come later in the string.
    (
        int_after(s, "s:5:\"width\""),
        int_after(s, "s:6:\"height\""),
        str_after(s, "s:6:\"credit\""),
    )
}

/// A video provider and id from a page URL or an embed URL.
pub fn provider_video(url: &str) -> Option<(VideoProvider, String)> {
    let rest = url.trim();
    let rest = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))
        .or_else(|| rest.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or("");
    let ok = |id: &str| {
        (!id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| id.to_string())
    };
    match host {
        "youtube.com" | "youtube-nocookie.com" | "music.youtube.com" => {
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let id = match segs.as_slice() {
                ["watch", ..] => query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("v="))
                    .map(str::to_string),
                ["embed" | "shorts" | "v" | "live", id, ..] => Some(id.to_string()),
                _ => None,
            }?;
            Some((VideoProvider::Youtube, ok(&id)?))
        }
        "youtu.be" => Some((VideoProvider::Youtube, ok(path.split('/').next()?)?)),
        "vimeo.com" | "player.vimeo.com" => {
            let id = path
                .split('/')
                .rfind(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))?;
            Some((VideoProvider::Vimeo, id.to_string()))
        }
        _ => None,
    }
}

/// A provider video block.
pub fn embed_video(provider: VideoProvider, id: String, caption: Option<String>) -> AuthoringBlock {
    AuthoringBlock::Video(AuthoringVideo {
        sources: None,
        poster: None,
        provider: Some(provider),
        id: Some(id),
        title: format!("{} video", provider.name()),
        caption,
        credit: None,
        duration_s: None,
    })
}

/// The MIME type of a video file from its extension.
pub fn video_mime(src: &str) -> &'static str {
    let path = src
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("webm") => "video/webm",
        Some("ogv" | "ogg") => "video/ogg",
        Some("mov") => "video/quicktime",
        _ => "video/mp4",
    }
}

/// A file video block.
pub fn file_video(
    src: &str,
    mime: Option<&str>,
    title: String,
    caption: Option<String>,
) -> AuthoringBlock {
    AuthoringBlock::Video(AuthoringVideo {
        sources: Some(vec![VideoSource {
            src: src.to_string(),
            mime: mime.unwrap_or_else(|| video_mime(src)).to_string(),
        }]),
        poster: None,
        provider: None,
        id: None,
        title,
        caption,
        credit: None,
        duration_s: None,
    })
}

/// An image block with a known size.
pub fn image_block(
    src: &str,
    alt: &str,
    size: (u32, u32),
    caption: Option<String>,
    credit: Option<String>,
) -> AuthoringBlock {
    picture_block(src, alt, Some(size), caption, credit)
}

/// An image block for a file under `content/media/` (its size is read
/// from the file by the build).
pub fn local_image_block(
    src: &str,
    alt: &str,
    caption: Option<String>,
    credit: Option<String>,
) -> AuthoringBlock {
    picture_block(src, alt, None, caption, credit)
}

fn picture_block(
    src: &str,
    alt: &str,
    size: Option<(u32, u32)>,
    caption: Option<String>,
    credit: Option<String>,
) -> AuthoringBlock {
    AuthoringBlock::Image(AuthoringImage {
        image: AuthoringPicture {
            src: src.to_string(),
            alt: alt.to_string(),
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            srcset: Vec::new(),
        },
        caption,
        credit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers() {
        let y = |u| provider_video(u).map(|(p, id)| (p.name(), id));
        assert_eq!(
            y("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1"),
            Some(("YouTube", "dQw4w9WgXcQ".into()))
        );
        assert_eq!(
            y("https://youtu.be/dQw4w9WgXcQ"),
            Some(("YouTube", "dQw4w9WgXcQ".into()))
        );
        assert_eq!(
            y("https://www.youtube.com/embed/abc_-1?rel=0"),
            Some(("YouTube", "abc_-1".into()))
        );
        assert_eq!(
            y("https://vimeo.com/76979871"),
            Some(("Vimeo", "76979871".into()))
        );
        assert_eq!(
            y("https://player.vimeo.com/video/22439234?h=1"),
            Some(("Vimeo", "22439234".into()))
        );
        assert_eq!(y("https://twitter.com/x/status/1"), None);
        assert_eq!(y("javascript:alert(1)"), None);
    }

    #[test]
    fn sizes() {
        assert_eq!(
            size_from_file_name("https://e.org/wp-content/uploads/a-b-1024x683.jpg"),
            Some((1024, 683))
        );
        assert_eq!(size_from_file_name("https://e.org/a-b.jpg"), None);
        let meta = r#"a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:9:"a/b/c.jpg";s:10:"image_meta";a:2:{s:6:"credit";s:8:"Jo Smith";s:5:"title";s:0:"";}}"#;
        assert_eq!(
            php_meta(meta),
            (Some(1200), Some(800), Some("Jo Smith".into()))
        );
        assert_eq!(dimension("300px"), Some(300));
        assert_eq!(dimension("0"), None);
    }
}
