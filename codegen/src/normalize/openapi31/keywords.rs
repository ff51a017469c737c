//! Keywords of JSON Schema 2020-12 that OpenAPI 3.0 has no place for, and `$ref` beside
//! other keywords: what both the schema rewrite ([`super::schema`]) and the tuples
//! ([`super::tuples`]) do with them.

use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::pointer;

/// The dialects whose schemas are read as they are: the OpenAPI 3.1 base
/// dialect (JSON Schema 2020-12 with OpenAPI's vocabulary), by either name.
const DEFAULT_DIALECTS: [&str; 2] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
];

/// The place of `keyword` in the schema at `at`.
pub(crate) fn place(at: &[String], keyword: &str) -> String {
    let mut segments = at.to_vec();
    segments.push(keyword.to_string());
    pointer(&segments)
}

/// `$schema`, `$id`, `$anchor` and friends: identifiers and dialects of JSON
/// Schema that OpenAPI 3.0 has no place for.
pub(crate) fn identifiers(
    schema: &mut Map<String, Value>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    // A comment for the schema's readers; it has no effect on what is valid.
    schema.remove("$comment");
    if let Some(dialect) = schema.remove("$schema")
        && !is_default_dialect(&dialect)
    {
        diagnostics
            .warning(
                "ignored-keyword",
                place(at, "$schema"),
                format!("`$schema` {dialect} is ignored: the schema is read as the OpenAPI 3.1 base dialect (JSON Schema 2020-12)"),
            );
    }
    if schema.remove("$vocabulary").is_some() {
        diagnostics.warning(
            "ignored-keyword",
            place(at, "$vocabulary"),
            "`$vocabulary` is ignored: the schema is read with the vocabularies of the OpenAPI 3.1 base dialect",
        );
    }
    for keyword in ["$id", "$anchor", "$dynamicAnchor"] {
        if let Some(value) = schema.remove(keyword) {
            diagnostics
                .warning(
                    "ignored-keyword",
                    place(at, keyword),
                    format!("`{keyword}` {value} is ignored: the generator resolves only `$ref`s that are JSON pointers into the document"),
                )
                .help("refer to this schema by its place, such as `#/components/schemas/Name`");
        }
    }
    if let Some(target) = schema.remove("$dynamicRef") {
        diagnostics
            .error(
                "unsupported-keyword",
                place(at, "$dynamicRef"),
                format!("`$dynamicRef` {target} cannot be generated: the schema it resolves to depends on where it is used, and a Rust type must be one type"),
            )
            .help("replace it with a `$ref` to the schema it resolves to");
    }
}

/// `$ref` beside other keywords: in 3.1 the siblings apply too, in 3.0 they are
/// ignored. `allOf: [{$ref}]` keeps the referenced type shared (the generated
/// field has the referenced type) and the siblings (descriptions, defaults,
/// `readOnly`, …) where progenitor reads them.
pub(crate) fn wrap_reference(schema: &mut Map<String, Value>) {
    if schema.len() == 1 {
        return;
    }
    let Some(reference) = schema.remove("$ref") else {
        return;
    };
    // A reference's `summary` (OpenAPI 3.1) is no schema keyword: it documents
    // the use, as a description would.
    if let Some(summary) = schema.remove("summary")
        && !schema.contains_key("description")
    {
        schema.insert("description".into(), summary);
    }
    add_all_of(schema, json!({ "$ref": reference }), true);
}

/// Adds `value` to the schema's `allOf` (made if there is none), first or last.
pub(crate) fn add_all_of(schema: &mut Map<String, Value>, value: Value, first: bool) {
    match schema.get_mut("allOf") {
        Some(Value::Array(all)) if first => all.insert(0, value),
        Some(Value::Array(all)) => all.push(value),
        _ => {
            schema.insert("allOf".into(), Value::Array(vec![value]));
        }
    }
}

/// Whether `dialect` (a `$schema` or `jsonSchemaDialect` value) names the
/// OpenAPI 3.1 base dialect, which schemas are read as.
pub(crate) fn is_default_dialect(dialect: &Value) -> bool {
    dialect
        .as_str()
        .is_some_and(|d| DEFAULT_DIALECTS.contains(&d.trim_end_matches('#')))
}

/// Keywords with no OpenAPI 3.0 (or progenitor) equivalent, and what the
/// generated type does instead.
const UNSUPPORTED: [(&str, &str); 10] = [
    (
        "if",
        "the generated type does not apply the conditional `then`/`else` schemas: it accepts what the rest of the schema describes",
    ),
    (
        "then",
        "the generated type does not apply it: it accepts what the rest of the schema describes, whether or not `if` matches",
    ),
    (
        "else",
        "the generated type does not apply it: it accepts what the rest of the schema describes, whether or not `if` matches",
    ),
    (
        "dependentSchemas",
        "the generated type does not add these schemas when their property is present",
    ),
    (
        "dependentRequired",
        "the generated type does not make properties required when another one is present; they stay as optional as `required` says",
    ),
    (
        "contains",
        "the generated type does not check that some item matches",
    ),
    (
        "minContains",
        "the generated type does not count the items that match `contains`",
    ),
    (
        "maxContains",
        "the generated type does not count the items that match `contains`",
    ),
    (
        "propertyNames",
        "the generated type does not check property names",
    ),
    (
        "patternProperties",
        "the generated type does not check property names against the patterns, and keeps matching properties only as `additionalProperties` allows",
    ),
];

/// Removes the keywords progenitor cannot express, each with a warning.
pub(crate) fn unsupported(
    schema: &mut Map<String, Value>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    // One pattern for every property of a map, with nothing else said about the
    // properties: a map of that schema, with keys not checked.
    if let Some(Value::Object(patterns)) = schema.get("patternProperties")
        && patterns.len() == 1
        && !schema.contains_key("properties")
        && !schema.contains_key("additionalProperties")
        && let Some((pattern, values)) = patterns.iter().next()
    {
        let (pattern, values) = (pattern.clone(), values.clone());
        schema.remove("patternProperties");
        schema.insert("additionalProperties".into(), values);
        diagnostics.warning(
            "ignored-keyword",
            place(at, "patternProperties"),
            format!("the key pattern `{pattern}` of `patternProperties` is not checked: the generated type is a map from any string to the pattern's schema"),
        );
    }
    for (keyword, instead) in UNSUPPORTED {
        if schema.remove(keyword).is_some() {
            diagnostics.warning(
                "ignored-keyword",
                place(at, keyword),
                format!("`{keyword}` has no OpenAPI 3.0 equivalent and is ignored: {instead}"),
            );
        }
    }
}
