//! The tests in `tests/` use the generated clients as a downstream crate would, against a real
//! HTTP server on loopback: [`recording_server`]'s, re-exported here.
//!
//! What every generated client does, whatever its spec, is tested once, in the runtime crate's
//! tests (`runtime/tests/`); the test file of each provider here adds what is its own (its
//! operations' paths, statuses and error bodies, its security schemes and servers).

pub use recording_server::*;

use std::fmt::Debug;

/// Asserts that `error` is [`client_runtime::Error::MissingCredential`] for client method
/// `operation`, naming the credentials it accepts as `accepted`, and that its message says both.
///
/// # Panics
///
/// When it is another error, or says something else.
pub fn assert_missing_credential<E: Debug + serde::Serialize>(
    error: &client_runtime::Error<E>,
    operation: &str,
    accepted: &str,
) {
    match error {
        client_runtime::Error::MissingCredential {
            operation: named,
            accepted: listed,
        } => {
            assert_eq!(*named, operation);
            assert_eq!(listed, accepted);
        }
        other => panic!("expected Error::MissingCredential, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.contains(&format!("`{operation}`")) && shown.contains(accepted),
        "{shown}"
    );
}

/// The workspace README's examples, compiled as doctests (they use the clients this crate's
/// tests depend on).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
