//! JSON content without a schema: any JSON value.
//!
//! A media type may give only `example` or `examples` (OpenAPI's own "API with examples" does);
//! progenitor stops with `todo!` on JSON content without a schema. Here such content gets the
//! empty schema, so the body is a `serde_json::Value`, and a warning says so, at its place.

use indexmap::IndexMap;
use openapiv3::{
    Content, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Schema, SchemaData,
    SchemaKind,
};

use crate::diagnostic::{Diagnostics, below, pointer};
use crate::names;

/// Gives every JSON request or response body without a schema the schema of any value.
pub fn untyped_json(spec: &mut OpenAPI, diagnostics: &mut Diagnostics) {
    for (path, item) in &mut spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in super::operations_mut(item) {
            let at = pointer(["paths", path.as_str(), method]);
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                fill(
                    &mut body.content,
                    &below(&at, ["requestBody", "content"]),
                    diagnostics,
                );
            }
            let responses = &mut operation.responses;
            let default = responses
                .default
                .as_mut()
                .map(|r| ("default".to_string(), r));
            let codes = responses
                .responses
                .iter_mut()
                .map(|(status, r)| (status.to_string(), r));
            for (status, response) in codes.chain(default) {
                if let ReferenceOr::Item(response) = response {
                    let content_at = below(&at, ["responses", status.as_str(), "content"]);
                    fill(&mut response.content, &content_at, diagnostics);
                }
            }
        }
    }
    if let Some(components) = &mut spec.components {
        for (name, body) in &mut components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                let at = pointer(["components", "requestBodies", name.as_str(), "content"]);
                fill(&mut body.content, &at, diagnostics);
            }
        }
        for (name, response) in &mut components.responses {
            if let ReferenceOr::Item(response) = response {
                let at = pointer(["components", "responses", name.as_str(), "content"]);
                fill(&mut response.content, &at, diagnostics);
            }
        }
    }
}

/// `application/json`, with or without parameters.
pub(crate) fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

fn fill(content: &mut Content, at: &str, diagnostics: &mut Diagnostics) {
    for (name, media) in content.iter_mut() {
        if !is_json(name) || media.schema.is_some() {
            continue;
        }
        media.schema = Some(ReferenceOr::Item(Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::Any(Default::default()),
        }));
        diagnostics
            .warning(
                "no-schema",
                below(at, [name.as_str()]),
                format!("the `{name}` content has no schema: the body is any JSON value (`serde_json::Value`)"),
            )
            .help("add the body's schema to get a typed body");
    }
}

/// `*/*`: any media type.
fn is_any(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim() == "*/*"
}

/// The media types progenitor can send as a request body, and the suffix of the extra method
/// that sends each (`*/*`, "any bytes", is sent as `application/octet-stream`).
fn sendable(media_type: &str) -> Option<(&'static str, &'static str)> {
    let bare = media_type.split(';').next().unwrap_or_default().trim();
    Some(match bare {
        "application/json" => ("application/json", "json"),
        "application/x-www-form-urlencoded" => ("application/x-www-form-urlencoded", "form"),
        "application/octet-stream" | "*/*" => ("application/octet-stream", "bytes"),
        "text/plain" => ("text/plain", "text"),
        _ => return None,
    })
}

/// Where the path of an extra method for another media type ends: `/pets#form`. The `passes`
/// strip it from the URL (a `#` never belongs to a path).
pub const MEDIA_MARKER: char = '#';

/// An operation whose request body has several media types keeps JSON (or the first it can
/// send); each other media type progenitor can send gets a method of its own,
/// `<operation>_<form|bytes|text|json>`, the same request with that body. `*/*` is sent as
/// bytes. A warning lists the methods; media types no method can send are named in it.
pub fn request_media_types(spec: &mut OpenAPI, diagnostics: &mut Diagnostics) {
    // The bodies to change, resolved (a body may be a `$ref` to `components.requestBodies`).
    let mut changes: Vec<(String, String, RequestBody)> = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let body = operation.request_body.as_ref().and_then(|body| {
                crate::validate::follow(body, spec.components.as_ref(), |c| &c.request_bodies)
            });
            if let Some(body) = body
                && (body.content.len() > 1 || body.content.keys().any(|k| is_any(k)))
            {
                changes.push((path.clone(), method.to_string(), body.clone()));
            }
        }
    }
    let mut extra: Vec<(String, String, Operation, Vec<ReferenceOr<Parameter>>)> = Vec::new();
    for (path, method, mut body) in changes {
        let Some(ReferenceOr::Item(item)) = spec.paths.paths.get_mut(&path) else {
            continue;
        };
        let shared = item.parameters.clone();
        let Some((_, operation)) = super::operations_mut(item).find(|(m, _)| *m == method) else {
            continue;
        };
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
        let (Some(primary), Some(id)) = (primary, operation.operation_id.clone()) else {
            operation.request_body = Some(ReferenceOr::Item(body));
            continue;
        };
        let Some((primary_name, primary_media)) = body
            .content
            .get_index(primary)
            .map(|(k, v)| (k.clone(), v.clone()))
        else {
            continue;
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
        for (name, media) in &body.content {
            if *name == primary_name {
                continue;
            }
            let Some((sent_as, suffix)) = sendable(name).filter(|(_, s)| !used.contains(s)) else {
                unsent.push(format!("`{name}`"));
                continue;
            };
            used.push(suffix);
            let mut other = operation.clone();
            let mut other_body = body.clone();
            other_body.content = IndexMap::from([(sent_as.to_string(), media.clone())]);
            other.request_body = Some(ReferenceOr::Item(other_body));
            let other_id = format!("{id}_{suffix}");
            other.operation_id = Some(other_id.clone());
            other
                .extensions
                .shift_remove(super::operation_ids::EXTENSION);
            methods.push(format!(
                "`{}` sends `{name}`",
                names::method_name(&other_id)
            ));
            extra.push((
                format!("{path}{MEDIA_MARKER}{suffix}"),
                method.clone(),
                other,
                shared.clone(),
            ));
        }
        let several = body.content.len() > 1;
        body.content = IndexMap::from([(primary_name, primary_media)]);
        operation.request_body = Some(ReferenceOr::Item(body));
        if several {
            let mut message = format!(
                "the request body has several media types: {}",
                methods.join(", ")
            );
            if !unsent.is_empty() {
                message.push_str(&format!("; no method sends {}", unsent.join(", ")));
            }
            let at = pointer([
                "paths",
                path.as_str(),
                method.as_str(),
                "requestBody",
                "content",
            ]);
            diagnostics.warning("request-media-types", at, message);
        }
    }
    for (path, method, operation, parameters) in extra {
        let mut item = PathItem {
            parameters,
            ..Default::default()
        };
        if let Some((_, slot)) = super::operations_mut_slots(&mut item).find(|(m, _)| *m == method)
        {
            *slot = Some(operation);
        }
        spec.paths.paths.insert(path, ReferenceOr::Item(item));
    }
    // progenitor sends bytes and text only with a schema saying so.
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in super::operations_mut(item) {
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
