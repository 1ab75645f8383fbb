//! `alliance install` and `uninstall`: put a verified installer's payload into a prefix,
//! treating the archive as hostile, and take exactly that back out.
//!
//! [`install`] verifies first (as `alliance verify`), then reads the archive through
//! [`archive::read_checked`]: unsafe names, links, duplicates, entries larger than declared
//! and archives beyond the caps are refused. The payload (`<stem>/files/…`) is written to a
//! temporary folder beside the prefix, with an install receipt, and renamed into place only
//! when everything checked out: a failed install leaves the prefix as it was. [`uninstall`]
//! removes the files the receipt lists, keeping any the user has changed since.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::archive;
use crate::error::{Error, IoContext, Result};
use crate::verify::{self, Verification};

/// The receipt's file name inside the prefix.
pub const RECEIPT_FILE: &str = ".alliance-receipt.yaml";
/// The `schema` of a receipt.
pub const RECEIPT_SCHEMA: &str = "alliance.receipt/1";

/// What was installed, from where, signed by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always [`RECEIPT_SCHEMA`].
    pub schema: String,
    /// The installer's file name.
    pub artifact: String,
    pub package: String,
    pub version: String,
    pub release: String,
    /// SHA-256 of the installer.
    pub sha256: String,
    /// The trusted key that signed it.
    pub key: String,
    /// Every installed file, relative to the prefix: size, SHA-256, mode.
    pub files: BTreeMap<String, InstalledFile>,
}

/// One installed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalledFile {
    pub size: u64,
    pub sha256: String,
    /// Octal (`"0755"`).
    pub mode: String,
}

/// Why an install did not happen.
#[derive(Debug)]
pub enum Refused {
    /// The artifact failed verification.
    Unverified(Box<Verification>),
    /// The archive is hostile or damaged.
    Archive(String),
}

/// Verifies `artifact` and installs its payload into `prefix`.
pub fn install(
    artifact: &Path,
    prefix: &Path,
    options: &verify::Options,
) -> Result<std::result::Result<Receipt, Refused>> {
    let verification = verify::verify(artifact, options);
    if !verification.ok {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    }
    let Some(manifest) = verification.manifest.as_ref() else {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    };
    if prefix.exists()
        && std::fs::read_dir(prefix)
            .at("read", prefix)?
            .next()
            .is_some()
    {
        return Err(Error::Other(format!(
            "`{}` is not empty; install into a new folder, or `alliance uninstall --prefix {}` first",
            prefix.display(),
            prefix.display()
        )));
    }
    let parent = match prefix.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).at("create", &parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".alliance-install-")
        .tempdir_in(&parent)
        .at("create a folder in", &parent)?;

    let payload = format!(
        "{}/{}/",
        manifest.name.strip_suffix(".zip").unwrap_or(&manifest.name),
        crate::package::collect::FILES_DIR
    );
    let mut files = BTreeMap::new();
    let expected = verify::expected_entries(manifest);
    let mismatch = archive::read_checked(
        &verification.files.artifact,
        &expected,
        options.limits,
        |name, mode, data| {
            let Some(rel) = name.strip_prefix(&payload) else {
                return Ok(());
            };
            // `read_checked` only passes safe names; stay inside the staging folder whatever.
            if rel == RECEIPT_FILE
                || Path::new(rel)
                    .components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(Error::Other(format!(
                    "`{name}` cannot be installed under that name"
                )));
            }
            let path = staging.path().join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).at("create", dir)?;
            }
            write_new(&path, data, mode)?;
            files.insert(
                rel.to_string(),
                InstalledFile {
                    size: data.len() as u64,
                    sha256: archive::sha256_hex(data),
                    mode: format!("{mode:04o}"),
                },
            );
            Ok(())
        },
    )?;
    if !mismatch.is_empty() {
        // `staging` is removed when dropped: nothing was written outside it.
        return Ok(Err(Refused::Archive(mismatch.describe())));
    }
    let receipt = Receipt {
        schema: RECEIPT_SCHEMA.to_string(),
        artifact: manifest.name.clone(),
        package: manifest.package.clone(),
        version: manifest.version.clone(),
        release: manifest.release.clone(),
        sha256: manifest.sha256.clone(),
        key: verification.key.clone().unwrap_or_default(),
        files,
    };
    let receipt_path = staging.path().join(RECEIPT_FILE);
    std::fs::write(&receipt_path, crate::yaml::to_string(&receipt)?).at("write", &receipt_path)?;
    if prefix.exists() {
        std::fs::remove_dir(prefix).at("replace the empty folder", prefix)?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, prefix) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io("move the installed files to", prefix, e));
    }
    Ok(Ok(receipt))
}

/// Writes a new file with permissions `mode` (never set-user-id and the like).
fn write_new(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode & 0o777);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).at("create", path)?;
    file.write_all(data).at("write", path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o777))
            .at("set the mode of", path)?;
    }
    Ok(())
}

/// Whether `rel` under `prefix`, or any folder on the way to it, is a symbolic link.
fn crosses_link(prefix: &Path, rel: &str) -> bool {
    let mut path = prefix.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// What `uninstall` did.
#[derive(Debug, Default)]
pub struct Removed {
    /// The receipt's package and version.
    pub package: String,
    pub version: String,
    /// Files removed.
    pub removed: usize,
    /// Files kept because they changed since the install (relative paths).
    pub kept: Vec<String>,
    /// Whether the prefix itself is gone (it was empty at the end).
    pub prefix_removed: bool,
}

/// Removes what the receipt in `prefix` lists; files changed since are kept.
pub fn uninstall(prefix: &Path) -> Result<Removed> {
    let receipt_path = prefix.join(RECEIPT_FILE);
    let text = match std::fs::read_to_string(&receipt_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Other(format!(
                "`{}` has no install receipt (`{RECEIPT_FILE}`): alliance did not install it",
                prefix.display()
            )));
        }
        Err(e) => return Err(Error::io("read", &receipt_path, e)),
    };
    let receipt: Receipt = crate::yaml::parse(&receipt_path, &std::sync::Arc::from(text))
        .map_err(|p| Error::Invalid(vec![p]))?;
    let mut removed = Removed {
        package: receipt.package.clone(),
        version: receipt.version.clone(),
        ..Removed::default()
    };
    let mut dirs = std::collections::BTreeSet::new();
    for (rel, file) in &receipt.files {
        if archive::safe_name(rel).is_err() {
            removed.kept.push(rel.clone());
            continue;
        }
        let path = prefix.join(rel);
        // Never through a link: a folder replaced by a symbolic link would lead outside.
        if crosses_link(prefix, rel) {
            removed.kept.push(rel.clone());
            continue;
        }
        match std::fs::read(&path) {
            Ok(data) if archive::sha256_hex(&data) == file.sha256 => {
                std::fs::remove_file(&path).at("remove", &path)?;
                removed.removed += 1;
            }
            Ok(_) => removed.kept.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("read", &path, e)),
        }
        let mut dir = Path::new(rel).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    if removed.kept.is_empty() {
        std::fs::remove_file(&receipt_path).at("remove", &receipt_path)?;
    }
    // Deepest first; a folder that still holds anything stays, and none behind a link.
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if !crosses_link(prefix, &dir.to_string_lossy()) {
            let _ = std::fs::remove_dir(prefix.join(dir));
        }
    }
    removed.prefix_removed = std::fs::remove_dir(prefix).is_ok();
    Ok(removed)
}
