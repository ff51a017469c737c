//! `netbird-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /api/users/{userId}/tokens/{tokenId}` (operation `deleteToken`).
//!
//! Documented statuses: 200 (success), 400, 401, 403 and 500, none of them with a body. The
//! operation accepts either scheme: `BearerAuth` (`Authorization: Bearer <JWT>`, builder method
//! `bearer_auth`) or `TokenAuth` (`Authorization: Token <personal access token>`, builder
//! method `token_auth`, read from `NETBIRD_API_TOKEN` by `credentials_from_env`).
//!
//! What every client does (credentials, retries, timeouts, secrets, base URLs) is tested by
//! [`tests::client_contract_tests!`], in module `contract`, with `TokenAuth`; this file tests
//! what is NetBird's.

use netbird_client::{Client, ClientInfo, Error, RetryPolicy};
use reqwest::StatusCode;
use tests::{AWKWARD_ID, AWKWARD_ID_ENCODED, RecordingServer, Reply};

const USER_ID: &str = "cq3fnnd6lnnc73c1rkgg";
const TOKEN_ID: &str = "ch8i4ug6lnn4g9hqv7m0";
const EXPECTED_PATH: &str = "/api/users/cq3fnnd6lnnc73c1rkgg/tokens/ch8i4ug6lnn4g9hqv7m0";
const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
const PERSONAL_ACCESS_TOKEN: &str = "nbp_F3f0dW6pTbq9ZkX1vR2sY7uA4cE8hJ0mN5oQ";

tests::client_contract_tests! {
    client_crate: netbird_client,
    error_body: (),
    operation: "delete_token",
    call: |client| client.delete_token(USER_ID, TOKEN_ID),
    base_path: "",
    path: EXPECTED_PATH,
    accept: "*/*",
    success: 200,
    credential: |builder, secret| builder.token_auth(secret),
    secret: PERSONAL_ACCESS_TOKEN,
    scheme_prefix: "Token ",
    env: "NETBIRD_API_TOKEN",
    user_agent: "netbird-client/0.1.0",
    // 404 is not documented.
    not_found: Reply::status(404) => UnexpectedResponse,
}

/// Starts a server answering `reply`, calls the operation once (no retries) with the
/// personal access token, and returns the status of the error the caller gets, checking
/// that it is an `Error::ErrorResponse` and that its message shows the status.
async fn documented_error_status(reply: Reply) -> StatusCode {
    let server = RecordingServer::start(reply).await;
    let client = contract::builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");

    let error = contract::expect_error(contract::call(&client).await);

    contract::assert_sent(&server.single_request());
    let shown = error.to_string();
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert!(shown.contains(value.status().as_str()), "{shown}");
    value.status()
}

#[tokio::test]
async fn sends_the_bearer_jwt() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = Client::builder()
        .base_url(&server.base_url())
        .bearer_auth(JWT)
        .build()
        .expect("the client builds");

    client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect("200 is success");

    let request = server.single_request();
    request.assert_credential(&format!("Bearer {JWT}"), &client, JWT);
    assert_eq!(request.header("user-agent"), Some("netbird-client/0.1.0"));
    request.assert_no_body_and_no_api_version();
}

#[tokio::test]
async fn with_both_schemes_one_authorization_header_is_sent() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let builder = Client::builder()
        .base_url(&server.base_url())
        .token_auth(PERSONAL_ACCESS_TOKEN)
        .bearer_auth(JWT);
    tests::assert_hides(JWT, "the builder", &builder);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect("200 is success");

    // The spec lists `BearerAuth` first: with both credentials, it is the one sent.
    let request = server.single_request();
    request.assert_credential(&format!("Bearer {JWT}"), &client, JWT);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the client", &client);
}

#[tokio::test]
async fn without_a_credential_both_schemes_are_named() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = Client::new(&server.base_url()).expect("Client::new builds");

    let error = client
        .delete_token(USER_ID, TOKEN_ID)
        .await
        .expect_err("no credential was given");

    let shown = error.to_string();
    for method in ["bearer_auth", "token_auth"] {
        assert!(shown.contains(method), "{method} is not in {shown:?}");
    }
    server.assert_no_request();
}

#[tokio::test]
async fn status_200_is_ok() {
    let server = RecordingServer::start(Reply::status(200).header("x-request-id", "req-200")).await;

    let value = contract::call(&contract::client(&server))
        .await
        .expect("200 is success");

    assert_eq!(value.status(), StatusCode::OK);
    assert_eq!(value.headers()["x-request-id"], "req-200");
    contract::assert_sent(&server.single_request());
}

#[tokio::test]
async fn documented_error_statuses_are_error_responses() {
    for status in [400, 401, 403, 500] {
        let got = documented_error_status(Reply::status(status)).await;
        assert_eq!(got.as_u16(), status);
    }
}

#[tokio::test]
async fn a_documented_error_with_an_unexpected_body_is_still_an_error_response() {
    // No documented status has a body; one sent anyway is ignored, not a decoding failure.
    let reply = Reply::status(403).json(&serde_json::json!({"message": "forbidden", "code": 403}));

    assert_eq!(documented_error_status(reply).await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_500_is_retried_then_returned_as_documented() {
    let server = RecordingServer::start(Reply::status(500)).await;

    let error = contract::expect_error(contract::call(&contract::client(&server)).await);

    assert!(matches!(error, Error::ErrorResponse(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn undocumented_success_status_is_an_unexpected_response() {
    // Only 200 is documented; a 204 (a plausible answer to a DELETE) is not `Ok`.
    let server = RecordingServer::start(Reply::status(204)).await;

    let error = contract::expect_error(contract::call(&contract::client(&server)).await);

    match error {
        Error::UnexpectedResponse(response) => {
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
            assert_eq!(response.body(), "");
        }
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn dangerous_user_ids_and_token_ids_are_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = contract::client(&server);
    let refused = |error: &Error<()>| matches!(error, Error::InvalidRequest(_));

    tests::assert_dangerous_values_refused(
        &server,
        PERSONAL_ACCESS_TOKEN,
        |user_id| client.delete_token(user_id, TOKEN_ID),
        refused,
    )
    .await;
    tests::assert_dangerous_values_refused(
        &server,
        PERSONAL_ACCESS_TOKEN,
        |token_id| client.delete_token(USER_ID, token_id),
        refused,
    )
    .await;
}

#[tokio::test]
async fn percent_encodes_user_id_and_token_id_as_one_path_segment_each() {
    let server = RecordingServer::start(Reply::status(200)).await;

    contract::client(&server)
        .delete_token(AWKWARD_ID, AWKWARD_ID)
        .await
        .expect("200 is success");

    assert_eq!(
        server.single_request().path_and_query,
        format!("/api/users/{AWKWARD_ID_ENCODED}/tokens/{AWKWARD_ID_ENCODED}")
    );
}

#[test]
fn the_default_server_is_the_specs() {
    let client = Client::builder().build().expect("the spec has a server");

    assert_eq!(client.baseurl(), "https://api.netbird.io");
}
