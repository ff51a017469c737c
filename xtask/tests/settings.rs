//! Settings files through `cargo xtask gen`: `--settings FILE` for a standalone crate, and
//! `specs/<name>.toml` beside a workspace spec; a bad settings file fails with every problem
//! placed at its line and column, and nothing is written.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{copy_workspace, snapshot, text, xtask};

/// `cargo xtask gen --spec SPEC --out OUT --settings SETTINGS`.
fn gen_standalone(spec: &Path, out: &Path, settings: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .arg("--settings")
        .arg(settings)
        .output()
        .unwrap()
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

const SETTINGS: &str = r#"[package]
name = "netbird-tokens"
version = "0.4.0"
description = "Delete NetBird personal access tokens"
keywords = ["netbird", "tokens"]
categories = ["api-bindings"]

[interface]
style = "builder"

[methods.rename]
delete_token = "revoke_token"
"#;

#[test]
fn a_standalone_crate_takes_its_settings() {
    let dir = copy_workspace();
    let root = dir.path();
    let settings = root.join("netbird.toml");
    std::fs::write(&settings, SETTINGS).unwrap();
    let out_dir = root.join("try-netbird");
    let out = gen_standalone(&root.join("specs/netbird.json"), &out_dir, &settings);
    assert_exit(&out, 0);

    let manifest = std::fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    for line in [
        "name = \"netbird-tokens\"",
        "version = \"0.4.0\"",
        "description = \"Delete NetBird personal access tokens\"",
        "keywords = [\"netbird\", \"tokens\"]",
        "categories = [\"api-bindings\"]",
    ] {
        assert!(
            manifest.contains(&format!("\n{line}\n")),
            "{line} in\n{manifest}"
        );
    }
    assert!(
        manifest.contains(&format!("--settings {}", settings.display())),
        "the header names the command with its settings:\n{manifest}"
    );
    let code = std::fs::read_to_string(out_dir.join("src/generated.rs")).unwrap();
    assert!(
        code.contains("pub fn revoke_token(&self) -> builder::RevokeToken<'_>"),
        "{code}"
    );
    assert!(code.contains("pub mod builder"), "{code}");
    let readme = std::fs::read_to_string(out_dir.join("README.md")).unwrap();
    assert!(
        readme.contains(
            "let response = client.revoke_token().user_id(\"user-id\").token_id(\"token-id\").send().await?;"
        ),
        "{readme}"
    );

    // Again: nothing changes.
    let before = snapshot(&out_dir);
    assert_exit(
        &gen_standalone(&root.join("specs/netbird.json"), &out_dir, &settings),
        0,
    );
    assert_eq!(snapshot(&out_dir), before);
}

#[test]
fn a_bad_settings_file_is_reported_at_its_places_and_nothing_is_written() {
    let dir = copy_workspace();
    let root = dir.path();
    let settings = root.join("bad.toml");
    std::fs::write(
        &settings,
        "[package]\nname = \"9\"\n\n[interface]\nstyle = \"fluent\"\nsyle = 1\n",
    )
    .unwrap();
    let out_dir = root.join("try-netbird");
    let out = gen_standalone(&root.join("specs/netbird.json"), &out_dir, &settings);
    assert_exit(&out, 2);
    let stderr = text(&out.stderr);
    let file = settings.display();
    for place in [
        format!("--> {file}:2:8\n"),
        format!("--> {file}:5:9\n"),
        format!("--> {file}:6:1\n"),
    ] {
        assert!(stderr.contains(&place), "{place} in\n{stderr}");
    }
    assert!(stderr.contains("= at: package.name"), "{stderr}");
    assert!(
        stderr.contains("error[unknown-key]: `syle` is not a key of `[interface]`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out_dir.exists(), "nothing is written");

    // A rename of an operation the spec does not have: placed in the settings file.
    std::fs::write(&settings, "[methods.rename]\nremoveToken = \"x\"\n").unwrap();
    let out = gen_standalone(&root.join("specs/netbird.json"), &out_dir, &settings);
    assert_exit(&out, 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[unknown-operation]: `removeToken` names no operation of the spec")
            && stderr.contains(&format!("--> {file}:2:1\n")),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing is written");
}

#[test]
fn a_spec_of_the_workspace_takes_the_settings_file_beside_it() {
    let dir = copy_workspace();
    let root = dir.path();
    // `upstream.toml` is `cargo xtask upstream`'s manifest, not a spec's settings.
    assert!(root.join("specs/upstream.toml").is_file());
    let settings = root.join("specs/dynatrace-cluster.toml");
    let mut text_before = std::fs::read_to_string(&settings).unwrap_or_default();
    text_before.push_str("\n[types]\nderives = [\"PartialEq\"]\n");
    std::fs::write(&settings, &text_before).unwrap();
    let out = xtask(&["gen", "dynatrace-cluster"], root);
    assert_exit(&out, 0);
    let code =
        std::fs::read_to_string(root.join("clients/dynatrace-cluster/src/generated.rs")).unwrap();
    assert!(
        code.contains("Clone, Debug, Default, PartialEq)]"),
        "{code}"
    );

    // `package.version` raises the crate's version; the next runs keep it.
    let text_before = text_before.replacen("[package]\n", "[package]\nversion = \"0.5.0\"\n", 1);
    std::fs::write(&settings, &text_before).unwrap();
    assert_exit(&xtask(&["gen", "dynatrace-cluster"], root), 0);
    let manifest =
        std::fs::read_to_string(root.join("clients/dynatrace-cluster/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"0.5.0\"\n"), "{manifest}");
    assert_exit(&xtask(&["gen", "--check"], root), 0);

    // A problem in it stops every client, and nothing is written.
    std::fs::write(&settings, "[types]\nderives = 3\n").unwrap();
    let before = snapshot(&root.join("clients"));
    let out = xtask(&["gen"], root);
    assert_exit(&out, 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "error[wrong-type]: `types.derives` must be an array of strings, not an integer"
        ) && stderr.contains("--> specs/dynatrace-cluster.toml:2:11"),
        "{stderr}"
    );
    assert_eq!(snapshot(&root.join("clients")), before);

    // What only the spec tells is placed in the settings file too, named as the workspace names it.
    std::fs::write(
        &settings,
        "[types.replace]\nErrorEnvelop = \"::uuid::Uuid\"\n",
    )
    .unwrap();
    let out = xtask(&["gen"], root);
    assert_exit(&out, 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[unknown-schema]: `ErrorEnvelop` is not a schema of the spec")
            && stderr.contains(" --> specs/dynatrace-cluster.toml:2:1\n")
            && stderr.contains("did you mean `ErrorEnvelope`?"),
        "{stderr}"
    );
    assert_eq!(snapshot(&root.join("clients")), before);
}
