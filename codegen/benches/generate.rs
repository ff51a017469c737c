//! Time and peak memory of generating a client, this generator against stock progenitor, in one
//! run of one process.
//!
//! `cargo bench -p codegen --bench generate` (release) measures both pipelines on:
//!
//! - (a) Oxide's Nexus document, `../shared/real-specs/oxide-nexus.json` (OpenAPI 3.0.3): both
//!   sides read the file as it is;
//! - (b) the largest document in `../shared/real-specs/corpus/`, chosen by file size when the
//!   bench runs (today growthbook-rest.yaml, OpenAPI 3.1 in YAML, whose responses often lack
//!   the `description` OpenAPI requires: this generator reads a copy repaired by [`repair`]).
//!   Stock progenitor reads only OpenAPI 3.0, so the comparison is on the same API in the form
//!   it reads: the 3.0 document this generator's front end (`codegen::load`,
//!   `codegen::normalize`) makes of it, written once as JSON before any timing, read by both
//!   sides; a row above it times this generator alone on the document as published;
//! - (c) synthetic OpenAPI 3.0.3 documents of 500, 2,000 and 8,000 operations built here
//!   ([`synthetic`]), the same bytes for both sides, to show whether time and memory grow
//!   linearly with the number of operations.
//!
//! The two pipelines, from a file on disk to formatted Rust source:
//!
//! - **stock progenitor** ([`stock`]): read the bytes, parse them into `openapiv3` (serde_json or
//!   serde_yaml), `Generator::generate_tokens` with default settings, `syn::parse2`,
//!   prettyplease: what a user of progenitor alone runs;
//! - **this generator** ([`ours`]): `codegen::client_from_file` (load, normalize, validate,
//!   progenitor, every pass, printing): what `cargo xtask gen` runs per spec, less writing the
//!   files.
//!
//! Time: each measured run is one call on a fresh thread with a 512 MiB stack (typify recurses
//! deeply), in this process. After one warm-up of each, the sides alternate (stock, ours, stock,
//! ours, …) so that drift hits both; the time is the wall time of the call. A panic (stock
//! progenitor panics on much of what real documents contain) is caught and reported as a
//! failure of that side.
//!
//! Peak memory: each side runs once more per sample in a fresh process, this bench itself run
//! again as `generate --peak <stock|ours> <file>`, which prints the most memory the process
//! held resident during the call (`VmHWM` of `/proc/self/status`) above what it held before
//! (`VmRSS`): the operating system's own accounting, allocator and all, as a user of either
//! generator would see it, unaffected by what an earlier run left in the allocator.
//!
//! `BENCH_RUNS=N` sets the number of timed runs per side and input; by default 7, and fewer for
//! the larger synthetic documents. Where `../shared/real-specs` is missing, (a) and (b) are
//! reported as skipped and (c) still runs. The output is markdown, with the machine, to paste
//! into `codegen/benches/RESULTS.md`.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use progenitor_impl::{GenerationSettings, Generator};
use serde_json::{Value, json};

/// The stack of every measured run: typify recurses once per level of schema nesting.
const STACK_SIZE: usize = 512 << 20;

/// The sizes, in operations, of the synthetic documents; and the default number of timed runs
/// of each side on each.
const SYNTHETIC: [(usize, usize); 3] = [(500, 7), (2_000, 5), (8_000, 3)];

/// The default number of timed runs of each side on a real document.
const RUNS: usize = 7;

// The two pipelines. Every call into `codegen` is in `ours` and `front_end`, so that a change of
// the library's API touches those two functions only.

/// Stock progenitor on the document at `path`: the length of the formatted code.
fn stock(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("the document is readable");
    let spec: openapiv3::OpenAPI = if is_yaml(path) {
        serde_yaml::from_slice(&bytes).expect("openapiv3 reads the YAML document")
    } else {
        serde_json::from_slice(&bytes).expect("openapiv3 reads the JSON document")
    };
    let tokens = Generator::new(&GenerationSettings::default())
        .generate_tokens(&spec)
        .expect("stock progenitor generates the document");
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output parses");
    prettyplease::unparse(&file).len()
}

/// This generator on the document at `path`: the length of the formatted code.
fn ours(path: &Path) -> usize {
    let client = codegen::client_from_file(path)
        .unwrap_or_else(|e| panic!("this generator refuses the document: {e}"));
    client.code().len()
}

/// The OpenAPI 3.0 document this generator's front end makes of the document at `path` (load,
/// then normalize: 3.1 rewritten as 3.0, path items inlined, path parameters required), as
/// JSON: the same API in the only form stock progenitor reads.
fn front_end(path: &Path) -> Result<Vec<u8>, String> {
    let source = codegen::load::load(path).map_err(|e| first_line(&e.to_string()))?;
    let mut diagnostics = codegen::Diagnostics::new(path);
    let spec = codegen::normalize::normalize(source.value, &mut diagnostics);
    // The warnings do not matter here, only the document.
    let _ = diagnostics.finish();
    let spec = spec.ok_or("the front end cannot read it as OpenAPI 3.0 or 3.1")?;
    serde_json::to_vec(&spec).map_err(|e| e.to_string())
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "YAML" | "YML")
    )
}

// Measuring.

/// One measured call.
#[derive(Clone, Copy)]
struct Sample {
    time: Duration,
    /// The length of the formatted code.
    output: usize,
}

/// Runs `f` once on a fresh thread with a large stack; a panic is caught and becomes its message.
fn measure(f: &(dyn Fn() -> usize + Sync)) -> Result<Sample, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("measured".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || {
                let began = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(f));
                let time = began.elapsed();
                outcome
                    .map(|output| Sample { time, output })
                    .map_err(|panic| {
                        let message = panic
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or_else(|| panic.downcast_ref::<&str>().copied())
                            .unwrap_or("unknown panic");
                        first_line(message)
                    })
            })
            .expect("a thread with a large stack")
            .join()
            .expect("the measuring thread catches panics")
    })
}

/// The measured runs of one side: its timed calls, and the peak memory of its runs in fresh
/// processes.
struct Side {
    samples: Vec<Sample>,
    peaks: Vec<usize>,
}

/// One side's measurements, or why it failed.
type Outcome = Result<Side, String>;

/// How many fresh processes measure each side's peak memory on each input.
const MEMORY_RUNS: usize = 3;

/// One warm-up of each side, then `runs` timed runs of each, alternating; then the peak memory
/// of each in fresh processes. A side with no input (the reason given instead) or that fails is
/// not run again.
fn compare(
    stock_input: Result<&Path, String>,
    ours_input: &Path,
    runs: usize,
) -> (Outcome, Outcome) {
    let stock_run = || stock_input.as_ref().map_or(0, |path| stock(path));
    let ours_run = || ours(ours_input);
    let fresh = |_| Side {
        samples: Vec::new(),
        peaks: Vec::new(),
    };
    let mut stock_outcome = stock_input
        .clone()
        .and_then(|_| measure(&stock_run))
        .map(fresh);
    let mut ours_outcome = measure(&ours_run).map(fresh);
    for _ in 0..runs {
        for (outcome, f) in [
            (
                &mut stock_outcome,
                &stock_run as &(dyn Fn() -> usize + Sync),
            ),
            (&mut ours_outcome, &ours_run),
        ] {
            if let Ok(side) = outcome {
                match measure(f) {
                    Ok(sample) => side.samples.push(sample),
                    Err(e) => *outcome = Err(e),
                }
            }
        }
    }
    for _ in 0..MEMORY_RUNS.min(runs) {
        for (outcome, which, path) in [
            (
                &mut stock_outcome,
                "stock",
                stock_input.as_ref().ok().copied(),
            ),
            (&mut ours_outcome, "ours", Some(ours_input)),
        ] {
            if let (Ok(side), Some(path)) = (outcome.as_mut(), path) {
                match peak_in_a_fresh_process(which, path) {
                    Ok(peak) => side.peaks.push(peak),
                    Err(e) => *outcome = Err(e),
                }
            }
        }
    }
    (stock_outcome, ours_outcome)
}

/// Runs side `which` on `path` once, in this bench run again as a fresh process, and returns the
/// most memory that process held resident during the call, above what it held before.
fn peak_in_a_fresh_process(which: &str, path: &Path) -> Result<usize, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the bench: {e}"))?;
    let output = std::process::Command::new(exe)
        .arg("--peak")
        .arg(which)
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run the bench again: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .map_err(|_| {
            format!(
                "the {which} run in a fresh process failed: {}",
                first_line(&String::from_utf8_lossy(&output.stderr))
            )
        })
}

/// In a fresh process (`--peak <stock|ours> <file>`): runs the side once and prints, in bytes,
/// the most memory resident during the call (`VmHWM`) above what was resident before (`VmRSS`).
fn print_peak(which: &str, path: &Path) {
    let status = |key: &str| -> usize {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|text| {
                text.lines().find_map(|l| {
                    l.strip_prefix(key)?
                        .trim()
                        .trim_end_matches(" kB")
                        .trim()
                        .parse::<usize>()
                        .ok()
                })
            })
            .map_or(0, |kb| kb * 1024)
    };
    let before = status("VmRSS:");
    let run = || match which {
        "stock" => stock(path),
        _ => ours(path),
    };
    if measure(&run).is_ok() {
        println!("{}", status("VmHWM:").saturating_sub(before));
    }
}

/// The figures of one side on one input.
struct Summary {
    median: Duration,
    fastest: Duration,
    /// Median peak, in bytes.
    peak: usize,
    output: usize,
}

fn summarize(side: &Side) -> Option<Summary> {
    let mut times: Vec<Duration> = side.samples.iter().map(|s| s.time).collect();
    let mut peaks = side.peaks.clone();
    times.sort();
    peaks.sort();
    Some(Summary {
        median: *times.get(times.len() / 2)?,
        fastest: *times.first()?,
        peak: peaks.get(peaks.len() / 2).copied().unwrap_or(0),
        output: side.samples.last()?.output,
    })
}

// The inputs.

/// One row of the results: an input, what each side read, and how each did.
struct Row {
    input: String,
    operations: usize,
    stock_read: String,
    ours_read: String,
    runs: usize,
    stock: Outcome,
    ours: Outcome,
}

impl Row {
    fn skipped(input: &str, why: String) -> Row {
        Row {
            input: input.to_string(),
            operations: 0,
            stock_read: String::new(),
            ours_read: String::new(),
            runs: 0,
            stock: Err(why.clone()),
            ours: Err(why),
        }
    }
}

/// (a): Nexus, the file as it is for both.
fn nexus(real_specs: &Path, runs: Option<usize>) -> Row {
    let path = real_specs.join("oxide-nexus.json");
    if !path.is_file() {
        return Row::skipped("Nexus", format!("skipped: {} is missing", path.display()));
    }
    let runs = runs.unwrap_or(RUNS);
    eprintln!("measuring {} ({runs} runs a side)…", path.display());
    let (stock, ours) = compare(Ok(&path), &path, runs);
    Row {
        input: "Nexus (oxide-nexus.json, OpenAPI 3.0.3)".into(),
        operations: count_operations(&path),
        stock_read: "the file as it is".into(),
        ours_read: "the file as it is".into(),
        runs,
        stock,
        ours,
    }
}

/// (b): the largest document of the corpus, as two rows. First the document as published
/// (as it is, or else repaired by [`repair`]), which only this generator reads; then the same
/// API in the one form stock progenitor reads, the OpenAPI 3.0 JSON this generator's front end
/// makes of it, read by both: the comparison.
fn largest(real_specs: &Path, dir: &Path, runs: Option<usize>) -> Vec<Row> {
    let corpus = real_specs.join("corpus");
    let largest = std::fs::read_dir(&corpus).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && (is_yaml(p)
                        || p.extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("json")))
            })
            .max_by_key(|p| p.metadata().map_or(0, |m| m.len()))
    });
    let Some(path) = largest else {
        return vec![Row::skipped(
            "largest corpus document",
            format!("skipped: no document in {}", corpus.display()),
        )];
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let size = path.metadata().map_or(0, |m| m.len());
    let input = format!("{name} ({}, largest of the corpus)", kib(size as usize));
    eprintln!("measuring {} …", path.display());

    // This generator: the file as it is, or repaired.
    let mut ours_path = path.clone();
    let mut ours_read = "the file as it is".to_string();
    if let Err(refusal) = measure(&|| ours(&path)) {
        eprintln!("  this generator refuses it as it is: {refusal}");
        let bytes = std::fs::read(&path).expect("the corpus document is readable");
        let mut document: serde_yaml::Value =
            serde_yaml::from_slice(&bytes).expect("the corpus document is YAML or JSON");
        let repaired = repair(&mut document);
        ours_path = dir.join(format!("repaired-{name}"));
        let text = if is_yaml(&path) {
            serde_yaml::to_string(&document)
                .expect("a YAML value serializes")
                .into_bytes()
        } else {
            serde_json::to_vec(&document).expect("a YAML value serializes as JSON")
        };
        std::fs::write(&ours_path, &text).expect("the temporary folder is writable");
        ours_read = format!(
            "the file with {repaired} missing response `description`s set to \"\" \
             (re-serialized by serde_yaml, {})",
            kib(text.len())
        );
    }

    let runs = runs.unwrap_or(RUNS);
    let operations = count_operations(&ours_path);
    let (_, published) = compare(
        Err("cannot read it: OpenAPI 3.1 (stock progenitor reads 3.0 only)".into()),
        &ours_path,
        runs,
    );
    let mut rows = vec![Row {
        input: format!("{input}, as published: this generator only"),
        operations,
        stock_read: "—".into(),
        ours_read,
        runs,
        stock: Err("cannot read it: OpenAPI 3.1 (stock progenitor reads 3.0 only)".into()),
        ours: published,
    }];

    // Both: the front end's OpenAPI 3.0 of the same input, as JSON.
    let json_path = dir.join("front-end.json");
    match front_end(&ours_path) {
        Ok(json) => {
            std::fs::write(&json_path, &json).expect("the temporary folder is writable");
            let read = format!(
                "the OpenAPI 3.0 JSON this generator's front end (load, normalize) makes of it ({})",
                kib(json.len())
            );
            let (stock, ours) = compare(Ok(&json_path), &json_path, runs);
            rows.push(Row {
                input: format!("{name}, as OpenAPI 3.0 JSON: both"),
                operations: count_operations(&json_path),
                stock_read: read.clone(),
                ours_read: read,
                runs,
                stock,
                ours,
            });
        }
        Err(e) => rows.push(Row::skipped(
            &format!("{name}, as OpenAPI 3.0 JSON"),
            format!("skipped: this generator's front end fails on it: {e}"),
        )),
    }
    rows
}

/// Gives every response object without a `description` (which OpenAPI requires) an empty one,
/// in the operations and in `components/responses`; returns how many it changed.
fn repair(document: &mut serde_yaml::Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    fn fill(responses: Option<&mut serde_yaml::Value>) -> usize {
        let Some(serde_yaml::Value::Mapping(responses)) = responses else {
            return 0;
        };
        let mut filled = 0;
        for response in responses.values_mut() {
            if let serde_yaml::Value::Mapping(response) = response
                && !response.contains_key("$ref")
                && !response.contains_key("description")
            {
                response.insert("description".into(), "".into());
                filled += 1;
            }
        }
        filled
    }
    let mut filled = 0;
    if let Some(serde_yaml::Value::Mapping(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            for method in METHODS {
                filled += fill(
                    item.get_mut(method)
                        .and_then(|operation| operation.get_mut("responses")),
                );
            }
        }
    }
    filled += fill(
        document
            .get_mut("components")
            .and_then(|components| components.get_mut("responses")),
    );
    filled
}

/// The number of operations in a document (either format).
fn count_operations(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("the document is readable");
    let document: Value = if is_yaml(path) {
        serde_yaml::from_slice(&bytes).expect("the document is YAML")
    } else {
        serde_json::from_slice(&bytes).expect("the document is JSON")
    };
    let Some(Value::Object(paths)) = document.get("paths") else {
        return 0;
    };
    paths
        .values()
        .filter_map(Value::as_object)
        .map(|item| {
            item.keys()
                .filter(|k| {
                    matches!(
                        k.as_str(),
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                    )
                })
                .count()
        })
        .sum()
}

/// (c): a synthetic OpenAPI 3.0.3 document of `operations` operations (a multiple of 5).
///
/// Each of `operations / 5` resources has a collection (`GET` list, with `limit`, `page_token`
/// and a `state` filter enum in the query; `POST` create, with a JSON body) and an item (`GET`,
/// `PUT` update with a JSON body, `DELETE`, by `{id}`). Each has its component schemas: the
/// resource (uuid, date-time and int64 fields, an enum, an array of strings, a map, a nested
/// object two levels deep, an array of objects, optional and required fields), its create and
/// update bodies, and a results page; every error response (404 on an item, 4XX on a collection,
/// 5XX on both) is the one shared `Error`. There is no `default` response: as in Nexus, errors
/// are given by status, since stock progenitor takes `default` for a success too and asserts
/// (`response_types.len() <= 1`) when its schema is not the success's. The document is
/// deterministic: the same bytes on every run.
fn synthetic(operations: usize) -> Vec<u8> {
    const NOUNS: [&str; 20] = [
        "project",
        "instance",
        "disk",
        "image",
        "snapshot",
        "network",
        "subnet",
        "router",
        "address",
        "certificate",
        "user",
        "group",
        "role",
        "policy",
        "bucket",
        "volume",
        "cluster",
        "node",
        "service",
        "secret",
    ];
    let error = json!({ "$ref": "#/components/schemas/Error" });
    let error_response = |what: &str| json!({ "description": what, "content": { "application/json": { "schema": error } } });
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "description": "Error information from a response.",
            "type": "object",
            "required": ["message", "request_id"],
            "properties": {
                "error_code": { "type": "string", "nullable": true },
                "message": { "type": "string" },
                "request_id": { "type": "string", "format": "uuid" }
            }
        }),
    );
    for r in 0..operations / 5 {
        let noun = NOUNS[r % NOUNS.len()];
        let snake = format!("{noun}{}", r / NOUNS.len());
        let pascal = format!(
            "{}{}",
            noun[..1].to_uppercase() + &noun[1..],
            r / NOUNS.len()
        );
        let schema =
            |suffix: &str| json!({ "$ref": format!("#/components/schemas/{pascal}{suffix}") });
        let states = json!(["creating", "running", "stopped", "failed", "destroyed"]);
        schemas.insert(
            pascal.clone(),
            json!({
                "description": format!("A {noun} (resource {r})."),
                "type": "object",
                "required": ["id", "name", "state", "time_created", "spec"],
                "properties": {
                    "id": { "type": "string", "format": "uuid", "description": "Unique identifier." },
                    "name": { "type": "string", "maxLength": 63, "pattern": "^[a-z][a-z0-9-]*$" },
                    "description": { "type": "string" },
                    "state": schema("State"),
                    "time_created": { "type": "string", "format": "date-time" },
                    "time_modified": { "type": "string", "format": "date-time" },
                    "size_bytes": { "type": "integer", "format": "int64", "minimum": 0 },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                    "spec": {
                        "type": "object",
                        "required": ["replicas"],
                        "properties": {
                            "replicas": { "type": "integer", "format": "int32", "minimum": 1 },
                            "region": { "type": "string" },
                            "settings": {
                                "type": "object",
                                "properties": {
                                    "enabled": { "type": "boolean" },
                                    "ratio": { "type": "number", "format": "double" },
                                    "mode": { "type": "string", "enum": ["fast", "safe", "balanced"] }
                                }
                            }
                        }
                    },
                    "history": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["at", "state"],
                            "properties": {
                                "at": { "type": "string", "format": "date-time" },
                                "state": schema("State"),
                                "note": { "type": "string" }
                            }
                        }
                    }
                }
            }),
        );
        schemas.insert(
            format!("{pascal}State"),
            json!({ "description": format!("The state of a {noun}."), "type": "string", "enum": states }),
        );
        schemas.insert(
            format!("{pascal}Create"),
            json!({
                "description": format!("Create-time parameters for a {noun}."),
                "type": "object",
                "required": ["name", "replicas"],
                "properties": {
                    "name": { "type": "string" },
                    "description": { "type": "string" },
                    "replicas": { "type": "integer", "format": "int32" },
                    "size_bytes": { "type": "integer", "format": "int64" },
                    "tags": { "type": "array", "items": { "type": "string" } }
                }
            }),
        );
        schemas.insert(
            format!("{pascal}Update"),
            json!({
                "description": format!("Updateable properties of a {noun}."),
                "type": "object",
                "properties": {
                    "name": { "type": "string" },
                    "description": { "type": "string", "nullable": true },
                    "labels": { "type": "object", "additionalProperties": { "type": "string" } }
                }
            }),
        );
        schemas.insert(
            format!("{pascal}ResultsPage"),
            json!({
                "description": format!("A single page of {noun}s."),
                "type": "object",
                "required": ["items"],
                "properties": {
                    "items": { "type": "array", "items": schema("") },
                    "next_page": { "type": "string", "nullable": true }
                }
            }),
        );
        let ok = |status: &str, suffix: &str| json!({ status: { "description": "successful operation", "content": { "application/json": { "schema": schema(suffix) } } } });
        let with_errors = |mut responses: Value, not_found: bool| {
            let map = responses.as_object_mut().expect("responses are an object");
            if not_found {
                map.insert("404".into(), error_response("Not found"));
            } else {
                map.insert("4XX".into(), error_response("Client error"));
            }
            map.insert("5XX".into(), error_response("Server error"));
            responses
        };
        let body = |suffix: &str| json!({ "required": true, "content": { "application/json": { "schema": schema(suffix) } } });
        let id = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } });
        paths.insert(
            format!("/v1/{snake}s"),
            json!({
                "get": {
                    "operationId": format!("{snake}_list"),
                    "summary": format!("List {noun}s"),
                    "parameters": [
                        { "name": "limit", "in": "query", "description": "Maximum number of items returned by a single call", "schema": { "type": "integer", "format": "uint32", "minimum": 1, "nullable": true } },
                        { "name": "page_token", "in": "query", "description": "Token returned by previous call to retrieve the subsequent page", "schema": { "type": "string", "nullable": true } },
                        { "name": "state", "in": "query", "description": "Only list those in this state", "schema": { "type": "string", "enum": states } }
                    ],
                    "responses": with_errors(ok("200", "ResultsPage"), false)
                },
                "post": {
                    "operationId": format!("{snake}_create"),
                    "summary": format!("Create a {noun}"),
                    "requestBody": body("Create"),
                    "responses": with_errors(ok("201", ""), false)
                }
            }),
        );
        paths.insert(
            format!("/v1/{snake}s/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("{snake}_view"),
                    "summary": format!("Fetch a {noun}"),
                    "parameters": [id],
                    "responses": with_errors(ok("200", ""), true)
                },
                "put": {
                    "operationId": format!("{snake}_update"),
                    "summary": format!("Update a {noun}"),
                    "parameters": [id],
                    "requestBody": body("Update"),
                    "responses": with_errors(ok("200", ""), true)
                },
                "delete": {
                    "operationId": format!("{snake}_delete"),
                    "summary": format!("Delete a {noun}"),
                    "parameters": [id],
                    "responses": with_errors(json!({ "204": { "description": "successful deletion" } }), true)
                }
            }),
        );
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": { "title": format!("Synthetic API, {operations} operations"), "version": "1.0.0" },
        "paths": paths,
        "components": { "schemas": schemas }
    });
    serde_json::to_vec_pretty(&document).expect("a JSON value serializes")
}

/// (c): one synthetic document, the same file for both sides.
fn synthetic_row(operations: usize, runs: usize, dir: &Path) -> Row {
    let bytes = synthetic(operations);
    let path = dir.join(format!("synthetic-{operations}.json"));
    std::fs::write(&path, &bytes).expect("the temporary folder is writable");
    eprintln!("measuring the synthetic document of {operations} operations ({runs} runs a side)…");
    let (stock, ours) = compare(Ok(&path), &path, runs);
    Row {
        input: format!("synthetic, {operations} operations (OpenAPI 3.0.3)"),
        operations,
        stock_read: format!("the generated file ({})", kib(bytes.len())),
        ours_read: "the same file".into(),
        runs,
        stock,
        ours,
    }
}

// Reporting.

fn first_line(message: &str) -> String {
    let line = message
        .lines()
        .next()
        .unwrap_or_default()
        .replace('|', "\\|");
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line
    }
}

fn kib(bytes: usize) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The machine, for the record: CPU, cores, memory, OS, rustc and the date.
fn machine() -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|rest| {
                rest.trim_start_matches([' ', '\t', ':', '='])
                    .trim_matches('"')
            })
            .unwrap_or("unknown")
            .trim()
            .to_string()
    };
    let cpuinfo = read("/proc/cpuinfo");
    let meminfo = read("/proc/meminfo");
    let memory = field(&meminfo, "MemTotal")
        .trim_end_matches(" kB")
        .parse::<f64>()
        .map_or_else(
            |_| "unknown".into(),
            |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
        );
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map_or_else(
            || "unknown".into(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_string(),
        );
    let kernel = read("/proc/sys/kernel/osrelease");
    format!(
        "CPU {}, {cores} cores, {memory} RAM; {} (Linux {}); {rustc}, release profile; {} (UTC)",
        field(&cpuinfo, "model name"),
        field(&read("/etc/os-release"), "PRETTY_NAME"),
        kernel.trim(),
        today()
    )
}

/// Today's date (UTC), from the system clock.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn report(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(
        "| input | operations | stock progenitor read | this generator read | runs a side \
         | stock time, median (fastest) | ours time, median (fastest) | time ratio \
         | stock peak MiB | ours peak MiB | memory ratio | stock output | ours output |"
            .into(),
    );
    line(
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            .into(),
    );
    for row in rows {
        let stock = row.stock.as_ref().ok().and_then(summarize);
        let ours = row.ours.as_ref().ok().and_then(summarize);
        let time = |side: &Option<Summary>, outcome: &Outcome, who: &str| match (side, outcome) {
            (Some(s), _) => format!("{} ({})", ms(s.median), ms(s.fastest)),
            (None, Err(e)) if e.starts_with("skipped") || e.starts_with("cannot read") => e.clone(),
            (None, Err(e)) => format!("**{who} fails**: {e}"),
            (None, Ok(_)) => "no runs".into(),
        };
        let peak = |side: &Option<Summary>| {
            side.as_ref()
                .map_or("—".into(), |s| format!("{:.1}", mib(s.peak)))
        };
        let output = |side: &Option<Summary>| side.as_ref().map_or("—".into(), |s| kib(s.output));
        let (time_ratio, memory_ratio) = match (&stock, &ours) {
            (Some(s), Some(o)) => (
                format!(
                    "**{:.2}×**",
                    o.median.as_secs_f64() / s.median.as_secs_f64()
                ),
                format!("**{:.2}×**", o.peak as f64 / s.peak as f64),
            ),
            _ => ("—".into(), "—".into()),
        };
        let operations = if row.operations == 0 {
            "—".into()
        } else {
            row.operations.to_string()
        };
        line(format!(
            "| {} | {operations} | {} | {} | {} | {} | {} | {time_ratio} | {} | {} | {memory_ratio} | {} | {} |",
            row.input,
            row.stock_read,
            row.ours_read,
            row.runs,
            time(&stock, &row.stock, "stock"),
            time(&ours, &row.ours, "ours"),
            peak(&stock),
            peak(&ours),
            output(&stock),
            output(&ours),
        ));
    }

    // Growth with the number of operations, on the synthetic documents.
    let synthetic: Vec<(usize, Option<Summary>, Option<Summary>)> = rows
        .iter()
        .filter(|r| r.input.starts_with("synthetic"))
        .map(|r| {
            (
                r.operations,
                r.stock.as_ref().ok().and_then(summarize),
                r.ours.as_ref().ok().and_then(summarize),
            )
        })
        .collect();
    line(String::new());
    line(
        "Growth on the synthetic documents (linear growth keeps the per-operation figures flat):"
            .into(),
    );
    line(String::new());
    line("| operations | stock µs/op | ours µs/op | time ratio | stock peak KiB/op | ours peak KiB/op | memory ratio |".into());
    line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |".into());
    let per_op = |s: &Option<Summary>, n: usize, f: &dyn Fn(&Summary) -> f64| {
        s.as_ref()
            .map_or("—".into(), |s| format!("{:.0}", f(s) / n as f64))
    };
    let micros = |s: &Summary| s.median.as_secs_f64() * 1e6;
    let kibs = |s: &Summary| s.peak as f64 / 1024.0;
    for (n, stock, ours) in &synthetic {
        let ratio = |f: &dyn Fn(&Summary) -> f64| match (stock, ours) {
            (Some(s), Some(o)) => format!("{:.2}×", f(o) / f(s)),
            _ => "—".into(),
        };
        line(format!(
            "| {n} | {} | {} | {} | {} | {} | {} |",
            per_op(stock, *n, &micros),
            per_op(ours, *n, &micros),
            ratio(&micros),
            per_op(stock, *n, &kibs),
            per_op(ours, *n, &kibs),
            ratio(&kibs),
        ));
    }
    // The exponent k of `cost ∝ operations^k` from the smallest to the largest: 1 is linear.
    if let (Some((n0, s0, o0)), Some((n1, s1, o1))) = (synthetic.first(), synthetic.last())
        && n1 > n0
    {
        let exponent =
            |a: &Option<Summary>, b: &Option<Summary>, f: &dyn Fn(&Summary) -> f64| match (a, b) {
                (Some(a), Some(b)) => {
                    format!("{:.2}", (f(b) / f(a)).ln() / (*n1 as f64 / *n0 as f64).ln())
                }
                _ => "—".into(),
            };
        line(String::new());
        line(format!(
            "Growth exponent k in cost ∝ operations^k, {n0} → {n1} operations (1.00 is linear): \
             time: stock {}, ours {}; peak memory: stock {}, ours {}.",
            exponent(s0, s1, &micros),
            exponent(o0, o1, &micros),
            exponent(s0, s1, &kibs),
            exponent(o0, o1, &kibs),
        ));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, which, path] = args.as_slice()
        && flag == "--peak"
    {
        print_peak(which, Path::new(path));
        return;
    }
    // One line per panic, not the whole of a refusal listing every problem of a document.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("  panic{at}: {}", first_line(message));
    }));
    let runs: Option<usize> = std::env::var("BENCH_RUNS").ok().map(|r| {
        r.parse()
            .ok()
            .filter(|&r| r > 0)
            .expect("BENCH_RUNS is a positive number")
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let real_specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/real-specs");
    let real_specs: PathBuf = real_specs.canonicalize().unwrap_or(real_specs);
    let began = Instant::now();

    let mut rows = Vec::new();
    if real_specs.is_dir() {
        rows.push(nexus(&real_specs, runs));
        rows.extend(largest(&real_specs, dir.path(), runs));
    } else {
        let why = format!("skipped: {} is missing", real_specs.display());
        rows.push(Row::skipped("Nexus (oxide-nexus.json)", why.clone()));
        rows.push(Row::skipped("largest corpus document", why));
    }
    for (operations, default_runs) in SYNTHETIC {
        rows.push(synthetic_row(
            operations,
            runs.unwrap_or(default_runs),
            dir.path(),
        ));
    }

    let mut out = String::new();
    let _ = writeln!(out, "\nMachine: {}\n", machine());
    out.push_str(&report(&rows));
    let _ = writeln!(
        out,
        "\nstock = progenitor-impl 0.15.1 alone (parse, generate_tokens with default settings, \
         syn::parse2, prettyplease); ours = codegen::client_from_file (load, normalize, \
         validate, progenitor, passes, prettyplease). Time: median of the timed runs in this \
         process; peak memory: median of {MEMORY_RUNS} runs, each in a fresh process, of the \
         resident memory above the process's before the call. Ratios are ours / stock. \
         The whole bench took {:.0} s.",
        began.elapsed().as_secs_f64()
    );
    println!("{out}");
}
