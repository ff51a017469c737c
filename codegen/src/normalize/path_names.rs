//! A path parameter and another parameter of the same name.
//!
//! OpenAPI tells parameters apart by name and location, so an operation may have a path
//! parameter `id` and a query parameter `id` (Intellifi's `/spotsets/{id}` does). progenitor
//! keys an operation's parameters by name alone: the second replaces the first, and it panics
//! when it fills the path ("missing path name mapping"). A path parameter's name is never sent
//! (its value takes the place of `{id}` in the path), so here it is the path parameter that is
//! renamed, in the path template and in every path parameter of that path, to the first free
//! `<name>_path`: the client method takes `id_path` for the path and `id` for the query, and
//! the request is the same. A warning names each rename.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::pointer;
use crate::openapi::reference::resolve;
use crate::openapi::walk::METHODS;

/// A path to rename: its key, the new key, and each path parameter's old and new name.
type Rename = (String, String, Vec<(String, String)>);

/// Renames the path parameters that share a name with another parameter of an operation.
pub fn distinct(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Value::Object(root) = &*document else {
        return;
    };
    let Some(Value::Object(paths)) = root.get("paths") else {
        return;
    };
    let mut renames: Vec<Rename> = Vec::new();
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let parameters = |list: Option<&Value>| -> Vec<(String, String)> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let p = match p.get("$ref").and_then(Value::as_str) {
                        Some(reference) => resolve(root, reference)?,
                        None => p,
                    };
                    Some((
                        p.get("name")?.as_str()?.to_string(),
                        p.get("in")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        };
        let shared = parameters(item.get("parameters"));
        let mut path_names: BTreeSet<String> = BTreeSet::new();
        let mut other_names: BTreeSet<String> = BTreeSet::new();
        let operations = METHODS.iter().filter_map(|m| item.get(*m));
        let mut lists = vec![shared.clone()];
        lists.extend(operations.map(|op| parameters(op.get("parameters"))));
        for (name, location) in lists.iter().flatten() {
            if location == "path" {
                path_names.insert(name.clone());
            } else {
                other_names.insert(name.clone());
            }
        }
        let clashes: Vec<&String> = path_names.intersection(&other_names).collect();
        if clashes.is_empty() {
            continue;
        }
        let taken: BTreeSet<&String> = path_names.union(&other_names).collect();
        let mut key = path.clone();
        let mut renamed = Vec::new();
        for name in clashes {
            let new = std::iter::once(format!("{name}_path"))
                .chain((2..).map(|n| format!("{name}_path{n}")))
                .find(|c| !taken.contains(c))
                .unwrap_or_else(|| format!("{name}_path"));
            key = key.replace(&format!("{{{name}}}"), &format!("{{{new}}}"));
            renamed.push((name.clone(), new));
        }
        renames.push((path.clone(), key, renamed));
    }
    if renames.is_empty() {
        return;
    }
    for (path, key, renamed) in renames {
        let copy = |list: &mut Value, root: &Map<String, Value>| {
            let Value::Array(list) = list else { return };
            for parameter in list.iter_mut() {
                if let Some(reference) = parameter.get("$ref").and_then(Value::as_str)
                    && let Some(target) = resolve(root, reference)
                    && target.get("in").and_then(Value::as_str) == Some("path")
                    && renamed.iter().any(|(from, _)| {
                        target.get("name").and_then(Value::as_str) == Some(from.as_str())
                    })
                {
                    // A shared component: this path gets a copy of its own.
                    *parameter = target.clone();
                }
                if parameter.get("in").and_then(Value::as_str) != Some("path") {
                    continue;
                }
                if let Some((_, to)) = renamed.iter().find(|(from, _)| {
                    parameter.get("name").and_then(Value::as_str) == Some(from.as_str())
                }) {
                    parameter["name"] = Value::String(to.clone());
                }
            }
        };
        let Value::Object(root) = &*document else {
            return;
        };
        let Some(mut item) = root.get("paths").and_then(|p| p.get(&path)).cloned() else {
            continue;
        };
        if let Some(list) = item.get_mut("parameters") {
            copy(list, root);
        }
        for method in METHODS {
            if let Some(list) = item.get_mut(method).and_then(|op| op.get_mut("parameters")) {
                copy(list, root);
            }
        }
        for (from, to) in &renamed {
            diagnostics
                .warning(
                    "path-parameter-name",
                    pointer(["paths", &path]),
                    format!(
                        "the path parameter `{from}` of `{path}` has the name of another parameter of its operations; the client calls it `{to}` (the request is the same: a path parameter's name is not sent)"
                    ),
                )
                .help("give the path parameter a name of its own");
        }
        if let Some(Value::Object(paths)) = document.get_mut("paths") {
            paths.remove(&path);
            paths.insert(key, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    #[test]
    fn the_path_parameter_is_renamed_in_the_template_and_its_parameters() {
        let mut doc = json!({
            "paths": {"/spotsets/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {"parameters": [
                    {"name": "id", "in": "query", "schema": {"type": "string"}}
                ]},
                "put": {}
            }, "/other/{id}": {"parameters": [{"$ref": "#/components/parameters/Id"}]}},
            "components": {"parameters": {
                "Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
            }}
        });
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        distinct(&mut doc, &mut d);
        let all = match d.finish() {
            Ok(all) | Err(all) => all,
        };
        assert_eq!(
            doc.pointer("/paths/~1spotsets~1{id_path}/parameters/0"),
            Some(
                &json!({"name": "id_path", "in": "path", "required": true, "schema": {"type": "string"}})
            )
        );
        assert_eq!(
            doc.pointer("/paths/~1spotsets~1{id_path}/get/parameters/0/name"),
            Some(&json!("id"))
        );
        assert!(doc.pointer("/paths/~1spotsets~1{id}").is_none());
        // Another path with the same shared parameter keeps it.
        assert_eq!(
            doc.pointer("/paths/~1other~1{id}/parameters/0"),
            Some(&json!({"$ref": "#/components/parameters/Id"}))
        );
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].pointer, "#/paths/~1spotsets~1{id}");
    }
}
