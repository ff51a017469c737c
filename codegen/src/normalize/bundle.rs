//! Every `$ref` made a reference to a whole component of its kind, in this document.
//!
//! progenitor looks a reference up by its last segment among the components of the kind it
//! expects, and unwraps the result. What real documents write instead is rewritten here, in
//! place, before any other step reads a reference:
//!
//! - a fragment is percent-decoded, as RFC 3986 says of URI fragments
//!   (`#/paths/~1jobs~1%7Bid%7D/get` is `#/paths/~1jobs~1{id}/get`);
//! - a reference to another place in the document (`#/paths/~1a/get/responses/401`,
//!   `#/components/schemas/A/properties/b`) gets the node it points at copied into
//!   `components` of the kind expected there, under a name made from its place
//!   (`ArchitecturesGet401`, `AB`), and points at the copy; every reference to the same place
//!   shares the copy;
//! - a reference to another file next to the document (`./schemas/user.yaml#/User`,
//!   `common.json`) gets the node read from that file, its own references followed in turn
//!   (relative to that file), and copied into `components` under its last segment's name (or
//!   the file's name); a path item in another file (`/tokens: {$ref: paths/tokens.yaml}`, as
//!   split documents write them) goes to `components.pathItems`, which
//!   the `references` step then inlines;
//! - with `--lenient`, a reference to a component of another kind that can stand for the one
//!   expected: a parameter where a header is expected becomes a header (the parameter without
//!   `name` and `in`), a response where a schema is expected becomes the schema of its content
//!   (any value when it has none), each with a warning.
//!
//! A file that cannot be read and a pointer that finds nothing in another file are errors at
//! the `$ref`; what is left (a local reference that dangles, one of another kind in strict
//! mode, a remote `https://` one) [`crate::validate`] reports. References into a 3.1 `$defs`
//! are left to [`super::openapi31`], which moves `$defs` into the components.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::{json_pointer, pointer, unescape};
use crate::openapi::reference::{is_kind, resolve, singular};
use crate::openapi::walk::{self, Part};

/// How many times references are followed into the copies they bring: a chain of files
/// referring to files deeper than this is left for validation to report.
const MAX_ROUNDS: usize = 32;

/// The kinds of component a `$ref` is expected to name where the walk finds it.
const PART_KINDS: [(Part, &str); 4] = [
    (Part::Parameter, "parameters"),
    (Part::Header, "headers"),
    (Part::RequestBody, "requestBodies"),
    (Part::Response, "responses"),
];

/// One `$ref` to rewrite: the place of the node holding it, the kind expected there, and
/// the reference as written.
struct Found {
    at: Vec<String>,
    kind: &'static str,
    reference: String,
}

/// What becomes of one reference.
enum Action {
    /// It stays as it is (validation reports it if it is wrong).
    Keep,
    /// It points here instead.
    Rewrite(String),
    /// It cannot be resolved, and an error says why: the node becomes an empty schema, so
    /// that the error is reported once.
    Drop,
}

/// Where a copied node comes from: the file (`None` for this document) and the pointer in it.
type Origin = (Option<PathBuf>, String);

/// Rewrites every reference of `document` (read from `file`) into a reference to a whole
/// component of its kind, as the module says, and returns the other files it read, in path
/// order (what a build script must watch besides `file`: see [`crate::build`]).
pub fn bundle(
    document: &mut Value,
    file: &Path,
    lenient: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut bundler = Bundler {
        base: file.parent().map(Path::to_path_buf).unwrap_or_default(),
        files: BTreeMap::new(),
        copies: BTreeMap::new(),
        pending: Vec::new(),
        lenient,
    };
    bundler.run(document, diagnostics);
    bundler
        .files
        .into_iter()
        .filter_map(|(path, read)| read.map(|_| path))
        .collect()
}

/// Every `$ref` of a part or schema that is not already of the form
/// `#/components/<kind>/<name>` for the kind expected where it is.
fn collect(root: &Map<String, Value>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut note = |value: &Value, at: &[walk::Segment<'_>], kind: &'static str| {
        let Some(Value::String(reference)) = value.get("$ref") else {
            return;
        };
        let canonical = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(kind))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.contains(['/', '%']));
        if !canonical {
            found.push(Found {
                at: at.iter().map(|s| s.to_string()).collect(),
                kind,
                reference: reference.clone(),
            });
        }
    };
    walk::parts(root, &mut |part, value, at| {
        if let Some((_, kind)) = PART_KINDS.iter().find(|(p, _)| *p == part) {
            note(value, at, kind);
        }
    });
    walk::document(root, &mut |value, at| note(value, at, "schemas"));
    // Path items in other files (local ones are `references::inline_path_items`'s): copied
    // into `components.pathItems`, which that step then inlines.
    for (section, items) in [
        ("paths", root.get("paths")),
        (
            "components",
            root.get("components").and_then(|c| c.get("pathItems")),
        ),
    ] {
        for (key, item) in items.and_then(Value::as_object).into_iter().flatten() {
            if let Some(Value::String(reference)) = item.get("$ref")
                && !reference.starts_with('#')
            {
                let at = match section {
                    "paths" => vec!["paths".to_string(), key.clone()],
                    _ => vec!["components".into(), "pathItems".into(), key.clone()],
                };
                found.push(Found {
                    at,
                    kind: "pathItems",
                    reference: reference.clone(),
                });
            }
        }
    }
    found
}

/// The state of one bundling: the other files read, and the copies made.
struct Bundler {
    /// The folder of the document, which relative file references start from.
    base: PathBuf,
    /// Each other file read (`None`: it could not be), by its path.
    files: BTreeMap<PathBuf, Option<Value>>,
    /// The component each copied node became, by its origin and kind.
    copies: BTreeMap<(Origin, &'static str), String>,
    /// The copies to add to the components at the end of the round: kind, name, node.
    pending: Vec<(&'static str, String, Value)>,
    lenient: bool,
}

impl Bundler {
    /// Rounds of rewriting, until nothing changes (or [`MAX_ROUNDS`]).
    fn run(&mut self, document: &mut Value, diagnostics: &mut Diagnostics) {
        for _ in 0..MAX_ROUNDS {
            let Value::Object(root) = &*document else {
                return;
            };
            let found = collect(root);
            if found.is_empty() {
                return;
            }
            let mut changed = false;
            let actions: Vec<(Found, Action)> = found
                .into_iter()
                .map(|f| {
                    let action = self.action(root, &f, diagnostics);
                    (f, action)
                })
                .collect();
            for (found, action) in actions {
                let place = json_pointer(&found.at);
                let Some(node) = document.pointer_mut(&place) else {
                    continue;
                };
                match action {
                    Action::Keep => {}
                    Action::Rewrite(to) => {
                        if let Some(Value::String(reference)) = node.get_mut("$ref")
                            && *reference != to
                        {
                            *reference = to;
                            changed = true;
                        }
                    }
                    Action::Drop => *node = json!({}),
                }
            }
            for (kind, name, value) in self.pending.drain(..) {
                let Some(root) = document.as_object_mut() else {
                    return;
                };
                let components = root
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(components) = components {
                    let entries = components
                        .entry(kind)
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(entries) = entries {
                        entries.insert(name, value);
                    }
                }
                changed = true;
            }
            if !changed {
                return;
            }
        }
    }

    fn action(
        &mut self,
        root: &Map<String, Value>,
        found: &Found,
        diagnostics: &mut Diagnostics,
    ) -> Action {
        let reference = found.reference.as_str();
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file.is_empty() {
            self.local(root, found, fragment, diagnostics)
        } else if file.contains("://") {
            // A remote document is never fetched: validation says so.
            Action::Keep
        } else {
            self.external(root, found, file, fragment, diagnostics)
        }
    }

    /// A reference into this document.
    fn local(
        &mut self,
        root: &Map<String, Value>,
        found: &Found,
        fragment: &str,
        diagnostics: &mut Diagnostics,
    ) -> Action {
        let Some(segments) = fragment_segments(fragment) else {
            return Action::Keep;
        };
        if segments.iter().any(|s| s == "$defs") {
            return Action::Keep;
        }
        let kind = found.kind;
        match segments.as_slice() {
            [c, k, _] if c == "components" && k == kind => {
                return Action::Rewrite(pointer(&segments));
            }
            [c, k, name] if c == "components" && is_kind(k) => {
                return self.other_kind(root, found, k, name, diagnostics);
            }
            _ => {}
        }
        let Some(target) = resolve(root, &pointer(&segments)) else {
            return Action::Keep;
        };
        let origin = (None, pointer(&segments));
        let name = self.copy(root, kind, origin, target.clone(), || place_name(&segments));
        Action::Rewrite(pointer(["components", kind, &name]))
    }

    /// A reference to component `name` of kind `other`, where one of `found.kind` is expected:
    /// with `--lenient`, what can stand for it.
    fn other_kind(
        &mut self,
        root: &Map<String, Value>,
        found: &Found,
        other: &str,
        name: &str,
        diagnostics: &mut Diagnostics,
    ) -> Action {
        let target = root
            .get("components")
            .and_then(|c| c.get(other))
            .and_then(|entries| entries.get(name));
        let Some(target) = target.filter(|_| self.lenient) else {
            return Action::Keep;
        };
        let (stand_in, what) = match (other, found.kind) {
            ("parameters", "headers") => {
                let mut header = target.clone();
                if let Value::Object(header) = &mut header {
                    for key in ["name", "in", "allowEmptyValue"] {
                        header.remove(key);
                    }
                }
                (
                    header,
                    "the parameter, without `name` and `in`, is taken as the header",
                )
            }
            ("responses", "schemas") => {
                let schema = target
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|content| content.values().find_map(|m| m.get("schema")))
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                (
                    schema,
                    "the schema of the response's content (any value when it has none) is taken",
                )
            }
            _ => return Action::Keep,
        };
        let origin = (None, pointer(["components", other, name]));
        let copy = self.copy(root, found.kind, origin, stand_in, || name.to_string());
        diagnostics
            .warning(
                "lenient-reference",
                below_ref(&found.at),
                format!(
                    "`{}` is a {}, where a {} is expected; {what}",
                    found.reference,
                    singular(other),
                    singular(found.kind),
                ),
            )
            .help(format!(
                "refer to a {}: `#/components/{}/Name`",
                singular(found.kind),
                found.kind
            ));
        Action::Rewrite(pointer(["components", found.kind, &copy]))
    }

    /// A reference into another file, `file` relative to this document's folder (or absolute,
    /// as the references of a copy from another file are made).
    fn external(
        &mut self,
        root: &Map<String, Value>,
        found: &Found,
        file: &str,
        fragment: &str,
        diagnostics: &mut Diagnostics,
    ) -> Action {
        let path = normalize_path(&self.base.join(file));
        let at = below_ref(&found.at);
        let document = self
            .files
            .entry(path.clone())
            .or_insert_with(|| match crate::load::load(&path) {
                Ok(source) => Some(source.value),
                Err(e) => {
                    diagnostics
                        .error(
                            "external-reference",
                            &at,
                            format!(
                                "`{}` refers to a file that cannot be read: {}",
                                found.reference,
                                first_line(&e.to_string())
                            ),
                        )
                        .help("the path of a reference to another file is relative to the folder of the document that holds it");
                    None
                }
            });
        let Some(document) = document else {
            return Action::Drop;
        };
        let segments = match fragment {
            "" => Some(Vec::new()),
            fragment => fragment_segments(fragment),
        };
        let target = segments
            .as_ref()
            .and_then(|segments| match (&*document, segments.is_empty()) {
                (document, true) => Some(document),
                (Value::Object(other), false) => resolve(other, &pointer(segments)),
                _ => None,
            })
            .cloned();
        let (Some(segments), Some(mut target)) = (segments, target) else {
            diagnostics
                .error(
                    "external-reference",
                    &at,
                    format!(
                        "`{}` does not resolve: `{}` has nothing at `#{fragment}`",
                        found.reference,
                        path.display()
                    ),
                )
                .help("the part after `#` is a JSON pointer into that file, such as `#/components/schemas/User`");
            return Action::Drop;
        };
        // The copy's own references are relative to the file it comes from; they are
        // rewritten relative to this document's folder, as `file` is (which is relative to
        // the working folder when the document's path is).
        let folder = Path::new(file).parent().unwrap_or(Path::new(""));
        walk::refs(&mut target, &mut |reference| {
            let (other, rest) = reference.split_once('#').unwrap_or((reference, ""));
            if other.contains("://") {
                return;
            }
            let file = match other {
                "" => normalize_path(Path::new(file)),
                other => normalize_path(&folder.join(other)),
            };
            *reference = format!("{}#{rest}", file.display());
        });
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let origin = (Some(path.clone()), pointer(&segments));
        let name = self.copy(root, found.kind, origin, target, || {
            segments.last().cloned().unwrap_or(stem)
        });
        Action::Rewrite(pointer(["components", found.kind, &name]))
    }

    /// The component of kind `kind` that the node from `origin` was, or now is, copied into:
    /// named by `name` (made distinct from the other components of its kind).
    fn copy(
        &mut self,
        root: &Map<String, Value>,
        kind: &'static str,
        origin: Origin,
        node: Value,
        name: impl FnOnce() -> String,
    ) -> String {
        if let Some(name) = self.copies.get(&(origin.clone(), kind)) {
            return name.clone();
        }
        let existing = root
            .get("components")
            .and_then(|c| c.get(kind))
            .and_then(Value::as_object);
        let mut taken: BTreeSet<String> = existing
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(
                self.copies
                    .iter()
                    .filter(|((_, k), _)| *k == kind)
                    .map(|(_, n)| n),
            )
            .map(|n| crate::names::type_name(n))
            .collect();
        let wanted = match name() {
            n if n.trim().is_empty() => singular(kind).to_string(),
            n => n,
        };
        let chosen = std::iter::once(wanted.clone())
            .chain((2..).map(|n| format!("{wanted}{n}")))
            .find(|c| !taken.contains(&crate::names::type_name(c)))
            .unwrap_or(wanted);
        taken.insert(chosen.clone());
        self.copies.insert((origin, kind), chosen.clone());
        self.pending.push((kind, chosen.clone(), node));
        chosen
    }
}

/// The unescaped segments of a fragment (`/a/b~1c`, percent-encoded or not); `None` when it
/// is not a JSON pointer to something below the root.
fn fragment_segments(fragment: &str) -> Option<Vec<String>> {
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    let rest = decoded.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// A component name made from a place in the document: its words, without the segments
/// every place has (`paths`, `content`, media types…): `/architectures`, `get`, `401` →
/// `ArchitecturesGet401`.
fn place_name(segments: &[String]) -> String {
    const NOISE: [&str; 12] = [
        "paths",
        "components",
        "schemas",
        "parameters",
        "headers",
        "requestBodies",
        "responses",
        "content",
        "schema",
        "properties",
        "items",
        "requestBody",
    ];
    let words: Vec<String> = segments
        .iter()
        .filter(|s| !NOISE.contains(&s.as_str()))
        // A media type says nothing of what the node is.
        .filter(|s| !s.contains('/') || s.starts_with('/'))
        .map(|s| s.to_string())
        .collect();
    crate::names::type_name(&words.join(" "))
}

/// `a/./b/../c` → `a/c`, without touching the file system (the file may not exist, and the
/// name must not depend on where the document is).
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The place of the `$ref` of the node at `at`.
fn below_ref(at: &[String]) -> String {
    let mut place = pointer(at);
    crate::openapi::pointer::push_segment(&mut place, "$ref");
    place
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut doc: Value, file: &Path, lenient: bool) -> (Value, Vec<(String, String)>) {
        let mut d = Diagnostics::new(file);
        bundle(&mut doc, file, lenient, &mut d);
        let all = match d.finish() {
            Ok(all) | Err(all) => all,
        };
        (
            doc,
            all.into_iter()
                .map(|d| (d.pointer, format!("{}: {}", d.code, d.message)))
                .collect(),
        )
    }

    #[test]
    fn percent_encoded_and_non_component_references_become_components() {
        let (doc, diagnostics) = run(
            json!({
                "paths": {
                    "/jobs/{id}": {"get": {"responses": {
                        "401": {"description": "no", "content": {"application/json": {
                            "schema": {"properties": {"m": {"type": "string"}}}
                        }}}
                    }}},
                    "/a": {"get": {"responses": {
                        "401": {"$ref": "#/paths/~1jobs~1%7Bid%7D/get/responses/401"},
                        "200": {"description": "ok", "content": {"application/json": {"schema": {
                            "$ref": "#/paths/~1jobs~1%7Bid%7D/get/responses/401/content/application~1json/schema"
                        }}}}
                    }}},
                    "/b": {"get": {"responses": {
                        "401": {"$ref": "#/paths/~1jobs~1{id}/get/responses/401"},
                        "200": {"description": "ok", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/Token/properties/id"
                        }}}}
                    }}}
                },
                "components": {"schemas": {
                    "Token": {"properties": {"id": {"type": "string"}}},
                    "Jobs Id Get 401": {"type": "integer"}
                }}
            }),
            Path::new("t.yaml"),
            false,
        );
        assert_eq!(diagnostics, []);
        let get = |p: &str| doc.pointer(p).cloned().unwrap_or_default();
        assert_eq!(
            get("/paths/~1a/get/responses/401/$ref"),
            "#/components/responses/JobsIdGet401"
        );
        assert_eq!(
            get("/paths/~1b/get/responses/401/$ref"),
            "#/components/responses/JobsIdGet401"
        );
        // `JobsIdGet401` is taken among the schemas (as a Rust name): the next one is used.
        assert_eq!(
            get("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            "#/components/schemas/JobsIdGet4012"
        );
        assert_eq!(
            get("/paths/~1b/get/responses/200/content/application~1json/schema/$ref"),
            "#/components/schemas/TokenId"
        );
        assert_eq!(get("/components/responses/JobsIdGet401/description"), "no");
        assert_eq!(
            get("/components/schemas/TokenId"),
            json!({"type": "string"})
        );
    }

    #[test]
    fn references_to_other_files_are_read_relative_to_the_file_that_holds_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        };
        write(
            "schemas/user.yaml",
            "User:\n  properties:\n    address: {$ref: './address.json'}\n    friend: {$ref: '#/User'}\n",
        );
        write("schemas/address.json", r#"{"type": "string"}"#);
        let file = dir.path().join("api.yaml");
        let (doc, diagnostics) = run(
            json!({"paths": {"/u": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "./schemas/user.yaml#/User"}}}
            }}}}}, "components": {"parameters": {"p": {"$ref": "missing.yaml#/P"}}}}),
            &file,
            false,
        );
        let get = |p: &str| doc.pointer(p).cloned().unwrap_or_default();
        assert_eq!(
            get("/paths/~1u/get/responses/200/content/application~1json/schema/$ref"),
            "#/components/schemas/User"
        );
        assert_eq!(
            get("/components/schemas/User/properties/friend/$ref"),
            "#/components/schemas/User"
        );
        assert_eq!(
            get("/components/schemas/User/properties/address/$ref"),
            "#/components/schemas/address"
        );
        assert_eq!(
            get("/components/schemas/address"),
            json!({"type": "string"})
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].0, "#/components/parameters/p/$ref");
        assert!(
            diagnostics[0]
                .1
                .starts_with("external-reference: `missing.yaml#/P` refers to a file that cannot be read: cannot read `"),
            "{}",
            diagnostics[0].1
        );
        assert_eq!(get("/components/parameters/p"), json!({}));
    }

    #[test]
    fn the_files_read_are_returned_once_each_in_path_order() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        };
        // `b.yaml` is referred to twice (once from `a.yaml`, relative to it), `z.yaml` first.
        write("z.yaml", "Z: {type: string}\n");
        write(
            "sub/a.yaml",
            "A: {properties: {b: {$ref: '../b.yaml#/B'}}}\n",
        );
        write("b.yaml", "B: {type: integer}\n");
        let file = dir.path().join("api.yaml");
        let mut doc = json!({"components": {"schemas": {
            "Z": {"$ref": "z.yaml#/Z"},
            "A": {"$ref": "sub/a.yaml#/A"},
            "B": {"$ref": "./b.yaml#/B"},
            "M": {"$ref": "missing.yaml#/M"},
        }}});
        let mut d = Diagnostics::new(&file);
        let files = bundle(&mut doc, &file, false, &mut d);
        assert!(d.finish().is_err(), "the missing file is an error");
        assert_eq!(
            files,
            [
                dir.path().join("b.yaml"),
                dir.path().join("sub/a.yaml"),
                dir.path().join("z.yaml"),
            ]
        );
    }

    #[test]
    fn references_in_other_files_resolve_when_the_documents_path_is_relative() {
        // A folder below the working folder, named by a relative path, as `cargo xtask gen`
        // and build scripts name specs.
        let dir = tempfile::Builder::new()
            .tempdir_in(".")
            .unwrap_or_else(|e| panic!("{e}"));
        let relative = PathBuf::from(dir.path().file_name().unwrap_or_default());
        std::fs::create_dir_all(dir.path().join("specs/paths")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("specs/paths/pet.yaml"),
            "get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '../schemas.yaml#/Pet'}}}}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("specs/schemas.yaml"),
            "Pet: {properties: {tag: {$ref: '#/Tag'}}}\nTag: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let file = relative.join("specs/api.yaml");
        let mut doc = json!({"paths": {"/pets": {"$ref": "paths/pet.yaml"}}});
        let mut d = Diagnostics::new(&file);
        let files = bundle(&mut doc, &file, false, &mut d);
        assert_eq!(d.finish().map(|w| w.len()), Ok(0));
        assert_eq!(
            files,
            [
                relative.join("specs/paths/pet.yaml"),
                relative.join("specs/schemas.yaml"),
            ]
        );
        assert_eq!(
            doc.pointer("/components/schemas/Pet/properties/tag/$ref"),
            Some(&json!("#/components/schemas/Tag"))
        );
    }

    #[test]
    fn references_of_another_kind_stand_in_only_when_lenient() {
        let doc = json!({
            "paths": {"/t": {"get": {"responses": {"200": {
                "description": "ok",
                "headers": {"ETag": {"$ref": "#/components/parameters/etag"}},
                "content": {"text/vtt": {"schema": {"$ref": "#/components/responses/Vtt"}}}
            }}}}},
            "components": {
                "parameters": {"etag": {"name": "ETag", "in": "header", "schema": {"type": "string"}}},
                "responses": {"Vtt": {"description": "captions"}}
            }
        });
        let (strict, diagnostics) = run(doc.clone(), Path::new("t.yaml"), false);
        assert_eq!(strict, doc);
        assert_eq!(diagnostics, []);
        let (lenient, diagnostics) = run(doc, Path::new("t.yaml"), true);
        assert_eq!(
            lenient.pointer("/components/headers/etag"),
            Some(&json!({"schema": {"type": "string"}}))
        );
        assert_eq!(lenient.pointer("/components/schemas/Vtt"), Some(&json!({})));
        assert_eq!(
            diagnostics,
            [
                (
                    "#/paths/~1t/get/responses/200/content/text~1vtt/schema/$ref".to_string(),
                    "lenient-reference: `#/components/responses/Vtt` is a response, where a schema is expected; the schema of the response's content (any value when it has none) is taken".to_string()
                ),
                (
                    "#/paths/~1t/get/responses/200/headers/ETag/$ref".to_string(),
                    "lenient-reference: `#/components/parameters/etag` is a parameter, where a header is expected; the parameter, without `name` and `in`, is taken as the header".to_string()
                ),
            ]
        );
    }
}
