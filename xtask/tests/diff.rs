//! `cargo xtask diff`: the report, its JSON form, `--fail-on`, `--list-rules` and bad input, as a
//! user runs them.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const OLD: &str = r##"openapi: 3.0.3
info: {title: Tokens, version: "1"}
paths:
  /tokens/{id}:
    delete:
      operationId: deleteToken
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: force, in: query, schema: {type: boolean}}
      responses:
        "204": {description: deleted}
  /tokens:
    get:
      operationId: listTokens
      responses:
        "200":
          description: the tokens
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Token"}
components:
  schemas:
    Token:
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {type: string, enum: [active, revoked]}
"##;

/// `OLD` with `force` required (an error), a new enum value in a response (a warning) and a new
/// operation (an info).
fn new_document() -> String {
    OLD.replace(
        "{name: force, in: query, schema: {type: boolean}}",
        "{name: force, in: query, required: true, schema: {type: boolean}}",
    )
    .replace("enum: [active, revoked]", "enum: [active, revoked, expired]")
    .replace(
        "  /tokens:\n",
        "  /tokens/{id}/rotate:\n    post:\n      operationId: rotateToken\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"200\": {description: rotated}\n  /tokens:\n",
    )
}

fn files(dir: &Path, new: &str) -> (String, String) {
    let old_path = dir.join("old.yaml");
    let new_path = dir.join("new.json");
    std::fs::write(&old_path, OLD).unwrap();
    // The new document as JSON: the format does not matter.
    let value: serde_json::Value = serde_yaml::from_str(new).unwrap();
    std::fs::write(&new_path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    (
        old_path.display().to_string(),
        new_path.display().to_string(),
    )
}

#[test]
fn the_text_report_groups_by_operation_errors_first_and_names_the_crate_effect() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = files(dir.path(), &new_document());
    let out = diff(&[&old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let delete = report.find("DELETE /tokens/{id}\n").expect(&report);
    let get = report.find("GET /tokens\n").expect(&report);
    assert!(
        delete < get,
        "the operation with an error comes first:\n{report}"
    );
    assert!(report.contains(
        "error   request-parameter-became-required: the query parameter `force` became required"
    ));
    assert!(report.contains(
        "crate (major): the argument `force` of `Client::delete_token` is no longer an `Option`"
    ));
    assert!(report.contains(
        "warning response-property-enum-value-added: property `state` of the 200 response has the new enum value `expired`"
    ));
    assert!(
        report.contains("crate (major): the enum `TokenState` gets a variant for `expired`"),
        "{report}"
    );
    assert!(report.contains("info    endpoint-added"));
    assert!(
        report
            .ends_with("3 changes (1 error, 1 warning, 1 info); the crate needs a major version\n"),
        "{report}"
    );
}

#[test]
fn the_json_report_has_one_object_per_change_and_the_semver() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = files(dir.path(), &new_document());
    let out = diff(&[&old, &new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["semver"], "major");
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    let required = changes
        .iter()
        .find(|c| c["id"] == "request-parameter-became-required")
        .unwrap();
    assert_eq!(
        required,
        &serde_json::json!({
            "id": "request-parameter-became-required",
            "level": "error",
            "operation": {"method": "DELETE", "path": "/tokens/{id}"},
            "message": "the query parameter `force` became required",
            "crate": {
                "semver": "major",
                "message": "the argument `force` of `Client::delete_token` is no longer an `Option`",
            },
        })
    );
}

#[test]
fn fail_on_exits_1_only_at_that_level_or_worse() {
    let dir = tempfile::tempdir().unwrap();
    // Only the new enum value: a warning.
    let (old, new) = files(
        dir.path(),
        &OLD.replace(
            "enum: [active, revoked]",
            "enum: [active, revoked, expired]",
        ),
    );
    let out = diff(&[&old, &new, "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = diff(&[&old, &new, "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error: 1 change(s) at `warning` or worse (--fail-on warning)")
    );
    // The report is printed either way.
    assert!(text(&out.stdout).contains("response-property-enum-value-added"));
}

#[test]
fn the_same_document_in_yaml_and_json_reports_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = files(dir.path(), OLD);
    let out = diff(&[&old, &new, "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "no change to the API\n");
    let out = diff(&[&old, &new, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report, serde_json::json!({"changes": [], "semver": "none"}));
}

#[test]
fn a_document_that_cannot_be_read_or_parsed_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = files(dir.path(), OLD);
    let missing = dir.path().join("missing.yaml").display().to_string();
    let out = diff(&[&old, &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.yaml"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\npaths: [\n").unwrap();
    let out = diff(&[&old, &broken.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert!(stderr.contains("no report"), "{stderr}");

    // A Swagger 2.0 document is no OpenAPI 3 document: a report would list every operation as
    // added or removed.
    let swagger = dir.path().join("swagger.yaml");
    std::fs::write(
        &swagger,
        "swagger: \"2.0\"\ninfo: {title: a, version: \"1\"}\npaths: {}\n",
    )
    .unwrap();
    let out = diff(&[&old, &swagger.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[not-openapi-3]: this is a Swagger 2.0 document, not OpenAPI 3"),
        "{stderr}"
    );
    assert!(stderr.contains("swagger.yaml:1:1"), "{stderr}");
}

#[test]
fn a_document_with_faults_still_gets_a_report() {
    let dir = tempfile::tempdir().unwrap();
    // No `info`, a response without `description`, a dangling `$ref`: generation would refuse
    // it; the report reads it.
    let faulty = OLD
        .replace("info: {title: Tokens, version: \"1\"}\n", "")
        .replace("\"204\": {description: deleted}", "\"204\": {}")
        .replace(
            "properties:\n        id: {type: string}",
            "properties:\n        owner: {$ref: \"#/components/schemas/Nowhere\"}\n        id: {type: string}",
        );
    let (old, new) = files(dir.path(), &faulty);
    let out = diff(&[&old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(
            "response-optional-property-added: property `owner` of the 200 response was added"
        ),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn list_rules_prints_every_rule() {
    let out = diff(&["--list-rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("request-parameter-became-required")
                && l.contains(" error ")
                && l.contains(" major "))
    );
    let out = diff(&["--list-rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules.len(), listed.lines().count());
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["summary"].is_string())
    );
}

/// The report the README shows is the one the command prints, and the rule count it gives is the
/// table's.
#[test]
fn the_readme_shows_what_the_command_prints() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let rules = text(&diff(&["--list-rules"]).stdout).lines().count();
    assert!(
        readme.contains(&format!("prints all {rules} with their level")),
        "README.md gives another number of rules than the table's {rules}"
    );
    let command = "$ cargo xtask diff ../shared/real-specs/oai-petstore.yaml ../shared/real-specs/oai-petstore-expanded.json\n";
    let start = readme.find(command).expect("the README's report") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let shared = repo.join("../shared/real-specs");
    if !shared.is_dir() {
        eprintln!(
            "skipped: {} is missing, so the README's report cannot be made again",
            shared.display()
        );
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "diff",
            "../shared/real-specs/oai-petstore.yaml",
            "../shared/real-specs/oai-petstore-expanded.json",
        ])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert_eq!(shown, text(&out.stdout), "update the report in README.md");
}
