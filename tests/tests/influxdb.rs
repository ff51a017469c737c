//! `influxdb-cloud-dedicated-client`, used as a downstream crate would, against a real HTTP
//! server on loopback: `DELETE /accounts/{accountId}/clusters/{clusterId}/tokens/{tokenId}`
//! (operation `DeleteDatabaseToken`), under the server's path stem `/api/v0`.
//!
//! Documented statuses: 204 (success); 400, 401, 403, 404 and 500, each with an `Error` JSON
//! body `{code, message}` in which `code` repeats the status. Authentication: security scheme
//! `bearerAuthManagementToken`, builder method `bearer_auth_management_token`, sent as
//! `Authorization: Bearer <management token>` and read from `INFLUX_MANAGEMENT_TOKEN` by
//! `credentials_from_env`. The spec's server, `https://console.influxdata.com/api/v0`, is the
//! default. The ids are UUIDs: no value of theirs can be empty, a dot segment or need
//! percent-encoding, so the path checks of the string-id clients do not apply.
//!
//! This file tests only what is InfluxDB's: the request its operation sends, its statuses and
//! their bodies, its security scheme, its server and its path stem. What every generated client
//! does whatever its spec (retries, timeouts, lost responses, undocumented statuses, secrets kept
//! out of messages, base URL checks, …) is tested once, in the runtime crate's tests
//! (`runtime/tests/`).

use influxdb_cloud_dedicated_client::{
    Client, ClientBuilder, ClientInfo, Error, ResponseValue, RetryPolicy, types,
};
use reqwest::StatusCode;
use tests::{FAST_BACKOFF, RecordedRequest, RecordingServer, Reply};
use uuid::Uuid;

const ACCOUNT_ID: Uuid = Uuid::from_u128(0x0b5a_3c1e_7f42_4d8a_9e61_2c7b_d4f0_a913);
const CLUSTER_ID: Uuid = Uuid::from_u128(0x5d2e_8f90_1a3b_4c6d_8e7f_0a1b_2c3d_4e5f);
const TOKEN_ID: Uuid = Uuid::from_u128(0xf1e2_d3c4_b5a6_4978_8695_a4b3_c2d1_e0f9);
const MANAGEMENT_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYW5hZ2VtZW50In0.c2lnbmF0dXJl";
/// `MANAGEMENT_TOKEN` as the `bearerAuthManagementToken` scheme sends it.
const AUTHORIZATION: &str = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYW5hZ2VtZW50In0.c2lnbmF0dXJl";
const ENV: &str = "INFLUX_MANAGEMENT_TOKEN";
const USER_AGENT: &str = "influxdb-cloud-dedicated-client/0.1.0";
/// The path stem of the production server, `https://console.influxdata.com/api/v0`.
const STEM: &str = "/api/v0";
/// The account, cluster and token ids, each one segment in lower-case hyphenated form.
const EXPECTED_PATH: &str = "/api/v0/accounts/0b5a3c1e-7f42-4d8a-9e61-2c7bd4f0a913/clusters/5d2e8f90-1a3b-4c6d-8e7f-0a1b2c3d4e5f/tokens/f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9";

/// What the operation returns.
type CallResult = Result<ResponseValue<()>, Error<types::Error>>;

/// The base URL of `server`, with the API's path stem.
fn base_url(server: &RecordingServer) -> String {
    format!("{}{STEM}", server.base_url())
}

/// A builder for `server` (with the path stem), with the management token and retries that
/// cost milliseconds.
fn builder(server: &RecordingServer) -> ClientBuilder {
    Client::builder()
        .base_url(&base_url(server))
        .bearer_auth_management_token(MANAGEMENT_TOKEN)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
}

/// A client of [`builder`].
fn client(server: &RecordingServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// Deletes the test token.
async fn call(client: &Client) -> CallResult {
    client
        .delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID)
        .await
}

/// Asserts that `request` is exactly the operation's for the test ids: `DELETE` on its path
/// under the stem, with the management token, the crate's `User-Agent` and
/// `Accept: application/json`, and nothing else (no body, no `api-version`).
fn assert_sent(request: &RecordedRequest) {
    request.assert_exact("DELETE", EXPECTED_PATH, None);
    assert_eq!(request.header("authorization"), Some(AUTHORIZATION));
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header_names(),
        ["accept", "authorization", "host", "user-agent"]
    );
    request.assert_no_body_and_no_api_version();
}

/// The error of a call that must fail, checked not to show the management token.
fn expect_error(result: CallResult) -> Error<types::Error> {
    match result {
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
        Err(error) => {
            tests::assert_error_hides(MANAGEMENT_TOKEN, &error);
            error
        }
    }
}

/// Answers one call (no retries) with `reply` and returns the error the caller gets, checking
/// the request.
async fn error_for(reply: Reply) -> Error<types::Error> {
    let server = RecordingServer::start(reply).await;
    let client = builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let result = call(&client).await;
    assert_sent(&server.single_request());
    expect_error(result)
}

#[tokio::test]
async fn sends_the_management_token_the_user_agent_and_nothing_else() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let builder = builder(&server);
    tests::assert_hides(MANAGEMENT_TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    let value = call(&client).await.expect("204 is success");

    assert_eq!(value.attempts().count(), 1);
    let request = server.single_request();
    assert_sent(&request);
    request.assert_credential(AUTHORIZATION, &client, MANAGEMENT_TOKEN);
    tests::assert_hides(MANAGEMENT_TOKEN, "the response", &value);
}

#[tokio::test]
async fn without_the_management_token_nothing_is_sent_and_its_method_is_named() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&base_url(&server)).expect("Client::new builds");

    let error = call(&client).await.expect_err("no credential was given");

    tests::assert_missing_credential(
        &error,
        "delete_database_token",
        "`bearerAuthManagementToken` (`ClientBuilder::bearer_auth_management_token`)",
    );
    server.assert_no_request();
}

#[tokio::test]
async fn credentials_from_env_reads_influx_management_token() {
    if !tests::with_env(
        module_path!(),
        "credentials_from_env_reads_influx_management_token",
        ENV,
        MANAGEMENT_TOKEN,
    ) {
        return;
    }
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::builder()
        .base_url(&base_url(&server))
        .credentials_from_env()
        .build()
        .expect("the client builds");

    call(&client).await.expect("204 is success");

    assert_sent(&server.single_request());
    tests::assert_hides(MANAGEMENT_TOKEN, "the client", &client);
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
async fn documented_error_statuses_are_typed_with_the_providers_message() {
    for (status, message) in [
        (400, "bad request"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not found"),
        (500, "internal server error"),
    ] {
        let body = serde_json::json!({ "code": status, "message": message });
        let error = error_for(Reply::status(status).json(&body)).await;

        assert_eq!(error.message().as_deref(), Some(message));
        assert_eq!(error.attempts().map(|a| a.count()), Some(1));
        let shown = error.to_string();
        assert!(
            shown.contains(&status.to_string()) && shown.contains(message),
            "{shown}"
        );
        let Error::ErrorResponse(value) = error else {
            panic!("{status}: expected Error::ErrorResponse, got {error:?}");
        };
        assert_eq!(value.status().as_u16(), status);
        let error = value.into_inner();
        assert_eq!(error.code, i64::from(status));
        assert_eq!(error.message, message);
    }
}

#[tokio::test]
async fn a_500_is_retried_then_returned_typed() {
    let body = serde_json::json!({"code": 500, "message": "internal server error"});
    let server = RecordingServer::start(Reply::status(500).json(&body)).await;

    let error = expect_error(call(&client(&server)).await);

    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(value.into_inner().message, "internal server error");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests.iter().for_each(assert_sent);
}

#[tokio::test]
async fn documented_error_status_with_a_body_that_is_not_the_error_schema() {
    // A documented status whose body does not match `Error` (here an HTML page from a proxy)
    // is not an `ErrorResponse`: the caller gets `InvalidResponsePayload` with the raw body,
    // the status and the attempts.
    let html = "<html><body>403 Forbidden</body></html>";
    let error = error_for(
        Reply::status(403)
            .header("content-type", "text/html")
            .body(html),
    )
    .await;

    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.attempts().map(|a| a.count()), Some(1));
    match error {
        Error::InvalidResponsePayload { body, .. } => assert_eq!(body, html.as_bytes()),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn the_path_stem_is_kept_with_or_without_a_trailing_slash() {
    for slash in ["/", ""] {
        let server = RecordingServer::start(Reply::status(204)).await;
        let client = Client::builder()
            .base_url(&format!("{}{slash}", base_url(&server)))
            .bearer_auth_management_token(MANAGEMENT_TOKEN)
            .build()
            .expect("the client builds");
        assert_eq!(client.baseurl(), format!("{}{STEM}", server.base_url()));

        call(&client).await.expect("204 is success");

        assert_sent(&server.single_request());
    }
}

#[test]
fn the_default_server_is_the_specs() {
    for builder in [
        Client::builder(),
        Client::builder().bearer_auth_management_token(MANAGEMENT_TOKEN),
    ] {
        let client = builder.build().expect("the spec has a server");

        assert_eq!(client.baseurl(), "https://console.influxdata.com/api/v0");
    }
}
