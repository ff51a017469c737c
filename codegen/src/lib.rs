//! Turns an OpenAPI document into a complete Rust client crate.
//!
//! The pipeline, one module per step:
//!
//! 1. [`load`] reads YAML or JSON into a JSON value, within size and depth limits;
//! 2. [`normalize`] checks the version and rewrites OpenAPI 3.1 (and the 3.0
//!    progenitor mishandles) into the 3.0 that progenitor reads; operations whose
//!    responses have different bodies are given one shape ([`normalize::responses`]);
//! 3. [`validate`] reports every problem progenitor would mishandle, all at
//!    once: the document's shape and references, then its operations;
//! 4. [`generate`] runs progenitor (on a thread of its own, with a large stack);
//! 5. [`passes`] correct progenitor's output for third-party APIs and wire its `Client` to
//!    the runtime every client carries ([`emit::RUNTIME`]), with the credentials and server
//!    of [`security`];
//! 6. [`format`](mod@format) prints it with prettyplease, byte for byte the same on every run;
//! 7. [`emit`] lays out the whole crate (`Cargo.toml`, `README.md`, sources);
//! 8. [`write`](mod@write) compares those files with the disk or writes them, all or nothing.
//!
//! [`locate`] places each diagnostic at its line and column, and
//! [`workspace`] ties the steps together for the `specs/` → `clients/` layout.

pub mod diagnostic;
pub mod emit;
pub mod error;
pub mod format;
pub mod generate;
pub mod load;
pub mod locate;
pub mod names;
pub mod normalize;
pub mod passes;
pub mod security;
pub mod validate;
pub mod workspace;
pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use error::{Error, Result};

/// A spec turned into Rust code, with the warnings found on the way.
#[derive(Debug)]
pub struct Client {
    /// The client module: progenitor's output after the passes.
    pub file: syn::File,
    /// The parsed (normalized) document, for the crate's docs.
    pub spec: openapiv3::OpenAPI,
    /// Warnings about the spec (never errors: those stop generation).
    pub warnings: Vec<Diagnostic>,
}

/// How to generate, beyond what the spec says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Work around what a published document gets wrong, with a warning for each, instead of
    /// refusing it (see [`normalize::lenient`]).
    pub lenient: bool,
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
        text,
        map,
        value,
        ..
    } = source;
    // Placed, then in the order of the file, errors first, as a compiler lists them.
    let placed = |mut diagnostics: Vec<Diagnostic>| {
        if !diagnostics.is_empty() {
            map.place(&text, &mut diagnostics);
            diagnostics.sort_by_key(|d| (d.severity, d.position()));
        }
        diagnostics
    };
    match client_from_value_with(&path, value, settings) {
        Ok(mut client) => {
            client.warnings = placed(std::mem::take(&mut client.warnings));
            Ok(client)
        }
        Err(Error::InvalidSpec(diagnostics)) => Err(Error::InvalidSpec(placed(diagnostics))),
        Err(e) => Err(e),
    }
}

/// As [`client_from_file`], for a document already parsed into a JSON value;
/// `path` names it in diagnostics, which have no line and column (there is no text).
pub fn client_from_value(path: &Path, document: serde_json::Value) -> Result<Client> {
    client_from_value_with(path, document, &Settings::default())
}

/// As [`client_from_value`], with [`Settings`].
pub fn client_from_value_with(
    path: &Path,
    mut document: serde_json::Value,
    settings: &Settings,
) -> Result<Client> {
    let mut diagnostics = Diagnostics::new(path);
    let prepared = normalize::prepare(&mut document, &mut diagnostics).is_some();
    if prepared {
        normalize::lenient::apply(&mut document, &mut diagnostics, settings.lenient);
    }
    let mut spec = if prepared && validate::document(&mut document, &mut diagnostics) {
        normalize::typed(document, &mut diagnostics)
    } else {
        None
    };
    if let Some(spec) = &mut spec {
        normalize::operation_ids::derive(spec, &mut diagnostics);
        normalize::media::untyped_json(spec, &mut diagnostics);
        normalize::media::request_media_types(spec, &mut diagnostics);
        normalize::responses::split(spec);
        validate::operations(spec, &mut diagnostics);
    }
    let warnings = diagnostics.finish().map_err(Error::InvalidSpec)?;
    let Some(spec) = spec else {
        // Unreachable in practice: a document that did not parse has an error.
        return Err(Error::InvalidSpec(warnings));
    };

    let mut file = generate::generate(path, &spec)?;
    passes::run(&mut file, &spec).map_err(|message| Error::Pass {
        file: path.to_path_buf(),
        message,
    })?;
    Ok(Client {
        file,
        spec,
        warnings,
    })
}
