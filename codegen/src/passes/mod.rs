//! Passes over progenitor's output that correct it for third-party APIs.
//!
//! Each pass edits the `syn` tree and fails loudly when progenitor's output no
//! longer has the shape it expects, so a progenitor upgrade cannot silently undo
//! a correction.

mod api_version;
mod client;
mod docs;
mod enum_values;
mod path_encoding;
mod responses;
mod tuples;

/// Runs every pass, in order; `spec` is the document the file was generated from.
pub fn run(file: &mut syn::File, spec: &openapiv3::OpenAPI) -> Result<(), String> {
    api_version::remove(file)?;
    client::wire(file, spec)?;
    responses::per_status(file, spec)?;
    enum_values::restore(file, spec)?;
    path_encoding::replace(file)?;
    tuples::rewrite(file)?;
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

fn tokens(node: &impl quote::ToTokens) -> String {
    node.to_token_stream().to_string()
}
