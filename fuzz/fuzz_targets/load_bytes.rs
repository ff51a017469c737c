//! Arbitrary bytes as a spec file, through the whole pipeline.
//!
//! The first byte picks the file: bit 0 clear names it `spec.yaml`, set
//! `spec.json` (the extension decides the parser); bit 1 picks the crate
//! layout (clear: standalone, set: workspace member). The remaining bytes are
//! the file's content. See `fuzz/README.md`.

#![no_main]

use std::path::Path;

use codegen::emit::Layout;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    codegen_fuzz::install_panic_filter();
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let path = Path::new(if selector & 1 == 0 {
        "spec.yaml"
    } else {
        "spec.json"
    });
    let layout = if selector & 2 == 0 {
        Layout::Standalone
    } else {
        Layout::Workspace
    };
    codegen_fuzz::run_bytes(path, content, layout);
});
