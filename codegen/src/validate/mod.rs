//! Checks that a document is one progenitor can turn into a correct client,
//! before progenitor sees it, reporting every problem at once.
//!
//! Two stages, either side of reading the document into `openapiv3`'s types:
//!
//! - [`document`], on the normalized JSON value: its shape (required
//!   fields, the type of every field, each schema's keywords, what typify
//!   cannot make a type of) and its references (dangling, external, of the
//!   wrong kind, cycles).
//!   After it, `openapiv3` reads the document and progenitor can follow every
//!   reference without panicking.
//! - [`operations`], on the typed document: path templates against path
//!   parameters, operationIds, parameter kinds, and the bodies progenitor
//!   cannot generate.

mod operations;
mod references;
mod security;
mod shape;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::Diagnostics;

/// Checks the references and schemas of a normalized document and reads it into
/// `openapiv3`'s types; where it does not fit them, reports every piece that does not, each at
/// its place. `None` when it cannot be read (other errors may be recorded either way).
///
/// Architecture invariant: validation never rewrites the document; it reads it and reports.
pub fn document(document: &Value, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    let root = document.as_object()?;
    // One walk over every schema for both their references and their keywords.
    let mut references = Vec::new();
    let mut bad_schemas = Vec::new();
    crate::openapi::walk::document(root, &mut |schema, at| {
        references::schema(schema, at, &mut references);
        shape::schema(schema, at, diagnostics, &mut bad_schemas);
    });
    references::check(root, references, diagnostics);
    // The schemas already reported are read as empty ones: `openapiv3` reads a schema through
    // nested untagged enums, and a bad keyword deep in nested schemas makes it try every
    // variant at every level, in time exponential in the depth (the fuzzer found a document of
    // 11 KB that took 47 s). The rest of the document is still read and checked.
    let cleaned;
    let readable = if bad_schemas.is_empty() {
        document
    } else {
        let mut copy = document.clone();
        for place in &bad_schemas {
            if let Some(node) = copy.pointer_mut(place.trim_start_matches('#')) {
                *node = Value::Object(serde_json::Map::new());
            }
        }
        cleaned = copy;
        &cleaned
    };
    let (spec, misfit) = match crate::openapi::typed::read(readable) {
        Ok(spec) => (Some(spec), None),
        Err(misfit) => (None, Some(misfit)),
    };
    shape::check(root, bad_schemas, misfit, diagnostics);
    spec
}

/// Checks every operation of the typed document.
pub fn operations(spec: &OpenAPI, diagnostics: &mut Diagnostics) {
    operations::check(spec, diagnostics);
    security::check(spec, diagnostics);
}

pub use operations::template_variables;

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// A bad keyword at the bottom of schemas nested through `additionalProperties`: reported
    /// at its place, and the rest of the document is still read (its operations checked), in
    /// time linear in its size (reading the bad schema itself took time exponential in the
    /// depth, 47 s for 11 KB, until bad schemas were read as empty ones).
    #[test]
    fn a_bad_schema_deep_in_nested_schemas_is_reported_and_the_rest_still_read() {
        let mut schema = json!({"type": "object", "patternProperties": -2, "enum": [[], []]});
        for _ in 0..24 {
            schema = json!({"type": "object", "additionalProperties": schema});
        }
        let operation = |schema: Value| {
            json!({"operationId": "same", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}})
        };
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": operation(schema)}, "/b": {"get": operation(json!({}))}},
        });
        let mut diagnostics = Diagnostics::new(std::path::Path::new("deep.json"));
        let spec = super::document(&document, &mut diagnostics);
        let spec = spec.expect("the rest of the document is read");
        operations(&spec, &mut diagnostics);
        let found = match diagnostics.finish() {
            Ok(d) | Err(d) => d,
        };
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"unsupported-schema"), "{codes:?}");
        assert!(codes.contains(&"duplicate-operation-id"), "{codes:?}");
        let deep = found
            .iter()
            .find(|d| d.code == "unsupported-schema")
            .expect("the bad schema");
        assert_eq!(
            deep.pointer.matches("/additionalProperties").count(),
            24,
            "{}",
            deep.pointer
        );
    }
}
