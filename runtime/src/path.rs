//! Path parameters, each encoded into exactly one path segment.

use std::borrow::Cow;

/// A request refused before it was sent, and why.
#[derive(Debug)]
pub struct Refused(pub(crate) String);

/// RFC 3986's unreserved characters, by byte.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Percent-encodes path parameter `name`'s value into exactly one path segment.
///
/// Every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so `/`,
/// `\`, `?`, `#` and `%` cannot change the request's target. A value that would still address
/// another resource is refused: the empty string, and `.` and `..` in any spelling the URL
/// parser reads as a dot segment (`%2e`, `.%2E`, …).
///
/// # Errors
///
/// [`Refused`], naming the parameter, for the values above.
pub fn encode_path<'a>(value: &'a str, name: &str) -> Result<Cow<'a, str>, Refused> {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    if value.is_empty() {
        return Err(Refused(format!(
            "path parameter `{name}` is empty, which would address another resource"
        )));
    }
    if value.len() <= 6 {
        let spelled = value.to_ascii_lowercase().replace("%2e", ".");
        if spelled == "." || spelled == ".." {
            return Err(Refused(format!(
                "path parameter `{name}` is `{value}`, a dot segment that would address another resource"
            )));
        }
    }
    // Most values (ids, names) need no encoding: found in one pass over the bytes, and borrowed.
    if value.bytes().all(|b| UNRESERVED[usize::from(b)]) {
        return Ok(Cow::Borrowed(value));
    }
    Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_refused_in_every_spelling() {
        for value in ["", ".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(encode_path(value, "id").is_err(), "{value:?} was accepted");
        }
        for (value, encoded) in [
            ("a/b", "a%2Fb"),
            ("...", "..."),
            ("%2e%2e%2e", "%252e%252e%252e"),
            ("a b?c#d%e", "a%20b%3Fc%23d%25e"),
            ("é", "%C3%A9"),
            ("a\\b", "a%5Cb"),
        ] {
            assert_eq!(encode_path(value, "id").ok().as_deref(), Some(encoded));
        }
    }
}
