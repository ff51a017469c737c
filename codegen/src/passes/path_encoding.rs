//! Encodes every path parameter into exactly one path segment.
//!
//! progenitor's `encode_path` leaves `\` (and other characters) as they are, and
//! the URL parser reads `\` as `/` in `http(s)` URLs: a token id `a\b` would send
//! the DELETE to `…/tokens/a/b`, another resource; and `..` would address the parent. Each
//! call goes to the runtime's `encode_path`, which encodes every byte except RFC 3986's
//! unreserved characters and refuses values that would still address another resource (empty,
//! `.`, `..`), before anything is sent.

use syn::visit_mut::{self, VisitMut};
use syn::{Item, UseTree};

use super::tokens;

pub(super) fn replace(file: &mut syn::File) -> Result<(), String> {
    let mut removed = false;
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
            .filter(|t| !matches!(t, UseTree::Name(n) if n.ident == "encode_path"))
            .collect();
        removed |= group.items.len() < before;
    }
    if !removed {
        if super::mentions(file, "encode_path") {
            return Err("`encode_path` is used but not imported from `progenitor_client`".into());
        }
        return Ok(());
    }
    MediaMarker.visit_file_mut(file);
    let mut calls = Calls::default();
    calls.visit_file_mut(file);
    if let Some(error) = calls.error {
        return Err(error);
    }
    Ok(())
}

/// The extra method of an operation for another request media type has the path
/// `/pets#form` (see `normalize::media`); the URL it builds ends before the `#`.
struct MediaMarker;

impl VisitMut for MediaMarker {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // Only a URL template with the marker: its first token, a string literal.
        let marked = matches!(mac.tokens.clone().into_iter().next(),
            Some(proc_macro2::TokenTree::Literal(l)) if l.to_string().contains(crate::normalize::media::MEDIA_MARKER));
        if !mac.path.is_ident("format") || !marked {
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(mut args) = mac.parse_body_with(parser) else {
            return;
        };
        let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })) = args.first_mut()
        else {
            return;
        };
        let text = template.value();
        if let Some((url, _)) = text.split_once(crate::normalize::media::MEDIA_MARKER)
            && text.starts_with("{}/")
        {
            *template = syn::LitStr::new(url, template.span());
            mac.tokens = quote::ToTokens::to_token_stream(&args);
        }
    }
}

/// `encode_path(&x.to_string())` becomes `runtime::encode_path(&x.to_string(), "x")?`.
#[derive(Default)]
struct Calls {
    error: Option<String>,
}

impl VisitMut for Calls {
    /// progenitor builds URLs with `format!`, whose arguments are expressions.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let mentioned = mac.tokens.clone().into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "encode_path",
            proc_macro2::TokenTree::Group(g) => g.stream().to_string().contains("encode_path"),
            _ => false,
        });
        if !mentioned {
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        match mac.parse_body_with(parser) {
            Ok(mut args) => {
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                mac.tokens = quote::ToTokens::to_token_stream(&args);
            }
            Err(e) => self.error = Some(format!("cannot read `{}`: {e}", tokens(mac))),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr
            && matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("encode_path"))
        {
            // `&name.to_string()`: the parameter is the receiver.
            let name = match call.args.first() {
                Some(syn::Expr::Reference(r)) => match &*r.expr {
                    syn::Expr::MethodCall(m) => Some(tokens(&m.receiver)),
                    _ => None,
                },
                _ => None,
            };
            match (call.args.first(), call.args.len(), name) {
                (Some(arg), 1, Some(name)) => {
                    *expr = syn::parse_quote!(runtime::encode_path(#arg, #name)?);
                }
                _ => {
                    self.error = Some(format!(
                        "unexpected path parameter encoding `{}`",
                        tokens(call)
                    ));
                }
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}
