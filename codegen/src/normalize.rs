//! Rewriting a document into the OpenAPI 3.0 that progenitor takes.
//!
//! progenitor and `openapiv3` read OpenAPI 3.0 only. OpenAPI 3.1 documents are
//! rewritten here, on the JSON value, into their 3.0 equivalent: the version, the
//! 3.1-only document fields, and the JSON Schema 2020-12 forms of schemas that
//! have a direct 3.0 spelling. Anything dropped that changes the client is reported
//! as a warning naming the keyword and its place.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostics, pointer};

/// The OpenAPI version this module rewrites documents into.
pub const TARGET_VERSION: &str = "3.0.3";

/// The major versions of OpenAPI that documents may declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x, taken as it is.
    V3_0,
    /// OpenAPI 3.1.x, rewritten into 3.0.
    V3_1,
}

/// Reads the `openapi` field, reporting documents that are not OpenAPI 3.0 or 3.1.
pub fn version(document: &Value, diagnostics: &mut Diagnostics) -> Option<Version> {
    let supported = "the generator reads OpenAPI 3.0.x and 3.1.x documents";
    match (document.get("openapi"), document.get("swagger")) {
        (Some(Value::String(v)), _) if v.trim().starts_with("3.0.") => Some(Version::V3_0),
        (Some(Value::String(v)), _) if v.trim().starts_with("3.1.") => Some(Version::V3_1),
        (Some(Value::String(v)), _) => {
            diagnostics
                .error(
                    "version",
                    "#/openapi",
                    format!("unsupported OpenAPI version `{v}`"),
                )
                .help(supported);
            None
        }
        (Some(other), _) => {
            diagnostics
                .error(
                    "version",
                    "#/openapi",
                    format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
                )
                .help("quote the version: `openapi: \"3.0.3\"`");
            None
        }
        (None, Some(v)) => {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            diagnostics
                .error(
                    "version",
                    "#/swagger",
                    format!("this is a Swagger {v} document, not OpenAPI 3"),
                )
                .help(format!(
                    "{supported}; convert it first, for example with swagger2openapi"
                ));
            None
        }
        (None, None) => {
            diagnostics
                .error(
                    "not-openapi",
                    "#",
                    "not an OpenAPI document: it has no `openapi` field",
                )
                .help("an OpenAPI document starts with `openapi: 3.0.3` (or 3.1.x), `info` and `paths`");
            None
        }
    }
}

/// Rewrites an OpenAPI 3.1 document into OpenAPI 3.0, in place.
pub fn downgrade_3_1(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), Value::String(TARGET_VERSION.into()));
    // Webhooks are requests the provider sends, not ones a client makes.
    root.remove("webhooks");
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some("https://spec.openapis.org/oas/3.1/dialect/base")
    {
        diagnostics.warning(
            "ignored-keyword",
            "#/jsonSchemaDialect",
            format!("`jsonSchemaDialect` {dialect} is ignored: schemas are read as the OpenAPI 3.1 base dialect"),
        );
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        // `info.summary` has no 3.0 field: keep it in the description, which becomes docs.
        if let Some(Value::String(summary)) = info.remove("summary") {
            let description = match info.get("description").and_then(Value::as_str) {
                Some(d) => format!("{summary}\n\n{d}"),
                None => summary,
            };
            info.insert("description".into(), Value::String(description));
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    walk_document(root, &mut |schema, at| {
        downgrade_schema(schema, at, diagnostics)
    });
}

/// Calls `f` on every schema object in the document, outermost first, with its pointer.
fn walk_document(root: &mut Map<String, Value>, f: &mut SchemaFn<'_>) {
    let mut at = Vec::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        at.push("paths".to_string());
        for (path, item) in paths.iter_mut() {
            at.push(path.clone());
            walk_path_item(item, &mut at, f);
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
                    "schemas" => walk_schema(entry, &mut at, f),
                    "parameters" | "headers" => walk_parameter(entry, &mut at, f),
                    "responses" => walk_response(entry, &mut at, f),
                    "requestBodies" => walk_content(entry, &mut at, f),
                    "pathItems" => walk_path_item(entry, &mut at, f),
                    _ => {}
                }
                at.pop();
            }
            at.pop();
        }
    }
}

fn walk_path_item(item: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Value::Object(item) = item else { return };
    for (key, value) in item.iter_mut() {
        at.push(key.clone());
        match key.as_str() {
            "parameters" => walk_each(value, at, f, walk_parameter),
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                walk_operation(value, at, f)
            }
            _ => {}
        }
        at.pop();
    }
}

fn walk_operation(op: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Value::Object(op) = op else { return };
    for (key, value) in op.iter_mut() {
        at.push(key.clone());
        match key.as_str() {
            "parameters" => walk_each(value, at, f, walk_parameter),
            "requestBody" => walk_content(value, at, f),
            "responses" => walk_values(value, at, f, walk_response),
            "callbacks" => walk_values(value, at, f, |cb, at, f| {
                walk_values(cb, at, f, walk_path_item)
            }),
            _ => {}
        }
        at.pop();
    }
}

/// Called on each schema object with its place in the document.
type SchemaFn<'f> = dyn FnMut(&mut Map<String, Value>, &[String]) + 'f;

/// Walks one kind of node.
type Walker = fn(&mut Value, &mut Vec<String>, &mut SchemaFn<'_>);

fn walk_each(list: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>, walk: Walker) {
    if let Value::Array(list) = list {
        for (i, v) in list.iter_mut().enumerate() {
            at.push(i.to_string());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn walk_values(map: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>, walk: Walker) {
    if let Value::Object(map) = map {
        for (k, v) in map.iter_mut() {
            at.push(k.clone());
            walk(v, at, f);
            at.pop();
        }
    }
}

fn walk_parameter(param: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    if let Some(schema) = param.get_mut("schema") {
        at.push("schema".into());
        walk_schema(schema, at, f);
        at.pop();
    }
    walk_content(param, at, f);
}

fn walk_response(response: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    walk_content(response, at, f);
    if let Some(headers) = response.get_mut("headers") {
        at.push("headers".into());
        walk_values(headers, at, f, walk_parameter);
        at.pop();
    }
}

fn walk_content(holder: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Some(Value::Object(content)) = holder.get_mut("content") else {
        return;
    };
    at.push("content".into());
    for (media, value) in content.iter_mut() {
        if let Some(schema) = value.get_mut("schema") {
            at.push(media.clone());
            at.push("schema".into());
            walk_schema(schema, at, f);
            at.pop();
            at.pop();
        }
    }
    at.pop();
}

fn walk_schema(schema: &mut Value, at: &mut Vec<String>, f: &mut SchemaFn<'_>) {
    let Value::Object(map) = schema else { return };
    f(map, at);
    for (key, value) in map.iter_mut() {
        at.push(key.clone());
        match key.as_str() {
            "properties" | "$defs" | "patternProperties" => walk_values(value, at, f, walk_schema),
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => walk_each(value, at, f, walk_schema),
            "items" | "additionalProperties" | "not" => walk_schema(value, at, f),
            _ => {}
        }
        at.pop();
    }
}

/// Rewrites one JSON Schema 2020-12 schema object into its OpenAPI 3.0 form.
fn downgrade_schema(schema: &mut Map<String, Value>, at: &[String], diagnostics: &mut Diagnostics) {
    // `type: [T, "null"]` is 3.0's `type: T, nullable: true`.
    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let null = Value::String("null".into());
        let nullable = types.contains(&null);
        let rest: Vec<Value> = types.into_iter().filter(|t| *t != null).collect();
        match rest.as_slice() {
            [] => {
                schema.remove("type");
            }
            [only] => {
                schema.insert("type".into(), only.clone());
            }
            _ => {
                schema.remove("type");
                let variants = rest
                    .iter()
                    .map(|t| serde_json::json!({ "type": t }))
                    .collect();
                schema.insert("anyOf".into(), Value::Array(variants));
            }
        }
        if nullable {
            schema.insert("nullable".into(), Value::Bool(true));
        }
    }
    // `enum` listing `null` is a nullable enum.
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && values.iter().any(Value::is_null)
    {
        values.retain(|v| !v.is_null());
        schema.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(examples) = schema.remove("examples")
        && !schema.contains_key("example")
        && let Some(first) = examples.as_array().and_then(|e| e.first())
    {
        schema.insert("example".into(), first.clone());
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = schema.get(exclusive).cloned() {
            schema.insert(bound.into(), n);
            schema.insert(exclusive.into(), Value::Bool(true));
        }
    }
    for keyword in [
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "unevaluatedProperties",
        "unevaluatedItems",
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
        "patternProperties",
        "$dynamicRef",
        "$dynamicAnchor",
        "$anchor",
        "$id",
        "$schema",
        "$comment",
        "prefixItems",
        "$defs",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    ] {
        if schema.remove(keyword).is_some() {
            let mut place = at.to_vec();
            place.push(keyword.to_string());
            diagnostics.warning(
                "ignored-keyword",
                pointer(&place),
                format!("the JSON Schema keyword `{keyword}` has no OpenAPI 3.0 equivalent and is ignored: the generated type does not check or express it"),
            );
        }
    }
}

/// Path parameters are required by the OpenAPI rules even when a document leaves
/// `required` out; progenitor asserts it, so it is set here, with a warning.
pub fn require_path_parameters(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let mut fix = |param: &mut Value, at: &[String]| {
        let Value::Object(param) = param else { return };
        if param.get("in").and_then(Value::as_str) == Some("path")
            && param.get("required") != Some(&Value::Bool(true))
        {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            param.insert("required".into(), Value::Bool(true));
            diagnostics
                .warning(
                    "path-parameter-required",
                    pointer(at),
                    format!("path parameter `{name}` is not marked `required: true`; path parameters are always required, so it is treated as required"),
                )
                .help("add `required: true` to the parameter");
        }
    };
    let mut at: Vec<String> = vec!["paths".into()];
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            at.push(path.clone());
            if let Value::Object(item) = item {
                for (key, value) in item.iter_mut() {
                    at.push(key.clone());
                    let list = if key == "parameters" {
                        Some(value)
                    } else {
                        value.get_mut("parameters")
                    };
                    if let Some(Value::Array(list)) = list {
                        if key != "parameters" {
                            at.push("parameters".into());
                        }
                        for (i, param) in list.iter_mut().enumerate() {
                            at.push(i.to_string());
                            fix(param, &at);
                            at.pop();
                        }
                        if key != "parameters" {
                            at.pop();
                        }
                    }
                    at.pop();
                }
            }
            at.pop();
        }
    }
    if let Some(Value::Object(params)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("parameters"))
    {
        for (name, param) in params.iter_mut() {
            fix(
                param,
                &["components".into(), "parameters".into(), name.clone()],
            );
        }
    }
}

/// Reads the (3.0) document into `openapiv3`'s types, reporting where it does not fit.
pub fn typed(document: Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
        Ok(spec) => Some(spec),
        Err(e) => {
            let segments: Vec<String> = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            diagnostics
                .error(
                    "structure",
                    pointer(&segments),
                    format!(
                        "the document does not have the shape of an OpenAPI document: {}",
                        e.inner()
                    ),
                )
                .help("see the OpenAPI specification for what this field must contain");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn downgrade(mut doc: Value) -> (Value, Vec<crate::Diagnostic>) {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        downgrade_3_1(&mut doc, &mut d);
        (doc, d.finish().unwrap_or_else(|e| e))
    }

    #[test]
    fn version_classes() {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        assert_eq!(
            version(&json!({"openapi": "3.0.3"}), &mut d),
            Some(Version::V3_0)
        );
        assert_eq!(
            version(&json!({"openapi": "3.1.1"}), &mut d),
            Some(Version::V3_1)
        );
        assert_eq!(version(&json!({"swagger": "2.0"}), &mut d), None);
        assert_eq!(version(&json!({"openapi": "4.0.0"}), &mut d), None);
        assert_eq!(version(&json!({"openapi": 3.1}), &mut d), None);
        assert_eq!(version(&json!({"info": {}}), &mut d), None);
        let all = d.finish().unwrap_err();
        let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "not an OpenAPI document: it has no `openapi` field",
                "`openapi` must be a version string such as \"3.0.3\", found 3.1",
                "unsupported OpenAPI version `4.0.0`",
                "this is a Swagger 2.0 document, not OpenAPI 3",
            ]
        );
    }

    #[test]
    fn schemas_of_3_1_become_3_0() {
        let (doc, warnings) = downgrade(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "S", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"x": {}},
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {
                    "n": {"type": ["integer", "null"], "exclusiveMinimum": 0, "examples": [1, 2]},
                    "k": {"const": "fixed"},
                    "e": {"enum": ["a", null]},
                    "c": {"if": {"type": "string"}}
                }
            }}}
        }));
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(doc["info"]["description"], "S");
        assert_eq!(doc["info"]["license"], json!({"name": "MIT"}));
        let props = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            props["n"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "example": 1})
        );
        assert_eq!(props["k"], json!({"enum": ["fixed"]}));
        assert_eq!(props["e"], json!({"enum": ["a"], "nullable": true}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].pointer,
            "#/components/schemas/A/properties/c/if"
        );
    }

    #[test]
    fn optional_path_parameters_become_required_with_a_warning() {
        let mut doc = json!({"paths": {"/t/{id}": {"delete": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "string"}}
        ]}}}});
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        require_path_parameters(&mut doc, &mut d);
        assert_eq!(
            doc["paths"]["/t/{id}"]["delete"]["parameters"][0]["required"],
            true
        );
        let w = d.finish().unwrap();
        assert_eq!(w[0].pointer, "#/paths/~1t~1{id}/delete/parameters/0");
    }
}
