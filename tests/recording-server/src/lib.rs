//! A real HTTP server on loopback for the tests of the runtime and of the generated clients,
//! and the assertions they share.
//!
//! The centre piece is [`RecordingServer`]: hyper's HTTP/1.1 server bound to `127.0.0.1:0`, that
//! accepts any method and any path, records each request exactly as it arrived (method, raw
//! path-and-query, headers, body bytes, arrival time) and answers it with a scripted [`Reply`]:
//! a response, or no response at all ([`Reply::hang`], [`Reply::close`]), so that timeouts,
//! retries and lost responses can be tested over a real socket.
//!
//! ```no_run
//! # async fn demo() {
//! use recording_server::{Reply, RecordingServer};
//!
//! // The first request is answered 503, every later one 204.
//! let server = RecordingServer::start_sequence([Reply::status(503), Reply::status(204)]).await;
//! // ... point a generated client at `server.base_url()` and call it ...
//! let requests = server.requests();
//! assert_eq!(requests[0].method, "DELETE");
//! # }
//! ```
//!
//! What every generated client does, whatever its spec (credentials, `User-Agent`, retries,
//! timeouts, lost responses, undocumented statuses, secrets kept out of messages, base URL
//! checks), is tested once, in the runtime crate's tests (`runtime/tests/`); the test file of
//! each provider in `tests/tests/` adds what is its own (its operations' paths, statuses and
//! error bodies, its security schemes and servers).

use std::collections::VecDeque;
use std::fmt::{Debug, Display};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

/// How long a [`Reply::hang`] holds the connection open before closing it: far longer than any
/// test's client timeout, but bounded.
pub const HANG_LIMIT: Duration = Duration::from_secs(30);

/// The initial backoff the tests give their retry policies, so that retries cost milliseconds.
pub const FAST_BACKOFF: Duration = Duration::from_millis(1);

/// Path parameter values that would address another resource, in every spelling a client
/// must refuse before sending anything: empty, and `.` and `..`, plain or percent-encoded.
pub const DANGEROUS_PATH_VALUES: [&str; 6] = ["", ".", "..", "%2e", "%2E%2e", ".%2e"];

/// An id with every character that could change a request's target if it were not encoded:
/// `/`, `?`, `#`, `%`, a space, `\`, and non-ASCII text.
pub const AWKWARD_ID: &str = "a/b?c#d%e f\\g \u{e9}";

/// [`AWKWARD_ID`] as exactly one percent-encoded path segment.
pub const AWKWARD_ID_ENCODED: &str = "a%2Fb%3Fc%23d%25e%20f%5Cg%20%C3%A9";

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
    /// When the whole request had arrived.
    pub received: Instant,
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

    /// Asserts the request's method, its raw path and query, and its body: the JSON value
    /// `body`, sent as `application/json`, or none at all.
    ///
    /// # Panics
    ///
    /// Panics if any of them differs.
    pub fn assert_exact(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) {
        assert_eq!(self.method, method);
        assert_eq!(self.path_and_query, path_and_query);
        match body {
            Some(expected) => {
                assert_eq!(self.header("content-type"), Some("application/json"));
                let sent: serde_json::Value =
                    serde_json::from_slice(&self.body).expect("a JSON body");
                assert_eq!(&sent, expected);
            }
            None => assert!(self.body.is_empty(), "unexpected body {:?}", self.body),
        }
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

    /// Asserts that the request carried exactly one `Authorization` header, `expected`, and
    /// that `secret` does not show in `client`'s `Debug` output.
    pub fn assert_credential(&self, expected: &str, client: &impl Debug, secret: &str) {
        assert_eq!(
            self.headers.get_all("authorization").iter().count(),
            1,
            "expected one Authorization header: {:?}",
            self.header_names()
        );
        assert_eq!(self.header("authorization"), Some(expected));
        assert_hides(secret, "the client", client);
    }
}

/// What the server does with a request once it has read and recorded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behaviour {
    /// Send the response.
    Respond,
    /// Send nothing, keep the connection open for [`HANG_LIMIT`], then close it.
    Hang,
    /// Close the connection at once, without a response.
    Close,
}

/// What the server does with a request: answer with a status, headers and a body, or not
/// answer at all ([`Reply::hang`], [`Reply::close`]).
#[derive(Clone, Debug)]
pub struct Reply {
    behaviour: Behaviour,
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
            behaviour: Behaviour::Respond,
            status: StatusCode::from_u16(code)
                .unwrap_or_else(|e| panic!("invalid status code {code}: {e}")),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// No response: the server reads and records the request, then keeps the connection open
    /// without writing anything, for [`HANG_LIMIT`] (or until the server is dropped).
    pub fn hang() -> Self {
        Self {
            behaviour: Behaviour::Hang,
            ..Self::status(200)
        }
    }

    /// No response: the server reads and records the request, then closes the connection, as
    /// when a response is lost on the way (the client cannot tell whether the server acted).
    pub fn close() -> Self {
        Self {
            behaviour: Behaviour::Close,
            ..Self::status(200)
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
}

#[derive(Debug)]
struct Shared {
    /// The replies not given yet, for the next requests in order.
    script: VecDeque<Reply>,
    /// The reply given once the script is used up: its last reply.
    last: Reply,
    requests: Vec<RecordedRequest>,
}

impl Shared {
    fn next_reply(&mut self) -> Reply {
        match self.script.pop_front() {
            Some(reply) => {
                self.last = reply.clone();
                reply
            }
            None => self.last.clone(),
        }
    }
}

type SharedState = Arc<Mutex<Shared>>;

fn lock(shared: &SharedState) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An HTTP/1.1 server on `127.0.0.1` (port chosen by the OS) that records every request and
/// answers the requests, in the order they arrive, with a script of [`Reply`]s; once the script
/// is used up, its last reply answers every later request.
///
/// Any method and any path is accepted. A request is recorded, with its whole body, before it
/// is answered, so once a client call has returned its requests are visible through
/// [`RecordingServer::requests`] without any waiting. Each response closes its connection.
///
/// The server runs as a task on the current Tokio runtime; it stops, closing every connection
/// (hanging ones included), when the value is dropped or the runtime shuts down.
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
        Self::start_sequence([reply]).await
    }

    /// Binds `127.0.0.1:0` and starts serving: request `n` (from 0) gets `replies[n]`, and
    /// every request after the last reply gets the last reply again.
    ///
    /// # Panics
    ///
    /// Panics if `replies` is empty, if the socket cannot be bound, or if called outside a
    /// Tokio runtime.
    pub async fn start_sequence(replies: impl IntoIterator<Item = Reply>) -> Self {
        let script: VecDeque<Reply> = replies.into_iter().collect();
        let last = script
            .front()
            .cloned()
            .unwrap_or_else(|| panic!("a server needs at least one reply"));
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("cannot read the local address: {e}"));
        let shared: SharedState = Arc::new(Mutex::new(Shared {
            script,
            last,
            requests: Vec::new(),
        }));
        let task = tokio::spawn(serve(listener, Arc::clone(&shared)));
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

    /// Replaces the rest of the script: every later request gets `reply`.
    pub fn set_reply(&self, reply: Reply) {
        let mut shared = lock(&self.shared);
        shared.script.clear();
        shared.last = reply;
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared).requests.clone()
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

    /// Asserts that no request has been received.
    ///
    /// # Panics
    ///
    /// Panics if one has.
    pub fn assert_no_request(&self) {
        let requests = self.requests();
        assert!(
            requests.is_empty(),
            "expected no request, got {requests:#?}"
        );
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        // Dropping the task's `JoinSet` aborts every connection task too.
        self.task.abort();
    }
}

/// Accepts connections until the task is aborted, each served by a task of its own.
async fn serve(listener: TcpListener, shared: SharedState) {
    let mut connections = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let shared = Arc::clone(&shared);
                let service = service_fn(move |request| answer(request, Arc::clone(&shared)));
                // One request per connection: every request comes on a connection of its own,
                // so a closed or hanging connection affects only its request.
                let connection = http1::Builder::new()
                    .keep_alive(false)
                    .serve_connection(TokioIo::new(stream), service);
                connections.spawn(async move {
                    // A connection closed without a response ends in an error, on purpose.
                    let _ = connection.await;
                });
            }
            // Out of file descriptors, for example: wait for connections to close.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
        while connections.try_join_next().is_some() {}
    }
}

/// Why the server closed a connection without a response.
#[derive(Debug)]
struct NoResponse;

impl Display for NoResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the script says: no response")
    }
}

impl std::error::Error for NoResponse {}

/// Records the whole request, then does what the next reply says. An error makes hyper close
/// the connection without writing a response.
async fn answer(
    request: Request<Incoming>,
    shared: SharedState,
) -> Result<Response<Full<Bytes>>, NoResponse> {
    let (head, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| NoResponse)?.to_bytes();
    let reply = {
        let mut shared = lock(&shared);
        shared.requests.push(RecordedRequest {
            method: head.method,
            path_and_query: head
                .uri
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default(),
            headers: head.headers,
            body,
            received: Instant::now(),
        });
        shared.next_reply()
    };
    match reply.behaviour {
        Behaviour::Respond => {
            let mut response = Response::new(Full::new(reply.body));
            *response.status_mut() = reply.status;
            for (name, value) in reply.headers {
                response.headers_mut().append(name, value);
            }
            Ok(response)
        }
        Behaviour::Hang => {
            tokio::time::sleep(HANG_LIMIT).await;
            Err(NoResponse)
        }
        Behaviour::Close => Err(NoResponse),
    }
}

/// Asserts that `secret` shows in neither the `Debug` nor the pretty `Debug` output of `value`
/// (`what` names it in the failure message).
///
/// # Panics
///
/// Panics if it does.
pub fn assert_hides(secret: &str, what: &str, value: &(impl Debug + ?Sized)) {
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(
            !shown.contains(secret),
            "the credential leaked through the Debug output of {what}: {shown}"
        );
    }
}

/// Asserts that `secret` shows in neither the `Display` nor the `Debug` output of `error`.
///
/// # Panics
///
/// Panics if it does.
pub fn assert_error_hides(secret: &str, error: &(impl Debug + Display + ?Sized)) {
    assert_hides(secret, "the error", error);
    let shown = error.to_string();
    assert!(
        !shown.contains(secret),
        "the credential leaked through the Display output of the error: {shown}"
    );
}

/// Calls `call` with each of [`DANGEROUS_PATH_VALUES`] and asserts that every call fails with
/// an error for which `is_refusal` holds (the client's `Error::InvalidRequest`), that no error
/// shows `secret`, and that no request reached `server`.
///
/// # Panics
///
/// Panics if a call succeeds, fails otherwise, or reaches the server.
pub async fn assert_dangerous_values_refused<T, E, F>(
    server: &RecordingServer,
    secret: &str,
    call: impl Fn(&'static str) -> F,
    is_refusal: impl Fn(&E) -> bool,
) where
    T: Debug,
    E: Debug + Display,
    F: Future<Output = Result<T, E>>,
{
    for value in DANGEROUS_PATH_VALUES {
        match call(value).await {
            Err(error) if is_refusal(&error) => assert_error_hides(secret, &error),
            other => panic!("{value:?} was not refused before sending: {other:?}"),
        }
    }
    server.assert_no_request();
}

/// Whether a test that reads environment variable `variable` goes on in this process: `true` in
/// the child process [`rerun_with_env`] starts, with `variable` set to `value`; in the test's own
/// process, runs the test in that child (asserting that it passed) and returns `false`. Where
/// `variable` is already set to something else, says that the test was skipped and returns
/// `false`.
///
/// ```no_run
/// fn credentials_from_env_reads_the_token() {
///     let test = "credentials_from_env_reads_the_token";
///     if !recording_server::with_env(module_path!(), test, "API_TOKEN", "token") {
///         return;
///     }
///     assert_eq!(std::env::var("API_TOKEN").as_deref(), Ok("token"));
/// }
/// ```
///
/// # Panics
///
/// As [`rerun_with_env`].
pub fn with_env(module: &str, test: &str, variable: &str, value: &str) -> bool {
    match std::env::var(variable) {
        Err(_) => {
            rerun_with_env(module, test, variable, value);
            false
        }
        Ok(set) if set != value => {
            eprintln!("skipped: {variable} is set in this environment");
            false
        }
        Ok(_) => true,
    }
}

/// Runs test `test` of module `module` (as `module_path!()` gives it) again in a child process
/// of this test binary, with environment variable `variable` set to `value`, and asserts that it
/// ran and passed.
///
/// This reads a credential from the environment without changing this process's environment,
/// which is `unsafe` (other test threads may read it) and forbidden in this workspace.
///
/// # Panics
///
/// Panics if the child cannot be started, fails, or does not run exactly that one test.
pub fn rerun_with_env(module: &str, test: &str, variable: &str, value: &str) {
    // Test names have no crate prefix: `contract::name`, not `dynatrace::contract::name`.
    let name = match module.split_once("::") {
        Some((_, inner)) => format!("{inner}::{test}"),
        None => test.to_owned(),
    };
    let exe = std::env::current_exe()
        .unwrap_or_else(|e| panic!("cannot find the running test binary: {e}"));
    let output = std::process::Command::new(exe)
        .args([name.as_str(), "--exact", "--test-threads=1"])
        .env(variable, value)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the test binary again: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "`{name}` with {variable} set failed or did not run:\n{stdout}\n{stderr}"
    );
}
