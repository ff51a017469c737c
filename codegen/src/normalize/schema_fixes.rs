//! Schemas that published documents get slightly wrong, in ways the client does not depend on.
//!
//! Each of these is valid JSON Schema (a `default` or an `enum` value that the schema's own type
//! would refuse only makes that value unreachable; `format` is an annotation any type may carry;
//! duplicate `enum` values are allowed; `not` is a keyword like any other), so a document that
//! has them must generate in strict mode too. typify, though, stops on each (it writes the
//! `default` and the `enum` values into Rust code of the schema's type, and makes types of
//! `format` and `not`). Here each is rewritten, with a warning at its place:
//!
//! - a `default` that is not of the schema's `type` (`"10"` for an integer, `null` for a
//!   schema that is not `nullable`, a string for a boolean or a list) is dropped: the client
//!   sends only what the caller sets, and the server applies its own defaults;
//! - `format` on a schema of type `boolean`, `array` or `object` is dropped;
//! - an `enum` value listed twice is listed once;
//! - an `enum` value not of the schema's `type` is converted when it has one reading in that
//!   type (`1` in a string enum is `"1"`, `"2"` in an integer enum is `2`), and dropped
//!   otherwise;
//! - an `enum` beside `allOf: [{$ref: …}]` of a scalar component schema (the values that
//!   type allows here) takes that schema's `type` and `format` instead of the reference;
//! - a `minimum` or `maximum` of an integer schema that is not a 64-bit integer (one too large
//!   for 64 bits is read as a float, see [`crate::load::parse_with`]) is that integer where it
//!   is a whole number an `i64` holds, and is dropped otherwise;
//! - `minLength`, `minItems` or `minProperties` of `0`, which says nothing, is dropped without a
//!   warning (typify writes it as a comparison rustc calls useless);
//! - `not` with a schema other than `{enum: […]}` (what typify can express: a type that leaves
//!   out listed values) is dropped: the client then accepts what it excluded, and the server
//!   still checks it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::pointer;
use crate::openapi::walk;

/// Rewrites every schema of the document as the module says, with a warning for each rewrite.
pub fn fix(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Value::Object(root) = document else {
        return;
    };
    // The scalar types of the component schemas, for an `enum` beside a reference to one.
    let scalars: BTreeMap<String, Map<String, Value>> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, schema)| {
            // Typed, or an `enum` of strings only.
            let kind = schema.get("type").and_then(Value::as_str).or_else(|| {
                let values = schema.get("enum")?.as_array()?;
                values.iter().all(Value::is_string).then_some("string")
            })?;
            ["string", "integer", "number", "boolean"]
                .contains(&kind)
                .then(|| {
                    let mut typed = Map::new();
                    typed.insert("type".to_string(), Value::from(kind));
                    if let Some(format) = schema.get("format") {
                        typed.insert("format".to_string(), format.clone());
                    }
                    (format!("{SCHEMAS}{}", escape(name)), typed)
                })
        })
        .collect();
    // The type of every component schema that has one, for a `default` beside a reference.
    let kinds: BTreeMap<String, String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, schema)| {
            let kind = schema
                .get("type")
                .and_then(Value::as_str)
                .or_else(|| schema.get("properties").map(|_| "object"))?;
            Some((format!("{SCHEMAS}{}", escape(name)), kind.to_string()))
        })
        .collect();
    walk::document_mut(root, &mut |schema, at| {
        if let Value::Object(map) = schema {
            default_beside_reference(map, &kinds, at, diagnostics);
            enum_beside_reference(map, &scalars, at, diagnostics);
            fix_schema(map, at, diagnostics);
        }
    });
}

/// The prefix of a reference to a component schema.
const SCHEMAS: &str = "#/components/schemas/";

/// A schema name as a pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// `{allOf: [{$ref: Scalar}], enum: […]}` (the values a scalar type allows here): typify stops
/// on an `enum` of a referenced type, so the schema takes the referenced `type` (and `format`)
/// instead, with a warning: a type of its own, holding the listed values.
fn enum_beside_reference(
    map: &mut Map<String, Value>,
    scalars: &BTreeMap<String, Map<String, Value>>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    if !map.contains_key("enum") {
        return;
    }
    let Some(Value::Array(members)) = map.get("allOf") else {
        return;
    };
    let [member] = &members[..] else {
        return;
    };
    let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
        return;
    };
    let Some(typed) = scalars.get(reference) else {
        return;
    };
    if map
        .get("type")
        .is_some_and(|kind| Some(kind) != typed.get("type"))
    {
        return;
    }
    let reference = reference.to_string();
    map.remove("allOf");
    let kind = typed
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    map.extend(typed.clone());
    diagnostics
        .warning(
            "enum-of-reference",
            place(at, "allOf"),
            format!("this `enum` restricts `{reference}`, a `{kind}`; the schema is made a `{kind}` enum of its own"),
        )
        .help(format!("write `type: {kind}` beside the `enum` instead of the reference"));
}

/// `{allOf: [{$ref: A}], default: …}` whose default is not of `A`'s type (ShipEngine's
/// `insured_value`, a `monetary_value` object, defaults to a list): typify stops on it, so it is
/// dropped with a warning, as a `default` of the wrong type is beside a `type`.
fn default_beside_reference(
    map: &mut Map<String, Value>,
    kinds: &BTreeMap<String, String>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    if map.contains_key("type") {
        return;
    }
    let Some(default) = map.get("default") else {
        return;
    };
    let reference = match map.get("allOf") {
        Some(Value::Array(members)) if members.len() == 1 => members[0].get("$ref"),
        _ => map.get("$ref"),
    };
    let Some(kind) = reference
        .and_then(Value::as_str)
        .and_then(|reference| kinds.get(reference))
    else {
        return;
    };
    if fits(kind, default) || default.is_null() {
        return;
    }
    let found = describe(default);
    map.remove("default");
    diagnostics
        .warning(
            "dropped-default",
            place(at, "default"),
            format!("the `default` of this schema, whose reference has type `{kind}`, is {found}, not of that type; it is dropped (the server applies its own default)"),
        )
        .help(format!("write the default as a value of type `{kind}`, or remove it"));
}

/// The place of `keyword` in the schema at `at`.
fn place(at: &[String], keyword: &str) -> String {
    pointer(at.iter().map(String::as_str).chain([keyword]))
}

fn fix_schema(map: &mut Map<String, Value>, at: &[String], diagnostics: &mut Diagnostics) {
    if map.contains_key("$ref") {
        return;
    }
    let kind = map.get("type").and_then(Value::as_str).map(str::to_string);
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    if let (Some(kind), Some(default)) = (kind.as_deref(), map.get("default"))
        && !(fits(kind, default) || default.is_null() && nullable)
    {
        let found = describe(default);
        map.remove("default");
        diagnostics
            .warning(
                "dropped-default",
                place(at, "default"),
                format!("the `default` of this schema of type `{kind}` is {found}, not of that type; it is dropped (the server applies its own default)"),
            )
            .help(format!("write the default as a value of type `{kind}`, or remove it"));
    }
    if kind.as_deref() == Some("integer") {
        for keyword in ["minimum", "maximum"] {
            integer_bound(map, keyword, at, diagnostics);
        }
    }
    if let Some(kind @ ("boolean" | "array" | "object")) = kind.as_deref()
        && let Some(format) = map.remove("format")
    {
        diagnostics
            .warning(
                "dropped-format",
                place(at, "format"),
                format!("`format` {format} applies to strings and numbers; on this schema of type `{kind}` it is dropped"),
            )
            .help("remove `format`, or fix the schema's `type`");
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        enum_values(kind.as_deref(), values, at, diagnostics);
        if values.is_empty() {
            map.remove("enum");
        }
    }
    // A lower bound of zero says nothing (a length or a count is never negative), and typify
    // writes it as a comparison rustc calls useless (`len < 0usize`): it goes, without a
    // warning, since no value changes.
    for keyword in ["minLength", "minItems", "minProperties"] {
        if map.get(keyword).and_then(Value::as_u64) == Some(0) {
            map.remove(keyword);
        }
    }
    if map.get("not").is_some_and(|not| !supported_not(not)) {
        map.remove("not");
        diagnostics
            .warning(
                "dropped-not",
                place(at, "not"),
                "this `not` is dropped: a Rust type can leave out listed values (`not: {enum: […]}`), not the values of another schema, so the client accepts what it excluded",
            )
            .help("list the excluded values as `not: {enum: […]}`, or leave the check to the server");
    }
}

/// A bound of an integer schema that is not a 64-bit integer (a number with a fraction, or one
/// read as a float because it does not fit 64 bits, such as `-9223372036854776000`): the
/// integer it is, where one is, else dropped, with a warning.
fn integer_bound(
    map: &mut Map<String, Value>,
    keyword: &str,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Number(bound)) = map.get(keyword) else {
        return;
    };
    if bound.is_i64() {
        return;
    }
    let bound = bound.clone();
    // -2^63 ≤ value < 2^63: the floats an `i64` holds.
    let limit = 9_223_372_036_854_775_808.0_f64;
    let whole = bound
        .as_f64()
        .filter(|f| f.fract() == 0.0 && *f >= -limit && *f < limit);
    let message = match whole {
        Some(f) => {
            let integer = f as i64;
            map.insert(keyword.to_string(), Value::from(integer));
            format!(
                "`{keyword}` {bound} of this integer schema is read as the 64-bit integer {integer}"
            )
        }
        None => {
            map.remove(keyword);
            format!(
                "`{keyword}` {bound} of this integer schema is not a 64-bit integer; it is dropped"
            )
        }
    };
    diagnostics
        .warning("integer-bound", place(at, keyword), message)
        .help(format!(
            "write `{keyword}` as an integer from -9223372036854775808 to 9223372036854775807"
        ));
}

/// Whether `value` is of JSON Schema type `kind` (an unknown type accepts anything).
fn fits(kind: &str, value: &Value) -> bool {
    crate::openapi::json_type::is_of(value, kind).unwrap_or(true)
}

/// A value in a message: scalars as written, lists and mappings by kind.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
        Value::Null => "null".to_string(),
        scalar => scalar.to_string(),
    }
}

/// `value` read as type `kind`, when it has exactly one reading: `1` and `true` as the strings
/// `"1"` and `"true"`, `"2"` as the integer 2, `"true"` as the boolean.
fn convert(kind: &str, value: &Value) -> Option<Value> {
    match (kind, value) {
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        ("integer", Value::String(s)) => s
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| s.parse::<u64>().map(Value::from))
            .ok(),
        ("number", Value::String(s)) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        ("boolean", Value::String(s)) => s.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    }
}

/// Converts or drops the values of an `enum` that are not of the schema's type, then drops the
/// values listed twice, each with a warning.
fn enum_values(
    kind: Option<&str>,
    values: &mut Vec<Value>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    let here = || place(at, "enum");
    if let Some(kind @ ("string" | "integer" | "number" | "boolean")) = kind {
        let mut kept = Vec::with_capacity(values.len());
        for value in values.drain(..) {
            if value.is_null() || fits(kind, &value) {
                kept.push(value);
                continue;
            }
            match convert(kind, &value) {
                Some(converted) => {
                    diagnostics
                        .warning(
                            "enum-value-type",
                            here(),
                            format!("the `enum` of this schema of type `{kind}` holds {value}, which is read as {converted}"),
                        )
                        .help(format!("write the value as a value of type `{kind}`"));
                    kept.push(converted);
                }
                None => {
                    diagnostics
                        .warning(
                            "enum-value-type",
                            here(),
                            format!("the `enum` of this schema of type `{kind}` holds {}, which no value of that type can be; it is dropped", describe(&value)),
                        )
                        .help(format!("write the value as a value of type `{kind}`, or remove it"));
                }
            }
        }
        *values = kept;
    }
    let mut seen = std::collections::BTreeSet::new();
    values.retain(|value| {
        let first = seen.insert(value.to_string());
        if !first {
            diagnostics
                .warning(
                    "duplicate-enum-value",
                    here(),
                    format!("the `enum` holds {value} twice; it is listed once"),
                )
                .help("list each value once");
        }
        first
    });
}

/// Whether typify can generate `not: <schema>`: an empty schema, or an `enum`
/// of non-null values of one JSON type (with that `type`, or none).
pub(crate) fn supported_not(not: &Value) -> bool {
    let Value::Object(map) = not else {
        return false;
    };
    let meaningful: Vec<&String> = map
        .keys()
        .filter(|k| !["title", "description"].contains(&k.as_str()) && !k.starts_with("x-"))
        .collect();
    if meaningful.is_empty() {
        return true;
    }
    let Some(Value::Array(values)) = map.get("enum") else {
        return false;
    };
    let kinds: std::collections::HashSet<std::mem::Discriminant<Value>> =
        values.iter().map(std::mem::discriminant).collect();
    meaningful.iter().all(|k| *k == "enum" || *k == "type")
        && kinds.len() == 1
        && !values
            .iter()
            .any(|v| v.is_null() || v.is_array() || v.is_object())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn run(schemas: Value) -> (Value, Vec<(String, &'static str, String)>) {
        let mut document = json!({"components": {"schemas": schemas}});
        let mut diagnostics = Diagnostics::new(Path::new("t.yaml"));
        fix(&mut document, &mut diagnostics);
        let found = diagnostics.finish().expect("only warnings");
        (
            document["components"]["schemas"].take(),
            found
                .into_iter()
                .map(|d| (d.pointer, d.code, d.message))
                .collect(),
        )
    }

    #[test]
    fn defaults_of_the_wrong_type_are_dropped() {
        let (schemas, found) = run(json!({
            "Limit": {"type": "integer", "default": "10"},
            "Name": {"type": "string", "default": null},
            "Maybe": {"type": "string", "nullable": true, "default": null},
            "Flag": {"type": "boolean", "default": "false"},
            "Tags": {"type": "array", "items": {"type": "string"}, "default": "a"},
            "Fine": {"type": "integer", "default": 3}
        }));
        assert_eq!(schemas["Limit"], json!({"type": "integer"}));
        assert_eq!(schemas["Name"], json!({"type": "string"}));
        assert_eq!(schemas["Maybe"]["default"], Value::Null);
        assert_eq!(schemas["Flag"], json!({"type": "boolean"}));
        assert_eq!(schemas["Fine"]["default"], 3);
        assert_eq!(
            found,
            [
                (
                    "#/components/schemas/Flag/default".to_string(),
                    "dropped-default",
                    "the `default` of this schema of type `boolean` is \"false\", not of that type; it is dropped (the server applies its own default)".to_string()
                ),
                (
                    "#/components/schemas/Limit/default".to_string(),
                    "dropped-default",
                    "the `default` of this schema of type `integer` is \"10\", not of that type; it is dropped (the server applies its own default)".to_string()
                ),
                (
                    "#/components/schemas/Name/default".to_string(),
                    "dropped-default",
                    "the `default` of this schema of type `string` is null, not of that type; it is dropped (the server applies its own default)".to_string()
                ),
                (
                    "#/components/schemas/Tags/default".to_string(),
                    "dropped-default",
                    "the `default` of this schema of type `array` is \"a\", not of that type; it is dropped (the server applies its own default)".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_default_of_another_type_than_its_reference_is_dropped() {
        let (schemas, found) = run(json!({
            "Money": {"type": "object", "properties": {"amount": {"type": "number"}}},
            "Package": {"properties": {
                "insured": {"allOf": [{"$ref": "#/components/schemas/Money"}], "default": [{"amount": 0}]},
                "fine": {"allOf": [{"$ref": "#/components/schemas/Money"}], "default": {"amount": 1}}
            }}
        }));
        assert_eq!(
            schemas["Package"]["properties"]["insured"],
            json!({"allOf": [{"$ref": "#/components/schemas/Money"}]})
        );
        assert_eq!(
            schemas["Package"]["properties"]["fine"]["default"],
            json!({"amount": 1})
        );
        assert_eq!(
            found,
            [(
                "#/components/schemas/Package/properties/insured/default".to_string(),
                "dropped-default",
                "the `default` of this schema, whose reference has type `object`, is a list, not of that type; it is dropped (the server applies its own default)".to_string()
            )]
        );
    }

    #[test]
    fn lower_bounds_of_zero_go_without_a_warning() {
        let (schemas, found) = run(json!({
            "Name": {"type": "string", "minLength": 0, "maxLength": 9},
            "Tags": {"type": "array", "minItems": 0, "items": {"type": "string", "minLength": 1}},
            "Map": {"type": "object", "minProperties": 0}
        }));
        assert_eq!(schemas["Name"], json!({"type": "string", "maxLength": 9}));
        assert_eq!(
            schemas["Tags"],
            json!({"type": "array", "items": {"type": "string", "minLength": 1}})
        );
        assert_eq!(schemas["Map"], json!({"type": "object"}));
        assert_eq!(found, []);
    }

    #[test]
    fn formats_of_objects_and_lists_are_dropped() {
        let (schemas, found) = run(json!({
            "When": {"type": "object", "format": "date-time"},
            "List": {"type": "array", "format": "csv", "items": {"type": "string", "format": "uuid"}}
        }));
        assert_eq!(schemas["When"], json!({"type": "object"}));
        assert_eq!(
            schemas["List"],
            json!({"type": "array", "items": {"type": "string", "format": "uuid"}})
        );
        assert_eq!(
            found[1],
            (
                "#/components/schemas/When/format".to_string(),
                "dropped-format",
                "`format` \"date-time\" applies to strings and numbers; on this schema of type `object` it is dropped".to_string()
            )
        );
        assert_eq!(found[0].0, "#/components/schemas/List/format");
    }

    #[test]
    fn enum_values_are_converted_to_the_type_and_listed_once() {
        let (schemas, found) = run(json!({
            "Size": {"type": "string", "enum": ["auto", 1, true, "auto"]},
            "Code": {"type": "integer", "enum": ["2", 3, "x", 3]},
            "Untyped": {"enum": ["a", "a"]}
        }));
        assert_eq!(schemas["Size"]["enum"], json!(["auto", "1", "true"]));
        assert_eq!(schemas["Code"]["enum"], json!([2, 3]));
        assert_eq!(schemas["Untyped"]["enum"], json!(["a"]));
        let messages: Vec<_> = found.iter().map(|f| (f.1, f.2.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    "duplicate-enum-value",
                    "the `enum` holds 3 twice; it is listed once"
                ),
                (
                    "enum-value-type",
                    "the `enum` of this schema of type `integer` holds \"2\", which is read as 2"
                ),
                (
                    "enum-value-type",
                    "the `enum` of this schema of type `integer` holds \"x\", which no value of that type can be; it is dropped"
                ),
                (
                    "duplicate-enum-value",
                    "the `enum` holds \"auto\" twice; it is listed once"
                ),
                (
                    "enum-value-type",
                    "the `enum` of this schema of type `string` holds 1, which is read as \"1\""
                ),
                (
                    "enum-value-type",
                    "the `enum` of this schema of type `string` holds true, which is read as \"true\""
                ),
                (
                    "duplicate-enum-value",
                    "the `enum` holds \"a\" twice; it is listed once"
                ),
            ]
        );
        assert_eq!(found[0].0, "#/components/schemas/Code/enum");
    }

    #[test]
    fn integer_bounds_beyond_64_bits_are_read_or_dropped() {
        let (schemas, found) = run(json!({
            "Wide": {"type": "integer", "minimum": -9.223372036854776e18, "maximum": 18446744073709551615_u64},
            "Half": {"type": "integer", "minimum": 0.5}
        }));
        assert_eq!(
            schemas["Wide"],
            json!({"type": "integer", "minimum": i64::MIN})
        );
        assert_eq!(schemas["Half"], json!({"type": "integer"}));
        let messages: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.2.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    "#/components/schemas/Half/minimum",
                    "`minimum` 0.5 of this integer schema is not a 64-bit integer; it is dropped"
                ),
                (
                    "#/components/schemas/Wide/maximum",
                    "`maximum` 18446744073709551615 of this integer schema is not a 64-bit integer; it is dropped"
                ),
                (
                    "#/components/schemas/Wide/minimum",
                    "`minimum` -9.223372036854776e+18 of this integer schema is read as the 64-bit integer -9223372036854775808"
                ),
            ]
        );
        assert!(found.iter().all(|f| f.1 == "integer-bound"));
    }

    #[test]
    fn an_enum_of_a_referenced_scalar_is_an_enum_of_its_type() {
        let (schemas, found) = run(json!({
            "Name": {"enum": ["a", "b", "c"], "description": "a name"},
            "Server": {"type": "object", "properties": {"name": {
                "allOf": [{"$ref": "#/components/schemas/Name"}], "enum": ["a", "b"]
            }}}
        }));
        assert_eq!(
            schemas["Server"]["properties"]["name"],
            json!({"type": "string", "enum": ["a", "b"]})
        );
        assert_eq!(
            found,
            [(
                "#/components/schemas/Server/properties/name/allOf".to_string(),
                "enum-of-reference",
                "this `enum` restricts `#/components/schemas/Name`, a `string`; the schema is made a `string` enum of its own".to_string()
            )]
        );
    }

    #[test]
    fn a_not_typify_cannot_express_is_dropped() {
        let (schemas, found) = run(json!({
            "Value": {"oneOf": [{"not": {"type": "object"}}, {"type": "object"}]},
            "Kept": {"type": "string", "not": {"enum": ["a"]}}
        }));
        assert_eq!(schemas["Value"], json!({"oneOf": [{}, {"type": "object"}]}));
        assert_eq!(schemas["Kept"]["not"], json!({"enum": ["a"]}));
        assert_eq!(
            found,
            [(
                "#/components/schemas/Value/oneOf/0/not".to_string(),
                "dropped-not",
                "this `not` is dropped: a Rust type can leave out listed values (`not: {enum: […]}`), not the values of another schema, so the client accepts what it excluded".to_string()
            )]
        );
    }
}
