//! `Display` for the types typify leaves without it that a parameter may have.
//!
//! What typify does: it implements `Display` for string enums, for string newtypes, and for an
//! untagged enum whose variants all have it; not for the newtype it makes of an integer or
//! number `enum` (`pub struct VideogameId(i64)` for PandaScore's `VideogameID: {enum: [1, 3,
//! …]}`), nor, then, for an untagged enum with such a variant (`VideogameIdOrSlug`). progenitor
//! writes a path or header parameter as `value.to_string()`, so a parameter of such a type
//! does not compile.
//!
//! Here each newtype of a number or boolean without `Display` gets one that writes its value,
//! and each `#[serde(untagged)]` enum without `Display` whose variants all hold one value of a
//! type with `Display` (a primitive or a type of the module that has it, counting those added
//! here) gets one that writes its variant's value, as typify writes it for the others.
//!
//! The upstream change that would make it unnecessary: typify implementing `Display` for the
//! newtypes of integer and number enums.

use std::collections::BTreeSet;

use super::types_module;

/// The primitive types whose values have `Display`.
const PRIMITIVES: [&str; 15] = [
    "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "f32", "f64", "bool",
    "String", "str",
];

/// Adds `Display` to each type of the `types` module the module doc names.
pub(super) fn add(file: &mut syn::File) -> Result<(), String> {
    let items = types_module(file)?;
    let mut shown: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) => displayed(imp),
            _ => None,
        })
        .collect();
    loop {
        let mut added: Vec<syn::Item> = Vec::new();
        for item in items.iter() {
            let (name, body): (String, syn::Expr) = match item {
                syn::Item::Struct(s) if !shown.contains(&s.ident.to_string()) => {
                    let syn::Fields::Unnamed(fields) = &s.fields else {
                        continue;
                    };
                    let [field] = &fields.unnamed.iter().collect::<Vec<_>>()[..] else {
                        continue;
                    };
                    if !is_primitive(&field.ty)
                        || last_ident(&field.ty).as_deref() == Some("String")
                    {
                        continue;
                    }
                    (s.ident.to_string(), syn::parse_quote!(self.0.fmt(f)))
                }
                syn::Item::Enum(e) if !shown.contains(&e.ident.to_string()) && untagged(e) => {
                    let mut arms: Vec<syn::Arm> = Vec::new();
                    let all = e.variants.iter().all(|variant| {
                        let syn::Fields::Unnamed(fields) = &variant.fields else {
                            return false;
                        };
                        let [field] = &fields.unnamed.iter().collect::<Vec<_>>()[..] else {
                            return false;
                        };
                        let has = is_primitive(&field.ty)
                            || last_ident(&field.ty).is_some_and(|n| shown.contains(&n));
                        let ident = &variant.ident;
                        arms.push(syn::parse_quote!(Self::#ident(x) => x.fmt(f),));
                        has
                    });
                    if !all || arms.is_empty() {
                        continue;
                    }
                    (
                        e.ident.to_string(),
                        syn::parse_quote!(match self { #(#arms)* }),
                    )
                }
                _ => continue,
            };
            let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
            added.push(syn::parse_quote! {
                impl ::std::fmt::Display for #ident {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        #body
                    }
                }
            });
            shown.insert(name);
        }
        if added.is_empty() {
            return Ok(());
        }
        items.extend(added);
    }
}

/// The type `imp` implements `Display` for, if it does.
fn displayed(imp: &syn::ItemImpl) -> Option<String> {
    let (path, _) = imp.trait_.as_ref()?;
    if path.segments.last()?.ident != "Display" {
        return None;
    }
    last_ident(&imp.self_ty)
}

/// The last identifier of a path type (`X` of `self::X`, `::std::string::String`).
fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            last.arguments.is_none().then(|| last.ident.to_string())
        }
        _ => None,
    }
}

/// Whether `ty` is a primitive whose values have `Display`.
fn is_primitive(ty: &syn::Type) -> bool {
    last_ident(ty).is_some_and(|name| PRIMITIVES.contains(&name.as_str()))
}

/// Whether the enum is `#[serde(untagged)]`.
fn untagged(e: &syn::ItemEnum) -> bool {
    e.attrs.iter().any(|attr| {
        attr.path().is_ident("serde")
            && attr
                .parse_nested_meta(|meta| {
                    if meta.path.is_ident("untagged") {
                        Err(meta.error("found"))
                    } else {
                        Ok(())
                    }
                })
                .is_err()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_newtypes_and_the_enums_of_them_are_displayed() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[serde(transparent)]
                pub struct VideogameId(i64);
                pub enum VideogameSlug { CsGo }
                impl ::std::fmt::Display for VideogameSlug {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { todo!() }
                }
                #[serde(untagged)]
                pub enum VideogameIdOrSlug { Id(VideogameId), Slug(VideogameSlug) }
                #[serde(untagged)]
                pub enum Mixed { Id(i64), Body(Body) }
                pub struct Body { pub a: i64 }
                pub struct Name(String);
            }
        };
        add(&mut file).unwrap();
        let shown: Vec<String> = types_module(&mut file)
            .unwrap()
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(imp) => displayed(imp),
                _ => None,
            })
            .collect();
        assert_eq!(shown, ["VideogameSlug", "VideogameId", "VideogameIdOrSlug"]);
        let printed = prettyplease::unparse(&file);
        assert!(printed.contains("Self::Id(x) => x.fmt(f),"), "{printed}");
        assert!(printed.contains("self.0.fmt(f)"), "{printed}");
    }
}
