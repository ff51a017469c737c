//! Why an operation failed.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header;

use crate::path::Refused;
use crate::response::{ResponseValue, UnexpectedResponse, message_in};
use crate::retry::Attempts;

/// Why an operation failed. `E` is the type of the operation's documented error bodies (`()`
/// when they have none).
///
/// `Display` shows the status and the provider's message where there is a response, and
/// never a credential.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ()> {
    /// The request was refused before it was sent: a path parameter that would address
    /// another resource, or a header value with a line break.
    InvalidRequest(String),
    /// The operation needs a credential the client was not given; nothing was sent.
    MissingCredential {
        /// The client method.
        operation: &'static str,
        /// The credentials it accepts, as builder methods.
        accepted: String,
    },
    /// No response: the connection failed or the last attempt timed out.
    CommunicationError(reqwest::Error, Attempts),
    /// A documented error response, with its typed body.
    ErrorResponse(ResponseValue<E>),
    /// The body of a documented response could not be read (or its connection upgraded).
    ResponseBodyError {
        /// The response's status.
        status: StatusCode,
        /// Why the body could not be read.
        source: reqwest::Error,
        /// How many times the request was sent, and why.
        attempts: Attempts,
    },
    /// The body of a documented response does not match the spec.
    InvalidResponsePayload {
        /// The response's status.
        status: StatusCode,
        /// The body as it arrived.
        body: bytes::Bytes,
        /// Why it does not match.
        source: serde_json::Error,
        /// How many times the request was sent, and why.
        attempts: Attempts,
    },
    /// A status the spec does not document, with the body text.
    UnexpectedResponse(UnexpectedResponse),
}

impl<E> Error<E> {
    /// The status of the response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::ErrorResponse(r) => Some(r.status()),
            Self::UnexpectedResponse(r) => Some(r.status()),
            Self::ResponseBodyError { status, .. }
            | Self::InvalidResponsePayload { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How many times the request was sent and why, if it was sent.
    pub fn attempts(&self) -> Option<&Attempts> {
        match self {
            Self::ErrorResponse(r) => Some(r.attempts()),
            Self::UnexpectedResponse(r) => Some(r.attempts()),
            Self::CommunicationError(_, a)
            | Self::ResponseBodyError { attempts: a, .. }
            | Self::InvalidResponsePayload { attempts: a, .. } => Some(a),
            _ => None,
        }
    }
}

impl<E: serde::Serialize> Error<E> {
    /// The provider's message, from a documented error body or an undocumented response.
    pub fn message(&self) -> Option<String> {
        match self {
            Self::ErrorResponse(r) => serde_json::to_value(&r.inner)
                .ok()
                .as_ref()
                .and_then(message_in),
            Self::UnexpectedResponse(r) => r.message(),
            _ => None,
        }
    }
}

impl<E: serde::Serialize> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let attempts = |f: &mut fmt::Formatter<'_>, a: &Attempts| match a.count() {
            0 | 1 => Ok(()),
            n => write!(f, " (after {n} attempts)"),
        };
        match self {
            Self::InvalidRequest(reason) => write!(f, "request refused before sending: {reason}"),
            Self::MissingCredential {
                operation,
                accepted,
            } => write!(
                f,
                "`{operation}` needs a credential and none was given: give {accepted} to the client builder"
            ),
            Self::CommunicationError(e, a) => {
                write!(f, "no response from the server: {e}")?;
                attempts(f, a)
            }
            Self::ErrorResponse(r) => {
                write!(f, "the server answered {}", r.status())?;
                if let Some(message) = self.message() {
                    write!(f, ": {message}")?;
                }
                attempts(f, r.attempts())
            }
            Self::ResponseBodyError {
                status,
                source,
                attempts: a,
            } => {
                write!(f, "cannot read the body of the {status} response: {source}")?;
                attempts(f, a)
            }
            Self::InvalidResponsePayload {
                status,
                source,
                attempts: a,
                ..
            } => {
                write!(
                    f,
                    "the body of the {status} response does not match the spec: {source}"
                )?;
                attempts(f, a)
            }
            Self::UnexpectedResponse(r) => {
                write!(
                    f,
                    "the server answered {}, a status the spec does not document",
                    r.status()
                )?;
                if let Some(message) = r.message() {
                    write!(f, ": {message}")?;
                }
                attempts(f, r.attempts())
            }
        }
    }
}

impl<E: serde::Serialize + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::CommunicationError(e, _) | Self::ResponseBodyError { source: e, .. } => Some(e),
            Self::InvalidResponsePayload { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(error: reqwest::Error) -> Self {
        Self::CommunicationError(error, Attempts::default())
    }
}

impl<E> From<header::InvalidHeaderValue> for Error<E> {
    fn from(_: header::InvalidHeaderValue) -> Self {
        Self::InvalidRequest(
            "a header value contains a line break or another character HTTP headers cannot carry"
                .to_string(),
        )
    }
}

/// progenitor's request builders (`form_urlencoded`, query serialization) report with
/// progenitor's error; only its request errors can occur before anything is sent.
impl<E> From<progenitor_client::Error<E>> for Error<E> {
    fn from(error: progenitor_client::Error<E>) -> Self {
        match error {
            progenitor_client::Error::InvalidRequest(reason)
            | progenitor_client::Error::Custom(reason) => Self::InvalidRequest(reason),
            progenitor_client::Error::CommunicationError(e) => {
                Self::CommunicationError(e, Attempts::default())
            }
            _ => Self::InvalidRequest("the request could not be built".to_string()),
        }
    }
}

impl<E> From<Refused> for Error<E> {
    fn from(refused: Refused) -> Self {
        Self::InvalidRequest(refused.0)
    }
}

impl<E> From<std::convert::Infallible> for Error<E> {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}
