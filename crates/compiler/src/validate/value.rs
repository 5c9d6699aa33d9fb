//! Typed reads from a `serde_json::Value`, reporting a missing field or a
//! wrong type at its JSON path. Optional fields treat `null` as absent.

use crate::diag::{index, key, Report};
use serde_json::{Map, Value};

/// How a value's JSON type reads in a message.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(r: &mut Report, path: &str, want: &str, v: &Value) {
    r.add(path, format!("expected {want}, found {}", type_name(v)));
}

/// A JSON object being checked, with its path.
#[derive(Clone, Copy)]
pub struct Obj<'v, 'p> {
    pub map: &'v Map<String, Value>,
    pub path: &'p str,
}

/// `v` as an object, or a reported type error.
pub fn as_obj<'v, 'p>(r: &mut Report, v: &'v Value, path: &'p str) -> Option<Obj<'v, 'p>> {
    match v {
        Value::Object(map) => Some(Obj { map, path }),
        other => {
            wrong(r, path, "an object", other);
            None
        }
    }
}

/// `v` as a string, or a reported type error.
pub fn as_str<'v>(r: &mut Report, v: &'v Value, path: &str) -> Option<&'v str> {
    match v {
        Value::String(s) => Some(s),
        other => {
            wrong(r, path, "a string", other);
            None
        }
    }
}

impl<'v> Obj<'v, '_> {
    pub fn at(&self, field: &str) -> String {
        key(self.path, field)
    }

    /// The field's value; `null` counts as absent. Reports a missing
    /// required field.
    fn get(&self, r: &mut Report, field: &str, required: bool) -> Option<&'v Value> {
        match self.map.get(field) {
            Some(Value::Null) | None => {
                if required {
                    r.add(&self.at(field), "missing required field");
                }
                None
            }
            Some(v) => Some(v),
        }
    }

    pub fn has(&self, field: &str) -> bool {
        !matches!(self.map.get(field), None | Some(Value::Null))
    }

    pub fn str(&self, r: &mut Report, field: &str, required: bool) -> Option<&'v str> {
        let v = self.get(r, field, required)?;
        as_str(r, v, &self.at(field))
    }

    pub fn bool(&self, r: &mut Report, field: &str, required: bool) -> Option<bool> {
        match self.get(r, field, required)? {
            Value::Bool(b) => Some(*b),
            other => {
                wrong(r, &self.at(field), "true or false", other);
                None
            }
        }
    }

    /// A whole number within `min..=max`.
    pub fn int(
        &self,
        r: &mut Report,
        field: &str,
        required: bool,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        let v = self.get(r, field, required)?;
        let n = v.as_u64().filter(|n| (min..=max).contains(n));
        if n.is_none() {
            let shown = match v {
                Value::Number(n) => n.to_string(),
                other => type_name(other).to_string(),
            };
            r.add(
                &self.at(field),
                format!("expected a whole number from {min} to {max}, found {shown}"),
            );
        }
        n
    }

    pub fn array(&self, r: &mut Report, field: &str, required: bool) -> Option<&'v Vec<Value>> {
        match self.get(r, field, required)? {
            Value::Array(a) => Some(a),
            other => {
                wrong(r, &self.at(field), "an array", other);
                None
            }
        }
    }

    pub fn object(&self, r: &mut Report, field: &str, required: bool) -> Option<&'v Value> {
        let v = self.get(r, field, required)?;
        if v.is_object() {
            Some(v)
        } else {
            wrong(r, &self.at(field), "an object", v);
            None
        }
    }

    /// An array of strings: each string with its path; wrong items reported.
    pub fn strings(
        &self,
        r: &mut Report,
        field: &str,
        required: bool,
    ) -> Option<Vec<(String, &'v str)>> {
        let items = self.array(r, field, required)?;
        let base = self.at(field);
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let p = index(&base, i);
                    as_str(r, v, &p).map(|s| (p, s))
                })
                .collect(),
        )
    }
}
