//! `influxdb-cloud-dedicated-client`, used as a downstream crate would, against a real HTTP
//! server on loopback: `DELETE /accounts/{accountId}/clusters/{clusterId}/tokens/{tokenId}`
//! (operation `DeleteDatabaseToken`), under the server's path stem `/api/v0`.
//!
//! Documented statuses: 204 (success); 400, 401, 403, 404 and 500, each with an `Error` JSON
//! body `{code, message}` in which `code` repeats the status. Authentication: `Authorization:
//! Bearer <management token>`. The ids are UUIDs: no value of theirs can be empty, a dot segment
//! or need percent-encoding, so the path checks of the string-id clients do not apply.
//!
//! What every client does (credentials, retries, timeouts, secrets, base URLs) is tested by
//! [`tests::client_contract_tests!`], in module `contract`; this file tests what is InfluxDB's.

use influxdb_cloud_dedicated_client::{Client, ClientInfo, Error, RetryPolicy, types};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply};
use uuid::Uuid;

const ACCOUNT_ID: Uuid = Uuid::from_u128(0x0b5a_3c1e_7f42_4d8a_9e61_2c7b_d4f0_a913);
const CLUSTER_ID: Uuid = Uuid::from_u128(0x5d2e_8f90_1a3b_4c6d_8e7f_0a1b_2c3d_4e5f);
const TOKEN_ID: Uuid = Uuid::from_u128(0xf1e2_d3c4_b5a6_4978_8695_a4b3_c2d1_e0f9);
const MANAGEMENT_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYW5hZ2VtZW50In0.c2lnbmF0dXJl";
/// The path stem of the production server, `https://console.influxdata.com/api/v0`.
const STEM: &str = "/api/v0";
/// The account, cluster and token ids, each one segment in lower-case hyphenated form.
const EXPECTED_PATH: &str = "/api/v0/accounts/0b5a3c1e-7f42-4d8a-9e61-2c7bd4f0a913/clusters/5d2e8f90-1a3b-4c6d-8e7f-0a1b2c3d4e5f/tokens/f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9";

tests::client_contract_tests! {
    client_crate: influxdb_cloud_dedicated_client,
    error_body: types::Error,
    operation: "delete_database_token",
    call: |client| client.delete_database_token(&ACCOUNT_ID, &CLUSTER_ID, &TOKEN_ID),
    base_path: STEM,
    path: EXPECTED_PATH,
    accept: "application/json",
    success: 204,
    credential: |builder, secret| builder.bearer_auth_management_token(secret),
    secret: MANAGEMENT_TOKEN,
    scheme_prefix: "Bearer ",
    env: "INFLUX_MANAGEMENT_TOKEN",
    user_agent: "influxdb-cloud-dedicated-client/0.1.0",
    not_found: Reply::status(404).json(&serde_json::json!({"code": 404, "message": "token not found"}))
        => ErrorResponse,
}

/// Answers one call (no retries) with `reply` and returns the error the caller gets, checking
/// the request.
async fn error_for(reply: Reply) -> Error<types::Error> {
    let server = RecordingServer::start(reply).await;
    let client = contract::builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let result = contract::call(&client).await;
    contract::assert_sent(&server.single_request());
    contract::expect_error(result)
}

#[tokio::test]
async fn status_204_is_ok() {
    let server = RecordingServer::start(Reply::status(204).header("x-request-id", "req-204")).await;

    let value = contract::call(&contract::client(&server))
        .await
        .expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    assert_eq!(value.headers()["x-request-id"], "req-204");
    contract::assert_sent(&server.single_request());
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

    let error = contract::expect_error(contract::call(&contract::client(&server)).await);

    assert!(matches!(error, Error::ErrorResponse(_)), "{error:?}");
    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    assert_eq!(server.requests().len(), 3);
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
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = contract::give(
        Client::builder().base_url(&format!("{}{STEM}/", server.base_url())),
        MANAGEMENT_TOKEN,
    )
    .build()
    .expect("the client builds");

    contract::call(&client).await.expect("204 is success");

    contract::assert_sent(&server.single_request());
}

#[test]
fn the_default_server_is_the_specs() {
    let client = Client::builder().build().expect("the spec has a server");

    assert_eq!(client.baseurl(), "https://console.influxdata.com/api/v0");
}
