//! What normalization hands the back end besides the document: typed values, never extensions
//! or markers hidden in the document.
//!
//! [`crate::normalize`] rewrites the document into what progenitor takes, and records here
//! what progenitor cannot be told: which client method each operation becomes and what it
//! really sends and receives, and the types the back end writes itself. The passes
//! (`passes`) read these notes; they never search progenitor's output for anything
//! but its structure.

use std::collections::BTreeMap;

use openapiv3::SecurityRequirement;

/// Everything the back end needs to know that progenitor's output does not say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    /// Every operation progenitor makes a client method of, by the method's name (progenitor's
    /// snake-case `operationId`, see [`crate::names::method_name`]).
    pub operations: BTreeMap<String, Operation>,
    /// String enums whose values typify cannot name (it would panic): typify names them after
    /// readable stand-ins, which the back end turns back into the values (see
    /// [`crate::normalize::enum_names`]).
    pub enums: Vec<Enum>,
    /// The client method each example of the settings (`[examples.<name>]`) calls, by the
    /// example's name: its operation found as a rename finds one (see
    /// [`crate::normalize::operation_ids::derive`]), so that it names the method as renamed.
    pub examples: BTreeMap<String, String>,
}

impl Notes {
    /// The operation of client method `name`; a method named after a Rust keyword has a
    /// trailing underscore (`match_`).
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations
            .get(name)
            .or_else(|| self.operations.get(name.trim_end_matches('_')))
    }
}

/// One operation, as its client method sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, as the spec writes it (`/tokens/{id}`).
    pub path: String,
    /// The operation's summary, or the first line of its description.
    pub summary: String,
    /// Its `security`, where the operation has one of its own (otherwise the document's).
    pub security: Option<Vec<SecurityRequirement>>,
    /// The request media type this method sends, when the operation's body has several, each
    /// sent by a method of its own (see [`crate::normalize::request_bodies`]).
    pub media_type: Option<String>,
    /// How its request body goes on the wire, when progenitor does not send it so itself (see
    /// [`crate::normalize::request_bodies`]).
    pub sent: Option<Sent>,
    /// The responses read per status, when its responses have different bodies (see
    /// [`crate::normalize::responses`]).
    pub responses: Option<Responses>,
    /// The query parameters not sent as progenitor sends them (`form`, exploded), by the
    /// spec's name, with how each is sent (see [`crate::normalize::parameters`]).
    pub query: BTreeMap<String, QueryStyle>,
}

/// How a query parameter is written into the query string, where progenitor would write it
/// otherwise (see `client_runtime::QueryStyle`, which the generated code names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueryStyle {
    /// `style: form, explode: false`: `name=a,b,c`.
    Comma,
    /// `style: spaceDelimited`: `name=a b c`.
    Space,
    /// `style: pipeDelimited`: `name=a|b|c`.
    Pipe,
    /// `style: deepObject`: `name[key]=value`, `name[a][b]=value`, `name[list]=a,b`.
    DeepObject,
    /// A parameter described by `content: {application/json: …}`: `name=<the JSON text>`.
    Json,
}

impl QueryStyle {
    /// The name of the runtime's `QueryStyle` variant that writes it.
    pub fn variant(self) -> &'static str {
        match self {
            QueryStyle::Comma => "Comma",
            QueryStyle::Space => "Space",
            QueryStyle::Pipe => "Pipe",
            QueryStyle::DeepObject => "DeepObject",
            QueryStyle::Json => "Json",
        }
    }
}

/// A request body progenitor is given as another media type than the one sent: the back end
/// (`passes::bodies`) changes how the method sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// JSON, given to progenitor as `application/json`, sent with this `Content-Type`
    /// (`application/merge-patch+json`).
    Json(String),
    /// Bytes or text, given to progenitor as `application/octet-stream` or `text/plain`, sent
    /// with this `Content-Type` (`application/xml`, `text/plain; charset=utf-8`).
    Raw(String),
    /// `application/x-www-form-urlencoded` with an `encoding`, given to progenitor without it.
    Form(Vec<Encoding>),
    /// `multipart/form-data`, given to progenitor as JSON: the body's struct.
    Multipart(Vec<Encoding>),
}

/// The `encoding` of one property of a form or multipart body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoding {
    /// The property.
    pub property: String,
    /// Its `contentType`.
    pub content_type: Option<String>,
    /// Its `style` (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`).
    pub style: Option<String>,
    /// Its `explode`.
    pub explode: Option<bool>,
}

/// The responses of an operation whose success (or error) responses have different bodies:
/// one enum variant per status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responses {
    /// The success statuses (with `default`), in progenitor's order.
    pub success: Vec<Status>,
    /// The error statuses (with `default`), in progenitor's order.
    pub error: Vec<Status>,
}

/// One status of an operation, as its enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The status as written: `200`, `4XX`, `default`.
    pub status: String,
    /// The variant's name: `Ok`, `NotFound`, `Default`.
    pub variant: String,
    /// The response's description.
    pub description: String,
    /// Its body.
    pub body: Body,
    /// The media type of its body as the spec writes it (`application/problem+json`), when it
    /// has one: progenitor is given bytes instead.
    pub media_type: Option<String>,
}

/// How one status's body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON body of this component schema (typify's type named after it).
    Json(String),
    /// Bytes of another media type.
    Raw,
}

/// A string enum whose values typify was given readable stand-ins for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    /// Each value, in the spec's order, with the stand-in typify named its variant after.
    pub variants: Vec<Variant>,
}

/// One value of an [`Enum`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The stand-in typify was given, which is also the variant's name: readable, and distinct
    /// from the others (`Dot`, `X2`, `Empty`).
    pub name: String,
    /// The value on the wire.
    pub value: String,
}
