//! Running progenitor on a normalized, validated document.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use openapiv3::OpenAPI;
use progenitor_impl::{CrateVers, GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::error::{Error, Result};
use crate::normalize::openapi31::tuples;

/// Generates the client module's code with progenitor.
///
/// progenitor still asserts on some constructs that validation does not yet
/// rule out; a panic is caught and reported as an error naming the spec rather
/// than taking the whole run down.
pub fn generate(file: &Path, spec: &OpenAPI) -> Result<syn::File> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        // Tuples from OpenAPI 3.1's `prefixItems` arrive as this marker type
        // (see `normalize::openapi31::tuples`); the `tuples` pass rewrites it.
        .with_crate(tuples::MARKER_CRATE, CrateVers::Any, None);
    let mut generator = Generator::new(&settings);

    let outcome = catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(spec)));
    let tokens = match outcome {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(Error::Generate {
                file: file.to_path_buf(),
                message: e.to_string(),
            });
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown panic");
            return Err(Error::Generate {
                file: file.to_path_buf(),
                message: format!("progenitor panicked: {message}"),
            });
        }
    };
    syn::parse2(tokens).map_err(|e| Error::Generate {
        file: file.to_path_buf(),
        message: format!("progenitor's output is not a Rust file: {e}"),
    })
}
