//! Sending a request: progenitor's hooks, answered with credentials, `User-Agent`, timeouts and
//! retries.
//!
//! progenitor's generated methods build a `reqwest::Request`, then call
//! `self.pre(&mut request, &info)`, `self.exec(request, &info)` and `self.post(&result, &info)`:
//! the methods of its `ClientHooks` trait, which it implements for `&Client`. A trait
//! implemented for `Client` itself is found first (the "auto-ref specialization" progenitor's
//! `ClientHooks` documents), so a client that implements [`Hooks`] gets these methods instead.
//! They keep the runtime's own types, which `ClientHooks`' fixed signatures cannot carry: an
//! operation that needs a credential the client lacks fails with
//! [`Error::MissingCredential`](crate::Error::MissingCredential), and every response and failure
//! says how many attempts it took.

use std::fmt;
use std::time::{Duration, Instant};

use progenitor_client::OperationInfo;
use reqwest::header::{self, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::api::Api;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::resend::Kept;
use crate::retry::{Attempts, Retry, RetryPolicy, retry_after, retryable};
use crate::trace;

/// What a built client keeps besides its base URL and HTTP client (progenitor's "inner" value
/// of the client).
#[derive(Clone)]
pub struct Config {
    api: &'static Api,
    credentials: Credentials,
    retry: RetryPolicy,
    /// Set on each request when the HTTP client is the caller's: the client's own HTTP client
    /// sends the `User-Agent` and applies the timeout itself.
    per_request: Option<(HeaderValue, Duration)>,
    /// Whether a credential goes into the URL, which errors must then not show.
    secret_in_url: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials_given_for", &self.credentials.given())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Config {
    pub(crate) fn new(
        api: &'static Api,
        credentials: Credentials,
        retry: RetryPolicy,
        timeout: Duration,
        own_http_client: bool,
    ) -> Self {
        let secret_in_url = credentials.any_in_url();
        Self {
            api,
            per_request: (!own_http_client)
                .then(|| (HeaderValue::from_static(api.user_agent), timeout)),
            credentials,
            retry,
            secret_in_url,
        }
    }

    /// Authenticates and identifies `request`, a request of operation `operation` (the client
    /// method's name), before it is sent.
    ///
    /// # Errors
    ///
    /// [`Error::MissingCredential`] when the operation needs a credential the client was not
    /// given; nothing is sent.
    pub fn prepare<E>(
        &self,
        request: &mut reqwest::Request,
        operation: &str,
    ) -> Result<(), Error<E>> {
        let Some(operation) = self.api.operation(operation) else {
            return Err(Error::InvalidRequest(format!(
                "`{operation}` is not an operation of this client"
            )));
        };
        self.credentials.authenticate(request, operation)?;
        if let Some(accept) = operation.accept {
            request
                .headers_mut()
                .entry(header::ACCEPT)
                .or_insert(HeaderValue::from_static(accept));
        }
        if let Some((user_agent, timeout)) = &self.per_request {
            request
                .headers_mut()
                .insert(header::USER_AGENT, user_agent.clone());
            *request.timeout_mut() = Some(*timeout);
        }
        Ok(())
    }

    /// Sends `request` through `http`, again as the retry policy says: after a retryable
    /// status or a lost response when it is idempotent, and after a protocol refusal whatever
    /// its method. `operation` is the client method's name; with the `tracing` feature the
    /// call is a span and each attempt an event (see the `trace` module).
    ///
    /// # Errors
    ///
    /// [`Failed`] when no response arrived at the last attempt.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation: &str,
    ) -> Result<Sent, Failed> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = trace::operation_span(operation, self.api.operation(operation), &request);
            self.attempts(http, request).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = operation;
            self.attempts(http, request).await
        }
    }

    /// Every attempt of [`execute`](Self::execute).
    async fn attempts(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
    ) -> Result<Sent, Failed> {
        let idempotent = is_idempotent(request.method());
        let max_attempts = self.retry.max_attempts();
        let mut attempts = Attempts::default();
        loop {
            attempts.sending();
            // What the next attempt needs, if there may be one: the request is consumed.
            let next = if attempts.count() < max_attempts {
                Kept::of(&request)
            } else {
                None
            };
            let started = Instant::now();
            match http.execute(request).await {
                Ok(response) => {
                    let status = response.status();
                    let wait = match next {
                        Some(next) if idempotent && retryable(status) => {
                            match retry_after(response.headers()) {
                                Some(wait) if wait > self.retry.max_retry_after() => None,
                                Some(wait) => Some((next, wait)),
                                None => Some((next, self.retry.backoff(attempts.count()))),
                            }
                        }
                        _ => None,
                    };
                    let outcome = || trace::Outcome::Status(status);
                    let Some((next, wait)) = wait else {
                        trace::attempt(attempts.count(), outcome(), started.elapsed(), None);
                        return Ok(Sent { response, attempts });
                    };
                    let Some(next) = next.into_request() else {
                        trace::attempt(attempts.count(), outcome(), started.elapsed(), None);
                        return Ok(Sent { response, attempts });
                    };
                    drop(response);
                    let why = Retry::Status(status);
                    let took = started.elapsed();
                    trace::attempt(attempts.count(), outcome(), took, Some((&why, Some(wait))));
                    attempts.retried(why);
                    // Boxed: a timer held inline would make every request's future larger.
                    Box::pin(tokio::time::sleep(wait)).await;
                    request = next;
                }
                Err(error) => {
                    let error = if self.secret_in_url {
                        error.without_url()
                    } else {
                        error
                    };
                    let (why, wait) = if refused(&error) {
                        (Retry::Refused(error.to_string()), None)
                    } else if idempotent
                        && (error.is_connect() || error.is_timeout() || error.is_request())
                    {
                        (
                            Retry::NoResponse(error.to_string()),
                            Some(self.retry.backoff(attempts.count())),
                        )
                    } else {
                        let outcome = trace::Outcome::NoResponse(&error);
                        trace::attempt(attempts.count(), outcome, started.elapsed(), None);
                        return Err(Failed { error, attempts });
                    };
                    let outcome = trace::Outcome::NoResponse(&error);
                    let Some(next) = next.and_then(Kept::into_request) else {
                        trace::attempt(attempts.count(), outcome, started.elapsed(), None);
                        return Err(Failed { error, attempts });
                    };
                    let took = started.elapsed();
                    trace::attempt(attempts.count(), outcome, took, Some((&why, wait)));
                    attempts.retried(why);
                    if let Some(wait) = wait {
                        Box::pin(tokio::time::sleep(wait)).await;
                    }
                    request = next;
                }
            }
        }
    }
}

/// Whether the server refused the request at the protocol level, before acting on it, so that
/// it can be sent again whatever its method: an HTTP/2 stream reset with `REFUSED_STREAM`, or a
/// graceful `GOAWAY` (`NO_ERROR`) from the server. reqwest's own default retry policy retries
/// exactly these; the runtime turns that policy off on its own HTTP client, to keep one copy of
/// each request instead of two, and retries them here.
fn refused(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(h2) = cause.downcast_ref::<h2::Error>() {
            return h2.is_remote()
                && ((h2.is_reset() && h2.reason() == Some(h2::Reason::REFUSED_STREAM))
                    || (h2.is_go_away() && h2.reason() == Some(h2::Reason::NO_ERROR)));
        }
        source = cause.source();
    }
    false
}

/// `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and `TRACE`: methods whose requests may be sent
/// again.
fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// A response, with how many attempts it took.
#[derive(Debug)]
pub struct Sent {
    pub(crate) response: reqwest::Response,
    pub(crate) attempts: Attempts,
}

impl Sent {
    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }
}

/// No response at the last attempt: why, and the attempts made.
#[derive(Debug)]
pub struct Failed {
    pub(crate) error: reqwest::Error,
    pub(crate) attempts: Attempts,
}

impl<E> From<Failed> for Error<E> {
    fn from(failed: Failed) -> Self {
        Self::CommunicationError(failed.error, failed.attempts)
    }
}

/// progenitor's request hooks, for a client whose "inner" value is a [`Config`] (see the
/// module's docs for how they take the place of progenitor's `ClientHooks`).
#[allow(
    async_fn_in_trait,
    reason = "the generated clients call these on concrete types"
)]
pub trait Hooks {
    /// The runtime's configuration of the client.
    fn config(&self) -> &Config;

    /// The HTTP client that sends the requests.
    fn http(&self) -> &reqwest::Client;

    /// Authenticates and identifies the request (see [`Config::prepare`]).
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.config().prepare(request, info.operation_id)
    }

    /// Sends the request, with retries (see [`Config::execute`]).
    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> Result<Sent, Failed> {
        self.config()
            .execute(self.http(), request, info.operation_id)
            .await
    }

    /// Runs after the last attempt; there is nothing left to do.
    async fn post<E>(
        &self,
        _result: &Result<Sent, Failed>,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        Ok(())
    }
}
