//! `--check` catches each kind of drift: an edited spec, an edited generated
//! file, a deleted generated file and an extra file; and writing repairs them.
//! The plan tells why each file drifted (`codegen::release::Cause`).

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use codegen::release::Cause;
use codegen::workspace::Workspace;
use codegen::write::{Drift, Mode, sync};

/// A copy of the workspace's specs and clients in a temporary folder.
fn copy_workspace() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    for sub in ["specs", "clients"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn check(root: &Path) -> Vec<Drift> {
    let plan = Workspace::new(root)
        .plan(&[])
        .unwrap_or_else(|e| panic!("{e}"));
    sync(root, &plan.files, Mode::Check).unwrap()
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_clean_copy_has_no_drift() {
    let dir = copy_workspace();
    assert_eq!(check(dir.path()), []);
}

#[test]
fn an_edited_spec_shows_as_a_diff_of_the_generated_code() {
    let dir = copy_workspace();
    let spec = dir.path().join("specs/netbird.json");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replace("Delete a token for a user", "Delete one token of a user"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let drift = check(dir.path());
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");
    let changed: Vec<_> = drift.iter().map(|d| d.path().to_path_buf()).collect();
    assert!(
        changed.contains(&PathBuf::from("clients/netbird/src/generated.rs")),
        "{changed:?}"
    );
    let Some(Drift::Changed { diff, .. }) =
        drift.iter().find(|d| d.path().ends_with("generated.rs"))
    else {
        panic!("{drift:?}")
    };
    assert!(diff.starts_with(
        "--- a/clients/netbird/src/generated.rs\n+++ b/clients/netbird/src/generated.rs\n"
    ));
    assert!(
        diff.contains("\n-    /// Delete a token for a user\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+    /// Delete one token of a user\n"),
        "{diff}"
    );
}

#[test]
fn an_edited_generated_file_is_caught_and_restored() {
    let dir = copy_workspace();
    let file = dir.path().join("clients/gcore-iam/src/generated.rs");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("pub async fn", "pub async fn /* edited */"),
    )
    .unwrap();
    let drift = check(dir.path());
    assert_eq!(drift.len(), 1, "{drift:?}");
    let Drift::Changed { path, diff } = &drift[0] else {
        panic!("{drift:?}")
    };
    assert_eq!(path, Path::new("clients/gcore-iam/src/generated.rs"));
    assert!(diff.contains("/* edited */"));

    let plan = Workspace::new(dir.path()).plan(&[]).unwrap();
    sync(dir.path(), &plan.files, Mode::Write).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(check(dir.path()), []);
}

#[test]
fn a_deleted_generated_file_is_missing() {
    let dir = copy_workspace();
    std::fs::remove_file(dir.path().join("clients/dynatrace-cluster/Cargo.toml")).unwrap();
    assert_eq!(
        check(dir.path()),
        [Drift::Missing {
            path: "clients/dynatrace-cluster/Cargo.toml".into()
        }]
    );
}

#[test]
fn an_extra_file_or_client_should_not_be_there() {
    let dir = copy_workspace();
    std::fs::write(
        dir.path().join("clients/netbird/src/extra.rs"),
        "// hand-written\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("clients/removed-provider/src")).unwrap();
    std::fs::write(dir.path().join("clients/removed-provider/src/lib.rs"), "").unwrap();
    assert_eq!(
        check(dir.path()),
        [
            Drift::Extra {
                path: "clients/netbird/src/extra.rs".into()
            },
            Drift::Extra {
                path: "clients/removed-provider/src/lib.rs".into()
            },
        ]
    );
    let plan = Workspace::new(dir.path()).plan(&[]).unwrap();
    sync(dir.path(), &plan.files, Mode::Write).unwrap();
    assert!(!dir.path().join("clients/removed-provider").exists());
    assert_eq!(check(dir.path()), []);
}

#[test]
fn checking_some_clients_only_looks_at_those() {
    let dir = copy_workspace();
    std::fs::remove_file(dir.path().join("clients/netbird/README.md")).unwrap();
    let plan = Workspace::new(dir.path())
        .plan(&["gcore-iam".to_string()])
        .unwrap();
    assert_eq!(sync(dir.path(), &plan.files, Mode::Check).unwrap(), []);
    let plan = Workspace::new(dir.path())
        .plan(&["netbird".to_string()])
        .unwrap();
    assert_eq!(
        sync(dir.path(), &plan.files, Mode::Check).unwrap(),
        [Drift::Missing {
            path: "clients/netbird/README.md".into()
        }]
    );
    let err = Workspace::new(dir.path())
        .plan(&["nope".to_string()])
        .unwrap_err();
    assert!(
        err.to_string().contains("no such spec in `specs/`"),
        "{err}"
    );
}

#[test]
fn two_specs_for_one_client_are_refused() {
    let dir = copy_workspace();
    std::fs::copy(
        dir.path().join("specs/netbird.json"),
        dir.path().join("specs/netbird.yaml"),
    )
    .unwrap();
    let err = Workspace::new(dir.path()).plan(&[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`specs/netbird.json` and `specs/netbird.yaml` would both generate the client `netbird`; rename one"
    );
}

/// Every file's drift has its cause: a spec that changed, files edited, added or removed by
/// hand, each in its own crate.
#[test]
fn each_drift_is_told_its_cause() {
    let dir = copy_workspace();
    let spec = dir.path().join("specs/netbird.json");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replace("Delete a token for a user", "Delete one token of a user"),
    )
    .unwrap();
    let gcore = dir.path().join("clients/gcore-iam");
    std::fs::write(gcore.join("src/notes.rs"), "// hand-written\n").unwrap();
    std::fs::remove_file(gcore.join("README.md")).unwrap();

    let plan = Workspace::new(dir.path()).plan(&[]).unwrap();
    let drift = sync(dir.path(), &plan.files, Mode::Check).unwrap();
    let causes: Vec<(String, Cause)> = drift
        .iter()
        .map(|d| {
            let (release, cause) = plan.cause(d).unwrap();
            assert!(d.path().starts_with(&release.dir), "{d}");
            (d.path().display().to_string().replace('\\', "/"), cause)
        })
        .collect();
    assert_eq!(
        causes,
        [
            ("clients/gcore-iam/README.md".to_string(), Cause::HandEdit),
            (
                "clients/gcore-iam/src/notes.rs".to_string(),
                Cause::HandEdit
            ),
            ("clients/netbird/CHANGELOG.md".to_string(), Cause::Spec),
            ("clients/netbird/Cargo.toml".to_string(), Cause::Spec),
            ("clients/netbird/openapi.yaml".to_string(), Cause::Spec),
            ("clients/netbird/src/generated.rs".to_string(), Cause::Spec),
        ]
    );
    let netbird = plan
        .releases
        .iter()
        .find(|r| r.dir == Path::new("clients/netbird"))
        .unwrap();
    // A change of the spec's text: a patch, from the committed version.
    assert_eq!(
        netbird.version,
        committed_version("netbird").bump(codegen::diff::Semver::Patch)
    );
    let gcore = plan
        .releases
        .iter()
        .find(|r| r.dir == Path::new("clients/gcore-iam"))
        .unwrap();
    assert_eq!(gcore.hand_edited, [PathBuf::from("README.md")]);
    // Edits by hand never bump the version.
    assert_eq!(gcore.version, committed_version("gcore-iam"));
}

/// The version of the committed client `name`.
fn committed_version(name: &str) -> codegen::version::Version {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../clients")
        .join(name)
        .join("Cargo.toml");
    let table: toml::Table = std::fs::read_to_string(manifest).unwrap().parse().unwrap();
    table["package"]["version"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}
