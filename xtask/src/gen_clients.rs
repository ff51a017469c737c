//! `cargo xtask gen`: regenerate the clients, or check them with `--check`.
//!
//! Each crate keeps its version and changelog (see `codegen::release`): `gen` bumps the version
//! when the spec or the generated code changed, and adds a changelog entry; `gen --check` says
//! why each crate drifted: the spec changed (with the change report and the version the crate
//! would get), generated files were edited by hand (named), or the generator changed (the
//! same spec gives other files; a patch).
//!
//! Exit codes: 0 success, 1 drift found by `--check`, 2 bad input (a bad spec,
//! bad arguments, warnings denied by `--deny-warnings`) or a failed read or write.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::{Report, Semver};
use codegen::release::{Cause, Release, SpecChange};
use codegen::workspace::{self, Plan, Workspace};
use codegen::write::{self, Drift, Mode};
use codegen::{Diagnostic, Severity};

/// Arguments of `cargo xtask gen`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Only these clients (spec file names without extension, as in `specs/`); all when none.
    #[arg(value_name = "NAME", conflicts_with = "spec")]
    names: Vec<String>,

    /// Write nothing: say why each client drifted (the spec changed, with its change report
    /// and the version the crate would get; generated files edited by hand, named; or the
    /// generator changed), print a diff of every file that differs from what the specs
    /// generate, and exit with 1 if any does.
    #[arg(long)]
    check: bool,

    /// Treat warnings about the specs as errors: print them as errors, write nothing
    /// (and, with `--check`, compare nothing) and exit with 2.
    #[arg(long)]
    deny_warnings: bool,

    /// Generate a standalone client crate from this spec file instead of the workspace's clients.
    #[arg(long, value_name = "FILE", requires = "out")]
    spec: Option<PathBuf>,

    /// Where the standalone crate goes (with `--spec`).
    #[arg(long, value_name = "DIR", requires = "spec")]
    out: Option<PathBuf>,

    /// The standalone crate's package name (with `--spec`; default: the settings' `package.name`,
    /// else the name of `--out`).
    #[arg(long, value_name = "CRATE", requires = "spec")]
    name: Option<String>,

    /// With `--spec`: the crate's settings file (its package metadata, interface style,
    /// derives, type replacements and method names; see `specs/README.md`).
    #[arg(long, value_name = "FILE", requires = "spec")]
    settings: Option<PathBuf>,

    /// With `--spec`: work around what a published document gets wrong, with a warning for
    /// each, instead of refusing it: a schema `$ref` that does not resolve (or is empty)
    /// becomes any JSON value; a parameter `$ref` where a header is expected, the header; a
    /// response `$ref` where a schema is expected, its content's schema; an object path or
    /// header parameter, a string; an `operationId` used again is
    /// renamed `<id>_2`…; a security requirement naming no scheme is dropped; a response
    /// without `description` has an empty one; a C1 control character in YAML is read as
    /// U+FFFD.
    #[arg(long, requires = "spec")]
    lenient: bool,

    /// Treat this folder as the workspace root (for tests).
    #[arg(long, value_name = "DIR", hide = true)]
    workspace: Option<PathBuf>,
}

/// Exit code for drift found by `--check`.
const DRIFT: u8 = 1;
/// Exit code for bad input (a bad spec, denied warnings) or a failed read or write;
/// clap exits with the same code on bad arguments.
const FAILURE: u8 = 2;

pub(crate) fn run(args: &Args, default_root: PathBuf) -> ExitCode {
    let root = args.workspace.clone().unwrap_or(default_root);
    let (sync_root, planned, fix) = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => (
            out.clone(),
            workspace::standalone(
                spec,
                out,
                args.name.as_deref(),
                args.settings.as_deref(),
                &codegen::Settings {
                    lenient: args.lenient,
                    ..codegen::Settings::default()
                },
            ),
            format!(
                "cargo xtask gen --spec {} --out {}{}",
                spec.display(),
                out.display(),
                args.settings
                    .as_ref()
                    .map(|f| format!(" --settings {}", f.display()))
                    .unwrap_or_default()
            ),
        ),
        _ => {
            let fix = if args.names.is_empty() {
                workspace::COMMAND.to_string()
            } else {
                format!("{} {}", workspace::COMMAND, args.names.join(" "))
            };
            (root.clone(), Workspace::new(&root).plan(&args.names), fix)
        }
    };
    let plan = match planned {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("{e}\n\nerror: nothing was written");
            return ExitCode::from(FAILURE);
        }
    };
    if args.deny_warnings && !plan.warnings.is_empty() {
        deny_warnings(plan.warnings);
        return ExitCode::from(FAILURE);
    }
    report_warnings(&plan);
    let mode = if args.check { Mode::Check } else { Mode::Write };
    match write::sync(&sync_root, &plan.files, mode) {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILURE)
        }
        Ok(drift) if mode == Mode::Check => report_check(&plan, &drift, &sync_root, &fix),
        Ok(drift) => {
            report_written(&plan, &drift, &sync_root);
            ExitCode::SUCCESS
        }
    }
}

fn report_warnings(plan: &Plan) {
    for warning in &plan.warnings {
        eprintln!("{warning}\n");
    }
}

/// Prints each warning as an error, then why nothing was written.
fn deny_warnings(warnings: Vec<Diagnostic>) {
    let count = warnings.len();
    for mut warning in warnings {
        warning.severity = Severity::Error;
        eprintln!("{warning}\n");
    }
    eprintln!("error: {count} warning(s) denied by --deny-warnings; nothing was written");
}

/// The drift of one crate, by cause.
struct Explained<'p> {
    release: &'p Release,
    causes: BTreeSet<Cause>,
    /// The drift of files edited, added or removed by hand.
    by_hand: Vec<&'p Drift>,
}

/// The drift grouped by crate, in the plan's order, and the drift of no crate.
fn explain<'p>(plan: &'p Plan, drift: &'p [Drift]) -> (Vec<Explained<'p>>, Vec<PathBuf>) {
    let mut explained: Vec<Explained<'p>> = Vec::new();
    let mut orphans = Vec::new();
    for d in drift {
        let Some((release, cause)) = plan.cause(d) else {
            orphans.push(d.path().to_path_buf());
            continue;
        };
        let index = match explained
            .iter()
            .position(|e| std::ptr::eq(e.release, release))
        {
            Some(i) => i,
            None => {
                explained.push(Explained {
                    release,
                    causes: BTreeSet::new(),
                    by_hand: Vec::new(),
                });
                explained.len() - 1
            }
        };
        let entry = &mut explained[index];
        entry.causes.insert(cause);
        if cause == Cause::HandEdit {
            entry.by_hand.push(d);
        }
    }
    let order = |e: &Explained<'_>| {
        plan.releases
            .iter()
            .position(|r| std::ptr::eq(r, e.release))
    };
    explained.sort_by_key(order);
    (explained, orphans)
}

/// A crate as messages name it: its folder, or the sync root for a standalone crate.
fn crate_label(release: &Release, root: &Path) -> String {
    let dir = if release.dir.as_os_str().is_empty() {
        root
    } else {
        &release.dir
    };
    slashed(dir)
}

fn slashed(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", slashed(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `from 0.1.0 to 0.2.0`, or `at 0.1.0` when the version stays (or for a new crate).
fn version_change(release: &Release) -> String {
    match release.previous {
        Some(previous) if release.version != previous => {
            format!("from {previous} to {}", release.version)
        }
        _ => format!("at {}", release.version),
    }
}

/// What a change report says, for one line: its summary, or why a spec with no change to the
/// API still changes the crate.
fn spec_summary(report: &Report) -> String {
    if report.is_empty() {
        format!(
            "{} (the spec changed elsewhere: descriptions, examples, extensions…)",
            report.summary()
        )
    } else {
        report.summary()
    }
}

/// The files of drift caused by hand, each with what happened to it.
fn by_hand(drift: &[&Drift]) -> String {
    drift
        .iter()
        .map(|d| match d {
            Drift::Changed { path, .. } => format!("`{}`", slashed(path)),
            Drift::Missing { path } => format!("`{}` (removed)", slashed(path)),
            Drift::Extra { path } => format!("`{}` (added)", slashed(path)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `API version `1` → `2``, when it changed.
fn api_versions(release: &Release) -> String {
    match &release.spec {
        SpecChange::Changed {
            api_versions: (old, new),
            ..
        } if old != new => {
            let shown = |v: &Option<String>| v.as_ref().map_or("none".into(), |v| format!("`{v}`"));
            format!(", API version {} → {}", shown(old), shown(new))
        }
        _ => String::new(),
    }
}

fn report_check(plan: &Plan, drift: &[Drift], root: &Path, fix: &str) -> ExitCode {
    if drift.is_empty() {
        eprintln!("generated files are up to date");
        return ExitCode::SUCCESS;
    }
    let (explained, orphans) = explain(plan, drift);
    // The change reports and the diffs go to stdout, so that CI logs and pipes get them whole;
    // what kind of drift each crate has goes to stderr, with the errors.
    let mut out = std::io::stdout().lock();
    let mut errors = Vec::new();
    for e in &explained {
        let release = e.release;
        let name = crate_label(release, root);
        for cause in &e.causes {
            match cause {
                Cause::New => errors.push(format!(
                    "{name}: a new client, from `{}`: the crate would be created {}",
                    release.spec_label,
                    version_change(release)
                )),
                Cause::Spec => {
                    let SpecChange::Changed { report, .. } = &release.spec else {
                        continue;
                    };
                    let _ = writeln!(
                        out,
                        "{name}: the spec changed (`{}`{}):\n{}",
                        release.spec_label,
                        api_versions(release),
                        report.text()
                    );
                    errors.push(format!(
                        "{name}: the spec changed (`{}`{}): {}; the crate would go {}",
                        release.spec_label,
                        api_versions(release),
                        spec_summary(report),
                        version_change(release)
                    ));
                }
                Cause::Generator => {
                    let files: Vec<PathBuf> = release
                        .regenerated
                        .iter()
                        .map(|p| release.in_root(p))
                        .collect();
                    errors.push(format!(
                        "{name}: the generator changed: the spec is unchanged, but the generator's output differs from what was committed in {}; the crate would go {} (a patch)",
                        list(&files),
                        version_change(release)
                    ));
                }
                Cause::HandEdit => errors.push(format!(
                    "{name}: generated files were edited by hand: {} (`{fix}` puts back what it generates; edits by hand never change the version)",
                    by_hand(&e.by_hand)
                )),
                Cause::Unrecorded => errors.push(format!(
                    "{name}: the crate has no record of its last generation (it predates the copy of the spec and the fingerprints, or they were edited by hand), so why its files differ cannot be told; `{fix}` records them, keeping the crate {}",
                    version_change(release)
                )),
            }
        }
    }
    if !orphans.is_empty() {
        errors.push(format!(
            "files that no spec generates (a client whose spec was removed, or files added by hand): {}",
            list(&orphans)
        ));
    }
    for d in drift {
        let _ = writeln!(out, "{d}");
    }
    let _ = out.flush();
    for error in errors {
        eprintln!("error: {error}");
    }
    eprintln!(
        "error: {} generated file(s) differ from what the specs generate; run `{fix}` to update them",
        drift.len()
    );
    ExitCode::from(DRIFT)
}

fn report_written(plan: &Plan, drift: &[Drift], root: &Path) {
    let (explained, _) = explain(plan, drift);
    for e in &explained {
        let release = e.release;
        let name = crate_label(release, root);
        match &release.spec {
            SpecChange::New => eprintln!(
                "{name}: created at {}, from `{}`",
                release.version, release.spec_label
            ),
            SpecChange::Changed { report, .. } => eprintln!(
                "{name}: the spec changed (`{}`{}): {}; the crate went {}",
                release.spec_label,
                api_versions(release),
                spec_summary(report),
                version_change(release)
            ),
            SpecChange::Unchanged if release.semver != Semver::None => eprintln!(
                "{name}: the generator changed the generated files: {}; the crate went {} (a patch)",
                list(
                    &release
                        .regenerated
                        .iter()
                        .map(|p| release.in_root(p))
                        .collect::<Vec<_>>()
                ),
                version_change(release)
            ),
            SpecChange::Unchanged | SpecChange::Unrecorded => {}
        }
        if !e.by_hand.is_empty() {
            eprintln!(
                "{name}: put back what the generator writes in the files edited by hand: {}",
                by_hand(&e.by_hand)
            );
        }
    }
    for d in drift {
        let verb = match d {
            Drift::Changed { .. } => "updated",
            Drift::Missing { .. } => "created",
            Drift::Extra { .. } => "removed",
        };
        eprintln!("{verb} {}", root.join(d.path()).display());
    }
    let total = plan.files.files.len();
    if drift.is_empty() {
        eprintln!("{total} generated files already up to date");
    } else {
        eprintln!("{} of {total} generated files changed", drift.len());
    }
}
