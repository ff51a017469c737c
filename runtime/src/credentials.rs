//! Credentials: kept secret, checked once when the client is built, and added to the requests
//! of the operations that accept them.

use std::fmt;

use reqwest::header::{self, HeaderName, HeaderValue};

use crate::api::{Encoding, Location, Operation, Scheme};
use crate::error::Error;

/// A credential as given, never printed.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential ready to be sent.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A header, its value marked sensitive; the name is parsed once, when the client is built.
    Header(HeaderName, HeaderValue),
    /// A `name=value` pair for the `Cookie` header, marked sensitive.
    Cookie(HeaderValue),
    /// A query parameter value.
    Query(Secret),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The value sent for `scheme`'s credential, or why it cannot be sent.
pub(crate) fn prepare(
    scheme: &'static Scheme,
    secret: &Secret,
) -> Result<Credential, &'static str> {
    if secret.0.trim().is_empty() {
        return Err("it is empty");
    }
    let written = match scheme.encoding {
        Encoding::Plain => secret.0.clone(),
        Encoding::Basic => base64(secret.0.as_bytes()),
    };
    match scheme.location {
        Location::Query => {
            if written.chars().any(char::is_control) {
                return Err("it contains a control character");
            }
            Ok(Credential::Query(Secret(format!(
                "{}{written}",
                scheme.prefix
            ))))
        }
        Location::Cookie
            if written
                .chars()
                .chain(scheme.prefix.chars())
                .any(|c| matches!(c, ';' | ',' | '"' | '\\') || c.is_whitespace()) =>
        {
            // RFC 6265's cookie-value: another `;` would start another cookie.
            Err("a cookie value cannot hold `;`, `,`, `\"`, `\\` or white space")
        }
        Location::Header | Location::Cookie => {
            if !written.is_ascii() {
                return Err(
                    "it contains non-ASCII text, which HTTP header values do not carry as text",
                );
            }
            let text = match scheme.location {
                Location::Cookie => format!("{}={}{written}", scheme.parameter, scheme.prefix),
                _ => format!("{}{written}", scheme.prefix),
            };
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                "it contains a character an HTTP header cannot carry (a line break or another control character)"
            })?;
            value.set_sensitive(true);
            match scheme.location {
                Location::Cookie => Ok(Credential::Cookie(value)),
                _ => HeaderName::from_bytes(scheme.parameter.as_bytes())
                    .map(|name| Credential::Header(name, value))
                    .map_err(|_| "its scheme's header name is not a valid HTTP header name"),
            }
        }
    }
}

/// The credentials of a built client, by scheme index.
#[derive(Clone, Debug)]
pub(crate) struct Credentials {
    schemes: &'static [Scheme],
    values: Vec<Option<Credential>>,
}

impl Credentials {
    pub(crate) fn new(schemes: &'static [Scheme], values: Vec<Option<Credential>>) -> Self {
        Self { schemes, values }
    }

    /// Whether any credential goes into the URL (so errors must not show it).
    pub(crate) fn any_in_url(&self) -> bool {
        self.values
            .iter()
            .any(|c| matches!(c, Some(Credential::Query(_))))
    }

    /// The names of the schemes the client has a credential for.
    pub(crate) fn given(&self) -> Vec<&'static str> {
        self.schemes
            .iter()
            .zip(&self.values)
            .filter(|(_, c)| c.is_some())
            .map(|(s, _)| s.name)
            .collect()
    }

    fn has(&self, index: usize) -> bool {
        matches!(self.values.get(index), Some(Some(_)))
    }

    /// Adds to `request` the credentials of the first alternative of `operation`'s security
    /// that the client has all of (an alternative that needs none only when the client has no
    /// other), or fails, naming what the operation accepts.
    pub(crate) fn authenticate<E>(
        &self,
        request: &mut reqwest::Request,
        operation: &Operation,
    ) -> Result<(), Error<E>> {
        let alternatives = operation.security;
        if alternatives.is_empty() {
            return Ok(());
        }
        let satisfied = |set: &&&[usize]| set.iter().all(|&i| self.has(i));
        let chosen = alternatives
            .iter()
            .filter(|set| !set.is_empty())
            .find(satisfied)
            .or_else(|| alternatives.iter().find(|set| set.is_empty()));
        let Some(chosen) = chosen else {
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
        let mut cookies: Vec<&HeaderValue> = Vec::new();
        for &index in chosen.iter() {
            let (Some(scheme), Some(Some(credential))) =
                (self.schemes.get(index), self.values.get(index))
            else {
                continue;
            };
            match credential {
                Credential::Header(name, value) => {
                    request.headers_mut().insert(name.clone(), value.clone());
                }
                Credential::Cookie(value) => cookies.push(value),
                Credential::Query(secret) => {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(scheme.parameter, &secret.0);
                }
            }
        }
        // One `Cookie` header for all of them (RFC 6265, section 5.4).
        match cookies.as_slice() {
            [] => {}
            [one] => {
                request.headers_mut().append(header::COOKIE, (*one).clone());
            }
            several => {
                let joined = several
                    .iter()
                    .map(|v| v.as_bytes())
                    .collect::<Vec<_>>()
                    .join(&b"; "[..]);
                // Each was a valid value; joined with `; ` it still is.
                if let Ok(mut value) = HeaderValue::from_bytes(&joined) {
                    value.set_sensitive(true);
                    request.headers_mut().append(header::COOKIE, value);
                }
            }
        }
        Ok(())
    }
}

/// Standard base64 with padding (RFC 4648), for HTTP `basic` credentials.
pub(crate) fn base64(input: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    static COOKIES: [Scheme; 2] = [
        Scheme {
            name: "A",
            method: "a",
            location: Location::Cookie,
            parameter: "a",
            prefix: "",
            encoding: Encoding::Plain,
            env: None,
        },
        Scheme {
            name: "B",
            method: "b",
            location: Location::Cookie,
            parameter: "b",
            prefix: "",
            encoding: Encoding::Plain,
            env: None,
        },
    ];

    #[test]
    fn cookies_required_together_go_in_one_header() {
        let values = COOKIES
            .iter()
            .zip(["1", "2"])
            .map(|(scheme, value)| prepare(scheme, &Secret(value.into())).ok())
            .collect();
        let credentials = Credentials::new(&COOKIES, values);
        let operation = Operation {
            name: "op",
            method: "GET",
            path: "/",
            security: &[&[0, 1]],
            accept: None,
        };
        let url = reqwest::Url::parse("http://127.0.0.1/").expect("a URL");
        let mut request = reqwest::Request::new(reqwest::Method::GET, url);
        credentials
            .authenticate::<()>(&mut request, &operation)
            .expect("both credentials are given");
        let cookies: Vec<&HeaderValue> = request.headers().get_all(header::COOKIE).iter().collect();
        assert_eq!(cookies, [&HeaderValue::from_static("a=1; b=2")]);
        assert!(cookies[0].is_sensitive());
    }

    #[test]
    fn values_headers_cannot_carry_are_refused() {
        for (scheme, value) in [(&COOKIES[0], "x; y=1"), (&COOKIES[0], "x\u{e9}")] {
            assert!(prepare(scheme, &Secret(value.into())).is_err(), "{value:?}");
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
}
