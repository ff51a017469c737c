//! The back end's passes over progenitor's output, where its extension points do not reach.
//!
//! Each pass finds what it edits by the syntax tree's structure (an item's kind and name, a
//! call's path, a `match` on the response's status), never by printed tokens or by the name
//! progenitor gives a local; what it needs to know of the spec comes from the typed
//! [`Notes`]. Each fails loudly when progenitor's output no longer has the shape it expects,
//! so a progenitor upgrade cannot silently undo a correction, and each module says what
//! progenitor does, why it is changed, and what upstream change would make the pass
//! unnecessary.

mod client;
mod docs;
mod enums;
mod headers;
mod paths;
mod responses;

use syn::visit::Visit;

use crate::notes::Notes;

/// Runs every pass, in order; `spec` is the document the file was generated from.
pub(crate) fn run(
    file: &mut syn::File,
    spec: &openapiv3::OpenAPI,
    notes: &Notes,
) -> Result<(), String> {
    let operations = operation_ids(file);
    client::wire(file, spec, notes, &operations)?;
    headers::remove_api_version(file)?;
    paths::encode(file, notes)?;
    responses::per_status(file, notes)?;
    enums::restore(file, notes)?;
    docs::normalize(file);
    Ok(())
}

/// The `impl Client { … }` blocks (not trait impls) of a generated file.
fn client_impls(file: &mut syn::File) -> impl Iterator<Item = &mut syn::ItemImpl> {
    file.items.iter_mut().filter_map(|item| match item {
        syn::Item::Impl(imp)
            if imp.trait_.is_none()
                && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")) =>
        {
            Some(imp)
        }
        _ => None,
    })
}

/// The methods of the `impl Client` blocks.
fn client_methods(file: &mut syn::File) -> impl Iterator<Item = &mut syn::ImplItemFn> {
    client_impls(file).flat_map(|imp| {
        imp.items.iter_mut().filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        })
    })
}

/// The operation a method sends, as progenitor names it to its hooks: the `operation_id` of
/// the `OperationInfo { operation_id: "…" }` it builds (the method's name); `None` for a
/// method that sends nothing itself (a paginated stream calls its page method).
fn operation_id(method: &syn::ImplItemFn) -> Option<String> {
    struct Find(Option<String>);
    impl<'ast> Visit<'ast> for Find {
        fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
            if s.path.is_ident("OperationInfo") {
                for field in &s.fields {
                    if let syn::Member::Named(name) = &field.member
                        && name == "operation_id"
                        && let syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(id),
                            ..
                        }) = &field.expr
                    {
                        self.0 = Some(id.value());
                    }
                }
            }
            syn::visit::visit_expr_struct(self, s);
        }
    }
    let mut find = Find(None);
    find.visit_block(&method.block);
    find.0
}

/// The operation of every method of `file` that sends one.
fn operation_ids(file: &mut syn::File) -> Vec<String> {
    client_methods(file).filter_map(|m| operation_id(m)).collect()
}

/// Whether `expr` is `<response>.status().as_u16()`, what progenitor matches responses on.
fn is_status_match(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(as_u16) = expr else {
        return false;
    };
    let syn::Expr::MethodCall(status) = &*as_u16.receiver else {
        return false;
    };
    as_u16.method == "as_u16"
        && status.method == "status"
        && status.args.is_empty()
        && matches!(&*status.receiver, syn::Expr::Path(p) if p.path.get_ident().is_some())
}

/// Whether `path` is exactly the path of `segments` (`Error::UnexpectedResponse`).
fn is_path(path: &syn::Path, segments: &[&str]) -> bool {
    path.leading_colon.is_none()
        && path.segments.len() == segments.len()
        && path
            .segments
            .iter()
            .zip(segments)
            .all(|(s, name)| s.ident == name && s.arguments.is_none())
}
