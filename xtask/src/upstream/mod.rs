//! `cargo xtask upstream`: drift from upstream. Each spec in `specs/` is written from a
//! document its provider publishes; `specs/upstream.toml` says where (see [`manifest`]).
//! This fetches each one, keeps what the spec keeps of it and adds what we add to it
//! ([`select`]), and compares the result, the *candidate*, with the committed spec
//! (`codegen::diff::compare`).
//!
//! With `--check` it only reports, per spec: the change report, or why the source could not be
//! checked. Exit codes: 0 nothing changed upstream, 1 a published document changed (some
//! report is not empty), 2 a bad manifest or bad arguments, a spec that cannot be read, or,
//! with `--strict`, a source that cannot be fetched or parsed (without `--strict` that is
//! reported and does not count).
//!
//! Without `--check` it writes each candidate whose report is not empty over its spec, in the
//! spec's own format (YAML stays YAML, JSON stays JSON), then regenerates those clients
//! through `cargo xtask gen`'s own code. All or nothing: when a source cannot be fetched, or
//! writing or generating fails, no spec file is changed (a spec already written is put back).
//! Exit codes: 0 done (or nothing to do), 2 anything failed.

mod document;
mod fetch;
mod manifest;
mod select;

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use codegen::diff::{self, Report};
use codegen::workspace::{Spec, Workspace};
use codegen::write::{self, FileSet, Mode};
use serde_json::{Value, json};

use crate::gen_clients;
use document::Node;
use manifest::{Edit, Entry, Source};
use select::Applied;

/// Arguments of `cargo xtask upstream`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Only these specs (spec file names without extension, as in `specs/`); all when none.
    #[arg(value_name = "NAME")]
    names: Vec<String>,

    /// Write nothing: print what changed in each published document, and exit with 1 if
    /// anything did.
    #[arg(long)]
    check: bool,

    /// A source that cannot be fetched, or a published document that cannot be parsed, is an
    /// error (exit 2) instead of a report.
    #[arg(long)]
    strict: bool,

    /// `text` for people or `json` for tools (the reports, on standard output).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How long each source may take to fetch, in seconds (HTTP: the whole request; git: the
    /// fetch and the read together).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_timeout)]
    timeout: Duration,

    /// Treat this folder as the workspace root (for tests).
    #[arg(long, value_name = "DIR", hide = true)]
    workspace: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err("a number of seconds, more than 0 and at most 3600".to_string()),
    }
}

/// Exit code when a published document changed (`--check`).
const CHANGED: u8 = 1;
/// Exit code for a bad manifest, bad arguments, an unreadable spec, a source that cannot be
/// checked with `--strict` (or at all, when writing), or a failed write.
const FAILURE: u8 = 2;

/// What checking one spec found.
struct Checked<'a> {
    spec: &'a Spec,
    entry: &'a Entry,
    status: Status,
}

enum Status {
    /// The provider publishes no document: why.
    Unpublished(String),
    /// The source could not be fetched, or what it gave could not be read: why.
    Unreachable(String),
    /// Compared with the committed spec.
    Compared(Box<Compared>),
}

struct Compared {
    report: Report,
    /// The candidate, in the committed spec's format.
    text: String,
    notes: Vec<String>,
    edits: Vec<(Edit, Applied)>,
}

pub(crate) fn run(args: &Args, default_root: PathBuf) -> ExitCode {
    let root = args.workspace.clone().unwrap_or(default_root);
    let specs = match Workspace::new(&root).specs() {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let manifest = match manifest::load(&root, Path::new(manifest::FILE), &names) {
        Ok(manifest) => manifest,
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}\n");
            }
            eprintln!(
                "error: {} is not a valid manifest ({} problem(s)); nothing was fetched",
                manifest::FILE,
                diagnostics.len()
            );
            return ExitCode::from(FAILURE);
        }
    };
    let unknown: Vec<&String> = args.names.iter().filter(|n| !names.contains(n)).collect();
    if !unknown.is_empty() {
        eprintln!(
            "error: no such spec in `specs/`: {}; the specs are: {}",
            join(unknown.iter().map(|s| s.as_str())),
            join(names.iter().map(String::as_str))
        );
        return ExitCode::from(FAILURE);
    }

    let mut checked = Vec::new();
    for entry in &manifest.entries {
        if !args.names.is_empty() && !args.names.contains(&entry.name) {
            continue;
        }
        let Some(spec) = specs.iter().find(|s| s.name == entry.name) else {
            continue;
        };
        match check(&root, spec, entry, args.timeout) {
            Ok(status) => checked.push(Checked {
                spec,
                entry,
                status,
            }),
            Err(e) => {
                eprintln!(
                    "error: {e}\n\nerror: a committed spec cannot be read; stopped, no file was changed"
                );
                return ExitCode::from(FAILURE);
            }
        }
    }

    print_reports(&checked, args.format);
    print_warnings(&checked, !args.check);
    let summary = Summary::of(&checked);
    eprintln!("{}", summary.line());
    if args.check {
        finish_check(&summary, args.strict)
    } else {
        update(&root, &checked, &summary)
    }
}

/// Fetches the source of `entry`, builds the candidate and compares it with `spec`. An error
/// is about the committed spec, which must be readable; everything about the source is in
/// the status.
fn check(root: &Path, spec: &Spec, entry: &Entry, timeout: Duration) -> Result<Status, String> {
    let path = root.join(&spec.path);
    let committed = diff::read(&path).map_err(|e| e.to_string())?;
    if let Source::Unpublished(why) = &entry.source {
        return Ok(Status::Unpublished(why.clone()));
    }
    let format = codegen::load::Format::detect(&spec.path, "");
    Ok(
        compare(&committed.value, &path, format, entry, root, timeout)
            .unwrap_or_else(Status::Unreachable),
    )
}

fn compare(
    committed: &Value,
    path: &Path,
    format: codegen::load::Format,
    entry: &Entry,
    root: &Path,
    timeout: Duration,
) -> Result<Status, String> {
    let fetched = fetch::fetch(&entry.source, root, timeout)?;
    let source = codegen::load::parse_with(&fetched.name, &fetched.bytes, true)
        .map_err(|e| format!("the published document cannot be parsed:\n{e}"))?;
    let document = Node::parse(&source.text, source.format)
        .map_err(|e| format!("the published document cannot be parsed: {e}"))?;
    let candidate = select::candidate(document, entry)?;
    let text = candidate
        .document
        .to_text(format)
        .map_err(|e| format!("the candidate cannot be written as {format:?}: {e}"))?;
    let new = diff::read_bytes(path, text.as_bytes())
        .map_err(|e| format!("the candidate cannot be read back:\n{e}"))?;
    Ok(Status::Compared(Box::new(Compared {
        report: diff::compare(committed, &new.value),
        text,
        notes: candidate.notes,
        edits: candidate.edits,
    })))
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

fn spec_label(spec: &Spec) -> String {
    spec.path.display().to_string().replace('\\', "/")
}

/// The reports, on standard output: for each spec, what it was compared with and the change
/// report, or why it was not.
fn print_reports(checked: &[Checked<'_>], format: Format) {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => {
            for (i, c) in checked.iter().enumerate() {
                if i > 0 {
                    let _ = writeln!(out);
                }
                let spec = spec_label(c.spec);
                let _ = match &c.status {
                    Status::Unpublished(why) => writeln!(
                        out,
                        "{}: {spec}: no published document to check against: {why}",
                        c.entry.name
                    ),
                    Status::Unreachable(why) => writeln!(
                        out,
                        "{}: {spec} against {}\ncannot check: {why}",
                        c.entry.name, c.entry.source
                    ),
                    Status::Compared(compared) => write!(
                        out,
                        "{}: {spec} against {}\n{}",
                        c.entry.name,
                        c.entry.source,
                        compared.report.text()
                    ),
                };
            }
        }
        Format::Json => {
            let specs: Vec<Value> = checked.iter().map(json_of).collect();
            let changed: Vec<&str> = checked
                .iter()
                .filter(|c| is_changed(c))
                .map(|c| c.entry.name.as_str())
                .collect();
            let document = json!({"specs": specs, "changed": changed});
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
        }
    }
    let _ = out.flush();
}

fn json_of(c: &Checked<'_>) -> Value {
    let source = match &c.entry.source {
        Source::Url(url) => json!({"url": url}),
        Source::Git {
            repo,
            reference,
            path,
        } => json!({"git": repo, "ref": reference, "path": path}),
        Source::Unpublished(why) => json!({"unpublished": why}),
    };
    let mut out = json!({
        "name": c.entry.name,
        "spec": spec_label(c.spec),
        "source": source,
    });
    let fields = match &c.status {
        Status::Unpublished(_) => json!({"status": "unpublished"}),
        Status::Unreachable(why) => json!({"status": "unreachable", "error": why}),
        Status::Compared(compared) => json!({
            "status": if compared.report.is_empty() { "unchanged" } else { "changed" },
            "report": compared.report.json(),
            "notes": compared.notes,
            "edits": compared.edits.iter().map(|(edit, applied)| {
                let (outcome, reason) = match applied {
                    Applied::Added => ("added", None),
                    Applied::Replaced => ("replaced", None),
                    Applied::Published => ("published", None),
                    Applied::Removed => ("removed", None),
                    Applied::NotPublished => ("not-published", None),
                    Applied::NoLongerApplies(why) => ("no-longer-applies", Some(why)),
                };
                json!({
                    "kind": edit.kind(),
                    "pointer": edit.pointer,
                    "outcome": outcome,
                    "reason": reason,
                })
            }).collect::<Vec<_>>(),
        }),
    };
    if let (Some(out), Some(fields)) = (out.as_object_mut(), fields.as_object()) {
        out.extend(fields.clone());
    }
    out
}

fn is_changed(c: &Checked<'_>) -> bool {
    matches!(&c.status, Status::Compared(compared) if !compared.report.is_empty())
}

/// What the selection did not find, the additions that no longer apply or that the provider
/// now publishes, and the removals with nothing to remove, on standard error.
fn print_warnings(checked: &[Checked<'_>], writing: bool) {
    let manifest = manifest::FILE;
    for c in checked {
        let Status::Compared(compared) = &c.status else {
            continue;
        };
        let name = &c.entry.name;
        for note in &compared.notes {
            eprintln!(
                "warning: {name}: {note}\n --> {manifest}\n  = help: the report above shows \
                 what this does to the spec; if the provider moved something, update \
                 `[{name}]`\n"
            );
        }
        for (edit, applied) in &compared.edits {
            let place = format!("{manifest}:{}", edit.line);
            match applied {
                Applied::NoLongerApplies(why) => eprintln!(
                    "warning: {name}: the addition `{}` no longer applies: {why}\n --> {place}\n  \
                     = help: find where the provider publishes what it belonged to now and \
                     change its `pointer`, or remove the addition; {}\n",
                    edit.pointer,
                    if writing {
                        "the spec is written without it"
                    } else {
                        "until then the spec would be written without it"
                    }
                ),
                Applied::Published => eprintln!(
                    "note: {name}: the provider now publishes the value of the addition `{}` \
                     itself\n --> {place}\n  = help: the addition can go\n",
                    edit.pointer
                ),
                Applied::NotPublished => eprintln!(
                    "note: {name}: the provider no longer publishes `{}`, which we remove\n \
                     --> {place}\n  = help: take it out of `removals`\n",
                    edit.pointer
                ),
                Applied::Added | Applied::Replaced | Applied::Removed => {}
            }
        }
    }
}

/// How many specs ended how.
struct Summary {
    changed: Vec<String>,
    unchanged: usize,
    unreachable: Vec<String>,
    unpublished: Vec<String>,
}

impl Summary {
    fn of(checked: &[Checked<'_>]) -> Summary {
        let mut summary = Summary {
            changed: Vec::new(),
            unchanged: 0,
            unreachable: Vec::new(),
            unpublished: Vec::new(),
        };
        for c in checked {
            let name = c.entry.name.clone();
            match &c.status {
                Status::Unpublished(_) => summary.unpublished.push(name),
                Status::Unreachable(_) => summary.unreachable.push(name),
                Status::Compared(compared) if compared.report.is_empty() => summary.unchanged += 1,
                Status::Compared(_) => summary.changed.push(name),
            }
        }
        summary
    }

    fn line(&self) -> String {
        let total =
            self.changed.len() + self.unchanged + self.unreachable.len() + self.unpublished.len();
        let mut parts = vec![format!("{} changed upstream", self.changed.len())];
        if !self.changed.is_empty() {
            parts[0] += &format!(" ({})", join(self.changed.iter().map(String::as_str)));
        }
        parts.push(format!("{} unchanged", self.unchanged));
        if !self.unreachable.is_empty() {
            parts.push(format!(
                "{} could not be checked ({})",
                self.unreachable.len(),
                join(self.unreachable.iter().map(String::as_str))
            ));
        }
        if !self.unpublished.is_empty() {
            parts.push(format!(
                "{} unpublished ({})",
                self.unpublished.len(),
                join(self.unpublished.iter().map(String::as_str))
            ));
        }
        format!("\nupstream: {total} spec(s): {}", parts.join(", "))
    }
}

fn finish_check(summary: &Summary, strict: bool) -> ExitCode {
    if strict && !summary.unreachable.is_empty() {
        eprintln!(
            "error: {} source(s) could not be checked (--strict): {}",
            summary.unreachable.len(),
            join(summary.unreachable.iter().map(String::as_str))
        );
        return ExitCode::from(FAILURE);
    }
    if summary.changed.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "the published documents changed; run `cargo xtask upstream {}` to update the specs \
         and regenerate the clients",
        summary.changed.join(" ")
    );
    ExitCode::from(CHANGED)
}

/// Writes the changed candidates over their specs and regenerates those clients, all or
/// nothing.
fn update(root: &Path, checked: &[Checked<'_>], summary: &Summary) -> ExitCode {
    if !summary.unreachable.is_empty() {
        eprintln!(
            "error: {} source(s) could not be checked ({}); nothing was written",
            summary.unreachable.len(),
            join(summary.unreachable.iter().map(String::as_str))
        );
        return ExitCode::from(FAILURE);
    }
    let changed: Vec<(&Checked<'_>, &Compared)> = checked
        .iter()
        .filter_map(|c| match &c.status {
            Status::Compared(compared) if !compared.report.is_empty() => Some((c, &**compared)),
            _ => None,
        })
        .collect();
    if changed.is_empty() {
        eprintln!("nothing changed upstream; no spec was written");
        return ExitCode::SUCCESS;
    }
    let mut new = FileSet::default();
    let mut old = FileSet::default();
    for (c, compared) in &changed {
        let before = match std::fs::read_to_string(root.join(&c.spec.path)) {
            Ok(text) => text,
            Err(e) => {
                eprintln!(
                    "error: cannot read `{}`: {e}; nothing was written",
                    c.spec.path.display()
                );
                return ExitCode::from(FAILURE);
            }
        };
        old.files.insert(c.spec.path.clone(), before);
        new.files.insert(c.spec.path.clone(), compared.text.clone());
    }
    if let Err(e) = write::sync(root, &new, Mode::Write) {
        eprintln!("error: {e}\nerror: no spec was changed");
        return ExitCode::from(FAILURE);
    }
    for (c, compared) in &changed {
        eprintln!(
            "updated {} from {}: {}",
            spec_label(c.spec),
            c.entry.source,
            compared.report.summary()
        );
        for (edit, applied) in &compared.edits {
            let how = match applied {
                Applied::Added | Applied::Removed => "re-applied",
                Applied::Replaced => "re-applied, in place of the published value",
                Applied::Published => "published by the provider as is",
                Applied::NotPublished => "nothing to remove",
                Applied::NoLongerApplies(_) => "no longer applies (see the warning above)",
            };
            eprintln!("  {} `{}`: {how}", edit.kind(), edit.pointer);
        }
    }
    let names: Vec<String> = changed.iter().map(|(c, _)| c.spec.name.clone()).collect();
    eprintln!("regenerating: {}", names.join(" "));
    if regenerate(root, &names) == ExitCode::SUCCESS {
        return ExitCode::SUCCESS;
    }
    match write::sync(root, &old, Mode::Write) {
        Ok(_) => eprintln!(
            "error: the clients could not be regenerated from the updated specs (see above); \
             the specs were put back as they were"
        ),
        Err(e) => eprintln!(
            "error: the clients could not be regenerated from the updated specs (see above), \
             and putting the specs back failed: {e}; `git checkout specs/` restores them"
        ),
    }
    ExitCode::from(FAILURE)
}

/// Runs `cargo xtask gen NAME…` on the workspace at `root`, through gen's own arguments and
/// code, as the command line would.
fn regenerate(root: &Path, names: &[String]) -> ExitCode {
    use clap::{Args as _, FromArgMatches as _};
    let command = gen_clients::Args::augment_args(clap::Command::new("gen"));
    let argv = std::iter::once(OsString::from("gen")).chain(names.iter().map(OsString::from));
    match command
        .try_get_matches_from(argv)
        .and_then(|matches| gen_clients::Args::from_arg_matches(&matches))
    {
        Ok(args) => gen_clients::run(&args, root.to_path_buf()),
        Err(e) => {
            eprintln!("error: cannot call `cargo xtask gen`: {e}");
            ExitCode::from(FAILURE)
        }
    }
}
