//! HTTP methods reqwest has no shortcut for.
//!
//! What progenitor does: it builds each request with the `reqwest::Client` method named after
//! the operation's HTTP method (`.get(url)`, `.delete(url)`), and reqwest has those for `GET`,
//! `POST`, `PUT`, `PATCH`, `DELETE` and `HEAD` only: an `OPTIONS` or `TRACE` operation does
//! not compile. This pass replaces, in the method of such an operation (its HTTP method read
//! from the [`Notes`]), the one call of that name with one argument by
//! `.request(reqwest::Method::OPTIONS, url)`.
//!
//! The upstream change that would make it unnecessary: progenitor building every request with
//! `request(Method, url)`.

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};

use super::client_methods;
use crate::notes::Notes;

/// The HTTP methods `reqwest::Client` has a method for.
const SHORTCUTS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// Sends every operation on a method without a shortcut with `request(Method, url)`.
pub(super) fn without_shortcut(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    for method in client_methods(file) {
        // A method that sends no request itself (a builder style's `Client` method) has none.
        let Some(name) = super::operation_id(method) else {
            continue;
        };
        let Some(note) = notes.operation(&name) else {
            continue;
        };
        let http = note.method.to_ascii_uppercase();
        if SHORTCUTS.contains(&http.as_str()) {
            continue;
        }
        let mut calls = Calls {
            name: http.to_ascii_lowercase(),
            constant: format_ident!("{http}"),
            replaced: 0,
        };
        calls.visit_block_mut(&mut method.block);
        if calls.replaced != 1 {
            return Err(format!(
                "`{name}` sends `{http}`, but {} calls of `.{}(url)` were found instead of one",
                calls.replaced, calls.name
            ));
        }
    }
    Ok(())
}

struct Calls {
    name: String,
    constant: syn::Ident,
    replaced: usize,
}

impl VisitMut for Calls {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, call);
        if call.method == self.name.as_str() && call.args.len() == 1 {
            let constant = &self.constant;
            let url = call.args[0].clone();
            call.method = format_ident!("request");
            call.args = syn::parse_quote!(::reqwest::Method::#constant, #url);
            self.replaced += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;
    use crate::notes::Operation;

    #[test]
    fn trace_and_options_are_sent_with_request() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn trace_it(&self) -> u8 {
                    let request = self.client.trace(url).header(a, b).build()?;
                    let info = OperationInfo { operation_id: "trace_it" };
                }
                pub async fn get_it(&self) -> u8 {
                    let request = self.client.get(url).build()?;
                    let info = OperationInfo { operation_id: "get_it" };
                }
                // The builder style: the method makes a builder, whose `send` sends.
                pub fn options_it(&self) -> builder::OptionsIt<'_> {
                    builder::OptionsIt::new(self)
                }
            }
            pub mod builder {
                impl<'a> OptionsIt<'a> {
                    pub async fn send(self) -> u8 {
                        let request = client.client.options(url).build()?;
                        let info = OperationInfo { operation_id: "options_it" };
                    }
                }
            }
        };
        let operation = |method: &str| Operation {
            method: method.into(),
            path: "/".into(),
            summary: String::new(),
            security: None,
            media_type: None,
            sent: None,
            responses: None,
            query: Default::default(),
        };
        let mut notes = Notes::default();
        notes
            .operations
            .insert("trace_it".into(), operation("TRACE"));
        notes.operations.insert("get_it".into(), operation("GET"));
        notes
            .operations
            .insert("options_it".into(), operation("OPTIONS"));
        without_shortcut(&mut file, &notes).unwrap_or_else(|e| panic!("{e}"));
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("self . client . request (:: reqwest :: Method :: TRACE , url)"),
            "{text}"
        );
        assert!(text.contains("self . client . get (url)"), "{text}");
        assert!(
            text.contains("client . client . request (:: reqwest :: Method :: OPTIONS , url)"),
            "{text}"
        );
    }
}
