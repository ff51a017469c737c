//! Two properties never become one field.
//!
//! What typify does: a property's field is its name in snake case, with
//! `#[serde(rename = "…")]` when that differs from the name on the wire; two properties whose
//! names differ only in case or separators (`authTime` and `auth_time`, `e-mail` and
//! `e_mail`) become two fields of the same name, which does not compile. This pass keeps the
//! first such field as it is and gives each later one the first free `<name>_<n>` (`auth_time_2`),
//! with a `serde(rename)` to its name on the wire, and renames it the same way in the struct
//! expressions of the type's own impls (its `Default`).
//!
//! The upstream change that would make it unnecessary: typify making field names distinct.

use std::collections::{BTreeMap, BTreeSet};

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};

use super::types_module;

/// Renames the later of the fields that share a name, in every struct of `types`.
pub(super) fn distinct(file: &mut syn::File) -> Result<(), String> {
    let Ok(types) = types_module(file) else {
        return Ok(());
    };
    // Type name → (old name, occurrence, new name) of each renamed field.
    let mut renamed: BTreeMap<String, Vec<(String, usize, syn::Ident)>> = BTreeMap::new();
    for item in types.iter_mut() {
        let syn::Item::Struct(s) = item else { continue };
        let syn::Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        let names: BTreeSet<String> = fields
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect();
        if names.len() == fields.named.len() {
            continue;
        }
        let mut taken = names;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for field in fields.named.iter_mut() {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let old = ident.to_string();
            let occurrence = seen.entry(old.clone()).or_default();
            *occurrence += 1;
            if *occurrence == 1 {
                continue;
            }
            let new = (2..)
                .map(|n| format!("{old}_{n}"))
                .find(|c| !taken.contains(c))
                .unwrap_or_else(|| format!("{old}_x"));
            taken.insert(new.clone());
            if wire_name(&field.attrs).is_none() {
                field.attrs.push(syn::parse_quote!(#[serde(rename = #old)]));
            }
            let new = format_ident!("{new}");
            field.ident = Some(new.clone());
            renamed
                .entry(s.ident.to_string())
                .or_default()
                .push((old, *occurrence, new));
        }
    }
    if renamed.is_empty() {
        return Ok(());
    }
    for item in types.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        let Some(fields) = ty
            .path
            .get_ident()
            .and_then(|name| renamed.get(&name.to_string()))
        else {
            continue;
        };
        let mut literals = Literals {
            type_name: ty.path.get_ident().map(ToString::to_string),
            fields,
        };
        literals.visit_item_impl_mut(imp);
    }
    Ok(())
}

/// The `serde(rename = "…")` of a field, if it has one.
fn wire_name(attrs: &[syn::Attribute]) -> Option<String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let literal: syn::LitStr = meta.value()?.parse()?;
                name = Some(literal.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    name
}

/// Renames the fields in the struct expressions (`Self { … }`, `Name { … }`) of one impl.
struct Literals<'a> {
    type_name: Option<String>,
    fields: &'a [(String, usize, syn::Ident)],
}

impl VisitMut for Literals<'_> {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        visit_mut::visit_expr_struct_mut(self, expr);
        let ours = expr.path.is_ident("Self")
            || self
                .type_name
                .as_deref()
                .is_some_and(|name| expr.path.is_ident(name));
        if !ours {
            return;
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for field in expr.fields.iter_mut() {
            let syn::Member::Named(ident) = &field.member else {
                continue;
            };
            let old = ident.to_string();
            let occurrence = seen.entry(old.clone()).or_default();
            *occurrence += 1;
            if let Some((_, _, new)) = self
                .fields
                .iter()
                .find(|(name, n, _)| *name == old && n == occurrence)
            {
                field.member = syn::Member::Named(new.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn the_later_field_of_a_name_gets_a_number_and_its_wire_name() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Token {
                    #[serde(rename = "authTime")]
                    pub auth_time: i64,
                    pub auth_time: i64,
                    pub auth_time_2: bool,
                }
                impl Default for Token {
                    fn default() -> Self {
                        Self { auth_time: 1, auth_time: 2, auth_time_2: false }
                    }
                }
            }
        };
        distinct(&mut file).unwrap_or_else(|e| panic!("{e}"));
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("# [serde (rename = \"authTime\")] pub auth_time : i64 , # [serde (rename = \"auth_time\")] pub auth_time_3 : i64 , pub auth_time_2 : bool"),
            "{text}"
        );
        assert!(
            text.contains("Self { auth_time : 1 , auth_time_3 : 2 , auth_time_2 : false }"),
            "{text}"
        );
    }
}
