//! Rustdoc as a person would write it, on every public item.
//!
//! progenitor and typify emit multi-line `#[doc]` strings that print as `/** */`
//! blocks; they are split into one `///` line each. Public fields and enum
//! variants that the spec gives no description get one naming the JSON property
//! or value they stand for, so the crate documents every public item.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, Lit, Meta};

/// Rewrites every doc attribute in `file` and fills in missing ones.
pub(super) fn normalize(file: &mut syn::File) {
    Docs.visit_file_mut(file);
}

struct Docs;

impl VisitMut for Docs {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if matches!(item.vis, syn::Visibility::Public(_)) {
            for field in item.fields.iter_mut() {
                if matches!(field.vis, syn::Visibility::Public(_))
                    && !has_doc(&field.attrs)
                    && let Some(ident) = &field.ident
                {
                    let name = serde_name(&field.attrs).unwrap_or_else(|| ident.to_string());
                    let doc = format!("The `{name}` property.");
                    field.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        if matches!(item.vis, syn::Visibility::Public(_)) {
            for variant in &mut item.variants {
                if !has_doc(&variant.attrs) {
                    let name =
                        serde_name(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
                    let doc = format!("`{name}`.");
                    variant.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        split_docs(attrs);
        for attr in attrs.iter_mut() {
            self.visit_attribute_mut(attr);
        }
    }
}

fn doc_text(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| doc_text(a).is_some_and(|t| !t.trim().is_empty()))
}

/// The name given by `#[serde(rename = "…")]`, if any.
fn serde_name(attrs: &[Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .find_map(|a| {
            let mut name = None;
            let _ = a.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let s: syn::LitStr = meta.value()?.parse()?;
                    name = Some(s.value());
                } else if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            name
        })
}

/// Replaces each multi-line doc attribute by one attribute per line, each with
/// the leading space that `///` comments have.
fn split_docs(attrs: &mut Vec<Attribute>) {
    if !attrs.iter().any(|a| doc_text(a).is_some()) {
        return;
    }
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        let Some(text) = doc_text(&attr) else {
            out.push(attr);
            continue;
        };
        let lines: Vec<&str> = text.trim_end().lines().map(str::trim_end).collect();
        let start = lines
            .iter()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(lines.len());
        // Each line's attribute is the original with another string: building it from tokens
        // (`parse_quote!`) for every line of a large API's docs costs more than the whole pass.
        let with_text = |line: &str| {
            let mut attr = attr.clone();
            if let Meta::NameValue(nv) = &mut attr.meta
                && let Expr::Lit(lit) = &mut nv.value
            {
                lit.lit = Lit::Str(syn::LitStr::new(line, proc_macro2::Span::call_site()));
            }
            attr
        };
        for line in &lines[start..] {
            if line.is_empty() || line.starts_with(' ') {
                out.push(with_text(line));
            } else {
                out.push(with_text(&format!(" {line}")));
            }
        }
        if lines.is_empty() {
            out.push(with_text(""));
        }
    }
    *attrs = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_docs_become_lines_and_fields_get_docs() {
        let mut file: syn::File = syn::parse_quote! {
            #[doc = "First line\n\nSecond line\n"]
            pub struct S {
                #[serde(rename = "constraintViolations")]
                pub constraint_violations: Vec<u8>,
                #[doc = "Documented"]
                pub code: i32,
            }
        };
        normalize(&mut file);
        let out = prettyplease::unparse(&file);
        assert_eq!(
            out,
            "/// First line\n///\n/// Second line\npub struct S {\n    /// The `constraintViolations` property.\n    #[serde(rename = \"constraintViolations\")]\n    pub constraint_violations: Vec<u8>,\n    /// Documented\n    pub code: i32,\n}\n"
        );
    }
}
