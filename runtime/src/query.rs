//! Query parameters written in the styles progenitor does not write (it writes every one as an
//! exploded `form`: `name=a&name=b`).
//!
//! The generated code passes `QueryParam::new(style, "name", &value)` to reqwest's
//! `RequestBuilder::query`, which URL-encodes each pair it is given (`[` and `]` as `%5B` and
//! `%5D`, a space as `+`, `,` as `%2C`, `|` as `%7C`), as servers decode them. A value that is
//! `None` (or `null`) sends nothing. The value is read through `serde_json::Value`, so an
//! object's fields come in the order of their names.

use serde::{Serialize, Serializer};
use serde_json::Value;

/// How a query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form, explode: false`: a list as `name=a,b,c`, an object as `name=k1,v1,k2,v2`.
    Comma,
    /// `style: spaceDelimited`: `name=a b c`.
    Space,
    /// `style: pipeDelimited`: `name=a|b|c`.
    Pipe,
    /// `style: deepObject`: `name[key]=value`, nested objects `name[a][b]=value`, a list of
    /// scalars comma-separated, `name[key]=a,b` (as PandaScore and Trigger.dev document theirs:
    /// OpenAPI leaves lists in a deep object undefined), a list of objects or lists by index,
    /// `name[key][0][field]=value`; `null` fields and empty lists are left out.
    DeepObject,
    /// A parameter described by `content: application/json`: `name=<the value's JSON text>`.
    Json,
}

/// One query parameter, written in its style; what reqwest's `query` is given.
pub struct QueryParam<'a, T: ?Sized> {
    style: QueryStyle,
    name: &'a str,
    value: &'a T,
}

impl<'a, T: ?Sized> QueryParam<'a, T> {
    /// The parameter `name` with `value`, written in `style`.
    pub fn new(style: QueryStyle, name: &'a str, value: &'a T) -> Self {
        QueryParam { style, name, value }
    }
}

impl<T: Serialize + ?Sized> Serialize for QueryParam<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = serde_json::to_value(self.value).map_err(serde::ser::Error::custom)?;
        pairs(self.style, self.name, &value).serialize(serializer)
    }
}

/// The `(name, value)` pairs `value` is written as, before URL-encoding.
pub(crate) fn pairs(style: QueryStyle, name: &str, value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match (style, value) {
        (_, Value::Null) => {}
        (QueryStyle::Json, value) => out.push((name.to_string(), value.to_string())),
        (QueryStyle::DeepObject, value) => deep(name.to_string(), value, &mut out),
        (QueryStyle::Comma | QueryStyle::Space | QueryStyle::Pipe, value) => {
            let separator = match style {
                QueryStyle::Space => " ",
                QueryStyle::Pipe => "|",
                _ => ",",
            };
            let items: Vec<String> = match value {
                Value::Array(items) => items.iter().filter_map(text).collect(),
                Value::Object(fields) => fields
                    .iter()
                    .filter_map(|(k, v)| text(v).map(|v| [k.clone(), v]))
                    .flatten()
                    .collect(),
                scalar => text(scalar).into_iter().collect(),
            };
            out.push((name.to_string(), items.join(separator)));
        }
    }
    out
}

/// `deepObject`'s pairs for `value` under `key` (`filter`, `filter[a]`…).
fn deep(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (field, value) in fields {
                deep(format!("{key}[{field}]"), value, out);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_array() || i.is_object()) => {
            for (i, item) in items.iter().enumerate() {
                deep(format!("{key}[{i}]"), item, out);
            }
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(text).collect();
            if !items.is_empty() {
                out.push((key, items.join(",")));
            }
        }
        scalar => out.extend(text(scalar).map(|v| (key, v))),
    }
}

/// A value's text in a query: a string as it is, a number or boolean as JSON writes it, a list
/// or object as its JSON text; `None` for `null`.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(style: QueryStyle, value: Value) -> String {
        let url = reqwest::Url::parse("http://h/p").unwrap();
        let request = reqwest::Client::new()
            .get(url)
            .query(&QueryParam::new(style, "f", &value))
            .build()
            .unwrap();
        request.url().query().unwrap_or_default().to_string()
    }

    #[test]
    fn deep_objects_nest_and_list_their_items() {
        let value = json!({"name": "a b", "age": 3, "tags": ["x", "y"], "owner": {"id": 1, "gone": null},
                           "rows": [{"k": true}]});
        assert_eq!(
            pairs(QueryStyle::DeepObject, "f", &value),
            [
                ("f[age]", "3"),
                ("f[name]", "a b"),
                ("f[owner][id]", "1"),
                ("f[rows][0][k]", "true"),
                ("f[tags]", "x,y"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(
            query(QueryStyle::DeepObject, json!({"a": {"b": "c"}})),
            "f%5Ba%5D%5Bb%5D=c"
        );
        assert_eq!(query(QueryStyle::DeepObject, json!(["x", "y"])), "f=x%2Cy");
        assert_eq!(
            query(
                QueryStyle::DeepObject,
                json!({"a": [[1], {"b": 2}], "e": []})
            ),
            "f%5Ba%5D%5B0%5D=1&f%5Ba%5D%5B1%5D%5Bb%5D=2"
        );
    }

    #[test]
    fn delimited_styles_join_items_and_json_sends_the_text() {
        assert_eq!(query(QueryStyle::Comma, json!([1, 2])), "f=1%2C2");
        assert_eq!(
            query(QueryStyle::Comma, json!({"a": 1, "b": "x"})),
            "f=a%2C1%2Cb%2Cx"
        );
        assert_eq!(query(QueryStyle::Space, json!(["a", "b"])), "f=a+b");
        assert_eq!(query(QueryStyle::Pipe, json!(["a", "b"])), "f=a%7Cb");
        assert_eq!(query(QueryStyle::Comma, json!("s")), "f=s");
        assert_eq!(
            query(QueryStyle::Json, json!({"a": [1, "b"]})),
            "f=%7B%22a%22%3A%5B1%2C%22b%22%5D%7D"
        );
        assert_eq!(query(QueryStyle::Json, json!("s")), "f=%22s%22");
        assert_eq!(query(QueryStyle::DeepObject, Value::Null), "");
        let none: Option<u8> = None;
        let request = reqwest::Client::new()
            .get("http://h/p")
            .query(&QueryParam::new(QueryStyle::Json, "f", &none))
            .build()
            .unwrap();
        assert_eq!(request.url().as_str(), "http://h/p");
    }
}
