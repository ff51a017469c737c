//! The `specs/` → `clients/` layout of this workspace, and standalone crates.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::emit::{CrateSpec, Layout};
use crate::error::{Error, Result};
use crate::release::{Cause, Release};
use crate::version::Version;
use crate::write::{Drift, FileSet};

/// Where the specs are, relative to the workspace root.
pub const SPECS_DIR: &str = "specs";
/// Where the generated clients go, relative to the workspace root.
pub const CLIENTS_DIR: &str = "clients";
/// The command that regenerates the workspace's clients.
pub const COMMAND: &str = "cargo xtask gen";

/// The extension of a spec's settings file, beside it with the same stem (`specs/netbird.toml`).
pub const SETTINGS_EXTENSION: &str = "toml";

/// One spec in `specs/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The client's name: the file name without its extension (`netbird`).
    pub name: String,
    /// The spec's path relative to the workspace root (`specs/netbird.json`).
    pub path: PathBuf,
    /// Its settings file relative to the workspace root (`specs/netbird.toml`), when there is
    /// one: a `.toml` file of `specs/` whose stem is the spec's. Any other `.toml` there (such
    /// as `specs/upstream.toml`, `cargo xtask upstream`'s manifest) is no spec's settings.
    pub settings: Option<PathBuf>,
}

impl Spec {
    /// The generated crate's default package name (`netbird-client`), which the settings
    /// file's `package.name` replaces.
    pub fn crate_name(&self) -> String {
        format!("{}-client", self.name)
    }

    /// The generated crate's folder relative to the workspace root (`clients/netbird`).
    pub fn client_dir(&self) -> PathBuf {
        Path::new(CLIENTS_DIR).join(&self.name)
    }
}

/// Generated files, ready for [`crate::write::sync`], and the warnings met on the way.
#[derive(Debug, Default)]
pub struct Plan {
    /// The files, relative to the root they are synced against.
    pub files: FileSet,
    /// Warnings about the specs, in spec order.
    pub warnings: Vec<Diagnostic>,
    /// Each crate's version and what its record says of the disk, in spec order.
    pub releases: Vec<Release>,
}

impl Plan {
    /// The crate `drift` is about, and why it is there.
    pub fn cause(&self, drift: &Drift) -> Option<(&Release, Cause)> {
        // The crate with the longest folder holding the file (a standalone crate's is empty).
        self.releases
            .iter()
            .filter_map(|r| r.cause_of(drift).map(|c| (r, c)))
            .max_by_key(|(r, _)| r.dir.components().count())
    }
}

/// The workspace rooted at a folder holding `specs/` and `clients/`.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// The workspace at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The workspace's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every spec in `specs/` (`.yaml`, `.yml` or `.json`), sorted by name.
    pub fn specs(&self) -> Result<Vec<Spec>> {
        let dir = self.root.join(SPECS_DIR);
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        let mut specs: Vec<Spec> = Vec::new();
        let mut tomls: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
            let file_name = PathBuf::from(entry.file_name());
            if let Some(stem) = file_name.file_stem().filter(|_| {
                file_name
                    .extension()
                    .is_some_and(|e| e == SETTINGS_EXTENSION)
            }) {
                tomls.push(stem.to_string_lossy().into_owned());
                continue;
            }
            let is_spec = file_name
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| {
                    ["yaml", "yml", "json"].contains(&e.to_ascii_lowercase().as_str())
                });
            if !is_spec {
                continue;
            }
            let name = file_name
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            specs.push(Spec {
                name,
                path: Path::new(SPECS_DIR).join(&file_name),
                settings: None,
            });
        }
        for spec in &mut specs {
            if tomls.contains(&spec.name) {
                spec.settings =
                    Some(Path::new(SPECS_DIR).join(format!("{}.{SETTINGS_EXTENSION}", spec.name)));
            }
        }
        specs.sort_by(|a, b| a.name.cmp(&b.name).then(a.path.cmp(&b.path)));
        if let Some(pair) = specs.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(Error::DuplicateSpec {
                name: pair[0].name.clone(),
                first: pair[0].path.clone(),
                second: pair[1].path.clone(),
            });
        }
        Ok(specs)
    }

    /// Generates the clients named in `only` (every spec when empty).
    ///
    /// Every selected spec is generated before anything is returned; when any
    /// fails, the error lists every failure and there is nothing to write.
    pub fn plan(&self, only: &[String]) -> Result<Plan> {
        let all = self.specs()?;
        let unknown: Vec<&String> = only
            .iter()
            .filter(|n| !all.iter().any(|s| &s.name == *n))
            .collect();
        if !unknown.is_empty() {
            return Err(Error::UnknownClient {
                names: unknown.into_iter().cloned().collect(),
                known: all.iter().map(|s| s.name.clone()).collect(),
            });
        }
        let selected: Vec<&Spec> = all
            .iter()
            .filter(|s| only.is_empty() || only.contains(&s.name))
            .collect();

        let mut plan = Plan::default();
        plan.files.owned_dirs = if only.is_empty() {
            vec![PathBuf::from(CLIENTS_DIR)]
        } else {
            selected.iter().map(|s| s.client_dir()).collect()
        };
        let mut errors = Vec::new();
        for spec in selected {
            let options = match &spec.settings {
                Some(file) => match read_settings(&self.root, file) {
                    Ok(options) => options,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                },
                None => crate::settings::Options::default(),
            };
            let krate = CrateSpec {
                name: options
                    .package
                    .name
                    .clone()
                    .unwrap_or_else(|| spec.crate_name()),
                spec_label: spec.path.display().to_string().replace('\\', "/"),
                command: COMMAND.to_string(),
                layout: Layout::Workspace,
                version: Version::INITIAL,
                examples: options.examples.clone(),
                package: options.package.clone(),
            };
            // The workspace's own specs are kept correct: never lenient.
            let settings = crate::Settings {
                lenient: false,
                options,
            };
            let place = Place {
                root: &self.root,
                dir: &spec.client_dir(),
            };
            match generate_crate(
                &self.root.join(&spec.path),
                &spec.path,
                &krate,
                &settings,
                place,
            ) {
                Ok(generated) => {
                    for (rel, contents) in generated.files {
                        plan.files
                            .files
                            .insert(spec.client_dir().join(rel), contents);
                    }
                    plan.warnings.extend(generated.warnings);
                    plan.releases.push(generated.release);
                }
                Err(e) => errors.push(e),
            }
        }
        match errors.len() {
            0 => Ok(plan),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }
}

/// Reads the settings file at `file` (relative to `root`, and named so in diagnostics).
fn read_settings(root: &Path, file: &Path) -> Result<crate::settings::Options> {
    crate::settings::read::read(&root.join(file), file)
}

/// Generates a crate that builds on its own, outside any workspace, for trying an API.
///
/// The returned plan's paths are relative to `out`. Files already in `out` that
/// the generator does not produce are left alone. `settings_file` is the crate's settings
/// file (`--settings`), whose options replace those of `settings`; its `package.name` is the
/// crate's name unless `name` is given.
pub fn standalone(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    settings_file: Option<&Path>,
    settings: &crate::Settings,
) -> Result<Plan> {
    let mut settings = settings.clone();
    if let Some(file) = settings_file {
        settings.options = read_settings(Path::new(""), file)?;
    }
    let settings = &settings;
    let default_name = settings
        .options
        .package
        .name
        .clone()
        .or_else(|| out.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "client".to_string());
    let mut command = format!(
        "{COMMAND} --spec {} --out {}",
        spec.display(),
        out.display()
    );
    let name = match name {
        Some(given) if given != default_name => {
            command.push_str(&format!(" --name {given}"));
            given.to_string()
        }
        _ => default_name,
    };
    if let Some(file) = settings_file {
        command.push_str(&format!(" --settings {}", file.display()));
    }
    if settings.lenient {
        command.push_str(" --lenient");
    }
    let krate = CrateSpec {
        name,
        spec_label: spec.display().to_string(),
        command: command.replace('\\', "/"),
        layout: Layout::Standalone,
        version: Version::INITIAL,
        examples: settings.options.examples.clone(),
        package: settings.options.package.clone(),
    };
    let place = Place {
        root: out,
        dir: Path::new(""),
    };
    let generated = generate_crate(spec, spec, &krate, settings, place)?;
    Ok(Plan {
        files: FileSet {
            files: generated.files,
            owned_dirs: Vec::new(),
        },
        warnings: generated.warnings,
        releases: vec![generated.release],
    })
}

/// Where a crate goes: `dir` under `root`, the folder its files are synced against.
#[derive(Clone, Copy)]
struct Place<'a> {
    root: &'a Path,
    dir: &'a Path,
}

/// A crate's files (relative to its folder), the warnings about its spec, and its release.
struct Generated {
    files: std::collections::BTreeMap<PathBuf, String>,
    warnings: Vec<Diagnostic>,
    release: Release,
}

/// Reads `read_from`, naming it `shown_as` in diagnostics, and emits the crate at the version
/// its record in `place` calls for (see [`crate::release`]).
fn generate_crate(
    read_from: &Path,
    shown_as: &Path,
    krate: &CrateSpec,
    settings: &crate::Settings,
    place: Place<'_>,
) -> Result<Generated> {
    crate::emit::check_crate_name(&krate.name)?;
    let bytes = crate::load::read(read_from)?;
    let source = crate::load::parse_with(shown_as, &bytes, settings.lenient)?;
    // The document as the diff reads it, for the copy the crate records: parsed once, its
    // references to other files brought in (from beside the file itself).
    let document = crate::diff::bundled(read_from, source.value.clone());
    let client = crate::client_from_source_with(source, settings)?;
    let (files, release) =
        crate::release::prepare(place.root, place.dir, &client, krate, &document)?;
    Ok(Generated {
        files,
        warnings: client.warnings,
        release,
    })
}
