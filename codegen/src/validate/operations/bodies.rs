//! Request and response bodies progenitor cannot generate yet.
//!
//! progenitor asserts, or stops with `todo!`, on a request body with more than
//! one media type, on `encoding` of a JSON or form body, on JSON content
//! without a schema, and on an operation whose success (or error) responses
//! have more than one shape. Each is reported here, at its place, so that a
//! spec that has them gets a diagnostic instead of a caught panic.

use std::collections::BTreeMap;

use openapiv3::{Components, MediaType, OpenAPI, Operation, ReferenceOr, RequestBody, Response};

use super::follow;
use crate::diagnostic::{Diagnostics, below};
use crate::normalize::media::is_json;
use crate::normalize::responses::order;

/// Checks the request body and responses of one operation.
pub(super) fn check(
    spec: &OpenAPI,
    operation: &Operation,
    op_at: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) {
    let components = spec.components.as_ref();
    if let Some(body) = &operation.request_body
        && let Some(body) = follow(body, components, |c| &c.request_bodies)
    {
        request_body(body, &format!("{op_at}/requestBody"), label, diagnostics);
    }
    responses(operation, components, op_at, label, diagnostics);
}

fn request_body(body: &RequestBody, at: &str, label: &str, diagnostics: &mut Diagnostics) {
    if body.content.len() > 1 {
        let types: Vec<String> = body.content.keys().map(|k| format!("`{k}`")).collect();
        diagnostics
            .error(
                "unsupported-body",
                format!("{at}/content"),
                format!(
                    "the request body of {label} has {} media types ({}); the generator sends one media type per operation",
                    types.len(),
                    types.join(", ")
                ),
            )
            .help("keep only the media type the client should send, usually `application/json`");
    }
    for (name, media) in &body.content {
        let encoded = is_json(name) || name == "application/x-www-form-urlencoded";
        if encoded && !media.encoding.is_empty() {
            unsupported_encoding(name, &format!("{at}/content"), label, diagnostics);
        }
    }
}

fn unsupported_encoding(name: &str, content_at: &str, label: &str, diagnostics: &mut Diagnostics) {
    diagnostics
        .error(
            "unsupported-body",
            below(content_at, [name, "encoding"]),
            format!("`encoding` of the `{name}` content of {label} is not supported"),
        )
        .help("remove `encoding`: the body is sent and read as plain JSON or form data");
}

/// What progenitor makes of a response: the type of its body.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// No content.
    Empty,
    /// A JSON body of a named schema.
    Named(String),
    /// A JSON body of a schema written in place: typify names every such
    /// struct or enum of an operation alike (the first one wins), so they are
    /// one shape; other schemas (strings, lists, maps…) are told apart by their text.
    Inline(String),
    /// Content that is not JSON, given as bytes.
    Raw,
    /// A protocol upgrade (101).
    Upgrade,
}

impl Shape {
    fn describe(&self) -> String {
        match self {
            Shape::Empty => "no body".into(),
            Shape::Named(name) => format!("`{name}`"),
            Shape::Inline(text) if text == NAMED_INLINE => "a schema written in place".into(),
            Shape::Inline(text) => {
                let short: String = text.chars().take(60).collect();
                let more = if short.len() < text.len() { "…" } else { "" };
                format!("the schema `{short}{more}` written in place")
            }
            Shape::Raw => "a body that is not JSON".into(),
            Shape::Upgrade => "a protocol upgrade".into(),
        }
    }
}

/// How every struct or enum written in place in one operation is keyed: typify
/// gives them all the operation's name.
const NAMED_INLINE: &str = "a type named after the operation";

fn responses(
    operation: &Operation,
    components: Option<&Components>,
    op_at: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) {
    // (sort key, status as written, shape); `default` is keyed 1000.
    let mut all: Vec<(u16, String, Shape)> = Vec::new();
    let statuses = operation
        .responses
        .responses
        .iter()
        .map(|(s, r)| (order(Some(s)), s.to_string(), r))
        .chain(
            operation
                .responses
                .default
                .iter()
                .map(|r| (1000, "default".to_string(), r)),
        );
    for (key, status, response) in statuses {
        let Some(response) = follow(response, components, |c| &c.responses) else {
            continue;
        };
        let at = format!("{op_at}/responses/{status}");
        all.push((key, status, shape(response, key, &at, label, diagnostics)));
    }

    let success = |k: u16| k == 1000 || k == 101 || (200..=299).contains(&k);
    let error = |k: u16| k == 1000 || (400..=599).contains(&k);
    let mut successes: Vec<&(u16, String, Shape)> = all.iter().filter(|r| success(r.0)).collect();
    // Without a success response, progenitor adds a `2XX` of raw bytes.
    let implied = (200, "2XX".to_string(), Shape::Raw);
    if !all.iter().any(|r| r.0 != 1000 && success(r.0)) {
        successes.insert(0, &implied);
    }
    successes.sort_by_key(|r| r.0);
    // A `2XX` followed by `default`: progenitor drops the `default`, never reached.
    if let [.., range, last] = successes.as_slice()
        && range.1 == "2XX"
        && last.0 == 1000
    {
        successes.pop();
    }
    let errors: Vec<&(u16, String, Shape)> = all.iter().filter(|r| error(r.0)).collect();
    for (which, set) in [("success", successes), ("error", errors)] {
        // Each shape with its statuses, listed in the order of the statuses.
        let shapes: BTreeMap<&Shape, (u16, Vec<&str>)> =
            set.iter()
                .fold(BTreeMap::new(), |mut m, (order, status, shape)| {
                    let entry = m.entry(shape).or_insert((*order, Vec::new()));
                    entry.0 = entry.0.min(*order);
                    entry.1.push(status.as_str());
                    m
                });
        if shapes.len() > 1 {
            let mut listed: Vec<(u16, String)> = shapes
                .iter()
                .map(|(shape, (order, statuses))| {
                    (
                        *order,
                        format!("{}: {}", statuses.join(", "), shape.describe()),
                    )
                })
                .collect();
            listed.sort();
            let list: Vec<String> = listed.into_iter().map(|(_, text)| text).collect();
            diagnostics
                .error(
                    "response-shapes",
                    format!("{op_at}/responses"),
                    format!(
                        "the {which} responses of {label} have {} different bodies ({}); the generator supports one {which} body per operation",
                        shapes.len(),
                        list.join("; ")
                    ),
                )
                .help("give these responses the same schema (or none), or leave out the ones the client does not need; `default` counts as a success and an error response");
        }
    }
}

fn shape(response: &Response, key: u16, at: &str, label: &str, d: &mut Diagnostics) -> Shape {
    let json = response.content.iter().find(|(name, _)| is_json(name));
    match json {
        Some((name, media)) => json_shape(name, media, at, label, d),
        None if key == 101 => Shape::Upgrade,
        None if !response.content.is_empty() => Shape::Raw,
        None => Shape::Empty,
    }
}

fn json_shape(name: &str, media: &MediaType, at: &str, label: &str, d: &mut Diagnostics) -> Shape {
    let content_at = format!("{at}/content");
    if !media.encoding.is_empty() {
        unsupported_encoding(name, &content_at, label, d);
    }
    match &media.schema {
        Some(ReferenceOr::Reference { reference }) => Shape::Named(reference.clone()),
        Some(ReferenceOr::Item(schema)) => {
            let value = serde_json::to_value(schema).unwrap_or_default();
            // Structs (with properties) and enums are named; a map (an object
            // with only `additionalProperties`) is a `HashMap` of its values.
            let named = ["enum", "allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| value.get(k).is_some())
                || value
                    .get("properties")
                    .and_then(serde_json::Value::as_object)
                    .is_some_and(|p| !p.is_empty());
            Shape::Inline(if named {
                NAMED_INLINE.to_string()
            } else {
                value.to_string()
            })
        }
        None => {
            d.error(
                "unsupported-body",
                below(&content_at, [name]),
                format!("the `{name}` content of a response of {label} has no schema"),
            )
            .help("add `schema: {}` for any JSON value, or the schema of the body");
            Shape::Empty
        }
    }
}
