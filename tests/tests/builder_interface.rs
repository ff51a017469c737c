//! A client generated in the builder style (`[interface] style = "builder"` in
//! `tests/openapi31/fixtures/builder_interface.toml`), used as a downstream crate would, over a
//! real socket: every parameter set through its builder method, optional ones left out or
//! given, and each checked on the wire (path, query, headers, credential, body); a required
//! parameter left out is refused before anything is sent.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use openapi31_fixtures::builder_interface::{self, Client, Error, types};
use serde_json::json;
use tests::{AWKWARD_ID, AWKWARD_ID_ENCODED, RecordingServer, Reply};

const TOKEN: &str = "s3cr3t-bearer";

fn client(server: &RecordingServer) -> Client {
    Client::builder()
        .base_url(&server.base_url())
        .bearer(TOKEN)
        .build()
        .unwrap()
}

#[tokio::test]
async fn required_parameters_alone_send_only_them() {
    let server = RecordingServer::start(Reply::status(200).json(&json!([]))).await;
    let client = client(&server);
    let tokens = client
        .list_tokens()
        .user_id(AWKWARD_ID)
        .limit(std::num::NonZeroU32::new(5).unwrap())
        .x_request_id("req-1")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(tokens.is_empty());

    let request = server.single_request();
    request.assert_exact(
        "GET",
        &format!("/users/{AWKWARD_ID_ENCODED}/tokens?limit=5"),
        None,
    );
    assert_eq!(request.header("x-request-id"), Some("req-1"));
    assert_eq!(request.header("x-trace"), None);
    assert_eq!(request.header("api-version"), None);
    request.assert_credential(&format!("Bearer {TOKEN}"), &client, TOKEN);
}

#[tokio::test]
async fn optional_parameters_are_sent_in_their_style() {
    let answer =
        json!([{"id": "6f1d8a80-1b5e-4f61-9a55-3c8b8d1a2b3c", "name": "ci", "expires": null}]);
    let server = RecordingServer::start(Reply::status(200).json(&answer)).await;
    let client = client(&server);
    let tokens = client
        .list_tokens()
        .user_id("u1")
        .limit(std::num::NonZeroU32::new(10).unwrap())
        .name("ci token")
        .tags(vec!["a".to_string(), "b".to_string()])
        .x_request_id("req-2")
        .x_trace("t-9")
        .send()
        .await
        .unwrap()
        .into_inner();
    // `[types] derives = ["PartialEq"]`, and `TokenId` replaced by `::uuid::Uuid`.
    assert_eq!(
        tokens,
        vec![types::Token {
            id: uuid::Uuid::parse_str("6f1d8a80-1b5e-4f61-9a55-3c8b8d1a2b3c").unwrap(),
            name: "ci".to_string(),
            expires: None,
        }]
    );

    let request = server.single_request();
    // `tags` has `explode: false`: one comma-separated value (the comma encoded), as the
    // runtime writes it.
    request.assert_exact(
        "GET",
        "/users/u1/tokens?limit=10&name=ci+token&tags=a%2Cb",
        None,
    );
    assert_eq!(request.header("x-request-id"), Some("req-2"));
    assert_eq!(request.header("x-trace"), Some("t-9"));
    request.assert_credential(&format!("Bearer {TOKEN}"), &client, TOKEN);
}

#[tokio::test]
async fn a_body_is_built_field_by_field() {
    let answer = json!({"id": "6f1d8a80-1b5e-4f61-9a55-3c8b8d1a2b3c", "name": "ci"});
    let server = RecordingServer::start(Reply::status(201).json(&answer)).await;
    let client = client(&server);
    let token = client
        .create_token()
        .user_id("u1")
        .body(types::NewToken::builder().name("ci").expires(30))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(token.name, "ci");
    let request = server.single_request();
    request.assert_exact(
        "POST",
        "/users/u1/tokens",
        Some(&json!({"name": "ci", "expires": 30})),
    );
}

#[tokio::test]
async fn a_renamed_operation_sends_its_path_and_reads_its_errors() {
    let server = RecordingServer::start(Reply::status(404).json(&json!({"message": "gone"}))).await;
    let client = client(&server);
    // `[methods.rename] deleteToken = "remove_token"`.
    let error = client
        .remove_token()
        .user_id("u1")
        .token_id(uuid::Uuid::nil())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::ErrorResponse(response) => {
            assert_eq!(response.status(), 404);
            assert_eq!(response.message, "gone");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let request = server.single_request();
    request.assert_exact(
        "DELETE",
        "/users/u1/tokens/00000000-0000-0000-0000-000000000000",
        None,
    );
    request.assert_no_body_and_no_api_version();
}

#[tokio::test]
async fn a_required_parameter_left_out_is_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(200).json(&json!([]))).await;
    let client = client(&server);
    let error = client
        .list_tokens()
        .user_id("u1")
        .x_request_id("req-3")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(message) if message.contains("limit")),
        "{error:?}"
    );
    server.assert_no_request();
}

#[tokio::test]
async fn a_multipart_upload_reads_each_status_as_its_variant() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);
    let upload = || {
        client
            .upload_avatar()
            .user_id("u1")
            .body(
                types::UploadAvatarBody::builder()
                    .file(builder_interface::File::new(*b"PNG").with_name("me.png"))
                    .caption(Some("me".to_string())),
            )
            .send()
    };
    let stored = upload().await.unwrap().into_inner();
    assert!(matches!(stored, types::UploadAvatarSuccess::NoContent));
    let request = server.single_request();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.path_and_query, "/users/u1/avatar");
    let content_type = request.header("content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("name=\"file\"; filename=\"me.png\"")
            && body.contains("PNG")
            && body.contains("name=\"caption\""),
        "{body}"
    );

    server.set_reply(
        Reply::status(200)
            .json(&json!({"id": "6f1d8a80-1b5e-4f61-9a55-3c8b8d1a2b3c", "name": "ci"})),
    );
    let replaced = upload().await.unwrap().into_inner();
    assert!(matches!(replaced, types::UploadAvatarSuccess::Ok(token) if token.name == "ci"));
}
