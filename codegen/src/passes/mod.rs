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

/// The spec's operations, by the name of the client method progenitor makes of each.
struct Operations<'a>(std::collections::BTreeMap<String, &'a openapiv3::Operation>);

impl<'a> Operations<'a> {
    fn of(spec: &'a openapiv3::OpenAPI) -> Self {
        let mut out = std::collections::BTreeMap::new();
        for item in spec.paths.paths.values() {
            let openapiv3::ReferenceOr::Item(item) = item else {
                continue;
            };
            for (_, operation) in item.iter() {
                if let Some(id) = &operation.operation_id {
                    out.insert(crate::names::method_name(id), operation);
                }
            }
        }
        Self(out)
    }

    /// The operation of client method `name` (a keyword gets a trailing underscore: `match_`).
    fn get(&self, name: &str) -> Option<&'a openapiv3::Operation> {
        self.0
            .get(name)
            .or_else(|| self.0.get(name.trim_end_matches('_')))
            .copied()
    }
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

/// Whether `expr` is `response.status().as_u16()`, what progenitor matches responses on.
fn is_status_match(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(as_u16) = expr else {
        return false;
    };
    let syn::Expr::MethodCall(status) = &*as_u16.receiver else {
        return false;
    };
    as_u16.method == "as_u16"
        && status.method == "status"
        && matches!(&*status.receiver, syn::Expr::Path(p) if p.path.is_ident("response"))
}

/// Whether the identifier or string literal `needle` appears in `node`, macro bodies and
/// attribute arguments included. Walks the tree instead of printing it: the passes ask this of
/// every statement and of whole files, which printing would make the slowest part of a run.
fn mentions<T: MentionedIn>(node: &T, needle: &str) -> bool {
    let mut finder = Finder {
        needle,
        found: false,
    };
    node.visit_with(&mut finder);
    finder.found
}

/// The syntax nodes [`mentions`] searches.
trait MentionedIn {
    fn visit_with(&self, finder: &mut Finder<'_>);
}

impl MentionedIn for syn::File {
    fn visit_with(&self, finder: &mut Finder<'_>) {
        syn::visit::Visit::visit_file(finder, self);
    }
}

impl MentionedIn for syn::Stmt {
    fn visit_with(&self, finder: &mut Finder<'_>) {
        syn::visit::Visit::visit_stmt(finder, self);
    }
}

struct Finder<'a> {
    needle: &'a str,
    found: bool,
}

impl Finder<'_> {
    fn scan(&mut self, stream: &proc_macro2::TokenStream) {
        for tree in stream.clone() {
            if self.found {
                return;
            }
            match tree {
                proc_macro2::TokenTree::Group(g) => self.scan(&g.stream()),
                proc_macro2::TokenTree::Ident(i) => self.found |= i == self.needle,
                // Parsed only when its text could hold the needle.
                proc_macro2::TokenTree::Literal(l) if l.to_string().contains(self.needle) => {
                    self.found |=
                        syn::parse2::<syn::LitStr>(proc_macro2::TokenTree::Literal(l).into())
                            .is_ok_and(|s| s.value() == self.needle);
                }
                proc_macro2::TokenTree::Literal(_) => {}
                proc_macro2::TokenTree::Punct(_) => {}
            }
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for Finder<'_> {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.found |= ident == self.needle;
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.found |= lit.value() == self.needle;
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_macro(self, mac);
        self.scan(&mac.tokens);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        syn::visit::visit_meta_list(self, list);
        self.scan(&list.tokens);
    }
}
