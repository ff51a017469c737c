//! Visiting the parts and schemas of a document, with their places: read-only ([`parts`],
//! [`document`], [`schema`]) for checks, and mutably ([`parts_mut`], [`document_mut`],
//! [`schema_mut`]) for rewrites. Both follow the same tables of where parts and subschemas sit.
//!
//! Parameters, headers, request bodies and responses sit in path items, their
//! operations, callbacks and components; schemas sit in all of those and inside
//! other schemas. [`parts`] finds the former and [`document`] the latter (and their `_mut` twins), and
//! each hands them, with their JSON pointer segments, to a callback that may
//! rewrite them in place. The callback runs on the outer schema before the
//! walk descends into it, so it sees each schema as the author wrote it and the
//! walk then visits whatever subschemas the rewrite left.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// Called on each schema with its place in the document (pointer segments).
///
/// The schema is a `Value` rather than an object: JSON Schema 2020-12 allows
/// `true` and `false` as schemas, which the callback may replace.
pub type SchemaFn<'f> = dyn FnMut(&mut Value, &[String]) + 'f;

/// The HTTP methods a path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords whose value is one subschema.
const SUBSCHEMA: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "additionalItems",
];

/// Keywords whose value is a map from names to subschemas.
const SUBSCHEMA_MAP: [&str; 4] = [
    "properties",
    "$defs",
    "patternProperties",
    "dependentSchemas",
];

/// Keywords whose value is a list of subschemas.
const SUBSCHEMA_LIST: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// The kinds of node [`parts`] hands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A parameter object (or a `$ref` to one).
    Parameter,
    /// A header object, of a response or of `components.headers`.
    Header,
    /// A request body object.
    RequestBody,
    /// A response object; its headers are handed out after it.
    Response,
    /// A schema under `components.schemas` (the schemas inside parts are
    /// found by [`document`]).
    Schema,
}

/// Called on each part with its kind and its place (pointer segments); the
/// callback may push onto the place while it works, and must pop what it pushed.
pub type PartFn<'f> = dyn FnMut(Part, &mut Value, &mut Vec<String>) + 'f;

/// Calls `f` on every parameter, header, request body, response and component
/// schema of the document: in path items (their operations, and the path items
/// of their callbacks) and in `components`.
pub fn parts_mut(root: &mut Map<String, Value>, f: &mut PartFn<'_>) {
    let mut at = Vec::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        at.push("paths".to_string());
        for (path, item) in paths.iter_mut() {
            at.push(path.clone());
            path_item(item, &mut at, f);
            at.pop();
        }
        at.pop();
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        at.push("components".to_string());
        for (kind, entries) in components.iter_mut() {
            at.push(kind.clone());
            match kind.as_str() {
                "schemas" => each_value(entries, &mut at, f, |v, at, f| f(Part::Schema, v, at)),
                "parameters" => {
                    each_value(entries, &mut at, f, |v, at, f| f(Part::Parameter, v, at));
                }
                "headers" => each_value(entries, &mut at, f, |v, at, f| f(Part::Header, v, at)),
                "requestBodies" => {
                    each_value(entries, &mut at, f, |v, at, f| f(Part::RequestBody, v, at));
                }
                "responses" => each_value(entries, &mut at, f, response),
                "pathItems" => each_value(entries, &mut at, f, path_item),
                _ => {}
            }
            at.pop();
        }
    }
}

/// Calls `f` on every operation of the document's path items.
pub fn operations_mut(root: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (key, operation) in item.iter_mut() {
            if let Value::Object(operation) = operation
                && METHODS.contains(&key.as_str())
            {
                f(operation);
            }
        }
    }
}

/// Calls `f` on every schema in the document, outermost first.
pub fn document_mut(root: &mut Map<String, Value>, f: &mut SchemaFn<'_>) {
    parts_mut(root, &mut |part, value, at| match part {
        Part::Schema => schema_mut(value, at, f),
        Part::Parameter | Part::Header => {
            if let Some(s) = value.get_mut("schema") {
                at.push("schema".into());
                schema_mut(s, at, f);
                at.pop();
            }
            content(value, at, f);
        }
        Part::RequestBody | Part::Response => content(value, at, f),
    });
}

/// Calls `f` on `value` and every schema inside it, `at` being its place.
pub fn schema_mut(value: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    f(value, at);
    let Value::Object(map) = value else { return };
    for (key, child) in map.iter_mut() {
        at.push(key.clone());
        let key = key.as_str();
        if SUBSCHEMA.contains(&key) {
            // `additionalProperties: true` is OpenAPI 3.0 too, not a schema to rewrite.
            if !(key == "additionalProperties" && child.is_boolean()) {
                schema_mut(child, at, f);
            }
        } else if SUBSCHEMA_MAP.contains(&key) {
            each_value(child, at, f, schema_mut);
        } else if SUBSCHEMA_LIST.contains(&key) {
            each_item(child, at, f, schema_mut);
        }
        at.pop();
    }
}

/// Walks one kind of node, calling `F` on what it finds.
type Walker<F> = fn(&mut Value, &mut Vec<String>, &mut F);

fn path_item(item: &mut Value, at: &mut Vec<String>, f: &mut PartFn<'_>) {
    let Value::Object(item) = item else { return };
    for (key, value) in item.iter_mut() {
        at.push(key.clone());
        if key == "parameters" {
            each_item(value, at, f, |v, at, f| f(Part::Parameter, v, at));
        } else if METHODS.contains(&key.as_str()) {
            operation(value, at, f);
        }
        at.pop();
    }
}

fn operation(op: &mut Value, at: &mut Vec<String>, f: &mut PartFn<'_>) {
    let Value::Object(op) = op else { return };
    for (key, value) in op.iter_mut() {
        at.push(key.clone());
        match key.as_str() {
            "parameters" => each_item(value, at, f, |v, at, f| f(Part::Parameter, v, at)),
            "requestBody" => f(Part::RequestBody, value, at),
            "responses" => each_value(value, at, f, response),
            "callbacks" => each_value(value, at, f, |cb, at, f| each_value(cb, at, f, path_item)),
            _ => {}
        }
        at.pop();
    }
}

fn response(response: &mut Value, at: &mut Vec<String>, f: &mut PartFn<'_>) {
    f(Part::Response, response, at);
    if let Some(headers) = response.get_mut("headers") {
        at.push("headers".into());
        each_value(headers, at, f, |v, at, f| f(Part::Header, v, at));
        at.pop();
    }
}

fn each_item<F: ?Sized>(list: &mut Value, at: &mut Vec<String>, f: &mut F, walk: Walker<F>) {
    if let Value::Array(list) = list {
        for (i, v) in list.iter_mut().enumerate() {
            at.push(i.to_string());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn each_value<F: ?Sized>(map: &mut Value, at: &mut Vec<String>, f: &mut F, walk: Walker<F>) {
    if let Value::Object(map) = map {
        for (k, v) in map.iter_mut() {
            at.push(k.clone());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn content(holder: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Some(Value::Object(content)) = holder.get_mut("content") else {
        return;
    };
    at.push("content".into());
    for (media, value) in content.iter_mut() {
        if let Some(s) = value.get_mut("schema") {
            at.push(media.clone());
            at.push("schema".into());
            schema_mut(s, at, f);
            at.pop();
            at.pop();
        }
    }
    at.pop();
}

/// One segment of a node's place, borrowed from the document where it can be: a read-only
/// walk allocates nothing for the places it hands out.
pub type Segment<'a> = Cow<'a, str>;

/// Called, read-only, on each part (of a document borrowed for `'a`) with its kind and its place.
pub type PartVisit<'a, 'f> = dyn FnMut(Part, &'a Value, &[Segment<'a>]) + 'f;

/// Called, read-only, on each schema (of a document borrowed for `'a`) with its place.
pub type SchemaVisit<'a, 'f> = dyn FnMut(&'a Value, &[Segment<'a>]) + 'f;

/// As [`parts_mut`], read-only.
pub fn parts<'a>(root: &'a Map<String, Value>, f: &mut PartVisit<'a, '_>) {
    let mut at: Vec<Segment<'a>> = Vec::new();
    if let Some(Value::Object(paths)) = root.get("paths") {
        at.push(Cow::Borrowed("paths"));
        for (path, item) in paths {
            at.push(Cow::Borrowed(path));
            visit_path_item(item, &mut at, f);
            at.pop();
        }
        at.pop();
    }
    if let Some(Value::Object(components)) = root.get("components") {
        at.push(Cow::Borrowed("components"));
        for (kind, entries) in components {
            at.push(Cow::Borrowed(kind));
            let part = match kind.as_str() {
                "schemas" => Some(Part::Schema),
                "parameters" => Some(Part::Parameter),
                "headers" => Some(Part::Header),
                "requestBodies" => Some(Part::RequestBody),
                _ => None,
            };
            if let Value::Object(entries) = entries {
                for (name, entry) in entries {
                    at.push(Cow::Borrowed(name));
                    match (part, kind.as_str()) {
                        (Some(part), _) => f(part, entry, &at),
                        (None, "responses") => visit_response(entry, &mut at, f),
                        (None, "pathItems") => visit_path_item(entry, &mut at, f),
                        _ => {}
                    }
                    at.pop();
                }
            }
            at.pop();
        }
    }
}

/// As [`document_mut`], read-only.
pub fn document<'a>(root: &'a Map<String, Value>, f: &mut SchemaVisit<'a, '_>) {
    parts(root, &mut |part, value, at| {
        let mut at = at.to_vec();
        match part {
            Part::Schema => schema(value, &mut at, f),
            Part::Parameter | Part::Header => {
                if let Some(s) = value.get("schema") {
                    at.push(Cow::Borrowed("schema"));
                    schema(s, &mut at, f);
                    at.pop();
                }
                visit_content(value, &mut at, f);
            }
            Part::RequestBody | Part::Response => visit_content(value, &mut at, f),
        }
    });
}

/// As [`schema_mut`], read-only.
pub fn schema<'a>(value: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut SchemaVisit<'a, '_>) {
    f(value, at);
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        let k = key.as_str();
        if SUBSCHEMA.contains(&k) {
            // `additionalProperties: true` is OpenAPI 3.0 too, not a schema.
            if !(k == "additionalProperties" && child.is_boolean()) {
                at.push(Cow::Borrowed(k));
                schema(child, at, f);
                at.pop();
            }
        } else if SUBSCHEMA_MAP.contains(&k) {
            if let Value::Object(children) = child {
                at.push(Cow::Borrowed(k));
                for (name, subschema) in children {
                    at.push(Cow::Borrowed(name));
                    schema(subschema, at, f);
                    at.pop();
                }
                at.pop();
            }
        } else if SUBSCHEMA_LIST.contains(&k)
            && let Value::Array(children) = child
        {
            at.push(Cow::Borrowed(k));
            for (i, subschema) in children.iter().enumerate() {
                at.push(Cow::Owned(i.to_string()));
                schema(subschema, at, f);
                at.pop();
            }
            at.pop();
        }
    }
}

fn visit_path_item<'a>(item: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut PartVisit<'a, '_>) {
    let Value::Object(item) = item else { return };
    for (key, value) in item {
        at.push(Cow::Borrowed(key));
        if key == "parameters" {
            visit_parameters(value, at, f);
        } else if METHODS.contains(&key.as_str()) {
            visit_operation(value, at, f);
        }
        at.pop();
    }
}

fn visit_parameters<'a>(list: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut PartVisit<'a, '_>) {
    for (i, parameter) in list.as_array().into_iter().flatten().enumerate() {
        at.push(Cow::Owned(i.to_string()));
        f(Part::Parameter, parameter, at);
        at.pop();
    }
}

fn visit_operation<'a>(op: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut PartVisit<'a, '_>) {
    let Value::Object(op) = op else { return };
    for (key, value) in op {
        at.push(Cow::Borrowed(key));
        match key.as_str() {
            "parameters" => visit_parameters(value, at, f),
            "requestBody" => f(Part::RequestBody, value, at),
            "responses" => {
                for (status, response) in value.as_object().into_iter().flatten() {
                    at.push(Cow::Borrowed(status));
                    visit_response(response, at, f);
                    at.pop();
                }
            }
            "callbacks" => {
                for (name, callback) in value.as_object().into_iter().flatten() {
                    at.push(Cow::Borrowed(name));
                    for (expression, item) in callback.as_object().into_iter().flatten() {
                        at.push(Cow::Borrowed(expression));
                        visit_path_item(item, at, f);
                        at.pop();
                    }
                    at.pop();
                }
            }
            _ => {}
        }
        at.pop();
    }
}

fn visit_response<'a>(response: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut PartVisit<'a, '_>) {
    f(Part::Response, response, at);
    if let Some(Value::Object(headers)) = response.get("headers") {
        at.push(Cow::Borrowed("headers"));
        for (name, header) in headers {
            at.push(Cow::Borrowed(name));
            f(Part::Header, header, at);
            at.pop();
        }
        at.pop();
    }
}

fn visit_content<'a>(holder: &'a Value, at: &mut Vec<Segment<'a>>, f: &mut SchemaVisit<'a, '_>) {
    let Some(Value::Object(content)) = holder.get("content") else {
        return;
    };
    at.push(Cow::Borrowed("content"));
    for (media, value) in content {
        if let Some(s) = value.get("schema") {
            at.push(Cow::Borrowed(media));
            at.push(Cow::Borrowed("schema"));
            schema(s, at, f);
            at.pop();
            at.pop();
        }
    }
    at.pop();
}

/// Calls `f` on every string value of a `$ref` key anywhere under `value`,
/// extensions included.
pub fn refs(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => f(target),
                    _ => refs(child, f),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|v| refs(v, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::openapi::pointer::pointer;

    #[test]
    fn every_schema_is_visited_with_its_place() {
        let mut doc = json!({
            "paths": {"/t/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "get": {
                    "requestBody": {"content": {"application/json": {"schema": {"items": true}}}},
                    "responses": {"200": {
                        "headers": {"X": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"prefixItems": [{}]}}}
                    }}
                }
            }},
            "components": {"schemas": {"A": {"properties": {"p": {"if": {}}}}}}
        });
        let mut seen = Vec::new();
        document_mut(doc.as_object_mut().unwrap(), &mut |_, at| {
            seen.push(pointer(at));
        });
        let mut read_only = Vec::new();
        document(doc.as_object().unwrap(), &mut |_, at| {
            read_only.push(pointer(at));
        });
        assert_eq!(read_only, seen);
        assert_eq!(
            seen,
            [
                "#/paths/~1t~1{id}/get/requestBody/content/application~1json/schema",
                "#/paths/~1t~1{id}/get/requestBody/content/application~1json/schema/items",
                "#/paths/~1t~1{id}/get/responses/200/content/application~1json/schema",
                "#/paths/~1t~1{id}/get/responses/200/content/application~1json/schema/prefixItems/0",
                "#/paths/~1t~1{id}/get/responses/200/headers/X/schema",
                "#/paths/~1t~1{id}/parameters/0/schema",
                "#/components/schemas/A",
                "#/components/schemas/A/properties/p",
                "#/components/schemas/A/properties/p/if",
            ]
        );
    }
}
