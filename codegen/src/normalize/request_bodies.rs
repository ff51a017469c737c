//! Request bodies: one media type per client method.
//!
//! progenitor sends one media type per operation, and stops with `todo!` on a body of several.
//! Here an operation whose body has several keeps JSON (or the first media type it can send),
//! and each other media type it can send gets a method of its own,
//! `<operation>_<form|bytes|text|json>`, the same request with that body; `*/*` ("any bytes") is
//! sent as `application/octet-stream`. A warning lists the methods and names any media type no
//! method can send (XML, for example). The extra method's operation sits in the document under
//! the same path with one more leading `/`: progenitor collapses repeated slashes when it reads a
//! path template, so the method sends to the right URL and documents the right path, and the
//! [`Notes`] record the real one.
//!
//! What progenitor cannot send at all is an error here, at its place: a body of only media types
//! it cannot send, and `encoding` on a JSON or form body (`todo!` in progenitor).

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody};

use crate::diagnostic::Diagnostics;
use crate::names;
use crate::notes::Notes;
use crate::openapi::media::{essence, is_any, is_json};
use crate::openapi::pointer::{below, pointer};
use crate::openapi::reference::follow;
use crate::openapi::typed::{operation_slots, operations_mut};

/// The media types progenitor can send as a request body, and the suffix of the extra method
/// that sends each (`*/*`, "any bytes", is sent as `application/octet-stream`).
fn sendable(media_type: &str) -> Option<(&'static str, &'static str)> {
    Some(match essence(media_type) {
        "application/json" => ("application/json", "json"),
        "application/x-www-form-urlencoded" => ("application/x-www-form-urlencoded", "form"),
        "application/octet-stream" | "*/*" => ("application/octet-stream", "bytes"),
        "text/plain" => ("text/plain", "text"),
        _ => return None,
    })
}

/// An extra method to add: its path key, method, operation and the path item's parameters.
struct Extra {
    key: String,
    method: &'static str,
    operation: Operation,
    parameters: Vec<ReferenceOr<Parameter>>,
}

/// Gives each request media type progenitor can send a method, refuses what it cannot send,
/// and records each method's media type in `notes`.
pub fn split(spec: &mut OpenAPI, notes: &mut Notes, diagnostics: &mut Diagnostics) {
    // The bodies (resolved: a body may be a `$ref` to `components.requestBodies`) that are
    // checked, and copied only when they have several media types to split.
    let mut bodies: Vec<(String, &'static str, String, RequestBody)> = Vec::new();
    for (path, method, operation) in crate::openapi::typed::operations(spec) {
        let Some(body) = operation
            .request_body
            .as_ref()
            .and_then(|body| follow(body, spec.components.as_ref(), |c| &c.request_bodies))
        else {
            continue;
        };
        let label = match &operation.operation_id {
            Some(id) => format!("operation `{id}`"),
            None => format!("operation `{} {path}`", method.to_uppercase()),
        };
        let at = pointer(["paths", path, method, "requestBody", "content"]);
        if check(body, &at, &label, diagnostics)
            && (body.content.len() > 1 || body.content.keys().any(|k| is_any(k)))
        {
            bodies.push((path.to_string(), method, at, body.clone()));
        }
    }
    let mut taken: Vec<String> = notes.operations.keys().cloned().collect();
    let mut extras: Vec<Extra> = Vec::new();
    for (path, method, at, body) in bodies {
        let Some(ReferenceOr::Item(item)) = spec.paths.paths.get_mut(&path) else {
            continue;
        };
        let parameters = item.parameters.clone();
        let Some((_, operation)) = operations_mut(item).find(|(m, _)| *m == method) else {
            continue;
        };
        let Some(id) = operation.operation_id.clone() else {
            continue;
        };
        let mut added = one_per_method(operation, body, &at, &mut taken, diagnostics);
        let primary = names::method_name(&id);
        if let Some(note) = notes.operations.get_mut(&primary) {
            note.media_type = added.primary.clone();
        }
        for (name, media_type, extra) in added.extras.drain(..) {
            let mut note = notes
                .operations
                .get(&primary)
                .cloned()
                .unwrap_or_else(|| super::operation_note(&path, method, &extra));
            note.media_type = Some(media_type);
            notes.operations.insert(name, note);
            let key = free_key(spec, &extras, &path);
            extras.push(Extra {
                key,
                method,
                operation: extra,
                parameters: parameters.clone(),
            });
        }
    }
    for extra in extras {
        let mut item = PathItem {
            parameters: extra.parameters,
            ..Default::default()
        };
        if let Some((_, slot)) = operation_slots(&mut item).find(|(m, _)| *m == extra.method) {
            *slot = Some(extra.operation);
        }
        spec.paths.paths.insert(extra.key, ReferenceOr::Item(item));
    }
    schemas_for_raw_bodies(spec);
}

/// Reports what progenitor cannot send of `body` (whose content is at `at`) of the operation
/// `label` names; whether it can send something.
fn check(body: &RequestBody, at: &str, label: &str, diagnostics: &mut Diagnostics) -> bool {
    let mut sendable_count = 0;
    for (name, media) in &body.content {
        let encoded = is_json(name) || essence(name) == "application/x-www-form-urlencoded";
        if encoded && !media.encoding.is_empty() {
            diagnostics
                .error(
                    "unsupported-body",
                    below(at, [name.as_str(), "encoding"]),
                    format!("`encoding` of the `{name}` request body of {label} is not supported"),
                )
                .help("remove `encoding`: the body is sent as plain JSON or form data");
            return false;
        }
        sendable_count += usize::from(sendable(name).is_some());
    }
    if sendable_count == 0 && !body.content.is_empty() {
        let types: Vec<String> = body.content.keys().map(|k| format!("`{k}`")).collect();
        diagnostics
            .error(
                "unsupported-body",
                at,
                format!(
                    "no method can send the request body of {label}: its media types ({}) are none of JSON, form data, bytes or text",
                    types.join(", ")
                ),
            )
            .help("add an `application/json` (or form, `application/octet-stream`, `text/plain`) content the client can send");
        return false;
    }
    true
}

/// What [`one_per_method`] did: the media type the operation keeps, and each extra method's
/// name, media type and operation.
struct Added {
    primary: Option<String>,
    extras: Vec<(String, String, Operation)>,
}

/// Keeps one media type on `operation` and makes an operation of each other one it can send.
fn one_per_method(
    operation: &mut Operation,
    mut body: RequestBody,
    at: &str,
    taken: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Added {
    let id = operation.operation_id.clone().unwrap_or_default();
    // `*/*`, any media type: bytes.
    body.content = body
        .content
        .into_iter()
        .map(|(name, media)| match is_any(&name) {
            true => ("application/octet-stream".to_string(), media),
            false => (name, media),
        })
        .collect();
    let primary = body
        .content
        .keys()
        .position(|k| sendable(k).is_some_and(|(_, suffix)| suffix == "json"))
        .or_else(|| body.content.keys().position(|k| sendable(k).is_some()));
    let Some((primary_name, primary_media)) = primary
        .and_then(|i| body.content.get_index(i))
        .map(|(k, v)| (k.clone(), v.clone()))
    else {
        operation.request_body = Some(ReferenceOr::Item(body));
        return Added {
            primary: None,
            extras: Vec::new(),
        };
    };
    let mut used: Vec<&str> = sendable(&primary_name)
        .map(|(_, s)| s)
        .into_iter()
        .collect();
    let mut methods = vec![format!(
        "`{}` sends `{primary_name}`",
        names::method_name(&id)
    )];
    let mut unsent = Vec::new();
    let mut extras = Vec::new();
    for (name, media) in &body.content {
        if *name == primary_name {
            continue;
        }
        let Some((sent_as, suffix)) = sendable(name).filter(|(_, s)| !used.contains(s)) else {
            unsent.push(format!("`{name}`"));
            continue;
        };
        used.push(suffix);
        let method = free_name(&names::method_name(&format!("{id}_{suffix}")), taken);
        let mut other = operation.clone();
        let mut other_body = body.clone();
        other_body.content = IndexMap::from([(sent_as.to_string(), media.clone())]);
        other.request_body = Some(ReferenceOr::Item(other_body));
        other.operation_id = Some(method.clone());
        other
            .extensions
            .shift_remove(super::operation_ids::EXTENSION);
        methods.push(format!("`{method}` sends `{name}`"));
        extras.push((method, sent_as.to_string(), other));
    }
    let several = body.content.len() > 1;
    body.content = IndexMap::from([(primary_name.clone(), primary_media)]);
    operation.request_body = Some(ReferenceOr::Item(body));
    if several {
        let mut message = format!(
            "the request body has several media types: {}",
            methods.join(", ")
        );
        if !unsent.is_empty() {
            message.push_str(&format!("; no method sends {}", unsent.join(", ")));
        }
        diagnostics.warning("request-media-types", at, message);
    }
    Added {
        primary: several.then_some(primary_name),
        extras,
    }
}

/// `name`, or `name` with a number, whichever no other method has; taken from then on.
fn free_name(name: &str, taken: &mut Vec<String>) -> String {
    let chosen = std::iter::once(name.to_string())
        .chain((2..).map(|n| format!("{name}{n}")))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| name.to_string());
    taken.push(chosen.clone());
    chosen
}

/// `path` with as few more leading slashes as make it a path key no one has.
fn free_key(spec: &OpenAPI, extras: &[Extra], path: &str) -> String {
    let mut key = path.to_string();
    loop {
        key.insert(0, '/');
        if !spec.paths.paths.contains_key(&key) && !extras.iter().any(|e| e.key == key) {
            return key;
        }
    }
}

/// progenitor sends bytes and text only with a schema saying so.
fn schemas_for_raw_bodies(spec: &mut OpenAPI) {
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in operations_mut(item) {
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                for (name, media) in body.content.iter_mut() {
                    if media.schema.is_none()
                        && let Some((_, "bytes" | "text")) = sendable(name)
                    {
                        let schema = if name.starts_with("text/") {
                            serde_json::json!({"type": "string"})
                        } else {
                            serde_json::json!({"type": "string", "format": "binary"})
                        };
                        media.schema = serde_json::from_value(schema).ok();
                    }
                }
            }
        }
    }
}
