//! One document as the comparison reads it: references followed, operations found by method
//! and path template, parameters merged from the path item, schemas folded into a [`Shape`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::unchanged::Unchanged;
use crate::openapi::reference::resolve;
use crate::openapi::template::{self, anonymous};

/// The HTTP methods a path item can hold, in the order documents usually list them.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How many `$ref`s in a row are followed before a chain counts as a cycle.
const MAX_HOPS: usize = 64;

static EMPTY: Value = Value::Null;

/// The two documents, and what is the same in both.
pub(super) struct Docs<'v, 'a> {
    pub old: &'v View<'a>,
    pub new: &'v View<'a>,
    pub unchanged: Unchanged,
}

impl<'v, 'a> Docs<'v, 'a> {
    pub(super) fn new(old: &'v View<'a>, new: &'v View<'a>) -> Self {
        Self {
            old,
            new,
            unchanged: Unchanged::new(old.root(), new.root()),
        }
    }
}

/// A document, for reading.
pub(super) struct View<'a> {
    root: &'a Map<String, Value>,
}

/// An operation found in a document.
pub(super) struct Op<'a> {
    /// The path template as written.
    pub path: &'a str,
    /// Lower case, as a path item's key.
    pub method: &'static str,
    /// The path item (references followed).
    pub item: &'a Value,
    /// The operation.
    pub operation: &'a Value,
}

/// A parameter, with what the comparison needs of it.
pub(super) struct Param<'a> {
    pub location: String,
    pub name: String,
    pub required: bool,
    pub schema: Option<&'a Value>,
}

impl<'a> View<'a> {
    pub(super) fn new(document: &'a Value) -> Self {
        static EMPTY_MAP: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        Self {
            root: document
                .as_object()
                .unwrap_or_else(|| EMPTY_MAP.get_or_init(Map::new)),
        }
    }

    /// The document's top-level fields.
    pub(super) fn root(&self) -> &'a Map<String, Value> {
        self.root
    }

    /// A top-level field.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value> {
        self.root.get(key)
    }

    /// `value`, or what its chain of local `$ref`s leads to (`null` for one that dangles or
    /// goes round), and the last component name on the way.
    pub(super) fn deref(&self, mut value: &'a Value) -> (&'a Value, Option<String>) {
        let mut name = None;
        for _ in 0..MAX_HOPS {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return (value, name);
            };
            name = Some(crate::openapi::pointer::last_segment(reference));
            match resolve(self.root, reference) {
                Some(target) => value = target,
                None => return (&EMPTY, name),
            }
        }
        (&EMPTY, name)
    }

    /// Every operation, by method and [`key`] of its path.
    pub(super) fn operations(&self) -> BTreeMap<(String, &'static str), Op<'a>> {
        let mut out = BTreeMap::new();
        let Some(Value::Object(paths)) = self.get("paths") else {
            return out;
        };
        for (path, item) in paths {
            let (item, _) = self.deref(item);
            for method in METHODS {
                if let Some(operation) = item.get(method).filter(|o| o.is_object()) {
                    out.insert(
                        (key(path), method),
                        Op {
                            path,
                            method,
                            item,
                            operation,
                        },
                    );
                }
            }
        }
        out
    }

    /// The operation's parameters, the path item's included unless the operation overrides
    /// them, keyed by where they go and their name; path parameters by their place in the
    /// template (`path#0`), so that a renamed one is the same parameter.
    pub(super) fn parameters(&self, op: &Op<'a>) -> BTreeMap<(String, String), Param<'a>> {
        let mut out = BTreeMap::new();
        let places = template::parameters(op.path);
        for list in [op.item.get("parameters"), op.operation.get("parameters")] {
            let Some(Value::Array(list)) = list else {
                continue;
            };
            for parameter in list {
                let (parameter, _) = self.deref(parameter);
                let (Some(name), Some(location)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter.get("in").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let key_name = match location {
                    "path" => places
                        .iter()
                        .position(|p| p == name)
                        .map_or_else(|| name.to_string(), |i| format!("#{i}")),
                    // Header names are case-insensitive.
                    "header" => name.to_ascii_lowercase(),
                    _ => name.to_string(),
                };
                let schema = parameter.get("schema").or_else(|| {
                    parameter
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema"))
                });
                out.insert(
                    (location.to_string(), key_name),
                    Param {
                        location: location.to_string(),
                        name: name.to_string(),
                        required: location == "path"
                            || parameter.get("required") == Some(&Value::Bool(true)),
                        schema,
                    },
                );
            }
        }
        out
    }

    /// The schema folded into one [`Shape`]: references followed, `allOf` merged, a `oneOf`
    /// or `anyOf` of one schema and `null` read as that schema made nullable.
    pub(super) fn shape(&self, schema: &'a Value) -> Shape<'a> {
        let mut shape = Shape::default();
        self.fold(schema, &mut shape, 0);
        shape
    }

    fn fold(&self, schema: &'a Value, shape: &mut Shape<'a>, depth: usize) {
        if depth > MAX_HOPS {
            return;
        }
        let (schema, name) = self.deref(schema);
        if shape.name.is_none() {
            shape.name = name;
        }
        let Some(map) = schema.as_object() else {
            return;
        };
        shape
            .identity
            .get_or_insert(schema as *const Value as usize);
        match map.get("type") {
            Some(Value::String(t)) if t == "null" => shape.nullable = true,
            Some(Value::String(t)) => {
                shape.types.insert(t.clone());
            }
            Some(Value::Array(list)) => {
                shape.type_list = true;
                for t in list.iter().filter_map(Value::as_str) {
                    if t == "null" {
                        shape.nullable = true;
                    } else {
                        shape.types.insert(t.to_string());
                    }
                }
            }
            _ => {}
        }
        if map.get("nullable") == Some(&Value::Bool(true)) {
            shape.nullable = true;
        }
        let str_field = |key: &str| map.get(key).and_then(Value::as_str);
        let num_field = |key: &str| map.get(key).and_then(Value::as_f64);
        shape.format = shape.format.or(str_field("format"));
        shape.pattern = shape.pattern.or(str_field("pattern"));
        shape.max_length = shape.max_length.or(num_field("maxLength"));
        shape.min_length = shape.min_length.or(num_field("minLength"));
        // 3.1's numeric `exclusiveMaximum` is a bound too (3.0's is a flag on `maximum`).
        shape.maximum = shape
            .maximum
            .or(num_field("maximum"))
            .or(num_field("exclusiveMaximum"));
        shape.minimum = shape
            .minimum
            .or(num_field("minimum"))
            .or(num_field("exclusiveMinimum"));
        shape.max_items = shape.max_items.or(num_field("maxItems"));
        shape.min_items = shape.min_items.or(num_field("minItems"));
        if shape.default.is_none() {
            shape.default = map.get("default");
        }
        if map.get("readOnly") == Some(&Value::Bool(true)) {
            shape.read_only = true;
        }
        if map.get("writeOnly") == Some(&Value::Bool(true)) {
            shape.write_only = true;
        }
        let values = map
            .get("enum")
            .and_then(Value::as_array)
            .map(|v| v.iter().collect::<Vec<_>>())
            .or_else(|| map.get("const").map(|c| vec![c]));
        if let Some(values) = values {
            let mut kept = Vec::new();
            for value in values {
                if value.is_null() {
                    shape.nullable = true;
                } else {
                    kept.push(value);
                }
            }
            shape.enumeration.get_or_insert(kept);
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                shape.properties.entry(name.clone()).or_insert(property);
            }
        }
        if let Some(Value::Array(required)) = map.get("required") {
            shape.required.extend(
                required
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string),
            );
        }
        if shape.items.is_none() {
            shape.items = map.get("items").filter(|i| i.is_object());
        }
        if shape.additional.is_none() {
            shape.additional = map.get("additionalProperties").filter(|i| i.is_object());
        }
        if let Some(Value::Array(parts)) = map.get("allOf") {
            for part in parts {
                self.fold(part, shape, depth + 1);
            }
        }
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(parts)) = map.get(key) else {
                continue;
            };
            let (nulls, others): (Vec<&Value>, Vec<&Value>) =
                parts.iter().partition(|p| self.is_null_schema(p));
            if !nulls.is_empty() {
                shape.nullable = true;
            }
            if others.len() == 1 && !nulls.is_empty() {
                // `oneOf: [{$ref: A}, {type: null}]`: A, nullable.
                self.fold(others[0], shape, depth + 1);
            } else if key == "oneOf" {
                shape.one_of.extend(others);
            } else {
                shape.any_of.extend(others);
            }
        }
    }

    fn is_null_schema(&self, schema: &'a Value) -> bool {
        let (schema, _) = self.deref(schema);
        schema.get("type").and_then(Value::as_str) == Some("null")
            || schema
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|v| v.len() == 1 && v[0].is_null())
    }
}

/// A schema folded for comparing.
#[derive(Debug, Default)]
pub(super) struct Shape<'a> {
    /// The component it is, when reached through a `$ref` (the first on the way).
    pub name: Option<String>,
    /// The node's address, to tell a cycle.
    pub identity: Option<usize>,
    /// Its types, `null` apart; empty when it says none.
    pub types: BTreeSet<String>,
    /// Whether `type` was written as a list (3.1).
    pub type_list: bool,
    pub nullable: bool,
    pub format: Option<&'a str>,
    pub pattern: Option<&'a str>,
    pub max_length: Option<f64>,
    pub min_length: Option<f64>,
    pub maximum: Option<f64>,
    pub minimum: Option<f64>,
    pub max_items: Option<f64>,
    pub min_items: Option<f64>,
    pub default: Option<&'a Value>,
    /// Its `enum` (or `const`) values, `null` apart.
    pub enumeration: Option<Vec<&'a Value>>,
    pub properties: BTreeMap<String, &'a Value>,
    pub required: BTreeSet<String>,
    pub items: Option<&'a Value>,
    /// The schema of a map's values (`additionalProperties`).
    pub additional: Option<&'a Value>,
    pub one_of: Vec<&'a Value>,
    pub any_of: Vec<&'a Value>,
    pub read_only: bool,
    pub write_only: bool,
}

impl Shape<'_> {
    /// Whether typify makes this a checked newtype around `String` (a string with a pattern
    /// or a length, and no format or enum), rather than a plain `String`.
    pub(super) fn is_checked_string(&self) -> bool {
        self.types.len() == 1
            && self.types.contains("string")
            && self.format.is_none()
            && self.enumeration.is_none()
            && (self.pattern.is_some()
                || self.max_length.is_some()
                || self.min_length.is_some_and(|m| m > 0.0))
    }
}

/// The key an operation's path is matched by: the template with its parameters' names left out
/// (`/tokens/{}`), so that renaming a path parameter is no new path, and without a trailing `/`,
/// which servers and clients treat alike.
fn key(path: &str) -> String {
    let key = anonymous(path);
    match key.trim_end_matches('/') {
        "" => "/".to_string(),
        trimmed => trimmed.to_string(),
    }
}
