#![doc = include_str!("../README.md")]
// `Error` keeps the response's status, headers and typed body inline, as progenitor's does;
// errors are the rare path, and callers match on them without a box in the way.
#![allow(clippy::result_large_err)]

#[doc(hidden)]
pub mod api;
#[doc(hidden)]
pub mod body;
mod builder;
mod credentials;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
mod path;
mod query;
mod read;
mod resend;
mod response;
mod retry;
mod send;
mod trace;
mod tuples;

pub use body::File;
pub use builder::BuildError;
pub use error::Error;
pub use response::{ResponseValue, UnexpectedResponse};
pub use retry::{Attempts, Retry, RetryPolicy};
pub use tuples::*;

// What the generated code calls; not for direct use.
#[doc(hidden)]
pub use builder::Builder;
#[doc(hidden)]
pub use path::{Refused, encode_path};
#[doc(hidden)]
pub use query::{QueryParam, QueryStyle};
#[doc(hidden)]
pub use send::{Config, Failed, Hooks, Sent};
