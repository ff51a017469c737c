//! `cargo xtask ci`: everything CI checks, in the order CI checks it.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Each step: what it checks, and the cargo arguments. `{xtask}` steps run in
/// xtask's own workspace (see the root Cargo.toml).
const STEPS: &[(&str, &[&str])] = &[
    ("formatting", &["fmt", "--all", "--check"]),
    (
        "formatting (xtask)",
        &["fmt", "--manifest-path", "xtask/Cargo.toml", "--check"],
    ),
    (
        "formatting (fuzz targets)",
        &["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"],
    ),
    (
        "lints, every feature on (the runtime's `tracing`, the clients' `mock`)",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "lints (the runtime without its features)",
        &[
            "clippy",
            "--package",
            "client-runtime",
            "--lib",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "lints (xtask)",
        &[
            "clippy",
            "--manifest-path",
            "xtask/Cargo.toml",
            "--target-dir",
            "target",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "lints (fuzz targets, which must keep compiling)",
        &[
            "clippy",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--target-dir",
            "target",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "tests, every feature on",
        &["test", "--workspace", "--all-features", "--locked"],
    ),
    (
        "tests (xtask)",
        &[
            "test",
            "--manifest-path",
            "xtask/Cargo.toml",
            "--target-dir",
            "target",
            "--locked",
        ],
    ),
    (
        "generated clients up to date",
        &["xtask", "gen", "--check", "--deny-warnings"],
    ),
    (
        "the runtime and every client can be published",
        &["xtask", "package"],
    ),
    (
        "every published document gives a client that compiles",
        &["xtask", "corpus", "--check"],
    ),
    (
        "docs",
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--all-features",
            "--locked",
        ],
    ),
];

pub(crate) fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for (what, args) in STEPS {
        eprintln!("\n==> {what}: cargo {}", args.join(" "));
        let mut command = Command::new(&cargo);
        command.args(*args).current_dir(root);
        if args[0] == "doc" {
            command.env("RUSTDOCFLAGS", "-D warnings");
        }
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!(
                    "\nerror: {what} failed ({status}): cargo {}",
                    args.join(" ")
                );
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("\nerror: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("\nall CI checks passed");
    ExitCode::SUCCESS
}
