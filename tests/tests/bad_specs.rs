//! Snapshot tests for the corpus of bad specs in `tests/bad-specs/`.
//!
//! * Every `specs/<name>.<ext>` is loaded and generated as `cargo xtask gen`
//!   would; what comes out (the rendered diagnostics of the error, or the
//!   warnings of the client that was generated anyway) is the snapshot
//!   `expected/<name>.stderr`.
//! * [`TABLE`] declares, for every spec, the class of outcome it must have: an
//!   error with given diagnostic codes, or (for the few that are only odd) a
//!   client with given warnings.
//! * Every spec runs on its own thread with a large stack and a time limit, so
//!   that a panic, a hang or deep recursion in one spec does not hide the others.
//!
//! The snapshots are compared with the disk (or, with `UPDATE_SNAPSHOTS` set,
//! written) by `codegen::write::sync`, the same function that keeps `clients/`
//! in step with `specs/`. See `tests/bad-specs/README.md` for the corpus.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

mod snapshots;

use codegen::{Diagnostic, Error, Severity};
use snapshots::root;

/// The command that writes the snapshots.
const UPDATE: &str = "UPDATE_SNAPSHOTS=1 cargo test -p tests --test bad_specs";
/// The bad specs, one class of problem per file (workspace-relative).
const SPECS: &str = "tests/bad-specs/specs";
/// The snapshots (workspace-relative); every file in it must be produced.
const EXPECTED: &str = "tests/bad-specs/expected";
/// The stack of the thread each spec runs on: deep documents must fail with a
/// diagnostic, not by overflowing a small test thread's stack.
const STACK_SIZE: usize = 64 << 20;
/// How long one spec may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// The size above which `codegen::load::parse` must refuse a document.
const SIZE_LIMIT: usize = 64 << 20;

/// The class of outcome a spec of the corpus must have.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Generation fails, with at least one error diagnostic of each code listed
    /// (a code listed `n` times needs `n` diagnostics of that code).
    Error(&'static [&'static str]),
    /// A client is generated, with at least one warning of each code listed
    /// (counted as for [`Expect::Error`]); with no code listed, the spec is only
    /// odd and must generate, with or without warnings.
    Warning(&'static [&'static str]),
}

use Expect::{Error as E, Warning as W};

/// Every spec of the corpus and the outcome it must have. A spec is refused
/// with an error unless it is listed here as warning-only.
const TABLE: &[(&str, Expect)] = &[
    // Not a document at all.
    ("encoding-not-utf8.yaml", E(&["encoding"])),
    ("empty.yaml", E(&["empty"])),
    ("empty-whitespace-only.yaml", E(&["empty"])),
    ("empty-comment-only.yaml", E(&["empty"])),
    ("syntax-yaml-bad-indentation.yaml", E(&["syntax"])),
    ("syntax-yaml-unclosed-quote.yaml", E(&["syntax"])),
    ("syntax-json-trailing-comma.json", E(&["syntax"])),
    ("duplicate-key-json.json", E(&["duplicate-key"])),
    ("duplicate-key-yaml.yaml", E(&["duplicate-key"])),
    ("top-level-list.yaml", E(&["not-openapi"])),
    ("top-level-scalar.json", E(&["not-openapi"])),
    ("not-openapi-package-json.json", E(&["not-openapi"])),
    ("version-swagger-2.yaml", E(&["version"])),
    ("version-unknown-4.yaml", E(&["version"])),
    ("version-number.yaml", E(&["version"])),
    // Not the shape of an OpenAPI document.
    ("structure-missing-info.yaml", E(&["missing-field"])),
    (
        "structure-info-incomplete.json",
        E(&["missing-field", "missing-field"]),
    ),
    ("structure-paths-list.yaml", E(&["wrong-type"])),
    (
        "structure-operation-without-responses.yaml",
        E(&["missing-field"]),
    ),
    ("structure-responses-list.json", E(&["wrong-type"])),
    ("structure-parameter-without-in.yaml", E(&["missing-field"])),
    ("structure-parameter-in-body.yaml", E(&["wrong-type"])),
    ("structure-schema-type-number.yaml", E(&["schema"])),
    ("structure-path-without-slash.yaml", E(&["path-template"])),
    (
        "structure-bad-status-code.json",
        E(&["wrong-type", "wrong-type"]),
    ),
    (
        "structure-many-problems.yaml",
        E(&["schema", "missing-field", "missing-field", "missing-field"]),
    ),
    // Invalid, and worked around only with --lenient.
    (
        "structure-response-without-description.yaml",
        E(&["missing-field"]),
    ),
    ("yaml-c1-control-character.yaml", E(&["control-character"])),
    // Security schemes the client cannot apply, requirements naming no scheme.
    (
        "security-extensions.yaml",
        E(&["security-scheme", "security-scheme", "security-scheme"]),
    ),
    (
        "security-unknown-scheme.json",
        E(&["security-requirement", "security-requirement"]),
    ),
    // References.
    ("ref-dangling-parameter.yaml", E(&["dangling-reference"])),
    ("ref-dangling-schema.json", E(&["dangling-reference"])),
    ("ref-dangling-response.yaml", E(&["dangling-reference"])),
    ("ref-external-file.yaml", E(&["external-reference"])),
    ("ref-external-url.json", E(&["external-reference"])),
    (
        "ref-wrong-kind-parameter-to-schema.yaml",
        E(&["reference-kind"]),
    ),
    (
        "ref-wrong-kind-schema-to-parameter.yaml",
        E(&["reference-kind"]),
    ),
    ("ref-non-component.yaml", W(&[])),
    ("ref-percent-encoded.yaml", W(&[])),
    ("type-name-collisions.yaml", W(&["type-name", "type-name"])),
    ("status-code-after-range.yaml", W(&[])),
    ("method-trace-options.yaml", W(&[])),
    (
        "parameter-path-and-query-same-name.yaml",
        W(&["path-parameter-name"]),
    ),
    (
        "response-upgrade-beside-others.yaml",
        W(&["upgrade-responses"]),
    ),
    ("ref-cycle-schema-aliases.yaml", E(&["reference-cycle"])),
    ("ref-cycle-self-schema-alias.yaml", E(&["reference-cycle"])),
    ("ref-cycle-parameters.yaml", E(&["reference-cycle"])),
    ("ref-cycle-path-items.yaml", E(&["reference-cycle"])),
    ("ref-malformed-pointer-no-slash.yaml", E(&["reference"])),
    ("ref-malformed-pointer-empty-name.json", E(&["reference"])),
    ("ref-not-a-string.yaml", E(&["reference"])),
    // Path templates.
    (
        "path-template-variable-without-parameter.yaml",
        E(&["path-parameter"]),
    ),
    (
        "path-template-parameter-not-in-template.json",
        E(&["path-parameter"]),
    ),
    (
        "path-template-unbalanced-braces.yaml",
        E(&["path-template"]),
    ),
    ("path-template-variable-twice.yaml", E(&["path-template"])),
    // operationIds.
    (
        "operation-id-duplicate.yaml",
        E(&["duplicate-operation-id"]),
    ),
    (
        "operation-id-rust-collision.json",
        E(&["operation-id-collision"]),
    ),
    (
        "operation-id-keyword-collision.yaml",
        E(&["operation-id-collision"]),
    ),
    // Odd operationIds that still make valid methods (`type_`, `_2fa_enable`).
    ("operation-id-rust-keyword.yaml", W(&[])),
    ("operation-id-leading-digit.yaml", W(&[])),
    // Named after its method and path since issue 6.
    ("operation-id-missing.yaml", W(&["derived-operation-id"])),
    // Parameters the generated client cannot send.
    (
        "unsupported-cookie-parameter.yaml",
        E(&["unsupported-parameter"]),
    ),
    // Sent as the spec says (`filter[owner]=…`, the JSON text) by the runtime's `QueryParam`.
    ("unsupported-query-deep-object.yaml", W(&[])),
    (
        "unsupported-path-matrix.json",
        E(&["unsupported-parameter"]),
    ),
    ("unsupported-parameter-content.yaml", W(&[])),
    (
        "unsupported-parameter-json-content-in-path.yaml",
        E(&["unsupported-parameter"]),
    ),
    // Bodies progenitor cannot generate yet (it asserts or stops with `todo!`).
    (
        "unsupported-schema-keywords.yaml",
        // Duplicate values, `format` on an object and `not` of a schema are dropped with a
        // warning (`normalize::schema_fixes`).
        E(&[
            "unsupported-schema",
            "unsupported-schema",
            "unsupported-schema",
        ]),
    ),
    // Once refused (progenitor asserts on them); now a variant per status.
    ("unsupported-response-shapes.yaml", W(&[])),
    // A method per media type since issue 6.
    (
        "unsupported-request-media-types.json",
        W(&["request-media-types"]),
    ),
    // Any JSON value since issue 6.
    ("unsupported-json-without-schema.yaml", W(&["no-schema"])),
    // Form data with `encoding` since issue 7.
    ("unsupported-body-encoding.yaml", W(&[])),
    // Every media type, a method each, since issue 7.
    (
        "request-body-every-media-type.yaml",
        W(&["request-media-types"]),
    ),
    ("unsupported-body-media-type.yaml", E(&["unsupported-body"])),
    // Resource exhaustion.
    ("yaml-alias-bomb.yaml", E(&["too-large"])),
    ("deep-nesting-items.yaml", E(&["too-deep"])),
    ("deep-nesting-items-parseable.yaml", W(&[])),
    ("deep-nesting-flow-lists-json.json", E(&["too-deep"])),
    ("deep-nesting-flow-lists-yaml.yaml", E(&["too-deep"])),
    // Crashes the fuzzers found (`fuzz/`), minimized: each once made
    // progenitor or typify panic.
    ("fuzz-dangling-schema-ref.json", E(&["dangling-reference"])),
    ("fuzz-empty-schema-ref.json", E(&["reference"])),
    ("fuzz-external-schema-ref.json", E(&["external-reference"])),
    (
        "fuzz-missing-response-component.json",
        E(&["dangling-reference"]),
    ),
    // Dropped with a warning (`normalize::schema_fixes`).
    (
        "fuzz-not-schema.json",
        W(&[
            "path-parameter-required",
            "dropped-not",
            "path-parameter-required",
        ]),
    ),
    (
        "fuzz-untyped-schema-with-minimum.json",
        E(&["unsupported-schema"]),
    ),
    ("fuzz-empty-allof.json", E(&["schema"])),
    ("fuzz-schema-type-empty.json", E(&["schema"])),
    ("fuzz-schema-type-any.json", E(&["schema"])),
    ("fuzz-schema-type-file.json", E(&["schema"])),
    ("fuzz-schema-type-null-openapi-3.0.json", E(&["schema"])),
    // A method per media type, JSON without a schema any value, since issue 6.
    (
        "fuzz-request-body-two-media-types.json",
        W(&[
            "path-parameter-required",
            "path-parameter-required",
            "request-media-types",
            "no-schema",
        ]),
    ),
    // Once refused (progenitor asserted on it); now a variant per status.
    ("fuzz-error-maps-of-different-values.yaml", W(&[])),
    (
        "fuzz-nested-alternatives-in-allof.yaml",
        E(&["unsupported-schema"]),
    ),
    // Dropped with a warning (`normalize::schema_fixes`).
    ("fuzz-default-of-wrong-type.json", W(&["dropped-default"])),
    (
        "fuzz-null-type-with-format.yaml",
        E(&["unsupported-schema"]),
    ),
    // Several problems at once.
    (
        "combination-structure-refs-template.yaml",
        E(&[
            "missing-field",
            "wrong-type",
            "dangling-reference",
            "dangling-reference",
            "path-template",
        ]),
    ),
    (
        "combination-refs-and-template.yaml",
        E(&[
            "dangling-reference",
            "dangling-reference",
            "path-parameter",
            "duplicate-operation-id",
        ]),
    ),
    // Warning-only: the client is generated.
    (
        "warning-path-parameter-not-required.yaml",
        W(&["path-parameter-required", "path-parameter-required"]),
    ),
    (
        "warning-openapi31-ignored-keywords.yaml",
        W(&["ignored-keyword", "ignored-keyword"]),
    ),
];

/// What running the generator on one spec came to.
#[derive(Debug)]
enum Outcome {
    /// Generation stopped with this error.
    Failed(Error),
    /// A client was generated, with these warnings.
    Generated(Vec<Diagnostic>),
    /// The generator panicked, with this message.
    Panicked(String),
    /// The generator did not finish within [`TIME_LIMIT`].
    TimedOut,
}

/// One spec of the corpus and what became of it.
#[derive(Debug)]
struct Run {
    /// The file name in [`SPECS`].
    file: String,
    /// The workspace-relative path, which names the spec in diagnostics.
    label: PathBuf,
    /// What the generator did with it.
    outcome: Outcome,
}

/// The file names in [`SPECS`], sorted.
fn spec_files() -> Vec<String> {
    let full = root().join(SPECS);
    let mut out: Vec<String> = std::fs::read_dir(&full)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", full.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Loads and generates the spec at the workspace-relative `label`, named by
/// that relative path in every message so that they are the same on every
/// machine; a client is reduced to its warnings.
fn generate(label: &Path) -> Result<Vec<Diagnostic>, Error> {
    let bytes = std::fs::read(root().join(label))
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", label.display()));
    let source = codegen::load::parse(label, &bytes)?;
    codegen::client_from_source(source).map(|client| client.warnings)
}

/// The message of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

/// Runs the generator on `label` on a thread of its own, with a large stack and
/// a time limit; a thread that does not finish in time is left behind.
fn run_one(label: &Path) -> Outcome {
    let (sender, receiver) = mpsc::channel();
    let owned = label.to_path_buf();
    let handle = std::thread::Builder::new()
        .name(label.display().to_string())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let _ = sender.send(generate(&owned));
        })
        .unwrap();
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(Ok(warnings)) => Outcome::Generated(warnings),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
            Ok(()) => Outcome::Panicked("the thread ended without a result".to_owned()),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut,
    }
}

/// Every spec of the corpus, run once and shared by the tests.
fn runs() -> &'static [Run] {
    static RUNS: OnceLock<Vec<Run>> = OnceLock::new();
    RUNS.get_or_init(|| {
        spec_files()
            .into_iter()
            .map(|file| {
                let label = Path::new(SPECS).join(&file);
                let outcome = run_one(&label);
                Run {
                    file,
                    label,
                    outcome,
                }
            })
            .collect()
    })
}

/// The snapshot of an outcome: the rendered error, or a line counting the
/// warnings followed by the warnings.
fn render(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed(e) => format!("{e}\n"),
        Outcome::Generated(warnings) if warnings.is_empty() => {
            "generated a client with 0 warning(s)\n".to_owned()
        }
        Outcome::Generated(warnings) => format!(
            "generated a client with {} warning(s)\n\n{}\n",
            warnings.len(),
            codegen::diagnostic::render(warnings)
        ),
        Outcome::Panicked(message) => format!("panicked: {message}\n"),
        Outcome::TimedOut => format!("did not finish within {} s\n", TIME_LIMIT.as_secs()),
    }
}

/// The snapshot path of the spec `file`: its name without the extension, in [`EXPECTED`].
fn snapshot_path(file: &str) -> PathBuf {
    let stem = Path::new(file)
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    Path::new(EXPECTED).join(format!("{stem}.stderr"))
}

/// A description of how the codes found fall short of the codes wanted, if they do.
fn missing_codes(
    wanted: &[&str],
    diagnostics: &[Diagnostic],
    severity: Severity,
) -> Option<String> {
    let mut needed: BTreeMap<&str, usize> = BTreeMap::new();
    for code in wanted {
        *needed.entry(code).or_default() += 1;
    }
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == severity) {
        *found.entry(d.code).or_default() += 1;
    }
    let short: Vec<String> = needed
        .iter()
        .filter(|(code, n)| found.get(*code).copied().unwrap_or(0) < **n)
        .map(|(code, n)| format!("{n} × `{code}`"))
        .collect();
    if short.is_empty() {
        return None;
    }
    let found: Vec<String> = found
        .iter()
        .map(|(code, n)| format!("{n} × `{code}`"))
        .collect();
    Some(format!(
        "wanted {severity}s {}, found {}",
        short.join(", "),
        if found.is_empty() {
            "none".to_owned()
        } else {
            found.join(", ")
        }
    ))
}

#[test]
fn snapshots_match_the_diagnostics() {
    let files: BTreeMap<PathBuf, String> = runs()
        .iter()
        .map(|run| (snapshot_path(&run.file), render(&run.outcome)))
        .collect();
    assert_eq!(
        files.len(),
        runs().len(),
        "two specs share a name without their extension; rename one"
    );
    if let Some(report) = snapshots::check_or_update(
        files,
        EXPECTED,
        "the snapshots differ from the diagnostics",
        UPDATE,
    ) {
        panic!("\n{report}");
    }
}

#[test]
fn every_spec_has_the_declared_outcome() {
    let mut failures = Vec::new();
    let declared: BTreeMap<&str, Expect> = TABLE.iter().copied().collect();
    assert_eq!(
        declared.len(),
        TABLE.len(),
        "a spec is listed twice in TABLE"
    );
    let present: BTreeSet<&str> = runs().iter().map(|run| run.file.as_str()).collect();
    for file in declared.keys().filter(|file| !present.contains(*file)) {
        failures.push(format!("`{file}` is in TABLE but not in `{SPECS}/`"));
    }

    for run in runs() {
        let file = &run.file;
        let Some(expect) = declared.get(file.as_str()) else {
            failures.push(format!(
                "`{file}` is not in TABLE: declare the outcome it must have"
            ));
            continue;
        };
        let problem = match (&run.outcome, expect) {
            (Outcome::Panicked(message), _) => Some(format!("panicked: {message}")),
            (Outcome::TimedOut, _) => {
                Some(format!("did not finish within {} s", TIME_LIMIT.as_secs()))
            }
            (Outcome::Failed(Error::InvalidSpec(all)), E(codes)) => {
                missing_codes(codes, all, Severity::Error)
            }
            (Outcome::Failed(e), E(_)) => Some(format!("failed without diagnostics: {e}")),
            (Outcome::Generated(warnings), W(codes)) => {
                missing_codes(codes, warnings, Severity::Warning)
            }
            (Outcome::Generated(warnings), E(_)) => Some(format!(
                "generated a client (with {} warning(s)) instead of failing",
                warnings.len()
            )),
            (Outcome::Failed(e), W(_)) => Some(format!("failed instead of warning only:\n{e}")),
        };
        if let Some(problem) = problem {
            failures.push(format!("`{file}`: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "\n{} of {} specs do not have the outcome declared in TABLE:\n\n{}",
        failures.len(),
        runs().len(),
        failures.join("\n")
    );
}

#[test]
fn generation_never_panics_or_hangs() {
    let failures: Vec<String> = runs()
        .iter()
        .filter_map(|run| match &run.outcome {
            Outcome::Panicked(message) => Some(format!("`{}` panicked: {message}", run.file)),
            Outcome::TimedOut => Some(format!(
                "`{}` did not finish within {} s",
                run.file,
                TIME_LIMIT.as_secs()
            )),
            Outcome::Failed(_) | Outcome::Generated(_) => None,
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn errors_name_the_spec_file() {
    let mut failures = Vec::new();
    for run in runs() {
        let Outcome::Failed(e) = &run.outcome else {
            continue;
        };
        let label = run.label.display().to_string();
        if !e.to_string().contains(&label) {
            failures.push(format!(
                "`{}`: the error does not name `{label}`:\n{e}",
                run.file
            ));
        }
        if let Error::InvalidSpec(all) = e {
            for d in all.iter().filter(|d| d.file != run.label) {
                failures.push(format!(
                    "`{}`: a diagnostic names `{}` instead of `{label}`",
                    run.file,
                    d.file.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_document_over_the_size_limit_is_refused() {
    let mut bytes =
        b"openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-big: \"".to_vec();
    bytes.resize(bytes.len() + SIZE_LIMIT + 1, b'a');
    bytes.extend_from_slice(b"\"\n");
    let label = Path::new("tests/bad-specs/too-large.yaml");
    match codegen::load::parse(label, &bytes) {
        Err(Error::InvalidSpec(all)) => {
            assert!(
                all.iter()
                    .any(|d| d.severity == Severity::Error && d.code == "too-large"),
                "refused without a `too-large` error:\n{}",
                codegen::diagnostic::render(&all)
            );
        }
        Err(e) => panic!("refused without diagnostics: {e}"),
        Ok(_) => panic!("a document of {} bytes was accepted", bytes.len()),
    }
}
