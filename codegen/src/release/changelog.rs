//! `CHANGELOG.md`: a preamble the generator writes, then one entry per version, newest first.
//!
//! The entries are the crate's history: the specs they compare are gone, so they cannot be
//! generated again. The generator writes the preamble anew each time, puts a new entry at the
//! top when it changes the version, and keeps the entries below as they are on disk. Nothing in
//! an entry depends on the time or the machine: the same run writes the same bytes.

use std::fmt::Write as _;

use crate::diff::Report;
use crate::version::Version;

/// Why a version got its entry.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'a> {
    /// The first entry of a changelog that did not exist: the version the crate has.
    Initial {
        /// The spec as the crate's files name it (`specs/netbird.json`).
        spec_label: &'a str,
        /// The spec's `info.version`.
        api_version: Option<&'a str>,
    },
    /// The spec changed.
    Spec {
        /// `info.version` before and after.
        api_versions: (Option<&'a str>, Option<&'a str>),
        /// What changed in the API (empty: the spec changed elsewhere).
        report: &'a Report,
    },
    /// The spec did not change, and the generated files did.
    Generator {
        /// The spec's `info.version`.
        api_version: Option<&'a str>,
        /// The files that changed, relative to the crate's folder, `/`-separated.
        files: &'a [String],
    },
}

impl Entry<'_> {
    /// The kind, as the entry's heading names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Entry::Initial { .. } => "initial entry",
            Entry::Spec { .. } => "spec change",
            Entry::Generator { .. } => "generator change",
        }
    }

    /// The entry for `version`: a `## ` heading with the version and the kind, then what
    /// changed; it ends with one line break.
    pub fn render(&self, version: Version) -> String {
        let mut out = format!("## {version} — {}\n\n", self.kind());
        let api = |v: Option<&str>| v.map_or_else(|| "none".to_string(), |v| format!("`{v}`"));
        match *self {
            Entry::Initial {
                spec_label,
                api_version,
            } => {
                let _ = writeln!(
                    out,
                    "Generated from `{spec_label}`, API version {}.",
                    api(api_version)
                );
            }
            Entry::Spec {
                api_versions: (old, new),
                report,
            } => {
                if old != new {
                    let _ = writeln!(out, "API version {} → {}.\n", api(old), api(new));
                }
                if report.is_empty() {
                    let _ = writeln!(
                        out,
                        "The spec changed elsewhere than in its API (descriptions, examples, extensions…): {}.",
                        report.summary()
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{}.\n\n{}",
                        report.summary(),
                        report.markdown().trim_end()
                    );
                }
            }
            Entry::Generator { api_version, files } => {
                let files: Vec<String> = files.iter().map(|f| format!("`{f}`")).collect();
                let _ = writeln!(
                    out,
                    "The spec is unchanged (API version {}); the generator, or how it was run, changed the generated files: {}.",
                    api(api_version),
                    files.join(", ")
                );
            }
        }
        out
    }
}

/// The preamble: the generated-file header, a title, and what the entries are.
pub fn preamble(header: &str, crate_name: &str) -> String {
    format!(
        "<!-- {header} -->\n\n# Changelog of `{crate_name}`\n\n\
         Newest first. `cargo xtask gen` adds an entry each time it changes the crate's version: \
         for a change of the spec, with what changed in the API and the rule of each change (as \
         `cargo xtask diff` reports them), or for a change of the generated code alone. The \
         entries already here are kept as they are.\n\n"
    )
}

/// The entries of a changelog's text: from its first `## ` heading on (empty when it has none).
pub fn entries(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            return &text[offset..];
        }
        offset += line.len();
    }
    ""
}

/// Everything before the entries: what the generator writes anew each time.
pub fn preamble_of(text: &str) -> &str {
    &text[..text.len() - entries(text).len()]
}

/// The version of the newest entry (the first heading), when it names one.
pub fn newest_version(text: &str) -> Option<Version> {
    entries(text)
        .lines()
        .next()?
        .strip_prefix("## ")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The changelog: `preamble`, then `entry` (newest), then the entries of `existing` (the text on
/// disk, if any) as they are.
pub fn render(preamble: &str, entry: Option<&str>, existing: Option<&str>) -> String {
    let kept = existing.map(entries).unwrap_or_default();
    let mut out = preamble.to_string();
    if let Some(entry) = entry {
        out.push_str(entry);
        if !kept.is_empty() {
            out.push('\n');
        }
    }
    out.push_str(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, CrateEffect, Level, Operation, Semver};

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    const PREAMBLE: &str = "<!-- @generated -->\n\n# Changelog\n\nNewest first.\n\n";

    #[test]
    fn a_new_entry_goes_first_and_the_entries_on_disk_are_kept_as_they_are() {
        let first = Entry::Initial {
            spec_label: "specs/api.yaml",
            api_version: Some("1.0"),
        }
        .render(Version::INITIAL);
        let one = render(PREAMBLE, Some(&first), None);
        assert_eq!(
            one,
            "<!-- @generated -->\n\n# Changelog\n\nNewest first.\n\n\
             ## 0.1.0 — initial entry\n\nGenerated from `specs/api.yaml`, API version `1.0`.\n"
        );
        assert_eq!(newest_version(&one), Some(Version::INITIAL));

        // An entry edited by hand, and a preamble the generator has since reworded.
        let on_disk = one.replace("# Changelog", "# Old title") + "A note added by hand.\n";
        let files = ["src/generated.rs".to_string()];
        let second = Entry::Generator {
            api_version: Some("1.0"),
            files: &files,
        }
        .render(v("0.1.1"));
        let two = render(PREAMBLE, Some(&second), Some(&on_disk));
        assert_eq!(
            two,
            format!(
                "{PREAMBLE}## 0.1.1 — generator change\n\nThe spec is unchanged (API version `1.0`); \
                 the generator, or how it was run, changed the generated files: `src/generated.rs`.\n\n\
                 ## 0.1.0 — initial entry\n\nGenerated from `specs/api.yaml`, API version `1.0`.\n\
                 A note added by hand.\n"
            )
        );
        assert_eq!(newest_version(&two), Some(v("0.1.1")));
        assert_eq!(preamble_of(&two), PREAMBLE);

        // Without a new entry, only the preamble is written anew.
        assert_eq!(render(PREAMBLE, None, Some(&on_disk)), {
            let mut expected = PREAMBLE.to_string();
            expected.push_str(entries(&on_disk));
            expected
        });
        assert_eq!(render(PREAMBLE, None, None), PREAMBLE);
    }

    #[test]
    fn a_spec_entry_has_the_api_versions_the_summary_and_every_change() {
        let report = Report {
            changes: vec![Change {
                id: "new-optional-request-parameter",
                level: Level::Info,
                operation: Some(Operation {
                    method: "DELETE".into(),
                    path: "/tokens/{id}".into(),
                }),
                message: "added the optional `query` request parameter `force`".into(),
                krate: CrateEffect {
                    semver: Semver::Major,
                    message: None,
                },
            }],
        };
        let entry = Entry::Spec {
            api_versions: (Some("1.0"), Some("1.1")),
            report: &report,
        }
        .render(v("0.2.0"));
        assert_eq!(
            entry,
            format!(
                "## 0.2.0 — spec change\n\nAPI version `1.0` → `1.1`.\n\n{}.\n\n{}",
                report.summary(),
                report.markdown()
            )
        );
        assert!(
            entry.contains("`new-optional-request-parameter`"),
            "{entry}"
        );

        let same_api = Entry::Spec {
            api_versions: (Some("1.0"), Some("1.0")),
            report: &Report::default(),
        }
        .render(v("0.1.1"));
        assert_eq!(
            same_api,
            "## 0.1.1 — spec change\n\nThe spec changed elsewhere than in its API (descriptions, examples, extensions…): no change to the API.\n"
        );
    }

    #[test]
    fn a_changelog_without_entries_has_no_newest_version() {
        assert_eq!(newest_version(PREAMBLE), None);
        assert_eq!(entries(PREAMBLE), "");
        assert_eq!(newest_version("## not-a-version\n"), None);
        assert_eq!(
            newest_version("# T\n\n## 2.0.1 — spec change\n"),
            Some(v("2.0.1"))
        );
    }
}
