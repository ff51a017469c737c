//! `gcore-iam-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /iam/v2/clients/{clientId}/tokens/{tokenId}` (operation `iamDeleteApiTokenV2`).
//!
//! Documented statuses: 204 (success), 403 and 404, none of them with a body. Authentication:
//! security scheme `APIKey`, builder method `api_key`, sent as `Authorization: APIKey <token>`
//! and read from `GCORE_API_KEY` by `credentials_from_env`. The spec's server,
//! `https://api.gcore.com`, is the default. The ids are integers (`i64`): no value of theirs can
//! be empty, a dot segment or need percent-encoding, so the path checks of the string-id
//! clients do not apply.
//!
//! This file tests only what is Gcore's: the request its operation sends, its statuses, its
//! security scheme, its server and its path parameters. What every generated client does
//! whatever its spec (retries, timeouts, lost responses, undocumented statuses, secrets kept out
//! of messages, base URL checks, …) is tested once, in the runtime crate's tests
//! (`runtime/tests/`).

use gcore_iam_client::{Client, ClientBuilder, ClientInfo, Error, ResponseValue, RetryPolicy};
use reqwest::StatusCode;
use tests::{FAST_BACKOFF, RecordedRequest, RecordingServer, Reply};

const CLIENT_ID: i64 = 42;
const TOKEN_ID: i64 = 1_234_567;
const EXPECTED_PATH: &str = "/iam/v2/clients/42/tokens/1234567";
/// A current, `_`-separated Gcore API token.
const TOKEN: &str = "42_a1b2c3d4e5f60718293a4b5c6d7e8f90";
/// `TOKEN` as the `APIKey` scheme sends it.
const AUTHORIZATION: &str = "APIKey 42_a1b2c3d4e5f60718293a4b5c6d7e8f90";
const ENV: &str = "GCORE_API_KEY";
const USER_AGENT: &str = "gcore-iam-client/0.1.0";

/// What the operation returns.
type CallResult = Result<ResponseValue<()>, Error<()>>;

/// A builder for `server`, with the API key and retries that cost milliseconds.
fn builder(server: &RecordingServer) -> ClientBuilder {
    Client::builder()
        .base_url(&server.base_url())
        .api_key(TOKEN)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
}

/// A client of [`builder`].
fn client(server: &RecordingServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// Deletes token `TOKEN_ID` of client `CLIENT_ID`.
async fn call(client: &Client) -> CallResult {
    client.iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID).await
}

/// Asserts that `request` is exactly the operation's for the test ids: `DELETE` on its path,
/// with the API key, the crate's `User-Agent` and reqwest's `Accept: */*` (no documented
/// response has a body), and nothing else (no body, no `api-version`).
fn assert_sent(request: &RecordedRequest) {
    request.assert_exact("DELETE", EXPECTED_PATH, None);
    assert_eq!(request.header("authorization"), Some(AUTHORIZATION));
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(
        request.header_names(),
        ["accept", "authorization", "host", "user-agent"]
    );
    request.assert_no_body_and_no_api_version();
}

/// The error of a call that must fail, checked not to show the API key.
fn expect_error(result: CallResult) -> Error<()> {
    match result {
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
        Err(error) => {
            tests::assert_error_hides(TOKEN, &error);
            error
        }
    }
}

/// Answers one call with `reply` and returns the error the caller gets, checking the request.
async fn error_for(reply: Reply) -> Error<()> {
    let server = RecordingServer::start(reply).await;
    let result = call(&client(&server)).await;
    assert_sent(&server.single_request());
    expect_error(result)
}

#[tokio::test]
async fn sends_the_api_key_the_user_agent_and_nothing_else() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let builder = builder(&server);
    tests::assert_hides(TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    let value = call(&client).await.expect("204 is success");

    assert_eq!(value.attempts().count(), 1);
    let request = server.single_request();
    assert_sent(&request);
    request.assert_credential(AUTHORIZATION, &client, TOKEN);
    tests::assert_hides(TOKEN, "the response", &value);
}

#[tokio::test]
async fn without_the_api_key_nothing_is_sent_and_api_key_is_named() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).expect("Client::new builds");

    let error = call(&client).await.expect_err("no credential was given");

    tests::assert_missing_credential(
        &error,
        "iam_delete_api_token_v2",
        "`APIKey` (`ClientBuilder::api_key`)",
    );
    server.assert_no_request();
}

#[tokio::test]
async fn credentials_from_env_reads_gcore_api_key() {
    if !tests::with_env(
        module_path!(),
        "credentials_from_env_reads_gcore_api_key",
        ENV,
        TOKEN,
    ) {
        return;
    }
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::builder()
        .base_url(&server.base_url())
        .credentials_from_env()
        .build()
        .expect("the client builds");

    call(&client).await.expect("204 is success");

    assert_sent(&server.single_request());
    tests::assert_hides(TOKEN, "the client", &client);
}

#[tokio::test]
async fn status_204_is_ok() {
    let server = RecordingServer::start(Reply::status(204).header("x-request-id", "req-204")).await;

    let value = call(&client(&server)).await.expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    assert_eq!(value.headers()["x-request-id"], "req-204");
    assert_sent(&server.single_request());
}

#[tokio::test]
async fn statuses_403_and_404_are_error_responses() {
    for status in [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND] {
        let error = error_for(Reply::status(status.as_u16())).await;

        assert!(matches!(error, Error::ErrorResponse(_)), "{error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.message(), None);
        assert_eq!(error.attempts().map(|a| a.count()), Some(1));
        let shown = error.to_string();
        assert!(shown.contains(status.as_str()), "{shown}");
    }
}

#[tokio::test]
async fn documented_error_status_with_a_body_is_still_an_error_response() {
    // The spec documents no body for 403; one sent anyway is ignored, not a decoding failure.
    let error = error_for(
        Reply::status(403)
            .header("content-type", "application/json")
            .body(r#"{"message":"You do not have permission to perform this action."}"#),
    )
    .await;

    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::FORBIDDEN);
    assert_eq!(value.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn an_undocumented_401_keeps_the_providers_message() {
    // This spec does not document 401, although a server may well answer a bad key with it.
    let body = r#"{"message":"Invalid authorization token"}"#;
    let error = error_for(
        Reply::status(401)
            .header("content-type", "application/json")
            .body(body),
    )
    .await;

    let shown = error.to_string();
    assert!(
        shown.contains("401") && shown.contains("Invalid authorization token"),
        "{shown}"
    );
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.body(), body);
    assert_eq!(
        response.message().as_deref(),
        Some("Invalid authorization token")
    );
}

#[tokio::test]
async fn formats_integer_ids_in_decimal() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);

    client
        .iam_delete_api_token_v2(i64::MAX, 0)
        .await
        .expect("204 is success");
    client
        .iam_delete_api_token_v2(-1, i64::MIN)
        .await
        .expect("204 is success");

    let paths: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert_eq!(
        paths,
        [
            "/iam/v2/clients/9223372036854775807/tokens/0",
            "/iam/v2/clients/-1/tokens/-9223372036854775808",
        ]
    );
}

#[test]
fn the_default_server_is_the_specs() {
    for builder in [Client::builder(), Client::builder().api_key(TOKEN)] {
        let client = builder.build().expect("the spec has a server");

        assert_eq!(client.baseurl(), "https://api.gcore.com");
    }
}
