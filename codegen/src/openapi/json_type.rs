//! JSON Schema's `type` names and the JSON values of each.

use serde_json::Value;

/// Whether `value` is of the JSON Schema type `kind` (`"integer"`: a whole number that fits
/// 64 bits); `None` for a name that is not a JSON Schema type.
pub fn is_of(value: &Value, kind: &str) -> Option<bool> {
    Some(match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_and_their_types() {
        assert_eq!(is_of(&json!(1), "integer"), Some(true));
        assert_eq!(is_of(&json!(1.5), "integer"), Some(false));
        assert_eq!(is_of(&json!(1.5), "number"), Some(true));
        assert_eq!(is_of(&json!("1"), "integer"), Some(false));
        assert_eq!(is_of(&json!(null), "null"), Some(true));
        assert_eq!(is_of(&json!(1), "money"), None);
    }
}
