//! Vendor packages: `packages/<id>/package.yaml` and the payload under `packages/<id>/files/`.
//!
//! [`load_all`] reads and validates every package ([`def`]) and resolves its payload
//! ([`collect`]) into a [`Package`], collecting every problem. Building installers from a
//! package is the release stage's work.

pub mod collect;
pub mod def;

use std::path::{Path, PathBuf};

pub use collect::PayloadFile;
pub use def::Target;

use crate::error::{Error, IoContext, Problem, Result};
use crate::yaml;

/// The folder holding one folder per package.
pub const PACKAGES_DIR: &str = "packages";

/// The name of a package's definition file.
pub const PACKAGE_FILE: &str = "package.yaml";

/// One validated package.
#[derive(Debug, Clone)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub vendor: String,
    /// A semantic version.
    pub version: String,
    pub description: String,
    /// The licence file.
    pub license: PathBuf,
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
    /// The payload, sorted by path.
    pub files: Vec<PayloadFile>,
}

/// Loads every `packages/*/package.yaml`, sorted by id.
pub fn load_all(root: &Path, problems: &mut Vec<Problem>) -> Result<Vec<Package>> {
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
        if let Some(package) = load_one(root, &folder, problems)? {
            packages.push(package);
        }
    }
    Ok(packages)
}

fn load_one(root: &Path, dir: &Path, problems: &mut Vec<Problem>) -> Result<Option<Package>> {
    let path = dir.join(PACKAGE_FILE);
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    if !path.is_file() {
        problems.push(
            Problem::new(&rel, format!("the package folder has no `{PACKAGE_FILE}`"))
                .with_help("create it with `alliance init-package ID`, or remove the folder"),
        );
        return Ok(None);
    }
    let source = crate::workspace::read_text(&path)?;
    let file: def::PackageFile = match yaml::parse(&rel, &source) {
        Ok(file) => file,
        Err(problem) => {
            problems.push(problem);
            return Ok(None);
        }
    };
    let checked = def::validate(dir, &rel, &source, &file, problems);
    let files = collect::collect(dir, &rel, &source, &file.files, problems)?;
    let mut targets = file.targets.clone();
    targets.sort();
    targets.dedup();
    let id = file.id.value.clone();
    Ok(Some(Package {
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
        vendor: file.vendor,
        version: checked.version,
        description: file.description.trim().to_string(),
        license: dir.join(&file.license.value),
        homepage: file.homepage,
        targets,
        locales: file.locales,
        localized: file.localized,
        max_size: checked.max_size,
        files,
        id,
    }))
}
