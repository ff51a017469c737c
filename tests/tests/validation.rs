//! Specs that would generate wrong clients are refused, with every problem named
//! at once: the file, the place in it, what is wrong and how to fix it.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use codegen::Error;
use serde_json::{Value, json};

fn errors(file: &str, spec: Value) -> Vec<String> {
    match codegen::client_from_value(Path::new(file), spec) {
        Ok(_) => panic!("{file} was accepted"),
        Err(Error::InvalidSpec(all)) => all.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

fn spec_with_paths(paths: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"parameters": {"TokenID": {"name": "tokenId", "in": "path", "required": true, "schema": {"type": "string"}}}}
    })
}

fn delete(id: &str, params: Value) -> Value {
    json!({"delete": {"operationId": id, "parameters": params, "responses": {"204": {"description": "ok"}}}})
}

/// The Dynatrace page lists the endpoint without `{id}`; stock progenitor then
/// generates a DELETE on the collection. We refuse it, naming file, operation and parameter.
#[test]
fn the_dynatrace_page_endpoint_without_id_is_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("specs/dynatrace-cluster.yaml")).unwrap();
    assert!(text.contains("  /api/cluster/v2/tokens/{id}:\n"));
    let literal = text.replace(
        "  /api/cluster/v2/tokens/{id}:\n",
        "  /api/cluster/v2/tokens:\n",
    );
    let source = codegen::load::parse(
        Path::new("specs/dynatrace-cluster.yaml"),
        literal.as_bytes(),
    )
    .unwrap();
    let Err(Error::InvalidSpec(all)) = codegen::client_from_source(source) else {
        panic!("accepted");
    };
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(
        all[0].to_string(),
        "error[path-parameter]: path parameter `id` of operation `deleteClusterToken` does not appear in its path \
         `/api/cluster/v2/tokens`: the request would go to `/api/cluster/v2/tokens` without it
  --> specs/dynatrace-cluster.yaml:57:11
   |
57 |         - name: id
   |           ^^^^
   = at: #/paths/~1api~1cluster~1v2~1tokens/delete/parameters/0
   = help: put `{id}` in the path where the value belongs, for example `/api/cluster/v2/tokens/{id}`, \
         or make it a query parameter"
    );
}

#[test]
fn a_template_variable_without_a_parameter_is_refused() {
    let all = errors(
        "t.json",
        spec_with_paths(json!({"/tokens/{tokenId}": delete("deleteToken", json!([]))})),
    );
    assert_eq!(
        all,
        [
            "error[path-parameter]: path `/tokens/{tokenId}` of operation `deleteToken` has the variable `{tokenId}` \
          but no path parameter named `tokenId`\n --> t.json\n  = at: #/paths/~1tokens~1{tokenId}/delete\n  \
          = help: declare it under `parameters` with `name: tokenId`, `in: path` and `required: true`"
        ]
    );
}

#[test]
fn duplicate_and_colliding_operation_ids_are_all_reported_at_once() {
    let all = errors(
        "t.yaml",
        spec_with_paths(json!({
            "/a/{tokenId}": delete("deleteToken", json!([{"$ref": "#/components/parameters/TokenID"}])),
            "/b/{tokenId}": delete("deleteToken", json!([{"$ref": "#/components/parameters/TokenID"}])),
            "/c/{tokenId}": delete("delete_token", json!([{"$ref": "#/components/parameters/TokenID"}])),
            // No operationId: named after its method and path (a warning, not an error).
            "/d": {"get": {"responses": {"200": {"description": "ok"}}}},
        })),
    );
    assert_eq!(
        all,
        [
            "error[duplicate-operation-id]: operationId `deleteToken` is already used by the operation at \
             #/paths/~1a~1{tokenId}/delete\n --> t.yaml\n  = at: #/paths/~1b~1{tokenId}/delete/operationId\n  \
             = help: operationIds must be unique in a document; rename one of them",
            "error[operation-id-collision]: operationId `delete_token` and operationId `deleteToken` (at \
             #/paths/~1a~1{tokenId}/delete) both become the Rust method `delete_token`\n --> t.yaml\n  = at: \
             #/paths/~1c~1{tokenId}/delete/operationId\n  = help: rename one so that they differ by more than case \
             and punctuation",
            "warning[derived-operation-id]: 1 operation(s) have no `operationId`; their client methods are named \
             after their method and path: GET /d → `get_d`\n --> t.yaml\n  = at: #/paths/~1d/get\n  = help: give \
             each operation an `operationId`, or `x-method-name: <name>` to choose its method's name",
        ]
    );
}

#[test]
fn a_dangling_parameter_reference_suggests_the_near_miss() {
    let all = errors(
        "t.yaml",
        spec_with_paths(
            json!({"/a/{tokenId}": delete("deleteToken", json!([{"$ref": "#/components/parameters/TokenId"}]))}),
        ),
    );
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[1].contains("`#/components/parameters/TokenId` does not resolve"),
        "{}",
        all[1]
    );
    assert!(
        all[1].contains("did you mean `#/components/parameters/TokenID`?"),
        "{}",
        all[1]
    );
    assert!(
        all[1].contains("= at: #/paths/~1a~1{tokenId}/delete/parameters/0/$ref"),
        "{}",
        all[1]
    );
}

#[test]
fn unsupported_versions_are_refused_with_what_is_supported() {
    let all = errors(
        "old.json",
        json!({"swagger": "2.0", "info": {}, "paths": {}}),
    );
    assert_eq!(
        all,
        [
            "error[version]: this is a Swagger 2.0 document, not OpenAPI 3\n --> old.json\n  = at: #/swagger\n  = help: \
          the generator reads OpenAPI 3.0.x and 3.1.x documents; convert it first, for example with swagger2openapi"
        ]
    );
    let all = errors(
        "new.json",
        json!({"openapi": "4.0.0", "info": {}, "paths": {}}),
    );
    assert!(
        all[0].starts_with("error[version]: unsupported OpenAPI version `4.0.0`"),
        "{}",
        all[0]
    );
}

#[test]
fn structural_errors_name_the_field() {
    let all = errors(
        "t.yaml",
        json!({"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}),
    );
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(
        all[0].contains("the info object has no `version`, which OpenAPI requires"),
        "{}",
        all[0]
    );
    assert!(all[0].contains("= at: #/info\n"), "{}", all[0]);
}

#[test]
fn an_optional_path_parameter_is_required_with_a_warning() {
    let spec = spec_with_paths(
        json!({"/a/{id}": delete("deleteToken", json!([{"name": "id", "in": "path", "schema": {"type": "string"}}]))}),
    );
    let client = codegen::client_from_value(Path::new("t.yaml"), spec).expect("generated");
    assert_eq!(client.warnings.len(), 1);
    assert_eq!(
        client.warnings[0].to_string(),
        "warning[path-parameter-required]: path parameter `id` is not marked `required: true`; path parameters are \
         always required, so it is treated as required\n --> t.yaml\n  = at: #/paths/~1a~1{id}/delete/parameters/0\n  \
         = help: add `required: true` to the parameter"
    );
}

#[test]
fn openapi_3_1_documents_generate_like_their_3_0_twin() {
    let thirty = spec_with_paths(
        json!({"/a/{tokenId}": delete("deleteToken", json!([{"$ref": "#/components/parameters/TokenID"}]))}),
    );
    let mut thirty_one = thirty.clone();
    thirty_one["openapi"] = json!("3.1.0");
    let a = codegen::client_from_value(Path::new("a.yaml"), thirty).unwrap();
    let b = codegen::client_from_value(Path::new("b.yaml"), thirty_one).unwrap();
    assert_eq!(a.code().to_string(), b.code().to_string());
}

/// A schema `$ref` that does not resolve is an error; with `--lenient` (`Settings::lenient`) the
/// client is generated anyway, the value typed as any JSON value, with a warning at its place.
#[test]
fn lenient_generates_a_client_despite_a_dangling_schema_reference() {
    let document = spec_with_paths(json!({"/tokens": {"get": {
        "operationId": "listTokens",
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Missing"}}}}},
    }}}));
    let strict = codegen::client_from_value(Path::new("t.yaml"), document.clone());
    let Err(codegen::Error::InvalidSpec(errors)) = strict else {
        panic!("a dangling reference must be an error by default");
    };
    assert!(errors.iter().any(|d| d.code == "dangling-reference"));

    let settings = codegen::Settings {
        lenient: true,
        ..codegen::Settings::default()
    };
    let client = codegen::client_from_value_with(Path::new("t.yaml"), document, &settings)
        .expect("lenient generates");
    let codes: Vec<&str> = client.warnings.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["lenient-reference"]);
    assert_eq!(
        client.warnings[0].pointer,
        "#/paths/~1tokens/get/responses/200/content/application~1json/schema/$ref"
    );
    let code = client.code().to_string();
    assert!(
        code.contains("ResponseValue<::serde_json::Value>"),
        "{code}"
    );
}
