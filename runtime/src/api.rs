//! What a generated client tells the runtime about its API: the security schemes, the
//! operations and the servers of its spec, as `static` data.
//!
//! The generator writes one [`Api`] per client (`static API: runtime::api::Api = …` in its
//! `generated.rs`); nothing here is meant to be written by hand, hence hidden from the docs.

/// An API, as the runtime needs to know it.
#[derive(Debug)]
pub struct Api {
    /// The security schemes of `components.securitySchemes`, sorted by name; an
    /// [`Operation`]'s security names them by index.
    pub schemes: &'static [Scheme],
    /// Every operation, **sorted by name**, so that [`Api::operation`] finds one quickly.
    pub operations: &'static [Operation],
    /// `User-Agent: <crate>/<version>` of the client crate, sent with every request.
    pub user_agent: &'static str,
    /// The spec's first server, when it is an absolute URL without variables.
    pub server: Option<&'static str>,
    /// What to do when there is no such server, for [`BuildError::NoBaseUrl`](crate::BuildError::NoBaseUrl).
    pub no_server: &'static str,
}

impl Api {
    /// The operation called `name` (progenitor's `OperationInfo::operation_id`, which is the
    /// client method's name).
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations
            .binary_search_by(|operation| operation.name.cmp(name))
            .ok()
            .map(|index| &self.operations[index])
    }
}

/// A security scheme of the spec, as the client applies it.
#[derive(Debug)]
pub struct Scheme {
    /// The scheme's name in `components.securitySchemes`.
    pub name: &'static str,
    /// The builder method that takes the credential, for messages.
    pub method: &'static str,
    /// Where the credential goes.
    pub location: Location,
    /// The header (lower case), query parameter or cookie that carries it.
    pub parameter: &'static str,
    /// What precedes the credential (`"Bearer "`, `"Api-Token "`, or nothing).
    pub prefix: &'static str,
    /// How the credential is written after the prefix.
    pub encoding: Encoding,
    /// The environment variable `credentials_from_env` reads, if any.
    pub env: Option<&'static str>,
}

/// Where a security scheme puts its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// How the credential becomes the value that is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The prefix, then the credential as given.
    Plain,
    /// HTTP `basic`: the prefix, then `user:password` in base64.
    Basic,
}

/// An operation, as the runtime needs to know it.
#[derive(Debug)]
pub struct Operation {
    /// The client method's name.
    pub name: &'static str,
    /// The HTTP method, upper case (`DELETE`).
    pub method: &'static str,
    /// The path template, as the spec writes it (`/tokens/{tokenId}`).
    pub path: &'static str,
    /// The credentials it accepts: any one alternative, each a set of indices into
    /// [`Api::schemes`] that are sent together. No alternative: no credential is needed; an
    /// empty alternative: a credential is optional.
    pub security: &'static [&'static [usize]],
    /// The `Accept` header to send when progenitor's code sets none (an operation whose
    /// responses are read per status).
    pub accept: Option<&'static str>,
}
