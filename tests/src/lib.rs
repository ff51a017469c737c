//! Shared helpers for the tests in `tests/`, which use the generated clients as a downstream
//! crate would, against a real HTTP server on loopback.
//!
//! The centre piece is [`RecordingServer`]: an `axum` server bound to `127.0.0.1:0` that accepts
//! any method and any path, records each request exactly as it arrived (method, raw
//! path-and-query, headers, body bytes) and answers every request with one scripted [`Reply`].
//!
//! ```no_run
//! # async fn demo() {
//! use tests::{Reply, RecordingServer};
//!
//! let server = RecordingServer::start(Reply::status(204)).await;
//! // ... point a generated client at `server.base_url()` and call it ...
//! let request = server.single_request();
//! assert_eq!(request.method, "DELETE");
//! # }
//! ```

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderName};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// The request method.
    pub method: Method,
    /// The raw path and query of the request target, exactly as sent on the wire: nothing is
    /// percent-decoded or normalised (for example `/a/b%2Fc?x=1`).
    pub path_and_query: String,
    /// Every request header, in the order received (repeated headers are kept).
    pub headers: HeaderMap,
    /// The complete request body (empty when the request had none).
    pub body: Bytes,
}

impl RecordedRequest {
    /// The value of header `name` as a string, or `None` if the header is absent.
    ///
    /// # Panics
    ///
    /// Panics if the header appears more than once, or if its value is not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let first = values.next()?;
        assert!(
            values.next().is_none(),
            "header {name:?} was sent more than once: {:?}",
            self.headers
        );
        Some(
            first
                .to_str()
                .unwrap_or_else(|e| panic!("header {name:?} is not visible ASCII: {e}")),
        )
    }

    /// The names of all headers received, lower-case, sorted, without duplicates.
    pub fn header_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.headers.keys().map(|k| k.as_str().to_owned()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// Asserts that the request carries no body, no header describing one, and no
    /// `api-version` header (stock progenitor sends `api-version: <info.version>` with
    /// every request; the generator strips it).
    pub fn assert_no_body_and_no_api_version(&self) {
        assert!(self.body.is_empty(), "unexpected body {:?}", self.body);
        for name in [
            "content-length",
            "transfer-encoding",
            "content-type",
            "api-version",
        ] {
            assert_eq!(self.header(name), None, "unexpected `{name}` header");
        }
    }

    /// Asserts that the request carried `Authorization: <expected>`, and that `secret`
    /// does not show in `client`'s `Debug` output (the header value is marked sensitive).
    pub fn assert_credential(&self, expected: &str, client: &impl std::fmt::Debug, secret: &str) {
        assert_eq!(self.header("authorization"), Some(expected));
        let debug = format!("{client:?}");
        assert!(
            !debug.contains(secret),
            "credential leaked through Debug: {debug}"
        );
    }
}

/// The response the server gives to every request: a status, headers and a body.
#[derive(Clone, Debug)]
pub struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Reply {
    /// A reply with status `code`, no extra headers and an empty body.
    ///
    /// # Panics
    ///
    /// Panics if `code` is not a valid HTTP status code (100 to 999).
    pub fn status(code: u16) -> Self {
        Self {
            status: StatusCode::from_u16(code)
                .unwrap_or_else(|e| panic!("invalid status code {code}: {e}")),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Adds a response header (headers are sent in the order added; a name may repeat).
    ///
    /// # Panics
    ///
    /// Panics if `name` or `value` is not a valid header name or value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|e| panic!("invalid header name {name:?}: {e}"));
        let value = HeaderValue::from_str(value)
            .unwrap_or_else(|e| panic!("invalid header value {value:?}: {e}"));
        self.headers.push((name, value));
        self
    }

    /// Sets the response body to `body`, unchanged. Sets no `Content-Type`: add one with
    /// [`Reply::header`] if the test needs it.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the response body to `value` serialized as JSON, with
    /// `Content-Type: application/json`.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header(CONTENT_TYPE.as_str(), "application/json")
            .body(value.to_string())
    }

    fn to_response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        response
    }
}

#[derive(Debug)]
struct Shared {
    reply: Reply,
    requests: Vec<RecordedRequest>,
}

type SharedState = Arc<Mutex<Shared>>;

/// An HTTP/1.1 server on `127.0.0.1` (port chosen by the OS) that records every request and
/// answers each one with the scripted [`Reply`].
///
/// Any method and any path is accepted. A request is recorded, with its whole body, before the
/// reply is sent, so once a client call has returned its request is visible through
/// [`RecordingServer::requests`] without any waiting.
///
/// The server runs as a task on the current Tokio runtime; it stops when the value is dropped
/// (or when the runtime shuts down).
#[derive(Debug)]
pub struct RecordingServer {
    addr: SocketAddr,
    shared: SharedState,
    task: JoinHandle<()>,
}

impl RecordingServer {
    /// Binds `127.0.0.1:0` and starts serving, answering every request with `reply`.
    ///
    /// # Panics
    ///
    /// Panics if the socket cannot be bound, or if called outside a Tokio runtime.
    pub async fn start(reply: Reply) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("cannot read the local address: {e}"));
        let shared: SharedState = Arc::new(Mutex::new(Shared {
            reply,
            requests: Vec::new(),
        }));
        let app = Router::new()
            .fallback(record_and_reply)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                panic!("the recording server failed: {e}");
            }
        });
        Self { addr, shared, task }
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's base URL, `http://127.0.0.1:<port>`, with no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replaces the reply given to later requests.
    pub fn set_reply(&self, reply: Reply) {
        self.lock().reply = reply;
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The only request received so far.
    ///
    /// # Panics
    ///
    /// Panics unless exactly one request has been received.
    pub fn single_request(&self) -> RecordedRequest {
        let mut requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.remove(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record_and_reply(State(shared): State<SharedState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    // The request target as received: hyper keeps the origin-form target unchanged, and a
    // router fallback sees the URI before any nesting strips a prefix.
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.to_string(), |pq| pq.as_str().to_owned());
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let mut response = Response::new(Body::from(format!("cannot read the body: {e}")));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return response;
        }
    };
    let mut shared = shared.lock().unwrap_or_else(PoisonError::into_inner);
    shared.requests.push(RecordedRequest {
        method: parts.method,
        path_and_query,
        headers: parts.headers,
        body,
    });
    shared.reply.to_response()
}

/// Builds the `reqwest::Client` a downstream crate would pass to a generated
/// `Client::new_with_client`: every request carries the default header
/// `Authorization: <authorization>`, marked sensitive so that it is left out of `Debug` output.
///
/// # Panics
///
/// Panics if `authorization` is not a valid header value, or if the client cannot be built.
pub fn http_client_with_authorization(authorization: &str) -> reqwest::Client {
    let mut value = reqwest::header::HeaderValue::from_str(authorization)
        .unwrap_or_else(|e| panic!("invalid Authorization value: {e}"));
    value.set_sensitive(true);
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap_or_else(|e| panic!("cannot build the reqwest client: {e}"))
}

/// The workspace README, whose Rust examples are compiled here as doctests, so that
/// the README cannot show code that does not build against the generated clients.
#[doc = include_str!("../../README.md")]
mod readme {}
