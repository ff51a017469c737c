//! References progenitor does not follow, resolved in the document.
//!
//! progenitor resolves `$ref`s to components of the kinds it knows, but not a
//! path item given by `$ref` (OpenAPI 3.0 and 3.1 both allow it; 3.1 adds
//! `components.pathItems` for them), and it ignores the `summary` and
//! `description` that OpenAPI 3.1 lets a reference override. Both are resolved
//! here by inlining the referenced object.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::pointer;
use crate::openapi::walk::{self, Part};

/// How many `$ref`s in a row are followed before a chain is taken for a cycle.
const MAX_CHAIN: usize = 32;

/// Why a reference cannot be resolved: a diagnostic code and a message.
type Unresolved = (&'static str, String);

/// The object a local `$ref` (`#/…`) points at, following references to references.
///
/// `Err` has the diagnostic code and says why it cannot be resolved.
fn resolve<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, Unresolved> {
    let mut target = reference.to_string();
    for _ in 0..MAX_CHAIN {
        let Some(local) = target.strip_prefix('#') else {
            return Err((
                "external-reference",
                format!(
                    "`{target}` is in another document; external references are not supported, the generator reads one self-contained document"
                ),
            ));
        };
        let Some(found) = root.pointer(local) else {
            return Err((
                "dangling-reference",
                format!("`{target}` does not exist in this document"),
            ));
        };
        match found.get("$ref").and_then(Value::as_str) {
            Some(next) => target = next.to_string(),
            None => return Ok(found),
        }
    }
    Err((
        "reference-cycle",
        format!("`{reference}` starts a cycle of references (more than {MAX_CHAIN} in a row)"),
    ))
}

/// Replaces every path item given by `$ref` with the item it refers to, its
/// own fields taking precedence, then drops `components.pathItems`, which
/// nothing needs any more.
pub(crate) fn inline_path_items(document: &mut Value, diagnostics: &mut Diagnostics) {
    let references: Vec<(String, String)> = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(path, item)| Some((path.clone(), item.get("$ref")?.as_str()?.to_string())))
        .collect();
    // Resolved before anything changes: one path item may refer to another.
    let targets: Vec<Result<Map<String, Value>, Unresolved>> = references
        .iter()
        .map(|(_, reference)| match resolve(document, reference)? {
            Value::Object(target) => Ok(target.clone()),
            _ => Err((
                "reference-kind",
                format!("`{reference}` is not a path item object"),
            )),
        })
        .collect();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for ((path, _), target) in references.iter().zip(targets) {
            let Some(Value::Object(own)) = paths.get_mut(path) else {
                continue;
            };
            match target {
                Ok(mut merged) => {
                    own.remove("$ref");
                    merged.extend(std::mem::take(own));
                    *own = merged;
                }
                Err((code, why)) => {
                    diagnostics
                        .error(
                            code,
                            pointer(["paths", path.as_str(), "$ref"]),
                            format!("path item `{path}` cannot be resolved: {why}"),
                        )
                        .help("point the `$ref` at a path item under `#/components/pathItems/`, or write the path item inline");
                }
            }
        }
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        components.remove("pathItems");
    }
}

/// The reference of a parameter, request body, response or header given by a
/// `$ref` with something beside it (OpenAPI 3.1 allows `description` and `summary`).
fn overridden(part: Part, node: &Value) -> Option<&str> {
    let map = node.as_object()?;
    if part == Part::Schema || map.len() == 1 {
        return None;
    }
    map.get("$ref")?.as_str()
}

/// Inlines parameters, request bodies, responses and headers given by a `$ref`
/// with a `description` (or `summary`) beside it, so that the description
/// reaches the docs. A `$ref` alone stays a reference.
pub(crate) fn inline_overridden(document: &mut Value) {
    // An inlined response may bring headers that override references in turn:
    // each round inlines what the one before uncovered.
    for _ in 0..MAX_CHAIN {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        let mut references = BTreeSet::new();
        walk::parts_mut(root, &mut |part, node, _| {
            if let Some(reference) = overridden(part, node) {
                references.insert(reference.to_string());
            }
        });
        if references.is_empty() {
            return;
        }
        // Only the targets are copied, not the document.
        let targets: BTreeMap<String, Map<String, Value>> = references
            .into_iter()
            .filter_map(|reference| match resolve(document, &reference) {
                Ok(Value::Object(target)) => Some((reference, target.clone())),
                _ => None,
            })
            .collect();
        let Some(root) = document.as_object_mut() else {
            return;
        };
        walk::parts_mut(root, &mut |part, node, _| {
            let Some(target) = overridden(part, node).map(|r| targets.get(r)) else {
                return;
            };
            let Value::Object(map) = node else { return };
            let Some(target) = target else {
                // Left for validation to report; the overrides go, as in 3.0.
                map.retain(|k, _| k == "$ref");
                return;
            };
            let mut inlined = target.clone();
            if let Some(description) = map.remove("description") {
                inlined.insert("description".into(), description);
            }
            if let Some(summary) = map.remove("summary")
                && inlined.contains_key("summary")
            {
                inlined.insert("summary".into(), summary);
            }
            *map = inlined;
        });
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    #[test]
    fn path_items_by_reference_are_inlined() {
        let mut doc = json!({
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "own"}},
            "components": {"pathItems": {"A": {"summary": "theirs", "get": {"operationId": "a"}}}}
        });
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        inline_path_items(&mut doc, &mut d);
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"summary": "own", "get": {"operationId": "a"}}}, "components": {}})
        );
        assert!(d.finish().unwrap().is_empty());
    }

    #[test]
    fn unresolvable_path_items_are_errors_with_their_place() {
        let mut doc = json!({"paths": {
            "/a": {"$ref": "#/components/pathItems/Missing"},
            "/b": {"$ref": "#/paths/~1c"},
            "/c": {"$ref": "#/paths/~1b"}
        }});
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        inline_path_items(&mut doc, &mut d);
        let all = d.finish().unwrap_err();
        let found: Vec<_> = all
            .iter()
            .map(|e| (e.pointer.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "#/paths/~1a/$ref",
                    "path item `/a` cannot be resolved: `#/components/pathItems/Missing` does not exist in this document"
                ),
                (
                    "#/paths/~1b/$ref",
                    "path item `/b` cannot be resolved: `#/paths/~1c` starts a cycle of references (more than 32 in a row)"
                ),
                (
                    "#/paths/~1c/$ref",
                    "path item `/c` cannot be resolved: `#/paths/~1b` starts a cycle of references (more than 32 in a row)"
                ),
            ]
        );
    }

    #[test]
    fn descriptions_beside_references_override_the_target() {
        let mut doc = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P", "description": "mine"}, {"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"$ref": "#/components/responses/R", "description": "ok here", "summary": "s"}}
            }}},
            "components": {
                "parameters": {"P": {"name": "p", "in": "query", "description": "theirs"}},
                "responses": {"R": {"description": "ok"}}
            }
        });
        inline_overridden(&mut doc);
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(
            op["parameters"][0],
            json!({"name": "p", "in": "query", "description": "mine"})
        );
        assert_eq!(
            op["parameters"][1],
            json!({"$ref": "#/components/parameters/P"})
        );
        assert_eq!(op["responses"]["200"], json!({"description": "ok here"}));
    }
}
