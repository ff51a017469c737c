//! Parameters progenitor does not send: query styles other than exploded `form`, and
//! parameters described by `content` instead of `schema`.
//!
//! progenitor generates a method only for query parameters of style `form` (and stops on any
//! other), and writes every one as an exploded `form` would be (`name=a&name=b`, an object's
//! fields as `field=value`); it stops on a parameter described by `content`. Here each such
//! parameter is given what progenitor reads, its `schema` and style `form`, and the way the
//! spec says it is sent is recorded in the notes ([`QueryStyle`]), for the `query` pass to have
//! the runtime's `QueryStyle` write it:
//!
//! - `style: deepObject`: `name[key]=value`; nested objects `name[a][b]=value`; a list of
//!   scalars inside (or as) the value comma-separated, `name[key]=a,b`, as the published
//!   documents that have lists in deep objects say their APIs read them (PandaScore's
//!   `range[modified_at]=from,to`, Trigger.dev's `filter[status]=QUEUED,EXECUTING`; OpenAPI
//!   leaves it undefined); a list of objects or lists by index, `name[key][0][field]=value`;
//!   `null` fields and empty lists are left out;
//! - `style: form` with `explode: false`: `name=a,b,c` (an object: `name=k1,v1,k2,v2`);
//! - `style: spaceDelimited` and `pipeDelimited`: `name=a b c`, `name=a|b|c`;
//! - `content: {application/json (or +json): {schema}}` on a query parameter: the value's
//!   JSON text, `name={"a":1}`, URL-encoded like any value.
//!
//! A parameter described by another media type (`*/*`, `text/plain`) is sent as the text of
//! its value, as one with that `schema` is, with a warning. What is left (a JSON `content`
//! on a path or header parameter, several media types) is reported by `validate::operations`.

use std::collections::BTreeMap;

use openapiv3::{
    Components, OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle as Style, ReferenceOr,
    Schema,
};

use crate::diagnostic::Diagnostics;
use crate::names;
use crate::notes::{Notes, QueryStyle};
use crate::openapi::pointer::{below, pointer};
use crate::openapi::reference::follow;

/// The query styles of each client method (by name), by parameter name.
pub type Styles = BTreeMap<String, BTreeMap<String, QueryStyle>>;

/// Rewrites every parameter the module describes into one progenitor reads, with a warning
/// for a `content` that is not JSON; what each client method must send otherwise.
pub fn rewrite(spec: &mut OpenAPI, diagnostics: &mut Diagnostics) -> Styles {
    let styles = styles(spec);
    if let Some(components) = &mut spec.components {
        for (name, parameter) in &mut components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = pointer(["components", "parameters", name.as_str()]);
                rewrite_one(parameter, &at, diagnostics);
            }
        }
    }
    for (path, item) in &mut spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (i, parameter) in item.parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = pointer(["paths", path.as_str(), "parameters", &i.to_string()]);
                rewrite_one(parameter, &at, diagnostics);
            }
        }
        for (method, operation) in crate::openapi::typed::operations_mut(item) {
            for (i, parameter) in operation.parameters.iter_mut().enumerate() {
                if let ReferenceOr::Item(parameter) = parameter {
                    let at =
                        pointer(["paths", path.as_str(), method, "parameters", &i.to_string()]);
                    rewrite_one(parameter, &at, diagnostics);
                }
            }
        }
    }
    styles
}

/// Records `styles` in the notes of the client methods they are of.
pub fn note(notes: &mut Notes, styles: Styles) {
    for (method, query) in styles {
        if let Some(operation) = notes.operations.get_mut(&method) {
            operation.query = query;
        }
    }
}

/// How a query parameter is sent, when not as progenitor sends it.
fn style(parameter: &Parameter) -> Option<QueryStyle> {
    let Parameter::Query {
        parameter_data,
        style,
        ..
    } = parameter
    else {
        return None;
    };
    if let ParameterSchemaOrContent::Content(content) = &parameter_data.format {
        return match json_content(content) {
            Some(_) => Some(QueryStyle::Json),
            None => text_content(content).and(sent(style, parameter_data.explode)),
        };
    }
    sent(style, parameter_data.explode)
}

/// The style a `schema` query parameter of `style` and `explode` is sent in.
fn sent(style: &Style, explode: Option<bool>) -> Option<QueryStyle> {
    match style {
        Style::Form if explode == Some(false) => Some(QueryStyle::Comma),
        Style::Form => None,
        Style::SpaceDelimited => Some(QueryStyle::Space),
        Style::PipeDelimited => Some(QueryStyle::Pipe),
        Style::DeepObject => Some(QueryStyle::DeepObject),
    }
}

/// The one media type of `content`, with its schema, and whether it is JSON
/// (`application/json`, `…+json`); `None` for several.
fn single(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType, bool)> {
    let (media_type, media) = content.first().filter(|_| content.len() == 1)?;
    let essence = crate::openapi::media::essence(media_type);
    let json = essence == "application/json" || essence.ends_with("+json");
    Some((media_type, media, json))
}

/// The schema of a `content` of one JSON media type: any value when it has none.
fn json_content(content: &openapiv3::Content) -> Option<ReferenceOr<Schema>> {
    let (_, media, json) = single(content)?;
    json.then(|| {
        media
            .schema
            .clone()
            .unwrap_or_else(|| ReferenceOr::Item(any_value()))
    })
}

/// The media type and schema of a `content` of one media type that is not JSON (`*/*`,
/// `text/plain`), whose value is sent as its text: a string when it has no schema.
fn text_content(content: &openapiv3::Content) -> Option<(String, ReferenceOr<Schema>)> {
    let (media_type, media, json) = single(content)?;
    if json {
        return None;
    }
    let schema = media.schema.clone().unwrap_or_else(|| {
        ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(Default::default())),
        })
    });
    Some((media_type.clone(), schema))
}

/// The schema of any JSON value.
fn any_value() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: openapiv3::SchemaKind::Any(Default::default()),
    }
}

/// Every client method's query parameters that are not sent as progenitor sends them, with
/// their styles; operation parameters override path-item ones of the same name and location.
fn styles(spec: &OpenAPI) -> Styles {
    let components: Option<&Components> = spec.components.as_ref();
    let mut out = Styles::new();
    for item in spec.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in item.iter() {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            let mut effective: BTreeMap<String, Option<QueryStyle>> = BTreeMap::new();
            for parameter in item.parameters.iter().chain(&operation.parameters) {
                let Some(parameter) = follow(parameter, components, |c| &c.parameters) else {
                    continue;
                };
                if let Parameter::Query { parameter_data, .. } = parameter {
                    effective.insert(parameter_data.name.clone(), style(parameter));
                }
            }
            let query: BTreeMap<String, QueryStyle> = effective
                .into_iter()
                .filter_map(|(name, style)| style.map(|s| (name, s)))
                .collect();
            if !query.is_empty() {
                out.insert(names::method_name(id), query);
            }
        }
    }
    out
}

/// Gives one parameter a `schema` and the default style, where the module says how.
fn rewrite_one(parameter: &mut Parameter, at: &str, diagnostics: &mut Diagnostics) {
    let query = matches!(parameter, Parameter::Query { .. });
    let data = match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    if let ParameterSchemaOrContent::Content(content) = &data.format {
        if let Some(schema) = json_content(content).filter(|_| query) {
            data.format = ParameterSchemaOrContent::Schema(schema);
        } else if let Some((media_type, schema)) = text_content(content) {
            diagnostics
                .warning(
                    "parameter-content",
                    below(at, ["content", media_type.as_str()]),
                    format!(
                        "parameter `{}` is described by `content` of media type `{media_type}`; it is sent as the text of its value, as a parameter with this `schema` is",
                        data.name
                    ),
                )
                .help("describe the parameter with `schema` (without `content`)");
            data.format = ParameterSchemaOrContent::Schema(schema);
        } else {
            return;
        }
    }
    if let Parameter::Query {
        parameter_data,
        style,
        ..
    } = parameter
    {
        *style = Style::Form;
        parameter_data.explode = None;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn spec() -> OpenAPI {
        serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/matches/{id}": {
                "parameters": [
                    {"$ref": "#/components/parameters/Filter"},
                    {"name": "id", "in": "path", "required": true,
                     "content": {"*/*": {"schema": {"type": "string", "format": "uuid"}}}}
                ],
                "get": {
                    "operationId": "listMatches",
                    "parameters": [
                        {"name": "ids", "in": "query", "explode": false,
                         "schema": {"type": "array", "items": {"type": "integer"}}},
                        {"name": "tags", "in": "query", "style": "pipeDelimited",
                         "schema": {"type": "array", "items": {"type": "string"}}},
                        {"name": "where", "in": "query",
                         "content": {"application/json": {"schema": {"type": "object"}}}},
                        {"name": "page", "in": "query", "schema": {"type": "integer"}}
                    ],
                    "responses": {"204": {"description": "none"}}
                }
            }},
            "components": {"parameters": {"Filter": {
                "name": "filter", "in": "query", "style": "deepObject",
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
            }}}
        }))
        .unwrap()
    }

    #[test]
    fn styles_are_noted_and_parameters_given_what_progenitor_reads() {
        let mut spec = spec();
        let mut diagnostics = Diagnostics::new(Path::new("t.yaml"));
        let styles = rewrite(&mut spec, &mut diagnostics);
        assert_eq!(
            styles["list_matches"].iter().collect::<Vec<_>>(),
            [
                (&"filter".to_string(), &QueryStyle::DeepObject),
                (&"ids".to_string(), &QueryStyle::Comma),
                (&"tags".to_string(), &QueryStyle::Pipe),
                (&"where".to_string(), &QueryStyle::Json),
            ]
        );
        let written = serde_json::to_value(&spec).unwrap();
        assert_eq!(
            written["components"]["parameters"]["Filter"]["style"],
            "form"
        );
        let own = &written["paths"]["/matches/{id}"]["get"]["parameters"];
        assert_eq!(own[0].get("explode"), None);
        assert_eq!(own[1]["style"], "form");
        assert_eq!(own[2]["schema"], json!({"type": "object"}));
        assert_eq!(own[2].get("content"), None);
        assert_eq!(
            written["paths"]["/matches/{id}"]["parameters"][1]["schema"],
            json!({"type": "string", "format": "uuid"})
        );
        let warnings = diagnostics.finish().unwrap();
        let found: Vec<_> = warnings
            .iter()
            .map(|w| (w.code, w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                "parameter-content",
                "#/paths/~1matches~1{id}/parameters/1/content/*~1*",
                "parameter `id` is described by `content` of media type `*/*`; it is sent as the text of its value, as a parameter with this `schema` is"
            )]
        );
    }
}
