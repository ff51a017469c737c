//! Responses: every status an operation documents, read with the body it documents.
//!
//! progenitor gives each operation one success type and one error type, and asserts when the
//! responses disagree (`200` with a body and `204` without; `400` and `404` with different
//! schemas). Here such an operation is rewritten so that progenitor sees one shape, raw bytes,
//! for every response, and [`Notes`] record what each status really carries; the back end turns
//! the operation's method into one that returns an enum with one variant per status, typed (see
//! `passes::responses`).
//!
//! JSON bodies written in place are moved to `components.schemas` under a name of their own
//! (`<Operation><Status>`), so that typify makes a type of each; a `$ref` keeps its type.
//!
//! What progenitor cannot read is an error here, at its place: `encoding` of a JSON response,
//! and success responses with different bodies beside a `101` protocol upgrade.

use indexmap::IndexMap;
use openapiv3::{Components, MediaType, OpenAPI, ReferenceOr, Response, Schema, StatusCode};

use crate::diagnostic::Diagnostics;
use crate::notes::{Body, Notes, Responses, Status};
use crate::openapi::media::is_json;
use crate::openapi::pointer::{below, last_segment, pointer};
use crate::openapi::reference::follow;
use crate::openapi::status::{order, variant_name};
use crate::openapi::typed::operations_mut;

/// Splits every operation whose success or error responses have more than one body, recording
/// each status's body in `notes`; reports what progenitor cannot read.
pub fn split(spec: &mut OpenAPI, notes: &mut Notes, diagnostics: &mut Diagnostics) {
    let mut components = spec.components.take().unwrap_or_default();
    for (path, item) in &mut spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in operations_mut(item) {
            let Some(id) = operation.operation_id.clone() else {
                continue;
            };
            let name = crate::names::method_name(&id);
            let at = pointer(["paths", path.as_str(), method, "responses"]);
            let label = format!("operation `{id}`");
            if let Some(responses) = split_operation(
                &mut operation.responses,
                &name,
                &mut components,
                &at,
                &label,
                diagnostics,
            ) && let Some(note) = notes.operations.get_mut(&name)
            {
                note.responses = Some(responses);
            }
        }
    }
    spec.components = Some(components);
}

/// What progenitor makes of a response's body.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// No content.
    Empty,
    /// A JSON body of this schema (as JSON text).
    Json(String),
    /// Content that is not JSON, given as bytes.
    Raw,
    /// A protocol upgrade (101).
    Upgrade,
}

impl Shape {
    fn describe(&self) -> String {
        match self {
            Shape::Empty => "no body".into(),
            Shape::Json(schema) => {
                let short: String = schema.chars().take(60).collect();
                let more = if short.len() < schema.len() {
                    "…"
                } else {
                    ""
                };
                format!("the JSON schema `{short}{more}`")
            }
            Shape::Raw => "a body that is not JSON".into(),
            Shape::Upgrade => "a protocol upgrade".into(),
        }
    }
}

/// As progenitor sorts statuses: `default` is both a success and an error.
fn is_success(status: Option<&StatusCode>) -> bool {
    matches!(order(status), 101 | 200..=299 | 1000)
}

fn is_error(status: Option<&StatusCode>) -> bool {
    matches!(order(status), 400..=599 | 1000)
}

/// Splits one operation's responses when they have several bodies; `None` when they need not
/// (or cannot) be split.
fn split_operation(
    operation: &mut openapiv3::Responses,
    name: &str,
    components: &mut Components,
    at: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Responses> {
    // Every response, resolved, by status (`None`: `default`), with its shape.
    let mut responses: Vec<(Option<StatusCode>, Response, Shape)> = Vec::new();
    let written = operation.responses.iter().map(|(s, r)| (Some(s), r));
    let mut readable = true;
    for (status, response) in written.chain(operation.default.iter().map(|r| (None, r))) {
        // A reference that does not resolve was reported with the references.
        let response = follow(response, Some(components), |c| &c.responses)?;
        let shown = status.map_or_else(|| "default".to_string(), ToString::to_string);
        let json = response.content.iter().find(|(name, _)| is_json(name));
        let shape = match json {
            Some((media_type, media)) if !media.encoding.is_empty() => {
                diagnostics
                    .error(
                        "unsupported-body",
                        below(at, [shown.as_str(), "content", media_type.as_str(), "encoding"]),
                        format!("`encoding` of the `{media_type}` response `{shown}` of {label} is not supported"),
                    )
                    .help("remove `encoding`: the body is read as plain JSON");
                readable = false;
                continue;
            }
            // Given the schema of any value before (see `untyped_json`).
            Some((_, MediaType { schema: None, .. })) => Shape::Json(String::new()),
            Some((
                _,
                MediaType {
                    schema: Some(schema),
                    ..
                },
            )) => Shape::Json(serde_json::to_string(schema).unwrap_or_default()),
            None if order(status) == 101 => Shape::Upgrade,
            None if response.content.is_empty() => Shape::Empty,
            None => Shape::Raw,
        };
        responses.push((status.cloned(), response.clone(), shape));
    }
    if !readable {
        return None;
    }
    let distinct = |keep: fn(Option<&StatusCode>) -> bool| {
        let mut set: Vec<&Shape> = responses
            .iter()
            .filter(|(status, _, _)| keep(status.as_ref()))
            .map(|(_, _, shape)| shape)
            .collect();
        set.sort();
        set.dedup();
        set.len()
    };
    if distinct(is_success) <= 1 && distinct(is_error) <= 1 {
        return None;
    }
    if responses
        .iter()
        .any(|(_, _, shape)| *shape == Shape::Upgrade)
    {
        // The others beside a protocol upgrade go: the method returns the upgraded connection,
        // and a server that answers otherwise gets an undocumented status's error, with its
        // body. The operation is then read again.
        let others: Vec<String> = responses
            .iter()
            .filter(|(status, _, shape)| is_success(status.as_ref()) && *shape != Shape::Upgrade)
            .map(|(status, _, _)| {
                status
                    .as_ref()
                    .map_or_else(|| "default".to_string(), ToString::to_string)
            })
            .collect();
        if !others.is_empty() {
            operation
                .responses
                .retain(|status, _| !is_success(Some(status)) || order(Some(status)) == 101);
            if others.iter().any(|o| o == "default") {
                operation.default = None;
            }
            let shown: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
            diagnostics
                .warning(
                    "upgrade-responses",
                    at,
                    format!(
                        "the success responses of {label} are a `101` protocol upgrade and others ({}); the method returns the upgraded connection, and reads the others as undocumented statuses",
                        shown.join(", ")
                    ),
                )
                .help("leave out the responses beside the `101`, or describe them on an operation of their own");
            return split_operation(operation, name, components, at, label, diagnostics);
        }
        let listed: Vec<String> = responses
            .iter()
            .filter(|(status, _, _)| is_success(status.as_ref()))
            .map(|(status, _, shape)| {
                let shown = status
                    .as_ref()
                    .map_or_else(|| "default".to_string(), ToString::to_string);
                format!("{shown}: {}", shape.describe())
            })
            .collect();
        diagnostics
            .error(
                "response-shapes",
                at,
                format!(
                    "the success responses of {label} are a `101` protocol upgrade and other bodies ({}); a method cannot return both",
                    listed.join("; ")
                ),
            )
            .help("leave out the responses beside the `101` the client does not need; `default` counts as a success response");
        return None;
    }

    let base = heck::ToPascalCase::to_pascal_case(name);
    let mut split = Responses::default();
    let mut rewritten: IndexMap<StatusCode, ReferenceOr<Response>> = IndexMap::new();
    let mut default = None;
    responses.sort_by_key(|(status, _, _)| order(status.as_ref()));
    for (code, mut response, _) in responses {
        let status = code
            .as_ref()
            .map_or_else(|| "default".to_string(), ToString::to_string);
        let variant = variant_name(&status);
        let json = response
            .content
            .iter()
            .find(|(name, _)| is_json(name))
            .and_then(|(_, media)| media.schema.clone());
        let body = match json {
            Some(ReferenceOr::Reference { reference }) => {
                Body::Json(crate::names::type_name(&last_segment(&reference)))
            }
            Some(ReferenceOr::Item(schema)) => {
                Body::Json(hoist(components, format!("{base}{variant}"), schema))
            }
            None if response.content.is_empty() => Body::Empty,
            None => Body::Raw,
        };
        let media_type = match &body {
            Body::Empty => None,
            Body::Json(_) => response.content.keys().find(|name| is_json(name)).cloned(),
            Body::Raw => response.content.keys().next().cloned(),
        };
        let entry = Status {
            status: status.clone(),
            variant,
            description: response.description.clone(),
            body,
            media_type,
        };
        if is_success(code.as_ref()) {
            split.success.push(entry.clone());
        }
        if is_error(code.as_ref()) {
            split.error.push(entry);
        }
        response.content =
            IndexMap::from([("application/octet-stream".to_string(), MediaType::default())]);
        match code {
            Some(code) => {
                rewritten.insert(code, ReferenceOr::Item(response));
            }
            None => default = Some(ReferenceOr::Item(response)),
        }
    }
    // A `2XX` before `default`: progenitor never reaches the `default` as a success.
    if split.success.iter().any(|s| s.status == "2XX") {
        split.success.retain(|s| s.status != "default");
    }
    // No success response at all: progenitor reads any 2xx as bytes.
    if !split.success.iter().any(|s| s.status != "default") {
        split.success.insert(
            0,
            Status {
                status: "2XX".into(),
                variant: "Success".into(),
                description: "Any success status, which the spec does not document.".into(),
                body: Body::Raw,
                media_type: None,
            },
        );
    }
    operation.responses = rewritten;
    operation.default = default;
    Some(split)
}

/// Moves a schema written in place to `components.schemas`, under `name` or, if that is
/// taken, `name` with a number; returns the type typify gives it.
fn hoist(components: &mut Components, name: String, schema: Schema) -> String {
    let taken = |candidate: &str, components: &Components| {
        components
            .schemas
            .keys()
            .any(|k| crate::names::type_name(k) == crate::names::type_name(candidate))
    };
    let mut candidate = name.clone();
    let mut n = 2;
    while taken(&candidate, components) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    components
        .schemas
        .insert(candidate.clone(), ReferenceOr::Item(schema));
    crate::names::type_name(&candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(responses: serde_json::Value) -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/tokens/{id}": {"delete": {
                "operationId": "deleteToken",
                "responses": responses,
            }}},
            "components": {
                "schemas": {"problem-body": {"type": "object", "properties": {"message": {"type": "string"}}}},
                "responses": {"Gone": {"description": "gone", "content": {"application/json": {"schema": {"type": "string"}}}}},
            },
        }))
        .expect("a valid document")
    }

    /// Splits `doc`'s responses; what the notes record for `deleteToken`, and the diagnostics.
    fn split_doc(doc: &mut OpenAPI) -> (Option<Responses>, Vec<crate::Diagnostic>) {
        let mut notes = crate::normalize::notes(doc);
        let mut diagnostics = Diagnostics::new(std::path::Path::new("t.yaml"));
        split(doc, &mut notes, &mut diagnostics);
        let found = diagnostics.finish().unwrap_or_else(|all| all);
        (notes.operations["delete_token"].responses.clone(), found)
    }

    #[test]
    fn one_shape_per_set_is_left_alone() {
        let mut doc = spec(serde_json::json!({
            "204": {"description": "deleted"},
            "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/problem-body"}}}},
        }));
        let before = doc.clone();
        let (recorded, diagnostics) = split_doc(&mut doc);
        assert_eq!(doc, before);
        assert_eq!(recorded, None);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn every_status_gets_a_variant_with_its_body() {
        let mut doc = spec(serde_json::json!({
            "200": {"description": "the token", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}},
            "204": {"description": "deleted"},
            "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/problem-body"}}}},
            "410": {"$ref": "#/components/responses/Gone"},
            "default": {"description": "other", "content": {"text/plain": {}}},
        }));
        let (recorded, diagnostics) = split_doc(&mut doc);
        assert!(diagnostics.is_empty());
        let split = recorded.expect("recorded");
        let summary = |set: &[Status]| -> Vec<(String, String, Body)> {
            set.iter()
                .map(|s| (s.status.clone(), s.variant.clone(), s.body.clone()))
                .collect()
        };
        assert_eq!(
            summary(&split.success),
            [
                (
                    "200".into(),
                    "Ok".into(),
                    Body::Json("DeleteTokenOk".into())
                ),
                ("204".into(), "NoContent".into(), Body::Empty),
                ("default".into(), "Default".into(), Body::Raw),
            ]
        );
        assert_eq!(
            summary(&split.error),
            [
                (
                    "404".into(),
                    "NotFound".into(),
                    Body::Json("ProblemBody".into())
                ),
                (
                    "410".into(),
                    "Gone".into(),
                    Body::Json("DeleteTokenGone".into())
                ),
                ("default".into(), "Default".into(), Body::Raw),
            ]
        );
        let schemas = &doc.components.as_ref().expect("components").schemas;
        assert!(schemas.contains_key("DeleteTokenOk") && schemas.contains_key("DeleteTokenGone"));
    }
}

#[cfg(test)]
mod refusals {
    use super::*;

    #[test]
    fn encoded_json_is_an_error_and_the_responses_beside_an_upgrade_go() {
        let mut doc: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/ws": {"get": {"operationId": "socket", "responses": {
                    "101": {"description": "upgrade"},
                    "200": {"description": "json", "content": {"application/json": {"schema": {"type": "string"}}}},
                }}},
                "/e": {"get": {"operationId": "encoded", "responses": {
                    "200": {"description": "json", "content": {"application/json": {
                        "schema": {"type": "string"}, "encoding": {"a": {}}
                    }}},
                }}},
            },
        }))
        .expect("a valid document");
        let mut notes = crate::normalize::notes(&doc);
        let mut diagnostics = Diagnostics::new(std::path::Path::new("t.yaml"));
        split(&mut doc, &mut notes, &mut diagnostics);
        let errors = diagnostics.finish().expect_err("an error");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "unsupported-body",
                    "#/paths/~1e/get/responses/200/content/application~1json/encoding"
                ),
                ("upgrade-responses", "#/paths/~1ws/get/responses"),
            ]
        );
        // Only the upgrade is left to the method.
        let ws = doc
            .paths
            .paths
            .get("/ws")
            .and_then(|p| p.as_item())
            .and_then(|p| p.get.as_ref());
        let statuses: Vec<String> = ws
            .map(|op| {
                op.responses
                    .responses
                    .keys()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(statuses, ["101"]);
        assert!(notes.operations.values().all(|o| o.responses.is_none()));
    }
}
