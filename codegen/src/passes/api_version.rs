//! Removes the `api-version` header progenitor adds to every request.
//!
//! progenitor sends `api-version: <info.version>` with each request, a convention
//! of Oxide's APIs. Third-party APIs do not define it, and some reject unknown
//! headers, so it goes.

use syn::{Expr, Lit, Local, Pat, Stmt};

use super::{client_methods, mentions};

/// Drops the header from every operation method and shrinks the header map.
pub(super) fn remove(file: &mut syn::File) -> Result<(), String> {
    for method in client_methods(file) {
        let before = method.block.stmts.len();
        method
            .block
            .stmts
            .retain(|stmt| !(matches!(stmt, Stmt::Expr(..)) && mentions(stmt, "api-version")));
        let removed = before - method.block.stmts.len();
        let others = method
            .block
            .stmts
            .iter()
            .filter(|s| {
                matches!(s, Stmt::Expr(..)) && mentions(*s, "header_map") && mentions(*s, "append")
            })
            .count();
        let Some(local) = method.block.stmts.iter_mut().find_map(|s| match s {
            Stmt::Local(l) if is_header_map(l) => Some(l),
            _ => None,
        }) else {
            if removed > 0 {
                return Err(format!(
                    "`{}` sets `api-version` but has no `header_map`",
                    method.sig.ident
                ));
            }
            continue;
        };
        if removed != 1 {
            return Err(format!(
                "expected one `api-version` header in `{}`, found {removed}",
                method.sig.ident
            ));
        }
        // `with_capacity(n + 1)` counted the header just removed.
        let Some(Expr::Call(call)) = local.init.as_mut().map(|i| &mut *i.expr) else {
            return Err(format!(
                "unexpected `header_map` initialiser in `{}`",
                method.sig.ident
            ));
        };
        if others == 0 {
            // Nothing else is appended: an empty, immutable map.
            if let Pat::Ident(p) = &mut local.pat {
                p.mutability = None;
            }
            *call = syn::parse_quote!(::reqwest::header::HeaderMap::new());
        } else if let Some(Expr::Lit(lit)) = call.args.first_mut() {
            let Lit::Int(n) = &lit.lit else {
                return Err(format!(
                    "unexpected header map capacity in `{}`",
                    method.sig.ident
                ));
            };
            let capacity = n
                .base10_parse::<usize>()
                .map_err(|e| e.to_string())?
                .saturating_sub(1);
            *lit = syn::parse_quote!(#capacity);
        }
    }
    if mentions(file, "api-version") {
        return Err("an `api-version` header is left in a place this pass does not know".into());
    }
    Ok(())
}

fn is_header_map(local: &Local) -> bool {
    matches!(&local.pat, Pat::Ident(p) if p.ident == "header_map")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_removed_and_map_shrinks() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn one(&self) {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    send(header_map);
                }
                pub async fn two(&self, x: &str) {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    header_map.append("x", x.to_string().try_into()?);
                    send(header_map);
                }
            }
        };
        remove(&mut file).unwrap();
        let out = super::super::tokens(&file);
        assert!(!out.contains("api-version"));
        assert!(out.contains("let header_map = :: reqwest :: header :: HeaderMap :: new ()"));
        assert!(out.contains(
            "let mut header_map = :: reqwest :: header :: HeaderMap :: with_capacity (1usize)"
        ));
    }
}
