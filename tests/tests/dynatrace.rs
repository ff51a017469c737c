//! `dynatrace-cluster-client`, used as a downstream crate would, against a real HTTP server on
//! loopback: `DELETE /api/cluster/v2/tokens/{id}` (operation `deleteClusterToken`).
//!
//! Documented statuses: 204 (success), 400 and 404 (both with an `ErrorEnvelope` JSON body,
//! media type `application/json; charset=utf-8`). Authentication: `Authorization: Api-Token
//! <token>`. The spec's only server, `https://{cluster}`, has a variable: there is no default.
//!
//! What every client does (credentials, retries, timeouts, secrets, base URLs) is tested by
//! [`tests::client_contract_tests!`], in module `contract`; this file tests what is Dynatrace's.

use dynatrace_cluster_client::types::{ConstraintViolationParameterLocation, ErrorEnvelope};
use dynatrace_cluster_client::{BuildError, Client, ClientInfo, Error, ResponseValue};
use reqwest::StatusCode;
use tests::{AWKWARD_ID, AWKWARD_ID_ENCODED, RecordingServer, Reply};

/// The example token ID from the provider's page (not a UUID: six groups and the letters `pj`).
const EXAMPLE_ID: &str = "4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
const EXPECTED_PATH: &str = "/api/cluster/v2/tokens/4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
const TOKEN: &str = "dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM";
const ERROR_MEDIA_TYPE: &str = "application/json; charset=utf-8";

/// A documented error answer with Dynatrace's envelope.
fn envelope(status: u16, body: &str) -> Reply {
    Reply::status(status)
        .header("content-type", ERROR_MEDIA_TYPE)
        .body(body.to_owned())
}

tests::client_contract_tests! {
    client_crate: dynatrace_cluster_client,
    error_body: ErrorEnvelope,
    operation: "delete_cluster_token",
    call: |client| client.delete_cluster_token(EXAMPLE_ID),
    base_path: "",
    path: EXPECTED_PATH,
    accept: "application/json",
    success: 204,
    credential: |builder, secret| builder.api_token(secret),
    secret: TOKEN,
    scheme_prefix: "Api-Token ",
    env: "DYNATRACE_API_TOKEN",
    user_agent: "dynatrace-cluster-client/0.1.0",
    not_found: envelope(404, r#"{"error":{"code":404,"message":"Token not found"}}"#) => ErrorResponse,
}

/// Answers one call with `reply` and returns what the caller gets, checking the request.
async fn call_with_reply(reply: Reply) -> contract::CallResult {
    let server = RecordingServer::start(reply).await;
    let result = contract::call(&contract::client(&server)).await;
    contract::assert_sent(&server.single_request());
    result
}

fn expect_error_response(result: contract::CallResult) -> ResponseValue<ErrorEnvelope> {
    match contract::expect_error(result) {
        Error::ErrorResponse(value) => value,
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn status_204_is_ok() {
    let value = call_with_reply(Reply::status(204).header("x-request-id", "req-204"))
        .await
        .expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    assert_eq!(value.headers()["x-request-id"], "req-204");
}

#[tokio::test]
async fn status_400_is_an_error_response_with_a_typed_envelope() {
    let body = r#"{"error":{"code":400,"message":"You can't delete the token you're using for authentication of the request.","constraintViolations":[{"location":"id","message":"must not be the token used for authentication","parameterLocation":"PATH","path":"id"}]}}"#;
    let error = contract::expect_error(call_with_reply(envelope(400, body)).await);

    let shown = error.to_string();
    assert!(shown.contains("400"), "{shown}");
    assert!(
        shown.contains("You can't delete the token you're using"),
        "{shown}"
    );
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::BAD_REQUEST);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(400));
    assert_eq!(error.constraint_violations.len(), 1);
    let violation = &error.constraint_violations[0];
    assert_eq!(
        violation.parameter_location,
        Some(ConstraintViolationParameterLocation::Path)
    );
    assert_eq!(violation.location.as_deref(), Some("id"));
    assert_eq!(
        violation.message.as_deref(),
        Some("must not be the token used for authentication")
    );
    assert_eq!(violation.path.as_deref(), Some("id"));
}

#[tokio::test]
async fn status_404_is_an_error_response_with_the_providers_message() {
    let body = r#"{"error":{"code":404,"message":"Token not found"}}"#;
    let error = contract::expect_error(call_with_reply(envelope(404, body)).await);

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.message().as_deref(), Some("Token not found"));
    let shown = error.to_string();
    assert!(
        shown.contains("404") && shown.contains("Token not found"),
        "{shown}"
    );
    let value = expect_error_response(Err(error));
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(404));
    assert_eq!(error.message.as_deref(), Some("Token not found"));
}

#[tokio::test]
async fn status_404_with_a_minimal_envelope_is_typed() {
    // Every field of the envelope is optional: an empty error object is still typed.
    let value = expect_error_response(call_with_reply(envelope(404, r#"{"error":{}}"#)).await);

    assert_eq!(value.status(), StatusCode::NOT_FOUND);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, None);
    assert_eq!(error.message, None);
    assert!(error.constraint_violations.is_empty());
}

#[tokio::test]
async fn documented_status_with_a_body_that_is_not_json_is_an_invalid_payload() {
    let error = contract::expect_error(
        call_with_reply(
            Reply::status(404)
                .header("content-type", "text/html")
                .body("<h1>Not Found</h1>"),
        )
        .await,
    );

    match error {
        Error::InvalidResponsePayload { body, .. } => assert_eq!(body, "<h1>Not Found</h1>"),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn dangerous_ids_are_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = contract::client(&server);

    tests::assert_dangerous_values_refused(
        &server,
        TOKEN,
        |id| client.delete_cluster_token(id),
        |error| matches!(error, Error::InvalidRequest(_)),
    )
    .await;
}

#[tokio::test]
async fn percent_encodes_the_id_as_one_path_segment() {
    let server = RecordingServer::start(Reply::status(204)).await;

    contract::client(&server)
        .delete_cluster_token(AWKWARD_ID)
        .await
        .expect("204 is success");

    assert_eq!(
        server.single_request().path_and_query,
        format!("/api/cluster/v2/tokens/{AWKWARD_ID_ENCODED}")
    );
}

#[test]
fn the_cluster_must_be_given() {
    match Client::builder().api_token(TOKEN).build() {
        Err(error @ BuildError::NoBaseUrl { .. }) => {
            let shown = error.to_string();
            assert!(shown.contains("server(cluster)"), "{shown}");
            tests::assert_error_hides(TOKEN, &error);
        }
        Err(other) => panic!("expected BuildError::NoBaseUrl, got {other:?}"),
        Ok(client) => panic!("a client without a server was built: {client:?}"),
    }
}

#[test]
fn server_fills_in_the_cluster() {
    let client = Client::builder()
        .server("myManaged.cluster.com")
        .api_token(TOKEN)
        .build()
        .expect("the client builds");

    // Host names are case-insensitive: the URL parser writes them in lower case.
    assert!(
        client
            .baseurl()
            .eq_ignore_ascii_case("https://myManaged.cluster.com"),
        "{}",
        client.baseurl()
    );

    let client = Client::builder()
        .server("cluster.example.com:8443")
        .build()
        .expect("a host and port is one component");
    assert_eq!(client.baseurl(), "https://cluster.example.com:8443");
}

#[test]
fn a_cluster_that_is_not_one_host_is_refused() {
    for cluster in [
        "evil.com/x",
        "evil.com?x=1",
        "evil.com#x",
        "user@evil.com",
        "evil.com\\x",
        "my cluster",
        "",
    ] {
        match Client::builder().server(cluster).api_token(TOKEN).build() {
            Err(BuildError::ServerVariable { name, value }) => {
                assert_eq!(name, "cluster");
                assert_eq!(value, cluster);
            }
            Err(other) => panic!("{cluster:?}: expected BuildError::ServerVariable, got {other:?}"),
            Ok(client) => panic!("{cluster:?} was accepted: {client:?}"),
        }
    }
}

#[test]
fn base_url_replaces_the_cluster() {
    let client = Client::builder()
        .server("myManaged.cluster.com")
        .base_url("http://127.0.0.1:8080/")
        .build()
        .expect("the client builds");

    assert_eq!(client.baseurl(), "http://127.0.0.1:8080");
}
