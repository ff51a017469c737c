//! Building a client: its server, credentials, retries and timeouts, all checked at once.

use std::fmt;
use std::time::Duration;

use crate::api::Api;
use crate::credentials::{Credentials, Secret, prepare};
use crate::retry::RetryPolicy;
use crate::send::Config;

/// Builds a client: its server, credentials, retries and timeouts.
///
/// Each generated crate wraps it in its own `ClientBuilder`, which adds a method per security
/// scheme of its spec and, for a server with variables, `server(…)`. Nothing is checked until
/// [`finish`](Self::finish), which reports a bad base URL or credential as a [`BuildError`]
/// (never a panic).
pub struct Builder {
    api: &'static Api,
    base_url: Result<Option<String>, BuildError>,
    credentials: Vec<Option<Secret>>,
    pending: Option<BuildError>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<&str> = self
            .api
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

impl Builder {
    /// A builder for a client of `api`: its default server, if it has one, no credentials,
    /// [`RetryPolicy::default`], 30 s per attempt and 10 s to connect.
    pub fn new(api: &'static Api) -> Self {
        debug_assert!(
            api.operations.windows(2).all(|w| w[0].name < w[1].name),
            "the operations of an `Api` are sorted by name"
        );
        Self {
            api,
            base_url: Ok(api.server.map(str::to_string)),
            credentials: api.schemes.iter().map(|_| None).collect(),
            pending: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            http: None,
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
    pub fn server_template(mut self, template: &str, variables: &[(&str, &str)]) -> Self {
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

    /// Gives the credential of scheme `index` of the API (the generated per-scheme methods
    /// call this).
    pub fn credential(mut self, index: usize, value: String) -> Self {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(Secret(value));
        }
        self
    }

    /// Reads each scheme's credential that was not given yet from its documented environment
    /// variable, where it is set and not empty.
    pub fn credentials_from_env(mut self) -> Self {
        for (index, scheme) in self.api.schemes.iter().enumerate() {
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

    /// The retry policy (default: [`RetryPolicy::default`]).
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

    /// Checks everything and returns the parts of the client: its base URL (without a trailing
    /// `/`), its HTTP client and the runtime's configuration.
    ///
    /// # Errors
    ///
    /// Fails, naming what is wrong, when the base URL is missing or is not an absolute
    /// `http(s)` URL, a server variable or credential cannot be sent, or the HTTP client cannot
    /// be built.
    pub fn finish(self) -> Result<(String, reqwest::Client, Config), BuildError> {
        if let Some(error) = self.pending {
            return Err(error);
        }
        let base_url = match self.base_url? {
            Some(url) => check_base_url(&url)?,
            None => {
                return Err(BuildError::NoBaseUrl {
                    hint: self.api.no_server,
                });
            }
        };
        let mut credentials = Vec::with_capacity(self.api.schemes.len());
        for (scheme, secret) in self.api.schemes.iter().zip(self.credentials) {
            credentials.push(match secret {
                Some(secret) => {
                    Some(
                        prepare(scheme, &secret).map_err(|reason| BuildError::Credential {
                            scheme: scheme.name,
                            method: scheme.method,
                            reason,
                        })?,
                    )
                }
                None => None,
            });
        }
        let credentials = Credentials::new(self.api.schemes, credentials);
        let (http, own) = match self.http {
            Some(http) => (http, false),
            // The client's own HTTP client sends the `User-Agent` and applies the timeout to
            // each request itself; a client given by the caller gets them on each request.
            None => (
                reqwest::Client::builder()
                    .user_agent(self.api.user_agent)
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    // The runtime retries, protocol refusals included (see `send`): reqwest's
                    // own policy would keep a second copy of every request for them (`never()`
                    // alone still copies each request once; no retries at all copies none).
                    .retry(reqwest::retry::never().max_retries_per_request(0))
                    .build()
                    .map_err(BuildError::Http)?,
                true,
            ),
        };
        let config = Config::new(self.api, credentials, self.retry, self.timeout, own);
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

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http(s)` URL.
    BaseUrl {
        /// The URL as given, without its user information and query.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No base URL was given and the spec has no server without variables.
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn base_urls_lose_their_trailing_slash() {
        assert_eq!(
            check_base_url("http://127.0.0.1:8080/api/").ok().as_deref(),
            Some("http://127.0.0.1:8080/api")
        );
    }
}
