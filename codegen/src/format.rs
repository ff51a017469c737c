//! Printing the generated syntax tree as Rust source.

/// Formats a file with prettyplease.
///
/// prettyplease is deterministic and needs no `rustfmt` on the machine, so the
/// output is the same byte for byte everywhere.
pub fn format(file: &syn::File) -> String {
    prettyplease::unparse(file)
}
