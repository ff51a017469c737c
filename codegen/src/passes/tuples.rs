//! Rust tuples for OpenAPI 3.1's `prefixItems`.
//!
//! The normalizer passes a closed tuple of differing items through progenitor
//! as the marker type `::codegen_tuple::Tuple<A, B, …>` (see
//! [`crate::normalize::openapi31::tuples`]), the one way to get several typed
//! items through progenitor's OpenAPI 3.0 reader. This pass rewrites every
//! marker into the tuple `(A, B, …)` and checks that none is left behind.

use syn::visit_mut::{self, VisitMut};

use super::tokens;
use crate::normalize::openapi31::tuples::{MARKER_CRATE, MARKER_TYPE};

pub(super) fn rewrite(file: &mut syn::File) -> Result<(), String> {
    let mut rewriter = Rewriter { error: None };
    rewriter.visit_file_mut(file);
    if let Some(error) = rewriter.error {
        return Err(error);
    }
    if super::mentions(file, MARKER_CRATE) {
        return Err(format!(
            "the tuple marker `{MARKER_CRATE}` is still in the code after the tuples pass: progenitor placed it where the pass does not look"
        ));
    }
    Ok(())
}

struct Rewriter {
    error: Option<String>,
}

impl VisitMut for Rewriter {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        // Inner markers first: a tuple may hold a tuple.
        visit_mut::visit_type_mut(self, ty);
        let syn::Type::Path(path) = ty else { return };
        let segments = &path.path.segments;
        let is_marker = path.qself.is_none()
            && segments.len() == 2
            && segments[0].ident == MARKER_CRATE
            && segments[1].ident == MARKER_TYPE;
        if !is_marker {
            return;
        }
        let syn::PathArguments::AngleBracketed(args) = &segments[1].arguments else {
            self.error = Some(format!(
                "the tuple marker `{MARKER_CRATE}::{MARKER_TYPE}` has no item types"
            ));
            return;
        };
        let mut elems = syn::punctuated::Punctuated::new();
        for arg in &args.args {
            match arg {
                syn::GenericArgument::Type(t) => elems.push(t.clone()),
                other => {
                    self.error = Some(format!(
                        "the tuple marker has an argument that is not a type: `{}`",
                        tokens(other)
                    ));
                    return;
                }
            }
        }
        if elems.len() == 1 {
            elems.push_punct(Default::default());
        }
        *ty = syn::Type::Tuple(syn::TypeTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_tuples_inside_out() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct S {
                pub a: ::codegen_tuple::Tuple<i64, ::codegen_tuple::Tuple<String, bool>>,
                pub b: Option<::codegen_tuple::Tuple<u8>>,
            }
        };
        rewrite(&mut file).unwrap();
        assert_eq!(
            prettyplease::unparse(&file),
            "pub struct S {\n    pub a: (i64, (String, bool)),\n    pub b: Option<(u8,)>,\n}\n"
        );
    }
}
