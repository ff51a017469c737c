//! `cargo xtask`: the workspace's own commands.
//!
//! ```text
//! cargo xtask gen                 regenerate every client from specs/,
//!                                 bumping its version and adding to its
//!                                 CHANGELOG.md when the spec or the
//!                                 generated code changed
//! cargo xtask gen NAME…           regenerate only those clients
//! cargo xtask gen --check         compare only; exit 1 on drift, saying
//!                                 why: the spec changed (its change report,
//!                                 the version the crate would get), files
//!                                 edited by hand (named), or the generator
//!                                 changed; then a diff of each file
//! cargo xtask gen --spec FILE --out DIR [--name CRATE]
//!                                 a standalone client crate from any spec
//! cargo xtask gen … --deny-warnings
//!                                 any warning about the specs is an error:
//!                                 write nothing and exit 2
//! cargo xtask corpus [DIR] [--check]
//!                                 a client from every published document
//!                                 under DIR (default ../shared/real-specs),
//!                                 type-checked; the table in
//!                                 tests/real-specs/README.md
//! cargo xtask diff OLD NEW [--format json] [--fail-on error|warning]
//!                                 what changed in the API between two
//!                                 documents: rule ids, levels, crate
//!                                 effects and the semver bump
//! cargo xtask upstream --check [--strict] [--format json] [NAME…]
//!                                 fetch each spec's published document (as
//!                                 specs/upstream.toml says), keep what the
//!                                 spec keeps, add what we add, and report
//!                                 what changed in the API
//! cargo xtask upstream [NAME…]    write the changed documents over their
//!                                 specs and regenerate those clients
//! cargo xtask package [--verify]   check that `cargo package` accepts the
//!                                 runtime and every client
//! cargo xtask ci                  everything CI checks: fmt, clippy, tests,
//!                                 gen --check, package, docs
//! ```
//!
//! Exit codes: 0 success, 1 drift (with `--check`), 2 bad input (a bad spec,
//! bad arguments, warnings denied by `--deny-warnings`) or a file that could not
//! be read or written. A failed write changes no file: what was already written
//! is put back as it was.
//!
//! `upstream --check` exits with 0 when no published document changed, 1 when
//! one did (what a scheduled CI job looks for), and 2 for a bad manifest, bad
//! arguments, or, with `--strict`, a source that cannot be fetched or parsed
//! (without `--strict` such a source is reported and does not count).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod ci;
mod corpus;
mod diff;
mod gen_clients;
mod package;
mod upstream;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Workspace automation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crates from the OpenAPI specs, with their versions and changelogs
    /// (or check that they are up to date, and say why not).
    #[command(
        after_help = "Versions: each client's version is read from its Cargo.toml (0.1.0 when \
        new) and bumped when what it ships changes: by the change report when the spec changed \
        (below 1.0 a major change bumps the minor number, anything else the patch; from 1.0 on, \
        semantic versioning), by a patch when only the generated code did; an edit by hand bumps \
        nothing and is put back. Each bump adds an entry at the top of the client's CHANGELOG.md. \
        Each client records the spec it was generated from (openapi.yaml) and the SHA-256 of \
        its files ([package.metadata.codegen.sha256] in Cargo.toml), which tells --check whether \
        the spec, a hand edit or the generator made it drift.\n\n\
        Exit codes: 0 success (or up to date), 1 drift found by --check, \
        2 bad input (a bad spec, bad arguments, warnings denied by --deny-warnings, a version \
        that cannot be bumped) or a file that could not be read or written; a failed run \
        changes no file"
    )]
    Gen(gen_clients::Args),
    /// Generate and type-check a client from every published document under a folder
    /// (default: `../shared/real-specs`), and write the table in `tests/real-specs/README.md`.
    #[command(
        after_help = "Exit codes: 0 every document gives a client that compiles (and, with \
        --check, the table is up to date), 1 a document fails or the table is out of date, \
        2 the folder given does not exist or the table cannot be written"
    )]
    Corpus(corpus::Args),
    /// Report what changed in the API between two OpenAPI documents: every change with its
    /// rule id, its level on the wire (error, warning, info) and its effect on the generated
    /// crate, and the crate's semver bump.
    #[command(
        after_help = "Exit codes: 0 the report was printed, 1 a change at the --fail-on level \
        or worse, 2 a document that cannot be read or parsed, or bad arguments"
    )]
    Diff(diff::Args),
    /// Compare each spec with the document its provider publishes (where `specs/upstream.toml`
    /// says), cut down to what the spec keeps and with our additions and removals applied;
    /// without `--check`, write each changed document over its spec, in the spec's format,
    /// and regenerate those clients.
    #[command(
        after_help = "Exit codes with --check: 0 nothing changed upstream, 1 a \
        published document changed (some report is not empty), 2 a bad manifest, bad \
        arguments, a spec that cannot be read, or, with --strict, a source that cannot be \
        fetched or parsed (without --strict it is reported and does not count).\n\
        Without --check: 0 done (or nothing changed), 2 anything failed; then no spec file \
        is changed."
    )]
    Upstream(upstream::Args),
    /// Check that `cargo package` accepts the runtime and every client crate (their metadata,
    /// files and versioned dependencies), though the workspace publishes nothing.
    #[command(
        after_help = "Exit codes: 0 every crate can be packaged, 1 one cannot, 2 the \
        specs cannot be listed or cargo cannot be run"
    )]
    Package(package::Args),
    /// Run everything CI runs: formatting, lints, tests, the drift check and the docs.
    Ci,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen(args) => gen_clients::run(&args, workspace_root()),
        Command::Corpus(args) => corpus::run(&args, &workspace_root()),
        Command::Diff(args) => diff::run(&args),
        Command::Upstream(args) => upstream::run(&args, workspace_root()),
        Command::Package(args) => package::run(&args, &workspace_root()),
        Command::Ci => ci::run(&workspace_root()),
    }
}

/// The workspace root: the folder above this crate's.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
