//! What a generated crate records of its own generation, in its folder, and reading it back.
//!
//! - `openapi.yaml`: the spec as the generator read it (YAML or JSON, `$ref`s to other files
//!   brought in: [`crate::diff::read`]), written as YAML under a `# @generated` comment; it reads
//!   back to exactly the same JSON value, which [`spec_copy`] checks before it returns. The next
//!   run compares the spec with it.
//! - `Cargo.toml`: the crate's `version` (the generator bumps it; it may be set by hand), and,
//!   as its last table, `[package.metadata.codegen.sha256]`: the [`fingerprint`] of every file
//!   the generator wrote. A file whose fingerprint on disk differs from the recorded one was
//!   edited by hand; a file the current generator writes with another fingerprint than the
//!   recorded one, from the same spec, is the generator's change.
//! - `CHANGELOG.md`: see [`super::changelog`].
//!
//! YAML rather than JSON for the copy: a generated file says so in its first line, and JSON has
//! no comments; YAML's comment costs nothing, and a copy that reads back differently is refused,
//! so the choice cannot change a spec.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::changelog;
use crate::error::{Error, Result};
use crate::version::Version;

/// The crate's manifest, relative to its folder.
pub const MANIFEST: &str = "Cargo.toml";
/// The copy of the spec, relative to the crate's folder.
pub const SPEC_COPY: &str = "openapi.yaml";
/// The changelog, relative to the crate's folder.
pub const CHANGELOG: &str = "CHANGELOG.md";
/// The table of the manifest that holds the fingerprints: the manifest's last.
const TABLE: &str = "[package.metadata.codegen.sha256]";

/// A file's fingerprint: the SHA-256, in hex, of the part of it the generator decides alone.
/// That is all of it but in the crate's own `Cargo.toml` (`path` is relative to the crate's
/// folder), whose `version` line (the version may be set by hand) and fingerprint table are
/// left out, and in `CHANGELOG.md`, whose entries (the history) are left out.
pub fn fingerprint(path: &Path, contents: &str) -> String {
    let decided = if path == Path::new(MANIFEST) {
        manifest_without_record(contents)
    } else if path == Path::new(CHANGELOG) {
        changelog::preamble_of(contents).to_string()
    } else {
        contents.to_string()
    };
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(decided.as_bytes()) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// A manifest without its `[package]` `version` line and without the fingerprint table (and
/// what follows it).
fn manifest_without_record(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut table = "";
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == TABLE {
            // With the blank line the table brings before it.
            if out.ends_with("\n\n") {
                out.pop();
            }
            break;
        }
        if trimmed.starts_with('[') {
            table = trimmed;
        }
        let is_version = trimmed
            .strip_prefix("version")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !(table == "[package]" && is_version) {
            out.push_str(line);
        }
    }
    out
}

/// The fingerprint table, as the manifest's last lines: each file relative to the crate's
/// folder, `/`-separated, in path order.
pub fn fingerprint_table(fingerprints: &BTreeMap<String, String>) -> String {
    let mut out = format!(
        "\n{TABLE}\n# The SHA-256 of each file `cargo xtask gen` wrote (of this one without its `version`\n\
         # and this table, of CHANGELOG.md without its entries): a file that no longer matches was edited by hand.\n"
    );
    for (path, hash) in fingerprints {
        let _ = writeln!(out, "{} = \"{hash}\"", crate::emit::toml_string(path));
    }
    out
}

/// The copy of the spec: `header` as a comment, what the file is, then `spec` as YAML.
///
/// Refused, naming the first place that differs, if the copy would not read back to exactly
/// `spec` (no document the generator reads is known to do that).
pub fn spec_copy(path: &Path, header: &str, spec: &Value) -> Result<String> {
    let yaml = serde_yaml::to_string(spec).map_err(|e| Error::Record {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = format!(
        "# {header}\n# The spec as the generator read it (references to other files brought in): the next \
         run compares the spec with it to choose the crate's version.\n\n{yaml}"
    );
    let back = read_spec_copy(path, &text).ok_or_else(|| Error::Record {
        path: path.to_path_buf(),
        message: "the copy of the spec does not read back as a document".into(),
    })?;
    if let Some(place) = first_difference(spec, &back, String::new()) {
        return Err(Error::Record {
            path: path.to_path_buf(),
            message: format!(
                "the copy of the spec would not read back as the spec: it differs at `#{place}`"
            ),
        });
    }
    Ok(text)
}

/// The spec a copy holds, when it reads as a document.
pub fn read_spec_copy(path: &Path, text: &str) -> Option<Value> {
    crate::load::parse_with(path, text.as_bytes(), false)
        .ok()
        .map(|source| source.value)
}

/// The JSON pointer of the first place where `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let place = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, place) {
                            return Some(found);
                        }
                    }
                    None => return Some(place),
                }
            }
            b.keys()
                .find(|key| !a.contains_key(*key))
                .map(|key| format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (a, b))| first_difference(a, b, format!("{at}/{i}"))),
        (a, b) => (a != b).then_some(at),
    }
}

/// What a crate's folder holds of its last generation.
#[derive(Debug, Default)]
pub struct Record {
    /// The manifest's text, if there is one.
    pub manifest: Option<String>,
    /// The manifest's `package.version`, if it has one.
    pub version: Option<Version>,
    /// The recorded fingerprints, by path relative to the crate's folder; `None` when the
    /// manifest has none (a crate from before they were recorded) or cannot be read.
    pub fingerprints: Option<BTreeMap<String, String>>,
    /// Whether the manifest parses and its fingerprint table is as the generator writes it.
    pub manifest_intact: bool,
    /// The copy of the spec's text, if there is one.
    pub spec_copy: Option<String>,
    /// The changelog's text, if there is one.
    pub changelog: Option<String>,
}

impl Record {
    /// Reads the record of the crate in `dir`. A missing file is recorded as missing; a
    /// manifest that does not parse as TOML, as one to repair. Only a file that exists and
    /// cannot be read, or a `version` the generator cannot bump, is an error.
    pub fn read(dir: &Path) -> Result<Record> {
        let manifest = read_if_there(&dir.join(MANIFEST))?;
        let mut record = Record {
            spec_copy: read_if_there(&dir.join(SPEC_COPY))?,
            changelog: read_if_there(&dir.join(CHANGELOG))?,
            ..Record::default()
        };
        if let Some(text) = &manifest {
            let path = dir.join(MANIFEST);
            if let Ok(table) = text.parse::<toml::Table>() {
                let package = table.get("package");
                match package.and_then(|p| p.get("version")) {
                    Some(toml::Value::String(version)) => {
                        record.version =
                            Some(version.parse().map_err(|e: crate::version::ParseError| {
                                Error::Version {
                                    path: path.clone(),
                                    version: version.clone(),
                                    reason: e.to_string(),
                                }
                            })?);
                    }
                    Some(other) => {
                        return Err(Error::Version {
                            path,
                            version: other.to_string(),
                            reason: "`package.version` is not a string".into(),
                        });
                    }
                    None => {}
                }
                record.fingerprints = package
                    .and_then(|p| p.get("metadata"))
                    .and_then(|m| m.get("codegen"))
                    .and_then(|c| c.get("sha256"))
                    .and_then(toml::Value::as_table)
                    .and_then(|t| {
                        t.iter()
                            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                            .collect()
                    });
                record.manifest_intact = match &record.fingerprints {
                    Some(fingerprints) => {
                        recorded_table(text) == Some(fingerprint_table(fingerprints).as_str())
                    }
                    None => !text.contains(TABLE),
                };
            }
        }
        record.manifest = manifest;
        Ok(record)
    }

    /// The version on disk: the manifest's, else the changelog's newest entry's.
    pub fn version(&self) -> Option<Version> {
        self.version.or_else(|| {
            self.changelog
                .as_deref()
                .and_then(changelog::newest_version)
        })
    }

    /// Whether the folder holds nothing the generator writes for the record.
    pub fn is_empty(&self) -> bool {
        self.manifest.is_none() && self.spec_copy.is_none() && self.changelog.is_none()
    }
}

/// The fingerprint table of a manifest's text, from the blank line before it to the end.
fn recorded_table(text: &str) -> Option<&str> {
    let start = text.find(&format!("\n{TABLE}\n"))?;
    Some(&text[start..])
}

/// A file's text, `None` if there is no such file.
pub fn read_if_there(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// `path` relative to a crate's folder as the record writes it: `/`-separated.
pub fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The inverse of [`key`].
pub fn path(key: &str) -> PathBuf {
    PathBuf::from(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_manifest_fingerprint_leaves_out_the_version_and_the_table() {
        let manifest = "# @generated\n\n[package]\nname = \"a\"\nversion = \"0.1.0\"\n\n[dependencies]\nversion = \"1\"\n";
        let mut fingerprints = BTreeMap::new();
        fingerprints.insert("README.md".to_string(), "00".to_string());
        let with_table = format!("{manifest}{}", fingerprint_table(&fingerprints));
        let path = Path::new(MANIFEST);
        assert_eq!(fingerprint(path, &with_table), fingerprint(path, manifest));
        assert_eq!(
            fingerprint(path, &with_table),
            fingerprint(path, &manifest.replace("0.1.0", "1.2.3"))
        );
        assert_eq!(
            fingerprint(path, &with_table),
            fingerprint(
                path,
                &manifest.replace("version = \"0.1.0\"", "version=\"7.0.0\"")
            )
        );
        // A `version` key of another table is the generator's.
        assert_ne!(
            fingerprint(path, manifest),
            fingerprint(
                path,
                &manifest.replace("version = \"1\"", "version = \"2\"")
            )
        );
        assert_ne!(
            fingerprint(path, manifest),
            fingerprint(path, &manifest.replace("name = \"a\"", "name = \"b\""))
        );
        // Any other file: all of it.
        assert_ne!(
            fingerprint(Path::new("runtime/Cargo.toml"), manifest),
            fingerprint(
                Path::new("runtime/Cargo.toml"),
                &manifest.replace("0.1.0", "1.2.3")
            )
        );
        assert_eq!(
            fingerprint(Path::new("x"), ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_changelog_fingerprint_is_its_preamble() {
        let path = Path::new(CHANGELOG);
        let text = "<!-- x -->\n\n# Changelog\n\n## 0.1.0 — initial entry\n\nFirst.\n";
        assert_eq!(
            fingerprint(path, text),
            fingerprint(path, &text.replace("First.", "First, edited."))
        );
        assert_ne!(
            fingerprint(path, text),
            fingerprint(path, &text.replace("# Changelog", "# Changes"))
        );
    }

    #[test]
    fn a_record_is_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut fingerprints = BTreeMap::new();
        fingerprints.insert("src/lib.rs".to_string(), "ab".to_string());
        fingerprints.insert("README.md".to_string(), "cd".to_string());
        let manifest = format!(
            "[package]\nname = \"a\"\nversion = \"1.2.3\"\n{}",
            fingerprint_table(&fingerprints)
        );
        std::fs::write(dir.path().join(MANIFEST), &manifest).unwrap();
        let record = Record::read(dir.path()).unwrap();
        assert_eq!(record.version, Some("1.2.3".parse().unwrap()));
        assert_eq!(record.fingerprints, Some(fingerprints.clone()));
        assert!(record.manifest_intact);
        assert!(record.spec_copy.is_none() && record.changelog.is_none());

        // A table edited by hand; a manifest that is not TOML.
        std::fs::write(
            dir.path().join(MANIFEST),
            manifest.replace("\"ab\"", "'ab'"),
        )
        .unwrap();
        assert!(!Record::read(dir.path()).unwrap().manifest_intact);
        std::fs::write(dir.path().join(MANIFEST), "[package\n").unwrap();
        let record = Record::read(dir.path()).unwrap();
        assert_eq!((record.version, record.manifest_intact), (None, false));
        assert!(record.fingerprints.is_none());

        // The changelog's newest entry stands in for a manifest without a version.
        std::fs::write(
            dir.path().join(CHANGELOG),
            "# C\n\n## 0.4.1 — spec change\n",
        )
        .unwrap();
        assert_eq!(
            Record::read(dir.path()).unwrap().version(),
            Some("0.4.1".parse().unwrap())
        );

        // A version the generator cannot bump is an error naming the file.
        std::fs::write(
            dir.path().join(MANIFEST),
            "[package]\nname = \"a\"\nversion = \"1.0.0-rc.1\"\n",
        )
        .unwrap();
        let error = Record::read(dir.path()).unwrap_err().to_string();
        assert!(
            error.starts_with("cannot bump the version `1.0.0-rc.1` of `")
                && error.contains("Cargo.toml`: "),
            "{error}"
        );
    }

    /// Strings YAML would read as something else, numbers of every kind, keys that look like
    /// numbers, characters YAML must escape, text over many lines: each reads back as it was.
    #[test]
    fn the_spec_copy_reads_back_as_the_same_value() {
        let tricky = [
            "",
            " ",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "true",
            "False",
            "null",
            "Null",
            "~",
            "1",
            "-1",
            "1.0",
            "1e3",
            "1E3",
            ".5",
            "0x1F",
            "0o17",
            "0b11",
            "012",
            "+1",
            ".inf",
            "-.inf",
            ".nan",
            ".NaN",
            "1_000",
            "1:2",
            "a: b",
            "- x",
            "#x",
            "x #y",
            "@x",
            "`x",
            "|",
            ">",
            "!tag",
            "&anchor",
            "*alias",
            "%x",
            "{a}",
            "[a]",
            "'",
            "\"",
            "\\",
            "a\nb",
            "a\n",
            "\n",
            "a\r\nb",
            "trailing ",
            " leading",
            "tab\tin",
            "\t",
            "<<",
            "\u{85}next line",
            "\u{2028}",
            "\u{feff}bom",
            "é ü 中文 🦀",
            "\u{7f}",
            "\u{1b}[0m",
            "2001-12-14",
            "12:30:00",
            "=",
        ];
        let mut strings = serde_json::Map::new();
        for (i, s) in tricky.iter().enumerate() {
            strings.insert(format!("k{i}"), json!(s));
            strings.insert((*s).to_string(), json!(i));
        }
        let long = "word ".repeat(100);
        let spec = json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1.0"},
            "paths": {},
            "strings": strings,
            "list": tricky.to_vec(),
            "numbers": [0, -0.0, 1, -1, 1.5, 0.1, 1e300, -1e-300, 1e21, 100.0, 2.5e-8,
                        u64::MAX, i64::MIN, 9_007_199_254_740_993_u64, f64::MAX, f64::MIN_POSITIVE],
            "200": {"description": "a status as a key"},
            "nested": [[[]], {}, [{}], null, true, false, {"a": [null]}],
            "long": long,
            "long lines": format!("{long}\n{long}\n"),
        });
        let path = Path::new("clients/x/openapi.yaml");
        let copy = spec_copy(path, "@generated by `test`", &spec).unwrap();
        assert!(copy.starts_with("# @generated by `test`\n"), "{copy}");
        assert_eq!(read_spec_copy(path, &copy), Some(spec));
    }

    #[test]
    fn the_first_difference_is_named_by_its_pointer() {
        let a = json!({"a": {"b/c": [1, 2]}, "d": 1});
        assert_eq!(first_difference(&a, &a, String::new()), None);
        let b = json!({"a": {"b/c": [1, 3]}, "d": 1});
        assert_eq!(
            first_difference(&a, &b, String::new()).as_deref(),
            Some("/a/b~1c/1")
        );
        let c = json!({"a": {"b/c": [1, 2]}, "d": 1, "e": 2});
        assert_eq!(
            first_difference(&a, &c, String::new()).as_deref(),
            Some("/e")
        );
    }
}
