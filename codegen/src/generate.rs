//! Running progenitor on a normalized, validated document.

use std::path::Path;

use openapiv3::OpenAPI;
use progenitor_impl::{CrateVers, GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::error::{Error, Result};
use crate::normalize::openapi31::tuples;

/// The stack of the thread progenitor runs on. typify recurses once per level
/// of schema nesting, with large frames; the loaders let documents nest 128
/// levels deep, more than a test thread's 2 MiB stack can hold. The memory is
/// only reserved: pages that are not touched are never allocated.
const STACK_SIZE: usize = 512 * 1024 * 1024;

/// Generates the client module's code with progenitor.
///
/// progenitor runs on a thread of its own with a large stack, so that deeply
/// nested schemas cannot overflow the caller's. Validation rules out the
/// constructs progenitor is known to panic on; should it still panic, the
/// panic is caught and reported as an error naming the spec rather than
/// taking the whole run down.
pub fn generate(file: &Path, spec: &OpenAPI) -> Result<syn::File> {
    let error = |message: String| Error::Generate {
        file: file.to_path_buf(),
        message,
    };
    // The tokens are not `Send`; they cross back as text.
    let outcome = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("progenitor".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || tokens(spec).map(|t| t.to_string()));
        match thread {
            Ok(thread) => thread.join().map_err(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown panic");
                format!("progenitor panicked: {message}")
            }),
            Err(e) => Err(format!("cannot start the generator's thread: {e}")),
        }
    });
    let code = outcome.map_err(error)?.map_err(|e| error(e.to_string()))?;
    syn::parse_str(&code).map_err(|e| error(format!("progenitor's output is not a Rust file: {e}")))
}

fn tokens(spec: &OpenAPI) -> Result<proc_macro2::TokenStream, progenitor_impl::Error> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        // Tuples from OpenAPI 3.1's `prefixItems` arrive as this marker type
        // (see `normalize::openapi31::tuples`); the `tuples` pass rewrites it.
        .with_crate(tuples::MARKER_CRATE, CrateVers::Any, None);
    Generator::new(&settings).generate_tokens(spec)
}
