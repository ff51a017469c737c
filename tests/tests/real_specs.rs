//! The NetBird and InfluxDB management clients, generated from their published documents in
//! `../shared/real-specs/` as `cargo xtask gen --spec FILE --out DIR` makes them, used over a
//! real socket (`tests/real-specs/*.rs`, run inside the generated crates). That every published
//! document there (and in `corpus/`) gives a client that compiles is `cargo xtask corpus`'s
//! check, with its table in `tests/real-specs/README.md`.
//!
//! Where `../shared/real-specs/` is missing (it is not part of this repository), the test says
//! it was skipped.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::{Mode, sync};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The documents that need `--lenient`, and why.
const LENIENT: &[(&str, &str)] = &[(
    "netbird-management-openapi.yml",
    "path parameter `country` of `GET /api/locations/countries/{country}/cities` is an object (`Country`); sent as a string",
)];

/// The documents whose clients are used over a real socket: the test file for each.
const LOOPBACK: &[(&str, &str)] = &[
    (
        "netbird-management-openapi.yml",
        "tests/real-specs/netbird.rs",
    ),
    (
        "influxdb3-cloud-dedicated-management-openapi.yml",
        "tests/real-specs/influxdb.rs",
    ),
];

fn real_specs() -> PathBuf {
    root().join("..").join("shared").join("real-specs")
}

/// `cargo` with the generated crates' own target folder (shared between runs, so that the
/// dependencies are built once) and warnings denied.
fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target").join("real-specs"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}

#[test]
fn published_clients_work_over_a_real_socket() {
    let dir = real_specs();
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is missing, so no published document was generated",
            dir.display()
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, test) in LOOPBACK {
        let file = dir.join(name);
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let settings = codegen::Settings {
            lenient: LENIENT.iter().any(|(n, _)| n == name),
            ..codegen::Settings::default()
        };
        let crate_dir = out.path().join(&stem);
        let plan = match codegen::workspace::standalone(
            &file,
            &crate_dir,
            Some(&format!("real-{stem}")),
            None,
            &settings,
        ) {
            Ok(plan) => plan,
            Err(e) => {
                failures.push(format!("{name}: does not generate:\n{e}"));
                continue;
            }
        };
        sync(&crate_dir, &plan.files, Mode::Write).unwrap();
        // The loopback server, not the `tests` crate: that one depends on the workspace's
        // runtime, which the standalone crate has a copy of.
        let server_crate = root().join("tests/recording-server");
        let manifest = crate_dir.join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        // The `[workspace]` table stays last; the test's dependencies go before it.
        let dev = format!(
            "\n[dev-dependencies]\nrecording-server = {{ path = {:?} }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            server_crate.display().to_string()
        );
        text = text.replace("\n[workspace]", &format!("{dev}\n[workspace]"));
        std::fs::write(&manifest, text).unwrap();
        std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
        std::fs::copy(root().join(test), crate_dir.join("tests/loopback.rs")).unwrap();
        let run = cargo(&crate_dir, &["test", "--quiet", "--test", "loopback"]);
        if !run.status.success() {
            failures.push(format!(
                "{name}: the client or its loopback tests fail:\n{}{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
