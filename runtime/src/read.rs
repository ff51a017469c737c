//! Reading a response: a documented status's body into its type, an undocumented one's text,
//! a protocol upgrade's connection. The generated methods call these on what the hooks sent.

use reqwest::StatusCode;

use crate::error::Error;
use crate::response::{ResponseValue, UnexpectedResponse};
use crate::retry::Attempts;
use crate::send::Sent;

/// The longest body text an [`UnexpectedResponse`] keeps, in bytes.
const MAX_BODY_TEXT: usize = 64 * 1024;

impl Sent {
    /// The response (its body still to read), its status, its headers (taken, not copied: the
    /// body does not need them) and the attempts it took.
    fn into_parts(
        self,
    ) -> (
        reqwest::Response,
        StatusCode,
        reqwest::header::HeaderMap,
        Attempts,
    ) {
        let Self {
            mut response,
            attempts,
        } = self;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        (response, status, headers, attempts)
    }
}

impl<T: serde::de::DeserializeOwned> ResponseValue<T> {
    /// Reads and deserializes a JSON body (progenitor's generated code calls this).
    ///
    /// # Errors
    ///
    /// When the body cannot be read, or is not the JSON the type reads.
    #[doc(hidden)]
    pub async fn from_response<E>(sent: Sent) -> Result<Self, Error<E>> {
        let (response, status, headers, attempts) = sent.into_parts();
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
        let (_, status, headers, attempts) = sent.into_parts();
        Self {
            inner: (),
            status,
            headers,
            attempts,
        }
    }
}

impl ResponseValue<progenitor_client::ByteStream> {
    /// A response whose body is read as a stream of bytes.
    #[doc(hidden)]
    pub fn stream(sent: Sent) -> Self {
        let (response, status, headers, attempts) = sent.into_parts();
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
        let (response, status, headers, attempts) = sent.into_parts();
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

impl UnexpectedResponse {
    /// Reads the whole body (at most 64 KiB of it is kept, as text).
    pub(crate) async fn read(sent: Sent) -> Self {
        let (response, status, headers, attempts) = sent.into_parts();
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
}

impl<E> Error<E> {
    /// Reads an undocumented response (the generated methods call this).
    #[doc(hidden)]
    pub async fn unexpected(sent: Sent) -> Self {
        // Boxed: this rare path's body-reading future would make every request's future larger.
        Self::UnexpectedResponse(Box::pin(UnexpectedResponse::read(sent)).await)
    }
}
