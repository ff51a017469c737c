//! What every generated client's `mock` module is built of (feature `mock`): matchers and
//! responses for [`wiremock`], which each client's module wraps in one typed helper per
//! operation, so that a downstream crate tests its own code against a server that speaks the
//! client's types.
//!
//! Each matcher reads the request as the client writes it: a path parameter percent-decoded from
//! its one segment ([`PathTemplate`]), a query parameter as reqwest's `query` writes what the
//! client gives it ([`QueryParam`]), a header as its text ([`Header`]), a credential where its
//! security scheme puts it, with its prefix ([`Credential`]). The responses carry a body with the
//! media type the spec documents ([`json`], [`raw`]). Nothing here knows a spec: the generated
//! module says which parameter, scheme and status each operation has.

use std::sync::OnceLock;

/// What a body given to a mock's response is written with (serde's `Serialize`).
pub use serde::Serialize;
pub use wiremock;
use wiremock::http::{HeaderName, HeaderValue};
use wiremock::{Match, Request, ResponseTemplate};

use crate::api::Location;

/// One segment of a path template: its literal parts and parameters, in order.
#[derive(Clone, Debug)]
struct Segment(Vec<Piece>);

/// A literal part of a segment, or a parameter with the value it must have (any, if `None`).
#[derive(Clone, Debug)]
enum Piece {
    Literal(String),
    Parameter(String, Option<String>),
}

/// Matches a request's path against an operation's path template (`/users/{userId}/tokens`):
/// as many segments, each literal as written, each parameter given a value with
/// [`param`](Self::param) equal to that value once its segment is percent-decoded (the client
/// encodes each parameter into exactly one segment), and any value for the others.
///
/// The whole path must match: with a base URL that has a path stem (`…/api/v0`), give the stem
/// to [`with_prefix`](Self::with_prefix).
#[derive(Clone, Debug)]
pub struct PathTemplate {
    segments: Vec<Segment>,
}

impl PathTemplate {
    /// The template as the spec writes it.
    pub fn new(template: &str) -> Self {
        PathTemplate {
            segments: segments(template),
        }
    }

    /// The request's path starts with `prefix` (a base URL's path stem, `/api/v0`) before the
    /// template.
    pub fn with_prefix(mut self, prefix: &str) -> Self {
        let mut all = segments(prefix);
        all.append(&mut self.segments);
        self.segments = all;
        self
    }

    /// Parameter `name` (the spec's name) must be `value`, as text (`Display`).
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        for Segment(pieces) in &mut self.segments {
            for piece in pieces {
                if let Piece::Parameter(parameter, expected) = piece
                    && parameter == name
                {
                    *expected = Some(value.clone());
                }
            }
        }
        self
    }
}

/// The segments of a path template, between its `/`s.
fn segments(template: &str) -> Vec<Segment> {
    template
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let mut pieces = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                    break;
                };
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_string()));
                }
                pieces.push(Piece::Parameter(rest[open + 1..close].to_string(), None));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                pieces.push(Piece::Literal(rest.to_string()));
            }
            Segment(pieces)
        })
        .collect()
}

impl Match for PathTemplate {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path().trim_matches('/');
        let actual: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        actual.len() == self.segments.len()
            && actual
                .iter()
                .zip(&self.segments)
                .all(|(actual, segment)| segment.matches(actual))
    }
}

impl Segment {
    /// Whether the segment `actual`, as sent (percent-encoded), matches.
    fn matches(&self, actual: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(actual).decode_utf8_lossy();
        glob(&self.0, &decoded)
    }
}

/// Whether `text` is `pieces`: each literal and given value as written, each parameter without
/// a value any text that is not empty (the client refuses an empty value).
fn glob(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(known) | Piece::Parameter(_, Some(known)), rest)) => text
            .strip_prefix(known.as_str())
            .is_some_and(|text| glob(rest, text)),
        Some((Piece::Parameter(_, None), rest)) => (1..=text.len())
            .filter(|&end| text.is_char_boundary(end))
            .any(|end| glob(rest, &text[end..])),
    }
}

/// Matches a query parameter as the client writes it: the request's pairs of each name the
/// expected value writes are exactly those pairs, in order. A value that writes nothing (`None`,
/// an empty list) matches a request without the parameter.
#[derive(Clone, Debug)]
pub struct QueryParam {
    name: String,
    expected: Option<Vec<(String, String)>>,
}

impl QueryParam {
    /// Parameter `name` as `query` writes it, `query` being what the client gives reqwest's
    /// `RequestBuilder::query` for it (progenitor's `QueryParam`, or this crate's, in the
    /// parameter's style): the same serializer writes both.
    pub fn new<T: Serialize + ?Sized>(name: &str, query: &T) -> Self {
        QueryParam {
            name: name.to_string(),
            expected: written(query),
        }
    }

    /// Parameter `name` is not in the query, in any style (`name=…`, `name[…]=…`).
    pub fn absent(name: &str) -> Self {
        QueryParam {
            name: name.to_string(),
            expected: Some(Vec::new()),
        }
    }
}

/// The pairs reqwest writes for `query` (`None` when it cannot be written: the client would
/// fail to send it).
fn written<T: Serialize + ?Sized>(query: &T) -> Option<Vec<(String, String)>> {
    static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    let client = CLIENT
        .get_or_init(|| reqwest::Client::builder().build().ok())
        .as_ref()?;
    let request = client
        .get("http://mock.invalid/")
        .query(query)
        .build()
        .ok()?;
    Some(
        request
            .url()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

impl Match for QueryParam {
    fn matches(&self, request: &Request) -> bool {
        let Some(expected) = &self.expected else {
            return false;
        };
        let actual: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if expected.is_empty() {
            let deep = format!("{}[", self.name);
            return !actual
                .iter()
                .any(|(k, _)| *k == self.name || k.starts_with(&deep));
        }
        let mut names: Vec<&String> = expected.iter().map(|(k, _)| k).collect();
        names.dedup();
        names.iter().all(|name| {
            let of = |pairs: &[(String, String)]| -> Vec<String> {
                pairs
                    .iter()
                    .filter(|(k, _)| k == *name)
                    .map(|(_, v)| v.clone())
                    .collect()
            };
            of(&actual) == of(expected)
        })
    }
}

/// Matches a request header: one of its values is exactly the text given, or, with
/// [`absent`](Self::absent), the request has no such header.
#[derive(Clone, Debug)]
pub struct Header {
    name: String,
    value: Option<String>,
}

impl Header {
    /// Header `name` has the value `value` (as text: `Display`, as the client writes it).
    pub fn new(name: &str, value: impl ToString) -> Self {
        Header {
            name: name.to_string(),
            value: Some(value.to_string()),
        }
    }

    /// The request has no header `name`.
    pub fn absent(name: &str) -> Self {
        Header {
            name: name.to_string(),
            value: None,
        }
    }
}

impl Match for Header {
    fn matches(&self, request: &Request) -> bool {
        let mut values = request.headers.get_all(self.name.as_str()).iter();
        match &self.value {
            Some(expected) => values.any(|v| v.as_bytes() == expected.as_bytes()),
            None => values.next().is_none(),
        }
    }
}

/// Matches a security scheme's credential where the scheme puts it (a header, a query parameter
/// or a cookie), after its prefix (`Bearer `): present with any value, or, with
/// [`value`](Self::value) or [`basic`](Self::basic), this one.
#[derive(Clone)]
pub struct Credential {
    location: Location,
    parameter: &'static str,
    prefix: &'static str,
    value: Option<String>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A test's secrets stay out of its failure messages too.
        f.debug_struct("Credential")
            .field("location", &self.location)
            .field("parameter", &self.parameter)
            .field("prefix", &self.prefix)
            .field("value", &self.value.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Credential {
    /// A credential in `location`, under `parameter` (a header's name in lower case, a query
    /// parameter's or a cookie's name), after `prefix`.
    pub fn new(location: Location, parameter: &'static str, prefix: &'static str) -> Self {
        Credential {
            location,
            parameter,
            prefix,
            value: None,
        }
    }

    /// A credential in header `name` (lower case), after `prefix`.
    pub fn header(name: &'static str, prefix: &'static str) -> Self {
        Self::new(Location::Header, name, prefix)
    }

    /// A credential in query parameter `name`, after `prefix`.
    pub fn query(name: &'static str, prefix: &'static str) -> Self {
        Self::new(Location::Query, name, prefix)
    }

    /// A credential in cookie `name`, after `prefix`.
    pub fn cookie(name: &'static str, prefix: &'static str) -> Self {
        Self::new(Location::Cookie, name, prefix)
    }

    /// The credential is `credential` (what the client's builder method was given).
    pub fn value(mut self, credential: &str) -> Self {
        self.value = Some(credential.to_string());
        self
    }

    /// The credential is HTTP `basic`'s `user:password` (in base64).
    pub fn basic(mut self, user: &str, password: &str) -> Self {
        self.value = Some(crate::credentials::base64(
            format!("{user}:{password}").as_bytes(),
        ));
        self
    }

    /// Whether `sent` (what follows the parameter's name) is the credential.
    fn is(&self, sent: &str) -> bool {
        match (sent.strip_prefix(self.prefix), &self.value) {
            (Some(rest), Some(value)) => rest == value,
            (Some(rest), None) => !rest.is_empty(),
            (None, _) => false,
        }
    }
}

impl Match for Credential {
    fn matches(&self, request: &Request) -> bool {
        match self.location {
            Location::Header => request
                .headers
                .get_all(self.parameter)
                .iter()
                .any(|v| v.to_str().is_ok_and(|v| self.is(v))),
            Location::Query => request
                .url
                .query_pairs()
                .any(|(k, v)| k == self.parameter && self.is(&v)),
            Location::Cookie => request
                .headers
                .get_all("cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|cookie| cookie.trim().split_once('='))
                .any(|(name, value)| name == self.parameter && self.is(value)),
        }
    }
}

/// `template` with `body` in JSON as its body, sent as `media_type` (`application/json`,
/// `application/problem+json`). A body that cannot be written in JSON (a map whose keys are not
/// strings) is replaced by a text that says so.
pub fn json<T: Serialize + ?Sized>(
    template: ResponseTemplate,
    body: &T,
    media_type: &str,
) -> ResponseTemplate {
    match serde_json::to_vec(body) {
        Ok(bytes) => template.set_body_raw(bytes, media_type),
        Err(e) => template.set_body_raw(
            format!("the mock's body cannot be written in JSON: {e}"),
            "text/plain",
        ),
    }
}

/// `template` with `body` as its body, sent as `media_type`.
pub fn raw(
    template: ResponseTemplate,
    body: impl Into<Vec<u8>>,
    media_type: &str,
) -> ResponseTemplate {
    template.set_body_raw(body.into(), media_type)
}

/// `template` with header `name: value` added; a name or value HTTP refuses is left out (the
/// client could not read it either), and said so in an `x-mock-refused-header` header.
pub fn header(template: ResponseTemplate, name: &str, value: impl ToString) -> ResponseTemplate {
    let value = value.to_string();
    match (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(&value),
    ) {
        (Ok(name), Ok(value)) => template.append_header(name, value),
        _ => template.append_header(
            HeaderName::from_static("x-mock-refused-header"),
            HeaderValue::from_static("a header name or value HTTP cannot carry"),
        ),
    }
}

/// The items every operation's mock has, the same for every operation: its request matcher
/// `$when` and its responses `$then`, for client method `$method`. The generated `mock`
/// module invokes it once per operation and adds the typed methods (the parameters, the body,
/// the credentials, the documented statuses and headers) in impls of its own.
///
/// `$when` has `path_prefix`, `and` and `respond`; `$then` has `status`, `json`, `text`,
/// `bytes`, `header` and `into_inner`. The private `new`, `path_param` and `json_status` are
/// what the generated methods call.
#[macro_export]
#[doc(hidden)]
macro_rules! mock_operation {
    ($method:literal, $when:ident, $then:ident) => {
        #[doc = ::std::concat!(
            "The request of [`Client::", $method, "`](crate::Client::", $method,
            ") a mock matches: start it with [`", $method, "`], add what the request must carry, ",
            "then give a [`", ::std::stringify!($then), "`] to [`respond`](Self::respond)."
        )]
        #[derive(Debug)]
        pub struct $when {
            builder: $crate::mock::wiremock::MockBuilder,
            path: $crate::mock::PathTemplate,
        }

        #[allow(dead_code)]
        impl $when {
            /// Matches `method` on the path template `path`.
            fn new(method: &str, path: &str) -> Self {
                Self {
                    builder: $crate::mock::wiremock::Mock::given(
                        $crate::mock::wiremock::matchers::method(method),
                    ),
                    path: $crate::mock::PathTemplate::new(path),
                }
            }

            /// Path parameter `name` must be `value`.
            fn path_param(mut self, name: &str, value: impl ::std::string::ToString) -> Self {
                self.path = self.path.param(name, value);
                self
            }

            /// The request's path has `prefix` (a base URL's path stem, such as `/api/v1`)
            /// before the operation's path.
            pub fn path_prefix(mut self, prefix: &str) -> Self {
                self.path = self.path.with_prefix(prefix);
                self
            }

            /// The request also matches `matcher` (any of wiremock's, or one of your own).
            pub fn and(self, matcher: impl $crate::mock::wiremock::Match + 'static) -> Self {
                Self {
                    builder: self.builder.and(matcher),
                    path: self.path,
                }
            }

            /// The mock: it answers a matching request with `then`. Mount it on a
            /// `wiremock::MockServer` (`.mount(&server).await`), after `up_to_n_times`,
            /// `with_priority` or `expect` where the test needs them.
            pub fn respond(self, then: $then) -> $crate::mock::wiremock::Mock {
                self.builder.and(self.path).respond_with(then.0)
            }
        }

        #[doc = ::std::concat!(
            "A response to [`Client::", $method, "`](crate::Client::", $method,
            "): a documented status with its typed body, or any other with ",
            "[`status`](Self::status)."
        )]
        #[derive(Debug)]
        pub struct $then($crate::mock::wiremock::ResponseTemplate);

        #[allow(dead_code)]
        impl $then {
            /// `status` with `body` in JSON, as `media_type`.
            fn json_status<T: $crate::mock::Serialize + ?Sized>(
                status: u16,
                body: &T,
                media_type: &str,
            ) -> Self {
                Self::status(status).with_json(body, media_type)
            }

            /// The body is `body` in JSON, as `media_type`.
            fn with_json<T: $crate::mock::Serialize + ?Sized>(
                self,
                body: &T,
                media_type: &str,
            ) -> Self {
                Self($crate::mock::json(self.0, body, media_type))
            }

            /// Any status, without a body: an undocumented one, for the client's error paths.
            pub fn status(status: u16) -> Self {
                Self($crate::mock::wiremock::ResponseTemplate::new(status))
            }

            /// The body is `body` in JSON (`Content-Type: application/json`), whatever the
            /// spec documents.
            pub fn json<T: $crate::mock::Serialize + ?Sized>(self, body: &T) -> Self {
                self.with_json(body, "application/json")
            }

            /// The body is `body` (`Content-Type: text/plain`).
            pub fn text(self, body: &str) -> Self {
                self.bytes(body, "text/plain")
            }

            /// The body is `body`, with `Content-Type: media_type`.
            pub fn bytes(
                self,
                body: impl ::std::convert::Into<::std::vec::Vec<u8>>,
                media_type: &str,
            ) -> Self {
                Self($crate::mock::raw(self.0, body, media_type))
            }

            /// Header `name: value`, which the spec may not document.
            pub fn header(self, name: &str, value: impl ::std::string::ToString) -> Self {
                Self($crate::mock::header(self.0, name, value))
            }

            /// wiremock's response, for what these methods do not say (a delay…).
            pub fn into_inner(self) -> $crate::mock::wiremock::ResponseTemplate {
                self.0
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, headers: &[(&str, &str)]) -> Request {
        let mut map = wiremock::http::HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("a name"),
                HeaderValue::from_str(value).expect("a value"),
            );
        }
        Request {
            url: url.parse().expect("a URL"),
            method: wiremock::http::Method::GET,
            headers: map,
            body: Vec::new(),
        }
    }

    #[test]
    fn paths_match_their_template_with_decoded_values() {
        let template = PathTemplate::new("/users/{userId}/tokens/{tokenId}");
        let at = |path: &str| request(&format!("http://h{path}"), &[]);
        assert!(template.matches(&at("/users/u1/tokens/t1")));
        assert!(!template.matches(&at("/users/u1/tokens")));
        assert!(!template.matches(&at("/users/u1/tokens/t1/more")));
        assert!(!template.matches(&at("/groups/u1/tokens/t1")));
        let given = template.clone().param("userId", "a/b c");
        assert!(given.matches(&at("/users/a%2Fb%20c/tokens/t1")));
        assert!(!given.matches(&at("/users/u1/tokens/t1")));
        let stem = PathTemplate::new("/tokens/{id}")
            .with_prefix("/api/v0")
            .param("id", 7);
        assert!(stem.matches(&at("/api/v0/tokens/7")));
        assert!(!stem.matches(&at("/tokens/7")));
    }

    #[test]
    fn segments_mixing_literals_and_parameters() {
        let template = PathTemplate::new("/files/{name}.{ext}");
        let at = |path: &str| request(&format!("http://h{path}"), &[]);
        assert!(template.matches(&at("/files/report.pdf")));
        assert!(!template.matches(&at("/files/report")));
        let named = template.param("name", "report");
        assert!(named.matches(&at("/files/report.pdf")));
        assert!(!named.matches(&at("/files/other.pdf")));
        assert!(
            named
                .clone()
                .param("ext", "pdf")
                .matches(&at("/files/report.pdf"))
        );
        assert!(!named.param("ext", "txt").matches(&at("/files/report.pdf")));
    }

    #[test]
    fn query_parameters_as_reqwest_writes_them() {
        let at = |query: &str| request(&format!("http://h/p?{query}"), &[]);
        let limit = QueryParam::new("limit", &[("limit", 10)]);
        assert!(limit.matches(&at("limit=10&other=x")));
        assert!(!limit.matches(&at("limit=11")));
        assert!(!limit.matches(&at("other=x")));
        let ids = QueryParam::new("ids", &[("ids", "a b"), ("ids", "c")]);
        assert!(ids.matches(&at("ids=a+b&ids=c")));
        assert!(!ids.matches(&at("ids=c&ids=a+b")));
        assert!(!ids.matches(&at("ids=a+b")));
        let absent = QueryParam::absent("filter");
        assert!(absent.matches(&at("other=1")));
        assert!(!absent.matches(&at("filter%5Bname%5D=x")));
        assert!(!absent.matches(&at("filter=x")));
        // `None` writes nothing: the parameter must be absent.
        let none = QueryParam::new("limit", &[("limit", None::<u8>)]);
        assert!(none.matches(&at("other=1")));
        assert!(!none.matches(&at("limit=1")));
    }

    #[test]
    fn headers_by_value_or_absence() {
        let with = request("http://h/", &[("x-request-id", "r1")]);
        let without = request("http://h/", &[]);
        assert!(Header::new("X-Request-Id", "r1").matches(&with));
        assert!(!Header::new("X-Request-Id", "r2").matches(&with));
        assert!(Header::absent("x-request-id").matches(&without));
        assert!(!Header::absent("x-request-id").matches(&with));
    }

    #[test]
    fn credentials_in_each_place() {
        let bearer = Credential::new(Location::Header, "authorization", "Bearer ");
        let token = Credential::new(Location::Header, "authorization", "Token ");
        let sent = request("http://h/", &[("authorization", "Token s3cret")]);
        assert!(token.matches(&sent));
        assert!(!bearer.matches(&sent));
        assert!(token.clone().value("s3cret").matches(&sent));
        assert!(!token.clone().value("other").matches(&sent));
        assert!(!token.matches(&request("http://h/", &[])));
        assert!(!token.matches(&request("http://h/", &[("authorization", "Token ")])));

        let query = Credential::query("api_key", "");
        assert!(query.matches(&request("http://h/?api_key=k", &[])));
        assert!(!query.matches(&request("http://h/?other=k", &[])));

        let cookie = Credential::cookie("session", "").value("abc");
        assert!(cookie.matches(&request("http://h/", &[("cookie", "a=1; session=abc")])));
        assert!(!cookie.matches(&request("http://h/", &[("cookie", "session=abd")])));

        let basic = Credential::new(Location::Header, "authorization", "Basic ").basic("u", "p");
        assert!(basic.matches(&request("http://h/", &[("authorization", "Basic dTpw")])));
        assert!(!format!("{basic:?}").contains("dTpw"));
    }
}
