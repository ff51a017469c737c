//! The crates generated code may refer to, with the requirement written for each, and which
//! of them a generated module refers to, by progenitor's and typify's own account.

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

/// Every crate progenitor's and typify's output, or the runtime crate, can depend on.
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
        package: "clap",
        path_root: "clap",
        requirement: r#"{ version = "4.6.1", features = ["derive"] }"#,
    },
    Dependency {
        package: "futures",
        path_root: "futures",
        requirement: r#""0.3.31""#,
    },
    Dependency {
        package: "h2",
        path_root: "h2",
        requirement: r#""0.4.20""#,
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
        requirement: r#"{ version = "0.13.5", features = ["form", "json", "multipart", "query"] }"#,
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
        package: "tracing",
        path_root: "tracing",
        requirement: r#"{ version = "0.1.44", default-features = false, features = ["std"] }"#,
    },
    Dependency {
        package: "uuid",
        path_root: "uuid",
        requirement: r#"{ version = "1.18.1", features = ["serde"] }"#,
    },
    // Optional: the runtime's `mock` feature (typed mocks), which each client's turns on.
    Dependency {
        package: "wiremock",
        path_root: "wiremock",
        requirement: r#""0.6.5""#,
    },
];

/// What progenitor and typify say their output uses, beyond what every client uses
/// (`progenitor-client`, `reqwest`): their own account, which progenitor's command-line tool
/// writes its `Cargo.toml` from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Types (serialized with `serde`), typify's or the back end's.
    pub types: bool,
    /// Date and time types (`format: date-time`, `date`).
    pub chrono: bool,
    /// `format: uuid`.
    pub uuid: bool,
    /// Patterns, checked with `regress`.
    pub regress: bool,
    /// Untyped JSON values.
    pub serde_json: bool,
    /// Paginated streams.
    pub futures: bool,
    /// WebSocket upgrades (the key is random and in base64).
    pub websockets: bool,
}

/// The crates generated code with these `uses` refers to, in [`DEPENDENCIES`] order.
pub fn of(uses: Uses) -> Vec<&'static Dependency> {
    DEPENDENCIES
        .iter()
        .filter(|d| match d.package {
            "progenitor-client" | "reqwest" => true,
            "serde" => uses.types,
            "chrono" => uses.chrono,
            "uuid" => uses.uuid,
            "regress" => uses.regress,
            "serde_json" => uses.serde_json,
            "futures" => uses.futures,
            "base64" | "rand" => uses.websockets,
            _ => false,
        })
        .collect()
}

/// The crates a Rust path (`::uuid::Uuid`) may start with in generated code: the standard
/// library's, and those of [`DEPENDENCIES`]; `None` for a path of one segment (a name in scope,
/// such as a derive of the prelude).
pub fn path_root(path: &syn::Path) -> Option<String> {
    (path.segments.len() > 1 || path.leading_colon.is_some())
        .then(|| path.segments.first().map(|s| s.ident.to_string()))
        .flatten()
}

/// Whether generated code may name a path starting with the crate `root`: the standard
/// library, or one of [`DEPENDENCIES`], which the crate then depends on.
pub fn is_known_root(root: &str) -> bool {
    ["std", "core", "alloc"].contains(&root) || DEPENDENCIES.iter().any(|d| d.path_root == root)
}

/// The dependencies named by the roots of `paths` (see [`path_root`]), added to `dependencies`
/// in [`DEPENDENCIES`] order.
pub fn with_paths<'p>(
    mut dependencies: Vec<&'static Dependency>,
    paths: impl IntoIterator<Item = &'p syn::Path>,
) -> Vec<&'static Dependency> {
    for root in paths.into_iter().filter_map(path_root) {
        if let Some(d) = DEPENDENCIES.iter().find(|d| d.path_root == root)
            && !dependencies.iter().any(|e| e.package == d.package)
        {
            dependencies.push(d);
        }
    }
    dependencies.sort_by_key(|d| DEPENDENCIES.iter().position(|e| e.package == d.package));
    dependencies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_used_is_depended_on() {
        let packages = |uses| of(uses).iter().map(|d| d.package).collect::<Vec<_>>();
        assert_eq!(packages(Uses::default()), ["progenitor-client", "reqwest"]);
        assert_eq!(
            packages(Uses {
                types: true,
                chrono: true,
                websockets: true,
                ..Uses::default()
            }),
            [
                "base64",
                "chrono",
                "progenitor-client",
                "rand",
                "reqwest",
                "serde"
            ]
        );
        let uuid: syn::Path = syn::parse_quote!(::uuid::Uuid);
        let eq: syn::Path = syn::parse_quote!(PartialEq);
        let named: Vec<&str> = with_paths(of(Uses::default()), [&uuid, &eq])
            .iter()
            .map(|d| d.package)
            .collect();
        assert_eq!(named, ["progenitor-client", "reqwest", "uuid"]);
        assert!(is_known_root("std") && !is_known_root("my_crate"));
    }
}
