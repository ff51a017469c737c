//! Following `$ref`s: in the document's JSON value, and between `openapiv3`'s typed
//! components.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};
use serde_json::{Map, Value};

use super::pointer::{last_segment, unescape};

/// The kinds of component a `$ref` can name (the keys of `components`), with how diagnostics
/// call one of them.
pub const KINDS: [(&str, &str); 10] = [
    ("schemas", "schema"),
    ("parameters", "parameter"),
    ("headers", "header"),
    ("requestBodies", "request body"),
    ("responses", "response"),
    ("examples", "example"),
    ("links", "link"),
    ("callbacks", "callback"),
    ("securitySchemes", "security scheme"),
    ("pathItems", "path item"),
];

/// How diagnostics call a component of `kind` (`requestBodies` → `request body`).
pub fn singular(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, s)| s)
}

/// Whether `kind` is a kind of component.
pub fn is_kind(kind: &str) -> bool {
    KINDS.iter().any(|(k, _)| *k == kind)
}

/// The node the local `reference` (`#/a/b~1c`) points at in the document `root`, found with
/// `serde_json`'s own JSON pointer lookup below the top-level field.
pub fn resolve<'a>(root: &'a Map<String, Value>, reference: &str) -> Option<&'a Value> {
    let rest = reference.strip_prefix("#/")?;
    let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let node = root.get(&unescape(first))?;
    if tail.is_empty() {
        Some(node)
    } else {
        node.pointer(&format!("/{tail}"))
    }
}

/// The item `item` is, or refers to through a chain of references to the components `kind`
/// selects; `None` when a reference does not resolve or the chain goes round in a cycle.
pub fn follow<'a, T>(
    mut item: &'a ReferenceOr<T>,
    components: Option<&'a Components>,
    kind: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
) -> Option<&'a T> {
    let entries = components.map(kind);
    // A chain longer than the number of entries is a cycle.
    for _ in 0..=entries.map_or(0, IndexMap::len) {
        match item {
            ReferenceOr::Item(found) => return Some(found),
            ReferenceOr::Reference { reference } => {
                item = entries?.get(&last_segment(reference))?;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_resolve_below_the_top_level() {
        let doc = json!({"components": {"schemas": {"A/B": {"type": "string"}}}});
        let root = doc.as_object().expect("an object");
        assert_eq!(
            resolve(root, "#/components/schemas/A~1B"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(resolve(root, "#/components/schemas/C"), None);
        assert_eq!(resolve(root, "other.yaml#/C"), None);
    }

    #[test]
    fn chains_are_followed_and_cycles_end() {
        let components: Components = serde_json::from_value(json!({"responses": {
            "A": {"$ref": "#/components/responses/B"},
            "B": {"description": "b"},
            "C": {"$ref": "#/components/responses/D"},
            "D": {"$ref": "#/components/responses/C"},
        }}))
        .expect("components");
        let start = |name: &str| {
            ReferenceOr::<openapiv3::Response>::ref_(&format!("#/components/responses/{name}"))
        };
        let a = start("A");
        assert_eq!(
            follow(&a, Some(&components), |c| &c.responses).map(|r| r.description.as_str()),
            Some("b")
        );
        let c = start("C");
        assert!(follow(&c, Some(&components), |c| &c.responses).is_none());
    }
}
