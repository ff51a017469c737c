//! `anyOf` of values that are not objects: an enum.
//!
//! typify makes an `anyOf` whose branches are references into a struct with one flattened,
//! optional field per branch, which serde can only read from a JSON object: a value such as
//! `"DatabaseOne"` for `anyOf: [{$ref: DatabaseName}, {$ref: AllDatabases}]` (InfluxData's
//! published management document) fails to deserialize. When no branch can be an object, the
//! value matches the branches as alternatives, which is what `oneOf` says to typify: an
//! untagged enum, tried in order. (Where several branches match, the first is chosen, as
//! `anyOf` allows.)

use serde_json::{Map, Value};

use crate::openapi::pointer::json_pointer;
use crate::openapi::walk;

/// Rewrites every `anyOf` whose branches are all non-object values into `oneOf`.
pub fn scalar_alternatives(document: &mut Value) {
    let Value::Object(root) = &*document else {
        return;
    };
    // Found reading the document, rewritten after: the component schemas are looked up while
    // the walk goes, and need not be copied.
    let empty = Map::new();
    let schemas = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut places: Vec<String> = Vec::new();
    walk::document(root, &mut |schema, at| {
        let Some(Value::Array(branches)) = schema.get("anyOf") else {
            return;
        };
        if branches.len() >= 2
            && schema.get("oneOf").is_none()
            && branches.iter().all(|b| is_scalar(b, schemas, 0))
        {
            places.push(json_pointer(at));
        }
    });
    for place in places {
        if let Some(Value::Object(object)) = document.pointer_mut(&place)
            && let Some(branches) = object.remove("anyOf")
        {
            object.insert("oneOf".to_string(), branches);
        }
    }
}

/// Whether a schema can only be a string, number, integer, boolean or array (following
/// component references a few levels deep).
fn is_scalar(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| schemas.get(&crate::openapi::pointer::unescape(name)))
            .is_some_and(|target| is_scalar(target, schemas, depth + 1));
    }
    if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
        return false;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string" | "number" | "integer" | "boolean" | "array") => true,
        Some(_) => false,
        // An untyped enum of scalars (`const` arrives here as a one-value enum).
        None => schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| !v.is_object())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_to_scalars_become_alternatives_and_objects_stay() {
        let mut doc = json!({
            "components": {"schemas": {
                "Name": {"type": "string", "pattern": "^[a-z]+$"},
                "All": {"enum": ["*"]},
                "Obj": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Resource": {"anyOf": [{"$ref": "#/components/schemas/Name"}, {"$ref": "#/components/schemas/All"}]},
                "Mixed": {"anyOf": [{"$ref": "#/components/schemas/Name"}, {"$ref": "#/components/schemas/Obj"}]},
            }}
        });
        scalar_alternatives(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert!(schemas["Resource"].get("oneOf").is_some());
        assert!(schemas["Resource"].get("anyOf").is_none());
        assert!(schemas["Mixed"].get("anyOf").is_some());
    }
}
