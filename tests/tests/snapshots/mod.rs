//! What the snapshot tests share (`openapi31`, `bad_specs`): the workspace
//! root, and comparing or writing the snapshots through `codegen::write::sync`,
//! the same function that keeps `clients/` in step with `specs/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::write::{FileSet, Mode, sync};

/// The environment variable that switches from comparing to writing.
pub(crate) const UPDATE_VAR: &str = "UPDATE_SNAPSHOTS";

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compares `files` (workspace-relative) with the disk, every other file in
/// `owned_dir` counting as stale; with [`UPDATE_VAR`] set, writes them instead.
/// `Some` report when they differ: what `differ` says, the command that updates
/// them, and the drift.
pub(crate) fn check_or_update(
    files: BTreeMap<PathBuf, String>,
    owned_dir: &str,
    differ: &str,
    update: &str,
) -> Option<String> {
    let set = FileSet {
        files,
        owned_dirs: vec![owned_dir.into()],
    };
    let mode = if std::env::var_os(UPDATE_VAR).is_some() {
        Mode::Write
    } else {
        Mode::Check
    };
    let drift = sync(&root(), &set, mode).unwrap_or_else(|e| panic!("{e}"));
    if mode == Mode::Write || drift.is_empty() {
        return None;
    }
    let drift: Vec<String> = drift.iter().map(ToString::to_string).collect();
    Some(format!(
        "{differ}; if the change is intended, run `{update}`\n\n{}",
        drift.join("\n")
    ))
}
