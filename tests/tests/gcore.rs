//! `gcore-iam-client`, used as a downstream crate would, against a real HTTP server on loopback:
//! `DELETE /iam/v2/clients/{clientId}/tokens/{tokenId}` (operation `iamDeleteApiTokenV2`).
//!
//! Documented statuses: 204 (success), 403 and 404, none of them with a body. Authentication:
//! `Authorization: APIKey <token>`. The ids are integers (`i64`): no value of theirs can be
//! empty, a dot segment or need percent-encoding, so the path checks of the string-id clients
//! do not apply.
//!
//! What every client does (credentials, retries, timeouts, secrets, base URLs) is tested by
//! [`tests::client_contract_tests!`], in module `contract`; this file tests what is Gcore's.

use gcore_iam_client::{Client, ClientInfo, Error};
use reqwest::StatusCode;
use tests::{RecordingServer, Reply};

const CLIENT_ID: i64 = 42;
const TOKEN_ID: i64 = 1_234_567;
const EXPECTED_PATH: &str = "/iam/v2/clients/42/tokens/1234567";
/// A current, `_`-separated Gcore API token.
const TOKEN: &str = "42_a1b2c3d4e5f60718293a4b5c6d7e8f90";

tests::client_contract_tests! {
    client_crate: gcore_iam_client,
    error_body: (),
    operation: "iam_delete_api_token_v2",
    call: |client| client.iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID),
    base_path: "",
    path: EXPECTED_PATH,
    accept: "*/*",
    success: 204,
    credential: |builder, secret| builder.api_key(secret),
    secret: TOKEN,
    scheme_prefix: "APIKey ",
    env: "GCORE_API_KEY",
    user_agent: "gcore-iam-client/0.1.0",
    not_found: Reply::status(404) => ErrorResponse,
}

/// Answers one call with `reply` and returns the error the caller gets, checking the request.
async fn error_for(reply: Reply) -> Error<()> {
    let server = RecordingServer::start(reply).await;
    let result = contract::call(&contract::client(&server)).await;
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
async fn statuses_403_and_404_are_error_responses() {
    for status in [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND] {
        let error = error_for(Reply::status(status.as_u16())).await;

        assert!(matches!(error, Error::ErrorResponse(_)), "{error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.message(), None);
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
    let client = contract::client(&server);

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
    let client = Client::builder().build().expect("the spec has a server");

    assert_eq!(client.baseurl(), "https://api.gcore.com");
}
