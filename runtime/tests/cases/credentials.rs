//! Credentials: where each scheme's goes, which operations get which, the `User-Agent`, the
//! environment, credentials that cannot be sent, and secrets that never show.

use std::time::Duration;

use recording_server::{
    FAST_BACKOFF, RecordingServer, Reply, assert_error_hides, assert_hides, with_env,
};

use crate::generated::types::Widget;
use crate::generated::{BuildError, Client, Error, RetryPolicy};
use crate::support::{
    BEARER, PASSWORD, QUERY_KEY, SESSION, TOKEN, TOKEN_ENV, USER, USER_AGENT,
    assert_debug_hides_secrets, assert_hides_secrets, assert_sent, authorization, base_url,
    builder, builder_with_every_credential, call, expect_error,
};

#[tokio::test]
async fn sends_the_credential_and_the_user_agent() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let builder = builder(&server);
    assert_hides(TOKEN, "the builder", &builder);
    let client = builder.build().expect("the client builds");

    let value = call(&client).await.expect("the documented success");

    assert_eq!(value.status(), 204);
    assert_eq!(value.attempts().count(), 1);
    assert!(value.attempts().retries().is_empty());
    let request = server.single_request();
    assert_sent(&request);
    request.assert_credential(&authorization(TOKEN), &client, TOKEN);
    assert_hides(TOKEN, "the response", &value);
}

#[tokio::test]
async fn a_custom_http_client_still_sends_the_credential_and_the_user_agent() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let http = reqwest::Client::builder()
        .user_agent("someone-else/9.9")
        .build()
        .expect("the reqwest client builds");
    let client = builder(&server)
        .http_client(http)
        .build()
        .expect("the client builds");

    call(&client).await.expect("the documented success");

    assert_sent(&server.single_request());
}

#[tokio::test]
async fn without_a_credential_nothing_is_sent() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let url = base_url(&server);
    let clients = [
        Client::new(&url).expect("Client::new builds"),
        Client::new_with_client(&url, reqwest::Client::new())
            .expect("Client::new_with_client builds"),
        Client::builder()
            .base_url(&url)
            .build()
            .expect("the client builds"),
        // Credentials of schemes the operation does not accept do not stand in for its own.
        Client::builder()
            .base_url(&url)
            .bearer_auth(BEARER)
            .query_key(QUERY_KEY)
            .session_cookie(SESSION)
            .basic_auth(USER, PASSWORD)
            .build()
            .expect("the client builds"),
    ];
    for client in &clients {
        let error = expect_error(call(client).await);
        match &error {
            Error::MissingCredential {
                operation,
                accepted,
            } => {
                assert_eq!(*operation, "delete_token");
                assert_eq!(accepted, "`ApiToken` (`ClientBuilder::api_token`)");
            }
            other => panic!("expected Error::MissingCredential, got {other:?}"),
        }
        assert_eq!(error.status(), None);
        assert!(error.attempts().is_none());
        let shown = error.to_string();
        assert!(
            shown.contains("delete_token") && shown.contains("ClientBuilder::api_token"),
            "{shown}"
        );
    }
    server.assert_no_request();
}

#[tokio::test]
async fn credentials_from_env_without_the_variable_gives_no_credential() {
    if std::env::var_os(TOKEN_ENV).is_some() {
        eprintln!("skipped: {TOKEN_ENV} is set in this environment");
        return;
    }
    from_env_is_no_credential().await;
}

#[tokio::test]
async fn credentials_from_env_reads_the_variable() {
    if !with_env(
        module_path!(),
        "credentials_from_env_reads_the_variable",
        TOKEN_ENV,
        TOKEN,
    ) {
        return;
    }
    let server = RecordingServer::start(Reply::status(204)).await;
    let url = base_url(&server);
    let from_env = Client::builder()
        .base_url(&url)
        .credentials_from_env()
        .build()
        .expect("the client builds");
    // A credential given to the builder is not replaced by the variable, before or after.
    let explicit_first = Client::builder()
        .base_url(&url)
        .api_token("explicit-credential")
        .credentials_from_env()
        .build()
        .expect("the client builds");
    let explicit_after = Client::builder()
        .base_url(&url)
        .credentials_from_env()
        .api_token("explicit-credential")
        .build()
        .expect("the client builds");

    call(&from_env).await.expect("the documented success");
    call(&explicit_first).await.expect("the documented success");
    call(&explicit_after).await.expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_sent(&requests[0]);
    for request in &requests[1..] {
        assert_eq!(
            request.header("authorization"),
            Some(authorization("explicit-credential").as_str())
        );
    }
    assert_hides(TOKEN, "the client", &from_env);
}

#[tokio::test]
async fn credentials_from_env_ignores_an_empty_variable() {
    if !with_env(
        module_path!(),
        "credentials_from_env_ignores_an_empty_variable",
        TOKEN_ENV,
        "",
    ) {
        return;
    }
    from_env_is_no_credential().await;
}

/// A client built with `credentials_from_env()` while the variable gives no credential builds,
/// and refuses to send an operation that needs one.
async fn from_env_is_no_credential() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::builder()
        .base_url(&base_url(&server))
        .credentials_from_env()
        .build()
        .expect("no credential is not a bad one: the client builds");

    let result = call(&client).await;

    assert!(
        matches!(result, Err(Error::MissingCredential { .. })),
        "{result:?}"
    );
    server.assert_no_request();
}

#[test]
fn a_credential_no_header_can_carry_fails_to_build() {
    for bad in [
        format!("{TOKEN}\r\nX-Injected: yes"),
        format!("{TOKEN}\n"),
        format!("\0{TOKEN}"),
        // Raw UTF-8 in a header is no text a server reads reliably.
        format!("{TOKEN}\u{e9}"),
        String::new(),
        "   ".to_owned(),
    ] {
        let builder = Client::builder()
            .base_url("http://127.0.0.1:9")
            .api_token(bad.as_str());
        // Every text contains the empty one: only a real secret can be looked for.
        let secret = if bad.trim().is_empty() {
            TOKEN
        } else {
            bad.as_str()
        };
        assert_hides(secret, "the builder", &builder);
        match builder.build() {
            Err(error @ BuildError::Credential { .. }) => {
                assert_error_hides(secret, &error);
                let shown = error.to_string();
                assert!(
                    shown.contains("ApiToken") && shown.contains("api_token"),
                    "{shown}"
                );
            }
            Err(other) => panic!("expected BuildError::Credential, got {other:?}"),
            Ok(client) => panic!("{bad:?} was accepted: {client:?}"),
        }
    }
}

#[test]
fn a_credential_that_cannot_be_sent_fails_to_build_whatever_its_place() {
    let secret = "cannot-be-sent-0a9f";
    let bad = format!("{secret}\r\nX-Injected: yes");
    let builders = [
        ("BearerAuth", Client::builder().bearer_auth(bad.as_str())),
        (
            "SessionCookie",
            Client::builder().session_cookie(bad.as_str()),
        ),
        ("QueryKey", Client::builder().query_key(bad.as_str())),
        ("QueryKey", Client::builder().query_key("")),
    ];
    for (scheme, builder) in builders {
        match builder.base_url("http://127.0.0.1:9").build() {
            Err(error @ BuildError::Credential { .. }) => {
                assert_error_hides(secret, &error);
                assert!(error.to_string().contains(scheme), "{error}");
            }
            Err(other) => panic!("{scheme}: expected BuildError::Credential, got {other:?}"),
            Ok(client) => panic!("{scheme}: {bad:?} was accepted: {client:?}"),
        }
    }
}

#[tokio::test]
async fn the_query_key_goes_into_the_query_of_its_operations_only() {
    let server = RecordingServer::start_sequence([
        Reply::status(200).json(&serde_json::json!({"name": "w"})),
        Reply::status(200).json(&serde_json::json!([])),
    ])
    .await;
    // Characters that mean something in a query are encoded, not taken for its syntax.
    let key = "k3y&x=1 \u{e9}+#";
    let client = builder_with_every_credential(&server)
        .query_key(key)
        .build()
        .expect("the client builds");

    client
        .get_widget("w1", None)
        .await
        .expect("the documented success");
    client
        .list_widgets(None, None)
        .await
        .expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].path_and_query,
        "/v1/widgets/w1?api_key=k3y%26x%3D1+%C3%A9%2B%23"
    );
    assert_eq!(requests[0].header("authorization"), None);
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(requests[0].header("user-agent"), Some(USER_AGENT));
    // An operation that does not accept the key does not get it.
    assert_eq!(requests[1].path_and_query, "/v1/widgets");
    assert_hides(key, "the client", &client);
}

#[tokio::test]
async fn a_failed_request_does_not_show_the_query_key_of_its_url() {
    let server = RecordingServer::start(Reply::hang()).await;
    let client = Client::builder()
        .base_url(&base_url(&server))
        .query_key(QUERY_KEY)
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(FAST_BACKOFF)
                .with_max_attempts(2),
        )
        .timeout(Duration::from_millis(100))
        .build()
        .expect("the client builds");

    let error = expect_error(client.get_widget("w1", None).await);

    assert!(
        matches!(&error, Error::CommunicationError(cause, _) if cause.is_timeout()),
        "{error:?}"
    );
    assert_eq!(error.attempts().map(|a| a.count()), Some(2));
    assert_eq!(server.requests().len(), 2);
    assert!(
        server.requests()[0].path_and_query.contains(QUERY_KEY),
        "the key was sent"
    );

    // Nothing listening (port 9, outside the range the OS gives the tests' servers): the
    // connection is refused.
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/v1")
        .query_key(QUERY_KEY)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let error = expect_error(client.get_widget("w1", None).await);
    assert!(matches!(&error, Error::CommunicationError(..)), "{error:?}");
}

#[tokio::test]
async fn the_session_cookie_goes_into_the_cookie_header_of_its_operations_only() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    client.get_session().await.expect("the documented success");
    client.get_status().await.expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_exact("GET", "/v1/session", None);
    assert_eq!(
        requests[0].header("cookie"),
        Some(format!("session={SESSION}").as_str())
    );
    assert_eq!(requests[0].header("authorization"), None);
    assert_eq!(requests[0].header("user-agent"), Some(USER_AGENT));
    assert_eq!(requests[1].header("cookie"), None);
    assert_debug_hides_secrets("the client", &client);
}

#[tokio::test]
async fn http_basic_sends_the_user_and_password_in_base64() {
    let server =
        RecordingServer::start(Reply::status(200).json(&serde_json::json!({"name": "w"}))).await;
    let widget = Widget {
        name: "w".to_owned(),
        size: Some(3),
    };
    // RFC 7617's examples: `Aladdin:open sesame`, and UTF-8 `test:123£`.
    for (user, password) in [("Aladdin", "open sesame"), ("test", "123\u{a3}")] {
        let client = builder_with_every_credential(&server)
            .basic_auth(user, password)
            .build()
            .expect("the client builds");
        assert_hides(password, "the client", &client);

        client
            .put_widget("w1", &widget)
            .await
            .expect("the documented success");
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for (request, expected) in requests.iter().zip([
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "Basic dGVzdDoxMjPCow==",
    ]) {
        request.assert_exact(
            "PUT",
            "/v1/widgets/w1",
            Some(&serde_json::json!({"name": "w", "size": 3})),
        );
        assert_eq!(request.header("authorization"), Some(expected));
        assert_eq!(request.header("cookie"), None);
    }
}

#[tokio::test]
async fn an_operation_without_security_sends_no_credential() {
    let server =
        RecordingServer::start(Reply::status(200).json(&serde_json::json!({"status": "ok"}))).await;
    let with_all = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");
    let with_none = Client::new(&base_url(&server)).expect("the client builds");

    for client in [&with_all, &with_none] {
        let value = client.get_health().await.expect("the documented success");
        assert_eq!(value.into_inner().status, "ok");
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        request.assert_exact("GET", "/v1/health", None);
        assert_eq!(
            request.header_names(),
            ["accept", "host", "user-agent"],
            "no credential is sent"
        );
        assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    }
}

#[tokio::test]
async fn either_of_two_schemes_is_enough() {
    let server = RecordingServer::start(Reply::status(200).json(&serde_json::json!([]))).await;
    let url = base_url(&server);
    let bearer_only = Client::builder()
        .base_url(&url)
        .bearer_auth(BEARER)
        .build()
        .expect("the client builds");
    let token_only = Client::builder()
        .base_url(&url)
        .api_token(TOKEN)
        .build()
        .expect("the client builds");
    // Both given: the first alternative of the spec's `security`, and only it.
    let both = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    for client in [&bearer_only, &token_only, &both] {
        let value = client
            .list_widgets(None, None)
            .await
            .expect("the documented success");
        assert!(value.into_inner().is_empty());
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let bearer = format!("Bearer {BEARER}");
    let token = authorization(TOKEN);
    for (request, expected) in requests.iter().zip([&bearer, &token, &bearer]) {
        request.assert_exact("GET", "/v1/widgets", None);
        assert_eq!(request.header("authorization"), Some(expected.as_str()));
        assert_eq!(request.header("cookie"), None);
    }

    // Neither: nothing is sent, and the error names both.
    let neither = Client::builder()
        .base_url(&url)
        .session_cookie(SESSION)
        .build()
        .expect("the client builds");
    let error = expect_error(neither.list_widgets(None, None).await);
    match &error {
        Error::MissingCredential {
            operation,
            accepted,
        } => {
            assert_eq!(*operation, "list_widgets");
            assert_eq!(
                accepted,
                "`BearerAuth` (`ClientBuilder::bearer_auth`), or `ApiToken` (`ClientBuilder::api_token`)"
            );
        }
        other => panic!("expected Error::MissingCredential, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn two_schemes_together_are_both_sent_and_both_needed() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let url = base_url(&server);
    let both = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    both.get_report("r1").await.expect("the documented success");

    let request = server.single_request();
    request.assert_exact("GET", "/v1/reports/r1", None);
    assert_eq!(
        request.header("authorization"),
        Some(authorization(TOKEN).as_str())
    );
    assert_eq!(
        request.header("cookie"),
        Some(format!("session={SESSION}").as_str())
    );

    let token_only = Client::builder()
        .base_url(&url)
        .api_token(TOKEN)
        .build()
        .expect("the client builds");
    let cookie_only = Client::builder()
        .base_url(&url)
        .session_cookie(SESSION)
        .build()
        .expect("the client builds");
    for client in [&token_only, &cookie_only] {
        let error = expect_error(client.get_report("r1").await);
        match &error {
            Error::MissingCredential {
                operation,
                accepted,
            } => {
                assert_eq!(*operation, "get_report");
                assert_eq!(
                    accepted,
                    "`ApiToken` (`ClientBuilder::api_token`) and `SessionCookie` (`ClientBuilder::session_cookie`)"
                );
            }
            other => panic!("expected Error::MissingCredential, got {other:?}"),
        }
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_optional_credential_is_not_needed() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::new(&base_url(&server)).expect("the client builds");

    client.get_status().await.expect("the documented success");

    let request = server.single_request();
    request.assert_exact("GET", "/v1/status", None);
    assert_eq!(request.header("authorization"), None);
}

/// `security: [{}, {BearerAuth: []}]`: the bearer token is optional, and sent when the client
/// has it (the runtime's `Operation::security` documents an empty alternative as "a credential
/// is optional", and `authenticate` prefers an alternative it has every credential of).
#[tokio::test]
async fn an_optional_credential_is_sent_when_given() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    client.get_status().await.expect("the documented success");

    let request = server.single_request();
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {BEARER}").as_str())
    );
}

#[tokio::test]
async fn no_secret_shows_in_the_builder_the_client_or_a_response() {
    let server = RecordingServer::start(Reply::status(204).header("x-request-id", "req-1")).await;
    let builder = builder_with_every_credential(&server);
    assert_debug_hides_secrets("the builder", &builder);
    let client = builder.build().expect("the client builds");
    assert_debug_hides_secrets("the client", &client);

    let value = call(&client).await.expect("the documented success");

    assert_debug_hides_secrets("the response", &value);
    // And an error of each kind a built client gives before or without a response.
    let refused = expect_error(client.delete_token("..").await);
    assert_hides_secrets(&refused);
}

/// A cookie value cannot hold what would end it or start another cookie (RFC 6265's
/// cookie-value): `abc; admin=1` would send a second cookie.
#[test]
fn a_cookie_value_that_would_add_a_cookie_fails_to_build() {
    for bad in ["abc; admin=1", "a,b", "a b", "a\"b", "a\\b"] {
        let builder = Client::builder()
            .base_url("http://127.0.0.1:9")
            .session_cookie(bad);
        match builder.build() {
            Err(error @ BuildError::Credential { .. }) => {
                let shown = error.to_string();
                assert!(!shown.contains(bad), "{shown}");
                assert!(shown.contains("SessionCookie"), "{shown}");
            }
            Err(other) => panic!("expected BuildError::Credential, got {other:?}"),
            Ok(client) => panic!("{bad:?} was accepted: {client:?}"),
        }
    }
}
