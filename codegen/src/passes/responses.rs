//! What a method does with the response: every documented status read as the spec says, and an
//! undocumented one kept with its body.
//!
//! What progenitor does: each method ends with `match response.status().as_u16() { … }`, an
//! arm per documented status and a catch-all `_ => Err(Error::UnexpectedResponse(response))`.
//! Three things change here, each found by structure (that `match`, and calls by their path):
//!
//! - `Error::UnexpectedResponse(response)` becomes `Error::unexpected(response).await`: the
//!   runtime reads the body's text (progenitor's keeps only the unread response), so `Display`
//!   can show the provider's message;
//! - progenitor puts its catch-all after the `_` arm of a `default` response whenever `default`
//!   is not the only response (it checks the last response written, and `default` comes first),
//!   an unreachable pattern: the arms after the first `_` go;
//! - an operation whose responses have different bodies (see `normalize::responses`, which
//!   gave progenitor raw bytes for each) returns `types::<Operation>Success` and
//!   `types::<Operation>Error`, enums with one variant per status (`Ok(Token)`, `NoContent`,
//!   `NotFound(Problem)`, `Default(ByteStream)`), written here from the notes; its `match` is
//!   written anew, each arm reading its status's body.
//!
//! The upstream changes that would make it unnecessary: `progenitor_client`'s
//! `UnexpectedResponse` keeping the body, the catch-all added only when no `default` response
//! exists, and enumerated responses (progenitor's own `TODO`) in place of its assertion that
//! all responses share one type.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;
use syn::visit_mut::{self, VisitMut};

use super::{build, client_methods, is_path, is_status_match, operation_id, types_module};
use crate::notes::{Body, Notes, Responses, Status};

/// Rewrites every method's status `match`; fails when progenitor's output does not have the
/// expected shape.
pub(super) fn per_status(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    let mut taken: Vec<String> = types_module(file)?.iter().filter_map(item_name).collect();
    let mut enums: Vec<Item> = Vec::new();
    for method in client_methods(file) {
        let name = super::method_name(method);
        // progenitor's status `match` is one of the method's own statements (its last).
        let mut matches = StatusMatches::default();
        for stmt in &mut method.block.stmts {
            if let syn::Stmt::Expr(expr @ syn::Expr::Match(_), _) = stmt {
                matches.visit_expr_mut(expr);
            }
        }
        if let Some(error) = matches.error {
            return Err(format!("`{name}`: {error}"));
        }
        let Some(responses) = operation_id(method)
            .and_then(|id| notes.operation(&id))
            .and_then(|operation| operation.responses.as_ref())
        else {
            continue;
        };
        if matches.found != 1 {
            return Err(format!(
                "`{name}` matches on the response's status {} times, not once",
                matches.found
            ));
        }
        let base = name.trim_end_matches('_').to_pascal_case();
        let named = |suffix: &str| crate::names::type_name(&format!("{base}{suffix}"));
        let success = unique(named("Success"), &mut taken);
        let error = (!responses.error.is_empty()).then(|| unique(named("Error"), &mut taken));
        enums.extend(enum_items(&success, &name, "success", &responses.success)?);
        if let Some(error) = &error {
            enums.extend(enum_items(error, &name, "error", &responses.error)?);
        }
        let success_ident = format_ident!("{success}");
        let error_type = match &error {
            Some(error) => {
                let ident = format_ident!("{error}");
                quote!(types::#ident)
            }
            None => quote!(()),
        };
        method.sig.output = syn::parse_quote! {
            -> Result<ResponseValue<types::#success_ident>, Error<#error_type>>
        };
        let mut rewrite = Rewrite {
            responses,
            success: &success,
            error: error.as_deref(),
            done: false,
        };
        for stmt in &mut method.block.stmts {
            if let syn::Stmt::Expr(expr @ syn::Expr::Match(_), _) = stmt {
                rewrite.visit_expr_mut(expr);
            }
        }
        if !rewrite.done {
            return Err(format!(
                "`{name}`: its status `match` could not be rewritten"
            ));
        }
    }
    types_module(file)?.extend(enums);
    Ok(())
}

/// Every status `match` of a method, counted, with the two fixes that apply to all: no arm
/// after the first `_`, and undocumented responses read with their body.
#[derive(Default)]
struct StatusMatches {
    found: usize,
    error: Option<String>,
}

impl VisitMut for StatusMatches {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        if is_status_match(&m.expr) {
            self.found += 1;
            if let Some(first) = m
                .arms
                .iter()
                .position(|a| matches!(a.pat, syn::Pat::Wild(_)))
            {
                m.arms.truncate(first + 1);
            }
        }
        visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr
            && let syn::Expr::Path(func) = &*call.func
            && is_path(&func.path, &["Error", "UnexpectedResponse"])
        {
            match (call.args.first(), call.args.len()) {
                (Some(arg), 1) => {
                    let unexpected = build::path(false, &["Error", "unexpected"]);
                    *expr = build::await_(build::call(unexpected, [arg.clone()]));
                }
                _ => {
                    self.error =
                        Some("`Error::UnexpectedResponse` is not called with one argument".into())
                }
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Replaces the arms of the status `match` with those of `responses`.
struct Rewrite<'a> {
    responses: &'a Responses,
    success: &'a str,
    error: Option<&'a str>,
    done: bool,
}

impl VisitMut for Rewrite<'_> {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        // `<response>.status().as_u16()`: its receiver's receiver is the response.
        if is_status_match(&m.expr)
            && let syn::Expr::MethodCall(as_u16) = &*m.expr
            && let syn::Expr::MethodCall(status) = &*as_u16.receiver
        {
            m.arms = arms(self.responses, self.success, self.error, &status.receiver);
            self.done = true;
            return;
        }
        visit_mut::visit_expr_match_mut(self, m);
    }
}

/// The arms that read each documented status into its variant, for a response `r`: codes
/// first, then ranges (`default` as a success is any 2xx), then `default` as an error or the
/// catch-all for undocumented statuses.
fn arms(responses: &Responses, success: &str, error: Option<&str>, r: &syn::Expr) -> Vec<syn::Arm> {
    let mut codes: Vec<(u16, TokenStream)> = Vec::new();
    let mut ranges: Vec<(u16, TokenStream)> = Vec::new();
    let mut fallback = quote!(_ => Err(Error::unexpected(#r).await));
    let entries = responses
        .success
        .iter()
        .map(|s| (s, true))
        .chain(responses.error.iter().map(|s| (s, false)));
    for (status, is_success) in entries {
        let read = match (is_success, error) {
            (true, _) => {
                let read = read(r, status, success);
                quote!({ Ok(#read) })
            }
            (false, Some(error)) => {
                let read = read(r, status, error);
                quote!({ Err(Error::ErrorResponse(#read)) })
            }
            (false, None) => continue,
        };
        match status.status.as_str() {
            "default" if is_success => {
                if !responses.success.iter().any(|s| s.status == "2XX") {
                    ranges.push((200, quote!(200u16..=299u16 => #read)));
                }
            }
            "default" => fallback = quote!(_ => #read),
            range if range.ends_with("XX") => {
                let hundred: u16 = range[..1].parse().unwrap_or(0) * 100;
                let last = hundred + 99;
                ranges.push((hundred, quote!(#hundred..=#last => #read)));
            }
            code => {
                let code: u16 = code.parse().unwrap_or(0);
                codes.push((code, quote!(#code => #read)));
            }
        }
    }
    codes.sort_by_key(|(code, _)| *code);
    ranges.sort_by_key(|(hundred, _)| *hundred);
    codes
        .into_iter()
        .chain(ranges)
        .map(|(_, arm)| arm)
        .chain(std::iter::once(fallback))
        .map(|arm| syn::parse_quote!(#arm))
        .collect()
}

/// Reading `r`'s body as `status` documents it, into its variant of `enum_name`.
fn read(r: &syn::Expr, status: &Status, enum_name: &str) -> TokenStream {
    let ty = format_ident!("{enum_name}");
    let variant = format_ident!("{}", status.variant);
    match &status.body {
        Body::Empty => quote!(ResponseValue::empty(#r).map(|()| types::#ty::#variant)),
        Body::Raw => quote!(ResponseValue::stream(#r).map(types::#ty::#variant)),
        Body::Json(body) => {
            let body = format_ident!("{body}");
            quote!(ResponseValue::<types::#body>::from_response(#r).await?.map(types::#ty::#variant))
        }
    }
}

fn item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        Item::Mod(m) => Some(m.ident.to_string()),
        _ => None,
    }
}

fn unique(name: String, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// The enum, its `Debug` (byte streams have none) and its `Serialize` (the body, for the
/// provider's message in `Error`'s `Display`).
fn enum_items(
    name: &str,
    method: &str,
    which: &str,
    statuses: &[Status],
) -> Result<Vec<Item>, String> {
    let ident = format_ident!("{name}");
    let doc = format!(
        "The {which} responses of [`Client::{method}`](super::Client::{method}), one variant per documented status."
    );
    let mut variants = Vec::new();
    let mut debug = Vec::new();
    let mut serialize = Vec::new();
    for status in statuses {
        let variant = format_ident!("{}", status.variant);
        let label = &status.variant;
        let description = status
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let doc = if description.is_empty() {
            format!("`{}`.", status.status)
        } else {
            format!("`{}`: {description}", status.status)
        };
        match &status.body {
            Body::Empty => {
                variants.push(quote!(#[doc = #doc] #variant));
                debug.push(quote!(Self::#variant => f.write_str(#label)));
                serialize.push(quote!(Self::#variant => serializer.serialize_unit()));
            }
            Body::Json(ty) => {
                let ty = format_ident!("{ty}");
                variants.push(quote!(#[doc = #doc] #variant(#ty)));
                debug.push(
                    quote!(Self::#variant(body) => f.debug_tuple(#label).field(body).finish()),
                );
                serialize.push(
                    quote!(Self::#variant(body) => ::serde::Serialize::serialize(body, serializer)),
                );
            }
            Body::Raw => {
                variants.push(quote!(#[doc = #doc] #variant(::progenitor_client::ByteStream)));
                debug.push(
                    quote!(Self::#variant(_) => f.debug_tuple(#label).field(&"<bytes>").finish()),
                );
                serialize.push(quote!(Self::#variant(_) => serializer.serialize_unit()));
            }
        }
    }
    let items: syn::File = syn::parse2(quote! {
        #[doc = #doc]
        pub enum #ident {
            #(#variants),*
        }
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug),*
                }
            }
        }
        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize),*
                }
            }
        }
    })
    .map_err(|e| e.to_string())?;
    Ok(items.items)
}
