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
    let (spec, misfit) = match crate::openapi::typed::read(document) {
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
