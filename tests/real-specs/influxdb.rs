//! The client generated from InfluxData's published Cloud Dedicated management API document
//! (OpenAPI 3.1, 15 operations, each with responses of different bodies), used over a real
//! socket: one operation per HTTP method, two with a JSON body. `tests/tests/real_specs.rs`
//! copies this file into the generated crate as `tests/loopback.rs` and runs it there.

use std::time::Duration;

use real_influxdb3_cloud_dedicated_management_openapi::{Client, RetryPolicy, types};
use serde_json::{Value, json};
use recording_server::{RecordedRequest, RecordingServer, Reply};

const TOKEN: &str = "management-token-0123456789";
const ACCOUNT: &str = "11111111-1111-4111-8111-111111111111";
const CLUSTER: &str = "22222222-2222-4222-8222-222222222222";
const TOKEN_ID: &str = "33333333-3333-4333-8333-333333333333";

fn client(server: &RecordingServer) -> Client {
    Client::builder()
        // The spec's server is `https://{baseurl}/api/v0`.
        .base_url(&format!("{}/api/v0", server.base_url()))
        .bearer_auth_management_token(TOKEN)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

fn uuid(text: &str) -> types::UuidV4 {
    serde_json::from_value(json!(text)).expect("a UUID")
}

fn token(description: &str) -> Value {
    json!({
        "accountId": ACCOUNT, "clusterId": CLUSTER, "id": TOKEN_ID,
        "accessToken": format!("apiv1_{}", "s".repeat(64)), "createdAt": "2026-12-01T10:00:00Z",
        "description": description,
        "permissions": [{"action": "read", "resource": "telemetry"}],
    })
}

fn assert_sent(request: &RecordedRequest, method: &str, path: &str, body: Option<Value>) {
    request.assert_exact(method, path, body.as_ref());
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        request.header("user-agent"),
        Some("real-influxdb3-cloud-dedicated-management-openapi/0.1.0")
    );
    assert_eq!(request.header("accept"), Some("application/json"));
}

fn tokens_path() -> String {
    format!("/api/v0/accounts/{ACCOUNT}/clusters/{CLUSTER}/tokens")
}

#[tokio::test]
async fn get_lists_database_tokens() {
    let server = RecordingServer::start(Reply::status(200).json(&json!([token("ci")]))).await;
    let listed = client(&server)
        .get_database_tokens(&uuid(ACCOUNT), &uuid(CLUSTER))
        .await
        .expect("200")
        .into_inner();
    assert!(
        matches!(listed, types::GetDatabaseTokensSuccess::Ok(_)),
        "{listed:?}"
    );
    assert_sent(&server.single_request(), "GET", &tokens_path(), None);
}

#[tokio::test]
async fn post_creates_a_database_token_from_a_json_body() {
    let server = RecordingServer::start(Reply::status(200).json(&token("ci"))).await;
    let request =
        json!({"description": "ci", "permissions": [{"action": "read", "resource": "telemetry"}]});
    let body: types::CreateDatabaseTokenBody =
        serde_json::from_value(request.clone()).expect("a body");
    let created = client(&server)
        .create_database_token(&uuid(ACCOUNT), &uuid(CLUSTER), &body)
        .await
        .expect("200")
        .into_inner();
    let types::CreateDatabaseTokenSuccess::Ok(created) = created;
    assert_eq!(created.id.0.to_string(), TOKEN_ID);
    assert_sent(
        &server.single_request(),
        "POST",
        &tokens_path(),
        Some(request),
    );
}

#[tokio::test]
async fn patch_updates_a_database_token() {
    let server = RecordingServer::start(Reply::status(200).json(&token("renamed"))).await;
    let body: types::UpdateDatabaseTokenBody =
        serde_json::from_value(json!({"description": "renamed"})).expect("a body");
    client(&server)
        .update_database_token(&uuid(ACCOUNT), &uuid(CLUSTER), &uuid(TOKEN_ID), &body)
        .await
        .expect("200");
    let path = format!("{}/{TOKEN_ID}", tokens_path());
    assert_sent(
        &server.single_request(),
        "PATCH",
        &path,
        Some(json!({"description": "renamed"})),
    );
}

#[tokio::test]
async fn delete_removes_a_database_token_and_errors_are_typed_per_status() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let deleted = client(&server)
        .delete_database_token(&uuid(ACCOUNT), &uuid(CLUSTER), &uuid(TOKEN_ID))
        .await
        .expect("204")
        .into_inner();
    assert!(matches!(
        deleted,
        types::DeleteDatabaseTokenSuccess::NoContent
    ));
    let path = format!("{}/{TOKEN_ID}", tokens_path());
    assert_sent(&server.single_request(), "DELETE", &path, None);

    let server = RecordingServer::start(
        Reply::status(404).json(&json!({"code": 404, "message": "token not found"})),
    )
    .await;
    let error = client(&server)
        .delete_database_token(&uuid(ACCOUNT), &uuid(CLUSTER), &uuid(TOKEN_ID))
        .await
        .expect_err("404");
    assert!(
        error.to_string().contains("404 Not Found: token not found"),
        "{error}"
    );
}
