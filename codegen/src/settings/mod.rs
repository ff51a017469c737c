//! A client's settings: what its settings file (`specs/<name>.toml`, read by [`read`]) chooses
//! beyond what the spec says, as typed values.
//!
//! Nothing here is put into the document: the crate's metadata goes to [`crate::emit`] and
//! [`crate::release`], the interface, derives and replacements to progenitor's own settings
//! ([`crate::generate`]), the renames to [`crate::normalize::operation_ids`]. What can only be
//! checked against the spec (that a replaced schema exists, that a rename names one operation
//! and clashes with no other method) is checked there, each problem placed at its line of the
//! settings file.

pub mod read;

use openapiv3::OpenAPI;

use crate::diagnostic::{Diagnostics, Origin};
use crate::normalize::operation_ids::Rename;
use crate::version::Version;

/// Everything a settings file says; the default is what a spec without one gets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The crate's package metadata (`[package]`).
    pub package: Package,
    /// How operations are called (`[interface]`).
    pub interface: Interface,
    /// The generated types (`[types]`).
    pub types: Types,
    /// Method names chosen for operations (`[methods.rename]`), in the file's order.
    pub renames: Vec<Rename>,
    /// The crate's runnable examples (`[examples.<name>]`), in the file's order.
    pub examples: Vec<Example>,
}

/// `[examples.<name>]`: a command-line program, `examples/<name>.rs`, that calls one operation
/// (see [`crate::example`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The example's name, its file's stem: `delete_token`.
    pub name: String,
    /// The operation it calls: its `operationId` or its client method's name.
    pub operation: String,
    /// Where its `operation` is written.
    pub at: Origin,
}

/// `[package]`: what the crate's `Cargo.toml` says of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// The package name (default: `<spec stem>-client`).
    pub name: Option<String>,
    /// The version the crate starts from, or is raised to: a crate keeps bumping from the
    /// larger of this and the version it has.
    pub version: Option<Version>,
    /// The description (default: the generated one, naming the spec).
    pub description: Option<String>,
    /// crates.io keywords, at most five.
    pub keywords: Vec<String>,
    /// crates.io category slugs, at most five.
    pub categories: Vec<String>,
}

/// How a client's operations are called.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Interface {
    /// One method per operation taking its parameters as arguments:
    /// `client.delete_token(user_id, token_id).await`.
    #[default]
    Positional,
    /// One method per operation returning a builder, with a method per parameter and `send`:
    /// `client.delete_token().user_id(user_id).token_id(token_id).send().await`.
    Builder,
}

impl Interface {
    /// The name a settings file gives it.
    pub fn name(self) -> &'static str {
        match self {
            Interface::Positional => "positional",
            Interface::Builder => "builder",
        }
    }
}

impl Interface {
    /// Reports what this interface style cannot generate, at its place in the spec. In the
    /// builder style, progenitor gives a parameter whose type is a struct (an object schema with
    /// properties, or an `allOf`) a builder of its own, nested in the operation's, only for a
    /// required request body: it asserts on a struct-typed query, header or path parameter, and
    /// on an optional body of a struct type.
    pub fn check(self, spec: &OpenAPI, diagnostics: &mut Diagnostics) {
        use crate::openapi::pointer::pointer;
        use crate::openapi::reference::follow;
        if self != Interface::Builder {
            return;
        }
        let components = spec.components.as_ref();
        let is_struct = |schema: Option<&openapiv3::ReferenceOr<openapiv3::Schema>>| {
            schema
                .and_then(|s| follow(s, components, |c| &c.schemas))
                .is_some_and(|schema| match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                        !o.properties.is_empty()
                    }
                    openapiv3::SchemaKind::AllOf { .. } => true,
                    _ => false,
                })
        };
        let help = "generate this client with the positional interface (`[interface] style = \"positional\"`, the default)";
        for (path, item) in &spec.paths.paths {
            let openapiv3::ReferenceOr::Item(item) = item else {
                continue;
            };
            let shared = item.parameters.iter().enumerate().map(|(i, p)| {
                (
                    pointer(["paths", path.as_str(), "parameters", &i.to_string()]),
                    p,
                )
            });
            for (method, operation) in item.iter() {
                let own = operation.parameters.iter().enumerate().map(|(i, p)| {
                    let at =
                        pointer(["paths", path.as_str(), method, "parameters", &i.to_string()]);
                    (at, p)
                });
                for (at, parameter) in shared.clone().chain(own) {
                    let Some(parameter) = follow(parameter, components, |c| &c.parameters) else {
                        continue;
                    };
                    let data = parameter.parameter_data_ref();
                    let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else {
                        continue;
                    };
                    if is_struct(Some(schema)) {
                        diagnostics
                            .error(
                                "unsupported-parameter",
                                at,
                                format!(
                                    "the builder interface cannot send the parameter `{}` of `{} {path}`, whose type is a struct: progenitor's builders take a struct only as a request body",
                                    data.name,
                                    method.to_uppercase()
                                ),
                            )
                            .help(help);
                    }
                }
                let Some(body) = operation
                    .request_body
                    .as_ref()
                    .and_then(|b| follow(b, components, |c| &c.request_bodies))
                else {
                    continue;
                };
                if !body.required && body.content.values().any(|m| is_struct(m.schema.as_ref())) {
                    diagnostics
                        .error(
                            "unsupported-body",
                            pointer(["paths", path.as_str(), method, "requestBody"]),
                            format!(
                                "the builder interface cannot send the optional request body of `{} {path}`, whose type is a struct: progenitor's builders take one only when it is required",
                                method.to_uppercase()
                            ),
                        )
                        .help(format!("make the body `required: true`, or {help}"));
                }
            }
        }
    }
}

/// `[types]`: what the generated types derive, and which schemas are existing Rust types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Types {
    /// Derives added to every generated type, each a Rust path (`PartialEq`, `Hash`).
    pub derives: Vec<String>,
    /// Component schemas generated as an existing Rust type instead of a type of their own.
    pub replacements: Vec<Replacement>,
}

/// A component schema that becomes an existing Rust type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The schema's name in `#/components/schemas`.
    pub schema: String,
    /// The Rust type, a path (`::uuid::Uuid`).
    pub rust_type: String,
    /// Where the replacement is written.
    pub at: Origin,
}

impl Types {
    /// Reports each replacement of a schema `spec` does not have, at its place.
    pub fn check(&self, spec: &OpenAPI, diagnostics: &mut Diagnostics) {
        let schemas: Vec<&String> = spec
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .collect();
        for r in &self.replacements {
            if schemas.iter().any(|s| **s == r.schema) {
                continue;
            }
            let close = crate::names::closest(&r.schema, schemas.iter().map(|s| s.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            diagnostics
                .error_at(
                    &r.at,
                    "unknown-schema",
                    format!(
                        "`{}` is not a schema of the spec (`#/components/schemas/{}` does not exist)",
                        r.schema, r.schema
                    ),
                )
                .help(format!(
                    "{close}a replacement is keyed by the name of a component schema, as the spec writes it"
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Settings;
    use crate::error::Error;

    /// A spec of three operations, one without an `operationId`, and a schema `TokenId`.
    fn spec() -> serde_json::Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/tokens/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"$ref": "#/components/schemas/TokenId"}}],
                    "get": {"operationId": "getToken", "responses": {"204": {"description": "ok"}}},
                    "delete": {"operationId": "deleteToken", "responses": {"204": {"description": "ok"}}},
                },
                "/tokens": {"get": {"responses": {"204": {"description": "ok"}}}},
            },
            "components": {"schemas": {"TokenId": {"type": "string", "format": "uuid"}}},
        })
    }

    fn generate(settings: &str) -> Result<crate::Client, Error> {
        let options = super::read::parse(Path::new("specs/t.toml"), settings).expect("valid");
        crate::client_from_value_with(
            Path::new("specs/t.yaml"),
            spec(),
            &Settings {
                lenient: false,
                options,
            },
        )
    }

    fn problems(settings: &str) -> Vec<String> {
        match generate(settings) {
            Err(Error::InvalidSpec(all)) => all
                .iter()
                .filter(|d| d.severity == crate::Severity::Error)
                .map(ToString::to_string)
                .collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn renames_and_replacements_reach_the_code() {
        let client = generate(
            "[methods.rename]\ndeleteToken = \"remove_token\"\nlist_tokens = \"all_tokens\"\n\
             [types]\nderives = [\"PartialEq\"]\n[types.replace]\nTokenId = \"::std::string::String\"\n",
        )
        .expect("a client");
        let code = client.code();
        assert!(code.contains("pub async fn remove_token"), "{code}");
        assert!(code.contains("pub async fn all_tokens"), "{code}");
        assert!(code.contains("pub async fn get_token"), "{code}");
        assert!(!code.contains("fn delete_token"), "{code}");
        assert!(!code.contains("struct TokenId"), "{code}");
        assert!(code.contains("id: &'a ::std::string::String"), "{code}");
    }

    #[test]
    fn an_unknown_schema_or_operation_is_placed_in_the_settings_file() {
        let mut all = problems(
            "[types.replace]\ntokenid = \"::uuid::Uuid\"\n[methods.rename]\nremoveToken = \"remove\"\n",
        );
        all.sort_by_key(|d| !d.contains("unknown-schema"));
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(
            all[0].starts_with("error[unknown-schema]: `tokenid` is not a schema of the spec")
                && all[0].contains("--> specs/t.toml:2:1")
                && all[0].contains("= at: types.replace.tokenid")
                && all[0].contains("did you mean `TokenId`?"),
            "{}",
            all[0]
        );
        assert!(
            all[1].starts_with(
                "error[unknown-operation]: `removeToken` names no operation of the spec"
            ) && all[1].contains("--> specs/t.toml:4:1")
                && all[1].contains("`delete_token`, `get_token`, `list_tokens`"),
            "{}",
            all[1]
        );
    }

    #[test]
    fn a_rename_that_clashes_is_placed_in_the_settings_file() {
        let all = problems("[methods.rename]\ndeleteToken = \"get_token\"\n");
        assert_eq!(all.len(), 1, "{all:#?}");
        assert!(
            all[0].starts_with("error[operation-id-collision]: renaming `deleteToken` to `get_token` gives two methods of one name: the operation `getToken` is already `get_token`")
                && all[0].contains("--> specs/t.toml:2:1"),
            "{}",
            all[0]
        );
        let all = problems("[methods.rename]\ndeleteToken = \"a\"\ndelete_token = \"b\"\n");
        assert!(
            all[0].contains("`delete_token` renames the method `delete_token` again")
                && all[0].contains("--> specs/t.toml:3:1"),
            "{all:#?}"
        );
    }

    #[test]
    fn the_builder_interface_refuses_struct_parameters_and_optional_struct_bodies() {
        let mut document = spec();
        document["components"]["schemas"]["Filter"] =
            serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
        document["paths"]["/tokens"]["get"]["parameters"] = serde_json::json!([{
            "name": "filter", "in": "query", "style": "deepObject",
            "schema": {"$ref": "#/components/schemas/Filter"},
        }]);
        document["paths"]["/tokens"]["post"] = serde_json::json!({
            "operationId": "createToken",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Filter"}}}},
            "responses": {"204": {"description": "ok"}},
        });
        let builder = super::read::parse(Path::new("t.toml"), "[interface]\nstyle = \"builder\"\n")
            .expect("valid");
        let generate = |options: super::Options| {
            crate::client_from_value_with(
                Path::new("specs/t.yaml"),
                document.clone(),
                &Settings {
                    lenient: false,
                    options,
                },
            )
        };
        let Err(Error::InvalidSpec(all)) = generate(builder) else {
            panic!("the builder style refuses them");
        };
        let errors: Vec<(&str, &str)> = all
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .map(|d| (d.code, d.pointer.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                ("unsupported-parameter", "#/paths/~1tokens/get/parameters/0"),
                ("unsupported-body", "#/paths/~1tokens/post/requestBody"),
            ]
        );
        assert!(
            all[0]
                .to_string()
                .contains("the parameter `filter` of `GET /tokens`, whose type is a struct"),
            "{}",
            all[0]
        );
        // The positional style sends both.
        assert!(generate(super::Options::default()).is_ok());
    }
}
