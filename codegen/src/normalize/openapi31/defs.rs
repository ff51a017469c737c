//! `$defs`: schemas defined inside other schemas, made components.
//!
//! progenitor generates a type for each schema under `components.schemas` and
//! resolves only references to them. A `$defs` entry is moved there, under its
//! own name when that is free and under `<Parent>_<name>` otherwise (typify
//! then names the type `ParentName`), and every `$ref` to it, or into it,
//! follows.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::openapi::pointer::pointer;
use crate::openapi::walk;

/// Moves every `$defs` entry of the document into `components.schemas`.
pub(crate) fn hoist(document: &mut Value) {
    // Where the schemas with `$defs` are, innermost last in document order.
    let mut holders: Vec<Vec<String>> = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return;
    };
    walk::document_mut(root, &mut |schema, at| {
        if schema.get("$defs").is_some_and(Value::is_object) {
            holders.push(at.to_vec());
        }
    });
    if holders.is_empty() {
        return;
    }
    // Innermost first: moving a nested `$defs` leaves the places of the outer
    // ones as they were.
    holders.sort_by_key(|at| std::cmp::Reverse(at.len()));

    let mut taken: BTreeSet<String> = document
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|s| s.keys().map(|k| type_key(k)).collect())
        .unwrap_or_default();
    // Every `$defs` name is reserved first, so a plain name never goes to one
    // definition when another has the same one.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut moved: Vec<(String, String, Value)> = Vec::new();
    for at in &holders {
        let local = pointer(at).trim_start_matches('#').to_string();
        if let Some(Value::Object(holder)) = document.pointer_mut(&local)
            && let Some(Value::Object(defs)) = holder.remove("$defs")
        {
            for (name, schema) in defs {
                *counts.entry(name.clone()).or_default() += 1;
                let mut old = at.clone();
                old.push("$defs".into());
                old.push(name.clone());
                moved.push((pointer(&old), name, schema));
            }
        }
    }

    let mut renames: Vec<(String, String)> = Vec::new();
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    for (old, name, schema) in moved {
        let unique = counts.get(&name) == Some(&1) && !taken.contains(&type_key(&name));
        let new_name = if unique {
            name
        } else {
            let parent = component_name(&old).unwrap_or("Inline");
            let base = format!("{parent}_{name}");
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&type_key(&candidate)) {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            candidate
        };
        taken.insert(type_key(&new_name));
        renames.push((old, pointer(["components", "schemas", new_name.as_str()])));
        hoisted.push((new_name, schema));
    }

    let Some(root) = document.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(components) = components {
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(schemas) = schemas {
            schemas.extend(hoisted);
        }
    }

    // The longest old place that a reference starts with decides where it goes.
    renames.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    walk::refs(document, &mut |target| {
        for (old, new) in &renames {
            if let Some(rest) = target.strip_prefix(old.as_str())
                && (rest.is_empty() || rest.starts_with('/'))
            {
                *target = format!("{new}{rest}");
                return;
            }
        }
    });
}

/// What two component names that typify would turn into the same Rust type
/// name have in common (`Invoice_Money` and `InvoiceMoney` both give `InvoiceMoney`).
fn type_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The component a place is inside of (`#/components/schemas/A/…` → `A`).
fn component_name(place: &str) -> Option<&str> {
    place
        .strip_prefix("#/components/schemas/")
        .and_then(|rest| rest.split('/').next())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn definitions_become_components_and_references_follow() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/A/$defs/B"
            }}}}}}}},
            "components": {"schemas": {
                "A": {
                    "properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"}, "c": {"$ref": "#/components/schemas/A/$defs/C/$defs/D"}},
                    "$defs": {
                        "B": {"type": "string"},
                        "C": {"type": "object", "$defs": {"D": {"type": "integer"}}}
                    }
                },
                "B": {"type": "boolean"},
                "a_b": {"type": "null"}
            }}
        });
        hoist(&mut doc);
        assert_eq!(
            doc["components"]["schemas"],
            json!({
                "A": {"properties": {"b": {"$ref": "#/components/schemas/A_B_2"}, "c": {"$ref": "#/components/schemas/D"}}},
                "B": {"type": "boolean"},
                "a_b": {"type": "null"},
                "D": {"type": "integer"},
                "A_B_2": {"type": "string"},
                "C": {"type": "object"}
            })
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/A_B_2"})
        );
    }
}
