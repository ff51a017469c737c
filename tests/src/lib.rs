//! The tests in `tests/` use the generated clients as a downstream crate would, against a real
//! HTTP server on loopback: [`recording_server`]'s, re-exported here.
//!
//! What every generated client does, whatever its spec, is tested once, in the runtime crate's
//! tests (`runtime/tests/`); the test file of each provider here adds what is its own (its
//! operations' paths, statuses and error bodies, its security schemes and servers).

pub use recording_server::*;

/// The workspace README's examples, compiled as doctests (they use the clients this crate's
/// tests depend on).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
