//! What is the same in both documents, found once, so that the walk skips it.
//!
//! A change inside a shared component is reported at every operation that reaches it, so the
//! walk goes through the same components again and again; on a large document (Stripe's, 2 MB)
//! walking all of them at every operation takes minutes. A reference is *unchanged* when it
//! points at equal JSON in both documents and every reference inside that JSON is unchanged
//! too (the largest such set: references in a cycle of unchanged components are unchanged). A
//! node equal in both documents whose references are all unchanged has nothing to report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::openapi::reference::resolve;

/// The references that point at the same thing in both documents.
pub(super) struct Unchanged {
    references: BTreeSet<String>,
}

impl Unchanged {
    pub(super) fn new(old: &Map<String, Value>, new: &Map<String, Value>) -> Self {
        let mut all = BTreeSet::new();
        for root in [old, new] {
            for value in root.values() {
                collect(value, &mut all);
            }
        }
        // Each reference that points at equal JSON, with the references inside it.
        let mut inside: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for reference in all {
            if let (Some(a), Some(b)) = (resolve(old, &reference), resolve(new, &reference))
                && a == b
            {
                let mut refs = BTreeSet::new();
                collect(a, &mut refs);
                inside.insert(reference, refs);
            }
        }
        // Drop those that reach a changed one, until none does.
        loop {
            let changed: Vec<String> = inside
                .iter()
                .filter(|(_, refs)| refs.iter().any(|r| !inside.contains_key(r)))
                .map(|(r, _)| r.clone())
                .collect();
            if changed.is_empty() {
                break;
            }
            for reference in changed {
                inside.remove(&reference);
            }
        }
        Self {
            references: inside.into_keys().collect(),
        }
    }

    /// Whether `old` and `new` are equal and everything they refer to is unchanged: there is
    /// nothing to report below them.
    pub(super) fn same(&self, old: &Value, new: &Value) -> bool {
        old == new && self.covers(old)
    }

    fn covers(&self, value: &Value) -> bool {
        match value {
            Value::Object(map) => map.iter().all(|(key, v)| match (key.as_str(), v) {
                ("$ref", Value::String(r)) => self.references.contains(r),
                _ => self.covers(v),
            }),
            Value::Array(list) => list.iter().all(|v| self.covers(v)),
            _ => true,
        }
    }
}

fn collect(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        out.insert(r.clone());
                    }
                    _ => collect(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_reference_is_unchanged_only_when_all_it_reaches_is() {
        let old = map(json!({"components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "string"},
            "C": {"properties": {"c": {"$ref": "#/components/schemas/C"}}},
        }}}));
        let mut new = old.clone();
        new["components"]["schemas"]["B"] = json!({"type": "integer"});
        let unchanged = Unchanged::new(&old, &new);
        let a = json!({"$ref": "#/components/schemas/A"});
        let c = json!({"$ref": "#/components/schemas/C"});
        assert!(!unchanged.same(&a, &a), "A reaches B, which changed");
        assert!(unchanged.same(&c, &c), "C refers only to itself");
        assert!(!unchanged.same(&c, &a));
    }
}
