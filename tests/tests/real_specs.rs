//! Every published document in `../shared/real-specs/` (see its README) generates a client
//! crate that compiles with warnings denied, as `cargo xtask gen --spec FILE --out DIR` would
//! make it; the NetBird and InfluxDB management clients are also used over a real socket
//! (`tests/real-specs/*.rs`, run inside the generated crates). The table of operations,
//! warnings and results is `tests/real-specs/README.md`, compared like a snapshot.
//!
//! Where `../shared/real-specs/` is missing (it is not part of this repository), the test says
//! it was skipped.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod snapshots;

use codegen::write::{Mode, sync};
use snapshots::{check_or_update, root};

/// The command that rewrites the table.
const UPDATE: &str = "UPDATE_SNAPSHOTS=1 cargo test -p tests --test real_specs";

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
fn every_published_document_generates_a_client_that_compiles() {
    let dir = real_specs();
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is missing, so no published document was generated",
            dir.display()
        );
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // Documents only: `corpus/` and other folders hold documents of their own.
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    let out = tempfile::tempdir().unwrap();
    let mut table = String::new();
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let lenient = LENIENT.iter().find(|(n, _)| *n == name);
        let settings = codegen::Settings {
            lenient: lenient.is_some(),
        };
        let crate_dir = out.path().join(&stem);
        let plan = match codegen::workspace::standalone(
            file,
            &crate_dir,
            Some(&format!("real-{stem}")),
            &settings,
        ) {
            Ok(plan) => plan,
            Err(e) => {
                failures.push(format!("{name}: does not generate:\n{e}"));
                continue;
            }
        };
        let operations = plan
            .files
            .files
            .get(Path::new("src/generated.rs"))
            .map_or(0, |code| code.matches("pub async fn ").count());
        let mut warnings: BTreeMap<&str, usize> = BTreeMap::new();
        for warning in &plan.warnings {
            *warnings.entry(warning.code).or_default() += 1;
        }
        sync(&crate_dir, &plan.files, Mode::Write).unwrap();

        let loopback = LOOPBACK.iter().find(|(n, _)| *n == name);
        let result = match loopback {
            Some((_, test)) => {
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
                if run.status.success() {
                    let passed = String::from_utf8_lossy(&run.stdout)
                        .lines()
                        .filter_map(|l| l.strip_prefix("test result: ok. "))
                        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
                        .sum::<usize>();
                    format!("compiles; {passed} loopback tests pass (`{test}`)")
                } else {
                    failures.push(format!(
                        "{name}: the client or its loopback tests fail:\n{}{}",
                        String::from_utf8_lossy(&run.stdout),
                        String::from_utf8_lossy(&run.stderr)
                    ));
                    "fails".to_string()
                }
            }
            None => {
                let check = cargo(&crate_dir, &["check", "--quiet"]);
                if check.status.success() {
                    "compiles".to_string()
                } else {
                    failures.push(format!(
                        "{name}: the client does not compile:\n{}",
                        String::from_utf8_lossy(&check.stderr)
                    ));
                    "fails".to_string()
                }
            }
        };
        let warnings = if warnings.is_empty() {
            "none".to_string()
        } else {
            warnings
                .iter()
                .map(|(code, n)| format!("`{code}` ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mode = match lenient {
            Some((_, why)) => format!("`--lenient`: {why}"),
            None => "default".to_string(),
        };
        let _ = writeln!(
            table,
            "| `{name}` | {operations} | {warnings} | {mode} | {result} |"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    let readme = format!(
        "<!-- @generated by `{UPDATE}`. Do not edit by hand. -->\n\n\
         # Published documents\n\n\
         What the generator makes of each published document in `../shared/real-specs/` (see its \
         README for the sources), as `cargo xtask gen --spec FILE --out DIR` would, checked by \
         `tests/tests/real_specs.rs`: every client compiles with warnings denied, and the NetBird \
         and InfluxDB management clients are used over a real socket by the files beside this one.\n\n\
         | document | operations | warnings | mode | result |\n\
         | --- | --- | --- | --- | --- |\n{table}"
    );
    let files = BTreeMap::from([(PathBuf::from("tests/real-specs/README.md"), readme)]);
    // The loopback files are inputs, not output: they stay.
    let mut owned = files.clone();
    for (_, test) in LOOPBACK {
        owned.insert(
            PathBuf::from(test),
            std::fs::read_to_string(root().join(test)).unwrap(),
        );
    }
    if let Some(report) = check_or_update(
        owned,
        "tests/real-specs",
        "the table of published documents differs from what the generator makes of them",
        UPDATE,
    ) {
        panic!("{report}");
    }
}
