//! A document as written: every mapping keeps its keys in the order of the file, so a spec
//! rewritten from a published document reads in the provider's order, and the same input
//! always gives the same bytes.
//!
//! `codegen` reads documents into `serde_json::Value`, whose maps are sorted; that is right for
//! comparing them, not for writing them back. The text is read here only after
//! `codegen::load::parse_with` has accepted it (size, depth, alias bombs, duplicate keys).

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use codegen::load::Format;

/// A JSON value whose objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(IndexMap<String, Node>),
}

impl Node {
    /// Parses `text`, already accepted by `codegen::load`, in its `format`.
    pub(crate) fn parse(text: &str, format: Format) -> Result<Node, String> {
        match format {
            Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
            Format::Yaml => serde_yaml::from_str(text).map_err(|e| e.to_string()),
        }
    }

    /// The document as text in `format`: JSON indented by two spaces, or YAML in block style,
    /// each ending with one line break.
    pub(crate) fn to_text(&self, format: Format) -> Result<String, String> {
        match format {
            Format::Json => serde_json::to_string_pretty(self)
                .map(|text| text + "\n")
                .map_err(|e| e.to_string()),
            Format::Yaml => serde_yaml::to_string(self).map_err(|e| e.to_string()),
        }
    }

    /// The node at `tokens` (a JSON pointer split and unescaped), if there is one.
    pub(crate) fn get(&self, tokens: &[String]) -> Option<&Node> {
        let mut node = self;
        for token in tokens {
            node = match node {
                Node::Object(map) => map.get(token)?,
                Node::Array(items) => items.get(index(token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// As [`Node::get`], mutably.
    pub(crate) fn get_mut(&mut self, tokens: &[String]) -> Option<&mut Node> {
        let mut node = self;
        for token in tokens {
            node = match node {
                Node::Object(map) => map.get_mut(token)?,
                Node::Array(items) => items.get_mut(index(token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The object's map, if this is an object.
    pub(crate) fn as_object(&self) -> Option<&IndexMap<String, Node>> {
        match self {
            Node::Object(map) => Some(map),
            _ => None,
        }
    }

    /// As [`Node::as_object`], mutably.
    pub(crate) fn as_object_mut(&mut self) -> Option<&mut IndexMap<String, Node>> {
        match self {
            Node::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// Calls `f` with every node under this one, this one first, depth first in order.
    pub(crate) fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        match self {
            Node::Array(items) => items.iter().for_each(|n| n.walk(f)),
            Node::Object(map) => map.values().for_each(|n| n.walk(f)),
            _ => {}
        }
    }
}

/// An array index in a JSON pointer: digits, without a leading zero.
pub(crate) fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Splits a JSON pointer (RFC 6901, `/a/b~1c`) into its unescaped tokens; the root pointer
/// `""` has none.
pub(crate) fn split_pointer(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err("a JSON pointer starts with `/`".to_string());
    };
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                match (c, c == '~') {
                    (_, false) => out.push(c),
                    (_, true) => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => {
                            return Err(format!(
                                "`~` in `{token}` is neither `~0` (for `~`) nor `~1` (for `/`)"
                            ));
                        }
                    },
                }
            }
            Ok(out)
        })
        .collect()
}

/// Escapes one token for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer from unescaped tokens.
pub(crate) fn join_pointer(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", escape(t))).collect()
}

impl From<&toml::Value> for Node {
    /// A TOML value as JSON. A date or time has no JSON form; the manifest refuses them
    /// before this is called, and one here becomes its text.
    fn from(value: &toml::Value) -> Node {
        match value {
            toml::Value::String(s) => Node::String(s.clone()),
            toml::Value::Integer(i) => Node::Number((*i).into()),
            toml::Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(Node::Number)
                .unwrap_or(Node::Null),
            toml::Value::Boolean(b) => Node::Bool(*b),
            toml::Value::Datetime(d) => Node::String(d.to_string()),
            toml::Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            toml::Value::Table(table) => Node::Object(
                table
                    .iter()
                    .map(|(k, v)| (k.clone(), Node::from(v)))
                    .collect(),
            ),
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        serde_json::Number::from_f64(v)
            .map(Node::Number)
            .ok_or_else(|| E::custom(format!("{v} is not a JSON number")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = IndexMap::new();
        while let Some(Key(key)) = access.next_key()? {
            let value = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Node::Object(map))
    }
}

/// A mapping key as text: YAML allows `200:` (an integer) where JSON has `"200"`.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key("null".to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn keys_keep_their_order_through_yaml_and_json() {
        let yaml = "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n200: x\n";
        let node = Node::parse(yaml, Format::Yaml).unwrap();
        let keys: Vec<&String> = node.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "info", "paths", "200"]);
        let json = node.to_text(Format::Json).unwrap();
        assert!(json.starts_with("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {"));
        assert_eq!(Node::parse(&json, Format::Json).unwrap(), node);
        assert_eq!(
            Node::parse(&node.to_text(Format::Yaml).unwrap(), Format::Yaml).unwrap(),
            node
        );
    }

    #[test]
    fn pointers_split_escape_and_find() {
        assert_eq!(
            split_pointer("/paths/~1a~1{id}/x~0y").unwrap(),
            ["paths", "/a/{id}", "x~y"]
        );
        assert_eq!(
            join_pointer(&split_pointer("/a~1b/c~0").unwrap()),
            "/a~1b/c~0"
        );
        assert!(split_pointer("a").is_err());
        assert!(split_pointer("/a~2").is_err());
        let node = Node::parse("a: [x, {b: 1}]", Format::Yaml).unwrap();
        let at = |p: &str| node.get(&split_pointer(p).unwrap()).cloned();
        assert_eq!(at("/a/0"), Some(Node::String("x".into())));
        assert_eq!(at("/a/1/b"), Some(Node::Number(1.into())));
        assert_eq!(at("/a/01"), None);
        assert_eq!(at("/a/2"), None);
    }
}
