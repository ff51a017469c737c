//! `gcore-iam-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /iam/v2/clients/{clientId}/tokens/{tokenId}` (operation `iamDeleteApiTokenV2`).
//!
//! Documented statuses: 204 (success), 403 and 404, none of them with a body. The ids are
//! integers (`i64`).

use gcore_iam_client::{Client, Error, ResponseValue};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply, http_client_with_authorization};

const CLIENT_ID: i64 = 42;
const TOKEN_ID: i64 = 1_234_567;
const EXPECTED_PATH: &str = "/iam/v2/clients/42/tokens/1234567";
/// A current, `_`-separated Gcore API token.
const TOKEN: &str = "42_a1b2c3d4e5f60718293a4b5c6d7e8f90";

type CallResult = Result<ResponseValue<()>, Error<()>>;

/// Starts a server answering `reply` and a client that authenticates with [`TOKEN`].
async fn setup(reply: Reply) -> (RecordingServer, Client) {
    let server = RecordingServer::start(reply).await;
    let http = http_client_with_authorization(&format!("APIKey {TOKEN}"));
    let client = Client::new_with_client(&server.base_url(), http);
    (server, client)
}

/// Answers one call with `reply` and returns what the caller gets.
async fn call_with_reply(reply: Reply) -> CallResult {
    let (server, client) = setup(reply).await;
    let result = client.iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID).await;
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, EXPECTED_PATH);
    result
}

fn expect_error_response(result: CallResult) -> ResponseValue<()> {
    match result {
        Err(Error::ErrorResponse(value)) => value,
        Err(other) => panic!("expected Error::ErrorResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    }
}

#[tokio::test]
async fn sends_the_apikey_authorization_header() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    request.assert_credential(&format!("APIKey {TOKEN}"), &client, TOKEN);
}

#[tokio::test]
async fn new_builds_a_working_client() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).expect("Client::new succeeds");

    let value = client
        .iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID)
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
        .iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID)
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, "/iam/v2/clients/42/tokens/1234567");
    request.assert_no_body_and_no_api_version();
    // No response has a body, so the client asks for no media type: reqwest's default applies.
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(request.header_names(), ["accept", "authorization", "host"]);
}

#[tokio::test]
async fn formats_integer_ids_in_decimal() {
    let (server, client) = setup(Reply::status(204)).await;

    client
        .iam_delete_api_token_v2(i64::MAX, 0)
        .await
        .expect("204 is success");

    let request = server.single_request();
    assert_eq!(
        request.path_and_query,
        "/iam/v2/clients/9223372036854775807/tokens/0"
    );
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
async fn status_403_is_an_error_response() {
    let value = expect_error_response(call_with_reply(Reply::status(403)).await);

    assert_eq!(value.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn status_404_is_an_error_response() {
    let value = expect_error_response(call_with_reply(Reply::status(404)).await);

    assert_eq!(value.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn documented_error_status_with_a_body_is_still_an_error_response() {
    // The spec documents no body for 403; one sent anyway is ignored, not a decoding failure.
    let value = expect_error_response(
        call_with_reply(
            Reply::status(403)
                .header("content-type", "application/json")
                .body(r#"{"message":"You do not have permission to perform this action."}"#),
        )
        .await,
    );

    assert_eq!(value.status(), StatusCode::FORBIDDEN);
    assert_eq!(value.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn undocumented_status_is_an_unexpected_response() {
    // This spec does not document 401, although a server may well answer a bad key with it.
    let result = call_with_reply(
        Reply::status(401)
            .header("content-type", "application/json")
            .body(r#"{"message":"Invalid authorization token"}"#),
    )
    .await;

    let response = match result {
        Err(Error::UnexpectedResponse(response)) => response,
        Err(other) => panic!("expected Error::UnexpectedResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    };
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.text().await.expect("the body is readable"),
        r#"{"message":"Invalid authorization token"}"#
    );
}
