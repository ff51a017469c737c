//! Method names for operations: derived where the spec gives no `operationId`, and overridden
//! by an `x-method-name` extension.
//!
//! progenitor names each client method after its operation's `operationId` and refuses an
//! operation without one; 182 of the 236 operations of NetBird's published document have none.
//! Here such an operation gets an `operationId` made from its method and path, the way a person
//! would name it (`DELETE /api/users/{userId}/tokens/{tokenId}` → `deleteUserToken`, method
//! `delete_user_token`), unique within the API; a warning lists the names chosen. An operation
//! with `x-method-name: name` is named `name`, whatever its `operationId`. Last, a settings
//! file's `[methods.rename]` ([`Rename`]) renames an operation, named by its `operationId` or
//! its method's name, with the same checks as `x-method-name`, each problem reported at the
//! settings file's line.

use openapiv3::{OpenAPI, Operation, ReferenceOr};

use crate::diagnostic::{Diagnostics, Origin};

use crate::names;
use crate::openapi::pointer::pointer;

/// The extension that names an operation's client method.
pub const EXTENSION: &str = "x-method-name";

/// A method name chosen outside the spec (a settings file's `[methods.rename]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The operation: its `operationId`, or its method's name.
    pub operation: String,
    /// Its method's new name (a method name: see [`is_method_name`]).
    pub method: String,
    /// Where the rename is written.
    pub at: Origin,
}

/// Whether `name` can name a method: ASCII letters, digits and `_`, not starting with a digit.
/// `x-method-name` and `[methods.rename]` are held to it.
pub fn is_method_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Names every operation, warning once with the names it derived; then applies `renames`, and
/// finds the operation each of `named` names (by its `operationId` as written or its method's
/// name, as a rename does: a settings file's examples), written at its [`Origin`]. Returns the
/// method each of `named` calls once renamed, in order: `None` for one that names no operation,
/// which is an error at its place.
pub fn derive(
    spec: &mut OpenAPI,
    renames: &[Rename],
    named: &[(&str, &Origin)],
    diagnostics: &mut Diagnostics,
) -> Vec<Option<String>> {
    // Each operation's `operationId` as the spec writes it, which a rename may name.
    let written: Vec<Option<String>> = every(spec).map(|o| o.operation_id.clone()).collect();
    name(spec, diagnostics);
    let current = Named::of(spec, &written);
    rename(spec, &current, renames, diagnostics);
    // An example names its operation as a rename does, and calls the method it has now.
    let methods: Vec<String> = every(spec)
        .map(|o| names::method_name(o.operation_id.as_deref().unwrap_or_default()))
        .collect();
    named
        .iter()
        .map(|(name, at)| {
            let i = current.find(name, at, diagnostics)?;
            Some(methods[i].clone())
        })
        .collect()
}

/// Each operation's names before the renames: the `operationId` the spec writes, the one it
/// has once every operation is named, and its method's name; in the document's order.
struct Named {
    written: Vec<Option<String>>,
    current: Vec<String>,
    methods: Vec<String>,
}

impl Named {
    fn of(spec: &mut OpenAPI, written: &[Option<String>]) -> Self {
        let current: Vec<String> = every(spec)
            .map(|o| o.operation_id.clone().unwrap_or_default())
            .collect();
        Self {
            written: written.to_vec(),
            methods: current.iter().map(|id| names::method_name(id)).collect(),
            current,
        }
    }

    /// The operation `name` names (by any of its names), or an error at `at` saying which
    /// names there are.
    fn find(&self, name: &str, at: &Origin, diagnostics: &mut Diagnostics) -> Option<usize> {
        let found = (0..self.methods.len()).find(|&i| {
            self.written[i].as_deref() == Some(name)
                || self.current[i] == name
                || self.methods[i] == name
        });
        if found.is_none() {
            diagnostics
                .error_at(
                    at,
                    "unknown-operation",
                    format!("`{name}` names no operation of the spec"),
                )
                .help(format!(
                    "{}name an operation by its `operationId` or its method's name: {}",
                    names::closest(
                        name,
                        self.current.iter().chain(&self.methods).map(String::as_str)
                    )
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default(),
                    list(&self.methods)
                ));
        }
        found
    }
}

/// The operations of `spec`, in the document's order.
fn every(spec: &mut OpenAPI) -> impl Iterator<Item = &mut Operation> {
    spec.paths
        .paths
        .values_mut()
        .flat_map(|item| match item {
            ReferenceOr::Item(item) => {
                Some(crate::openapi::typed::operations_mut(item).map(|(_, o)| o))
            }
            ReferenceOr::Reference { .. } => None,
        })
        .flatten()
}

/// Applies `renames`: each must name exactly one operation (by the `operationId` the spec
/// writes, the one it has now, or its method's name), and leave no two methods with one name.
fn rename(spec: &mut OpenAPI, named: &Named, renames: &[Rename], diagnostics: &mut Diagnostics) {
    if renames.is_empty() {
        return;
    }
    let mut methods = named.methods.clone();
    let current = &named.current;
    let mut chosen: Vec<Option<&Rename>> = vec![None; methods.len()];
    for r in renames {
        let Some(i) = named.find(&r.operation, &r.at, diagnostics) else {
            continue;
        };
        if let Some(first) = chosen[i] {
            diagnostics
                .error_at(
                    &r.at,
                    "operation-id-collision",
                    format!(
                        "`{}` renames the method `{}` again (`{}` renames it too, at line {})",
                        r.operation, methods[i], first.operation, first.at.location.line
                    ),
                )
                .help("keep one rename per operation");
            continue;
        }
        chosen[i] = Some(r);
    }
    for (i, r) in chosen.iter().enumerate() {
        if let Some(r) = r {
            methods[i] = names::method_name(&r.method);
        }
    }
    for i in 0..chosen.len() {
        let Some(r) = chosen[i] else { continue };
        if let Some(other) = (0..methods.len()).find(|&j| j != i && methods[j] == methods[i]) {
            let by = match chosen[other] {
                Some(o) => format!("`{}`, renamed at line {}", o.operation, o.at.location.line),
                None => format!("`{}`", current[other]),
            };
            diagnostics
                .error_at(
                    &r.at,
                    "operation-id-collision",
                    format!(
                        "renaming `{}` to `{}` gives two methods of one name: the operation {by} is already `{}`",
                        r.operation, r.method, methods[i]
                    ),
                )
                .help("choose a name no other operation's method has");
            chosen[i] = None;
        }
    }
    for (operation, r) in every(spec).zip(&chosen) {
        if let Some(r) = r {
            operation.operation_id = Some(r.method.clone());
        }
    }
}

/// `a`, `b`, `c`, at most ten of them.
fn list(names: &[String]) -> String {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    let shown: Vec<String> = sorted.iter().take(10).map(|n| format!("`{n}`")).collect();
    match sorted.len() {
        0 => "the spec has none".to_string(),
        n if n > 10 => format!("{}, and {} more", shown.join(", "), n - 10),
        _ => shown.join(", "),
    }
}

/// Names every operation; warns once, listing the names it derived.
fn name(spec: &mut OpenAPI, diagnostics: &mut Diagnostics) {
    // The methods already taken: explicit names first, so derived ones never take them.
    let mut taken: Vec<String> = Vec::new();
    let mut missing: Vec<(String, String)> = Vec::new();
    for (path, item) in &mut spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in crate::openapi::typed::operations_mut(item) {
            let at = pointer(["paths", path.as_str(), method]);
            match (
                explicit(operation, &at, diagnostics),
                &operation.operation_id,
            ) {
                (Some(name), _) => {
                    operation.operation_id = Some(name.clone());
                    taken.push(names::method_name(&name));
                }
                (None, Some(id)) => taken.push(names::method_name(id)),
                (None, None) => missing.push((path.clone(), method.to_string())),
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let mut chosen = Vec::new();
    for (path, method) in &missing {
        let name = unique(&derived(method, path), path, &taken);
        taken.push(name.clone());
        chosen.push(format!("{} {path} → `{name}`", method.to_uppercase()));
        if let Some(ReferenceOr::Item(item)) = spec.paths.paths.get_mut(path)
            && let Some((_, operation)) =
                crate::openapi::typed::operations_mut(item).find(|(m, _)| m == method)
        {
            operation.operation_id = Some(name);
        }
    }
    let (first_path, first_method) = &missing[0];
    diagnostics
        .warning(
            "derived-operation-id",
            pointer(["paths", first_path.as_str(), first_method.as_str()]),
            format!(
                "{} operation(s) have no `operationId`; their client methods are named after their method and path: {}",
                missing.len(),
                chosen.join(", ")
            ),
        )
        .help(format!(
            "give each operation an `operationId`, or `{EXTENSION}: <name>` to choose its method's name"
        ));
}

/// The name `x-method-name` gives, if it is a usable one (else an error at its place).
fn explicit(operation: &Operation, at: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    let value = operation.extensions.get(EXTENSION)?;
    match value.as_str() {
        Some(name) if is_method_name(name) => Some(name.to_string()),
        _ => {
            diagnostics
                .error(
                    "operation-id",
                    format!("{at}/{EXTENSION}"),
                    format!("`{EXTENSION}` is `{value}`, not a method name"),
                )
                .help("use ASCII letters, digits and `_`, not starting with a digit, such as `delete_user_token`");
            None
        }
    }
}

/// The segments of a path: `(text, is a parameter)`.
fn segments(path: &str) -> Vec<(&str, bool)> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => (name, true),
                None => (s, false),
            },
        )
        .collect()
}

/// A name from the method and the path's words, as in `list_users`, `get_user`,
/// `create_user_token`, `delete_user_token`, `approve_peer`.
pub(crate) fn derived(method: &str, path: &str) -> String {
    let segments = segments(path);
    // Words: static segments but `api` and versions, each singular when a parameter follows it.
    let mut words: Vec<String> = Vec::new();
    for (i, (text, parameter)) in segments.iter().enumerate() {
        if *parameter || is_noise(text) {
            continue;
        }
        let followed_by_parameter = segments.get(i + 1).is_some_and(|(_, p)| *p);
        words.push(if followed_by_parameter {
            singular(text)
        } else {
            text.to_string()
        });
    }
    let ends_in_parameter = segments.last().is_some_and(|(_, p)| *p);
    let last_is_collection = words.last().is_some_and(|w| is_plural(w));
    let verb = match method {
        "get" if ends_in_parameter || !last_is_collection => "get",
        "get" => "list",
        "post" if ends_in_parameter => "create",
        "post" if last_is_collection => {
            if let Some(last) = words.last_mut() {
                *last = singular(last);
            }
            "create"
        }
        "post" => {
            // `POST /peers/{id}/approve`: the last word is the action.
            return match words.split_last() {
                Some((action, rest)) if !rest.is_empty() => format!("{action}_{}", rest.join("_")),
                Some((action, _)) => action.clone(),
                None => "create".to_string(),
            }
            .to_snake_case_words();
        }
        "put" | "patch" => "update",
        other => other,
    };
    if words.is_empty() {
        return verb.to_string();
    }
    format!("{verb}_{}", words.join("_")).to_snake_case_words()
}

trait SnakeWords {
    fn to_snake_case_words(&self) -> String;
}

impl SnakeWords for String {
    /// `get_user-groups` → `get_user_groups`, as a method name.
    fn to_snake_case_words(&self) -> String {
        names::method_name(self)
    }
}

/// Segments that name no resource: `api`, and versions such as `v1` or `v2beta`.
fn is_noise(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    lower == "api"
        || (lower.starts_with('v') && lower[1..].starts_with(|c: char| c.is_ascii_digit()))
}

fn is_plural(word: &str) -> bool {
    word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us")
}

/// `users` → `user`, `policies` → `policy`, `addresses` → `address`; other words as they are.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word
        .strip_suffix("sses")
        .or_else(|| word.strip_suffix("shes"))
        .or_else(|| word.strip_suffix("ches"))
        .or_else(|| word.strip_suffix("xes"))
    {
        format!("{stem}{}", &word[stem.len()..word.len() - 2])
    } else if is_plural(word) {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// `name`, or `name` told apart by the path's parameters (`get_user_by_email`), or numbered.
fn unique(name: &str, path: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == name) {
        return name.to_string();
    }
    let parameters: Vec<&str> = segments(path)
        .into_iter()
        .filter(|(_, p)| *p)
        .map(|(s, _)| s)
        .collect();
    if let Some(last) = parameters.last() {
        let candidate = names::method_name(&format!("{name}_by_{last}"));
        if !taken.contains(&candidate) {
            return candidate;
        }
    }
    (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_a_person_would_write_them() {
        for (method, path, name) in [
            (
                "delete",
                "/api/users/{userId}/tokens/{tokenId}",
                "delete_user_token",
            ),
            (
                "get",
                "/api/users/{userId}/tokens/{tokenId}",
                "get_user_token",
            ),
            ("get", "/api/users/{userId}/tokens", "list_user_tokens"),
            ("post", "/api/users/{userId}/tokens", "create_user_token"),
            ("put", "/api/users/{userId}", "update_user"),
            ("patch", "/v2/policies/{id}", "update_policy"),
            ("get", "/api/instance", "get_instance"),
            ("post", "/api/peers/{peerId}/approve", "approve_peer"),
            ("get", "/api/dns/nameservers", "list_dns_nameservers"),
            ("post", "/streams", "create_stream"),
            ("get", "/", "get"),
            ("get", "/api/addresses/{id}", "get_address"),
            ("get", "/api/setup-keys", "list_setup_keys"),
        ] {
            assert_eq!(derived(method, path), name, "{method} {path}");
        }
    }

    #[test]
    fn clashes_are_told_apart() {
        let taken = vec!["get_user".to_string()];
        assert_eq!(
            unique("get_user", "/users/{email}", &taken),
            "get_user_by_email"
        );
        let taken = vec!["get_user".to_string(), "get_user_by_id".to_string()];
        assert_eq!(unique("get_user", "/users/{id}", &taken), "get_user_2");
        assert_eq!(unique("list_users", "/users", &taken), "list_users");
    }

    #[test]
    fn operations_without_ids_are_named_and_listed_in_one_warning() {
        let mut spec: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/users/{id}": {
                    "get": {"responses": {}},
                    "delete": {"operationId": "removeUser", "x-method-name": "drop_user", "responses": {}},
                },
                "/users/{email}/profile": {"get": {"operationId": "getUser", "responses": {}}},
            },
        }))
        .expect("a document");
        let mut diagnostics = Diagnostics::new(std::path::Path::new("t.yaml"));
        derive(&mut spec, &[], &[], &mut diagnostics);
        let warnings = diagnostics.finish().expect("warnings only");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .to_string()
                .contains("GET /users/{id} → `get_user_by_id`"),
            "{}",
            warnings[0]
        );
        let item = spec.paths.paths["/users/{id}"].as_item().expect("an item");
        let id = |o: &Option<Operation>| o.as_ref().and_then(|o| o.operation_id.clone());
        assert_eq!(id(&item.get).as_deref(), Some("get_user_by_id"));
        assert_eq!(id(&item.delete).as_deref(), Some("drop_user"));
    }
}
