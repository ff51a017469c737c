//! What a client tells `tracing` with the runtime's `tracing` feature (`src/trace.rs`): a span
//! per operation call, an event per attempt, and never a credential. The client is the one of
//! `tests/contract.yaml`, over real sockets; a subscriber of the test's own records every span
//! and event with its fields.

/// The client of `tests/contract.yaml`.
#[rustfmt::skip]
#[path = "contract/generated.rs"]
#[allow(dead_code, unreachable_pub, unused_imports)]
mod generated;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use recording_server::{FAST_BACKOFF, RecordingServer, Reply};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

use generated::{Client, RetryPolicy};

const TOKEN: &str = "trace-api-token-0f3b9c";
const QUERY_KEY: &str = "trace-query-key-a71e44";
/// An id that is a secret of its own: the filled-in path must not be recorded.
const SECRET_ID: &str = "secret-id-5d2c81";

/// A span or an event, as the subscriber saw it.
#[derive(Clone, Debug)]
struct Record {
    name: String,
    target: String,
    level: Level,
    fields: BTreeMap<String, String>,
    /// For an event: the fields of the span it happened in (empty for a span).
    span: BTreeMap<String, String>,
}

impl Record {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

/// Records every span and event, with the fields of an event's span.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Record>>>);

impl Recorder {
    fn records(&self) -> Vec<Record> {
        self.0
            .lock()
            .expect("no test panicked holding the records")
            .clone()
    }

    fn spans(&self) -> Vec<Record> {
        self.records()
            .into_iter()
            .filter(|r| r.span.is_empty() && r.name == "operation" && r.target == "client_runtime")
            .collect()
    }

    /// The runtime's events (reqwest's own dependencies record some of theirs too).
    fn events(&self) -> Vec<Record> {
        self.records()
            .into_iter()
            .filter(|r| !r.span.is_empty() && r.target == "client_runtime")
            .collect()
    }
}

/// A span's fields, kept in its extensions for the events inside it.
struct SpanFields(BTreeMap<String, String>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let span = ctx.span(id).expect("the span just made");
        span.extensions_mut().insert(SpanFields(fields.0.clone()));
        self.0
            .lock()
            .expect("no test panicked holding the records")
            .push(Record {
                name: attrs.metadata().name().to_string(),
                target: attrs.metadata().target().to_string(),
                level: *attrs.metadata().level(),
                fields: fields.0,
                span: BTreeMap::new(),
            });
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let span = ctx
            .event_span(event)
            .and_then(|span| {
                span.extensions()
                    .get::<SpanFields>()
                    .map(|fields| fields.0.clone())
            })
            .unwrap_or_default();
        self.0
            .lock()
            .expect("no test panicked holding the records")
            .push(Record {
                name: event.metadata().name().to_string(),
                target: event.metadata().target().to_string(),
                level: *event.metadata().level(),
                fields: fields.0,
                span,
            });
    }
}

/// Runs `f` with a [`Recorder`] as the subscriber of this thread (the tests run on a
/// current-thread runtime, so every span and event of the call is seen).
async fn recorded<F: std::future::Future>(f: F) -> (F::Output, Recorder) {
    let recorder = Recorder::default();
    let subscriber = tracing_subscriber::registry().with(recorder.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let out = f.await;
    (out, recorder)
}

fn client_for(server: &RecordingServer) -> Client {
    Client::builder()
        .base_url(&format!("{}/v1", server.base_url()))
        .api_token(TOKEN)
        .query_key(QUERY_KEY)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
        .build()
        .expect("the client builds")
}

/// Asserts that no secret shows in any field of any record, reqwest's dependencies' included.
fn assert_no_secret(records: &[Record]) {
    for record in records {
        for value in record.fields.values().chain(record.span.values()) {
            for secret in [TOKEN, QUERY_KEY, SECRET_ID] {
                assert!(!value.contains(secret), "{secret:?} shows in {record:#?}");
            }
        }
    }
}

#[tokio::test]
async fn a_call_is_a_span_with_its_operation_method_and_path_template() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client_for(&server);

    let (result, recorder) = recorded(client.delete_token(SECRET_ID)).await;
    result.unwrap();

    let spans = recorder.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(span.target, "client_runtime");
    assert_eq!(span.level, Level::INFO);
    assert_eq!(span.field("operation"), Some("delete_token"));
    assert_eq!(span.field("http.request.method"), Some("DELETE"));
    assert_eq!(span.field("url.template"), Some("/tokens/{id}"));
    assert_eq!(span.field("server.address"), Some("127.0.0.1"));

    let events = recorder.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    assert_eq!(event.level, Level::INFO);
    assert_eq!(event.field("message"), Some("attempt"));
    assert_eq!(event.field("attempt"), Some("1"));
    assert_eq!(event.field("http.response.status_code"), Some("204"));
    assert!(event.field("duration_ms").is_some(), "{event:#?}");
    assert_eq!(event.field("retry"), None);
    // The event is inside the operation's span.
    assert_eq!(
        event.span.get("operation").map(String::as_str),
        Some("delete_token")
    );
    assert_no_secret(&recorder.records());
}

#[tokio::test]
async fn each_attempt_is_an_event_with_why_it_was_retried() {
    let server = RecordingServer::start_sequence([
        Reply::status(503),
        Reply::status(429).header("retry-after", "0"),
        Reply::status(204),
    ])
    .await;
    let client = client_for(&server);

    let (result, recorder) = recorded(client.delete_token(SECRET_ID)).await;
    assert_eq!(result.unwrap().attempts().count(), 3);

    let events = recorder.events();
    let summary: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.level,
                e.field("attempt").unwrap().to_string(),
                e.field("http.response.status_code").map(str::to_string),
                e.field("retry").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Level::WARN,
                "1".into(),
                Some("503".into()),
                Some("status 503".into())
            ),
            (
                Level::WARN,
                "2".into(),
                Some("429".into()),
                Some("status 429".into())
            ),
            (Level::INFO, "3".into(), Some("204".into()), None),
        ]
    );
    // `Retry-After: 0` is the wait of the second retry.
    assert_eq!(events[1].field("wait_ms"), Some("0"));
    assert!(events[0].field("wait_ms").is_some());
    assert_eq!(recorder.spans().len(), 1);
    assert_no_secret(&recorder.records());
}

#[tokio::test]
async fn a_lost_response_then_a_404_shows_in_the_events() {
    // The first attempt times out (the server may have deleted the token), the second finds
    // nothing: the events tell the two apart from a plain 404.
    let server = RecordingServer::start_sequence([
        Reply::hang(),
        Reply::status(404).json(&serde_json::json!({"message": "no such token"})),
    ])
    .await;
    let client = Client::builder()
        .base_url(&format!("{}/v1", server.base_url()))
        .api_token(TOKEN)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let (result, recorder) = recorded(client.delete_token(SECRET_ID)).await;
    let error = result.unwrap_err();
    assert!(error.attempts().unwrap().after_lost_response());

    let events = recorder.events();
    assert_eq!(events.len(), 2, "{events:#?}");
    assert_eq!(events[0].level, Level::WARN);
    assert_eq!(events[0].field("retry"), Some("no response"));
    assert_eq!(events[0].field("http.response.status_code"), None);
    let why = events[0].field("error").unwrap();
    assert!(why.starts_with("timed out"), "{why}");
    assert_eq!(events[1].field("http.response.status_code"), Some("404"));
    assert_no_secret(&recorder.records());
}

#[tokio::test]
async fn no_credential_shows_even_in_the_query_or_a_failed_connection() {
    // `get_widget` sends the query key in the URL; nothing listens on port 9, so the
    // connection fails and the error, which would name the URL, is recorded.
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/v1")
        .api_token(TOKEN)
        .query_key(QUERY_KEY)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let (result, recorder) = recorded(client.get_widget(SECRET_ID, None)).await;
    assert!(result.is_err());

    let events = recorder.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].level, Level::ERROR);
    let why = events[0].field("error").unwrap();
    assert!(why.starts_with("could not connect"), "{why}");
    assert_eq!(
        recorder.spans()[0].field("url.template"),
        Some("/widgets/{id}")
    );
    assert_no_secret(&recorder.records());

    // And with a response: the query key goes out, but is not recorded.
    let server =
        RecordingServer::start(Reply::status(200).json(&serde_json::json!({"name": "w"}))).await;
    let client = client_for(&server);
    let (result, recorder) = recorded(client.get_widget(SECRET_ID, None)).await;
    result.unwrap();
    assert!(server.requests()[0].path_and_query.contains(QUERY_KEY));
    assert_eq!(recorder.events().len(), 1);
    assert_no_secret(&recorder.records());
}
