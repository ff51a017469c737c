//! Each generated crate's version and changelog, and why its files differ from the disk.
//!
//! A crate records, in its own folder, what it was generated from and what was generated
//! ([`record`]): a copy of the spec, the fingerprint of each file, its version in `Cargo.toml`,
//! and [`changelog`]. [`prepare`] reads that record back, next to the files the generator makes
//! now, and decides:
//!
//! - **the version**: the one on disk (0.1.0 for a new crate), bumped when what the crate ships
//!   changes ([`Version::bump`]): by the change report's [`Semver`] ([`crate::diff::compare`]
//!   of the recorded copy and the spec), at least a patch, when the spec changed; by a patch
//!   when the spec did not and the generator's output did; not at all otherwise (a crate with
//!   no record yet is recorded at the version it has);
//! - **the changelog**: a new entry at the top for every bump, an initial one when there is no
//!   changelog;
//! - **the drift**: why each file on disk differs ([`Cause`]): the spec changed, the file was
//!   edited by hand (its fingerprint on disk is not the recorded one: restoring it bumps
//!   nothing), or the generator changed (same spec, another output than the recorded one).
//!
//! Everything it returns is only planned: [`crate::write::sync`] writes it, all or nothing.

pub mod changelog;
pub mod record;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::Client;
use crate::diff::{Report, Semver};
use crate::emit::CrateSpec;
use crate::error::Result;
use crate::version::Version;
use crate::write::Drift;
use changelog::Entry;
use record::{CHANGELOG, MANIFEST, Record, SPEC_COPY};

/// How the spec compares with the copy the crate recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecChange {
    /// There is no crate yet: it is created at 0.1.0.
    New,
    /// The crate has no copy of its spec that can be trusted (it was made before the generator
    /// recorded one, or the copy was edited by hand or removed): it gets one, and keeps its
    /// version.
    Unrecorded,
    /// The spec is the one recorded.
    Unchanged,
    /// The spec differs from the one recorded.
    Changed {
        /// What changed in the API (empty when the spec changed only elsewhere).
        report: Report,
        /// `info.version`, recorded and now.
        api_versions: (Option<String>, Option<String>),
    },
}

/// Why a generated file differs from the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// The crate is new.
    New,
    /// The spec changed.
    Spec,
    /// The file was edited, added or removed by hand.
    HandEdit,
    /// The spec did not change, and the generator's output did.
    Generator,
    /// The crate has no record to tell why (see [`SpecChange::Unrecorded`]).
    Unrecorded,
}

/// One crate's version, and what its record says of the files on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// The crate's folder, relative to the root its files are synced against (empty for a
    /// standalone crate).
    pub dir: PathBuf,
    /// The spec as the crate's files name it (`specs/netbird.json`).
    pub spec_label: String,
    /// The version on disk: `Cargo.toml`'s, else the changelog's newest entry's.
    pub previous: Option<Version>,
    /// The version the crate gets.
    pub version: Version,
    /// The bump from `previous` (or 0.1.0) to `version`.
    pub semver: Semver,
    /// The spec against the recorded copy.
    pub spec: SpecChange,
    /// Recorded files whose fingerprint on disk is not the recorded one, or that are gone;
    /// relative to the crate's folder.
    pub hand_edited: Vec<PathBuf>,
    /// Files the generator now writes with another fingerprint than the recorded one, writes
    /// and did not, or no longer writes; relative to the crate's folder, empty when nothing is
    /// recorded.
    pub regenerated: Vec<PathBuf>,
    /// The files the record lists, relative to the crate's folder.
    pub recorded: Vec<PathBuf>,
}

impl Release {
    /// Why `drift` is there, if it is about a file of this crate.
    pub fn cause_of(&self, drift: &Drift) -> Option<Cause> {
        let path = drift.path().strip_prefix(&self.dir).ok()?;
        if self.hand_edited.iter().any(|p| p == path) {
            return Some(Cause::HandEdit);
        }
        if matches!(drift, Drift::Extra { .. })
            && !self.recorded.is_empty()
            && !self.recorded.iter().any(|p| p == path)
        {
            return Some(Cause::HandEdit);
        }
        Some(match &self.spec {
            SpecChange::New => Cause::New,
            SpecChange::Changed { .. } => Cause::Spec,
            SpecChange::Unrecorded => Cause::Unrecorded,
            // The version bumped or the output changed: the generator's; else the disk differs
            // from a record the output matches, so what differs was edited by hand.
            SpecChange::Unchanged if !self.regenerated.is_empty() => Cause::Generator,
            SpecChange::Unchanged => Cause::HandEdit,
        })
    }

    /// `path`, relative to the crate's folder, as relative to the sync root.
    pub fn in_root(&self, path: &Path) -> PathBuf {
        self.dir.join(path)
    }
}

/// The spec's `info.version`.
fn api_version(spec: &Value) -> Option<String> {
    spec.get("info")?
        .get("version")?
        .as_str()
        .map(ToString::to_string)
}

/// The files of the crate in `root/dir` (relative to its folder) generated from `client` and
/// `spec` (the document as [`crate::diff::read`] gives it), at the version its record calls
/// for, with its record and changelog; and what the record says of the disk.
pub fn prepare(
    root: &Path,
    dir: &Path,
    client: &Client,
    krate: &CrateSpec,
    spec: &Value,
) -> Result<(BTreeMap<PathBuf, String>, Release)> {
    let crate_dir = root.join(dir);
    let record = Record::read(&crate_dir)?;

    let mut hand_edited = Vec::new();
    for (key, recorded) in record.fingerprints.iter().flatten() {
        let path = record::path(key);
        let on_disk = record::read_if_there(&crate_dir.join(&path))?;
        if on_disk
            .map(|text| record::fingerprint(&path, &text))
            .as_ref()
            != Some(recorded)
        {
            hand_edited.push(path);
        }
    }
    if record.manifest.is_some()
        && !record.manifest_intact
        && !hand_edited.iter().any(|p| p == Path::new(MANIFEST))
    {
        hand_edited.push(PathBuf::from(MANIFEST));
    }
    hand_edited.sort();

    let copy_trusted = !hand_edited.iter().any(|p| p == Path::new(SPEC_COPY));
    let recorded_spec = record
        .spec_copy
        .as_deref()
        .filter(|_| copy_trusted)
        .and_then(|text| record::read_spec_copy(&crate_dir.join(SPEC_COPY), text));
    let spec_change = match recorded_spec {
        _ if record.is_empty() => SpecChange::New,
        None => SpecChange::Unrecorded,
        Some(old) if old == *spec => SpecChange::Unchanged,
        Some(old) => SpecChange::Changed {
            report: crate::diff::compare(&old, spec),
            api_versions: (api_version(&old), api_version(spec)),
        },
    };

    let previous = record.version();
    let header = crate::emit::header(krate);
    let preamble = changelog::preamble(&header, &krate.name);
    let copy = record::spec_copy(&crate_dir.join(SPEC_COPY), &header, spec)?;
    let emit_at = |version: Version| -> Result<BTreeMap<PathBuf, String>> {
        let mut files = crate::emit::emit(
            client,
            &CrateSpec {
                version,
                ..krate.clone()
            },
        )?;
        files.insert(PathBuf::from(SPEC_COPY), copy.clone());
        // Only the preamble counts in the fingerprint; the entries are added below.
        files.insert(PathBuf::from(CHANGELOG), preamble.clone());
        Ok(files)
    };

    // The settings' version, where it is larger than the crate's, is where the crate goes on.
    let base = match (previous, krate.package.version) {
        (Some(previous), Some(floor)) => previous.max(floor),
        (previous, floor) => previous.or(floor).unwrap_or(Version::INITIAL),
    };
    let mut files = emit_at(base)?;
    let fingerprints: BTreeMap<String, String> = files
        .iter()
        .map(|(path, text)| (record::key(path), record::fingerprint(path, text)))
        .collect();
    let regenerated: Vec<PathBuf> = match &record.fingerprints {
        Some(recorded) => {
            let mut keys: Vec<&String> = recorded.keys().chain(fingerprints.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| recorded.get(*k) != fingerprints.get(*k))
                .map(|k| record::path(k))
                .collect()
        }
        None => Vec::new(),
    };

    let semver = match &spec_change {
        SpecChange::Changed { report, .. } => report.semver().max(Semver::Patch),
        SpecChange::Unchanged if !regenerated.is_empty() => Semver::Patch,
        _ => Semver::None,
    };
    let version = base.bump(semver);
    if version != base {
        files = emit_at(version)?;
    }

    let spec_version = api_version(spec);
    let regenerated_keys: Vec<String> = regenerated.iter().map(|p| record::key(p)).collect();
    let entry = match &spec_change {
        _ if semver == Semver::None => record.changelog.is_none().then_some(Entry::Initial {
            spec_label: &krate.spec_label,
            api_version: spec_version.as_deref(),
        }),
        SpecChange::Changed {
            report,
            api_versions,
        } => Some(Entry::Spec {
            api_versions: (api_versions.0.as_deref(), api_versions.1.as_deref()),
            report,
        }),
        _ => Some(Entry::Generator {
            api_version: spec_version.as_deref(),
            files: &regenerated_keys,
        }),
    };
    let entry = entry.map(|e| e.render(version));
    files.insert(
        PathBuf::from(CHANGELOG),
        changelog::render(&preamble, entry.as_deref(), record.changelog.as_deref()),
    );
    if let Some(manifest) = files.get_mut(Path::new(MANIFEST)) {
        manifest.push_str(&record::fingerprint_table(&fingerprints));
    }

    let release = Release {
        dir: dir.to_path_buf(),
        spec_label: krate.spec_label.clone(),
        previous,
        version,
        semver,
        spec: spec_change,
        hand_edited,
        regenerated,
        recorded: record
            .fingerprints
            .iter()
            .flatten()
            .map(|(k, _)| record::path(k))
            .collect(),
    };
    Ok((files, release))
}
