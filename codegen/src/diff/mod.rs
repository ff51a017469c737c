//! What changed between two versions of an API, for the people and the crates that call it.
//!
//! [`compare`] walks two OpenAPI documents side by side, operation by operation (matched by
//! method and path template, whatever the path parameters are called), and lists every
//! [`Change`]: a rule id from [`rules::RULES`] (oasdiff's where oasdiff has one), a wire
//! [`Level`], the operation it is at, a one-line message, and what it does to the generated
//! Rust crate ([`CrateEffect`]). A change inside a shared component is reported at every
//! operation that reaches it, through `$ref`s, `allOf`, `oneOf`/`anyOf` and 3.1's type arrays.
//!
//! [`Report::semver`] is the crate's version bump: the largest of the changes' crate effects,
//! which follow the wire level (an `error` is always `major`) and what progenitor makes of
//! the construct (a new optional parameter is a new positional argument, a new enum value a
//! new variant: both `major` for the crate though compatible on the wire).
//!
//! The documents are read leniently ([`read`]): a document with faults still gets a report.

mod changes;
mod operations;
pub mod report;
pub mod rules;
mod schema;
mod unchanged;
mod view;

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

pub use report::Report;

/// How a change affects the callers of the API on the wire, as oasdiff's ERR, WARN and INFO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Compatible: existing callers keep working.
    Info,
    /// May break existing callers.
    Warning,
    /// Breaks existing callers.
    Error,
}

impl Level {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A semantic version bump, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// Nothing changed.
    None,
    /// Nothing a caller can see in the crate's API.
    Patch,
    /// Additions only.
    Minor,
    /// Something a caller relies on changed or went away.
    Major,
}

impl Semver {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operation: its method (upper case) and path template, as the new document writes them
/// (the old one's for an operation that was removed).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Operation {
    /// `GET`, `DELETE`…
    pub method: String,
    /// `/tokens/{id}`.
    pub path: String,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// What a change does to the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CrateEffect {
    /// The version bump it needs on its own.
    pub semver: Semver,
    /// What changes in the crate's API, where that says more than the wire message
    /// (`` `Client::delete_token` takes a new argument `force` ``).
    pub message: Option<String>,
}

/// One change to the API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// The rule's id, kebab-case and stable (see [`rules::RULES`]).
    pub id: &'static str,
    /// Its effect on callers, on the wire.
    pub level: Level,
    /// Where: `None` for a change to the document as a whole (servers, security schemes).
    pub operation: Option<Operation>,
    /// One line naming what changed.
    pub message: String,
    /// Its effect on the generated crate.
    pub krate: CrateEffect,
}

/// A document read for comparing: the whole JSON value, every `$ref` into another file
/// brought in, and what reading it worked around.
#[derive(Debug)]
pub struct Document {
    /// The document.
    pub value: Value,
    /// Faults read past, each placed.
    pub warnings: Vec<Diagnostic>,
}

/// Reads the document at `path` leniently, as `gen --lenient` does: YAML or JSON, any OpenAPI
/// version, `$ref`s to other files brought in. Only a file that cannot be read or parsed is
/// an error; what else is wrong with it comes back as warnings.
pub fn read(path: &Path) -> Result<Document> {
    let bytes = crate::load::read(path)?;
    read_bytes(path, &bytes)
}

/// As [`read`], for a document already in memory; `path` names it and places the files it
/// refers to.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document> {
    let source = crate::load::parse_with(path, bytes, true)?;
    let mut value = source.value;
    // What makes a document no OpenAPI 3 document at all is an error: a report of it would
    // list every operation as added or removed.
    let mut diagnostics = Diagnostics::new(path);
    check_version(&value, &mut diagnostics);
    if diagnostics.has_errors() {
        let mut errors = match diagnostics.finish() {
            Ok(d) | Err(d) => d,
        };
        crate::load::place(&source.text, source.format, &mut errors);
        return Err(Error::InvalidSpec(errors));
    }
    crate::normalize::bundle::bundle(&mut value, path, true, &mut diagnostics);
    // Everything else is a fault read past.
    let mut warnings = match diagnostics.finish() {
        Ok(warnings) | Err(warnings) => warnings,
    };
    for warning in &mut warnings {
        warning.severity = crate::diagnostic::Severity::Warning;
    }
    warnings.extend(source.warnings);
    crate::load::place(&source.text, source.format, &mut warnings);
    Ok(Document { value, warnings })
}

/// `document`, already parsed from `file` (and checked, as the generator checks its specs), as
/// [`read`] gives it: its `$ref`s to other files brought in. What bundling reads past here is
/// reported where the document is generated.
pub fn bundled(file: &Path, mut document: Value) -> Value {
    let mut diagnostics = Diagnostics::new(file);
    crate::normalize::bundle::bundle(&mut document, file, true, &mut diagnostics);
    // Reported by the front end, which bundles the same document.
    let _ = diagnostics.finish();
    document
}

/// An error unless `document` is an OpenAPI 3 document (a warning when it only lacks its
/// `openapi` field).
fn check_version(document: &Value, diagnostics: &mut Diagnostics) {
    let Some(root) = document.as_object() else {
        diagnostics
            .error("not-an-object", "#", "the document is not an object")
            .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`");
        return;
    };
    match (root.get("openapi"), root.get("swagger")) {
        (Some(Value::String(v)), _) if v.starts_with("3.") => {}
        (Some(v), _) => {
            let shown = match v {
                Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            };
            diagnostics
                .error(
                    "unsupported-version",
                    "#/openapi",
                    format!("OpenAPI {shown} is not a version the report compares"),
                )
                .help("the report compares OpenAPI 3.0 and 3.1 documents");
        }
        (None, Some(v)) => {
            let shown = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            diagnostics
                .error(
                    "not-openapi-3",
                    "#/swagger",
                    format!("this is a Swagger {shown} document, not OpenAPI 3"),
                )
                .help(
                    "convert it to OpenAPI 3 first (swagger2openapi does), then compare the result",
                );
        }
        (None, None) if !root.contains_key("paths") => {
            diagnostics
                .error(
                    "not-openapi",
                    "#",
                    "this is no OpenAPI document: it has neither `openapi` nor `paths`",
                )
                .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`");
        }
        (None, None) => {
            diagnostics
                .warning(
                    "missing-version",
                    "#",
                    "the document has no `openapi` field; it is read as OpenAPI 3",
                )
                .help("add `openapi: 3.0.3` (or the version it follows)");
        }
    }
}

/// Every change from `old` to `new`, two OpenAPI documents (3.0 or 3.1) as [`read`] gives
/// them, in a stable order: by operation, then by level (errors first), then by rule id.
pub fn compare(old: &Value, new: &Value) -> Report {
    let mut changes = operations::compare(&view::View::new(old), &view::View::new(new));
    changes.sort_by(|a, b| {
        (&a.operation, std::cmp::Reverse(a.level), a.id, &a.message).cmp(&(
            &b.operation,
            std::cmp::Reverse(b.level),
            b.id,
            &b.message,
        ))
    });
    changes.dedup();
    Report { changes }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Found by the `mutate_specs` fuzz target: two members of an `anyOf` whose references end
    /// in the same name (one dangling, one to a component of another kind) were matched to the
    /// same member, so a document differed from itself.
    #[test]
    fn a_document_never_differs_from_itself() {
        let document = json!({
            "openapi": "3.0.3",
            "paths": {"/tokens/{id}": {"delete": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"anyOf": [
                    {"enum": [], "type": "array"},
                    {"$ref": "#/components/responses/Auth"},
                    {"$ref": "#/components/securitySchemes/Auth"},
                    {"$ref": "#/components/securitySchemes/Auth"},
                ]}}],
                "responses": {"204": {"description": "gone"}},
            }}},
            "components": {
                "securitySchemes": {"Auth": {"type": "apiKey", "in": "header", "name": "X"}},
                "schemas": {"id": {"$ref": "#/components/parameters/X"}},
            },
        });
        let report = compare(&document, &document);
        assert!(report.is_empty(), "{:?}", report.changes);
        // Told apart, the members still pair up when the document changes elsewhere.
        let mut changed = document.clone();
        changed["paths"]["/tokens/{id}"]["delete"]["parameters"][0]["schema"]["anyOf"][0]["enum"] =
            json!(["a"]);
        let report = compare(&document, &changed);
        let ids: Vec<&str> = report.changes.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["request-parameter-enum-value-added"]);
    }
}
