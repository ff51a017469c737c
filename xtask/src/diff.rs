//! `cargo xtask diff OLD NEW`: what changed in the API between two OpenAPI documents, and the
//! version bump it needs.
//!
//! Exit codes: 0 the report was printed (and nothing reached `--fail-on`), 1 a change at the
//! `--fail-on` level or worse, 2 a document that cannot be read or parsed, or bad arguments.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use codegen::diff::{self, Level};

/// Arguments of `cargo xtask diff`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The document before the change (YAML or JSON, OpenAPI 3.0 or 3.1).
    #[arg(value_name = "OLD", required_unless_present = "list_rules")]
    old: Option<PathBuf>,

    /// The document after the change.
    #[arg(value_name = "NEW", required_unless_present = "list_rules")]
    new: Option<PathBuf>,

    /// Print every rule (its id, level on the wire, crate effect and what it reports) and exit.
    #[arg(long, conflicts_with_all = ["old", "new", "fail_on"])]
    list_rules: bool,

    /// `text` for people (grouped by operation, errors first) or `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Exit with 1 when a change of this level or worse is found.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    if args.list_rules {
        list_rules(args.format);
        return ExitCode::SUCCESS;
    }
    let mut documents = Vec::new();
    for path in [&args.old, &args.new].into_iter().flatten() {
        match diff::read(path) {
            Ok(document) => {
                for warning in &document.warnings {
                    eprintln!("{warning}\n");
                }
                documents.push(document);
            }
            Err(e) => {
                eprintln!("{e}\n\nerror: no report: a document could not be read");
                return ExitCode::from(2);
            }
        }
    }
    let [old, new] = &documents[..] else {
        return ExitCode::from(2);
    };
    let report = diff::compare(&old.value, &new.value);
    let mut out = std::io::stdout().lock();
    let _ = match args.format {
        Format::Text => write!(out, "{}", report.text()),
        Format::Json => writeln!(out, "{}", report.json_text()),
    };
    let _ = out.flush();
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Error => Level::Error,
        FailOn::Warning => Level::Warning,
    });
    match (threshold, report.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => {
            eprintln!(
                "error: {} change(s) at `{}` or worse (--fail-on {})",
                report
                    .changes
                    .iter()
                    .filter(|c| c.level >= threshold)
                    .count(),
                threshold,
                threshold
            );
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Every rule, as a table for people or a JSON list for tools.
fn list_rules(format: Format) {
    let rules = diff::rules::all();
    let mut out = std::io::stdout().lock();
    let _ = match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rules
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "level": r.level.as_str(),
                        "crate": r.semver.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
        Format::Text => {
            let mut text = String::new();
            for r in rules {
                text.push_str(&format!(
                    "{:<48} {:<7} {:<5} {}\n",
                    r.id,
                    r.level.as_str(),
                    r.semver.as_str(),
                    r.summary
                ));
            }
            write!(out, "{text}")
        }
    };
}
