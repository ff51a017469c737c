//! `netbird-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /api/users/{userId}/tokens/{tokenId}` (operation `deleteToken`).
//!
//! Documented statuses: 200 (success), 400, 401, 403 and 500, none of them with a body. The
//! operation accepts either `Authorization: Bearer <JWT>` or
//! `Authorization: Token <personal access token>`.

use netbird_client::{Client, Error, ResponseValue};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply, http_client_with_authorization};

const USER_ID: &str = "cq3fnnd6lnnc73c1rkgg";
const TOKEN_ID: &str = "ch8i4ug6lnn4g9hqv7m0";
const EXPECTED_PATH: &str = "/api/users/cq3fnnd6lnnc73c1rkgg/tokens/ch8i4ug6lnn4g9hqv7m0";
const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
const PERSONAL_ACCESS_TOKEN: &str = "nbp_F3f0dW6pTbq9ZkX1vR2sY7uA4cE8hJ0mN5oQ";

type CallResult = Result<ResponseValue<()>, Error<()>>;

/// Starts a server answering `reply` and a client that authenticates with `authorization`.
async fn setup(reply: Reply, authorization: &str) -> (RecordingServer, Client) {
    let server = RecordingServer::start(reply).await;
    let http = http_client_with_authorization(authorization);
    let client = Client::new_with_client(&server.base_url(), http);
    (server, client)
}

/// Answers one call, authenticated with the personal access token, with `reply` and returns
/// what the caller gets.
async fn call_with_reply(reply: Reply) -> CallResult {
    let (server, client) = setup(reply, &format!("Token {PERSONAL_ACCESS_TOKEN}")).await;
    let result = client.delete_token(USER_ID, TOKEN_ID).await;
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

/// Checks that the documented error `status` reaches the caller as `Error::ErrorResponse`.
async fn assert_documented_error(status: u16) {
    let value = expect_error_response(call_with_reply(Reply::status(status)).await);

    assert_eq!(value.status().as_u16(), status);
}

#[tokio::test]
async fn sends_the_bearer_jwt_authorization_header() {
    let (server, client) = setup(Reply::status(200), &format!("Bearer {JWT}")).await;

    client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect("200 is success");

    let request = server.single_request();
    request.assert_credential(&format!("Bearer {JWT}"), &client, JWT);
}

#[tokio::test]
async fn sends_the_personal_access_token_authorization_header() {
    let (server, client) = setup(
        Reply::status(200),
        &format!("Token {PERSONAL_ACCESS_TOKEN}"),
    )
    .await;

    client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect("200 is success");

    let request = server.single_request();
    request.assert_credential(
        &format!("Token {PERSONAL_ACCESS_TOKEN}"),
        &client,
        PERSONAL_ACCESS_TOKEN,
    );
}

#[tokio::test]
async fn new_builds_a_working_client() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = Client::new(&server.base_url()).expect("Client::new succeeds");

    let value = client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect("200 is success");

    assert_eq!(value.status(), StatusCode::OK);
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, EXPECTED_PATH);
    // No credential was configured, so none is sent.
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn sends_delete_to_the_exact_path_with_no_body_and_no_api_version() {
    let (server, client) = setup(Reply::status(200), &format!("Bearer {JWT}")).await;

    client
        .delete_token("user-1", "token-2")
        .await
        .expect("200 is success");

    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, "/api/users/user-1/tokens/token-2");
    request.assert_no_body_and_no_api_version();
    // No response has a body, so the client asks for no media type: reqwest's default applies.
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(request.header_names(), ["accept", "authorization", "host"]);
}

#[tokio::test]
async fn percent_encodes_user_id_and_token_id_as_one_path_segment_each() {
    let (server, client) = setup(Reply::status(200), &format!("Bearer {JWT}")).await;

    client
        .delete_token("u/1?x#y%z \u{e9}", "t/2?a#b%c d\u{e9}")
        .await
        .expect("200 is success");

    let request = server.single_request();
    assert_eq!(
        request.path_and_query,
        "/api/users/u%2F1%3Fx%23y%25z%20%C3%A9/tokens/t%2F2%3Fa%23b%25c%20d%C3%A9"
    );
}

/// Stock progenitor leaves `\` unencoded, and the URL parser reqwest uses (WHATWG rules for
/// `http`/`https`) reads `\` in a path as `/`: the request would go to another resource. The
/// generator's own path encoder sends it as `%5C`, in one segment.
#[tokio::test]
async fn percent_encodes_a_backslash_in_user_id_and_token_id() {
    let (server, client) = setup(Reply::status(200), &format!("Bearer {JWT}")).await;

    client
        .delete_token("a\\b", "c\\d")
        .await
        .expect("200 is success");

    let request = server.single_request();
    assert_eq!(request.path_and_query, "/api/users/a%5Cb/tokens/c%5Cd");
}

#[tokio::test]
async fn status_200_is_ok() {
    let value = call_with_reply(Reply::status(200).header("x-request-id", "req-200"))
        .await
        .expect("200 is success");

    assert_eq!(value.status(), StatusCode::OK);
    assert_eq!(value.headers()["x-request-id"], "req-200");
}

#[tokio::test]
async fn status_400_is_an_error_response() {
    assert_documented_error(400).await;
}

#[tokio::test]
async fn status_401_is_an_error_response() {
    assert_documented_error(401).await;
}

#[tokio::test]
async fn status_403_is_an_error_response() {
    assert_documented_error(403).await;
}

#[tokio::test]
async fn status_500_is_an_error_response() {
    assert_documented_error(500).await;
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

#[tokio::test]
async fn undocumented_success_status_is_an_unexpected_response() {
    // Only 200 is documented; a 204 (a plausible answer to a DELETE) is not `Ok`.
    let result = call_with_reply(Reply::status(204)).await;

    let response = match result {
        Err(Error::UnexpectedResponse(response)) => response,
        Err(other) => panic!("expected Error::UnexpectedResponse, got {other:?}"),
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
    };
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.status().is_success());
}
