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

/// Checks the shape and the references of a normalized document; `true` when
/// its shape lets `openapiv3` read it (reference errors may still be recorded).
pub fn document(document: &mut Value, diagnostics: &mut Diagnostics) -> bool {
    let Some(root) = document.as_object_mut() else {
        return false;
    };
    references::check(root, diagnostics);
    shape::check(root, diagnostics)
}

/// Checks every operation of the typed document.
pub fn operations(spec: &OpenAPI, diagnostics: &mut Diagnostics) {
    operations::check(spec, diagnostics);
    security::check(spec, diagnostics);
}

pub use operations::template_variables;
