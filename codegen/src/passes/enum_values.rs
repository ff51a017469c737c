//! Puts back the enum values `normalize::enum_names` replaced for typify.
//!
//! Every string of the generated code that holds a placeholder (serde renames, `Display`,
//! `FromStr`, docs) gets the original value instead, so the value on the wire is the spec's.

use proc_macro2::{Group, TokenStream, TokenTree};
use syn::visit_mut::VisitMut;

use crate::normalize::enum_names;

pub(super) fn restore(file: &mut syn::File, spec: &openapiv3::OpenAPI) -> Result<(), String> {
    let originals = enum_names::originals(&spec.extensions);
    if originals.is_empty() {
        return Ok(());
    }
    // Longest first: one placeholder may begin another.
    let mut pairs: Vec<(String, String)> = originals.into_iter().collect();
    pairs.sort_by_key(|(placeholder, _)| std::cmp::Reverse(placeholder.len()));
    let mut restore = Restore { pairs, left: 0 };
    restore.visit_file_mut(file);
    // A placeholder inside a macro's tokens would be missed: none may be left anywhere.
    if restore.left > 0 || super::tokens(file).contains("\\u{1f}") {
        return Err("an enum value placeholder is left in a place this pass does not know".into());
    }
    Ok(())
}

struct Restore {
    pairs: Vec<(String, String)>,
    left: usize,
}

impl Restore {
    /// The literal with the originals, if it holds a placeholder.
    fn restored(&mut self, lit: &syn::LitStr) -> Option<syn::LitStr> {
        let mut value = lit.value();
        if !value.contains(enum_names::MARK) {
            return None;
        }
        for (placeholder, original) in &self.pairs {
            value = value.replace(placeholder.as_str(), original);
        }
        if value.contains(enum_names::MARK) {
            self.left += 1;
        }
        Some(syn::LitStr::new(&value, lit.span()))
    }

    /// Attribute arguments (`#[serde(rename = "…")]`) and macro bodies are token streams.
    fn tokens(&mut self, stream: TokenStream) -> TokenStream {
        stream
            .into_iter()
            .map(|tree| match tree {
                TokenTree::Group(group) => {
                    let mut new = Group::new(group.delimiter(), self.tokens(group.stream()));
                    new.set_span(group.span());
                    TokenTree::Group(new)
                }
                TokenTree::Literal(literal) => {
                    match syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into()) {
                        Ok(lit) => match self.restored(&lit) {
                            Some(new) => TokenTree::Literal(new.token()),
                            None => TokenTree::Literal(literal),
                        },
                        Err(_) => TokenTree::Literal(literal),
                    }
                }
                other => other,
            })
            .collect()
    }
}

impl VisitMut for Restore {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if let Some(new) = self.restored(lit) {
            *lit = new;
        }
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        list.tokens = self.tokens(std::mem::take(&mut list.tokens));
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
    }
}
