//! Vendor packages: `packages/<id>/package.yaml` and the payload under `packages/<id>/files/`.
//!
//! [`load_all`] reads and validates every package ([`def`]) and resolves its payload
//! ([`collect`]) into a [`Package`], collecting every problem. Building installers from a
//! package is the release stage's work.

pub mod collect;
pub mod deb;
pub mod def;
pub mod scaffold;
pub mod scripts;

use std::path::{Path, PathBuf};

pub use collect::PayloadFile;
pub use def::Target;

use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::yaml;

/// The folder holding one folder per package.
pub const PACKAGES_DIR: &str = "packages";

/// The name of a package's definition file.
pub const PACKAGE_FILE: &str = "package.yaml";
/// The folder of a package that holds its payload.
pub const FILES_DIR: &str = "files";

/// One validated package.
#[derive(Debug, Clone)]
pub struct Package {
    /// The package id, its folder's name under `packages/`.
    pub id: String,
    /// Its `package.yaml`, relative to the workspace.
    pub definition: PathBuf,
    /// The product's name, as shops show it.
    pub name: String,
    /// Who makes the product.
    pub vendor: String,
    /// A semantic version.
    pub version: String,
    /// One or two sentences about the product.
    pub description: String,
    /// The Fluent message that translates the name, if any.
    pub name_message: Option<String>,
    /// The Fluent message that translates the description, if any.
    pub description_message: Option<String>,
    /// The licence file.
    pub license: PathBuf,
    /// The product's web address, if it has one.
    pub homepage: Option<String>,
    /// Sorted, without duplicates.
    pub targets: Vec<Target>,
    /// Languages the product supports.
    pub locales: Vec<String>,
    /// Default install location on Unix.
    pub prefix_unix: String,
    /// Default install location on Windows.
    pub prefix_windows: String,
    /// Built as one bundle per locale.
    pub localized: bool,
    /// Size budget of each artifact in bytes.
    pub max_size: Option<u64>,
    /// How hard to compress its artifacts (`compression:`).
    pub compression: crate::archive::stream::Level,
    /// The payload, sorted by path.
    pub files: Vec<PayloadFile>,
    /// The vendor's scripts (`scripts:`), by hook and target.
    pub scripts: Vec<scripts::Script>,
    /// What it is built as (`formats:`), sorted.
    pub formats: Vec<def::Format>,
    /// Who maintains its native packages (`maintainer:`).
    pub maintainer: Option<String>,
    /// What its Debian package depends on (`depends.deb`).
    pub deb_depends: Vec<String>,
}

impl Package {
    /// The payload as archive entries named `<under>/<path>`, each read from its file at
    /// the size it was listed with.
    pub fn payload_inputs(&self, under: &str) -> Vec<crate::archive::stream::Input> {
        self.files
            .iter()
            .map(|file| crate::archive::stream::Input {
                name: format!("{under}/{}", file.rel),
                mode: file.mode,
                source: crate::archive::stream::Source::File(file.path.clone()),
                listed_size: Some(file.size),
            })
            .collect()
    }
}

/// Loads every `packages/*/package.yaml`, sorted by id.
/// `messages`: the reference locale's message ids, which `name_message` and
/// `description_message` must name.
pub fn load_all(
    root: &Path,
    messages: &std::collections::HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Package>> {
    let dir = root.join(PACKAGES_DIR);
    let mut folders = Vec::new();
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry.at("read", &dir)?;
                if entry.file_type().at("read", &entry.path())?.is_dir() {
                    folders.push(entry.path());
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("read", &dir, e)),
    }
    folders.sort();
    let mut packages = Vec::new();
    for folder in folders {
        if let Some(package) = load_one(root, &folder, messages, problems)? {
            packages.push(package);
        }
    }
    let mut seen: std::collections::HashMap<&str, &Package> = std::collections::HashMap::new();
    for package in &packages {
        if let Some(first) = seen.insert(&package.id, package) {
            problems.push(
                Problem::new(
                    package.definition.clone(),
                    format!(
                        "the id `{}` is also the id of `{}`",
                        package.id,
                        first.definition.display()
                    ),
                )
                .with_help("every package needs its own id (and folder)"),
            );
        }
    }
    problems.extend(deb::clashes(&packages));
    Ok(packages)
}

fn load_one(
    root: &Path,
    dir: &Path,
    messages: &std::collections::HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Result<Option<Package>> {
    let path = dir.join(PACKAGE_FILE);
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    if !path.is_file() {
        problems.push(
            Problem::new(&rel, format!("the package folder has no `{PACKAGE_FILE}`"))
                .with_help("create it with `alliance init-package ID`, or remove the folder"),
        );
        return Ok(None);
    }
    let source = crate::diagnostic::source::read_text(&path)?;
    let Some(file) = def::read(&rel, &source, problems) else {
        return Ok(None);
    };
    let checked = def::validate(dir, &rel, &source, &file, problems);
    check_messages(&rel, &source, &file, messages, problems);
    let files = collect::collect(dir, &rel, &source, &file.files, problems)?;
    let mut targets = file.targets.clone();
    targets.sort();
    targets.dedup();
    let generated = scripts::generated_names(root, &targets);
    scripts::generated_clashes(&rel, &files, &generated, problems);
    let scripts = scripts::validate(dir, &rel, &source, &file.scripts, &targets, problems);
    let id = file.id.value.clone();
    Ok(Some(Package {
        definition: rel.clone(),
        prefix_unix: file
            .prefix
            .unix
            .clone()
            .unwrap_or_else(|| format!("/opt/{id}")),
        prefix_windows: file
            .prefix
            .windows
            .clone()
            .unwrap_or_else(|| format!("%ProgramFiles%\\{}", file.name)),
        name: file.name,
        vendor: file.vendor.value,
        version: checked.version,
        description: file.description.value.trim().to_string(),
        name_message: file.name_message.as_ref().map(|m| m.value.clone()),
        description_message: file.description_message.as_ref().map(|m| m.value.clone()),
        license: dir.join(&file.license.value),
        homepage: file.homepage,
        targets,
        locales: file.locales,
        localized: file.localized,
        max_size: checked.max_size,
        compression: checked.compression,
        files,
        scripts,
        formats: checked.formats,
        maintainer: file.maintainer.as_ref().map(|m| m.value.clone()),
        deb_depends: file.depends.iter().map(|d| d.value.clone()).collect(),
        id,
    }))
}

/// `name_message` and `description_message` of `file` name messages of the reference
/// locale (`messages`).
fn check_messages(
    rel: &Path,
    source: &std::sync::Arc<str>,
    file: &def::PackageFile,
    messages: &std::collections::HashSet<String>,
    problems: &mut Vec<Problem>,
) {
    for message in [&file.name_message, &file.description_message]
        .into_iter()
        .flatten()
    {
        if !messages.contains(&message.value) {
            problems.push(
                yaml::problem_at(
                    rel,
                    source,
                    message,
                    format!(
                        "there is no message `{}` in the reference locale",
                        message.value
                    ),
                )
                .with_help(
                    crate::diagnostic::suggest::did_you_mean(&message.value, messages.iter())
                        .unwrap_or_else(|| {
                            format!(
                                "add `{} = …` to a file of the reference locale",
                                message.value
                            )
                        }),
                ),
            );
        }
    }
}
