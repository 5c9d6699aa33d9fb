//! Pictures made by the build (`standfirst_content::media`): the ladder,
//! the formats, orientation and metadata, the located errors, and the
//! media cache (a rebuild with no picture changed encodes nothing).

use image::{DynamicImage, GenericImageView, Rgb, RgbImage};
use serde_json::{json, Value};
use standfirst_content::build::{build, build_cached, BuildError};
use standfirst_content::media::{ladder, LADDER};
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use time::macros::datetime;

/// A picture: the left half red, the right half blue.
fn halves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    })
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

/// EXIF (TIFF) with orientation 6 (shown turned 90° clockwise), a camera
/// serial number and a GPS position.
fn exif_tiff() -> Vec<u8> {
    use exif::{In, Rational, Tag, Value as V};
    let f = |tag, value| exif::Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    };
    let fields = [
        f(Tag::Orientation, V::Short(vec![6])),
        f(
            Tag::BodySerialNumber,
            V::Ascii(vec![b"SERIAL-4711".to_vec()]),
        ),
        f(Tag::GPSLatitudeRef, V::Ascii(vec![b"N".to_vec()])),
        f(
            Tag::GPSLatitude,
            V::Rational(vec![
                Rational { num: 59, denom: 1 },
                Rational { num: 54, denom: 1 },
                Rational { num: 0, denom: 1 },
            ]),
        ),
    ];
    let mut w = exif::experimental::Writer::new();
    for field in &fields {
        w.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    w.write(&mut out, false).unwrap();
    out.into_inner()
}

/// A JPEG with the EXIF block in an APP1 segment after the start marker.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(tiff);
    let len = (seg.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn site() -> Value {
    json!({
        "name": "The Test Post", "tagline": "Tests", "base_url": "https://news.example.org",
        "default_edition": "us",
        "editions": [{ "id": "us", "name": "US", "locale": "en-US" }],
        "sections": [{ "id": "world", "name": "World", "description": "The world" }],
        "newsletter": { "endpoint": "/api/newsletter", "encoding": "json",
            "lists": [{ "id": "daily", "name": "Daily", "description": "Daily", "frequency": "Daily" }] },
        "subscribe": { "headline": "Subscribe", "text": "Please", "url": "https://news.example.org/subscribe" }
    })
}

fn article(slug: &str, hero: Value, body_image: Option<Value>) -> Value {
    let mut body = vec![json!({ "type": "paragraph", "content": "Words." })];
    if let Some(img) = body_image {
        body.push(json!({ "type": "image", "image": img }));
    }
    json!({
        "slug": slug, "kicker": "News", "section": "world", "editions": ["us"],
        "headline": format!("A story called {slug}"), "standfirst": "A standfirst.",
        "authors": [{ "name": "A. Writer" }], "published": "2026-01-01T10:00:00Z",
        "hero": { "type": "image", "image": hero },
        "body": body
    })
}

/// A content folder with `pictures` under media/ and `articles`.
fn content(dir: &Path, pictures: &[(&str, Vec<u8>)], articles: &[Value]) -> PathBuf {
    let c = dir.join("content");
    fs::create_dir_all(c.join("articles")).unwrap();
    fs::create_dir_all(c.join("media")).unwrap();
    fs::write(c.join("site.json"), site().to_string()).unwrap();
    for (name, bytes) in pictures {
        fs::write(c.join("media").join(name), bytes).unwrap();
    }
    for a in articles {
        let slug = a["slug"].as_str().unwrap();
        fs::write(c.join(format!("articles/{slug}.json")), a.to_string()).unwrap();
    }
    c
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn media_files(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(out.join("media"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_ladder_stops_at_the_source_width() {
    assert_eq!(ladder(1200), [160, 320, 480, 640, 800, 960, 1200]);
    assert_eq!(ladder(960), [160, 320, 480, 640, 800, 960]);
    assert_eq!(ladder(4000), LADDER);
    assert_eq!(ladder(100), [100]);
}

#[test]
fn every_width_in_every_format_and_the_delivery_image() {
    let dir = tempfile::tempdir().unwrap();
    let src = jpeg(&halves(1000, 600));
    let c = content(
        dir.path(),
        &[("harbour.jpg", src)],
        &[article(
            "a-story",
            json!({ "src": "/media/harbour.jpg", "alt": "A harbour" }),
            None,
        )],
    );
    let out = dir.path().join("out");
    let s = build(&c, &out).unwrap();
    assert_eq!(s.encoded, 1);
    let doc = read_json(&out.join("api/v1/articles/a-story.json"));
    let img = &doc["hero"]["image"];
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(1000), Some(600))
    );
    assert_eq!(img["alt"], "A harbour");
    let widths = [160u64, 320, 480, 640, 800, 960, 1000];
    let srcset: Vec<u64> = img["srcset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["width"].as_u64().unwrap())
        .collect();
    assert_eq!(srcset, widths);
    assert!(img["src"].as_str().unwrap().ends_with("-1000.jpg"));
    let types: Vec<&str> = img["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["mime"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["image/avif", "image/webp"]);
    assert!(img["placeholder"].as_str().unwrap().starts_with('#'));
    // The teaser on the front carries the same picture.
    let front = read_json(&out.join("api/v1/fronts/us.json"));
    assert_eq!(&front["lead"]["image"], img);
    // Each file is there, in its format, at its width.
    for source in img["sources"].as_array().unwrap() {
        for e in source["srcset"].as_array().unwrap() {
            let file = out.join(e["src"].as_str().unwrap().trim_start_matches('/'));
            let bytes = fs::read(&file).unwrap();
            match source["mime"].as_str().unwrap() {
                "image/avif" => assert_eq!(&bytes[4..12], b"ftypavif", "{}", file.display()),
                _ => {
                    let d = image::load_from_memory_with_format(&bytes, image::ImageFormat::WebP)
                        .unwrap();
                    assert_eq!(u64::from(d.width()), e["width"].as_u64().unwrap());
                }
            }
        }
    }
    for e in img["srcset"].as_array().unwrap() {
        let file = out.join(e["src"].as_str().unwrap().trim_start_matches('/'));
        let d =
            image::load_from_memory_with_format(&fs::read(file).unwrap(), image::ImageFormat::Jpeg)
                .unwrap();
        let w = e["width"].as_u64().unwrap() as u32;
        assert_eq!(d.dimensions(), (w, (600 * w + 500) / 1000));
    }
    // The source itself is not published; 7 widths in 3 formats are.
    let files = media_files(&out);
    assert!(!files.contains(&"harbour.jpg".to_string()));
    assert_eq!(files.len(), 21, "{files:?}");
}

#[test]
fn orientation_is_applied_and_every_metadata_block_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let src = with_exif(&jpeg(&halves(400, 300)), &exif_tiff());
    // The fixture really carries what must not leak.
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&src))
        .unwrap();
    assert!(exif
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_some());
    let c = content(
        dir.path(),
        &[("camera.jpg", src)],
        &[article(
            "a-story",
            json!({ "src": "/media/camera.jpg", "alt": "From a camera", "width": 300, "height": 400 }),
            None,
        )],
    );
    let out = dir.path().join("out");
    build(&c, &out).unwrap();
    let img = &read_json(&out.join("api/v1/articles/a-story.json"))["hero"]["image"];
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(300), Some(400))
    );
    let files = media_files(&out);
    assert_eq!(files.len(), 2 * 3, "{files:?}"); // 160 and 300, in three formats
    for f in &files {
        let bytes = fs::read(out.join("media").join(f)).unwrap();
        for needle in [
            &b"Exif"[..],
            b"SERIAL-4711",
            b"GPS",
            b"http://ns.adobe.com/xap",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{f} carries {:?}",
                String::from_utf8_lossy(needle)
            );
        }
        assert!(exif::Reader::new()
            .read_from_container(&mut Cursor::new(&bytes))
            .is_err());
    }
    // Upright: turned a quarter clockwise, the red left half is on top.
    let top = img["src"].as_str().unwrap().trim_start_matches('/');
    let d = image::load_from_memory(&fs::read(out.join(top)).unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(d.dimensions(), (300, 400));
    let (upper, lower) = (d.get_pixel(150, 100).0, d.get_pixel(150, 300).0);
    assert!(upper[0] > 150 && upper[2] < 100, "top {upper:?}");
    assert!(lower[2] > 150 && lower[0] < 100, "bottom {lower:?}");
}

fn problems(c: &Path, out: &Path) -> Vec<String> {
    match build(c, out) {
        Err(BuildError::Invalid(p)) => p.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn bad_pictures_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = jpeg(&halves(200, 100));
    let truncated = good[..good.len() / 2].to_vec();
    let mut huge = Vec::new();
    DynamicImage::ImageLuma8(image::GrayImage::new(8000, 7000))
        .write_to(&mut Cursor::new(&mut huge), image::ImageFormat::Png)
        .unwrap();
    let pic = |name: &str| json!({ "src": format!("/media/{name}"), "alt": "x" });
    let c = content(
        dir.path(),
        &[
            ("good.jpg", good),
            ("empty.jpg", Vec::new()),
            ("cut.jpg", truncated),
            ("huge.png", huge),
            ("text.jpg", b"not a picture at all".to_vec()),
        ],
        &[
            article("missing", pic("nowhere.jpg"), None),
            article("empty", pic("empty.jpg"), None),
            article("cut", pic("cut.jpg"), None),
            article("huge", pic("huge.png"), None),
            article("text", pic("text.jpg"), None),
            article(
                "wrong-size",
                pic("good.jpg"),
                Some(json!({ "src": "/media/good.jpg", "alt": "x", "width": 640 })),
            ),
            article(
                "remote",
                json!({ "src": "https://images.example.org/a.jpg", "alt": "x" }),
                None,
            ),
        ],
    );
    let got = problems(&c, &dir.path().join("out"));
    let has = |file: &str, path: &str, reason: &str| {
        got.iter().any(|p| {
            p.starts_with(&format!(
                "{}: {path}: ",
                c.join(format!("articles/{file}.json")).display()
            )) && p.contains(reason)
        })
    };
    assert!(has("missing", "hero.image.src", "no such file"), "{got:#?}");
    assert!(
        has("empty", "hero.image.src", "empty (0 bytes)"),
        "{got:#?}"
    );
    assert!(has("cut", "hero.image.src", "truncated"), "{got:#?}");
    assert!(has("huge", "hero.image.src", "56.0 megapixels"), "{got:#?}");
    assert!(
        has("text", "hero.image.src", "not a JPEG, PNG or WebP"),
        "{got:#?}"
    );
    assert!(
        has("wrong-size", "body[1].image.width", "200 pixels wide"),
        "{got:#?}"
    );
    assert!(has("remote", "hero.image.width", "required"), "{got:#?}");
    assert!(has("remote", "hero.image.height", "required"), "{got:#?}");
    assert_eq!(got.len(), 8, "{got:#?}");
}

#[test]
fn a_rebuild_encodes_only_changed_pictures_and_the_cache_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let pic = |name: &str| json!({ "src": format!("/media/{name}"), "alt": "x" });
    let c = content(
        dir.path(),
        &[
            ("one.jpg", jpeg(&halves(300, 200))),
            ("two.png", {
                let mut b = Vec::new();
                DynamicImage::ImageRgb8(halves(240, 120))
                    .write_to(&mut Cursor::new(&mut b), image::ImageFormat::Png)
                    .unwrap();
                b
            }),
        ],
        &[
            article("first", pic("one.jpg"), None),
            article("second", pic("two.png"), None),
        ],
    );
    let (out, state) = (dir.path().join("out"), dir.path().join("state"));
    let cache = state.join("compile.cache");
    let now = datetime!(2026-06-01 0:00 UTC);
    let s = build_cached(&c, &out, now, &cache).unwrap();
    assert_eq!(s.encoded, 2);
    let s = build_cached(&c, &out, now, &cache).unwrap();
    assert_eq!((s.encoded, s.checked, s.written), (0, 0, 0));
    // A new version of one picture: only it is encoded, and the story that
    // shows it (its own file unchanged, not read again for its text) gets
    // the new files; the old ones leave the site.
    let before = read_json(&out.join("api/v1/articles/first.json"));
    fs::write(c.join("media/one.jpg"), jpeg(&halves(320, 200))).unwrap();
    let s = build_cached(&c, &out, now, &cache).unwrap();
    assert_eq!(s.encoded, 1);
    let after = read_json(&out.join("api/v1/articles/first.json"));
    assert_ne!(
        before["hero"]["image"]["src"],
        after["hero"]["image"]["src"]
    );
    assert_eq!(after["hero"]["image"]["width"], 320);
    let old = before["hero"]["image"]["src"].as_str().unwrap();
    assert!(!out.join(old.trim_start_matches('/')).exists());
    let front = read_json(&out.join("api/v1/fronts/us.json"));
    let teasers = front.to_string();
    assert!(teasers.contains(after["hero"]["image"]["src"].as_str().unwrap()));
    assert!(!teasers.contains(old));
    // The same output as a build with no cache into an empty folder.
    let fresh = dir.path().join("fresh");
    let s = build(&c, &fresh).unwrap();
    assert_eq!(s.encoded, 2);
    assert_eq!(media_files(&fresh), media_files(&out));
    for slug in ["first", "second"] {
        let name = format!("api/v1/articles/{slug}.json");
        assert_eq!(read_json(&out.join(&name)), read_json(&fresh.join(&name)));
    }
    // A picture removed: the story that used it is an error, not a stale page.
    fs::remove_file(c.join("media/two.png")).unwrap();
    match build_cached(&c, &out, now, &cache) {
        Err(BuildError::Invalid(p)) => {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].path, "hero.image.src");
        }
        other => panic!("{other:?}"),
    }
    // A plain rebuild into the same folder finds every picture in its cache.
    fs::write(
        c.join("articles/second.json"),
        article("second", pic("one.jpg"), None).to_string(),
    )
    .unwrap();
    assert_eq!(build(&c, &fresh).unwrap().encoded, 0);
}

#[test]
#[ignore]
fn timing() {
    use standfirst_content::media::{encode, Format};
    let src = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/media/harbour-dawn.jpg"
    ))
    .unwrap();
    let img = standfirst_content::media::decode(&src).unwrap().0;
    for f in [Format::Avif, Format::Webp, Format::Jpeg] {
        let t = std::time::Instant::now();
        let b = encode(&img, f).unwrap();
        eprintln!("{f:?} {} bytes {:?}", b.len(), t.elapsed());
    }
    let t = std::time::Instant::now();
    let _ = img.resize_exact(640, 384, image::imageops::FilterType::Lanczos3);
    eprintln!("resize {:?}", t.elapsed());
    let src = jpeg(&halves(1000, 600));
    let t = std::time::Instant::now();
    let _ = standfirst_content::media::decode(&src).unwrap();
    eprintln!("decode {:?}", t.elapsed());
}

#[test]
fn every_placeholder_colour_has_its_css_rules() {
    use standfirst_content::media::PALETTE_LEVELS;
    let css = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../style/45-placeholders.css"
    ))
    .unwrap();
    assert!(css.contains("img[data-ph]{background:rgb(var(--r) var(--g) var(--b))}"));
    // Red from the first two digits, green from the first four, blue from
    // the last two.
    for r in PALETTE_LEVELS {
        assert!(
            css.contains(&format!("[data-ph^=\"#{r:02x}\"]{{--r:{r}}}")),
            "red {r}"
        );
        assert!(
            css.contains(&format!("[data-ph$=\"{r:02x}\"]{{--b:{r}}}")),
            "blue {r}"
        );
        for g in PALETTE_LEVELS {
            assert!(
                css.contains(&format!("[data-ph^=\"#{r:02x}{g:02x}\"]{{--g:{g}}}")),
                "green {g} after red {r}"
            );
        }
    }
    assert_eq!(css.matches("[data-ph").count(), 1 + 4 + 16 + 4);
}

#[test]
fn an_embedded_colour_profile_is_converted_to_srgb() {
    use image::ImageEncoder;
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let adobe = ColorProfile::new_adobe_rgb();
    let icc = adobe.encode().unwrap();
    let px = [60u8, 180, 60];
    let img = RgbImage::from_fn(8, 8, |_, _| Rgb(px));
    let mut png = Vec::new();
    let mut enc = image::codecs::png::PngEncoder::new(&mut png);
    enc.set_icc_profile(icc).unwrap();
    enc.write_image(img.as_raw(), 8, 8, image::ExtendedColorType::Rgb8)
        .unwrap();
    let (out, size) = standfirst_content::media::decode(&png).unwrap();
    assert_eq!(size, (8, 8));
    let got = out.to_rgb8().get_pixel(4, 4).0;
    let t = adobe
        .create_transform_8bit(
            Layout::Rgb,
            &ColorProfile::new_srgb(),
            Layout::Rgb,
            TransformOptions::default(),
        )
        .unwrap();
    let mut want = [0u8; 3];
    t.transform(&px, &mut want).unwrap();
    assert_ne!(want, px, "Adobe RGB and sRGB differ for this colour");
    assert_eq!(got, want);
}

/// Writes `authors/<id>.json` into the content folder `c`, with `image`
/// (none when it is null).
fn author(c: &Path, id: &str, image: Value) {
    fs::create_dir_all(c.join("authors")).unwrap();
    let mut file = json!({ "id": id, "name": format!("Writer {id}"), "role": "Reporter" });
    if !image.is_null() {
        file["image"] = image;
    }
    fs::write(c.join(format!("authors/{id}.json")), file.to_string()).unwrap();
}

#[test]
fn an_authors_picture_is_made_and_published_with_the_stories() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(
        dir.path(),
        &[
            ("harbour.jpg", jpeg(&halves(400, 300))),
            ("2026-01-ines.jpg", jpeg(&halves(240, 300))),
        ],
        &[article(
            "a-story",
            json!({ "src": "/media/harbour.jpg", "alt": "A harbour" }),
            None,
        )],
    );
    // Only src and alt: the size is read from the file.
    author(
        &c,
        "ines",
        json!({ "src": "/media/2026-01-ines.jpg", "alt": "Ines at the quay" }),
    );
    let out = dir.path().join("out");
    let s = build(&c, &out).unwrap();
    assert_eq!(s.encoded, 2);
    let page = read_json(&out.join("api/v1/sections/author/ines/1.json"));
    let about = &page["about"];
    let img = &about["image"];
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(240), Some(300))
    );
    assert_eq!(img["alt"], "Ines at the quay");
    assert!(img["placeholder"].as_str().unwrap().starts_with('#'));
    // The page's head shows the same picture, as an image block.
    assert_eq!(about["body"][0]["type"], "image");
    assert_eq!(&about["body"][0]["image"], img);
    // Every file the delivery image names is in the site: the fallback's
    // ladder and the AVIF and WebP ones.
    let src = img["src"].as_str().unwrap();
    assert!(
        src.starts_with("/media/2026-01-ines-") && src.ends_with("-240.jpg"),
        "{src}"
    );
    let mut named = vec![src.to_string()];
    let widths = |set: &Value| -> Vec<u64> {
        set.as_array()
            .unwrap()
            .iter()
            .map(|e| e["width"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(widths(&img["srcset"]), [160, 240]);
    let mut sets = vec![&img["srcset"]];
    let types: Vec<&str> = img["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            sets.push(&s["srcset"]);
            s["mime"].as_str().unwrap()
        })
        .collect();
    assert_eq!(types, ["image/avif", "image/webp"]);
    for set in sets {
        assert_eq!(widths(set), [160, 240]);
        named.extend(
            set.as_array()
                .unwrap()
                .iter()
                .map(|e| e["src"].as_str().unwrap().to_string()),
        );
    }
    for n in &named {
        let file = out.join(n.trim_start_matches('/'));
        assert!(file.is_file(), "{n} is not in the site");
    }
    let jpg = fs::read(out.join(src.trim_start_matches('/'))).unwrap();
    let d = image::load_from_memory_with_format(&jpg, image::ImageFormat::Jpeg).unwrap();
    assert_eq!(d.dimensions(), (240, 300));
    // The story's 3 widths and the author's 2, in 3 formats each; no source.
    let files = media_files(&out);
    assert_eq!(files.len(), 15, "{files:?}");
    assert!(!files.iter().any(|f| f == "2026-01-ines.jpg"), "{files:?}");
    // A cached build makes the same page and files.
    let (cached, state) = (dir.path().join("cached"), dir.path().join("state"));
    let now = datetime!(2026-06-01 0:00 UTC);
    build_cached(&c, &cached, now, &state.join("compile.cache")).unwrap();
    assert_eq!(media_files(&cached), files);
    let name = "api/v1/sections/author/ines/1.json";
    assert_eq!(read_json(&cached.join(name)), page);
    // The picture taken off the author: its files leave the site.
    author(&c, "ines", Value::Null);
    build(&c, &out).unwrap();
    let after = read_json(&out.join(name));
    assert!(after["about"].get("image").is_none(), "{after}");
    assert_eq!(after["about"]["body"][0]["type"], "paragraph");
    assert_eq!(media_files(&out).len(), 9);
    assert!(!out.join(src.trim_start_matches('/')).exists());
}

#[test]
fn an_authors_bad_picture_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(
        dir.path(),
        &[
            ("good.jpg", jpeg(&halves(200, 100))),
            ("cut.jpg", {
                let b = jpeg(&halves(200, 100));
                b[..b.len() / 2].to_vec()
            }),
        ],
        &[article(
            "a-story",
            json!({ "src": "/media/good.jpg", "alt": "x" }),
            None,
        )],
    );
    author(
        &c,
        "missing",
        json!({ "src": "/media/nowhere.jpg", "alt": "x" }),
    );
    author(&c, "cut", json!({ "src": "/media/cut.jpg", "alt": "x" }));
    author(
        &c,
        "wrong-size",
        json!({ "src": "/media/good.jpg", "alt": "x", "width": 200, "height": 150 }),
    );
    author(
        &c,
        "remote",
        json!({ "src": "https://images.example.org/a.jpg", "alt": "x" }),
    );
    // Version-1 images stay valid: a remote one with its size and
    // hand-made variants, and a picture with its right size.
    author(
        &c,
        "version-one",
        json!({ "src": "https://images.example.org/b.jpg", "alt": "x", "width": 400, "height": 400,
                "srcset": [{ "src": "https://images.example.org/b-200.jpg", "width": 200 }] }),
    );
    author(
        &c,
        "sized",
        json!({ "src": "/media/good.jpg", "alt": "x", "width": 200, "height": 100 }),
    );
    let got = problems(&c, &dir.path().join("out"));
    let has = |id: &str, path: &str, reason: &str| {
        got.iter().any(|p| {
            p.starts_with(&format!(
                "{}: {path}: ",
                c.join(format!("authors/{id}.json")).display()
            )) && p.contains(reason)
        })
    };
    assert!(has("missing", "image.src", "no such file"), "{got:#?}");
    assert!(has("cut", "image.src", "truncated"), "{got:#?}");
    assert!(
        has("wrong-size", "image.height", "100 pixels high"),
        "{got:#?}"
    );
    assert!(has("remote", "image.width", "required"), "{got:#?}");
    assert!(has("remote", "image.height", "required"), "{got:#?}");
    assert_eq!(got.len(), 5, "{got:#?}");
    for id in ["missing", "cut", "wrong-size", "remote"] {
        fs::remove_file(c.join(format!("authors/{id}.json"))).unwrap();
    }
    let out = dir.path().join("out");
    build(&c, &out).unwrap();
    let page = read_json(&out.join("api/v1/sections/author/version-one/1.json"));
    assert_eq!(page["about"]["image"]["width"], 400);
    assert_eq!(page["about"]["image"]["srcset"][0]["width"], 200);
    let page = read_json(&out.join("api/v1/sections/author/sized/1.json"));
    assert_eq!(page["about"]["image"]["sources"][0]["mime"], "image/avif");
}
