//! The `api-version` header progenitor adds to every request goes.
//!
//! What progenitor does: each method appends `api-version: <info.version>` to its header map, a
//! convention of Oxide's APIs (their servers read it). Third-party APIs do not define it, and
//! some refuse unknown headers, so this pass removes the statement that appends it, found by
//! its structure: `<map>.append(HeaderName::from_static("api-version"), …)`; the map's
//! `with_capacity(n)` shrinks by one, and a map nothing else is appended to goes, with the
//! `.headers(<map>)` call that hands it to the request builder (an empty map would still cost
//! every request a call and a merge).
//!
//! The upstream change that would make it unnecessary: a `GenerationSettings` switch for the
//! header (progenitor always sends it).

use syn::{Expr, Lit, Local, Pat, Stmt};

use super::client_methods;

/// The header progenitor adds.
const HEADER: &str = "api-version";

/// Drops the header from every operation method and shrinks the header map.
pub(super) fn remove_api_version(file: &mut syn::File) -> Result<(), String> {
    for method in client_methods(file) {
        let name = super::method_name(method);
        let mut maps = Vec::new();
        method
            .block
            .stmts
            .retain(|stmt| match appended_api_version(stmt) {
                Some(map) => {
                    maps.push(map);
                    false
                }
                None => true,
            });
        let map = match maps.as_slice() {
            [] => {
                if count(&method.block, "").1 > 0 {
                    return Err(format!(
                        "`{name}` sets `{HEADER}` in a place this pass does not know"
                    ));
                }
                continue;
            }
            [map] => map.clone(),
            _ => return Err(format!("`{name}` appends `{HEADER}` {} times", maps.len())),
        };
        let (others, left) = count(&method.block, &map);
        if left > 0 {
            return Err(format!(
                "`{name}` sets `{HEADER}` in a place this pass does not know"
            ));
        }
        if !method
            .block
            .stmts
            .iter()
            .any(|s| matches!(s, Stmt::Local(l) if binds(l, &map)))
        {
            return Err(format!(
                "`{name}` appends `{HEADER}` to `{map}`, which it does not declare"
            ));
        }
        if others == 0 {
            // Nothing else is appended: neither the map nor its hand-over to the builder.
            method
                .block
                .stmts
                .retain(|s| !matches!(s, Stmt::Local(l) if binds(l, &map)));
            let removed: usize = method
                .block
                .stmts
                .iter_mut()
                .filter_map(|s| match s {
                    Stmt::Local(l) => l.init.as_mut().map(|i| unchain(&mut i.expr, &map)),
                    _ => None,
                })
                .sum();
            if removed != 1 {
                return Err(format!(
                    "`{name}` hands `{map}` to its request {removed} times, not once with `.headers({map})`"
                ));
            }
            continue;
        }
        let Some(local) = method.block.stmts.iter_mut().find_map(|s| match s {
            Stmt::Local(l) if binds(l, &map) => Some(l),
            _ => None,
        }) else {
            continue;
        };
        let Some(Expr::Call(call)) = local.init.as_mut().map(|i| &mut *i.expr) else {
            return Err(format!("`{name}` does not create `{map}` with a call"));
        };
        if let Some(Expr::Lit(lit)) = call.args.first_mut()
            && let Lit::Int(n) = &lit.lit
        {
            // `with_capacity(n + 1)` counted the header just removed.
            let capacity = n
                .base10_parse::<usize>()
                .map_err(|e| e.to_string())?
                .saturating_sub(1);
            *lit = syn::ExprLit {
                attrs: Vec::new(),
                lit: Lit::Int(syn::LitInt::new(
                    &format!("{capacity}usize"),
                    proc_macro2::Span::call_site(),
                )),
            };
        } else {
            return Err(format!(
                "`{name}` creates `{map}` without a capacity to shrink"
            ));
        }
    }
    Ok(())
}

/// The map a statement `<map>.append(HeaderName::from_static("api-version"), …);` appends to.
fn appended_api_version(stmt: &Stmt) -> Option<String> {
    let Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
        return None;
    };
    let Expr::Path(map) = &*call.receiver else {
        return None;
    };
    (call.method == "append" && call.args.first().is_some_and(names_the_header))
        .then(|| map.path.get_ident().map(ToString::to_string))
        .flatten()
}

/// Whether `expr` is `…::HeaderName::from_static("api-version")`.
fn names_the_header(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let Expr::Path(func) = &*call.func else {
        return false;
    };
    let mut last = func.path.segments.iter().rev();
    matches!(
        (last.next(), last.next()),
        (Some(f), Some(t)) if f.ident == "from_static" && t.ident == "HeaderName"
    ) && matches!(call.args.first(), Some(Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. })) if s.value() == HEADER)
}

/// Replaces each `.headers(<map>)` in the method-call chain `expr` (a request builder's:
/// `self.client.get(url).header(…).headers(<map>).build()?`) with its receiver; how many there
/// were. Only the chain is walked, not the arguments of its calls.
fn unchain(expr: &mut Expr, map: &str) -> usize {
    if let Expr::MethodCall(call) = expr
        && call.method == "headers"
        && call.args.len() == 1
        && matches!(call.args.first(), Some(Expr::Path(p)) if p.path.is_ident(map))
    {
        let receiver = std::mem::replace(&mut *call.receiver, Expr::Verbatim(Default::default()));
        *expr = receiver;
        return 1 + unchain(expr, map);
    }
    match expr {
        Expr::Try(e) => unchain(&mut e.expr, map),
        Expr::MethodCall(call) => unchain(&mut call.receiver, map),
        _ => 0,
    }
}

/// Whether `local` declares `name`.
fn binds(local: &Local, name: &str) -> bool {
    matches!(&local.pat, Pat::Ident(p) if p.ident == name)
}

/// How many `<map>.append(…)` calls `block` makes, and how many `HeaderName::from_static(
/// "api-version")` calls are left in it: among the method's own statements and the statements
/// of its `if`s (an optional header is appended in an `if let`), where progenitor builds the
/// header map, before the request is sent.
fn count(block: &syn::Block, map: &str) -> (usize, usize) {
    let (mut appends, mut left) = (0, 0);
    let mut look = |stmt: &Stmt| {
        if let Stmt::Expr(Expr::MethodCall(call), _) = stmt {
            if call.method == "append"
                && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident(map))
            {
                appends += 1;
            }
            if call.args.iter().any(names_the_header) {
                left += 1;
            }
        }
    };
    for stmt in &block.stmts {
        // `let … = OperationInfo { … }`: the request is built; the rest reads the response.
        if let Stmt::Local(local) = stmt
            && let Some(init) = &local.init
            && matches!(&*init.expr, Expr::Struct(s) if s.path.is_ident("OperationInfo"))
        {
            break;
        }
        look(stmt);
        if let Stmt::Expr(Expr::If(branch), _) = stmt {
            branch.then_branch.stmts.iter().for_each(&mut look);
        }
    }
    (appends, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_goes_and_the_map_shrinks_whatever_its_name() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn one(&self) {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    let request = self.client.get(url).headers(header_map).build()?;
                }
                pub async fn two(&self, x: &str) {
                    let mut headers = ::reqwest::header::HeaderMap::with_capacity(2usize);
                    headers.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    if let Some(value) = x {
                        headers.append("x", value.to_string().try_into()?);
                    }
                    send(headers);
                }
            }
        };
        remove_api_version(&mut file).expect("the pass runs");
        let out = prettyplease::unparse(&file);
        assert!(!out.contains("api-version"), "{out}");
        assert!(!out.contains("header_map"), "{out}");
        assert!(
            out.contains("let request = self.client.get(url).build()?;"),
            "{out}"
        );
        assert!(
            out.contains("let mut headers = ::reqwest::header::HeaderMap::with_capacity(1usize);"),
            "{out}"
        );
    }
}
