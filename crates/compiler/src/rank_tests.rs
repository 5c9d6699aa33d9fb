use super::*;

const DAY: i64 = 86_400;

fn item(slug: &str, section: &str, tags: &[&str], day: i64) -> RankItem {
    RankItem {
        slug: slug.into(),
        section: section.into(),
        editions: vec!["us".into()],
        tags: tags.iter().map(|t| t.to_string()).collect(),
        published: day * DAY,
        curated: Vec::new(),
    }
}

fn slugs<'a>(items: &'a [RankItem], idx: &[usize]) -> Vec<&'a str> {
    idx.iter().map(|&i| items[i].slug.as_str()).collect()
}

#[test]
fn curated_first_in_order_deduplicated_never_itself() {
    let mut items = vec![
        item("story", "world", &["a"], 10),
        item("b", "world", &["a"], 9),
        item("c", "world", &[], 8),
        item("d", "sport", &[], 7),
    ];
    items[0].curated = vec![
        "d".into(),
        "story".into(),
        "c".into(),
        "d".into(),
        "nope".into(),
    ];
    let r = Ranker::new(&items);
    let rails = r.rails(0);
    assert_eq!(slugs(&items, &rails.related), ["d", "c", "b"]);
    assert!(rails.more.is_empty(), "all of world is already related");
}

#[test]
fn a_rare_shared_tag_beats_a_common_one() {
    // "common" is on 5 of 6 stories, "rare" on 2.
    let items = vec![
        item("story", "world", &["common", "rare"], 10),
        item("shares-common", "sport", &["common"], 10),
        item("shares-rare", "sport", &["rare"], 1),
        item("x1", "culture", &["common"], 2),
        item("x2", "culture", &["common"], 3),
        item("x3", "culture", &["common"], 4),
    ];
    let rails = Ranker::new(&items).rails(0);
    assert_eq!(rails.related[0], 2, "{:?}", slugs(&items, &rails.related));
}

#[test]
fn same_section_wins_between_equal_tag_matches() {
    let items = vec![
        item("story", "world", &["t"], 10),
        item("other-section", "sport", &["t"], 9),
        item("same-section", "world", &["t"], 9),
        item("filler", "sport", &[], 1),
    ];
    let rails = Ranker::new(&items).rails(0);
    // "filler" shares neither a tag nor the section: not a candidate.
    assert_eq!(
        slugs(&items, &rails.related),
        ["same-section", "other-section"]
    );
}

#[test]
fn ties_go_to_the_newer_then_the_smaller_slug() {
    // Equal distance in time (one day before and after), same tags.
    let items = vec![
        item("story", "world", &["t"], 10),
        item("older", "sport", &["t"], 9),
        item("newer", "sport", &["t"], 11),
        item("b-twin", "sport", &["t"], 12),
        item("a-twin", "sport", &["t"], 12),
        item("unrelated", "culture", &["z"], 10),
    ];
    let rails = Ranker::new(&items).rails(0);
    assert_eq!(
        slugs(&items, &rails.related),
        ["newer", "older", "a-twin", "b-twin"]
    );
}

#[test]
fn rails_are_capped_disjoint_and_never_contain_the_story() {
    let items: Vec<RankItem> = (0..20)
        .map(|d| item(&format!("s{d:02}"), "world", &["t"], d))
        .collect();
    let r = Ranker::new(&items);
    for i in 0..items.len() {
        let rails = r.rails(i);
        assert_eq!(rails.related.len(), RAIL_MAX);
        assert_eq!(rails.more.len(), RAIL_MAX);
        assert!(!rails.related.contains(&i) && !rails.more.contains(&i));
        assert!(rails.more.iter().all(|m| !rails.related.contains(m)));
    }
    // s10's related are its neighbours in time; more is the section's
    // latest when s10 was published (the rest before it).
    let rails = r.rails(10);
    assert_eq!(
        slugs(&items, &rails.related),
        ["s11", "s09", "s12", "s08", "s13", "s07"]
    );
    assert_eq!(
        slugs(&items, &rails.more),
        ["s06", "s05", "s04", "s03", "s02", "s01"]
    );
    // The newest story's are the section's latest; the oldest story's,
    // with none before it, the ones just after it.
    assert_eq!(
        slugs(&items, &r.rails(19).more),
        ["s12", "s11", "s10", "s09", "s08", "s07"]
    );
    assert_eq!(
        slugs(&items, &r.rails(0).more),
        ["s12", "s11", "s10", "s09", "s08", "s07"]
    );
}

#[test]
fn untagged_stories_fall_back_to_their_section() {
    let items = vec![
        item("story", "world", &[], 10),
        item("w1", "world", &[], 9),
        item("s1", "sport", &[], 10),
    ];
    let rails = Ranker::new(&items).rails(0);
    assert_eq!(slugs(&items, &rails.related), ["w1"]);
    assert!(rails.more.is_empty());
}

#[test]
fn a_tag_on_every_story_stays_bounded_and_local_in_time() {
    let items: Vec<RankItem> = (0..5_000)
        .map(|d| {
            item(
                &format!("s{d:05}"),
                ["a", "b"][d as usize % 2],
                &["everywhere"],
                d,
            )
        })
        .collect();
    let r = Ranker::new(&items);
    assert!(r.candidates(2_500).len() <= 2 * TAG_WINDOW + 1 + 2 * RAIL_MAX + 1 + RAIL_MAX + 1);
    let rails = r.rails(2_500);
    assert_eq!(
        slugs(&items, &rails.related),
        ["s02502", "s02498", "s02504", "s02496", "s02506", "s02494"]
    );
}

#[test]
fn editions_add_a_bonus() {
    let mut items = vec![
        item("story", "world", &["t"], 10),
        item("uk-only", "sport", &["t"], 9),
        item("us-too", "sport", &["t"], 9),
        item("z", "sport", &[], 0),
    ];
    items[1].editions = vec!["uk".into()];
    let rails = Ranker::new(&items).rails(0);
    assert_eq!(slugs(&items, &rails.related)[..2], ["us-too", "uk-only"]);
}

/// The related rail as the plain definition says it: every candidate
/// scored, sorted, the best taken after the curated ones.
fn related_by_sorting(r: &Ranker, i: usize) -> Vec<usize> {
    let mut related: Vec<usize> = Vec::new();
    for slug in &r.items[i].curated {
        if let Some(&j) = r.by_slug.get(slug.as_str()) {
            if j != i && !related.contains(&j) && related.len() < RAIL_MAX {
                related.push(j);
            }
        }
    }
    let mut scored: Vec<(f64, usize)> = r
        .candidates(i)
        .into_iter()
        .filter(|&c| c != i && !related.contains(&c))
        .map(|c| (r.score(i, c), c))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(r.rank_of[a.1].cmp(&r.rank_of[b.1]))
    });
    let room = RAIL_MAX - related.len();
    related.extend(scored.into_iter().take(room).map(|(_, c)| c));
    related
}

#[test]
fn the_kept_best_are_the_sorted_best() {
    // Few tags and sections, many ties: the order among equals matters.
    let items: Vec<RankItem> = (0..3_000)
        .map(|n| {
            let mut it = item(
                &format!("s{n:04}"),
                ["a", "b", "c"][n % 3],
                &[["x", "y", "z", "w"][n % 4], ["p", "q"][n / 7 % 2]],
                (n / 5) as i64,
            );
            if n % 11 == 0 {
                it.curated = vec![format!("s{:04}", (n * 7) % 3_000)];
            }
            it
        })
        .collect();
    let r = Ranker::new(&items);
    for i in 0..items.len() {
        assert_eq!(r.rails(i).related, related_by_sorting(&r, i), "item {i}");
    }
}

#[test]
fn coarse_keeps_four_leading_bits_rounding_up() {
    assert_eq!(
        (0..16).map(coarse).collect::<Vec<_>>(),
        (0..16).collect::<Vec<_>>()
    );
    assert_eq!(
        [16, 17, 18, 31, 32, 33].map(coarse),
        [16, 18, 18, 32, 32, 36]
    );
    // At 100,000 a step is 8,192.
    assert_eq!([98_305, 100_000, 106_496].map(coarse), [106_496; 3]);
    assert_eq!(coarse(106_497), 114_688);
    for n in 1..5_000 {
        let c = coarse(n);
        assert!(c >= n && c * 8 <= n * 9 + 8, "{n} -> {c}");
        assert!(coarse(n + 1) >= c, "monotone at {n}");
    }
}

/// A small deterministic generator (xorshift), for the change sequences.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn random_item(rng: &mut Rng, id: usize, slugs: &[String]) -> RankItem {
    // Tags skewed towards the first names (some on a third of the stories,
    // some on one), few sections, days with many ties.
    let tags = (0..rng.below(4))
        .map(|_| {
            let t = rng.below(40);
            format!("t{}", t * t / 40)
        })
        .collect();
    let curated = if rng.below(8) == 0 && !slugs.is_empty() {
        vec![slugs[rng.below(slugs.len())].clone()]
    } else {
        Vec::new()
    };
    RankItem {
        slug: format!("s{id}"),
        section: ["world", "sport", "arts", "science"][rng.below(4)].into(),
        editions: [
            vec!["us".to_string()],
            vec!["uk".into()],
            vec!["us".into(), "uk".into()],
        ][rng.below(3)]
        .clone(),
        tags,
        published: rng.below(200) as i64 * DAY / 2,
        curated,
    }
}

/// Every item's rails as slugs, by slug.
fn all_rails(items: &[RankItem]) -> HashMap<String, [Vec<String>; 2]> {
    let r = Ranker::new(items);
    let names = |idx: Vec<usize>| idx.into_iter().map(|j| items[j].slug.clone()).collect();
    (0..items.len())
        .map(|i| {
            let rails = r.rails(i);
            (
                items[i].slug.clone(),
                [names(rails.related), names(rails.more)],
            )
        })
        .collect()
}

#[test]
fn what_a_change_cannot_move_keeps_the_rails_a_full_ranking_gives() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut next = 0;
    let mut items: Vec<RankItem> = Vec::new();
    for _ in 0..1_500 {
        let slugs: Vec<String> = items.iter().map(|i| i.slug.clone()).collect();
        items.push(random_item(&mut rng, next, &slugs));
        next += 1;
    }
    let (mut kept, mut total) = (0, 0);
    for round in 0..80 {
        let before = items.clone();
        let rails_before = all_rails(&before);
        for _ in 0..1 + rng.below(3) {
            let slugs: Vec<String> = items.iter().map(|i| i.slug.clone()).collect();
            let at = rng.below(items.len());
            match rng.below(7) {
                0 => {
                    items.push(random_item(&mut rng, next, &slugs));
                    next += 1;
                }
                1 => {
                    items.remove(at);
                }
                2 => items[at].tags = random_item(&mut rng, 0, &slugs).tags,
                3 => items[at].section = random_item(&mut rng, 0, &slugs).section,
                4 => items[at].published = random_item(&mut rng, 0, &slugs).published,
                5 => items[at].editions = random_item(&mut rng, 0, &slugs).editions,
                _ => items[at].curated = vec![slugs[rng.below(slugs.len())].clone()],
            }
        }
        // What the build does: the changed items, as they are and as they
        // were.
        let mut was_by_slug: HashMap<&str, &RankItem> =
            before.iter().map(|i| (i.slug.as_str(), i)).collect();
        let (mut changed, mut was) = (Vec::new(), Vec::new());
        for (i, item) in items.iter().enumerate() {
            match was_by_slug.remove(item.slug.as_str()) {
                Some(b) if b == item => {}
                Some(b) => {
                    changed.push(i);
                    was.push(b.clone());
                }
                None => changed.push(i),
            }
        }
        was.extend(was_by_slug.into_values().cloned());
        let after = Ranker::new(&items);
        let affected = after.affected(&changed, &was);
        let rails_after = all_rails(&items);
        for (i, item) in items.iter().enumerate() {
            total += 1;
            if !affected[i] {
                kept += 1;
                assert_eq!(
                    rails_before.get(&item.slug),
                    Some(&rails_after[&item.slug]),
                    "round {round}: {} was not marked, its rails moved",
                    item.slug
                );
            }
        }
        assert!(changed.iter().all(|&i| affected[i]), "round {round}");
    }
    // Not every story again: most keep their rails.
    assert!(kept * 2 > total, "{kept} of {total} kept");
}
