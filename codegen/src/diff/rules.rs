//! Every kind of change [`super::compare`] reports, in one table: its id, its wire level and
//! its crate effect when nothing more precise is known.
//!
//! Ids are oasdiff's where oasdiff has the rule (`request-parameter-became-required`,
//! `api-removed-without-deprecation`…), so that users who know it read ours alike; levels mean
//! what oasdiff's ERR, WARN and INFO mean. The crate effect is what the change does to the
//! generated crate's API: progenitor's positional methods take every parameter as an argument,
//! typify's structs have public fields and its enums are exhaustive, so many changes that are
//! compatible on the wire are `major` for the crate. Every `error` and `warning` is `major`: a
//! change that may break callers on the wire must not reach them through `cargo update`.
//!
//! Schema checks come in families, one per place a schema sits: `request-parameter-…`,
//! `request-body-…` (the body's own schema), `request-property-…`, `response-body-…` and
//! `response-property-…`; the request and response families differ in which way is breaking
//! (a shorter `maxLength` breaks a request, a longer one a response).

use super::{Level, Semver};

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable, kebab-case.
    pub id: &'static str,
    /// Its effect on callers on the wire.
    pub level: Level,
    /// Its effect on the generated crate, unless the change says more precisely.
    pub semver: Semver,
    /// What it is, for the docs.
    pub summary: &'static str,
}

use Level::{Error as E, Info as I, Warning as W};
use Semver::{Major, Minor, Patch};

const fn rule(id: &'static str, level: Level, semver: Semver, summary: &'static str) -> Rule {
    Rule {
        id,
        level,
        semver,
        summary,
    }
}

/// The checks on a schema the client sends, for one family (`request-parameter`…).
macro_rules! request_schema_rules {
    ($prefix:literal, $what:literal) => {
        [
            rule(
                concat!($prefix, "-type-changed"),
                E,
                Major,
                concat!($what, "'s type or format changed"),
            ),
            rule(
                concat!($prefix, "-type-generalized"),
                I,
                Major,
                concat!(
                    $what,
                    "'s type was widened (`integer` to `number`, `int32` to `int64`)"
                ),
            ),
            rule(
                concat!($prefix, "-list-of-types-narrowed"),
                E,
                Major,
                concat!($what, " allows fewer of its 3.1 `type` list"),
            ),
            rule(
                concat!($prefix, "-list-of-types-widened"),
                I,
                Major,
                concat!($what, " allows more types in its 3.1 `type` list"),
            ),
            rule(
                concat!($prefix, "-became-enum"),
                E,
                Major,
                concat!($what, " became an enum"),
            ),
            rule(
                concat!($prefix, "-enum-value-added"),
                I,
                Major,
                concat!($what, " allows a new enum value (a new variant)"),
            ),
            rule(
                concat!($prefix, "-enum-value-removed"),
                E,
                Major,
                concat!($what, " no longer allows an enum value"),
            ),
            rule(
                concat!($prefix, "-enum-removed"),
                I,
                Major,
                concat!(
                    $what,
                    " is no longer an enum: any value of its type is allowed"
                ),
            ),
            rule(
                concat!($prefix, "-max-length-decreased"),
                E,
                Major,
                concat!($what, "'s `maxLength` decreased"),
            ),
            rule(
                concat!($prefix, "-max-length-increased"),
                I,
                Patch,
                concat!($what, "'s `maxLength` increased"),
            ),
            rule(
                concat!($prefix, "-max-length-set"),
                W,
                Major,
                concat!($what, " got a `maxLength`"),
            ),
            rule(
                concat!($prefix, "-min-length-increased"),
                E,
                Major,
                concat!($what, "'s `minLength` increased"),
            ),
            rule(
                concat!($prefix, "-min-length-decreased"),
                I,
                Patch,
                concat!($what, "'s `minLength` decreased"),
            ),
            rule(
                concat!($prefix, "-pattern-added"),
                W,
                Major,
                concat!($what, " got a `pattern`"),
            ),
            rule(
                concat!($prefix, "-pattern-removed"),
                I,
                Patch,
                concat!($what, "'s `pattern` was removed"),
            ),
            rule(
                concat!($prefix, "-pattern-changed"),
                W,
                Major,
                concat!($what, "'s `pattern` changed"),
            ),
            rule(
                concat!($prefix, "-max-decreased"),
                E,
                Major,
                concat!($what, "'s `maximum` decreased"),
            ),
            rule(
                concat!($prefix, "-max-increased"),
                I,
                Patch,
                concat!($what, "'s `maximum` increased"),
            ),
            rule(
                concat!($prefix, "-max-set"),
                W,
                Major,
                concat!($what, " got a `maximum`"),
            ),
            rule(
                concat!($prefix, "-min-increased"),
                E,
                Major,
                concat!($what, "'s `minimum` increased"),
            ),
            rule(
                concat!($prefix, "-min-decreased"),
                I,
                Patch,
                concat!($what, "'s `minimum` decreased"),
            ),
            rule(
                concat!($prefix, "-min-set"),
                W,
                Major,
                concat!($what, " got a `minimum`"),
            ),
            rule(
                concat!($prefix, "-max-items-decreased"),
                E,
                Major,
                concat!($what, "'s `maxItems` decreased"),
            ),
            rule(
                concat!($prefix, "-min-items-increased"),
                E,
                Major,
                concat!($what, "'s `minItems` increased"),
            ),
            rule(
                concat!($prefix, "-became-nullable"),
                I,
                Major,
                concat!($what, " accepts `null` (an `Option` in Rust)"),
            ),
            rule(
                concat!($prefix, "-became-not-nullable"),
                E,
                Major,
                concat!($what, " no longer accepts `null`"),
            ),
            rule(
                concat!($prefix, "-default-value-changed"),
                I,
                Patch,
                concat!($what, "'s `default` changed"),
            ),
            rule(
                concat!($prefix, "-one-of-added"),
                I,
                Major,
                concat!($what, " allows a new `oneOf` schema"),
            ),
            rule(
                concat!($prefix, "-one-of-removed"),
                E,
                Major,
                concat!($what, " no longer allows a `oneOf` schema"),
            ),
            rule(
                concat!($prefix, "-any-of-added"),
                I,
                Major,
                concat!($what, " allows a new `anyOf` schema"),
            ),
            rule(
                concat!($prefix, "-any-of-removed"),
                E,
                Major,
                concat!($what, " no longer allows an `anyOf` schema"),
            ),
        ]
    };
}

/// The checks on a schema the client receives, for one family (`response-property`…).
macro_rules! response_schema_rules {
    ($prefix:literal, $what:literal) => {
        [
            rule(
                concat!($prefix, "-type-changed"),
                E,
                Major,
                concat!($what, "'s type or format changed"),
            ),
            rule(
                concat!($prefix, "-list-of-types-widened"),
                E,
                Major,
                concat!($what, " may be of more types (3.1 `type` list)"),
            ),
            rule(
                concat!($prefix, "-list-of-types-narrowed"),
                I,
                Major,
                concat!($what, " may be of fewer types (3.1 `type` list)"),
            ),
            rule(
                concat!($prefix, "-enum-value-added"),
                W,
                Major,
                concat!(
                    $what,
                    " may have a new enum value, which the old crate cannot read"
                ),
            ),
            rule(
                concat!($prefix, "-enum-value-removed"),
                I,
                Major,
                concat!($what, " no longer has an enum value (a variant goes)"),
            ),
            rule(
                concat!($prefix, "-became-enum"),
                I,
                Major,
                concat!($what, " became an enum (a Rust enum instead of its type)"),
            ),
            rule(
                concat!($prefix, "-enum-removed"),
                W,
                Major,
                concat!(
                    $what,
                    " is no longer an enum: it may have values the old crate cannot read"
                ),
            ),
            rule(
                concat!($prefix, "-max-length-increased"),
                E,
                Major,
                concat!($what, "'s `maxLength` increased"),
            ),
            rule(
                concat!($prefix, "-max-length-unset"),
                E,
                Major,
                concat!($what, "'s `maxLength` was removed"),
            ),
            rule(
                concat!($prefix, "-min-length-decreased"),
                E,
                Major,
                concat!($what, "'s `minLength` decreased"),
            ),
            rule(
                concat!($prefix, "-pattern-added"),
                I,
                Patch,
                concat!($what, " got a `pattern`"),
            ),
            rule(
                concat!($prefix, "-pattern-removed"),
                W,
                Major,
                concat!($what, "'s `pattern` was removed"),
            ),
            rule(
                concat!($prefix, "-pattern-changed"),
                W,
                Major,
                concat!($what, "'s `pattern` changed"),
            ),
            rule(
                concat!($prefix, "-max-increased"),
                E,
                Major,
                concat!($what, "'s `maximum` increased"),
            ),
            rule(
                concat!($prefix, "-max-unset"),
                E,
                Major,
                concat!($what, "'s `maximum` was removed"),
            ),
            rule(
                concat!($prefix, "-min-decreased"),
                E,
                Major,
                concat!($what, "'s `minimum` decreased"),
            ),
            rule(
                concat!($prefix, "-min-unset"),
                E,
                Major,
                concat!($what, "'s `minimum` was removed"),
            ),
            rule(
                concat!($prefix, "-max-items-increased"),
                E,
                Major,
                concat!($what, "'s `maxItems` increased"),
            ),
            rule(
                concat!($prefix, "-min-items-decreased"),
                E,
                Major,
                concat!($what, "'s `minItems` decreased"),
            ),
            rule(
                concat!($prefix, "-became-nullable"),
                E,
                Major,
                concat!($what, " may be `null`"),
            ),
            rule(
                concat!($prefix, "-became-not-nullable"),
                I,
                Major,
                concat!($what, " is never `null` any more (no longer an `Option`)"),
            ),
            rule(
                concat!($prefix, "-one-of-added"),
                I,
                Major,
                concat!($what, " may be of a new `oneOf` schema"),
            ),
            rule(
                concat!($prefix, "-one-of-removed"),
                I,
                Major,
                concat!($what, " is no longer of a `oneOf` schema"),
            ),
            rule(
                concat!($prefix, "-any-of-added"),
                I,
                Major,
                concat!($what, " may be of a new `anyOf` schema"),
            ),
            rule(
                concat!($prefix, "-any-of-removed"),
                I,
                Major,
                concat!($what, " is no longer of an `anyOf` schema"),
            ),
        ]
    };
}

const DOCUMENT: [Rule; 11] = [
    rule(
        "api-global-security-added",
        I,
        Patch,
        "a security requirement was added to the whole document",
    ),
    rule(
        "api-global-security-removed",
        I,
        Patch,
        "a security requirement of the whole document was removed",
    ),
    rule(
        "api-global-security-scope-added",
        I,
        Patch,
        "a security requirement of the whole document asks for a new OAuth scope",
    ),
    rule(
        "api-global-security-scope-removed",
        I,
        Patch,
        "a security requirement of the whole document no longer asks for an OAuth scope",
    ),
    rule(
        "api-security-component-added",
        I,
        Minor,
        "a security scheme was added (a new `ClientBuilder` method)",
    ),
    rule(
        "api-security-component-removed",
        I,
        Major,
        "a security scheme was removed (its `ClientBuilder` method goes)",
    ),
    rule(
        "api-security-component-type-changed",
        W,
        Major,
        "a security scheme's type or place changed",
    ),
    rule("api-server-added", I, Patch, "a server was added"),
    rule(
        "api-server-removed",
        W,
        Major,
        "a server was removed; the first server is the client's default base URL",
    ),
    rule(
        "api-schema-added",
        I,
        Minor,
        "a component schema was added (a new type)",
    ),
    rule(
        "api-schema-removed",
        I,
        Major,
        "a component schema was removed (its type goes)",
    ),
];

const OPERATIONS: [Rule; 17] = [
    rule(
        "endpoint-added",
        I,
        Minor,
        "an operation was added (a new method)",
    ),
    rule(
        "api-path-removed-without-deprecation",
        E,
        Major,
        "a path was removed without being deprecated first",
    ),
    rule(
        "api-path-removed-before-sunset",
        E,
        Major,
        "a deprecated path was removed before its `x-sunset` date",
    ),
    rule(
        "api-path-removed-with-deprecation",
        I,
        Major,
        "a deprecated path was removed (its methods go)",
    ),
    rule(
        "api-removed-without-deprecation",
        E,
        Major,
        "an operation was removed without being deprecated first",
    ),
    rule(
        "api-removed-before-sunset",
        E,
        Major,
        "a deprecated operation was removed before its `x-sunset` date",
    ),
    rule(
        "api-removed-with-deprecation",
        I,
        Major,
        "a deprecated operation was removed (its method goes)",
    ),
    rule(
        "endpoint-deprecated",
        I,
        Minor,
        "an operation was deprecated",
    ),
    rule(
        "endpoint-reactivated",
        I,
        Patch,
        "an operation is no longer deprecated",
    ),
    rule(
        "api-operation-id-removed",
        I,
        Patch,
        "an operation's `operationId` changed or was removed (its method is renamed)",
    ),
    rule(
        "api-operation-id-added",
        I,
        Patch,
        "an operation got an `operationId` (its method is renamed)",
    ),
    rule("api-tag-added", I, Patch, "an operation got a tag"),
    rule("api-tag-removed", I, Patch, "an operation lost a tag"),
    rule(
        "api-security-added",
        I,
        Patch,
        "an operation got a security requirement",
    ),
    rule(
        "api-security-scope-added",
        I,
        Patch,
        "a security requirement of an operation asks for a new OAuth scope",
    ),
    rule(
        "api-security-scope-removed",
        I,
        Patch,
        "a security requirement of an operation no longer asks for an OAuth scope",
    ),
    rule(
        "api-security-removed",
        I,
        Patch,
        "a security requirement of an operation was removed",
    ),
];

const PARAMETERS: [Rule; 5] = [
    rule(
        "new-required-request-parameter",
        E,
        Major,
        "a required parameter was added",
    ),
    rule(
        "new-optional-request-parameter",
        I,
        Major,
        "an optional parameter was added (a new argument of the method)",
    ),
    rule(
        "request-parameter-removed",
        W,
        Major,
        "a parameter was removed (an argument goes)",
    ),
    rule(
        "request-parameter-became-required",
        E,
        Major,
        "a parameter became required (`Option<T>` becomes `T`)",
    ),
    rule(
        "request-parameter-became-optional",
        I,
        Major,
        "a parameter became optional (`T` becomes `Option<T>`)",
    ),
];

const BODIES: [Rule; 7] = [
    rule(
        "request-body-added-required",
        E,
        Major,
        "a required request body was added",
    ),
    rule(
        "request-body-added-optional",
        I,
        Major,
        "an optional request body was added (a new argument)",
    ),
    rule(
        "request-body-removed",
        W,
        Major,
        "the request body was removed (an argument goes)",
    ),
    rule(
        "request-body-became-required",
        E,
        Major,
        "the request body became required",
    ),
    rule(
        "request-body-became-optional",
        I,
        Patch,
        "the request body became optional",
    ),
    rule(
        "request-body-media-type-added",
        I,
        Minor,
        "the request body may be sent as a new media type",
    ),
    rule(
        "request-body-media-type-removed",
        E,
        Major,
        "the request body may no longer be sent as a media type",
    ),
];

const PROPERTIES: [Rule; 11] = [
    rule(
        "new-required-request-property",
        E,
        Major,
        "a required property was added to what the client sends",
    ),
    rule(
        "new-optional-request-property",
        I,
        Major,
        "an optional property was added to what the client sends (a new struct field)",
    ),
    rule(
        "request-property-removed",
        W,
        Major,
        "a property was removed from what the client sends",
    ),
    rule(
        "request-property-became-required",
        E,
        Major,
        "a property the client sends became required",
    ),
    rule(
        "request-property-became-optional",
        I,
        Major,
        "a property the client sends became optional (`T` becomes `Option<T>`)",
    ),
    rule(
        "response-required-property-added",
        I,
        Major,
        "a required property was added to a response (a new struct field)",
    ),
    rule(
        "response-optional-property-added",
        I,
        Major,
        "an optional property was added to a response (a new struct field)",
    ),
    rule(
        "response-required-property-removed",
        E,
        Major,
        "a required property was removed from a response",
    ),
    rule(
        "response-optional-property-removed",
        W,
        Major,
        "an optional property was removed from a response",
    ),
    rule(
        "response-property-became-optional",
        E,
        Major,
        "a response property became optional",
    ),
    rule(
        "response-property-became-required",
        I,
        Major,
        "a response property became required (`Option<T>` becomes `T`)",
    ),
];

const RESPONSES: [Rule; 9] = [
    rule(
        "response-success-status-added",
        I,
        Patch,
        "a success status was added",
    ),
    rule(
        "response-success-status-removed",
        E,
        Major,
        "a success status was removed",
    ),
    rule(
        "response-non-success-status-added",
        I,
        Patch,
        "an error status was added",
    ),
    rule(
        "response-non-success-status-removed",
        I,
        Patch,
        "an error status was removed",
    ),
    rule(
        "required-response-header-removed",
        E,
        Major,
        "a response header the server promised (`required`) was removed",
    ),
    rule(
        "optional-response-header-removed",
        W,
        Major,
        "a response header was removed",
    ),
    rule(
        "response-header-became-optional",
        E,
        Major,
        "a response header the server promised (`required`) became optional",
    ),
    rule(
        "response-media-type-added",
        I,
        Minor,
        "a response may come as a new media type",
    ),
    rule(
        "response-media-type-removed",
        E,
        Major,
        "a response no longer comes as a media type",
    ),
];

const REQUEST_PARAMETER: [Rule; 31] = request_schema_rules!("request-parameter", "a parameter");
const REQUEST_BODY: [Rule; 31] = request_schema_rules!("request-body", "the request body");
const REQUEST_PROPERTY: [Rule; 31] =
    request_schema_rules!("request-property", "a property the client sends");
const RESPONSE_BODY: [Rule; 25] = response_schema_rules!("response-body", "a response body");
const RESPONSE_PROPERTY: [Rule; 25] =
    response_schema_rules!("response-property", "a response property");

/// Every rule, grouped as the docs list them.
pub const RULES: &[&[Rule]] = &[
    &OPERATIONS,
    &PARAMETERS,
    &REQUEST_PARAMETER,
    &BODIES,
    &REQUEST_BODY,
    &PROPERTIES,
    &REQUEST_PROPERTY,
    &RESPONSES,
    &RESPONSE_BODY,
    &RESPONSE_PROPERTY,
    &DOCUMENT,
];

/// Every rule, in the order of [`RULES`].
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|group| group.iter())
}

/// The rule `id`, if the table has it.
pub fn get(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = BTreeSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "`{}` twice", rule.id);
            assert!(
                rule.id
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "`{}` is not kebab-case",
                rule.id
            );
        }
    }

    #[test]
    fn what_may_break_callers_is_major_for_the_crate() {
        for rule in all().filter(|r| r.level >= Level::Warning) {
            assert_eq!(rule.semver, Semver::Major, "{}", rule.id);
        }
    }
}
