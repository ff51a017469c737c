//! `dynatrace-cluster-client`, used as a downstream crate would, against a real HTTP server on
//! loopback: `DELETE /api/cluster/v2/tokens/{id}` (operation `deleteClusterToken`).
//!
//! Documented statuses: 204 (success), 400 and 404 (both with an `ErrorEnvelope` JSON body,
//! media type `application/json; charset=utf-8`).

use dynatrace_cluster_client::types::{ConstraintViolationParameterLocation, ErrorEnvelope};
use dynatrace_cluster_client::{Client, Error, ResponseValue};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply, http_client_with_authorization};

/// The example token ID from the provider's page (not a UUID: six groups and the letters `pj`).
const EXAMPLE_ID: &str = "4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
const TOKEN: &str = "dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM";
const ERROR_MEDIA_TYPE: &str = "application/json; charset=utf-8";

type CallResult = Result<ResponseValue<()>, Error<ErrorEnvelope>>;

/// Starts a server answering `reply` and a client that authenticates with [`TOKEN`].
async fn setup(reply: Reply) -> (RecordingServer, Client) {
    let server = RecordingServer::start(reply).await;
    let http = http_client_with_authorization(&format!("Api-Token {TOKEN}"));
    let client = Client::new_with_client(&server.base_url(), http);
    (server, client)
}

/// Answers one call with `reply` and returns what the caller gets.
async fn call_with_reply(reply: Reply) -> CallResult {
    let (server, client) = setup(reply).await;
    let result = client.delete_cluster_token(EXAMPLE_ID).await;
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path_and_query,
        format!("/api/cluster/v2/tokens/{EXAMPLE_ID}")
    );
    result
}

fn expect_error_response(result: CallResult) -> ResponseValue<ErrorEnvelope> {
    match result {
        Err(Error::ErrorResponse(value)) => value,
        Err(other) => panic!("expected Error::ErrorResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    }
}

#[tokio::test]
async fn sends_the_api_token_authorization_header() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_cluster_token(EXAMPLE_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    request.assert_credential(&format!("Api-Token {TOKEN}"), &client, TOKEN);
}

#[tokio::test]
async fn new_builds_a_working_client() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).expect("Client::new succeeds");

    let value = client
        .delete_cluster_token(EXAMPLE_ID)
        .await
        .expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path_and_query,
        format!("/api/cluster/v2/tokens/{EXAMPLE_ID}")
    );
    // No credential was configured, so none is sent.
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn sends_delete_to_the_exact_path_with_no_body_and_no_api_version() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_cluster_token(EXAMPLE_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path_and_query,
        "/api/cluster/v2/tokens/4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4"
    );
    request.assert_no_body_and_no_api_version();
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header_names(), ["accept", "authorization", "host"]);
}

#[tokio::test]
async fn percent_encodes_the_id_as_one_path_segment() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_cluster_token("a/b?c#d%e f\u{e9}")
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(
        request.path_and_query,
        "/api/cluster/v2/tokens/a%2Fb%3Fc%23d%25e%20f%C3%A9"
    );
}

/// Stock progenitor leaves `\` unencoded, and the URL parser reqwest uses (WHATWG rules for
/// `http`/`https`) reads `\` in a path as `/`: the request would go to another resource. The
/// generator's own path encoder sends it as `%5C`, in one segment.
#[tokio::test]
async fn percent_encodes_a_backslash_in_the_id() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_cluster_token("a\\b")
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(request.path_and_query, "/api/cluster/v2/tokens/a%5Cb");
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
    let result = call_with_reply(
        Reply::status(400)
            .header("content-type", ERROR_MEDIA_TYPE)
            .body(body),
    )
    .await;

    let value = expect_error_response(result);
    assert_eq!(value.status(), StatusCode::BAD_REQUEST);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(400));
    assert_eq!(
        error.message.as_deref(),
        Some("You can't delete the token you're using for authentication of the request.")
    );
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
async fn status_404_is_an_error_response_with_a_typed_envelope() {
    let body = r#"{"error":{"code":404,"message":"The requested token has not been found.","constraintViolations":[{"location":"tokens","message":"no such token","parameterLocation":"QUERY","path":"id"}]}}"#;
    let result = call_with_reply(
        Reply::status(404)
            .header("content-type", ERROR_MEDIA_TYPE)
            .body(body),
    )
    .await;

    let value = expect_error_response(result);
    assert_eq!(value.status(), StatusCode::NOT_FOUND);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(404));
    assert_eq!(
        error.message.as_deref(),
        Some("The requested token has not been found.")
    );
    assert_eq!(error.constraint_violations.len(), 1);
    let violation = &error.constraint_violations[0];
    assert_eq!(
        violation.parameter_location,
        Some(ConstraintViolationParameterLocation::Query)
    );
    assert_eq!(violation.location.as_deref(), Some("tokens"));
    assert_eq!(violation.message.as_deref(), Some("no such token"));
    assert_eq!(violation.path.as_deref(), Some("id"));
}

#[tokio::test]
async fn status_404_with_a_minimal_envelope_is_typed() {
    // Every field of the envelope is optional: an empty error object is still typed.
    let result = call_with_reply(
        Reply::status(404)
            .header("content-type", ERROR_MEDIA_TYPE)
            .body(r#"{"error":{}}"#),
    )
    .await;

    let value = expect_error_response(result);
    assert_eq!(value.status(), StatusCode::NOT_FOUND);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, None);
    assert_eq!(error.message, None);
    assert!(error.constraint_violations.is_empty());
}

#[tokio::test]
async fn undocumented_status_is_an_unexpected_response() {
    let result = call_with_reply(
        Reply::status(418)
            .header("content-type", "text/plain")
            .body("I'm a teapot"),
    )
    .await;

    let response = match result {
        Err(Error::UnexpectedResponse(response)) => response,
        Err(other) => panic!("expected Error::UnexpectedResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    };
    assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(
        response.text().await.expect("the body is readable"),
        "I'm a teapot"
    );
}
