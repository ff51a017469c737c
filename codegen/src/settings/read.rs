//! Reading a settings file: TOML into [`Options`], every problem at once.
//!
//! The file is parsed into TOML's own spanned tables (`toml::de::DeTable`), then read table by
//! table, key by key: an unknown key, a value of the wrong type and a value out of bounds are
//! each reported, and reading goes on, so one run shows every problem, each placed at its
//! line and column with the key's dotted path (`types.replace.TokenId`) and a hint. Each table
//! is one entry of `TABLES` and one function: a new table is one more of each.
//!
//! It checks a crate name with [`crate::names::crate_name_problem`], as [`crate::emit`] does.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Example, Interface, Options, Replacement};
use crate::diagnostic::{Diagnostic, Location, Origin, Severity};
use crate::error::{Error, Result};
use crate::normalize::operation_ids::{Rename, is_method_name};
use crate::version::Version;

/// The largest settings file read; a settings file is a few lines.
pub const MAX_SIZE: u64 = 1024 * 1024;

/// The tables of a settings file, each with the function that reads it.
const TABLES: &[(&str, ReadTable)] = &[
    ("package", package),
    ("interface", interface),
    ("types", types),
    ("methods", methods),
    ("examples", examples),
];

/// Reads one table into the options.
type ReadTable = fn(&mut Reader<'_>, &Table<'_, '_>, &mut Options);

/// Reads and checks the settings file at `path`, named `shown_as` in diagnostics and in the
/// places its values keep: [`Error::InvalidSettings`] with every problem.
pub fn read(path: &Path, shown_as: &Path) -> Result<Options> {
    use std::io::Read as _;
    let error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(error)?
        .take(MAX_SIZE + 1)
        .read_to_string(&mut text)
        .map_err(error)?;
    if text.len() as u64 > MAX_SIZE {
        return Err(Error::InvalidSettings(vec![Diagnostic {
            severity: Severity::Error,
            code: "too-large",
            file: shown_as.to_path_buf(),
            pointer: String::new(),
            location: None,
            message: format!("the settings file is larger than {MAX_SIZE} bytes"),
            help: Some("a settings file holds a few tables of short values".into()),
        }]));
    }
    parse(shown_as, &text).map_err(Error::InvalidSettings)
}

/// Checks a settings file's text; `file` names it in diagnostics. Every problem is returned,
/// in the order of the file.
pub fn parse(file: &Path, text: &str) -> Result<Options, Vec<Diagnostic>> {
    let mut reader = Reader {
        file: file.to_path_buf(),
        text,
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim_end();
            let message = message.strip_suffix('.').unwrap_or(message);
            reader.error(
                "syntax",
                "",
                span,
                format!("this is not valid TOML: {message}"),
                "see https://toml.io for the syntax of keys, strings, arrays and tables",
            );
        }
        return Err(reader.finish());
    }
    let root = Table {
        key: String::new(),
        entries: root.get_ref(),
    };
    let mut options = Options::default();
    let known: Vec<&str> = TABLES.iter().map(|(name, _)| *name).collect();
    reader.known(&root, &known);
    for (name, read) in TABLES {
        if let Some(table) = reader.table(&root, name) {
            read(&mut reader, &table, &mut options);
        }
    }
    options.renames.sort_by_key(|r| r.at.location.line);
    let problems = reader.finish();
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(problems)
    }
}

/// `[package]`.
fn package(reader: &mut Reader<'_>, table: &Table<'_, '_>, options: &mut Options) {
    reader.known(
        table,
        &["name", "version", "description", "keywords", "categories"],
    );
    let package = &mut options.package;
    if let Some(name) = reader.string(table, "name") {
        match crate::names::crate_name_problem(&name.value) {
            None => package.name = Some(name.value),
            Some(reason) => reader.invalid(
                &name,
                format!("`{}` cannot name a crate: {reason}", name.value),
                "a crate name is ASCII letters, digits, `-` and `_`, starting with a letter, such as `netbird-client`",
            ),
        }
    }
    if let Some(version) = reader.string(table, "version") {
        match Version::from_str(&version.value) {
            Ok(v) => package.version = Some(v),
            Err(e) => reader.invalid(
                &version,
                format!(
                    "`{}` is not a version the generator can bump: {e}",
                    version.value
                ),
                "write `MAJOR.MINOR.PATCH`, such as `0.3.0`",
            ),
        }
    }
    if let Some(description) = reader.string(table, "description") {
        if description.value.trim().is_empty() {
            reader.invalid(
                &description,
                "the description is empty".into(),
                "say in a sentence what the crate is for, or leave the key out for the generated one",
            );
        } else {
            package.description = Some(description.value);
        }
    }
    package.keywords = reader.list(table, "keywords", |keyword| {
        let ok = keyword.len() <= 20
            && keyword.starts_with(|c: char| c.is_ascii_alphanumeric())
            && keyword
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'));
        (!ok).then_some((
            format!("`{keyword}` is not a crates.io keyword"),
            "a keyword is at most 20 ASCII letters, digits, `-`, `_` or `+`, starting with a letter or digit",
        ))
    });
    package.categories = reader.list(table, "categories", |category| {
        let ok = !category.is_empty()
            && category.split("::").all(|part| {
                part.starts_with(|c: char| c.is_ascii_lowercase())
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
        (!ok).then_some((
            format!("`{category}` is not a crates.io category slug"),
            "a category is a slug of https://crates.io/category_slugs, such as `api-bindings` or `web-programming::http-client`",
        ))
    });
}

/// `[interface]`.
fn interface(reader: &mut Reader<'_>, table: &Table<'_, '_>, options: &mut Options) {
    reader.known(table, &["style"]);
    let styles = [Interface::Positional, Interface::Builder];
    if let Some(style) = reader.string(table, "style") {
        match styles.iter().find(|s| s.name() == style.value) {
            Some(s) => options.interface = *s,
            None => reader.invalid(
                &style,
                format!("`{}` is not an interface style", style.value),
                "write `positional` (`client.op(a, b).await`, the default) or `builder` (`client.op().a(a).b(b).send().await`)",
            ),
        }
    }
}

/// `[types]`.
fn types(reader: &mut Reader<'_>, table: &Table<'_, '_>, options: &mut Options) {
    reader.known(table, &["derives", "replace"]);
    options.types.derives = reader.list(table, "derives", |derive| match path(derive) {
        Err(()) => Some((
            format!("`{derive}` is not a Rust path a derive can name"),
            "name a derive macro, such as `PartialEq`, `Hash` or `::serde::Serialize`",
        )),
        Ok(Some(root)) => Some((
            format!("`{derive}` is in the crate `{root}`, which generated crates do not depend on"),
            UNKNOWN_CRATE,
        )),
        Ok(None) => None,
    });
    let Some(replace) = reader.table(table, "replace") else {
        return;
    };
    for (schema, rust_type) in replace.entries.iter() {
        let key = replace.child(schema.get_ref());
        let Some(rust_type) = reader.expect_string(&key, rust_type) else {
            continue;
        };
        match path(&rust_type.value) {
            Err(()) => {
                reader.invalid(
                    &rust_type,
                    format!("`{}` is not a Rust type path", rust_type.value),
                    "name an existing type by its path, such as `::uuid::Uuid` or `::std::string::String`",
                );
                continue;
            }
            Ok(Some(root)) => {
                reader.invalid(
                    &rust_type,
                    format!(
                        "`{}` is in the crate `{root}`, which generated crates do not depend on",
                        rust_type.value
                    ),
                    UNKNOWN_CRATE,
                );
                continue;
            }
            Ok(None) => {}
        }
        options.types.replacements.push(Replacement {
            schema: schema.get_ref().to_string(),
            rust_type: rust_type.value,
            at: reader.origin(&key, schema.span()),
        });
    }
}

/// `[methods]`.
fn methods(reader: &mut Reader<'_>, table: &Table<'_, '_>, options: &mut Options) {
    reader.known(table, &["rename"]);
    let Some(rename) = reader.table(table, "rename") else {
        return;
    };
    for (operation, method) in rename.entries.iter() {
        let key = rename.child(operation.get_ref());
        let Some(method) = reader.expect_string(&key, method) else {
            continue;
        };
        if !is_method_name(&method.value) {
            reader.invalid(
                &method,
                format!("`{}` is not a method name", method.value),
                "use ASCII letters, digits and `_`, not starting with a digit, such as `remove_token`",
            );
            continue;
        }
        options.renames.push(Rename {
            operation: operation.get_ref().to_string(),
            method: method.value,
            at: reader.origin(&key, operation.span()),
        });
    }
}

/// `[examples.<name>]`: a runnable example per table, `operation = "…"`.
fn examples(reader: &mut Reader<'_>, table: &Table<'_, '_>, options: &mut Options) {
    for (name, _) in table.entries.iter() {
        let key = table.child(name.get_ref());
        let Some(example) = reader.table(table, name.get_ref()) else {
            continue;
        };
        reader.known(&example, &["operation"]);
        let is_name = name.get_ref().starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !is_name {
            reader.error(
                "invalid-value",
                &key,
                name.span(),
                format!("`{}` cannot name an example", name.get_ref()),
                "an example's name is its file's, `examples/<name>.rs`: lower-case ASCII letters, digits and `_`, starting with a letter, such as `delete_token`",
            );
            continue;
        }
        let Some(operation) = reader.string(&example, "operation") else {
            if example.get("operation").is_none() {
                reader.error(
                    "missing-key",
                    &key,
                    name.span(),
                    format!("the example `{}` names no operation", name.get_ref()),
                    "add `operation = \"<operationId>\"`, the operation the example calls",
                );
            }
            continue;
        };
        options.examples.push(Example {
            name: name.get_ref().to_string(),
            at: reader.origin(&operation.key, operation.span.clone()),
            operation: operation.value,
        });
    }
}

/// A table of the file, with its dotted path (empty for the root).
struct Table<'a, 'i> {
    key: String,
    entries: &'a DeTable<'i>,
}

impl Table<'_, '_> {
    /// The dotted path of `name` in this table.
    fn child(&self, name: &str) -> String {
        let name = if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            name.to_string()
        } else {
            format!("{name:?}")
        };
        if self.key.is_empty() {
            name
        } else {
            format!("{}.{name}", self.key)
        }
    }

    fn get(&self, name: &str) -> Option<&Spanned<DeValue<'_>>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref() == name)
            .map(|(_, v)| v)
    }
}

/// A value read, with its key and where it is.
struct Read<T> {
    value: T,
    key: String,
    span: Range<usize>,
}

/// What has been found wrong so far.
struct Reader<'t> {
    file: PathBuf,
    text: &'t str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The place of `span`: its line and column (in characters, both from 1), its width on its
    /// line, and the line.
    fn origin(&self, key: &str, span: Range<usize>) -> Origin {
        let start = floor(self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let source_line = self.text[line_start..line_end].trim_end_matches('\r');
        let end = floor(self.text, span.end.clamp(start, line_end));
        Origin {
            file: self.file.clone(),
            key: key.to_string(),
            location: Location {
                line: self.text[..start].matches('\n').count() + 1,
                column: self.text[line_start..start].chars().count() + 1,
                width: self.text[start..end].chars().count().max(1),
                source_line: source_line.to_string(),
            },
        }
    }

    fn error(
        &mut self,
        code: &'static str,
        key: &str,
        span: Range<usize>,
        message: String,
        help: impl Into<String>,
    ) {
        let origin = self.origin(key, span);
        self.problems.push(Diagnostic {
            severity: Severity::Error,
            code,
            file: origin.file,
            pointer: origin.key,
            location: Some(origin.location),
            message,
            help: Some(help.into()),
        });
    }

    /// A value that has the right type but not a usable value.
    fn invalid<T>(&mut self, read: &Read<T>, message: String, help: &str) {
        self.error("invalid-value", &read.key, read.span.clone(), message, help);
    }

    /// Every problem, in the order of the file.
    fn finish(mut self) -> Vec<Diagnostic> {
        self.problems.sort_by_key(|d| d.position());
        self.problems
    }

    /// Reports every key of `table` that is not one of `known`.
    fn known(&mut self, table: &Table<'_, '_>, known: &[&str]) {
        for (key, _) in table.entries.iter() {
            let name = key.get_ref();
            if known.contains(&name.as_ref()) {
                continue;
            }
            let close = crate::names::closest(name, known.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            let (what, place) = match table.key.as_str() {
                "" => ("table", "a settings file".to_string()),
                t => ("key", format!("`[{t}]`")),
            };
            let list = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                "unknown-key",
                &table.child(name),
                key.span(),
                format!("`{name}` is not a {what} of {place}"),
                format!("{close}the {what}s of {place} are {list}"),
            );
        }
    }

    /// The table at `name` of `table`, if there is one (a value of another type is reported).
    fn table<'a, 'i>(&mut self, table: &Table<'a, 'i>, name: &str) -> Option<Table<'a, 'i>> {
        let value = table.entries.iter().find(|(k, _)| k.get_ref() == name)?.1;
        let key = table.child(name);
        match value.get_ref() {
            DeValue::Table(entries) => Some(Table { key, entries }),
            other => {
                self.wrong_type(&key, value.span(), other, "a table");
                None
            }
        }
    }

    /// The string at `name` of `table`, if there is one (a value of another type is reported).
    fn string(&mut self, table: &Table<'_, '_>, name: &str) -> Option<Read<String>> {
        let value = table.get(name)?;
        self.expect_string(&table.child(name), value)
    }

    /// `value` at `key` as a string, or the report that it is not one.
    fn expect_string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Read<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Read {
                value: s.to_string(),
                key: key.to_string(),
                span: value.span(),
            }),
            other => {
                self.wrong_type(key, value.span(), other, "a string");
                None
            }
        }
    }

    /// The array of at most five strings at `name` of `table`, each of which `check` accepts
    /// (or says why not, with a hint); empty when there is none.
    fn list(
        &mut self,
        table: &Table<'_, '_>,
        name: &str,
        check: impl Fn(&str) -> Option<(String, &'static str)>,
    ) -> Vec<String> {
        let Some(value) = table.get(name) else {
            return Vec::new();
        };
        let key = table.child(name);
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(&key, value.span(), value.get_ref(), "an array of strings");
            return Vec::new();
        };
        let limited = matches!(name, "keywords" | "categories");
        if limited && items.len() > 5 {
            self.error(
                "invalid-value",
                &key,
                value.span(),
                format!(
                    "{} {name} are given; crates.io takes at most 5",
                    items.len()
                ),
                format!("keep the five {name} that describe the crate best"),
            );
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(read) = self.expect_string(&format!("{key}[{i}]"), item) else {
                continue;
            };
            match check(&read.value) {
                Some((message, help)) => self.invalid(&read, message, help),
                None if out.contains(&read.value) => self.invalid(
                    &read,
                    format!("`{}` is given twice", read.value),
                    "give each value once",
                ),
                None => out.push(read.value),
            }
        }
        out
    }

    fn wrong_type(&mut self, key: &str, span: Range<usize>, found: &DeValue<'_>, expected: &str) {
        self.error(
            "wrong-type",
            key,
            span,
            format!("`{key}` must be {expected}, not {}", kind(found)),
            format!("write `{key}` as {expected} (see specs/README.md for every setting)"),
        );
    }
}

/// The hint for a path in a crate generated crates cannot depend on.
const UNKNOWN_CRATE: &str = "name a path of the standard library (`::std::…`), of a crate generated clients depend on (`::uuid`, `::chrono`, `::serde`, `::serde_json`…), or one name in scope (`PartialEq`)";

/// `Err` when `text` is not a Rust path; else the crate it names that a generated crate cannot
/// depend on, if any.
fn path(text: &str) -> Result<Option<String>, ()> {
    let path = syn::parse_str::<syn::Path>(text).map_err(|_| ())?;
    Ok(crate::dependencies::path_root(&path).filter(|root| {
        !crate::dependencies::is_known_root(root)
            && !["crate", "self", "super"].contains(&root.as_str())
    }))
}

/// A TOML value's kind, as messages name it.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Interface, Package};

    fn errors(text: &str) -> Vec<String> {
        parse(Path::new("specs/x.toml"), text)
            .expect_err("problems")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// `(line, column, key, code)` of each problem.
    fn places(text: &str) -> Vec<(usize, usize, String, &'static str)> {
        parse(Path::new("specs/x.toml"), text)
            .expect_err("problems")
            .iter()
            .map(|d| {
                let (line, column) = d.position().expect("placed");
                (line, column, d.pointer.clone(), d.code)
            })
            .collect()
    }

    #[test]
    fn every_setting_is_read() {
        let text = r#"
[package]
name = "netbird-api"
version = "0.3.0"
description = "NetBird's API"
keywords = ["netbird", "vpn"]
categories = ["api-bindings", "web-programming::http-client"]

[interface]
style = "builder"

[types]
derives = ["PartialEq", "::std::hash::Hash"]
[types.replace]
TokenId = "::uuid::Uuid"

[methods.rename]
deleteToken = "remove_token"
"#;
        let options = parse(Path::new("specs/x.toml"), text).expect("valid");
        assert_eq!(
            options.package,
            Package {
                name: Some("netbird-api".into()),
                version: Some(Version::from_str("0.3.0").expect("a version")),
                description: Some("NetBird's API".into()),
                keywords: vec!["netbird".into(), "vpn".into()],
                categories: vec!["api-bindings".into(), "web-programming::http-client".into()],
            }
        );
        assert_eq!(options.interface, Interface::Builder);
        assert_eq!(options.types.derives, ["PartialEq", "::std::hash::Hash"]);
        let replacement = &options.types.replacements[0];
        assert_eq!(
            (replacement.schema.as_str(), replacement.rust_type.as_str()),
            ("TokenId", "::uuid::Uuid")
        );
        assert_eq!(replacement.at.key, "types.replace.TokenId");
        assert_eq!(
            (replacement.at.location.line, replacement.at.location.column),
            (15, 1)
        );
        let rename = &options.renames[0];
        assert_eq!(
            (rename.operation.as_str(), rename.method.as_str()),
            ("deleteToken", "remove_token")
        );
        assert_eq!(
            rename.at.location.source_line,
            "deleteToken = \"remove_token\""
        );
        assert_eq!(
            parse(Path::new("x.toml"), "# nothing\n"),
            Ok(Options::default())
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_line_and_column() {
        let text = r#"[package]
name = "9lives"
version = "1.0.0-rc.1"
keywords = ["ok", "not ok", 3, "a", "b", "c"]
categories = ["API Bindings"]
licence = "MIT"

[interface]
style = "fluent"

[types]
derives = ["Partial Eq"]
replace = { TokenId = "not a path", Other = 5 }

[methods.rename]
deleteToken = "remove-token"

[exmaples]
"#;
        assert_eq!(
            places(text),
            [
                (2, 8, "package.name".into(), "invalid-value"),
                (3, 11, "package.version".into(), "invalid-value"),
                (4, 12, "package.keywords".into(), "invalid-value"),
                (4, 19, "package.keywords[1]".into(), "invalid-value"),
                (4, 29, "package.keywords[2]".into(), "wrong-type"),
                (5, 15, "package.categories[0]".into(), "invalid-value"),
                (6, 1, "package.licence".into(), "unknown-key"),
                (9, 9, "interface.style".into(), "invalid-value"),
                (12, 12, "types.derives[0]".into(), "invalid-value"),
                (13, 23, "types.replace.TokenId".into(), "invalid-value"),
                (13, 45, "types.replace.Other".into(), "wrong-type"),
                (16, 15, "methods.rename.deleteToken".into(), "invalid-value"),
                (18, 2, "exmaples".into(), "unknown-key"),
            ]
        );
    }

    #[test]
    fn messages_say_what_is_wrong_where_and_how_to_fix_it() {
        let all = errors("[interface]\nstyle = \"fluent\"\nstlye = 1\n");
        assert_eq!(
            all[0],
            "error[invalid-value]: `fluent` is not an interface style\n --> specs/x.toml:2:9\n  |\n2 | style = \"fluent\"\n  |         ^^^^^^^^\n  = at: interface.style\n  = help: write `positional` (`client.op(a, b).await`, the default) or `builder` (`client.op().a(a).b(b).send().await`)"
        );
        assert!(
            all[1].starts_with(
                "error[unknown-key]: `stlye` is not a key of `[interface]`\n --> specs/x.toml:3:1"
            ),
            "{}",
            all[1]
        );
        assert!(
            all[1].ends_with("= help: the keys of `[interface]` are `style`"),
            "{}",
            all[1]
        );
        let all = errors("[types]\nderive = []\n");
        assert!(
            all[0].ends_with(
                "= help: did you mean `derives`? the keys of `[types]` are `derives`, `replace`"
            ),
            "{}",
            all[0]
        );
        let all = errors("[package]\nname = \"x\"\n[example]\n");
        assert!(
            all[0].contains("`example` is not a table of a settings file")
                && all[0].contains(
                    "the tables of a settings file are `package`, `interface`, `types`, `methods`"
                ),
            "{}",
            all[0]
        );
    }

    #[test]
    fn wrong_types_name_what_was_expected_and_found() {
        let all = errors(
            "interface = \"builder\"\n[package]\nkeywords = \"api\"\ndescription = 1.5\n[methods]\nrename = [\"a\"]\n",
        );
        assert!(
            all[0].contains("`interface` must be a table, not a string"),
            "{}",
            all[0]
        );
        assert!(
            all[1].contains("`package.keywords` must be an array of strings, not a string"),
            "{}",
            all[1]
        );
        assert!(
            all[2].contains("`package.description` must be a string, not a float"),
            "{}",
            all[2]
        );
        assert!(
            all[3].contains("`methods.rename` must be a table, not an array"),
            "{}",
            all[3]
        );
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn syntax_errors_are_placed_too() {
        let found = places("[package]\nname = \"x\nversion = 1\n");
        assert_eq!(found[0].0, 2, "{found:?}");
        assert_eq!(found[0].3, "syntax");
        let found = places("[types]\n[types]\n");
        assert_eq!((found[0].0, found[0].3), (2, "syntax"), "{found:?}");
    }

    #[test]
    fn paths_must_be_in_crates_the_client_depends_on() {
        let all = errors(
            "[types]\nderives = [\"::my_derive::Thing\", \"serde::Serialize\"]\n[types.replace]\nA = \"::my_crate::A\"\nB = \"::chrono::NaiveDate\"\n",
        );
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(
            all[0].contains("`::my_derive::Thing` is in the crate `my_derive`, which generated crates do not depend on")
                && all[0].contains("--> specs/x.toml:2:12"),
            "{}",
            all[0]
        );
        assert!(all[1].contains("--> specs/x.toml:4:5"), "{}", all[1]);
    }

    #[test]
    fn examples_name_an_operation_each() {
        let options = parse(
            Path::new("specs/x.toml"),
            "[examples.delete_token]\noperation = \"deleteToken\"\n",
        )
        .expect("a good file");
        let [example] = options.examples.as_slice() else {
            panic!("{:?}", options.examples);
        };
        assert_eq!(example.name, "delete_token");
        assert_eq!(example.operation, "deleteToken");
        assert_eq!(example.at.key, "examples.delete_token.operation");
        assert_eq!(
            (example.at.location.line, example.at.location.column),
            (2, 13)
        );

        let found = places(
            "[examples.Delete-Token]\noperation = \"a\"\n[examples.list]\n[examples.run]\noperation = 3\nopration = \"b\"\n[examples]\nother = 1\n",
        );
        assert_eq!(
            found,
            [
                (1, 11, "examples.Delete-Token".to_string(), "invalid-value"),
                (3, 11, "examples.list".to_string(), "missing-key"),
                (5, 13, "examples.run.operation".to_string(), "wrong-type"),
                (6, 1, "examples.run.opration".to_string(), "unknown-key"),
                (8, 9, "examples.other".to_string(), "wrong-type"),
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "[package]\ndescription = \"é\"\nkeywords = [\"é\"]\n";
        assert_eq!(
            places(text),
            [(3, 13, "package.keywords[0]".into(), "invalid-value")]
        );
    }
}
