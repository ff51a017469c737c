//! The operations: path templates and path parameters that match, unique
//! operationIds that make distinct Rust names, parameters the generator supports.
//!
//! Stock progenitor silently generates a request to the wrong URL when a path
//! parameter is missing from the path template, and fails on the first
//! duplicate operationId; every such problem is reported here, all at once,
//! with its place in the document.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use crate::diagnostic::Diagnostics;

use crate::names;
use crate::openapi::pointer::pointer;
use crate::openapi::reference::follow;

/// Checks every operation of `spec`, recording problems in `diagnostics`.
pub(crate) fn check(spec: &OpenAPI, diagnostics: &mut Diagnostics) {
    // operationId → (pointer of its operation, Rust method name)
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut rust_names: BTreeMap<String, (String, String)> = BTreeMap::new();

    for (path, item) in &spec.paths.paths {
        let item_at = ["paths", path.as_str()];
        let item = match item {
            ReferenceOr::Item(item) => item,
            // Normalization inlines every path item `$ref` it can resolve and
            // reports the others, with why.
            ReferenceOr::Reference { .. } => continue,
        };
        // A malformed template was reported with the document's shape.
        let Ok(template) = template_variables(path) else {
            continue;
        };
        let shared: Vec<_> = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    pointer([item_at[0], item_at[1], "parameters", &i.to_string()]),
                    p,
                )
            })
            .collect();

        for (method, operation) in item.iter() {
            let op_at = pointer([item_at[0], item_at[1], method]);
            let label = match &operation.operation_id {
                Some(id) => format!("operation `{id}`"),
                None => format!("operation `{} {path}`", method.to_uppercase()),
            };

            match &operation.operation_id {
                None => {
                    diagnostics
                        .error(
                            "operation-id",
                            op_at.clone(),
                            format!("{label} has no `operationId`"),
                        )
                        .help("add an `operationId`; it names the client method");
                }
                Some(id) => {
                    if let Some(first) = ids.get(id) {
                        diagnostics
                            .error(
                                "duplicate-operation-id",
                                format!("{op_at}/operationId"),
                                format!(
                                    "operationId `{id}` is already used by the operation at {first}"
                                ),
                            )
                            .help("operationIds must be unique in a document; rename one of them");
                    } else {
                        ids.insert(id.clone(), op_at.clone());
                        let rust = names::method_name(id);
                        if let Some((other, other_at)) = rust_names.get(&rust) {
                            diagnostics
                                .error(
                                    "operation-id-collision",
                                    format!("{op_at}/operationId"),
                                    format!("operationId `{id}` and operationId `{other}` (at {other_at}) both become the Rust method `{rust}`"),
                                )
                                .help("rename one so that they differ by more than case and punctuation");
                        } else {
                            rust_names.insert(rust, (id.clone(), op_at.clone()));
                        }
                    }
                }
            }

            // Operation parameters override path-item ones with the same name and location.
            let own: Vec<_> = operation
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{op_at}/parameters/{i}"), p))
                .collect();
            let mut effective: BTreeMap<(String, &'static str), (String, &Parameter)> =
                BTreeMap::new();
            for (at, param) in shared.iter().chain(own.iter()) {
                if let Some(param) = follow(param, spec.components.as_ref(), |c| &c.parameters) {
                    let data = param.parameter_data_ref();
                    effective.insert((data.name.clone(), location(param)), (at.clone(), param));
                }
            }

            let mut declared = BTreeSet::new();
            for ((name, _), (at, param)) in &effective {
                check_style(param, at, &label, diagnostics);
                if !matches!(param, Parameter::Path { .. }) {
                    continue;
                }
                declared.insert(name.as_str());
                if !template.contains(name.as_str()) {
                    let fixed = if path.ends_with('/') {
                        format!("{path}{{{name}}}")
                    } else {
                        format!("{path}/{{{name}}}")
                    };
                    diagnostics
                        .error(
                            "path-parameter",
                            at.clone(),
                            format!("path parameter `{name}` of {label} does not appear in its path `{path}`: the request would go to `{path}` without it"),
                        )
                        .help(format!("put `{{{name}}}` in the path where the value belongs, for example `{fixed}`, or make it a query parameter"));
                }
            }
            for var in &template {
                if !declared.contains(var.as_str()) {
                    diagnostics
                        .error(
                            "path-parameter",
                            op_at.clone(),
                            format!("path `{path}` of {label} has the variable `{{{var}}}` but no path parameter named `{var}`"),
                        )
                        .help(format!("declare it under `parameters` with `name: {var}`, `in: path` and `required: true`"));
                }
            }
        }
    }
}

/// The variable names in a path template such as `/a/{b}/c/{d}`.
pub fn template_variables(path: &str) -> Result<BTreeSet<String>, String> {
    let mut vars = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("`}` without a matching `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("`{` without a matching `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("`{{{name}}}` is not a variable name"));
        }
        if !vars.insert(name.to_string()) {
            return Err(format!("the variable `{{{name}}}` appears twice"));
        }
        rest = &after[close + 1..];
    }
    Ok(vars)
}

fn location(param: &Parameter) -> &'static str {
    match param {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// Reports parameter kinds the generator cannot send (those `normalize::parameters` could
/// rewrite have been rewritten).
fn check_style(param: &Parameter, at: &str, label: &str, diagnostics: &mut Diagnostics) {
    let name = &param.parameter_data_ref().name;
    let unsupported = match param {
        Parameter::Path { style, .. } if *style != openapiv3::PathStyle::Simple => {
            let style = match style {
                openapiv3::PathStyle::Matrix => "matrix",
                openapiv3::PathStyle::Label => "label",
                openapiv3::PathStyle::Simple => "simple",
            };
            Some(format!(
                "path parameter `{name}` of {label} has style `{style}`; only `simple` is supported"
            ))
        }
        Parameter::Cookie { .. } => Some(format!(
            "cookie parameter `{name}` of {label} is not supported"
        )),
        _ => match &param.parameter_data_ref().format {
            openapiv3::ParameterSchemaOrContent::Content(content) => {
                let media_types: Vec<String> = content.keys().map(|m| format!("`{m}`")).collect();
                Some(format!(
                    "{} parameter `{name}` of {label} is described by `content` ({}); the generator sends a query parameter of one JSON media type and a parameter of one other media type, described by `content`",
                    location(param),
                    media_types.join(", ")
                ))
            }
            openapiv3::ParameterSchemaOrContent::Schema(_) => None,
        },
    };
    if let Some(message) = unsupported {
        diagnostics
            .error("unsupported-parameter", at.to_string(), message)
            .help("describe the parameter with a `schema` and the default style, or leave it out and set it on the HTTP client by hand");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_variables_are_read_and_malformed_templates_refused() {
        let vars = template_variables("/a/{b}/c/{d}").unwrap();
        assert_eq!(vars.into_iter().collect::<Vec<_>>(), ["b", "d"]);
        assert!(template_variables("/a/{b").is_err());
        assert!(template_variables("/a/b}").is_err());
        assert!(template_variables("/a/{}").is_err());
        assert!(template_variables("/{a}/{a}").is_err());
    }
}
