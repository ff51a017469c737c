//! What every generated client does, whatever its spec, tested once, over real sockets, with
//! the client generated from `tests/contract.yaml` (`tests/contract/generated.rs`, kept in step
//! with its spec by `cargo test -p tests --test runtime_contract`).
//!
//! The spec has one security scheme of each kind (an API key with a prefix in `Authorization`,
//! HTTP bearer and basic, an API key in the query and one in a cookie) and operations that
//! need none, one, either of two or two together, with the methods whose retries differ. Each
//! test sends the generated client's requests to a [`recording_server::RecordingServer`] and
//! checks what arrived and what the caller got:
//!
//! - `credentials`: credentials, `User-Agent`, the environment, what cannot be sent, secrets;
//! - `builder`: base URLs;
//! - `retries`: retries, backoff, `Retry-After`, timeouts, lost responses, `POST`;
//! - `responses`: documented and undocumented statuses, bodies, messages;
//! - `bodies`: multipart uploads, bytes, form data with `encoding` and other JSON sent as the
//!   spec says; bytes and text read back;
//! - `requests`: paths, query parameters (in each style) and header parameters, `Accept`,
//!   futures that are `Send`.

/// The client of `tests/contract.yaml`.
// Formatted by the generator (prettyplease), not by rustfmt; a test binary reaches none of
// its public items from outside, and uses only some of them.
#[rustfmt::skip]
#[path = "contract/generated.rs"]
#[allow(dead_code, unreachable_pub, unused_imports)]
mod generated;

#[path = "cases/support.rs"]
mod support;

#[path = "cases/bodies.rs"]
mod bodies;
#[path = "cases/builder.rs"]
mod builder;
#[path = "cases/credentials.rs"]
mod credentials;
#[path = "cases/requests.rs"]
mod requests;
#[path = "cases/responses.rs"]
mod responses;
#[path = "cases/retries.rs"]
mod retries;
