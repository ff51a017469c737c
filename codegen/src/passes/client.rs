//! The `Client`: wired to the runtime crate (`client-runtime`) every generated client shares.
//!
//! What progenitor does: its `Client` holds a base URL, a `reqwest::Client` and the "inner"
//! value we ask for (`with_inner_type`: the runtime's `Config`); its constructors take that
//! value and `unwrap` the HTTP client's construction; its methods send through `ClientHooks`
//! (see `client_runtime::Hooks`, which takes their place without any edit of the methods) and
//! return `progenitor_client`'s `Error` and `ResponseValue`, which keep neither the attempts a
//! request took nor the body of an undocumented response.
//!
//! What this pass changes, each found by the syntax tree's structure:
//!
//! - the `use progenitor_client::{…, Error, ResponseValue}` item: those two names are the
//!   runtime's (the methods name them, unqualified); the runtime's public types are
//!   re-exported;
//! - progenitor's `impl Client { fn new, fn new_with_client }`: `Client::builder()`, and `new`
//!   and `new_with_client` that return `Result<Self, BuildError>` instead of panicking;
//! - in the builder style, the `builder` module (where each operation's `send` is) imports the
//!   runtime and its `Hooks`, as the file's top does;
//! - added beside them: the spec's API for the runtime (`static API`: its security schemes,
//!   every operation with the credentials it accepts, its server), the `ClientBuilder` with a
//!   method per security scheme (and `server(…)` for a server with variables), and the
//!   `Hooks` implementation that answers progenitor's hook calls.
//!
//! The upstream change that would make this pass unnecessary: progenitor's `Error` and
//! `ResponseValue` chosen by the caller (as `with_inner_type` chooses the inner value), and its
//! constructors made optional, or fallible.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::{Item, UseTree};

use super::client_impls;
use crate::notes::Notes;
use crate::security::{self, Location, Scheme, Server};

/// The runtime's types a user of the crate sees.
const RUNTIME_EXPORTS: [&str; 7] = [
    "Attempts",
    "BuildError",
    "Error",
    "ResponseValue",
    "Retry",
    "RetryPolicy",
    "UnexpectedResponse",
];

/// The names progenitor imports from `progenitor_client` that are the runtime's here.
const REPLACED_IMPORTS: [&str; 2] = ["Error", "ResponseValue"];

/// Runs every step; fails when progenitor's output does not have the expected shape.
pub(super) fn wire(
    file: &mut syn::File,
    spec: &openapiv3::OpenAPI,
    notes: &Notes,
    operations: &[String],
) -> Result<(), String> {
    let schemes = security::schemes(spec).map_err(|problems| list(&problems))?;
    let server = Server::first(spec);
    let global = spec.security.clone().unwrap_or_default();
    imports(file)?;
    builder_imports(file);
    constructors(file, server.as_ref())?;
    let table = operation_table(operations, notes, &schemes, &global)?;
    file.items
        .extend(items(&schemes, server.as_ref(), table).map_err(|e| e.to_string())?);
    Ok(())
}

/// Validation reports these with their places; should one get here, all are named.
fn list(problems: &[security::Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Error` and `ResponseValue` are the runtime's: they leave progenitor's re-export, and the
/// runtime's public types are re-exported instead.
fn imports(file: &mut syn::File) -> Result<(), String> {
    let mut removed = 0;
    for item in &mut file.items {
        let Item::Use(u) = item else { continue };
        let UseTree::Path(p) = &mut u.tree else {
            continue;
        };
        if p.ident != "progenitor_client" {
            continue;
        }
        let UseTree::Group(group) = &mut *p.tree else {
            continue;
        };
        let before = group.items.len();
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(
                |t| !matches!(t, UseTree::Name(n) if REPLACED_IMPORTS.iter().any(|r| n.ident == r)),
            )
            .collect();
        removed += before - group.items.len();
    }
    if removed != REPLACED_IMPORTS.len() {
        return Err(format!(
            "expected progenitor's output to import `Error` and `ResponseValue` from `progenitor_client`; found {removed} of them"
        ));
    }
    let exports = RUNTIME_EXPORTS.iter().map(|name| format_ident!("{name}"));
    let imports: syn::File = syn::parse_quote! {
        pub use ::client_runtime::{#(#exports),*};
        use ::client_runtime as runtime;
        // progenitor's methods call the hooks by name (see `client_runtime::Hooks`).
        #[allow(unused_imports)]
        use ::client_runtime::Hooks as _;
    };
    file.items.splice(0..0, imports.items);
    Ok(())
}

/// The `builder` module of progenitor's builder style sends the requests: it names the runtime
/// (which the other passes write into its bodies) and calls the hooks, as the file's top does.
fn builder_imports(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(m) = item
            && m.ident == super::BUILDER_MODULE
            && let Some((_, items)) = &mut m.content
        {
            let imports: syn::File = syn::parse_quote! {
                #[allow(unused_imports)]
                use super::runtime;
                #[allow(unused_imports)]
                use ::client_runtime::Hooks as _;
            };
            items.splice(0..0, imports.items);
        }
    }
}

/// progenitor's `new` (which unwraps) and `new_with_client` give way to a builder.
fn constructors(file: &mut syn::File, server: Option<&Server>) -> Result<(), String> {
    let imp = client_impls(file)
        .find(|imp| {
            imp.items
                .iter()
                .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"))
        })
        .ok_or("no `Client::new` in progenitor's output")?;
    let names: Vec<String> = imp
        .items
        .iter()
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    if names != ["new", "new_with_client"] {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        return Err(format!(
            "progenitor's constructors are {}, not `new` and `new_with_client`",
            names.join(", ")
        ));
    }
    let builder_doc = match server {
        Some(server) if server.variables.is_empty() => format!(
            "Requests go to the spec's server, `{}`, unless [`ClientBuilder::base_url`] says otherwise.",
            server.url
        ),
        Some(server) => format!(
            "The spec's server, `{}`, needs values for its variables: give them to [`ClientBuilder::server`], or a whole URL to [`ClientBuilder::base_url`].",
            server.url
        ),
        None => "The spec names no absolute server URL: give one to [`ClientBuilder::base_url`]."
            .to_string(),
    };
    imp.items = vec![
        syn::parse_quote! {
            /// A builder for a client: its server, credentials, retries and timeouts.
            ///
            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder(runtime::Builder::new(&API))
            }
        },
        syn::parse_quote! {
            /// A client for `baseurl`, with no credentials and the default retries and timeouts.
            ///
            /// `baseurl` is an absolute `http` or `https` URL, with a path stem if the API has one.
            ///
            /// # Errors
            ///
            /// Fails when `baseurl` is not such a URL, or when the HTTP client cannot be built
            /// (for example, when its TLS backend cannot be initialised).
            pub fn new(baseurl: &str) -> ::std::result::Result<Self, BuildError> {
                Self::builder().base_url(baseurl).build()
            }
        },
        syn::parse_quote! {
            /// A client for `baseurl` that sends requests through `client`, with no credentials
            /// and the default retries and per-attempt timeout.
            ///
            /// # Errors
            ///
            /// Fails when `baseurl` is not an absolute `http` or `https` URL.
            pub fn new_with_client(
                baseurl: &str,
                client: reqwest::Client,
            ) -> ::std::result::Result<Self, BuildError> {
                Self::builder().base_url(baseurl).http_client(client).build()
            }
        },
    ];
    Ok(())
}

/// `runtime::api::Operation { … }` for every client method, sorted by name: `operations` are
/// the names progenitor gave its hooks (`OperationInfo::operation_id`), each of which must be
/// an operation of the notes.
fn operation_table(
    operations: &[String],
    notes: &Notes,
    schemes: &[Scheme],
    global: &[openapiv3::SecurityRequirement],
) -> Result<Vec<TokenStream>, String> {
    let mut names: Vec<&String> = operations.iter().collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let operation = notes.operation(name).ok_or_else(|| {
                format!("progenitor's method `{name}` matches no operation of the spec")
            })?;
            let requirements = operation.security.as_deref().unwrap_or(global);
            let sets = security::requirements(requirements, schemes, "#/security")
                .map_err(|problems| list(&problems))?;
            let sets = sets.iter().map(|set| {
                let indices = set.iter().map(|&i| Literal::usize_unsuffixed(i));
                quote!(&[#(#indices),*])
            });
            let accept = match operation.responses.as_ref().is_some_and(|r| {
                r.success
                    .iter()
                    .chain(&r.error)
                    .any(|s| matches!(s.body, crate::notes::Body::Json(_)))
            }) {
                // progenitor asks for JSON only when it reads JSON; these responses are read
                // per status, and some are JSON.
                true => quote!(::std::option::Option::Some("application/json")),
                false => quote!(::std::option::Option::None),
            };
            let (method, path) = (&operation.method, &operation.path);
            Ok(quote! {
                runtime::api::Operation {
                    name: #name,
                    method: #method,
                    path: #path,
                    security: &[#(#sets),*],
                    accept: #accept,
                }
            })
        })
        .collect()
}

/// `API`, the `ClientBuilder` with the methods of the spec's schemes and server, and the hooks.
fn items(
    schemes: &[Scheme],
    server: Option<&Server>,
    operations: Vec<TokenStream>,
) -> syn::Result<Vec<Item>> {
    let entries = schemes.iter().map(|s| {
        let name = &s.name;
        let method = &s.method;
        let location = match s.location {
            Location::Header => quote!(runtime::api::Location::Header),
            Location::Query => quote!(runtime::api::Location::Query),
            Location::Cookie => quote!(runtime::api::Location::Cookie),
        };
        let parameter = &s.parameter;
        let prefix = &s.prefix;
        let encoding = if s.basic {
            quote!(runtime::api::Encoding::Basic)
        } else {
            quote!(runtime::api::Encoding::Plain)
        };
        let env = match &s.env {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            runtime::api::Scheme {
                name: #name,
                method: #method,
                location: #location,
                parameter: #parameter,
                prefix: #prefix,
                encoding: #encoding,
                env: #env,
            }
        }
    });
    let (default_server, no_server) = match server {
        Some(server) if server.variables.is_empty() => {
            let url = &server.url;
            (quote!(::std::option::Option::Some(#url)), String::new())
        }
        Some(server) => {
            let args: Vec<&str> = server.variables.iter().map(|v| v.1.as_str()).collect();
            (
                quote!(::std::option::Option::None),
                format!(
                    "the spec's server `{}` has variables: call `ClientBuilder::server({})` or `ClientBuilder::base_url(url)`",
                    server.url,
                    args.join(", ")
                ),
            )
        }
        None => (
            quote!(::std::option::Option::None),
            "the spec names no absolute server URL: call `ClientBuilder::base_url(url)`".into(),
        ),
    };
    let mut methods: Vec<TokenStream> = Vec::new();
    for (index, s) in schemes.iter().enumerate() {
        methods.push(scheme_method(index, s));
    }
    if let Some(server) = server.filter(|s| !s.variables.is_empty()) {
        methods.push(server_method(server));
    }
    let items: syn::File = syn::parse2(quote! {
        /// What the runtime needs to know of the spec: its security schemes (sorted by name),
        /// every operation with the credentials it accepts (sorted by name), and its server.
        static API: runtime::api::Api = runtime::api::Api {
            schemes: &[#(#entries),*],
            operations: &[#(#operations),*],
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
            server: #default_server,
            no_server: #no_server,
        };

        /// Builds a [`Client`]: its server, credentials, retries and timeouts.
        ///
        /// Start from [`Client::builder`]. Nothing is checked until [`build`](Self::build), which
        /// reports a bad base URL or credential as a [`BuildError`] (never a panic).
        pub struct ClientBuilder(runtime::Builder);

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl ClientBuilder {
            #(#methods)*

            /// Sends requests to `url` (absolute `http` or `https`, such as
            /// `https://api.example.com` or `http://127.0.0.1:8080/prefix`) instead of the spec's
            /// server.
            pub fn base_url(self, url: &str) -> Self {
                Self(self.0.base_url(url))
            }

            /// Reads each scheme's credential that was not given yet from its documented
            /// environment variable, where it is set and not empty.
            pub fn credentials_from_env(self) -> Self {
                Self(self.0.credentials_from_env())
            }

            /// The retry policy (default: [`RetryPolicy::default`]).
            pub fn retry(self, policy: RetryPolicy) -> Self {
                Self(self.0.retry(policy))
            }

            /// The time one attempt may take, from sending the request to reading the whole
            /// response (default 30 s). Each retry has its own.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// The time connecting to the server may take (default 10 s). Ignored with
            /// [`http_client`](Self::http_client), whose own settings apply.
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.connect_timeout(timeout))
            }

            /// Sends requests through this `reqwest::Client` (for proxies, client certificates or
            /// connection pools of your own). The credentials, `User-Agent`, per-attempt timeout
            /// and retries still apply.
            pub fn http_client(self, client: reqwest::Client) -> Self {
                Self(self.0.http_client(client))
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// Fails, naming what is wrong, when the base URL is not an absolute `http(s)` URL
            /// or is missing, a server variable or credential cannot be sent, or the HTTP client
            /// cannot be built.
            pub fn build(self) -> ::std::result::Result<Client, BuildError> {
                let (baseurl, client, inner) = self.0.finish()?;
                Ok(Client { baseurl, client, inner })
            }
        }

        /// The runtime answers progenitor's hook calls: credentials, `User-Agent`, timeouts and
        /// retries.
        impl runtime::Hooks for Client {
            fn config(&self) -> &runtime::Config {
                &self.inner
            }

            fn http(&self) -> &reqwest::Client {
                &self.client
            }
        }
    })?;
    Ok(items.items)
}

/// The `ClientBuilder` method that takes scheme `index`'s credential.
fn scheme_method(index: usize, s: &Scheme) -> TokenStream {
    let ident = format_ident!("{}", s.method);
    let index = Literal::usize_unsuffixed(index);
    let mut doc = vec![
        format!(
            "Authenticates with security scheme `{}`: {}, sent as `{}`.",
            s.name,
            s.what,
            s.wire_form()
        ),
        String::new(),
    ];
    if let Some(description) = &s.description {
        doc.extend(description.trim().lines().map(str::to_string));
        doc.push(String::new());
    }
    if let Some(env) = &s.env {
        doc.push(format!(
            "[`credentials_from_env`](Self::credentials_from_env) reads it from `{env}`."
        ));
        doc.push(String::new());
    }
    doc.push(
        "The value is kept secret: it is sent marked sensitive and never shows in `Debug` output or error messages; a value no header can carry is reported by [`build`](Self::build).".into(),
    );
    if s.basic {
        quote! {
            #(#[doc = #doc])*
            pub fn #ident(self, user: &str, password: &str) -> Self {
                Self(self.0.credential(#index, ::std::format!("{user}:{password}")))
            }
        }
    } else {
        quote! {
            #(#[doc = #doc])*
            pub fn #ident(self, credential: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(self.0.credential(#index, credential.into()))
            }
        }
    }
}

/// `ClientBuilder::server(…)`, for a server with variables.
fn server_method(server: &Server) -> TokenStream {
    let url = &server.url;
    let args: Vec<_> = server
        .variables
        .iter()
        .map(|(_, arg, _)| format_ident!("{}", arg))
        .collect();
    let names = server.variables.iter().map(|(name, _, _)| name);
    let mut doc = vec![
        format!(
            "Sends requests to the spec's server, `{url}`, with these values for its variables:"
        ),
        String::new(),
    ];
    for (name, arg, description) in &server.variables {
        let description = description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        doc.push(format!("- `{arg}` (`{{{name}}}`): {description}"));
    }
    doc.push(String::new());
    doc.push("Each value must be one non-empty URL component (no `/`, `?`, `#`, `@` or white space); [`build`](Self::build) reports one that is not.".into());
    quote! {
        #(#[doc = #doc])*
        pub fn server(self, #(#args: &str),*) -> Self {
            Self(self.0.server_template(#url, &[#((#names, #args)),*]))
        }
    }
}
