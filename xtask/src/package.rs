//! `cargo xtask package`: checks that the runtime and every client can be published, with
//! `cargo package`, though the workspace publishes nothing.
//!
//! The clients depend on the runtime, which is not on crates.io: cargo packages them together,
//! the runtime first, and resolves the clients' requirement on it against the package it just
//! made. By default the packages are checked without being built (`--no-verify`: the metadata,
//! the files, the versioned dependencies); `--verify` also builds each package from its
//! `.crate` file, as `cargo publish` would, which takes minutes.

use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::emit::RUNTIME_PACKAGE;
use codegen::workspace::Workspace;

/// `cargo xtask package` arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Also build each package from its `.crate` file, as `cargo publish` would.
    #[arg(long)]
    verify: bool,
}

pub(crate) fn run(args: &Args, root: &Path) -> ExitCode {
    let specs = match Workspace::new(root).specs() {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["package", "--allow-dirty", "--package", RUNTIME_PACKAGE]);
    for spec in &specs {
        command.args(["--package", &spec.crate_name()]);
    }
    if !args.verify {
        command.arg("--no-verify");
    }
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("error: `cargo package` refused a crate (above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(2)
        }
    }
}
