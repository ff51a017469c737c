//! OpenAPI 3.1 rewritten into the OpenAPI 3.0 that progenitor reads.
//!
//! progenitor and `openapiv3` read OpenAPI 3.0 only. A 3.1 document is
//! rewritten here, on its JSON value, into its 3.0 equivalent, so that it
//! generates the client its 3.0 twin would (the equivalence tests in
//! `tests/openapi31/` hold this byte for byte):
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `openapi: 3.1.x` | `openapi: 3.0.3` |
//! | `webhooks` (requests the provider sends) | left out: no client code |
//! | no `paths` | `paths: {}` |
//! | `info.summary` | first paragraph of `info.description` |
//! | `license.identifier` (SPDX) | `license.url` on spdx.org, when there is no `url` |
//! | `jsonSchemaDialect` (the default) | nothing; another dialect: a warning |
//! | operation without `responses` | `responses: {}` |
//! | security scheme `mutualTLS` | left out, with a warning |
//! | `$ref` with `description`/`summary` (parameters, bodies, responses, headers) | the target inlined with the override |
//! | path items by `$ref`, `components.pathItems` | inlined (also for 3.0) |
//! | `$defs` | moved to `components.schemas` |
//! | schemas | see [`schema`]: type arrays, `null`, `const`, `examples`, bounds, `$ref` siblings, content keywords, tuples |
//!
//! What 3.0 cannot say is never dropped silently: each such keyword gets a
//! warning with its place and what the generated type does instead, or an
//! error when the generated type would be wrong (`$dynamicRef`).

mod defs;
mod keywords;
pub mod schema;
pub mod tuples;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::openapi::pointer::pointer;
use crate::openapi::walk;

/// The OpenAPI version this module rewrites documents into.
pub const TARGET_VERSION: &str = "3.0.3";

/// Rewrites an OpenAPI 3.1 document into OpenAPI 3.0, in place.
///
/// Path items given by `$ref` are inlined before, for both versions
/// (`super::references::inline_path_items`).
pub fn downgrade(document: &mut Value, diagnostics: &mut Diagnostics) {
    super::references::inline_overridden(document);
    defs::hoist(document);
    let Some(root) = document.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), Value::String(TARGET_VERSION.into()));
    // Webhooks are requests the provider sends, not ones a client makes.
    root.remove("webhooks");
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && !keywords::is_default_dialect(&dialect)
    {
        diagnostics.warning(
            "ignored-keyword",
            "#/jsonSchemaDialect",
            format!("`jsonSchemaDialect` {dialect} is ignored: schemas are read as the OpenAPI 3.1 base dialect (JSON Schema 2020-12)"),
        );
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    info(root);
    responses(root);
    mutual_tls(root, diagnostics);
    walk::document_mut(root, &mut |schema, at| {
        schema::downgrade(schema, at, diagnostics)
    });
}

/// `info.summary` has no 3.0 field: it leads the description, which becomes docs.
/// `license.identifier` (an SPDX expression) becomes the license's SPDX page.
fn info(root: &mut Map<String, Value>) {
    let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(Value::String(summary)) = info.remove("summary") {
        let description = match info.get("description").and_then(Value::as_str) {
            Some(d) => format!("{summary}\n\n{d}"),
            None => summary,
        };
        info.insert("description".into(), Value::String(description));
    }
    if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut)
        && let Some(identifier) = license.remove("identifier")
        && !license.contains_key("url")
        && let Some(id) = identifier.as_str()
    {
        license.insert(
            "url".into(),
            Value::String(format!("https://spdx.org/licenses/{id}.html")),
        );
    }
}

/// In 3.1 an operation may leave out `responses`; 3.0 requires the field.
fn responses(root: &mut Map<String, Value>) {
    walk::operations_mut(root, &mut |operation| {
        operation
            .entry("responses")
            .or_insert_with(|| Value::Object(Map::new()));
    });
}

/// `mutualTLS` (3.1) is not a scheme 3.0 or the generated client knows: the
/// certificate is configured on the HTTP client, not sent with each request.
fn mutual_tls(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let mut removed = Vec::new();
    if let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        schemes.retain(|name, scheme| {
            let mtls = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mtls {
                removed.push(name.clone());
            }
            !mtls
        });
    }
    if removed.is_empty() {
        return;
    }
    for name in &removed {
        diagnostics
            .warning(
                "unsupported-scheme",
                pointer(["components", "securitySchemes", name.as_str()]),
                format!("security scheme `{name}` is `mutualTLS`, which the generated client does not configure: requests that need it carry no credential for it"),
            )
            .help("give `Client::new_with_client` a `reqwest::Client` built with the client certificate (`reqwest::Identity`)");
    }
    let strip = |requirements: Option<&mut Value>| {
        if let Some(Value::Array(list)) = requirements {
            list.retain(|req| {
                !req.as_object()
                    .is_some_and(|r| !r.is_empty() && r.keys().all(|k| removed.contains(k)))
            });
            for req in list.iter_mut() {
                if let Value::Object(req) = req {
                    req.retain(|k, _| !removed.contains(k));
                }
            }
        }
    };
    strip(root.get_mut("security"));
    walk::operations_mut(root, &mut |operation| strip(operation.get_mut("security")));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn downgraded(mut doc: Value) -> (Value, Vec<crate::Diagnostic>) {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        downgrade(&mut doc, &mut d);
        (doc, d.finish().unwrap_or_else(|e| e))
    }

    #[test]
    fn document_fields_of_3_1_become_3_0() {
        let (doc, warnings) = downgraded(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "S", "description": "D",
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"x": {}},
            "paths": {"/a": {"get": {"operationId": "a"}}},
        }));
        assert!(warnings.is_empty());
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "description": "S\n\nD",
                         "license": {"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}},
                "paths": {"/a": {"get": {"operationId": "a", "responses": {}}}},
            })
        );
    }

    #[test]
    fn a_document_without_paths_gets_empty_paths() {
        let (doc, _) = downgraded(json!({"openapi": "3.1.1", "info": {}, "webhooks": {}}));
        assert_eq!(doc, json!({"openapi": "3.0.3", "info": {}, "paths": {}}));
    }

    #[test]
    fn other_dialects_are_warned_about() {
        let (_, warnings) = downgraded(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://example.com/dialect"
        }));
        assert_eq!(warnings[0].pointer, "#/jsonSchemaDialect");
        assert_eq!(
            warnings[0].message,
            "`jsonSchemaDialect` \"https://example.com/dialect\" is ignored: schemas are read as the OpenAPI 3.1 base dialect (JSON Schema 2020-12)"
        );
    }

    #[test]
    fn mutual_tls_is_left_out_with_a_warning() {
        let (doc, warnings) = downgraded(json!({
            "openapi": "3.1.0",
            "security": [{"mtls": []}, {"key": []}, {"mtls": [], "key": []}],
            "components": {"securitySchemes": {
                "mtls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }}
        }));
        assert_eq!(doc["security"], json!([{"key": []}, {"key": []}]));
        assert_eq!(
            doc["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}})
        );
        assert_eq!(warnings[0].pointer, "#/components/securitySchemes/mtls");
    }
}
