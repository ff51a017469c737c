//! What a client needs to know of a spec's security schemes and servers.
//!
//! Every scheme in `components.securitySchemes` becomes a [`Scheme`]: where its credential goes
//! (`in` and `name` of an `apiKey`, `Authorization` for `http`, `oauth2` and `openIdConnect`),
//! what precedes it, and the builder method that takes it. Two vendor extensions on a scheme say
//! what OpenAPI cannot:
//!
//! - `x-credential-prefix`: the word an `apiKey` value starts with, such as `Api-Token` for
//!   `Authorization: Api-Token <token>` (a space is put after it);
//! - `x-credential-env`: the environment variable the credential may be read from.
//!
//! `mutualTLS` schemes have no credential to send (the certificate belongs to the HTTP client)
//! and are left out; normalization warns about them.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

/// The extension giving an `apiKey` value's prefix.
pub const PREFIX_EXTENSION: &str = "x-credential-prefix";
/// The extension naming the environment variable a credential may be read from.
pub const ENV_EXTENSION: &str = "x-credential-env";

/// Builder methods every client has; a scheme's method never takes one of these names.
const RESERVED: &[&str] = &[
    "base_url",
    "build",
    "connect_timeout",
    "credential",
    "credentials_from_env",
    "finish",
    "http_client",
    "new",
    "retry",
    "server",
    "server_template",
    "timeout",
];

/// Where a credential is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One security scheme, as the client applies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// The name in `components.securitySchemes`.
    pub name: String,
    /// The builder method that takes the credential.
    pub method: String,
    /// Where the credential goes.
    pub location: Location,
    /// The header (lower-case), query parameter or cookie that carries it.
    pub parameter: String,
    /// What precedes the credential, with its trailing space (`"Bearer "`), or nothing.
    pub prefix: String,
    /// HTTP `basic`: the credential is `user:password`, sent in base64.
    pub basic: bool,
    /// The environment variable it may be read from.
    pub env: Option<String>,
    /// What the credential is, in a few words (`an API token`, `a JWT`).
    pub what: String,
    /// The spec's description of the scheme.
    pub description: Option<String>,
}

impl Scheme {
    /// How the credential appears on the wire, such as `Authorization: Bearer <credential>`.
    pub fn wire_form(&self) -> String {
        let value = if self.basic {
            "<base64 of user:password>".to_string()
        } else {
            "<credential>".to_string()
        };
        match self.location {
            Location::Header => format!(
                "{}: {}{value}",
                display_header(&self.parameter),
                self.prefix
            ),
            Location::Query => format!("?{}={}{value}", self.parameter, self.prefix),
            Location::Cookie => format!("Cookie: {}={}{value}", self.parameter, self.prefix),
        }
    }
}

/// `x-api-key` → `X-Api-Key`, for documentation.
fn display_header(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A scheme or requirement the client cannot apply, with its JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The JSON pointer of the node.
    pub at: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is a likely fix.
    pub help: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.message, self.at)
    }
}

/// The schemes of a spec, in the order of `components.securitySchemes` as it is read (sorted by
/// name: the document's mappings are read into sorted maps); every problem at once.
pub fn schemes(spec: &OpenAPI) -> Result<Vec<Scheme>, Vec<Problem>> {
    let mut out: Vec<Scheme> = Vec::new();
    let mut problems = Vec::new();
    for (name, scheme) in spec.components.iter().flat_map(|c| &c.security_schemes) {
        let at = |key: Option<&str>| {
            let mut segments = vec!["components", "securitySchemes", name.as_str()];
            segments.extend(key);
            crate::openapi::pointer::pointer(segments)
        };
        let mut problem = |key: Option<&str>, message: String| {
            problems.push(Problem {
                at: at(key),
                message,
                help: None,
            });
        };
        let ReferenceOr::Item(scheme) = scheme else {
            // Validation follows scheme references; the client needs them in place.
            problem(
                None,
                format!("security scheme `{name}` is a `$ref`; give it in place"),
            );
            continue;
        };
        let (location, parameter, prefix, basic, what, description, extensions) = match scheme {
            SecurityScheme::APIKey {
                location,
                name: parameter,
                description,
                extensions,
            } => {
                let prefix = match extensions.get(PREFIX_EXTENSION) {
                    None => String::new(),
                    Some(serde_json::Value::String(p)) if !p.trim().is_empty() => {
                        format!("{} ", p.trim())
                    }
                    Some(other) => {
                        problem(
                            Some(PREFIX_EXTENSION),
                            format!(
                                "`{PREFIX_EXTENSION}` of security scheme `{name}` is `{other}`, not a non-empty string"
                            ),
                        );
                        String::new()
                    }
                };
                let location = match location {
                    APIKeyLocation::Header => Location::Header,
                    APIKeyLocation::Query => Location::Query,
                    APIKeyLocation::Cookie => Location::Cookie,
                };
                (
                    location,
                    parameter.clone(),
                    prefix,
                    false,
                    "an API key".to_string(),
                    description,
                    extensions,
                )
            }
            SecurityScheme::HTTP {
                scheme: http,
                bearer_format,
                description,
                extensions,
            } => {
                let lower = http.to_ascii_lowercase();
                let word = match lower.as_str() {
                    "bearer" => "Bearer".to_string(),
                    "basic" => "Basic".to_string(),
                    _ => http.clone(),
                };
                let what = match (lower.as_str(), bearer_format) {
                    ("basic", _) => "a user name and password".to_string(),
                    (_, Some(format)) => format!("a bearer token ({format})"),
                    ("bearer", None) => "a bearer token".to_string(),
                    _ => format!("an HTTP `{http}` credential"),
                };
                (
                    Location::Header,
                    "authorization".to_string(),
                    format!("{word} "),
                    lower == "basic",
                    what,
                    description,
                    extensions,
                )
            }
            SecurityScheme::OAuth2 {
                description,
                extensions,
                ..
            } => (
                Location::Header,
                "authorization".to_string(),
                "Bearer ".to_string(),
                false,
                "an OAuth 2.0 access token".to_string(),
                description,
                extensions,
            ),
            SecurityScheme::OpenIDConnect {
                description,
                extensions,
                ..
            } => (
                Location::Header,
                "authorization".to_string(),
                "Bearer ".to_string(),
                false,
                "an OpenID Connect access token".to_string(),
                description,
                extensions,
            ),
        };
        let parameter = match location {
            Location::Header => {
                let lower = parameter.to_ascii_lowercase();
                let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
                if lower.is_empty() || !lower.chars().all(token) {
                    problem(
                        Some("name"),
                        format!(
                            "security scheme `{name}` names header `{parameter}`, which is not a valid HTTP header name"
                        ),
                    );
                }
                lower
            }
            _ => parameter,
        };
        let env = match extensions.get(ENV_EXTENSION) {
            None => None,
            Some(serde_json::Value::String(v))
                if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                Some(v.clone())
            }
            Some(other) => {
                problem(
                    Some(ENV_EXTENSION),
                    format!(
                        "`{ENV_EXTENSION}` of security scheme `{name}` is `{other}`, not an environment variable name (letters, digits and `_`)"
                    ),
                );
                None
            }
        };
        let method = unique_method(name, &out);
        out.push(Scheme {
            name: name.clone(),
            method,
            location,
            parameter,
            prefix,
            basic,
            env,
            what,
            description: description.clone(),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The builder method for scheme `name`: its snake-case name, never a reserved or taken one.
fn unique_method(name: &str, taken: &[Scheme]) -> String {
    let snake = crate::names::method_name(name);
    let trimmed = snake.trim_matches('_');
    let base = if trimmed.is_empty() {
        "credential".to_string()
    } else if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("scheme_{trimmed}")
    } else if RESERVED.contains(&trimmed) || syn::parse_str::<syn::Ident>(trimmed).is_err() {
        format!("{trimmed}_credential")
    } else {
        trimmed.to_string()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.method == candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// The credentials an operation accepts: alternatives, each a set of indices into `schemes`
/// (an empty set: a credential is optional; the runtime sends one it has, and sends the
/// request without one otherwise). An empty list: the operation needs none. `at` is the pointer
/// of the requirements' list.
pub fn requirements(
    requirements: &[SecurityRequirement],
    schemes: &[Scheme],
    at: &str,
) -> Result<Vec<Vec<usize>>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut set = Vec::new();
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.name == name) {
                Some(index) => set.push(index),
                None => problems.push(Problem {
                    at: crate::openapi::pointer::below(at, [i.to_string().as_str(), name.as_str()]),
                    message: format!(
                        "the security requirement names `{name}`, which is not in `components.securitySchemes`"
                    ),
                    help: crate::names::closest(name, schemes.iter().map(|s| s.name.as_str()))
                        .map(|close| format!("did you mean `{close}`?")),
                }),
            }
        }
        out.extend(one_per_place(&set, schemes));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(out)
}

/// A requirement's schemes that share a place (InfluxData's management document asks for two
/// bearer schemes together, both in `Authorization`) cannot all be sent: one of them is.
/// The alternatives, each with one scheme per place.
fn one_per_place(set: &[usize], schemes: &[Scheme]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &index in set {
        let place = |i: usize| (schemes[i].location, schemes[i].parameter.as_str());
        match groups.iter_mut().find(|g| place(g[0]) == place(index)) {
            Some(group) => group.push(index),
            None => groups.push(vec![index]),
        }
    }
    groups.iter().fold(vec![Vec::new()], |partials, group| {
        partials
            .iter()
            .flat_map(|partial| {
                group.iter().map(move |&i| {
                    let mut next = partial.clone();
                    next.push(i);
                    next
                })
            })
            .collect()
    })
}

/// Requirements whose schemes share a place, as warnings: one of them is sent.
pub fn shared_places(
    requirements: &[SecurityRequirement],
    schemes: &[Scheme],
    at: &str,
) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let named: Vec<&Scheme> = requirement
            .keys()
            .filter_map(|name| schemes.iter().find(|s| &s.name == name))
            .collect();
        for (k, a) in named.iter().enumerate() {
            if let Some(b) = named[k + 1..]
                .iter()
                .find(|b| b.location == a.location && b.parameter == a.parameter)
            {
                out.push(Problem {
                    at: crate::openapi::pointer::below(at, [i.to_string()]),
                    message: format!(
                        "the security requirement asks for `{}` and `{}` together, but both are sent as `{}`: the client sends whichever of them it is given",
                        a.name,
                        b.name,
                        a.wire_form()
                    ),
                    help: Some("list them as two requirements (either one) if that is what the API accepts".into()),
                });
                break;
            }
        }
    }
    out
}

/// The spec's first server, as the client's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// The URL template.
    pub url: String,
    /// Its variables, in order: `(name, Rust argument name, description)`.
    pub variables: Vec<(String, String, Option<String>)>,
}

impl Server {
    /// The spec's first server, if it has an absolute `http(s)` URL.
    pub fn first(spec: &OpenAPI) -> Option<Self> {
        let server = spec.servers.first()?;
        let lower = server.url.to_ascii_lowercase();
        if !(lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("{"))
        {
            return None;
        }
        let mut variables: Vec<(String, String, Option<String>)> = Vec::new();
        for (name, var) in server.variables.iter().flatten() {
            if !server.url.contains(&format!("{{{name}}}")) {
                continue;
            }
            let base = crate::names::ident(name);
            let mut arg = base.clone();
            let mut n = 2;
            while variables.iter().any(|v| v.1 == arg) {
                arg = format!("{base}_{n}");
                n += 1;
            }
            variables.push((name.clone(), arg, var.description.clone()));
        }
        Some(Self {
            url: server.url.clone(),
            variables,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(schemes: serde_json::Value, security: serde_json::Value) -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "security": security,
            "components": {"securitySchemes": schemes},
        }))
        .expect("a valid document")
    }

    #[test]
    fn every_kind_of_scheme_says_where_and_how_its_credential_goes() {
        let spec = spec(
            serde_json::json!({
                "Api-Token": {"type": "apiKey", "in": "header", "name": "Authorization",
                              "x-credential-prefix": "Api-Token", "x-credential-env": "DT_TOKEN"},
                "bearer": {"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"},
                "basic": {"type": "http", "scheme": "basic"},
                "key": {"type": "apiKey", "in": "query", "name": "api_key"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sid"},
                "oauth": {"type": "oauth2", "flows": {}},
                "build": {"type": "openIdConnect", "openIdConnectUrl": "https://example.com"},
            }),
            serde_json::json!([]),
        );
        let schemes = schemes(&spec).expect("schemes");
        let summary: Vec<(&str, String, bool, Option<&str>)> = schemes
            .iter()
            .map(|s| (s.method.as_str(), s.wire_form(), s.basic, s.env.as_deref()))
            .collect();
        assert_eq!(
            summary,
            // serde_json sorts the keys of `json!`; a loaded document keeps its order.
            [
                (
                    "api_token",
                    "Authorization: Api-Token <credential>".to_string(),
                    false,
                    Some("DT_TOKEN")
                ),
                (
                    "basic",
                    "Authorization: Basic <base64 of user:password>".to_string(),
                    true,
                    None
                ),
                (
                    "bearer",
                    "Authorization: Bearer <credential>".to_string(),
                    false,
                    None
                ),
                // A builder method of its own is never shadowed.
                (
                    "build_credential",
                    "Authorization: Bearer <credential>".to_string(),
                    false,
                    None
                ),
                ("key", "?api_key=<credential>".to_string(), false, None),
                (
                    "oauth",
                    "Authorization: Bearer <credential>".to_string(),
                    false,
                    None
                ),
                (
                    "session",
                    "Cookie: sid=<credential>".to_string(),
                    false,
                    None
                ),
            ]
        );
        assert_eq!(schemes[2].what, "a bearer token (JWT)");
    }

    #[test]
    fn method_names_stay_unique() {
        let spec = spec(
            serde_json::json!({
                "api_key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-Other"},
                "type": {"type": "http", "scheme": "bearer"},
            }),
            serde_json::json!([]),
        );
        let methods: Vec<String> = schemes(&spec)
            .expect("schemes")
            .into_iter()
            .map(|s| s.method)
            .collect();
        assert_eq!(methods, ["api_key", "api_key_2", "type_credential"]);
    }

    #[test]
    fn requirements_are_alternatives_of_scheme_sets() {
        let spec = spec(
            serde_json::json!({
                "A": {"type": "http", "scheme": "bearer"},
                "B": {"type": "apiKey", "in": "header", "name": "X-B"},
            }),
            serde_json::json!([{"A": []}, {"A": [], "B": []}]),
        );
        let schemes = schemes(&spec).expect("schemes");
        let global = spec.security.clone().unwrap_or_default();
        assert_eq!(
            requirements(&global, &schemes, "#/security"),
            Ok(vec![vec![0], vec![0, 1]])
        );
        // `{}` among the alternatives: a credential is optional, the empty set says so.
        let optional: Vec<SecurityRequirement> =
            serde_json::from_value(serde_json::json!([{"A": []}, {}])).expect("requirements");
        assert_eq!(
            requirements(&optional, &schemes, "#/security"),
            Ok(vec![vec![0], vec![]])
        );
        let unknown: Vec<SecurityRequirement> =
            serde_json::from_value(serde_json::json!([{"a": []}])).expect("requirements");
        let problems = requirements(&unknown, &schemes, "#/security").expect_err("unknown");
        assert_eq!(problems[0].at, "#/security/0/a");
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `A`?"));
    }

    #[test]
    fn schemes_required_together_in_one_header_are_either_one() {
        let spec = spec(
            serde_json::json!({
                "Jwt": {"type": "http", "scheme": "bearer"},
                "Management": {"type": "http", "scheme": "bearer"},
                "Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            }),
            serde_json::json!([{"Jwt": [], "Management": [], "Key": []}]),
        );
        let schemes = schemes(&spec).expect("schemes");
        let global = spec.security.clone().unwrap_or_default();
        // Sorted by name: Jwt 0, Key 1, Management 2.
        assert_eq!(
            requirements(&global, &schemes, "#/security"),
            Ok(vec![vec![0, 1], vec![2, 1]])
        );
        let warnings = shared_places(&global, &schemes, "#/security");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].at, "#/security/0");
    }

    #[test]
    fn bad_extensions_and_header_names_are_all_reported() {
        let spec = spec(
            serde_json::json!({
                "A": {"type": "apiKey", "in": "header", "name": "Bad Header",
                      "x-credential-prefix": "", "x-credential-env": "NOT-A-NAME"},
            }),
            serde_json::json!([]),
        );
        let problems = schemes(&spec).expect_err("problems");
        let at: Vec<&str> = problems.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "#/components/securitySchemes/A/x-credential-prefix",
                "#/components/securitySchemes/A/name",
                "#/components/securitySchemes/A/x-credential-env",
            ]
        );
    }

    #[test]
    fn the_first_server_is_the_default_with_its_variables() {
        let mut spec = spec(serde_json::json!({}), serde_json::json!([]));
        assert_eq!(Server::first(&spec), None);
        spec.servers = serde_json::from_value(serde_json::json!([
            {"url": "https://{cluster}:{port}/api", "variables": {
                "cluster": {"default": "example.com", "description": "Host"},
                "port": {"default": "443"},
                "unused": {"default": "x"}}}
        ]))
        .expect("servers");
        let server = Server::first(&spec).expect("a server");
        let names: Vec<&str> = server.variables.iter().map(|v| v.1.as_str()).collect();
        assert_eq!(names, ["cluster", "port"]);
        spec.servers =
            serde_json::from_value(serde_json::json!([{"url": "/v1"}])).expect("servers");
        assert_eq!(
            Server::first(&spec),
            None,
            "a relative server is no default"
        );
    }
}
