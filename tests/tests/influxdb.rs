//! `influxdb-cloud-dedicated-client`, used as a downstream crate would, against a real HTTP
//! server on loopback: `DELETE /accounts/{accountId}/clusters/{clusterId}/tokens/{tokenId}`
//! (operation `DeleteDatabaseToken`).
//!
//! Documented statuses: 204 (success); 400, 401, 403, 404 and 500, each with an `Error` JSON
//! body `{code, message}` in which `code` repeats the status.

use influxdb_cloud_dedicated_client::{Client, Error, ResponseValue, types};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply, http_client_with_authorization};
use uuid::Uuid;

const ACCOUNT_ID: Uuid = Uuid::from_u128(0x0b5a_3c1e_7f42_4d8a_9e61_2c7b_d4f0_a913);
const CLUSTER_ID: Uuid = Uuid::from_u128(0x5d2e_8f90_1a3b_4c6d_8e7f_0a1b_2c3d_4e5f);
const TOKEN_ID: Uuid = Uuid::from_u128(0xf1e2_d3c4_b5a6_4978_8695_a4b3_c2d1_e0f9);
const MANAGEMENT_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYW5hZ2VtZW50In0.c2lnbmF0dXJl";
/// The path stem of the production server, `https://console.influxdata.com/api/v0`.
const STEM: &str = "/api/v0";
const EXPECTED_PATH: &str = "/api/v0/accounts/0b5a3c1e-7f42-4d8a-9e61-2c7bd4f0a913/clusters/5d2e8f90-1a3b-4c6d-8e7f-0a1b2c3d4e5f/tokens/f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9";

type CallResult = Result<ResponseValue<()>, Error<types::Error>>;

/// Starts a server answering `reply` and a client, whose base URL has the production path stem,
/// that authenticates with [`MANAGEMENT_TOKEN`].
async fn setup(reply: Reply) -> (RecordingServer, Client) {
    let server = RecordingServer::start(reply).await;
    let http = http_client_with_authorization(&format!("Bearer {MANAGEMENT_TOKEN}"));
    let client = Client::new_with_client(&format!("{}{STEM}", server.base_url()), http);
    (server, client)
}

/// Answers one call with `reply` and returns what the caller gets.
async fn call_with_reply(reply: Reply) -> CallResult {
    let (server, client) = setup(reply).await;
    let result = client
        .delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID)
        .await;
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, EXPECTED_PATH);
    result
}

fn expect_error_response(result: CallResult) -> ResponseValue<types::Error> {
    match result {
        Err(Error::ErrorResponse(value)) => value,
        Err(other) => panic!("expected Error::ErrorResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    }
}

/// Checks that `status`, answered with its documented body, reaches the caller as
/// `Error::ErrorResponse` with that status and the body typed.
async fn assert_documented_error(status: u16, message: &str) {
    let body = serde_json::json!({ "code": status, "message": message });
    let value = expect_error_response(call_with_reply(Reply::status(status).json(&body)).await);

    assert_eq!(value.status().as_u16(), status);
    let error = value.into_inner();
    assert_eq!(error.code, i64::from(status));
    assert_eq!(error.message, message);
}

#[tokio::test]
async fn sends_the_bearer_management_token_authorization_header() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    request.assert_credential(
        &format!("Bearer {MANAGEMENT_TOKEN}"),
        &client,
        MANAGEMENT_TOKEN,
    );
}

#[tokio::test]
async fn new_builds_a_working_client() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client =
        Client::new(&format!("{}{STEM}", server.base_url())).expect("Client::new succeeds");

    let value = client
        .delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID)
        .await
        .expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, EXPECTED_PATH);
    // No credential was configured, so none is sent.
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn sends_delete_to_the_exact_path_with_no_body_and_no_api_version() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    // The base URL's path stem is kept, and each UUID is one segment in lower-case hyphenated
    // form, in the order account, cluster, token.
    assert_eq!(request.path_and_query, EXPECTED_PATH);
    request.assert_no_body_and_no_api_version();
    // The page asks for `Accept: application/json`; the client sends it.
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header_names(), ["accept", "authorization", "host"]);
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
async fn status_400_is_an_error_response_with_a_typed_body() {
    assert_documented_error(400, "bad request").await;
}

#[tokio::test]
async fn status_401_is_an_error_response_with_a_typed_body() {
    assert_documented_error(401, "unauthorized").await;
}

#[tokio::test]
async fn status_403_is_an_error_response_with_a_typed_body() {
    assert_documented_error(403, "forbidden").await;
}

#[tokio::test]
async fn status_404_is_an_error_response_with_a_typed_body() {
    assert_documented_error(404, "not found").await;
}

#[tokio::test]
async fn status_500_is_an_error_response_with_a_typed_body() {
    assert_documented_error(500, "internal server error").await;
}

#[tokio::test]
async fn documented_error_status_with_a_body_that_is_not_the_error_schema() {
    // A documented status whose body does not match `Error` (here an HTML page from a proxy)
    // is not an `ErrorResponse`: the caller gets `InvalidResponsePayload` with the raw body.
    // Progenitor keeps no status in that variant, so `Error::status()` is `None`.
    let html = "<html><body>500 Internal Server Error</body></html>";
    let result = call_with_reply(
        Reply::status(500)
            .header("content-type", "text/html")
            .body(html),
    )
    .await;

    let error = result.expect_err("500 is an error");
    assert_eq!(error.status(), None);
    match error {
        Error::InvalidResponsePayload(bytes, _) => assert_eq!(bytes, html.as_bytes()),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_status_is_an_unexpected_response() {
    let result = call_with_reply(
        Reply::status(502)
            .header("content-type", "text/plain")
            .body("upstream unavailable"),
    )
    .await;

    let response = match result {
        Err(Error::UnexpectedResponse(response)) => response,
        Err(other) => panic!("expected Error::UnexpectedResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    };
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        response.text().await.expect("the body is readable"),
        "upstream unavailable"
    );
}
