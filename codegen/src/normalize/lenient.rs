//! What a published document gets wrong, and `--lenient` works around.
//!
//! By default a broken document is an error, with the place of each problem. With
//! [`Settings::lenient`](crate::Settings::lenient), the generator still makes a client from it,
//! with a warning for each workaround:
//!
//! - a schema `$ref` to a component that does not exist, or an empty one, is any JSON value
//!   (`serde_json::Value`);
//! - a path or header parameter whose schema is an object (NetBird's published document has
//!   `/api/locations/countries/{country}/cities` with `country` an object) is a string: one
//!   path segment or header value cannot hold an object's fields;
//! - an `operationId` used again (by a later operation, in the order of their paths, then of
//!   their methods, both alphabetical) is renamed `<id>_2` (`_3`… the first whose client
//!   method is free); the first operation keeps it;
//! - a security requirement naming a scheme that `components.securitySchemes` does not have
//!   is dropped (Meta's Llama Stack document has `security: [{Default: []}]` and no schemes);
//!   a `security` list left empty is removed, so that the document's applies to an operation
//!   and none to the document;
//! - a response without `description` (GrowthBook's document has 250) has an empty one.
//!
//! A YAML text with C1 control characters is read with `--lenient` too (see
//! [`crate::load::parse_with`]).
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
    if lenient && let Value::Object(root) = document {
        operation_ids(root, diagnostics);
        unknown_schemes(root, diagnostics);
        response_descriptions(root, diagnostics);
    }
}

/// The operations of the document with their places: `(path, method, operation)`, in the
/// order of their paths, then of their methods.
fn operations(root: &mut Map<String, Value>) -> Vec<(String, String, &mut Map<String, Value>)> {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item.iter_mut() {
            if let Value::Object(operation) = operation
                && walk::METHODS.contains(&method.as_str())
            {
                out.push((path.clone(), method.clone(), operation));
            }
        }
    }
    out
}

/// Renames each `operationId` used again, with a warning.
fn operation_ids(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let mut operations = operations(root);
    let id = |operation: &Map<String, Value>| {
        operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut taken: BTreeSet<String> = operations
        .iter()
        .filter_map(|(_, _, operation)| id(operation))
        .map(|id| crate::names::method_name(&id))
        .collect();
    let mut seen = BTreeSet::new();
    for (path, method, operation) in &mut operations {
        let Some(id) = id(operation) else { continue };
        if seen.insert(id.clone()) {
            continue;
        }
        let renamed = (2..)
            .map(|n| format!("{id}_{n}"))
            .find(|name| !taken.contains(&crate::names::method_name(name)))
            .unwrap_or_default();
        taken.insert(crate::names::method_name(&renamed));
        operation.insert("operationId".into(), Value::String(renamed.clone()));
        diagnostics
            .warning(
                "lenient-operation-id",
                pointer(["paths", path.as_str(), method.as_str(), "operationId"]),
                format!("operationId `{id}` is already used by an earlier operation; with --lenient this one is `{renamed}`"),
            )
            .help("operationIds must be unique in a document; rename one of them");
    }
}

/// Drops each security requirement naming a scheme the document does not have, with a warning.
fn unknown_schemes(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let schemes: BTreeSet<String> = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let mut drop_from = |holder: &mut Map<String, Value>, at: Vec<String>| {
        let Some(Value::Array(requirements)) = holder.get_mut("security") else {
            return;
        };
        let before = requirements.len();
        let mut index = 0;
        requirements.retain(|requirement| {
            let unknown = requirement
                .as_object()
                .and_then(|r| r.keys().find(|name| !schemes.contains(*name)));
            if let Some(name) = unknown {
                let mut place = at.clone();
                place.extend(["security".to_string(), index.to_string()]);
                diagnostics
                    .warning(
                        "lenient-security",
                        pointer(&place),
                        format!("the security requirement names `{name}`, which is not in `components.securitySchemes`; with --lenient the requirement is dropped"),
                    )
                    .help(format!("add `{name}` to `components.securitySchemes`, or remove the requirement"));
            }
            index += 1;
            unknown.is_none()
        });
        if before > 0 && requirements.is_empty() {
            holder.remove("security");
        }
    };
    for (path, method, operation) in operations(root) {
        drop_from(operation, vec!["paths".into(), path, method]);
    }
    drop_from(root, Vec::new());
}

/// Gives each response without `description` an empty one, with a warning.
fn response_descriptions(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    walk::parts_mut(root, &mut |part, response, at| {
        if part != Part::Response {
            return;
        }
        let Value::Object(response) = response else {
            return;
        };
        if response.contains_key("description") || response.contains_key("$ref") {
            return;
        }
        response.insert("description".into(), Value::String(String::new()));
        diagnostics
            .warning(
                "lenient-response",
                pointer(at.iter()),
                "the response has no `description`, which OpenAPI requires; with --lenient it has an empty one",
            )
            .help("add a `description` to the response");
    });
}

fn component<'a>(reference: &str, schemas: &'a Map<String, Value>) -> Option<&'a Value> {
    let name = reference.strip_prefix(SCHEMAS)?;
    schemas.get(&unescape(name))
}

/// The schema itself, or the component schema its `$ref` names; `None` when that does not
/// resolve.
fn through_reference<'a>(schema: &'a Value, schemas: &'a Map<String, Value>) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => component(reference, schemas),
        None => Some(schema),
    }
}

/// Whether a schema is an object with fields (directly or through one `$ref`).
fn is_object(schema: &Value, schemas: &Map<String, Value>) -> bool {
    let Some(schema) = through_reference(schema, schemas) else {
        return false;
    };
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// Whether a schema is an array (directly or through one `$ref`).
fn is_array(schema: &Value, schemas: &Map<String, Value>) -> bool {
    through_reference(schema, schemas)
        .is_some_and(|schema| schema.get("type").and_then(Value::as_str) == Some("array"))
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
        // Empty (Fitbit's document has `$ref: ""`), or a schema component that is not there.
        let dangling = reference.is_empty()
            || reference
                .strip_prefix(SCHEMAS)
                .is_some_and(|name| !known.contains(&unescape(name)));
        if !dangling {
            return;
        }
        let mut place = at.to_vec();
        place.push("$ref".into());
        diagnostics
            .warning(
                "lenient-reference",
                pointer(&place),
                match reference {
                    "" => "this `$ref` is empty; with --lenient the value is any JSON value (`serde_json::Value`)".to_string(),
                    _ => format!("`{reference}` does not resolve; with --lenient the value is any JSON value (`serde_json::Value`)"),
                },
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

    /// The diagnostics `apply` records for `doc`, and the document after.
    fn lenient(mut doc: Value) -> (Value, Vec<(&'static str, String, String)>) {
        let mut diagnostics = Diagnostics::new(Path::new("t.yaml"));
        apply(&mut doc, &mut diagnostics, true);
        let found = diagnostics.finish().expect("only warnings");
        (
            doc,
            found
                .into_iter()
                .map(|d| (d.code, d.pointer, d.message))
                .collect(),
        )
    }

    #[test]
    fn a_later_operation_with_an_id_already_used_is_renamed() {
        let op = |id: &str| json!({"operationId": id, "responses": {"204": {"description": "ok"}}});
        let (doc, found) = lenient(json!({"paths": {
            "/a": {"get": op("listThings"), "post": op("listThings")},
            "/b": {"get": op("listThings"), "put": op("list_things_2")}
        }}));
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "listThings");
        assert_eq!(doc["paths"]["/a"]["post"]["operationId"], "listThings_3");
        assert_eq!(doc["paths"]["/b"]["get"]["operationId"], "listThings_4");
        assert_eq!(
            found,
            [
                (
                    "lenient-operation-id",
                    "#/paths/~1a/post/operationId".to_string(),
                    "operationId `listThings` is already used by an earlier operation; with --lenient this one is `listThings_3`".to_string()
                ),
                (
                    "lenient-operation-id",
                    "#/paths/~1b/get/operationId".to_string(),
                    "operationId `listThings` is already used by an earlier operation; with --lenient this one is `listThings_4`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_requirement_of_an_unknown_scheme_is_dropped() {
        let (doc, found) = lenient(json!({
            "security": [{"Default": []}],
            "paths": {"/a": {"get": {
                "security": [{"Token": []}, {"Key": [], "Token": []}],
                "responses": {"204": {"description": "ok"}}
            }}},
            "components": {"securitySchemes": {"Token": {"type": "http", "scheme": "bearer"}}}
        }));
        assert_eq!(doc.get("security"), None);
        assert_eq!(
            doc["paths"]["/a"]["get"]["security"],
            json!([{"Token": []}])
        );
        assert_eq!(
            found,
            [
                (
                    "lenient-security",
                    "#/paths/~1a/get/security/1".to_string(),
                    "the security requirement names `Key`, which is not in `components.securitySchemes`; with --lenient the requirement is dropped".to_string()
                ),
                (
                    "lenient-security",
                    "#/security/0".to_string(),
                    "the security requirement names `Default`, which is not in `components.securitySchemes`; with --lenient the requirement is dropped".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_response_without_description_has_an_empty_one() {
        let (doc, found) = lenient(json!({"paths": {"/a": {"get": {"responses": {
            "200": {"content": {}},
            "404": {"$ref": "#/components/responses/NotFound"}
        }}}}, "components": {"responses": {"NotFound": {"description": "gone"}}}}));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["description"],
            ""
        );
        assert_eq!(
            found,
            [(
                "lenient-response",
                "#/paths/~1a/get/responses/200".to_string(),
                "the response has no `description`, which OpenAPI requires; with --lenient it has an empty one".to_string()
            )]
        );
    }

    #[test]
    fn strict_mode_leaves_what_validation_reports() {
        let doc = json!({
            "security": [{"Default": []}],
            "paths": {"/a": {"get": {"operationId": "x", "responses": {"200": {}}},
                             "put": {"operationId": "x", "responses": {"200": {}}}}}
        });
        let mut copy = doc.clone();
        let mut diagnostics = Diagnostics::new(Path::new("t.yaml"));
        apply(&mut copy, &mut diagnostics, false);
        assert_eq!(copy, doc);
        assert!(diagnostics.finish().unwrap().is_empty());
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
