//! Reading a spec file into a JSON value, whatever its format.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::Diagnostics;

use crate::openapi::pointer::unescape;
use crate::error::{Error, Result};
use crate::locate::{SourceMap, fill_source_lines};

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
    /// The places of its nodes in `text`.
    pub map: SourceMap,
    /// The whole document.
    pub value: Value,
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
    let parsed = match format {
        Format::Json => serde_json::from_str::<Value>(text)
            .map_err(|e| (e.to_string(), Some((e.line(), e.column())))),
        Format::Yaml => serde_yaml::from_str::<Value>(text).map_err(|e| {
            let position = e.location().map(|l| (l.line(), l.column()));
            (e.to_string(), position)
        }),
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
    let map = SourceMap::new(text, format);
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
    Ok(Source {
        path: path.to_path_buf(),
        format,
        text: text.to_string(),
        map,
        value,
    })
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
