//! Encodes every path parameter into exactly one path segment.
//!
//! progenitor's `encode_path` leaves `\` (and other characters) as they are, and
//! the URL parser reads `\` as `/` in `http(s)` URLs: a token id `a\b` would send
//! the DELETE to `…/tokens/a/b`, another resource. The generated file gets its own
//! `encode_path` that encodes every byte except RFC 3986's unreserved characters.

use syn::{Item, UseTree};

use super::tokens;

pub(super) fn replace(file: &mut syn::File) -> Result<(), String> {
    let mut removed = false;
    for item in &mut file.items {
        let Item::Use(u) = item else { continue };
        let UseTree::Path(p) = &mut u.tree else {
            continue;
        };
        if p.ident != "progenitor_client" {
            continue;
        }
        let UseTree::Group(group) = &mut *p.tree else {
            continue;
        };
        let before = group.items.len();
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(|t| !matches!(t, UseTree::Name(n) if n.ident == "encode_path"))
            .collect();
        removed |= group.items.len() < before;
    }
    if !removed {
        if tokens(file).contains("encode_path") {
            return Err("`encode_path` is used but not imported from `progenitor_client`".into());
        }
        return Ok(());
    }
    if !tokens(file).contains("encode_path") {
        // No operation has a path parameter: nothing to encode.
        return Ok(());
    }
    file.items.push(syn::parse_quote! {
        /// Percent-encodes a path parameter value into exactly one path segment:
        /// every byte except RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`)
        /// is encoded, so `/`, `\`, `?`, `#` and `%` cannot change the request's target.
        fn encode_path(value: &str) -> String {
            const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');
            ::percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
        }
    });
    Ok(())
}
