//! `alliance install` and `uninstall`: put a verified installer's payload into a prefix,
//! treating the archive as hostile, and take exactly that back out.
//!
//! [`install`] verifies first (as `alliance verify`), then reads the archive through
//! [`archive::read_checked`]: unsafe names, links, duplicates, entries larger than declared
//! and archives beyond the caps are refused. The payload the manifest declares
//! ([`ArtifactManifest::payload`](crate::manifest::ArtifactManifest::payload): `<stem>/files/…`
//! and a bundle's `<stem>/locales/<locale>/…`) is written to a
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
    // Every name is checked before anything is written, parent folders included.
    if let Some(why) = unfit_names(manifest, prefix) {
        return Ok(Err(Refused::Archive(why)));
    }
    let parent = verify::folder_of(prefix);
    let created = create_folders(&parent)?;
    let result = stage_and_switch(&verification, manifest, &parent, prefix, options);
    if !matches!(result, Ok(Ok(_))) {
        // Nothing is left behind: not even the folders made to hold the prefix.
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// The staging folder beside the prefix: `.alliance-install-XXXXXX`.
const STAGING_PREFIX: &str = ".alliance-install-";

/// The longest path most systems take (Linux `PATH_MAX` is 4096 bytes with its NUL).
const MAX_PATH_BYTES: usize = 4095;

/// Why some payload entry cannot be installed into `prefix`, if one cannot: it is named
/// like the receipt, its path would be too long, or two entries would install to the same
/// path (a bundle's `files/locales/<locale>/x.ftl` and `locales/<locale>/x.ftl`), or to a
/// file and a folder of one name. (Names unsafe anywhere, and names that clash inside the
/// archive, were refused when the archive was verified.)
fn unfit_names(manifest: &crate::manifest::ArtifactManifest, prefix: &Path) -> Option<String> {
    // Files are written under the staging folder beside the prefix, then renamed: the
    // longer of the two paths must fit.
    let staging_len = verify::folder_of(prefix).as_os_str().len() + 1 + STAGING_PREFIX.len() + 6;
    let prefix_len = prefix.as_os_str().len().max(staging_len);
    let mut unfit = Vec::new();
    // Installed paths (lowercased: one file on Windows and macOS) -> the entry, and the
    // folders they need.
    let mut targets: BTreeMap<String, &str> = BTreeMap::new();
    let mut folders: BTreeMap<String, &str> = BTreeMap::new();
    for (file, rel) in manifest.payload() {
        let lower = rel.to_lowercase();
        if let Some(other) = targets.insert(lower.clone(), &file.path) {
            unfit.push(format!(
                "`{other}` and `{}` would both be installed as `{rel}`",
                file.path
            ));
        }
        let mut folder = lower.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            folders.entry(parent.to_string()).or_insert(&file.path);
            folder = parent;
        }
    }
    for (path, entry) in &targets {
        if let Some(other) = folders.get(path) {
            unfit.push(format!(
                "`{entry}` would be installed as a file where `{other}` needs a folder"
            ));
        }
    }
    for (file, rel) in manifest.payload() {
        if rel.eq_ignore_ascii_case(RECEIPT_FILE) {
            unfit.push(format!(
                "`{}` has the name of the install receipt",
                file.path
            ));
        } else if prefix_len + 1 + rel.len() > MAX_PATH_BYTES {
            unfit.push(format!(
                "`{}` would be installed under a path longer than {MAX_PATH_BYTES} bytes",
                file.path
            ));
        }
    }
    (!unfit.is_empty()).then(|| unfit.join("; "))
}

/// Creates `dir` and its missing parents; returns the folders it created, outermost first.
fn create_folders(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut current = Some(dir);
    while let Some(d) = current.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        current = d.parent();
    }
    missing.reverse();
    for (i, d) in missing.iter().enumerate() {
        if let Err(e) = std::fs::create_dir(d)
            && !d.is_dir()
        {
            for made in missing[..i].iter().rev() {
                let _ = std::fs::remove_dir(made);
            }
            return Err(Error::io("create", d, e));
        }
    }
    Ok(missing)
}

/// Writes the payload and the receipt into a temporary folder beside the prefix, then
/// renames it into place.
fn stage_and_switch(
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    parent: &Path,
    prefix: &Path,
    options: &verify::Options,
) -> Result<std::result::Result<Receipt, Refused>> {
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(parent)
        .at("create a folder in", parent)?;
    let mut files = BTreeMap::new();
    let mut unwritable = None;
    let expected = verify::expected_entries(manifest);
    let read = archive::read_checked(
        &verification.files.artifact,
        &expected,
        options.limits,
        |name, mode, data| {
            let Some(rel) = manifest.payload_path(name) else {
                return Ok(());
            };
            // `read_checked` only passes safe names; stay inside the staging folder whatever.
            let inside = Path::new(rel)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            let path = staging.path().join(rel);
            let written = if inside {
                write_staged(&path, data, mode)
            } else {
                Err(std::io::Error::other("not a plain relative path"))
            };
            if let Err(e) = written {
                unwritable = Some(format!(
                    "`{name}` cannot be installed into `{}`: {e}",
                    prefix.display()
                ));
                return Err(Error::Other(String::new()));
            }
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
    );
    // `staging` is removed when dropped: nothing was written outside it.
    if let Some(why) = unwritable {
        return Ok(Err(Refused::Archive(why)));
    }
    let mismatch = read?;
    if !mismatch.is_empty() {
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

/// Writes one staged file, with the folders it needs.
fn write_staged(path: &Path, data: &[u8], mode: u32) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_new(path, data, mode).map_err(|e| match e {
        Error::Io { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{ArtifactKind, ArtifactManifest, FileRecord, Signer};

    fn bundle(paths: &[&str]) -> ArtifactManifest {
        ArtifactManifest {
            schema: crate::manifest::ARTIFACT_SCHEMA.into(),
            name: "m-1.0.0-de.zip".into(),
            kind: ArtifactKind::Bundle,
            package: "m".into(),
            locale: Some("de".into()),
            version: "1.0.0".into(),
            release: "r".into(),
            size: 1,
            sha256: "0".repeat(64),
            signature: "m-1.0.0-de.zip.minisig".into(),
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: false,
            },
            bundle: None,
            files: paths
                .iter()
                .map(|p| FileRecord {
                    path: (*p).into(),
                    size: 0,
                    sha256: "0".repeat(64),
                    mode: "0644".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_bundle_installs_its_files_and_its_own_translations_only() {
        let manifest = bundle(&[
            "m-1.0.0-de/README.txt",
            "m-1.0.0-de/files/bin/m",
            "m-1.0.0-de/install.sh",
            "m-1.0.0-de/locales/de/m.ftl",
            "m-1.0.0-de/locales/fr/m.ftl",
            "m-1.0.0-de/locales/de-AT/m.ftl",
        ]);
        let installed: Vec<&str> = manifest.payload().into_iter().map(|(_, r)| r).collect();
        assert_eq!(installed, ["bin/m", "locales/de/m.ftl"]);
        let installer = ArtifactManifest {
            kind: ArtifactKind::Installer,
            locale: None,
            ..manifest
        };
        let installed: Vec<&str> = installer.payload().into_iter().map(|(_, r)| r).collect();
        assert_eq!(installed, ["bin/m"]);
    }

    #[test]
    fn entries_that_would_install_to_one_path_are_refused() {
        let why = unfit_names(
            &bundle(&[
                "m-1.0.0-de/files/Locales/de/m.ftl",
                "m-1.0.0-de/locales/de/m.ftl",
            ]),
            Path::new("/opt/m"),
        )
        .expect("refused");
        assert!(
            why.contains("`m-1.0.0-de/files/Locales/de/m.ftl` and `m-1.0.0-de/locales/de/m.ftl` would both be installed as `locales/de/m.ftl`"),
            "{why}"
        );
        let why = unfit_names(
            &bundle(&["m-1.0.0-de/files/locales/de", "m-1.0.0-de/locales/de/m.ftl"]),
            Path::new("/opt/m"),
        )
        .expect("refused");
        assert!(
            why.contains("`m-1.0.0-de/files/locales/de` would be installed as a file where `m-1.0.0-de/locales/de/m.ftl` needs a folder"),
            "{why}"
        );
        assert_eq!(
            unfit_names(
                &bundle(&["m-1.0.0-de/files/bin/m", "m-1.0.0-de/locales/de/m.ftl"]),
                Path::new("/opt/m")
            ),
            None
        );
    }
}
