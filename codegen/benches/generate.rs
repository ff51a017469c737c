//! How long generating a client from the largest published document takes, against stock
//! progenitor on the same document in the same run.
//!
//! `cargo bench -p codegen --bench generate` reads `../shared/real-specs/oxide-nexus.json`
//! (315 operations; the bench says it was skipped where the folder is missing) and times, each
//! `RUNS` times, after one warm-up:
//!
//! - **stock progenitor**: parse the JSON into `openapiv3`, `generate_tokens` with default
//!   settings, print with prettyplease: what a user of progenitor alone runs;
//! - **this generator**: `codegen::client_from_file` (load with the source map, normalize,
//!   validate, progenitor, every pass) and `codegen::format`: what `cargo xtask gen` runs per
//!   spec, less writing the files.
//!
//! It prints a table of the median and fastest times; `codegen/benches/RESULTS.md` keeps the
//! figures with the machine they were measured on.

use std::path::Path;
use std::time::{Duration, Instant};

use progenitor_impl::{GenerationSettings, Generator};

const RUNS: usize = 7;

fn stock(bytes: &[u8]) -> usize {
    let spec: openapiv3::OpenAPI = serde_json::from_slice(bytes).expect("Nexus parses");
    let tokens = Generator::new(&GenerationSettings::default())
        .generate_tokens(&spec)
        .expect("stock progenitor generates Nexus");
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output parses");
    prettyplease::unparse(&file).len()
}

fn ours(path: &Path) -> usize {
    let client = codegen::client_from_file(path).expect("this generator generates Nexus");
    client.code().len()
}

/// Runs `f` on a thread with a large stack (typify recurses deeply), `RUNS` times after a
/// warm-up; returns the sorted times and the output size.
fn time(f: impl Fn() -> usize + Send + Sync) -> (Vec<Duration>, usize) {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn_scoped(scope, || {
                let size = f();
                let mut times: Vec<Duration> = (0..RUNS)
                    .map(|_| {
                        let start = Instant::now();
                        std::hint::black_box(f());
                        start.elapsed()
                    })
                    .collect();
                times.sort();
                (times, size)
            })
            .expect("a thread")
            .join()
            .expect("no panic")
    })
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/real-specs/oxide-nexus.json");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} is missing", path.display());
        return;
    };
    let (baseline, baseline_size) = time(|| stock(&bytes));
    let (mine, mine_size) = time(|| ours(&path));
    let median = |t: &[Duration]| t[t.len() / 2];
    println!("Nexus (oxide-nexus.json, 315 operations), {RUNS} runs each after a warm-up\n");
    println!("| pipeline | median | fastest | output |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| stock progenitor 0.15.1 (parse, generate_tokens, prettyplease) | {} | {} | {} KiB |",
        ms(median(&baseline)),
        ms(baseline[0]),
        baseline_size / 1024
    );
    println!(
        "| this generator (load, normalize, validate, progenitor, passes, prettyplease) | {} | {} | {} KiB |",
        ms(median(&mine)),
        ms(mine[0]),
        mine_size / 1024
    );
    println!(
        "\nthis generator / stock: {:.2}× (median)",
        median(&mine).as_secs_f64() / median(&baseline).as_secs_f64()
    );
}
