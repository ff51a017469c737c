//! Request bodies sent as the spec says, where progenitor sends them otherwise.
//!
//! What progenitor does: it sends a JSON body with `.json(&body)` (`Content-Type:
//! application/json`), bytes with `.header(CONTENT_TYPE, "application/octet-stream").body(body)`,
//! form data with `.form_urlencoded(&body)?`, and nothing else (see
//! [`crate::normalize::request_bodies`], which gives it every other media type as one of these
//! and records in the [`Notes`] what is really sent). This pass changes, in the method of each
//! such operation, the call that sets the body, found by its structure:
//!
//! - another JSON media type (`application/merge-patch+json`): a `Content-Type` header with it
//!   before `.json(&body)` (reqwest's `json` keeps a `Content-Type` already set);
//! - bytes or text of another media type (`application/xml`, `text/plain; charset=utf-8`): the
//!   media type in the `.header(CONTENT_TYPE, …)` call before `.body(body)`;
//! - `multipart/form-data`: `.json(&body)` becomes `runtime::body::multipart(<builder>, &body,
//!   &[<encoding>])?`;
//! - form data with an `encoding`: `.form_urlencoded(&body)?` becomes
//!   `runtime::body::form(<builder>, &body, &[<encoding>])?`.
//!
//! A client with a multipart body re-exports `client_runtime::File`, the type of its files.
//!
//! The upstream change that would make it unnecessary: progenitor's `BodyContentType` taking
//! any media type (sending other JSON and bytes with their own `Content-Type`), multipart
//! bodies, and `encoding`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprMethodCall};

use super::{client_methods, operation_id};
use crate::notes::{Encoding, Notes, Sent};

/// Changes how each operation the notes have a [`Sent`] for sends its body; a client that
/// sends multipart bodies re-exports the runtime's `File`, their files' type.
pub(super) fn send(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    let mut multipart = false;
    for method in client_methods(file) {
        let Some(id) = operation_id(method) else {
            continue;
        };
        let Some(sent) = notes.operation(&id).and_then(|o| o.sent.as_ref()) else {
            continue;
        };
        multipart |= matches!(sent, Sent::Multipart(_));
        let mut edit = Edit { sent, edited: 0 };
        edit.visit_block_mut(&mut method.block);
        if edit.edited != 1 {
            return Err(format!(
                "`{id}` sets its body in {} places this pass knows (expected 1: {})",
                edit.edited,
                match sent {
                    Sent::Json(_) | Sent::Multipart(_) => "`.json(&body)`",
                    Sent::Raw(_) => "`.header(CONTENT_TYPE, …).body(body)`",
                    Sent::Form(_) => "`.form_urlencoded(&body)`",
                }
            ));
        }
    }
    if multipart {
        file.items.insert(
            0,
            syn::parse_quote! {
                pub use ::client_runtime::File;
            },
        );
    }
    Ok(())
}

/// The edit of one method's body call.
struct Edit<'a> {
    sent: &'a Sent,
    edited: usize,
}

impl VisitMut for Edit<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let Expr::MethodCall(call) = expr else {
            return syn::visit_mut::visit_expr_mut(self, expr);
        };
        let edited = match self.sent {
            Sent::Json(media_type) if is_call(call, "json", 1) => {
                let builder = &call.receiver;
                *call.receiver = syn::parse_quote! {
                    #builder.header(
                        ::reqwest::header::CONTENT_TYPE,
                        ::reqwest::header::HeaderValue::from_static(#media_type),
                    )
                };
                true
            }
            Sent::Raw(media_type) if is_call(call, "body", 1) => match &mut *call.receiver {
                Expr::MethodCall(header)
                    if is_call(header, "header", 2) && is_content_type(header.args.first()) =>
                {
                    header.args[1] = syn::parse_quote! {
                        ::reqwest::header::HeaderValue::from_static(#media_type)
                    };
                    true
                }
                _ => false,
            },
            Sent::Multipart(encoding) if is_call(call, "json", 1) => {
                *expr = runtime_call("multipart", call, encoding, true);
                true
            }
            Sent::Form(encoding) if is_call(call, "form_urlencoded", 1) => {
                // The `?` around the call stays.
                *expr = runtime_call("form", call, encoding, false);
                true
            }
            _ => false,
        };
        match edited {
            true => self.edited += 1,
            false => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }
}

/// Whether `call` calls method `name` with `args` arguments.
fn is_call(call: &ExprMethodCall, name: &str, args: usize) -> bool {
    call.method == name && call.args.len() == args && call.turbofish.is_none()
}

/// Whether `arg` is a path ending in `CONTENT_TYPE` (`::reqwest::header::CONTENT_TYPE`).
fn is_content_type(arg: Option<&Expr>) -> bool {
    matches!(arg, Some(Expr::Path(p)) if p.path.segments.last().is_some_and(|s| s.ident == "CONTENT_TYPE"))
}

/// `runtime::body::<function>(<builder>, <body>, &[<encoding>])`, with a `?` if `try_`.
fn runtime_call(function: &str, call: &ExprMethodCall, encoding: &[Encoding], try_: bool) -> Expr {
    let function = syn::Ident::new(function, proc_macro2::Span::call_site());
    let builder = &call.receiver;
    let body = &call.args[0];
    let encoding = encoding.iter().map(encoding_value);
    let call = quote! { runtime::body::#function(#builder, #body, &[#(#encoding),*]) };
    match try_ {
        true => syn::parse_quote! { #call? },
        false => syn::parse_quote! { #call },
    }
}

/// The runtime's `Encoding` of `encoding`.
fn encoding_value(encoding: &Encoding) -> TokenStream {
    let property = &encoding.property;
    let content_type = option(encoding.content_type.as_ref().map(|c| quote!(#c)));
    let style = option(encoding.style.as_deref().and_then(|style| {
        let variant = match style {
            "form" => "Form",
            "spaceDelimited" => "SpaceDelimited",
            "pipeDelimited" => "PipeDelimited",
            "deepObject" => "DeepObject",
            _ => return None,
        };
        let variant = syn::Ident::new(variant, proc_macro2::Span::call_site());
        Some(quote!(runtime::body::Style::#variant))
    }));
    let explode = option(encoding.explode.map(|e| quote!(#e)));
    quote! {
        runtime::body::Encoding {
            property: #property,
            content_type: #content_type,
            style: #style,
            explode: #explode,
        }
    }
}

/// `Some(value)` or `None`.
fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Operation;

    fn notes(sent: Sent) -> Notes {
        let mut notes = Notes::default();
        notes.operations.insert(
            "upload".to_string(),
            Operation {
                method: "POST".to_string(),
                path: "/files".to_string(),
                summary: String::new(),
                security: None,
                media_type: None,
                sent: Some(sent),
                responses: None,
                query: Default::default(),
            },
        );
        notes
    }

    fn method(chain: TokenStream) -> syn::File {
        syn::parse_quote! {
            impl Client {
                pub async fn upload<'a>(&'a self, body: &'a types::UploadBody) -> Result<(), Error<()>> {
                    let url = format!("{}/files", self.baseurl);
                    let mut request = #chain.build()?;
                    let info = OperationInfo { operation_id: "upload" };
                    Ok(())
                }
            }
        }
    }

    fn sent(file: &syn::File) -> String {
        prettyplease::unparse(file)
    }

    #[test]
    fn multipart_bodies_go_through_the_runtime() {
        let mut file = method(quote!(self.client.post(url).json(&body)));
        let encoding = vec![Encoding {
            property: "file".to_string(),
            content_type: Some("image/png".to_string()),
            ..Encoding::default()
        }];
        send(&mut file, &notes(Sent::Multipart(encoding))).unwrap();
        let mut expected = method(quote!(runtime::body::multipart(
            self.client.post(url),
            &body,
            &[runtime::body::Encoding {
                property: "file",
                content_type: Some("image/png"),
                style: None,
                explode: None,
            }]
        )?));
        expected.items.insert(
            0,
            syn::parse_quote!(
                pub use ::client_runtime::File;
            ),
        );
        assert_eq!(sent(&file), sent(&expected));
    }

    #[test]
    fn bytes_and_other_json_carry_their_media_type() {
        let mut file = method(quote!(
            self.client
                .post(url)
                .header(
                    ::reqwest::header::CONTENT_TYPE,
                    ::reqwest::header::HeaderValue::from_static("application/octet-stream"),
                )
                .body(body)
        ));
        send(&mut file, &notes(Sent::Raw("application/xml".to_string()))).unwrap();
        let expected = method(quote!(
            self.client
                .post(url)
                .header(
                    ::reqwest::header::CONTENT_TYPE,
                    ::reqwest::header::HeaderValue::from_static("application/xml"),
                )
                .body(body)
        ));
        assert_eq!(sent(&file), sent(&expected));

        let mut file = method(quote!(self.client.post(url).json(&body)));
        let merge = "application/merge-patch+json";
        send(&mut file, &notes(Sent::Json(merge.to_string()))).unwrap();
        let expected = method(quote!(self
            .client
            .post(url)
            .header(
                ::reqwest::header::CONTENT_TYPE,
                ::reqwest::header::HeaderValue::from_static(#merge),
            )
            .json(&body)));
        assert_eq!(sent(&file), sent(&expected));
    }

    #[test]
    fn a_method_without_the_call_is_an_error() {
        let mut file = method(quote!(self.client.post(url)));
        let error = send(&mut file, &notes(Sent::Form(Vec::new()))).unwrap_err();
        assert!(error.contains("`upload`"), "{error}");
    }
}
