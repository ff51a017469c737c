//! Request bodies: every media type, one per client method.
//!
//! progenitor sends one media type per operation (and stops with `todo!` on a body of several),
//! and only JSON, form data, `application/octet-stream` with a `format: binary` schema and
//! `text/plain` with a plain string schema. Here each media type of a body is given to
//! progenitor as one of those, and what progenitor would send differently is recorded in the
//! [`Notes`] (`Sent`) for `passes::bodies` to change:
//!
//! | media type | the method's body | sent as |
//! | --- | --- | --- |
//! | `application/json` | the schema's type | JSON (progenitor) |
//! | `…+json` (`application/merge-patch+json`) | the schema's type (any JSON value without one) | JSON, with its own `Content-Type` |
//! | `application/x-www-form-urlencoded` | the schema's type | form data (progenitor); with `encoding`, the runtime's `body::form` |
//! | `multipart/form-data` | the schema's struct; binary properties are `client_runtime::File` | the runtime's `body::multipart` |
//! | `text/plain`, `text/x-markdown` | `String` | text (progenitor), with its own `Content-Type` (`charset`) |
//! | anything else (`application/xml`, `image/png`, `*/*`, …) | bytes, whatever the schema | bytes, with its own `Content-Type` |
//!
//! A multipart property is a file (`client_runtime::File`: bytes, file name, media type) when
//! its schema is a binary string (`format: binary`), or when its `encoding.contentType` is not
//! text or JSON and its schema is a string or any value; an array of such is an array of files.
//! A media type with a wildcard (`*/*`, `image/*`) is no `Content-Type` a request can carry:
//! its bytes are sent as `application/octet-stream`. Other multipart media types
//! (`multipart/mixed`) are bytes too, sent with the media type as written: the caller writes
//! the parts, with the boundary the spec's media type names, if any. `encoding` on a JSON body means nothing
//! (OpenAPI applies it to form and multipart bodies only): it is dropped with a warning.
//!
//! **Naming.** An operation whose body has several media types keeps its method for JSON (or,
//! without JSON, for the first media type), and each other media type gets a method of its
//! own, the same request with that body: `<operation>_<kind>`, the kind being `json`, `form`,
//! `multipart`, `text` or `bytes`; a second media type of a kind the operation already has is
//! named after its subtype instead (`<operation>_xml`, `<operation>_merge_patch_json`; after its
//! type for a wildcard, `<operation>_image`), and a number follows a name another method has
//! (the kinds' names are given first). Media types are taken in the document's key order as
//! read (alphabetical). A warning lists the methods. The extra method's
//! operation sits in the document under the same path with one more leading `/`: progenitor
//! collapses repeated slashes when it reads a path template, so the method sends to the right
//! URL and documents the right path, and the [`Notes`] record the real one.
//!
//! A media type that is not a valid header value (a line break, non-ASCII) cannot be sent; it
//! is an error at its place.

use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::json;

use crate::diagnostic::Diagnostics;
use crate::names;
use crate::notes::{Encoding, Notes, Sent};
use crate::openapi::media::{essence, is_json};
use crate::openapi::pointer::{below, pointer};
use crate::openapi::reference::follow;
use crate::openapi::typed::{operation_slots, operations_mut};

/// How the client sends a request media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `application/json`.
    Json,
    /// Another JSON media type (`…+json`).
    OtherJson,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/plain`, `text/x-markdown`: what progenitor sends as text.
    Text,
    /// Anything else: bytes.
    Bytes,
}

impl Kind {
    fn of(media_type: &str) -> Self {
        let essence = essence(media_type).to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => Self::Json,
            "application/x-www-form-urlencoded" => Self::Form,
            "multipart/form-data" => Self::Multipart,
            "text/plain" | "text/x-markdown" => Self::Text,
            e if e.ends_with("+json") => Self::OtherJson,
            _ => Self::Bytes,
        }
    }

    /// The suffix of the extra method that sends this kind.
    fn suffix(self) -> &'static str {
        match self {
            Self::Json | Self::OtherJson => "json",
            Self::Form => "form",
            Self::Multipart => "multipart",
            Self::Text => "text",
            Self::Bytes => "bytes",
        }
    }
}

/// An extra method to add: its path key, method, operation and the path item's parameters.
struct Extra {
    key: String,
    method: &'static str,
    operation: Operation,
    parameters: Vec<ReferenceOr<Parameter>>,
}

/// Gives each request media type a method, as progenitor can send it, and records each
/// method's media type and what the back end changes in `notes`.
pub fn split(spec: &mut OpenAPI, notes: &mut Notes, diagnostics: &mut Diagnostics) {
    // The bodies (resolved: a body may be a `$ref` to `components.requestBodies`) that are
    // checked, and copied only when progenitor cannot take them as they are.
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
            && (body.content.len() > 1 || body.content.iter().any(|(k, m)| !progenitor_takes(k, m)))
        {
            bodies.push((path.to_string(), method, at, body.clone()));
        }
    }
    let mut taken: Vec<String> = notes.operations.keys().cloned().collect();
    let mut extras: Vec<Extra> = Vec::new();
    for (path, method, at, body) in bodies {
        let body = convert(body, spec.components.as_ref(), &at, diagnostics);
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
            note.sent = added.primary_sent.clone();
        }
        for (name, media_type, sent, extra) in added.extras.drain(..) {
            let mut note = notes
                .operations
                .get(&primary)
                .cloned()
                .unwrap_or_else(|| super::operation_note(&path, method, &extra));
            note.media_type = Some(media_type);
            note.sent = sent;
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
}

/// Whether progenitor sends the media type `name` as the spec says, as it is.
fn progenitor_takes(name: &str, media: &MediaType) -> bool {
    media.encoding.is_empty()
        && media.schema.is_some()
        && matches!(
            essence(name),
            "application/json" | "application/x-www-form-urlencoded"
        )
}

/// Reports the media types of `body` (whose content is at `at`) of the operation `label` names
/// that cannot be sent; whether all can.
fn check(body: &RequestBody, at: &str, label: &str, diagnostics: &mut Diagnostics) -> bool {
    let mut sendable = true;
    for name in body.content.keys() {
        // What `reqwest::header::HeaderValue::from_static` takes.
        if !name.bytes().all(|b| b == b'\t' || (32..127).contains(&b)) {
            diagnostics
                .error(
                    "unsupported-body",
                    below(at, [name.as_str()]),
                    format!(
                        "the media type `{}` of the request body of {label} cannot be a `Content-Type` header",
                        name.escape_debug()
                    ),
                )
                .help("write the media type in visible ASCII characters");
            sendable = false;
        }
    }
    sendable
}

/// One media type of a body, as progenitor is given it.
struct Converted {
    /// The media type as the spec writes it.
    written: String,
    kind: Kind,
    /// What progenitor is given.
    media: MediaType,
    /// Its key for progenitor.
    key: &'static str,
    sent: Option<Sent>,
}

/// Each media type of `body` (at `at`) as progenitor can send it.
fn convert(
    body: RequestBody,
    components: Option<&Components>,
    at: &str,
    diagnostics: &mut Diagnostics,
) -> (RequestBody, Vec<Converted>) {
    let mut converted = Vec::new();
    for (name, mut media) in body.content.clone() {
        let kind = Kind::of(&name);
        let encoding = std::mem::take(&mut media.encoding);
        let encodings = || {
            encoding
                .iter()
                .map(|(property, e)| Encoding {
                    property: property.clone(),
                    content_type: e.content_type.clone(),
                    style: e.style.as_ref().map(|s| {
                        match s {
                            openapiv3::QueryStyle::Form => "form",
                            openapiv3::QueryStyle::SpaceDelimited => "spaceDelimited",
                            openapiv3::QueryStyle::PipeDelimited => "pipeDelimited",
                            openapiv3::QueryStyle::DeepObject => "deepObject",
                        }
                        .to_string()
                    }),
                    // `openapiv3` reads an absent `explode` as `false`: taken as written
                    // only beside a `style`.
                    explode: (e.explode || e.style.is_some()).then_some(e.explode),
                })
                .collect::<Vec<_>>()
        };
        if !encoding.is_empty() && matches!(kind, Kind::Json | Kind::OtherJson) {
            diagnostics.warning(
                "body-encoding-ignored",
                below(at, [name.as_str(), "encoding"]),
                format!(
                    "`encoding` applies to form and multipart bodies only: the `{name}` body is sent as JSON, and its `encoding` is ignored"
                ),
            );
        }
        let (key, sent) = match kind {
            Kind::Json => ("application/json", None),
            Kind::OtherJson => {
                media.schema.get_or_insert_with(|| schema(json!({})));
                ("application/json", Some(Sent::Json(name.clone())))
            }
            Kind::Form => {
                media
                    .schema
                    .get_or_insert_with(|| schema(json!({"type": "object"})));
                let sent = (!encoding.is_empty()).then(|| Sent::Form(encodings()));
                ("application/x-www-form-urlencoded", sent)
            }
            Kind::Multipart => {
                media.schema = Some(multipart_schema(media.schema.take(), &encoding, components));
                ("application/json", Some(Sent::Multipart(encodings())))
            }
            Kind::Text => {
                media.schema = Some(schema(json!({"type": "string"})));
                let key = match essence(&name).to_ascii_lowercase().as_str() {
                    "text/x-markdown" => "text/x-markdown",
                    _ => "text/plain",
                };
                // progenitor writes the media type without its parameters (`charset`).
                (key, (name != key).then(|| Sent::Raw(name.clone())))
            }
            Kind::Bytes => {
                media.schema = Some(schema(json!({"type": "string", "format": "binary"})));
                let wildcard = essence(&name).contains('*');
                let sent = (!wildcard && essence(&name) != "application/octet-stream")
                    .then(|| Sent::Raw(name.clone()));
                ("application/octet-stream", sent)
            }
        };
        converted.push(Converted {
            written: name,
            kind,
            media,
            key,
            sent,
        });
    }
    (body, converted)
}

/// A schema from its JSON.
fn schema(value: serde_json::Value) -> ReferenceOr<Schema> {
    // Infallible for the literals above.
    ReferenceOr::Item(serde_json::from_value(value).unwrap_or_else(|_| Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }))
}

/// The schema of a file in a multipart body: the runtime's `File`, as typify's `x-rust-type`.
fn file_schema(description: Option<String>) -> Schema {
    let mut file = Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    };
    file.schema_data.description = description;
    let krate = super::openapi31::tuples::ALIAS_CRATE;
    file.schema_data.extensions.insert(
        "x-rust-type".to_string(),
        json!({
            "crate": krate,
            "version": "*",
            "path": format!("{}::File", krate.replace('-', "_")),
        }),
    );
    file
}

/// Whether `schema` (with the encoding's `contentType`) is a file of a multipart body.
fn is_file(schema: &Schema, content_type: Option<&str>) -> bool {
    let binary_type = content_type.is_some_and(|ct| {
        let ct = essence(ct.split(',').next().unwrap_or_default()).to_ascii_lowercase();
        !(ct.starts_with("text/") || is_json(&ct) || ct.ends_with("+json"))
    });
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            binary_type || s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
        }
        SchemaKind::Any(any) => binary_type && any.typ.is_none() && any.properties.is_empty(),
        _ => false,
    }
}

/// The schema of a multipart body: its binary properties made files; any object without one.
fn multipart_schema(
    given: Option<ReferenceOr<Schema>>,
    encoding: &IndexMap<String, openapiv3::Encoding>,
    components: Option<&Components>,
) -> ReferenceOr<Schema> {
    let Some(given) = given else {
        return schema(json!({"type": "object"}));
    };
    let resolve = |s: &ReferenceOr<Schema>| -> Option<Schema> {
        follow(s, components, |c| &c.schemas).cloned()
    };
    let resolve_boxed = |s: &ReferenceOr<Box<Schema>>| -> Option<Schema> {
        match s {
            ReferenceOr::Item(item) => Some((**item).clone()),
            ReferenceOr::Reference { reference } => resolve(&ReferenceOr::Reference {
                reference: reference.clone(),
            }),
        }
    };
    let Some(mut object) = resolve(&given) else {
        return given;
    };
    // An object, or properties without `type: object` (which `openapiv3` reads as any value).
    let properties = match &mut object.schema_kind {
        SchemaKind::Type(Type::Object(fields)) => &mut fields.properties,
        SchemaKind::Any(any) if !any.properties.is_empty() => &mut any.properties,
        _ => return given,
    };
    let mut changed = false;
    for (name, property) in properties.iter_mut() {
        let content_type = encoding.get(name).and_then(|e| e.content_type.as_deref());
        let Some(resolved) = resolve_boxed(property) else {
            continue;
        };
        if is_file(&resolved, content_type) {
            *property = ReferenceOr::Item(Box::new(file_schema(
                resolved.schema_data.description.clone(),
            )));
            changed = true;
            continue;
        }
        let SchemaKind::Type(Type::Array(mut array)) = resolved.schema_kind.clone() else {
            continue;
        };
        let Some(items) = array.items.as_ref().and_then(resolve_boxed) else {
            continue;
        };
        if is_file(&items, content_type) {
            array.items = Some(ReferenceOr::Item(Box::new(file_schema(
                items.schema_data.description.clone(),
            ))));
            *property = ReferenceOr::Item(Box::new(Schema {
                schema_data: resolved.schema_data.clone(),
                schema_kind: SchemaKind::Type(Type::Array(array)),
            }));
            changed = true;
        }
    }
    match changed {
        true => ReferenceOr::Item(object),
        false => given,
    }
}

/// What [`one_per_method`] did: the media type the operation keeps (when it has several) and
/// what the back end changes of it, and each extra method's name, media type, change and
/// operation.
struct Added {
    primary: Option<String>,
    primary_sent: Option<Sent>,
    extras: Vec<(String, String, Option<Sent>, Operation)>,
}

/// Keeps one media type on `operation` and makes an operation of each other one.
fn one_per_method(
    operation: &mut Operation,
    (mut body, converted): (RequestBody, Vec<Converted>),
    at: &str,
    taken: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Added {
    let id = operation.operation_id.clone().unwrap_or_default();
    let primary = converted
        .iter()
        .position(|c| c.kind == Kind::Json)
        .or_else(|| converted.iter().position(|c| c.kind == Kind::OtherJson))
        .unwrap_or(0);
    let mut converted: Vec<Option<Converted>> = converted.into_iter().map(Some).collect();
    let Some(first) = converted.get_mut(primary).and_then(Option::take) else {
        operation.request_body = Some(ReferenceOr::Item(body));
        return Added {
            primary: None,
            primary_sent: None,
            extras: Vec::new(),
        };
    };
    // The first media type of each other kind is named after its kind, before the others are
    // named after their subtype, so that a kind's name goes to the kind.
    let mut kinds = vec![first.kind.suffix()];
    let others: Vec<(String, bool, Converted)> = converted
        .into_iter()
        .flatten()
        .map(|other| {
            let suffix = other.kind.suffix();
            match kinds.contains(&suffix) {
                true => (subtype(&other.written), false, other),
                false => {
                    kinds.push(suffix);
                    (suffix.to_string(), true, other)
                }
            }
        })
        .collect();
    let mut names: Vec<String> = others
        .iter()
        .map(|(suffix, _, _)| names::method_name(&format!("{id}_{suffix}")))
        .collect();
    for pass in [true, false] {
        for (i, (_, by_kind, _)) in others.iter().enumerate() {
            if *by_kind == pass {
                names[i] = free_name(&names[i], taken);
            }
        }
    }
    let mut methods = vec![format!(
        "`{}` sends `{}`",
        names::method_name(&id),
        first.written
    )];
    let mut extras = Vec::new();
    for ((_, _, other), method) in others.into_iter().zip(names) {
        let mut operation = operation.clone();
        let mut other_body = body.clone();
        other_body.content = IndexMap::from([(other.key.to_string(), other.media)]);
        operation.request_body = Some(ReferenceOr::Item(other_body));
        operation.operation_id = Some(method.clone());
        operation
            .extensions
            .shift_remove(super::operation_ids::EXTENSION);
        methods.push(format!("`{method}` sends `{}`", other.written));
        extras.push((method, other.written, other.sent, operation));
    }
    let several = body.content.len() > 1;
    body.content = IndexMap::from([(first.key.to_string(), first.media)]);
    operation.request_body = Some(ReferenceOr::Item(body));
    if several {
        diagnostics.warning(
            "request-media-types",
            at,
            format!(
                "the request body has several media types: {}",
                methods.join(", ")
            ),
        );
    }
    Added {
        primary: several.then_some(first.written),
        primary_sent: first.sent,
        extras,
    }
}

/// The subtype of `media_type` as a name: `application/merge-patch+json` → `merge_patch_json`;
/// the type for a wildcard: `image/*` → `image`, `*/*` → `any`.
fn subtype(media_type: &str) -> String {
    let essence = essence(media_type).to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/').unwrap_or(("", &essence));
    let subtype = match subtype.trim() {
        "*" => kind,
        subtype => subtype,
    };
    let name: String = subtype
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    match name.trim_matches('_') {
        "" => "any".to_string(),
        name => name.to_string(),
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::notes::Operation as Note;

    /// A document whose `putDocument` has this request body content.
    fn spec(content: Value) -> OpenAPI {
        serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/documents": {"put": {
                "operationId": "putDocument",
                "requestBody": {"content": content},
                "responses": {"204": {"description": "stored"}},
            }}},
            "components": {"schemas": {
                "Upload": {"type": "object", "properties": {
                    "file": {"type": "string", "format": "binary"},
                }},
                "Plain": {"type": "object", "properties": {"name": {"type": "string"}}},
            }},
        }))
        .expect("a valid document")
    }

    /// Splits `doc`'s bodies: the notes and the diagnostics' codes.
    fn split_doc(doc: &mut OpenAPI) -> (Notes, Vec<String>) {
        let mut notes = crate::normalize::notes(doc);
        let mut diagnostics = Diagnostics::new(std::path::Path::new("t.yaml"));
        split(doc, &mut notes, &mut diagnostics);
        let found = diagnostics.finish().unwrap_or_else(|all| all);
        (notes, found.iter().map(|d| d.code.to_string()).collect())
    }

    /// The body schema progenitor is given for the operation at `path`, as JSON.
    fn body_schema(doc: &OpenAPI, path: &str) -> (String, Value) {
        let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(path) else {
            panic!("no path {path}");
        };
        let Some(ReferenceOr::Item(body)) = &item.put.as_ref().expect("a put").request_body else {
            panic!("no body");
        };
        let (name, media) = body.content.first().expect("one media type");
        (
            name.clone(),
            serde_json::to_value(&media.schema).expect("JSON"),
        )
    }

    fn note<'a>(notes: &'a Notes, name: &str) -> &'a Note {
        notes.operations.get(name).expect("a note")
    }

    #[test]
    fn multipart_files_are_the_runtime_s_file() {
        let file = json!({"x-rust-type": {
            "crate": "client-runtime", "version": "*", "path": "client_runtime::File",
        }});
        let mut doc = spec(json!({"multipart/form-data": {
            "schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "thumbnail": {"type": "string"},
                "pages": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "title": {"type": "string"},
            }},
            "encoding": {"thumbnail": {"contentType": "image/png"}, "title": {"contentType": "text/plain"}},
        }}));
        let (notes, codes) = split_doc(&mut doc);
        assert!(codes.is_empty(), "{codes:?}");
        let (name, schema) = body_schema(&doc, "/documents");
        assert_eq!(name, "application/json");
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "file": file,
                "thumbnail": file,
                "pages": {"type": "array", "items": file},
                "title": {"type": "string"},
            }})
        );
        let Some(Sent::Multipart(encoding)) = &note(&notes, "put_document").sent else {
            panic!("multipart");
        };
        assert_eq!(encoding.len(), 2);
        assert_eq!(encoding[0].content_type.as_deref(), Some("image/png"));
    }

    #[test]
    fn a_multipart_reference_is_copied_only_with_files() {
        let mut doc = spec(json!({"multipart/form-data": {
            "schema": {"$ref": "#/components/schemas/Plain"},
        }}));
        split_doc(&mut doc);
        assert_eq!(
            body_schema(&doc, "/documents").1,
            json!({"$ref": "#/components/schemas/Plain"})
        );
        let mut doc = spec(json!({"multipart/form-data": {
            "schema": {"$ref": "#/components/schemas/Upload"},
        }}));
        split_doc(&mut doc);
        assert_eq!(
            body_schema(&doc, "/documents").1["properties"]["file"]["x-rust-type"]["path"],
            "client_runtime::File"
        );
    }

    #[test]
    fn other_media_types_are_json_or_bytes_with_their_own_type() {
        let mut doc = spec(json!({
            "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Plain"}},
            "application/xml; charset=utf-8": {"schema": {"$ref": "#/components/schemas/Plain"}},
            "image/*": {"schema": {"type": "string", "format": "binary"}},
            "plain/text": {"schema": {"type": "string"}},
            "text/plain; charset=utf-8": {"schema": {"type": "string", "enum": ["a"]}},
        }));
        let (notes, codes) = split_doc(&mut doc);
        assert_eq!(codes, ["request-media-types"]);
        assert_eq!(
            note(&notes, "put_document").sent,
            Some(Sent::Json("application/merge-patch+json".to_string()))
        );
        assert_eq!(
            note(&notes, "put_document_bytes").sent,
            Some(Sent::Raw("application/xml; charset=utf-8".to_string()))
        );
        // A wildcard is sent as `application/octet-stream`, which progenitor writes itself.
        assert_eq!(note(&notes, "put_document_image").sent, None);
        // The kind's name goes to the kind: `plain/text` is bytes, named after its subtype.
        assert_eq!(
            note(&notes, "put_document_text2").sent,
            Some(Sent::Raw("plain/text".to_string()))
        );
        assert_eq!(
            note(&notes, "put_document_text").sent,
            Some(Sent::Raw("text/plain; charset=utf-8".to_string()))
        );
        assert_eq!(
            body_schema(&doc, "//documents"),
            (
                "application/octet-stream".to_string(),
                json!({"type": "string", "format": "binary"})
            )
        );
    }

    #[test]
    fn form_encoding_is_recorded_and_json_encoding_dropped() {
        let mut doc = spec(json!({
            "application/x-www-form-urlencoded": {
                "schema": {"$ref": "#/components/schemas/Plain"},
                "encoding": {
                    "a": {"style": "form", "explode": false},
                    "b": {"contentType": "application/json"},
                    "c": {"explode": true},
                },
            },
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Plain"},
                "encoding": {"name": {"contentType": "text/plain"}},
            },
        }));
        let (notes, codes) = split_doc(&mut doc);
        assert_eq!(codes, ["request-media-types", "body-encoding-ignored"]);
        assert_eq!(note(&notes, "put_document").sent, None);
        let Some(Sent::Form(encoding)) = &note(&notes, "put_document_form").sent else {
            panic!("form with encoding");
        };
        let explode: Vec<Option<bool>> = encoding.iter().map(|e| e.explode).collect();
        assert_eq!(explode, [Some(false), None, Some(true)]);
        assert_eq!(encoding[0].style.as_deref(), Some("form"));
        assert_eq!(
            encoding[1].content_type.as_deref(),
            Some("application/json")
        );
    }

    #[test]
    fn subtypes_name_methods() {
        assert_eq!(subtype("application/merge-patch+json"), "merge_patch_json");
        assert_eq!(subtype("application/xml; charset=utf-8"), "xml");
        assert_eq!(subtype("image/*"), "image");
        assert_eq!(subtype("*/*"), "any");
    }
}
