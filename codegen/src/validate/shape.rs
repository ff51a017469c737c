//! The shape of the document: required fields present, every field of the type
//! OpenAPI says, every problem reported at once.
//!
//! `openapiv3` reads a whole document in one go and stops at its first problem,
//! with messages that name its own Rust types (`untagged enum SchemaKind`).
//! Here each piece (the info object, each server, path item, operation,
//! parameter, response, component…) is read on its own, so every piece that
//! does not fit is reported, at its place; and every schema's keywords are
//! checked first, so that a bad schema is named precisely, in OpenAPI's words.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;

use crate::openapi::pointer::{below, pointer};
use crate::openapi::walk::{self, METHODS};
use crate::validate::references::type_name;

/// Checks every schema's keywords; the places of those reported.
#[cfg(test)]
fn schemas(root: &Map<String, Value>, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut bad_schemas: Vec<String> = Vec::new();
    walk::document(root, &mut |value, at| {
        schema(value, at, diagnostics, &mut bad_schemas);
    });
    bad_schemas
}

/// Checks one schema's keywords (the schema at `at`), adding its place to `bad_schemas` when
/// it reports a problem.
pub(crate) fn schema(
    schema: &Value,
    at: &[walk::Segment<'_>],
    diagnostics: &mut Diagnostics,
    bad_schemas: &mut Vec<String>,
) {
    let place = || pointer(at);
    if schema_keywords(schema, &place, diagnostics) {
        bad_schemas.push(place());
    }
}

/// Checks the shape of the (3.0) document piece by piece, reporting every piece that does not
/// fit, but those inside schemas already reported (`bad_schemas`); `misfit`, where and why
/// `openapiv3` stopped reading the whole, if it did. When it did not, only what `openapiv3`
/// lets through is checked (path and status keys, `responses` present): reading each piece again
/// would find nothing more.
pub(crate) fn check(
    root: &Map<String, Value>,
    bad_schemas: Vec<String>,
    misfit: Option<crate::openapi::typed::Misfit>,
    diagnostics: &mut Diagnostics,
) {
    let errors_before = diagnostics.error_count();
    let mut pieces = Pieces {
        diagnostics,
        bad_schemas,
        read: misfit.is_some(),
    };
    for field in ["info", "paths"] {
        if !root.contains_key(field) {
            pieces
                .diagnostics
                .error(
                    "missing-field",
                    "#",
                    format!("the document has no `{field}`, which OpenAPI requires"),
                )
                .help(match field {
                    "info" => "add `info:` with at least `title` and `version`",
                    _ => "add `paths:` (it may be empty: `paths: {}`)",
                });
        }
    }
    for (field, value) in root.iter() {
        let at = vec![field.clone()];
        match field.as_str() {
            "info" => pieces.one::<openapiv3::Info>(value, &at, "info object"),
            "servers" => pieces.list::<openapiv3::Server>(value, &at, "server"),
            "security" => {
                pieces.list::<openapiv3::SecurityRequirement>(value, &at, "security requirement")
            }
            "tags" => pieces.list::<openapiv3::Tag>(value, &at, "tag"),
            "externalDocs" => {
                pieces.one::<openapiv3::ExternalDocumentation>(value, &at, "external documentation")
            }
            "paths" => pieces.paths(value, &at),
            "components" => pieces.components(value, &at),
            _ => {}
        }
    }
    if let Some((segments, message)) = misfit
        && pieces.diagnostics.error_count() == errors_before
        && pieces.bad_schemas.is_empty()
    {
        // Nothing found piece by piece or in the schemas: what `openapiv3` said, at its place.
        pieces
            .diagnostics
            .error(
                "structure",
                pointer(&segments),
                format!("the document does not have the shape of an OpenAPI document: {message}"),
            )
            .help("see the OpenAPI specification for what this field must contain");
    }
}

/// Reads pieces of the document one at a time, reporting those that do not fit.
struct Pieces<'d> {
    diagnostics: &'d mut Diagnostics,
    /// Schemas already reported by their keywords: pieces holding them are not
    /// reported again.
    bad_schemas: Vec<String>,
    /// Whether each piece is read into its type (only when the whole could not be).
    read: bool,
}

impl Pieces<'_> {
    /// Reads `value` as a `T`, reporting the first problem inside it, and
    /// every missing required field.
    fn one<T: DeserializeOwned>(&mut self, value: &Value, at: &[String], what: &str) {
        if !self.read {
            return;
        }
        let here = pointer(at);
        if self.bad_schemas.iter().any(|b| b.starts_with(&here)) {
            return;
        }
        let mut filled: Option<Value> = None;
        // A missing field stops serde: fill it in and read again to find the
        // next, so that `info` without `title` and `version` names both.
        for round in 0..16 {
            let current = filled.as_ref().unwrap_or(value);
            let Err(e) = serde_path_to_error::deserialize::<_, T>(current) else {
                return;
            };
            let inner = e.inner().to_string();
            let missing = missing_field(&inner)
                .filter(|_| e.path().iter().next().is_none())
                .filter(|f| current.get(f).is_none());
            if round > 0 && missing.is_none() {
                // Anything else may come from the filled-in value.
                return;
            }
            self.report(&e, &inner, value, at, what);
            let (Some(field), Value::Object(map)) = (missing, current) else {
                return;
            };
            let mut map = map.clone();
            map.insert(field.to_string(), Value::String(String::new()));
            filled = Some(Value::Object(map));
        }
    }

    fn report(
        &mut self,
        e: &serde_path_to_error::Error<serde_json::Error>,
        inner: &str,
        value: &Value,
        at: &[String],
        what: &str,
    ) {
        let mut segments = at.to_vec();
        segments.extend(e.path().iter().filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                None
            }
        }));
        let (code, message) = humanize(inner, what);
        let help = if let Some(field) = missing_field(inner) {
            format!("add `{field}` to the {what}")
        } else if what == "parameter" && value.get("in").and_then(Value::as_str) == Some("body") {
            "OpenAPI 3 has no `in: body` parameters (that is Swagger 2.0): describe the body under the operation's `requestBody`".to_string()
        } else {
            format!(
                "see the OpenAPI specification for what a{} {what} holds",
                if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "n"
                } else {
                    ""
                }
            )
        };
        self.diagnostics
            .error(code, pointer(&segments), message)
            .help(help);
    }

    /// Reads `value` as a list of `T`, each item on its own.
    fn list<T: DeserializeOwned>(&mut self, value: &Value, at: &[String], what: &str) {
        let Value::Array(items) = value else {
            self.wrong_type(value, at, "a list");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.one::<T>(item, &child(at, &i.to_string()), what);
        }
    }

    /// Reads `value` as a mapping whose values are each a `T` or a `$ref`.
    fn map_of<T: DeserializeOwned>(&mut self, value: &Value, at: &[String], what: &str) {
        let Value::Object(entries) = value else {
            self.wrong_type(value, at, "a mapping");
            return;
        };
        for (name, entry) in entries {
            self.ref_or::<T>(entry, &child(at, name), what);
        }
    }

    /// Reads a `T`, unless `value` is a reference (checked in `references`).
    fn ref_or<T: DeserializeOwned>(&mut self, value: &Value, at: &[String], what: &str) {
        if value.get("$ref").is_none() {
            self.one::<T>(value, at, what);
        }
    }

    fn wrong_type(&mut self, value: &Value, at: &[String], expected: &str) {
        let field = at.last().map_or("the document", String::as_str);
        self.diagnostics.error(
            "wrong-type",
            pointer(at),
            format!("`{field}` must be {expected}, found {}", type_name(value)),
        );
    }

    fn paths(&mut self, value: &Value, at: &[String]) {
        let Value::Object(paths) = value else {
            self.wrong_type(value, at, "a mapping from paths to path items");
            return;
        };
        for (path, item) in paths {
            let at = child(at, path);
            if !path.starts_with('/') && !path.starts_with("x-") {
                self.diagnostics
                    .error(
                        "path-template",
                        pointer(&at),
                        format!("path `{path}` does not start with `/`; OpenAPI ignores it, so its operations would be lost"),
                    )
                    .help(format!("write it as `/{path}`"));
                continue;
            }
            if !path.starts_with('/') {
                continue;
            }
            if let Err(message) = super::template_variables(path) {
                self.diagnostics
                    .error(
                        "path-template",
                        pointer(&at),
                        format!("invalid path template `{path}`: {message}"),
                    )
                    .help("path templates look like `/tokens/{tokenId}`, one `{name}` per segment at most");
            }
            self.path_item(item, &at);
        }
    }

    fn path_item(&mut self, item: &Value, at: &[String]) {
        let Value::Object(fields) = item else {
            self.wrong_type(item, at, "a path item (a mapping of operations)");
            return;
        };
        for (key, value) in fields {
            let at = child(at, key);
            match key.as_str() {
                "parameters" => self.parameters(value, &at),
                "servers" => self.list::<openapiv3::Server>(value, &at, "server"),
                "summary" | "description" => self.one::<String>(value, &at, "path item"),
                method if METHODS.contains(&method) => self.operation(value, &at),
                _ => {}
            }
        }
    }

    fn parameters(&mut self, value: &Value, at: &[String]) {
        let Value::Array(items) = value else {
            self.wrong_type(value, at, "a list of parameters");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.ref_or::<openapiv3::Parameter>(item, &child(at, &i.to_string()), "parameter");
        }
    }

    fn operation(&mut self, value: &Value, at: &[String]) {
        let Value::Object(fields) = value else {
            self.wrong_type(value, at, "an operation (a mapping)");
            return;
        };
        if !fields.contains_key("responses") {
            self.diagnostics
                .error(
                    "missing-field",
                    pointer(at),
                    "the operation has no `responses`, which OpenAPI 3.0 requires",
                )
                .help("add `responses:` with at least one response, such as `'204': {description: Deleted}`");
        }
        for (key, value) in fields {
            let at = child(at, key);
            match key.as_str() {
                "parameters" => self.parameters(value, &at),
                "requestBody" => {
                    self.ref_or::<openapiv3::RequestBody>(value, &at, "request body");
                }
                "responses" => self.responses(value, &at),
                "callbacks" => {
                    let Value::Object(callbacks) = value else {
                        self.wrong_type(value, &at, "a mapping of callbacks");
                        continue;
                    };
                    for (name, callback) in callbacks {
                        self.callback(callback, &child(&at, name));
                    }
                }
                "tags" => self.one::<Vec<String>>(value, &at, "list of tags"),
                "summary" | "description" | "operationId" => {
                    self.one::<String>(value, &at, "operation");
                }
                "deprecated" => self.one::<bool>(value, &at, "operation"),
                "security" => {
                    self.list::<openapiv3::SecurityRequirement>(value, &at, "security requirement");
                }
                "servers" => self.list::<openapiv3::Server>(value, &at, "server"),
                "externalDocs" => {
                    self.one::<openapiv3::ExternalDocumentation>(
                        value,
                        &at,
                        "external documentation",
                    );
                }
                _ => {}
            }
        }
    }

    fn callback(&mut self, value: &Value, at: &[String]) {
        if value.get("$ref").is_some() {
            return;
        }
        let Value::Object(items) = value else {
            self.wrong_type(value, at, "a callback (a mapping of path items)");
            return;
        };
        for (expression, item) in items {
            if !expression.starts_with("x-") {
                self.path_item(item, &child(at, expression));
            }
        }
    }

    fn responses(&mut self, value: &Value, at: &[String]) {
        let Value::Object(responses) = value else {
            self.wrong_type(value, at, "a mapping from status codes to responses");
            return;
        };
        for (status, response) in responses {
            let at = child(at, status);
            if status.starts_with("x-") {
                continue;
            }
            if status != "default"
                && serde_json::from_value::<openapiv3::StatusCode>(Value::String(status.clone()))
                    .is_err()
            {
                self.diagnostics
                    .error(
                        "wrong-type",
                        pointer(&at),
                        format!("`{status}` is not a status code: responses are keyed by `default`, a code from 100 to 599 or a range such as `4XX`"),
                    );
                continue;
            }
            self.ref_or::<openapiv3::Response>(response, &at, "response");
        }
    }

    fn components(&mut self, value: &Value, at: &[String]) {
        let Value::Object(kinds) = value else {
            self.wrong_type(value, at, "a mapping");
            return;
        };
        for (kind, entries) in kinds {
            let at = child(at, kind);
            match kind.as_str() {
                "schemas" => self.map_of::<openapiv3::Schema>(entries, &at, "schema"),
                "parameters" => self.map_of::<openapiv3::Parameter>(entries, &at, "parameter"),
                "headers" => self.map_of::<openapiv3::Header>(entries, &at, "header"),
                "requestBodies" => {
                    self.map_of::<openapiv3::RequestBody>(entries, &at, "request body");
                }
                "responses" => self.map_of::<openapiv3::Response>(entries, &at, "response"),
                "examples" => self.map_of::<openapiv3::Example>(entries, &at, "example"),
                "links" => self.map_of::<openapiv3::Link>(entries, &at, "link"),
                "securitySchemes" => {
                    self.map_of::<openapiv3::SecurityScheme>(entries, &at, "security scheme");
                }
                "callbacks" => {
                    let Value::Object(callbacks) = entries else {
                        self.wrong_type(entries, &at, "a mapping of callbacks");
                        continue;
                    };
                    for (name, callback) in callbacks {
                        self.callback(callback, &child(&at, name));
                    }
                }
                _ => {}
            }
        }
    }
}

fn child(at: &[String], segment: &str) -> Vec<String> {
    let mut out = at.to_vec();
    out.push(segment.to_string());
    out
}

/// The field a serde "missing field" message names.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
}

/// A serde message in OpenAPI's words, and its diagnostic code.
fn humanize(message: &str, what: &str) -> (&'static str, String) {
    if let Some(field) = missing_field(message) {
        return (
            "missing-field",
            format!("the {what} has no `{field}`, which OpenAPI requires"),
        );
    }
    let mut text = message.to_string();
    for (from, to) in [
        ("invalid type: map", "invalid type: a mapping"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: string", "invalid type: the string"),
        ("invalid type: integer", "invalid type: the integer"),
        ("invalid type: floating point", "invalid type: the number"),
        ("invalid type: boolean", "invalid type: the boolean"),
        ("invalid type: null", "invalid type: null"),
        ("expected a map", "expected a mapping"),
        ("expected a sequence", "expected a list"),
        ("unknown variant", "unknown value"),
    ] {
        text = text.replace(from, to);
    }
    if let Some(i) = text.find("expected struct ") {
        text.replace_range(i.., "expected a mapping");
    }
    if text.contains("untagged enum") || text.contains("internally tagged enum") {
        text = format!("this is not a valid {what}");
        return ("wrong-type", text);
    }
    ("wrong-type", format!("{what}: {text}"))
}

/// The keywords of a (3.0) schema whose value has a required type, by type.
const BOOLEANS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
const STRINGS: [&str; 4] = ["title", "description", "pattern", "format"];
const NUMBERS: [&str; 3] = ["minimum", "maximum", "multipleOf"];
const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Checks one schema's own keywords (not its subschemas, which the walk
/// visits); reports each problem and returns whether there was one.
fn schema_keywords(
    schema: &Value,
    place: &dyn Fn() -> String,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Value::Object(map) = schema else {
        diagnostics
            .error(
                "wrong-type",
                place(),
                format!("a schema must be a mapping, found {}", type_name(schema)),
            )
            .help("write the schema as a mapping, such as `{type: string}`");
        return true;
    };
    if map.contains_key("$ref") {
        return false;
    }
    let mut bad = false;
    let mut report = |keyword: &str, message: String| {
        diagnostics.error("schema", below(&place(), [keyword]), message);
        bad = true;
    };
    let expect = |value: &Value, ok: bool, keyword: &str, expected: &str| {
        (!ok).then(|| format!("`{keyword}` must be {expected}, found {}", type_name(value)))
    };
    for (keyword, value) in map {
        let k = keyword.as_str();
        let problem = if BOOLEANS.contains(&k) {
            expect(value, value.is_boolean(), k, "a boolean")
        } else if STRINGS.contains(&k) {
            expect(value, value.is_string(), k, "a string")
        } else if NUMBERS.contains(&k) {
            expect(value, value.is_number(), k, "a number")
        } else if COUNTS.contains(&k) {
            expect(value, value.is_u64(), k, "a whole number, 0 or more")
        } else {
            match k {
                "type" => match value.as_str() {
                    Some(t) if TYPES.contains(&t) => None,
                    Some(t) => Some(format!(
                        "`type` must be one of {}, found `{t}`",
                        TYPES.map(|t| format!("`{t}`")).join(", ")
                    )),
                    None => expect(value, false, k, "a string"),
                },
                "properties" => expect(
                    value,
                    value.is_object(),
                    k,
                    "a mapping from names to schemas",
                ),
                "required" => expect(
                    value,
                    value
                        .as_array()
                        .is_some_and(|l| l.iter().all(Value::is_string)),
                    k,
                    "a list of property names",
                ),
                "enum" => enum_values(map.get("type").and_then(Value::as_str), value),
                "default" => default_value(map, value),
                "items" | "not" => expect(value, value.is_object(), k, "a schema (a mapping)"),
                "additionalProperties" => expect(
                    value,
                    value.is_object() || value.is_boolean(),
                    k,
                    "a schema or a boolean",
                ),
                "allOf" | "anyOf" | "oneOf" => expect(
                    value,
                    value
                        .as_array()
                        .is_some_and(|l| !l.is_empty() && l.iter().all(Value::is_object)),
                    k,
                    "a non-empty list of schemas",
                ),
                "discriminator" => expect(
                    value,
                    value.get("propertyName").is_some_and(Value::is_string),
                    k,
                    "a mapping with a `propertyName` string",
                ),
                _ => None,
            }
        };
        if let Some(message) = problem {
            report(k, message);
        }
    }
    for (keyword, message, help) in unsupported(map) {
        diagnostics
            .error(
                "unsupported-schema",
                format!("{}/{keyword}", place()),
                message,
            )
            .help(help);
        bad = true;
    }
    bad
}

/// Keywords that typify, which turns schemas into Rust types, stops on
/// (`todo!`, `panic!`), each with its keyword, the message and the fix.
fn unsupported(map: &Map<String, Value>) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let typed = map.contains_key("type");
    let composed = ["allOf", "anyOf", "oneOf", "not", "$ref"]
        .iter()
        .any(|k| map.contains_key(*k));
    if !typed && !composed {
        for keyword in [
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ] {
            if map.contains_key(keyword) {
                let inferred = match map.get("format").and_then(Value::as_str) {
                    Some("int32" | "int64") => "integer",
                    Some("float" | "double") => "number",
                    Some(_) => "string",
                    None => "number",
                };
                out.push((
                    keyword,
                    format!("the schema has `{keyword}` but no `type`, which the generator needs to make a Rust type of it"),
                    format!("add the type `{keyword}` applies to, such as `type: {inferred}`"),
                ));
                break;
            }
        }
    }
    if let Some(kind @ ("boolean" | "array" | "object")) = map.get("type").and_then(Value::as_str)
        && map.contains_key("format")
    {
        out.push((
            "format",
            format!("`format` applies to strings and numbers; this schema is of type `{kind}`"),
            "remove `format`, or fix the schema's `type`".to_string(),
        ));
    }
    if let Some(kind) = map.get("type").and_then(Value::as_str)
        && !["number", "integer"].contains(&kind)
    {
        for keyword in ["exclusiveMinimum", "exclusiveMaximum"] {
            if map.contains_key(keyword) {
                out.push((
                    keyword,
                    format!("`{keyword}` applies to numbers; this schema is of type `{kind}`"),
                    format!("remove `{keyword}`, or fix the schema's `type`"),
                ));
            }
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        let kinds: std::collections::BTreeSet<&str> = values
            .iter()
            .filter(|v| !v.is_null())
            .map(type_name)
            .collect();
        if !typed && kinds.len() > 1 {
            out.push((
                "enum",
                format!(
                    "the `enum` holds values of several types ({}) and the schema has no `type`",
                    kinds.into_iter().collect::<Vec<_>>().join(", ")
                ),
                "give the schema a `type` and values of that type, or write each type as a branch of `oneOf`".to_string(),
            ));
        }
        const OTHERS: [&str; 14] = [
            "properties",
            "additionalProperties",
            "required",
            "items",
            "minItems",
            "maxItems",
            "minimum",
            "maximum",
            "multipleOf",
            "pattern",
            "minLength",
            "maxLength",
            "minProperties",
            "maxProperties",
        ];
        if let Some(other) = OTHERS.iter().find(|k| map.contains_key(**k))
            && !typed
        {
            out.push((
                "enum",
                format!(
                    "the schema lists its values in `enum` and also has `{other}`, but no `type`"
                ),
                "give the schema the `type` of its values".to_string(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(twice) = values.iter().find(|v| !seen.insert(v.to_string())) {
            out.push((
                "enum",
                format!("the `enum` holds {twice} twice"),
                "list each value once".to_string(),
            ));
        }
    }
    if let Some(Value::Array(members)) = map.get("allOf") {
        let nested = members.iter().filter(|m| nested_alternatives(m)).count();
        let count = alternatives(&Value::Object(map.clone()), 0);
        if nested >= 2 {
            out.push((
                "allOf",
                format!("this `allOf` combines {nested} schemas whose `oneOf`/`anyOf` alternatives hold alternatives of their own; merging them takes the generator time that grows beyond bounds"),
                "write the combinations the API accepts as one flat `oneOf`".to_string(),
            ));
        } else if count > MAX_ALTERNATIVES {
            out.push((
                "allOf",
                format!("this `allOf` of `oneOf`/`anyOf` schemas combines into {count} alternatives, more than the {MAX_ALTERNATIVES} the generator makes types of"),
                "describe the combinations the API accepts as one `oneOf`, or simplify the schema".to_string(),
            ));
        }
    }
    if let Some(not) = map.get("not")
        && !crate::normalize::schema_fixes::supported_not(not)
    {
        out.push((
            "not",
            "this `not` cannot be generated: a Rust type can leave out listed values (`not: {enum: […]}`), not the values of another schema".to_string(),
            "remove `not` (the client then accepts what it excluded) or list the excluded values as `not: {enum: […]}`".to_string(),
        ));
    }
    out
}

/// Whether `default` fits the schema's `type`: typify writes it into the
/// generated code and stops on a value it cannot write as that type.
fn default_value(map: &Map<String, Value>, value: &Value) -> Option<String> {
    let kind = map.get("type").and_then(Value::as_str)?;
    let fits = crate::openapi::json_type::is_of(value, kind).unwrap_or(true);
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    (!(fits || value.is_null() && nullable)).then(|| {
        format!(
            "`default` of a schema of type `{kind}` must be of that type, found {}",
            type_name(value)
        )
    })
}

/// How many alternatives a schema stands for once typify has multiplied out
/// its `allOf`s of `oneOf`s (`$ref`s count as one); saturating.
fn alternatives(schema: &Value, depth: usize) -> u64 {
    if depth > 64 {
        return 1;
    }
    let count = |key: &str, combine: fn(u64, u64) -> u64, start: u64| {
        schema.get(key).and_then(Value::as_array).map(|branches| {
            branches
                .iter()
                .map(|b| alternatives(b, depth + 1))
                .fold(start, combine)
        })
    };
    let one_of = count("oneOf", u64::saturating_add, 0).unwrap_or(1);
    let any_of = count("anyOf", u64::saturating_add, 0).unwrap_or(1);
    let all_of = count("allOf", u64::saturating_mul, 1).unwrap_or(1);
    one_of
        .max(1)
        .saturating_mul(any_of.max(1))
        .saturating_mul(all_of)
}

/// Whether a schema has `oneOf`/`anyOf` alternatives that have alternatives
/// of their own: typify's merging of such schemas in an `allOf` is exponential
/// in their depth (three of them take minutes).
fn nested_alternatives(schema: &Value) -> bool {
    let branches = |s: &Value| {
        ["oneOf", "anyOf"]
            .into_iter()
            .filter_map(|k| s.get(k).and_then(Value::as_array))
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
    };
    branches(schema).iter().any(|b| !branches(b).is_empty())
}

/// More alternatives than this in one schema make typify's merging of
/// `allOf` run for minutes; no real API needs as many.
const MAX_ALTERNATIVES: u64 = 1024;

/// Whether the `enum` values fit the schema's `type` (`openapiv3` reads the
/// values of a typed schema as that type).
fn enum_values(kind: Option<&str>, value: &Value) -> Option<String> {
    let Value::Array(values) = value else {
        return Some(format!("`enum` must be a list, found {}", type_name(value)));
    };
    let (fits, expected): (fn(&Value) -> bool, &str) = match kind {
        Some("string") => (Value::is_string, "strings"),
        Some("integer") => (|v| v.is_i64() || v.is_u64(), "integers"),
        Some("number") => (Value::is_number, "numbers"),
        Some("boolean") => (Value::is_boolean, "booleans"),
        _ => return None,
    };
    let kind = kind.unwrap_or_default();
    values
        .iter()
        .find(|v| !v.is_null() && !fits(v))
        .map(|v| format!("`enum` of a schema of type `{kind}` must hold {expected}, found {v}"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    fn run(doc: Value) -> Vec<(String, &'static str, String)> {
        let mut d = Diagnostics::new(Path::new("t.yaml"));
        let root = doc.as_object().expect("a mapping");
        let bad = schemas(root, &mut d);
        // Every piece read, as when the whole does not fit.
        let misfit = crate::openapi::typed::read(&doc).err();
        let fits = misfit.is_none();
        check(root, bad, misfit, &mut d);
        let all = match d.finish() {
            Ok(all) | Err(all) => all,
        };
        if !fits {
            assert!(!all.is_empty());
        }
        all.into_iter()
            .map(|d| (d.pointer, d.code, d.message))
            .collect()
    }

    #[test]
    fn every_misshapen_piece_is_reported_at_once() {
        let all = run(json!({
            "openapi": "3.0.3",
            "info": {"title": "t"},
            "servers": [{"url": "https://a"}, {"description": "no url"}],
            "paths": {
                "tokens": {},
                "/a": {"get": {"parameters": [{"name": "x", "in": "body"}]}},
                "/b": {"delete": {"responses": [], "operationId": 3}},
                "/c": {"get": {"responses": {"20": {"description": "x"}}}}
            },
            "components": {"schemas": {
                "S": {"type": "strin", "properties": {"p": {"type": "string", "enum": [1]}}},
                "T": {"type": "object", "required": "id"}
            }}
        }));
        let places: Vec<_> = all.iter().map(|a| (a.0.as_str(), a.1)).collect();
        assert_eq!(
            places,
            [
                ("#/components/schemas/S/properties/p/enum", "schema"),
                ("#/components/schemas/S/type", "schema"),
                ("#/components/schemas/T/required", "schema"),
                ("#/info", "missing-field"),
                ("#/paths/tokens", "path-template"),
                ("#/paths/~1a/get", "missing-field"),
                ("#/paths/~1a/get/parameters/0/in", "wrong-type"),
                ("#/paths/~1b/delete/operationId", "wrong-type"),
                ("#/paths/~1b/delete/responses", "wrong-type"),
                ("#/paths/~1c/get/responses/20", "wrong-type"),
                ("#/servers/1", "missing-field"),
            ]
        );
        let info = all.iter().find(|a| a.0 == "#/info").expect("info");
        assert_eq!(
            info.2,
            "the info object has no `version`, which OpenAPI requires"
        );
    }

    #[test]
    fn schemas_typify_stops_on_are_refused() {
        let schemas = json!({
            "Minimum": {"minimum": 1},
            "Format": {"format": "date"},
            "NullFormat": {"enum": [null], "format": "password"},
            "Not": {"not": {"type": "string"}},
            "NotMixed": {"not": {"enum": ["a", 1]}},
            "Mixed": {"enum": [1, "a"]},
            "Twice": {"type": "string", "enum": ["a", "a"]},
            "NoBranch": {"allOf": []},
            "ObjectFormat": {"type": "object", "format": "date-time"},
            "StringBound": {"type": "string", "exclusiveMinimum": true},
            "EnumObject": {"enum": [-2], "properties": {"id": {}}},
            "BadDefault": {"type": "string", "default": 3},
            "Nested": {"allOf": [
                {"oneOf": [{"oneOf": [{}, {}]}, {}]},
                {"anyOf": [{"oneOf": [{}, {}]}, {}]}
            ]},
            "Explodes": {"allOf": [
                {"oneOf": [{}, {}, {}, {}, {}, {}]},
                {"oneOf": [{}, {}, {}, {}, {}, {}]},
                {"oneOf": [{}, {}, {}, {}, {}, {}]},
                {"oneOf": [{}, {}, {}, {}, {}, {}]}
            ]},
            // These typify handles.
            "Pattern": {"pattern": "x"},
            "Untyped": {"properties": {"a": {}}},
            "NotValues": {"type": "string", "not": {"enum": ["a"]}},
            "NotEmpty": {"not": {}},
            "Null": {"enum": [null]}
        });
        let all = run(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas}
        }));
        let places: Vec<_> = all.iter().map(|a| (a.0.as_str(), a.1)).collect();
        assert_eq!(
            places,
            [
                ("#/components/schemas/BadDefault/default", "schema"),
                ("#/components/schemas/EnumObject/enum", "unsupported-schema"),
                ("#/components/schemas/Explodes/allOf", "unsupported-schema"),
                ("#/components/schemas/Format/format", "unsupported-schema"),
                ("#/components/schemas/Minimum/minimum", "unsupported-schema"),
                ("#/components/schemas/Mixed/enum", "unsupported-schema"),
                ("#/components/schemas/Nested/allOf", "unsupported-schema"),
                ("#/components/schemas/NoBranch/allOf", "schema"),
                ("#/components/schemas/Not/not", "unsupported-schema"),
                ("#/components/schemas/NotMixed/not", "unsupported-schema"),
                // The schema inside `not` is itself an enum of mixed types.
                (
                    "#/components/schemas/NotMixed/not/enum",
                    "unsupported-schema"
                ),
                (
                    "#/components/schemas/NullFormat/format",
                    "unsupported-schema"
                ),
                (
                    "#/components/schemas/ObjectFormat/format",
                    "unsupported-schema"
                ),
                (
                    "#/components/schemas/StringBound/exclusiveMinimum",
                    "unsupported-schema"
                ),
                ("#/components/schemas/Twice/enum", "unsupported-schema"),
            ]
        );
    }

    #[test]
    fn a_document_that_fits_has_no_diagnostics() {
        assert_eq!(
            run(json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a/{id}": {"delete": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "gone"}, "4XX": {"description": "no"}}
                }}}
            })),
            []
        );
    }
}
