//! From a published document to the candidate for a spec: the selection, then our additions and
//! removals, then the components nothing uses any more dropped.
//!
//! 1. **Selection** (only when the entry has `paths` or `operations`): the path items of
//!    `paths` whole, and of `operations` each path item with only those methods (its
//!    `parameters`, `summary`, `servers` and extensions stay). A template matches whatever
//!    its parameters are called (`/users/{id}` is `/users/{userId}`), so a renamed parameter
//!    shows in the report instead of the operation going missing. Top-level `tags` keep
//!    only the tags the kept operations name; `webhooks` go (they are operations too, and
//!    none is selected); every other top-level field stays as published.
//! 2. **Additions**, in the order written: each sets the value at its pointer, replacing a
//!    published value if there is one. One whose parent is not in the document no longer
//!    applies, and is reported; one whose value the provider now publishes as is is
//!    reported too, since it can go. Then **removals**: each removes the node at its
//!    pointer; one with nothing there is reported, since it can go.
//! 3. **Components** (only with a selection): a component stays when something kept reaches
//!    it, transitively: through a `$ref`, a discriminator's `mapping`, or, for a security
//!    scheme, by name in a `security` requirement (of the document or of a kept operation).
//!    Additions and removals come before this step, so that they can change what is reached
//!    (a top-level `security` of one scheme drops the other, a schema written in place of a
//!    `$ref` drops the component). An addition on a component dropped here no longer applies.

use std::collections::BTreeSet;

use codegen::openapi::template::anonymous;
use indexmap::IndexMap;

use super::document::{Node, index, join_pointer, split_pointer};
use super::manifest::{Edit, Entry, METHODS};

/// What became of an addition or a removal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Applied {
    /// Set where the provider publishes nothing.
    Added,
    /// Set in place of the provider's value.
    Replaced,
    /// The provider publishes this very value: the addition can go.
    Published,
    /// Removed.
    Removed,
    /// The provider publishes nothing there: the removal can go.
    NotPublished,
    /// Not set, and why.
    NoLongerApplies(String),
}

/// A candidate for a spec, and what building it found.
#[derive(Debug)]
pub(crate) struct Candidate {
    pub(crate) document: Node,
    /// What the selection did not find, and references that no longer resolve.
    pub(crate) notes: Vec<String>,
    /// Each addition, then each removal, in the manifest's order, with what became of it.
    pub(crate) edits: Vec<(Edit, Applied)>,
}

/// Builds the candidate for `entry` from the published `document`.
pub(crate) fn candidate(mut document: Node, entry: &Entry) -> Result<Candidate, String> {
    let Some(root) = document.as_object_mut() else {
        return Err("the published document is not a mapping".to_string());
    };
    let mut notes = Vec::new();
    if entry.selects() {
        select_paths(root, entry, &mut notes);
        keep_used_tags(root);
    }
    let mut edits: Vec<(Edit, Applied)> = entry
        .edits
        .iter()
        .map(|edit| {
            let applied = match &edit.value {
                Some(value) => add(&mut document, &edit.tokens, value),
                None => remove(&mut document, &edit.tokens),
            };
            (edit.clone(), applied)
        })
        .collect();
    if entry.selects() {
        if let Some(root) = document.as_object_mut() {
            keep_reached_components(root);
        }
        for (edit, applied) in &mut edits {
            let set = matches!(
                applied,
                Applied::Added | Applied::Replaced | Applied::Published
            );
            if set && document.get(&edit.tokens).is_none() {
                *applied = Applied::NoLongerApplies(format!(
                    "`{}` is used by none of the selected operations, so it is not kept",
                    component_of(&edit.tokens)
                ));
            }
        }
    }
    check_references(&document, &mut notes);
    Ok(Candidate {
        document,
        notes,
        edits,
    })
}

/// `/components/{kind}/{name}` of a pointer into a component (the pointer itself otherwise).
fn component_of(tokens: &[String]) -> String {
    let n = if tokens.first().map(String::as_str) == Some("components") {
        3.min(tokens.len())
    } else {
        tokens.len()
    };
    join_pointer(&tokens[..n])
}

fn select_paths(root: &mut IndexMap<String, Node>, entry: &Entry, notes: &mut Vec<String>) {
    // `paths` stays where it was published.
    let published = match root.get_mut("paths") {
        Some(Node::Object(paths)) => std::mem::take(paths),
        _ => IndexMap::new(),
    };
    let mut kept = IndexMap::new();
    let mut found_paths = vec![false; entry.paths.len()];
    let mut found_operations = vec![false; entry.operations.len()];
    for (template, item) in published {
        let whole = entry
            .paths
            .iter()
            .position(|p| anonymous(p) == anonymous(&template));
        let methods: Vec<usize> = entry
            .operations
            .iter()
            .enumerate()
            .filter(|(_, (_, p))| anonymous(p) == anonymous(&template))
            .map(|(i, _)| i)
            .collect();
        if let Some(i) = whole {
            found_paths[i] = true;
            kept.insert(template, item);
            continue;
        }
        if methods.is_empty() {
            continue;
        }
        let Node::Object(mut map) = item else {
            continue;
        };
        if map.contains_key("$ref") {
            notes.push(format!(
                "the path item `{template}` is a `$ref`: it is kept whole (select it with `paths`)"
            ));
            methods.iter().for_each(|&i| found_operations[i] = true);
            kept.insert(template, Node::Object(map));
            continue;
        }
        map.retain(|key, _| {
            !METHODS.contains(&key.as_str())
                || methods.iter().any(|&i| {
                    let hit = entry.operations[i].0 == *key;
                    found_operations[i] |= hit;
                    hit
                })
        });
        if methods.iter().any(|&i| found_operations[i]) {
            kept.insert(template, Node::Object(map));
        }
    }
    for (path, found) in entry.paths.iter().zip(found_paths) {
        if !found {
            notes.push(format!(
                "the selected path `{path}` is not in the published document"
            ));
        }
    }
    for ((method, path), found) in entry.operations.iter().zip(found_operations) {
        if !found {
            notes.push(format!(
                "the selected operation `{} {path}` is not in the published document",
                method.to_ascii_uppercase()
            ));
        }
    }
    root.insert("paths".to_string(), Node::Object(kept));
    root.shift_remove("webhooks");
}

/// Top-level `tags` reduced to the tags the kept operations name.
fn keep_used_tags(root: &mut IndexMap<String, Node>) {
    let mut used = BTreeSet::new();
    if let Some(Node::Object(paths)) = root.get("paths") {
        for item in paths.values().filter_map(Node::as_object) {
            for (method, operation) in item {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                if let Some(Node::Array(tags)) = operation.get(&["tags".to_string()]) {
                    used.extend(tags.iter().filter_map(Node::as_str).map(String::from));
                }
            }
        }
    }
    if let Some(Node::Array(tags)) = root.get_mut("tags") {
        tags.retain(|tag| {
            tag.get(&["name".to_string()])
                .and_then(Node::as_str)
                .is_some_and(|name| used.contains(name))
        });
        if tags.is_empty() {
            root.shift_remove("tags");
        }
    }
}

/// Removes the node at `tokens`.
fn remove(document: &mut Node, tokens: &[String]) -> Applied {
    let Some((last, parent)) = tokens.split_last() else {
        return Applied::NotPublished;
    };
    match document.get_mut(parent) {
        Some(Node::Object(map)) => match map.shift_remove(last) {
            Some(_) => Applied::Removed,
            None => Applied::NotPublished,
        },
        Some(Node::Array(items)) => match index(last) {
            Some(i) if i < items.len() => {
                items.remove(i);
                Applied::Removed
            }
            _ => Applied::NotPublished,
        },
        _ => Applied::NotPublished,
    }
}

/// Sets `value` at `tokens` (see the module's documentation).
fn add(document: &mut Node, tokens: &[String], value: &Node) -> Applied {
    let Some((last, parent)) = tokens.split_last() else {
        return Applied::NoLongerApplies("it points at the whole document".to_string());
    };
    if document.get(parent).is_none() {
        // Name the first part of the pointer that is missing.
        let missing = (1..=parent.len())
            .find(|&n| document.get(&parent[..n]).is_none())
            .unwrap_or(parent.len());
        return Applied::NoLongerApplies(format!(
            "`{}` is not in the published document",
            join_pointer(&parent[..missing])
        ));
    }
    match document.get_mut(parent) {
        Some(Node::Object(map)) => match map.get_mut(last) {
            Some(published) if published == value => Applied::Published,
            Some(published) => {
                *published = value.clone();
                Applied::Replaced
            }
            None => {
                map.insert(last.clone(), value.clone());
                Applied::Added
            }
        },
        Some(Node::Array(items)) => {
            let index = if last == "-" {
                Some(items.len())
            } else {
                index(last)
            };
            match index {
                Some(i) if i < items.len() && items[i] == *value => Applied::Published,
                Some(i) if i < items.len() => {
                    items[i] = value.clone();
                    Applied::Replaced
                }
                Some(i) if i == items.len() => {
                    items.push(value.clone());
                    Applied::Added
                }
                _ => Applied::NoLongerApplies(format!(
                    "`{}` has {} item(s), so there is no item `{last}`",
                    join_pointer(parent),
                    items.len()
                )),
            }
        }
        _ => Applied::NoLongerApplies(format!(
            "`{}` is not an object or an array in the published document",
            join_pointer(parent)
        )),
    }
}

/// Drops every component nothing kept reaches (see the module's documentation).
fn keep_reached_components(root: &mut IndexMap<String, Node>) {
    // `components` stays where it was published.
    let components = match root.get_mut("components") {
        Some(Node::Object(components)) => std::mem::take(components),
        _ => return,
    };
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut queue: Vec<(String, String)> = Vec::new();
    for (key, node) in root.iter() {
        match key.as_str() {
            "components" => {}
            "security" => requirements(node, &mut queue),
            _ => references(node, &mut queue),
        }
    }
    while let Some((kind, name)) = queue.pop() {
        if !reached.insert((kind.clone(), name.clone())) {
            continue;
        }
        if let Some(node) = components.get(&kind).and_then(|k| k.get(&[name])) {
            references(node, &mut queue);
        }
    }
    let mut kept = IndexMap::new();
    for (kind, node) in components {
        match node {
            Node::Object(items) if !kind.starts_with("x-") => {
                let items: IndexMap<String, Node> = items
                    .into_iter()
                    .filter(|(name, _)| reached.contains(&(kind.clone(), name.clone())))
                    .collect();
                if !items.is_empty() {
                    kept.insert(kind, Node::Object(items));
                }
            }
            other => {
                kept.insert(kind, other);
            }
        }
    }
    if kept.is_empty() {
        root.shift_remove("components");
    } else {
        root.insert("components".to_string(), Node::Object(kept));
    }
}

/// Pushes every component `node` names: `$ref`s into `#/components/`, discriminator
/// mappings, and the schemes of `security` requirements.
fn references(node: &Node, out: &mut Vec<(String, String)>) {
    node.walk(&mut |n| {
        let Some(map) = n.as_object() else {
            return;
        };
        if let Some(target) = map.get("$ref").and_then(Node::as_str) {
            component(target, out);
        }
        if let Some(security) = map.get("security") {
            requirements(security, out);
        }
        if let Some(mapping) = map
            .get("discriminator")
            .and_then(|d| d.get(&["mapping".to_string()]))
            .and_then(Node::as_object)
        {
            for target in mapping.values().filter_map(Node::as_str) {
                if target.contains('#') || target.contains('/') {
                    component(target, out);
                } else {
                    out.push(("schemas".to_string(), target.to_string()));
                }
            }
        }
    });
}

/// Pushes the schemes of `security`, a list of requirements.
fn requirements(security: &Node, out: &mut Vec<(String, String)>) {
    if let Node::Array(requirements) = security {
        for requirement in requirements.iter().filter_map(Node::as_object) {
            for scheme in requirement.keys() {
                out.push(("securitySchemes".to_string(), scheme.clone()));
            }
        }
    }
}

/// The component a local reference is into, if it is into one.
fn component(target: &str, out: &mut Vec<(String, String)>) {
    let Some(pointer) = target.strip_prefix('#') else {
        return;
    };
    if let Ok(tokens) = split_pointer(pointer)
        && let [first, kind, name, ..] = tokens.as_slice()
        && first == "components"
    {
        out.push((kind.clone(), name.clone()));
    }
}

/// Notes each `$ref` that does not resolve in the candidate, or that names another file.
fn check_references(document: &Node, notes: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    document.walk(&mut |n| {
        let Some(target) = n
            .as_object()
            .and_then(|m| m.get("$ref"))
            .and_then(Node::as_str)
        else {
            return;
        };
        if !seen.insert(target.to_string()) {
            return;
        }
        match target.strip_prefix('#') {
            Some(pointer) => {
                let resolves = split_pointer(pointer)
                    .ok()
                    .is_some_and(|tokens| document.get(&tokens).is_some());
                if !resolves {
                    notes.push(format!(
                        "`$ref: {target}` does not resolve in what is kept of the published document"
                    ));
                }
            }
            None => notes.push(format!(
                "`$ref: {target}` refers to another file, which is not fetched: the spec keeps \
                 the reference as written"
            )),
        }
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::Path;

    use codegen::load::Format;

    use super::*;
    use crate::upstream::manifest;

    const PUBLISHED: &str = r#"
openapi: 3.1.0
info: {title: T, version: '1'}
security:
  - Jwt: []
  - Token: []
tags:
  - name: Users
  - name: Tokens
webhooks:
  hook: {post: {responses: {'200': {description: ok}}}}
paths:
  /users:
    get:
      tags: [Users]
      responses: {'200': {$ref: '#/components/responses/Users'}}
  /users/{id}/tokens/{tokenId}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      tags: [Tokens]
      responses: {'200': {$ref: '#/components/responses/Token'}}
    delete:
      tags: [Tokens]
      responses:
        '404': {$ref: '#/components/responses/Problem'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  responses:
    Users: {description: users}
    Token: {description: a token}
    Problem:
      description: a problem
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Problem:
      oneOf: [{$ref: '#/components/schemas/A'}]
      discriminator: {propertyName: kind, mapping: {b: B}}
    A: {type: object}
    B: {type: object}
    Unused: {type: string}
  securitySchemes:
    Jwt: {type: http, scheme: bearer}
    Token: {type: apiKey, in: header, name: Authorization}
    Unused: {type: http, scheme: basic}
"#;

    fn entry(toml: &str) -> Entry {
        let text = format!("[spec]\nurl = \"https://example.com/openapi.yaml\"\n{toml}");
        manifest::parse(&text, Path::new("m.toml"), &["spec".to_string()])
            .unwrap()
            .entries
            .remove(0)
    }

    fn run(toml: &str) -> Candidate {
        candidate(Node::parse(PUBLISHED, Format::Yaml).unwrap(), &entry(toml)).unwrap()
    }

    fn keys(node: &Node, pointer: &str) -> Vec<String> {
        node.get(&split_pointer(pointer).unwrap())
            .and_then(Node::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn an_operation_keeps_what_it_reaches() {
        let c = run(r#"operations = ["DELETE /users/{userId}/tokens/{tokenId}"]"#);
        let d = &c.document;
        assert_eq!(keys(d, "/paths"), ["/users/{id}/tokens/{tokenId}"]);
        assert_eq!(
            keys(d, "/paths/~1users~1{id}~1tokens~1{tokenId}"),
            ["parameters", "delete"]
        );
        assert_eq!(keys(d, "/components/parameters"), ["Id"]);
        assert_eq!(keys(d, "/components/responses"), ["Problem"]);
        assert_eq!(keys(d, "/components/schemas"), ["Problem", "A", "B"]);
        assert_eq!(keys(d, "/components/securitySchemes"), ["Jwt", "Token"]);
        assert_eq!(
            d.get(&split_pointer("/tags").unwrap()).unwrap(),
            &Node::parse("[{name: Tokens}]", Format::Yaml).unwrap()
        );
        assert!(d.get(&["webhooks".to_string()]).is_none());
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn a_path_is_kept_whole_and_missing_selections_are_noted() {
        let c = run(r#"paths = ["/users/{a}/tokens/{b}", "/gone"]
operations = ["PATCH /users"]"#);
        assert_eq!(
            keys(&c.document, "/paths/~1users~1{id}~1tokens~1{tokenId}"),
            ["parameters", "get", "delete"]
        );
        assert_eq!(
            keys(&c.document, "/components/responses"),
            ["Token", "Problem"]
        );
        assert_eq!(
            c.notes,
            [
                "the selected path `/gone` is not in the published document",
                "the selected operation `PATCH /users` is not in the published document"
            ]
        );
    }

    #[test]
    fn additions_are_set_replaced_recognised_or_reported() {
        let c = run(r#"operations = ["DELETE /users/{id}/tokens/{tokenId}"]
[[spec.additions]]
pointer = "/components/securitySchemes/Token/x-credential-prefix"
value = "Token"
[[spec.additions]]
pointer = "/components/securitySchemes/Token/name"
value = "Authorization"
[[spec.additions]]
pointer = "/security"
value = [{ Token = [] }]
[[spec.additions]]
pointer = "/components/securitySchemes/Jwt/x-credential-env"
value = "JWT"
[[spec.additions]]
pointer = "/components/securitySchemes/Gone/x-credential-prefix"
value = "Gone"
[[spec.additions]]
pointer = "/tags/5"
value = { name = "x" }
"#);
        let outcomes: Vec<&Applied> = c.edits.iter().map(|(_, a)| a).collect();
        assert_eq!(
            outcomes,
            [
                &Applied::Added,
                &Applied::Published,
                &Applied::Replaced,
                &Applied::NoLongerApplies(
                    "`/components/securitySchemes/Jwt` is used by none of the selected operations, so it is not kept".into()
                ),
                &Applied::NoLongerApplies(
                    "`/components/securitySchemes/Gone` is not in the published document".into()
                ),
                &Applied::NoLongerApplies("`/tags` has 1 item(s), so there is no item `5`".into()),
            ]
        );
        // The replaced top-level `security` names one scheme: the other is dropped.
        assert_eq!(keys(&c.document, "/components/securitySchemes"), ["Token"]);
        assert_eq!(
            keys(&c.document, "/components/securitySchemes/Token"),
            ["type", "in", "name", "x-credential-prefix"]
        );
    }

    #[test]
    fn without_a_selection_the_document_is_kept_whole() {
        let c = run("");
        assert_eq!(c.document, Node::parse(PUBLISHED, Format::Yaml).unwrap());
    }

    #[test]
    fn references_that_no_longer_resolve_are_noted() {
        let published = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n        '201': {$ref: 'other.yaml#/R'}\n";
        let c = candidate(
            Node::parse(published, Format::Yaml).unwrap(),
            &entry(r#"paths = ["/a"]"#),
        )
        .unwrap();
        assert_eq!(
            c.notes,
            [
                "`$ref: #/components/responses/Gone` does not resolve in what is kept of the published document",
                "`$ref: other.yaml#/R` refers to another file, which is not fetched: the spec keeps the reference as written"
            ]
        );
    }
}
