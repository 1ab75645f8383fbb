//! `alliance list`: what a prefix holds, and which of the files its receipt lists changed
//! or went missing since the install. It changes nothing, but first finishes what a killed
//! run left in the prefix ([`super::recover`]).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{RECEIPT_FILE, read_kept, read_receipt};
use crate::diagnostic::{Error, Result};
use crate::fs::{crosses_link, sha256_file as file_sha256};

/// What one prefix holds, for `alliance list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// The folder.
    pub prefix: PathBuf,
    /// `installed`, or `kept`: nothing is installed, only files an uninstall kept.
    pub state: ListingState,
    /// The package installed (or uninstalled, for `kept`).
    pub package: String,
    /// Its version.
    pub version: String,
    /// The release, installer file name and signing key (`name (key id)`) of an install.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The installer's file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<String>,
    /// The signing key, as `name (key id)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The signing key's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// How many files the install put there.
    pub files: usize,
    /// Installed files whose contents differ from the receipt's SHA-256 now (or that are
    /// reached through a link, or are no longer files).
    pub changed: Vec<String>,
    /// Installed files that are gone.
    pub missing: Vec<String>,
    /// Files of the user's kept as they were, with the new version beside them.
    pub beside: Vec<String>,
    /// The user's copies of files they had changed, saved when an install replaced them:
    /// copy → file.
    pub saved: std::collections::BTreeMap<String, String>,
    /// Files an earlier version installed and the user changed, which this version no
    /// longer has: kept as they were.
    pub dropped: Vec<String>,
    /// For `kept`: the files the uninstall left.
    pub kept: Vec<String>,
}

/// Whether a prefix holds an install.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListingState {
    /// An install, with its receipt.
    Installed,
    /// Only files an uninstall kept.
    Kept,
}

/// What `prefix` holds: its receipt, and which of the files it lists changed since.
pub fn list(prefix: &Path) -> Result<Listing> {
    super::recover(prefix)?;
    if std::fs::symlink_metadata(prefix.join(RECEIPT_FILE)).is_err()
        && let Some(record) = read_kept(prefix)
    {
        return Ok(Listing {
            prefix: prefix.to_path_buf(),
            state: ListingState::Kept,
            package: record.package,
            version: record.version,
            release: None,
            artifact: None,
            key: None,
            key_id: None,
            files: 0,
            changed: Vec::new(),
            missing: Vec::new(),
            beside: Vec::new(),
            saved: std::collections::BTreeMap::new(),
            dropped: Vec::new(),
            kept: record.files.into_keys().collect(),
        });
    }
    let receipt = read_receipt(prefix)?;
    let mut changed = Vec::new();
    let mut missing = Vec::new();
    for (rel, file) in &receipt.files {
        if crate::archive::safe_name(rel).is_err() || crosses_link(prefix, rel) {
            changed.push(rel.clone());
            continue;
        }
        let path = prefix.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if !metadata.is_file() => changed.push(rel.clone()),
            Ok(_) if file_sha256(&path).as_deref() == Some(file.sha256.as_str()) => {}
            Ok(_) => changed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(rel.clone()),
            Err(e) => return Err(Error::io("read", &path, e)),
        }
    }
    let key_id = receipt.key_id().map(str::to_string);
    Ok(Listing {
        prefix: prefix.to_path_buf(),
        state: ListingState::Installed,
        files: receipt.files.len(),
        package: receipt.package,
        version: receipt.version,
        release: Some(receipt.release),
        artifact: Some(receipt.artifact),
        key: Some(receipt.key),
        key_id,
        changed,
        missing,
        beside: receipt.beside,
        saved: receipt.saved,
        dropped: receipt.dropped,
        kept: Vec::new(),
    })
}
