//! Reading a spec file into a JSON value, whatever its format.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::Diagnostics;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::locate::{SourceMap, fill_source_lines};
use crate::openapi::pointer::unescape;

/// The serialization format of a spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (1.2, as `serde_yaml` reads it).
    Yaml,
}

impl Format {
    /// The format named by a file's extension, or by its content when the
    /// extension names neither (a JSON document starts with `{`).
    pub fn detect(path: &Path, text: &str) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
            {
                Format::Json
            }
            _ => Format::Yaml,
        }
    }
}

/// A spec as read from disk.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path it was read from, as given.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its text (without a byte order mark), to place diagnostics in.
    pub text: String,
    /// The whole document.
    pub value: Value,
    /// What reading it worked around, each placed (see [`parse_with`]).
    pub warnings: Vec<Diagnostic>,
}

/// Scans `text`, a document that parsed as `format`, for the places of its nodes: only a
/// document with something to report needs them.
fn source_map(text: &str, format: Format) -> SourceMap {
    match format {
        Format::Json => SourceMap::json(text),
        Format::Yaml => SourceMap::yaml(text),
    }
}

/// Places each diagnostic at its line and column in `text`, a document that parsed as
/// `format`; the text is scanned only when there is a diagnostic to place.
pub fn place(text: &str, format: Format, diagnostics: &mut [Diagnostic]) {
    if !diagnostics.is_empty() {
        source_map(text, format).place(text, diagnostics);
    }
}

/// The largest spec file read, in bytes: five times the largest published
/// document we know of (Oxide Nexus is under 1 MiB; GitHub's REST API is about
/// 12 MiB). Anything bigger is refused before it is parsed, so that time and
/// memory stay bounded.
pub const MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Reads and parses the spec at `path`.
///
/// Syntax errors are reported as diagnostics with their line and column.
pub fn load(path: &Path) -> Result<Source> {
    parse(path, &read(path)?)
}

/// Reads a spec file's bytes, at most [`MAX_SIZE`] and one more: a larger file
/// is never read whole, and [`parse`] refuses it.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(error)?;
    let mut bytes = Vec::new();
    file.take(MAX_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(error)?;
    Ok(bytes)
}

/// Parses a spec already in memory; `path` names it in diagnostics and decides the format.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Source> {
    parse_with(path, bytes, false)
}

/// As [`parse`]; with `lenient`, a YAML document with C1 control characters (U+0080 to U+009F,
/// which YAML does not allow in its text) is read with each replaced by U+FFFD, with a warning
/// at each place, instead of being refused with an error at each.
///
/// An integer too large for 64 bits (`minimum: -9223372036854776000`) is read as a
/// floating-point number, in either mode, with a warning at its place when that changes its
/// value.
pub fn parse_with(path: &Path, bytes: &[u8], lenient: bool) -> Result<Source> {
    let mut diagnostics = Diagnostics::new(path);
    if bytes.len() as u64 > MAX_SIZE {
        diagnostics
            .error(
                "too-large",
                "",
                format!(
                    "the file is larger than {} MiB, far more than any OpenAPI document",
                    MAX_SIZE / (1024 * 1024)
                ),
            )
            .help("check that this is the spec you meant; the generator reads specs of up to this size");
        return Err(invalid(diagnostics, ""));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            // The bytes before the error are valid UTF-8: count characters.
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            let line_end = bytes[line_start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| line_start + p);
            let d = diagnostics
                .error("encoding", "", "the file is not valid UTF-8")
                .at(line, column)
                .help("OpenAPI documents are UTF-8 text; re-save the file as UTF-8");
            if let Some(l) = d.location.as_mut() {
                // The bad bytes show as U+FFFD, where the marker points.
                l.source_line = String::from_utf8_lossy(&bytes[line_start..line_end])
                    .trim_end_matches('\r')
                    .to_string();
            }
            return Err(invalid(diagnostics, ""));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        diagnostics
            .error("empty", "", "the file is empty")
            .help("an OpenAPI document needs at least `openapi`, `info` and `paths`");
        return Err(invalid(diagnostics, text));
    }
    let format = Format::detect(path, text);
    let replaced;
    let text = if format == Format::Yaml && text.contains(is_c1) {
        control_characters(&mut diagnostics, text, lenient);
        if !lenient {
            return Err(invalid(diagnostics, text));
        }
        replaced = text.replace(is_c1, "\u{fffd}");
        replaced.as_str()
    } else {
        text
    };
    let twice = std::cell::Cell::new(false);
    let wide = std::cell::RefCell::new(Vec::new());
    let seed = value::Seed {
        twice: &twice,
        wide: &wide,
    };
    let parsed = match format {
        Format::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
                .and_then(|value| deserializer.end().map(|()| value))
                .map_err(|e| (e.to_string(), Some((e.line(), e.column()))))
        }
        Format::Yaml => {
            serde::de::DeserializeSeed::deserialize(seed, serde_yaml::Deserializer::from_str(text))
                .map_err(|e| {
                    let position = e.location().map(|l| (l.line(), l.column()));
                    (e.to_string(), position)
                })
        }
    };
    let value = match parsed {
        Ok(value) => value,
        Err((message, position)) => {
            syntax_error(&mut diagnostics, format, &message, position);
            return Err(invalid(diagnostics, text));
        }
    };
    if value.is_null() {
        diagnostics
            .error(
                "empty",
                "",
                "the file holds no document: only comments or an empty document",
            )
            .help("an OpenAPI document needs at least `openapi`, `info` and `paths`");
        return Err(invalid(diagnostics, text));
    }
    // Only a document with a key twice in one mapping needs its places to report it.
    let map = if twice.get() {
        source_map(text, format)
    } else {
        SourceMap::default()
    };
    for duplicate in map.duplicates() {
        let key = unescape(duplicate.pointer.rsplit('/').next().unwrap_or_default());
        let d = diagnostics
            .error(
                "duplicate-key",
                duplicate.pointer.clone(),
                format!(
                    "the key `{key}` appears twice in one mapping (first on line {}); only the last would be read, and the first silently lost",
                    duplicate.first.line
                ),
            )
            .at(duplicate.second.line, duplicate.second.column)
            .help("merge the two or rename one; keys in a mapping must be unique");
        if let Some(l) = d.location.as_mut() {
            l.width = duplicate.second.width;
        }
    }
    if diagnostics.has_errors() {
        return Err(invalid(diagnostics, text));
    }
    if !value.is_object() {
        diagnostics
            .error(
                "not-openapi",
                "#",
                "the document is not an OpenAPI document: its top level is not a mapping",
            )
            .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`");
        return Err(invalid(diagnostics, text));
    }
    wide_integers(&mut diagnostics, text, &wide.into_inner());
    // Only warnings are left.
    let mut warnings = diagnostics.finish().unwrap_or_else(|all| all);
    fill_source_lines(text, &mut warnings);
    Ok(Source {
        path: path.to_path_buf(),
        format,
        text: text.to_string(),
        value,
        warnings,
    })
}

/// Whether `c` is a C1 control character, which YAML does not allow in its text.
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// The line and column (1-based, in characters) of the byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Reports each C1 control character of a YAML text: an error, or with `lenient` a warning.
fn control_characters(diagnostics: &mut Diagnostics, text: &str, lenient: bool) {
    for (offset, c) in text.char_indices().filter(|(_, c)| is_c1(*c)) {
        let (line, column) = line_column(text, offset);
        let code = format!("U+{:04X}", u32::from(c));
        if lenient {
            diagnostics
                .warning(
                    "control-character",
                    "",
                    format!("the control character {code} is not allowed in YAML; with --lenient it is read as U+FFFD (\u{fffd})"),
                )
                .at(line, column)
                .help("remove the character, or write it as an escape (`\\x85`) in a double-quoted string");
        } else {
            diagnostics
                .error(
                    "control-character",
                    "",
                    format!("the control character {code} is not allowed in YAML"),
                )
                .at(line, column)
                .help("remove the character, or write it as an escape (`\\x85`) in a double-quoted string; --lenient reads it as U+FFFD");
        }
    }
}

/// Reports each integer too large for 64 bits that reading as a floating-point number changed:
/// a warning at the first place its digits are written.
fn wide_integers(diagnostics: &mut Diagnostics, text: &str, wide: &[(String, f64)]) {
    for (literal, read) in wide {
        let d = diagnostics.warning(
            "wide-integer",
            "",
            format!("the integer {literal} does not fit in 64 bits; it is read as {}, the nearest floating-point number", *read as i128),
        );
        d.help("write a number that fits in 64 bits (from -9223372036854775808 to 18446744073709551615)");
        if let Some(offset) = text.find(literal.as_str()) {
            let (line, column) = line_column(text, offset);
            d.at(line, column);
        }
    }
}

/// Records a parser's error, telling apart the limits that keep time and
/// memory bounded (nesting depth, alias expansion) from plain syntax errors.
fn syntax_error(
    diagnostics: &mut Diagnostics,
    format: Format,
    message: &str,
    position: Option<(usize, usize)>,
) {
    let kind = match format {
        Format::Json => "JSON",
        Format::Yaml => "YAML",
    };
    // The place is shown on its own line; drop it from the parser's message.
    let message = match position {
        Some((line, column)) => {
            message.replacen(&format!(" at line {line} column {column}"), "", 1)
        }
        None => message.to_string(),
    };
    let d = if message.contains("recursion limit exceeded") {
        diagnostics
            .error(
                "too-deep",
                "",
                format!("the {kind} is nested too deeply to be read (more than 128 levels)"),
            )
            .help("no OpenAPI document needs this depth; check the file for runaway nesting")
    } else if message.contains("repetition limit exceeded") {
        diagnostics
            .error(
                "too-large",
                "",
                "the YAML's aliases expand to a document too large to be read (an alias bomb)",
            )
            .help("write the repeated parts once under `components` and refer to them with `$ref`")
    } else {
        diagnostics.error("syntax", "", format!("invalid {kind}: {message}"))
    };
    if let Some((line, column)) = position {
        d.at(line, column);
    }
}

/// The error for what `diagnostics` holds, each placed on its line of `text`.
fn invalid(diagnostics: Diagnostics, text: &str) -> Error {
    let mut all = match diagnostics.finish() {
        Err(all) | Ok(all) => all,
    };
    fill_source_lines(text, &mut all);
    Error::InvalidSpec(all)
}

mod value {
    //! Reading a document into a [`serde_json::Value`], as `serde_json::Value`'s own
    //! `Deserialize` does, but noticing a key twice in one mapping (which that keeps silently,
    //! the last one winning), so that a document without one is never scanned for them.

    use std::cell::{Cell, RefCell};
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    /// Reads one value; sets `twice` when a mapping in it has a key twice, and adds to `wide`
    /// each integer too large for 64 bits whose value reading it as a float changed (its
    /// digits, and the float).
    #[derive(Clone, Copy)]
    pub(super) struct Seed<'a> {
        pub(super) twice: &'a Cell<bool>,
        pub(super) wide: &'a RefCell<Vec<(String, f64)>>,
    }

    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Value;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl Seed<'_> {
        /// An integer too large for 64 bits, as the float `read`; `exact` when that is its value.
        fn wide(self, digits: String, read: f64, exact: bool) -> Value {
            if !exact {
                self.wide.borrow_mut().push((digits, read));
            }
            Number::from_f64(read).map_or(Value::Null, Value::Number)
        }
    }

    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any valid JSON value")
        }

        fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
            Ok(Value::Bool(value))
        }

        fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
            Ok(self.wide(
                value.to_string(),
                value as f64,
                value as f64 as i128 == value,
            ))
        }

        fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
            Ok(self.wide(
                value.to_string(),
                value as f64,
                value as f64 as u128 == value,
            ))
        }

        fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
            Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E>(self, value: &str) -> Result<Value, E> {
            Ok(Value::String(value.to_string()))
        }

        fn visit_string<E>(self, value: String) -> Result<Value, E> {
            Ok(Value::String(value))
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element_seed(self)? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
            let mut map = Map::new();
            while let Some(key) = entries.next_key::<String>()? {
                let value = entries.next_value_seed(self)?;
                if map.insert(key, value).is_some() {
                    self.twice.set(true);
                }
            }
            Ok(Value::Object(map))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension_then_content() {
        assert_eq!(Format::detect(Path::new("a.JSON"), "x: 1"), Format::Json);
        assert_eq!(Format::detect(Path::new("a.yml"), "{}"), Format::Yaml);
        assert_eq!(
            Format::detect(Path::new("a.spec"), "  {\"a\":1}"),
            Format::Json
        );
        assert_eq!(
            Format::detect(Path::new("a"), "openapi: 3.0.3"),
            Format::Yaml
        );
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let s = parse(
            Path::new("a.yaml"),
            b"responses:\n  204:\n    description: ok\n",
        )
        .unwrap();
        assert!(s.value["responses"]["204"].is_object());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.json"), b"{\n  \"a\": ,\n}") else {
            panic!("expected a syntax error");
        };
        assert_eq!(d[0].code, "syntax");
        assert_eq!(d[0].position(), Some((2, 8)));
        assert_eq!(d[0].message, "invalid JSON: expected value");
        assert_eq!(d[0].location.as_ref().unwrap().source_line, "  \"a\": ,");
    }

    #[test]
    fn documents_read_as_serde_json_reads_them_and_keys_twice_are_found() {
        let text = "{\"a\": [1, -2, 2.5, true, null, \"s\"], \"b\": {\"c\": {}}}";
        let s = parse(Path::new("a.json"), text.as_bytes()).unwrap();
        assert_eq!(s.value, serde_json::from_str::<Value>(text).unwrap());
        let yaml = "a:\n  - 1\n  - x\nb: ~\n";
        let s = parse(Path::new("a.yaml"), yaml.as_bytes()).unwrap();
        assert_eq!(s.value, serde_yaml::from_str::<Value>(yaml).unwrap());
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.yaml"), b"a:\n  b: 1\n  b: 2\n") else {
            panic!("expected a duplicate key");
        };
        assert_eq!(d[0].code, "duplicate-key");
        assert_eq!(d[0].position(), Some((3, 3)));
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.json"), b"{\"a\": 1,\n \"a\": 2}")
        else {
            panic!("expected a duplicate key");
        };
        assert_eq!(d[0].pointer, "#/a");
    }

    #[test]
    fn c1_control_characters_are_refused_or_with_lenient_replaced() {
        let text = "openapi: 3.0.3\ninfo:\n  title: \"a\u{85}b\"\n  description: x\u{96}\n";
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.yaml"), text.as_bytes()) else {
            panic!("expected an error");
        };
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.position(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "control-character",
                    Some((3, 12)),
                    "the control character U+0085 is not allowed in YAML"
                ),
                (
                    "control-character",
                    Some((4, 17)),
                    "the control character U+0096 is not allowed in YAML"
                ),
            ]
        );
        let source = parse_with(Path::new("a.yaml"), text.as_bytes(), true).unwrap();
        assert_eq!(source.value["info"]["title"], "a\u{fffd}b");
        assert_eq!(source.value["info"]["description"], "x\u{fffd}");
        let found: Vec<_> = source
            .warnings
            .iter()
            .map(|d| (d.code, d.severity, d.position()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "control-character",
                    crate::diagnostic::Severity::Warning,
                    Some((3, 12))
                ),
                (
                    "control-character",
                    crate::diagnostic::Severity::Warning,
                    Some((4, 17))
                ),
            ]
        );
        // JSON strings may hold them.
        let json = "{\"a\": \"\u{85}\"}";
        assert_eq!(
            parse(Path::new("a.json"), json.as_bytes()).unwrap().value["a"],
            "\u{85}"
        );
    }

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats_with_a_warning_when_changed() {
        let yaml = "a:\n  minimum: -9223372036854776000\n  exact: 36893488147419103232\n";
        let source = parse(Path::new("a.yaml"), yaml.as_bytes()).unwrap();
        assert_eq!(
            source.value["a"]["minimum"].as_f64(),
            Some(-9.223372036854776e18)
        );
        assert_eq!(source.value["a"]["exact"].as_f64(), Some(2f64.powi(65)));
        let found: Vec<_> = source
            .warnings
            .iter()
            .map(|d| (d.code, d.position(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                "wide-integer",
                Some((2, 12)),
                "the integer -9223372036854776000 does not fit in 64 bits; it is read as -9223372036854775808, the nearest floating-point number"
            )]
        );
    }

    #[test]
    fn empty_and_non_utf8_files_are_refused() {
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.yaml"), b" \n") else {
            panic!("expected an error");
        };
        assert_eq!(d[0].code, "empty");
        let Err(Error::InvalidSpec(d)) = parse(Path::new("a.yaml"), b"a: \xff") else {
            panic!("expected an error");
        };
        assert_eq!(d[0].code, "encoding");
        assert_eq!(d[0].position(), Some((1, 4)));
    }
}
