//! One enum variant per status for operations whose responses have different bodies.
//!
//! `normalize::responses` gave progenitor raw bytes for every response of such an operation
//! and recorded what each status really carries. Here the operation's success type becomes
//! `types::<Operation>Success` and its error type `types::<Operation>Error`, enums with one
//! variant per status (`Ok(Token)`, `NoContent`, `NotFound(Problem)`, `Default(ByteStream)`),
//! and each arm of its `match` on the status reads the body its status documents.

use heck::ToPascalCase;
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Item, Stmt};

use super::{client_methods, tokens};
use crate::normalize::responses::{Body, EXTENSION, Split, Status};

/// Rewrites every split operation; fails when progenitor's output does not have the expected
/// shape.
pub(super) fn per_status(file: &mut syn::File, spec: &OpenAPI) -> Result<(), String> {
    let operations = super::Operations::of(spec);
    if !operations
        .0
        .values()
        .any(|o| o.extensions.contains_key(EXTENSION))
    {
        return Ok(());
    }
    let mut taken: Vec<String> = types_module(file)?.iter().filter_map(item_name).collect();
    let mut enums: Vec<Item> = Vec::new();
    for method in client_methods(file) {
        let name = method.sig.ident.to_string();
        let Some(value) = operations
            .get(&name)
            .and_then(|o| o.extensions.get(EXTENSION))
        else {
            continue;
        };
        let split: &Split = &serde_json::from_value(value.clone())
            .map_err(|e| format!("`{EXTENSION}` of `{name}` cannot be read: {e}"))?;
        let base = name.trim_end_matches('_').to_pascal_case();
        let named = |suffix: &str| crate::names::type_name(&format!("{base}{suffix}"));
        let success = unique(named("Success"), &mut taken);
        let error = (!split.error.is_empty()).then(|| unique(named("Error"), &mut taken));
        enums.extend(enum_items(&success, &name, "success", &split.success)?);
        if let Some(error) = &error {
            enums.extend(enum_items(error, &name, "error", &split.error)?);
        }

        let mut types = ReturnTypes {
            success: &success,
            error: error.as_deref(),
            replaced: 0,
        };
        types.visit_return_type_mut(&mut method.sig.output);
        if types.replaced != 1 + usize::from(error.is_some()) {
            return Err(format!(
                "`{name}` does not return `Result<ResponseValue<ByteStream>, Error<…>>`: `{}`",
                tokens(&method.sig.output)
            ));
        }
        let mut arms = Arms {
            split,
            success: &success,
            error: error.as_deref(),
            problem: None,
            rewritten: 0,
        };
        arms.visit_block_mut(&mut method.block);
        if let Some(problem) = arms.problem {
            return Err(format!("`{name}`: {problem}"));
        }
        if arms.rewritten == 0 {
            return Err(format!("`{name}` has no status arms to rewrite"));
        }
        if split
            .success
            .iter()
            .chain(&split.error)
            .any(|s| matches!(s.body, Body::Json(_)))
        {
            // progenitor asks for JSON only when it reads JSON; the arms now do.
            let send = method
                .block
                .stmts
                .iter()
                .position(|s| tokens(s).starts_with("let response = self . config . send"))
                .ok_or_else(|| format!("`{name}` does not send through the runtime"))?;
            let accept: Stmt = syn::parse_quote! {
                request.headers_mut().insert(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                );
            };
            method.block.stmts.insert(send, accept);
        }
    }
    let types = types_module(file)?;
    types.extend(enums);
    Ok(())
}

fn types_module(file: &mut syn::File) -> Result<&mut Vec<Item>, String> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| "no `types` module in progenitor's output".to_string())
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
                let ty: syn::Type = syn::parse_str(ty).map_err(|e| format!("type `{ty}`: {e}"))?;
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

/// `ResponseValue<ByteStream>` and `Error<ByteStream>` in the return type become the enums.
struct ReturnTypes<'a> {
    success: &'a str,
    error: Option<&'a str>,
    replaced: usize,
}

impl VisitMut for ReturnTypes<'_> {
    fn visit_path_segment_mut(&mut self, segment: &mut syn::PathSegment) {
        let replacement = match segment.ident.to_string().as_str() {
            "ResponseValue" => Some(self.success),
            "Error" => self.error,
            _ => None,
        };
        if let (Some(name), syn::PathArguments::AngleBracketed(args)) =
            (replacement, &mut segment.arguments)
            && tokens(args).contains("ByteStream")
        {
            let ident = format_ident!("{name}");
            *args = syn::parse_quote!(<types::#ident>);
            self.replaced += 1;
            return;
        }
        visit_mut::visit_path_segment_mut(self, segment);
    }
}

/// Each arm of the status `match` reads its status's body into its variant.
struct Arms<'a> {
    split: &'a Split,
    success: &'a str,
    error: Option<&'a str>,
    problem: Option<String>,
    rewritten: usize,
}

impl Arms<'_> {
    fn status(&self, pat: &syn::Pat, success: bool) -> Option<&Status> {
        let set = if success {
            &self.split.success
        } else {
            &self.split.error
        };
        let key = match pat {
            syn::Pat::Lit(lit) => match &lit.lit {
                syn::Lit::Int(n) => n.base10_digits().to_string(),
                _ => return None,
            },
            syn::Pat::Range(range) => {
                let start = range.start.as_ref().map(tokens).unwrap_or_default();
                let hundred = start.trim_end_matches("u16").parse::<u16>().ok()? / 100;
                let class = format!("{hundred}XX");
                if set.iter().any(|s| s.status == class) {
                    class
                } else {
                    "default".to_string()
                }
            }
            syn::Pat::Wild(_) => "default".to_string(),
            _ => return None,
        };
        set.iter().find(|s| s.status == key)
    }

    fn read(&self, status: &Status, enum_name: &str) -> TokenStream {
        let ty = format_ident!("{enum_name}");
        let variant = format_ident!("{}", status.variant);
        match &status.body {
            Body::Empty => quote!(ResponseValue::empty(response).map(|()| types::#ty::#variant)),
            Body::Raw => quote!(ResponseValue::stream(response).map(types::#ty::#variant)),
            Body::Json(body) => {
                let body: TokenStream = body.parse().unwrap_or_default();
                quote!(ResponseValue::<types::#body>::from_response(response).await?.map(types::#ty::#variant))
            }
        }
    }
}

impl VisitMut for Arms<'_> {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        if !super::is_status_match(&m.expr) {
            visit_mut::visit_expr_match_mut(self, m);
            return;
        }
        for arm in &mut m.arms {
            let body = tokens(&arm.body);
            if !body.contains("ResponseValue :: stream") {
                continue;
            }
            let success = !body.contains("Error :: ErrorResponse");
            let Some(status) = self.status(&arm.pat, success) else {
                self.problem = Some(format!(
                    "no recorded status for the arm `{}`",
                    tokens(&arm.pat)
                ));
                return;
            };
            let new = if success {
                let read = self.read(status, self.success);
                quote!({ Ok(#read) })
            } else {
                let Some(error) = self.error else {
                    self.problem = Some("an error arm, but no error statuses recorded".into());
                    return;
                };
                let read = self.read(status, error);
                quote!({ Err(Error::ErrorResponse(#read)) })
            };
            match syn::parse2(new) {
                Ok(expr) => {
                    *arm.body = expr;
                    self.rewritten += 1;
                }
                Err(e) => self.problem = Some(e.to_string()),
            }
        }
    }
}
