//! What the fuzz targets share: the generator pipeline they drive, and the
//! specs of `specs/` built in as starting points.
//!
//! Every stage may return an error: a spec that is refused is a correct
//! outcome. The bugs are panics, hangs, stack overflows and runaway memory,
//! which libFuzzer reports as crashes.

pub mod mutate;

use std::path::Path;

use codegen::emit::{CrateSpec, Layout};
use serde_json::Value;

/// One of the real specs in `specs/`, as committed.
#[derive(Clone, Copy, Debug)]
pub struct Seed {
    /// The file name, whose extension decides the format.
    pub name: &'static str,
    /// The file's content.
    pub text: &'static str,
}

/// The four specs in `specs/`, built into the fuzzers so a run needs no files.
pub const SEEDS: [Seed; 4] = [
    Seed {
        name: "dynatrace-cluster.yaml",
        text: include_str!("../../specs/dynatrace-cluster.yaml"),
    },
    Seed {
        name: "gcore-iam.yaml",
        text: include_str!("../../specs/gcore-iam.yaml"),
    },
    Seed {
        name: "influxdb-cloud-dedicated.yaml",
        text: include_str!("../../specs/influxdb-cloud-dedicated.yaml"),
    },
    Seed {
        name: "netbird.json",
        text: include_str!("../../specs/netbird.json"),
    },
];

/// How far the pipeline got with one input; the targets ignore it, the
/// reproduction helpers print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `load::parse` refused the bytes.
    NotLoaded,
    /// `client_from_value` (normalize, validate, progenitor, passes) refused the document.
    NotGenerated,
    /// `emit` refused the client.
    NotEmitted,
    /// Every stage succeeded.
    Emitted,
}

/// The crate description used for every emitted client, as `cargo xtask gen
/// --spec … --out …` builds it for a standalone crate (or as the workspace
/// layout does, when `layout` says so).
pub fn crate_spec(path: &Path, layout: Layout) -> CrateSpec {
    CrateSpec {
        name: "fuzz-client".to_string(),
        spec_label: path.display().to_string(),
        command: format!(
            "cargo xtask gen --spec {} --out fuzz-client",
            path.display()
        ),
        layout,
        version: codegen::version::Version::INITIAL,
        examples: Vec::new(),
        package: codegen::settings::Package::default(),
    }
}

/// Runs the whole pipeline on a file's bytes: `load::parse`, then
/// [`run_value`] on what it loaded.
pub fn run_bytes(path: &Path, bytes: &[u8], layout: Layout) -> Outcome {
    match codegen::load::parse(path, bytes) {
        Ok(source) => run_value(path, source.value, layout),
        Err(_) => Outcome::NotLoaded,
    }
}

/// Runs the pipeline from a parsed document: `client_from_value` (normalize,
/// validate, progenitor, passes), then `emit` (format, `Cargo.toml`, README).
pub fn run_value(path: &Path, document: Value, layout: Layout) -> Outcome {
    let Ok(client) = codegen::client_from_value(path, document) else {
        return Outcome::NotGenerated;
    };
    match codegen::emit::emit(&client, &crate_spec(path, layout)) {
        Ok(_) => Outcome::Emitted,
        Err(_) => Outcome::NotEmitted,
    }
}

/// Compares the seed with its mutation as `cargo xtask diff` does, and panics (a finding) when
/// the report breaks its promises: a change of a rule the table does not have, a change at a
/// worse level than its rule's crate effect allows, or a document that differs from itself.
pub fn check_diff(original: &Value, mutated: &Value) {
    let report = codegen::diff::compare(original, mutated);
    for change in &report.changes {
        let rule = codegen::diff::rules::get(change.id)
            .unwrap_or_else(|| panic!("a change of no rule: {change:?}"));
        assert_eq!(change.level, rule.level, "{change:?}");
        assert!(change.krate.semver >= rule.semver, "{change:?}");
    }
    let same = codegen::diff::compare(mutated, mutated);
    assert!(
        same.is_empty(),
        "a document differs from itself: {:?}",
        same.changes
    );
}

/// The environment variable that makes `mutate_specs` save the document it
/// built: set it to a file path when reproducing a crash (see `fuzz/README.md`).
pub const DUMP_VARIABLE: &str = "CODEGEN_FUZZ_DUMP";

/// When [`DUMP_VARIABLE`] is set, writes the mutated document there as pretty
/// JSON (a spec file a person can read and the tests can load) and prints the
/// mutations applied to stderr. Does nothing otherwise.
pub fn dump_if_asked(mutated: &mutate::Mutated) {
    let Some(target) = std::env::var_os(DUMP_VARIABLE) else {
        return;
    };
    eprintln!("seed: specs/{}", mutated.seed.name);
    for line in &mutated.log {
        eprintln!("  {line}");
    }
    match serde_json::to_string_pretty(&mutated.document) {
        Ok(text) => {
            if let Err(e) = std::fs::write(&target, text + "\n") {
                eprintln!("cannot write {}: {e}", Path::new(&target).display());
            }
        }
        Err(e) => eprintln!("cannot serialize the document: {e}"),
    }
}

/// The environment variable that lists panics to let through instead of
/// reporting them as crashes: `|`-separated substrings of
/// `file:line:column: message` (for example `convert.rs:1363` or
/// `is missing`). Meant for a known, recurring crash class that keeps the
/// fuzzer from going further; unset, every panic is a crash.
pub const IGNORE_VARIABLE: &str = "CODEGEN_FUZZ_IGNORE_PANICS";

/// Puts a filter in front of libFuzzer's panic hook (which aborts on every
/// panic, even one caught later), once per process. A panic matching
/// [`IGNORE_VARIABLE`] is let through silently: it unwinds as without the
/// fuzzer, so a progenitor panic becomes codegen's `Error::Generate`. Any
/// other panic goes to libFuzzer's hook and is a crash. Does nothing when the
/// variable is unset or empty. Call it at the start of every input: the first
/// call must come after libFuzzer installed its hook.
pub fn install_panic_filter() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(list) = std::env::var(IGNORE_VARIABLE) else {
            return;
        };
        let patterns: Vec<String> = list
            .split('|')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if patterns.is_empty() {
            return;
        }
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("");
            let place = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let text = format!("{place}: {message}");
            if !patterns.iter().any(|p| text.contains(p.as_str())) {
                fuzzer_hook(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds are real specs: each must go through the whole pipeline, or
    /// the fuzzers would start from inputs that stop early.
    #[test]
    fn every_seed_is_emitted() {
        for seed in SEEDS {
            let path = Path::new("specs").join(seed.name);
            for layout in [Layout::Standalone, Layout::Workspace] {
                assert_eq!(
                    run_bytes(&path, seed.text.as_bytes(), layout),
                    Outcome::Emitted,
                    "{}",
                    seed.name
                );
            }
        }
    }

    /// Mutations are deterministic and bounded, whatever the bytes.
    #[test]
    fn mutations_are_deterministic() {
        let data: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for start in 0..32 {
            let mut first = arbitrary::Unstructured::new(&data[start..]);
            let mut second = arbitrary::Unstructured::new(&data[start..]);
            let a = mutate::mutated_document(&mut first);
            let b = mutate::mutated_document(&mut second);
            let (Ok(Some(a)), Ok(Some(b))) = (a, b) else {
                continue;
            };
            assert_eq!(a.document, b.document);
            assert_eq!(a.log, b.log);
            assert!(!a.log.is_empty());
        }
    }
}
