//! `cargo xtask corpus [DIR]`: every published document under `DIR` (by default
//! `../shared/real-specs`, beside the workspace, and its sub-folders) generated into a
//! standalone client crate, as `cargo xtask gen --spec FILE --out DIR` makes it, and
//! type-checked with its typed mocks and warnings denied; the results are a table in
//! `tests/real-specs/README.md`.
//!
//! Each document is generated strictly first; a document the generator refuses is generated
//! again with `--lenient`, and the table says which mode it took. `--check` (CI) fails when a
//! document does not generate or its client does not compile, or when the table differs from
//! the committed one in anything but the generate times.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::time::Instant;

use codegen::write::{FileSet, Mode, sync};

/// The table's file, relative to the workspace root.
const TABLE: &str = "tests/real-specs/README.md";

/// Arguments of `cargo xtask corpus`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder of documents (its sub-folders too); default: `../shared/real-specs` beside
    /// the workspace.
    dir: Option<PathBuf>,
    /// Write nothing: fail when a document does not generate or compile, or when the table in
    /// `tests/real-specs/README.md` differs (generate times aside).
    #[arg(long)]
    check: bool,
    /// How many clients are type-checked at once, each with a target folder of its own
    /// (default: the number of CPUs, at most 4).
    #[arg(long)]
    jobs: Option<usize>,
}

/// What became of one document.
struct Row {
    /// Its path below the folder, with `/`.
    name: String,
    version: String,
    operations: usize,
    /// `strict`, `lenient`, or why neither generated.
    mode: Result<&'static str, String>,
    /// Warnings by code.
    warnings: BTreeMap<&'static str, usize>,
    seconds: f64,
    /// Whether its client compiles, and rustc's first errors when it does not.
    compiles: Option<Result<(), String>>,
}

pub(crate) fn run(args: &Args, root: &Path) -> ExitCode {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| root.join("..").join("shared").join("real-specs"));
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is missing, so no published document was generated",
            dir.display()
        );
        return if args.dir.is_some() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let documents = documents(&dir);
    let out = root.join("target").join("corpus");
    let mut rows = Vec::new();
    for file in &documents {
        let row = generate(&dir, file, &out);
        eprintln!(
            "generated {:<45} {:>8.2} s  {}",
            row.name,
            row.seconds,
            match &row.mode {
                Ok(mode) => mode,
                Err(_) => "refused",
            }
        );
        rows.push(row);
    }
    let jobs = args
        .jobs
        .or_else(|| {
            std::thread::available_parallelism()
                .ok()
                .map(|n| n.get().min(4))
        })
        .unwrap_or(1)
        .max(1);
    check_all(&mut rows, &out, jobs);

    let table = table(&rows);
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| match (&row.mode, &row.compiles) {
            (Err(why), _) => Some(format!("{}: does not generate:\n{why}", row.name)),
            (_, Some(Err(why))) => Some(format!("{}: does not compile:\n{why}", row.name)),
            _ => None,
        })
        .collect();
    print!("{table}");
    if !failures.is_empty() {
        eprintln!("\nerror: {} document(s) failed\n", failures.len());
        eprintln!("{}", failures.join("\n\n"));
        return ExitCode::FAILURE;
    }
    let files = FileSet {
        files: BTreeMap::from([(PathBuf::from(TABLE), table)]),
        owned_dirs: Vec::new(),
    };
    if args.dir.is_some() {
        // The table is that of the default folder; another folder's is only printed.
        return ExitCode::SUCCESS;
    }
    if args.check {
        // Times differ from run to run; the rest of the table must not.
        let committed = std::fs::read_to_string(root.join(TABLE)).unwrap_or_default();
        let now = &files.files[Path::new(TABLE)];
        if without_times(&committed) != without_times(now) {
            let mut expected = files.clone();
            if let Some(text) = expected.files.get_mut(Path::new(TABLE)) {
                *text = with_times_of(text, &committed);
            }
            for drift in sync(root, &expected, Mode::Check).unwrap_or_default() {
                eprintln!("{drift}");
            }
            eprintln!(
                "error: {TABLE} is out of date: run `cargo xtask corpus` and commit the table"
            );
            return ExitCode::FAILURE;
        }
        eprintln!("every document generates a client that compiles; {TABLE} is up to date");
        return ExitCode::SUCCESS;
    }
    match sync(root, &files, Mode::Write) {
        Ok(_) => {
            eprintln!("wrote {TABLE}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The documents under `dir` and its sub-folders, in order of their path.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|e| ["yaml", "yml", "json"].contains(&&*e.to_string_lossy()))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Generates the client of `file` into `out/<stem>`, strictly, else leniently.
fn generate(dir: &Path, file: &Path, out: &Path) -> Row {
    let name = file
        .strip_prefix(dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    let stem = crate_stem(&name);
    let document = codegen::load::load(file).ok().map(|s| s.value);
    let version = document
        .as_ref()
        .and_then(|d| d.get("openapi").or_else(|| d.get("swagger")))
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string();
    let operations = document.as_ref().map_or(0, count_operations);
    let crate_dir = out.join(&stem);
    // A crate from an earlier run would be versioned from its record: each run starts anew.
    let _ = std::fs::remove_dir_all(&crate_dir);
    let start = Instant::now();
    let mut mode = Ok("strict");
    let mut plan = codegen::workspace::standalone(
        file,
        &crate_dir,
        Some(&format!("real-{stem}")),
        None,
        &codegen::Settings::default(),
    );
    if let Err(codegen::Error::InvalidSpec(_)) = plan {
        mode = Ok("lenient");
        plan = codegen::workspace::standalone(
            file,
            &crate_dir,
            Some(&format!("real-{stem}")),
            None,
            &codegen::Settings {
                lenient: true,
                ..codegen::Settings::default()
            },
        );
    }
    let seconds = start.elapsed().as_secs_f64();
    let mut warnings = BTreeMap::new();
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => {
            return Row {
                name,
                version,
                operations,
                mode: Err(first_lines(&e.to_string(), 20)),
                warnings,
                seconds,
                compiles: None,
            };
        }
    };
    for warning in &plan.warnings {
        *warnings.entry(warning.code).or_default() += 1;
    }
    let compiles = match sync(&crate_dir, &plan.files, Mode::Write) {
        Ok(_) => None,
        Err(e) => Some(Err(format!("cannot write the crate: {e}"))),
    };
    Row {
        name,
        version,
        operations,
        mode,
        warnings,
        seconds,
        compiles,
    }
}

/// A folder and package name for a document: its path without the extension, in lower case,
/// with `-` for anything else than letters and digits.
fn crate_stem(name: &str) -> String {
    let without = name
        .rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_ascii_lowercase();
    let stem: String = without
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    stem.trim_matches('-').to_string()
}

/// The operations of a document: the methods of its path items.
fn count_operations(document: &serde_json::Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    document
        .get("paths")
        .and_then(|p| p.as_object())
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
}

/// Type-checks every generated client with warnings denied, `jobs` at a time.
fn check_all(rows: &mut [Row], out: &Path, jobs: usize) {
    let queue: Mutex<Vec<usize>> = Mutex::new(
        (0..rows.len())
            .rev()
            .filter(|&i| rows[i].mode.is_ok() && rows[i].compiles.is_none())
            .collect(),
    );
    let stems: Vec<String> = rows.iter().map(|r| crate_stem(&r.name)).collect();
    let results: Mutex<Vec<(usize, Result<(), String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for job in 0..jobs {
            let (queue, results, stems) = (&queue, &results, &stems);
            scope.spawn(move || {
                // Each job its own target folder: cargo builds one at a time in a folder.
                let target = out.join(format!("target-{job}"));
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some(i) = next else { break };
                    let start = Instant::now();
                    let result = cargo_check(&out.join(&stems[i]), &target);
                    eprintln!(
                        "checked   {:<45} {:>8.2} s  {}",
                        stems[i],
                        start.elapsed().as_secs_f64(),
                        if result.is_ok() { "ok" } else { "FAILS" }
                    );
                    if let Ok(mut results) = results.lock() {
                        results.push((i, result));
                    }
                }
            });
        }
    });
    for (i, result) in results.into_inner().unwrap_or_default() {
        rows[i].compiles = Some(result);
    }
}

/// `cargo check --features mock` of the crate in `dir`, with warnings denied.
fn cargo_check(dir: &Path, target: &Path) -> Result<(), String> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        // With its typed mocks (`src/mock.rs`), which only the `mock` feature compiles.
        .args(["check", "--quiet", "--offline", "--message-format", "short"])
        .args(["--features", "mock"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(first_lines(&String::from_utf8_lossy(&output.stderr), 30))
    }
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = lines[..lines.len().min(n)].join("\n");
    if lines.len() > n {
        out.push_str(&format!("\n… ({} more lines)", lines.len() - n));
    }
    out
}

/// The README with the table of `rows`.
fn table(rows: &[Row]) -> String {
    let mut text = String::from(
        "<!-- @generated by `cargo xtask corpus`. Do not edit by hand. -->\n\n\
         # Published documents\n\n\
         What the generator makes of each published document under `../shared/real-specs/` \
         (see the READMEs there for the sources and licenses), as \
         `cargo xtask gen --spec FILE --out DIR` makes it: generated strictly, or with \
         `--lenient` when the document has faults the generator refuses by default, then \
         type-checked with its typed mocks and warnings denied (`cargo check --features mock`, \
         `RUSTFLAGS=-D warnings`). CI runs \
         `cargo xtask corpus --check`, which fails when a document does not generate or its \
         client does not compile, or when this table differs in anything but the times. The \
         NetBird and InfluxDB management clients are also used over a real socket by the files \
         beside this one (`tests/tests/real_specs.rs`).\n\n\
         | document | OpenAPI | operations | mode | warnings | generate | compiles |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut compiled = 0;
    let mut strict = 0;
    for row in rows {
        let warnings = if row.warnings.is_empty() {
            "none".to_string()
        } else {
            row.warnings
                .iter()
                .map(|(code, n)| format!("`{code}` ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mode = match &row.mode {
            Ok(mode) => (*mode).to_string(),
            Err(_) => "refused".to_string(),
        };
        strict += usize::from(row.mode == Ok("strict"));
        let compiles = match &row.compiles {
            Some(Ok(())) => {
                compiled += 1;
                "yes"
            }
            Some(Err(_)) => "no",
            None => "—",
        };
        text.push_str(&format!(
            "| `{}` | {} | {} | {mode} | {warnings} | {} | {compiles} |\n",
            row.name,
            row.version,
            row.operations,
            seconds(row.seconds)
        ));
    }
    text.push_str(&format!(
        "\n{compiled} of {} documents give a client that compiles; {strict} of them strictly.\n",
        rows.len()
    ));
    text
}

fn seconds(s: f64) -> String {
    format!("{s:.2} s")
}

/// The table without its generate times (the sixth column), for comparing runs.
fn without_times(text: &str) -> String {
    text.lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            if line.starts_with("| `") && cells.len() == 7 {
                let mut cells = cells;
                cells[5] = "…";
                cells.join(" | ")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with the generate times of the same documents in `committed`, so that a diff shows
/// only what changed.
fn with_times_of(text: &str, committed: &str) -> String {
    let times: BTreeMap<&str, &str> = committed
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (cells.len() == 7).then(|| (cells[0], cells[5]))
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut cells: Vec<&str> = line.split(" | ").collect();
        if line.starts_with("| `")
            && cells.len() == 7
            && let Some(time) = times.get(cells[0])
        {
            cells[5] = time;
            out.push(cells.join(" | "));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_path() {
        assert_eq!(
            crate_stem("corpus/ebay-sell.Fulfillment.yaml"),
            "corpus-ebay-sell-fulfillment"
        );
        assert_eq!(crate_stem("oai-petstore.yaml"), "oai-petstore");
    }

    #[test]
    fn times_are_left_out_of_comparisons() {
        let a = "x\n| `a.yaml` | 3.0.3 | 2 | strict | none | 0.10 s | yes |\n";
        let b = "x\n| `a.yaml` | 3.0.3 | 2 | strict | none | 0.30 s | yes |\n";
        let c = "x\n| `a.yaml` | 3.0.3 | 2 | lenient | none | 0.30 s | yes |\n";
        assert_eq!(without_times(a), without_times(b));
        assert_ne!(without_times(a), without_times(c));
        assert_eq!(
            with_times_of(c, a),
            "x\n| `a.yaml` | 3.0.3 | 2 | lenient | none | 0.10 s | yes |\n"
        );
    }
}
