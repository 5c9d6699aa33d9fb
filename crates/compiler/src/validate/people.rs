//! `content/authors/<id>.json` and `content/topics/<tag>.json`: the
//! described authors and topics, checked before the articles that name
//! them.

use super::article::check_links;
use super::blocks::image;
use super::rules::{check_markdown, check_not_blank, check_slug};
use super::value::{as_obj, Obj};
use super::{parse, strip_nulls};
use crate::authoring::{AuthoringAuthorFile, AuthoringTopic};
use crate::diag::{Problem, Report};
use crate::load::{PeopleFiles, SourceFile};
use crate::media::Uses;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The described authors and topics that passed the checks, by id.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// The id of every author file, whether it passed or not: articles are
    /// checked against these, so a broken author file is reported once,
    /// not again in every article that names it.
    pub author_ids: BTreeSet<String>,
    pub authors: BTreeMap<String, AuthoringAuthorFile>,
    /// The file of each author in `authors`, as problems name it.
    pub author_files: BTreeMap<String, String>,
    pub topics: BTreeMap<String, AuthoringTopic>,
}

impl People {
    /// The display name of a tag: its topic file's `name`, else the tag
    /// made readable ("port-esker" -> "Port esker").
    pub fn topic_name(&self, tag: &str) -> String {
        match self.topics.get(tag) {
            Some(t) => t.name.clone(),
            None => readable(tag),
        }
    }

    /// Each described author's picture, with the author's file: made and
    /// checked by the build as an article's are (its path is `image`).
    pub fn pictures(&self) -> Vec<(&str, Uses)> {
        self.authors
            .iter()
            .filter_map(|(id, a)| {
                let image = a.image.clone()?;
                let file = self
                    .author_files
                    .get(id)
                    .map_or(id.as_str(), String::as_str);
                Some((file, Uses(vec![("image".to_string(), image)])))
            })
            .collect()
    }

    /// The source files under `content/media/` of the authors' pictures.
    pub fn picture_names(&self) -> BTreeSet<String> {
        self.pictures()
            .iter()
            .flat_map(|(_, u)| u.names())
            .collect()
    }
}

/// A tag as words: hyphens become spaces, the first letter a capital.
pub fn readable(tag: &str) -> String {
    let words = tag.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Checks every author and topic file: the typed ones that pass, and every
/// problem found.
pub fn validate_people(files: &PeopleFiles) -> (People, Vec<Problem>) {
    let mut people = People::default();
    let mut problems = Vec::new();
    for f in &files.authors {
        people.author_ids.insert(f.stem.clone());
        if let Some(a) = checked(f, &mut problems, validate_author) {
            people.authors.insert(f.stem.clone(), a);
            people.author_files.insert(f.stem.clone(), f.file.clone());
        }
    }
    for f in &files.topics {
        if let Some(t) = checked(f, &mut problems, validate_topic) {
            people.topics.insert(f.stem.clone(), t);
        }
    }
    (people, problems)
}

fn checked<T: DeserializeOwned>(
    f: &SourceFile,
    problems: &mut Vec<Problem>,
    check: fn(&mut Report, &Value, &str),
) -> Option<T> {
    let mut r = Report::new(&f.file);
    let value = parse(&mut r, f);
    if let Some(v) = &value {
        check(&mut r, v, &f.stem);
    }
    let Some(mut value) = value.filter(|_| r.is_empty()) else {
        problems.append(&mut r.problems);
        return None;
    };
    strip_nulls(&mut value);
    match serde_json::from_value(value) {
        Ok(typed) => Some(typed),
        Err(e) => {
            problems.push(super::internal(&f.file, e));
            None
        }
    }
}

/// An object with `id`, a slug equal to the file name, and a `name`.
fn named_file<'v>(r: &mut Report, v: &'v Value, stem: &str) -> Option<Obj<'v, 'static>> {
    let o = as_obj(r, v, "")?;
    if let Some(id) = o.str(r, "id", true) {
        if check_slug(r, "id", id) && id != stem {
            r.add(
                "id",
                format!("id {id:?} does not match the file name (expected {stem:?} or rename the file to {id}.json)"),
            );
        }
    }
    if let Some(name) = o.str(r, "name", true) {
        check_not_blank(r, "name", name);
    }
    Some(o)
}

/// `content/authors/<id>.json`.
pub fn validate_author(r: &mut Report, v: &Value, stem: &str) {
    let Some(o) = named_file(r, v, stem) else {
        return;
    };
    o.str(r, "role", false);
    if let Some(bio) = o.str(r, "bio", false) {
        check_markdown(r, "bio", bio);
    }
    if let Some(img) = o.object(r, "image", false) {
        image(r, img, "image");
    }
    check_links(r, &o, "links");
}

/// `content/topics/<tag>.json`.
pub fn validate_topic(r: &mut Report, v: &Value, stem: &str) {
    let Some(o) = named_file(r, v, stem) else {
        return;
    };
    if let Some(d) = o.str(r, "description", false) {
        check_markdown(r, "description", d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_without_a_topic_file_read_as_words() {
        assert_eq!(readable("port-esker-floods"), "Port esker floods");
        assert_eq!(readable("ai"), "Ai");
        assert_eq!(readable(""), "");
        assert_eq!(People::default().topic_name("sea-ice"), "Sea ice");
    }
}
