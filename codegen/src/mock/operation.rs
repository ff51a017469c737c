//! What the mock of one client method matches and answers, read from the normalized document,
//! the notes and the method's own signature in the client module.

use std::collections::HashMap;

use heck::ToSnakeCase;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, SchemaKind, StatusCode,
    Type,
};

use crate::names;
use crate::notes::{self, Notes, QueryStyle, Sent};
use crate::openapi::media::{essence, is_json};
use crate::openapi::reference::follow;
use crate::openapi::status::{order, variant_name};
use crate::security::{self, Location, Scheme};

/// One client method's request and responses, as its mock needs them.
#[derive(Clone, Debug)]
pub(super) struct Operation {
    /// The client method.
    pub(super) name: String,
    /// The HTTP method, upper case.
    pub(super) method: String,
    /// The path template.
    pub(super) path: String,
    /// Its summary.
    pub(super) summary: String,
    /// Its path, query and header parameters, in the method's order.
    pub(super) parameters: Vec<Param>,
    /// Its request body.
    pub(super) body: Option<Body>,
    /// The schemes whose credential it accepts.
    pub(super) credentials: Vec<Scheme>,
    /// Its documented responses, by status.
    pub(super) responses: Vec<Answer>,
    /// The headers its responses document, by name.
    pub(super) headers: Vec<ResponseHeader>,
}

/// One parameter of a request.
#[derive(Clone, Debug)]
pub(super) struct Param {
    /// Its name in the spec.
    pub(super) name: String,
    /// The method's argument (and the matcher's method).
    pub(super) ident: String,
    /// Where it goes.
    pub(super) place: Place,
    /// Whether the request always has it.
    pub(super) required: bool,
    /// The type a value is given as (the method's argument, without `Option` and lifetimes).
    pub(super) ty: syn::Type,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// A path segment.
    Path,
    /// The query, as progenitor writes it (`None`) or in another style.
    Query(Option<QueryStyle>),
    /// A header.
    Header,
}

/// A request body the mock can match.
#[derive(Clone, Debug)]
pub(super) enum Body {
    /// JSON, of the method's body type.
    Json(Box<syn::Type>),
    /// Bytes or text, of this media type.
    Raw,
    /// Form data or multipart: matched with the mock's `and`, not typed.
    Other,
}

/// One documented status.
#[derive(Clone, Debug)]
pub(super) struct Answer {
    /// As written: `204`, `4XX`, `default`.
    pub(super) status: String,
    /// Its description.
    pub(super) description: String,
    /// The body it carries.
    pub(super) body: AnswerBody,
}

/// What a documented status carries.
#[derive(Clone, Debug)]
pub(super) enum AnswerBody {
    /// Nothing.
    Empty,
    /// JSON of this type, sent with this media type.
    Json(Box<syn::Type>, String),
    /// Bytes of this media type.
    Raw(String),
}

/// A header a response documents.
#[derive(Clone, Debug)]
pub(super) struct ResponseHeader {
    /// Its name.
    pub(super) name: String,
    /// Its value's type: `&str`, `i64`, `f64` or `bool`, by its schema.
    pub(super) ty: syn::Type,
    /// Its description.
    pub(super) description: Option<String>,
}

impl Answer {
    /// The name of the response's constructor: the status's variant in snake case (`ok`,
    /// `not_found`, `client_error`), `default_response` for `default`.
    pub(super) fn constructor(&self) -> String {
        match self.status.as_str() {
            "default" => "default_response".into(),
            status => variant_name(status).to_snake_case(),
        }
    }

    /// The status code, when the spec names one (not a range nor `default`).
    pub(super) fn code(&self) -> Option<u16> {
        self.status.parse().ok()
    }
}

/// Every client method of `client` (the client module after the passes) that sends an
/// operation of `spec`, sorted by name.
pub(super) fn read(
    client: &syn::File,
    spec: &OpenAPI,
    notes: &Notes,
) -> Result<Vec<Operation>, String> {
    let schemes = security::schemes(spec).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let global = spec.security.clone().unwrap_or_default();
    let components = spec.components.as_ref();
    let signatures = signatures(client);
    let mut out = Vec::new();
    for (_, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in item.iter() {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            let name = names::method_name(id);
            let Some(note) = notes.operation(&name) else {
                continue;
            };
            // A method named after a Rust keyword has a trailing underscore (`match_`).
            let keyword = format!("{name}_");
            let Some((name, signature)) = signatures
                .get_key_value(&name)
                .or_else(|| signatures.get_key_value(&keyword))
            else {
                return Err(format!(
                    "the client has no method `{name}` for operation `{id}`, or its signature is not progenitor's"
                ));
            };
            let name = name.clone();
            let mut parameters = Vec::new();
            let all = item.parameters.iter().chain(&operation.parameters);
            for parameter in all {
                let Some(parameter) = follow(parameter, components, |c| &c.parameters) else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                let place = match parameter {
                    Parameter::Path { .. } => Place::Path,
                    Parameter::Query { .. } => Place::Query(note.query.get(&data.name).copied()),
                    Parameter::Header { .. } => Place::Header,
                    Parameter::Cookie { .. } => continue,
                };
                // An operation's parameter takes the place of its path item's of one name.
                parameters.retain(|p: &Param| p.name != data.name);
                let ident = names::ident(&data.name);
                let Some(ty) = signature.argument(&ident) else {
                    return Err(format!(
                        "the client method `{name}` has no argument `{ident}` for parameter `{}`",
                        data.name
                    ));
                };
                parameters.push(Param {
                    name: data.name.clone(),
                    ident,
                    place,
                    required: data.required || place == Place::Path,
                    ty,
                });
            }
            let body = operation
                .request_body
                .as_ref()
                .and_then(|b| follow(b, components, |c| &c.request_bodies))
                .and_then(|body| body.content.keys().next())
                .map(|media_type| match &note.sent {
                    Some(Sent::Json(_)) => signature.body(),
                    Some(Sent::Raw(_)) => Body::Raw,
                    Some(Sent::Form(_) | Sent::Multipart(_)) => Body::Other,
                    None if is_json(media_type) => signature.body(),
                    None if essence(media_type) == "application/x-www-form-urlencoded" => {
                        Body::Other
                    }
                    None => Body::Raw,
                });
            let requirements = note.security.as_deref().unwrap_or(&global);
            let sets = security::requirements(requirements, &schemes, "#/security").map_err(
                |problems| {
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            )?;
            let mut accepted: Vec<usize> = sets.into_iter().flatten().collect();
            accepted.sort_unstable();
            accepted.dedup();
            let credentials = accepted
                .into_iter()
                .filter_map(|i| schemes.get(i).cloned())
                .collect();
            let documented = documented(spec, operation);
            let responses = match &note.responses {
                Some(split) => per_status(split),
                None => shared(&documented, signature),
            };
            out.push(Operation {
                name,
                method: note.method.clone(),
                path: note.path.clone(),
                summary: note.summary.clone(),
                parameters,
                body,
                credentials,
                responses,
                headers: headers(spec, &documented),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The documented responses of `operation`, resolved, in progenitor's order.
fn documented<'a>(
    spec: &'a OpenAPI,
    operation: &'a openapiv3::Operation,
) -> Vec<(String, &'a Response)> {
    let components = spec.components.as_ref();
    let mut out: Vec<(Option<&StatusCode>, &Response)> = operation
        .responses
        .responses
        .iter()
        .map(|(status, r)| (Some(status), r))
        .chain(operation.responses.default.iter().map(|r| (None, r)))
        .filter_map(|(status, r)| follow(r, components, |c| &c.responses).map(|r| (status, r)))
        .collect();
    out.sort_by_key(|(status, _)| order(*status));
    out.into_iter()
        .map(|(status, r)| {
            let status = status.map_or_else(|| "default".to_string(), ToString::to_string);
            (status, r)
        })
        .collect()
}

/// The statuses of an operation whose responses are read per status (see
/// [`crate::normalize::responses`]): one body each, typed by its own schema.
fn per_status(split: &notes::Responses) -> Vec<Answer> {
    let mut out: Vec<Answer> = Vec::new();
    for status in split.success.iter().chain(&split.error) {
        if out.iter().any(|a| a.status == status.status) {
            continue;
        }
        let media_type = status.media_type.clone();
        let body = match &status.body {
            notes::Body::Empty => AnswerBody::Empty,
            notes::Body::Json(type_name) => {
                let ident = quote::format_ident!("{}", type_name);
                AnswerBody::Json(
                    Box::new(syn::parse_quote!(types::#ident)),
                    media_type.unwrap_or_else(|| "application/json".into()),
                )
            }
            notes::Body::Raw => {
                AnswerBody::Raw(media_type.unwrap_or_else(|| "application/octet-stream".into()))
            }
        };
        out.push(Answer {
            status: status.status.clone(),
            description: status.description.clone(),
            body,
        });
    }
    out.sort_by_key(|a| status_order(&a.status));
    out
}

/// progenitor's order of a status as written.
fn status_order(status: &str) -> u16 {
    match status {
        "default" => 1000,
        status => status.parse().unwrap_or_else(|_| {
            status
                .chars()
                .next()
                .and_then(|c| c.to_digit(10))
                .map_or(1000, |d| d as u16 * 100)
        }),
    }
}

/// The statuses of an operation whose success responses share one body type, and whose error
/// responses share another: the method's `ResponseValue<T>` and `Error<E>`.
fn shared(documented: &[(String, &Response)], signature: &Signature) -> Vec<Answer> {
    documented
        .iter()
        .map(|(status, response)| {
            let code = status_order(status);
            let typed = match code {
                101 | 200..=299 | 1000 => signature.success.as_ref(),
                400..=599 => signature.error.as_ref(),
                _ => None,
            };
            let json = response
                .content
                .keys()
                .find(|m| is_json(m) || is_json_suffix(m));
            let body = match (json, typed) {
                (Some(media_type), Some(ty)) if !is_bytes(ty) => {
                    AnswerBody::Json(Box::new(ty.clone()), media_type.clone())
                }
                _ => match response.content.keys().next() {
                    Some(media_type) => AnswerBody::Raw(media_type.clone()),
                    None => AnswerBody::Empty,
                },
            };
            Answer {
                status: status.clone(),
                description: response.description.clone(),
                body,
            }
        })
        .collect()
}

/// `application/problem+json` and the like.
fn is_json_suffix(media_type: &str) -> bool {
    essence(media_type).ends_with("+json")
}

/// Whether `ty` is progenitor's `ByteStream` (a body read as bytes).
fn is_bytes(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "ByteStream"))
}

/// The headers documented by any of `documented`, by name, typed by their schema.
fn headers(spec: &OpenAPI, documented: &[(String, &Response)]) -> Vec<ResponseHeader> {
    let components = spec.components.as_ref();
    let mut out: Vec<ResponseHeader> = Vec::new();
    for (_, response) in documented {
        for (name, header) in &response.headers {
            if out.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
                continue;
            }
            let Some(header) = follow(header, components, |c| &c.headers) else {
                continue;
            };
            let kind = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    follow(schema, components, |c| &c.schemas).map(|s| &s.schema_kind)
                }
                ParameterSchemaOrContent::Content(_) => None,
            };
            let ty: syn::Type = match kind {
                Some(SchemaKind::Type(Type::Integer(_))) => syn::parse_quote!(i64),
                Some(SchemaKind::Type(Type::Number(_))) => syn::parse_quote!(f64),
                Some(SchemaKind::Type(Type::Boolean(_))) => syn::parse_quote!(bool),
                _ => syn::parse_quote!(&str),
            };
            out.push(ResponseHeader {
                name: name.clone(),
                ty,
                description: header.description.clone(),
            });
        }
    }
    out
}

/// What a client method's signature says of its arguments and responses.
struct Signature {
    /// Each argument, by name, with its type (no lifetimes).
    arguments: Vec<(String, syn::Type)>,
    /// `T` of `ResponseValue<T>`.
    success: Option<syn::Type>,
    /// `E` of `Error<E>`.
    error: Option<syn::Type>,
}

impl Signature {
    /// The type a matcher takes for argument `name`: without `Option` (a value to match; its
    /// absence has a matcher of its own).
    fn argument(&self, name: &str) -> Option<syn::Type> {
        let (_, ty) = self.arguments.iter().find(|(n, _)| n == name)?;
        Some(generic_argument(ty, "Option").unwrap_or_else(|| ty.clone()))
    }

    /// The body, typed as the method takes it.
    fn body(&self) -> Body {
        match self.argument("body") {
            // A body progenitor takes as `impl Into<reqwest::Body>` (a `reqwest::Body` in a
            // builder) or a `String`: bytes.
            Some(syn::Type::Path(p))
                if p.path.get_ident().is_some()
                    || p.path.segments.last().is_some_and(|s| s.ident == "Body") =>
            {
                Body::Raw
            }
            Some(syn::Type::Reference(r)) if matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str")) => {
                Body::Raw
            }
            Some(ty) => Body::Json(Box::new(ty)),
            None => Body::Other,
        }
    }
}

/// The signature of every client method of `client` that sends an operation, by the
/// operation's name, whatever the client's interface: each `async fn` of `impl Client`
/// (positional), or each builder of `mod builder` whose `send` sends it (builder: the arguments
/// are the builder's fields), named by its `OperationInfo`.
fn signatures(client: &syn::File) -> HashMap<String, Signature> {
    let mut out: HashMap<String, Signature> = client
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp)
                if imp.trait_.is_none()
                    && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")) =>
            {
                Some(imp)
            }
            _ => None,
        })
        .flat_map(|imp| &imp.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.asyncness.is_some() => {
                sends(f).map(|name| (name, signature(&f.sig)))
            }
            _ => None,
        })
        .collect();
    let builders = client.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    if let Some(items) = builders {
        for item in items {
            let syn::Item::Impl(imp) = item else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            let Some(ident) = self_ty.path.segments.last().map(|s| &s.ident) else {
                continue;
            };
            for method in &imp.items {
                let syn::ImplItem::Fn(f) = method else {
                    continue;
                };
                let Some(name) = f.sig.asyncness.and(sends(f)) else {
                    continue;
                };
                let fields = items.iter().find_map(|item| match item {
                    syn::Item::Struct(s) if s.ident == *ident => Some(&s.fields),
                    _ => None,
                });
                let mut read = signature(&f.sig);
                read.arguments = fields
                    .into_iter()
                    .flatten()
                    .filter_map(|field| {
                        let ty = generic_argument(&field.ty, "Result")?;
                        Some((field.ident.as_ref()?.to_string(), borrowed(&ty)))
                    })
                    .collect();
                out.entry(name).or_insert(read);
            }
        }
    }
    out
}

/// The type a matcher takes for a builder's field of type `ty`, as the positional method would
/// take it: `&str` for a `String`, a reference to the type for what is not `Copy`, the type of
/// a body's builder (`types::builder::Widget`) for the body (`&types::Widget`).
fn borrowed(ty: &syn::Type) -> syn::Type {
    if let Some(inner) = generic_argument(ty, "Option") {
        let inner = borrowed(&inner);
        return syn::parse_quote!(Option<#inner>);
    }
    let syn::Type::Path(p) = ty else {
        return ty.clone();
    };
    let last = p.path.segments.last().map(|s| s.ident.to_string());
    match last.as_deref() {
        Some("String") => syn::parse_quote!(&str),
        Some("Body") => ty.clone(),
        Some(
            "bool" | "char" | "f32" | "f64" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize"
            | "u8" | "u16" | "u32" | "u64" | "u128" | "usize",
        ) => ty.clone(),
        _ => {
            let mut path = p.path.clone();
            let built = path.segments.len() >= 3
                && path
                    .segments
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|s| s.ident == "builder")
                && path
                    .segments
                    .iter()
                    .rev()
                    .nth(2)
                    .is_some_and(|s| s.ident == "types");
            if built {
                let mut segments: Vec<syn::PathSegment> = path.segments.into_iter().collect();
                let at = segments.len() - 2;
                segments.remove(at);
                path.segments = segments.into_iter().collect();
            }
            syn::parse_quote!(&#path)
        }
    }
}

/// What `sig` says of its arguments and responses.
fn signature(sig: &syn::Signature) -> Signature {
    let arguments = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(p) => Some((p.ident.to_string(), unbound(&t.ty))),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let (success, error) = match &sig.output {
        syn::ReturnType::Type(_, ty) => {
            let ok = generic_argument(ty, "Result");
            let err = second_generic_argument(ty, "Result");
            (
                ok.and_then(|t| generic_argument(&t, "ResponseValue")),
                err.and_then(|t| generic_argument(&t, "Error")),
            )
        }
        syn::ReturnType::Default => (None, None),
    };
    Signature {
        arguments,
        success,
        error,
    }
}

/// The operation `method` sends: its `let info = OperationInfo { operation_id: "…" }`.
fn sends(method: &syn::ImplItemFn) -> Option<String> {
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
                    syn::Member::Named(member),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(id),
                        ..
                    }),
                ) if member == "operation_id" => Some(id.value()),
                _ => None,
            })
    })
}

/// `ty` without lifetimes (`&'a str` → `&str`).
fn unbound(ty: &syn::Type) -> syn::Type {
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Strip, &mut ty);
    ty
}

/// `T` of `Outer<T, …>`, when `ty` is a path ending in `outer`.
fn generic_argument(ty: &syn::Type, outer: &str) -> Option<syn::Type> {
    nth_generic_argument(ty, outer, 0)
}

/// `U` of `Outer<T, U>`.
fn second_generic_argument(ty: &syn::Type, outer: &str) -> Option<syn::Type> {
    nth_generic_argument(ty, outer, 1)
}

fn nth_generic_argument(ty: &syn::Type, outer: &str, n: usize) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != outer {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
        .nth(n)
}

/// Where a scheme's credential goes, as the runtime's `mock::Credential` constructor for it
/// is named.
pub(super) fn location(scheme: &Scheme) -> &'static str {
    match scheme.location {
        Location::Header => "header",
        Location::Query => "query",
        Location::Cookie => "cookie",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_give_argument_and_response_types() {
        let file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn list_widgets<'a>(
                    &'a self,
                    limit: Option<i64>,
                    prefix: Option<&'a str>,
                    body: &'a types::Widget,
                ) -> Result<ResponseValue<::std::vec::Vec<types::Widget>>, Error<types::Problem>> {
                    let info = OperationInfo { operation_id: "list_widgets" };
                }
            }
        };
        let all = signatures(&file);
        let read = all.get("list_widgets").expect("the method");
        let show = |ty: Option<syn::Type>| ty.map(|t| quote::quote!(#t).to_string());
        assert_eq!(show(read.argument("limit")).as_deref(), Some("i64"));
        assert_eq!(show(read.argument("prefix")).as_deref(), Some("& str"));
        assert_eq!(
            show(read.success.clone()).as_deref(),
            Some(":: std :: vec :: Vec < types :: Widget >")
        );
        assert_eq!(
            show(read.error.clone()).as_deref(),
            Some("types :: Problem")
        );
        assert!(matches!(read.body(), Body::Json(_)));
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn builders_give_the_same_types_as_positional_methods() {
        // progenitor's builder interface: one struct per operation, its fields the arguments.
        let file: syn::File = syn::parse_quote! {
            pub mod builder {
                use super::types;
                pub struct ListWidgets<'a> {
                    client: &'a super::Client,
                    limit: Result<Option<i64>, String>,
                    prefix: Result<Option<::std::string::String>, String>,
                    body: Result<types::builder::Widget, String>,
                }
                impl<'a> ListWidgets<'a> {
                    pub async fn send(self) -> Result<ResponseValue<::std::vec::Vec<types::Widget>>, Error<()>> {
                        let info = OperationInfo { operation_id: "list_widgets" };
                    }
                }
            }
        };
        let all = signatures(&file);
        let read = all.get("list_widgets").expect("the builder");
        let show = |ty: Option<syn::Type>| ty.map(|t| quote::quote!(#t).to_string());
        assert_eq!(show(read.argument("limit")).as_deref(), Some("i64"));
        assert_eq!(show(read.argument("prefix")).as_deref(), Some("& str"));
        assert_eq!(
            show(read.argument("body")).as_deref(),
            Some("& types :: Widget")
        );
        assert!(read.argument("client").is_none());
        assert!(read.success.is_some());
    }

    #[test]
    fn constructors_are_named_after_statuses() {
        let answer = |status: &str| Answer {
            status: status.into(),
            description: String::new(),
            body: AnswerBody::Empty,
        };
        assert_eq!(answer("404").constructor(), "not_found");
        assert_eq!(answer("204").constructor(), "no_content");
        assert_eq!(answer("4XX").constructor(), "client_error");
        assert_eq!(answer("default").constructor(), "default_response");
        assert_eq!(answer("404").code(), Some(404));
        assert_eq!(answer("4XX").code(), None);
        assert_eq!(status_order("5XX"), 500);
    }
}
