//! The back end's passes over progenitor's output, where its extension points do not reach.
//!
//! Each pass finds what it edits by the syntax tree's structure (an item's kind and name, a
//! call's path, a `match` on the response's status), never by printed tokens or by the name
//! progenitor gives a local; what it needs to know of the spec comes from the typed
//! [`Notes`]. Each fails loudly when progenitor's output no longer has the shape it expects,
//! so a progenitor upgrade cannot silently undo a correction, and each module says what
//! progenitor does, why it is changed, and what upstream change would make the pass
//! unnecessary.

mod bodies;
mod client;
mod defaults;
mod display;
mod docs;
mod enums;
mod fields;
mod headers;
mod methods;
mod paths;
mod query;
mod responses;
mod statuses;

use crate::notes::Notes;

/// Runs every pass, in order; `spec` is the document the file was generated from.
pub(crate) fn run(
    file: &mut syn::File,
    spec: &openapiv3::OpenAPI,
    notes: &Notes,
) -> Result<(), String> {
    let operations = operation_ids(file);
    // Every pass below edits what `client_methods` finds: each operation must be there, in
    // either interface style, or the passes would leave it as progenitor wrote it.
    let missing: Vec<&String> = notes
        .operations
        .keys()
        .filter(|name| {
            !operations
                .iter()
                .any(|o| o == *name || o.trim_end_matches('_') == name.as_str())
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no method of progenitor's output sends the operation(s) {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    client::wire(file, spec, notes, &operations)?;
    headers::remove_api_version(file)?;
    methods::without_shortcut(file, notes)?;
    paths::encode(file, notes)?;
    bodies::send(file, notes)?;
    query::styles(file, notes)?;
    responses::per_status(file, notes)?;
    statuses::codes_before_ranges(file);
    enums::restore(file, notes)?;
    defaults::remove_unused(file)?;
    fields::distinct(file)?;
    display::add(file)?;
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

/// The functions that send operations' requests, with the methods of the `impl Client`
/// blocks: in progenitor's positional style each of those methods sends its own request; in its
/// builder style each returns a builder of the `builder` module, whose `send` sends it (found as
/// the functions of that module's `impl` blocks that name an operation to the hooks, see
/// [`operation_id`]).
fn client_methods(file: &mut syn::File) -> Vec<&mut syn::ImplItemFn> {
    let mut methods = Vec::new();
    for item in &mut file.items {
        match item {
            syn::Item::Impl(imp)
                if imp.trait_.is_none()
                    && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")) =>
            {
                methods.extend(imp.items.iter_mut().filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(f),
                    _ => None,
                }));
            }
            syn::Item::Mod(m) if m.ident == BUILDER_MODULE => {
                let items = m.content.iter_mut().flat_map(|(_, items)| items.iter_mut());
                let impls = items.filter_map(|item| match item {
                    syn::Item::Impl(imp) if imp.trait_.is_none() => Some(imp),
                    _ => None,
                });
                methods.extend(
                    impls
                        .flat_map(|imp| imp.items.iter_mut())
                        .filter_map(|item| match item {
                            syn::ImplItem::Fn(f) if operation_id(f).is_some() => Some(f),
                            _ => None,
                        }),
                );
            }
            _ => {}
        }
    }
    methods
}

/// The module of progenitor's builder style that holds one builder per operation.
const BUILDER_MODULE: &str = "builder";

/// The name of the operation `method` sends (see [`operation_id`]); else the method's own name.
fn method_name(method: &syn::ImplItemFn) -> String {
    operation_id(method).unwrap_or_else(|| method.sig.ident.to_string())
}

/// The operation a method sends, as progenitor names it to its hooks: the `operation_id` of
/// the `let … = OperationInfo { operation_id: "…" };` among its statements (the method's name);
/// `None` for a method that sends nothing itself (a paginated stream calls its page method).
fn operation_id(method: &syn::ImplItemFn) -> Option<String> {
    method.block.stmts.iter().find_map(|stmt| {
        let syn::Stmt::Local(local) = stmt else {
            return None;
        };
        let syn::Expr::Struct(info) = &*local.init.as_ref()?.expr else {
            return None;
        };
        if !info.path.is_ident("OperationInfo") {
            return None;
        }
        info.fields
            .iter()
            .find_map(|field| match (&field.member, &field.expr) {
                (
                    syn::Member::Named(name),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(id),
                        ..
                    }),
                ) if name == "operation_id" => Some(id.value()),
                _ => None,
            })
    })
}

/// The operation of every method of `file` that sends one.
fn operation_ids(file: &mut syn::File) -> Vec<String> {
    client_methods(file)
        .into_iter()
        .filter_map(|m| operation_id(m))
        .collect()
}

/// The items of progenitor's `types` module.
fn types_module(file: &mut syn::File) -> Result<&mut Vec<syn::Item>, String> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| "no `types` module in progenitor's output".to_string())
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

/// Expressions the passes write into method bodies, built as values: quoting and parsing tokens
/// for each of a large API's methods would cost more than the passes' own work.
mod build {
    use proc_macro2::Span;
    use syn::punctuated::Punctuated;
    use syn::{Expr, ExprCall, ExprPath, Path, PathSegment};

    /// The path expression `a::b::c` (`leading`: `::a::b::c`).
    pub(super) fn path(leading: bool, segments: &[&str]) -> Expr {
        let span = Span::call_site();
        Expr::Path(ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: Path {
                leading_colon: leading.then(|| syn::Token![::](span)),
                segments: segments
                    .iter()
                    .map(|s| PathSegment::from(syn::Ident::new(s, span)))
                    .collect(),
            },
        })
    }

    /// `func(args…)`.
    pub(super) fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
        Expr::Call(ExprCall {
            attrs: Vec::new(),
            func: Box::new(func),
            paren_token: syn::token::Paren(Span::call_site()),
            args: args
                .into_iter()
                .collect::<Punctuated<Expr, syn::Token![,]>>(),
        })
    }

    /// `expr.await`.
    pub(super) fn await_(expr: Expr) -> Expr {
        Expr::Await(syn::ExprAwait {
            attrs: Vec::new(),
            base: Box::new(expr),
            dot_token: syn::Token![.](Span::call_site()),
            await_token: syn::Token![await](Span::call_site()),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn built_expressions_print_as_written() {
            let arg = path(false, &["x"]);
            let expr = await_(call(path(false, &["Error", "unexpected"]), [arg.clone()]));
            assert_eq!(
                quote::quote!(#expr).to_string(),
                quote::quote!(Error::unexpected(x).await).to_string()
            );
            let expr = call(path(true, &["reqwest", "header", "HeaderMap", "new"]), []);
            assert_eq!(
                quote::quote!(#expr).to_string(),
                quote::quote!(::reqwest::header::HeaderMap::new()).to_string()
            );
        }
    }
}
