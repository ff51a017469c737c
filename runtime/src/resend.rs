//! What is kept of a request while it is sent, to send it again if the retry policy says so.
//!
//! reqwest consumes a request to send it, so a request that may be retried must be copied
//! before every first attempt, though almost none is retried. A fresh copy (the URL's string,
//! the header map's two arrays) costs more than all the rest of the runtime's work on a request,
//! almost all of it in the allocator. So a request without a body is kept as its parts, in
//! buffers that go back to a small pool of the thread once the request is done: in steady state
//! keeping a request allocates nothing. The request is made again from its parts only for a
//! retry.

use std::cell::RefCell;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Version};

/// How many pairs of buffers a thread keeps: as many requests as a task set usually has in
/// flight on one thread; beyond it, buffers are allocated and freed as usual.
const POOL: usize = 64;

thread_local! {
    /// Cleared buffers for [`Parts`]: a URL's string and a list of headers, with their capacity.
    static BUFFERS: RefCell<Vec<Buffers>> = const { RefCell::new(Vec::new()) };
}

/// What is kept of a request for another attempt.
pub(crate) enum Kept {
    /// A request with a body: its copy (`try_clone`, which shares the body's bytes), boxed so
    /// that every request's future stays small.
    Copy(Box<reqwest::Request>),
    /// A request without a body: its parts, in pooled buffers.
    Parts(Parts),
}

impl Kept {
    /// What to keep of `request`, or `None` when it cannot be sent again (its body is a stream).
    pub(crate) fn of(request: &reqwest::Request) -> Option<Self> {
        if request.body().is_some() {
            return request.try_clone().map(|copy| Self::Copy(Box::new(copy)));
        }
        Some(Self::Parts(Parts::of(request)))
    }

    /// The request to send again.
    pub(crate) fn into_request(self) -> Option<reqwest::Request> {
        match self {
            Self::Copy(request) => Some(*request),
            Self::Parts(parts) => parts.into_request(),
        }
    }
}

/// The buffers of a [`Parts`].
type Buffers = (String, Vec<(HeaderName, HeaderValue)>);

/// A body-less request's method, URL, headers, version and timeout.
pub(crate) struct Parts {
    method: Method,
    url: String,
    /// In order, as a list: a header map would hash every name again.
    headers: Vec<(HeaderName, HeaderValue)>,
    version: Version,
    timeout: Option<Duration>,
}

impl Parts {
    fn of(request: &reqwest::Request) -> Self {
        let (mut url, mut headers) = BUFFERS
            .try_with(|pool| pool.try_borrow_mut().ok().and_then(|mut pool| pool.pop()))
            .ok()
            .flatten()
            .unwrap_or_default();
        url.push_str(request.url().as_str());
        headers.extend(
            request
                .headers()
                .iter()
                .map(|(name, value)| (name.clone(), value.clone())),
        );
        Self {
            method: request.method().clone(),
            url,
            headers,
            version: request.version(),
            timeout: request.timeout().copied(),
        }
    }

    fn into_request(mut self) -> Option<reqwest::Request> {
        // A URL's serialization parses back into the same URL.
        let url = reqwest::Url::parse(&self.url).ok()?;
        let mut request = reqwest::Request::new(self.method.clone(), url);
        let mut headers = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in self.headers.drain(..) {
            headers.append(name, value);
        }
        *request.headers_mut() = headers;
        *request.version_mut() = self.version;
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        Some(request)
    }
}

impl Drop for Parts {
    fn drop(&mut self) {
        let mut url = std::mem::take(&mut self.url);
        let mut headers = std::mem::take(&mut self.headers);
        url.clear();
        headers.clear();
        // Not during the thread's teardown, nor beyond the pool's size.
        let _ = BUFFERS.try_with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut()
                && pool.len() < POOL
            {
                pool.push((url, headers));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

    fn request(url: &str) -> reqwest::Request {
        let mut request = reqwest::Request::new(Method::DELETE, url.parse().expect("a URL"));
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut secret = HeaderValue::from_static("Bearer s");
        secret.set_sensitive(true);
        headers.insert(AUTHORIZATION, secret);
        headers.append("x-many", HeaderValue::from_static("1"));
        headers.append("x-many", HeaderValue::from_static("2"));
        *request.timeout_mut() = Some(Duration::from_secs(3));
        request
    }

    #[test]
    fn a_request_is_made_again_as_it_was_from_reused_buffers() {
        // Twice: the second time from the buffers the first one gave back.
        for url in ["http://a.example/x/%2F?q=1", "http://b.example/y"] {
            let original = request(url);
            let again = Kept::of(&original)
                .and_then(Kept::into_request)
                .expect("a body-less request is kept");
            assert_eq!(again.method(), original.method());
            assert_eq!(again.url(), original.url());
            assert_eq!(again.headers(), original.headers());
            assert!(again.headers()[AUTHORIZATION].is_sensitive());
            assert_eq!(again.version(), original.version());
            assert_eq!(again.timeout(), original.timeout());
        }
    }

    #[test]
    fn buffers_go_back_cleared_and_the_pool_stays_small() {
        let kept: Vec<Kept> = (0..POOL + 10)
            .map(|i| Kept::of(&request(&format!("http://h.example/{i}"))).expect("kept"))
            .collect();
        drop(kept);
        BUFFERS.with(|pool| {
            let pool = pool.borrow();
            assert_eq!(pool.len(), POOL);
            assert!(
                pool.iter()
                    .all(|(url, headers)| url.is_empty() && headers.is_empty())
            );
        });
    }

    #[test]
    fn a_request_with_a_body_is_copied_with_it() {
        let mut original = request("http://a.example/");
        *original.body_mut() = Some(reqwest::Body::from("{}"));
        let again = Kept::of(&original)
            .and_then(Kept::into_request)
            .expect("a body of bytes is kept");
        assert_eq!(
            again.body().and_then(reqwest::Body::as_bytes),
            Some(&b"{}"[..])
        );
    }
}
