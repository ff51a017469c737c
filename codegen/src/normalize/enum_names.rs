//! String enums whose values make no distinct Rust names.
//!
//! typify names each variant after its value and panics when two values make the same name,
//! or none (`.` and `..`, `X` and `x`, `a-b` and `a_b`, the empty string). Here each value of
//! such an enum is replaced, for typify, by a placeholder that makes a readable, distinct name
//! (`Dot`, `X`, `X2`, `Empty`, `AB`, `AB2`), and the document records the original of each
//! placeholder under [`EXTENSION`]; the `enum_values` pass puts the originals back in every
//! string of the generated code (serde renames, `Display`, `FromStr`, docs), so the value on
//! the wire is the original.

use std::collections::BTreeMap;

use heck::ToPascalCase;
use serde_json::{Map, Value};

use super::walk;

/// The document extension mapping each placeholder to its original value.
pub const EXTENSION: &str = "x-codegen-enum-values";

/// What follows a name in a placeholder: a character no enum value has in practice and that
/// typify's names drop (it reads it as a word break), repeated to keep placeholders distinct.
pub(crate) const MARK: char = '\u{1F}';

/// Replaces the values of every string enum typify could not name, recording the originals.
pub fn rename(document: &mut Value) {
    let Value::Object(root) = document else {
        return;
    };
    let mut originals: Map<String, Value> = Map::new();
    let mut count = 0usize;
    walk::document(root, &mut |schema, _| {
        let Some(Value::Array(values)) = schema.get_mut("enum") else {
            return;
        };
        let strings: Vec<String> = values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let mut distinct = strings.clone();
        distinct.sort();
        distinct.dedup();
        // A value twice is an error validation reports, not a naming problem.
        if strings.len() != values.len()
            || distinct.len() != strings.len()
            || typify_can_name(&strings)
        {
            return;
        }
        let mut taken: Vec<String> = Vec::new();
        let mut renamed: Vec<(String, String)> = Vec::new();
        for value in values.iter_mut() {
            let Some(original) = value.as_str().map(str::to_string) else {
                continue;
            };
            let base = readable(&original);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.push(name.clone());
            count += 1;
            let placeholder = format!("{name}{}", MARK.to_string().repeat(count));
            originals.insert(placeholder.clone(), Value::String(original.clone()));
            renamed.push((original, placeholder.clone()));
            *value = Value::String(placeholder);
        }
        // A default must stay one of the values.
        if let Some(Value::String(default)) = schema.get_mut("default")
            && let Some((_, placeholder)) = renamed.iter().find(|(o, _)| o == default)
        {
            *default = placeholder.clone();
        }
    });
    if !originals.is_empty() {
        root.insert(EXTENSION.to_string(), Value::Object(originals));
    }
}

/// The originals recorded in a document, by placeholder.
pub fn originals(extensions: &indexmap::IndexMap<String, Value>) -> BTreeMap<String, String> {
    extensions
        .get(EXTENSION)
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// typify's two tries: the values as names, then with `_` and other characters as `X`.
fn typify_can_name(values: &[String]) -> bool {
    let unique = |names: Vec<String>| {
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        sorted.len() == names.len()
    };
    unique(values.iter().map(|v| crate::names::type_name(v)).collect())
        || unique(
            values
                .iter()
                .map(|v| {
                    crate::names::type_name(
                        &v.replace(|c: char| c == '_' || !(c.is_alphanumeric()), "X"),
                    )
                })
                .collect(),
        )
}

/// A name for a value: its words, symbols spelled out (`.` → `Dot`), `Empty` for nothing.
fn readable(value: &str) -> String {
    let mut words = String::new();
    for c in value.chars() {
        let word = match c {
            '.' => "-dot-",
            '-' => "-minus-",
            '+' => "-plus-",
            '*' => "-star-",
            '/' => "-slash-",
            '\\' => "-backslash-",
            '@' => "-at-",
            '#' => "-hash-",
            '%' => "-percent-",
            '&' => "-and-",
            '=' => "-equals-",
            ':' => "-colon-",
            '<' => "-lt-",
            '>' => "-gt-",
            c if c.is_alphanumeric() => {
                words.push(c);
                continue;
            }
            _ => "-",
        };
        words.push_str(word);
    }
    let name = words.to_pascal_case();
    match name.chars().next() {
        None => "Empty".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_typify_cannot_name_get_placeholders_and_others_stay() {
        let mut doc = json!({"components": {"schemas": {
            "Mark": {"type": "string", "enum": [".", "X", "x", "-1", "", "a-b", "a_b"]},
            "Plain": {"type": "string", "enum": ["red", "green"]},
        }}});
        rename(&mut doc);
        let values: Vec<String> = doc["components"]["schemas"]["Mark"]["enum"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|v| v.as_str().unwrap_or_default().replace(MARK, ""))
            .collect();
        assert_eq!(
            values,
            ["Dot", "X", "X2", "Minus1", "Empty", "AMinusB", "AB"]
        );
        assert_eq!(
            doc["components"]["schemas"]["Plain"]["enum"],
            json!(["red", "green"])
        );
        let originals = doc[EXTENSION].as_object().map(|m| m.len());
        assert_eq!(originals, Some(7));
    }
}
