//! Two schemas never get the same Rust type name.
//!
//! typify names a component schema after the component, an inline schema after its `title`
//! when it has one, and otherwise after where it sits: the type of property `type` of
//! `Certificate` is `CertificateType`, the items of an array property are `…Item`. Two types of
//! the same name do not compile, and published documents give them in three ways, each
//! rewritten here, in the document, by these rules:
//!
//! - two components whose names differ only in case or separators (`Address` and `address`):
//!   the later one in the document is renamed to the first free `<name><n>` (`address2`, the
//!   type `Address2`), and every `$ref` to it follows;
//! - a nullable component that is a composition (`nullable: true` with `oneOf`, `anyOf`,
//!   `allOf` or `not`) or an enum: progenitor makes the first `oneOf: [null, <the
//!   composition>]`, and typify names both the `Option` wrapper and the composition (or the
//!   enum) after the component. The composition or enum moves to a component of its own,
//!   `<Name>Inner` (typify's own suffix for the inner type of a nullable one), and the component
//!   becomes the nullable reference to it;
//! - an inline schema whose `title` names the same type as a component or as an earlier
//!   inline title (`title: Stream Mode` beside a component `StreamMode`): its title gets the
//!   first free number, `Stream Mode 2`;
//! - an inline schema without a title that typify would name after its place, where that name
//!   is a component's (the property `type` of `Certificate` beside a component
//!   `CertificateType`): it gets a title with the first free number, `CertificateType2`.
//!
//! The wire names do not change, only the Rust names of the types; each rename is a warning
//! naming the schema, so that the client's docs can be read against the document.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostics;
use crate::names::type_name;
use crate::openapi::pointer::{json_pointer, pointer};
use crate::openapi::walk;

/// Composition keywords: progenitor wraps a nullable schema with one of them in a `oneOf`.
const COMPOSITIONS: [&str; 4] = ["oneOf", "anyOf", "allOf", "not"];

/// Rewrites `document` so that no two schemas get the same Rust type name, as the module says.
pub fn distinct(document: &mut Value, diagnostics: &mut Diagnostics) {
    component_names(document, diagnostics);
    nullable_compositions(document);
    let Some(root) = document.as_object() else {
        return;
    };
    let component_names: Vec<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    // The Rust names of the component schemas, made once (typify's own case conversion is not
    // cheap, and every inline schema is compared with them).
    let components: BTreeSet<String> = component_names.iter().map(|n| type_name(n)).collect();
    let mut taken: BTreeSet<String> = components.clone();
    let mut titles: Vec<Renamed> = Vec::new();
    // Inline titles, in document order.
    walk::document(root, &mut |schema, at| {
        let component_root = at.len() == 3 && at[0] == "components" && at[1] == "schemas";
        if component_root {
            return;
        }
        let Some(title) = schema.get("title").and_then(Value::as_str) else {
            return;
        };
        if !schema.as_object().is_some_and(makes_a_type) {
            return;
        }
        let name = type_name(title);
        if taken.insert(name) {
            return;
        }
        let free = (2..)
            .map(|n| format!("{title} {n}"))
            .find(|t| !taken.contains(&type_name(t)))
            .unwrap_or_else(|| title.to_string());
        taken.insert(type_name(&free));
        titles.push(Renamed {
            at: at.iter().map(|s| s.to_string()).collect(),
            title: free,
            was: None,
        });
    });
    // Places typify names inline schemas after.
    if let Some(Value::Object(schemas)) = root.get("components").and_then(|c| c.get("schemas")) {
        for (name, schema) in schemas {
            let at = vec![
                "components".to_string(),
                "schemas".to_string(),
                name.clone(),
            ];
            placed(
                schema,
                &type_name(name),
                &at,
                &components,
                &mut taken,
                &mut titles,
            );
        }
    }
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    for Renamed { at, title, was } in titles {
        let Some(Value::Object(schema)) = document.pointer_mut(&json_pointer(&at)) else {
            continue;
        };
        let old = schema.insert("title".into(), Value::String(title.clone()));
        if schema.get("nullable") == Some(&Value::Bool(true))
            && (schema.contains_key("enum") || COMPOSITIONS.iter().any(|k| schema.contains_key(*k)))
        {
            // progenitor wraps a nullable composition in `oneOf: [null, …]` and moves its title
            // to the wrapper, and typify names the composition after the place again: the
            // composition becomes a component of that name instead.
            let key = type_name(&title);
            let mut body = std::mem::take(schema);
            body.remove("nullable");
            *schema = nullable_reference(&key, &body, &["description"]);
            hoisted.push((key, Value::Object(body)));
        }
        let message = match (old, was) {
            (Some(Value::String(old)), _) => format!(
                "the title `{old}` names the same Rust type as another schema; this one is named `{}`",
                type_name(&title)
            ),
            (_, was) => format!(
                "this schema would be named after its place, `{}`, which is also the name of a component schema; it is named `{}`",
                was.unwrap_or_default(),
                type_name(&title)
            ),
        };
        diagnostics
            .warning("type-name", pointer(&at), message)
            .help("give the schema a `title` of its own, or move it into `components.schemas`");
    }
    if let Some(Value::Object(schemas)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        schemas.extend(hoisted);
    }
}

/// An inline schema given a title: its place, the title, and the name typify would have
/// given it after its place (`None` when it is its old title that is taken).
struct Renamed {
    at: Vec<String>,
    title: String,
    was: Option<String>,
}

/// Walks the inline property (and array item) schemas of `schema`, which typify names
/// `parent`, giving a title to each whose name would be a component's.
fn placed(
    schema: &Value,
    parent: &str,
    at: &[String],
    components: &BTreeSet<String>,
    taken: &mut BTreeSet<String>,
    titles: &mut Vec<Renamed>,
) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (property, child) in properties {
        let mut child_at = at.to_vec();
        child_at.extend(["properties".to_string(), property.clone()]);
        let name = type_name(&format!("{parent}_{}", property.to_snake_case()));
        named_inline(child, name, child_at, components, taken, titles);
    }
}

/// An inline schema typify names `name` (unless it has a title): titled when that name is a
/// component's; then its own properties and items.
fn named_inline(
    schema: &Value,
    name: String,
    at: Vec<String>,
    components: &BTreeSet<String>,
    taken: &mut BTreeSet<String>,
    titles: &mut Vec<Renamed>,
) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("$ref") {
        return;
    }
    let mut name = name;
    if let Some(title) = map.get("title").and_then(Value::as_str) {
        name = type_name(title);
    } else if makes_a_type(map) && components.contains(&name) {
        let free = (2..)
            .map(|n| format!("{name}{n}"))
            .find(|t| !taken.contains(&type_name(t)))
            .unwrap_or_else(|| name.clone());
        taken.insert(type_name(&free));
        titles.push(Renamed {
            at: at.clone(),
            title: free.clone(),
            was: Some(name),
        });
        name = type_name(&free);
    }
    if let Some(items) = map.get("items") {
        let mut items_at = at.clone();
        items_at.push("items".into());
        named_inline(
            items,
            format!("{name}Item"),
            items_at,
            components,
            taken,
            titles,
        );
    }
    placed(schema, &name, &at, components, taken, titles);
}

/// Whether typify makes a named type of the schema: an object with properties, an enum, a
/// composition, a string with a length or a pattern (a newtype that checks them).
fn makes_a_type(map: &Map<String, Value>) -> bool {
    [
        "properties",
        "enum",
        "minLength",
        "maxLength",
        "pattern",
        "not",
    ]
    .iter()
    .any(|k| map.contains_key(*k))
        || ["oneOf", "anyOf", "allOf"].iter().any(|k| {
            // One reference (`allOf: [{$ref: A}]`, how a property documents a component) is
            // that component's type: no type of its own.
            map.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|list| !matches!(&list[..], [only] if only.get("$ref").is_some()))
        })
}

/// Renames each component schema whose Rust name an earlier one has, and the references to it.
fn component_names(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(schemas)) = document.get("components").and_then(|c| c.get("schemas"))
    else {
        return;
    };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let keys: BTreeSet<&String> = schemas.keys().collect();
    for name in schemas.keys() {
        if taken.insert(type_name(name)) {
            continue;
        }
        let new = (2..)
            .map(|n| format!("{name}{n}"))
            .find(|c| !taken.contains(&type_name(c)) && !keys.contains(c))
            .unwrap_or_else(|| format!("{name}_"));
        taken.insert(type_name(&new));
        renames.push((name.clone(), new));
    }
    if renames.is_empty() {
        return;
    }
    if let Some(Value::Object(schemas)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        let old = std::mem::take(schemas);
        for (key, value) in old {
            let key = renames
                .iter()
                .find(|(from, _)| *from == key)
                .map_or(key, |(_, to)| to.clone());
            schemas.insert(key, value);
        }
    }
    let targets: Vec<(String, String)> = renames
        .iter()
        .map(|(from, to)| {
            (
                pointer(["components", "schemas", from]),
                pointer(["components", "schemas", to]),
            )
        })
        .collect();
    walk::refs(document, &mut |reference| {
        if let Some((_, to)) = targets.iter().find(|(from, _)| from == reference) {
            *reference = to.clone();
        }
    });
    for (from, to) in renames {
        diagnostics
            .warning(
                "type-name",
                pointer(["components", "schemas", &to]),
                format!(
                    "the schema `{from}` has the Rust name of an earlier schema, `{}`; it is renamed `{to}` (the type `{}`)",
                    type_name(&from),
                    type_name(&to)
                ),
            )
            .help("give the two schemas names that differ in more than case and separators");
    }
}

/// `{nullable: true, allOf: [{$ref: <the component schema inner>}]}`, with the `kept` keywords
/// of `body` (its description…): what a nullable schema becomes once its body is a component.
fn nullable_reference(inner: &str, body: &Map<String, Value>, kept: &[&str]) -> Map<String, Value> {
    let mut outer: Map<String, Value> = kept
        .iter()
        .filter_map(|key| Some((key.to_string(), body.get(*key)?.clone())))
        .collect();
    outer.insert("nullable".into(), Value::Bool(true));
    outer.insert(
        "allOf".into(),
        json!([{"$ref": pointer(["components", "schemas", inner])}]),
    );
    outer
}

/// Moves the composition of every nullable component into a component of its own.
fn nullable_compositions(document: &mut Value) {
    let Some(Value::Object(schemas)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    else {
        return;
    };
    let mut taken: BTreeSet<String> = schemas.keys().map(|k| type_name(k)).collect();
    let mut moved: Vec<(String, String, Map<String, Value>)> = Vec::new();
    for (name, schema) in schemas.iter() {
        let Value::Object(map) = schema else { continue };
        if map.get("nullable") != Some(&Value::Bool(true))
            || !(COMPOSITIONS.iter().any(|k| map.contains_key(*k)) || map.contains_key("enum"))
        {
            continue;
        }
        let inner = (1..)
            .map(|n| match n {
                1 => format!("{name}Inner"),
                n => format!("{name}Inner{n}"),
            })
            .find(|c| !taken.contains(&type_name(c)))
            .unwrap_or_else(|| format!("{name}Inner"));
        taken.insert(type_name(&inner));
        let mut body = map.clone();
        body.remove("nullable");
        moved.push((name.clone(), inner, body));
    }
    for (name, inner, body) in moved {
        let outer = nullable_reference(&inner, &body, &["description", "title"]);
        schemas.insert(name, Value::Object(outer));
        schemas.insert(inner, Value::Object(body));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn run(mut doc: Value) -> (Value, Vec<(String, String)>) {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        distinct(&mut doc, &mut d);
        let all = match d.finish() {
            Ok(all) | Err(all) => all,
        };
        (
            doc,
            all.into_iter().map(|d| (d.pointer, d.message)).collect(),
        )
    }

    #[test]
    fn components_of_one_rust_name_are_told_apart() {
        let (doc, diagnostics) = run(json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/address"}}
            }}}}}},
            "components": {"schemas": {
                "Address": {"type": "object"},
                "address": {"properties": {"lines": {"type": "string"}}},
                "Other": {"properties": {"a": {"$ref": "#/components/schemas/address"}}}
            }}
        }));
        let keys: Vec<&String> = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["Address", "Other", "address2"]);
        assert_eq!(
            doc.pointer("/components/schemas/Other/properties/a/$ref"),
            Some(&json!("#/components/schemas/address2"))
        );
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/address2"))
        );
        assert_eq!(
            diagnostics,
            [(
                "#/components/schemas/address2".to_string(),
                "the schema `address` has the Rust name of an earlier schema, `Address`; it is renamed `address2` (the type `Address2`)".to_string()
            )]
        );
    }

    #[test]
    fn a_nullable_composition_moves_into_a_component_of_its_own() {
        let (doc, diagnostics) = run(json!({"components": {"schemas": {
            "Value": {"description": "v", "nullable": true, "oneOf": [{"type": "string"}, {"type": "number"}]},
            "Plain": {"oneOf": [{"type": "string"}]}
        }}}));
        assert_eq!(diagnostics, []);
        assert_eq!(
            doc.pointer("/components/schemas/Value"),
            Some(
                &json!({"description": "v", "nullable": true, "allOf": [{"$ref": "#/components/schemas/ValueInner"}]})
            )
        );
        assert_eq!(
            doc.pointer("/components/schemas/ValueInner"),
            Some(&json!({"description": "v", "oneOf": [{"type": "string"}, {"type": "number"}]}))
        );
        assert_eq!(
            doc.pointer("/components/schemas/Plain"),
            Some(&json!({"oneOf": [{"type": "string"}]}))
        );
    }

    #[test]
    fn a_property_that_is_one_reference_makes_no_type_of_its_own() {
        let (doc, diagnostics) = run(json!({"components": {"schemas": {
            "AddressLotKind": {"type": "string", "enum": ["a"]},
            "AddressLot": {"properties": {
                "kind": {"description": "k", "allOf": [{"$ref": "#/components/schemas/AddressLotKind"}]}
            }}
        }}}));
        assert_eq!(diagnostics, []);
        assert_eq!(
            doc.pointer("/components/schemas/AddressLot/properties/kind/title"),
            None
        );
    }

    #[test]
    fn titles_and_places_that_name_a_component_get_a_number() {
        let (doc, diagnostics) = run(json!({"components": {"schemas": {
            "StreamMode": {"type": "string", "enum": ["a"]},
            "CertificateType": {"type": "string", "enum": ["x"]},
            "Run": {"properties": {"mode": {"title": "Stream Mode", "anyOf": [{"type": "string"}]}}},
            "Certificate": {"properties": {
                "type": {"type": "string", "enum": ["y"]},
                "name": {"type": "string"}
            }},
            "Balance": {"properties": {
                "source": {"description": "d", "nullable": true, "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/BalanceSource"}]}
            }},
            "BalanceSource": {"properties": {"id": {"type": "string"}}}
        }}}));
        assert_eq!(
            doc.pointer("/components/schemas/Balance/properties/source"),
            Some(
                &json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/BalanceSource2"}]})
            )
        );
        assert_eq!(
            doc.pointer("/components/schemas/BalanceSource2"),
            Some(
                &json!({"description": "d", "title": "BalanceSource2", "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/BalanceSource"}]})
            )
        );
        assert_eq!(
            doc.pointer("/components/schemas/Run/properties/mode/title"),
            Some(&json!("Stream Mode 2"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/Certificate/properties/type/title"),
            Some(&json!("CertificateType2"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/Certificate/properties/name/title"),
            None
        );
        assert_eq!(
            diagnostics,
            [
                (
                    "#/components/schemas/Balance/properties/source".to_string(),
                    "this schema would be named after its place, `BalanceSource`, which is also the name of a component schema; it is named `BalanceSource2`".to_string()
                ),
                (
                    "#/components/schemas/Certificate/properties/type".to_string(),
                    "this schema would be named after its place, `CertificateType`, which is also the name of a component schema; it is named `CertificateType2`".to_string()
                ),
                (
                    "#/components/schemas/Run/properties/mode".to_string(),
                    "the title `Stream Mode` names the same Rust type as another schema; this one is named `StreamMode2`".to_string()
                ),
            ]
        );
    }
}
