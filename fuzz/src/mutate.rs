//! Structure-aware mutations of a spec's JSON value, driven by fuzzer bytes.
//!
//! [`mutated_document`] takes one of the specs of `specs/` and applies a
//! sequence of mutations to its value. Each mutation reads its choices (which
//! node, which new value) from the fuzzer's bytes, so libFuzzer's coverage
//! feedback steers both the kind of damage and where it lands.

use std::path::Path;
use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Number, Value};

use crate::{SEEDS, Seed};

/// At most this many mutations are applied to one document.
const MAX_MUTATIONS: usize = 24;

/// Duplicating a subtree is skipped when the document would grow past this
/// many nodes: repeated duplication doubles the document each time.
const MAX_NODES: usize = 20_000;

/// Documents nested deeper than this are dropped: no JSON or YAML file can
/// hold them (both parsers stop at 128 levels), so a crash on them would not
/// be a bug a spec file can trigger.
pub const MAX_DEPTH: usize = 120;

/// One step from a node to a child.
#[derive(Clone, Debug)]
enum Step {
    /// The member of an object under this key.
    Key(String),
    /// The element of an array at this index.
    Index(usize),
}

/// The way from the root to a node.
type NodePath = Vec<Step>;

/// A mutated spec, and how it came to be.
#[derive(Debug)]
pub struct Mutated {
    /// The spec it started from; its name (and so its extension) names the document.
    pub seed: Seed,
    /// The seed's document, before the mutations.
    pub original: Value,
    /// The mutated document.
    pub document: Value,
    /// One line per mutation applied, for reproducing a crash by hand.
    pub log: Vec<String>,
}

/// The four seeds, parsed once.
fn parsed_seeds() -> &'static [Option<Value>] {
    static PARSED: OnceLock<Vec<Option<Value>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SEEDS
            .iter()
            .map(|seed| {
                codegen::load::parse(Path::new(seed.name), seed.text.as_bytes())
                    .ok()
                    .map(|source| source.value)
            })
            .collect()
    })
}

/// Picks a seed spec and applies up to [`MAX_MUTATIONS`] mutations to it.
///
/// Returns `Ok(None)` when the result is too deep to be a file (see [`MAX_DEPTH`]).
pub fn mutated_document(u: &mut Unstructured<'_>) -> Result<Option<Mutated>> {
    let index = u.choose_index(SEEDS.len())?;
    let seed = SEEDS[index];
    let Some(original) = parsed_seeds()[index].clone() else {
        // A committed spec that does not load is caught by the test suite.
        return Err(arbitrary::Error::IncorrectFormat);
    };
    let mut document = original.clone();
    let mut log = Vec::new();
    for _ in 0..MAX_MUTATIONS {
        if u.is_empty() {
            break;
        }
        log.push(mutate(u, &mut document)?);
    }
    if depth(&document) > MAX_DEPTH {
        return Ok(None);
    }
    Ok(Some(Mutated {
        seed,
        original,
        document,
        log,
    }))
}

/// Applies one mutation; returns what it did.
fn mutate(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    Ok(match u.choose_index(11)? {
        0 => delete_key(u, doc)?,
        1 => replace_value(u, doc)?,
        2 => duplicate_subtree(u, doc)?,
        3 => rename_key(u, doc)?,
        4 => change_ref(u, doc)?,
        5 => change_openapi_version(u, doc)?,
        6 => add_nested_schema(u, doc)?,
        7 => change_parameter(u, doc)?,
        8 => change_path_template(u, doc)?,
        9 => set_schema_keyword(u, doc)?,
        _ => change_operation(u, doc)?,
    })
}

// ---------------------------------------------------------------------------
// The mutations.

/// Removes a member of an object (or an element of an array).
fn delete_key(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let path = walk(u, doc)?;
    let Some(node) = get_mut(doc, &path) else {
        return Ok("delete: nothing".into());
    };
    Ok(match node {
        Value::Object(map) if !map.is_empty() => {
            let key = nth_key(map, u.choose_index(map.len())?);
            map.remove(&key);
            format!("delete {}/{}", pointer(&path), escape(&key))
        }
        Value::Array(items) if !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            items.remove(i);
            format!("delete {}/{i}", pointer(&path))
        }
        _ => "delete: nothing".into(),
    })
}

/// Replaces a node with a value of any type.
fn replace_value(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let path = walk(u, doc)?;
    let value = any_value(u, 3)?;
    let line = format!("replace {} with {value}", pointer(&path));
    if let Some(node) = get_mut(doc, &path) {
        *node = value;
    }
    Ok(line)
}

/// Copies a subtree to another place (possibly inside itself).
fn duplicate_subtree(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let from = walk(u, doc)?;
    let Some(copy) = get(doc, &from).cloned() else {
        return Ok("duplicate: nothing".into());
    };
    if count_nodes(doc) + count_nodes(&copy) > MAX_NODES {
        return Ok("duplicate: too big".into());
    }
    let to = walk(u, doc)?;
    let line = format!("duplicate {} to {}", pointer(&from), pointer(&to));
    insert_somewhere(u, doc, &to, copy)?;
    Ok(line)
}

/// Renames a member of an object: to a keyword, to a sibling's name (one of
/// the two is then lost), to a variation of itself, or to anything.
fn rename_key(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let path = walk(u, doc)?;
    let Some(Value::Object(map)) = get_mut(doc, &path) else {
        return Ok("rename: not an object".into());
    };
    if map.is_empty() {
        return Ok("rename: empty object".into());
    }
    let old = nth_key(map, u.choose_index(map.len())?);
    let new = match u.choose_index(4)? {
        0 => (*u.choose(KEYS)?).to_string(),
        1 => nth_key(map, u.choose_index(map.len())?),
        2 => vary(u, &old)?,
        _ => any_string(u)?,
    };
    if let Some(value) = map.remove(&old) {
        map.insert(new.clone(), value);
    }
    Ok(format!(
        "rename {}/{} to {new:?}",
        pointer(&path),
        escape(&old)
    ))
}

/// Changes (or adds) a `$ref`: dangling, external, to the wrong component
/// kind, to itself, to any node, malformed, or not a string at all.
fn change_ref(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let refs = find(doc, &|key, _| key == Some("$ref"));
    // Either an existing `$ref`, or a new one on any object.
    let (owner, added) = if !refs.is_empty() && u.ratio(3, 4)? {
        let mut path = u.choose(&refs)?.clone();
        path.pop();
        (path, false)
    } else {
        (walk_to_object(u, doc)?, true)
    };
    let target = ref_value(u, doc, &owner)?;
    let line = format!(
        "{} $ref at {} = {target}",
        if added { "add" } else { "change" },
        pointer(&owner)
    );
    if let Some(Value::Object(map)) = get_mut(doc, &owner) {
        map.insert("$ref".into(), target);
    }
    Ok(line)
}

/// Sets `openapi` to another version string, to a non-string, or removes it;
/// or adds a `swagger` member or a `jsonSchemaDialect`.
fn change_openapi_version(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let Value::Object(root) = doc else {
        return Ok("openapi: root not an object".into());
    };
    let (key, value) = match u.choose_index(6)? {
        0 | 1 => ("openapi", Value::String((*u.choose(VERSIONS)?).to_string())),
        2 => ("openapi", Value::String(any_string(u)?)),
        3 => ("openapi", any_scalar(u)?),
        4 => ("swagger", Value::String("2.0".into())),
        _ => ("jsonSchemaDialect", Value::String(any_string_or_word(u)?)),
    };
    if u.ratio(1, 16)? {
        root.remove(key);
        return Ok(format!("remove {key}"));
    }
    let line = format!("set {key} = {value}");
    root.insert(key.into(), value);
    Ok(line)
}

/// Puts a generated schema (possibly deeply nested) in place of a schema, as a
/// property of one, or as a new component.
fn add_nested_schema(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let schema = any_schema(u, doc, 5)?;
    let sites = schema_sites(doc);
    match u.choose_index(3)? {
        0 if !sites.is_empty() => {
            let path = u.choose(&sites)?.clone();
            let line = format!("schema at {} = {schema}", pointer(&path));
            if let Some(node) = get_mut(doc, &path) {
                *node = schema;
            }
            Ok(line)
        }
        1 if !sites.is_empty() => {
            let path = u.choose(&sites)?.clone();
            let name = property_name(u)?;
            let line = format!(
                "property {}/properties/{} = {schema}",
                pointer(&path),
                escape(&name)
            );
            if let Some(Value::Object(map)) = get_mut(doc, &path) {
                let properties = map
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(properties) = properties {
                    properties.insert(name, schema);
                } else {
                    *properties = Value::Object(Map::from_iter([(name, schema)]));
                }
            }
            Ok(line)
        }
        _ => {
            let name = component_name(u)?;
            let line = format!("component schema {name:?} = {schema}");
            if let Some(schemas) = object_at(doc, &["components", "schemas"]) {
                schemas.insert(name, schema);
            }
            Ok(line)
        }
    }
}

/// Changes a parameter: its `in`, name, `required`, `style` or schema.
fn change_parameter(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let parameters = find(doc, &|_, value| {
        value
            .as_object()
            .is_some_and(|m| m.contains_key("in") || m.contains_key("name"))
    });
    let path = if parameters.is_empty() {
        walk_to_object(u, doc)?
    } else {
        u.choose(&parameters)?.clone()
    };
    let (key, value) = match u.choose_index(8)? {
        0..=2 => ("in", Value::String((*u.choose(LOCATIONS)?).to_string())),
        3 => ("in", any_value(u, 1)?),
        4 => ("name", Value::String(property_name(u)?)),
        5 => ("required", any_scalar(u)?),
        6 => ("style", Value::String((*u.choose(STYLES)?).to_string())),
        _ => ("schema", any_schema(u, doc, 2)?),
    };
    let line = format!("parameter {} {key} = {value}", pointer(&path));
    if let Some(Value::Object(map)) = get_mut(doc, &path) {
        map.insert(key.into(), value);
    }
    Ok(line)
}

/// Renames a path so its template is odd: braces added, unbalanced, doubled,
/// repeated names, or an arbitrary string (possibly another path's key).
fn change_path_template(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let Some(paths) = object_at(doc, &["paths"]) else {
        return Ok("path: no paths".into());
    };
    if paths.is_empty() {
        let key = format!("/{}", u.choose(TEMPLATE_PIECES)?);
        paths.insert(key.clone(), Value::Object(Map::new()));
        return Ok(format!("add path {key:?}"));
    }
    let old = nth_key(paths, u.choose_index(paths.len())?);
    let new = match u.choose_index(4)? {
        0 | 1 => {
            let piece = *u.choose(TEMPLATE_PIECES)?;
            let at = char_boundary(&old, u.choose_index(old.len() + 1)?);
            format!("{}{piece}{}", &old[..at], &old[at..])
        }
        2 => nth_key(paths, u.choose_index(paths.len())?),
        _ => any_string(u)?,
    };
    if let Some(item) = paths.remove(&old) {
        paths.insert(new.clone(), item);
    }
    Ok(format!("path {old:?} -> {new:?}"))
}

/// Sets a schema keyword (`type`, `format`, `enum`, `required`, …) on a
/// schema, or on any object.
fn set_schema_keyword(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let schemas = find(doc, &|_, value| {
        value.as_object().is_some_and(|m| {
            m.contains_key("type") || m.contains_key("properties") || m.contains_key("$ref")
        })
    });
    let path = if !schemas.is_empty() && u.ratio(7, 8)? {
        u.choose(&schemas)?.clone()
    } else {
        walk_to_object(u, doc)?
    };
    let (key, value) = schema_keyword(u, doc)?;
    let line = format!("keyword {} {key} = {value}", pointer(&path));
    if let Some(Value::Object(map)) = get_mut(doc, &path) {
        map.insert(key, value);
    }
    Ok(line)
}

/// Changes an operation: its `operationId` (duplicated, empty, a keyword…),
/// its responses or its request body.
fn change_operation(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<String> {
    let operations = find(doc, &|key, value| {
        key.is_some_and(|k| METHODS.contains(&k)) && value.is_object()
    });
    if operations.is_empty() {
        return Ok("operation: none".into());
    }
    let path = u.choose(&operations)?.clone();
    let ids: Vec<String> = operations
        .iter()
        .filter_map(|p| get(doc, p)?.get("operationId")?.as_str().map(String::from))
        .collect();
    let (key, value) = match u.choose_index(6)? {
        0 if !ids.is_empty() => ("operationId", Value::String(u.choose(&ids)?.clone())),
        0 | 1 => ("operationId", Value::String(property_name(u)?)),
        2 => {
            let mut responses = Map::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let status = (*u.choose(STATUSES)?).to_string();
                responses.insert(status, response(u, doc)?);
            }
            ("responses", Value::Object(responses))
        }
        3 => {
            let mut content = Map::new();
            for _ in 0..u.int_in_range(0..=2)? {
                let media = (*u.choose(MEDIA_TYPES)?).to_string();
                content.insert(media, media_type(u, doc)?);
            }
            let body = Map::from_iter([
                ("content".to_string(), Value::Object(content)),
                ("required".to_string(), Value::Bool(u.arbitrary()?)),
            ]);
            ("requestBody", Value::Object(body))
        }
        4 => ("parameters", any_value(u, 2)?),
        _ => ("tags", any_value(u, 1)?),
    };
    let line = format!("operation {} {key} = {value}", pointer(&path));
    if let Some(Value::Object(map)) = get_mut(doc, &path) {
        map.insert(key.into(), value);
    }
    Ok(line)
}

// ---------------------------------------------------------------------------
// Values.

/// Any JSON value, nested at most `depth` levels.
fn any_value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let kinds = if depth == 0 { 4 } else { 6 };
    Ok(match u.choose_index(kinds)? {
        0..=3 => any_scalar(u)?,
        4 => {
            let len = u.int_in_range(0..=3)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(any_value(u, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let mut map = Map::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let key = if u.arbitrary()? {
                    (*u.choose(KEYS)?).to_string()
                } else {
                    any_string(u)?
                };
                map.insert(key, any_value(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// `null`, a boolean, a number or a string.
fn any_scalar(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.choose_index(4)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(any_number(u)?),
        _ => Value::String(any_string_or_word(u)?),
    })
}

/// A number: small, huge, negative, fractional.
fn any_number(u: &mut Unstructured<'_>) -> Result<Number> {
    Ok(match u.choose_index(5)? {
        0 => Number::from(u.int_in_range(-2i64..=3)?),
        1 => Number::from(u.arbitrary::<i64>()?),
        2 => Number::from(u.arbitrary::<u64>()?),
        3 => Number::from_f64(u.arbitrary::<f64>()?).unwrap_or_else(|| Number::from(0)),
        _ => match u.choose_index(3)? {
            0 => Number::from(u64::MAX),
            1 => Number::from(i64::MIN),
            _ => {
                let float = *u.choose(&[1.5, -0.0, 1e308, 3.0, 3.1, 0.1, -1e-300])?;
                Number::from_f64(float).unwrap_or_else(|| Number::from(0))
            }
        },
    })
}

/// A short arbitrary string.
fn any_string(u: &mut Unstructured<'_>) -> Result<String> {
    let s: &str = u.arbitrary()?;
    Ok(s.chars().take(40).collect())
}

/// A string from the dictionary of meaningful words, or an arbitrary one.
fn any_string_or_word(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(2, 3)? {
        Ok((*u.choose(WORDS)?).to_string())
    } else {
        any_string(u)
    }
}

/// A name for a property, parameter or operation: a word, a keyword, an
/// awkward identifier, or anything.
fn property_name(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(3, 4)? {
        Ok((*u.choose(NAMES)?).to_string())
    } else {
        any_string(u)
    }
}

/// A name for a new component.
fn component_name(u: &mut Unstructured<'_>) -> Result<String> {
    property_name(u)
}

/// `s` changed a little: case, a character added or removed, a suffix.
fn vary(u: &mut Unstructured<'_>, s: &str) -> Result<String> {
    Ok(match u.choose_index(5)? {
        0 => s.to_uppercase(),
        1 => s.to_lowercase(),
        2 => format!("{s}{}", u.choose(&["_", "-", "2", " ", "$", "[]"])?),
        3 => format!("{}{s}", u.choose(&["_", "-", "2", " ", "$", "x-"])?),
        _ => s.chars().skip(1).collect(),
    })
}

/// A value for a `$ref` on the object at `owner`.
fn ref_value(u: &mut Unstructured<'_>, doc: &Value, owner: &[Step]) -> Result<Value> {
    let components = component_names(doc);
    Ok(Value::String(match u.choose_index(9)? {
        // Dangling.
        0 => format!(
            "#/components/{}/{}",
            u.choose(COMPONENT_KINDS)?,
            escape(&component_name(u)?)
        ),
        // External.
        1 => (*u.choose(EXTERNAL_REFS)?).to_string(),
        // A real component, under its own kind or another one.
        2 | 3 if !components.is_empty() => {
            let (kind, name) = u.choose(&components)?.clone();
            let kind = if u.arbitrary()? {
                kind
            } else {
                (*u.choose(COMPONENT_KINDS)?).to_string()
            };
            format!("#/components/{kind}/{}", escape(&name))
        }
        // Itself: the enclosing component, or an ancestor.
        4 => match owner {
            [Step::Key(c), Step::Key(kind), Step::Key(name), ..] if c == "components" => {
                format!("#/components/{kind}/{}", escape(name))
            }
            _ => {
                let keep = u.choose_index(owner.len() + 1)?;
                format!("#{}", pointer(&owner[..keep]))
            }
        },
        // Any node of the document.
        5 => {
            let path = walk(u, doc)?;
            format!("#{}", pointer(&path))
        }
        // Malformed.
        6 => (*u.choose(ODD_REFS)?).to_string(),
        7 => any_string(u)?,
        _ => return any_value(u, 1),
    }))
}

/// A schema, nested at most `depth` levels.
fn any_schema(u: &mut Unstructured<'_>, doc: &Value, depth: usize) -> Result<Value> {
    let kinds = if depth == 0 { 4 } else { 12 };
    let mut map = Map::new();
    match u.choose_index(kinds)? {
        0 => {
            map.insert("type".into(), Value::String((*u.choose(TYPES)?).into()));
            if u.arbitrary()? {
                map.insert("format".into(), Value::String((*u.choose(FORMATS)?).into()));
            }
        }
        1 => {
            map.insert("$ref".into(), ref_value(u, doc, &[])?);
        }
        2 => {
            let (key, value) = schema_keyword(u, doc)?;
            map.insert(key, value);
        }
        3 => {}
        4 => {
            map.insert("type".into(), "object".into());
            let mut properties = Map::new();
            let mut required = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let name = property_name(u)?;
                if u.arbitrary()? {
                    required.push(Value::String(name.clone()));
                }
                properties.insert(name, any_schema(u, doc, depth - 1)?);
            }
            map.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                map.insert("required".into(), Value::Array(required));
            }
        }
        5 => {
            map.insert("type".into(), "array".into());
            map.insert("items".into(), any_schema(u, doc, depth - 1)?);
        }
        6 => {
            map.insert("type".into(), "object".into());
            let additional = if u.arbitrary()? {
                Value::Bool(u.arbitrary()?)
            } else {
                any_schema(u, doc, depth - 1)?
            };
            map.insert("additionalProperties".into(), additional);
        }
        7 => {
            let key = *u.choose(&["allOf", "oneOf", "anyOf"])?;
            let mut members = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                members.push(any_schema(u, doc, depth - 1)?);
            }
            map.insert(key.into(), Value::Array(members));
            if u.ratio(1, 4)? {
                let property = property_name(u)?;
                map.insert(
                    "discriminator".into(),
                    Value::Object(Map::from_iter([(
                        "propertyName".to_string(),
                        Value::String(property),
                    )])),
                );
            }
        }
        8 => {
            map.insert("not".into(), any_schema(u, doc, depth - 1)?);
        }
        9 => {
            map.insert("type".into(), Value::String((*u.choose(TYPES)?).into()));
            let mut values = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                values.push(any_scalar(u)?);
            }
            map.insert("enum".into(), Value::Array(values));
            if u.arbitrary()? {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        10 => {
            // OpenAPI 3.1: type arrays, prefixItems, $defs.
            let mut types = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                types.push(Value::String((*u.choose(TYPES)?).into()));
            }
            map.insert("type".into(), Value::Array(types));
            match u.choose_index(3)? {
                0 => {
                    let mut items = Vec::new();
                    for _ in 0..u.int_in_range(0..=3)? {
                        items.push(any_schema(u, doc, depth - 1)?);
                    }
                    map.insert("prefixItems".into(), Value::Array(items));
                }
                1 => {
                    let name = component_name(u)?;
                    let inner = any_schema(u, doc, depth - 1)?;
                    map.insert(
                        "$defs".into(),
                        Value::Object(Map::from_iter([(name, inner)])),
                    );
                }
                _ => {
                    map.insert("const".into(), any_scalar(u)?);
                }
            }
        }
        _ => {
            // A `$ref` with siblings (3.1 allows them; 3.0 ignores them).
            map.insert("$ref".into(), ref_value(u, doc, &[])?);
            let (key, value) = schema_keyword(u, doc)?;
            map.insert(key, value);
        }
    }
    Ok(Value::Object(map))
}

/// A schema keyword and a value for it, sensible or not.
fn schema_keyword(u: &mut Unstructured<'_>, doc: &Value) -> Result<(String, Value)> {
    Ok(match u.choose_index(10)? {
        0 => ("type".into(), Value::String((*u.choose(TYPES)?).into())),
        1 => ("type".into(), any_value(u, 1)?),
        2 => ("format".into(), Value::String((*u.choose(FORMATS)?).into())),
        3 => ("nullable".into(), any_scalar(u)?),
        4 => {
            let mut values = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                values.push(any_value(u, 1)?);
            }
            ("enum".into(), Value::Array(values))
        }
        5 => {
            let mut names = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                names.push(Value::String(property_name(u)?));
            }
            ("required".into(), Value::Array(names))
        }
        6 => ("default".into(), any_value(u, 2)?),
        7 => (
            "additionalProperties".into(),
            if u.arbitrary()? {
                Value::Bool(u.arbitrary()?)
            } else {
                any_schema(u, doc, 1)?
            },
        ),
        8 => ((*u.choose(KEYS)?).to_string(), any_value(u, 2)?),
        _ => (
            (*u.choose(&[
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
                "multipleOf",
                "exclusiveMinimum",
            ])?)
            .to_string(),
            Value::Number(any_number(u)?),
        ),
    })
}

/// A response object.
fn response(u: &mut Unstructured<'_>, doc: &Value) -> Result<Value> {
    let mut map = Map::new();
    map.insert("description".into(), Value::String(any_string_or_word(u)?));
    if u.arbitrary()? {
        let media = (*u.choose(MEDIA_TYPES)?).to_string();
        map.insert(
            "content".into(),
            Value::Object(Map::from_iter([(media, media_type(u, doc)?)])),
        );
    }
    Ok(Value::Object(map))
}

/// A media type object with a schema.
fn media_type(u: &mut Unstructured<'_>, doc: &Value) -> Result<Value> {
    Ok(Value::Object(Map::from_iter([(
        "schema".to_string(),
        any_schema(u, doc, 2)?,
    )])))
}

// ---------------------------------------------------------------------------
// Finding nodes.

/// Walks from the root, at each node either stopping or going into a child,
/// as the fuzzer's bytes say. Running out of bytes stops the walk.
fn walk(u: &mut Unstructured<'_>, doc: &Value) -> Result<NodePath> {
    let mut path = Vec::new();
    let mut node = doc;
    loop {
        let children = match node {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if children == 0 {
            return Ok(path);
        }
        let choice = u.int_in_range(0..=children)?;
        if choice == 0 {
            return Ok(path);
        }
        let i = choice - 1;
        node = match node {
            Value::Object(map) => {
                let Some((key, child)) = map.iter().nth(i) else {
                    return Ok(path);
                };
                path.push(Step::Key(key.clone()));
                child
            }
            Value::Array(items) => {
                let Some(child) = items.get(i) else {
                    return Ok(path);
                };
                path.push(Step::Index(i));
                child
            }
            _ => return Ok(path),
        };
    }
}

/// As [`walk`], then back up to the nearest object (the root, at worst, which
/// [`crate::load::parse`](codegen::load::parse) guarantees is an object).
fn walk_to_object(u: &mut Unstructured<'_>, doc: &Value) -> Result<NodePath> {
    let mut path = walk(u, doc)?;
    while !path.is_empty() && !get(doc, &path).is_some_and(Value::is_object) {
        path.pop();
    }
    Ok(path)
}

/// Every node for which `matches(key it is under, node)` holds.
fn find(doc: &Value, matches: &dyn Fn(Option<&str>, &Value) -> bool) -> Vec<NodePath> {
    /// Collects matches under `node`, which sits at `path`.
    fn visit(
        node: &Value,
        key: Option<&str>,
        path: &mut NodePath,
        matches: &dyn Fn(Option<&str>, &Value) -> bool,
        found: &mut Vec<NodePath>,
    ) {
        if matches(key, node) {
            found.push(path.clone());
        }
        match node {
            Value::Object(map) => {
                for (k, child) in map {
                    path.push(Step::Key(k.clone()));
                    visit(child, Some(k), path, matches, found);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    visit(child, None, path, matches, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    visit(doc, None, &mut Vec::new(), matches, &mut found);
    found
}

/// The places that hold a schema: components, `schema`, `items`,
/// `additionalProperties`, `not`, properties and composition members.
fn schema_sites(doc: &Value) -> Vec<NodePath> {
    let mut sites = find(doc, &|key, value| {
        value.is_object()
            && key.is_some_and(|k| matches!(k, "schema" | "items" | "additionalProperties" | "not"))
    });
    for parent in find(doc, &|key, value| {
        key.is_some_and(|k| matches!(k, "properties" | "allOf" | "oneOf" | "anyOf"))
            && (value.is_object() || value.is_array())
    })
    .into_iter()
    .chain(find(doc, &|key, _| key == Some("schemas")))
    {
        match get(doc, &parent) {
            Some(Value::Object(map)) => {
                for key in map.keys() {
                    let mut path = parent.clone();
                    path.push(Step::Key(key.clone()));
                    sites.push(path);
                }
            }
            Some(Value::Array(items)) => {
                for i in 0..items.len() {
                    let mut path = parent.clone();
                    path.push(Step::Index(i));
                    sites.push(path);
                }
            }
            _ => {}
        }
    }
    sites
}

/// Every `(kind, name)` under `components`.
fn component_names(doc: &Value) -> Vec<(String, String)> {
    let Some(Value::Object(components)) = doc.get("components") else {
        return Vec::new();
    };
    components
        .iter()
        .filter_map(|(kind, v)| Some((kind, v.as_object()?)))
        .flat_map(|(kind, map)| map.keys().map(move |name| (kind.clone(), name.clone())))
        .collect()
}

/// Puts `value` at or under the node at `to`: as a member of an object (under a
/// keyword, an existing key or any key), an element of an array, or in place
/// of a scalar.
fn insert_somewhere(
    u: &mut Unstructured<'_>,
    doc: &mut Value,
    to: &[Step],
    value: Value,
) -> Result<()> {
    let key = match u.choose_index(3)? {
        0 => (*u.choose(KEYS)?).to_string(),
        1 => property_name(u)?,
        _ => any_string(u)?,
    };
    let replace = u.ratio(1, 4)?;
    let Some(node) = get_mut(doc, to) else {
        return Ok(());
    };
    match node {
        Value::Object(map) if !replace => {
            let key = if !map.is_empty() && u.arbitrary()? {
                nth_key(map, u.choose_index(map.len())?)
            } else {
                key
            };
            map.insert(key, value);
        }
        Value::Array(items) if !replace => {
            let at = u.choose_index(items.len() + 1)?;
            items.insert(at, value);
        }
        other => *other = value,
    }
    Ok(())
}

/// The object at a path of keys from the root, created if missing (and
/// replacing whatever non-object stood there).
fn object_at<'a>(doc: &'a mut Value, keys: &[&str]) -> Option<&'a mut Map<String, Value>> {
    let mut node = doc;
    for key in keys {
        let Value::Object(map) = node else {
            return None;
        };
        let child = map.entry(*key).or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            *child = Value::Object(Map::new());
        }
        node = child;
    }
    node.as_object_mut()
}

/// The node at `path`.
fn get<'a>(doc: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get(key),
        Step::Index(i) => node.get(*i),
    })
}

/// The node at `path`, mutably.
fn get_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get_mut(key),
        Step::Index(i) => node.get_mut(*i),
    })
}

/// The `n`th key of an object (`n` is below its length).
fn nth_key(map: &Map<String, Value>, n: usize) -> String {
    map.keys().nth(n).cloned().unwrap_or_default()
}

/// `path` as a JSON pointer (`/paths/~1users/get`).
fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", escape(key)),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// A key escaped for a JSON pointer.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The largest char boundary of `s` at or before `at`.
fn char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The number of nodes in a value.
fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(count_nodes).sum(),
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        _ => 0,
    }
}

/// How deeply a value nests (a scalar is 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// Dictionaries.

/// Keys that mean something somewhere in an OpenAPI document.
const KEYS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "const",
    "nullable",
    "default",
    "discriminator",
    "readOnly",
    "writeOnly",
    "minimum",
    "maximum",
    "pattern",
    "minLength",
    "maxItems",
    "uniqueItems",
    "prefixItems",
    "$defs",
    "definitions",
    "examples",
    "example",
    "title",
    "description",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "in",
    "name",
    "style",
    "explode",
    "operationId",
    "tags",
    "servers",
    "security",
    "securitySchemes",
    "headers",
    "links",
    "callbacks",
    "x-rust-type",
    "patternProperties",
    "unevaluatedProperties",
    "contentMediaType",
    "contentEncoding",
    "if",
    "then",
    "else",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "jsonSchemaDialect",
    "webhooks",
    "pathItems",
    "get",
    "put",
    "post",
    "delete",
    "patch",
    "head",
    "options",
    "trace",
    "200",
    "201",
    "204",
    "default",
    "2XX",
    "4XX",
    "components",
    "schemas",
    "paths",
    "info",
    "openapi",
    "mapping",
    "propertyName",
    "encoding",
    "deprecated",
    "allowEmptyValue",
    "x-stainless",
    "",
];

/// Meaningful string values.
const WORDS: &[&str] = &[
    "",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "null",
    "file",
    "path",
    "query",
    "header",
    "cookie",
    "date-time",
    "date",
    "uuid",
    "int32",
    "int64",
    "uint64",
    "byte",
    "binary",
    "#",
    "#/",
    "application/json",
    "text/plain",
    "{id}",
    "/{",
    "}",
    "{}",
    "self",
    "Self",
    "type",
    "crate",
    "super",
    "_",
    "0",
    "1a",
    "a-b",
    "a b",
    "ü",
    "🦀",
    "\u{0}",
    "\n",
    "\"",
    "\\",
    "'",
    "`",
    "*/",
    "/*",
    "//",
    "r#",
    "::",
    "<T>",
    "true",
    "3.0.3",
    "3.1.0",
];

/// Names for properties, parameters, operations and components.
const NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "match",
    "async",
    "await",
    "r#type",
    "_",
    "__",
    "0",
    "1abc",
    "a-b",
    "a b",
    "a.b",
    "a/b",
    "ü",
    "🦀",
    "",
    " ",
    "Client",
    "Error",
    "Result",
    "ResponseValue",
    "String",
    "Vec",
    "Option",
    "Box",
    "Default",
    "std",
    "serde",
    "reqwest",
    "builder",
    "types",
    "new",
    "baseurl",
    "client",
    "inner",
    "body",
    "query",
    "path",
    "headers",
    "ID",
    "Id",
    "iD",
    "userId",
    "user_id",
    "UserId",
    "user-id",
    "USER_ID",
    "x",
    "X",
    "tokens",
    "Token",
    "TokenList",
];

/// OpenAPI version strings.
const VERSIONS: &[&str] = &[
    "3.0.0",
    "3.0.1",
    "3.0.2",
    "3.0.3",
    "3.0.4",
    "3.1.0",
    "3.1.1",
    "3.1.2",
    "3.2.0",
    "3.0",
    "3.1",
    "3",
    "2.0",
    "4.0.0",
    "3.0.3-rc1",
    " 3.0.3",
    "v3.1.0",
    "3.10.0",
    "",
    "3.0.3\n",
];

/// Parameter locations, real and not.
const LOCATIONS: &[&str] = &[
    "path",
    "query",
    "header",
    "cookie",
    "body",
    "formData",
    "Path",
    "QUERY",
    "",
    "querystring",
];

/// Parameter styles.
const STYLES: &[&str] = &[
    "simple",
    "form",
    "label",
    "matrix",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
    "",
];

/// Schema types, including 3.1's `null` and invalid ones.
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "", "any",
];

/// Formats typify and progenitor know, and some they do not.
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "uuid",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
    "uri",
    "ip",
    "ipv4",
    "ipv6",
    "email",
    "hostname",
    "duration",
    "decimal",
    "",
];

/// Component kinds, for references to the wrong one.
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "pathItems",
    "unknown",
];

/// References to other files.
const EXTERNAL_REFS: &[&str] = &[
    "other.yaml#/x",
    "other.yaml",
    "other.yaml#/components/schemas/A",
    "./common.json#/components/schemas/Error",
    "https://example.com/spec.json#/components/schemas/A",
    "../spec.yaml#/paths/~1users",
    "#/x/../../etc/passwd",
];

/// References with odd syntax.
const ODD_REFS: &[&str] = &[
    "",
    "#",
    "#/",
    "#//",
    "#components/schemas/A",
    "#/components",
    "#/components/schemas",
    "#/components/schemas/",
    "#/components/schemas/~",
    "#/components/schemas/~2",
    "#/components/schemas/%7B",
    "#/paths",
    "#/info/title",
    "#/openapi",
    "#/components/schemas/A/properties/x",
    "#/components/schemas/A#/b",
    "#/0",
    "#/paths/~1/get",
];

/// Pieces inserted into path templates.
const TEMPLATE_PIECES: &[&str] = &[
    "{",
    "}",
    "{}",
    "{id}",
    "{{id}}",
    "{id",
    "id}",
    "/{id}/{id}",
    "{a}{b}",
    "/",
    "//",
    "{ü}",
    "{ id }",
    "{*}",
    "?q=1",
    "#frag",
    "%7Bid%7D",
    "{id}.json",
    "{name}",
    "{type}",
    "{self}",
    "{0}",
    "{a-b}",
    "{a/b}",
    "}{",
    "{Id}",
    "{ID}",
];

/// HTTP methods, as path item keys.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Response keys.
const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "301", "400", "404", "500", "default", "2XX", "4XX", "5XX", "1XX",
    "299", "999", "0", "abc", "",
];

/// Media types.
const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/problem+json",
    "text/plain",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "*/*",
    "application/*",
    "text/html",
    "application/json; charset=utf-8",
    "",
    "json",
];
