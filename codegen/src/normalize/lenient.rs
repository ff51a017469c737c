//! What a published document gets wrong, and `--lenient` works around.
//!
//! By default a broken document is an error, with the place of each problem. With
//! [`Settings::lenient`](crate::Settings::lenient), the generator still makes a client from it,
//! with a warning for each workaround:
//!
//! - a schema `$ref` to a component that does not exist is any JSON value
//!   (`serde_json::Value`);
//! - a path or header parameter whose schema is an object (NetBird's published document has
//!   `/api/locations/countries/{country}/cities` with `country` an object) is a string: one
//!   path segment or header value cannot hold an object's fields.
//!
//! In every mode, a path or header parameter whose schema is a list is a string (the values
//! joined with `,`, as the `simple` style sends them), with a warning: the document is valid,
//! but progenitor writes a parameter into one place with `to_string`, which a list lacks.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::{json_pointer, pointer, unescape};
use crate::openapi::walk::{self, Part};

/// The prefix of a reference to a component schema.
const SCHEMAS: &str = "#/components/schemas/";

/// Reports (or, when `lenient`, works around) parameters that cannot be sent; when `lenient`,
/// also stands in for schema references that do not resolve.
pub fn apply(document: &mut Value, diagnostics: &mut Diagnostics, lenient: bool) {
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
    let mut rewrites: Vec<(String, Value)> = Vec::new();
    object_parameters(root, schemas, diagnostics, lenient, &mut rewrites);
    if lenient {
        dangling_references(root, schemas, diagnostics, &mut rewrites);
    }
    for (place, value) in rewrites {
        if let Some(node) = document.pointer_mut(&place) {
            *node = value;
        }
    }
}

fn component<'a>(reference: &str, schemas: &'a Map<String, Value>) -> Option<&'a Value> {
    let name = reference.strip_prefix(SCHEMAS)?;
    schemas.get(&unescape(name))
}

/// Whether a schema is an object with fields (directly or through one `$ref`).
fn is_object(schema: &Value, schemas: &Map<String, Value>) -> bool {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => match component(reference, schemas) {
            Some(target) => target,
            None => return false,
        },
        None => schema,
    };
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// Whether a schema is an array (directly or through one `$ref`).
fn is_array(schema: &Value, schemas: &Map<String, Value>) -> bool {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => match component(reference, schemas) {
            Some(target) => target,
            None => return false,
        },
        None => schema,
    };
    schema.get("type").and_then(Value::as_str) == Some("array")
}

/// Path and header parameters whose schema is a list: a warning and a string schema in
/// `rewrites`, in every mode (a list of values is valid, but one place holds one string).
/// Path and header parameters whose schema is an object: an error, or with `lenient` a
/// warning and a string schema in `rewrites` (by `Value::pointer` place).
fn object_parameters(
    root: &Map<String, Value>,
    schemas: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
    lenient: bool,
    rewrites: &mut Vec<(String, Value)>,
) {
    walk::parts(root, &mut |part, value, at| {
        if part != Part::Parameter {
            return;
        }
        let location = value
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !matches!(location.as_str(), "path" | "header") {
            return;
        }
        let name = value
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if value.get("schema").is_some_and(|s| is_array(s, schemas)) {
            let mut place = at.to_vec();
            place.push("schema".into());
            diagnostics
                .warning(
                    "list-parameter",
                    pointer(&place),
                    format!("{location} parameter `{name}` is a list; the client takes it as one string, the values joined with `,` as the `simple` style sends them"),
                )
                .help("a client method cannot tell how to write each value of a list in one place; join them before the call");
            rewrites.push((json_pointer(&place), json!({"type": "string"})));
            return;
        }
        if !value.get("schema").is_some_and(|s| is_object(s, schemas)) {
            return;
        }
        let name = value
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut place = at.to_vec();
        place.push("schema".into());
        let message = format!(
            "{location} parameter `{name}` has an object schema, but a {} holds one value",
            if location == "path" {
                "path segment"
            } else {
                "header"
            }
        );
        if lenient {
            diagnostics
                .warning(
                    "lenient-parameter",
                    pointer(&place),
                    format!("{message}; with --lenient it is sent as a string"),
                )
                .help("give the parameter the schema of the value it holds, such as a string");
            rewrites.push((json_pointer(&place), json!({"type": "string"})));
        } else {
            diagnostics
                .error("unsupported-parameter", pointer(&place), message)
                .help("give the parameter the schema of the value it holds, such as a string, or generate with --lenient to send it as a string");
        }
    });
}

/// Schema references that do not resolve: a warning each, and any value in `rewrites`.
fn dangling_references(
    root: &Map<String, Value>,
    schemas: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
    rewrites: &mut Vec<(String, Value)>,
) {
    let known: BTreeSet<&String> = schemas.keys().collect();
    walk::document(root, &mut |schema, at| {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let Some(name) = reference.strip_prefix(SCHEMAS) else {
            return;
        };
        if known.contains(&unescape(name)) {
            return;
        }
        let mut place = at.to_vec();
        place.push("$ref".into());
        diagnostics
            .warning(
                "lenient-reference",
                pointer(&place),
                format!("`{reference}` does not resolve; with --lenient the value is any JSON value (`serde_json::Value`)"),
            )
            .help("add the missing schema to `components.schemas`");
        let mut any = json!({});
        if let Some(description) = schema.get("description") {
            any["description"] = description.clone();
        }
        rewrites.push((json_pointer(at), any));
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn document() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/countries/{country}/cities": {"get": {
                "operationId": "listCities",
                "parameters": [{"name": "country", "in": "path", "required": true,
                                "schema": {"$ref": "#/components/schemas/Country"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Missing"}}}}},
            }}},
            "components": {"schemas": {"Country": {"type": "object", "properties": {"code": {"type": "string"}}}}},
        })
    }

    fn run(lenient: bool) -> (Value, Vec<String>) {
        let mut doc = document();
        let mut diagnostics = Diagnostics::new(Path::new("t.yaml"));
        apply(&mut doc, &mut diagnostics, lenient);
        let found = diagnostics.finish().unwrap_or_else(|e| e);
        (doc, found.iter().map(|d| d.code.to_string()).collect())
    }

    #[test]
    fn strict_reports_an_object_path_parameter_and_leaves_references_to_validation() {
        let (doc, codes) = run(false);
        assert_eq!(codes, ["unsupported-parameter"]);
        assert_eq!(doc, document());
    }

    #[test]
    fn lenient_sends_it_as_a_string_and_any_value_stands_in_for_a_missing_schema() {
        let (doc, codes) = run(true);
        assert_eq!(codes, ["lenient-parameter", "lenient-reference"]);
        let op = &doc["paths"]["/countries/{country}/cities"]["get"];
        assert_eq!(op["parameters"][0]["schema"], json!({"type": "string"}));
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({})
        );
    }
}
