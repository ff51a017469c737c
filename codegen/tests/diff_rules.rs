//! The rules of `codegen::diff`, one pair of documents each (issue 14).
//!
//! Every id of [`rules::all`] has at least one case: a pair of whole documents, built in
//! OpenAPI 3.0 form around an operation fragment and converted to 3.1 (`nullable: true` into the
//! `type` list, a boolean `exclusiveMaximum` into a number), that must report that id at the
//! table's level and at its operation (`None` for the document's own rules), and nothing at a
//! worse level alongside unless the case says so. The cases run in both versions unless marked
//! 3.0-only or 3.1-only; every failure is listed at once. A new rule without a case fails
//! `every_rule_has_a_case`.
//!
//! Then what carries a change to an operation (a shared component, `allOf`, `oneOf`/`anyOf`,
//! nested properties, array items and map values, `$ref` cycles and webs), pairs that differ
//! only in how they are written, the reading of one document as YAML and JSON with its keys in
//! any order, the four providers' specs against themselves and against edited copies, and the
//! report's semver, order and JSON.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use codegen::diff::rules::{self, Rule};
use codegen::diff::{self, Change, Level, Operation, Report, Semver};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Documents.

/// The path of the operation most cases change.
const PETS: &str = "/pets";

/// A 3.0 document with these `paths`.
fn document(paths: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": paths,
    })
}

/// `doc` with these `components`.
fn with_components(mut doc: Value, components: Value) -> Value {
    doc["components"] = components;
    doc
}

/// An operation of `fragment`, with a `200` response unless it says its responses.
fn operation(fragment: Value) -> Value {
    let mut op = fragment;
    if op.get("responses").is_none() {
        op["responses"] = json!({"200": {"description": "ok"}});
    }
    op
}

/// A 3.0 document whose only operation is `POST /pets`, of `fragment`.
fn on_post(fragment: Value) -> Value {
    document(json!({PETS: {"post": operation(fragment)}}))
}

/// The base document of the document-level cases, with these top-level fields added.
fn top_level(fields: Value) -> Value {
    let mut doc = on_post(json!({}));
    if let (Some(doc), Value::Object(fields)) = (doc.as_object_mut(), fields) {
        doc.extend(fields);
    }
    doc
}

fn at(method: &str, path: &str) -> Option<Operation> {
    Some(Operation {
        method: method.to_string(),
        path: path.to_string(),
    })
}

/// The 3.1 form of a 3.0 document: `openapi: 3.1.0`; `nullable: true` as `null` in the
/// `type` list (and in the `enum`); `exclusiveMaximum: true` beside `maximum` as a number of
/// its own (and `exclusiveMinimum`).
fn to_31(doc: &Value) -> Value {
    let mut doc = doc.clone();
    doc["openapi"] = json!("3.1.0");
    upgrade_schemas(&mut doc);
    doc
}

fn upgrade_schemas(value: &mut Value) {
    match value {
        Value::Array(list) => list.iter_mut().for_each(upgrade_schemas),
        Value::Object(map) => {
            map.values_mut().for_each(upgrade_schemas);
            for (exclusive, bound) in [
                ("exclusiveMaximum", "maximum"),
                ("exclusiveMinimum", "minimum"),
            ] {
                if let Some(Value::Bool(flag)) = map.get(exclusive) {
                    let flag = *flag;
                    map.remove(exclusive);
                    if flag && let Some(n) = map.remove(bound) {
                        map.insert(exclusive.to_string(), n);
                    }
                }
            }
            // A boolean: a property named `nullable` is a schema, left alone.
            if !matches!(map.get("nullable"), Some(Value::Bool(_))) {
                return;
            }
            if map.remove("nullable") != Some(Value::Bool(true)) {
                return;
            }
            match map.get_mut("type") {
                Some(t @ Value::String(_)) => {
                    let single = t.take();
                    *t = json!([single, "null"]);
                }
                other => panic!(
                    "`nullable` beside {other:?} rather than one `type`: write the case for \
                     3.0 only, and its 3.1 form as a 3.1-only case"
                ),
            }
            if let Some(Value::Array(values)) = map.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
        _ => {}
    }
}

/// A document as a failure shows it: without `openapi` and `info`, on one line.
fn shown(doc: &Value) -> String {
    let mut doc = doc.clone();
    if let Some(map) = doc.as_object_mut() {
        map.remove("openapi");
        map.remove("info");
    }
    doc.to_string()
}

fn listed(report: &Report) -> String {
    if report.changes.is_empty() {
        return "nothing".to_string();
    }
    report
        .changes
        .iter()
        .map(|c| {
            let place = c
                .operation
                .as_ref()
                .map_or("the document".to_string(), ToString::to_string);
            format!("{} ({}) at {place}: {}", c.id, c.level, c.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// ---------------------------------------------------------------------------------------------
// Cases.

/// The OpenAPI versions a case runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Versions {
    Both,
    Only30,
    Only31,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Version::V30 => "3.0",
            Version::V31 => "3.1",
        }
    }

    /// A case's document (3.0 form) in this version.
    fn of(self, doc: &Value) -> Value {
        match self {
            Version::V30 => doc.clone(),
            Version::V31 => to_31(doc),
        }
    }
}

impl Versions {
    fn list(self) -> &'static [Version] {
        match self {
            Versions::Both => &[Version::V30, Version::V31],
            Versions::Only30 => &[Version::V30],
            Versions::Only31 => &[Version::V31],
        }
    }
}

/// A pair of documents that must report `rule` at `at`.
struct Case {
    rule: &'static Rule,
    versions: Versions,
    /// The documents, in 3.0 form (with 3.1's `type` lists in a 3.1-only case).
    old: Value,
    new: Value,
    at: Option<Operation>,
    /// Ids that may come along at a worse level than the rule's.
    also: &'static [&'static str],
}

impl Case {
    fn new(id: &str, old: Value, new: Value) -> Self {
        Self {
            rule: rules::get(id).unwrap_or_else(|| panic!("no rule `{id}` in the table")),
            versions: Versions::Both,
            old,
            new,
            at: at("POST", PETS),
            also: &[],
        }
    }

    /// `POST /pets` of `old`, then of `new`.
    fn post(id: &str, old: Value, new: Value) -> Self {
        Self::new(id, on_post(old), on_post(new))
    }

    /// The base document with `old`'s top-level fields, then `new`'s: a document-level rule.
    fn top(id: &str, old: Value, new: Value) -> Self {
        Self::new(id, top_level(old), top_level(new)).at(None)
    }

    fn at(mut self, operation: Option<Operation>) -> Self {
        self.at = operation;
        self
    }

    /// Ids that may come along at a worse level.
    fn also(mut self, ids: &'static [&'static str]) -> Self {
        self.also = ids;
        self
    }

    fn only(mut self, versions: Versions) -> Self {
        self.versions = versions;
        self
    }

    /// Runs the case in `version`: its report, or what went wrong.
    fn check(&self, version: Version) -> Result<Report, String> {
        let (old, new) = (version.of(&self.old), version.of(&self.new));
        let report = diff::compare(&old, &new);
        let rule = self.rule;
        let found = report
            .changes
            .iter()
            .find(|c| c.id == rule.id && c.operation == self.at);
        let mut problems = Vec::new();
        match found {
            None => problems.push(format!(
                "expected `{}` ({}) at {}",
                rule.id,
                rule.level,
                self.at
                    .as_ref()
                    .map_or("the document".to_string(), ToString::to_string)
            )),
            Some(change) => {
                if change.level != rule.level {
                    problems.push(format!(
                        "`{}` came at level {}, the table says {}",
                        rule.id, change.level, rule.level
                    ));
                }
                if change.krate.semver < rule.semver {
                    problems.push(format!(
                        "`{}` has crate semver {}, below the table's {}",
                        rule.id, change.krate.semver, rule.semver
                    ));
                }
            }
        }
        let worse: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.level > rule.level && !self.also.contains(&c.id))
            .collect();
        if !worse.is_empty() {
            problems.push(format!(
                "changes worse than {}: {}",
                rule.level,
                worse.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
            ));
        }
        if problems.is_empty() {
            Ok(report)
        } else {
            Err(format!(
                "{} (OpenAPI {}): {}\n    old: {}\n    new: {}\n    reported: {}",
                rule.id,
                version.name(),
                problems.join("; "),
                shown(&old),
                shown(&new),
                listed(&report)
            ))
        }
    }
}

/// Where a schema sits, one per family of schema rules.
#[derive(Clone, Copy, Debug)]
enum Place {
    RequestParameter,
    RequestBody,
    RequestProperty,
    ResponseBody,
    ResponseProperty,
}

impl Place {
    const REQUEST: [Place; 3] = [
        Place::RequestParameter,
        Place::RequestBody,
        Place::RequestProperty,
    ];
    const RESPONSE: [Place; 2] = [Place::ResponseBody, Place::ResponseProperty];
    const ALL: [Place; 5] = [
        Place::RequestParameter,
        Place::RequestBody,
        Place::RequestProperty,
        Place::ResponseBody,
        Place::ResponseProperty,
    ];

    fn family(self) -> &'static str {
        match self {
            Place::RequestParameter => "request-parameter",
            Place::RequestBody => "request-body",
            Place::RequestProperty => "request-property",
            Place::ResponseBody => "response-body",
            Place::ResponseProperty => "response-property",
        }
    }

    /// The operation fragment with `schema` at this place.
    fn fragment(self, schema: Value) -> Value {
        let object = |s: Value| json!({"type": "object", "properties": {"p": s}});
        let body = |s: Value| json!({"content": {"application/json": {"schema": s}}});
        let response = |s: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": s}}}});
        match self {
            Place::RequestParameter => {
                json!({"parameters": [{"name": "q", "in": "query", "schema": schema}]})
            }
            Place::RequestBody => json!({"requestBody": body(schema)}),
            Place::RequestProperty => json!({"requestBody": body(object(schema))}),
            Place::ResponseBody => json!({"responses": response(schema)}),
            Place::ResponseProperty => json!({"responses": response(object(schema))}),
        }
    }
}

/// The schema cases, one line each: the check (the rule's id without its family), where it
/// applies (`request`: a parameter, the body and a property the client sends; `response`: the
/// body and a property it receives; `all` of these; or one family), the versions (`both`,
/// `3.0`, `3.1`), then the schema before and after, separated by ` | `. The schemas are in 3.0
/// form (3.1's keywords in a 3.1-only line); a document whose line refers to `Pet` has it.
const SCHEMA_CASES: &str = r##"
type-changed            all       both | {"type": "string"} | {"type": "integer"}
type-generalized        request   both | {"type": "integer"} | {"type": "number"}
list-of-types-narrowed  all       3.1  | {"type": ["string", "integer"]} | {"type": ["string"]}
list-of-types-widened   all       3.1  | {"type": ["string"]} | {"type": ["string", "integer"]}
became-enum             all       both | {"type": "string"} | {"type": "string", "enum": ["a", "b"]}
enum-removed            all       both | {"type": "string", "enum": ["a", "b"]} | {"type": "string"}
enum-value-added        all       both | {"type": "string", "enum": ["a"]} | {"type": "string", "enum": ["a", "b"]}
enum-value-removed      all       both | {"type": "string", "enum": ["a", "b"]} | {"type": "string", "enum": ["a"]}
max-length-decreased    request   both | {"type": "string", "maxLength": 20} | {"type": "string", "maxLength": 10}
max-length-increased    all       both | {"type": "string", "maxLength": 10} | {"type": "string", "maxLength": 20}
max-length-set          request   both | {"type": "string"} | {"type": "string", "maxLength": 10}
max-length-unset        response  both | {"type": "string", "maxLength": 10} | {"type": "string"}
min-length-increased    request   both | {"type": "string", "minLength": 1} | {"type": "string", "minLength": 5}
min-length-decreased    all       both | {"type": "string", "minLength": 5} | {"type": "string", "minLength": 1}
pattern-added           all       both | {"type": "string"} | {"type": "string", "pattern": "^[a-z]+$"}
pattern-removed         all       both | {"type": "string", "pattern": "^[a-z]+$"} | {"type": "string"}
pattern-changed         all       both | {"type": "string", "pattern": "^[a-z]+$"} | {"type": "string", "pattern": "^[a-z0-9]+$"}
max-decreased           request   both | {"type": "integer", "maximum": 20} | {"type": "integer", "maximum": 10}
max-increased           all       both | {"type": "integer", "maximum": 10} | {"type": "integer", "maximum": 20}
max-set                 request   both | {"type": "integer"} | {"type": "integer", "maximum": 10}
max-unset               response  both | {"type": "integer", "maximum": 10} | {"type": "integer"}
min-increased           request   both | {"type": "integer", "minimum": 1} | {"type": "integer", "minimum": 5}
min-decreased           all       both | {"type": "integer", "minimum": 5} | {"type": "integer", "minimum": 1}
min-set                 request   both | {"type": "integer"} | {"type": "integer", "minimum": 1}
min-unset               response  both | {"type": "integer", "minimum": 1} | {"type": "integer"}
max-items-decreased     request   both | {"type": "array", "items": {"type": "string"}, "maxItems": 10} | {"type": "array", "items": {"type": "string"}, "maxItems": 5}
max-items-increased     response  both | {"type": "array", "items": {"type": "string"}, "maxItems": 5} | {"type": "array", "items": {"type": "string"}, "maxItems": 10}
min-items-increased     request   both | {"type": "array", "items": {"type": "string"}, "minItems": 1} | {"type": "array", "items": {"type": "string"}, "minItems": 5}
min-items-decreased     response  both | {"type": "array", "items": {"type": "string"}, "minItems": 5} | {"type": "array", "items": {"type": "string"}, "minItems": 1}
became-nullable         all       both | {"type": "string"} | {"type": "string", "nullable": true}
became-not-nullable     all       both | {"type": "string", "nullable": true} | {"type": "string"}
default-value-changed   request   both | {"type": "string", "default": "a"} | {"type": "string", "default": "b"}
one-of-added            all       both | {"oneOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}]} | {"oneOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}, {"title": "C", "type": "boolean"}]}
one-of-removed          all       both | {"oneOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}, {"title": "C", "type": "boolean"}]} | {"oneOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}]}
any-of-added            all       both | {"anyOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}]} | {"anyOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}, {"title": "C", "type": "boolean"}]}
any-of-removed          all       both | {"anyOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}, {"title": "C", "type": "boolean"}]} | {"anyOf": [{"title": "A", "type": "string"}, {"title": "B", "type": "integer"}]}

# Other ways to write the same checks.
# Nullable on both sides: 3.1's `[integer, "null"]` to `[number, "null"]` is still a widening.
type-generalized        request-parameter  both | {"type": "integer", "nullable": true} | {"type": "number", "nullable": true}
type-generalized        request-body       both | {"type": "integer", "format": "int32"} | {"type": "integer", "format": "int64"}
type-changed            response-property  both | {"type": "integer", "format": "int32"} | {"type": "integer", "format": "int64"}
list-of-types-narrowed  response-property  3.1  | {"type": ["string", "integer", "null"]} | {"type": ["string", "null"]}
# Members without a name or title, one put first: the others are still there.
one-of-added            request-body       both | {"oneOf": [{"type": "string"}, {"type": "integer"}]} | {"oneOf": [{"type": "boolean"}, {"type": "string"}, {"type": "integer"}]}
one-of-added            response-property  both | {"oneOf": [{"type": "string"}, {"type": "integer"}]} | {"oneOf": [{"type": "boolean"}, {"type": "string"}, {"type": "integer"}]}
# 3.1's `const` is an enum of one value; a nullable enum lists `null` in 3.1.
enum-value-added        request-parameter  3.1  | {"type": "string", "const": "a"} | {"type": "string", "enum": ["a", "b"]}
enum-value-removed      request-body       both | {"type": "string", "nullable": true, "enum": ["a", "b"]} | {"type": "string", "nullable": true, "enum": ["a"]}
# 3.0's `exclusiveMaximum: true` qualifies `maximum`; 3.1's `exclusiveMaximum` is a bound of its own.
max-increased           response-property  both | {"type": "integer", "maximum": 10, "exclusiveMaximum": true} | {"type": "integer", "maximum": 20, "exclusiveMaximum": true}
min-increased           request-body       both | {"type": "number", "minimum": 0, "exclusiveMinimum": true} | {"type": "number", "minimum": 5, "exclusiveMinimum": true}
max-set                 request-parameter  3.1  | {"type": "integer"} | {"type": "integer", "exclusiveMaximum": 10}
min-unset               response-property  3.1  | {"type": "integer", "exclusiveMinimum": 0} | {"type": "integer"}
# A nullable component, each version's way.
became-nullable         response-body      3.0  | {"$ref": "#/components/schemas/Pet"} | {"allOf": [{"$ref": "#/components/schemas/Pet"}], "nullable": true}
became-not-nullable     response-body      3.0  | {"allOf": [{"$ref": "#/components/schemas/Pet"}], "nullable": true} | {"$ref": "#/components/schemas/Pet"}
became-nullable         response-body      3.1  | {"$ref": "#/components/schemas/Pet"} | {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}]}
became-not-nullable     response-body      3.1  | {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}]} | {"$ref": "#/components/schemas/Pet"}
"##;

/// The cases of [`SCHEMA_CASES`].
fn schema_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for line in SCHEMA_CASES.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split(" | ").collect();
        let head: Vec<&str> = parts[0].split_whitespace().collect();
        let ([old, new], [check, places, versions]) = (&parts[1..], &head[..]) else {
            panic!("not `check places versions | old | new`: {line}");
        };
        let places = match *places {
            "request" => Place::REQUEST.to_vec(),
            "response" => Place::RESPONSE.to_vec(),
            "all" => [Place::REQUEST.as_slice(), Place::RESPONSE.as_slice()].concat(),
            family => vec![
                Place::ALL
                    .into_iter()
                    .find(|p| p.family() == family)
                    .unwrap_or_else(|| panic!("no family `{family}`: {line}")),
            ],
        };
        let versions = match *versions {
            "both" => Versions::Both,
            "3.0" => Versions::Only30,
            "3.1" => Versions::Only31,
            other => panic!("no versions `{other}`: {line}"),
        };
        let schema = |text: &str| -> Value {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {line}"))
        };
        for place in places {
            let doc = |text: &str| {
                let doc = on_post(place.fragment(schema(text)));
                if line.contains("#/components/schemas/Pet") {
                    with_components(doc, pet())
                } else {
                    doc
                }
            };
            let id = format!("{}-{check}", place.family());
            cases.push(Case::new(&id, doc(old), doc(new)).only(versions));
        }
    }
    cases
}

/// Every case: [`SCHEMA_CASES`], then operations, parameters, bodies, properties, responses
/// and the document.
fn cases() -> Vec<Case> {
    let mut cases = schema_cases();

    // Operations removed: a whole path, or one of its operations.
    let (doc, none) = (document, || operation(json!({})));
    #[rustfmt::skip]
    let removals = [
        ("without-deprecation", json!({})),
        ("before-sunset", json!({"deprecated": true, "x-sunset": "2999-12-31"})),
        ("before-sunset", json!({"deprecated": true, "x-sunset": "2999-12-31T00:00:00Z"})),
        ("with-deprecation", json!({"deprecated": true})),
        ("with-deprecation", json!({"deprecated": true, "x-sunset": "2000-01-01"})),
    ];
    for (scope, removed) in removals {
        let gone = operation(removed);
        let (old, new) = (
            doc(json!({PETS: {"post": none()}, "/owners": {"get": gone}})),
            doc(json!({PETS: {"post": none()}})),
        );
        let id = format!("api-path-removed-{scope}");
        cases.push(Case::new(&id, old, new).at(at("GET", "/owners")));
        let (old, new) = (
            doc(json!({PETS: {"get": gone, "post": none()}})),
            doc(json!({PETS: {"post": none()}})),
        );
        let id = format!("api-removed-{scope}");
        cases.push(Case::new(&id, old, new).at(at("GET", PETS)));
    }
    let (one, two) = (
        json!({PETS: {"get": none()}}),
        json!({PETS: {"get": none(), "post": none()}}),
    );
    cases.push(Case::new("endpoint-added", doc(one), doc(two)));
    let schemes =
        json!({"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}});
    let secured = |fragment: Value| with_components(on_post(fragment), schemes.clone());
    let key = json!({"security": [{"key": []}]});
    cases.push(Case::new(
        "api-security-added",
        secured(json!({})),
        secured(key.clone()),
    ));
    cases.push(Case::new(
        "api-security-removed",
        secured(key),
        secured(json!({})),
    ));
    let oauth = json!({"securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "https://auth.example/token", "scopes": {"read": "", "write": ""}}}}}});
    let scoped = |scopes: Value| {
        with_components(
            on_post(json!({"security": [{"oauth": scopes}]})),
            oauth.clone(),
        )
    };
    cases.push(Case::new(
        "api-security-scope-added",
        scoped(json!(["read"])),
        scoped(json!(["read", "write"])),
    ));
    cases.push(Case::new(
        "api-security-scope-removed",
        scoped(json!(["read", "write"])),
        scoped(json!(["read"])),
    ));

    // Changes to `POST /pets`, from one fragment to the other.
    let empty = || json!({});
    let param = |at: &str, required: bool| {
        let parameter =
            json!({"name": "q", "in": at, "required": required, "schema": {"type": "string"}});
        json!({"parameters": [parameter]})
    };
    let body = |required: bool, media: &str| {
        let content: serde_json::Map<String, Value> = media
            .split(' ')
            .map(|m| (m.to_string(), json!({"schema": {"type": "object"}})))
            .collect();
        json!({"requestBody": {"required": required, "content": content}})
    };
    // An object of these string properties, those required.
    let object = |place: Place, names: &str, required: &str| {
        let string = |names: &str| {
            names
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let properties: serde_json::Map<String, Value> = string(names)
            .into_iter()
            .map(|p| (p, json!({"type": "string"})))
            .collect();
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = json!(string(required));
        }
        place.fragment(schema)
    };
    let sent = |names: &str, required: &str| object(Place::RequestBody, names, required);
    let got = |names: &str, required: &str| object(Place::ResponseBody, names, required);
    let statuses = |codes: &str| {
        let map: serde_json::Map<String, Value> = codes
            .split(' ')
            .map(|s| (s.to_string(), json!({"description": "a response"})))
            .collect();
        json!({"responses": map})
    };
    let media = |types: &str| {
        let content: serde_json::Map<String, Value> = types
            .split(' ')
            .map(|m| (m.to_string(), json!({"schema": {"type": "string"}})))
            .collect();
        json!({"responses": {"200": {"description": "ok", "content": content}}})
    };
    let (json, both) = ("application/json", "application/json application/xml");
    // The 200 response, with a `Rate-Limit` header (`Some(required)`) or without one.
    let header = |required: Option<bool>| {
        let mut response = json!({"description": "ok"});
        if let Some(required) = required {
            response["headers"] =
                json!({"Rate-Limit": {"required": required, "schema": {"type": "integer"}}});
        }
        json!({"responses": {"200": response}})
    };
    let items = |required: &str| {
        let mut item = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        if !required.is_empty() {
            item["properties"][required] = json!({"type": "string"});
            item["required"] = json!([required]);
        }
        Place::RequestBody.fragment(json!({"type": "array", "items": item}))
    };
    // An error response's object of these integer properties.
    let problem = |names: &[&str]| {
        let properties: serde_json::Map<String, Value> = names
            .iter()
            .map(|p| (p.to_string(), json!({"type": "integer"})))
            .collect();
        let schema = json!({"type": "object", "properties": properties});
        json!({"responses": {"200": {"description": "ok"}, "404": {"description": "gone",
            "content": {"application/json": {"schema": schema}}}}})
    };
    let in_content = |t: &str| {
        json!({"parameters": [{"name": "filter", "in": "query",
            "content": {"application/json": {"schema": {"type": t}}}}]})
    };
    #[rustfmt::skip]
    let table = [
        ("endpoint-deprecated", empty(), json!({"deprecated": true})),
        ("endpoint-reactivated", json!({"deprecated": true}), empty()),
        ("api-operation-id-removed", json!({"operationId": "addPet"}), empty()),
        ("api-operation-id-removed", json!({"operationId": "addPet"}), json!({"operationId": "newPet"})),
        ("api-operation-id-added", empty(), json!({"operationId": "addPet"})),
        ("api-tag-added", json!({"tags": ["pets"]}), json!({"tags": ["pets", "store"]})),
        ("api-tag-removed", json!({"tags": ["pets", "store"]}), json!({"tags": ["pets"]})),
        // Parameters.
        ("new-required-request-parameter", empty(), param("query", true)),
        ("new-required-request-parameter", empty(), param("header", true)),
        ("new-optional-request-parameter", empty(), param("query", false)),
        ("request-parameter-removed", param("query", false), empty()),
        ("request-parameter-became-required", param("query", false), param("query", true)),
        ("request-parameter-became-optional", param("query", true), param("query", false)),
        ("request-parameter-type-changed", in_content("object"), in_content("array")),
        // Request bodies.
        ("request-body-added-required", empty(), body(true, json)),
        ("request-body-added-optional", empty(), body(false, json)),
        ("request-body-removed", body(false, json), empty()),
        ("request-body-became-required", body(false, json), body(true, json)),
        ("request-body-became-optional", body(true, json), body(false, json)),
        ("request-body-media-type-added", body(true, json), body(true, both)),
        ("request-body-media-type-removed", body(true, both), body(true, json)),
        // Properties the client sends.
        ("new-required-request-property", sent("name", ""), sent("name tag", "tag")),
        ("new-required-request-property", items(""), items("tag")),
        ("new-optional-request-property", sent("name", ""), sent("name tag", "")),
        ("request-property-removed", sent("name tag", ""), sent("name", "")),
        ("request-property-became-required", sent("name", ""), sent("name", "name")),
        ("request-property-became-optional", sent("name", "name"), sent("name", "")),
        // Properties it receives.
        ("response-required-property-added", got("name", ""), got("name tag", "tag")),
        ("response-optional-property-added", got("name", ""), got("name tag", "")),
        ("response-required-property-removed", got("name tag", "tag"), got("name", "")),
        ("response-optional-property-removed", got("name tag", ""), got("name", "")),
        ("response-property-became-required", got("name", ""), got("name", "name")),
        ("response-property-became-optional", got("name", "name"), got("name", "")),
        ("response-optional-property-removed", problem(&["code", "detail"]), problem(&["code"])),
        // Responses; `default` is no success.
        ("response-success-status-added", statuses("200"), statuses("200 201")),
        ("response-success-status-removed", statuses("200 201"), statuses("200")),
        ("response-non-success-status-added", statuses("200"), statuses("200 404")),
        ("response-non-success-status-added", statuses("200"), statuses("200 default")),
        ("response-non-success-status-removed", statuses("200 404"), statuses("200")),
        ("response-media-type-added", media(json), media(both)),
        ("response-media-type-removed", media(both), media(json)),
        // Response headers, by name whatever its case.
        ("required-response-header-removed", header(Some(true)), header(None)),
        ("optional-response-header-removed", header(Some(false)), header(None)),
        ("response-header-became-optional", header(Some(true)), header(Some(false))),
    ];
    for (id, old, new) in table {
        cases.push(Case::post(id, old, new));
    }

    // The document: the base document with these top-level fields.
    let scheme = |scheme: Value| json!({"components": {"securitySchemes": {"key": scheme}}});
    let api_key = || scheme(json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
    let required = json!({"components": schemes, "security": [{"key": []}]});
    let servers = |urls: &str| {
        let list: Vec<Value> = urls.split(' ').map(|u| json!({"url": u})).collect();
        json!({"servers": list})
    };
    let (a, b, ab) = (
        "https://a.example",
        "https://b.example",
        "https://a.example https://b.example",
    );
    let pets = json!({"components": pet()});
    let global_scopes =
        |scopes: Value| json!({"components": oauth, "security": [{"oauth": scopes}]});
    #[rustfmt::skip]
    let table = [
        ("api-global-security-added", api_key(), required.clone()),
        ("api-global-security-removed", required, api_key()),
        ("api-global-security-scope-added", global_scopes(json!(["read"])), global_scopes(json!(["read", "write"]))),
        ("api-global-security-scope-removed", global_scopes(json!(["read", "write"])), global_scopes(json!(["read"]))),
        ("api-security-component-added", empty(), api_key()),
        ("api-security-component-removed", api_key(), empty()),
        ("api-security-component-type-changed", api_key(), scheme(json!({"type": "apiKey", "in": "query", "name": "X-Key"}))),
        ("api-security-component-type-changed", api_key(), scheme(json!({"type": "http", "scheme": "bearer"}))),
        ("api-security-component-type-changed", scheme(json!({"type": "http", "scheme": "basic"})), scheme(json!({"type": "http", "scheme": "bearer"}))),
        ("api-server-added", servers(a), servers(ab)),
        ("api-server-removed", servers(ab), servers(a)),
        ("api-schema-added", empty(), pets.clone()),
        ("api-schema-removed", pets, empty()),
    ];
    for (id, old, new) in table {
        cases.push(Case::top(id, old, new));
    }
    // The default server replaced: one added, and one removed, which is worse.
    cases.push(Case::top("api-server-added", servers(a), servers(b)).also(&["api-server-removed"]));
    cases
}

// ---------------------------------------------------------------------------------------------
// The rule cases.

#[test]
fn every_rule_has_a_case() {
    let table: BTreeSet<&str> = rules::all().map(|r| r.id).collect();
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.rule.id).collect();
    let untested: Vec<&&str> = table.difference(&covered).collect();
    assert!(untested.is_empty(), "rules without a case: {untested:?}");
    // Cases are built from the table's ids, so none is outside it; the sets are equal.
    assert_eq!(table, covered);
}

#[test]
fn each_rule_reports_its_id_level_and_operation() {
    let mut failures = Vec::new();
    let mut runs = 0;
    for case in cases() {
        for &version in case.versions.list() {
            runs += 1;
            if let Err(failure) = case.check(version) {
                failures.push(failure);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {runs} runs failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_crate_bump_is_major_whenever_a_change_is_an_error() {
    for case in cases() {
        for &version in case.versions.list() {
            let report = diff::compare(&version.of(&case.old), &version.of(&case.new));
            if report.changes.iter().any(|c| c.level == Level::Error) {
                assert_eq!(
                    report.semver(),
                    Semver::Major,
                    "{} ({}): {}",
                    case.rule.id,
                    version.name(),
                    listed(&report)
                );
            }
            // Never less than the largest change's, never more.
            let largest = report.changes.iter().map(|c| c.krate.semver).max();
            assert_eq!(Some(report.semver()), largest.or(Some(Semver::None)));
        }
    }
}

#[test]
fn a_document_upgraded_to_3_1_reports_nothing() {
    let mut failures = BTreeSet::new();
    for case in cases() {
        if case.versions != Versions::Both {
            continue;
        }
        for doc in [&case.old, &case.new] {
            let report = diff::compare(doc, &to_31(doc));
            if !report.is_empty() {
                failures.insert(format!(
                    "{} against its 3.1 form reports {}",
                    shown(doc),
                    listed(&report)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}",
        failures.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn equivalent_pairs_report_nothing() {
    let get = |path: &str, fragment: Value| document(json!({path: {"get": operation(fragment)}}));
    let string = json!({"type": "string"});
    let by_id = |name: &str| json!({"parameters": [{"name": name, "in": "path", "required": true, "schema": string}]});
    let trace = |name: &str| json!({"name": name, "in": "header", "schema": string});
    let limit = json!({"name": "limit", "in": "query", "schema": {"type": "integer"}});
    let header = |name: &str| json!({"parameters": [trace(name)]});
    let content = |media: &str| json!({"responses": {"200": {"description": "ok", "content": {media: {"schema": string}}}}});
    let status = |code: &str| json!({"responses": {code: {"description": "ok"}}});
    let object = |required: [&str; 2], values: [&str; 2]| {
        returns(
            json!({"type": "object", "required": required, "properties": {
            "a": {"type": "string", "enum": values}, "b": string}}),
        )
    };
    let in_components =
        |fragment: Value, components: Value| with_components(get(PETS, fragment), components);
    let pet_schema = pet()["schemas"]["Pet"].clone();
    let item = json!({"post": operation(header("X-Trace"))});
    let in_31 = |schema: Value| on_post(Place::ResponseProperty.fragment(schema));
    // What changes, before, after, and whether the pair is 3.1's only.
    #[rustfmt::skip]
    let pairs = [
        ("a path parameter renamed", get("/pets/{id}", by_id("id")), get("/pets/{petId}", by_id("petId")), false),
        ("a trailing slash", get("/pets", json!({})), get("/pets/", json!({})), false),
        ("a header parameter's case", get(PETS, header("X-Trace")), get(PETS, header("x-trace")), false),
        ("parameters reordered", get(PETS, json!({"parameters": [trace("X-Trace"), limit]})), get(PETS, json!({"parameters": [limit, trace("X-Trace")]})), false),
        ("a media type's parameters", get(PETS, content("application/json")), get(PETS, content("application/json; charset=utf-8")), false),
        ("a status range's case", get(PETS, status("2XX")), get(PETS, status("2xx")), false),
        ("descriptions and summaries", get(PETS, json!({"summary": "a"})), get(PETS, json!({"summary": "b", "description": "c"})), false),
        ("enum values and required properties reordered", get(PETS, object(["a", "b"], ["x", "y"])), get(PETS, object(["b", "a"], ["y", "x"])), false),
        ("a schema as the only part of an `allOf`", get(PETS, returns(string.clone())), get(PETS, returns(json!({"allOf": [string]}))), false),
        ("a component's schema written inline", in_components(returns(schema_ref("Pet")), pet()), in_components(returns(pet_schema), pet()), false),
        (
            "a parameter moved to components",
            get(PETS, header("X-Trace")),
            in_components(json!({"parameters": [{"$ref": "#/components/parameters/Trace"}]}), json!({"parameters": {"Trace": trace("X-Trace")}})),
            false,
        ),
        (
            "a parameter moved from the operation to its path item",
            get(PETS, header("X-Trace")),
            document(json!({PETS: {"parameters": [trace("X-Trace")], "get": operation(json!({}))}})),
            false,
        ),
        (
            "a request body moved to components",
            get(PETS, json!({"requestBody": json_body(string.clone())})),
            in_components(json!({"requestBody": {"$ref": "#/components/requestBodies/Text"}}), json!({"requestBodies": {"Text": json_body(string.clone())}})),
            false,
        ),
        ("a type list reordered", in_31(json!({"type": ["string", "integer", "null"]})), in_31(json!({"type": ["null", "integer", "string"]})), true),
        ("a type as a list of one", in_31(json!({"type": "string"})), in_31(json!({"type": ["string"]})), true),
        (
            "a path item moved to components",
            document(json!({PETS: item})),
            with_components(document(json!({PETS: {"$ref": "#/components/pathItems/Pets"}})), json!({"pathItems": {"Pets": item}})),
            true,
        ),
    ];
    for (what, old, new, only_31) in pairs {
        let versions = if only_31 {
            Versions::Only31
        } else {
            Versions::Both
        };
        for &version in versions.list() {
            let report = diff::compare(&version.of(&old), &version.of(&new));
            assert!(
                report.is_empty(),
                "{what} ({}) reports {}",
                version.name(),
                listed(&report)
            );
        }
    }
}

/// A component `Pet`.
fn pet() -> Value {
    json!({"schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"},
        "tag": {"type": "string", "nullable": true},
    }}}})
}

// ---------------------------------------------------------------------------------------------
// What carries a change to an operation.

/// The `(id, operation)` of each change, for comparing with what a test expects.
fn found(report: &Report) -> BTreeSet<(String, Option<Operation>)> {
    report
        .changes
        .iter()
        .map(|c| (c.id.to_string(), c.operation.clone()))
        .collect()
}

fn expected(list: &[(&str, Option<Operation>)]) -> BTreeSet<(String, Option<Operation>)> {
    list.iter()
        .map(|(id, op)| ((*id).to_string(), op.clone()))
        .collect()
}

/// Compares `old` and `new` in both versions, each report's changes exactly `list`.
fn assert_reports(what: &str, old: &Value, new: &Value, list: &[(&str, Option<Operation>)]) {
    for version in [Version::V30, Version::V31] {
        let report = diff::compare(&version.of(old), &version.of(new));
        assert_eq!(
            found(&report),
            expected(list),
            "{what} ({}): {}",
            version.name(),
            listed(&report)
        );
    }
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn json_body(schema: Value) -> Value {
    json!({"content": {"application/json": {"schema": schema}}})
}

fn returns(schema: Value) -> Value {
    json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}})
}

#[test]
fn a_shared_component_change_is_reported_at_each_operation() {
    let doc = |name: Value| {
        with_components(
            document(json!({
                "/pets": {
                    "get": operation(returns(json!({"type": "array", "items": schema_ref("Pet")}))),
                    "post": operation(json!({"requestBody": json_body(schema_ref("Pet"))})),
                },
                "/pets/{id}": {
                    "get": operation(json!({
                        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                        "responses": returns(schema_ref("Pet"))["responses"],
                    })),
                },
            })),
            json!({"schemas": {"Pet": {"type": "object", "properties": {"name": name}}}}),
        )
    };
    assert_reports(
        "Pet.name from string to integer",
        &doc(json!({"type": "string"})),
        &doc(json!({"type": "integer"})),
        &[
            ("response-property-type-changed", at("GET", "/pets")),
            ("request-property-type-changed", at("POST", "/pets")),
            ("response-property-type-changed", at("GET", "/pets/{id}")),
        ],
    );
    // The same through a shared parameter.
    let doc = |schema: Value| {
        with_components(
            document(json!({
                "/pets": {"get": operation(json!({"parameters": [{"$ref": "#/components/parameters/Limit"}]}))},
                "/owners": {"get": operation(json!({"parameters": [{"$ref": "#/components/parameters/Limit"}]}))},
            })),
            json!({"parameters": {"Limit": {"name": "limit", "in": "query", "schema": schema}}}),
        )
    };
    assert_reports(
        "the shared parameter `limit` got a maximum",
        &doc(json!({"type": "integer"})),
        &doc(json!({"type": "integer", "maximum": 100})),
        &[
            ("request-parameter-max-set", at("GET", "/pets")),
            ("request-parameter-max-set", at("GET", "/owners")),
        ],
    );
}

#[test]
fn changes_through_all_of() {
    let doc = |base: Value, extra: Value| {
        with_components(
            document(json!({
                "/pets": {
                    "get": operation(returns(schema_ref("Pet"))),
                    "post": operation(json!({"requestBody": json_body(schema_ref("Pet"))})),
                },
            })),
            json!({"schemas": {
                "Base": base,
                "Pet": {"allOf": [schema_ref("Base"), extra]},
            }}),
        )
    };
    let base = |id: &str| json!({"type": "object", "required": ["id"], "properties": {"id": {"type": id}}});
    let extra = |required: &[&str]| json!({"type": "object", "required": required, "properties": {"tag": {"type": "string"}}});
    assert_reports(
        "a property of the first allOf part changed type",
        &doc(base("string"), extra(&[])),
        &doc(base("integer"), extra(&[])),
        &[
            ("response-property-type-changed", at("GET", "/pets")),
            ("request-property-type-changed", at("POST", "/pets")),
        ],
    );
    assert_reports(
        "a property of the second allOf part became required",
        &doc(base("string"), extra(&[])),
        &doc(base("string"), extra(&["tag"])),
        &[
            ("response-property-became-required", at("GET", "/pets")),
            ("request-property-became-required", at("POST", "/pets")),
        ],
    );
}

#[test]
fn changes_through_one_of_and_any_of() {
    let doc = |meow: &str, bark: &[&str]| {
        with_components(
            document(json!({
                "/pets": {
                    "get": operation(returns(json!({"oneOf": [schema_ref("Cat"), schema_ref("Dog")]}))),
                    "post": operation(json!({"requestBody": json_body(json!({"anyOf": [schema_ref("Cat"), schema_ref("Dog")]}))})),
                },
            })),
            json!({"schemas": {
                "Cat": {"type": "object", "properties": {"meow": {"type": meow}}},
                "Dog": {"type": "object", "properties": {"bark": {"type": "string", "enum": bark}}},
            }}),
        )
    };
    assert_reports(
        "Cat.meow changed type, Dog.bark got an enum value",
        &doc("string", &["woof"]),
        &doc("integer", &["woof", "yip"]),
        &[
            ("response-property-type-changed", at("GET", "/pets")),
            ("response-property-enum-value-added", at("GET", "/pets")),
            ("request-property-type-changed", at("POST", "/pets")),
            ("request-property-enum-value-added", at("POST", "/pets")),
        ],
    );
}

#[test]
fn changes_in_nested_properties_and_items() {
    let nested = |max: u64| {
        json!({"type": "object", "properties": {"owner": {"type": "object", "properties": {
            "pets": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string", "maxLength": max},
            }}},
        }}}})
    };
    let doc = |max: u64, values: &[&str]| {
        document(json!({
            "/pets": {
                "get": operation(returns(nested(max))),
                "post": operation(json!({"requestBody": json_body(nested(max))})),
            },
            "/tags": {
                "get": operation(returns(json!({"type": "array", "items": {"type": "string", "enum": values}}))),
            },
        }))
    };
    let (old, new) = (doc(10, &["a"]), doc(20, &["a", "b"]));
    assert_reports(
        "owner/pets/items/name's maxLength grew; an array's items got an enum value",
        &old,
        &new,
        &[
            ("response-property-max-length-increased", at("GET", "/pets")),
            ("request-property-max-length-increased", at("POST", "/pets")),
            ("response-property-enum-value-added", at("GET", "/tags")),
        ],
    );
    let report = diff::compare(&old, &new);
    for change in report
        .changes
        .iter()
        .filter(|c| c.id.ends_with("max-length-increased"))
    {
        assert!(
            change.message.contains("owner/pets/items/name"),
            "the message names the property's path: {}",
            change.message
        );
    }
}

#[test]
fn changes_in_the_values_of_a_map() {
    // `additionalProperties` holds the values of a map (`HashMap<String, T>`), as `items`
    // holds an array's: a change to it is a change to a property of what is sent or received.
    let doc = |values: Value| {
        let map = json!({"type": "object", "additionalProperties": values});
        document(json!({PETS: {
            "get": operation(returns(map.clone())),
            "post": operation(json!({"requestBody": json_body(map)})),
        }}))
    };
    assert_reports(
        "a map's values changed from string to integer",
        &doc(json!({"type": "string"})),
        &doc(json!({"type": "integer"})),
        &[
            ("response-property-type-changed", at("GET", PETS)),
            ("request-property-type-changed", at("POST", PETS)),
        ],
    );
    assert_reports(
        "a map's values got a new enum value",
        &doc(json!({"type": "string", "enum": ["a"]})),
        &doc(json!({"type": "string", "enum": ["a", "b"]})),
        &[
            ("response-property-enum-value-added", at("GET", PETS)),
            ("request-property-enum-value-added", at("POST", PETS)),
        ],
    );
}

#[test]
fn shared_bodies_responses_and_path_parameters() {
    // A request body and a response in components, each used by two operations.
    let doc = |code: &str| {
        with_components(
            document(json!({
                "/pets": {
                    "post": operation(json!({
                        "requestBody": {"$ref": "#/components/requestBodies/Pet"},
                        "responses": {"200": {"description": "ok"}, "400": {"$ref": "#/components/responses/Problem"}},
                    })),
                },
                "/pets/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "put": operation(json!({
                        "requestBody": {"$ref": "#/components/requestBodies/Pet"},
                        "responses": {"200": {"description": "ok"}, "400": {"$ref": "#/components/responses/Problem"}},
                    })),
                },
            })),
            json!({
                "requestBodies": {"Pet": json_body(json!({"type": "object", "properties": {"code": {"type": code}}}))},
                "responses": {"Problem": {"description": "a problem", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"code": {"type": code}},
                }}}}},
            }),
        )
    };
    assert_reports(
        "`code` changed type in a shared request body and a shared response",
        &doc("string"),
        &doc("integer"),
        &[
            ("request-property-type-changed", at("POST", "/pets")),
            ("response-property-type-changed", at("POST", "/pets")),
            ("request-property-type-changed", at("PUT", "/pets/{id}")),
            ("response-property-type-changed", at("PUT", "/pets/{id}")),
        ],
    );
    // A parameter of the path item is every operation's.
    let doc = |required: bool| {
        document(json!({PETS: {
            "parameters": [{"name": "owner", "in": "query", "required": required, "schema": {"type": "string"}}],
            "get": operation(json!({})),
            "post": operation(json!({})),
        }}))
    };
    assert_reports(
        "the path item's parameter became required",
        &doc(false),
        &doc(true),
        &[
            ("request-parameter-became-required", at("GET", PETS)),
            ("request-parameter-became-required", at("POST", PETS)),
        ],
    );
}

#[test]
fn read_only_and_write_only_properties_go_one_way() {
    let doc = |extra: Option<(&str, &str)>| {
        let mut pet = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        if let Some((name, flag)) = extra {
            pet["properties"][name] = json!({"type": "string", flag: true});
            pet["required"] = json!([name]);
        }
        with_components(
            document(json!({PETS: {
                "get": operation(returns(schema_ref("Pet"))),
                "post": operation(json!({"requestBody": json_body(schema_ref("Pet"))})),
            }})),
            json!({"schemas": {"Pet": pet}}),
        )
    };
    assert_reports(
        "a required readOnly property added: the client receives it, never sends it",
        &doc(None),
        &doc(Some(("id", "readOnly"))),
        &[("response-required-property-added", at("GET", PETS))],
    );
    assert_reports(
        "a required writeOnly property added: the client sends it, never receives it",
        &doc(None),
        &doc(Some(("password", "writeOnly"))),
        &[("new-required-request-property", at("POST", PETS))],
    );
}

#[test]
fn a_change_in_a_web_of_references_is_reported_a_bounded_number_of_times() {
    // Eight schemas, each with a property referring to each of the others (as the objects of
    // large APIs refer to each other), one of them edited.
    let n = 8;
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let mut properties = serde_json::Map::new();
        for j in (0..n).filter(|j| *j != i) {
            properties.insert(format!("s{j}"), schema_ref(&format!("S{j}")));
        }
        properties.insert("name".to_string(), json!({"type": "string"}));
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": properties}),
        );
    }
    let old = with_components(
        on_post(returns(schema_ref("S0"))),
        json!({"schemas": schemas}),
    );
    let mut new = old.clone();
    new["components"]["schemas"][format!("S{}", n - 1)]["properties"]["name"] =
        json!({"type": "integer"});
    let started = std::time::Instant::now();
    let report = compare_in_time(old, new);
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.id == "response-property-type-changed"),
        "{}",
        listed(&report)
    );
    // One edit: reported where the edited schema is reached from each schema that refers to
    // it (at most once per schema), not once per path through the web.
    assert!(
        !report.is_empty() && report.changes.len() <= n,
        "one edit reported {} times (in {:?}), the first: {}",
        report.changes.len(),
        started.elapsed(),
        listed(&Report {
            changes: report.changes.iter().take(3).cloned().collect()
        })
    );
}

#[test]
fn a_wide_chain_of_references_is_compared_in_time() {
    // Twenty schemas, each referring to the next twice: a million paths, twenty-one schemas.
    let depth = 20;
    let mut schemas = serde_json::Map::new();
    for i in 0..depth {
        let next = schema_ref(&format!("S{}", i + 1));
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": {"left": next, "right": next}}),
        );
    }
    schemas.insert(format!("S{depth}"), json!({"type": "string"}));
    let doc = with_components(
        on_post(returns(schema_ref("S0"))),
        json!({"schemas": schemas}),
    );
    assert!(compare_in_time(doc.clone(), doc).is_empty());
}

/// `compare` in a thread of its own, within ten seconds.
fn compare_in_time(old: Value, new: Value) -> Report {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        let _ = send.send(diff::compare(&old, &new));
    });
    receive
        .recv_timeout(Duration::from_secs(10))
        .expect("the comparison ends")
}

#[test]
fn ref_cycles_terminate() {
    // A tree: Node's children are Nodes.
    let tree = |name: &str| {
        with_components(
            on_post(json!({
                "requestBody": json_body(schema_ref("Node")),
                "responses": returns(schema_ref("Node"))["responses"],
            })),
            json!({"schemas": {"Node": {"type": "object", "properties": {
                "name": {"type": name},
                "children": {"type": "array", "items": schema_ref("Node")},
                "parent": schema_ref("Node"),
            }}}}),
        )
    };
    for version in [Version::V30, Version::V31] {
        let (old, new) = (version.of(&tree("string")), version.of(&tree("integer")));
        assert!(compare_in_time(old.clone(), old.clone()).is_empty());
        let report = compare_in_time(old, new);
        assert_eq!(
            found(&report),
            expected(&[
                ("request-property-type-changed", at("POST", PETS)),
                ("response-property-type-changed", at("POST", PETS)),
            ]),
            "{}",
            listed(&report)
        );
    }
    // Two Nodes in turn, each the other's child.
    let pair = |name: &str| {
        with_components(
            on_post(returns(schema_ref("A"))),
            json!({"schemas": {
                "A": {"type": "object", "properties": {"b": schema_ref("B"), "name": {"type": name}}},
                "B": {"type": "object", "properties": {"a": schema_ref("A")}},
            }}),
        )
    };
    let report = compare_in_time(pair("string"), pair("integer"));
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.id == "response-property-type-changed"),
        "{}",
        listed(&report)
    );
    assert!(!report.is_empty());
    // References that only lead to each other, and a schema that is its own `allOf`.
    let knot = with_components(
        on_post(json!({
            "requestBody": json_body(schema_ref("Self")),
            "responses": returns(schema_ref("A"))["responses"],
        })),
        json!({"schemas": {
            "A": schema_ref("B"),
            "B": schema_ref("A"),
            "Self": {"allOf": [schema_ref("Self"), {"type": "object", "properties": {"x": schema_ref("Self")}}]},
        }}),
    );
    assert!(compare_in_time(knot.clone(), knot.clone()).is_empty());
    let mut loose = knot.clone();
    loose["components"]["schemas"]["Self"]["allOf"][1]["properties"]["y"] =
        json!({"type": "string"});
    let report = compare_in_time(knot, loose);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.id == "new-optional-request-property"),
        "{}",
        listed(&report)
    );
}

// ---------------------------------------------------------------------------------------------
// Reading.

const PETS_YAML: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: '1'
servers:
  - url: https://pets.example.com
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: string}
        - name: fields
          in: query
          schema:
            type: array
            items: {type: string, enum: [name, tag]}
      responses:
        '200':
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404':
          description: no such pet
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '204':
          description: replaced
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 64, pattern: '^[A-Za-z ]+$'}
        tag: {type: string, nullable: true}
        age: {type: integer, format: int32, minimum: 0}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security:
  - key: []
"#;

/// JSON text of `value` with every object's keys in reverse order.
fn reversed_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), reversed_json(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Array(list) => {
            let items: Vec<String> = list.iter().map(reversed_json).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

fn read(name: &str, text: &str) -> Value {
    diff::read_bytes(Path::new(name), text.as_bytes())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .value
}

#[test]
fn one_document_as_yaml_and_json_with_keys_in_any_order_reports_nothing() {
    let yaml = read("pets.yaml", PETS_YAML);
    for version in [Version::V30, Version::V31] {
        let value = version.of(&yaml);
        let texts = [
            ("written.yaml", serde_yaml::to_string(&value).expect("YAML")),
            (
                "sorted.json",
                serde_json::to_string_pretty(&value).expect("JSON"),
            ),
            ("reversed.json", reversed_json(&value)),
        ];
        let mut documents = vec![("pets.yaml", value.clone())];
        if version == Version::V30 {
            documents.push(("as written.yaml", read("as written.yaml", PETS_YAML)));
        }
        for (name, text) in &texts {
            documents.push((name, read(name, text)));
        }
        for (a, x) in &documents {
            for (b, y) in &documents {
                let report = diff::compare(x, y);
                assert!(
                    report.is_empty(),
                    "{a} against {b} ({}): {}",
                    version.name(),
                    listed(&report)
                );
            }
        }
    }
    // And a change made to one of them is seen: a shorter `maxLength` breaks what the client
    // sends, not what it receives.
    let mut changed = yaml.clone();
    changed["components"]["schemas"]["Pet"]["properties"]["name"]["maxLength"] = json!(32);
    let report = diff::compare(&yaml, &read("changed.json", &reversed_json(&changed)));
    assert_eq!(
        found(&report),
        expected(&[(
            "request-property-max-length-decreased",
            at("PUT", "/pets/{id}")
        )]),
        "{}",
        listed(&report)
    );
}

// ---------------------------------------------------------------------------------------------
// The providers' specs.

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(name)
}

fn spec(name: &str) -> Value {
    diff::read(&spec_path(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .value
}

const SPECS: [&str; 4] = [
    "dynatrace-cluster.yaml",
    "gcore-iam.yaml",
    "influxdb-cloud-dedicated.yaml",
    "netbird.json",
];

#[test]
fn each_spec_against_itself_reports_nothing() {
    for name in SPECS {
        let (a, b) = (spec(name), spec(name));
        let report = diff::compare(&a, &b);
        assert!(report.is_empty(), "{name}: {}", listed(&report));
        assert_eq!(report.semver(), Semver::None);
    }
}

/// An edit to a copy of a spec, and the change it must report.
struct SpecEdit {
    spec: &'static str,
    what: &'static str,
    /// Edits the old copy, then the new one.
    edit: fn(&mut Value, &mut Value),
    id: &'static str,
    method: &'static str,
    path: &'static str,
}

fn force(required: bool) -> Value {
    json!({"name": "force", "in": "query", "required": required, "schema": {"type": "boolean"}})
}

fn push(list: &mut Value, item: Value) {
    list.as_array_mut().expect("a list").push(item);
}

#[test]
fn each_spec_against_an_edited_copy() {
    const DYNATRACE: &str = "/api/cluster/v2/tokens/{id}";
    const GCORE: &str = "/iam/v2/clients/{clientId}/tokens/{tokenId}";
    const INFLUX: &str = "/accounts/{accountId}/clusters/{clusterId}/tokens/{tokenId}";
    const NETBIRD: &str = "/api/users/{userId}/tokens/{tokenId}";
    let edits = [
        SpecEdit {
            spec: "dynatrace-cluster.yaml",
            what: "an enum value added to a response property, three schemas down",
            edit: |_, new| {
                push(
                    &mut new["components"]["schemas"]["ConstraintViolation"]["properties"]["parameterLocation"]
                        ["enum"],
                    json!("COOKIE"),
                );
            },
            id: "response-property-enum-value-added",
            method: "DELETE",
            path: DYNATRACE,
        },
        SpecEdit {
            spec: "dynatrace-cluster.yaml",
            what: "a query parameter made required",
            edit: |old, new| {
                push(
                    &mut old["paths"][DYNATRACE]["delete"]["parameters"],
                    force(false),
                );
                push(
                    &mut new["paths"][DYNATRACE]["delete"]["parameters"],
                    force(true),
                );
            },
            id: "request-parameter-became-required",
            method: "DELETE",
            path: DYNATRACE,
        },
        SpecEdit {
            spec: "gcore-iam.yaml",
            what: "a shared path parameter's type changed",
            edit: |_, new| {
                new["components"]["parameters"]["TokenID"]["schema"] = json!({"type": "string"});
            },
            id: "request-parameter-type-changed",
            method: "DELETE",
            path: GCORE,
        },
        SpecEdit {
            spec: "gcore-iam.yaml",
            what: "the operation removed",
            edit: |_, new| {
                new["paths"][GCORE]
                    .as_object_mut()
                    .expect("a path item")
                    .remove("delete");
            },
            id: "api-path-removed-without-deprecation",
            method: "DELETE",
            path: GCORE,
        },
        SpecEdit {
            spec: "influxdb-cloud-dedicated.yaml",
            what: "a required response property made optional",
            edit: |_, new| {
                new["components"]["schemas"]["Error"]["required"] = json!(["message"]);
            },
            id: "response-property-became-optional",
            method: "DELETE",
            path: INFLUX,
        },
        SpecEdit {
            spec: "influxdb-cloud-dedicated.yaml",
            what: "a required query parameter added",
            edit: |_, new| {
                push(
                    &mut new["paths"][INFLUX]["delete"]["parameters"],
                    force(true),
                );
            },
            id: "new-required-request-parameter",
            method: "DELETE",
            path: INFLUX,
        },
        SpecEdit {
            spec: "netbird.json",
            what: "the operation removed",
            edit: |_, new| {
                new["paths"].as_object_mut().expect("paths").remove(NETBIRD);
            },
            id: "api-path-removed-without-deprecation",
            method: "DELETE",
            path: NETBIRD,
        },
        SpecEdit {
            spec: "netbird.json",
            what: "a deprecated operation removed",
            edit: |old, new| {
                old["paths"][NETBIRD]["delete"]["deprecated"] = json!(true);
                new["paths"].as_object_mut().expect("paths").remove(NETBIRD);
            },
            id: "api-path-removed-with-deprecation",
            method: "DELETE",
            path: NETBIRD,
        },
        SpecEdit {
            spec: "netbird.json",
            what: "one of two security alternatives removed",
            edit: |_, new| {
                new["paths"][NETBIRD]["delete"]["security"] = json!([{"BearerAuth": []}]);
            },
            id: "api-security-removed",
            method: "DELETE",
            path: NETBIRD,
        },
    ];
    let mut failures = Vec::new();
    for edit in edits {
        let (mut old, mut new) = (spec(edit.spec), spec(edit.spec));
        (edit.edit)(&mut old, &mut new);
        let rule = rules::get(edit.id).expect("a rule");
        let report = diff::compare(&old, &new);
        let operation = at(edit.method, edit.path);
        let hit = report
            .changes
            .iter()
            .any(|c| c.id == edit.id && c.level == rule.level && c.operation == operation);
        let worse = report.changes.iter().any(|c| c.level > rule.level);
        if !hit || worse {
            failures.push(format!(
                "{} ({}): expected `{}` ({}) at {} and nothing worse; reported {}",
                edit.spec,
                edit.what,
                edit.id,
                rule.level,
                edit.method,
                listed(&report)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The report.

#[test]
fn the_crate_bump() {
    let one = document(json!({PETS: {"get": operation(json!({}))}}));
    let two = document(json!({PETS: {"get": operation(json!({})), "post": operation(json!({}))}}));
    for version in [Version::V30, Version::V31] {
        let (one, two) = (version.of(&one), version.of(&two));
        let unchanged = diff::compare(&one, &one);
        assert!(unchanged.is_empty());
        assert_eq!(unchanged.semver(), Semver::None);
        assert_eq!(unchanged.json()["semver"], json!("none"));

        let added = diff::compare(&one, &two);
        assert_eq!(
            found(&added),
            expected(&[("endpoint-added", at("POST", PETS))])
        );
        assert_eq!(added.semver(), Semver::Minor, "{}", listed(&added));

        let removed = diff::compare(&two, &one);
        assert_eq!(removed.worst(), Some(Level::Error));
        assert_eq!(removed.semver(), Semver::Major);
        assert_eq!(removed.json()["semver"], json!("major"));
    }
}

#[test]
fn the_report_is_sorted_by_operation_then_worst_first_then_id() {
    let old = document(json!({
        "/a": {"get": operation(json!({})), "post": operation(json!({}))},
        "/b": {"get": operation(json!({"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}]}))},
    }));
    let mut new = document(json!({
        "/a": {"get": operation(json!({"deprecated": true, "tags": ["t"]}))},
        "/b": {"get": operation(json!({"parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "integer"}}]}))},
    }));
    new["servers"] = json!([{"url": "https://a.example.com"}]);
    let report = diff::compare(&old, &new);
    assert!(report.changes.len() >= 5, "{}", listed(&report));
    let key = |c: &Change| (c.operation.clone(), std::cmp::Reverse(c.level), c.id);
    assert!(
        report.changes.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "{}",
        listed(&report)
    );
}

#[test]
fn the_report_as_json() {
    let old = top_level(json!({"servers": [{"url": "https://a.example.com"}]}));
    let mut new = top_level(json!({"servers": [{"url": "https://b.example.com"}]}));
    new["paths"]["/owners"] = json!({"get": operation(json!({"operationId": "listOwners"}))});
    let report = diff::compare(&old, &new);
    let value = report.json();
    let keys = |v: &Value| -> BTreeSet<String> {
        v.as_object()
            .unwrap_or_else(|| panic!("an object: {v}"))
            .keys()
            .cloned()
            .collect()
    };
    let set = |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
    assert_eq!(keys(&value), set(&["changes", "semver"]));
    assert_eq!(value["semver"], json!(report.semver().as_str()));
    let changes = value["changes"].as_array().expect("a list");
    assert_eq!(changes.len(), report.changes.len());
    let (mut at_document, mut at_operation) = (0, 0);
    for (json, change) in changes.iter().zip(&report.changes) {
        assert_eq!(
            keys(json),
            set(&["id", "level", "operation", "message", "crate"])
        );
        assert_eq!(json["id"], json!(change.id));
        assert_eq!(json["level"], json!(change.level.as_str()));
        assert_eq!(json["message"], json!(change.message));
        match &change.operation {
            None => {
                at_document += 1;
                assert!(json["operation"].is_null());
            }
            Some(op) => {
                at_operation += 1;
                assert_eq!(keys(&json["operation"]), set(&["method", "path"]));
                assert_eq!(
                    json["operation"],
                    json!({"method": op.method, "path": op.path})
                );
            }
        }
        assert_eq!(keys(&json["crate"]), set(&["semver", "message"]));
        assert_eq!(json["crate"]["semver"], json!(change.krate.semver.as_str()));
        match &change.krate.message {
            Some(message) => assert_eq!(json["crate"]["message"], json!(message)),
            None => assert!(json["crate"]["message"].is_null()),
        }
    }
    // A server added and one removed, at the document; an operation added.
    assert_eq!((at_document, at_operation), (2, 1), "{}", listed(&report));
    assert_eq!(
        changes
            .iter()
            .filter(|c| c["crate"]["message"].is_string())
            .count(),
        2,
        "the new default server and the new method say what they do to the crate: {value}"
    );
}
