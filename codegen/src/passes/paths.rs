//! Path parameters, each encoded into exactly one path segment, or refused before sending.
//!
//! What progenitor does: it builds each request's URL as
//! `format!("{}/tokens/{}", self.baseurl, encode_path(&id.to_string()))`, and
//! `progenitor_client::encode_path` leaves `\` (and other characters) as they are; the URL
//! parser reads `\` as `/` in `http(s)` URLs, so a token id `a\b` would send the request to
//! `…/tokens/a/b`, another resource, and `..` would address the parent. It cannot refuse a value
//! either: it returns a `String`, inside `format!`.
//!
//! Here each `encode_path(…)` call, found as that identifier and its parenthesized argument in
//! the tokens of the `format!` of a `let` of the method's own statements (`syn` parses no
//! macro's arguments), becomes `runtime::encode_path(…, "<name>")?`: the runtime's, which encodes every
//! byte but RFC 3986's unreserved characters and refuses what would still address another
//! resource (empty, `.`, `..`) with an error that names the parameter, the spec's name of the
//! `n`-th variable of the operation's path template (from the notes). A parameter the method
//! takes as `&str` is passed as it is, not as progenitor's `&id.to_string()`: a copy of the
//! string made on every request for nothing (a parameter of the method, as its signature declares
//! it, followed by `.to_string()` with no arguments).
//!
//! The upstream change that would make it unnecessary: a fallible `encode_path` in
//! `progenitor-client` that encodes a whole segment.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use super::{client_methods, operation_id};
use crate::notes::Notes;

/// Replaces every `encode_path` call of every operation method.
pub(super) fn encode(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    for method in client_methods(file) {
        let name = super::method_name(method);
        let mut calls = Calls {
            variables: Vec::new(),
            strings: str_parameters(&method.sig),
            next: 0,
            error: None,
        };
        if let Some(id) = operation_id(method)
            && let Some(operation) = notes.operation(&id)
        {
            calls.variables = variables(&operation.path);
        }
        // progenitor builds the URL with `format!` in a `let` of the method's own statements; a
        // call anywhere else is caught by the count below.
        for stmt in &mut method.block.stmts {
            if let syn::Stmt::Local(local) = stmt
                && let Some(init) = &mut local.init
                && let syn::Expr::Macro(url) = &mut *init.expr
                && url.mac.path.is_ident("format")
            {
                url.mac.tokens = calls.tokens(std::mem::take(&mut url.mac.tokens));
            }
        }
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

/// The parameters `sig` takes as `&str` (of any lifetime).
fn str_parameters(sig: &syn::Signature) -> Vec<syn::Ident> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match (&*typed.pat, &*typed.ty) {
                (syn::Pat::Ident(name), syn::Type::Reference(r))
                    if r.mutability.is_none()
                        && matches!(&*r.elem, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("str")) =>
                {
                    Some(name.ident.clone())
                }
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// Rewrites the `encode_path` calls of one method, the `n`-th with the `n`-th variable's name.
struct Calls {
    variables: Vec<String>,
    /// The method's `&str` parameters, passed to `encode_path` as they are.
    strings: Vec<syn::Ident>,
    next: usize,
    error: Option<String>,
}

impl Calls {
    /// `format!`'s arguments are tokens to `syn`: each `encode_path` identifier followed by its
    /// parenthesized argument is rewritten in the token tree itself (nested groups included),
    /// which costs far less than parsing every URL's arguments as expressions and printing them
    /// back.
    fn tokens(&mut self, stream: TokenStream) -> TokenStream {
        let mut out: Vec<TokenTree> = Vec::new();
        let mut trees = stream.into_iter().peekable();
        while let Some(tree) = trees.next() {
            match tree {
                TokenTree::Ident(ident) if ident == "encode_path" => {
                    let Some(TokenTree::Group(args)) = trees.next_if(|t| {
                        matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis)
                    }) else {
                        out.push(TokenTree::Ident(ident));
                        continue;
                    };
                    let Some(variable) = self.variables.get(self.next).cloned() else {
                        self.error = Some(format!(
                            "more `encode_path` calls than the {} variables of its path",
                            self.variables.len()
                        ));
                        return TokenStream::new();
                    };
                    self.next += 1;
                    let arg = self.tokens(args.stream());
                    let arg = self.borrowed(&arg).unwrap_or(arg);
                    out.extend(quote::quote!(runtime::encode_path(#arg, #variable)?));
                }
                TokenTree::Group(group) => {
                    let mut new = Group::new(group.delimiter(), self.tokens(group.stream()));
                    new.set_span(group.span());
                    out.push(TokenTree::Group(new));
                }
                other => out.push(other),
            }
        }
        out.into_iter().collect()
    }

    /// `&<parameter>.to_string()` for a `&str` parameter: the parameter itself.
    fn borrowed(&self, arg: &TokenStream) -> Option<TokenStream> {
        let trees: Vec<TokenTree> = arg.clone().into_iter().collect();
        let [
            TokenTree::Punct(amp),
            TokenTree::Ident(parameter),
            TokenTree::Punct(dot),
            TokenTree::Ident(method),
            TokenTree::Group(call),
        ] = trees.as_slice()
        else {
            return None;
        };
        (amp.as_char() == '&'
            && dot.as_char() == '.'
            && method == "to_string"
            && call.delimiter() == Delimiter::Parenthesis
            && call.stream().is_empty()
            && self.strings.contains(parameter))
        .then(|| TokenTree::Ident(parameter.clone()).into())
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

    #[test]
    fn str_parameters_are_passed_as_they_are_and_others_as_strings() {
        let mut method: syn::ImplItemFn = syn::parse_quote! {
            pub async fn get<'a>(&'a self, id: &'a str, n: i64, name: &'a str) {
                let url = format!(
                    "{}/a/{}/{}/{}", self.baseurl, encode_path(&id.to_string()),
                    encode_path(&n.to_string()), encode_path(&name.to_string()),
                );
            }
        };
        let mut calls = Calls {
            variables: vec!["id".into(), "n".into(), "the-name".into()],
            strings: str_parameters(&method.sig),
            next: 0,
            error: None,
        };
        let syn::Stmt::Local(local) = &mut method.block.stmts[0] else {
            panic!("a let");
        };
        let Some(init) = &mut local.init else {
            panic!("an initializer");
        };
        let syn::Expr::Macro(url) = &mut *init.expr else {
            panic!("format!");
        };
        url.mac.tokens = calls.tokens(std::mem::take(&mut url.mac.tokens));
        let printed = url.mac.tokens.to_string();
        assert_eq!(calls.next, 3);
        assert!(
            printed.contains(r#"runtime :: encode_path (id , "id") ?"#),
            "{printed}"
        );
        assert!(
            printed.contains(r#"runtime :: encode_path (& n . to_string () , "n") ?"#),
            "{printed}"
        );
        assert!(
            printed.contains(r#"runtime :: encode_path (name , "the-name") ?"#),
            "{printed}"
        );
    }
}
