//! Responses: the typed value of a documented status, and what is kept of an undocumented one
//! (reading them from the wire is [`crate::read`]'s).

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::retry::Attempts;

/// A response of the API: its typed body, status, headers, and how many attempts it took.
pub struct ResponseValue<T> {
    pub(crate) inner: T,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) attempts: Attempts,
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
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
    pub(crate) attempts: Attempts,
}

impl UnexpectedResponse {
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
