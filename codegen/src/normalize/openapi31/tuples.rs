//! Tuples: `prefixItems` (JSON Schema 2020-12) as Rust tuples.
//!
//! OpenAPI 3.0 has no tuples: `items` is one schema. progenitor hands schemas
//! to typify, which does make tuples, but only from the JSON Schema its own
//! conversion produces. A closed tuple whose items differ is therefore given
//! to typify as the type its `x-rust-type` extension names (typify's own way
//! to use an existing Rust type): the runtime's alias
//! `client_runtime::Tuple2<A, B>` (up to 16 items, as far as serde reads
//! tuples), whose parameters typify resolves like any schema (references stay
//! shared). The alias is `(A, B)`: the generated code needs no change. A
//! closed tuple whose items are all the same is 3.0's fixed-length array
//! (`[T; N]`).

use serde_json::{Map, Value, json};

use super::keywords;
use crate::diagnostic::Diagnostics;

/// The crate of the tuple aliases (`Tuple1` to `Tuple16`). It is registered with progenitor
/// (see [`crate::generate`]), so an `x-rust-type` naming it is honoured.
pub const ALIAS_CRATE: &str = "client-runtime";

/// The most items a tuple alias has (serde reads tuples of up to 16 items).
pub const MAX_ITEMS: usize = 16;

/// Rewrites a schema with `prefixItems`, in place.
pub(crate) fn rewrite(
    schema: &mut Map<String, Value>,
    at: &[String],
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Array(prefix)) = schema.remove("prefixItems") else {
        return;
    };
    let items = schema.remove("items");
    let len = prefix.len();
    schema.insert("type".into(), Value::String("array".into()));
    let min = schema.remove("minItems").and_then(|m| m.as_u64());
    if !is_tuple(
        schema.remove("maxItems").as_ref(),
        items.as_ref(),
        len,
        at,
        diagnostics,
    ) {
        return;
    }
    if min.is_some_and(|m| m < len as u64) {
        diagnostics.warning(
            "tuple",
            keywords::place(at, "minItems"),
            format!("`minItems` allows arrays shorter than the {len} `prefixItems`, which the generated tuple refuses: it needs every item"),
        );
    }
    if prefix.windows(2).all(|w| w[0] == w[1]) {
        // Every item the same: a fixed-length array, which 3.0 can say.
        schema.insert("minItems".into(), json!(len));
        schema.insert("maxItems".into(), json!(len));
        schema.insert("items".into(), prefix[0].clone());
        return;
    }
    let mut parameters = Vec::with_capacity(len);
    for (i, item) in prefix.into_iter().enumerate() {
        let mut place = at.to_vec();
        place.push("prefixItems".into());
        place.push(i.to_string());
        parameters.push(for_typify(item, &mut place, diagnostics));
    }
    schema.insert(
        "x-rust-type".into(),
        json!({
            "crate": ALIAS_CRATE,
            "version": "*",
            "path": format!("{}::Tuple{len}", ALIAS_CRATE.replace('-', "_")),
            "parameters": parameters,
        }),
    );
}

/// Whether `len` items of `prefixItems`, with these `maxItems` and `items`,
/// make a Rust tuple: at least one item, and no more may follow (`items:
/// false`, or `maxItems` no greater than `len`). If not, says so at `at`.
fn is_tuple(
    max_items: Option<&Value>,
    items: Option<&Value>,
    len: usize,
    at: &[String],
    diagnostics: &mut Diagnostics,
) -> bool {
    let closed = matches!(items, Some(Value::Bool(false)))
        || max_items
            .and_then(Value::as_u64)
            .is_some_and(|m| m <= len as u64);
    if closed && len > 0 && len <= MAX_ITEMS {
        return true;
    }
    let what = if len == 0 {
        "no items"
    } else if closed {
        "more items than a Rust tuple serde reads (16)"
    } else {
        "more items allowed after them"
    };
    diagnostics
        .warning(
            "tuple",
            keywords::place(at, "prefixItems"),
            format!("`prefixItems` with {what} has no Rust tuple: the generated type is a `Vec` of JSON values, not typed by position"),
        )
        .help("close the tuple with `items: false` (or `maxItems` equal to the number of `prefixItems`) to get a Rust tuple");
    false
}

/// A schema in the JSON Schema that typify reads directly (the marker's
/// parameters do not pass through progenitor's 3.0 conversion).
///
/// JSON Schema 2020-12 is that language already, but for tuples (draft 7's
/// `items` as a list) and the keywords neither reads, which are warned about
/// as everywhere else.
fn for_typify(mut value: Value, at: &mut Vec<String>, diagnostics: &mut Diagnostics) -> Value {
    let Value::Object(map) = &mut value else {
        return value;
    };
    keywords::identifiers(map, at, diagnostics);
    keywords::wrap_reference(map);
    if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
        let len = prefix.len();
        let items = map.remove("items");
        if is_tuple(map.get("maxItems"), items.as_ref(), len, at, diagnostics) {
            map.insert("items".into(), Value::Array(prefix));
            map.insert("minItems".into(), json!(len));
            map.insert("maxItems".into(), json!(len));
        }
        map.insert("type".into(), Value::String("array".into()));
    }
    keywords::unsupported(map, at, diagnostics);
    for (key, child) in map.iter_mut() {
        at.push(key.clone());
        match (key.as_str(), child) {
            ("properties" | "dependentSchemas", Value::Object(children)) => {
                for (name, child) in children.iter_mut() {
                    at.push(name.clone());
                    *child = for_typify(std::mem::take(child), at, diagnostics);
                    at.pop();
                }
            }
            ("allOf" | "anyOf" | "oneOf" | "items", Value::Array(children)) => {
                for (i, child) in children.iter_mut().enumerate() {
                    at.push(i.to_string());
                    *child = for_typify(std::mem::take(child), at, diagnostics);
                    at.pop();
                }
            }
            ("items" | "additionalProperties" | "not", child @ Value::Object(_)) => {
                *child = for_typify(std::mem::take(child), at, diagnostics);
            }
            _ => {}
        }
        at.pop();
    }
    value
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn tuple(mut schema: Map<String, Value>) -> (Value, Vec<crate::Diagnostic>) {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        rewrite(&mut schema, &["T".to_string()], &mut d);
        (Value::Object(schema), d.finish().unwrap_or_else(|e| e))
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn closed_tuples_become_the_runtime_alias() {
        let (schema, warnings) = tuple(object(json!({
            "prefixItems": [{"type": "integer"}, {"$ref": "#/components/schemas/A", "description": "d"}],
            "items": false
        })));
        assert!(warnings.is_empty());
        assert_eq!(
            schema,
            json!({"type": "array", "x-rust-type": {
                "crate": "client-runtime", "version": "*", "path": "client_runtime::Tuple2",
                "parameters": [{"type": "integer"}, {"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]}]
            }})
        );
    }

    #[test]
    fn tuples_of_one_type_are_fixed_length_arrays() {
        let (schema, _) = tuple(object(json!({
            "prefixItems": [{"type": "number"}, {"type": "number"}],
            "maxItems": 2
        })));
        assert_eq!(
            schema,
            json!({"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}})
        );
    }

    #[test]
    fn open_tuples_are_vectors_of_values_with_a_warning() {
        let (schema, warnings) = tuple(object(json!({
            "prefixItems": [{"type": "number"}, {"type": "string"}],
            "items": {"type": "string"}
        })));
        assert_eq!(schema, json!({"type": "array"}));
        assert_eq!(warnings[0].pointer, "#/T/prefixItems");
        assert_eq!(
            warnings[0].message,
            "`prefixItems` with more items allowed after them has no Rust tuple: the generated type is a `Vec` of JSON values, not typed by position"
        );
    }
}
