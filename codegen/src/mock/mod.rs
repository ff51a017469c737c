//! Typed mocks: the `mock` module of every generated crate (compiled with its `mock` feature),
//! with which a downstream crate tests its own code against a server that speaks the client's
//! types, without writing one.
//!
//! For each client method `op`, the module has `mock::op()`, which starts a matcher of the
//! request the method sends (`OpWhen`: its HTTP method and path template; then, by the method's
//! own argument types, each path, query and header parameter as the client encodes it, the
//! optional ones present or absent, the body, and the credential of each security scheme
//! the operation accepts, where the scheme puts it, present or of a given value), and `OpThen`,
//! its responses: one constructor per documented status with its typed body and media type,
//! typed documented headers, and any other status or body for the error paths. `OpWhen::respond`
//! makes a `wiremock::Mock` of the two.
//!
//! Built from what the back end knows after the passes, never from printed code: the normalized
//! document (each operation's parameters, responses and their media types and headers), the
//! [`Notes`] (the client method of each operation, its real path and method, the query styles,
//! how the body is sent, the statuses read one by one) and, for the Rust types, the client
//! method's signature in the syntax tree, or its builder's fields (`operation`). The typed items
//! are written by `render`, as text;
//! what is the same in every operation's mock is one invocation of the runtime's
//! `mock_operation!` macro, and what every client's mock shares (matching a path template, a
//! query parameter as reqwest writes it, a credential) is the runtime's `client_runtime::mock`,
//! written and tested once.
//!
//! Why wiremock (and not httpmock, which progenitor's own `Generator::httpmock` targets): it is
//! async on tokio like the runtime and the client, each `MockServer` is a real server on
//! loopback that a test owns, and `up_to_n_times`, priorities and `expect` make retries (a
//! `503`, then a `204`) and call counts plain to write; its dependencies are the HTTP stack the
//! client already builds on (hyper, tokio).

mod operation;
mod render;

use std::fmt::Write as _;

use heck::ToPascalCase;
use openapiv3::OpenAPI;

use crate::notes::Notes;
use operation::AnswerBody;

/// A client's mock module: its code, and what its documentation's example uses.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The module's items, printed.
    pub code: String,
    /// The operation the example mocks, and how.
    pub example: Option<Example>,
}

/// What the mock module's example mocks: one operation, with a credential, answering a status.
#[derive(Clone, Debug)]
pub struct Example {
    /// The client method.
    pub operation: String,
    /// The `ClientBuilder` method of a credential the operation accepts, and whether it is
    /// HTTP `basic` (a user and a password).
    pub credential: Option<(String, bool)>,
    /// The response: the constructor of a documented status without a body (`ok`), or the
    /// undocumented status to give `status`.
    pub response: Response,
}

/// The response of an [`Example`].
#[derive(Clone, Debug)]
pub enum Response {
    /// A documented status without a body: its constructor.
    Documented(String),
    /// Any other status.
    Status(u16),
}

/// What the mocks of a client are made from: each operation's request and responses, read
/// from the client module after the passes (see [`read`]), which may be dropped before the
/// mocks are written.
#[derive(Clone, Debug)]
pub struct Operations(Vec<operation::Operation>);

/// Reads what the mocks of `client` (the client module after the passes), generated from
/// `spec` and `notes`, are made from. Fails when the client module does not have the shape the
/// mocks are read from (a method missing, or an argument).
pub fn read(client: &syn::File, spec: &OpenAPI, notes: &Notes) -> Result<Operations, String> {
    operation::read(client, spec, notes).map(Operations)
}

impl Operations {
    /// The mock module; `example_call` is the call the crate's example makes, whose operation
    /// the module's example mocks.
    pub fn module(&self, example_call: Option<&str>) -> Module {
        let operations = &self.0;
        let mut code = String::from(
            "#[allow(unused_imports)]\n\
             use ::client_runtime as runtime;\n\
             /// The mock server crate the helpers build on (the runtime's): start a server with\n\
             /// `wiremock::MockServer::start().await`, give its `uri()` to the client's\n\
             /// `ClientBuilder::base_url`, and mount the mocks on it.\n\
             pub use ::client_runtime::mock::wiremock;\n\
             #[allow(unused_imports)]\n\
             use crate::types;\n",
        );
        for operation in operations {
            render::operation(&mut code, operation);
        }
        let called = example_call
            .and_then(|call| call.strip_prefix("client."))
            .and_then(|call| call.split('(').next());
        let example = operations
            .iter()
            .find(|o| Some(o.name.as_str()) == called)
            .or(operations.first())
            .map(|operation| Example {
                operation: operation.name.clone(),
                credential: operation
                    .credentials
                    .first()
                    .map(|s| (s.method.clone(), s.basic)),
                response: operation
                    .responses
                    .iter()
                    .find(|a| {
                        matches!(a.body, AnswerBody::Empty)
                            && a.code().is_some_and(|c| (200..300).contains(&c))
                    })
                    .map_or(Response::Status(204), |a| {
                        Response::Documented(a.constructor())
                    }),
            });
        Module { code, example }
    }
}

impl Module {
    /// The module's file, after its first line (the `@generated` header): its documentation,
    /// with an example for crate `lib` (`netbird_client`) that calls `example_call`, then its
    /// items.
    pub fn file(&self, lib: &str, title: &str, example_call: Option<&str>) -> String {
        let mut out = String::new();
        let mut doc = |line: &str| {
            let _ = writeln!(
                out,
                "{}",
                if line.is_empty() {
                    "//!".to_string()
                } else {
                    format!("//! {line}")
                }
            );
        };
        doc(&format!(
            "Typed mocks of the {title}'s operations, for tests (feature `mock`), on `wiremock`."
        ));
        doc("");
        doc(
            "For each client method `op`, `mock::op()` matches the request it sends: its method and path, then what you add with the matcher's methods, named and typed after the method's arguments (each parameter as the client encodes it, an optional one present or absent with `without_…`, the body (JSON, typed; bytes; a form or multipart body with `and` and a wiremock matcher), the credential of each security scheme the operation accepts, present or of a value). `respond` takes one of `OpThen`'s responses (a documented status with its typed body, typed documented headers, or any status and body for the error paths) and gives a `wiremock::Mock`, to mount on a `wiremock::MockServer` whose `uri()` the client is built with. A request that matches no mock is answered `404`.",
        );
        if let Some(example) = &self.example {
            let then = format!("{}Then", example.operation.to_pascal_case());
            let response = match &example.response {
                Response::Documented(constructor) => format!("mock::{then}::{constructor}()"),
                Response::Status(status) => format!("mock::{then}::status({status})"),
            };
            doc("");
            doc("```rust,no_run");
            doc(&format!("use {lib}::Client;"));
            doc(&format!("use {lib}::mock::{{self, wiremock::MockServer}};"));
            doc("");
            doc("# async fn example() -> Result<(), Box<dyn std::error::Error>> {");
            doc("let server = MockServer::start().await;");
            doc(&format!("mock::{}()", example.operation));
            let mut builder = vec![
                "let client = Client::builder()".to_string(),
                "    .base_url(&server.uri())".to_string(),
            ];
            match &example.credential {
                Some((method, true)) => {
                    doc(&format!("    .{method}_value(\"user\", \"password\")"));
                    builder.push(format!("    .{method}(\"user\", \"password\")"));
                }
                Some((method, false)) => {
                    doc(&format!("    .{method}_value(\"test-credential\")"));
                    builder.push(format!("    .{method}(\"test-credential\")"));
                }
                None => {}
            }
            doc(&format!("    .respond({response})"));
            doc("    .expect(1)");
            doc("    .mount(&server)");
            doc("    .await;");
            for line in builder {
                doc(&line);
            }
            doc("    .build()?;");
            if let Some(call) = example_call.filter(|call| {
                call.strip_prefix("client.")
                    .is_some_and(|c| c.starts_with(&format!("{}(", example.operation)))
            }) {
                // The result, whatever the error's body (not every one converts into a
                // `Box<dyn Error>`).
                let call = call.trim_end_matches(';').trim_end_matches('?');
                doc(&format!("let result = {call};"));
                doc(match example.response {
                    Response::Documented(_) => "assert!(result.is_ok());",
                    // No documented success without a body: the client reads an undocumented
                    // status as an error.
                    Response::Status(_) => "assert!(result.is_err());",
                });
            }
            doc("# Ok(())");
            doc("# }");
            doc("```");
        }
        let _ = write!(out, "\n{}", self.code);
        out
    }
}
