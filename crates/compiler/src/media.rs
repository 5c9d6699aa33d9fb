//! Pictures: one source file each under `content/media/` (JPEG, PNG or
//! WebP, any size), made by the build into every width of a ladder in
//! AVIF, WebP and a JPEG (PNG with transparency) fallback.
//!
//! Each source is decoded with a cap on the decoder's memory, turned
//! upright by its EXIF orientation, converted to sRGB from its embedded ICC
//! profile, and encoded again from its pixels: no metadata block of the
//! source (EXIF with GPS positions and camera serials, XMP, thumbnails)
//! reaches a published file.
//!
//! The encoded files are named by a hash of the source's bytes and
//! [`SETTINGS`] (`<stem>-<key>-<width>.<ext>`), so a name never changes
//! meaning and a file can be cached for ever. They are kept in a cache
//! folder (`<key>.json` says what was made; the publish keeps it in its
//! state, `<dist>.publish/media/`): a build encodes only the pictures whose
//! bytes, or the settings, are new.

use crate::authoring::{
    AuthoringArticle, AuthoringBlock, AuthoringHero, AuthoringPicture, AuthoringVideo,
};
use crate::cache::hash;
use crate::diag::{index, Problem};
use crate::validate::People;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use standfirst_model::{paths, Image, ImageSource, SrcsetEntry};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The widths made of every picture, capped at the source's own width
/// (which is made too when it is below the top of the ladder).
pub const LADDER: [u32; 9] = [160, 320, 480, 640, 800, 960, 1280, 1600, 1920];
/// Larger sources are refused: decoding one takes too much memory.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most a decoder may allocate (a 50-megapixel RGBA picture, with
/// room for 16 bits a channel).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// rav1e's quality (0-100) and speed (1 slowest - 10 fastest).
const AVIF_QUALITY: f32 = 60.0;
const AVIF_SPEED: u8 = 9;
/// libwebp's lossy quality (0-100).
const WEBP_QUALITY: f32 = 72.0;
/// The fallback JPEG's quality.
const JPEG_QUALITY: u8 = 80;
/// What the encoded files depend on besides the source's bytes; a change
/// here gives every picture new names (and so new files).
pub const SETTINGS: &str = "pictures 1; 160,320,480,640,800,960,1280,1600,1920; avif q60 s9; webp q72; jpeg q80; srgb; oriented";

/// A format a picture is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Avif,
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// What the build made of one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Picture {
    /// Upright, in pixels.
    pub width: u32,
    pub height: u32,
    /// `#rrggbb` from [`PALETTE_LEVELS`] (the page's CSS has a rule for
    /// each), none for a picture with transparency.
    pub placeholder: Option<String>,
    /// The fallback's format: JPEG, or PNG for a picture with transparency.
    pub fallback: Format,
    /// The widths made, smallest first.
    pub widths: Vec<u32>,
    /// `<stem>-<key>`: the files are `<base>-<width>.<ext>`.
    pub base: String,
}

impl Picture {
    /// The formats made, best first: AVIF, WebP, then the fallback.
    pub fn formats(&self) -> [Format; 3] {
        [Format::Avif, Format::Webp, self.fallback]
    }

    pub fn file(&self, width: u32, format: Format) -> String {
        format!("{}-{width}.{}", self.base, format.ext())
    }

    /// Every file made.
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in self.formats() {
            for &w in &self.widths {
                out.push(self.file(w, f));
            }
        }
        out
    }

    /// The delivery image: the fallback's largest file as `src`, its ladder
    /// as `srcset`, AVIF and WebP as `sources`.
    pub fn image(&self, alt: &str) -> Image {
        let set = |f: Format| -> Vec<SrcsetEntry> {
            self.widths
                .iter()
                .map(|&w| SrcsetEntry {
                    src: url(&self.file(w, f)),
                    width: w,
                })
                .collect()
        };
        let top = self.widths.last().copied().unwrap_or(self.width);
        Image {
            src: url(&self.file(top, self.fallback)),
            alt: alt.to_string(),
            width: self.width,
            height: self.height,
            srcset: set(self.fallback),
            sources: [Format::Avif, Format::Webp]
                .into_iter()
                .map(|f| ImageSource {
                    mime: f.mime().to_string(),
                    srcset: set(f),
                })
                .collect(),
            placeholder: self.placeholder.clone(),
        }
    }
}

/// `STANDFIRST_MEDIA_CACHE`, when set: the folder the commands keep
/// encoded pictures in (the Makefile points every build of a checkout at
/// one, so the demo is encoded once). The library's functions take their
/// folder as an argument.
pub fn cache_from_env() -> Option<PathBuf> {
    std::env::var_os("STANDFIRST_MEDIA_CACHE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `content/media`: where picture sources and other media files are.
pub fn source_dir(content: &Path) -> PathBuf {
    content.join(paths::MEDIA)
}

fn url(file: &str) -> String {
    format!("/{}/{file}", paths::MEDIA)
}

/// The file under `content/media/` that `src` names (`/media/<name>`), for
/// a picture the build makes (`.jpg`, `.jpeg`, `.png`, `.webp`); `None`
/// for a remote image, another kind of file, or a path that climbs out of
/// the folder.
pub fn source_name(src: &str) -> Option<&str> {
    let name = src
        .strip_prefix('/')?
        .strip_prefix(paths::MEDIA)?
        .strip_prefix('/')?;
    let plain = name
        .split('/')
        .all(|s| !s.is_empty() && s != "." && s != "..")
        && !name.contains(['\\', '?', '#', '%']);
    (plain && is_picture_file(name)).then_some(name)
}

/// Whether a file name is one the build makes pictures of (and so never
/// copies as it is: its metadata would go out with it).
pub fn is_picture_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// One picture an article (or an author's page) shows, with the JSON path
/// of its `Image`.
#[derive(Debug, Clone)]
pub struct Use<'a> {
    pub path: String,
    pub image: &'a AuthoringPicture,
}

/// Every picture of an article: the hero's (or its video's poster), the
/// body's and the live entries', with their paths.
pub fn uses(a: &AuthoringArticle) -> Vec<Use<'_>> {
    let mut out = Vec::new();
    match &a.hero {
        Some(AuthoringHero::Image(i)) => out.push(Use {
            path: "hero.image".into(),
            image: &i.image,
        }),
        Some(AuthoringHero::Video(v)) => poster(&mut out, "hero", v),
        None => {}
    }
    blocks(&mut out, "body", &a.body);
    if let Some(live) = &a.live {
        for (i, e) in live.entries.iter().enumerate() {
            blocks(&mut out, &format!("live.entries[{i}].body"), &e.body);
        }
    }
    out
}

fn poster<'a>(out: &mut Vec<Use<'a>>, at: &str, v: &'a AuthoringVideo) {
    if let Some(p) = &v.poster {
        out.push(Use {
            path: format!("{at}.poster"),
            image: p,
        });
    }
}

fn blocks<'a>(out: &mut Vec<Use<'a>>, at: &str, body: &'a [AuthoringBlock]) {
    for (i, b) in body.iter().enumerate() {
        match b {
            AuthoringBlock::Image(img) => out.push(Use {
                path: format!("{}.image", index(at, i)),
                image: &img.image,
            }),
            AuthoringBlock::Video(v) => poster(out, &index(at, i), v),
            _ => {}
        }
    }
}

/// An article's pictures as [`uses`] lists them, kept after the article
/// is dropped: what [`Media::check`] and the teaser need.
#[derive(Debug, Clone, Default)]
pub struct Uses(pub Vec<(String, AuthoringPicture)>);

impl Uses {
    pub fn of(a: &AuthoringArticle) -> Uses {
        Uses(
            uses(a)
                .into_iter()
                .map(|u| (u.path, u.image.clone()))
                .collect(),
        )
    }

    /// The source files they are made from.
    pub fn names(&self) -> BTreeSet<String> {
        self.0
            .iter()
            .filter_map(|(_, i)| source_name(&i.src))
            .map(str::to_string)
            .collect()
    }

    /// The card's picture: the hero's, or its video's poster.
    pub fn teaser(&self) -> Option<&AuthoringPicture> {
        self.0
            .iter()
            .find(|(p, _)| p == "hero.image" || p == "hero.poster")
            .map(|(_, i)| i)
    }
}

/// The pictures of one build: each source file read, checked and (with a
/// cache folder) encoded once.
pub struct Media {
    /// `content/media`.
    dir: PathBuf,
    /// Where encoded files are kept; `None` to check only.
    cache: Option<PathBuf>,
    done: BTreeMap<String, Result<Picture, String>>,
    encoded: AtomicUsize,
}

impl Media {
    /// Pictures from `dir` (`content/media`), encoded into `cache`, or
    /// only checked (decoded, measured) when there is none.
    pub fn new(dir: &Path, cache: Option<&Path>) -> Media {
        Media {
            dir: dir.to_path_buf(),
            cache: cache.map(Path::to_path_buf),
            done: BTreeMap::new(),
            encoded: AtomicUsize::new(0),
        }
    }

    /// No pictures: every image passes through as authored.
    pub fn none() -> Media {
        Media::new(Path::new(""), None)
    }

    /// Reads, checks and makes (or finds in the cache) each of `names`, in
    /// parallel.
    pub fn make<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        let todo: Vec<&str> = names
            .into_iter()
            .filter(|n| !self.done.contains_key(*n))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let this = &*self;
        let made: Vec<(String, Result<Picture, String>)> = todo
            .par_iter()
            .map(|n| (n.to_string(), this.picture(n)))
            .collect();
        self.done.extend(made);
    }

    /// How many pictures were encoded (not found in the cache).
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// The picture made of `name`, once [`Media::make`] has seen it.
    pub fn get(&self, name: &str) -> Option<&Result<Picture, String>> {
        self.done.get(name)
    }

    /// The hash of a source file's bytes (0 when it cannot be read): what
    /// an article's pictures depend on.
    pub fn source_hash(&self, name: &str) -> u128 {
        fs::read(self.dir.join(name)).map_or(0, |b| hash(&b))
    }

    /// The problems of an article's pictures, each at its image's path.
    pub fn check(&self, file: &str, uses: &Uses) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut add = |path: String, reason: String| {
            out.push(Problem {
                file: file.to_string(),
                path,
                reason,
            })
        };
        for (path, img) in &uses.0 {
            let Some(name) = source_name(&img.src) else {
                // Remote, or another kind of file: taken as authored.
                for (field, v) in [("width", img.width), ("height", img.height)] {
                    if v.is_none() {
                        add(
                            format!("{path}.{field}"),
                            format!("required for an image the build does not make (only JPEG, PNG and WebP files under /{}/ are read)", paths::MEDIA),
                        );
                    }
                }
                continue;
            };
            match self.done.get(name) {
                None => {}
                Some(Err(reason)) => add(format!("{path}.src"), reason.clone()),
                Some(Ok(p)) => {
                    for (field, given, real) in [
                        ("width", img.width, p.width),
                        ("height", img.height, p.height),
                    ] {
                        if given.is_some_and(|g| g != real) {
                            let dim = if field == "width" { "wide" } else { "high" };
                            add(
                                format!("{path}.{field}"),
                                format!(
                                    "the file is {real} pixels {dim} (upright), not {}: leave {field} out (it is read from the file) or correct it",
                                    given.unwrap_or_default()
                                ),
                            );
                        }
                    }
                }
            }
        }
        out
    }

    /// The problems of the described authors' pictures, each at its
    /// author file's `image`.
    pub fn check_people(&self, people: &People) -> Vec<Problem> {
        people
            .pictures()
            .iter()
            .flat_map(|(file, uses)| self.check(file, uses))
            .collect()
    }

    /// The delivery image of an authored one: the made picture's ladder
    /// and formats, or the image as authored when the build does not make
    /// it.
    pub fn image(&self, img: &AuthoringPicture) -> Image {
        if let Some(Some(Ok(p))) = source_name(&img.src).map(|n| self.done.get(n)) {
            return p.image(&img.alt);
        }
        Image {
            src: img.src.clone(),
            alt: img.alt.clone(),
            width: img.width.unwrap_or_default(),
            height: img.height.unwrap_or_default(),
            srcset: img.srcset.clone(),
            sources: Vec::new(),
            placeholder: None,
        }
    }

    /// Makes `out` (the site's `media/` folder) hold exactly: the files of
    /// `names`' pictures (from the cache) and every file of `content/media`
    /// that is not a picture source (video, SVG, PDF…). Returns the number
    /// of files there.
    pub fn publish(
        &self,
        names: &BTreeSet<String>,
        out: &Path,
    ) -> Result<usize, crate::build::BuildError> {
        use crate::output::{io_err, mkdir, prune};
        let mut keep = std::collections::HashSet::new();
        let mut copies: Vec<(PathBuf, PathBuf)> = Vec::new();
        if let Some(cache) = &self.cache {
            for n in names {
                if let Some(Ok(p)) = self.done.get(n) {
                    for f in p.files() {
                        copies.push((cache.join(&f), out.join(&f)));
                    }
                }
            }
        }
        passthrough(&self.dir, &self.dir, out, &mut copies);
        if copies.is_empty() && !out.exists() {
            return Ok(0);
        }
        mkdir(out)?;
        copies
            .par_iter()
            .map(|(from, to)| {
                if let Some(d) = to.parent() {
                    mkdir(d)?;
                }
                if same_file(from, to) {
                    return Ok(());
                }
                let _ = fs::remove_file(to);
                // The cache's files never change under their names: linked.
                // Other media files are copied, so the site's copy is its own.
                let linked = self.cache.as_ref().is_some_and(|c| from.starts_with(c))
                    && fs::hard_link(from, to).is_ok();
                if !linked {
                    fs::copy(from, to).map_err(|e| io_err(from, e))?;
                }
                Ok(())
            })
            .collect::<Result<Vec<()>, crate::build::BuildError>>()?;
        keep.extend(copies.iter().map(|(_, to)| to.clone()));
        prune(&[out.to_path_buf()], &keep)?;
        Ok(keep.len())
    }

    /// Reads `name` and makes its picture, or finds it in the cache.
    fn picture(&self, name: &str) -> Result<Picture, String> {
        let path = self.dir.join(name);
        let bytes = fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "no such file: {} (a picture's src names a file under content/{}/)",
                path.display(),
                paths::MEDIA
            ),
            _ => format!("cannot read {}: {e}", path.display()),
        })?;
        let key = format!(
            "{:032x}",
            hash(format!("{:032x} {SETTINGS}", hash(&bytes)).as_bytes())
        );
        let meta = self.cache.as_ref().map(|c| c.join(format!("{key}.json")));
        if let (Some(cache), Some(meta)) = (&self.cache, &meta) {
            let cached = fs::read(meta)
                .ok()
                .and_then(|b| serde_json::from_slice::<Picture>(&b).ok())
                .filter(|p| p.files().iter().all(|f| cache.join(f).is_file()));
            if let Some(p) = cached {
                return Ok(p);
            }
        }
        let (pixels, upright) = decode(&bytes)?;
        let alpha = pixels.color().has_alpha();
        let picture = Picture {
            width: upright.0,
            height: upright.1,
            placeholder: (!alpha).then(|| placeholder(&pixels)),
            fallback: if alpha { Format::Png } else { Format::Jpeg },
            widths: ladder(upright.0),
            base: format!("{}-{}", stem(name), &key[..10]),
        };
        let (Some(cache), Some(meta)) = (&self.cache, &meta) else {
            return Ok(picture);
        };
        fs::create_dir_all(cache).map_err(|e| format!("cannot make {}: {e}", cache.display()))?;
        let jobs: Vec<(u32, Format)> = picture
            .widths
            .iter()
            .flat_map(|&w| picture.formats().map(|f| (w, f)))
            .collect();
        jobs.par_iter()
            .map(|&(w, f)| {
                let h = height_at(picture.width, picture.height, w);
                let bytes = encode(&resized(&pixels, w, h), f)?;
                write_atomic(&cache.join(picture.file(w, f)), &bytes)
            })
            .collect::<Result<Vec<()>, String>>()?;
        let json = serde_json::to_vec(&picture).map_err(|e| e.to_string())?;
        write_atomic(meta, &json)?;
        self.encoded.fetch_add(1, Ordering::Relaxed);
        Ok(picture)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    let _ = (a, b);
    false
}

/// The files under `dir` that are not picture sources, to copy as they are.
fn passthrough(root: &Path, dir: &Path, out: &Path, copies: &mut Vec<(PathBuf, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        let is_dir = fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir());
        let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
        if is_dir {
            passthrough(root, &p, out, copies);
        } else if p.is_file() && !is_picture_file(&rel.to_string_lossy()) {
            copies.push((p.clone(), out.join(rel)));
        }
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    // Beside the file, its whole name kept: the formats of one width
    // (`x-640.avif`, `x-640.webp`) are written at the same time.
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A file stem fit for a URL: lower-case letters, digits and `-`.
fn stem(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    safe_stem(stem).chars().take(60).collect()
}

/// `text` in lower-case letters, digits and single `-`s (`picture` when
/// nothing is left): a file name's stem fit for a URL.
pub fn safe_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "picture".into()
    } else {
        out.to_string()
    }
}

/// The widths made of a picture `width` pixels wide.
pub fn ladder(width: u32) -> Vec<u32> {
    let top = width.min(LADDER[LADDER.len() - 1]);
    let mut out: Vec<u32> = LADDER.iter().copied().filter(|&w| w < top).collect();
    out.push(top);
    out
}

fn height_at(width: u32, height: u32, w: u32) -> u32 {
    ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

/// Decodes a source: upright, in sRGB, 8 bits a channel (RGB, or RGBA
/// when it has transparency); with its upright size.
pub fn decode(bytes: &[u8]) -> Result<(DynamicImage, (u32, u32)), String> {
    if bytes.is_empty() {
        return Err("the file is empty (0 bytes)".into());
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP))
        .ok_or("not a JPEG, PNG or WebP file")?;
    if format == ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err("the file is truncated (its picture data has no end marker)".into());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(&e))?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "{w}x{h} is {:.1} megapixels: more than the {} the build reads",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        ));
    }
    if w == 0 || h == 0 {
        return Err("the picture has no pixels".into());
    }
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(&e))?;
    if let Some(o) = orientation(bytes) {
        img.apply_orientation(o);
    }
    let alpha = img.color().has_alpha() && {
        let rgba = img.to_rgba8();
        rgba.pixels().any(|p| p.0[3] < 255)
    };
    let mut img = if alpha {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    if let Some(icc) = icc {
        to_srgb(&mut img, &icc);
    }
    let size = (img.width(), img.height());
    Ok((img, size))
}

/// Whether a JPEG's picture data ends: an end-of-image marker after its
/// first start-of-scan (the decoder fills a cut-off picture with grey
/// rather than fail). The coded data cannot hold the marker's bytes, and
/// anything a camera appends after the end is allowed.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xff, 0xda]) else {
        return false;
    };
    bytes[sos..].windows(2).any(|w| w == [0xff, 0xd9])
}

fn unreadable(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => {
            "the picture needs more memory to decode than the build allows".into()
        }
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is truncated".into()
        }
        other => format!("cannot decode the file (truncated or damaged?): {other}"),
    }
}

/// The EXIF orientation, if the file has one.
fn orientation(bytes: &[u8]) -> Option<image::metadata::Orientation> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let field = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    let v = field.value.get_uint(0)?;
    image::metadata::Orientation::from_exif(u8::try_from(v).ok()?)
}

/// Converts pixels in the colour space of an ICC profile to sRGB; a
/// profile that cannot be read is taken to be sRGB.
fn to_srgb(img: &mut DynamicImage, icc: &[u8]) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let Ok(src) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    let dst = ColorProfile::new_srgb();
    let (layout, buf): (Layout, &mut [u8]) = match img {
        DynamicImage::ImageRgb8(b) => (Layout::Rgb, b.as_mut()),
        DynamicImage::ImageRgba8(b) => (Layout::Rgba, b.as_mut()),
        _ => return,
    };
    let Ok(t) = src.create_transform_8bit(layout, &dst, layout, TransformOptions::default()) else {
        return;
    };
    let input = buf.to_vec();
    let _ = t.transform(&input, buf);
}

/// The levels of each channel of a placeholder colour.
pub const PALETTE_LEVELS: [u8; 4] = [0x20, 0x60, 0xa0, 0xe0];

/// The picture's average colour, to the nearest colour of the palette
/// (four levels a channel: 64 colours, each with a rule in the CSS).
fn placeholder(img: &DynamicImage) -> String {
    let small = img.thumbnail(32, 32).to_rgb8();
    let n = u64::from(small.width() * small.height()).max(1);
    let mut sum = [0u64; 3];
    for p in small.pixels() {
        for (s, c) in sum.iter_mut().zip(p.0) {
            *s += u64::from(c);
        }
    }
    let level = |s: u64| PALETTE_LEVELS[((s / n) / 64).min(3) as usize];
    format!(
        "#{:02x}{:02x}{:02x}",
        level(sum[0]),
        level(sum[1]),
        level(sum[2])
    )
}

fn resized(img: &DynamicImage, w: u32, h: u32) -> DynamicImage {
    if (w, h) == (img.width(), img.height()) {
        return img.clone();
    }
    img.resize_exact(w, h, image::imageops::FilterType::Lanczos3)
}

/// Encodes pixels (RGB8 or RGBA8) in `format`, with no metadata.
pub fn encode(img: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let (w, h) = (img.width(), img.height());
    match format {
        Format::Avif => {
            let enc = ravif::Encoder::new()
                .with_quality(AVIF_QUALITY)
                .with_alpha_quality(AVIF_QUALITY)
                .with_speed(AVIF_SPEED)
                .with_num_threads(Some(1));
            let done = match img {
                DynamicImage::ImageRgba8(b) => {
                    let px: Vec<ravif::RGBA8> = b
                        .pixels()
                        .map(|p| ravif::RGBA8::new(p.0[0], p.0[1], p.0[2], p.0[3]))
                        .collect();
                    enc.encode_rgba(ravif::Img::new(&px, w as usize, h as usize))
                }
                _ => {
                    let b = img.to_rgb8();
                    let px: Vec<ravif::RGB8> = b
                        .pixels()
                        .map(|p| ravif::RGB8::new(p.0[0], p.0[1], p.0[2]))
                        .collect();
                    enc.encode_rgb(ravif::Img::new(&px, w as usize, h as usize))
                }
            };
            done.map(|e| e.avif_file).map_err(|e| format!("AVIF: {e}"))
        }
        Format::Webp => {
            let mem = match img {
                DynamicImage::ImageRgba8(b) => {
                    webp::Encoder::from_rgba(b.as_raw(), w, h).encode_simple(false, WEBP_QUALITY)
                }
                _ => webp::Encoder::from_rgb(img.to_rgb8().as_raw(), w, h)
                    .encode_simple(false, WEBP_QUALITY),
            };
            mem.map(|m| m.to_vec()).map_err(|e| format!("WebP: {e:?}"))
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            img.to_rgb8()
                .write_with_encoder(enc)
                .map_err(|e| format!("JPEG: {e}"))?;
            Ok(out)
        }
        Format::Png => {
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|e| format!("PNG: {e}"))?;
            Ok(out)
        }
    }
}
