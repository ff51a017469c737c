//! Turns an OpenAPI document into a complete Rust client crate.
//!
//! The pipeline, one module per step:
//!
//! 1. [`load`] reads YAML or JSON into a JSON value;
//! 2. [`normalize`] checks the version and rewrites OpenAPI 3.1 (and the 3.0
//!    progenitor mishandles) into the 3.0 that progenitor reads;
//! 3. [`validate`] reports every problem progenitor would mishandle, all at once;
//! 4. [`generate`] runs progenitor;
//! 5. [`passes`] correct progenitor's output for third-party APIs;
//! 6. [`format`](mod@format) prints it with prettyplease, byte for byte the same on every run;
//! 7. [`emit`] lays out the whole crate (`Cargo.toml`, `README.md`, sources);
//! 8. [`write`](mod@write) compares those files with the disk or writes them, all or nothing.
//!
//! [`workspace`] ties the steps together for the `specs/` → `clients/` layout.

pub mod diagnostic;
pub mod emit;
pub mod error;
pub mod format;
pub mod generate;
pub mod load;
pub mod names;
pub mod normalize;
pub mod passes;
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

/// Loads, normalizes, validates and generates the client code for one spec file.
///
/// Every problem in the spec is reported in one [`Error::InvalidSpec`].
pub fn client_from_file(path: &Path) -> Result<Client> {
    let source = load::load(path)?;
    client_from_value(path, source.value)
}

/// As [`client_from_file`], for a document already parsed into a JSON value;
/// `path` names it in diagnostics.
pub fn client_from_value(path: &Path, document: serde_json::Value) -> Result<Client> {
    let mut diagnostics = Diagnostics::new(path);
    let spec = normalize::normalize(document, &mut diagnostics);
    if let Some(spec) = &spec {
        validate::validate(spec, &mut diagnostics);
    }
    let warnings = diagnostics.finish().map_err(Error::InvalidSpec)?;
    let Some(spec) = spec else {
        // Unreachable in practice: a document that did not parse has an error.
        return Err(Error::InvalidSpec(warnings));
    };

    let mut file = generate::generate(path, &spec)?;
    passes::run(&mut file).map_err(|message| Error::Pass {
        file: path.to_path_buf(),
        message,
    })?;
    Ok(Client {
        file,
        spec,
        warnings,
    })
}
