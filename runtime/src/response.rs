//! Responses: the typed value of a documented status, and what is kept of an undocumented one.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::Error;
use crate::retry::Attempts;
use crate::send::Sent;

/// The longest body text an [`UnexpectedResponse`] keeps, in bytes.
const MAX_BODY_TEXT: usize = 64 * 1024;

/// A response of the API: its typed body, status, headers, and how many attempts it took.
pub struct ResponseValue<T> {
    pub(crate) inner: T,
    status: StatusCode,
    headers: HeaderMap,
    attempts: Attempts,
}

impl<T: serde::de::DeserializeOwned> ResponseValue<T> {
    /// Reads and deserializes a JSON body (progenitor's generated code calls this).
    ///
    /// # Errors
    ///
    /// When the body cannot be read, or is not the JSON the type reads.
    #[doc(hidden)]
    pub async fn from_response<E>(sent: Sent) -> Result<Self, Error<E>> {
        let Sent { response, attempts } = sent;
        let status = response.status();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(source) => {
                return Err(Error::ResponseBodyError {
                    status,
                    source,
                    attempts,
                });
            }
        };
        let inner = match serde_json::from_slice(&body) {
            Ok(inner) => inner,
            Err(source) => {
                return Err(Error::InvalidResponsePayload {
                    status,
                    body,
                    source,
                    attempts,
                });
            }
        };
        Ok(Self {
            inner,
            status,
            headers,
            attempts,
        })
    }
}

impl ResponseValue<()> {
    /// A response without a body (any body sent is ignored).
    #[doc(hidden)]
    pub fn empty(sent: Sent) -> Self {
        let Sent { response, attempts } = sent;
        Self {
            inner: (),
            status: response.status(),
            headers: response.headers().clone(),
            attempts,
        }
    }
}

impl ResponseValue<progenitor_client::ByteStream> {
    /// A response whose body is read as a stream of bytes.
    #[doc(hidden)]
    pub fn stream(sent: Sent) -> Self {
        let Sent { response, attempts } = sent;
        let status = response.status();
        let headers = response.headers().clone();
        Self {
            inner: progenitor_client::ByteStream::new(Box::pin(response.bytes_stream())),
            status,
            headers,
            attempts,
        }
    }
}

impl ResponseValue<reqwest::Upgraded> {
    /// The connection of a `101 Switching Protocols` response (a WebSocket, for example).
    ///
    /// # Errors
    ///
    /// When the status is not `101`, or the connection cannot be upgraded.
    #[doc(hidden)]
    pub async fn upgrade<E>(sent: Sent) -> Result<Self, Error<E>> {
        let status = sent.response.status();
        if status != StatusCode::SWITCHING_PROTOCOLS {
            return Err(Error::unexpected(sent).await);
        }
        let Sent { response, attempts } = sent;
        let headers = response.headers().clone();
        match response.upgrade().await {
            Ok(inner) => Ok(Self {
                inner,
                status,
                headers,
                attempts,
            }),
            Err(source) => Err(Error::ResponseBodyError {
                status,
                source,
                attempts,
            }),
        }
    }
}

impl<T> ResponseValue<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many times the request was sent, and why it was retried.
    pub fn attempts(&self) -> &Attempts {
        &self.attempts
    }

    /// The same response, its body turned into another by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            inner: f(self.inner),
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
        }
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("inner", &self.inner)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// A response with a status the spec does not document for the operation: its status, headers
/// and body text.
#[derive(Debug)]
pub struct UnexpectedResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    attempts: Attempts,
}

impl UnexpectedResponse {
    /// Reads the whole body (at most 64 KiB of it is kept, as text).
    pub(crate) async fn read(sent: Sent) -> Self {
        let Sent { response, attempts } = sent;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap_or_default();
        let mut end = bytes.len().min(MAX_BODY_TEXT);
        while end > 0 && end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        Self {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes[..end]).into_owned(),
            attempts,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as text (invalid UTF-8 replaced, cut after 64 KiB).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The provider's message: a `message`, `detail`, `error_description`, `title` or `error`
    /// string in a JSON body, else the body's first line.
    pub fn message(&self) -> Option<String> {
        match serde_json::from_str::<serde_json::Value>(&self.body) {
            Ok(value) => message_in(&value),
            Err(_) => self
                .body
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| l.chars().take(200).collect()),
        }
    }

    /// How many times the request was sent, and why it was retried.
    pub fn attempts(&self) -> &Attempts {
        &self.attempts
    }
}

/// The first message-like string in a JSON error body, breadth first.
pub(crate) fn message_in(value: &serde_json::Value) -> Option<String> {
    const KEYS: [&str; 6] = [
        "message",
        "detail",
        "error_description",
        "title",
        "error",
        "msg",
    ];
    let mut level = vec![value];
    while !level.is_empty() {
        for value in &level {
            if let serde_json::Value::Object(map) = value {
                for key in KEYS {
                    if let Some(serde_json::Value::String(s)) = map.get(key)
                        && !s.trim().is_empty()
                    {
                        return Some(s.trim().to_string());
                    }
                }
            }
        }
        level = level
            .into_iter()
            .flat_map(|v| match v {
                serde_json::Value::Object(map) => map.values().collect::<Vec<_>>(),
                serde_json::Value::Array(items) => items.iter().collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    None
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_found_breadth_first() {
        let body = serde_json::json!({"error": {"code": 404, "message": "Token not found"}});
        assert_eq!(message_in(&body).as_deref(), Some("Token not found"));
        let body = serde_json::json!({"message": "top", "nested": {"message": "inner"}});
        assert_eq!(message_in(&body).as_deref(), Some("top"));
        assert_eq!(message_in(&serde_json::json!({"code": 1})), None);
    }
}
