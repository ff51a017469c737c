//! Rust names as progenitor makes them, and near-miss suggestions.

use heck::{ToPascalCase, ToSnakeCase};

/// The Rust method name progenitor gives an operationId.
///
/// This follows progenitor's own `sanitize(…, Case::Snake)`, so that two
/// operationIds that would become the same method are caught before generation.
pub fn method_name(operation_id: &str) -> String {
    match cased(operation_id, str::to_snake_case) {
        out if out.is_empty() => "x".to_string(),
        out if out.starts_with(|c: char| c.is_alphabetic() || c == '_') => out,
        out => format!("_{out}"),
    }
}

/// Why Cargo would refuse `name` as a package name, if it would.
pub fn crate_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with an ASCII letter")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some("only ASCII letters, digits, `-` and `_` are allowed")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else {
        None
    }
}

/// A snake-case Rust identifier for `name` (a method or argument): as [`method_name`], with a
/// trailing `_` on a keyword.
pub fn ident(name: &str) -> String {
    let out = method_name(name);
    if syn::parse_str::<syn::Ident>(&out).is_ok() {
        out
    } else {
        format!("{out}_")
    }
}

/// The Rust type name typify gives the component schema `name`.
///
/// This follows typify's own `sanitize(…, Case::Pascal)`: an `X` before a name that cannot
/// start an identifier, and a trailing `_` on a keyword.
pub fn type_name(name: &str) -> String {
    let out = match cased(name, str::to_pascal_case) {
        out if out.is_empty() => "X".to_string(),
        out if out.starts_with(|c: char| c.is_alphabetic() || c == '_') => out,
        out => format!("X{out}"),
    };
    if syn::parse_str::<syn::Ident>(&out).is_ok() {
        out
    } else {
        format!("{out}_")
    }
}

/// `name` without quotes, every other character that cannot continue an identifier taken as
/// a word break, in `case`.
fn cased(name: &str, case: fn(&str) -> String) -> String {
    let cleaned: String = name
        .replace('\'', "")
        .chars()
        .map(|c| if unicode_continue(c) { c } else { '-' })
        .collect();
    match name {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => case(&cleaned),
    }
}

fn unicode_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The candidate closest to `name` by edit distance, if any is close enough to be
/// a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (distance(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (name.len().max(c.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_match_progenitor() {
        assert_eq!(method_name("deleteClusterToken"), "delete_cluster_token");
        assert_eq!(method_name("DeleteDatabaseToken"), "delete_database_token");
        assert_eq!(
            method_name("iamDeleteApiTokenV2"),
            "iam_delete_api_token_v2"
        );
        assert_eq!(method_name("delete-token"), method_name("delete_token"));
        assert_eq!(method_name("2fa"), "_2fa");
    }

    #[test]
    fn closest_finds_typos_only() {
        let known = ["TokenID", "ClientID"];
        assert_eq!(closest("TokenId", known), Some("TokenID"));
        assert_eq!(closest("Tokn", known), None);
        assert_eq!(closest("Something", known), None);
    }
}
