//! Where the checks put what they find.

use super::{Change, CrateEffect, Level, Operation, Semver, rules};

/// The changes found so far, and the operation the checks are at.
pub(super) struct Sink<'c> {
    operation: Option<Operation>,
    out: &'c mut Vec<Change>,
}

impl<'c> Sink<'c> {
    /// Changes at `operation` (`None`: the document as a whole) go into `out`.
    pub(super) fn new(operation: Option<Operation>, out: &'c mut Vec<Change>) -> Self {
        Self { operation, out }
    }

    /// Records a change of the rule `id`: its level from [`rules::RULES`], its crate effect the
    /// rule's unless `krate` says more (and never less than the rule's).
    pub(super) fn emit(&mut self, id: &str, message: String, krate: Option<CrateEffect>) {
        let rule = rules::get(id);
        debug_assert!(rule.is_some(), "no rule `{id}` in diff::rules::RULES");
        let (id, level, semver) = match rule {
            Some(rule) => (rule.id, rule.level, rule.semver),
            // Not reached (every id is in the table, as the tests check); were it reached, the
            // change is still reported, as something that may break callers.
            None => ("unknown-change", Level::Warning, Semver::Major),
        };
        let krate = match krate {
            Some(effect) => CrateEffect {
                semver: effect.semver.max(semver),
                message: effect.message,
            },
            None => CrateEffect {
                semver,
                message: None,
            },
        };
        self.out.push(Change {
            id,
            level,
            operation: self.operation.clone(),
            message,
            krate,
        });
    }
}
