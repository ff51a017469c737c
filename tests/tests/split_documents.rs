//! A document split across files, as providers publish them (a root document whose path items,
//! schemas and parameters live in files beside it, each referring to others relative to
//! itself): generated as one, the same client as the document written in one file.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::Path;

/// Writes `files` (path, text) under `dir`.
fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

const ROOT: &str = r##"openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /tokens/{tokenId}:
    $ref: paths/token.yaml
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security:
  - bearer: []
"##;

const PATH_ITEM: &str = r##"parameters:
  - $ref: ../common/parameters.yaml#/TokenId
get:
  operationId: getToken
  responses:
    "200":
      description: the token
      content:
        application/json:
          schema: {$ref: "../schemas/token.yaml"}
    "404":
      $ref: "../common/responses.yaml#/NotFound"
delete:
  operationId: deleteToken
  responses:
    "204": {description: deleted}
"##;

const PARAMETERS: &str = r##"TokenId:
  name: tokenId
  in: path
  required: true
  schema: {type: string}
"##;

const RESPONSES: &str = r##"NotFound:
  description: no such token
  content:
    application/json:
      schema: {$ref: "#/Problem"}
Problem:
  type: object
  properties:
    message: {type: string}
"##;

const TOKEN: &str = r##"type: object
required: [id]
properties:
  id: {type: string}
  owner: {$ref: "./owner.yaml#/Owner"}
"##;

const OWNER: &str = r##"Owner:
  type: object
  properties:
    name: {type: string}
"##;

/// The same API in one file.
const WHOLE: &str = r##"openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /tokens/{tokenId}:
    parameters:
      - $ref: "#/components/parameters/TokenId"
    get:
      operationId: getToken
      responses:
        "200":
          description: the token
          content:
            application/json:
              schema: {$ref: "#/components/schemas/token"}
        "404":
          $ref: "#/components/responses/NotFound"
    delete:
      operationId: deleteToken
      responses:
        "204": {description: deleted}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  parameters:
    TokenId:
      name: tokenId
      in: path
      required: true
      schema: {type: string}
  responses:
    NotFound:
      description: no such token
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Problem"}
  schemas:
    token:
      type: object
      required: [id]
      properties:
        id: {type: string}
        owner: {$ref: "#/components/schemas/Owner"}
    Owner:
      type: object
      properties:
        name: {type: string}
    Problem:
      type: object
      properties:
        message: {type: string}
security:
  - bearer: []
"##;

/// The split document (`api.yaml` and the files it refers to) beside the same document in one
/// file (`whole.yaml`).
fn split_and_whole() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("api.yaml", ROOT),
            ("paths/token.yaml", PATH_ITEM),
            ("common/parameters.yaml", PARAMETERS),
            ("common/responses.yaml", RESPONSES),
            ("schemas/token.yaml", TOKEN),
            ("schemas/owner.yaml", OWNER),
            ("whole.yaml", WHOLE),
        ],
    );
    dir
}

#[test]
fn a_split_document_generates_the_client_of_the_whole() {
    let dir = split_and_whole();
    let split = codegen::client_from_file(&dir.path().join("api.yaml")).unwrap();
    let whole = codegen::client_from_file(&dir.path().join("whole.yaml")).unwrap();
    assert!(split.warnings.is_empty(), "{:?}", split.warnings);
    assert_eq!(split.code(), whole.code());
    for item in [
        "pub struct Token",
        "pub struct Owner",
        "pub struct Problem",
        "pub async fn get_token",
        "pub async fn delete_token",
    ] {
        assert!(split.code().contains(item), "no `{item}` in the client");
    }
}

#[test]
fn a_file_that_is_not_there_is_named_at_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[("api.yaml", ROOT), ("paths/token.yaml", PATH_ITEM)],
    );
    let error = codegen::client_from_file(&dir.path().join("api.yaml")).unwrap_err();
    let text = error.to_string();
    // The references of a file read from another are shown with the path they resolve to.
    for expected in [
        "common/parameters.yaml#/TokenId` refers to a file that cannot be read",
        "schemas/token.yaml#` refers to a file that cannot be read",
        "common/responses.yaml#/NotFound` refers to a file that cannot be read",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
}

/// `cargo xtask diff` reads a split document as the generator does: against the same document in
/// one file, nothing changed.
#[test]
fn a_split_document_and_the_whole_report_no_change() {
    let dir = split_and_whole();
    let split = codegen::diff::read(&dir.path().join("api.yaml")).unwrap();
    let whole = codegen::diff::read(&dir.path().join("whole.yaml")).unwrap();
    assert!(split.warnings.is_empty(), "{:?}", split.warnings);
    let report = codegen::diff::compare(&whole.value, &split.value);
    assert!(report.is_empty(), "{}", report.text());
    // A change in a file the root refers to is a change of the document.
    std::fs::write(
        dir.path().join("schemas/owner.yaml"),
        OWNER.replace("type: string", "type: integer"),
    )
    .unwrap();
    let edited = codegen::diff::read(&dir.path().join("api.yaml")).unwrap();
    let report = codegen::diff::compare(&split.value, &edited.value);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.id == "response-property-type-changed"),
        "{}",
        report.text()
    );
}
