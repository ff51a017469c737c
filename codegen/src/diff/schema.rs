//! Comparing two schemas at one place of an operation (a parameter, a body, a response), in
//! the direction the data goes: what the client sends must not become stricter, what it
//! receives must not become looser.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::changes::Sink;
use super::unchanged::Unchanged;
use super::view::{Docs, Shape, View};
use super::{CrateEffect, Semver};

/// Which way the data goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    /// The client sends it.
    Request,
    /// The client receives it.
    Response,
}

/// Where a schema sits: which rule family its own checks belong to and how messages name it.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub direction: Direction,
    /// The family of the schema's own checks at its root (`request-parameter`,
    /// `request-body`, `response-body`).
    pub root_family: &'static str,
    /// How a message names the root (`query parameter \`force\``, `the request body`).
    pub what: String,
    /// The property path below the root (`config/name`), empty at the root.
    pub path: String,
    /// The Rust type typify names an inline schema here after its place (`TokenState` for the
    /// property `state` of `Token`), when known.
    pub rust_type: Option<String>,
}

impl Place {
    fn family(&self) -> &'static str {
        match (self.path.is_empty(), self.direction) {
            (true, _) => self.root_family,
            (false, Direction::Request) => "request-property",
            (false, Direction::Response) => "response-property",
        }
    }

    fn name(&self) -> String {
        if self.path.is_empty() {
            self.what.clone()
        } else {
            format!("property `{}` of {}", self.path, self.what)
        }
    }

    /// The place of a property, of `items` or of `additionalProperties` below this one, whose
    /// type is `owner` (the Rust type of the schema here) and a suffix, as typify names them.
    fn below(&self, segment: &str, owner: Option<&str>) -> Place {
        let mut place = self.clone();
        if !place.path.is_empty() {
            place.path.push('/');
        }
        place.path.push_str(segment);
        let suffix = match segment {
            "items" => "Item".to_string(),
            "additionalProperties" => "Value".to_string(),
            property => crate::names::type_name(property),
        };
        place.rust_type = owner.map(|owner| format!("{owner}{suffix}"));
        place
    }

    /// The Rust type of the schema here: its component's, else the one typify names after the
    /// place.
    fn rust_type(&self, o: &Shape<'_>, n: &Shape<'_>) -> Option<String> {
        n.name
            .as_ref()
            .or(o.name.as_ref())
            .map(|t| crate::names::type_name(t))
            .or_else(|| self.rust_type.clone())
    }
}

/// Compares two documents' schemas at one place, following references and compositions.
pub(super) struct Schemas<'v, 'a> {
    old: &'v View<'a>,
    new: &'v View<'a>,
    unchanged: &'v Unchanged,
    /// The pairs of schemas compared so far at this place: each pair once, so that a cycle
    /// ends and a web of references is walked in time linear in its size. A change inside a
    /// component reached by several paths is reported at the first path, in the order of the
    /// properties' names.
    seen: HashSet<(usize, usize)>,
    /// How deep the walk is.
    depth: usize,
}

/// How deep properties are followed: deeper than any real document nests, shallow enough that
/// a pathological one stays fast.
const MAX_DEPTH: usize = 24;

impl<'v, 'a> Schemas<'v, 'a> {
    pub(super) fn new(docs: &'v Docs<'v, 'a>) -> Self {
        Self {
            old: docs.old,
            new: docs.new,
            unchanged: &docs.unchanged,
            seen: HashSet::new(),
            depth: 0,
        }
    }

    /// Reports every change from `old` to `new` at `place` into `sink`.
    pub(super) fn compare(
        &mut self,
        sink: &mut Sink<'_>,
        old: &'a Value,
        new: &'a Value,
        place: &Place,
    ) {
        if self.depth > MAX_DEPTH || self.unchanged.same(old, new) {
            return;
        }
        let (o, n) = (self.old.shape(old), self.new.shape(new));
        let key = (o.identity.unwrap_or(0), n.identity.unwrap_or(0));
        if key != (0, 0) && !self.seen.insert(key) {
            return;
        }
        self.depth += 1;
        let retyped = self.types(sink, &o, &n, place);
        if !retyped {
            self.nullable(sink, &o, &n, place);
            self.enumeration(sink, &o, &n, place);
            self.bounds(sink, &o, &n, place);
            self.compositions(sink, &o, &n, place);
            self.properties(sink, &o, &n, place);
            let owner = place.rust_type(&o, &n);
            if let (Some(a), Some(b)) = (o.items, n.items) {
                self.compare(sink, a, b, &place.below("items", owner.as_deref()));
            }
            if let (Some(a), Some(b)) = (o.additional, n.additional) {
                let below = place.below("additionalProperties", owner.as_deref());
                self.compare(sink, a, b, &below);
            }
        }
        self.depth -= 1;
    }

    fn emit(&self, sink: &mut Sink<'_>, place: &Place, check: &str, message: String) {
        sink.emit(&format!("{}-{check}", place.family()), message, None);
    }

    /// Type and format; returns whether the type changed (the other checks then say nothing
    /// more of use).
    fn types(&self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) -> bool {
        let name = place.name();
        let request = place.direction == Direction::Request;
        if o.types != n.types {
            if o.types.is_empty() || n.types.is_empty() {
                // Any value before or after: stricter for what is sent, looser for what is
                // received, is what breaks.
                let breaks = if request {
                    o.types.is_empty()
                } else {
                    n.types.is_empty()
                };
                if breaks {
                    self.emit(
                        sink,
                        place,
                        "type-changed",
                        format!("{name} changed type from {} to {}", types(o), types(n)),
                    );
                    return true;
                }
                return false;
            }
            let (wider, narrower) = (n.types.is_superset(&o.types), n.types.is_subset(&o.types));
            let generalized = request
                && o.types.difference(&n.types).all(|t| t == "integer")
                && n.types.contains("number");
            let check = if generalized {
                Some("type-generalized")
            } else if o.type_list || n.type_list {
                match (wider, narrower) {
                    (true, _) => Some("list-of-types-widened"),
                    (_, true) => Some("list-of-types-narrowed"),
                    _ => None,
                }
            } else {
                None
            };
            let message = format!("{name} changed type from {} to {}", types(o), types(n));
            self.emit(sink, place, check.unwrap_or("type-changed"), message);
            return true;
        }
        if o.format != n.format {
            let widened = matches!(
                (o.format, n.format),
                (Some("int32"), Some("int64")) | (Some("float"), Some("double"))
            );
            let check = if request && widened {
                "type-generalized"
            } else {
                "type-changed"
            };
            let shown =
                |f: Option<&str>| f.map_or("no format".to_string(), |f| format!("format `{f}`"));
            self.emit(
                sink,
                place,
                check,
                format!(
                    "{name} changed from {} to {}",
                    shown(o.format),
                    shown(n.format)
                ),
            );
            return true;
        }
        false
    }

    fn nullable(&self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) {
        let name = place.name();
        match (o.nullable, n.nullable) {
            (false, true) => self.emit(
                sink,
                place,
                "became-nullable",
                format!("{name} became nullable"),
            ),
            (true, false) => self.emit(
                sink,
                place,
                "became-not-nullable",
                format!("{name} is no longer nullable"),
            ),
            _ => {}
        }
    }

    fn enumeration(&self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) {
        let name = place.name();
        let enum_type = place.rust_type(o, n);
        match (&o.enumeration, &n.enumeration) {
            (None, Some(values)) => {
                self.emit(
                    sink,
                    place,
                    "became-enum",
                    format!("{name} became an enum of {}", list(values)),
                );
            }
            (Some(values), None) => {
                self.emit(
                    sink,
                    place,
                    "enum-removed",
                    format!("{name} is no longer an enum of {}", list(values)),
                );
            }
            (Some(old), Some(new)) => {
                for value in new.iter().filter(|v| !old.contains(v)) {
                    let message = format!("{name} has the new enum value {}", shown(value));
                    let krate = enum_type.as_ref().map(|t| CrateEffect {
                        semver: Semver::Major,
                        message: Some(format!(
                            "the enum `{t}` gets a variant for {}",
                            shown(value)
                        )),
                    });
                    sink.emit(
                        &format!("{}-enum-value-added", place.family()),
                        message,
                        krate,
                    );
                }
                for value in old.iter().filter(|v| !new.contains(v)) {
                    let message = format!("{name} no longer has the enum value {}", shown(value));
                    let krate = enum_type.as_ref().map(|t| CrateEffect {
                        semver: Semver::Major,
                        message: Some(format!(
                            "the enum `{t}` loses the variant for {}",
                            shown(value)
                        )),
                    });
                    sink.emit(
                        &format!("{}-enum-value-removed", place.family()),
                        message,
                        krate,
                    );
                }
            }
            _ => {}
        }
    }

    /// Lengths, patterns, bounds and item counts, and `default`.
    fn bounds(&self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) {
        let name = place.name();
        let request = place.direction == Direction::Request;
        // A string that gains or loses its last constraint becomes or stops being typify's
        // checked newtype: a new Rust type.
        let newtype = (o.is_checked_string() != n.is_checked_string()).then(|| CrateEffect {
            semver: Semver::Major,
            message: Some(if n.is_checked_string() {
                format!("{name} becomes a checked newtype instead of a `String`")
            } else {
                format!("{name} becomes a plain `String` instead of a checked newtype")
            }),
        });
        let mut emit = |check: &str, message: String| {
            sink.emit(
                &format!("{}-{check}", place.family()),
                message,
                newtype.clone(),
            );
        };
        let num = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("{v}"));
        let changed = |what: &str, a: Option<f64>, b: Option<f64>| {
            format!("{name}'s {what} changed from {} to {}", num(a), num(b))
        };
        // (keyword, old, new, check when it grows, when it shrinks, when set, when unset), for
        // a request's upper bounds; a request's lower bounds are the mirror image.
        let upper = [
            ("maxLength", o.max_length, n.max_length, "max-length"),
            ("maximum", o.maximum, n.maximum, "max"),
            ("maxItems", o.max_items, n.max_items, "max-items"),
        ];
        for (what, a, b, stem) in upper {
            if a == b {
                continue;
            }
            let grew = match (a, b) {
                (Some(a), Some(b)) => b > a,
                (Some(_), None) => true,
                _ => false,
            };
            let check = match (request, a, b, grew) {
                (true, None, Some(_), _) if stem == "max-items" => {
                    Some("max-items-decreased".to_string())
                }
                (true, None, Some(_), _) => Some(format!("{stem}-set")),
                (true, _, _, true) if stem != "max-items" => Some(format!("{stem}-increased")),
                (true, _, _, false) => Some(format!("{stem}-decreased")),
                (false, Some(_), None, _) if stem != "max-items" => Some(format!("{stem}-unset")),
                (false, _, _, true) => Some(format!("{stem}-increased")),
                _ => None,
            };
            if let Some(check) = check {
                emit(&check, changed(what, a, b));
            }
        }
        let lower = [
            ("minLength", o.min_length, n.min_length, "min-length"),
            ("minimum", o.minimum, n.minimum, "min"),
            ("minItems", o.min_items, n.min_items, "min-items"),
        ];
        for (what, a, b, stem) in lower {
            if a == b {
                continue;
            }
            let grew = match (a, b) {
                (Some(a), Some(b)) => b > a,
                (None, Some(_)) => true,
                _ => false,
            };
            let check = match (request, a, b, grew) {
                (true, None, Some(_), _) if stem == "min" => Some("min-set".to_string()),
                (true, _, _, true) => Some(format!("{stem}-increased")),
                (true, _, _, false) if stem != "min-items" => Some(format!("{stem}-decreased")),
                (false, Some(_), None, _) if stem == "min" => Some("min-unset".to_string()),
                (false, _, _, false) => Some(format!("{stem}-decreased")),
                _ => None,
            };
            if let Some(check) = check {
                emit(&check, changed(what, a, b));
            }
        }
        match (o.pattern, n.pattern) {
            (None, Some(p)) => emit("pattern-added", format!("{name} got the pattern `{p}`")),
            (Some(p), None) => emit("pattern-removed", format!("{name} lost the pattern `{p}`")),
            (Some(a), Some(b)) if a != b => emit(
                "pattern-changed",
                format!("{name}'s pattern changed from `{a}` to `{b}`"),
            ),
            _ => {}
        }
        if request && o.default != n.default && o.default.is_some() && n.default.is_some() {
            let shown_default = |d: Option<&Value>| d.map_or("none".to_string(), |d| shown(&d));
            emit(
                "default-value-changed",
                format!(
                    "{name}'s default changed from {} to {}",
                    shown_default(o.default),
                    shown_default(n.default)
                ),
            );
        }
    }

    /// `oneOf` and `anyOf`: the schemas matched by component name, else by title, else by
    /// place among the unnamed; the matched ones compared in turn.
    fn compositions(&mut self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) {
        for (stem, old, new) in [
            ("one-of", &o.one_of, &n.one_of),
            ("any-of", &o.any_of, &n.any_of),
        ] {
            if old.is_empty() && new.is_empty() {
                continue;
            }
            let old_keys = self.keys(self.old, old);
            let new_keys = self.keys(self.new, new);
            let name = place.name();
            for (i, key) in new_keys.iter().enumerate() {
                if !old_keys.contains(key) {
                    self.emit(
                        sink,
                        place,
                        &format!("{stem}-added"),
                        format!("{name} may be {}", key.shown()),
                    );
                } else if let Some(j) = old_keys.iter().position(|k| k == key) {
                    self.compare(sink, old[j], new[i], place);
                }
            }
            for key in old_keys.iter().filter(|k| !new_keys.contains(k)) {
                self.emit(
                    sink,
                    place,
                    &format!("{stem}-removed"),
                    format!("{name} may no longer be {}", key.shown()),
                );
            }
        }
    }

    /// How each member of a `oneOf`/`anyOf` is matched with the other document's: by
    /// component name, by title, by its type when no other unnamed member has that type, else
    /// by its place among the unnamed.
    fn keys(&self, view: &View<'a>, schemas: &[&'a Value]) -> Vec<Key> {
        let signature = |s: &'a Value| {
            let shape = view.shape(s);
            let mut out: Vec<&str> = shape.types.iter().map(String::as_str).collect();
            out.extend(shape.format);
            out.join(" ")
        };
        let signatures: Vec<String> = schemas.iter().map(|s| signature(s)).collect();
        let mut unnamed = 0;
        let keys: Vec<Key> = schemas
            .iter()
            .zip(&signatures)
            .map(|(s, sig)| {
                if let Some(reference) = s.get("$ref").and_then(Value::as_str) {
                    return Key::Component(reference.to_string());
                }
                let (resolved, _) = view.deref(s);
                if let Some(title) = resolved.get("title").and_then(Value::as_str) {
                    return Key::Title(title.to_string());
                }
                if !sig.is_empty() && signatures.iter().filter(|x| *x == sig).count() == 1 {
                    return Key::Type(sig.clone());
                }
                unnamed += 1;
                Key::Place(unnamed)
            })
            .collect();
        // The same key twice (one component listed twice): each is told apart by its turn.
        let mut seen: Vec<Key> = Vec::new();
        keys.into_iter()
            .map(|key| {
                let turn = seen.iter().filter(|k| **k == key).count();
                seen.push(key.clone());
                if turn == 0 {
                    key
                } else {
                    Key::Again(Box::new(key), turn)
                }
            })
            .collect()
    }

    fn properties(&mut self, sink: &mut Sink<'_>, o: &Shape<'a>, n: &Shape<'a>, place: &Place) {
        let request = place.direction == Direction::Request;
        let owner = place.rust_type(o, n);
        let field = |p: &str| crate::names::ident(p);
        let names: BTreeSet<&String> = o.properties.keys().chain(n.properties.keys()).collect();
        for property in names {
            let below = place.below(property, owner.as_deref());
            let shown = format!("property `{}` of {}", below.path, place.what);
            let skip = |shape: &Shape<'a>| {
                if request {
                    shape.read_only
                } else {
                    shape.write_only
                }
            };
            match (o.properties.get(property), n.properties.get(property)) {
                (None, Some(added)) => {
                    if skip(&self.new.shape(added)) {
                        continue;
                    }
                    let required = n.required.contains(property);
                    let id = match (request, required) {
                        (true, true) => "new-required-request-property",
                        (true, false) => "new-optional-request-property",
                        (false, true) => "response-required-property-added",
                        (false, false) => "response-optional-property-added",
                    };
                    let krate = owner.as_ref().map(|t| CrateEffect {
                        semver: Semver::Major,
                        message: Some(format!(
                            "the struct `{t}` gets the field `{}`{}",
                            field(property),
                            if required && !request {
                                ", which decoding requires: a response without it is an error"
                            } else {
                                ""
                            }
                        )),
                    });
                    sink.emit(
                        id,
                        format!(
                            "{shown} was added{}",
                            if required { " as required" } else { "" }
                        ),
                        krate,
                    );
                }
                (Some(removed), None) => {
                    if skip(&self.old.shape(removed)) {
                        continue;
                    }
                    let id = match (request, o.required.contains(property)) {
                        (true, _) => "request-property-removed",
                        (false, true) => "response-required-property-removed",
                        (false, false) => "response-optional-property-removed",
                    };
                    let krate = owner.as_ref().map(|t| CrateEffect {
                        semver: Semver::Major,
                        message: Some(format!(
                            "the struct `{t}` loses the field `{}`",
                            field(property)
                        )),
                    });
                    sink.emit(id, format!("{shown} was removed"), krate);
                }
                (Some(a), Some(b)) => {
                    let shape = self.new.shape(b);
                    if skip(&shape) && skip(&self.old.shape(a)) {
                        continue;
                    }
                    let (was, is) = (o.required.contains(property), n.required.contains(property));
                    if was != is {
                        let id = match (request, is) {
                            (true, true) => "request-property-became-required",
                            (true, false) => "request-property-became-optional",
                            (false, true) => "response-property-became-required",
                            (false, false) => "response-property-became-optional",
                        };
                        let krate = owner.as_ref().map(|t| CrateEffect {
                            semver: Semver::Major,
                            message: Some(format!(
                                "the field `{}` of `{t}` becomes {}",
                                field(property),
                                if is {
                                    "`T` instead of `Option<T>`"
                                } else {
                                    "an `Option`"
                                }
                            )),
                        });
                        let became = if is { "required" } else { "optional" };
                        sink.emit(id, format!("{shown} became {became}"), krate);
                    }
                    self.compare(sink, a, b, &below);
                }
                (None, None) => {}
            }
        }
    }
}

/// A `oneOf`/`anyOf` member, as matched between the documents.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    /// By its `$ref`, as written.
    Component(String),
    Title(String),
    Type(String),
    Place(usize),
    /// A key met again, and which time.
    Again(Box<Key>, usize),
}

impl Key {
    fn shown(&self) -> String {
        match self {
            Key::Component(reference) => {
                format!("`{}`", crate::openapi::pointer::last_segment(reference))
            }
            Key::Again(key, turn) => format!("{} (listed {} times)", key.shown(), turn + 1),
            Key::Title(title) => format!("the schema titled `{title}`"),
            Key::Type(signature) => format!("a `{signature}`"),
            Key::Place(i) => format!("its unnamed schema #{i}"),
        }
    }
}

fn types(shape: &Shape<'_>) -> String {
    if shape.types.is_empty() {
        return "any".to_string();
    }
    let mut out: Vec<String> = shape.types.iter().map(|t| format!("`{t}`")).collect();
    if let Some(format) = shape.format {
        out[0] = format!("{} (`{format}`)", out[0]);
    }
    out.join(" or ")
}

fn shown(value: &&Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn list(values: &[&Value]) -> String {
    values.iter().map(shown).collect::<Vec<_>>().join(", ")
}
