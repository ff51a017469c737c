//! The comparison, from the document down: servers, security schemes and component schemas,
//! then each operation (matched by method and path template), its parameters, request body
//! and responses, whose schemas [`super::schema`] compares.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::changes::Sink;
use super::schema::{Direction, Place, Schemas};
use super::view::{Docs, Op, View};
use super::{Change, CrateEffect, Operation, Semver};

/// Every change from `old` to `new`.
pub(super) fn compare(old: &View<'_>, new: &View<'_>) -> Vec<Change> {
    let docs = Docs::new(old, new);
    let mut out = Vec::new();
    document(old, new, &mut Sink::new(None, &mut out));
    let (old_ops, new_ops) = (old.operations(), new.operations());
    let old_paths: BTreeSet<&String> = old_ops.keys().map(|(p, _)| p).collect();
    let new_paths: BTreeSet<&String> = new_ops.keys().map(|(p, _)| p).collect();
    for (key, op) in &old_ops {
        if !new_ops.contains_key(key) {
            removed(op, !new_paths.contains(&key.0), &mut out);
        }
    }
    for (key, op) in &new_ops {
        let operation = Operation {
            method: op.method.to_ascii_uppercase(),
            path: op.path.to_string(),
        };
        let mut sink = Sink::new(Some(operation), &mut out);
        match old_ops.get(key) {
            None => {
                let added_path = !old_paths.contains(&key.0);
                sink.emit(
                    "endpoint-added",
                    format!(
                        "the operation was added{}",
                        if added_path { " with its path" } else { "" }
                    ),
                    Some(effect(format!("new method `Client::{}`", method_name(op)))),
                );
            }
            Some(before) => operation_changes(&docs, before, op, &mut sink),
        }
    }
    out
}

fn effect(message: String) -> CrateEffect {
    CrateEffect {
        semver: Semver::Patch,
        message: Some(message),
    }
}

/// The Rust method progenitor makes of the operation: `x-method-name`, else its
/// `operationId`, else the name the generator derives from its method and path.
fn method_name(op: &Op<'_>) -> String {
    let explicit = op
        .operation
        .get(crate::normalize::operation_ids::EXTENSION)
        .or_else(|| op.operation.get("operationId"))
        .and_then(Value::as_str);
    match explicit {
        Some(id) => crate::names::method_name(id),
        None => crate::normalize::operation_ids::derived(op.method, op.path),
    }
}

fn is_deprecated(value: &Value) -> bool {
    value.get("deprecated") == Some(&Value::Bool(true))
}

/// An operation of the old document that the new one lacks.
fn removed(op: &Op<'_>, whole_path: bool, out: &mut Vec<Change>) {
    let operation = Operation {
        method: op.method.to_ascii_uppercase(),
        path: op.path.to_string(),
    };
    let mut sink = Sink::new(Some(operation), out);
    let scope = if whole_path {
        "api-path-removed"
    } else {
        "api-removed"
    };
    let what = if whole_path {
        "the path was removed, and the operation with it,"
    } else {
        "the operation was removed"
    };
    let deprecated = is_deprecated(op.operation) || (whole_path && is_deprecated(op.item));
    let sunset = op
        .operation
        .get("x-sunset")
        .and_then(Value::as_str)
        .and_then(parse_date);
    let (id, message) = match (deprecated, sunset) {
        (false, _) => (
            format!("{scope}-without-deprecation"),
            format!("{what} without being deprecated first"),
        ),
        (true, Some(date)) if date > today() => (
            format!("{scope}-before-sunset"),
            format!("{what} before its sunset date {}", show_date(date)),
        ),
        (true, _) => (
            format!("{scope}-with-deprecation"),
            format!("{what}; it was deprecated"),
        ),
    };
    sink.emit(
        &id,
        message,
        Some(effect(format!(
            "method `Client::{}` is removed",
            method_name(op)
        ))),
    );
}

/// A `YYYY-MM-DD` date (or the start of an RFC 3339 time) as a number that sorts as dates do.
fn parse_date(text: &str) -> Option<u32> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

fn show_date(date: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

/// Today's date (UTC) as [`parse_date`] gives it.
fn today() -> u32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y * 10_000 + m * 100 + d) as u32
}

/// What changed in one operation present in both documents.
fn operation_changes<'a>(
    docs: &Docs<'_, 'a>,
    before: &Op<'a>,
    after: &Op<'a>,
    sink: &mut Sink<'_>,
) {
    let (old, new) = (docs.old, docs.new);
    if docs.unchanged.same(before.operation, after.operation)
        && docs.unchanged.same(before.item, after.item)
    {
        return;
    }
    let method = method_name(after);
    match (
        is_deprecated(before.operation),
        is_deprecated(after.operation),
    ) {
        (false, true) => sink.emit(
            "endpoint-deprecated",
            "the operation was deprecated".to_string(),
            None,
        ),
        (true, false) => sink.emit(
            "endpoint-reactivated",
            "the operation is no longer deprecated".to_string(),
            None,
        ),
        _ => {}
    }
    let id = |op: &Op<'_>| {
        op.operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let renamed = |old_name: &str| {
        (old_name != method).then(|| CrateEffect {
            semver: Semver::Major,
            message: Some(format!(
                "`Client::{old_name}` is renamed `Client::{method}`"
            )),
        })
    };
    match (id(before), id(after)) {
        (Some(a), Some(b)) if a != b => sink.emit(
            "api-operation-id-removed",
            format!("the operationId changed from `{a}` to `{b}`"),
            renamed(&method_name(before)),
        ),
        (Some(a), None) => sink.emit(
            "api-operation-id-removed",
            format!("the operationId `{a}` was removed"),
            renamed(&method_name(before)),
        ),
        (None, Some(b)) => sink.emit(
            "api-operation-id-added",
            format!("the operationId `{b}` was added"),
            renamed(&method_name(before)),
        ),
        _ => {}
    }
    tags(before.operation, after.operation, sink);
    security(old, new, before, after, sink);
    parameters(docs, before, after, &method, sink);
    request_body(docs, before, after, &method, sink);
    responses(docs, before, after, sink);
}

fn strings(value: Option<&Value>) -> BTreeSet<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn tags(before: &Value, after: &Value, sink: &mut Sink<'_>) {
    let (a, b) = (strings(before.get("tags")), strings(after.get("tags")));
    for tag in b.difference(&a) {
        sink.emit("api-tag-added", format!("the tag `{tag}` was added"), None);
    }
    for tag in a.difference(&b) {
        sink.emit(
            "api-tag-removed",
            format!("the tag `{tag}` was removed"),
            None,
        );
    }
}

/// A `security` list: each alternative (`api_key + oauth2`; `none` for `{}`) with the scopes it
/// asks of each of its schemes.
type Requirements = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn requirements(security: Option<&Value>) -> Option<Requirements> {
    let list = security?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_object)
            .map(|requirement| {
                let names: Vec<&str> = requirement.keys().map(String::as_str).collect();
                let key = if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(" + ")
                };
                let scopes = requirement
                    .iter()
                    .map(|(scheme, scopes)| (scheme.clone(), strings(Some(scopes))))
                    .collect();
                (key, scopes)
            })
            .collect(),
    )
}

/// The rules of a comparison of requirements: the operation's own, or the document's.
struct SecurityRules {
    added: &'static str,
    removed: &'static str,
    scope_added: &'static str,
    scope_removed: &'static str,
    /// `` or ` of the document`.
    whose: &'static str,
}

impl SecurityRules {
    fn compare(&self, a: &Requirements, b: &Requirements, sink: &mut Sink<'_>) {
        let whose = self.whose;
        for requirement in b.keys().filter(|r| !a.contains_key(*r)) {
            let message = format!("the security requirement `{requirement}`{whose} was added");
            sink.emit(self.added, message, None);
        }
        for requirement in a.keys().filter(|r| !b.contains_key(*r)) {
            let message = format!("the security requirement `{requirement}`{whose} was removed");
            sink.emit(self.removed, message, None);
        }
        for (requirement, schemes) in b {
            let Some(before) = a.get(requirement) else {
                continue;
            };
            for (scheme, scopes) in schemes {
                let was = before.get(scheme).cloned().unwrap_or_default();
                for scope in scopes.difference(&was) {
                    let message = format!(
                        "the security requirement `{requirement}`{whose} asks for the scope `{scope}` of `{scheme}`"
                    );
                    sink.emit(self.scope_added, message, None);
                }
                for scope in was.difference(scopes) {
                    let message = format!(
                        "the security requirement `{requirement}`{whose} no longer asks for the scope `{scope}` of `{scheme}`"
                    );
                    sink.emit(self.scope_removed, message, None);
                }
            }
        }
    }
}

/// An operation's own security requirements, compared when either document gives it some;
/// the document's own are compared once, at the document.
fn security(old: &View<'_>, new: &View<'_>, before: &Op<'_>, after: &Op<'_>, sink: &mut Sink<'_>) {
    let (own_a, own_b) = (
        before.operation.get("security"),
        after.operation.get("security"),
    );
    if own_a.is_none() && own_b.is_none() {
        return;
    }
    let a = requirements(own_a.or(old.get("security"))).unwrap_or_default();
    let b = requirements(own_b.or(new.get("security"))).unwrap_or_default();
    let rules = SecurityRules {
        added: "api-security-added",
        removed: "api-security-removed",
        scope_added: "api-security-scope-added",
        scope_removed: "api-security-scope-removed",
        whose: "",
    };
    rules.compare(&a, &b, sink);
}

fn parameters<'a>(
    docs: &Docs<'_, 'a>,
    before: &Op<'a>,
    after: &Op<'a>,
    method: &str,
    sink: &mut Sink<'_>,
) {
    let (old, new) = (docs.old, docs.new);
    let (a, b) = (old.parameters(before), new.parameters(after));
    let argument = |name: &str| crate::names::ident(name);
    for (key, param) in &b {
        let shown = format!("{} parameter `{}`", param.location, param.name);
        match a.get(key) {
            None => {
                let (id, how) = if param.required {
                    ("new-required-request-parameter", "required")
                } else {
                    ("new-optional-request-parameter", "optional")
                };
                sink.emit(
                    id,
                    format!("the {how} {shown} was added"),
                    Some(effect(format!(
                        "`Client::{method}` takes a new argument `{}`",
                        argument(&param.name)
                    ))),
                );
            }
            Some(was) => {
                match (was.required, param.required) {
                    (false, true) => sink.emit(
                        "request-parameter-became-required",
                        format!("the {shown} became required"),
                        Some(effect(format!(
                            "the argument `{}` of `Client::{method}` is no longer an `Option`",
                            argument(&param.name)
                        ))),
                    ),
                    (true, false) => sink.emit(
                        "request-parameter-became-optional",
                        format!("the {shown} became optional"),
                        Some(effect(format!(
                            "the argument `{}` of `Client::{method}` becomes an `Option`",
                            argument(&param.name)
                        ))),
                    ),
                    _ => {}
                }
                if let (Some(x), Some(y)) = (was.schema, param.schema) {
                    let place = Place {
                        direction: Direction::Request,
                        root_family: "request-parameter",
                        what: format!("the {shown}"),
                        path: String::new(),
                        rust_type: None,
                    };
                    Schemas::new(docs).compare(sink, x, y, &place);
                }
            }
        }
    }
    for (key, param) in &a {
        if !b.contains_key(key) {
            sink.emit(
                "request-parameter-removed",
                format!(
                    "the {} parameter `{}` was removed",
                    param.location, param.name
                ),
                Some(effect(format!(
                    "`Client::{method}` loses the argument `{}`",
                    argument(&param.name)
                ))),
            );
        }
    }
}

/// The media types of a request body or response, by their essence (`application/json`).
fn content<'a>(view: &View<'a>, holder: &'a Value) -> Media<'a> {
    let (holder, _) = view.deref(holder);
    holder
        .get("content")
        .and_then(Value::as_object)
        .map(|content| {
            content
                .iter()
                .map(|(media, m)| {
                    (
                        crate::openapi::media::essence(media).to_ascii_lowercase(),
                        m.get("schema"),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn request_body<'a>(
    docs: &Docs<'_, 'a>,
    before: &Op<'a>,
    after: &Op<'a>,
    method: &str,
    sink: &mut Sink<'_>,
) {
    let (old, new) = (docs.old, docs.new);
    let body =
        |view: &View<'a>, op: &Op<'a>| op.operation.get("requestBody").map(|b| view.deref(b).0);
    let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
    match (body(old, before), body(new, after)) {
        (None, Some(b)) => {
            let (id, how) = if required(b) {
                ("request-body-added-required", "required")
            } else {
                ("request-body-added-optional", "optional")
            };
            sink.emit(
                id,
                format!("an {how} request body was added"),
                Some(effect(format!(
                    "`Client::{method}` takes a new argument `body`"
                ))),
            );
        }
        (Some(_), None) => sink.emit(
            "request-body-removed",
            "the request body was removed".to_string(),
            Some(effect(format!(
                "`Client::{method}` loses the argument `body`"
            ))),
        ),
        (Some(a), Some(b)) => {
            match (required(a), required(b)) {
                (false, true) => sink.emit(
                    "request-body-became-required",
                    "the request body became required".to_string(),
                    None,
                ),
                (true, false) => sink.emit(
                    "request-body-became-optional",
                    "the request body became optional".to_string(),
                    None,
                ),
                _ => {}
            }
            let (x, y) = (content(old, a), content(new, b));
            let kind = Content {
                direction: Direction::Request,
                what: "the request body".to_string(),
                added: ("request-body-media-type-added", "may be sent as"),
                removed: (
                    "request-body-media-type-removed",
                    "may no longer be sent as",
                ),
            };
            kind.compare(docs, &x, &y, sink);
        }
        (None, None) => {}
    }
}

/// The media types of a request body or a response: which were added or removed, and the
/// schema of each that both documents have, compared.
struct Content {
    direction: Direction,
    /// `the request body`, `the 200 response`.
    what: String,
    /// The rule and the verb for a media type added…
    added: (&'static str, &'static str),
    /// …and removed.
    removed: (&'static str, &'static str),
}

type Media<'a> = BTreeMap<String, Option<&'a Value>>;

impl Content {
    fn compare<'a>(&self, docs: &Docs<'_, 'a>, x: &Media<'a>, y: &Media<'a>, sink: &mut Sink<'_>) {
        let what = &self.what;
        for media in y.keys().filter(|m| !x.contains_key(*m)) {
            let (id, verb) = self.added;
            sink.emit(id, format!("{what} {verb} `{media}`"), None);
        }
        for media in x.keys().filter(|m| !y.contains_key(*m)) {
            let (id, verb) = self.removed;
            sink.emit(id, format!("{what} {verb} `{media}`"), None);
        }
        for (media, schema) in y {
            if let (Some(Some(s)), Some(t)) = (x.get(media), schema) {
                let place = Place {
                    direction: self.direction,
                    root_family: match self.direction {
                        Direction::Request => "request-body",
                        Direction::Response => "response-body",
                    },
                    what: if y.len() > 1 {
                        format!("{what} (`{media}`)")
                    } else {
                        what.clone()
                    },
                    path: String::new(),
                    rust_type: None,
                };
                Schemas::new(docs).compare(sink, s, t, &place);
            }
        }
    }
}

/// A status is a success when it is 2xx (`200`, `2XX`).
fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn responses<'a>(docs: &Docs<'_, 'a>, before: &Op<'a>, after: &Op<'a>, sink: &mut Sink<'_>) {
    let (old, new) = (docs.old, docs.new);
    // By status, `2xx` and `2XX` alike.
    let statuses = |op: &Op<'a>| -> BTreeMap<String, &'a Value> {
        op.operation
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| r.iter().map(|(k, v)| (k.to_ascii_uppercase(), v)).collect())
            .unwrap_or_default()
    };
    let (a_keys, b_keys) = (statuses(before), statuses(after));
    // How many statuses of each kind (success or not) have a body: the method returns (or fails
    // with) its one body's type, or an enum of them when there are several.
    let bodies = |view: &View<'a>, keys: &BTreeMap<String, &'a Value>, success: bool| {
        keys.iter()
            .filter(|(status, response)| {
                is_success(status) == success && !content(view, response).is_empty()
            })
            .count()
    };
    let type_name = crate::names::type_name(&method_name(after));
    let enum_effect = |success: bool, status: &str, added: bool| {
        let (kind, what) = if success {
            ("Success", "returns")
        } else {
            ("Error", "fails with")
        };
        let before = bodies(old, &a_keys, success);
        let after = bodies(new, &b_keys, success);
        let message = match (before, after) {
            (1, 2) => format!(
                "the method {what} the enum `types::{type_name}{kind}` instead of one body's type"
            ),
            (2, 1) => format!(
                "the method {what} one body's type instead of the enum `types::{type_name}{kind}`"
            ),
            (b, a) if b >= 2 && a >= 2 => format!(
                "the enum `types::{type_name}{kind}` {} the variant for {status}",
                if added { "gets" } else { "loses" }
            ),
            _ => return None,
        };
        Some(CrateEffect {
            semver: Semver::Major,
            message: Some(message),
        })
    };
    // Statuses added (in the new document, not the old) and removed.
    for (added, here, there, view) in [
        (true, &b_keys, &a_keys, new),
        (false, &a_keys, &b_keys, old),
    ] {
        for (status, response) in here.iter().filter(|(s, _)| !there.contains_key(*s)) {
            let success = is_success(status);
            let (id, verb) = match (success, added) {
                (true, true) => ("response-success-status-added", "added"),
                (false, true) => ("response-non-success-status-added", "added"),
                (true, false) => ("response-success-status-removed", "removed"),
                (false, false) => ("response-non-success-status-removed", "removed"),
            };
            let with_body = !content(view, response).is_empty();
            let krate = with_body
                .then(|| enum_effect(success, status, added))
                .flatten();
            sink.emit(id, format!("the {status} response was {verb}"), krate);
        }
    }
    for (status, response) in &b_keys {
        let Some(was) = a_keys.get(status) else {
            continue;
        };
        headers(old, new, status, was, response, sink);
        let (x, y) = (content(old, was), content(new, response));
        let kind = Content {
            direction: Direction::Response,
            what: format!("the {status} response"),
            added: ("response-media-type-added", "may come as"),
            removed: ("response-media-type-removed", "no longer comes as"),
        };
        kind.compare(docs, &x, &y, sink);
    }
}

/// A response's headers: one the server promised (`required`) that it no longer promises, or
/// no longer sends, breaks a caller that reads it.
fn headers(
    old: &View<'_>,
    new: &View<'_>,
    status: &str,
    was: &Value,
    is: &Value,
    sink: &mut Sink<'_>,
) {
    // By name, case-insensitive, with whether each is required.
    let headers = |view: &View<'_>, response: &Value| -> BTreeMap<String, (String, bool)> {
        let (response, _) = view.deref(response);
        response
            .get("headers")
            .and_then(Value::as_object)
            .map(|headers| {
                headers
                    .iter()
                    .map(|(name, header)| {
                        let (header, _) = view.deref(header);
                        let required = header.get("required") == Some(&Value::Bool(true));
                        (name.to_ascii_lowercase(), (name.clone(), required))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (headers(old, was), headers(new, is));
    for (key, (name, required)) in &a {
        match b.get(key) {
            None => {
                let id = if *required {
                    "required-response-header-removed"
                } else {
                    "optional-response-header-removed"
                };
                let message = format!("the header `{name}` of the {status} response was removed");
                sink.emit(id, message, None);
            }
            Some((_, false)) if *required => {
                let message =
                    format!("the header `{name}` of the {status} response became optional");
                sink.emit("response-header-became-optional", message, None);
            }
            Some(_) => {}
        }
    }
}

/// Servers, the document's security, security schemes and component schemas.
fn document(old: &View<'_>, new: &View<'_>, sink: &mut Sink<'_>) {
    let urls = |view: &View<'_>| -> Vec<String> {
        view.get("servers")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|s| s.get("url").and_then(Value::as_str))
                    .map(|u| u.trim_end_matches('/').to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (urls(old), urls(new));
    for url in b.iter().filter(|u| !a.contains(u)) {
        let first = b.first() == Some(url);
        sink.emit(
            "api-server-added",
            format!("the server `{url}` was added"),
            first.then(|| {
                effect(format!(
                    "`Client::builder()` sends to `{url}` unless told otherwise"
                ))
            }),
        );
    }
    for url in a.iter().filter(|u| !b.contains(u)) {
        sink.emit(
            "api-server-removed",
            format!("the server `{url}` was removed"),
            None,
        );
    }

    let (x, y) = (
        requirements(old.get("security")).unwrap_or_default(),
        requirements(new.get("security")).unwrap_or_default(),
    );
    let rules = SecurityRules {
        added: "api-global-security-added",
        removed: "api-global-security-removed",
        scope_added: "api-global-security-scope-added",
        scope_removed: "api-global-security-scope-removed",
        whose: " of the document",
    };
    rules.compare(&x, &y, sink);

    let components = |view: &View<'_>, kind: &str| -> Map<String, Value> {
        view.get("components")
            .and_then(|c| c.get(kind))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (
        components(old, "securitySchemes"),
        components(new, "securitySchemes"),
    );
    for (name, scheme) in &b {
        let shape = |s: &Value| {
            ["type", "in", "name", "scheme"].map(|k| {
                s.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
        };
        match a.get(name) {
            None => sink.emit(
                "api-security-component-added",
                format!("the security scheme `{name}` was added"),
                None,
            ),
            Some(was) if shape(was) != shape(scheme) => sink.emit(
                "api-security-component-type-changed",
                format!("the security scheme `{name}` changed how its credential is sent"),
                None,
            ),
            Some(_) => {}
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        sink.emit(
            "api-security-component-removed",
            format!("the security scheme `{name}` was removed"),
            None,
        );
    }

    let (a, b) = (components(old, "schemas"), components(new, "schemas"));
    for name in b.keys().filter(|n| !a.contains_key(*n)) {
        sink.emit(
            "api-schema-added",
            format!("the schema `{name}` was added"),
            Some(effect(format!(
                "new type `types::{}`",
                crate::names::type_name(name)
            ))),
        );
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        sink.emit(
            "api-schema-removed",
            format!("the schema `{name}` was removed"),
            Some(effect(format!(
                "the type `types::{}` goes",
                crate::names::type_name(name)
            ))),
        );
    }
}
