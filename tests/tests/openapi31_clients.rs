//! Clients generated from OpenAPI 3.1 documents behave as their types say, over a
//! real socket; and the 3.1 inputs the generator cannot take are refused or
//! warned about, with the place.
//!
//! The clients are the compiled snapshots of `tests/openapi31/` (crate
//! `openapi31-fixtures`), used as a downstream crate would.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use codegen::Error;
use openapi31_fixtures::{tuples, type_array_null};
use serde_json::{Value, json};
use tests::{RecordingServer, Reply};

/// `prefixItems` tuples go over the wire as JSON arrays, item by item, both ways.
#[tokio::test]
async fn tuples_are_sent_and_received_as_arrays() {
    let answer = json!({
        "tag": [7, "seven", "green"],
        "segment": [[0.5, 1.5], [2.0, 3.0]],
        "pair": ["a", "b"],
        "labels": [1, "x"]
    });
    let server = RecordingServer::start(Reply::status(201).json(&answer)).await;
    let client = tuples::Client::new(&server.base_url()).unwrap();
    let shape = tuples::types::Shape {
        tag: (1, "one".to_string(), tuples::types::Color::Red),
        segment: (tuples::types::Point([0.0, 1.0]), (2.0, 3.0)),
        pair: None,
        labels: Vec::new(),
    };
    let created = client.create_shape(&shape).await.unwrap().into_inner();

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path_and_query, "/shapes");
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({"tag": [1, "one", "red"], "segment": [[0.0, 1.0], [2.0, 3.0]]})
    );
    assert_eq!(
        created.tag,
        (7, "seven".to_string(), tuples::types::Color::Green)
    );
    assert_eq!(created.segment.1, (2.0, 3.0));
    assert_eq!(
        created.pair.as_ref().map(|p| p.as_slice()),
        Some(["a".to_string(), "b".to_string()].as_slice())
    );
    // The open tuple (`prefixItems` then any strings) is untyped, as its warning says.
    assert_eq!(created.labels, vec![json!(1), json!("x")]);
}

/// A tuple of the wrong length is refused, not truncated.
#[test]
fn a_tuple_of_the_wrong_length_is_refused() {
    let short = json!({"tag": [1, "one"], "segment": [[0, 1], [2, 3]]});
    let error = serde_json::from_value::<tuples::types::Shape>(short).unwrap_err();
    assert!(error.to_string().contains("invalid length 2"), "{error}");
}

/// `type: [T, "null"]` is `Option<T>`: a required nullable field takes `null`
/// and must be present; an optional one may be absent.
#[tokio::test]
async fn nullable_fields_take_null() {
    let answer = json!([{"name": null, "count": 3, "nothing": null, "id": 5, "label": "short"}]);
    let server = RecordingServer::start(Reply::status(200).json(&answer)).await;
    let client = type_array_null::Client::new(&server.base_url()).unwrap();
    let records = client.list_records().await.unwrap().into_inner();
    let record = &records[0];
    assert_eq!(record.name, None);
    assert_eq!(record.count, Some(3));
    assert_eq!(record.nickname, None);
    assert!(matches!(
        record.id,
        Some(type_array_null::types::RecordId::Integer(5))
    ));
    assert!(
        matches!(&record.label, Some(type_array_null::types::RecordLabel::String(s)) if s.as_str() == "short")
    );

    // Required nullable fields are sent as `null`, never left out.
    let sent = serde_json::to_value(record).unwrap();
    assert_eq!(sent["name"], Value::Null);
    assert!(sent.as_object().unwrap().contains_key("name"));
    // ... and must be there when received.
    let missing = json!({"count": 1});
    assert!(serde_json::from_value::<type_array_null::types::Record>(missing).is_err());
}

fn diagnostics(spec: Value) -> Result<Vec<String>, Vec<String>> {
    match codegen::client_from_value(Path::new("spec.yaml"), spec) {
        Ok(client) => Ok(client.warnings.iter().map(ToString::to_string).collect()),
        Err(Error::InvalidSpec(all)) => Err(all.iter().map(ToString::to_string).collect()),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

fn document(version: &str, schema: Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
        }}}}},
        "components": {"schemas": {"A": schema}}
    })
}

/// Every 3.1.x is read; 2.0 is told to convert; anything else is told which versions are read.
#[test]
fn versions() {
    for version in ["3.1.0", "3.1.1", "3.1.2", "3.0.0", "3.0.3"] {
        assert_eq!(
            diagnostics(document(version, json!({"type": "string"}))),
            Ok(vec![]),
            "{version}"
        );
    }
    let swagger = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    assert_eq!(
        diagnostics(swagger),
        Err(vec![
            "error[version]: this is a Swagger 2.0 document, not OpenAPI 3\n --> spec.yaml\n  = at: #/swagger\n  = help: the generator reads OpenAPI 3.0.x and 3.1.x documents; convert it first, for example with swagger2openapi".to_string()
        ])
    );
    for version in ["4.0.0", "3.2.0", "2.0"] {
        assert_eq!(
            diagnostics(document(version, json!({}))),
            Err(vec![format!(
                "error[version]: unsupported OpenAPI version `{version}`\n --> spec.yaml\n  = at: #/openapi\n  = help: the generator reads OpenAPI 3.0.x and 3.1.x documents"
            )])
        );
    }
}

/// `$dynamicRef` resolves to a schema that depends on where it is used; no one
/// Rust type is right, so it is an error, not a guess.
#[test]
fn dynamic_references_are_refused_with_their_place() {
    let spec = document(
        "3.1.0",
        json!({"type": "object", "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}}),
    );
    assert_eq!(
        diagnostics(spec),
        Err(vec![
            "error[unsupported-keyword]: `$dynamicRef` \"#node\" cannot be generated: the schema it resolves to depends on where it is used, and a Rust type must be one type\n --> spec.yaml\n  = at: #/components/schemas/A/properties/children/items/$dynamicRef\n  = help: replace it with a `$ref` to the schema it resolves to".to_string()
        ])
    );
}

/// Keywords inside a tuple's items are warned about at their own place too.
#[test]
fn keywords_inside_tuples_are_warned_about_in_place() {
    let spec = document(
        "3.1.0",
        json!({"prefixItems": [{"type": "string"}, {"type": "object", "propertyNames": {"maxLength": 3}}], "items": false}),
    );
    assert_eq!(
        diagnostics(spec),
        Ok(vec![
            "warning[ignored-keyword]: `propertyNames` has no OpenAPI 3.0 equivalent and is ignored: the generated type does not check property names\n --> spec.yaml\n  = at: #/components/schemas/A/prefixItems/1/propertyNames".to_string()
        ])
    );
}

/// The published OpenAPI 3.1 documents in `../shared/real-specs/`: each reads
/// as 3.0 with no error from the 3.1 rewrite (later steps may still refuse
/// them for what is not 3.1: operations without an operationId are another issue).
#[test]
fn published_3_1_documents_are_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/real-specs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: `{}` is not there (the published documents sit beside the clone)",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    let mut read = Vec::new();
    for file in files {
        let source = codegen::load::load(&file).unwrap();
        let version = source.value["openapi"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if !version.starts_with("3.1.") {
            continue;
        }
        let mut found = codegen::Diagnostics::new(&file);
        let spec = codegen::normalize::normalize(source.value, &mut found);
        let problems = found.finish();
        assert!(spec.is_some(), "{}: {problems:?}", file.display());
        let errors = problems.err().unwrap_or_default();
        assert!(
            errors.is_empty(),
            "{}",
            codegen::diagnostic::render(&errors)
        );
        read.push(file.file_name().unwrap().to_string_lossy().into_owned());
    }
    assert_eq!(
        read,
        [
            "influxdb3-cloud-dedicated-management-openapi.yml",
            "netbird-management-openapi.yml",
            "oai-webhook-example.yaml"
        ]
    );
    // The InfluxDB management API (3.1.0) and the webhook example generate whole clients.
    for name in [
        "influxdb3-cloud-dedicated-management-openapi.yml",
        "oai-webhook-example.yaml",
    ] {
        codegen::client_from_file(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// An operation whose responses have different bodies (stock progenitor asserts on it) gets
/// one variant per status, each read as its status documents, over a real socket.
#[tokio::test]
async fn each_status_is_read_into_its_own_variant() {
    use openapi31_fixtures::response_shapes::types::{DeleteTokenError, DeleteTokenSuccess};
    use openapi31_fixtures::response_shapes::{Client, Error};

    async fn call(reply: Reply) -> Result<DeleteTokenSuccess, Error<DeleteTokenError>> {
        let server = RecordingServer::start(reply).await;
        let client = Client::builder()
            .base_url(&server.base_url())
            .retry(openapi31_fixtures::response_shapes::RetryPolicy::none())
            .build()
            .unwrap();
        let result = client.delete_token("t1").await.map(|r| r.into_inner());
        let request = server.single_request();
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.path_and_query, "/tokens/t1");
        // The arms read JSON, so the client asks for it.
        assert_eq!(request.header("accept"), Some("application/json"));
        result
    }

    match call(Reply::status(200).json(&json!({"id": "t1"}))).await {
        Ok(DeleteTokenSuccess::Ok(token)) => assert_eq!(token.id, "t1"),
        other => panic!("expected Ok(Ok(..)), got {other:?}"),
    }
    assert!(matches!(
        call(Reply::status(204)).await,
        Ok(DeleteTokenSuccess::NoContent)
    ));
    match call(Reply::status(400).json(&json!({"message": "malformed id"}))).await {
        Err(error @ Error::ErrorResponse(_)) => {
            // `Display` finds the provider's message in the typed body.
            assert_eq!(
                error.to_string(),
                "the server answered 400 Bad Request: malformed id"
            );
            let Error::ErrorResponse(response) = error else {
                unreachable!()
            };
            match response.into_inner() {
                DeleteTokenError::BadRequest(problem) => {
                    assert_eq!(problem.message.as_deref(), Some("malformed id"));
                }
                other => panic!("expected BadRequest, got {other:?}"),
            }
        }
        other => panic!("expected a 400 error response, got {other:?}"),
    }
    match call(Reply::status(404).json(&json!({"missing": "t1"}))).await {
        Err(Error::ErrorResponse(response)) => match response.into_inner() {
            DeleteTokenError::NotFound(body) => assert_eq!(body.missing.as_deref(), Some("t1")),
            other => panic!("expected NotFound, got {other:?}"),
        },
        other => panic!("expected a 404 error response, got {other:?}"),
    }
    // A documented body that is not JSON arrives as bytes.
    match call(Reply::status(503).body("maintenance")).await {
        Err(Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 503);
            assert!(matches!(
                response.into_inner(),
                DeleteTokenError::ServiceUnavailable(_)
            ));
        }
        other => panic!("expected a 503 error response, got {other:?}"),
    }
    // An undocumented status keeps its body text.
    match call(Reply::status(418).body("short and stout")).await {
        Err(Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status().as_u16(), 418);
            assert_eq!(response.body(), "short and stout");
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

/// A header value with a line break is refused before anything is sent: it would end the
/// header and start another.
#[tokio::test]
async fn a_header_value_with_a_line_break_is_refused_before_sending() {
    use openapi31_fixtures::response_shapes::{Client, Error};

    let server = RecordingServer::start(Reply::status(200).json(&json!({}))).await;
    let client = Client::new(&server.base_url()).unwrap();
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb"] {
        match client.get_token("t1", value).await {
            Err(Error::InvalidRequest(reason)) => {
                assert!(reason.contains("line break"), "{reason}")
            }
            other => panic!("{value:?}: expected Error::InvalidRequest, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty(), "a request reached the server");
}

/// A request body of several media types: one method per media type, each sending its own
/// `Content-Type` and body to the same path; `*/*` is sent as bytes.
#[tokio::test]
async fn each_request_media_type_has_a_method_that_sends_it() {
    use openapi31_fixtures::request_media_types::{Client, types::Pet};

    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).unwrap();
    let pet = Pet {
        name: "Rex & co".to_string(),
    };
    client.update_pet("p1", &pet).await.unwrap();
    client.update_pet_form("p1", &pet).await.unwrap();
    client
        .update_pet_bytes("p1", b"\x00\x01".to_vec())
        .await
        .unwrap();
    client.upload(b"raw".to_vec()).await.unwrap();

    let requests = server.requests();
    let sent: Vec<(String, &str, Option<&str>, &[u8])> = requests
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.path_and_query.as_str(),
                r.header("content-type"),
                r.body.as_ref(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (
                "PUT".to_string(),
                "/pets/p1",
                Some("application/json"),
                &br#"{"name":"Rex & co"}"#[..]
            ),
            (
                "PUT".to_string(),
                "/pets/p1",
                Some("application/x-www-form-urlencoded"),
                &b"name=Rex+%26+co"[..]
            ),
            (
                "PUT".to_string(),
                "/pets/p1",
                Some("application/octet-stream"),
                &b"\x00\x01"[..]
            ),
            (
                "POST".to_string(),
                "/upload",
                Some("application/octet-stream"),
                &b"raw"[..]
            ),
        ]
    );
}

/// Operations without an `operationId` are named after their method and path, and the names
/// reach the right requests.
#[tokio::test]
async fn derived_method_names_send_their_operations() {
    use openapi31_fixtures::operation_ids::Client;

    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).unwrap();
    client.delete_user_token("u1", "t1").await.unwrap();
    client.approve_peer("p1").await.unwrap();
    client.get_user_by_user_id("u2").await.unwrap();
    client.overwrite_user("u3").await.unwrap();
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path_and_query))
        .collect();
    assert_eq!(
        sent,
        [
            "DELETE /api/users/u1/tokens/t1",
            "POST /api/peers/p1/approve",
            "GET /api/v2/users/u2",
            "PUT /api/v2/users/u3",
        ]
    );
}

/// Enum values that make no Rust names by themselves get readable, distinct variants and keep
/// their values on the wire, both ways.
#[tokio::test]
async fn enum_values_without_names_keep_their_values() {
    use openapi31_fixtures::enum_names::{Client, types::Mark};

    for (value, mark) in [
        (".", Mark::Dot),
        ("X", Mark::X),
        ("x", Mark::X2),
        ("-1", Mark::Minus1),
        ("", Mark::Empty),
        ("a-b", Mark::AMinusB),
        ("a_b", Mark::Ab),
        ("+1", Mark::Plus1),
    ] {
        let server = RecordingServer::start(Reply::status(200).json(&json!(value))).await;
        let client = Client::new(&server.base_url()).unwrap();
        assert_eq!(client.get_mark().await.unwrap().into_inner(), mark);
        assert_eq!(serde_json::to_value(mark).unwrap(), json!(value));
        assert_eq!(mark.to_string(), value);
        assert_eq!(value.parse::<Mark>().unwrap(), mark);
    }
}

/// JSON content without a schema is any JSON value.
#[tokio::test]
async fn json_without_a_schema_is_any_value() {
    use openapi31_fixtures::untyped_json::Client;

    let body = json!({"versions": [{"id": "v2", "status": "CURRENT"}]});
    let server = RecordingServer::start(Reply::status(200).json(&body)).await;
    let client = Client::new(&server.base_url()).unwrap();
    assert_eq!(client.list_versions().await.unwrap().into_inner(), body);
}

/// Parameters named like the generated method's locals (`request`, `result`, `response`,
/// `url`, `info`) or the client (`client`, `self_`): progenitor renames its locals around them,
/// and the back end, which finds what it edits by structure, still wires every method: the
/// credentials-free request goes out whole, path parameters encoded and refused like any other,
/// documented statuses typed, undocumented ones read.
#[tokio::test]
async fn parameters_named_like_the_generated_locals_still_send_and_read() {
    use openapi31_fixtures::parameter_names::{Client, Error, types};

    let server = RecordingServer::start_sequence([
        Reply::status(204),
        Reply::status(404).json(&json!({"message": "no such result"})),
        Reply::status(200).json(&json!({"message": "ready"})),
        Reply::status(418).body("short and stout"),
    ])
    .await;
    let client = Client::new(&server.base_url()).unwrap();

    client
        .delete_result("r/1", "x y", "c", Some(7), Some(true), Some("u"), "me")
        .await
        .unwrap();
    let error = client
        .delete_result("r1", "x", "c", None, None, None, "me")
        .await
        .unwrap_err();
    match &error {
        Error::ErrorResponse(response) => {
            assert_eq!(response.message.as_deref(), Some("no such result"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let ready = client.get_result("r1", "x").await.unwrap().into_inner();
    assert!(matches!(
        ready,
        types::GetResultSuccess::Ok(types::Problem { message: Some(ref m) }) if m == "ready"
    ));
    let undocumented = client.get_result("r1", "x").await.unwrap_err();
    assert_eq!(undocumented.message().as_deref(), Some("short and stout"));
    let refused = client.get_result("..", "x").await.unwrap_err();
    assert!(matches!(refused, Error::InvalidRequest(_)), "{refused:?}");

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    requests[0].assert_exact(
        "DELETE",
        "/requests/r%2F1/results/x%20y?client=c&info=7&response=true&url=u",
        None,
    );
    assert_eq!(requests[0].header("self_"), Some("me"));
    assert_eq!(requests[0].header("api-version"), None);
    requests[1].assert_exact("DELETE", "/requests/r1/results/x?client=c", None);
    requests[2].assert_exact("GET", "/requests/r1/results/x", None);
}
