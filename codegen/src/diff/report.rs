//! A comparison's changes, and how they are shown: text for people, JSON for tools, Markdown
//! for a changelog.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::{Change, Level, Semver};

/// Every change between two documents, in the order [`super::compare`] sorts them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The crate's version bump: the largest of the changes' ([`Semver::None`] when none).
    pub fn semver(&self) -> Semver {
        self.changes
            .iter()
            .map(|c| c.krate.semver)
            .max()
            .unwrap_or(Semver::None)
    }

    /// The worst wire level among the changes.
    pub fn worst(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }

    /// How many changes are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// One line: how many changes of each level, and the crate's bump.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no change to the API".to_string();
        }
        let counted = |level: Level, one: &str, many: &str| {
            let n = self.count(level);
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        };
        let parts: Vec<String> = [
            counted(Level::Error, "error", "errors"),
            counted(Level::Warning, "warning", "warnings"),
            counted(Level::Info, "info", "infos"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let n = self.changes.len();
        format!(
            "{n} change{} ({}); the crate needs a {} version",
            if n == 1 { "" } else { "s" },
            parts.join(", "),
            self.semver()
        )
    }

    /// The changes grouped by operation, the groups with the worst changes first, the
    /// document's own changes last.
    fn groups(&self) -> Vec<(Option<&super::Operation>, Vec<&Change>)> {
        // The changes are sorted by operation, then worst first (see `compare`): each run of
        // one operation is a group, already in order.
        let mut groups: Vec<(Option<&super::Operation>, Vec<&Change>)> = self
            .changes
            .chunk_by(|a, b| a.operation == b.operation)
            .map(|run| (run[0].operation.as_ref(), run.iter().collect()))
            .collect();
        groups.sort_by(|(a, ca), (b, cb)| {
            let worst = |c: &Vec<&Change>| c.iter().map(|c| c.level).max();
            (a.is_none(), std::cmp::Reverse(worst(ca)), a).cmp(&(
                b.is_none(),
                std::cmp::Reverse(worst(cb)),
                b,
            ))
        });
        groups
    }

    /// The report for people: the summary, then each operation and its changes, errors first,
    /// each with what it does to the crate where that differs from the wire.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (operation, changes) in self.groups() {
            match operation {
                Some(op) => {
                    let _ = writeln!(out, "{op}");
                }
                None => {
                    let _ = writeln!(out, "the document");
                }
            }
            for change in changes {
                let _ = writeln!(
                    out,
                    "  {:<7} {}: {}",
                    change.level.as_str(),
                    change.id,
                    change.message
                );
                if let Some(message) = &change.krate.message {
                    let _ = writeln!(out, "          crate ({}): {message}", change.krate.semver);
                }
            }
            out.push('\n');
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    /// The report for tools: `{"changes": [{"id", "level", "operation": {"method", "path"} or
    /// null, "message", "crate": {"semver", "message"}}], "semver"}`.
    pub fn json(&self) -> Value {
        serde_json::to_value(self.for_tools()).unwrap_or(Value::Null)
    }

    /// [`Report::json`] printed, with each object's fields in that order.
    pub fn json_text(&self) -> String {
        serde_json::to_string_pretty(&self.for_tools()).unwrap_or_default()
    }

    fn for_tools(&self) -> ForTools<'_> {
        ForTools {
            changes: self
                .changes
                .iter()
                .map(|c| ChangeForTools {
                    id: c.id,
                    level: c.level.as_str(),
                    operation: c.operation.as_ref().map(|op| OperationForTools {
                        method: &op.method,
                        path: &op.path,
                    }),
                    message: &c.message,
                    krate: CrateForTools {
                        semver: c.krate.semver.as_str(),
                        message: c.krate.message.as_deref(),
                    },
                })
                .collect(),
            semver: self.semver().as_str(),
        }
    }

    /// The report as a changelog's Markdown: a list per operation, each change with its level,
    /// id and crate effect.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for (operation, changes) in self.groups() {
            match operation {
                Some(op) => {
                    let _ = writeln!(out, "- `{op}`");
                }
                None => {
                    let _ = writeln!(out, "- The document");
                }
            }
            for change in changes {
                let _ = write!(
                    out,
                    "  - **{}** `{}`: {}",
                    change.level.as_str(),
                    change.id,
                    change.message
                );
                if let Some(message) = &change.krate.message {
                    let _ = write!(out, " (crate: {message})");
                }
                out.push('\n');
            }
        }
        out
    }
}

/// The JSON form's shape, field by field in the order it is printed.
#[derive(Serialize)]
struct ForTools<'r> {
    changes: Vec<ChangeForTools<'r>>,
    semver: &'static str,
}

#[derive(Serialize)]
struct ChangeForTools<'r> {
    id: &'static str,
    level: &'static str,
    operation: Option<OperationForTools<'r>>,
    message: &'r str,
    #[serde(rename = "crate")]
    krate: CrateForTools<'r>,
}

#[derive(Serialize)]
struct OperationForTools<'r> {
    method: &'r str,
    path: &'r str,
}

#[derive(Serialize)]
struct CrateForTools<'r> {
    semver: &'static str,
    message: Option<&'r str>,
}
