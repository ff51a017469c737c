//! String enums whose values make no distinct Rust names.
//!
//! typify names each variant after its value and panics when two values make the same name,
//! or none (`.` and `..`, `X` and `x`, `a-b` and `a_b`, the empty string). Here each value of
//! such an enum is replaced, for typify, by a readable stand-in that is a distinct name of its
//! own (`Dot`, `X`, `X2`, `Empty`, `AMinusB`, `AB`), and the [`Notes`](crate::notes::Notes)
//! record each stand-in's value; the back end finds each such enum by its variants and gives
//! them back their values, in serde, `Display` and `FromStr` (see `passes::enums`), so the
//! value on the wire is the original.

use heck::ToPascalCase;
use serde_json::Value;

use crate::notes::{Enum, Variant};
use crate::openapi::walk;

/// Replaces the values of every string enum typify could not name by stand-ins; returns each
/// such enum's stand-ins and values.
pub fn rename(document: &mut Value) -> Vec<Enum> {
    let Value::Object(root) = document else {
        return Vec::new();
    };
    let mut enums: Vec<Enum> = Vec::new();
    walk::document_mut(root, &mut |schema, _| {
        let Some(Value::Array(values)) = schema.get("enum") else {
            return;
        };
        // `null` is no variant (a nullable enum is an `Option` of the others).
        let strings: Vec<String> = values
            .iter()
            .filter(|v| !v.is_null())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let nulls = values.iter().filter(|v| v.is_null()).count();
        let mut distinct = strings.clone();
        distinct.sort();
        distinct.dedup();
        // A value twice is an error validation reports, not a naming problem.
        if strings.is_empty()
            || strings.len() + nulls != values.len()
            || distinct.len() != strings.len()
            || typify_can_name(&strings)
        {
            return;
        }
        let mut taken: Vec<String> = Vec::new();
        let mut variants: Vec<Variant> = Vec::new();
        for original in &strings {
            let base = readable(original);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.push(name.clone());
            variants.push(Variant {
                name,
                value: original.clone(),
            });
        }
        let stand_in = |value: &Value| match value.as_str() {
            Some(s) => variants
                .iter()
                .find(|v| v.value == s)
                .map_or_else(|| value.clone(), |v| Value::String(v.name.clone())),
            None => value.clone(),
        };
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            for value in values.iter_mut() {
                *value = stand_in(value);
            }
        }
        // A default must stay one of the values.
        if let Some(default) = schema.get_mut("default") {
            *default = stand_in(default);
        }
        // typify drops the values its string checks refuse: the stand-ins are not the values.
        if let Value::Object(map) = schema {
            for keyword in ["pattern", "minLength", "maxLength", "format"] {
                map.remove(keyword);
            }
        }
        if !enums.iter().any(|e| e.variants == variants) {
            enums.push(Enum { variants });
        }
    });
    enums
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
        // As typify will spell it, so that the stand-in is the variant's name.
        Some(c) if c.is_ascii_digit() => crate::names::type_name(&format!("V{name}")),
        Some(_) => crate::names::type_name(&name),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_typify_cannot_name_get_stand_ins_and_others_stay() {
        let mut doc = json!({"components": {"schemas": {
            "Mark": {"type": "string", "enum": [".", "X", "x", "-1", "", "a-b", "a_b"], "default": "x"},
            "Maybe": {"type": "string", "nullable": true, "enum": [".", "", null]},
            "Plain": {"type": "string", "enum": ["red", "green"]},
        }}});
        let enums = rename(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["Mark"]["enum"],
            json!(["Dot", "X", "X2", "Minus1", "Empty", "AMinusB", "Ab"])
        );
        assert_eq!(doc["components"]["schemas"]["Mark"]["default"], "X2");
        assert_eq!(
            doc["components"]["schemas"]["Maybe"]["enum"],
            json!(["Dot", "Empty", null])
        );
        assert_eq!(
            doc["components"]["schemas"]["Plain"]["enum"],
            json!(["red", "green"])
        );
        assert_eq!(enums.len(), 2);
        assert_eq!(
            enums[0].variants[1],
            Variant {
                name: "X".into(),
                value: "X".into()
            }
        );
        assert_eq!(
            enums[0].variants[4],
            Variant {
                name: "Empty".into(),
                value: String::new()
            }
        );
    }

    #[test]
    fn stand_ins_are_the_names_typify_gives_them() {
        for value in [".", "..", "-1", "+1", "", "a-b", "a_b", "1st", "%", "@x.y"] {
            let name = readable(value);
            assert_eq!(crate::names::type_name(&name), name, "{value:?}");
        }
    }
}
