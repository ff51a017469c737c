//! What every generated client shares, whatever its spec: the builder, credentials, servers,
//! path safety, retries and errors.
//!
//! This file is written by hand once, in the generator (`codegen/runtime/runtime.rs`), and copied
//! unchanged into each client crate. The spec's own parts (its security schemes, servers and
//! operations) are in `generated.rs`, which calls into this module.

// Not every spec uses every part (query or cookie credentials, servers with variables,
// streamed bodies).
#![allow(dead_code)]
// `Error` keeps the response's status, headers and typed body inline, as progenitor's does;
// errors are the rare path, and callers match on them without a box in the way.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

/// `User-Agent: <crate>/<version>`, sent with every request.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The longest body text an [`UnexpectedResponse`] keeps, in bytes.
const MAX_BODY_TEXT: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Security schemes and credentials
// ---------------------------------------------------------------------------------------------

/// Where a security scheme puts its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// How the credential becomes the value that is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// The prefix, then the credential as given.
    Plain,
    /// HTTP `basic`: the prefix, then `user:password` in base64.
    Basic,
}

/// A security scheme of the spec, as the client applies it.
#[derive(Debug)]
pub(crate) struct Scheme {
    /// The scheme's name in `components.securitySchemes`.
    pub(crate) name: &'static str,
    /// The builder method that takes the credential, for messages.
    pub(crate) method: &'static str,
    /// Where the credential goes.
    pub(crate) location: Location,
    /// The header, query parameter or cookie that carries it.
    pub(crate) parameter: &'static str,
    /// What precedes the credential (`"Bearer "`, `"Api-Token "`, or nothing).
    pub(crate) prefix: &'static str,
    /// How the credential is written after the prefix.
    pub(crate) encoding: Encoding,
    /// The environment variable [`ClientBuilder::credentials_from_env`] reads, if any.
    pub(crate) env: Option<&'static str>,
}

/// A credential as given, never printed.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential ready to be sent.
#[derive(Clone)]
enum Credential {
    /// A header value (also a `Cookie` header), marked sensitive.
    Header(HeaderValue),
    /// A query parameter value.
    Query(Secret),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Which credentials an operation accepts: any one alternative, each a set of scheme indices
/// (an empty set: no credential needed).
#[derive(Debug)]
pub(crate) struct Security(pub(crate) &'static [&'static [usize]]);

/// An operation, as the runtime needs to know it.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The client method's name.
    pub(crate) name: &'static str,
    /// The credentials it accepts.
    pub(crate) security: Security,
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

/// When and how often an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`,
/// `TRACE`) is sent again.
///
/// A request is retried after a connection error or a timeout, and after a `408`, `429`, `500`,
/// `502`, `503` or `504` response, until it has been sent [`max_attempts`](Self::max_attempts)
/// times. Between attempts the client waits with exponential backoff and jitter: before retry
/// `n` (counting from 1) a random time between half of and the whole of
/// `min(initial_backoff × 2ⁿ⁻¹, max_backoff)`. A `Retry-After` header (seconds or an HTTP date)
/// on the response replaces that wait; if it asks for more than
/// [`max_retry_after`](Self::max_retry_after), the response is returned instead of waiting.
/// `POST` and `PATCH` are never retried: the server may have acted on the first attempt.
///
/// The default: 3 attempts, 250 ms initial backoff, 8 s at most between attempts, and a
/// `Retry-After` of up to 60 s honoured. [`RetryPolicy::none`] sends every request once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sends an idempotent request at most `attempts` times in all (`1`: no retries; `0` is
    /// taken as `1`).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each one after it.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, without `Retry-After`.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a response asking for more is returned.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How many times an idempotent request is sent at most.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts, without `Retry-After`.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` the client waits for.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry `retry` (1 for the first), with jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        ceiling / 2 + (ceiling / 2).mul_f64(random_fraction())
    }
}

/// A number in `[0, 1)`, different on every call (for jitter; not for anything secret).
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    hasher.write_u32(nanos);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Why a request was sent again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    /// The server answered with this status (`408`, `429`, `500`, `502`, `503` or `504`).
    Status(StatusCode),
    /// No response arrived: the connection failed or the attempt timed out. The server may
    /// still have received and carried out the request.
    NoResponse(String),
}

/// How many times a request was sent, and why each retry happened.
///
/// A `404` to a `DELETE` after [`Retry::NoResponse`] may mean the first attempt deleted the
/// resource and only its response was lost: [`Attempts::after_lost_response`] tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    sent: u32,
    retries: Vec<Retry>,
}

impl Attempts {
    /// How many times the request was sent (0 when it was refused before sending).
    pub fn count(&self) -> u32 {
        self.sent
    }

    /// Why each retry happened, in order (empty when the first attempt was the last).
    pub fn retries(&self) -> &[Retry] {
        &self.retries
    }

    /// Whether an earlier attempt got no response, so the server may have acted on it already.
    pub fn after_lost_response(&self) -> bool {
        self.retries
            .iter()
            .any(|r| matches!(r, Retry::NoResponse(_)))
    }
}

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

/// Builds a client: its server, credentials, retries and timeouts.
///
/// Start from `Client::builder()`. Nothing is checked until `build`, which reports a bad base
/// URL or credential as a [`BuildError`] (never a panic). `C` is the client it builds.
pub struct ClientBuilder<C> {
    schemes: &'static [Scheme],
    base_url: Result<Option<String>, BuildError>,
    no_base_url: &'static str,
    credentials: Vec<Option<Secret>>,
    pending: Option<BuildError>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    client: std::marker::PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<&str> = self
            .schemes
            .iter()
            .zip(&self.credentials)
            .filter(|(_, c)| c.is_some())
            .map(|(s, _)| s.name)
            .collect();
        let base_url = match &self.base_url {
            Ok(Some(url)) => Ok(Some(redacted(url))),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &base_url)
            .field("credentials_given_for", &given)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder for a client of these schemes; `base_url` is the spec's default server, if it
    /// has one, and `no_base_url` says what to call when it has not.
    pub(crate) fn new(
        schemes: &'static [Scheme],
        base_url: Option<&str>,
        no_base_url: &'static str,
    ) -> Self {
        Self {
            schemes,
            base_url: Ok(base_url.map(str::to_string)),
            no_base_url,
            credentials: schemes.iter().map(|_| None).collect(),
            pending: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            http: None,
            client: std::marker::PhantomData,
        }
    }

    /// Sends requests to `url` (absolute `http` or `https`, such as `https://api.example.com`
    /// or `http://127.0.0.1:8080/prefix`) instead of the spec's server.
    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = Ok(Some(url.to_string()));
        self
    }

    /// Sets the server from a template of the spec and its variables' values; each value must
    /// be one non-empty URL component (no `/`, `?`, `#`, `@` or white space).
    pub(crate) fn server_template(mut self, template: &str, variables: &[(&str, &str)]) -> Self {
        let mut url = template.to_string();
        for (name, value) in variables {
            if value.is_empty()
                || value.chars().any(|c| {
                    matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
                })
            {
                self.base_url = Err(BuildError::ServerVariable {
                    name: (*name).to_string(),
                    value: (*value).to_string(),
                });
                return self;
            }
            url = url.replace(&format!("{{{name}}}"), value);
        }
        self.base_url = Ok(Some(url));
        self
    }

    /// Gives the credential of scheme `index` (called by the generated per-scheme methods).
    pub(crate) fn credential(mut self, index: usize, value: String) -> Self {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(Secret(value));
        }
        self
    }

    /// Reads each scheme's credential that was not given yet from its documented environment
    /// variable, where it is set and not empty (see the crate's docs for the variables).
    pub fn credentials_from_env(mut self) -> Self {
        for (index, scheme) in self.schemes.iter().enumerate() {
            let Some(variable) = scheme.env else { continue };
            if self.credentials[index].is_some() {
                continue;
            }
            match std::env::var_os(variable).map(|v| v.into_string()) {
                Some(Ok(value)) if !value.is_empty() => {
                    self.credentials[index] = Some(Secret(value))
                }
                Some(Err(_)) => {
                    self.pending.get_or_insert(BuildError::Environment {
                        variable,
                        reason: "its value is not valid Unicode",
                    });
                }
                _ => {}
            }
        }
        self
    }

    /// The retry policy for idempotent requests (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The time one attempt may take, from sending the request to reading the whole response
    /// (default 30 s). Each retry has its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting to the server may take (default 10 s). Ignored with
    /// [`http_client`](Self::http_client), whose own settings apply.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sends requests through this `reqwest::Client` (for proxies, client certificates or
    /// connection pools of your own). The credentials, `User-Agent`, per-attempt timeout and
    /// retries still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks everything and returns the parts of the client.
    pub(crate) fn finish(self) -> Result<(String, reqwest::Client, Config), BuildError> {
        if let Some(error) = self.pending {
            return Err(error);
        }
        let base_url = match self.base_url? {
            Some(url) => check_base_url(&url)?,
            None => {
                return Err(BuildError::NoBaseUrl {
                    hint: self.no_base_url,
                });
            }
        };
        let mut credentials = Vec::with_capacity(self.schemes.len());
        for (scheme, secret) in self.schemes.iter().zip(self.credentials) {
            credentials.push(match secret {
                Some(secret) => Some(prepare(scheme, &secret)?),
                None => None,
            });
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(BuildError::Http)?,
        };
        let config = Config {
            schemes: self.schemes,
            credentials,
            retry: self.retry,
            timeout: self.timeout,
        };
        Ok((base_url, http, config))
    }
}

/// Checks that `url` is an absolute `http(s)` URL with a host, no query, fragment or user
/// information, and returns it without a trailing `/`.
fn check_base_url(url: &str) -> Result<String, BuildError> {
    let error = |reason: &'static str| BuildError::BaseUrl {
        url: redacted(url),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|_| error("it is not an absolute URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(error("its scheme is not `http` or `https`"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(error("it has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(error("it has a query or a fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(error(
            "it has user information; give credentials to the builder instead",
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// `url` without what may be secret in it: user information and the query are replaced by
/// `<redacted>`.
fn redacted(url: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((url, _)) => (url, "?<redacted>"),
        None => (url, ""),
    };
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}<redacted>{}{query}", &url[..start], &url[start + at..]),
        None => format!("{url}{query}"),
    }
}

/// The value sent for a scheme's credential.
fn prepare(scheme: &'static Scheme, secret: &Secret) -> Result<Credential, BuildError> {
    let error = |reason: &'static str| BuildError::Credential {
        scheme: scheme.name,
        method: scheme.method,
        reason,
    };
    if secret.0.trim().is_empty() {
        return Err(error("it is empty"));
    }
    let written = match scheme.encoding {
        Encoding::Plain => secret.0.clone(),
        Encoding::Basic => base64(secret.0.as_bytes()),
    };
    match scheme.location {
        Location::Query => {
            if written.chars().any(char::is_control) {
                return Err(error("it contains a control character"));
            }
            Ok(Credential::Query(Secret(format!(
                "{}{written}",
                scheme.prefix
            ))))
        }
        Location::Header | Location::Cookie => {
            let text = match scheme.location {
                Location::Cookie => format!("{}={}{written}", scheme.parameter, scheme.prefix),
                _ => format!("{}{written}", scheme.prefix),
            };
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                error("it contains a character an HTTP header cannot carry (a line break, a control character or non-ASCII text)")
            })?;
            value.set_sensitive(true);
            Ok(Credential::Header(value))
        }
    }
}

/// Standard base64 with padding (RFC 4648), for HTTP `basic` credentials.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http(s)` URL.
    BaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No base URL was given and the spec's server needs values for its variables.
    NoBaseUrl {
        /// What to call instead.
        hint: &'static str,
    },
    /// A server variable's value is not one URL component.
    ServerVariable {
        /// The variable.
        name: String,
        /// The value as given.
        value: String,
    },
    /// A credential cannot be sent (the value itself is never shown).
    Credential {
        /// The security scheme.
        scheme: &'static str,
        /// The builder method that took it.
        method: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An environment variable holds no usable credential.
    Environment {
        /// The variable.
        variable: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The HTTP client could not be built (for example, its TLS backend failed to start).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            Self::NoBaseUrl { hint } => write!(f, "no base URL: {hint}"),
            Self::ServerVariable { name, value } => write!(
                f,
                "invalid value `{value}` for server variable `{name}`: it must be one non-empty URL component, without `/`, `?`, `#`, `@` or white space"
            ),
            Self::Credential {
                scheme,
                method,
                reason,
            } => write!(
                f,
                "invalid credential for security scheme `{scheme}` (given to `{method}`): {reason}"
            ),
            Self::Environment { variable, reason } => {
                write!(f, "environment variable `{variable}`: {reason}")
            }
            Self::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(e) => Some(e),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

/// What a built client keeps besides its base URL and HTTP client.
#[derive(Clone)]
pub(crate) struct Config {
    schemes: &'static [Scheme],
    credentials: Vec<Option<Credential>>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<&str> = self
            .schemes
            .iter()
            .zip(&self.credentials)
            .filter(|(_, c)| c.is_some())
            .map(|(s, _)| s.name)
            .collect();
        f.debug_struct("Config")
            .field("credentials_given_for", &given)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A response, with how many attempts it took.
#[derive(Debug)]
pub(crate) struct Sent {
    response: reqwest::Response,
    attempts: Attempts,
}

impl Sent {
    /// The response's status.
    pub(crate) fn status(&self) -> StatusCode {
        self.response.status()
    }
}

impl Config {
    /// Authenticates `request` for `operation`, then sends it, retrying as the policy says.
    pub(crate) async fn send<E>(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation: &Operation,
    ) -> Result<Sent, Error<E>> {
        let secret_in_url = self.authenticate(&mut request, operation)?;
        request
            .headers_mut()
            .entry(header::USER_AGENT)
            .or_insert(HeaderValue::from_static(USER_AGENT));
        *request.timeout_mut() = Some(self.timeout);
        let idempotent = [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::TRACE,
        ]
        .contains(request.method());
        let max_attempts = if idempotent {
            self.retry.max_attempts
        } else {
            1
        };
        let mut attempts = Attempts::default();
        loop {
            let next = if attempts.sent + 1 < max_attempts {
                request.try_clone()
            } else {
                None
            };
            attempts.sent += 1;
            // The wait before the next attempt, if there is to be one.
            let backoff = self.retry.backoff(attempts.sent);
            match http.execute(request).await {
                Ok(response) => {
                    let status = response.status();
                    let wait = match next {
                        Some(next) if retryable(status) => match retry_after(response.headers()) {
                            Some(wait) if wait > self.retry.max_retry_after => None,
                            Some(wait) => Some((next, wait)),
                            None => Some((next, backoff)),
                        },
                        _ => None,
                    };
                    let Some((next, wait)) = wait else {
                        return Ok(Sent { response, attempts });
                    };
                    drop(response);
                    attempts.retries.push(Retry::Status(status));
                    tokio::time::sleep(wait).await;
                    request = next;
                }
                Err(error) => {
                    let error = if secret_in_url {
                        error.without_url()
                    } else {
                        error
                    };
                    let Some(next) = next
                        .filter(|_| error.is_connect() || error.is_timeout() || error.is_request())
                    else {
                        return Err(Error::CommunicationError(error, attempts));
                    };
                    attempts.retries.push(Retry::NoResponse(error.to_string()));
                    tokio::time::sleep(backoff).await;
                    request = next;
                }
            }
        }
    }

    /// Adds the credentials of the first alternative of `operation`'s security that the client
    /// has all of; returns whether one went into the URL.
    fn authenticate<E>(
        &self,
        request: &mut reqwest::Request,
        operation: &Operation,
    ) -> Result<bool, Error<E>> {
        let alternatives = operation.security.0;
        if alternatives.is_empty() {
            return Ok(false);
        }
        let Some(chosen) = alternatives.iter().find(|set| {
            set.iter()
                .all(|&i| matches!(self.credentials.get(i), Some(Some(_))))
        }) else {
            let options: Vec<String> = alternatives
                .iter()
                .map(|set| {
                    set.iter()
                        .filter_map(|&i| self.schemes.get(i))
                        .map(|s| format!("`{}` (`ClientBuilder::{}`)", s.name, s.method))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            return Err(Error::MissingCredential {
                operation: operation.name,
                accepted: options.join(", or "),
            });
        };
        let mut in_url = false;
        for &index in chosen.iter() {
            let (Some(scheme), Some(Some(credential))) =
                (self.schemes.get(index), self.credentials.get(index))
            else {
                continue;
            };
            match (scheme.location, credential) {
                (Location::Header, Credential::Header(value)) => {
                    let name = header::HeaderName::from_static(scheme.parameter);
                    request.headers_mut().insert(name, value.clone());
                }
                (Location::Cookie, Credential::Header(value)) => {
                    request.headers_mut().append(header::COOKIE, value.clone());
                }
                (_, Credential::Query(secret)) => {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(scheme.parameter, &secret.0);
                    in_url = true;
                }
                (_, Credential::Header(_)) => {}
            }
        }
        Ok(in_url)
    }
}

/// Statuses worth another attempt.
fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date in the past: no
/// wait). `None` when there is no such header or it cannot be read.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = http_date(value)?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// Reads an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders
/// to use.
fn http_date(text: &str) -> Option<std::time::SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u64
        + 1;
    let year: u64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (Some(Some(h)), Some(Some(m)), Some(Some(s)), None) =
        (hms.next(), hms.next(), hms.next(), hms.next())
    else {
        return None;
    };
    if year < 1970 || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), for years from 1970.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(std::time::UNIX_EPOCH + Duration::from_secs(days * 86_400 + h * 3600 + m * 60 + s))
}

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/// A request refused before it was sent.
#[derive(Debug)]
pub(crate) struct Refused(String);

/// Percent-encodes path parameter `name`'s value into exactly one path segment.
///
/// Every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so `/`,
/// `\`, `?`, `#` and `%` cannot change the request's target. A value that would still address
/// another resource is refused: the empty string, and `.` and `..` in any spelling the URL
/// parser reads as a dot segment (`%2e`, `.%2E`, …).
pub(crate) fn encode_path(value: &str, name: &str) -> Result<String, Refused> {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    if value.is_empty() {
        return Err(Refused(format!(
            "path parameter `{name}` is empty, which would address another resource"
        )));
    }
    let lowered = value.to_ascii_lowercase();
    let spelled = lowered.replace("%2e", ".");
    if spelled == "." || spelled == ".." {
        return Err(Refused(format!(
            "path parameter `{name}` is `{value}`, a dot segment that would address another resource"
        )));
    }
    Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).to_string())
}

// ---------------------------------------------------------------------------------------------
// Responses and errors
// ---------------------------------------------------------------------------------------------

/// A response of the API: its typed body, status, headers, and how many attempts it took.
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
    attempts: Attempts,
}

impl<T: serde::de::DeserializeOwned> ResponseValue<T> {
    /// Reads and deserializes a JSON body.
    pub(crate) async fn from_response<E>(sent: Sent) -> Result<Self, Error<E>> {
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
    pub(crate) fn empty(sent: Sent) -> Self {
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
    pub(crate) fn stream(sent: Sent) -> Self {
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
    pub(crate) async fn upgrade<E>(sent: Sent) -> Result<Self, Error<E>> {
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
fn message_in(value: &serde_json::Value) -> Option<String> {
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

    /// Reads an undocumented response (called by the generated methods).
    pub(crate) async fn unexpected(sent: Sent) -> Self {
        Self::UnexpectedResponse(UnexpectedResponse::read(sent).await)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_refused_in_every_spelling() {
        for value in ["", ".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(encode_path(value, "id").is_err(), "{value:?} was accepted");
        }
        for (value, encoded) in [
            ("a/b", "a%2Fb"),
            ("...", "..."),
            ("a b?c#d%e", "a%20b%3Fc%23d%25e"),
            ("é", "%C3%A9"),
            ("a\\b", "a%5Cb"),
        ] {
            assert_eq!(encode_path(value, "id").ok().as_deref(), Some(encoded));
        }
    }

    #[test]
    fn urls_are_shown_without_secrets() {
        for (url, shown) in [
            ("https://user:pw@host/x", "https://<redacted>@host/x"),
            (
                "http://host:8080/a?key=secret",
                "http://host:8080/a?<redacted>",
            ),
            ("user:pw@host", "<redacted>@host"),
            ("https://host/p@th", "https://host/p@th"),
        ] {
            assert_eq!(redacted(url), shown);
        }
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn http_dates_are_read() {
        let date = http_date("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            date.and_then(|d| d.duration_since(std::time::UNIX_EPOCH).ok()),
            Some(Duration::from_secs(784_111_777))
        );
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
    }

    #[test]
    fn backoff_grows_within_bounds() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(150) && third <= Duration::from_millis(300));
        }
    }

    #[test]
    fn messages_are_found_breadth_first() {
        let body = serde_json::json!({"error": {"code": 404, "message": "Token not found"}});
        assert_eq!(message_in(&body).as_deref(), Some("Token not found"));
        let body = serde_json::json!({"message": "top", "nested": {"message": "inner"}});
        assert_eq!(message_in(&body).as_deref(), Some("top"));
        assert_eq!(message_in(&serde_json::json!({"code": 1})), None);
    }
}
