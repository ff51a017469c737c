//! One of the specs of `specs/`, mutated structurally, compared with itself before the mutations
//! (`codegen::diff`), then through the pipeline from `client_from_value` on. See `codegen_fuzz::mutate` for the mutations
//! and `fuzz/README.md` for how to run it and reproduce a crash.

#![no_main]

use std::path::Path;

use arbitrary::Unstructured;
use codegen::emit::Layout;
use codegen_fuzz::mutate::mutated_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    codegen_fuzz::install_panic_filter();
    let mut u = Unstructured::new(data);
    let Ok(Some(mutated)) = mutated_document(&mut u) else {
        return;
    };
    codegen_fuzz::dump_if_asked(&mutated);
    codegen_fuzz::check_diff(&mutated.original, &mutated.document);
    let path = Path::new("specs").join(mutated.seed.name);
    codegen_fuzz::run_value(&path, mutated.document, Layout::Standalone);
});
