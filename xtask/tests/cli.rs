//! `cargo xtask gen` as a user runs it: exit codes, messages, and that a failed
//! run leaves every file as it was.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::{copy_workspace, repo, snapshot, text, xtask};

#[test]
fn gen_on_a_clean_tree_changes_nothing_and_check_exits_0() {
    let dir = copy_workspace();
    let before = snapshot(dir.path());
    let out = xtask(&["gen"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("32 generated files already up to date"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(dir.path()), before);
    let out = xtask(&["gen", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn check_exits_1_with_a_diff_and_the_fixing_command() {
    let dir = copy_workspace();
    let file = dir.path().join("clients/netbird/src/generated.rs");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Delete a token for a user", "edited by hand");
    std::fs::write(&file, &edited).unwrap();
    std::fs::remove_file(dir.path().join("clients/gcore-iam/README.md")).unwrap();
    std::fs::write(dir.path().join("clients/gcore-iam/src/notes.rs"), "").unwrap();
    let before = snapshot(dir.path());

    let out = xtask(&["gen", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("changed: clients/netbird/src/generated.rs\n--- a/clients/netbird/src/generated.rs\n+++ b/clients/netbird/src/generated.rs\n"), "{stdout}");
    assert!(
        stdout.contains("\n-    /// edited by hand\n+    /// Delete a token for a user\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("missing: clients/gcore-iam/README.md"),
        "{stdout}"
    );
    assert!(
        stdout.contains("extra: clients/gcore-iam/src/notes.rs"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("error: 3 generated file(s) differ from what the specs generate; run `cargo xtask gen` to update them"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");

    let out = xtask(&["gen"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        xtask(&["gen", "--check"], dir.path()).status.code(),
        Some(0)
    );
}

/// A bad spec among good ones: exit 2, the problem named, and no file anywhere changed,
/// not even the clients of the good specs that did change.
#[test]
fn a_bad_spec_among_good_ones_writes_nothing_and_exits_2() {
    let dir = copy_workspace();
    let netbird = dir.path().join("specs/netbird.json");
    let text_before = std::fs::read_to_string(&netbird).unwrap();
    std::fs::write(
        &netbird,
        text_before.replace("Delete a token for a user", "Changed description"),
    )
    .unwrap();
    let dynatrace =
        std::fs::read_to_string(dir.path().join("specs/dynatrace-cluster.yaml")).unwrap();
    std::fs::write(
        dir.path().join("specs/dynatrace-literal.yaml"),
        dynatrace.replace(
            "  /api/cluster/v2/tokens/{id}:\n",
            "  /api/cluster/v2/tokens:\n",
        ),
    )
    .unwrap();
    let before = snapshot(dir.path());

    let out = xtask(&["gen"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[path-parameter]: path parameter `id` of operation `deleteClusterToken` does not appear in its path `/api/cluster/v2/tokens`"),
        "{stderr}"
    );
    // The file and the place, whatever the layout of the rendering.
    assert!(stderr.contains("specs/dynatrace-literal.yaml"), "{stderr}");
    assert!(
        stderr.contains("#/paths/~1api~1cluster~1v2~1tokens/delete/parameters/0"),
        "{stderr}"
    );
    assert!(stderr.contains("error: nothing was written"), "{stderr}");
    assert_eq!(snapshot(dir.path()), before);
    assert!(!dir.path().join("clients/dynatrace-literal").exists());
}

#[test]
fn bad_arguments_exit_2() {
    let dir = copy_workspace();
    for args in [
        &["gen", "--spec", "x.yaml"][..],
        &["gen", "--out", "x"],
        &["gen", "--bogus"],
        &["gen", "netbird", "--spec", "a", "--out", "b"],
    ] {
        let out = xtask(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = xtask(&["gen", "no-such-client"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such spec in `specs/`: no-such-client; the clients are: dynatrace-cluster, gcore-iam, influxdb-cloud-dedicated, netbird"), "{}", text(&out.stderr));
}

/// A copy of the workspace in which `specs/dynatrace-cluster.yaml` has a path
/// parameter without `required: true`: a warning (`path-parameter-required`), and
/// the generated client is the same.
fn workspace_with_a_warning() -> tempfile::TempDir {
    let dir = copy_workspace();
    let spec = dir.path().join("specs/dynatrace-cluster.yaml");
    let before = std::fs::read_to_string(&spec).unwrap();
    let after = before.replace(
        "          in: path\n          required: true\n",
        "          in: path\n",
    );
    assert_ne!(
        before, after,
        "the spec no longer has the parameter to edit"
    );
    std::fs::write(&spec, after).unwrap();
    dir
}

/// Warnings alone do not stop `gen`: they are printed and the files written.
#[test]
fn warnings_without_deny_warnings_are_printed_and_exit_0() {
    let dir = workspace_with_a_warning();
    std::fs::remove_file(dir.path().join("clients/gcore-iam/README.md")).unwrap();
    let out = xtask(&["gen"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "warning[path-parameter-required]: path parameter `id` is not marked `required: true`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("specs/dynatrace-cluster.yaml"), "{stderr}");
    assert!(dir.path().join("clients/gcore-iam/README.md").exists());
    let out = xtask(&["gen", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// `--deny-warnings`: each warning printed as an error, nothing written or
/// compared, exit 2; with `gen`, `gen --check` and `gen --spec … --out …`.
#[test]
fn denied_warnings_exit_2_and_write_nothing() {
    let dir = workspace_with_a_warning();
    // Drift that `gen` would fix and `--check` would show.
    std::fs::remove_file(dir.path().join("clients/gcore-iam/README.md")).unwrap();
    let before = snapshot(dir.path());

    for args in [
        &["gen", "--deny-warnings"][..],
        &["gen", "--check", "--deny-warnings"],
        &["gen", "dynatrace-cluster", "gcore-iam", "--deny-warnings"],
    ] {
        let out = xtask(args, dir.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(
                "error[path-parameter-required]: path parameter `id` is not marked `required: true`"
            ),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("warning["), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: 1 warning(s) denied by --deny-warnings; nothing was written"),
            "{args:?}: {stderr}"
        );
        assert_eq!(text(&out.stdout), "", "{args:?}: printed a diff");
        assert_eq!(snapshot(dir.path()), before, "{args:?}: wrote something");
    }

    // Without warnings, the flag changes nothing.
    let out = xtask(
        &["gen", "netbird", "--check", "--deny-warnings"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out_dir = dir.path().join("standalone");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--deny-warnings", "--spec"])
        .arg(dir.path().join("specs/dynatrace-cluster.yaml"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("error[path-parameter-required]"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_dir.exists());
}

/// A write that fails after other files were already written: exit 2, the file
/// named, and every file byte-identical. `clients/zzz` is a regular file, so the
/// client `zzz` cannot be written there (not even by root); `netbird`'s new
/// files come first and are already written, beside their targets, when it fails.
/// (A failure after files were renamed into place is tested in `codegen::write`.)
#[test]
fn a_failed_write_exits_2_and_changes_no_file() {
    let dir = copy_workspace();
    let netbird = dir.path().join("specs/netbird.json");
    let spec = std::fs::read_to_string(&netbird).unwrap();
    std::fs::write(
        &netbird,
        spec.replace("Delete a token for a user", "Changed description"),
    )
    .unwrap();
    std::fs::copy(
        dir.path().join("specs/gcore-iam.yaml"),
        dir.path().join("specs/zzz.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("clients/zzz"), "not a folder\n").unwrap();
    let before = snapshot(dir.path());

    let out = xtask(&["gen", "netbird", "zzz"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: cannot write `"), "{stderr}");
    assert!(stderr.contains("clients/zzz"), "{stderr}");
    assert_eq!(snapshot(dir.path()), before);

    // The same with a standalone crate whose folder is a file.
    let out_file = dir.path().join("clients/zzz");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--spec"])
        .arg(dir.path().join("specs/zzz.yaml"))
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn only_named_clients_are_regenerated() {
    let dir = copy_workspace();
    std::fs::remove_file(dir.path().join("clients/netbird/README.md")).unwrap();
    std::fs::remove_file(dir.path().join("clients/gcore-iam/README.md")).unwrap();
    let out = xtask(&["gen", "netbird"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("clients/netbird/README.md").exists());
    assert!(!dir.path().join("clients/gcore-iam/README.md").exists());
}

#[test]
fn a_bad_standalone_spec_exits_2_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: [not, a, mapping]\npaths: {}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // An error about `info` in this file, whatever its code and the layout of the rendering.
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("error["), "{stderr}");
    assert!(stderr.contains("broken.yaml"), "{stderr}");
    assert!(stderr.contains("#/info"), "{stderr}");
    assert!(!out_dir.exists());
}

/// `--spec … --out …` makes a crate that builds on its own, outside this workspace.
#[test]
fn a_standalone_crate_builds_outside_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("try-netbird");
    let spec = repo().join("specs/netbird.json");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out_dir)
        .args(["--name", "netbird-try"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"netbird-try\""), "{manifest}");
    assert!(
        manifest.contains("progenitor-client = \"=0.15.1\""),
        "{manifest}"
    );
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    assert!(!manifest.contains("workspace = true"), "{manifest}");
    // The runtime comes with it, as a path dependency on its own copy.
    assert!(
        manifest.contains("client-runtime = { path = \"runtime\" }"),
        "{manifest}"
    );
    let runtime = std::fs::read_to_string(out_dir.join("runtime/Cargo.toml")).unwrap();
    assert!(runtime.contains("name = \"client-runtime\""), "{runtime}");
    assert!(out_dir.join("runtime/src/lib.rs").is_file());

    // Share this build's target folder so the dependencies are not built again.
    let target = repo().join("target").join("standalone-check");
    let check = |features: &[&str]| {
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["check", "--quiet", "--offline"])
            .args(features)
            .current_dir(&out_dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .unwrap()
    };
    let build = check(&[]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    // Its typed mocks, and the runtime's copy of what they are built of, build too.
    assert!(
        manifest.contains(
            "[features]\ntracing = [\"client-runtime/tracing\"]\nmock = [\"client-runtime/mock\"]"
        ),
        "{manifest}"
    );
    assert!(runtime.contains("mock = [\"dep:wiremock\"]"), "{runtime}");
    let mocks = check(&["--features", "mock"]);
    assert!(mocks.status.success(), "{}", text(&mocks.stderr));
}
