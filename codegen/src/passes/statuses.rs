//! Status arms: a code before the range that holds it.
//!
//! What progenitor does: it sorts an operation's responses by status, a range (`5XX`) as its
//! hundred (500), so that in the `match` on the response's status a `503u16` arm after the
//! `500u16..=599u16` arm is one no value reaches: rustc's `unreachable_patterns`, an error when
//! warnings are denied, and a 503 response read as the range's. OpenAPI says an explicit code
//! takes precedence over a range. This pass moves, in every `match` of a client method whose
//! arms are literals, ranges and a final `_`, the range arms after the literal ones, keeping
//! their order otherwise (the per-status methods of `responses` are built in the same order,
//! and sorted here too).
//!
//! The upstream change that would make it unnecessary: progenitor sorting a range after the
//! codes it holds.

use syn::visit_mut::{self, VisitMut};
use syn::{Pat, PatRange};

use super::client_methods;

/// Sorts the status arms of every client method.
pub(super) fn codes_before_ranges(file: &mut syn::File) {
    for method in client_methods(file) {
        Arms.visit_block_mut(&mut method.block);
    }
}

struct Arms;

impl VisitMut for Arms {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        visit_mut::visit_expr_match_mut(self, m);
        let keys: Option<Vec<u8>> = m.arms.iter().map(|arm| key(&arm.pat)).collect();
        let Some(keys) = keys else { return };
        if keys.windows(2).all(|w| w[0] <= w[1]) {
            return;
        }
        let mut arms: Vec<(u8, syn::Arm)> = keys.into_iter().zip(m.arms.drain(..)).collect();
        arms.sort_by_key(|(key, _)| *key);
        m.arms = arms.into_iter().map(|(_, arm)| arm).collect();
    }
}

/// Where an arm goes: a literal (or several, `a | b`) first, then a range, then `_`; `None`
/// for any other pattern, which leaves the `match` as it is.
fn key(pat: &Pat) -> Option<u8> {
    match pat {
        Pat::Lit(_) => Some(0),
        Pat::Or(or) if or.cases.iter().all(|p| matches!(p, Pat::Lit(_))) => Some(0),
        Pat::Range(PatRange { .. }) => Some(1),
        Pat::Wild(_) => Some(2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn ranges_go_after_the_codes_and_before_the_rest() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn op(&self) -> u8 {
                    match status {
                        200u16 => 1,
                        500u16..=599u16 => 2,
                        503u16 => 3,
                        400u16 | 404u16 => 4,
                        _ => 5,
                    }
                }
            }
        };
        codes_before_ranges(&mut file);
        let text = file.to_token_stream().to_string();
        let order: Vec<usize> = ["200u16", "503u16", "400u16", "500u16", "_ =>"]
            .iter()
            .map(|p| text.find(p).unwrap_or(usize::MAX))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn other_matches_stay_as_they_are() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn op(&self) -> u8 {
                    match x { 1..=2 => 1, Some(y) => 2, 3 => 3, _ => 4 }
                }
            }
        };
        let before = file.to_token_stream().to_string();
        codes_before_ranges(&mut file);
        assert_eq!(file.to_token_stream().to_string(), before);
    }
}
