//! What a request tells [`tracing`](https://docs.rs/tracing), with the `tracing` feature: a span
//! per operation call and an event per attempt. Without the feature every function here is
//! empty and inlined away, and the crate does not depend on `tracing`.
//!
//! The span, `client_runtime::operation` at level `INFO`, has the fields:
//!
//! | field | value |
//! | --- | --- |
//! | `operation` | the client method (progenitor's `OperationInfo::operation_id`) |
//! | `http.request.method` | `DELETE` |
//! | `url.template` | the spec's path template, `/tokens/{tokenId}`: never the filled-in path, whose parameters may be secrets |
//! | `server.address` | the host the request went to |
//!
//! Inside it, each attempt is an event, `attempt`, with `attempt` (1, 2, …), `duration_ms`,
//! and `http.response.status_code` or `error` (why no response arrived); an attempt that is
//! retried has `retry` (why: `status 503`, `no response`, `refused`) and `wait_ms`, and is at
//! level `WARN`; the last attempt is at `INFO` when a response arrived and `ERROR` when none did.
//!
//! No credential is ever recorded: not the headers, not the query string (where a credential
//! may go), not the filled-in path, and errors are recorded without their URL.

use std::time::Duration;

#[cfg(feature = "tracing")]
use crate::api::Operation;
use crate::retry::Retry;

/// The span of one operation call.
#[cfg(feature = "tracing")]
pub(crate) fn operation_span(
    name: &str,
    operation: Option<&'static Operation>,
    request: &reqwest::Request,
) -> tracing::Span {
    tracing::info_span!(
        target: "client_runtime",
        "operation",
        operation = name,
        http.request.method = %request.method(),
        url.template = operation.map(|o| o.path),
        server.address = request.url().host_str(),
    )
}

/// How an attempt ended.
#[cfg_attr(
    not(feature = "tracing"),
    allow(dead_code, reason = "recorded only with the `tracing` feature")
)]
pub(crate) enum Outcome<'a> {
    /// A response with this status arrived.
    Status(reqwest::StatusCode),
    /// No response arrived, for this reason (the error without its URL).
    NoResponse(&'a reqwest::Error),
}

/// Records an attempt: its number, how it ended and how long it took, and, when it is retried,
/// why and after how long a wait.
#[cfg_attr(not(feature = "tracing"), inline(always))]
#[cfg_attr(
    not(feature = "tracing"),
    allow(unused_variables, reason = "recorded only with the `tracing` feature")
)]
pub(crate) fn attempt(
    number: u32,
    outcome: Outcome<'_>,
    duration: Duration,
    retry: Option<(&Retry, Option<Duration>)>,
) {
    #[cfg(feature = "tracing")]
    {
        let took_ms = duration_ms(duration);
        let status = match outcome {
            Outcome::Status(status) => Some(status.as_u16()),
            Outcome::NoResponse(_) => None,
        };
        let error = match outcome {
            Outcome::Status(_) => None,
            // Without the URL: it may carry a credential in its query or a secret in its path.
            Outcome::NoResponse(error) => Some(reason(error)),
        };
        match retry {
            Some((why, wait)) => tracing::warn!(
                target: "client_runtime",
                attempt = number,
                duration_ms = took_ms,
                http.response.status_code = status,
                error = error.as_deref(),
                retry = retry_reason(why),
                wait_ms = wait.map(duration_ms),
                "attempt",
            ),
            None if status.is_some() => tracing::info!(
                target: "client_runtime",
                attempt = number,
                duration_ms = took_ms,
                http.response.status_code = status,
                "attempt",
            ),
            None => tracing::error!(
                target: "client_runtime",
                attempt = number,
                duration_ms = took_ms,
                error = error.as_deref(),
                "attempt",
            ),
        }
    }
}

/// Why an attempt is retried, in a word or two (the error itself is the event's `error`).
#[cfg(feature = "tracing")]
fn retry_reason(why: &Retry) -> String {
    match why {
        Retry::Status(status) => format!("status {}", status.as_u16()),
        Retry::NoResponse(_) => "no response".to_string(),
        Retry::Refused(_) => "refused".to_string(),
    }
}

/// What went wrong, from the error's kind and its causes: never its own message, which names
/// the URL.
#[cfg(feature = "tracing")]
fn reason(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut out = String::from(if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the response could not be read"
    } else {
        "the request failed"
    });
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

#[cfg(feature = "tracing")]
fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
