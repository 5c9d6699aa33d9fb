//! `bench-gen`: a seeded, generated archive for measuring the compiler.

use crate::authoring::{
    AuthoringArticle, AuthoringAuthor, AuthoringBlock, AuthoringHero, AuthoringImage,
    AuthoringPicture, AuthoringVideo,
};
use serde_json::json;
use standfirst_model::{Source, SrcsetEntry, VideoProvider};
use std::fs;
use std::io;
use std::path::Path;

/// SplitMix64: tiny, seeded and stable across releases (unlike a library
/// RNG's default algorithm), so the same seed always yields the same archive.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// Skewed towards small indices, like real tag use.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

const SECTIONS: [&str; 12] = [
    "world",
    "politics",
    "business",
    "science",
    "technology",
    "climate",
    "health",
    "sport",
    "culture",
    "opinion",
    "education",
    "travel",
];
const EDITIONS: [&str; 3] = ["us", "uk", "au"];
const KICKERS: [&str; 4] = [
    "Speed Read",
    "The Explainer",
    "In Depth",
    "Today's Big Question",
];
const WORDS: [&str; 48] = [
    "harbour", "council", "vote", "river", "border", "market", "energy", "school", "budget",
    "court", "election", "storm", "rail", "hospital", "farm", "museum", "league", "treaty",
    "minister", "town", "bridge", "ferry", "winter", "summer", "report", "plan", "study", "data",
    "price", "water", "forest", "city", "coast", "port", "union", "strike", "festival", "science",
    "ocean", "village", "mayor", "police", "trial", "budget", "tax", "housing", "transit",
    "climate",
];
const FILLER: [&str; 16] = [
    "the", "a", "of", "and", "to", "in", "that", "was", "for", "on", "with", "as", "after",
    "before", "said", "would",
];

/// Words with, when `markdown`, some emphasis, strong and links.
fn words(rng: &mut Rng, words: usize, markdown: bool) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let w = if rng.chance(40) {
            rng.pick(&WORDS)
        } else {
            rng.pick(&FILLER)
        };
        match if markdown { rng.below(40) } else { 40 } {
            0 => out.push_str(&format!("**{w}**")),
            1 => out.push_str(&format!("*{w}*")),
            2 => out.push_str(&format!("[{w}](https://example.org/{w})")),
            _ => out.push_str(w),
        }
    }
    out.push('.');
    out
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    words(rng, n, true)
}

fn plain(rng: &mut Rng, n: usize) -> String {
    words(rng, n, false)
}

/// A remote picture (an archive's pictures are not made by this build: a
/// generated archive has no files for them).
fn image(n: usize) -> AuthoringPicture {
    AuthoringPicture {
        src: format!("https://images.example.org/generated-{n}.jpg"),
        alt: format!("Generated picture {n}"),
        width: Some(1200),
        height: Some(675),
        srcset: vec![SrcsetEntry {
            src: format!("https://images.example.org/generated-{n}-640.jpg"),
            width: 640,
        }],
    }
}

fn body(rng: &mut Rng) -> Vec<AuthoringBlock> {
    let mut body = Vec::new();
    for p in 0..4 + rng.below(5) {
        if p == 2 && rng.chance(50) {
            body.push(AuthoringBlock::Heading {
                level: 2,
                content: sentence(rng, 5),
            });
        }
        let words = 40 + rng.below(60);
        body.push(AuthoringBlock::Paragraph {
            content: sentence(rng, words),
        });
        if p == 3 && rng.chance(30) {
            let items = (0..3).map(|_| sentence(rng, 8)).collect();
            body.push(AuthoringBlock::List {
                ordered: rng.chance(50),
                items,
            });
        }
    }
    if rng.chance(20) {
        body.push(AuthoringBlock::Quote {
            content: sentence(rng, 15),
            cite: Some("A spokesperson".into()),
            cite_url: None,
        });
    }
    if rng.chance(10) {
        body.push(AuthoringBlock::Newsletter {
            list: "daily".into(),
        });
    }
    body
}

fn article(rng: &mut Rng, i: usize, earlier: &[AuthoringArticle]) -> AuthoringArticle {
    let (w1, w2) = (rng.pick(&WORDS), rng.pick(&WORDS));
    let slug = format!("{w1}-{w2}-{i}");
    let published = 1_704_067_200 + rng.below(3 * 365 * 86_400) as i64;
    let stamp = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default()
    };
    let mut editions: Vec<String> = EDITIONS
        .iter()
        .filter(|_| rng.chance(50))
        .map(|e| e.to_string())
        .collect();
    if editions.is_empty() {
        editions.push(EDITIONS[rng.below(EDITIONS.len())].into());
    }
    let mut tags: Vec<String> = (0..1 + rng.below(5))
        .map(|_| {
            let t = rng.skewed(WORDS.len() * 12);
            format!("{}-{}", WORDS[t % WORDS.len()], t / WORDS.len())
        })
        .collect();
    tags.sort();
    tags.dedup();
    let hero = match rng.below(10) {
        0..=4 => Some(AuthoringHero::Image(AuthoringImage {
            image: image(i),
            caption: Some(sentence(rng, 10)),
            credit: Some("Standfirst".into()),
        })),
        5 => Some(AuthoringHero::Video(AuthoringVideo {
            sources: None,
            poster: Some(image(i)),
            provider: Some(VideoProvider::Youtube),
            id: Some(format!("vid{i}")),
            title: plain(rng, 6),
            caption: None,
            credit: None,
            duration_s: Some(90),
        })),
        _ => None,
    };
    let related = (!earlier.is_empty() && rng.chance(10)).then(|| {
        (0..1 + rng.below(2))
            .map(|_| earlier[rng.below(earlier.len())].slug.clone())
            .collect()
    });
    AuthoringArticle {
        slug,
        kicker: rng.pick(&KICKERS).into(),
        section: rng.pick(&SECTIONS).into(),
        editions,
        headline: format!("The {w1} and the {w2}: {}", plain(rng, 6)),
        standfirst: plain(rng, 20),
        summary: None,
        authors: vec![AuthoringAuthor::named(format!(
            "Reporter {}",
            rng.below(40)
        ))],
        published: stamp(published),
        updated: rng
            .chance(30)
            .then(|| stamp(published + rng.below(86_400) as i64)),
        hero,
        body: body(rng),
        sources: rng.chance(30).then(|| {
            vec![Source {
                name: "The Example Post".into(),
                url: "https://example.com/post".into(),
            }]
        }),
        tags: Some(tags),
        related,
        live: None,
        translations: None,
    }
}

fn site_json() -> serde_json::Value {
    json!({
        "name": "The Generated Standfirst",
        "tagline": "A generated archive for benchmarks",
        "base_url": "https://bench.example.org",
        "default_edition": "us",
        "editions": EDITIONS.iter().map(|e| json!({"id": e, "name": e.to_uppercase(), "locale": "en"})).collect::<Vec<_>>(),
        "sections": SECTIONS.iter().map(|s| json!({"id": s, "name": s, "description": ""})).collect::<Vec<_>>(),
        "newsletter": {"endpoint": "/api/newsletter", "encoding": "json", "privacy": "Generated.",
            "lists": [{"id": "daily", "name": "Daily", "description": "", "frequency": "Daily"}]},
        "subscribe": {"headline": "Subscribe", "text": "Generated.", "url": "https://bench.example.org/subscribe"}
    })
}

/// Writes `count` generated articles and a site.json into `out`.
pub fn generate(out: &Path, count: usize, seed: u64) -> io::Result<()> {
    let dir = out.join("articles");
    fs::create_dir_all(&dir)?;
    fs::write(
        out.join("site.json"),
        serde_json::to_vec_pretty(&site_json())?,
    )?;
    let mut rng = Rng(seed);
    let mut articles: Vec<AuthoringArticle> = Vec::with_capacity(count);
    for i in 0..count {
        let a = article(&mut rng, i, &articles);
        articles.push(a);
    }
    for a in &articles {
        fs::write(dir.join(format!("{}.json", a.slug)), serde_json::to_vec(a)?)?;
    }
    Ok(())
}
