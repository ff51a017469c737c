//! The one place generated files are compared with the disk or written to it.
//!
//! [`sync`] does both: in [`Mode::Check`] it only reports drift; in
//! [`Mode::Write`] it applies the same drift, all or nothing. Every new file is
//! first written beside its target under a temporary name; only when all are
//! written are they renamed into place, so a failure (or a killed run) leaves
//! every existing file as it was, never half written.

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

/// Writes every changed or missing file to a temporary file, then renames them
/// all into place, then removes extra files.
fn apply(root: &Path, set: &FileSet, drift: &[Drift]) -> Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let stage = |staged: &mut Vec<(PathBuf, PathBuf)>| -> Result<()> {
        for d in drift {
            let (Drift::Changed { path, .. } | Drift::Missing { path }) = d else {
                continue;
            };
            let target = root.join(path);
            let dir = target.parent().unwrap_or(root);
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            staged.push((temp.clone(), target.clone()));
            std::fs::write(&temp, &set.files[path]).map_err(|source| Error::Write {
                path: target,
                source,
            })?;
        }
        Ok(())
    };
    if let Err(e) = stage(&mut staged) {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
        return Err(e);
    }
    for (i, (temp, target)) in staged.iter().enumerate() {
        if let Err(source) = std::fs::rename(temp, target) {
            for (temp, _) in &staged[i..] {
                let _ = std::fs::remove_file(temp);
            }
            return Err(Error::Write {
                path: target.clone(),
                source,
            });
        }
    }
    for d in drift {
        if let Drift::Extra { path } = d {
            let full = root.join(path);
            std::fs::remove_file(&full).map_err(|source| Error::Write {
                path: full.clone(),
                source,
            })?;
            // Remove folders the removal left empty, up to the owning folder.
            let mut dir = full.parent();
            while let Some(d) = dir {
                if d == root
                    || set.owned_dirs.iter().any(|o| root.join(o) == d)
                    || std::fs::remove_dir(d).is_err()
                {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    Ok(())
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
    use super::*;

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
        let s = set(&[("c/a.txt", "a\n"), ("c/src/b.rs", "b\n")], &["c"]);
        assert_eq!(sync(dir.path(), &s, Mode::Write).unwrap().len(), 3);
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
}
