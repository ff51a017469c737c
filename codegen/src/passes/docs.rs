//! Rustdoc as a person would write it, on every public item.
//!
//! What progenitor and typify do: they emit multi-line `#[doc]` strings, which print as
//! `/** */` blocks, and leave undocumented the fields and enum variants the spec does not
//! describe. Here each doc attribute (found by its path, `doc`, wherever attributes are) is
//! split into one `///` line each, and public fields and enum variants without one get one
//! naming the JSON property or value they stand for, so the crate documents every public item
//! (the workspace denies `missing_docs` warnings). In the builder style, progenitor's operation
//! builders and typify's type builders (`builder` modules) leave their structs, constructors
//! and setters undocumented: each gets a line saying what it builds or sets, told by its
//! structure (a struct in a `builder` module, a function without arguments returning a
//! builder, one taking `mut self` and a value and returning `Self`).
//!
//! The upstream change that would make it unnecessary: one `#[doc]` per line in progenitor's
//! and typify's output, and a generated doc for undescribed fields and variants.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, Lit, Meta};

/// Rewrites every doc attribute in `file` and fills in missing ones.
pub(super) fn normalize(file: &mut syn::File) {
    Docs { in_builders: false }.visit_file_mut(file);
}

/// The pass; `in_builders`: whether the items visited are in a `builder` module.
struct Docs {
    in_builders: bool,
}

impl VisitMut for Docs {
    fn visit_item_mod_mut(&mut self, item: &mut syn::ItemMod) {
        let outer = self.in_builders;
        self.in_builders = item.ident == super::BUILDER_MODULE;
        if matches!(item.vis, syn::Visibility::Public(_)) && !has_doc(&item.attrs) {
            item.attrs
                .insert(0, doc(&format!(" The `{}` module.", item.ident)));
        }
        visit_mut::visit_item_mod_mut(self, item);
        self.in_builders = outer;
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        if matches!(item.vis, syn::Visibility::Public(_)) && !has_doc(&item.attrs) {
            item.attrs.insert(0, doc(&function_doc(&item.sig)));
        }
        visit_mut::visit_impl_item_fn_mut(self, item);
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if matches!(item.vis, syn::Visibility::Public(_)) && !has_doc(&item.attrs) {
            let text = match self.in_builders {
                true => format!(
                    " A builder of [`super::{}`]: a method per field, then `try_into()`.",
                    item.ident
                ),
                false => format!(" `{}`.", item.ident),
            };
            item.attrs.insert(0, doc(&text));
        }
        if matches!(item.vis, syn::Visibility::Public(_)) {
            for field in item.fields.iter_mut() {
                if matches!(field.vis, syn::Visibility::Public(_))
                    && !has_doc(&field.attrs)
                    && let Some(ident) = &field.ident
                {
                    let name = serde_name(&field.attrs).unwrap_or_else(|| ident.to_string());
                    field
                        .attrs
                        .insert(0, doc(&format!(" The `{name}` property.")));
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
                    variant.attrs.insert(0, doc(&format!(" `{name}`.")));
                }
            }
        }
        visit_mut::visit_item_enum_mut(self, item);
    }

    // Doc attributes are on items, fields, variants and their kin: bodies, expressions and
    // types hold none, and are not walked.
    fn visit_block_mut(&mut self, _: &mut syn::Block) {}

    fn visit_expr_mut(&mut self, _: &mut Expr) {}

    fn visit_type_mut(&mut self, _: &mut syn::Type) {}

    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        split_docs(attrs);
        for attr in attrs.iter_mut() {
            self.visit_attribute_mut(attr);
        }
    }
}

/// The doc of an undocumented public function, by its signature: a builder's constructor
/// (no `self`, returning `Self` or a builder), a setter (`mut self` and a value, returning
/// `Self`), or anything else by its name.
fn function_doc(sig: &syn::Signature) -> String {
    let name = &sig.ident;
    let returns_self = matches!(&sig.output, syn::ReturnType::Type(_, ty)
        if matches!(&**ty, syn::Type::Path(p) if p.path.is_ident("Self")));
    let receiver = sig.inputs.iter().find_map(|i| match i {
        syn::FnArg::Receiver(r) => Some(r),
        syn::FnArg::Typed(_) => None,
    });
    let arguments = sig.inputs.len() - usize::from(receiver.is_some());
    match (receiver, arguments) {
        (Some(r), 1) if returns_self && matches!(r.kind, syn::ReceiverKind::Value) => {
            format!(" Sets `{name}`.")
        }
        (None, _) if returns_self => " Starts a builder with nothing set.".to_string(),
        (None, 0) => " Starts a builder of this type, with nothing set.".to_string(),
        _ => format!(" `{name}`."),
    }
}

/// `#[doc = "<text>"]`, built as a value: parsing tokens for each of a large API's fields costs
/// more than the rest of the pass.
fn doc(text: &str) -> Attribute {
    let span = proc_macro2::Span::call_site();
    Attribute {
        pound_token: syn::Token![#](span),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(span),
        meta: Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", span).into(),
            eq_token: syn::Token![=](span),
            value: Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: Lit::Str(syn::LitStr::new(text, span)),
            }),
        }),
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
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && (is_one_line(a) || doc_text(a).is_some_and(|t| !t.trim().is_empty()))
    })
}

/// Whether a doc attribute's text is one line that `///` writes as it is (a leading space, no
/// line break, nothing trailing), told from its literal's source form without reading the
/// string's value: parsing every literal of a large API's docs costs more than the rest of the
/// pass. `false` when unsure.
fn is_one_line(attr: &Attribute) -> bool {
    let Meta::NameValue(nv) = &attr.meta else {
        return false;
    };
    let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(lit), ..
    }) = &nv.value
    else {
        return false;
    };
    let source = lit.token().to_string();
    source.starts_with("\" ")
        && source.len() > 3
        && source.ends_with('"')
        && !source.contains('\\')
        && !source.contains('\n')
        && !source.ends_with(" \"")
}

/// The name given by `#[serde(rename = "…")]`, if any.
///
/// The attribute's arguments are read as the tokens they are (`rename`, `=`, a string) rather
/// than parsed as a whole: a large API has one on nearly every field.
fn serde_name(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let Meta::List(list) = &a.meta else {
            return None;
        };
        if !list.path.is_ident("serde") {
            return None;
        }
        let tokens: Vec<proc_macro2::TokenTree> = list.tokens.clone().into_iter().collect();
        tokens.windows(3).find_map(|w| match w {
            [
                proc_macro2::TokenTree::Ident(key),
                proc_macro2::TokenTree::Punct(eq),
                proc_macro2::TokenTree::Literal(value),
            ] if key == "rename" && eq.as_char() == '=' => {
                syn::parse2::<syn::LitStr>(proc_macro2::TokenTree::Literal(value.clone()).into())
                    .ok()
                    .map(|s| s.value())
            }
            _ => None,
        })
    })
}

/// Replaces each multi-line doc attribute by one attribute per line, each with
/// the leading space that `///` comments have.
fn split_docs(attrs: &mut Vec<Attribute>) {
    if !attrs.iter().any(|a| a.path().is_ident("doc")) {
        return;
    }
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        if !attr.path().is_ident("doc") || is_one_line(&attr) {
            out.push(attr);
            continue;
        }
        let Some(text) = doc_text(&attr) else {
            out.push(attr);
            continue;
        };
        // One line as `///` writes it already: kept as it is.
        if !text.contains('\n')
            && (text.is_empty() || text.starts_with(' '))
            && text.trim_end() == text
        {
            out.push(attr);
            continue;
        }
        let lines: Vec<&str> = text.trim_end().lines().map(str::trim_end).collect();
        let start = lines
            .iter()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(lines.len());
        for line in &lines[start..] {
            if line.is_empty() || line.starts_with(' ') {
                out.push(doc(line));
            } else {
                out.push(doc(&format!(" {line}")));
            }
        }
        if lines.is_empty() {
            out.push(doc(""));
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
