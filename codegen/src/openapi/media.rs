//! Media types, as the generator tells them apart.

/// The media type without its parameters, trimmed: `application/json; charset=utf-8` →
/// `application/json`.
pub fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

/// `application/json`, with or without parameters.
pub fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

/// `*/*`: any media type.
pub fn is_any(media_type: &str) -> bool {
    essence(media_type) == "*/*"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_any_with_parameters() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(!is_json("application/jsonl"));
        assert!(is_any("*/*; q=0.8"));
        assert_eq!(essence(" text/plain ; charset=utf-8"), "text/plain");
    }
}
