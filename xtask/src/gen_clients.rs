//! `cargo xtask gen`: regenerate the clients, or check them with `--check`.
//!
//! Exit codes: 0 success, 1 drift found by `--check`, 2 bad input (a bad spec,
//! bad arguments, warnings denied by `--deny-warnings`) or a failed read or write.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::workspace::{self, Plan, Workspace};
use codegen::write::{self, Drift, Mode};
use codegen::{Diagnostic, Severity};

/// Arguments of `cargo xtask gen`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Only these clients (spec file names without extension, as in `specs/`); all when none.
    #[arg(value_name = "NAME", conflicts_with = "spec")]
    names: Vec<String>,

    /// Write nothing: print a diff of every file that differs from what the specs
    /// generate and exit with 1 if any does.
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

    /// The standalone crate's package name (with `--spec`; default: the name of `--out`).
    #[arg(long, value_name = "CRATE", requires = "spec")]
    name: Option<String>,

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
                &codegen::Settings {
                    lenient: args.lenient,
                },
            ),
            format!(
                "cargo xtask gen --spec {} --out {}",
                spec.display(),
                out.display()
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
        Ok(drift) if mode == Mode::Check => report_check(&drift, &fix),
        Ok(drift) => {
            report_written(&drift, &sync_root, plan.files.files.len());
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

fn report_check(drift: &[Drift], fix: &str) -> ExitCode {
    if drift.is_empty() {
        eprintln!("generated files are up to date");
        return ExitCode::SUCCESS;
    }
    // The diff goes to stdout, so that CI logs and pipes get it whole.
    let mut out = std::io::stdout().lock();
    for d in drift {
        let _ = writeln!(out, "{d}");
    }
    let _ = out.flush();
    eprintln!(
        "error: {} generated file(s) differ from what the specs generate; run `{fix}` to update them",
        drift.len()
    );
    ExitCode::from(DRIFT)
}

fn report_written(drift: &[Drift], root: &Path, total: usize) {
    for d in drift {
        let verb = match d {
            Drift::Changed { .. } => "updated",
            Drift::Missing { .. } => "created",
            Drift::Extra { .. } => "removed",
        };
        eprintln!("{verb} {}", root.join(d.path()).display());
    }
    if drift.is_empty() {
        eprintln!("{total} generated files already up to date");
    } else {
        eprintln!("{} of {total} generated files changed", drift.len());
    }
}
