//! The one error type of the library.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, render};

/// Everything that can stop a spec from becoming a client crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: io::Error,
    },

    /// The spec has problems; every one found is listed (errors first, then warnings).
    #[error("{}", render(.0))]
    InvalidSpec(Vec<Diagnostic>),

    /// A settings file has problems; every one found is listed, each at its line and column.
    #[error("{}", render(.0))]
    InvalidSettings(Vec<Diagnostic>),

    /// progenitor failed (or panicked) on a spec that passed validation.
    #[error("cannot generate a client from `{}`: {message}", file.display())]
    Generate {
        /// The spec being generated.
        file: PathBuf,
        /// progenitor's message.
        message: String,
    },

    /// A pass over progenitor's output found code it did not expect.
    #[error("cannot post-process the code generated from `{}`: {message}", file.display())]
    Pass {
        /// The spec being generated.
        file: PathBuf,
        /// What the pass expected and did not find.
        message: String,
    },

    /// A name given for a crate or a client is not usable.
    #[error("invalid crate name `{name}`: {reason}")]
    CrateName {
        /// The name given.
        name: String,
        /// Why it cannot be used.
        reason: String,
    },

    /// Clients named on the command line have no spec in `specs/`.
    #[error("no such spec in `specs/`: {}; the clients are: {}", names.join(", "), known.join(", "))]
    UnknownClient {
        /// The names given that match no spec.
        names: Vec<String>,
        /// The clients there are.
        known: Vec<String>,
    },

    /// Two spec files would generate the same client.
    #[error("`{}` and `{}` would both generate the client `{name}`; rename one", first.display(), second.display())]
    DuplicateSpec {
        /// The client name both would take.
        name: String,
        /// One spec.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },

    /// A file could not be written, renamed or removed; nothing else was changed.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: io::Error,
    },

    /// A generated crate's `Cargo.toml` has a version the generator cannot bump.
    #[error("cannot bump the version `{version}` of `{}`: {reason}", path.display())]
    Version {
        /// The crate's `Cargo.toml`.
        path: PathBuf,
        /// The version it has.
        version: String,
        /// Why it cannot be bumped.
        reason: String,
    },

    /// What a generated crate records of its generation could not be made (see
    /// [`crate::release`]).
    #[error("cannot record `{}`: {message}", path.display())]
    Record {
        /// The file that would record it.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// A build script's crate does not depend on a crate its generated client uses (see
    /// [`crate::build`]).
    #[error("the client generated from `{}` uses crates that `{}` does not depend on; add these lines to its `[dependencies]`:\n\n{}\n", spec.display(), manifest.display(), lines.join("\n"))]
    MissingDependencies {
        /// The spec of the client.
        spec: PathBuf,
        /// The crate's `Cargo.toml`.
        manifest: PathBuf,
        /// The lines to add, one per crate, as `name = requirement`.
        lines: Vec<String>,
    },

    /// What cargo gives build scripts is missing (see [`crate::build`]).
    #[error(
        "`{variable}` is not set: `codegen::build` is for build scripts (`build.rs`), which cargo runs with it set"
    )]
    BuildEnvironment {
        /// The environment variable.
        variable: &'static str,
    },

    /// Several specs failed; each error is kept.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))]
    Many(Vec<Error>),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
