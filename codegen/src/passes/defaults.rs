//! Default-value functions nothing uses go.
//!
//! What typify does: a field with a `default` gets `#[serde(default = "defaults::…")]`, and the
//! functions named there sit in `types::defaults`; the generic ones (`default_bool`,
//! `default_i64`, `default_u64`) are emitted as soon as any schema asked for one, even when the
//! field that asked ends up with a function of its own (a float default, `1_f64`) or with no
//! default at all. A function nothing calls is rustc's `dead_code`, an error when warnings are
//! denied. This pass removes each generic function of `types::defaults` that no path in `types`
//! and no `serde(default = "…")` attribute names, and the module when it is left empty.
//!
//! The upstream change that would make it unnecessary: typify emitting the generic functions
//! only for the fields that use them.

use std::collections::BTreeSet;

use syn::visit::{self, Visit};

use super::types_module;

/// Removes the unused functions of `types::defaults`.
pub(super) fn remove_unused(file: &mut syn::File) -> Result<(), String> {
    let Ok(types) = types_module(file) else {
        // A document without types has no defaults.
        return Ok(());
    };
    let Some(index) = types
        .iter()
        .position(|item| matches!(item, syn::Item::Mod(m) if m.ident == "defaults"))
    else {
        return Ok(());
    };
    // Only the generic functions can be unused (typify writes each other one for the field
    // that names it); without one there is nothing to look for.
    let generic =
        |item: &syn::Item| matches!(item, syn::Item::Fn(f) if !f.sig.generics.params.is_empty());
    if !matches!(&types[index], syn::Item::Mod(m) if m.content.as_ref().is_some_and(|(_, items)| items.iter().any(generic)))
    {
        return Ok(());
    }
    // The fields and impls that name them are all in `types`.
    let mut used = Used::default();
    for item in types.iter() {
        used.visit_item(item);
    }
    let syn::Item::Mod(defaults) = &mut types[index] else {
        return Err("`types::defaults` is not a module".into());
    };
    let Some((_, items)) = &mut defaults.content else {
        return Err("`types::defaults` has no body".into());
    };
    items.retain(|item| match item {
        syn::Item::Fn(f) if !f.sig.generics.params.is_empty() => {
            used.names.contains(&f.sig.ident.to_string())
        }
        _ => true,
    });
    if items.is_empty() {
        types.remove(index);
    }
    Ok(())
}

/// The names that follow a `defaults` segment in a path of the file, in code or in a
/// `serde(default = "…")` attribute.
#[derive(Default)]
struct Used {
    names: BTreeSet<String>,
}

impl Used {
    fn path(&mut self, path: &syn::Path) {
        let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
        for pair in segments.windows(2) {
            if pair[0].ident == "defaults" {
                self.names.insert(pair[1].ident.to_string());
            }
        }
    }
}

impl<'ast> Visit<'ast> for Used {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.path(path);
        visit::visit_path(self, path);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("serde") {
            // `default = "defaults::name::<T, 1>"`: the value is a path in a string.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default")
                    && let Ok(value) = meta.value()
                {
                    let literal: syn::LitStr = value.parse()?;
                    if let Ok(path) = literal.parse::<syn::ExprPath>() {
                        self.path(&path.path);
                    }
                } else if meta.input.peek(syn::Token![=]) {
                    // Any other `key = value`: skipped.
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
        visit::visit_attribute(self, attr);
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn only_the_functions_something_names_stay() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct A {
                    #[serde(rename = "x", default = "defaults::default_bool::<true>")]
                    pub x: bool,
                    #[serde(default = "defaults::a_y")]
                    pub y: f64,
                }
                impl Default for A {
                    fn default() -> Self { Self { x: defaults::default_bool::<true>(), y: 1.0 } }
                }
                pub mod defaults {
                    pub(super) fn default_bool<const V: bool>() -> bool { V }
                    pub(super) fn default_i64<T, const V: i64>() -> T { todo!() }
                    pub(super) fn a_y() -> f64 { 1_f64 }
                }
            }
        };
        remove_unused(&mut file).unwrap_or_else(|e| panic!("{e}"));
        let text = file.to_token_stream().to_string();
        assert!(text.contains("fn default_bool"), "{text}");
        assert!(text.contains("fn a_y"), "{text}");
        assert!(!text.contains("fn default_i64"), "{text}");
    }
}
