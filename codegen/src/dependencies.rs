//! The crates generated code may refer to, with the requirement written for each, and which
//! of them a generated module does refer to.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A crate the generated code may use, with the requirement written for it.
#[derive(Clone, Copy, Debug)]
pub struct Dependency {
    /// The package name in `Cargo.toml`.
    pub package: &'static str,
    /// The name paths in Rust code start with.
    pub path_root: &'static str,
    /// The TOML value of the requirement; the root `Cargo.toml`'s
    /// `[workspace.dependencies]` must hold the same (a test checks).
    pub requirement: &'static str,
}

/// Every crate progenitor's and typify's output can refer to.
pub const DEPENDENCIES: &[Dependency] = &[
    Dependency {
        package: "base64",
        path_root: "base64",
        requirement: r#""0.23.1""#,
    },
    Dependency {
        package: "bytes",
        path_root: "bytes",
        requirement: r#""1.11.1""#,
    },
    Dependency {
        package: "chrono",
        path_root: "chrono",
        requirement: r#"{ version = "0.4.42", default-features = false, features = ["serde", "std"] }"#,
    },
    Dependency {
        package: "futures",
        path_root: "futures",
        requirement: r#""0.3.31""#,
    },
    Dependency {
        package: "percent-encoding",
        path_root: "percent_encoding",
        requirement: r#""2.3.2""#,
    },
    Dependency {
        package: "progenitor-client",
        path_root: "progenitor_client",
        requirement: r#""=0.15.1""#,
    },
    Dependency {
        package: "rand",
        path_root: "rand",
        requirement: r#""0.10.4""#,
    },
    Dependency {
        package: "regress",
        path_root: "regress",
        requirement: r#""0.12.0""#,
    },
    Dependency {
        package: "reqwest",
        path_root: "reqwest",
        requirement: r#"{ version = "0.13.5", features = ["json", "query"] }"#,
    },
    Dependency {
        package: "serde",
        path_root: "serde",
        requirement: r#"{ version = "1.0.228", features = ["derive"] }"#,
    },
    Dependency {
        package: "serde_json",
        path_root: "serde_json",
        requirement: r#""1.0.145""#,
    },
    Dependency {
        package: "tokio",
        path_root: "tokio",
        requirement: r#"{ version = "1.54.0", features = ["time"] }"#,
    },
    Dependency {
        package: "uuid",
        path_root: "uuid",
        requirement: r#"{ version = "1.18.1", features = ["serde"] }"#,
    },
];

/// The crates `file` refers to, in [`DEPENDENCIES`] order.
///
/// Every path root counts, including those inside attributes (`#[derive(::serde::Serialize)]`)
/// and macro calls, whose tokens a syntax-tree visitor does not parse: those are scanned as
/// tokens.
pub fn of(file: &syn::File) -> Vec<&'static Dependency> {
    let mut roots = Roots::default();
    roots.visit_file(file);
    DEPENDENCIES
        .iter()
        .filter(|d| roots.0.contains(d.path_root))
        .collect()
}

/// The first segments of the paths found.
#[derive(Default)]
struct Roots(BTreeSet<String>);

impl Roots {
    /// Identifiers followed by `::`, or preceded by a `::` that follows no identifier.
    fn scan(&mut self, stream: &TokenStream) {
        let tokens: Vec<TokenTree> = stream.clone().into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Group(g) => self.scan(&g.stream()),
                TokenTree::Ident(ident) => {
                    let followed_by_path = matches!(
                        (tokens.get(i + 1), tokens.get(i + 2)),
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                            if a.as_char() == ':' && b.as_char() == ':'
                    );
                    let preceded_by_path = i >= 1
                        && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':')
                        && (i < 3 || !matches!(&tokens[i - 3], TokenTree::Ident(_)));
                    if followed_by_path || preceded_by_path {
                        self.0.insert(ident.to_string());
                    }
                }
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Roots {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if (path.leading_colon.is_some() || path.segments.len() > 1)
            && let Some(first) = path.segments.first()
        {
            self.0.insert(first.ident.to_string());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_use_path(&mut self, path: &'ast syn::UsePath) {
        self.0.insert(path.ident.to_string());
        syn::visit::visit_use_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_macro(self, mac);
        self.scan(&mac.tokens);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        syn::visit::visit_meta_list(self, list);
        self.scan(&list.tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_in_paths_attributes_and_macros() {
        let file: syn::File = syn::parse_quote! {
            use progenitor_client::ByteStream;
            #[derive(::serde::Serialize)]
            pub struct S {
                pub at: ::chrono::DateTime<::chrono::Utc>,
                pub name: String,
            }
            fn f() {
                let _ = format!("{}", ::uuid::Uuid::nil());
            }
        };
        let found: Vec<&str> = of(&file).iter().map(|d| d.package).collect();
        assert_eq!(found, ["chrono", "progenitor-client", "serde", "uuid"]);
    }
}
