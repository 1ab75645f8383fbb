//! What a prefix records about itself: the install receipt (`.alliance-receipt.yaml`: what
//! was installed, from where, signed by whom, every file with its SHA-256) and the record of
//! the files an uninstall left (`.alliance-kept.yaml`).
//!
//! Both are read like every file from outside ([`crate::untrusted`]: regular files only,
//! capped at [`MAX_RECEIPT_BYTES`], with a YAML budget for [`crate::archive::MAX_ENTRIES`]
//! files) and written whole ([`crate::yaml::write`]), so that a killed run leaves the old
//! record or the new one, never half of one.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Error, IoContext, PrefixError, Problem, Result};

/// The receipt's file name inside the prefix.
pub const RECEIPT_FILE: &str = ".alliance-receipt.yaml";
/// The `schema` of a receipt.
pub const RECEIPT_SCHEMA: &str = "alliance.receipt/1";

/// The record `uninstall` leaves in a prefix that still holds files: which ones and why.
pub const KEPT_FILE: &str = ".alliance-kept.yaml";
/// The `schema` of the kept-files record.
pub const KEPT_SCHEMA: &str = "alliance.kept/1";

/// The transaction folder inside a prefix ([`super::txn`]).
pub const TXN_DIR: &str = ".alliance-txn";

/// The largest receipt or kept-files record read: an install of
/// [`crate::archive::MAX_ENTRIES`] files with long paths fits well within it.
pub const MAX_RECEIPT_BYTES: u64 = crate::manifest::MAX_MANIFEST_BYTES;

/// `.alliance-kept.yaml`: what an uninstall left in the prefix. An install into a prefix
/// holding it keeps those files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptRecord {
    /// Always [`KEPT_SCHEMA`].
    pub schema: String,
    /// The package that was uninstalled.
    pub package: String,
    /// The version that was uninstalled.
    pub version: String,
    /// Every file (or link) left in the prefix, relative to it.
    pub files: BTreeMap<String, KeptFile>,
}

/// One file an uninstall left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptFile {
    /// Why it was left.
    pub why: KeptWhy,
    /// SHA-256 of its contents when it was left (none for a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// Why a file stayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeptWhy {
    /// alliance installed it and the user changed it since (also when a later version no
    /// longer had it).
    Changed,
    /// The user's copy of a file they had changed, saved beside it when an upgrade replaced
    /// the file (`<name>.alliance-old`).
    Saved,
    /// alliance never installed it: the user's own.
    NotInstalled,
    /// A symbolic link, never followed.
    Link,
}

/// What was installed, from where, signed by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always [`RECEIPT_SCHEMA`].
    pub schema: String,
    /// The installer's file name.
    pub artifact: String,
    /// The package installed.
    pub package: String,
    /// Its version.
    pub version: String,
    /// The release it came from.
    pub release: String,
    /// SHA-256 of the installer.
    pub sha256: String,
    /// The trusted key that signed it, as `name (key id)`: an upgrade must be signed by
    /// the same key, unless the user allows a change.
    pub key: String,
    /// Every installed file, relative to the prefix: size, SHA-256, mode.
    pub files: BTreeMap<String, InstalledFile>,
    /// Payload files the prefix already held as the user's own (kept at an earlier
    /// uninstall, or changed since the previous install): each stayed as it was, and its
    /// new version is installed beside it as `<name>.alliance-new` (which `files` lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beside: Vec<String>,
    /// The user's copies of files they had changed that an install replaced (files that are
    /// not configuration), each saved beside the file: the copy (`<name>.alliance-old`,
    /// `<name>.alliance-old-2`, …) → the file it was.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub saved: BTreeMap<String, String>,
    /// Files an earlier version installed and the user changed, which a later version no
    /// longer has: they stayed as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// The locale of a bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The mirror it was installed from, and the sequence of the signed index trusted
    /// there: `upgrade` asks that mirror, and no index below that sequence is accepted
    /// into this prefix again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Receipt {
    /// The id of the key that signed the install (the `key id` of `name (key id)`).
    pub fn key_id(&self) -> Option<&str> {
        key_id_of(&self.key)
    }
}

/// The key id of a key named `name (key id)`.
pub fn key_id_of(key: &str) -> Option<&str> {
    key.rsplit_once(" (")
        .and_then(|(_, id)| id.strip_suffix(')'))
        .filter(|id| !id.is_empty())
}

/// Where an install came from over the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The release folder's address on the mirror.
    pub url: String,
    /// The sequence of the release index it was installed from (or the highest seen since).
    pub sequence: u64,
    /// The mirror's channel (`…/channel.yaml`), where `upgrade` looks for later releases:
    /// the one it was installed through, or the one its release's index names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// One installed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalledFile {
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of its contents, in hex.
    pub sha256: String,
    /// Unix permissions, written in octal (`"0755"`).
    #[serde(with = "crate::manifest::octal")]
    pub mode: u32,
    /// A configuration file: an upgrade keeps the user's changed copy, the new version
    /// beside it (any other changed file is replaced, the user's copy saved).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub config: bool,
}

/// The install receipt of `prefix`; an error saying what the folder holds when it has none.
pub fn read_receipt(prefix: &Path) -> Result<Receipt> {
    let path = prefix.join(RECEIPT_FILE);
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match read_kept(prefix) {
                Some(record) => PrefixError::OnlyKept {
                    prefix: prefix.to_path_buf(),
                    files: record.files.len(),
                    package: record.package,
                    version: record.version,
                    file: KEPT_FILE,
                },
                None => PrefixError::NoReceipt {
                    prefix: prefix.to_path_buf(),
                    file: RECEIPT_FILE,
                },
            }
            .into());
        }
        Err(e) => return Err(Error::io("read", &path, e)),
        Ok(_) => {}
    }
    read_record(&path)
}

/// Whether `prefix` holds a receipt (of any kind: one that cannot be read is an error of
/// [`read_receipt`]).
pub fn has_receipt(prefix: &Path) -> bool {
    std::fs::symlink_metadata(prefix.join(RECEIPT_FILE)).is_ok()
}

/// The kept-files record of `prefix`, if it has a readable one.
pub fn read_kept(prefix: &Path) -> Option<KeptRecord> {
    let record: KeptRecord = read_record(&prefix.join(KEPT_FILE)).ok()?;
    (record.schema == KEPT_SCHEMA).then_some(record)
}

/// Reads a receipt or kept-files record: a regular file of at most [`MAX_RECEIPT_BYTES`],
/// YAML of its shape.
fn read_record<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let data = crate::untrusted::read_capped(path, MAX_RECEIPT_BYTES).at("read", path)?;
    let text = String::from_utf8(data)
        .map_err(|_| Error::Invalid(vec![Problem::new(path, "is not UTF-8 text")]))?;
    crate::manifest::parse(path, &text).map_err(|p| Error::Invalid(vec![p]))
}

/// Every file and link under `prefix` (never followed), relative to it with `/`, but
/// alliance's own (the receipt, the kept-files record, a transaction); with whether each
/// is a link.
pub fn leftovers(prefix: &Path) -> Result<Vec<(String, bool)>> {
    let mut found = Vec::new();
    for walked in crate::fs::walk(prefix, Some(TXN_DIR)) {
        let walked = walked?;
        if walked.rel != RECEIPT_FILE && walked.rel != KEPT_FILE {
            let link = walked.is_link();
            found.push((walked.rel, link));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 20, item 6: a receipt of an install of 40,000 files (more than the YAML
    /// parser's default budget takes) is read back.
    #[test]
    fn a_receipt_of_forty_thousand_files_is_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = (0..40_000)
            .map(|i| {
                let file = InstalledFile {
                    size: i,
                    sha256: format!("{i:064x}"),
                    mode: 0o644,
                    config: false,
                };
                (format!("data/part-{i:05}/file-{i}.bin"), file)
            })
            .collect();
        let receipt = Receipt {
            schema: RECEIPT_SCHEMA.to_string(),
            artifact: "big-1.0.0.zip".to_string(),
            package: "big".to_string(),
            version: "1.0.0".to_string(),
            release: "r".to_string(),
            sha256: "0".repeat(64),
            key: "shop (0123456789ABCDEF)".to_string(),
            files,
            beside: Vec::new(),
            saved: BTreeMap::new(),
            dropped: Vec::new(),
            locale: None,
            source: None,
        };
        crate::yaml::write(&dir.path().join(RECEIPT_FILE), &receipt).expect("write");
        let read = read_receipt(dir.path());
        assert!(read.as_ref().is_ok_and(|r| *r == receipt), "not read back");
    }

    #[test]
    fn the_key_id_is_read_from_the_key_name() {
        assert_eq!(
            key_id_of("shop (0123456789ABCDEF)"),
            Some("0123456789ABCDEF")
        );
        assert_eq!(key_id_of("a (b) (C0FFEE)"), Some("C0FFEE"));
        assert_eq!(key_id_of(""), None);
        assert_eq!(key_id_of("shop ()"), None);
    }
}
