//! Responses: documented statuses typed, undocumented ones kept with their body text, and the
//! provider's message in errors.

use recording_server::{RecordingServer, Reply};
use reqwest::StatusCode;

use crate::generated::types::ExportWidgetSuccess;
use crate::generated::{Client, Error};
use crate::support::{assert_sent, base_url, call, client, expect_error};

#[tokio::test]
async fn a_documented_success_is_typed_with_its_status_and_headers() {
    let server = RecordingServer::start(
        Reply::status(200)
            .header("x-request-id", "req-200")
            .json(&serde_json::json!({"status": "ok", "extra": [1, 2]})),
    )
    .await;
    let client = Client::new(&base_url(&server)).expect("the client builds");

    let value = client.get_health().await.expect("the documented success");

    assert_eq!(value.status(), StatusCode::OK);
    assert_eq!(value.headers()["x-request-id"], "req-200");
    assert_eq!(value.attempts().count(), 1);
    assert_eq!(value.status, "ok");
    assert_eq!(value.into_inner().status, "ok");
}

#[tokio::test]
async fn a_documented_error_status_is_typed_with_the_providers_message() {
    let server = RecordingServer::start(
        Reply::status(404)
            .header("x-request-id", "req-404")
            .json(&serde_json::json!({"code": 404, "message": "Token not found"})),
    )
    .await;

    let error = expect_error(call(&client(&server)).await);

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.message().as_deref(), Some("Token not found"));
    let shown = error.to_string();
    assert!(
        shown.contains("404") && shown.contains("Token not found"),
        "{shown}"
    );
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::NOT_FOUND);
    assert_eq!(value.headers()["x-request-id"], "req-404");
    assert_eq!(value.attempts().count(), 1);
    let body = value.into_inner();
    assert_eq!(body.code, Some(404));
    assert_eq!(body.message.as_deref(), Some("Token not found"));
    assert_sent(&server.single_request());
}

#[tokio::test]
async fn a_documented_body_that_does_not_match_is_an_invalid_payload() {
    let server = RecordingServer::start(
        Reply::status(404)
            .header("content-type", "text/html")
            .body("<h1>Not Found</h1>"),
    )
    .await;

    let error = expect_error(call(&client(&server)).await);

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.attempts().map(|a| a.count()), Some(1));
    assert!(error.to_string().contains("404"), "{error}");
    match error {
        Error::InvalidResponsePayload { status, body, .. } => {
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(body, "<h1>Not Found</h1>");
        }
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }

    // A success body without a required field, too.
    server.set_reply(Reply::status(200).json(&serde_json::json!({"state": "ok"})));
    let client = Client::new(&base_url(&server)).expect("the client builds");
    let error = expect_error(client.get_health().await);
    assert!(
        matches!(
            error,
            Error::InvalidResponsePayload {
                status: StatusCode::OK,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_undocumented_status_keeps_its_status_headers_and_body() {
    let text = "I'm a teapot\nshort and stout";
    let server = RecordingServer::start(
        Reply::status(418)
            .header("content-type", "text/plain")
            .header("x-request-id", "req-418")
            .body(text),
    )
    .await;
    let client = client(&server);

    let error = expect_error(call(&client).await);

    assert_eq!(error.status(), Some(StatusCode::IM_A_TEAPOT));
    assert_eq!(error.message().as_deref(), Some("I'm a teapot"));
    let shown = error.to_string();
    assert!(
        shown.contains("418") && shown.contains("I'm a teapot"),
        "{shown}"
    );
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(response.headers()["x-request-id"], "req-418");
    assert_eq!(response.body(), text);
    assert_eq!(response.attempts().count(), 1);

    // A JSON body: the provider's message is found in it.
    server.set_reply(Reply::status(418).json(&serde_json::json!({
        "error": {"code": 418, "message": "no coffee here"}
    })));
    let error = expect_error(call(&client).await);

    assert!(matches!(error, Error::UnexpectedResponse(_)), "{error:?}");
    assert_eq!(error.message().as_deref(), Some("no coffee here"));
    let shown = error.to_string();
    assert!(
        shown.contains("418") && shown.contains("no coffee here"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_undocumented_success_status_is_an_error_too() {
    // `delete_token` documents 204 only: a 200 is not taken for it.
    let server = RecordingServer::start(Reply::status(200).body("done")).await;

    let error = expect_error(call(&client(&server)).await);

    let Error::UnexpectedResponse(response) = &error else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body(), "done");
}

#[tokio::test]
async fn responses_with_different_bodies_are_read_per_status() {
    let server = RecordingServer::start_sequence([
        Reply::status(202),
        Reply::status(200).json(&serde_json::json!({"name": "w", "size": 7})),
    ])
    .await;
    let client = Client::new(&base_url(&server)).expect("the client builds");

    let pending = client.export_widget("w1").await.expect("202 is documented");
    let ready = client.export_widget("w1").await.expect("200 is documented");

    assert_eq!(pending.status(), StatusCode::ACCEPTED);
    assert!(
        matches!(pending.into_inner(), ExportWidgetSuccess::Accepted),
        "202"
    );
    assert_eq!(ready.status(), StatusCode::OK);
    match ready.into_inner() {
        ExportWidgetSuccess::Ok(widget) => {
            assert_eq!(widget.name, "w");
            assert_eq!(widget.size, Some(7));
        }
        other => panic!("expected the widget, got {other:?}"),
    }
}
