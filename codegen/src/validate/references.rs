//! Every `$ref` of a part or schema: it must name a whole component of the
//! right kind in this document, and chains of references must end.
//!
//! progenitor looks a reference up by its last segment alone, and unwraps
//! the result: a reference that dangles, that points at another file, or that
//! names a component of another kind panics or silently resolves to the wrong
//! thing, and a cycle of references overflows the stack. Each is an error
//! here, at the `$ref`, with the fix.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;

use crate::names;
use crate::openapi::pointer::{pointer, segments, unescape};
use crate::openapi::reference::{KINDS, is_kind, resolve, singular};
use crate::openapi::walk::{self, Part};

/// A `$ref` found: its place, its target, and the kind of component it must name.
pub(crate) type Found<'a> = (String, &'a Value, &'static str);

/// Notes the `$ref` of the schema `schema` at `at`, if it has one, in `found`.
pub(crate) fn schema<'a>(schema: &'a Value, at: &[walk::Segment<'_>], found: &mut Vec<Found<'a>>) {
    if let Some(target) = schema.get("$ref") {
        found.push((pointer(at), target, "schemas"));
    }
}

/// Checks every `$ref` where a parameter, header, request body, response or schema is
/// expected (those of schemas already in `found`, see [`schema`]), then the cycles among
/// components that are references.
pub(crate) fn check<'a>(
    root: &'a Map<String, Value>,
    mut found: Vec<Found<'a>>,
    diagnostics: &mut Diagnostics,
) {
    walk::parts(root, &mut |part, value, at| {
        let kind = match part {
            Part::Parameter => "parameters",
            Part::Header => "headers",
            Part::RequestBody => "requestBodies",
            Part::Response => "responses",
            // Schemas, component ones included, are found by `walk::document`.
            Part::Schema => return,
        };
        if let Some(target) = value.get("$ref") {
            found.push((pointer(at.iter()), target, kind));
        }
    });

    for (at, target, kind) in &found {
        check_one(root, &format!("{at}/$ref"), target, kind, diagnostics);
    }
    cycles(root, diagnostics);
}

fn check_one(
    root: &Map<String, Value>,
    at: &str,
    target: &Value,
    kind: &str,
    diagnostics: &mut Diagnostics,
) {
    let what = singular(kind);
    let expected = format!("#/components/{kind}/Name");
    let Value::String(reference) = target else {
        diagnostics
            .error(
                "reference",
                at,
                format!("`$ref` must be a string, found {}", type_name(target)),
            )
            .help(format!(
                "write the reference as a string: `$ref: '{expected}'`"
            ));
        return;
    };
    if reference.is_empty() {
        diagnostics
            .error("reference", at, "`$ref` is empty")
            .help(format!(
                "write the reference to the {what}: `$ref: '{expected}'`"
            ));
        return;
    }
    if !reference.starts_with('#') {
        diagnostics
            .error(
                "external-reference",
                at,
                format!("`{reference}` refers to another document; external references are not supported, the generator reads one self-contained document"),
            )
            .help(format!("bundle the spec into one file first (for example with `redocly bundle`), or copy the {what} into `#/components/{kind}`"));
        return;
    }
    let Some(path) = segments(reference).filter(|s| s.iter().all(|s| !s.is_empty())) else {
        diagnostics
            .error(
                "reference",
                at,
                format!("`{reference}` is not a JSON pointer to a {what}"),
            )
            .help(format!("a reference to a {what} has the form `{expected}`"));
        return;
    };
    let resolved = resolve(root, reference);
    let component = match path.as_slice() {
        [c, k, name] if c == "components" => Some((k.as_str(), name.as_str())),
        _ => None,
    };
    match (resolved, component) {
        (Some(_), Some((k, _))) if k == kind => {}
        (Some(_), Some((k, _))) if is_kind(k) => {
            diagnostics
                .error(
                    "reference-kind",
                    at,
                    format!(
                        "`{reference}` is a {}, where a {what} is expected",
                        singular(k)
                    ),
                )
                .help(format!("refer to a {what}: `{expected}`"));
        }
        (Some(_), _) => {
            diagnostics
                .error(
                    "reference",
                    at,
                    format!("`{reference}` does not name a whole component; the generator resolves references of the form `{expected}` only"),
                )
                .help(format!("move the {what} it points at into `#/components/{kind}` and refer to it there"));
        }
        (None, Some((k, name))) if k == kind => {
            let known = root
                .get("components")
                .and_then(|c| c.get(kind))
                .and_then(Value::as_object);
            let d = diagnostics.error(
                "dangling-reference",
                at,
                format!("`{reference}` does not resolve: there is no {what} `{name}` in `#/components/{kind}`"),
            );
            let close = known.and_then(|m| names::closest(name, m.keys().map(String::as_str)));
            match close {
                Some(close) => {
                    d.help(format!(
                        "did you mean `{}`?",
                        pointer(["components", kind, close])
                    ));
                }
                None => {
                    d.help(format!("define `{name}` under `#/components/{kind}`"));
                }
            }
        }
        (None, _) => {
            diagnostics
                .error(
                    "dangling-reference",
                    at,
                    format!(
                        "`{reference}` does not resolve: the document has nothing at that place"
                    ),
                )
                .help(format!("a reference to a {what} has the form `{expected}`"));
        }
    }
}

/// Reports each cycle of components that are nothing but a reference to
/// another component of their kind (`A: {$ref: B}`, `B: {$ref: A}`): none of
/// them says what it is, and following them never ends.
fn cycles(root: &Map<String, Value>, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(components)) = root.get("components") else {
        return;
    };
    for (kind, _) in KINDS {
        // Chains of path items are `normalize::references`'s to follow and report.
        if kind == "pathItems" {
            continue;
        }
        let Some(Value::Object(entries)) = components.get(kind) else {
            continue;
        };
        let prefix = format!("#/components/{kind}/");
        // name → the name it refers to, for entries that are a bare reference
        // (or, for schemas, a lone `allOf` of one reference, which typify
        // follows the same way).
        let mut next: BTreeMap<&str, String> = BTreeMap::new();
        for (name, entry) in entries {
            let target = entry.get("$ref").and_then(Value::as_str).or_else(|| {
                let all_of = entry.get("allOf")?.as_array()?;
                match all_of.as_slice() {
                    [only] if kind == "schemas" => only.get("$ref")?.as_str(),
                    _ => None,
                }
            });
            if let Some(to) = target.and_then(|t| t.strip_prefix(&prefix))
                && !to.contains('/')
            {
                next.insert(name, unescape(to));
            }
        }
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for start in next.keys().copied() {
            let mut chain = vec![start];
            let mut at = start;
            while let Some(to) = next.get(at).map(String::as_str) {
                if let Some(i) = chain.iter().position(|c| *c == to) {
                    let cycle = &chain[i..];
                    if cycle.iter().all(|c| reported.insert(c)) {
                        let first = cycle.iter().min().copied().unwrap_or(to);
                        let from = cycle.iter().position(|c| *c == first).unwrap_or(0);
                        let mut names: Vec<&str> = cycle[from..]
                            .iter()
                            .chain(&cycle[..from])
                            .copied()
                            .collect();
                        names.push(first);
                        let what = singular(kind);
                        let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                        diagnostics
                            .error(
                                "reference-cycle",
                                pointer(["components", kind, first]),
                                format!(
                                    "the {what} references {} form a cycle: none of them says what the {what} is",
                                    shown.join(" → ")
                                ),
                            )
                            .help(format!(
                                "define one of them as a {what} instead of a reference to another"
                            ));
                    }
                    break;
                }
                let Some((name, _)) = entries.get_key_value(to) else {
                    break;
                };
                chain.push(name.as_str());
                at = name.as_str();
            }
        }
    }
}

/// How a JSON value's type is called in diagnostics.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn run(doc: Value) -> Vec<(String, &'static str, String, Option<String>)> {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        let empty = Map::new();
        let root = doc.as_object().unwrap_or(&empty);
        let mut found = Vec::new();
        walk::document(root, &mut |value, at| schema(value, at, &mut found));
        check(root, found, &mut d);
        match d.finish() {
            Ok(all) | Err(all) => all
                .into_iter()
                .map(|d| (d.pointer, d.code, d.message, d.help))
                .collect(),
        }
    }

    #[test]
    fn every_kind_of_bad_reference_is_reported_at_its_place() {
        let all = run(json!({
            "paths": {"/t": {"get": {
                "parameters": [
                    {"$ref": "#/components/parameters/TokenId"},
                    {"$ref": "#/components/schemas/Token"},
                    {"$ref": "other.yaml#/components/parameters/X"},
                    {"$ref": 7},
                    {"$ref": "#components/parameters/TokenID"},
                    {"$ref": "#/components/parameters/TokenID"}
                ],
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Token/properties/id"
                }}}}}
            }}},
            "components": {
                "parameters": {"TokenID": {"name": "id", "in": "query"}},
                "schemas": {"Token": {"properties": {"id": {"type": "string"}}}}
            }
        }));
        let codes: Vec<_> = all.iter().map(|a| (a.0.as_str(), a.1)).collect();
        assert_eq!(
            codes,
            [
                ("#/paths/~1t/get/parameters/0/$ref", "dangling-reference"),
                ("#/paths/~1t/get/parameters/1/$ref", "reference-kind"),
                ("#/paths/~1t/get/parameters/2/$ref", "external-reference"),
                ("#/paths/~1t/get/parameters/3/$ref", "reference"),
                ("#/paths/~1t/get/parameters/4/$ref", "reference"),
                (
                    "#/paths/~1t/get/responses/200/content/application~1json/schema/$ref",
                    "reference"
                ),
            ]
        );
        assert_eq!(
            all[0].3.as_deref(),
            Some("did you mean `#/components/parameters/TokenID`?")
        );
        assert_eq!(
            all[1].2,
            "`#/components/schemas/Token` is a schema, where a parameter is expected"
        );
    }

    #[test]
    fn cycles_of_bare_references_are_reported_once() {
        let all = run(json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            "C": {"$ref": "#/components/schemas/A"},
            "D": {"$ref": "#/components/schemas/D"},
            "E": {"properties": {"e": {"$ref": "#/components/schemas/E"}}}
        }}}));
        let messages: Vec<_> = all.iter().map(|a| (a.0.as_str(), a.2.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    "#/components/schemas/A",
                    "the schema references `A` → `B` → `A` form a cycle: none of them says what the schema is"
                ),
                (
                    "#/components/schemas/D",
                    "the schema references `D` → `D` form a cycle: none of them says what the schema is"
                ),
            ]
        );
    }
}
