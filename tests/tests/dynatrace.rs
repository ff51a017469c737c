//! `dynatrace-cluster-client`, used as a downstream crate would, against a real HTTP server on
//! loopback: `DELETE /api/cluster/v2/tokens/{id}` (operation `deleteClusterToken`).
//!
//! Documented statuses: 204 (success), 400 and 404 (both with an `ErrorEnvelope` JSON body,
//! media type `application/json; charset=utf-8`). Authentication: security scheme `Api-Token`,
//! builder method `api_token`, sent as `Authorization: Api-Token <token>` and read from
//! `DYNATRACE_API_TOKEN` by `credentials_from_env`. The spec's only server, `https://{cluster}`,
//! has a variable: there is no default, `ClientBuilder::server(cluster)` fills it in. The id is
//! a string: values that would address another resource are refused, others percent-encoded.
//!
//! This file tests only what is Dynatrace's: the request its operation sends, its statuses and
//! their bodies, its security scheme, its server and its path parameter. What every generated
//! client does whatever its spec (retries, timeouts, lost responses, undocumented statuses,
//! secrets kept out of messages, base URL checks, …) is tested once, in the runtime crate's
//! tests (`runtime/tests/`).

use dynatrace_cluster_client::types::{ConstraintViolationParameterLocation, ErrorEnvelope};
use dynatrace_cluster_client::{
    BuildError, Client, ClientBuilder, ClientInfo, Error, ResponseValue, RetryPolicy,
};
use reqwest::StatusCode;
use tests::{
    AWKWARD_ID, AWKWARD_ID_ENCODED, FAST_BACKOFF, RecordedRequest, RecordingServer, Reply,
};

/// The example token ID from the provider's page (not a UUID: six groups and the letters `pj`).
const EXAMPLE_ID: &str = "4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
const EXPECTED_PATH: &str = "/api/cluster/v2/tokens/4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
const TOKEN: &str = "dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM";
/// `TOKEN` as the `Api-Token` scheme sends it.
const AUTHORIZATION: &str = "Api-Token dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM";
const ENV: &str = "DYNATRACE_API_TOKEN";
const USER_AGENT: &str = "dynatrace-cluster-client/0.1.0";
const ERROR_MEDIA_TYPE: &str = "application/json; charset=utf-8";

/// What the operation returns.
type CallResult = Result<ResponseValue<()>, Error<ErrorEnvelope>>;

/// A builder for `server`, with the API token and retries that cost milliseconds.
fn builder(server: &RecordingServer) -> ClientBuilder {
    Client::builder()
        .base_url(&server.base_url())
        .api_token(TOKEN)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
}

/// A client of [`builder`].
fn client(server: &RecordingServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// Deletes the example token.
async fn call(client: &Client) -> CallResult {
    client.delete_cluster_token(EXAMPLE_ID).await
}

/// Asserts that `request` is exactly the operation's for the example id: `DELETE` on its path,
/// with the API token, the crate's `User-Agent` and `Accept: application/json`, and nothing
/// else (no body, no `api-version`).
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

/// The error of a call that must fail, checked not to show the token.
fn expect_error(result: CallResult) -> Error<ErrorEnvelope> {
    match result {
        Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
        Err(error) => {
            tests::assert_error_hides(TOKEN, &error);
            error
        }
    }
}

/// Answers one call with `reply` and returns what the caller gets, checking the request.
async fn call_with_reply(reply: Reply) -> CallResult {
    let server = RecordingServer::start(reply).await;
    let result = call(&client(&server)).await;
    assert_sent(&server.single_request());
    result
}

/// A documented error answer with Dynatrace's envelope.
fn envelope(status: u16, body: &str) -> Reply {
    Reply::status(status)
        .header("content-type", ERROR_MEDIA_TYPE)
        .body(body.to_owned())
}

fn expect_error_response(result: CallResult) -> ResponseValue<ErrorEnvelope> {
    match expect_error(result) {
        Error::ErrorResponse(value) => value,
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn sends_the_api_token_the_user_agent_and_nothing_else() {
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
async fn without_the_api_token_nothing_is_sent_and_api_token_is_named() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&server.base_url()).expect("Client::new builds");

    let error = call(&client).await.expect_err("no credential was given");

    tests::assert_missing_credential(
        &error,
        "delete_cluster_token",
        "`Api-Token` (`ClientBuilder::api_token`)",
    );
    server.assert_no_request();
}

#[tokio::test]
async fn credentials_from_env_reads_dynatrace_api_token() {
    if !tests::with_env(
        module_path!(),
        "credentials_from_env_reads_dynatrace_api_token",
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
    let value = call_with_reply(Reply::status(204).header("x-request-id", "req-204"))
        .await
        .expect("204 is success");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    assert_eq!(value.headers()["x-request-id"], "req-204");
}

#[tokio::test]
async fn status_400_is_an_error_response_with_a_typed_envelope() {
    let body = r#"{"error":{"code":400,"message":"You can't delete the token you're using for authentication of the request.","constraintViolations":[{"location":"id","message":"must not be the token used for authentication","parameterLocation":"PATH","path":"id"}]}}"#;
    let error = expect_error(call_with_reply(envelope(400, body)).await);

    let shown = error.to_string();
    assert!(shown.contains("400"), "{shown}");
    assert!(
        shown.contains("You can't delete the token you're using"),
        "{shown}"
    );
    let Error::ErrorResponse(value) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(value.status(), StatusCode::BAD_REQUEST);
    assert_eq!(value.headers()["content-type"], ERROR_MEDIA_TYPE);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(400));
    assert_eq!(
        error.message.as_deref(),
        Some("You can't delete the token you're using for authentication of the request.")
    );
    assert_eq!(error.constraint_violations.len(), 1);
    let violation = &error.constraint_violations[0];
    assert_eq!(
        violation.parameter_location,
        Some(ConstraintViolationParameterLocation::Path)
    );
    assert_eq!(violation.location.as_deref(), Some("id"));
    assert_eq!(
        violation.message.as_deref(),
        Some("must not be the token used for authentication")
    );
    assert_eq!(violation.path.as_deref(), Some("id"));
}

#[tokio::test]
async fn status_404_is_an_error_response_with_the_providers_message() {
    let body = r#"{"error":{"code":404,"message":"Token not found"}}"#;
    let error = expect_error(call_with_reply(envelope(404, body)).await);

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.message().as_deref(), Some("Token not found"));
    let shown = error.to_string();
    assert!(
        shown.contains("404") && shown.contains("Token not found"),
        "{shown}"
    );
    let value = expect_error_response(Err(error));
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, Some(404));
    assert_eq!(error.message.as_deref(), Some("Token not found"));
    assert!(error.constraint_violations.is_empty());
}

#[tokio::test]
async fn status_404_with_a_minimal_envelope_is_typed() {
    // Every field of the envelope is optional: an empty error object is still typed.
    let value = expect_error_response(call_with_reply(envelope(404, r#"{"error":{}}"#)).await);

    assert_eq!(value.status(), StatusCode::NOT_FOUND);
    let error = value.into_inner().error.expect("the envelope has an error");
    assert_eq!(error.code, None);
    assert_eq!(error.message, None);
    assert!(error.constraint_violations.is_empty());
}

#[tokio::test]
async fn documented_status_with_a_body_that_is_not_json_is_an_invalid_payload() {
    let error = expect_error(
        call_with_reply(
            Reply::status(404)
                .header("content-type", "text/html")
                .body("<h1>Not Found</h1>"),
        )
        .await,
    );

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    match error {
        Error::InvalidResponsePayload { body, .. } => assert_eq!(body, "<h1>Not Found</h1>"),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_401_with_the_envelope_keeps_the_providers_message() {
    // The spec does not document 401, although the cluster answers a bad token with it, in
    // its envelope: the caller still gets the message.
    let body = r#"{"error":{"code":401,"message":"Token Authentication failed"}}"#;
    let error = expect_error(call_with_reply(envelope(401, body)).await);

    let shown = error.to_string();
    assert!(
        shown.contains("401") && shown.contains("Token Authentication failed"),
        "{shown}"
    );
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.body(), body);
    assert_eq!(
        response.message().as_deref(),
        Some("Token Authentication failed")
    );
}

#[tokio::test]
async fn dangerous_ids_are_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);

    tests::assert_dangerous_values_refused(
        &server,
        TOKEN,
        |id| client.delete_cluster_token(id),
        |error| matches!(error, Error::InvalidRequest(_)),
    )
    .await;
}

#[tokio::test]
async fn percent_encodes_the_id_as_one_path_segment() {
    let server = RecordingServer::start(Reply::status(204)).await;

    client(&server)
        .delete_cluster_token(AWKWARD_ID)
        .await
        .expect("204 is success");

    assert_eq!(
        server.single_request().path_and_query,
        format!("/api/cluster/v2/tokens/{AWKWARD_ID_ENCODED}")
    );
}

#[test]
fn the_cluster_must_be_given() {
    for builder in [Client::builder().api_token(TOKEN), Client::builder()] {
        match builder.build() {
            Err(error @ BuildError::NoBaseUrl { .. }) => {
                let shown = error.to_string();
                for part in ["https://{cluster}", "server(cluster)", "base_url(url)"] {
                    assert!(shown.contains(part), "{part:?} is not in {shown:?}");
                }
                tests::assert_error_hides(TOKEN, &error);
            }
            Err(other) => panic!("expected BuildError::NoBaseUrl, got {other:?}"),
            Ok(client) => panic!("a client without a server was built: {client:?}"),
        }
    }
}

#[test]
fn server_fills_in_the_cluster() {
    let client = Client::builder()
        .server("myManaged.cluster.com")
        .api_token(TOKEN)
        .build()
        .expect("the client builds");

    // Host names are case-insensitive: the URL parser writes them in lower case.
    assert!(
        client
            .baseurl()
            .eq_ignore_ascii_case("https://myManaged.cluster.com"),
        "{}",
        client.baseurl()
    );

    let client = Client::builder()
        .server("cluster.example.com:8443")
        .build()
        .expect("a host and port is one component");
    assert_eq!(client.baseurl(), "https://cluster.example.com:8443");
}

#[test]
fn a_cluster_that_is_not_one_host_is_refused() {
    for cluster in [
        "evil.com/x",
        "evil.com?x=1",
        "evil.com#x",
        "user@evil.com",
        "evil.com\\x",
        "my cluster",
        "",
    ] {
        match Client::builder().server(cluster).api_token(TOKEN).build() {
            Err(BuildError::ServerVariable { name, value }) => {
                assert_eq!(name, "cluster");
                assert_eq!(value, cluster);
            }
            Err(other) => panic!("{cluster:?}: expected BuildError::ServerVariable, got {other:?}"),
            Ok(client) => panic!("{cluster:?} was accepted: {client:?}"),
        }
    }
}

#[test]
fn base_url_replaces_the_cluster() {
    let client = Client::builder()
        .server("myManaged.cluster.com")
        .base_url("http://127.0.0.1:8080/")
        .build()
        .expect("the client builds");

    assert_eq!(client.baseurl(), "http://127.0.0.1:8080");
}
