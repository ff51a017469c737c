//! Generating a client at build time, from a downstream crate's `build.rs`.
//!
//! The workspace commits its clients (`cargo xtask gen`); a crate with a spec of its own can
//! instead generate its client into `OUT_DIR` at every build where the spec changed, through
//! the same front end, diagnostics and runtime. In `build.rs`:
//!
//! ```no_run
//! // The whole of `fn main` in `build.rs`: writes `$OUT_DIR/petstore.rs`, and tells cargo
//! // which files to watch.
//! codegen::build::Build::new("specs/petstore.yaml").generate();
//! ```
//!
//! and in the crate, the module included where it should be (any module: the code has no inner
//! attributes and no `crate::` paths):
//!
//! ```ignore
//! /// The Petstore API's client, generated from `specs/petstore.yaml` by `build.rs`.
//! pub mod petstore {
//!     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! }
//! ```
//!
//! with `codegen` among the `[build-dependencies]`, and among the `[dependencies]` the runtime
//! (`client-runtime`) and the crates the client refers to. Which ones these are depends on the
//! spec ([`crate::generate::Generated::dependencies`]); when one is missing, the build fails
//! with the lines to add to `Cargo.toml`, rather than rustc with unresolved imports.
//!
//! What cargo is told ([`Report::instructions`]), in this order:
//!
//! - `cargo::rerun-if-changed=` for the spec, for every file its `$ref`s brought in (in path
//!   order; [`crate::Client::files`]: the files the bundler read) and for the crate's
//!   `Cargo.toml` (read for its dependencies): the client is generated again when one of
//!   them changes, and only then;
//! - `cargo::warning=` for each warning about the spec, one line each, with its place;
//! - `cargo::error=` for each error, rendered as everywhere else (the message, `--> file:line:
//!   column`, the source line, the JSON pointer and the help), line by line. Cargo prints them
//!   and fails the build once the script has finished, without the script's own output, so
//!   that what shows is what is wrong.
//!
//! The module is written only when its bytes changed ([`crate::write::sync`]), so its
//! modification time, and what cargo rebuilds, follow the spec.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::emit::{RUNTIME_PACKAGE, toml_string};
use crate::error::{Error, Result};
use crate::write::{FileSet, Mode, sync};
use crate::{Client, Settings};

/// A client generated from one spec into `OUT_DIR`, from a build script.
#[derive(Clone, Debug)]
pub struct Build {
    spec: PathBuf,
    settings: Settings,
    out_dir: Option<PathBuf>,
    manifest: Option<PathBuf>,
}

/// What [`Build::run`] did, and what cargo must be told of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The module, `<out dir>/<spec's stem>.rs` (written, or left as it was when its bytes
    /// were the same); `None` when the client could not be generated.
    pub module: Option<PathBuf>,
    /// The lines for cargo, each a whole line of the script's output: `cargo::rerun-if-changed=`,
    /// then `cargo::warning=`, then `cargo::error=` (see the module's documentation).
    pub instructions: Vec<String>,
}

impl Build {
    /// The client of the spec at `spec` (YAML or JSON), relative to the crate's folder (where
    /// cargo runs build scripts), with the default [`Settings`].
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            settings: Settings::default(),
            out_dir: None,
            manifest: None,
        }
    }

    /// Generates with these settings, as `cargo xtask gen` would with the same.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Works around what a published document gets wrong, with a warning for each
    /// ([`Settings::lenient`], `cargo xtask gen --lenient`).
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.settings.lenient = lenient;
        self
    }

    /// Writes the module into `dir` instead of the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Checks the dependencies of the crate whose manifest is `path`, instead of the one
    /// cargo names in `CARGO_MANIFEST_PATH`.
    pub fn manifest(mut self, path: impl Into<PathBuf>) -> Self {
        self.manifest = Some(path.into());
        self
    }

    /// Generates the module and prints [`Report::instructions`] for cargo: the one call a
    /// build script makes. Returns the module's path, or `None` when the client could not be
    /// generated, in which case the errors printed make cargo fail the build.
    pub fn generate(self) -> Option<PathBuf> {
        let report = self.run();
        for line in &report.instructions {
            println!("{line}");
        }
        report.module
    }

    /// As [`Build::generate`], printing nothing: what to tell cargo is returned, for a build
    /// script that decides itself what to print.
    pub fn run(&self) -> Report {
        let mut instructions = vec![rerun(&self.spec)];
        let mut errors = Vec::new();
        let out_dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .ok_or(Error::BuildEnvironment {
                variable: "OUT_DIR",
            })
            .map_err(|e| errors.push(e))
            .ok();
        let manifest = self
            .manifest
            .clone()
            // Set by cargo since 1.83, below this workspace's `rust-version`.
            .or_else(|| std::env::var_os("CARGO_MANIFEST_PATH").map(PathBuf::from))
            .ok_or(Error::BuildEnvironment {
                variable: "CARGO_MANIFEST_PATH",
            })
            .map_err(|e| errors.push(e))
            .ok();
        let client = self.client().map_err(|e| errors.push(e)).ok();
        if let Some(client) = &client {
            instructions.extend(client.files.iter().map(|f| rerun(f)));
        }
        if let Some(manifest) = &manifest {
            instructions.push(rerun(manifest));
        }
        if let Some(client) = &client {
            instructions.extend(client.warnings.iter().map(warning));
        }
        let mut module = None;
        if let (Some(client), Some(manifest), Some(out_dir)) = (&client, &manifest, &out_dir) {
            match self
                .check_dependencies(client, manifest)
                .and_then(|()| self.write(client, out_dir))
            {
                Ok(path) => module = Some(path),
                Err(e) => errors.push(e),
            }
        }
        for error in &errors {
            instructions.extend(error_lines(error));
        }
        Report {
            module,
            instructions,
        }
    }

    /// Loads, normalizes, validates and generates, as `cargo xtask gen` does.
    fn client(&self) -> Result<Client> {
        let bytes = crate::load::read(&self.spec)?;
        let source = crate::load::parse_with(&self.spec, &bytes, self.settings.lenient)?;
        crate::client_from_source_with(source, &self.settings)
    }

    /// Fails with the lines to add when `manifest`'s crate lacks a crate the client uses.
    fn check_dependencies(&self, client: &Client, manifest: &Path) -> Result<()> {
        let read_error = |source| Error::Read {
            path: manifest.to_path_buf(),
            source,
        };
        let text = std::fs::read_to_string(manifest).map_err(read_error)?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| read_error(std::io::Error::other(e.message())))?;
        let declared = declared_dependencies(&table);
        let lines: Vec<String> = needed(client)
            .into_iter()
            .filter(|(root, _)| !declared.contains(root))
            .map(|(_, line)| line)
            .collect();
        if lines.is_empty() {
            return Ok(());
        }
        Err(Error::MissingDependencies {
            spec: self.spec.clone(),
            manifest: manifest.to_path_buf(),
            lines,
        })
    }

    /// Writes the module, only when its bytes changed.
    fn write(&self, client: &Client, out_dir: &Path) -> Result<PathBuf> {
        let stem = self
            .spec
            .file_stem()
            .map_or_else(|| "client".into(), |s| s.to_string_lossy().into_owned());
        let name = PathBuf::from(format!("{stem}.rs"));
        let text = format!(
            "// @generated by `codegen::build` from `{}`. Do not edit by hand: change the spec, and the build generates it again.\n\n{}",
            self.spec.display(),
            client.code()
        );
        let files = FileSet {
            files: BTreeMap::from([(name.clone(), text)]),
            owned_dirs: Vec::new(),
        };
        sync(out_dir, &files, Mode::Write)?;
        Ok(out_dir.join(name))
    }
}

/// `cargo::rerun-if-changed=` for `path`.
fn rerun(path: &Path) -> String {
    format!("cargo::rerun-if-changed={}", path.display())
}

/// A warning as one `cargo::warning=` line (cargo shows one warning per line): the message,
/// its place, its pointer and its help.
fn warning(d: &Diagnostic) -> String {
    let mut line = format!("cargo::warning={}[{}]: {}", d.severity, d.code, d.message);
    line.push_str(&format!(" --> {}", d.file.display()));
    if let Some((l, c)) = d.position() {
        line.push_str(&format!(":{l}:{c}"));
    }
    if d.pointer.len() > 1 {
        line.push_str(&format!(", at {}", d.pointer));
    }
    if let Some(help) = &d.help {
        line.push_str(&format!("; help: {help}"));
    }
    line.replace(['\n', '\r'], " ")
}

/// An error as `cargo::error=` lines, one per line of its rendering; the warnings an invalid
/// spec also has as [`warning`]s.
fn error_lines(error: &Error) -> Vec<String> {
    let (errors, warnings): (Vec<String>, Vec<&Diagnostic>) = match error {
        Error::InvalidSpec(all) => (
            all.iter()
                .filter(|d| d.severity == Severity::Error)
                .map(ToString::to_string)
                .collect(),
            all.iter()
                .filter(|d| d.severity == Severity::Warning)
                .collect(),
        ),
        other => (vec![other.to_string()], Vec::new()),
    };
    errors
        .iter()
        .flat_map(|e| e.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("cargo::error={l}"))
        .chain(warnings.into_iter().map(warning))
        .collect()
}

/// The names the crate's code can use for its dependencies: the keys of `[dependencies]` and
/// of each `[target.….dependencies]`, with `-` read as `_`, as rustc does.
fn declared_dependencies(manifest: &toml::Table) -> BTreeSet<String> {
    let targets = manifest
        .get("target")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flat_map(|t| t.values())
        .filter_map(|t| t.get("dependencies"));
    manifest
        .get("dependencies")
        .into_iter()
        .chain(targets)
        .filter_map(toml::Value::as_table)
        .flat_map(|t| t.keys())
        .map(|k| k.replace('-', "_"))
        .collect()
}

/// The crates the client's code refers to, by the name its paths start with, with the line
/// of `[dependencies]` that adds each: the runtime (this workspace's, beside `codegen`), then
/// [`Client`]'s dependencies.
fn needed(client: &Client) -> Vec<(String, String)> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("runtime"))
        .unwrap_or_else(|| PathBuf::from("runtime"));
    let runtime = (
        RUNTIME_PACKAGE.replace('-', "_"),
        format!(
            "{RUNTIME_PACKAGE} = {{ path = {} }}",
            toml_string(&runtime.display().to_string())
        ),
    );
    let others = client.generated.dependencies.iter().map(|d| {
        (
            d.path_root.to_string(),
            format!("{} = {}", d.package, d.requirement),
        )
    });
    std::iter::once(runtime).chain(others).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec split across two files, with one warning (a path parameter not marked required),
    /// and a manifest declaring `deps`, in a temporary folder.
    fn sample(deps: &str) -> (tempfile::TempDir, Build) {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /t/{id}:\n    $ref: 'paths.yaml#/t'\n",
        );
        write(
            "paths.yaml",
            "t:\n  get:\n    operationId: get_t\n    parameters:\n      - {name: id, in: path, schema: {type: string}}\n    responses:\n      '200':\n        description: ok\n        content:\n          application/json:\n            schema: {type: object, properties: {a: {type: string}}}\n",
        );
        write("Cargo.toml", &format!("[package]\nname = \"s\"\n\n{deps}"));
        let build = Build::new(dir.path().join("api.yaml"))
            .out_dir(dir.path().join("out"))
            .manifest(dir.path().join("Cargo.toml"));
        std::fs::create_dir(dir.path().join("out")).unwrap();
        (dir, build)
    }

    const ALL: &str = "[dependencies]\nclient-runtime = { path = \"r\" }\nprogenitor-client = \"0.15\"\n\n[target.'cfg(unix)'.dependencies]\nreqwest = \"0.13\"\nserde = \"1\"\n";

    #[test]
    fn the_module_is_written_once_and_cargo_told_what_to_watch() {
        let (dir, build) = sample(ALL);
        let report = build.run();
        let module = dir.path().join("out/api.rs");
        assert_eq!(report.module.as_deref(), Some(module.as_path()));
        let at = |name: &str| dir.path().join(name).display().to_string();
        assert_eq!(
            report.instructions,
            [
                format!("cargo::rerun-if-changed={}", at("api.yaml")),
                format!("cargo::rerun-if-changed={}", at("paths.yaml")),
                format!("cargo::rerun-if-changed={}", at("Cargo.toml")),
                // A problem in the referenced file is placed at the spec's node that brings
                // it in, the path item.
                format!(
                    "cargo::warning=warning[path-parameter-required]: path parameter `id` is not marked `required: true`; path parameters are always required, so it is treated as required --> {}:4:3, at #/paths/~1t~1{{id}}/get/parameters/0; help: add `required: true` to the parameter",
                    at("api.yaml")
                ),
            ]
        );
        let text = std::fs::read_to_string(&module).unwrap();
        assert!(text.starts_with(&format!(
            "// @generated by `codegen::build` from `{}`. Do not edit by hand",
            at("api.yaml")
        )));
        assert!(text.contains("pub async fn get_t"), "{text}");
        // The same bytes are not written again: the file keeps its time.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(&module)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(build.run(), report);
        assert_eq!(std::fs::metadata(&module).unwrap().modified().unwrap(), old);
    }

    #[test]
    fn a_missing_dependency_is_an_error_with_the_lines_to_add() {
        let (dir, build) = sample("[dependencies]\nreqwest = \"0.13\"\n");
        let report = build.run();
        assert_eq!(report.module, None);
        assert!(!dir.path().join("out/api.rs").exists());
        let errors: Vec<&str> = report
            .instructions
            .iter()
            .filter_map(|l| l.strip_prefix("cargo::error="))
            .collect();
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .join("runtime");
        assert_eq!(
            errors,
            [
                format!(
                    "the client generated from `{}` uses crates that `{}` does not depend on; add these lines to its `[dependencies]`:",
                    dir.path().join("api.yaml").display(),
                    dir.path().join("Cargo.toml").display()
                ),
                format!(
                    "client-runtime = {{ path = {:?} }}",
                    runtime.display().to_string()
                ),
                "progenitor-client = \"=0.15.1\"".to_string(),
                "serde = { version = \"1.0.228\", features = [\"derive\"] }".to_string(),
            ]
        );
    }

    #[test]
    fn every_error_of_a_bad_spec_is_reported_with_its_place_and_no_module_is_written() {
        let (dir, build) = sample(ALL);
        std::fs::write(
            dir.path().join("api.yaml"),
            "openapi: 3.0.3\ninfo: {title: T}\npaths:\n  /t/{id}:\n    $ref: 'paths.yaml#/nothing'\n",
        )
        .unwrap();
        let report = build.run();
        assert_eq!(report.module, None);
        let file = dir.path().join("api.yaml").display().to_string();
        let errors: Vec<&String> = report
            .instructions
            .iter()
            .filter(|l| l.starts_with("cargo::error=error["))
            .collect();
        assert_eq!(errors.len(), 2, "{:#?}", report.instructions);
        assert!(
            report
                .instructions
                .contains(&format!("cargo::error= --> {file}:2:1")),
            "{:#?}",
            report.instructions
        );
        // The referenced file was not read (its fragment finds nothing), and cargo runs a
        // failed build script again anyway: the spec and the manifest are watched.
        assert_eq!(
            report
                .instructions
                .iter()
                .filter(|l| l.starts_with("cargo::rerun-if-changed="))
                .count(),
            2
        );
    }

    #[test]
    fn without_cargos_environment_the_error_says_what_is_missing() {
        let report = Build::new("does-not-matter.yaml")
            .manifest("Cargo.toml")
            .run();
        if std::env::var_os("OUT_DIR").is_none() {
            assert!(report.instructions.contains(
                &"cargo::error=`OUT_DIR` is not set: `codegen::build` is for build scripts (`build.rs`), which cargo runs with it set".to_string()
            ), "{:#?}", report.instructions);
        }
        assert!(
            report
                .instructions
                .iter()
                .any(|l| l.starts_with("cargo::error=cannot read `does-not-matter.yaml`")),
            "{:#?}",
            report.instructions
        );
    }

    /// Whether `code` can be included in any module: no inner attribute (`#![…]`, `//!`), and
    /// no path from the crate's root (`crate::…`; `pub(crate)` is fine anywhere).
    fn includable_in_a_module(code: &str) -> std::result::Result<(), String> {
        struct CratePaths(Vec<String>);
        impl<'ast> syn::visit::Visit<'ast> for CratePaths {
            fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
            fn visit_path(&mut self, path: &'ast syn::Path) {
                if path.segments.first().is_some_and(|s| s.ident == "crate") {
                    self.0.push(quote::quote!(#path).to_string());
                }
                syn::visit::visit_path(self, path);
            }
        }
        let file = syn::parse_file(code).map_err(|e| e.to_string())?;
        if !file.attrs.is_empty() {
            return Err("an inner attribute".into());
        }
        let mut paths = CratePaths(Vec::new());
        syn::visit::Visit::visit_file(&mut paths, &file);
        match paths.0.first() {
            Some(path) => Err(format!("the path `{path}`")),
            None => Ok(()),
        }
    }

    #[test]
    fn generated_modules_can_be_included_in_any_module() {
        assert!(includable_in_a_module("pub(crate) fn f() { crate::g(); }").is_err());
        assert!(includable_in_a_module("#![allow(x)]\nfn f() {}").is_err());
        // Every client of this workspace, and every OpenAPI 3.1 fixture's.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut modules: Vec<PathBuf> = std::fs::read_dir(root.join("clients"))
            .unwrap()
            .map(|e| e.unwrap().path().join("src/generated.rs"))
            .chain(
                std::fs::read_dir(root.join("tests/openapi31/expected"))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "rs")),
            )
            .collect();
        modules.sort();
        assert!(modules.len() > 10, "{modules:?}");
        for module in modules {
            let code = std::fs::read_to_string(&module).unwrap();
            if let Err(what) = includable_in_a_module(&code) {
                panic!("`{}` has {what}", module.display());
            }
        }
    }

    #[test]
    fn dependencies_are_read_from_every_table_by_the_name_code_uses() {
        let manifest: toml::Table = "[dependencies]\nclient-runtime = { path = \"r\" }\nmy_serde = { package = \"serde\", version = \"1\" }\n\n[target.'cfg(unix)'.dependencies]\nregress.workspace = true\n\n[dev-dependencies]\nuuid = \"1\"\n".parse().unwrap();
        assert_eq!(
            declared_dependencies(&manifest)
                .into_iter()
                .collect::<Vec<_>>(),
            ["client_runtime", "my_serde", "regress"]
        );
    }
}
