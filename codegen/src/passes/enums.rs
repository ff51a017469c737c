//! String enums typify could not name: their values back.
//!
//! What typify does: it names each variant of a string enum after its value, and panics when
//! two values make the same name or none (`.`, `X` and `x`, the empty string). So
//! `normalize::enum_names` gave typify readable stand-ins for such values (`Dot`, `X2`,
//! `Empty`), which it names the variants after, and the notes record each stand-in's value.
//! Here each such enum in `types`, found by its variants (exactly the stand-ins, in order), gets
//! the values back where they are: each variant's `#[serde(rename = "…")]`, and its `Display`
//! and `FromStr` implementations, written anew from the notes. Nothing else holds a value
//! (defaults and builders name the variants).
//!
//! The upstream change that would make it unnecessary: typify naming variants it cannot make
//! names for (numbered, or through an extension such as `x-enum-varnames`) rather than
//! panicking.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Item;

use super::types_module;
use crate::notes::{Enum, Notes};

/// Gives every enum of the notes its values back.
pub(super) fn restore(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    if notes.enums.is_empty() {
        return Ok(());
    }
    let types = types_module(file)?;
    // Each note by its stand-ins, then each enum that has them by its name: one look at each
    // item, however many enums a large API has.
    let by_stand_ins: HashMap<Vec<&str>, &Enum> = notes
        .enums
        .iter()
        .map(|e| (e.variants.iter().map(|v| v.name.as_str()).collect(), e))
        .collect();
    let mut found: HashMap<String, (&Enum, usize)> = HashMap::new();
    for item in types.iter_mut() {
        let Item::Enum(e) = item else { continue };
        let stand_ins: Option<Vec<String>> = e
            .variants
            .iter()
            .map(|v| {
                (matches!(v.fields, syn::Fields::Unit) && v.discriminant.is_none())
                    .then(|| v.ident.to_string())
            })
            .collect();
        let Some(stand_ins) = stand_ins else { continue };
        let key: Vec<&str> = stand_ins.iter().map(String::as_str).collect();
        if let Some(note) = by_stand_ins.get(&key) {
            values(e, note);
            found.insert(e.ident.to_string(), (note, 0));
        }
    }
    for item in types.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let Some(name) = self_type(imp) else { continue };
        let Some((note, replaced)) = found.get_mut(&name) else {
            continue;
        };
        let Some(which) = implements(imp, &name) else {
            continue;
        };
        let new = match which {
            "Display" => display(&name, note),
            _ => from_str(imp, &name, note)?,
        };
        *imp = syn::parse2(new).map_err(|e| e.to_string())?;
        *replaced += 1;
    }
    for (name, (_, replaced)) in &found {
        if *replaced != 2 {
            return Err(format!(
                "expected typify's `Display` and `FromStr` for `{name}`; found {replaced} of them"
            ));
        }
    }
    Ok(())
}

/// The name of the type `imp` implements something for, when it is a plain name.
fn self_type(imp: &syn::ItemImpl) -> Option<String> {
    match &*imp.self_ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// Each variant serialized as its value.
fn values(e: &mut syn::ItemEnum, note: &Enum) {
    for (variant, value) in e.variants.iter_mut().zip(&note.variants) {
        variant.attrs.retain(|a| !is_serde_rename(a));
        let value = &value.value;
        let span = proc_macro2::Span::call_site();
        variant.attrs.push(syn::Attribute {
            pound_token: syn::Token![#](span),
            style: syn::AttrStyle::Outer,
            bracket_token: syn::token::Bracket(span),
            meta: syn::Meta::List(syn::MetaList {
                path: syn::Ident::new("serde", span).into(),
                delimiter: syn::MacroDelimiter::Paren(syn::token::Paren(span)),
                tokens: quote!(rename = #value),
            }),
        });
    }
}

/// Whether `attr` is `#[serde(rename = "…")]` and nothing else.
fn is_serde_rename(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("serde") {
        return false;
    }
    let mut only_rename = true;
    let parsed = attr.parse_nested_meta(|meta| {
        only_rename &= meta.path.is_ident("rename");
        if meta.input.peek(syn::Token![=]) {
            let _: syn::Expr = meta.value()?.parse()?;
        }
        Ok(())
    });
    parsed.is_ok() && only_rename
}

/// `Display` or `FromStr`, when `imp` implements it for the type `name`.
fn implements(imp: &syn::ItemImpl, name: &str) -> Option<&'static str> {
    let (path, _) = imp.trait_.as_ref()?;
    let is_self = matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident(name));
    let last = path.segments.last()?;
    match last.ident.to_string().as_str() {
        "Display" if is_self => Some("Display"),
        "FromStr" if is_self => Some("FromStr"),
        _ => None,
    }
}

fn display(name: &str, note: &Enum) -> TokenStream {
    let ident = format_ident!("{name}");
    let arms = note.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let value = &v.value;
        quote!(Self::#variant => f.write_str(#value))
    });
    quote! {
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match *self {
                    #(#arms,)*
                }
            }
        }
    }
}

/// typify's `FromStr`, with the values: its error type is kept.
fn from_str(imp: &syn::ItemImpl, name: &str, note: &Enum) -> Result<TokenStream, String> {
    let error = imp
        .items
        .iter()
        .find_map(|item| match item {
            syn::ImplItem::Type(t) if t.ident == "Err" => Some(t.ty.clone()),
            _ => None,
        })
        .ok_or_else(|| format!("typify's `FromStr` for `{name}` has no `Err` type"))?;
    let ident = format_ident!("{name}");
    let arms = note.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let value = &v.value;
        quote!(#value => Ok(Self::#variant))
    });
    Ok(quote! {
        impl ::std::str::FromStr for #ident {
            type Err = #error;
            fn from_str(value: &str) -> ::std::result::Result<Self, #error> {
                match value {
                    #(#arms,)*
                    _ => Err("invalid value".into()),
                }
            }
        }
    })
}
