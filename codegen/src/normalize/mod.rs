//! Turning any supported document into the OpenAPI 3.0 that progenitor takes.
//!
//! progenitor and `openapiv3` read OpenAPI 3.0 only, and mishandle some 3.0
//! that is valid. This step, on the document's JSON value:
//!
//! 1. reads the version ([`version`]): 3.0.x and 3.1.x are read, anything
//!    else is refused with a hint;
//! 2. inlines path items given by `$ref` (`references`);
//! 3. rewrites 3.1 into 3.0 ([`openapi31`]);
//! 4. marks path parameters required ([`require_path_parameters`]) and drops or corrects what
//!    schemas get slightly wrong ([`schema_fixes`]);
//! 5. reads the result into `openapiv3`'s types ([`typed`]), once
//!    `validate::document` has found its shape right.
//!
//! Everything adjusted on the way that changes the client is reported as a
//! warning naming its place; what cannot be adjusted is an error.

pub mod any_of;
pub mod bundle;
pub mod enum_names;
pub mod lenient;
pub mod openapi31;
pub mod operation_ids;
pub mod parameters;
pub mod path_names;
mod references;
pub mod request_bodies;
pub mod responses;
pub mod schema_fixes;
pub mod type_names;
pub mod untyped_json;

use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::notes::Notes;

use crate::openapi::pointer::pointer;
use crate::openapi::walk;

pub use openapi31::TARGET_VERSION;

/// Runs the steps on the document's JSON value and reads it into `openapiv3`'s types,
/// recording problems in `diagnostics`.
///
/// `None` when the document cannot be read as OpenAPI at all (an error says why).
/// The generator checks the document (`validate::document`) between
/// [`prepare`] and [`typed`], and runs the steps on the typed document after them; this runs
/// neither.
pub fn normalize(mut document: Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    let file = diagnostics.file().to_path_buf();
    prepare(&mut document, &file, false, diagnostics)?;
    typed(&document, diagnostics)
}

/// What [`prepare`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    /// The document's version, as it was written.
    pub version: Version,
    /// The enums whose values were given stand-ins (see [`enum_names`]).
    pub enums: Vec<crate::notes::Enum>,
    /// The other files the document's references brought in, in path order (see [`bundle`]).
    pub files: Vec<std::path::PathBuf>,
}

/// The steps on the JSON value of the document read from `file` (`lenient`: with `--lenient`'s
/// workarounds): the version, references
/// ([`bundle`]), path items, 3.1, path parameters, `anyOf` of scalars and enum names, in
/// place. `None` when the document is not OpenAPI 3.0 or 3.1 (an error says why).
pub fn prepare(
    document: &mut Value,
    file: &std::path::Path,
    lenient: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Prepared> {
    let version = version(document, diagnostics)?;
    let files = bundle::bundle(document, file, lenient, diagnostics);
    references::inline_path_items(document, diagnostics);
    if version == Version::V3_1 {
        openapi31::downgrade(document, diagnostics);
    }
    require_path_parameters(document, diagnostics);
    path_names::distinct(document, diagnostics);
    schema_fixes::fix(document, diagnostics);
    any_of::scalar_alternatives(document);
    let enums = enum_names::rename(document);
    type_names::distinct(document, diagnostics);
    Some(Prepared {
        version,
        enums,
        files,
    })
}

/// The major versions of OpenAPI that documents may declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x, taken as it is.
    V3_0,
    /// OpenAPI 3.1.x, rewritten into 3.0.
    V3_1,
}

/// Reads the `openapi` field, reporting documents that are not OpenAPI 3.0 or 3.1.
pub fn version(document: &Value, diagnostics: &mut Diagnostics) -> Option<Version> {
    let supported = "the generator reads OpenAPI 3.0.x and 3.1.x documents";
    match (document.get("openapi"), document.get("swagger")) {
        (Some(Value::String(v)), _) if v.trim().starts_with("3.0.") => Some(Version::V3_0),
        (Some(Value::String(v)), _) if v.trim().starts_with("3.1.") => Some(Version::V3_1),
        (Some(Value::String(v)), _) => {
            diagnostics
                .error(
                    "version",
                    "#/openapi",
                    format!("unsupported OpenAPI version `{v}`"),
                )
                .help(supported);
            None
        }
        (Some(other), _) => {
            diagnostics
                .error(
                    "version",
                    "#/openapi",
                    format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
                )
                .help("quote the version: `openapi: \"3.0.3\"`");
            None
        }
        (None, Some(v)) => {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            diagnostics
                .error(
                    "version",
                    "#/swagger",
                    format!("this is a Swagger {v} document, not OpenAPI 3"),
                )
                .help(format!(
                    "{supported}; convert it first, for example with swagger2openapi"
                ));
            None
        }
        (None, None) => {
            diagnostics
                .error(
                    "not-openapi",
                    "#",
                    "not an OpenAPI document: it has no `openapi` field",
                )
                .help("an OpenAPI document starts with `openapi: 3.0.3` (or 3.1.x), `info` and `paths`");
            None
        }
    }
}

/// Path parameters are required by the OpenAPI rules even when a document leaves
/// `required` out; progenitor asserts it, so it is set here, with a warning. A path
/// parameter's schema that allows `null` (3.1's `anyOf: [{type: string}, {type: 'null'}]`, as
/// FastAPI writes them) loses `nullable`, with a warning: a path segment always holds a value.
pub fn require_path_parameters(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    walk::parts_mut(root, &mut |part, param, at| {
        let Value::Object(param) = param else { return };
        if part != walk::Part::Parameter || param.get("in").and_then(Value::as_str) != Some("path")
        {
            return;
        }
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(Value::Object(schema)) = param.get_mut("schema")
            && schema.remove("nullable") == Some(Value::Bool(true))
        {
            let mut place = at.clone();
            place.push("schema".into());
            diagnostics
                .warning(
                    "path-parameter-null",
                    pointer(place.iter()),
                    format!("path parameter `{name}` may be null, but a path segment always holds a value; the client takes a value"),
                )
                .help("remove `null` from the parameter's schema");
        }
        if param.get("required") == Some(&Value::Bool(true)) {
            return;
        }
        param.insert("required".into(), Value::Bool(true));
        diagnostics
            .warning(
                "path-parameter-required",
                pointer(at.iter()),
                format!("path parameter `{name}` is not marked `required: true`; path parameters are always required, so it is treated as required"),
            )
            .help("add `required: true` to the parameter");
    });
}

/// Reads the (3.0) document into `openapiv3`'s types, reporting where it does not fit.
pub fn typed(document: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    match crate::openapi::typed::read(document) {
        Ok(spec) => Some(spec),
        Err((segments, message)) => {
            diagnostics
                .error(
                    "structure",
                    pointer(&segments),
                    format!(
                        "the document does not have the shape of an OpenAPI document: {message}"
                    ),
                )
                .help("see the OpenAPI specification for what this field must contain");
            None
        }
    }
}

/// The notes of every operation of `spec`, which has an `operationId` on each (see
/// [`operation_ids::derive`]): its client method, as the spec writes it. The later steps add to
/// them ([`request_bodies`], [`responses`]).
pub fn notes(spec: &openapiv3::OpenAPI) -> Notes {
    let mut notes = Notes::default();
    for (path, method, operation) in crate::openapi::typed::operations(spec) {
        let Some(id) = &operation.operation_id else {
            continue;
        };
        notes.operations.insert(
            crate::names::method_name(id),
            operation_note(path, method, operation),
        );
    }
    notes
}

/// What the notes say of `operation`, at `method` `path`, before the later steps add to it.
pub(crate) fn operation_note(
    path: &str,
    method: &str,
    operation: &openapiv3::Operation,
) -> crate::notes::Operation {
    crate::notes::Operation {
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: operation
            .summary
            .clone()
            .or_else(|| {
                operation
                    .description
                    .as_ref()
                    .and_then(|d| d.lines().next().map(str::to_string))
            })
            .unwrap_or_default(),
        security: operation.security.clone(),
        media_type: None,
        sent: None,
        responses: None,
        query: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    #[test]
    fn version_classes() {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        assert_eq!(
            version(&json!({"openapi": "3.0.3"}), &mut d),
            Some(Version::V3_0)
        );
        assert_eq!(
            version(&json!({"openapi": "3.1.1"}), &mut d),
            Some(Version::V3_1)
        );
        assert_eq!(version(&json!({"swagger": "2.0"}), &mut d), None);
        assert_eq!(version(&json!({"openapi": "4.0.0"}), &mut d), None);
        assert_eq!(version(&json!({"openapi": 3.1}), &mut d), None);
        assert_eq!(version(&json!({"info": {}}), &mut d), None);
        let all = d.finish().unwrap_err();
        let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "not an OpenAPI document: it has no `openapi` field",
                "`openapi` must be a version string such as \"3.0.3\", found 3.1",
                "unsupported OpenAPI version `4.0.0`",
                "this is a Swagger 2.0 document, not OpenAPI 3",
            ]
        );
    }

    #[test]
    fn a_3_1_document_is_read_as_3_0() {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        let spec = normalize(
            json!({
                "openapi": "3.1.1",
                "info": {"title": "t", "version": "1", "summary": "S"},
                "webhooks": {"x": {}},
                "components": {"schemas": {"A": {"type": ["integer", "null"], "examples": [1]}}}
            }),
            &mut d,
        )
        .unwrap();
        assert_eq!(spec.openapi, "3.0.3");
        assert_eq!(spec.info.description.as_deref(), Some("S"));
        let openapiv3::ReferenceOr::Item(a) = &spec.components.unwrap().schemas["A"] else {
            panic!("A is a reference");
        };
        assert!(a.schema_data.nullable);
        assert_eq!(a.schema_data.example, Some(json!(1)));
        assert!(d.finish().unwrap().is_empty());
    }

    #[test]
    fn optional_path_parameters_become_required_with_a_warning() {
        let mut doc = json!({"paths": {"/t/{id}": {"delete": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "string"}}
        ]}}}});
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        require_path_parameters(&mut doc, &mut d);
        assert_eq!(
            doc["paths"]["/t/{id}"]["delete"]["parameters"][0]["required"],
            true
        );
        let w = d.finish().unwrap();
        assert_eq!(w[0].pointer, "#/paths/~1t~1{id}/delete/parameters/0");
    }
}
