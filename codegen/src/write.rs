//! The one place generated files are compared with the disk or written to it.
//!
//! [`sync`] does both: in [`Mode::Check`] it only reports drift; in
//! [`Mode::Write`] it applies the same drift, all or nothing:
//!
//! - every new file is first written beside its target under a temporary name
//!   (`.NAME.<pid>.tmp`) and synced to the disk; only when all are written are
//!   they renamed into place, so each file is always either old or new, never
//!   half written, even if the run is killed;
//! - before a file is replaced or removed, its original is kept beside it under
//!   a backup name (`.NAME.<pid>.bak`); if any step fails, every step already
//!   done is undone (originals put back, new files and folders removed) before
//!   the error is returned, so a failed run leaves every existing file as it was;
//!   on success the backups are removed.
//!
//! A run killed half way may leave such temporary or backup files; in an owned
//! folder the next run reports them as extra and removes them.

use std::collections::BTreeMap;
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A set of generated files, and the folders they own.
#[derive(Clone, Debug, Default)]
pub struct FileSet {
    /// File contents by path relative to the root given to [`sync`].
    pub files: BTreeMap<PathBuf, String>,
    /// Folders (relative) whose every file must be in `files`; others there are extra.
    pub owned_dirs: Vec<PathBuf>,
}

/// Whether [`sync`] compares or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Compare only; write nothing.
    Check,
    /// Make the disk match, all or nothing.
    Write,
}

/// How one file on disk differs from what the generator produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// The file differs; a unified diff from the disk to the generated content.
    Changed {
        /// Relative path.
        path: PathBuf,
        /// Unified diff, `a/` is the disk and `b/` the generator.
        diff: String,
    },
    /// The generator produces a file that is not on disk.
    Missing {
        /// Relative path.
        path: PathBuf,
    },
    /// A file in an owned folder that the generator does not produce.
    Extra {
        /// Relative path.
        path: PathBuf,
    },
}

impl Drift {
    /// The file this drift is about.
    pub fn path(&self) -> &Path {
        match self {
            Drift::Changed { path, .. } | Drift::Missing { path } | Drift::Extra { path } => path,
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Changed { path, diff } => write!(f, "changed: {}\n{diff}", path.display()),
            Drift::Missing { path } => {
                write!(f, "missing: {} (the generator produces it)", path.display())
            }
            Drift::Extra { path } => write!(
                f,
                "extra: {} (the generator does not produce it)",
                path.display()
            ),
        }
    }
}

/// Compares `set` with the files under `root` and, in [`Mode::Write`], makes them equal.
///
/// Returns the drift found (in `Write` mode, the drift that was fixed), in path order.
pub fn sync(root: &Path, set: &FileSet, mode: Mode) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, contents) in &set.files {
        let path = root.join(rel);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(bytes) => drift.push(Drift::Changed {
                path: rel.clone(),
                diff: {
                    let name = rel.display().to_string().replace('\\', "/");
                    unified_diff(
                        &format!("a/{name}"),
                        &format!("b/{name}"),
                        &String::from_utf8_lossy(&bytes),
                        contents,
                    )
                },
            }),
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                drift.push(Drift::Missing { path: rel.clone() })
            }
            Err(source) => return Err(Error::Read { path, source }),
        }
    }
    for dir in &set.owned_dirs {
        for rel in files_under(root, dir)? {
            if !set.files.contains_key(&rel) {
                drift.push(Drift::Extra { path: rel });
            }
        }
    }
    drift.sort_by(|a, b| a.path().cmp(b.path()));
    if mode == Mode::Write && !drift.is_empty() {
        apply(root, set, &drift)?;
    }
    Ok(drift)
}

/// One change [`apply`] made to the disk, kept so that a failure can undo it.
#[derive(Debug)]
enum Step {
    /// A folder the run created: removed on failure.
    CreatedDir(PathBuf),
    /// A temporary file holding new content: removed on failure (it is gone
    /// once renamed into place).
    Temp(PathBuf),
    /// A second name for a file's original content: removed on failure, and on success.
    Backup(PathBuf),
    /// A file replaced by new content, the original kept at `backup`: renamed back on failure.
    Replaced {
        /// The file replaced.
        target: PathBuf,
        /// Where the original is.
        backup: PathBuf,
    },
    /// A file created where there was none: removed on failure.
    Created(PathBuf),
    /// An extra file moved to `backup`: renamed back on failure, removed on success.
    Removed {
        /// Where the file was.
        path: PathBuf,
        /// Where it is now.
        backup: PathBuf,
    },
}

/// Makes the disk match `drift`, all or nothing.
///
/// Extra files are first moved aside to backup names (so a folder may take the
/// place of an extra file), then every changed or missing file is written to a
/// temporary file and synced, then each is renamed into place, a changed file's
/// original first kept under a backup name. Every step is recorded; if one fails,
/// every step already done is undone in reverse order, so every existing file is
/// left as it was, and no folder or file of the run is left behind. On success
/// the backups are removed, and the folders that removing extra files left empty.
fn apply(root: &Path, set: &FileSet, drift: &[Drift]) -> Result<()> {
    let mut journal = Vec::new();
    if let Err(e) = make_changes(root, set, drift, &mut journal) {
        return Err(roll_back(journal, e));
    }
    // The run succeeded: what is left is cleanup, which cannot make it fail.
    for step in &journal {
        if let Step::Backup(backup) | Step::Removed { backup, .. } = step {
            // A backup that cannot be removed (which is unlikely) does no harm;
            // in an owned folder the next run removes it as an extra file.
            let _ = std::fs::remove_file(backup);
        }
    }
    for d in drift {
        if let Drift::Extra { path } = d {
            // Remove folders the removal left empty, up to the owning folder.
            let mut dir = root.join(path).parent().map(Path::to_path_buf);
            while let Some(d) = dir {
                if d == root
                    || set.owned_dirs.iter().any(|o| root.join(o) == d)
                    || std::fs::remove_dir(&d).is_err()
                {
                    break;
                }
                dir = d.parent().map(Path::to_path_buf);
            }
        }
    }
    Ok(())
}

/// The changes of [`apply`], each recorded in `journal` as soon as it is made.
fn make_changes(
    root: &Path,
    set: &FileSet,
    drift: &[Drift],
    journal: &mut Vec<Step>,
) -> Result<()> {
    for d in drift {
        if let Drift::Extra { path } = d {
            let path = root.join(path);
            let backup = beside(&path, "bak");
            rename(&path, &backup, &path)?;
            journal.push(Step::Removed { path, backup });
        }
    }

    let mut staged = Vec::new();
    for d in drift {
        let (Drift::Changed { path, .. } | Drift::Missing { path }) = d else {
            continue;
        };
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            create_dirs(dir, journal)?;
        }
        let temp = beside(&target, "tmp");
        write_synced(&temp, set.files[path].as_bytes(), journal)
            .map_err(|source| write_error(&target, source))?;
        staged.push((temp, target));
    }

    for (temp, target) in staged {
        // Anything but a folder is replaced; a folder makes the rename fail.
        let replaces = std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir());
        let step = if replaces {
            let backup = beside(&target, "bak");
            keep_original(&target, &backup, journal)
                .map_err(|source| write_error(&target, source))?;
            Step::Replaced {
                target: target.clone(),
                backup,
            }
        } else {
            Step::Created(target.clone())
        };
        rename(&temp, &target, &target)?;
        journal.push(step);
    }
    Ok(())
}

/// Undoes every step in `journal`, last first, and returns `error` (naming
/// whatever could not be undone, if anything).
fn roll_back(journal: Vec<Step>, error: Error) -> Error {
    let mut failures = Vec::new();
    for step in journal.into_iter().rev() {
        let (path, undone) = match &step {
            Step::CreatedDir(dir) => (dir, std::fs::remove_dir(dir)),
            Step::Temp(path) | Step::Backup(path) => (path, remove_if_there(path)),
            Step::Created(path) => (path, std::fs::remove_file(path)),
            Step::Replaced { target, backup } => (target, std::fs::rename(backup, target)),
            Step::Removed { path, backup } => (path, std::fs::rename(backup, path)),
        };
        if let Err(e) = undone {
            failures.push(format!("`{}`: {e}", path.display()));
        }
    }
    match error {
        Error::Write { path, source } if !failures.is_empty() => Error::Write {
            path,
            source: std::io::Error::new(
                source.kind(),
                format!(
                    "{source}; putting back the files already changed also failed, so check these by hand: {}",
                    failures.join(", ")
                ),
            ),
        },
        error => error,
    }
}

/// Renames `from` to `to`; a failure is reported as one to write `named`.
fn rename(from: &Path, to: &Path, named: &Path) -> Result<()> {
    fault()
        .and_then(|()| std::fs::rename(from, to))
        .map_err(|source| write_error(named, source))
}

/// Removes a file, which may already be gone.
fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Creates `dir` and the folders above it that are missing, recording each.
fn create_dirs(dir: &Path, journal: &mut Vec<Step>) -> Result<()> {
    let mut missing = Vec::new();
    let mut next = Some(dir);
    while let Some(d) = next {
        if d.as_os_str().is_empty() || std::fs::symlink_metadata(d).is_ok() {
            break;
        }
        missing.push(d);
        next = d.parent();
    }
    for d in missing.into_iter().rev() {
        fault()
            .and_then(|()| std::fs::create_dir(d))
            .map_err(|source| write_error(d, source))?;
        journal.push(Step::CreatedDir(d.to_path_buf()));
    }
    Ok(())
}

/// Writes `contents` to the new file `path` and syncs it to the disk, so that
/// once renamed into place it is whole even after a crash.
fn write_synced(path: &Path, contents: &[u8], journal: &mut Vec<Step>) -> std::io::Result<()> {
    use std::io::Write as _;

    fault()?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    journal.push(Step::Temp(path.to_path_buf()));
    fault()?;
    file.write_all(contents)?;
    fault()?;
    file.sync_all()
}

/// Gives the file at `path` the second name `backup`, recorded in `journal`, so
/// that it survives being replaced: a hard link where the file system has them,
/// a copy otherwise.
fn keep_original(path: &Path, backup: &Path, journal: &mut Vec<Step>) -> std::io::Result<()> {
    fault()?;
    // Recorded first: a copy that fails half way is removed too.
    journal.push(Step::Backup(backup.to_path_buf()));
    if std::fs::hard_link(path, backup).is_ok() {
        return Ok(());
    }
    std::fs::copy(path, backup)?;
    std::fs::File::open(backup)?.sync_all()
}

/// A free name for a file of ours beside `path`: `.NAME.<pid>.<kind>`, or
/// `.NAME.<pid>.<n>.<kind>` if that is taken (by a run killed earlier).
fn beside(path: &Path, kind: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    let pid = std::process::id();
    let mut n = 0_u32;
    loop {
        let mut file = std::ffi::OsString::from(".");
        file.push(name);
        file.push(if n == 0 {
            format!(".{pid}.{kind}")
        } else {
            format!(".{pid}.{n}.{kind}")
        });
        let candidate = path.with_file_name(file);
        if std::fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
        n += 1;
    }
}

/// The error for a change to `path` that failed.
fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Where tests make a change to the disk fail; nothing outside tests.
#[cfg(not(test))]
fn fault() -> std::io::Result<()> {
    Ok(())
}

/// Fails the change to the disk that [`tests::fail_at`] chose, if any.
#[cfg(test)]
fn fault() -> std::io::Result<()> {
    tests::FAIL_AT.with(|at| match at.get() {
        Some(0) => {
            at.set(None);
            Err(std::io::Error::other("injected failure"))
        }
        Some(n) => {
            at.set(Some(n - 1));
            Ok(())
        }
        None => Ok(()),
    })
}

/// Every file under `root/dir`, as paths relative to `root`, sorted.
fn files_under(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(rel) = stack.pop() {
        let entries = match std::fs::read_dir(root.join(&rel)) {
            Ok(entries) => entries,
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                continue;
            }
            Err(source) => {
                return Err(Error::Read {
                    path: root.join(&rel),
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: root.join(&rel),
                source,
            })?;
            let child = rel.join(entry.file_name());
            let kind = entry.file_type().map_err(|source| Error::Read {
                path: root.join(&child),
                source,
            })?;
            if kind.is_dir() {
                stack.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The unified diff (three lines of context) from `old` to `new`, whose
/// header names them `old_name` and `new_name`: how every drift is shown.
pub fn unified_diff(old_name: &str, new_name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    thread_local! {
        /// How many changes to the disk [`fault`] lets through before failing one.
        pub(super) static FAIL_AT: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Makes the `n`th change to the disk (from 0) on this thread fail.
    fn fail_at(n: usize) {
        FAIL_AT.with(|at| at.set(Some(n)));
    }

    /// Every folder and file under `root`, with the files' bytes, sorted.
    fn snapshot(root: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    out.push((path.clone(), None));
                    stack.push(path);
                } else {
                    out.push((path.clone(), Some(std::fs::read(&path).unwrap())));
                }
            }
        }
        out.sort();
        out
    }

    /// The temporary or backup files of a run under `root`.
    fn ours(root: &Path) -> Vec<PathBuf> {
        snapshot(root)
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.ends_with(".tmp") || name.ends_with(".bak")
            })
            .collect()
    }

    fn set(files: &[(&str, &str)], owned: &[&str]) -> FileSet {
        FileSet {
            files: files
                .iter()
                .map(|(p, c)| (PathBuf::from(p), c.to_string()))
                .collect(),
            owned_dirs: owned.iter().map(PathBuf::from).collect(),
        }
    }

    #[test]
    fn check_reports_every_kind_of_drift_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c/src")).unwrap();
        std::fs::write(dir.path().join("c/a.txt"), "one\ntwo\n").unwrap();
        std::fs::write(dir.path().join("c/src/stale.rs"), "x").unwrap();
        let s = set(&[("c/a.txt", "one\nthree\n"), ("c/b.txt", "new\n")], &["c"]);
        let drift = sync(dir.path(), &s, Mode::Check).unwrap();
        assert_eq!(drift.len(), 3);
        let Drift::Changed { diff, .. } = &drift[0] else {
            panic!("{drift:?}")
        };
        assert_eq!(
            diff,
            "--- a/c/a.txt\n+++ b/c/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n"
        );
        assert_eq!(
            drift[1],
            Drift::Missing {
                path: "c/b.txt".into()
            }
        );
        assert_eq!(
            drift[2],
            Drift::Extra {
                path: "c/src/stale.rs".into()
            }
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("c/a.txt")).unwrap(),
            "one\ntwo\n"
        );
        assert!(!dir.path().join("c/b.txt").exists());
    }

    #[test]
    fn write_makes_the_disk_match_then_check_is_clean() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c/old")).unwrap();
        std::fs::write(dir.path().join("c/old/x"), "x").unwrap();
        std::fs::write(dir.path().join("c/a.txt"), "old\n").unwrap();
        let s = set(&[("c/a.txt", "a\n"), ("c/src/b.rs", "b\n")], &["c"]);
        assert_eq!(sync(dir.path(), &s, Mode::Write).unwrap().len(), 3);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("c/a.txt")).unwrap(),
            "a\n"
        );
        assert_eq!(sync(dir.path(), &s, Mode::Check).unwrap(), []);
        assert!(!dir.path().join("c/old").exists());
        let leftovers: Vec<_> = files_under(dir.path(), Path::new("c")).unwrap();
        assert_eq!(
            leftovers,
            [PathBuf::from("c/a.txt"), PathBuf::from("c/src/b.rs")]
        );
    }

    #[test]
    fn a_failed_write_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        std::fs::write(dir.path().join("c/a.txt"), "old\n").unwrap();
        // `c/blocked` is a file, so `c/blocked/b.txt` cannot be created.
        std::fs::write(dir.path().join("c/blocked"), "").unwrap();
        let s = set(
            &[
                ("c/a.txt", "new\n"),
                ("c/blocked/b.txt", "b\n"),
                ("c/blocked", ""),
            ],
            &[],
        );
        assert!(matches!(
            sync(dir.path(), &s, Mode::Write),
            Err(Error::Write { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("c/a.txt")).unwrap(),
            "old\n"
        );
        let names: Vec<_> = files_under(dir.path(), Path::new("c")).unwrap();
        assert_eq!(
            names,
            [PathBuf::from("c/a.txt"), PathBuf::from("c/blocked")]
        );
    }

    #[test]
    fn a_failed_write_leaves_no_file_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        std::fs::write(dir.path().join("c/a.txt"), "old\n").unwrap();
        std::fs::write(dir.path().join("c/blocked"), "").unwrap();
        let s = set(&[("c/a.txt", "new\n"), ("c/blocked/b.txt", "b\n")], &[]);
        let before = snapshot(dir.path());
        assert!(sync(dir.path(), &s, Mode::Write).is_err());
        assert_eq!(snapshot(dir.path()), before);
        assert_eq!(ours(dir.path()), Vec::<PathBuf>::new());
    }

    /// A rename into place that fails after others succeeded: `c/x` is to be a
    /// file, but writing `c/x/y` made it a folder that is not empty, which root
    /// cannot rename over either. Every file renamed before it is put back.
    #[test]
    fn a_rename_that_fails_half_way_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/old")).unwrap();
        std::fs::write(root.join("c/a.txt"), "old a\n").unwrap();
        std::fs::write(root.join("c/old/stale.rs"), "stale\n").unwrap();
        std::fs::write(root.join("c/same.txt"), "same\n").unwrap();
        let s = set(
            &[
                ("c/a.txt", "new a\n"),
                ("c/new/b.txt", "b\n"),
                ("c/same.txt", "same\n"),
                ("c/x", "x\n"),
                ("c/x/y", "y\n"),
            ],
            &["c"],
        );
        let before = snapshot(root);
        let Err(Error::Write { path, .. }) = sync(root, &s, Mode::Write) else {
            panic!("the write did not fail");
        };
        assert_eq!(path, root.join("c/x"));
        assert_eq!(snapshot(root), before);
        assert_eq!(ours(root), Vec::<PathBuf>::new());
    }

    /// Whichever change to the disk fails, the disk is left as it was; and the
    /// run that fails none makes it match.
    #[test]
    fn a_failure_at_any_step_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/old/deeper")).unwrap();
        std::fs::create_dir_all(root.join("c/src")).unwrap();
        std::fs::write(root.join("c/a.txt"), "old a\n").unwrap();
        std::fs::write(root.join("c/src/lib.rs"), "old lib\n").unwrap();
        std::fs::write(root.join("c/old/deeper/stale.rs"), "stale\n").unwrap();
        std::fs::write(root.join("c/was-a-file"), "now a folder\n").unwrap();
        std::fs::write(root.join("c/same.txt"), "same\n").unwrap();
        let s = set(
            &[
                ("c/a.txt", "new a\n"),
                ("c/new/deep/b.txt", "b\n"),
                ("c/same.txt", "same\n"),
                ("c/src/lib.rs", "new lib\n"),
                ("c/was-a-file/inside.txt", "inside\n"),
            ],
            &["c"],
        );
        let before = snapshot(root);
        let mut failures = 0;
        for n in 0.. {
            fail_at(n);
            let result = sync(root, &s, Mode::Write);
            let injected = FAIL_AT.with(|at| at.take()).is_none();
            match result {
                Err(e) => {
                    assert!(injected, "step {n}: {e}");
                    assert!(e.to_string().contains("injected failure"), "step {n}: {e}");
                    assert_eq!(snapshot(root), before, "step {n}");
                    failures += 1;
                }
                Ok(drift) => {
                    assert!(!injected, "step {n} failed and the run succeeded");
                    assert_eq!(drift.len(), 6);
                    break;
                }
            }
        }
        // Moves of the two extras; three folders made, four files written
        // (three steps each); two backups and four renames.
        assert_eq!(failures, 2 + 3 + 12 + 2 + 4);
        assert_eq!(sync(root, &s, Mode::Check).unwrap(), []);
        assert_eq!(ours(root), Vec::<PathBuf>::new());
        assert!(!root.join("c/old").exists());
    }

    /// Files left by a run killed half way are extra in an owned folder: the
    /// next run removes them, even one whose name it would use itself.
    #[test]
    fn leftovers_of_a_killed_run_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("c")).unwrap();
        std::fs::write(root.join("c/a.txt"), "old\n").unwrap();
        let pid = std::process::id();
        for name in [
            format!(".a.txt.{pid}.tmp"),
            format!(".a.txt.{pid}.bak"),
            ".a.txt.1.tmp".to_string(),
        ] {
            std::fs::write(root.join("c").join(name), "torn").unwrap();
        }
        let s = set(&[("c/a.txt", "new\n")], &["c"]);
        let drift = sync(root, &s, Mode::Check).unwrap();
        assert_eq!(drift.len(), 4, "{drift:?}");
        sync(root, &s, Mode::Write).unwrap();
        assert_eq!(
            snapshot(root),
            [
                (root.join("c"), None),
                (root.join("c/a.txt"), Some(b"new\n".to_vec()))
            ]
        );
    }
}
