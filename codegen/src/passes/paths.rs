//! Path parameters, each encoded into exactly one path segment, or refused before sending.
//!
//! What progenitor does: it builds each request's URL as
//! `format!("{}/tokens/{}", self.baseurl, encode_path(&id.to_string()))`, and
//! `progenitor_client::encode_path` leaves `\` (and other characters) as they are; the URL
//! parser reads `\` as `/` in `http(s)` URLs, so a token id `a\b` would send the request to
//! `…/tokens/a/b`, another resource, and `..` would address the parent. It cannot refuse a value
//! either: it returns a `String`, inside `format!`.
//!
//! Here each `encode_path(…)` call, found by its path wherever it is (`format!`'s arguments
//! included), becomes `runtime::encode_path(…, "<name>")?`: the runtime's, which encodes every
//! byte but RFC 3986's unreserved characters and refuses what would still address another
//! resource (empty, `.`, `..`) with an error that names the parameter, the spec's name of the
//! `n`-th variable of the operation's path template (from the notes).
//!
//! The upstream change that would make it unnecessary: a fallible `encode_path` in
//! `progenitor-client` that encodes a whole segment.

use syn::visit_mut::{self, VisitMut};

use super::{client_methods, operation_id};
use crate::notes::Notes;

/// Replaces every `encode_path` call of every operation method.
pub(super) fn encode(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    for method in client_methods(file) {
        let name = method.sig.ident.to_string();
        let mut calls = Calls {
            variables: Vec::new(),
            next: 0,
            error: None,
        };
        if let Some(id) = operation_id(method)
            && let Some(operation) = notes.operation(&id)
        {
            calls.variables = variables(&operation.path);
        }
        calls.visit_block_mut(&mut method.block);
        if let Some(error) = calls.error {
            return Err(format!("`{name}`: {error}"));
        }
        if calls.next != calls.variables.len() {
            return Err(format!(
                "`{name}` encodes {} path parameters, but its path has {} variables",
                calls.next,
                calls.variables.len()
            ));
        }
    }
    Ok(())
}

/// The variables of a path template, in order: `/a/{b}/c/{d}` → `b`, `d`.
fn variables(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Rewrites the `encode_path` calls of one method, the `n`-th with the `n`-th variable's name.
struct Calls {
    variables: Vec<String>,
    next: usize,
    error: Option<String>,
}

impl VisitMut for Calls {
    /// `format!`'s arguments are tokens to `syn`: they are read as expressions, rewritten and
    /// put back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") {
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        match mac.parse_body_with(parser) {
            Ok(mut args) => {
                let before = self.next;
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                if self.next > before {
                    mac.tokens = quote::ToTokens::to_token_stream(&args);
                }
            }
            Err(e) => self.error = Some(format!("cannot read a `format!` call: {e}")),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr
            && matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("encode_path"))
        {
            let Some(variable) = self.variables.get(self.next) else {
                self.error = Some(format!(
                    "more `encode_path` calls than the {} variables of its path",
                    self.variables.len()
                ));
                return;
            };
            self.next += 1;
            match (call.args.first(), call.args.len()) {
                (Some(arg), 1) => {
                    *expr = syn::parse_quote!(runtime::encode_path(#arg, #variable)?);
                }
                _ => self.error = Some("an `encode_path` call without one argument".into()),
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_in_order() {
        assert_eq!(
            variables("/users/{userId}/tokens/{tokenId}:revoke"),
            ["userId", "tokenId"]
        );
        assert!(variables("/tokens").is_empty());
    }
}
