//! Retries: which requests, after what, how long between attempts, and what the caller learns
//! of the attempts.

use std::time::{Duration, Instant};

use recording_server::{FAST_BACKOFF, RecordingServer, Reply};
use reqwest::StatusCode;

use crate::generated::types::Widget;
use crate::generated::{Client, Error, Retry, RetryPolicy};
use crate::support::{
    BEARER, QUERY_KEY, assert_sent, base_url, builder, call, client, expect_error,
};

#[tokio::test]
async fn retries_a_503_until_it_succeeds() {
    let server = RecordingServer::start_sequence([
        Reply::status(503),
        Reply::status(503),
        Reply::status(204),
    ])
    .await;

    let value = call(&client(&server))
        .await
        .expect("the third attempt succeeds");

    assert_eq!(value.status(), StatusCode::NO_CONTENT);
    let attempts = value.attempts();
    assert_eq!(attempts.count(), 3);
    assert_eq!(
        attempts.retries(),
        &[
            Retry::Status(StatusCode::SERVICE_UNAVAILABLE),
            Retry::Status(StatusCode::SERVICE_UNAVAILABLE)
        ]
    );
    assert!(!attempts.after_lost_response());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests.iter().for_each(assert_sent);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server =
            RecordingServer::start_sequence([Reply::status(status), Reply::status(204)]).await;

        let value = call(&client(&server))
            .await
            .expect("the second attempt succeeds");

        assert_eq!(
            value.attempts().retries(),
            &[Retry::Status(
                StatusCode::from_u16(status).expect("a status")
            )],
            "{status}"
        );
        assert_eq!(server.requests().len(), 2, "{status}");
    }
    // Others are not.
    for status in [400, 401, 403, 409, 501] {
        let server = RecordingServer::start(Reply::status(status)).await;

        let error = expect_error(call(&client(&server)).await);

        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.attempts().map(|a| a.count()), Some(1), "{status}");
        assert_sent(&server.single_request());
    }
}

#[tokio::test]
async fn gives_up_after_the_last_attempt() {
    let server = RecordingServer::start(
        Reply::status(503)
            .header("content-type", "text/plain")
            .body("down for maintenance"),
    )
    .await;

    let error = expect_error(call(&client(&server)).await);

    assert!(matches!(error, Error::UnexpectedResponse(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    let shown = error.to_string();
    for part in ["503", "down for maintenance", "after 3 attempts"] {
        assert!(shown.contains(part), "{part:?} is not in {shown:?}");
    }
    assert_eq!(server.requests().len(), 3);
}

/// Sends the operation to a server that answers `first_two`, then success, with a 300 ms
/// initial backoff, and checks the waits against the documented backoff: before retry `n`,
/// between half of and all of 300 ms × 2ⁿ⁻¹, so 450 to 900 ms in all (a backoff that started
/// at twice the initial one would wait 0.9 to 1.8 s).
async fn assert_backoff_starts_at_the_initial_backoff(first_two: [Reply; 2]) {
    let [first, second] = first_two;
    let server = RecordingServer::start_sequence([first, second, Reply::status(204)]).await;
    let client = builder(&server)
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_millis(300)))
        .build()
        .expect("the client builds");

    call(&client).await.expect("the third attempt succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let waited = requests[2].received.duration_since(requests[0].received);
    // 150 ms of slack for the two round trips on a busy machine.
    assert!(
        waited >= Duration::from_millis(450) && waited < Duration::from_millis(1050),
        "two retries after a 300 ms initial backoff took {waited:?}, not 450 to 900 ms"
    );
}

#[tokio::test]
async fn the_backoff_after_an_error_status_starts_at_the_initial_backoff() {
    assert_backoff_starts_at_the_initial_backoff([Reply::status(503), Reply::status(503)]).await;
}

#[tokio::test]
async fn the_backoff_after_a_lost_response_starts_at_the_initial_backoff() {
    assert_backoff_starts_at_the_initial_backoff([Reply::close(), Reply::close()]).await;
}

#[tokio::test]
async fn waits_as_long_as_retry_after_says() {
    let server = RecordingServer::start_sequence([
        Reply::status(429).header("retry-after", "1"),
        Reply::status(204),
    ])
    .await;
    let started = Instant::now();

    let value = call(&client(&server))
        .await
        .expect("the second attempt succeeds");

    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert_eq!(
        value.attempts().retries(),
        &[Retry::Status(StatusCode::TOO_MANY_REQUESTS)]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let gap = requests[1].received.duration_since(requests[0].received);
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_returned_at_once() {
    let server = RecordingServer::start(Reply::status(429).header("retry-after", "3600")).await;
    let started = Instant::now();

    let error = expect_error(call(&client(&server)).await);

    assert!(started.elapsed() < Duration::from_secs(5), "it waited");
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.attempts().map(|a| a.count()), Some(1));
    let Error::UnexpectedResponse(response) = &error else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(response.headers()["retry-after"], "3600");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = RecordingServer::start(Reply::status(503)).await;
    let client = builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds");

    let error = expect_error(call(&client).await);

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let attempts = error.attempts().expect("the request was sent");
    assert_eq!(attempts.count(), 1);
    assert!(attempts.retries().is_empty());
    assert!(!error.to_string().contains("attempts"), "{error}");
    assert_sent(&server.single_request());
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_every_attempt() {
    let server = RecordingServer::start(Reply::hang()).await;
    let client = builder(&server)
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(FAST_BACKOFF)
                .with_max_attempts(2),
        )
        .timeout(Duration::from_millis(200))
        .build()
        .expect("the client builds");
    let started = Instant::now();

    let error = expect_error(call(&client).await);

    let elapsed = started.elapsed();
    match &error {
        Error::CommunicationError(cause, attempts) => {
            assert!(cause.is_timeout(), "{cause:?}");
            assert_eq!(attempts.count(), 2);
            assert!(matches!(attempts.retries(), [Retry::NoResponse(_)]));
            assert!(attempts.after_lost_response());
        }
        other => panic!("expected Error::CommunicationError, got {other:?}"),
    }
    assert_eq!(error.status(), None);
    assert!(error.to_string().contains("after 2 attempts"), "{error}");
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(20),
        "two 200 ms attempts took {elapsed:?}"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests.iter().for_each(assert_sent);
}

#[tokio::test]
async fn a_custom_http_client_gets_the_timeout_of_each_attempt() {
    let server = RecordingServer::start(Reply::hang()).await;
    // A client without a timeout of its own: the builder's applies to each request.
    let client = builder(&server)
        .http_client(reqwest::Client::new())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("the client builds");
    let started = Instant::now();

    let error = expect_error(call(&client).await);

    assert!(
        matches!(&error, Error::CommunicationError(cause, _) if cause.is_timeout()),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_sent(&server.single_request());
}

#[tokio::test]
async fn a_404_after_a_lost_response_is_told_apart_from_a_real_404() {
    let not_found =
        Reply::status(404).json(&serde_json::json!({"code": 404, "message": "Token not found"}));
    let server = RecordingServer::start_sequence([Reply::close(), not_found.clone()]).await;

    let after_loss = expect_error(call(&client(&server)).await);

    assert!(
        matches!(after_loss, Error::ErrorResponse(_)),
        "{after_loss:?}"
    );
    assert_eq!(after_loss.status(), Some(StatusCode::NOT_FOUND));
    let attempts = after_loss.attempts().expect("the request was sent");
    assert_eq!(attempts.count(), 2);
    assert!(matches!(attempts.retries(), [Retry::NoResponse(_)]));
    assert!(attempts.after_lost_response());
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests.iter().for_each(assert_sent);

    let server = RecordingServer::start(not_found).await;
    let real = expect_error(call(&client(&server)).await);

    assert!(matches!(real, Error::ErrorResponse(_)), "{real:?}");
    assert_eq!(real.status(), Some(StatusCode::NOT_FOUND));
    let attempts = real.attempts().expect("the request was sent");
    assert_eq!(attempts.count(), 1);
    assert!(!attempts.after_lost_response());
    assert_sent(&server.single_request());
}

/// An HTTP/2 server (cleartext, as a client with prior knowledge speaks it) on one connection:
/// it refuses the first request with `REFUSED_STREAM`, before reading it, and answers the next
/// `201` with a widget; the bodies of the requests it answered come back on the channel.
async fn refusing_http2_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on loopback");
    let address = listener.local_addr().expect("the listener's address");
    let (bodies, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("a connection");
        let mut connection = h2::server::handshake(socket)
            .await
            .expect("an HTTP/2 handshake");
        let mut refused = false;
        while let Some(Ok((request, mut respond))) = connection.accept().await {
            if !refused {
                refused = true;
                respond.send_reset(h2::Reason::REFUSED_STREAM);
                continue;
            }
            let mut body = request.into_body();
            let mut bytes = Vec::new();
            while let Some(Ok(chunk)) = body.data().await {
                let _ = body.flow_control().release_capacity(chunk.len());
                bytes.extend_from_slice(&chunk);
            }
            let _ = bodies.send(bytes);
            let response = http::Response::builder()
                .status(201)
                .header("content-type", "application/json")
                .body(())
                .expect("a response");
            let mut stream = respond
                .send_response(response, false)
                .expect("the response's head is sent");
            stream
                .send_data(r#"{"name":"w"}"#.into(), true)
                .expect("the response's body is sent");
        }
    });
    (format!("http://{address}"), received)
}

#[tokio::test]
async fn a_post_refused_by_an_http2_server_before_it_acted_is_sent_again_at_once() {
    let (url, mut bodies) = refusing_http2_server().await;
    let http = reqwest::Client::builder()
        .http2_prior_knowledge()
        // Only the runtime retries, as with the client's own HTTP client.
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .build()
        .expect("the reqwest client builds");
    let client = Client::builder()
        .base_url(&format!("{url}/v1"))
        .bearer_auth(BEARER)
        // A backoff of a minute: the refused request must not wait for it.
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_secs(60)))
        .http_client(http)
        .build()
        .expect("the client builds");

    let started = Instant::now();
    let value = client
        .create_widget(&widget())
        .await
        .expect("the second attempt is answered");

    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(value.status(), StatusCode::CREATED);
    assert_eq!(value.name, "w");
    let attempts = value.attempts();
    assert_eq!(attempts.count(), 2);
    assert!(
        matches!(attempts.retries(), [Retry::Refused(reason)] if !reason.is_empty()),
        "{:?}",
        attempts.retries()
    );
    assert!(!attempts.after_lost_response());
    let body = bodies.recv().await.expect("the second request's body");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).expect("JSON"),
        serde_json::json!({"name": "w"})
    );
}

fn widget() -> Widget {
    Widget {
        name: "w".to_owned(),
        size: None,
    }
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_503() {
    let server = RecordingServer::start_sequence([Reply::status(503), Reply::status(201)]).await;
    let client = builder(&server)
        .bearer_auth(BEARER)
        .build()
        .expect("the client builds");

    let error = expect_error(client.create_widget(&widget()).await);

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let attempts = error.attempts().expect("the request was sent");
    assert_eq!(attempts.count(), 1);
    assert!(attempts.retries().is_empty());
    let request = server.single_request();
    request.assert_exact(
        "POST",
        "/v1/widgets",
        Some(&serde_json::json!({"name": "w"})),
    );
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_lost_response() {
    let server = RecordingServer::start_sequence([
        Reply::close(),
        Reply::status(201).json(&serde_json::json!({"name": "w"})),
    ])
    .await;
    let client = builder(&server)
        .bearer_auth(BEARER)
        .build()
        .expect("the client builds");

    let error = expect_error(client.create_widget(&widget()).await);

    match &error {
        Error::CommunicationError(_, attempts) => {
            assert_eq!(attempts.count(), 1);
            assert!(attempts.retries().is_empty());
            assert!(!attempts.after_lost_response());
        }
        other => panic!("expected Error::CommunicationError, got {other:?}"),
    }
    server.single_request();
}

#[tokio::test]
async fn a_put_is_retried_with_the_same_body() {
    let reply = Reply::status(200).json(&serde_json::json!({"name": "w", "size": 2}));
    let server = RecordingServer::start_sequence([Reply::status(503), Reply::close(), reply]).await;
    let client = builder(&server)
        .basic_auth("user", "password")
        .build()
        .expect("the client builds");
    let body = Widget {
        name: "w".to_owned(),
        size: Some(2),
    };

    let value = client
        .put_widget("w1", &body)
        .await
        .expect("the third attempt succeeds");

    assert_eq!(value.attempts().count(), 3);
    assert!(matches!(
        value.attempts().retries(),
        [
            Retry::Status(StatusCode::SERVICE_UNAVAILABLE),
            Retry::NoResponse(_)
        ]
    ));
    assert!(value.attempts().after_lost_response());
    assert_eq!(value.into_inner().size, Some(2));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        request.assert_exact(
            "PUT",
            "/v1/widgets/w1",
            Some(&serde_json::json!({"name": "w", "size": 2})),
        );
        assert_eq!(
            request.header("authorization"),
            Some("Basic dXNlcjpwYXNzd29yZA==")
        );
    }
}

#[tokio::test]
async fn every_attempt_carries_the_query_key_once() {
    let server = RecordingServer::start_sequence([
        Reply::status(503),
        Reply::close(),
        Reply::status(200).json(&serde_json::json!({"name": "w"})),
    ])
    .await;
    let client = Client::builder()
        .base_url(&base_url(&server))
        .query_key(QUERY_KEY)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
        .build()
        .expect("the client builds");

    let value = client
        .get_widget("w1", None)
        .await
        .expect("the third attempt succeeds");

    assert_eq!(value.attempts().count(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        request.assert_exact("GET", &format!("/v1/widgets/w1?api_key={QUERY_KEY}"), None);
    }
    // A lost response's reason does not show the URL's key either.
    for retry in value.attempts().retries() {
        if let Retry::NoResponse(reason) = retry {
            assert!(!reason.contains(QUERY_KEY), "{reason}");
        }
    }
}
