//! Wires progenitor's `Client` to the runtime every generated crate carries (`runtime.rs`, see
//! `codegen/runtime/runtime.rs`): a builder with the spec's servers and security schemes,
//! constructors that return errors instead of panicking, requests that are authenticated,
//! identified and retried, and errors that keep what the server said.
//!
//! progenitor's `Client` takes a base URL and nothing else, sends every request once through
//! its `ClientHooks`, and returns progenitor's `Error`, whose undocumented responses keep no
//! body. Here:
//!
//! - the `Client` struct gets a `config` field (credentials, retry policy, timeout);
//! - its constructors become `Client::builder()`, and `new`/`new_with_client` returning
//!   `Result<Self, BuildError>`;
//! - each operation's `pre`/`exec`/`post` hook calls become one `self.config.send(…)` that
//!   checks the operation's security, adds the credential and `User-Agent`, and retries;
//! - `Error` and `ResponseValue` are the runtime's, and an undocumented response is read into
//!   an `UnexpectedResponse` with its body text;
//! - per security scheme a `ClientBuilder` method takes the credential, and a server with
//!   variables gets `ClientBuilder::server(…)`.

use openapiv3::OpenAPI;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Item, Stmt, UseTree};

use super::{client_impls, client_methods, tokens};
use crate::security::{self, Location, Scheme, Server};

/// What the runtime exports to users of the crate.
const RUNTIME_EXPORTS: &str = "Attempts, BuildError, ClientBuilder, Error, ResponseValue, Retry, RetryPolicy, UnexpectedResponse";

/// Runs every step; fails when progenitor's output does not have the expected shape.
pub(super) fn wire(file: &mut syn::File, spec: &OpenAPI) -> Result<(), String> {
    let schemes = security::schemes(spec).map_err(|problems| list(&problems))?;
    let server = Server::first(spec);
    let operations = super::Operations::of(spec);
    let global = spec.security.clone().unwrap_or_default();
    imports(file)?;
    constructors(file, server.as_ref())?;
    remove_hooks(file)?;
    let sending = send(file, &operations, &schemes, &global)?;
    client_struct(file, sending)?;
    let mut unexpected = Unexpected::default();
    unexpected.visit_file_mut(file);
    if let Some(error) = unexpected.error {
        return Err(error);
    }
    file.items
        .extend(builder_items(&schemes, server.as_ref()).map_err(|e| e.to_string())?);
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

/// progenitor's `Error`, `ResponseValue`, `ClientHooks` and `OperationInfo` give way to the
/// runtime's.
fn imports(file: &mut syn::File) -> Result<(), String> {
    let mut replaced = 0;
    file.items.retain_mut(|item| {
        let Item::Use(u) = item else { return true };
        let UseTree::Path(p) = &mut u.tree else {
            return true;
        };
        if p.ident != "progenitor_client" {
            return true;
        }
        let UseTree::Group(group) = &mut *p.tree else {
            return true;
        };
        let before = group.items.len();
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(|t| {
                !matches!(t, UseTree::Name(n)
                    if ["Error", "ResponseValue", "ClientHooks", "OperationInfo"]
                        .contains(&n.ident.to_string().as_str()))
            })
            .collect();
        replaced += before - group.items.len();
        !group.items.is_empty()
    });
    if replaced != 4 {
        return Err(format!(
            "expected progenitor's output to import `Error`, `ResponseValue`, `ClientHooks` and `OperationInfo` from `progenitor_client`; found {replaced} of them"
        ));
    }
    let exports: TokenStream = RUNTIME_EXPORTS.parse().map_err(|e| format!("{e}"))?;
    file.items.insert(
        0,
        syn::parse_quote! {
            pub use crate::runtime::{#exports};
        },
    );
    file.items.insert(
        1,
        syn::parse_quote!(
            use crate::runtime;
        ),
    );
    Ok(())
}

/// `Client` gets the runtime's configuration (unread when no operation sends a request, as in
/// a spec of only webhooks).
fn client_struct(file: &mut syn::File, read: bool) -> Result<(), String> {
    let fields = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Struct(s) if s.ident == "Client" => Some(&mut s.fields),
            _ => None,
        })
        .ok_or("no `Client` struct in progenitor's output")?;
    let syn::Fields::Named(fields) = fields else {
        return Err("progenitor's `Client` has no named fields".into());
    };
    let names: Vec<String> = fields
        .named
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect();
    if names != ["baseurl", "client"] {
        return Err(format!(
            "progenitor's `Client` has fields {names:?}, not `baseurl` and `client`"
        ));
    }
    fields.named.push(if read {
        syn::parse_quote!(pub(crate) config: runtime::Config)
    } else {
        syn::parse_quote!(
            #[allow(dead_code, reason = "the spec has no operation that sends a request")]
            pub(crate) config: runtime::Config
        )
    });
    Ok(())
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
        return Err(format!(
            "progenitor's constructors are {names:?}, not `new` and `new_with_client`"
        ));
    }
    let (default, hint, builder_doc) = match server {
        Some(server) if server.variables.is_empty() => {
            let url = &server.url;
            (
                quote!(::std::option::Option::Some(#url)),
                String::new(),
                format!(
                    "Requests go to the spec's server, `{url}`, unless [`ClientBuilder::base_url`] says otherwise."
                ),
            )
        }
        Some(server) => {
            let args: Vec<&str> = server.variables.iter().map(|v| v.1.as_str()).collect();
            let call = format!("ClientBuilder::server({})", args.join(", "));
            (
                quote!(::std::option::Option::None),
                format!(
                    "the spec's server `{}` has variables: call `{call}` or `ClientBuilder::base_url(url)`",
                    server.url
                ),
                format!(
                    "The spec's server, `{}`, needs values for its variables: give them to [`{call}`](ClientBuilder::server), or a whole URL to [`ClientBuilder::base_url`].",
                    server.url
                ),
            )
        }
        None => (
            quote!(::std::option::Option::None),
            "the spec names no absolute server URL: call `ClientBuilder::base_url(url)`".into(),
            "The spec names no absolute server URL: give one to [`ClientBuilder::base_url`]."
                .into(),
        ),
    };
    imp.items = vec![
        syn::parse_quote! {
            /// A builder for a client: its server, credentials, retries and timeouts.
            ///
            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder<Self> {
                ClientBuilder::new(SCHEMES, #default, #hint)
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

/// The runtime sends the requests: progenitor's `ClientHooks` impl goes.
fn remove_hooks(file: &mut syn::File) -> Result<(), String> {
    let before = file.items.len();
    file.items.retain(|item| {
        !matches!(item, Item::Impl(imp)
        if imp.trait_.as_ref().is_some_and(|(path, _)| {
            path.segments.last().is_some_and(|s| s.ident == "ClientHooks")
        }))
    });
    if before - file.items.len() != 1 {
        return Err("expected one `impl ClientHooks for &Client` in progenitor's output".into());
    }
    Ok(())
}

/// Each operation's hook calls become one call of the runtime's `send`; returns whether there
/// was one.
fn send(
    file: &mut syn::File,
    operations: &super::Operations<'_>,
    schemes: &[Scheme],
    global: &[openapiv3::SecurityRequirement],
) -> Result<bool, String> {
    let mut sent = false;
    const HOOKS: [&str; 5] = [
        "let info = OperationInfo {",
        "self . pre (& mut request , & info) . await ? ;",
        "let result = self . exec (request , & info) . await ;",
        "self . post (& result , & info) . await ? ;",
        "let response = result ? ;",
    ];
    for method in client_methods(file) {
        let name = method.sig.ident.to_string();
        // `let info = OperationInfo { … };`, found by its shape: printing every statement
        // to look for it would cost more than the rest of the pass.
        let Some(start) = method.block.stmts.iter().position(|s| {
            matches!(s, Stmt::Local(l) if matches!(&l.pat, syn::Pat::Ident(p) if p.ident == "info"))
        }) else {
            continue;
        };
        let found: Vec<String> = method.block.stmts[start..]
            .iter()
            .take(HOOKS.len())
            .map(tokens)
            .collect();
        let matches = found.len() == HOOKS.len()
            && found
                .iter()
                .zip(HOOKS)
                .all(|(stmt, expected)| stmt.starts_with(expected));
        if !matches {
            return Err(format!(
                "`{name}` does not call progenitor's hooks as expected: {found:?}"
            ));
        }
        let operation = operations
            .get(&name)
            .ok_or_else(|| format!("`{name}` matches no operation of the spec"))?;
        let requirements = operation.security.as_deref().unwrap_or(global);
        let sets = security::requirements(requirements, schemes, "#/security")
            .map_err(|problems| list(&problems))?;
        let sets = sets.iter().map(|set| {
            let indices = set.iter().map(|&i| Literal::usize_unsuffixed(i));
            quote!(&[#(#indices),*])
        });
        let call: Stmt = syn::parse_quote! {
            let response = self
                .config
                .send(
                    &self.client,
                    request,
                    &runtime::Operation {
                        name: #name,
                        security: runtime::Security(&[#(#sets),*]),
                    },
                )
                .await?;
        };
        method
            .block
            .stmts
            .splice(start..start + HOOKS.len(), [call]);
        sent = true;
    }
    if super::mentions(file, "OperationInfo") {
        return Err("an `OperationInfo` is left in a place this pass does not know".into());
    }
    Ok(sent)
}

/// `Error::UnexpectedResponse(response)` becomes `Error::unexpected(response).await`, which
/// reads the body.
#[derive(Default)]
struct Unexpected {
    error: Option<String>,
}

impl VisitMut for Unexpected {
    /// progenitor puts its catch-all for undocumented statuses after a `default` response's
    /// own `_` arm when `default` is not the last response written: the second is unreachable.
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        if super::is_status_match(&m.expr)
            && let Some(first) = m
                .arms
                .iter()
                .position(|a| matches!(a.pat, syn::Pat::Wild(_)))
        {
            m.arms.truncate(first + 1);
        }
        visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr
            && let syn::Expr::Path(func) = &*call.func
            && func.path.segments.len() == 2
            && func.path.segments[0].ident == "Error"
            && func.path.segments[1].ident == "UnexpectedResponse"
        {
            match call.args.first() {
                Some(arg) if call.args.len() == 1 => {
                    let arg = arg.clone();
                    *expr = syn::parse_quote!(Error::unexpected(#arg).await);
                }
                _ => self.error = Some(format!("unexpected `{}`", tokens(call))),
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// `SCHEMES`, and the `ClientBuilder` methods of the spec's schemes and server.
fn builder_items(schemes: &[Scheme], server: Option<&Server>) -> syn::Result<Vec<Item>> {
    let entries = schemes.iter().map(|s| {
        let name = &s.name;
        let method = &s.method;
        let location = match s.location {
            Location::Header => quote!(runtime::Location::Header),
            Location::Query => quote!(runtime::Location::Query),
            Location::Cookie => quote!(runtime::Location::Cookie),
        };
        let parameter = &s.parameter;
        let prefix = &s.prefix;
        let encoding = if s.basic {
            quote!(runtime::Encoding::Basic)
        } else {
            quote!(runtime::Encoding::Plain)
        };
        let env = match &s.env {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            runtime::Scheme {
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
    let mut methods: Vec<TokenStream> = Vec::new();
    for (index, s) in schemes.iter().enumerate() {
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
            methods.push(quote! {
                #(#[doc = #doc])*
                pub fn #ident(self, user: &str, password: &str) -> Self {
                    self.credential(#index, ::std::format!("{user}:{password}"))
                }
            });
        } else {
            methods.push(quote! {
                #(#[doc = #doc])*
                pub fn #ident(self, credential: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.credential(#index, credential.into())
                }
            });
        }
    }
    if let Some(server) = server.filter(|s| !s.variables.is_empty()) {
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
        methods.push(quote! {
            #(#[doc = #doc])*
            pub fn server(self, #(#args: &str),*) -> Self {
                self.server_template(#url, &[#((#names, #args)),*])
            }
        });
    }
    let items: syn::File = syn::parse2(quote! {
        /// The spec's security schemes, in the order of `components.securitySchemes`.
        const SCHEMES: &[runtime::Scheme] = &[#(#entries),*];

        impl ClientBuilder<Client> {
            #(#methods)*

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// Fails, naming what is wrong, when the base URL is not an absolute `http(s)` URL or
            /// is missing, a server variable or credential cannot be sent, or the HTTP client
            /// cannot be built.
            pub fn build(self) -> ::std::result::Result<Client, BuildError> {
                let (baseurl, client, config) = self.finish()?;
                Ok(Client { baseurl, client, config })
            }
        }
    })?;
    Ok(items.items)
}
