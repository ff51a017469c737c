//! Turns an OpenAPI document into a complete Rust client crate.
//!
//! The pipeline, one module per step (see `ARCHITECTURE.md` at the workspace's root for the
//! invariants of each layer and where each OpenAPI construct is handled):
//!
//! 1. [`load`] reads YAML or JSON into a JSON value, within size and depth limits;
//! 2. [`normalize`] checks the version and rewrites OpenAPI 3.1 (and the 3.0 progenitor
//!    mishandles) into the 3.0 that progenitor reads, in place;
//! 3. [`validate`] reports every problem, all at once: the document's shape and references,
//!    then its operations;
//! 4. [`normalize`] again, on the typed document: names operations, gives each request media
//!    type a method and each operation's responses one shape, recording in [`notes`] what the
//!    back end must know;
//! 5. [`generate`] runs progenitor, then the passes (`passes`) over its output, then prints it, on a
//!    large stack, with the typed mocks of its operations ([`mock`]);
//! 6. [`emit`] lays out the whole crate (`Cargo.toml`, `README.md`, sources);
//! 7. [`release`] reads back what the crate recorded of its last generation (a copy of the
//!    spec, each file's fingerprint, its [`version`] and changelog), and decides the version,
//!    the changelog's new entry and why each file differs: the spec changed, a file was edited
//!    by hand, or the generator changed;
//! 8. [`write`](mod@write) compares those files with the disk or writes them, all or nothing.
//!
//! [`openapi`] is the bottom layer, the document itself (pointers, walks, references), which
//! imports nothing of this crate; [`locate`] places each diagnostic at its line and column,
//! [`workspace`] ties the steps together for the `specs/` → `clients/` layout, and [`build`]
//! for a downstream crate's `build.rs`, into `OUT_DIR`.

pub mod build;
pub mod dependencies;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod error;
pub mod example;
pub mod generate;
pub mod load;
pub mod locate;
pub mod mock;
pub mod names;
pub mod normalize;
pub mod notes;
pub mod openapi;
mod passes;
pub mod release;
pub mod security;
pub mod settings;
pub mod validate;
pub mod version;
pub mod workspace;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use error::{Error, Result};

/// A spec turned into Rust code, with the warnings found on the way.
#[derive(Debug)]
pub struct Client {
    /// The client module, printed, and what the crate around it needs to know of it.
    pub generated: generate::Generated,
    /// The normalized document, for the crate's docs.
    pub spec: openapiv3::OpenAPI,
    /// What normalization recorded of each operation, for the crate's docs.
    pub notes: notes::Notes,
    /// Warnings about the spec (never errors: those stop generation).
    pub warnings: Vec<Diagnostic>,
    /// The other files the spec's `$ref`s brought in (see [`normalize::bundle`]), in path
    /// order: with the spec, every file the client was made from.
    pub files: Vec<PathBuf>,
}

impl Client {
    /// The client module's code.
    pub fn code(&self) -> &str {
        &self.generated.code
    }
}

/// How to generate, beyond what the spec says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Work around what a published document gets wrong, with a warning for each, instead of
    /// refusing it: a schema `$ref` that does not resolve (or is empty), a `$ref` to a component
    /// of another kind that can stand in (see [`normalize::bundle`]), an object path or header
    /// parameter,
    /// an `operationId` used again, a security requirement naming no scheme, a response without
    /// `description` (see [`normalize::lenient`]), and C1 control characters in YAML (which
    /// [`load::parse_with`] reads only with this). What a *valid* document has that the client
    /// cannot use (a `default` of the wrong type, a `not` of a schema…) is dropped with a
    /// warning either way (see [`normalize::schema_fixes`]).
    pub lenient: bool,
    /// What the client's settings file chooses (see [`settings`]): the crate's metadata, the
    /// interface style, the types' derives and replacements, method names.
    pub options: settings::Options,
}

/// Loads, normalizes, validates and generates the client code for one spec file.
///
/// Every problem in the spec is reported in one [`Error::InvalidSpec`], each
/// diagnostic placed at its line and column.
pub fn client_from_file(path: &Path) -> Result<Client> {
    client_from_source(load::load(path)?)
}

/// As [`client_from_file`], for a spec already loaded (see [`load::parse`]).
pub fn client_from_source(source: load::Source) -> Result<Client> {
    client_from_source_with(source, &Settings::default())
}

/// As [`client_from_source`], with [`Settings`].
pub fn client_from_source_with(source: load::Source, settings: &Settings) -> Result<Client> {
    let load::Source {
        path,
        format,
        text,
        value,
        warnings: loaded,
    } = source;
    // With what loading found, placed, then in the order of the file, errors first, as a
    // compiler lists them.
    let placed = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.extend(loaded.iter().cloned());
        load::place(&text, format, &mut diagnostics);
        diagnostics.sort_by_key(|d| (d.severity, d.position()));
        diagnostics
    };
    let mut front = match front_end(&path, value, settings) {
        Ok(front) => front,
        Err(Error::InvalidSpec(diagnostics)) => {
            return Err(Error::InvalidSpec(placed(diagnostics)));
        }
        Err(e) => return Err(e),
    };
    front.warnings = placed(std::mem::take(&mut front.warnings));
    // The back end needs the document, not its text.
    drop(text);
    back_end(&path, front, settings)
}

/// As [`client_from_file`], for a document already parsed into a JSON value;
/// `path` names it in diagnostics, which have no line and column (there is no text).
pub fn client_from_value(path: &Path, document: serde_json::Value) -> Result<Client> {
    client_from_value_with(path, document, &Settings::default())
}

/// As [`client_from_value`], with [`Settings`].
pub fn client_from_value_with(
    path: &Path,
    document: serde_json::Value,
    settings: &Settings,
) -> Result<Client> {
    back_end(path, front_end(path, document, settings)?, settings)
}

/// A document the front end has read, checked and rewritten for progenitor.
struct FrontEnd {
    spec: openapiv3::OpenAPI,
    notes: notes::Notes,
    warnings: Vec<Diagnostic>,
    files: Vec<PathBuf>,
}

/// Normalizes and validates `document`: every problem in one [`Error::InvalidSpec`].
fn front_end(
    path: &Path,
    mut document: serde_json::Value,
    settings: &Settings,
) -> Result<FrontEnd> {
    let mut diagnostics = Diagnostics::new(path);
    let prepared = normalize::prepare(&mut document, path, settings.lenient, &mut diagnostics);
    if prepared.is_some() {
        normalize::lenient::apply(&mut document, &mut diagnostics, settings.lenient);
    }
    let mut spec = match &prepared {
        Some(_) => validate::document(&document, &mut diagnostics),
        None => None,
    };
    let (enums, files) = prepared.map(|p| (p.enums, p.files)).unwrap_or_default();
    // The typed document is all that is needed from here.
    drop(document);
    let mut notes = notes::Notes::default();
    if let Some(spec) = &mut spec {
        let examples = &settings.options.examples;
        let calls: Vec<(&str, &diagnostic::Origin)> = examples
            .iter()
            .map(|e| (e.operation.as_str(), &e.at))
            .collect();
        let calls = normalize::operation_ids::derive(
            spec,
            &settings.options.renames,
            &calls,
            &mut diagnostics,
        );
        settings.options.types.check(spec, &mut diagnostics);
        let styles = normalize::parameters::rewrite(spec, &mut diagnostics);
        validate::operations(spec, &mut diagnostics);
        settings.options.interface.check(spec, &mut diagnostics);
        normalize::untyped_json::untyped_json(spec, &mut diagnostics);
        notes = normalize::notes(spec);
        normalize::parameters::note(&mut notes, styles);
        notes.enums = enums;
        notes.examples = examples
            .iter()
            .zip(calls)
            .filter_map(|(e, method)| Some((e.name.clone(), method?)))
            .collect();
        normalize::request_bodies::split(spec, &mut notes, &mut diagnostics);
        normalize::responses::split(spec, &mut notes, &mut diagnostics);
    }
    let warnings = diagnostics.finish().map_err(Error::InvalidSpec)?;
    let Some(spec) = spec else {
        // Unreachable in practice: a document that did not parse has an error.
        return Err(Error::InvalidSpec(warnings));
    };
    Ok(FrontEnd {
        spec,
        notes,
        warnings,
        files,
    })
}

/// Generates the client of a document the front end has made ready.
fn back_end(path: &Path, front: FrontEnd, settings: &Settings) -> Result<Client> {
    let generated = generate::generate(path, &front.spec, &front.notes, &settings.options)?;
    Ok(Client {
        generated,
        spec: front.spec,
        notes: front.notes,
        warnings: front.warnings,
        files: front.files,
    })
}
