//! A generated crate's version, and the rule that bumps it.
//!
//! The version lives in the crate's `Cargo.toml` (see [`crate::release`]); the generator reads
//! it back, and bumps it by a [`Semver`] as Cargo reads versions: below 1.0 the minor number is
//! the one that breaks (`0.1.3` → `0.2.0` for a major change; any other change bumps the
//! patch), from 1.0 on the usual semantic versioning.

use std::fmt;
use std::str::FromStr;

use crate::diff::Semver;

/// `MAJOR.MINOR.PATCH`, without pre-release or build metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Breaking changes from 1.0 on.
    pub major: u64,
    /// Additions from 1.0 on; breaking changes before.
    pub minor: u64,
    /// Everything else.
    pub patch: u64,
}

impl Version {
    /// The version of a crate generated for the first time.
    pub const INITIAL: Version = Version {
        major: 0,
        minor: 1,
        patch: 0,
    };

    /// The version after a change of this kind.
    ///
    /// Below 1.0, [`Semver::Major`] bumps the minor number and anything else the patch (Cargo
    /// takes `0.2.0` as incompatible with `0.1.x`, and `0.1.4` as compatible with `0.1.3`); from
    /// 1.0 on, each bumps its own number and resets those after it. [`Semver::None`] keeps the
    /// version.
    pub fn bump(self, change: Semver) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        let next = |n: u64| n.saturating_add(1);
        match (change, major) {
            (Semver::None, _) => self,
            (Semver::Major, 0) => Version::new(0, next(minor), 0),
            (Semver::Minor | Semver::Patch, 0) => Version::new(0, minor, next(patch)),
            (Semver::Major, _) => Version::new(next(major), 0, 0),
            (Semver::Minor, _) => Version::new(major, next(minor), 0),
            (Semver::Patch, _) => Version::new(major, minor, next(patch)),
        }
    }

    const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Why a version string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl FromStr for Version {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.contains(['-', '+']) {
            return Err(ParseError(
                "the generator bumps only `MAJOR.MINOR.PATCH` versions, without pre-release or build metadata".into(),
            ));
        }
        let parts: Vec<&str> = s.split('.').collect();
        let [major, minor, patch] = parts[..] else {
            return Err(ParseError(
                "a version is three numbers, `MAJOR.MINOR.PATCH`".into(),
            ));
        };
        let number = |part: &str| -> Result<u64, ParseError> {
            // Semantic versioning allows no leading zeros, and no sign.
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            if !digits || (part.len() > 1 && part.starts_with('0')) {
                return Err(ParseError(format!(
                    "`{part}` is not a number without leading zeros"
                )));
            }
            part.parse()
                .map_err(|_| ParseError(format!("`{part}` is too large")))
        };
        Ok(Version::new(number(major)?, number(minor)?, number(patch)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn below_1_0_a_major_change_bumps_the_minor_and_anything_else_the_patch() {
        assert_eq!(v("0.1.3").bump(Semver::Major), v("0.2.0"));
        assert_eq!(v("0.1.3").bump(Semver::Minor), v("0.1.4"));
        assert_eq!(v("0.1.3").bump(Semver::Patch), v("0.1.4"));
        assert_eq!(v("0.1.3").bump(Semver::None), v("0.1.3"));
        assert_eq!(v("0.0.7").bump(Semver::Major), v("0.1.0"));
        assert_eq!(v("0.0.7").bump(Semver::Patch), v("0.0.8"));
        assert_eq!(Version::INITIAL.bump(Semver::Major), v("0.2.0"));
    }

    #[test]
    fn from_1_0_on_each_change_bumps_its_own_number() {
        assert_eq!(v("1.4.2").bump(Semver::Major), v("2.0.0"));
        assert_eq!(v("1.4.2").bump(Semver::Minor), v("1.5.0"));
        assert_eq!(v("1.4.2").bump(Semver::Patch), v("1.4.3"));
        assert_eq!(v("1.4.2").bump(Semver::None), v("1.4.2"));
        assert_eq!(v("3.0.0").bump(Semver::Minor), v("3.1.0"));
    }

    #[test]
    fn versions_read_and_print_alike_and_others_are_refused_with_a_reason() {
        assert_eq!(v("0.1.0"), Version::INITIAL);
        assert_eq!(v("12.0.345").to_string(), "12.0.345");
        for (bad, reason) in [
            ("1.0", "three numbers"),
            ("1.0.0.0", "three numbers"),
            ("", "three numbers"),
            ("1.0.0-rc.1", "pre-release"),
            ("1.0.0+build", "pre-release"),
            ("01.0.0", "leading zeros"),
            ("1.x.0", "`x` is not a number"),
            ("1..0", "`` is not a number"),
            ("1.0.99999999999999999999", "too large"),
        ] {
            let error = bad.parse::<Version>().unwrap_err().to_string();
            assert!(error.contains(reason), "{bad}: {error}");
        }
    }
}
