//! Visiting every schema of a document, with its place.
//!
//! Schemas sit in many places of an OpenAPI document: components, parameters,
//! headers, request and response bodies, and inside other schemas. The walkers
//! here find each one and hand it, with its JSON pointer segments, to a callback
//! that may rewrite it in place. The callback runs on the outer schema before the
//! walk descends into it, so it sees each schema as the author wrote it and the
//! walk then visits whatever subschemas the rewrite left.

use serde_json::{Map, Value};

/// Called on each schema with its place in the document (pointer segments).
///
/// The schema is a `Value` rather than an object: JSON Schema 2020-12 allows
/// `true` and `false` as schemas, which the callback may replace.
pub(crate) type SchemaFn<'f> = dyn FnMut(&mut Value, &[String]) + 'f;

/// The HTTP methods a path item may hold.
pub(crate) const METHODS: [&str; 8] = [
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

/// Calls `f` on every schema in the document, outermost first.
pub(crate) fn document(root: &mut Map<String, Value>, f: &mut SchemaFn<'_>) {
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
            let Value::Object(entries) = entries else {
                continue;
            };
            at.push(kind.clone());
            for (name, entry) in entries.iter_mut() {
                at.push(name.clone());
                match kind.as_str() {
                    "schemas" => schema(entry, &mut at, f),
                    "parameters" | "headers" => parameter(entry, &mut at, f),
                    "responses" => response(entry, &mut at, f),
                    "requestBodies" => content(entry, &mut at, f),
                    "pathItems" => path_item(entry, &mut at, f),
                    _ => {}
                }
                at.pop();
            }
            at.pop();
        }
    }
}

/// Calls `f` on `value` and every schema inside it, `at` being its place.
pub(crate) fn schema(value: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    f(value, at);
    let Value::Object(map) = value else { return };
    for (key, child) in map.iter_mut() {
        at.push(key.clone());
        let key = key.as_str();
        if SUBSCHEMA.contains(&key) {
            // `additionalProperties: true` is OpenAPI 3.0 too, not a schema to rewrite.
            if !(key == "additionalProperties" && child.is_boolean()) {
                schema(child, at, f);
            }
        } else if SUBSCHEMA_MAP.contains(&key) {
            each_value(child, at, f, schema);
        } else if SUBSCHEMA_LIST.contains(&key) {
            each_item(child, at, f, schema);
        }
        at.pop();
    }
}

/// Walks one kind of node.
type Walker = fn(&mut Value, &mut Vec<String>, &mut SchemaFn<'_>);

fn path_item(item: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Value::Object(item) = item else { return };
    for (key, value) in item.iter_mut() {
        at.push(key.clone());
        if key == "parameters" {
            each_item(value, at, f, parameter);
        } else if METHODS.contains(&key.as_str()) {
            operation(value, at, f);
        }
        at.pop();
    }
}

fn operation(op: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Value::Object(op) = op else { return };
    for (key, value) in op.iter_mut() {
        at.push(key.clone());
        match key.as_str() {
            "parameters" => each_item(value, at, f, parameter),
            "requestBody" => content(value, at, f),
            "responses" => each_value(value, at, f, response),
            "callbacks" => each_value(value, at, f, |cb, at, f| each_value(cb, at, f, path_item)),
            _ => {}
        }
        at.pop();
    }
}

fn each_item(list: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>, walk: Walker) {
    if let Value::Array(list) = list {
        for (i, v) in list.iter_mut().enumerate() {
            at.push(i.to_string());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn each_value(map: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>, walk: Walker) {
    if let Value::Object(map) = map {
        for (k, v) in map.iter_mut() {
            at.push(k.clone());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn parameter(param: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    if let Some(s) = param.get_mut("schema") {
        at.push("schema".into());
        schema(s, at, f);
        at.pop();
    }
    content(param, at, f);
}

fn response(response: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    content(response, at, f);
    if let Some(headers) = response.get_mut("headers") {
        at.push("headers".into());
        each_value(headers, at, f, parameter);
        at.pop();
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
            schema(s, at, f);
            at.pop();
            at.pop();
        }
    }
    at.pop();
}

/// Calls `f` on every string value of a `$ref` key anywhere under `value`,
/// extensions included.
pub(crate) fn refs(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
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
    use crate::diagnostic::pointer;

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
        document(doc.as_object_mut().unwrap(), &mut |_, at| {
            seen.push(pointer(at));
        });
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
