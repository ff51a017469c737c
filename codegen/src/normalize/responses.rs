//! Operations whose success (or error) responses have different bodies.
//!
//! progenitor gives each operation one success type and one error type, and asserts when the
//! responses disagree (`200` with a body and `204` without; `400` and `404` with different
//! schemas). Here such an operation is rewritten so that progenitor sees one shape, raw bytes,
//! for every response; what each status really carries is recorded in the operation's
//! [`EXTENSION`], and the `responses` pass turns the raw arms back into one enum variant per
//! status, typed (see `passes::responses`).
//!
//! JSON bodies written in place are moved to `components.schemas` under a name of their own
//! (`<Operation><Status>`), so that typify makes a type of each; a `$ref` keeps its type.

use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, OpenAPI, Operation, ReferenceOr, Response, Schema, StatusCode,
};
use serde::{Deserialize, Serialize};

use super::media::is_json;
use crate::validate::follow;

/// The operation extension that records each status's body for the `responses` pass.
pub const EXTENSION: &str = "x-codegen-responses";

/// How one status's body is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON body of this component (a typify type named after it).
    Json(String),
    /// Bytes of another media type.
    Raw,
}

/// One status of an operation, as its enum variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The status as written: `200`, `4XX`, `default`.
    pub status: String,
    /// The variant's name: `Ok`, `NotFound`, `Default`.
    pub variant: String,
    /// The response's description.
    pub description: String,
    /// Its body.
    pub body: Body,
}

/// What the `responses` pass needs of an operation that was split.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The success statuses (with `default`), in progenitor's order.
    pub success: Vec<Status>,
    /// The error statuses (with `default`), in progenitor's order.
    pub error: Vec<Status>,
}

/// Splits every operation whose success or error responses have more than one body.
pub fn split(spec: &mut OpenAPI) {
    let mut components = spec.components.take().unwrap_or_default();
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in super::operations_mut(item) {
            split_operation(operation, &mut components);
        }
    }
    spec.components = Some(components);
}

/// progenitor's order of statuses: codes, ranges as their hundred; `default` (`None`) last.
pub(crate) fn order(status: Option<&StatusCode>) -> u16 {
    match status {
        Some(StatusCode::Code(code)) => *code,
        Some(StatusCode::Range(range)) => range * 100,
        None => 1000,
    }
}

fn split_operation(operation: &mut Operation, components: &mut Components) {
    let Some(id) = operation.operation_id.clone() else {
        return;
    };
    // Every response, resolved, by status (`None`: `default`).
    let mut responses: Vec<(Option<StatusCode>, Response)> = Vec::new();
    let written = operation
        .responses
        .responses
        .iter()
        .map(|(s, r)| (Some(s), r));
    for (status, response) in written.chain(operation.responses.default.iter().map(|r| (None, r))) {
        let Some(response) = follow(response, Some(components), |c| &c.responses) else {
            return;
        };
        responses.push((status.cloned(), response.clone()));
    }
    // Shapes as progenitor would see them; anything validation refuses stays as it is, so
    // that it is reported.
    let mut shapes = Vec::new();
    for (status, response) in &responses {
        let json = response.content.iter().find(|(name, _)| is_json(name));
        let shape = match json {
            Some((_, media)) if !media.encoding.is_empty() => return,
            Some((_, MediaType { schema: None, .. })) => return,
            Some((
                _,
                MediaType {
                    schema: Some(schema),
                    ..
                },
            )) => serde_json::to_string(schema).unwrap_or_default(),
            None if order(status.as_ref()) == 101 => return,
            None if response.content.is_empty() => "empty".to_string(),
            None => "raw".to_string(),
        };
        shapes.push(shape);
    }
    // As progenitor sorts them: `default` is both a success and an error.
    let success = |s: Option<&StatusCode>| matches!(order(s), 200..=299 | 1000);
    let error = |s: Option<&StatusCode>| matches!(order(s), 400..=599 | 1000);
    let distinct = |keep: &dyn Fn(Option<&StatusCode>) -> bool| {
        let mut set: Vec<&String> = responses
            .iter()
            .zip(&shapes)
            .filter(|((status, _), _)| keep(status.as_ref()))
            .map(|(_, shape)| shape)
            .collect();
        set.sort();
        set.dedup();
        set.len()
    };
    if distinct(&success) <= 1 && distinct(&error) <= 1 {
        return;
    }

    let base = heck::ToPascalCase::to_pascal_case(crate::names::method_name(&id).as_str());
    let mut split = Split::default();
    let mut rewritten: IndexMap<StatusCode, ReferenceOr<Response>> = IndexMap::new();
    let mut default = None;
    let mut entries = responses;
    entries.sort_by_key(|(status, _)| order(status.as_ref()));
    for (code, mut response) in entries {
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
                let name = reference.rsplit('/').next().unwrap_or_default();
                Body::Json(crate::names::type_name(&crate::diagnostic::unescape(name)))
            }
            Some(ReferenceOr::Item(schema)) => {
                Body::Json(hoist(components, format!("{base}{variant}"), schema))
            }
            None if response.content.is_empty() => Body::Empty,
            None => Body::Raw,
        };
        let entry = Status {
            status: status.clone(),
            variant,
            description: response.description.clone(),
            body,
        };
        if success(code.as_ref()) {
            split.success.push(entry.clone());
        }
        if error(code.as_ref()) {
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
            },
        );
    }
    operation.responses.responses = rewritten;
    operation.responses.default = default;
    if let Ok(value) = serde_json::to_value(&split) {
        operation.extensions.insert(EXTENSION.to_string(), value);
    }
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

/// The variant for a status: its reason phrase in Pascal case (`404` → `NotFound`), `Default`,
/// the class of a range (`4XX` → `ClientError`), or `Status<code>`.
fn variant_name(status: &str) -> String {
    let name = match status {
        "default" => "Default",
        "1XX" => "Informational",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "300" => "MultipleChoices",
        "301" => "MovedPermanently",
        "302" => "Found",
        "303" => "SeeOther",
        "304" => "NotModified",
        "307" => "TemporaryRedirect",
        "308" => "PermanentRedirect",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "407" => "ProxyAuthenticationRequired",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "LengthRequired",
        "412" => "PreconditionFailed",
        "413" => "ContentTooLarge",
        "414" => "UriTooLong",
        "415" => "UnsupportedMediaType",
        "416" => "RangeNotSatisfiable",
        "417" => "ExpectationFailed",
        "421" => "MisdirectedRequest",
        "422" => "UnprocessableContent",
        "423" => "Locked",
        "424" => "FailedDependency",
        "425" => "TooEarly",
        "426" => "UpgradeRequired",
        "428" => "PreconditionRequired",
        "429" => "TooManyRequests",
        "431" => "RequestHeaderFieldsTooLarge",
        "451" => "UnavailableForLegalReasons",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "505" => "HttpVersionNotSupported",
        "507" => "InsufficientStorage",
        "511" => "NetworkAuthenticationRequired",
        other => return format!("Status{other}"),
    };
    name.to_string()
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

    fn recorded(spec: &OpenAPI) -> Option<Split> {
        let item = spec.paths.paths.values().next()?.as_item()?;
        let value = item.delete.as_ref()?.extensions.get(EXTENSION)?;
        serde_json::from_value(value.clone()).ok()
    }

    #[test]
    fn one_shape_per_set_is_left_alone() {
        let mut doc = spec(serde_json::json!({
            "204": {"description": "deleted"},
            "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/problem-body"}}}},
        }));
        let before = doc.clone();
        split(&mut doc);
        assert_eq!(doc, before);
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
        split(&mut doc);
        let split = recorded(&doc).expect("recorded");
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
