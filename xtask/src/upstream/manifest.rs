//! `specs/upstream.toml`: where each provider publishes the document a spec is written from,
//! what of it the spec keeps, and what we add to it. The format is described in the file's
//! own header and in `specs/README.md`.
//!
//! Every problem is reported with the file, line and column, the key it is at and a hint;
//! TOML syntax and the shape of a table (an unknown key, a value of the wrong type) stop at the
//! first, as TOML parsers do; every other check reports all it finds in one run.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use codegen::diagnostic::{Diagnostic, Location, Severity};
use serde::Deserialize;
use toml::Spanned;

use super::document::{Node, split_pointer};

/// The manifest's path relative to the workspace root.
pub(crate) const FILE: &str = "specs/upstream.toml";

/// The code of every manifest diagnostic.
const CODE: &str = "upstream-manifest";

/// The HTTP methods an operation can have, as path item keys.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The manifest, checked: one entry per spec, sorted by name.
#[derive(Debug)]
pub(crate) struct Manifest {
    pub(crate) entries: Vec<Entry>,
}

/// What the manifest says about one spec.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The spec's name: its file name without the extension (`netbird`).
    pub(crate) name: String,
    pub(crate) source: Source,
    /// Path items kept whole (their templates as the provider writes them).
    pub(crate) paths: Vec<String>,
    /// Operations kept: a method (lower case) and a path template.
    pub(crate) operations: Vec<(String, String)>,
    /// Our additions, in the order written, then our removals.
    pub(crate) edits: Vec<Edit>,
}

impl Entry {
    /// Whether the entry keeps only part of the document.
    pub(crate) fn selects(&self) -> bool {
        !self.paths.is_empty() || !self.operations.is_empty()
    }
}

/// Where a provider publishes its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// Served over HTTP(S).
    Url(String),
    /// A file in a git repository at a ref.
    Git {
        repo: String,
        reference: String,
        path: String,
    },
    /// The provider publishes none; why, and what stands in.
    Unpublished(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Url(url) => f.write_str(url),
            Source::Git {
                repo,
                reference,
                path,
            } => write!(f, "{path} at `{reference}` of {repo}"),
            Source::Unpublished(_) => f.write_str("unpublished"),
        }
    }
}

/// What we change in the published document: a value we add (or put in place of the
/// provider's), or a node we leave out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Edit {
    /// The JSON pointer, as written (`/components/securitySchemes/Api-Token/x-credential-prefix`).
    pub(crate) pointer: String,
    /// Its tokens, unescaped.
    pub(crate) tokens: Vec<String>,
    /// The value added, as JSON; `None` for a removal.
    pub(crate) value: Option<Node>,
    /// The line of its `pointer` in the manifest.
    pub(crate) line: usize,
}

impl Edit {
    /// `addition` or `removal`.
    pub(crate) fn kind(&self) -> &'static str {
        if self.value.is_some() {
            "addition"
        } else {
            "removal"
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    url: Option<Spanned<String>>,
    git: Option<Spanned<String>>,
    #[serde(rename = "ref")]
    reference: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    unpublished: Option<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    operations: Vec<Spanned<String>>,
    #[serde(default)]
    additions: Vec<Spanned<RawAddition>>,
    #[serde(default)]
    removals: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddition {
    pointer: Spanned<String>,
    value: Spanned<toml::Value>,
}

/// Reads and checks the manifest under `root`; `specs` are the names of the specs in
/// `specs/`, each of which must have an entry. `display` is how the file is named in messages.
pub(crate) fn load(
    root: &Path,
    display: &Path,
    specs: &[String],
) -> Result<Manifest, Vec<Diagnostic>> {
    let text = match std::fs::read_to_string(root.join(FILE)) {
        Ok(text) => text,
        Err(e) => {
            let mut checker = Checker::new(display, "");
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "create it with one table per spec in specs/ (see specs/README.md)"
            } else {
                "check that the file is readable UTF-8 text"
            };
            checker.error(None, "", format!("cannot read the manifest: {e}"), help);
            return Err(checker.diagnostics);
        }
    };
    parse(&text, display, specs)
}

/// Checks a manifest's text (see [`load`]).
pub(crate) fn parse(
    text: &str,
    display: &Path,
    specs: &[String],
) -> Result<Manifest, Vec<Diagnostic>> {
    let mut checker = Checker::new(display, text);
    let raw: BTreeMap<Spanned<String>, Spanned<RawEntry>> = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim_end().to_string();
            let help = shape_help(&message);
            checker.error(e.span(), "", message, help);
            return Err(checker.diagnostics);
        }
    };
    let mut entries = Vec::new();
    for (name, entry) in &raw {
        if let Some(entry) = checker.entry(name, entry) {
            entries.push(entry);
        }
    }
    for name in raw.keys() {
        if !specs.iter().any(|s| s == name.get_ref()) {
            let help = match specs.iter().find(|s| similar(s, name.get_ref())) {
                Some(close) => format!("did you mean `[{close}]`?"),
                None => format!(
                    "an entry is named after a spec file in specs/ without its extension: {}",
                    list(specs)
                ),
            };
            checker.error(
                Some(name.span()),
                name.get_ref(),
                format!("`[{}]` names no spec in specs/", name.get_ref()),
                help,
            );
        }
    }
    for spec in specs {
        if !raw.keys().any(|k| k.get_ref() == spec) {
            checker.error(
                None,
                "",
                format!("the spec `{spec}` in specs/ has no entry"),
                format!(
                    "add `[{spec}]` with `url = \"https://…\"`, with `git`, `ref` and `path`, \
                     or with `unpublished = \"why, and what stands in\"`"
                ),
            );
        }
    }
    if checker.diagnostics.is_empty() {
        return Ok(Manifest { entries });
    }
    // In the order of the file; what has no place (a missing entry) last.
    checker.diagnostics.sort_by_key(|d| {
        d.location
            .as_ref()
            .map_or((usize::MAX, 0), |l| (l.line, l.column))
    });
    Err(checker.diagnostics)
}

/// A hint for serde's and TOML's own messages.
fn shape_help(message: &str) -> String {
    if message.contains("unknown field") {
        "an entry has `url`, or `git`, `ref` and `path`, or `unpublished`; then `paths`, \
         `operations`, `removals` and `[[NAME.additions]]` tables of `pointer` and `value`"
            .to_string()
    } else if message.contains("missing field") {
        "each `[[NAME.additions]]` has a `pointer` and a `value`".to_string()
    } else if message.contains("invalid type") {
        "`url`, `git`, `ref`, `path`, `unpublished` and `pointer` are strings; `paths`, \
         `operations` and `removals` are arrays of strings; `additions` is an array of tables"
            .to_string()
    } else {
        "see the format at the top of the file and in specs/README.md".to_string()
    }
}

/// Whether two names differ by at most two edits (for "did you mean").
fn similar(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()] <= 2
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "there are none".to_string();
    }
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys that name a source.
#[derive(Clone, Copy)]
enum SourceKey {
    Url,
    Git,
    Unpublished,
}

impl SourceKey {
    fn as_str(self) -> &'static str {
        match self {
            SourceKey::Url => "url",
            SourceKey::Git => "git",
            SourceKey::Unpublished => "unpublished",
        }
    }
}

struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(file: &'a Path, text: &'a str) -> Self {
        Self {
            file,
            text,
            diagnostics: Vec::new(),
        }
    }

    fn error(
        &mut self,
        span: Option<Range<usize>>,
        key: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: CODE,
            file: PathBuf::from(self.file),
            pointer: key.to_string(),
            location: span.map(|s| locate(self.text, s)),
            message: message.into(),
            help: Some(help.into()),
        });
    }

    fn entry(&mut self, name: &Spanned<String>, raw: &Spanned<RawEntry>) -> Option<Entry> {
        let key = name.get_ref().as_str();
        let before = self.diagnostics.len();
        let entry = raw.get_ref();
        let source = self.source(name, entry);
        let paths = self.paths(key, &entry.paths);
        let operations = self.operations(key, &entry.operations, &paths);
        let mut edits = self.additions(key, &entry.additions);
        let removals = self.removals(key, &entry.removals, &edits);
        edits.extend(removals);
        if let Some(Source::Unpublished(_)) = &source {
            let selected = entry.paths.first().or(entry.operations.first());
            if let Some(selected) = selected {
                self.error(
                    Some(selected.span()),
                    key,
                    format!("`[{key}]` is unpublished: there is nothing to select from"),
                    "remove `paths` and `operations`, or give the source as `url` or `git`",
                );
            }
            if let Some(addition) = entry.additions.first() {
                self.error(
                    Some(addition.span()),
                    &format!("{key}.additions"),
                    format!("`[{key}]` is unpublished: there is nothing to add to"),
                    "remove the additions, or give the source as `url` or `git`",
                );
            }
            if let Some(removal) = entry.removals.first() {
                self.error(
                    Some(removal.span()),
                    &format!("{key}.removals"),
                    format!("`[{key}]` is unpublished: there is nothing to remove from"),
                    "remove `removals`, or give the source as `url` or `git`",
                );
            }
        }
        let source = source?;
        (self.diagnostics.len() == before).then(|| Entry {
            name: key.to_string(),
            source,
            paths,
            operations,
            edits,
        })
    }

    fn source(&mut self, name: &Spanned<String>, entry: &RawEntry) -> Option<Source> {
        let key = name.get_ref().as_str();
        let given: Vec<(SourceKey, &Spanned<String>)> = [
            (SourceKey::Url, &entry.url),
            (SourceKey::Git, &entry.git),
            (SourceKey::Unpublished, &entry.unpublished),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect();
        for (field, value) in [("ref", &entry.reference), ("path", &entry.path)] {
            if let (Some(value), None) = (value, &entry.git) {
                self.error(
                    Some(value.span()),
                    &format!("{key}.{field}"),
                    format!("`{field}` without `git`"),
                    "`ref` and `path` name a file in the git repository of `git`; \
                     a document served over HTTP is a `url`",
                );
            }
        }
        match given.as_slice() {
            [] => {
                self.error(
                    Some(name.span()),
                    key,
                    format!("`[{key}]` gives no source"),
                    "add `url = \"https://…\"`, or `git`, `ref` and `path`, \
                     or `unpublished = \"why, and what stands in\"`",
                );
                None
            }
            [(SourceKey::Url, url)] => self.url(key, url).map(Source::Url),
            [(SourceKey::Git, repo)] => self.git(key, repo, entry),
            [(SourceKey::Unpublished, why)] => {
                if why.get_ref().trim().is_empty() {
                    self.error(
                        Some(why.span()),
                        &format!("{key}.unpublished"),
                        "`unpublished` is empty",
                        "say why the provider publishes no document, and what stands in",
                    );
                    return None;
                }
                Some(Source::Unpublished(why.get_ref().trim().to_string()))
            }
            [(first, _), (second, value), ..] => {
                let (first, second) = (first.as_str(), second.as_str());
                self.error(
                    Some(value.span()),
                    &format!("{key}.{second}"),
                    format!("`[{key}]` gives both `{first}` and `{second}`"),
                    "give exactly one source: `url`, `git` (with `ref` and `path`), or `unpublished`",
                );
                None
            }
        }
    }

    fn url(&mut self, key: &str, url: &Spanned<String>) -> Option<String> {
        let text = url.get_ref();
        let host = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
        match host {
            Some(host) if !host.is_empty() && !text.contains(char::is_whitespace) => {
                Some(text.clone())
            }
            _ => {
                self.error(
                    Some(url.span()),
                    &format!("{key}.url"),
                    format!("`{text}` is not an http or https URL"),
                    "write the document's address in full, such as \
                     `https://example.com/openapi.yaml`; a file in a git repository is \
                     `git`, `ref` and `path`",
                );
                None
            }
        }
    }

    fn git(&mut self, key: &str, repo: &Spanned<String>, entry: &RawEntry) -> Option<Source> {
        let mut ok = true;
        let mut check = |checker: &mut Self, field: &str, value: &Spanned<String>| {
            let text = value.get_ref();
            let problem = if text.trim().is_empty() {
                Some(format!("`{field}` is empty"))
            } else if text.starts_with('-') {
                Some(format!(
                    "`{field}` starts with `-`, which git would read as an option"
                ))
            } else if text.chars().any(char::is_whitespace) && field != "git" {
                Some(format!("`{field}` has white space"))
            } else if field == "path"
                && (text.starts_with('/') || text.split('/').any(|s| s.is_empty() || s == ".."))
            {
                Some(format!(
                    "`{text}` is not a path inside the repository (relative, without empty or `..` segments)"
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                ok = false;
                checker.error(
                    Some(value.span()),
                    &format!("{key}.{field}"),
                    problem,
                    match field {
                        "git" => "the repository's URL (`https://github.com/org/repo`) or a local path",
                        "ref" => "a branch, tag or commit, such as `main`",
                        _ => "the document's path from the repository's root, such as `api/openapi.yml`",
                    },
                );
            }
        };
        check(self, "git", repo);
        let mut required =
            |checker: &mut Self, field: &str, value: &Option<Spanned<String>>| match value {
                Some(value) => {
                    check(checker, field, value);
                    Some(value.get_ref().trim_start_matches("./").to_string())
                }
                None => {
                    checker.error(
                        Some(repo.span()),
                        &format!("{key}.git"),
                        format!("`git` without `{field}`"),
                        "a git source names the repository (`git`), a branch, tag or commit \
                         (`ref`) and the document's path in it (`path`)",
                    );
                    None
                }
            };
        let reference = required(self, "ref", &entry.reference);
        let path = required(self, "path", &entry.path);
        let (reference, path) = (reference?, path?);
        ok.then(|| Source::Git {
            repo: repo.get_ref().clone(),
            reference,
            path,
        })
    }

    fn paths(&mut self, key: &str, paths: &[Spanned<String>]) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for path in paths {
            let text = path.get_ref();
            if !text.starts_with('/') {
                self.error(
                    Some(path.span()),
                    &format!("{key}.paths"),
                    format!("`{text}` is not a path template"),
                    "a path template starts with `/`, as a key of the document's `paths`",
                );
            } else if !seen.insert(text.clone()) {
                self.error(
                    Some(path.span()),
                    &format!("{key}.paths"),
                    format!("`{text}` is selected twice"),
                    "remove one",
                );
            } else {
                out.push(text.clone());
            }
        }
        out
    }

    fn operations(
        &mut self,
        key: &str,
        operations: &[Spanned<String>],
        paths: &[String],
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for operation in operations {
            let text = operation.get_ref();
            let parts: Vec<&str> = text.split_whitespace().collect();
            let at = format!("{key}.operations");
            let parsed = match parts.as_slice() {
                [method, path]
                    if METHODS.contains(&method.to_ascii_lowercase().as_str())
                        && path.starts_with('/') =>
                {
                    (method.to_ascii_lowercase(), path.to_string())
                }
                _ => {
                    self.error(
                        Some(operation.span()),
                        &at,
                        format!("`{text}` is not an operation"),
                        "write an HTTP method and a path template, such as \
                         `DELETE /api/users/{userId}/tokens/{tokenId}`",
                    );
                    continue;
                }
            };
            if paths.contains(&parsed.1) {
                self.error(
                    Some(operation.span()),
                    &at,
                    format!("`{}` is kept whole by `paths` already", parsed.1),
                    "remove the operation, or the path from `paths` to keep only some operations",
                );
            } else if out.contains(&parsed) {
                self.error(
                    Some(operation.span()),
                    &at,
                    format!("`{text}` is selected twice"),
                    "remove one",
                );
            } else {
                out.push(parsed);
            }
        }
        out
    }

    fn additions(&mut self, key: &str, additions: &[Spanned<RawAddition>]) -> Vec<Edit> {
        let mut out: Vec<Edit> = Vec::new();
        for (i, addition) in additions.iter().enumerate() {
            let at = format!("{key}.additions[{i}]");
            let raw = addition.get_ref();
            let pointer = raw.pointer.get_ref();
            let Some(tokens) = self.pointer(&raw.pointer, &format!("{at}.pointer")) else {
                continue;
            };
            if let Some(date) = datetime(raw.value.get_ref()) {
                self.error(
                    Some(raw.value.span()),
                    &format!("{at}.value"),
                    format!("`{date}` is a TOML date or time, which JSON has no value for"),
                    "quote it to add it as a string",
                );
                continue;
            }
            if out.iter().any(|a| a.tokens == tokens) {
                self.error(
                    Some(raw.pointer.span()),
                    &format!("{at}.pointer"),
                    format!("`{pointer}` is added twice"),
                    "remove one of the additions",
                );
                continue;
            }
            out.push(Edit {
                pointer: pointer.clone(),
                tokens,
                value: Some(Node::from(raw.value.get_ref())),
                line: locate(self.text, raw.pointer.span()).line,
            });
        }
        out
    }

    fn removals(
        &mut self,
        key: &str,
        removals: &[Spanned<String>],
        additions: &[Edit],
    ) -> Vec<Edit> {
        let mut out: Vec<Edit> = Vec::new();
        let at = format!("{key}.removals");
        for removal in removals {
            let Some(tokens) = self.pointer(removal, &at) else {
                continue;
            };
            let pointer = removal.get_ref();
            let problem = if additions.iter().any(|a| a.tokens == tokens) {
                Some((
                    format!("`{pointer}` is both added and removed"),
                    "keep the addition (it replaces the published value) or the removal",
                ))
            } else if out.iter().any(|r| r.tokens == tokens) {
                Some((format!("`{pointer}` is removed twice"), "remove one"))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                self.error(Some(removal.span()), &at, message, help);
                continue;
            }
            out.push(Edit {
                pointer: pointer.clone(),
                tokens,
                value: None,
                line: locate(self.text, removal.span()).line,
            });
        }
        out
    }

    /// A pointer's tokens, or an error at it.
    fn pointer(&mut self, pointer: &Spanned<String>, at: &str) -> Option<Vec<String>> {
        let text = pointer.get_ref();
        match split_pointer(text) {
            Ok(tokens) if tokens.is_empty() => {
                self.error(
                    Some(pointer.span()),
                    at,
                    "the whole document cannot be added or removed",
                    "point at one value, such as \
                     `/components/securitySchemes/Api-Token/x-credential-prefix`",
                );
                None
            }
            Ok(tokens) => Some(tokens),
            Err(problem) => {
                self.error(
                    Some(pointer.span()),
                    at,
                    format!("`{text}` is not a JSON pointer: {problem}"),
                    "a JSON pointer (RFC 6901) is `/`-separated keys, with `~1` for a `/` \
                     and `~0` for a `~` in a key: `/paths/~1tokens~1{id}/delete/operationId`",
                );
                None
            }
        }
    }
}

/// The first TOML date or time in `value`, which has no JSON form.
fn datetime(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(items) => items.iter().find_map(datetime),
        toml::Value::Table(table) => table.values().find_map(datetime),
        _ => None,
    }
}

/// The line, column and width of a byte span in `text`, with the line's text.
fn locate(text: &str, span: Range<usize>) -> Location {
    let start = floor(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = floor(text, span.end.clamp(start, line_end));
    Location {
        line: text[..start].matches('\n').count() + 1,
        column: text[line_start..start].chars().count() + 1,
        width: text[start..end].chars().count().max(1),
        source_line: text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string(),
    }
}

/// `at`, moved back to the start of the character it is in.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn specs() -> Vec<String> {
        ["alpha", "beta"].map(String::from).to_vec()
    }

    fn errors(text: &str) -> String {
        match parse(text, Path::new("specs/upstream.toml"), &specs()) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(d) => d
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }

    #[test]
    fn a_full_manifest_is_read() {
        let text = r#"
[alpha]
git = "https://github.com/org/repo"
ref = "main"
path = "./api/openapi.yml"
operations = ["delete /tokens/{id}"]
paths = ["/users"]
removals = ["/security"]

[[alpha.additions]]
pointer = "/components/securitySchemes/Key/x-credential-prefix"
value = "Key"

[[alpha.additions]]
pointer = "/servers"
value = [{ url = "https://api.example.com", description = "the API" }]

[beta]
unpublished = "served by each customer's own cluster"
"#;
        let manifest = parse(text, Path::new("m.toml"), &specs()).unwrap();
        let alpha = &manifest.entries[0];
        assert_eq!(
            alpha.source,
            Source::Git {
                repo: "https://github.com/org/repo".into(),
                reference: "main".into(),
                path: "api/openapi.yml".into()
            }
        );
        assert_eq!(
            alpha.operations,
            [("delete".to_string(), "/tokens/{id}".to_string())]
        );
        assert_eq!(alpha.paths, ["/users"]);
        assert_eq!(alpha.edits.len(), 3);
        assert_eq!(alpha.edits[2].value, None);
        assert_eq!(
            alpha.edits[1]
                .value
                .as_ref()
                .unwrap()
                .to_text(codegen::load::Format::Json)
                .unwrap(),
            "[\n  {\n    \"url\": \"https://api.example.com\",\n    \"description\": \"the API\"\n  }\n]\n"
        );
        assert_eq!(
            manifest.entries[1].source,
            Source::Unpublished("served by each customer's own cluster".into())
        );
    }

    #[test]
    fn errors_are_located_and_all_reported() {
        let text = r#"[alpha]
url = "ftp://example.com/x.yaml"
git = "https://github.com/org/repo"
operations = ["DELETE", "delete /a", "DELETE /a"]

[[alpha.additions]]
pointer = "components/x"
value = 1

[[alpha.additions]]
pointer = "/x"
value = 1979-05-27

[gamma]
unpublished = ""
"#;
        let out = errors(text);
        assert!(
            out.contains(
                "error[upstream-manifest]: `[alpha]` gives both `url` and `git`\n --> specs/upstream.toml:3:7\n  |\n3 | git = \"https://github.com/org/repo\"\n  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = at: alpha.git\n  = help: give exactly one source"
            ),
            "{out}"
        );
        assert!(
            out.contains("error[upstream-manifest]: `DELETE` is not an operation\n --> specs/upstream.toml:4:15"),
            "{out}"
        );
        assert!(
            out.contains("`DELETE /a` is selected twice\n --> specs/upstream.toml:4:38"),
            "{out}"
        );
        assert!(
            out.contains("`components/x` is not a JSON pointer: a JSON pointer starts with `/`\n --> specs/upstream.toml:7:11"),
            "{out}"
        );
        assert!(
            out.contains("`1979-05-27` is a TOML date or time, which JSON has no value for\n  --> specs/upstream.toml:12:9"),
            "{out}"
        );
        assert!(out.contains("`unpublished` is empty"), "{out}");
        assert!(
            out.contains("`[gamma]` names no spec in specs/\n  --> specs/upstream.toml:14:2"),
            "{out}"
        );
        assert!(
            out.contains("error[upstream-manifest]: the spec `beta` in specs/ has no entry\n --> specs/upstream.toml\n  = help: add `[beta]`"),
            "{out}"
        );
    }

    #[test]
    fn git_sources_are_complete_and_safe() {
        let out = errors(
            "[alpha]\ngit = \"-upload-pack=x\"\npath = \"../x.yml\"\n\n[beta]\nref = \"main\"\n",
        );
        assert!(
            out.contains("`git` starts with `-`, which git would read as an option"),
            "{out}"
        );
        assert!(
            out.contains("`../x.yml` is not a path inside the repository"),
            "{out}"
        );
        assert!(out.contains("`git` without `ref`"), "{out}");
        assert!(out.contains("`ref` without `git`"), "{out}");
        assert!(out.contains("`[beta]` gives no source"), "{out}");
    }

    #[test]
    fn syntax_and_shape_errors_are_located() {
        let out = errors("[alpha]\nurl = \"https://x\"\nurls = 1\n[beta]\nunpublished = \"x\"\n");
        assert!(out.contains("unknown field `urls`"), "{out}");
        assert!(out.contains("--> specs/upstream.toml:3:1"), "{out}");
        let out = errors("[alpha\n");
        assert!(out.contains("--> specs/upstream.toml:1:"), "{out}");
        let out = errors(
            "[alpha]\nurl = \"https://x\"\n[[alpha.additions]]\npointer = \"/a\"\n[beta]\nunpublished = \"x\"\n",
        );
        assert!(out.contains("missing field `value`"), "{out}");
        assert!(out.contains("--> specs/upstream.toml:3:"), "{out}");
    }

    #[test]
    fn names_close_to_a_spec_are_suggested() {
        let out = errors("[alpha]\nunpublished = \"x\"\n[betta]\nunpublished = \"x\"\n");
        assert!(out.contains("did you mean `[beta]`?"), "{out}");
    }

    #[test]
    fn the_workspace_manifest_is_valid() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let specs: Vec<String> = codegen::workspace::Workspace::new(&root)
            .specs()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        let manifest = match load(&root, Path::new(FILE), &specs) {
            Ok(manifest) => manifest,
            Err(d) => panic!(
                "{}",
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            ),
        };
        assert_eq!(manifest.entries.len(), specs.len());
    }
}
