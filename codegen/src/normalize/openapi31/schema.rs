//! JSON Schema 2020-12 (the schema language of OpenAPI 3.1) rewritten into the
//! OpenAPI 3.0 schema object that progenitor reads.
//!
//! Each rewrite gives exactly the type the 3.1 schema describes when 3.0 has a
//! spelling for it; a keyword that 3.0 cannot express is removed with a warning
//! that names it, its place, and what the generated type does instead.
//!
//! | 3.1 schema | 3.0 schema | generated Rust |
//! | --- | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` | `Option<T>` |
//! | `type: "null"` | `enum: [null]` | `()` |
//! | `type: [A, B]` | `anyOf` of one branch per type, each with the keywords of its type | an enum |
//! | `anyOf`/`oneOf` with a `null` branch | `nullable: true` (one other branch: it, or `allOf: [{$ref}]`) | `Option<…>` |
//! | `const: v` | `enum: [v]` | a one-value enum |
//! | `enum: [a, null]` | `enum: [a]`, `nullable: true` | `Option<Enum>` |
//! | `examples: [x, …]` | `example: x` | (docs) |
//! | `exclusiveMinimum: n` (and maximum) | `minimum: n`, `exclusiveMinimum: true`; the stricter of it and `minimum` | checked bounds |
//! | `$ref` with siblings | `allOf: [{$ref}]` with the siblings | the referenced type, shared, with the sibling docs |
//! | `contentEncoding: base64` | `format: byte` | `String` |
//! | `contentMediaType` of binary content | `format: binary` | `String` |
//! | `prefixItems` closed by `items: false` or `maxItems` | see [`super::tuples`] | `(A, B)`, or `[T; N]` |
//! | `unevaluatedProperties` / `unevaluatedItems` alone | `additionalProperties` / `items` | as those |
//! | `true` / `false` | `{}` / `{not: {}}` | any JSON value / never |
//! | `$comment` | nothing (a note for readers, no effect on values) | |
//! | `$defs` | see `defs`: components | named types |
//!
//! Warned about, each at its place (`ignored-keyword`, or `tuple`): `if`,
//! `then`, `else`, `dependentSchemas`, `dependentRequired`, `contains`,
//! `minContains`, `maxContains`, `propertyNames`, `patternProperties` (one
//! pattern alone becomes a map whose keys are not checked), `unevaluated*`
//! beside other keywords that evaluate, `contentSchema`, encodings other than
//! base64, `$schema` of another dialect, `$id`, `$anchor`, `$dynamicAnchor`,
//! `$vocabulary`, and open tuples (a `Vec` of JSON values). An error:
//! `$dynamicRef`, whose target depends on where the schema is used.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::keywords::{add_all_of, identifiers, place, unsupported, wrap_reference};
use super::tuples;
use crate::diagnostic::Diagnostics;

/// Rewrites one schema, in place, into its OpenAPI 3.0 form.
///
/// `at` is the schema's place; subschemas are left for the walk to visit next.
pub(crate) fn downgrade(value: &mut Value, at: &[String], diagnostics: &mut Diagnostics) {
    // `true` accepts anything, `false` nothing; 3.0 has no boolean schemas.
    if let Value::Bool(accepts) = value {
        *value = if *accepts {
            json!({})
        } else {
            json!({"not": {}})
        };
    }
    let Value::Object(schema) = value else { return };
    identifiers(schema, at, diagnostics);
    wrap_reference(schema);
    null_branches(schema);
    types(schema);
    constant(schema);
    enum_null(schema);
    examples(schema);
    exclusive_bounds(schema);
    content(schema, at, diagnostics);
    unevaluated(schema, at, diagnostics);
    if schema.contains_key("prefixItems") {
        tuples::rewrite(schema, at, diagnostics);
    }
    unsupported(schema, at, diagnostics);
}

/// Whether `schema` accepts only `null`.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let only_null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    };
    let only_null_value = match (map.get("const"), map.get("enum")) {
        (Some(Value::Null), _) => true,
        (_, Some(Value::Array(values))) => values.iter().all(Value::is_null) && !values.is_empty(),
        _ => false,
    };
    let descriptive = |k: &String| {
        ["type", "const", "enum", "description", "title", "$comment"].contains(&k.as_str())
    };
    (only_null_type || only_null_value) && map.keys().all(descriptive)
}

/// `anyOf`/`oneOf` with a branch that accepts only `null` is a nullable union:
/// the null branch becomes `nullable: true`, and a single other branch stands
/// for the whole (`allOf: [{$ref}]` keeps a referenced type shared).
fn null_branches(schema: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get_mut(key) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        branches.retain(|b| !is_null_schema(b));
        let mut rest = std::mem::take(branches);
        schema.remove(key);
        schema.insert("nullable".into(), Value::Bool(true));
        match rest.len() {
            0 => {
                schema.insert("enum".into(), json!([null]));
            }
            1 => {
                let only = rest.remove(0);
                let merges = match &only {
                    Value::Object(branch) => {
                        !branch.contains_key("$ref")
                            && branch.keys().all(|k| !schema.contains_key(k))
                    }
                    _ => false,
                };
                match only {
                    Value::Object(branch) if merges => schema.extend(branch),
                    other => add_all_of(schema, other, false),
                }
            }
            _ => {
                schema.insert(key.into(), Value::Array(rest));
            }
        }
    }
}

/// The keywords that apply to values of one JSON type only.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
            "contentSchema",
        ],
        "number" | "integer" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
        ],
        _ => &[],
    }
}

/// Whether a `format` belongs to numbers rather than strings.
fn numeric_format(format: &str) -> bool {
    ["int32", "int64", "float", "double"].contains(&format)
}

/// `type` as an array: `[T, "null"]` is 3.0's `type: T, nullable: true`; several
/// types become an `anyOf` with one branch per type, each taking the keywords
/// that apply to it; `"null"` alone accepts only `null`.
fn types(schema: &mut Map<String, Value>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => return,
    };
    schema.remove("type");
    let nullable = types.iter().any(|t| t == "null");
    let mut rest: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    rest.dedup();
    match rest.as_slice() {
        [] => {
            // Only `null`: progenitor reads `enum: [null]` as the unit type.
            schema.insert("enum".into(), json!([null]));
            return;
        }
        [only] => {
            schema.insert("type".into(), Value::String(only.clone()));
        }
        several => {
            let mut branches = Vec::new();
            for ty in several {
                let mut branch = Map::new();
                branch.insert("type".into(), Value::String(ty.clone()));
                for keyword in keywords_of(ty) {
                    if let Some(v) = schema.get(*keyword) {
                        branch.insert((*keyword).into(), v.clone());
                    }
                }
                if let Some(Value::String(format)) = schema.get("format")
                    && match ty.as_str() {
                        "string" => !numeric_format(format),
                        "number" | "integer" => numeric_format(format),
                        _ => false,
                    }
                {
                    branch.insert("format".into(), Value::String(format.clone()));
                }
                if let Some(Value::Array(values)) = schema.get("enum") {
                    let of_type: Vec<Value> = values
                        .iter()
                        .filter(|v| json_type_matches(v, ty))
                        .cloned()
                        .collect();
                    if !of_type.is_empty() {
                        branch.insert("enum".into(), Value::Array(of_type));
                    }
                }
                branches.push(Value::Object(branch));
            }
            for ty in several {
                for keyword in keywords_of(ty) {
                    schema.remove(*keyword);
                }
            }
            schema.remove("format");
            if let Some(Value::Array(values)) = schema.get_mut("enum") {
                values.retain(Value::is_null);
                if values.is_empty() {
                    schema.remove("enum");
                }
            }
            let union = Value::Array(branches);
            if let Some(existing) = schema.remove("anyOf") {
                add_all_of(schema, json!({ "anyOf": existing }), false);
            }
            schema.insert("anyOf".into(), union);
        }
    }
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
}

/// Whether `value` is of the JSON Schema type `ty`.
fn json_type_matches(value: &Value, ty: &str) -> bool {
    crate::openapi::json_type::is_of(value, ty).unwrap_or(false)
}

/// `const: v` is a one-value enum.
fn constant(schema: &mut Map<String, Value>) {
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
}

/// `enum` listing `null` beside other values is 3.0's nullable enum.
fn enum_null(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && values.iter().any(Value::is_null)
        && values.iter().any(|v| !v.is_null())
    {
        values.retain(|v| !v.is_null());
        schema.insert("nullable".into(), Value::Bool(true));
    }
}

/// A schema's `examples` (a list) is 3.0's `example` (one value): the first.
fn examples(schema: &mut Map<String, Value>) {
    if let Some(examples) = schema.remove("examples")
        && !schema.contains_key("example")
        && let Some(first) = examples.as_array().and_then(|e| e.first())
    {
        schema.insert("example".into(), first.clone());
    }
}

/// Numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`;
/// beside a `minimum`, the stricter bound is kept.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", Ordering::Greater),
        ("exclusiveMaximum", "maximum", Ordering::Less),
    ] {
        let Some(Value::Number(n)) = schema.get(exclusive).cloned() else {
            continue;
        };
        let inclusive_is_stricter = schema
            .get(bound)
            .and_then(Value::as_f64)
            .zip(n.as_f64())
            .is_some_and(|(inclusive, exclusive)| {
                inclusive.partial_cmp(&exclusive) == Some(stricter)
            });
        if inclusive_is_stricter {
            schema.remove(exclusive);
        } else {
            schema.insert(bound.into(), Value::Number(n));
            schema.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// `contentEncoding` and `contentMediaType` describe what a string holds; 3.0
/// says the same with `format: byte` (base64) and `format: binary` (raw bytes).
fn content(schema: &mut Map<String, Value>, at: &[String], diagnostics: &mut Diagnostics) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    match &encoding {
        Some(Value::String(e)) if e == "base64" || e == "base64url" => {
            schema
                .entry("format")
                .or_insert_with(|| Value::String("byte".into()));
        }
        Some(other) => {
            diagnostics.warning(
                "ignored-keyword",
                place(at, "contentEncoding"),
                format!("`contentEncoding` {other} has no OpenAPI 3.0 equivalent and is ignored: the generated type is the encoded string, which the caller decodes"),
            );
        }
        None => {
            if let Some(Value::String(media)) = &media_type
                && !is_textual(media)
            {
                schema
                    .entry("format")
                    .or_insert_with(|| Value::String("binary".into()));
            }
        }
    }
    if schema.remove("contentSchema").is_some() {
        diagnostics.warning(
            "ignored-keyword",
            place(at, "contentSchema"),
            "`contentSchema` is ignored: the generated type is the string as sent, and what it holds is not parsed into a type",
        );
    }
}

/// Media types whose content is text, which a JSON string holds as it is.
fn is_textual(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or_default().trim();
    media.starts_with("text/")
        || media.ends_with("+json")
        || media.ends_with("+xml")
        || ["application/json", "application/xml", "application/yaml"].contains(&media)
}

/// The keywords beside `unevaluatedProperties` (or `unevaluatedItems`, with
/// `items` and `prefixItems` for `properties`) that evaluate properties too, so
/// that it is not `additionalProperties` (or `items`).
fn evaluators<'k>(schema: &Map<String, Value>, own: &[&'k str]) -> Vec<&'k str> {
    let mut found: Vec<&'k str> = Vec::new();
    for keyword in own.iter().chain(&[
        "allOf",
        "anyOf",
        "oneOf",
        "$ref",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "not",
    ]) {
        if schema.contains_key(*keyword) {
            found.push(keyword);
        }
    }
    found
}

/// `a`, `a` and `b`, `a`, `b` and `c`: keywords named in a message.
fn listed(keywords: &[&str]) -> String {
    let quoted: Vec<String> = keywords.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// `unevaluatedProperties` and `unevaluatedItems` are `additionalProperties`
/// and `items` when nothing else evaluates properties or items.
fn unevaluated(schema: &mut Map<String, Value>, at: &[String], diagnostics: &mut Diagnostics) {
    if let Some(value) = schema.remove("unevaluatedProperties") {
        let beside = evaluators(schema, &["additionalProperties", "patternProperties"]);
        if beside.is_empty() {
            schema.insert("additionalProperties".into(), value);
        } else {
            diagnostics.warning(
                "ignored-keyword",
                place(at, "unevaluatedProperties"),
                format!("`unevaluatedProperties` is ignored: next to {} it has no OpenAPI 3.0 equivalent, and the generated type takes the properties the schema does not list as if it were absent", listed(&beside)),
            );
        }
    }
    if let Some(value) = schema.remove("unevaluatedItems") {
        let beside = evaluators(schema, &["items"]);
        if beside.is_empty() {
            // Alone, or after a tuple's `prefixItems`: what `items` would say.
            schema.insert("items".into(), value);
        } else {
            diagnostics.warning(
                "ignored-keyword",
                place(at, "unevaluatedItems"),
                format!("`unevaluatedItems` is ignored: next to {} it has no OpenAPI 3.0 equivalent, and the generated type takes the items as if it were absent", listed(&beside)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::Diagnostic;

    fn rewrite(mut schema: Value) -> (Value, Vec<Diagnostic>) {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        downgrade(&mut schema, &["s".to_string()], &mut d);
        (schema, d.finish().unwrap_or_else(|e| e))
    }

    #[test]
    fn type_arrays() {
        assert_eq!(
            rewrite(json!({"type": ["string", "null"], "minLength": 1})).0,
            json!({"type": "string", "minLength": 1, "nullable": true})
        );
        assert_eq!(rewrite(json!({"type": "null"})).0, json!({"enum": [null]}));
        assert_eq!(
            rewrite(json!({"type": ["string", "integer", "null"], "minLength": 2, "minimum": 3, "format": "int64", "description": "d"})).0,
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "minLength": 2},
                {"type": "integer", "minimum": 3, "format": "int64"}
            ]})
        );
    }

    #[test]
    fn references_with_siblings_keep_the_type_shared() {
        assert_eq!(
            rewrite(json!({"$ref": "#/components/schemas/A", "description": "d"})).0,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            rewrite(json!({"$ref": "#/components/schemas/A"})).0,
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            rewrite(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})).0,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            rewrite(json!({"oneOf": [{"type": "string"}, {"type": "null"}], "description": "d"})).0,
            json!({"description": "d", "nullable": true, "type": "string"})
        );
    }

    #[test]
    fn values_and_bounds() {
        assert_eq!(rewrite(json!({"const": 1})).0, json!({"enum": [1]}));
        assert_eq!(
            rewrite(json!({"enum": ["a", null]})).0,
            json!({"enum": ["a"], "nullable": true})
        );
        assert_eq!(rewrite(json!({"enum": [null]})).0, json!({"enum": [null]}));
        assert_eq!(
            rewrite(json!({"examples": [1, 2]})).0,
            json!({"example": 1})
        );
        assert_eq!(
            rewrite(json!({"exclusiveMinimum": 0, "minimum": 5, "exclusiveMaximum": 9})).0,
            json!({"minimum": 5, "maximum": 9, "exclusiveMaximum": true})
        );
        assert_eq!(
            rewrite(json!({"exclusiveMinimum": 5, "minimum": 0})).0,
            json!({"minimum": 5, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn content_keywords() {
        assert_eq!(
            rewrite(json!({"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"})).0,
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            rewrite(json!({"type": "string", "contentMediaType": "image/png"})).0,
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            rewrite(json!({"type": "string", "contentMediaType": "application/json"})).0,
            json!({"type": "string"})
        );
    }

    #[test]
    fn unsupported_keywords_are_named_with_their_place() {
        let (schema, warnings) = rewrite(json!({
            "type": "object",
            "if": {}, "then": {}, "dependentRequired": {"a": ["b"]},
            "unevaluatedProperties": false
        }));
        assert_eq!(schema, json!({"type": "object"}));
        let found: Vec<_> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "#/s/dependentRequired",
                    "`dependentRequired` has no OpenAPI 3.0 equivalent and is ignored: the generated type does not make properties required when another one is present; they stay as optional as `required` says"
                ),
                (
                    "#/s/if",
                    "`if` has no OpenAPI 3.0 equivalent and is ignored: the generated type does not apply the conditional `then`/`else` schemas: it accepts what the rest of the schema describes"
                ),
                (
                    "#/s/then",
                    "`then` has no OpenAPI 3.0 equivalent and is ignored: the generated type does not apply it: it accepts what the rest of the schema describes, whether or not `if` matches"
                ),
                (
                    "#/s/unevaluatedProperties",
                    "`unevaluatedProperties` is ignored: next to `if` and `then` it has no OpenAPI 3.0 equivalent, and the generated type takes the properties the schema does not list as if it were absent"
                ),
            ]
        );
        // Alone, it is `additionalProperties`.
        let (schema, warnings) = rewrite(json!({"type": "object", "unevaluatedProperties": false}));
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": false})
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn dynamic_references_are_errors() {
        let (_, all) = rewrite(json!({"$dynamicRef": "#node"}));
        assert_eq!(all[0].severity, crate::Severity::Error);
        assert_eq!(all[0].pointer, "#/s/$dynamicRef");
    }
}
