//! Query parameters written in their spec's style.
//!
//! What progenitor does: it adds each query parameter to the request as
//! `.query(&progenitor_client::QueryParam::new("name", &value))`, which writes every value as an
//! exploded `form` would be (`name=a&name=b`, an object's fields as `field=value`), and it
//! generates no method at all for a parameter of another style or described by `content`.
//! Normalization (`normalize::parameters`) gives such parameters the `form` style and their
//! schema, and records in the notes how each is really sent.
//!
//! Here, in each method whose notes name such parameters, the `QueryParam::new` call of each
//! (found as the argument of a `.query(…)` call of the method-call chain that a `let` of the
//! method's own statements builds the request with, the call whose path ends in
//! `QueryParam::new` and whose first argument is the parameter's name as a string literal)
//! becomes `runtime::QueryParam::new(runtime::QueryStyle::<Style>, "name", &value)`, which
//! writes it in that style (see the runtime's `query` module). A parameter the notes name that
//! is not found is an error.
//!
//! The upstream change that would make it unnecessary: progenitor generating methods for every
//! query style and for JSON `content` parameters, with a `progenitor_client` serializer for
//! each.

use std::collections::BTreeSet;

use super::{build, client_methods, operation_id};
use crate::notes::Notes;

/// Rewrites the query parameters of every method whose notes give them a style.
pub(super) fn styles(file: &mut syn::File, notes: &Notes) -> Result<(), String> {
    for method in client_methods(file) {
        let Some(id) = operation_id(method) else {
            continue;
        };
        let Some(operation) = notes.operation(&id).filter(|o| !o.query.is_empty()) else {
            continue;
        };
        let mut done = BTreeSet::new();
        for stmt in &mut method.block.stmts {
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let Some(init) = &mut local.init else {
                continue;
            };
            let mut expr = &mut *init.expr;
            // `client.get(url)….query(…)….build()?`: down the chain of receivers.
            loop {
                expr = match expr {
                    syn::Expr::Try(t) => &mut *t.expr,
                    syn::Expr::MethodCall(call) => {
                        if call.method == "query"
                            && call.args.len() == 1
                            && let Some(arg) = call.args.first_mut()
                            && let Some(name) = restyle(arg, &operation.query)
                        {
                            done.insert(name);
                        }
                        &mut *call.receiver
                    }
                    _ => break,
                };
            }
        }
        let missing: Vec<&String> = operation
            .query
            .keys()
            .filter(|name| !done.contains(*name))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "`{}` adds no `QueryParam` for the query parameter(s) {} of its notes",
                super::method_name(method),
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(())
}

/// Rewrites `&…::QueryParam::new("name", value)` for a parameter of `styles`; the name.
fn restyle(
    arg: &mut syn::Expr,
    styles: &std::collections::BTreeMap<String, crate::notes::QueryStyle>,
) -> Option<String> {
    let syn::Expr::Reference(reference) = arg else {
        return None;
    };
    let syn::Expr::Call(call) = &mut *reference.expr else {
        return None;
    };
    let syn::Expr::Path(func) = &*call.func else {
        return None;
    };
    let segments: Vec<String> = func
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if !segments.ends_with(&["QueryParam".to_string(), "new".to_string()]) || call.args.len() != 2 {
        return None;
    }
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(name),
        ..
    })) = call.args.first()
    else {
        return None;
    };
    let name = name.value();
    let style = styles.get(&name)?;
    *call.func = build::path(false, &["runtime", "QueryParam", "new"]);
    call.args.insert(
        0,
        build::path(false, &["runtime", "QueryStyle", style.variant()]),
    );
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Operation, QueryStyle};

    fn notes(query: &[(&str, QueryStyle)]) -> Notes {
        let mut notes = Notes::default();
        notes.operations.insert(
            "list".into(),
            Operation {
                method: "GET".into(),
                path: "/l".into(),
                summary: String::new(),
                security: None,
                media_type: None,
                sent: None,
                responses: None,
                query: query.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
            },
        );
        notes
    }

    fn file() -> syn::File {
        syn::parse_quote! {
            impl Client {
                pub async fn list<'a>(&'a self, filter: Option<&'a types::Filter>, page: Option<i64>) -> Result<(), Error<()>> {
                    let url = format!("{}/l", self.baseurl);
                    #[allow(unused_mut)]
                    let mut request = self.client
                        .get(url)
                        .query(&progenitor_client::QueryParam::new("filter", &filter))
                        .query(&progenitor_client::QueryParam::new("page", &page))
                        .build()?;
                    let info = OperationInfo { operation_id: "list" };
                    todo!()
                }
            }
        }
    }

    #[test]
    fn a_styled_parameter_is_written_by_the_runtime() {
        let mut file = file();
        styles(&mut file, &notes(&[("filter", QueryStyle::DeepObject)])).unwrap();
        let printed: String = prettyplease::unparse(&file)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            printed.contains(
                "runtime::QueryParam::new(runtime::QueryStyle::DeepObject,\"filter\",&filter"
            ),
            "{printed}"
        );
        assert!(printed.contains(".query(&progenitor_client::QueryParam::new(\"page\",&page))"));
    }

    #[test]
    fn a_parameter_not_found_is_an_error() {
        let mut file = file();
        let error = styles(&mut file, &notes(&[("where", QueryStyle::Json)])).unwrap_err();
        assert_eq!(
            error,
            "`list` adds no `QueryParam` for the query parameter(s) `where` of its notes"
        );
    }
}
