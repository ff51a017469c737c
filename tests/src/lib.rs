//! Shared helpers for the tests in `tests/`, which use the generated clients as a downstream
//! crate would, against a real HTTP server on loopback.
//!
//! The centre piece is [`RecordingServer`]: hyper's HTTP/1.1 server bound to `127.0.0.1:0`, that
//! accepts any method and any path, records each request exactly as it arrived (method, raw
//! path-and-query, headers, body bytes, arrival time) and answers it with a scripted [`Reply`]:
//! a response, or no response at all ([`Reply::hang`], [`Reply::close`]), so that timeouts,
//! retries and lost responses can be tested over a real socket.
//!
//! ```no_run
//! # async fn demo() {
//! use tests::{Reply, RecordingServer};
//!
//! // The first request is answered 503, every later one 204.
//! let server = RecordingServer::start_sequence([Reply::status(503), Reply::status(204)]).await;
//! // ... point a generated client at `server.base_url()` and call it ...
//! let requests = server.requests();
//! assert_eq!(requests[0].method, "DELETE");
//! # }
//! ```
//!
//! What every generated client must do, whatever its spec (credentials, `User-Agent`, retries,
//! timeouts, lost responses, undocumented statuses, secrets kept out of messages, base URL
//! checks), is tested once, for each client, by the tests that [`client_contract_tests!`]
//! generates; the test file of each provider adds what is its own (its operation's paths,
//! statuses and error bodies, its security schemes and servers).

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

/// Generates, in a module `contract`, the tests of what every generated client must do whatever
/// its spec, for one client crate and one of its operations.
///
/// The module also offers its helpers to the rest of the test file: `builder(&server)` (a
/// builder for the server with the credential and fast retries), `client(&server)`,
/// `call(&client)` (the operation, with the ids the file chose), `assert_sent(&request)` and
/// `expect_error(result)` (which also checks that the error hides the credential).
///
/// ```ignore
/// tests::client_contract_tests! {
///     client_crate: gcore_iam_client,        // the crate under test
///     error_body: (),                        // the operation's documented error body type
///     operation: "iam_delete_api_token_v2",  // the client method
///     call: |client| client.iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID),
///     base_path: "",                         // a path stem for the base URL, if any
///     path: EXPECTED_PATH,                   // the request target the call sends
///     accept: "*/*",                         // its `Accept` header
///     success: 204,                          // its success status
///     credential: |builder, secret| builder.api_key(secret),
///     secret: TOKEN,
///     scheme_prefix: "APIKey ",              // what precedes the secret in `Authorization`
///     env: "GCORE_API_KEY",                  // what `credentials_from_env` reads
///     user_agent: "gcore-iam-client/0.1.0",
///     not_found: Reply::status(404) => ErrorResponse, // a 404, and the variant it gives
/// }
/// ```
#[macro_export]
macro_rules! client_contract_tests {
    (
        client_crate: $krate:ident,
        error_body: $body:ty,
        operation: $operation:expr,
        call: |$client:ident| $call:expr,
        base_path: $stem:expr,
        path: $path:expr,
        accept: $accept:expr,
        success: $success:expr,
        credential: |$builder:ident, $credential:ident| $give:expr,
        secret: $secret:expr,
        scheme_prefix: $prefix:expr,
        env: $env:expr,
        user_agent: $user_agent:expr,
        not_found: $not_found:expr => $not_found_variant:ident $(,)?
    ) => {
        /// What every generated client must do, whatever its spec.
        mod contract {
            #[allow(unused_imports)]
            use super::*;
            use ::reqwest::StatusCode;
            use ::std::time::{Duration, Instant};
            use $crate::{RecordedRequest, RecordingServer, Reply};
            use $krate::{BuildError, Client, ClientBuilder, Error, ResponseValue, Retry, RetryPolicy};

            /// What the operation returns.
            pub(super) type CallResult =
                ::std::result::Result<ResponseValue<()>, Error<$body>>;

            /// Calls the operation, with the ids the test file chose.
            pub(super) async fn call($client: &Client) -> CallResult {
                $call.await
            }

            /// Gives `credential` to `builder` with the scheme under test.
            pub(super) fn give(
                $builder: ClientBuilder<Client>,
                $credential: &str,
            ) -> ClientBuilder<Client> {
                $give
            }

            /// The base URL of `server`, with the API's path stem.
            pub(super) fn base_url(server: &RecordingServer) -> String {
                format!("{}{}", server.base_url(), $stem)
            }

            /// A builder for `server`, with the credential and retries that cost milliseconds.
            pub(super) fn builder(server: &RecordingServer) -> ClientBuilder<Client> {
                give(Client::builder().base_url(&base_url(server)), $secret)
                    .retry(RetryPolicy::default().with_initial_backoff($crate::FAST_BACKOFF))
            }

            /// A client of [`builder`].
            pub(super) fn client(server: &RecordingServer) -> Client {
                builder(server).build().expect("the client builds")
            }

            /// The `Authorization` header the credential is sent as.
            pub(super) fn authorization(secret: &str) -> String {
                format!("{}{}", $prefix, secret)
            }

            /// Asserts that `request` is the operation's, sent with the credential and the
            /// crate's `User-Agent`, without a body or an `api-version` header.
            pub(super) fn assert_sent(request: &RecordedRequest) {
                assert_eq!(request.method, "DELETE");
                assert_eq!(request.path_and_query, $path);
                assert_eq!(
                    request.header("authorization"),
                    Some(authorization($secret).as_str())
                );
                assert_eq!(request.header("user-agent"), Some($user_agent));
                assert_eq!(request.header("accept"), Some($accept));
                assert_eq!(
                    request.header_names(),
                    ["accept", "authorization", "host", "user-agent"]
                );
                request.assert_no_body_and_no_api_version();
            }

            /// The error of a call that must fail, checked not to show the credential.
            pub(super) fn expect_error(result: CallResult) -> Error<$body> {
                match result {
                    Ok(value) => panic!("expected an error, got Ok with status {}", value.status()),
                    Err(error) => {
                        $crate::assert_error_hides($secret, &error);
                        error
                    }
                }
            }

            #[tokio::test]
            async fn sends_the_credential_and_the_user_agent() {
                let server = RecordingServer::start(Reply::status($success)).await;
                let builder = builder(&server);
                $crate::assert_hides($secret, "the builder", &builder);
                let client = builder.build().expect("the client builds");

                let value = call(&client).await.expect("the documented success");

                assert_eq!(value.status().as_u16(), $success);
                assert_eq!(value.attempts().count(), 1);
                assert!(value.attempts().retries().is_empty());
                let request = server.single_request();
                assert_sent(&request);
                request.assert_credential(&authorization($secret), &client, $secret);
                $crate::assert_hides($secret, "the response", &value);
            }

            #[tokio::test]
            async fn a_custom_http_client_still_sends_the_credential_and_the_user_agent() {
                let server = RecordingServer::start(Reply::status($success)).await;
                let http = ::reqwest::Client::builder()
                    .user_agent("someone-else/9.9")
                    .build()
                    .expect("the reqwest client builds");
                let client = builder(&server).http_client(http).build().expect("the client builds");

                call(&client).await.expect("the documented success");

                assert_sent(&server.single_request());
            }

            #[tokio::test]
            async fn without_a_credential_nothing_is_sent() {
                let server = RecordingServer::start(Reply::status($success)).await;
                let url = base_url(&server);
                let http = ::reqwest::Client::new();
                let clients = [
                    Client::new(&url).expect("Client::new builds"),
                    Client::new_with_client(&url, http).expect("Client::new_with_client builds"),
                    Client::builder().base_url(&url).build().expect("the client builds"),
                ];
                for client in &clients {
                    let error = call(client).await.expect_err("no credential was given");
                    match &error {
                        Error::MissingCredential { operation, accepted } => {
                            assert_eq!(*operation, $operation);
                            assert!(accepted.contains("ClientBuilder::"), "{accepted}");
                        }
                        other => panic!("expected Error::MissingCredential, got {other:?}"),
                    }
                    assert_eq!(error.status(), None);
                    assert!(error.attempts().is_none());
                    let shown = error.to_string();
                    assert!(shown.contains($operation), "{shown}");
                }
                server.assert_no_request();
            }

            #[tokio::test]
            async fn credentials_from_env_without_the_variable_gives_no_credential() {
                if ::std::env::var_os($env).is_some() {
                    eprintln!("skipped: {} is set in this environment", $env);
                    return;
                }
                let server = RecordingServer::start(Reply::status($success)).await;
                let client = Client::builder()
                    .base_url(&base_url(&server))
                    .credentials_from_env()
                    .build()
                    .expect("the client builds");

                let result = call(&client).await;

                assert!(matches!(result, Err(Error::MissingCredential { .. })), "{result:?}");
                server.assert_no_request();
            }

            #[tokio::test]
            async fn credentials_from_env_reads_the_variable() {
                match ::std::env::var($env) {
                    // This process: run this test again with the variable set.
                    Err(_) => {
                        return $crate::rerun_with_env(
                            module_path!(),
                            "credentials_from_env_reads_the_variable",
                            $env,
                            $secret,
                        );
                    }
                    Ok(value) if value != $secret => {
                        eprintln!("skipped: {} is set in this environment", $env);
                        return;
                    }
                    // The child process, with the variable set to the secret.
                    Ok(_) => {}
                }
                let server = RecordingServer::start(Reply::status($success)).await;
                let url = base_url(&server);
                let from_env = Client::builder()
                    .base_url(&url)
                    .credentials_from_env()
                    .build()
                    .expect("the client builds");
                // A credential given to the builder is not replaced by the variable.
                let explicit = give(Client::builder().base_url(&url), "explicit-credential")
                    .credentials_from_env()
                    .build()
                    .expect("the client builds");

                call(&from_env).await.expect("the documented success");
                call(&explicit).await.expect("the documented success");

                let requests = server.requests();
                assert_eq!(requests.len(), 2);
                assert_sent(&requests[0]);
                assert_eq!(
                    requests[1].header("authorization"),
                    Some(authorization("explicit-credential").as_str())
                );
                $crate::assert_hides($secret, "the client", &from_env);
            }

            #[test]
            fn a_credential_no_header_can_carry_fails_to_build() {
                for bad in [
                    format!("{}\r\nX-Injected: yes", $secret),
                    format!("{}\n", $secret),
                    format!("\0{}", $secret),
                    String::new(),
                    "   ".to_owned(),
                ] {
                    let builder = give(Client::builder().base_url("http://127.0.0.1:9"), &bad);
                    // Every text contains the empty one: only a real secret can be looked for.
                    let secret = if bad.trim().is_empty() { $secret } else { bad.as_str() };
                    $crate::assert_hides(secret, "the builder", &builder);
                    match builder.build() {
                        Err(error @ BuildError::Credential { .. }) => {
                            $crate::assert_error_hides(secret, &error);
                        }
                        Err(other) => panic!("expected BuildError::Credential, got {other:?}"),
                        Ok(client) => panic!("{bad:?} was accepted: {client:?}"),
                    }
                }
            }

            #[test]
            fn a_base_url_that_is_not_absolute_http_fails_to_build() {
                for url in [
                    "ftp://x",
                    "not a url",
                    "/relative",
                    "",
                    "http://",
                    "file:///etc/passwd",
                    "http://127.0.0.1:8080/?query=1",
                    "http://127.0.0.1:8080/#fragment",
                    "http://user:password@127.0.0.1:8080",
                ] {
                    let result = give(Client::builder().base_url(url), $secret).build();
                    match result {
                        Err(error @ BuildError::BaseUrl { .. }) => {
                            $crate::assert_error_hides($secret, &error);
                        }
                        Err(other) => panic!("{url:?}: expected BuildError::BaseUrl, got {other:?}"),
                        Ok(client) => panic!("{url:?} was accepted: {client:?}"),
                    }
                    let result = Client::new(url);
                    assert!(
                        matches!(result, Err(BuildError::BaseUrl { .. })),
                        "{url:?}: {result:?}"
                    );
                }
            }

            #[test]
            fn a_base_url_with_a_password_is_refused_without_showing_it() {
                let result = Client::new("http://user:url-password-1234@127.0.0.1:8080");

                match result {
                    Err(error @ BuildError::BaseUrl { .. }) => {
                        $crate::assert_error_hides("url-password-1234", &error);
                    }
                    other => panic!("expected BuildError::BaseUrl, got {other:?}"),
                }
            }

            #[tokio::test]
            async fn retries_a_503_until_it_succeeds() {
                let server = RecordingServer::start_sequence([
                    Reply::status(503),
                    Reply::status(503),
                    Reply::status($success),
                ])
                .await;

                let value = call(&client(&server)).await.expect("the third attempt succeeds");

                assert_eq!(value.status().as_u16(), $success);
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

            /// Sends the operation to a server that answers `first_two`, then success, with a
            /// 300 ms initial backoff, and checks the waits against the documented backoff:
            /// before retry `n`, between half of and all of 300 ms × 2ⁿ⁻¹, so 450 to 900 ms in
            /// all (a backoff that started at twice the initial one would wait 0.9 to 1.8 s).
            async fn assert_backoff_starts_at_the_initial_backoff(first_two: [Reply; 2]) {
                let [first, second] = first_two;
                let server =
                    RecordingServer::start_sequence([first, second, Reply::status($success)]).await;
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
                assert_backoff_starts_at_the_initial_backoff([Reply::status(503), Reply::status(503)])
                    .await;
            }

            #[tokio::test]
            async fn the_backoff_after_a_lost_response_starts_at_the_initial_backoff() {
                assert_backoff_starts_at_the_initial_backoff([Reply::close(), Reply::close()]).await;
            }

            #[tokio::test]
            async fn waits_as_long_as_retry_after_says() {
                let server = RecordingServer::start_sequence([
                    Reply::status(429).header("retry-after", "1"),
                    Reply::status($success),
                ])
                .await;
                let started = Instant::now();

                let value = call(&client(&server)).await.expect("the second attempt succeeds");

                let waited = started.elapsed();
                assert!(waited >= Duration::from_millis(950), "waited only {waited:?}");
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
                let server =
                    RecordingServer::start(Reply::status(429).header("retry-after", "3600")).await;

                let error = expect_error(call(&client(&server)).await);

                assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
                assert_eq!(error.attempts().map(|a| a.count()), Some(1));
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
                            .with_initial_backoff($crate::FAST_BACKOFF)
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
            async fn a_404_after_a_lost_response_is_told_apart_from_a_real_404() {
                let server = RecordingServer::start_sequence([Reply::close(), $not_found]).await;

                let after_loss = expect_error(call(&client(&server)).await);

                assert!(
                    matches!(after_loss, Error::$not_found_variant(_)),
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

                let server = RecordingServer::start($not_found).await;
                let real = expect_error(call(&client(&server)).await);

                assert!(matches!(real, Error::$not_found_variant(_)), "{real:?}");
                assert_eq!(real.status(), Some(StatusCode::NOT_FOUND));
                let attempts = real.attempts().expect("the request was sent");
                assert_eq!(attempts.count(), 1);
                assert!(!attempts.after_lost_response());
                assert_sent(&server.single_request());
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
                assert!(shown.contains("418") && shown.contains("I'm a teapot"), "{shown}");
                let Error::UnexpectedResponse(response) = error else {
                    panic!("expected Error::UnexpectedResponse, got {error:?}");
                };
                assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
                assert_eq!(response.headers()["x-request-id"], "req-418");
                assert_eq!(response.body(), text);
                assert_eq!(response.attempts().count(), 1);

                // A JSON body: the provider's message is found in it.
                server.set_reply(Reply::status(418).json(&::serde_json::json!({
                    "error": {"code": 418, "message": "no coffee here"}
                })));
                let error = expect_error(call(&client).await);

                assert!(matches!(error, Error::UnexpectedResponse(_)), "{error:?}");
                assert_eq!(error.message().as_deref(), Some("no coffee here"));
                let shown = error.to_string();
                assert!(shown.contains("418") && shown.contains("no coffee here"), "{shown}");
            }
        }
    };
}

/// The workspace README's examples, compiled as doctests (they use the clients this crate's
/// tests depend on).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
