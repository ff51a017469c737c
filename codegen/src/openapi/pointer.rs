//! JSON pointers (RFC 6901) in the `#/a/b` form OpenAPI's `$ref`s use: built, escaped and
//! read back in one place.

/// Builds a JSON pointer (RFC 6901) from path segments, in the `#/a/b` form that
/// OpenAPI `$ref`s use.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    below("#", segments)
}

/// The JSON pointer `pointer` with `segments` appended.
pub fn below<I, S>(pointer: &str, segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = pointer.to_string();
    for segment in segments {
        push_segment(&mut out, segment.as_ref());
    }
    out
}

/// Appends one segment to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// One segment of a JSON pointer, unescaped: `a~1b` is `a/b`.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The pointer of `segments` as `serde_json`'s `Value::pointer` reads it: without the `#`.
pub fn json_pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    below("", segments)
}

/// The segments of a reference into this document (`#/components/schemas/A~1B` →
/// `components`, `schemas`, `A/B`), unescaped; `None` when it does not start with `#/`.
pub fn segments(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix("#/")?;
    Some(rest.split('/').map(unescape).collect())
}

/// The last segment of a reference, unescaped: the component's name in
/// `#/components/schemas/Name`.
pub fn last_segment(reference: &str) -> String {
    unescape(reference.rsplit('/').next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/tokens/{id}", "delete"]),
            "#/paths/~1tokens~1{id}/delete"
        );
        assert_eq!(pointer(["a~b"]), "#/a~0b");
        assert_eq!(pointer::<[&str; 0], &str>([]), "#");
    }

    #[test]
    fn references_split_into_unescaped_segments() {
        assert_eq!(
            segments("#/components/schemas/A~1B~0C"),
            Some(vec!["components".into(), "schemas".into(), "A/B~C".into()])
        );
        assert_eq!(segments("#"), None);
        assert_eq!(segments("other.yaml#/A"), None);
        assert_eq!(last_segment("#/components/schemas/A~1B"), "A/B");
    }
}
