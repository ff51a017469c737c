//! JSON content without a schema: any JSON value.
//!
//! A media type may give only `example` or `examples` (OpenAPI's own "API with examples" does);
//! progenitor stops with `todo!` on JSON content without a schema. Here such content gets the
//! empty schema, so the body is a `serde_json::Value`, and a warning says so, at its place.

use openapiv3::{Content, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind};

use crate::diagnostic::Diagnostics;
use crate::openapi::media::is_json;
use crate::openapi::pointer::{below, pointer};
use crate::openapi::typed::operations_mut;

/// Gives every JSON request or response body without a schema the schema of any value.
pub fn untyped_json(spec: &mut OpenAPI, diagnostics: &mut Diagnostics) {
    for (path, item) in &mut spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in operations_mut(item) {
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
