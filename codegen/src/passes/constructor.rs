//! Makes `Client::new` return an error instead of panicking.
//!
//! progenitor's `Client::new` ends in `client.build().unwrap()`: a client that
//! cannot be built (no TLS backend, a bad system configuration) would panic in
//! the caller's program. The rewritten `new` returns `Result<Self, reqwest::Error>`.

use syn::{ImplItem, Stmt};

use super::{client_impls, tokens};

pub(super) fn make_fallible(file: &mut syn::File) -> Result<(), String> {
    let new = client_impls(file)
        .flat_map(|imp| imp.items.iter_mut())
        .find_map(|item| match item {
            ImplItem::Fn(f) if f.sig.ident == "new" => Some(f),
            _ => None,
        })
        .ok_or("no `Client::new` in progenitor's output")?;
    let Some(Stmt::Expr(last, None)) = new.block.stmts.last_mut() else {
        return Err("`Client::new` does not end in an expression".into());
    };
    let syn::Expr::Call(call) = last else {
        return Err(format!(
            "`Client::new` ends in `{}`, not a call",
            tokens(last)
        ));
    };
    let unwrapped = call
        .args
        .iter_mut()
        .find(|a| tokens(*a) == "client . build () . unwrap ()");
    let (true, Some(arg)) = (tokens(&call.func) == "Self :: new_with_client", unwrapped) else {
        return Err(format!(
            "`Client::new` ends in `{}`, not `Self::new_with_client(baseurl, client.build().unwrap())`",
            tokens(call)
        ));
    };
    *arg = syn::parse_quote!(client.build()?);
    *last = syn::parse_quote!(Ok(#call));
    new.sig.output = syn::parse_quote!(-> ::std::result::Result<Self, reqwest::Error>);
    new.attrs.push(syn::parse_quote!(#[doc = ""]));
    new.attrs.push(syn::parse_quote!(#[doc = "# Errors"]));
    new.attrs.push(syn::parse_quote!(#[doc = ""]));
    new.attrs.push(syn::parse_quote!(
        #[doc = "Fails when the HTTP client cannot be built, for example when its TLS backend cannot be initialised."]
    ));
    Ok(())
}
