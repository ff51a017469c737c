//! The Rust items of one operation's mock: a function named after the client method that
//! starts its request matcher (`<Operation>When`), the typed methods of the matcher, and the
//! constructors of its responses (`<Operation>Then`); the rest of both types is one invocation
//! of the runtime's `mock_operation!`.
//!
//! The items are written as text, laid out as prettyplease lays out the client module: they
//! have one shape, and quoting, parsing and printing them as a syntax tree cost as much again
//! as the client module itself (a third of the generator's time on large documents). Every
//! string is written as a Rust literal by `Debug` (which escapes quotes, backslashes and
//! control characters), every name is a Rust identifier made by [`crate::names::ident`], and
//! every type is printed from the client method's signature ([`ty`]).

use std::fmt::Write as _;

use heck::{ToPascalCase, ToSnakeCase};
use quote::ToTokens;

use super::operation::{Answer, AnswerBody, Body, Operation, Place, location};

/// The names every `When` has (`client_runtime::mock_operation!`), which no parameter or
/// credential method takes.
const WHEN_METHODS: [&str; 5] = ["and", "respond", "path_prefix", "new", "path_param"];

/// The names every `Then` has (`client_runtime::mock_operation!`), which no documented status
/// or header takes.
const THEN_METHODS: [&str; 8] = [
    "status",
    "json",
    "text",
    "bytes",
    "header",
    "into_inner",
    "json_status",
    "with_json",
];

/// Writes the items of `operation`'s mock to `out`.
pub(super) fn operation(out: &mut String, operation: &Operation) {
    let name = &operation.name;
    let pascal = name.to_pascal_case();
    let when = format!("{pascal}When");
    let then = format!("{pascal}Then");
    let method = &operation.method;
    let path = &operation.path;
    let _ = writeln!(out, "runtime::mock_operation!({name:?}, {when}, {then});");
    let mut start_doc = vec![format!(
        "Matches the request of [`Client::{name}`](crate::Client::{name}): `{method} {path}`; add what it must carry, then give its response to [`respond`]({when}::respond)."
    )];
    if !operation.summary.is_empty() {
        start_doc.push(String::new());
        start_doc.push(format!("The operation: {}", operation.summary));
    }
    docs(out, "", &start_doc);
    let _ = writeln!(
        out,
        "pub fn {name}() -> {when} {{\n    {when}::new({method:?}, {path:?})\n}}"
    );

    let mut matchers = String::new();
    let mut taken: Vec<String> = WHEN_METHODS.iter().map(|s| s.to_string()).collect();
    for param in &operation.parameters {
        let ident = unique(&param.ident, &mut taken);
        let api = &param.name;
        let value = ty(&param.ty);
        match param.place {
            Place::Path => {
                docs(
                    &mut matchers,
                    "    ",
                    &[format!(
                        "Path parameter `{api}` is `value` (percent-decoded from its segment)."
                    )],
                );
                method_with(
                    &mut matchers,
                    &ident,
                    &format!("value: {value}"),
                    &format!("self.path_param({api:?}, value.to_string())"),
                );
            }
            Place::Query(style) => {
                let query = match style {
                    None => format!("progenitor_client::QueryParam::new({api:?}, &value)"),
                    Some(style) => format!(
                        "runtime::QueryParam::new(runtime::QueryStyle::{}, {api:?}, &value)",
                        style.variant()
                    ),
                };
                docs(
                    &mut matchers,
                    "    ",
                    &[format!(
                        "Query parameter `{api}` is `value`, written as the client writes it."
                    )],
                );
                method_with(
                    &mut matchers,
                    &ident,
                    &format!("value: {value}"),
                    &format!(
                        "self.and(runtime::mock::QueryParam::new(\n            {api:?},\n            &{query},\n        ))"
                    ),
                );
            }
            Place::Header => {
                docs(
                    &mut matchers,
                    "    ",
                    &[format!("Header `{api}` is `value`, as text.")],
                );
                method_with(
                    &mut matchers,
                    &ident,
                    &format!("value: {value}"),
                    &format!("self.and(runtime::mock::Header::new({api:?}, value.to_string()))"),
                );
            }
        }
        if !param.required {
            let without = unique(&format!("without_{ident}"), &mut taken);
            let (what, matcher) = match param.place {
                Place::Header => (
                    format!("The request has no header `{api}`."),
                    format!("runtime::mock::Header::absent({api:?})"),
                ),
                _ => (
                    format!("The request has no query parameter `{api}`."),
                    format!("runtime::mock::QueryParam::absent({api:?})"),
                ),
            };
            docs(&mut matchers, "    ", &[what]);
            method_with(&mut matchers, &without, "", &format!("self.and({matcher})"));
        }
    }
    match &operation.body {
        Some(Body::Json(body)) => {
            let ident = unique("body", &mut taken);
            docs(
                &mut matchers,
                "    ",
                &["The request's body is `value` in JSON (compared as JSON values: key order and spacing aside).".into()],
            );
            method_with(
                &mut matchers,
                &ident,
                &format!("value: {}", ty(body)),
                "self.and(wiremock::matchers::body_json(value))",
            );
        }
        Some(Body::Raw) => {
            let ident = unique("body", &mut taken);
            docs(
                &mut matchers,
                "    ",
                &["The request's body is exactly these bytes.".into()],
            );
            method_with(
                &mut matchers,
                &ident,
                "value: impl ::std::convert::Into<::std::vec::Vec<u8>>",
                "self.and(wiremock::matchers::body_bytes(value.into()))",
            );
        }
        Some(Body::Other) | None => {}
    }
    for scheme in &operation.credentials {
        let present = unique(&scheme.method, &mut taken);
        let valued = unique(&format!("{}_value", scheme.method), &mut taken);
        let credential = format!(
            "runtime::mock::Credential::{}({:?}, {:?})",
            location(scheme),
            scheme.parameter,
            scheme.prefix
        );
        let wire = scheme.wire_form();
        docs(
            &mut matchers,
            "    ",
            &[format!(
                "The request carries a credential of security scheme `{}` (`ClientBuilder::{}`): `{wire}`, with any value.",
                scheme.name, scheme.method
            )],
        );
        method_with(
            &mut matchers,
            &present,
            "",
            &format!("self.and({credential})"),
        );
        if scheme.basic {
            docs(
                &mut matchers,
                "    ",
                &[format!(
                    "The request carries `user` and `password` with security scheme `{}`: `{wire}`.",
                    scheme.name
                )],
            );
            method_with(
                &mut matchers,
                &valued,
                "user: &str, password: &str",
                &format!("self.and({credential}.basic(user, password))"),
            );
        } else {
            docs(
                &mut matchers,
                "    ",
                &[format!(
                    "The request carries `credential` (what `ClientBuilder::{}` was given) with security scheme `{}`: `{wire}`.",
                    scheme.method, scheme.name
                )],
            );
            method_with(
                &mut matchers,
                &valued,
                "credential: &str",
                &format!("self.and({credential}.value(credential))"),
            );
        }
    }
    if !matchers.is_empty() {
        let _ = write!(out, "impl {when} {{\n{matchers}}}\n");
    }
    let responses = answers(operation);
    if !responses.is_empty() {
        let _ = write!(out, "impl {then} {{\n{responses}}}\n");
    }
}

/// One constructor per documented status, and one method per documented header.
fn answers(operation: &Operation) -> String {
    let mut taken: Vec<String> = THEN_METHODS.iter().map(|s| s.to_string()).collect();
    let mut out = String::new();
    for answer in &operation.responses {
        constructor(&mut out, answer, &mut taken);
    }
    for header in &operation.headers {
        let ident = unique(
            &format!("header_{}", crate::names::ident(&header.name)),
            &mut taken,
        );
        let name = &header.name;
        let mut doc = vec![format!("Header `{name}`, as the spec documents it.")];
        if let Some(description) = &header.description {
            doc.push(String::new());
            doc.extend(description.trim().lines().map(str::to_string));
        }
        docs(&mut out, "    ", &doc);
        method_with(
            &mut out,
            &ident,
            &format!("value: {}", ty(&header.ty)),
            &format!("self.header({name:?}, value.to_string())"),
        );
    }
    out
}

/// The constructor of `answer`'s response.
fn constructor(out: &mut String, answer: &Answer, taken: &mut Vec<String>) {
    let ident = unique(&answer.constructor(), taken);
    let status_text = &answer.status;
    let mut doc = vec![format!("`{status_text}`: {}", answer.description.trim())];
    let (mut arguments, status) = match answer.code() {
        Some(code) => (Vec::new(), code.to_string()),
        None => {
            doc.push(String::new());
            doc.push(match status_text.as_str() {
                "default" => "`status` is any status the spec does not document otherwise.".into(),
                range => format!("`status` is one of `{range}`."),
            });
            (vec!["status: u16".to_string()], "status".to_string())
        }
    };
    let body = match &answer.body {
        AnswerBody::Empty => format!("Self::status({status})"),
        AnswerBody::Json(body, media_type) => {
            doc.push(String::new());
            doc.push(format!("Its body is `body` in JSON, as `{media_type}`."));
            arguments.push(format!("body: &{}", ty(body)));
            format!("Self::json_status({status}, body, {media_type:?})")
        }
        AnswerBody::Raw(media_type) => {
            doc.push(String::new());
            doc.push(format!("Its body is `body`, as `{media_type}`."));
            arguments.push("body: impl ::std::convert::Into<::std::vec::Vec<u8>>".into());
            format!("Self::status({status}).bytes(body, {media_type:?})")
        }
    };
    docs(out, "    ", &doc);
    let _ = write!(
        out,
        "    pub fn {ident}({}) -> Self {{\n        {body}\n    }}\n",
        arguments.join(", ")
    );
}

/// A method of `self` named `ident`, with `arguments` after `self`, returning `body`.
fn method_with(out: &mut String, ident: &str, arguments: &str, body: &str) {
    let arguments = if arguments.is_empty() {
        String::new()
    } else {
        format!(", {arguments}")
    };
    let _ = write!(
        out,
        "    pub fn {ident}(self{arguments}) -> Self {{\n        {body}\n    }}\n"
    );
}

/// `lines` as `///` lines, each indented by `indent`.
fn docs(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines
        .iter()
        .flat_map(|l| l.lines().chain(l.is_empty().then_some("")))
    {
        // A bare carriage return (or another control character) has no place in a comment.
        let line: String = line
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        let line = line.trim_end();
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

/// `ty` as Rust code, laid out as prettyplease lays out a type: `&str`,
/// `::std::vec::Vec<types::Widget>`, `(i64, String)`.
pub(super) fn ty(ty: &syn::Type) -> String {
    let mut out = String::new();
    write_type(&mut out, ty);
    out
}

fn write_type(out: &mut String, ty: &syn::Type) {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => write_path(out, &p.path),
        syn::Type::Reference(r) => {
            out.push('&');
            if let Some(lifetime) = &r.lifetime {
                let _ = write!(out, "'{} ", lifetime.ident);
            }
            if r.mutability.is_some() {
                out.push_str("mut ");
            }
            write_type(out, &r.elem);
        }
        syn::Type::Tuple(t) => {
            out.push('(');
            for (i, elem) in t.elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(out, elem);
            }
            if t.elems.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        syn::Type::Slice(s) => {
            out.push('[');
            write_type(out, &s.elem);
            out.push(']');
        }
        syn::Type::Array(a) => {
            out.push('[');
            write_type(out, &a.elem);
            let _ = write!(out, "; {}]", a.len.to_token_stream());
        }
        syn::Type::Paren(p) => write_type(out, &p.elem),
        other => out.push_str(&other.to_token_stream().to_string()),
    }
}

fn write_path(out: &mut String, path: &syn::Path) {
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let _ = write!(out, "{}", segment.ident);
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (i, arg) in args.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(t) => write_type(out, t),
                        syn::GenericArgument::Lifetime(l) => {
                            let _ = write!(out, "'{}", l.ident);
                        }
                        other => out.push_str(&other.to_token_stream().to_string()),
                    }
                }
                out.push('>');
            }
            syn::PathArguments::Parenthesized(args) => {
                out.push_str(&args.to_token_stream().to_string());
            }
        }
    }
}

/// `name`, or with a number after it when a method of the type already has it; then taken.
fn unique(name: &str, taken: &mut Vec<String>) -> String {
    let base = name.to_snake_case();
    let base = if base.is_empty() {
        "x".to_string()
    } else {
        base
    };
    let mut candidate = crate::names::ident(&base);
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = crate::names::ident(&format!("{base}_{n}"));
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_printed_as_prettyplease_prints_them() {
        let show = |t: syn::Type| ty(&t);
        assert_eq!(show(syn::parse_quote!(&str)), "&str");
        assert_eq!(
            show(syn::parse_quote!(&::std::vec::Vec<types::Widget>)),
            "&::std::vec::Vec<types::Widget>"
        );
        assert_eq!(
            show(syn::parse_quote!(::std::collections::HashMap<String, (i64, bool)>)),
            "::std::collections::HashMap<String, (i64, bool)>"
        );
        assert_eq!(show(syn::parse_quote!([u8; 4])), "[u8; 4]");
        assert_eq!(show(syn::parse_quote!(&'a [u8])), "&'a [u8]");
    }

    #[test]
    fn doc_lines_keep_their_breaks() {
        let mut out = String::new();
        docs(
            &mut out,
            "    ",
            &["One.".into(), String::new(), "Two\nthree".into()],
        );
        assert_eq!(out, "    /// One.\n    ///\n    /// Two\n    /// three\n");
    }

    #[test]
    fn names_stay_distinct() {
        let mut taken = vec!["and".to_string()];
        assert_eq!(unique("and", &mut taken), "and_2");
        assert_eq!(unique("type", &mut taken), "type_");
        assert_eq!(unique("X-Request-Id", &mut taken), "x_request_id");
    }
}
