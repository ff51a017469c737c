//! `netbird-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /api/users/{userId}/tokens/{tokenId}` (operation `deleteToken`).
//!
//! Documented statuses: 200 (success), 400, 401, 403 and 500, none of them with a body. The
//! operation accepts either of two security schemes: `BearerAuth` (`Authorization: Bearer
//! <JWT>`, builder method `bearer_auth`, no environment variable) or `TokenAuth`
//! (`Authorization: Token <personal access token>`, builder method `token_auth`, read from
//! `NETBIRD_API_TOKEN` by `credentials_from_env`); given both, the client sends `BearerAuth`,
//! the spec's first. The spec's server, `https://api.netbird.io`, is the default. The ids are
//! strings: values that would address another resource are refused, others percent-encoded.
//!
//! This file tests only what is NetBird's: the request its operation sends, its statuses, its
//! two security schemes, its server and its path parameters. What every generated client does
//! whatever its spec (retries, timeouts, lost responses, undocumented statuses, secrets kept out
//! of messages, base URL checks, …) is tested once, in the runtime crate's tests
//! (`runtime/tests/`).

use netbird_client::{Client, ClientBuilder, ClientInfo, Error, ResponseValue, RetryPolicy};
use reqwest::StatusCode;
use tests::{
    AWKWARD_ID, AWKWARD_ID_ENCODED, FAST_BACKOFF, RecordedRequest, RecordingServer, Reply,
};

const USER_ID: &str = "cq3fnnd6lnnc73c1rkgg";
const TOKEN_ID: &str = "ch8i4ug6lnn4g9hqv7m0";
const EXPECTED_PATH: &str = "/api/users/cq3fnnd6lnnc73c1rkgg/tokens/ch8i4ug6lnn4g9hqv7m0";
const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
/// `JWT` as the `BearerAuth` scheme sends it.
const BEARER_AUTHORIZATION: &str =
    "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
const PERSONAL_ACCESS_TOKEN: &str = "nbp_F3f0dW6pTbq9ZkX1vR2sY7uA4cE8hJ0mN5oQ";
/// `PERSONAL_ACCESS_TOKEN` as the `TokenAuth` scheme sends it.
const TOKEN_AUTHORIZATION: &str = "Token nbp_F3f0dW6pTbq9ZkX1vR2sY7uA4cE8hJ0mN5oQ";
const ENV: &str = "NETBIRD_API_TOKEN";
const USER_AGENT: &str = "netbird-client/0.1.0";

/// What the operation returns.
type CallResult = Result<ResponseValue<()>, Error<()>>;

/// A builder for `server`, with retries that cost milliseconds and no credential.
fn bare_builder(server: &RecordingServer) -> ClientBuilder {
    Client::builder()
        .base_url(&server.base_url())
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
}

/// A builder for `server`, with the personal access token (`TokenAuth`) and retries that cost
/// milliseconds.
fn builder(server: &RecordingServer) -> ClientBuilder {
    bare_builder(server).token_auth(PERSONAL_ACCESS_TOKEN)
}

/// A client of [`builder`].
fn client(server: &RecordingServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// Deletes token `TOKEN_ID` of user `USER_ID`.
async fn call(client: &Client) -> CallResult {
    client.delete_token(USER_ID, TOKEN_ID).await
}

/// Asserts that `request` is exactly the operation's for the test ids: `DELETE` on its path,
/// with `Authorization: <authorization>`, the crate's `User-Agent` and reqwest's `Accept: */*`
/// (no documented response has a body), and nothing else (no body, no `api-version`).
fn assert_sent_with(request: &RecordedRequest, authorization: &str) {
    request.assert_exact("DELETE", EXPECTED_PATH, None);
    assert_eq!(request.header("authorization"), Some(authorization));
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(
        request.header_names(),
        ["accept", "authorization", "host", "user-agent"]
    );
    request.assert_no_body_and_no_api_version();
}

/// [`assert_sent_with`] the personal access token.
fn assert_sent(request: &RecordedRequest) {
    assert_sent_with(request, TOKEN_AUTHORIZATION);
}

/// The error of a call that must fail, checked to show neither credential.
fn expect_error(result: CallResult) -> Error<()> {
    match result {
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
        Err(error) => {
            tests::assert_error_hides(PERSONAL_ACCESS_TOKEN, &error);
            tests::assert_error_hides(JWT, &error);
            error
        }
    }
}

/// Starts a server answering `reply`, calls the operation once (no retries) with the
/// personal access token, and returns the status of the error the caller gets, checking
/// the request, that the error is an `Error::ErrorResponse` and that its message shows the
/// status.
async fn documented_error_status(reply: Reply) -> StatusCode {
    let server = RecordingServer::start(reply).await;
    let client = builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");

    let error = expect_error(call(&client).await);

    assert_sent(&server.single_request());
    assert_eq!(error.message(), None);
    assert_eq!(error.attempts().map(|a| a.count()), Some(1));
    let shown = error.to_string();
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert!(shown.contains(value.status().as_str()), "{shown}");
    value.status()
}

#[tokio::test]
async fn token_auth_sends_the_personal_access_token_the_user_agent_and_nothing_else() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let builder = builder(&server);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    let value = call(&client).await.expect("200 is success");

    assert_eq!(value.attempts().count(), 1);
    let request = server.single_request();
    assert_sent(&request);
    request.assert_credential(TOKEN_AUTHORIZATION, &client, PERSONAL_ACCESS_TOKEN);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the response", &value);
}

#[tokio::test]
async fn bearer_auth_sends_the_bearer_jwt_the_user_agent_and_nothing_else() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let builder = bare_builder(&server).bearer_auth(JWT);
    tests::assert_hides(JWT, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    let value = call(&client).await.expect("200 is success");

    assert_eq!(value.attempts().count(), 1);
    let request = server.single_request();
    assert_sent_with(&request, BEARER_AUTHORIZATION);
    request.assert_credential(BEARER_AUTHORIZATION, &client, JWT);
    tests::assert_hides(JWT, "the response", &value);
}

#[tokio::test]
async fn with_both_schemes_one_authorization_header_is_sent() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let builder = builder(&server).bearer_auth(JWT);
    tests::assert_hides(JWT, "the builder", &builder);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    call(&client).await.expect("200 is success");

    // The spec lists `BearerAuth` first: with both credentials, it is the one sent.
    let request = server.single_request();
    assert_sent_with(&request, BEARER_AUTHORIZATION);
    request.assert_credential(BEARER_AUTHORIZATION, &client, JWT);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the client", &client);
}

#[tokio::test]
async fn without_a_credential_nothing_is_sent_and_both_schemes_are_named() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = Client::new(&server.base_url()).expect("Client::new builds");

    let error = call(&client).await.expect_err("no credential was given");

    tests::assert_missing_credential(
        &error,
        "delete_token",
        "`BearerAuth` (`ClientBuilder::bearer_auth`), or `TokenAuth` (`ClientBuilder::token_auth`)",
    );
    server.assert_no_request();
}

#[tokio::test]
async fn credentials_from_env_reads_netbird_api_token_for_token_auth() {
    if !tests::with_env(
        module_path!(),
        "credentials_from_env_reads_netbird_api_token_for_token_auth",
        ENV,
        PERSONAL_ACCESS_TOKEN,
    ) {
        return;
    }
    let server = RecordingServer::start(Reply::status(200)).await;
    let from_env = bare_builder(&server)
        .credentials_from_env()
        .build()
        .expect("the client builds");
    // With a JWT given too, `BearerAuth` is still the one sent.
    let with_jwt = bare_builder(&server)
        .bearer_auth(JWT)
        .credentials_from_env()
        .build()
        .expect("the client builds");

    call(&from_env).await.expect("200 is success");
    call(&with_jwt).await.expect("200 is success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_sent(&requests[0]);
    assert_sent_with(&requests[1], BEARER_AUTHORIZATION);
    tests::assert_hides(PERSONAL_ACCESS_TOKEN, "the client", &from_env);
}

#[tokio::test]
async fn status_200_is_ok() {
    let server = RecordingServer::start(Reply::status(200).header("x-request-id", "req-200")).await;

    let value = call(&client(&server)).await.expect("200 is success");

    assert_eq!(value.status(), StatusCode::OK);
    assert_eq!(value.headers()["x-request-id"], "req-200");
    assert_sent(&server.single_request());
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
    let server = RecordingServer::start(
        Reply::status(403).json(&serde_json::json!({"message": "forbidden", "code": 403})),
    )
    .await;

    let error = expect_error(call(&client(&server)).await);

    assert_sent(&server.single_request());
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::FORBIDDEN);
    assert_eq!(value.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn a_500_is_retried_then_returned_as_documented() {
    let server = RecordingServer::start(Reply::status(500)).await;

    let error = expect_error(call(&client(&server)).await);

    assert!(matches!(error, Error::ErrorResponse(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests.iter().for_each(assert_sent);
}

#[tokio::test]
async fn undocumented_statuses_are_unexpected_responses() {
    // Only 200 is documented as success: a 204 (a plausible answer to a DELETE) is not `Ok`;
    // and 404 is not documented at all.
    for status in [StatusCode::NO_CONTENT, StatusCode::NOT_FOUND] {
        let server = RecordingServer::start(Reply::status(status.as_u16())).await;

        let error = expect_error(call(&client(&server)).await);

        assert_sent(&server.single_request());
        match error {
            Error::UnexpectedResponse(response) => {
                assert_eq!(response.status(), status);
                assert_eq!(response.body(), "");
            }
            other => panic!("{status}: expected Error::UnexpectedResponse, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn dangerous_user_ids_and_token_ids_are_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let client = client(&server);
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

    client(&server)
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
    for builder in [
        Client::builder(),
        Client::builder().token_auth(PERSONAL_ACCESS_TOKEN),
        Client::builder().bearer_auth(JWT),
    ] {
        let client = builder.build().expect("the spec has a server");

        assert_eq!(client.baseurl(), "https://api.netbird.io");
    }
}
