//! The Rust items of one operation's mock: a function named after the client method that
//! starts its request matcher (`<Operation>When`), and its responses (`<Operation>Then`).

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::operation::{Answer, AnswerBody, Body, Operation, Place, location};

/// The names every `When` has (`client_runtime::mock_operation!`), which no parameter or
/// credential method takes.
const WHEN_METHODS: [&str; 5] = ["and", "respond", "path_prefix", "new", "path_param"];

/// The names every `Then` has (`client_runtime::mock_operation!`), which no documented status
/// or header takes.
const THEN_METHODS: [&str; 8] = [
    "status",
    "json",
    "text",
    "bytes",
    "header",
    "into_inner",
    "json_status",
    "with_json",
];

/// The items of `operation`'s mock.
pub(super) fn operation(operation: &Operation) -> TokenStream {
    let name = &operation.name;
    let pascal = name.to_pascal_case();
    let start = format_ident!("{}", name);
    let when = format_ident!("{pascal}When");
    let then = format_ident!("{pascal}Then");
    let method = &operation.method;
    let path = &operation.path;
    let link = format!("[`Client::{name}`](crate::Client::{name})");
    let mut start_doc = vec![format!(
        "Matches the request of {link}: `{method} {path}`; add what it must carry, then give its response to [`respond`]({when}::respond)."
    )];
    if !operation.summary.is_empty() {
        start_doc.push(String::new());
        start_doc.push(format!("The operation: {}", operation.summary));
    }
    let mut taken: Vec<String> = WHEN_METHODS.iter().map(|s| s.to_string()).collect();
    let mut matchers = Vec::new();
    for param in &operation.parameters {
        let ident = unique(&param.ident, &mut taken);
        let method_ident = format_ident!("{}", ident);
        let api = &param.name;
        let ty = &param.ty;
        let (what, matcher) = match param.place {
            Place::Path => (
                format!("Path parameter `{api}` is `value` (percent-decoded from its segment)."),
                None,
            ),
            Place::Query(style) => {
                let query = match style {
                    None => quote!(progenitor_client::QueryParam::new(#api, &value)),
                    Some(style) => {
                        let style = format_ident!("{}", style.variant());
                        quote!(runtime::QueryParam::new(runtime::QueryStyle::#style, #api, &value))
                    }
                };
                (
                    format!("Query parameter `{api}` is `value`, written as the client writes it."),
                    Some(quote!(runtime::mock::QueryParam::new(#api, &#query))),
                )
            }
            Place::Header => (
                format!("Header `{api}` is `value`, as text."),
                Some(quote!(runtime::mock::Header::new(#api, value))),
            ),
        };
        let what = docs(&[what]);
        match matcher {
            None => matchers.push(quote! {
                #(#what)*
                pub fn #method_ident(self, value: #ty) -> Self {
                    self.path_param(#api, value)
                }
            }),
            Some(matcher) => matchers.push(quote! {
                #(#what)*
                pub fn #method_ident(self, value: #ty) -> Self {
                    self.and(#matcher)
                }
            }),
        }
        if !param.required {
            let without = format_ident!("{}", unique(&format!("without_{ident}"), &mut taken));
            let (what, matcher) = match param.place {
                Place::Header => (
                    format!("The request has no header `{api}`."),
                    quote!(runtime::mock::Header::absent(#api)),
                ),
                _ => (
                    format!("The request has no query parameter `{api}`."),
                    quote!(runtime::mock::QueryParam::absent(#api)),
                ),
            };
            let what = docs(&[what]);
            matchers.push(quote! {
                #(#what)*
                pub fn #without(self) -> Self {
                    self.and(#matcher)
                }
            });
        }
    }
    match &operation.body {
        Some(Body::Json(ty)) => {
            let ident = format_ident!("{}", unique("body", &mut taken));
            matchers.push(quote! {
                /// The request's body is `value` in JSON (compared as JSON values: key order and
                /// spacing aside).
                pub fn #ident(self, value: #ty) -> Self {
                    self.and(wiremock::matchers::body_json(value))
                }
            });
        }
        Some(Body::Raw) => {
            let ident = format_ident!("{}", unique("body", &mut taken));
            matchers.push(quote! {
                /// The request's body is exactly these bytes.
                pub fn #ident(self, value: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    self.and(wiremock::matchers::body_bytes(value.into()))
                }
            });
        }
        Some(Body::Other) | None => {}
    }
    for scheme in &operation.credentials {
        let present = format_ident!("{}", unique(&scheme.method, &mut taken));
        let valued = format_ident!(
            "{}",
            unique(&format!("{}_value", scheme.method), &mut taken)
        );
        let place = format_ident!("{}", location(scheme));
        let parameter = &scheme.parameter;
        let prefix = &scheme.prefix;
        let credential = quote! {
            runtime::mock::Credential::new(runtime::api::Location::#place, #parameter, #prefix)
        };
        let wire = scheme.wire_form();
        let present_doc = format!(
            "The request carries a credential of security scheme `{}` (`ClientBuilder::{}`): `{wire}`, with any value.",
            scheme.name, scheme.method
        );
        let present_doc = docs(&[present_doc]);
        matchers.push(quote! {
            #(#present_doc)*
            pub fn #present(self) -> Self {
                self.and(#credential)
            }
        });
        if scheme.basic {
            let doc = format!(
                "The request carries `user` and `password` with security scheme `{}`: `{wire}`.",
                scheme.name
            );
            let doc = docs(&[doc]);
            matchers.push(quote! {
                #(#doc)*
                pub fn #valued(self, user: &str, password: &str) -> Self {
                    self.and(#credential.basic(user, password))
                }
            });
        } else {
            let doc = format!(
                "The request carries `credential` (what `ClientBuilder::{}` was given) with security scheme `{}`: `{wire}`.",
                scheme.method, scheme.name
            );
            let doc = docs(&[doc]);
            matchers.push(quote! {
                #(#doc)*
                pub fn #valued(self, credential: &str) -> Self {
                    self.and(#credential.value(credential))
                }
            });
        }
    }

    let method_lit = method.as_str();
    let start_doc = docs(&start_doc);
    let responses = answers(operation);
    quote! {
        runtime::mock_operation!(#name, #when, #then);

        #(#start_doc)*
        pub fn #start() -> #when {
            #when::new(#method_lit, #path)
        }

        impl #when {
            #(#matchers)*
        }

        impl #then {
            #responses
        }
    }
}

/// One constructor per documented status, and one method per documented header.
fn answers(operation: &Operation) -> TokenStream {
    let mut taken: Vec<String> = THEN_METHODS.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for answer in &operation.responses {
        out.push(constructor(answer, &mut taken));
    }
    for header in &operation.headers {
        let ident = format_ident!(
            "{}",
            unique(
                &format!("header_{}", crate::names::ident(&header.name)),
                &mut taken
            )
        );
        let name = &header.name;
        let ty = &header.ty;
        let mut doc = vec![format!("Header `{name}`, as the spec documents it.")];
        if let Some(description) = &header.description {
            doc.push(String::new());
            doc.extend(description.trim().lines().map(str::to_string));
        }
        let doc = docs(&doc);
        out.push(quote! {
            #(#doc)*
            pub fn #ident(self, value: #ty) -> Self {
                self.header(#name, value)
            }
        });
    }
    quote!(#(#out)*)
}

/// The constructor of `answer`'s response.
fn constructor(answer: &Answer, taken: &mut Vec<String>) -> TokenStream {
    let ident = format_ident!("{}", unique(&answer.constructor(), taken));
    let status_text = &answer.status;
    let mut doc = vec![format!("`{status_text}`: {}", answer.description.trim())];
    let (status_arg, status) = match answer.code() {
        Some(code) => {
            let code = Literal::u16_unsuffixed(code);
            (quote!(), quote!(#code))
        }
        None => {
            doc.push(String::new());
            doc.push(match status_text.as_str() {
                "default" => "`status` is any status the spec does not document otherwise.".into(),
                range => format!("`status` is one of `{range}`."),
            });
            (quote!(status: u16,), quote!(status))
        }
    };
    let (body_arg, template) = match &answer.body {
        AnswerBody::Empty => (quote!(), quote!(Self::status(#status))),
        AnswerBody::Json(ty, media_type) => {
            doc.push(String::new());
            doc.push(format!("Its body is `body` in JSON, as `{media_type}`."));
            (
                quote!(body: &#ty),
                quote!(Self::json_status(#status, body, #media_type)),
            )
        }
        AnswerBody::Raw(media_type) => {
            doc.push(String::new());
            doc.push(format!("Its body is `body`, as `{media_type}`."));
            (
                quote!(body: impl ::std::convert::Into<::std::vec::Vec<u8>>),
                quote!(Self::status(#status).bytes(body, #media_type)),
            )
        }
    };
    let doc = docs(&doc);
    quote! {
        #(#doc)*
        pub fn #ident(#status_arg #body_arg) -> Self {
            #template
        }
    }
}

/// `#[doc]` attributes of `lines`, each after a space as `///` writes it.
fn docs(lines: &[String]) -> Vec<TokenStream> {
    lines
        .iter()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        })
        .collect()
}

/// `name`, or with a number after it when a method of the type already has it; then taken.
fn unique(name: &str, taken: &mut Vec<String>) -> String {
    let base = name.to_snake_case();
    let base = if base.is_empty() {
        "x".to_string()
    } else {
        base
    };
    let mut candidate = crate::names::ident(&base);
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = crate::names::ident(&format!("{base}_{n}"));
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}
