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
//! removes the files the receipt lists, keeping any the user has changed since; what stays
//! is recorded in [`KEPT_FILE`], and an install into such a prefix keeps it, writing the new
//! version of a kept file beside it (`<name>.alliance-new`). An install into a prefix that
//! holds the same package upgrades it the same way: the files the receipt lists unchanged
//! are replaced or removed, everything else is kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::archive;
use crate::diagnostic::{Error, IoContext, PrefixError, Result};
use crate::verify::{self, Verification};

/// The receipt's file name inside the prefix.
pub const RECEIPT_FILE: &str = ".alliance-receipt.yaml";
/// The `schema` of a receipt.
pub const RECEIPT_SCHEMA: &str = "alliance.receipt/1";

/// The record `uninstall` leaves in a prefix that still holds files: which ones and why.
pub const KEPT_FILE: &str = ".alliance-kept.yaml";
/// The `schema` of the kept-files record.
pub const KEPT_SCHEMA: &str = "alliance.kept/1";
/// The suffix of the new version of a file written beside the user's own: `<name>.alliance-new`.
pub const NEW_SUFFIX: &str = ".alliance-new";

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
    /// alliance installed it and the user changed it since.
    Changed,
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
    /// The trusted key that signed it.
    pub key: String,
    /// Every installed file, relative to the prefix: size, SHA-256, mode.
    pub files: BTreeMap<String, InstalledFile>,
    /// Payload files the prefix already held as the user's own (kept at an earlier
    /// uninstall): each stayed as it was, and its new version is installed beside it as
    /// `<name>.alliance-new` (which `files` lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beside: Vec<String>,
    /// The locale of a bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The mirror it was installed from, and the sequence of the signed index trusted
    /// there: `upgrade` asks that mirror, and no index below that sequence is accepted
    /// into this prefix again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Where an install came from over the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The release folder's address on the mirror.
    pub url: String,
    /// The sequence of the release index it was installed from.
    pub sequence: u64,
}

/// One installed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalledFile {
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of its contents, in hex.
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
    /// The prefix holds a higher version of the package (and no `--allow-downgrade`).
    Downgrade(String),
}

/// What to do when the prefix already holds the package, and what to record.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Install a lower version over a higher one.
    pub allow_downgrade: bool,
    /// Install the same version again (else that is a no-op).
    pub reinstall: bool,
    /// The mirror the installer came from, to record in the receipt (else the receipt
    /// keeps the one the prefix's earlier install recorded).
    pub source: Option<Source>,
}

/// What `install` did.
#[derive(Debug, Clone)]
pub struct Installed {
    /// The receipt now in the prefix.
    pub receipt: Receipt,
    /// The install it replaced, if the prefix held one.
    pub previous: Option<Previous>,
    /// The same version was installed already: nothing was done.
    pub unchanged: bool,
}

/// The install an upgrade (or downgrade, or reinstall) replaced, and how the files changed.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The version replaced.
    pub version: String,
    /// The installer it came from.
    pub artifact: String,
    /// Files the new install has and the old one did not.
    pub added: Vec<String>,
    /// Files of both whose contents differ.
    pub changed: Vec<String>,
    /// Files the old install had and the new one has not (removed, unless the user
    /// changed them).
    pub removed: Vec<String>,
}

impl Previous {
    fn between(old: &Receipt, new: &Receipt) -> Previous {
        Previous {
            version: old.version.clone(),
            artifact: old.artifact.clone(),
            added: new
                .files
                .keys()
                .filter(|rel| !old.files.contains_key(*rel))
                .cloned()
                .collect(),
            changed: new
                .files
                .iter()
                .filter(|(rel, f)| old.files.get(*rel).is_some_and(|o| o.sha256 != f.sha256))
                .map(|(rel, _)| rel.clone())
                .collect(),
            removed: old
                .files
                .keys()
                .filter(|rel| !new.files.contains_key(*rel))
                .cloned()
                .collect(),
        }
    }
}

/// Verifies `artifact` and installs its payload into `prefix`.
/// When `prefix` holds an install of the same package, it is upgraded in place: what the
/// user changed or added stays (a new version beside it), the rest is replaced.
pub fn install(
    artifact: &Path,
    prefix: &Path,
    options: &verify::Options,
    choices: Choices,
) -> Result<std::result::Result<Installed, Refused>> {
    install_verified(verify::verify(artifact, options), prefix, options, choices)
}

/// Installs the artifact of `verification` (made with `options`) into `prefix`, as
/// [`install`] does, if it verified.
pub fn install_verified(
    verification: Verification,
    prefix: &Path,
    options: &verify::Options,
    choices: Choices,
) -> Result<std::result::Result<Installed, Refused>> {
    if !verification.ok {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    }
    let Some(manifest) = verification.manifest.as_ref() else {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    };
    let (kept, old) = files_to_keep(prefix)?;
    if let Some(old) = &old {
        if old.package != manifest.package {
            return Err(PrefixError::OtherPackage {
                prefix: prefix.to_path_buf(),
                installed: old.package.clone(),
                version: old.version.clone(),
                wanted: manifest.package.clone(),
            }
            .into());
        }
        let order = version_order(&manifest.version, &old.version);
        if order.is_lt() && !choices.allow_downgrade {
            return Ok(Err(Refused::Downgrade(format!(
                "{} {} is lower than the installed {} in `{}`; pass --allow-downgrade to install it anyway",
                manifest.package,
                manifest.version,
                old.version,
                prefix.display()
            ))));
        }
        if order.is_eq() && !choices.reinstall {
            return Ok(Ok(Installed {
                receipt: old.clone(),
                previous: None,
                unchanged: true,
            }));
        }
    }
    // Every name is checked before anything is written, parent folders included.
    if let Some(why) = unfit_names(manifest, prefix, &kept) {
        return Ok(Err(Refused::Archive(why)));
    }
    if let Some(why) = kept_in_the_way(manifest, &kept) {
        return Err(PrefixError::InTheWay {
            prefix: prefix.to_path_buf(),
            why,
        }
        .into());
    }
    let parent = verify::folder_of(prefix);
    let created = create_folders(&parent)?;
    let switch = Switch {
        replace: old.is_some() || !kept.is_empty(),
        source: choices
            .source
            .or_else(|| old.as_ref().and_then(|o| o.source.clone())),
    };
    let result = stage_and_switch(
        &verification,
        manifest,
        &kept,
        switch,
        &parent,
        prefix,
        options,
    );
    if !matches!(result, Ok(Ok(_))) {
        // Nothing is left behind: not even the folders made to hold the prefix.
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    Ok(result?.map(|receipt| Installed {
        previous: old.as_ref().map(|old| Previous::between(old, &receipt)),
        receipt,
        unchanged: false,
    }))
}

/// A file or link the prefix holds that an install keeps: relative path, whether a link.
type Kept = BTreeMap<String, (String, bool)>;

/// What of `prefix` an install keeps, by lowercased path, and the install it holds: nothing
/// when it does not exist or is empty; with a receipt, every file but those it lists
/// unchanged (what the user changed or added); with the files an uninstall left
/// ([`KEPT_FILE`]), all of them. Any other folder that is not empty is refused.
fn files_to_keep(prefix: &Path) -> Result<(Kept, Option<Receipt>)> {
    if !prefix.exists()
        || std::fs::read_dir(prefix)
            .at("read", prefix)?
            .next()
            .is_none()
    {
        return Ok((Kept::new(), None));
    }
    let receipt = if prefix.join(RECEIPT_FILE).exists() {
        Some(read_receipt(prefix)?)
    } else if prefix.join(KEPT_FILE).is_file() {
        None
    } else {
        return Err(PrefixError::NotEmpty(prefix.to_path_buf()).into());
    };
    let mut kept = Kept::new();
    for (rel, link) in leftovers(prefix)? {
        let installed = receipt.as_ref().and_then(|r| r.files.get(&rel));
        if let Some(file) = installed
            && !link
            && !crosses_link(prefix, &rel)
        {
            let path = prefix.join(&rel);
            let data = std::fs::read(&path).at("read", &path)?;
            if archive::sha256_hex(&data) == file.sha256 {
                // Installed and unchanged: replaced (or removed) by the new install.
                continue;
            }
        }
        kept.insert(rel.to_lowercase(), (rel, link));
    }
    Ok((kept, receipt))
}

/// Every file and link under `prefix` (never followed), relative to it with `/`, but the
/// receipt and the kept-files record; with whether each is a link.
fn leftovers(prefix: &Path) -> Result<Vec<(String, bool)>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(prefix)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(prefix).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(prefix)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == RECEIPT_FILE || rel == KEPT_FILE {
            continue;
        }
        found.push((rel, entry.path_is_symlink()));
    }
    Ok(found)
}

/// Why the files `kept` stand in the way of `manifest`'s payload, if they do: a link or
/// file where a payload file needs a folder, a payload file where a kept file needs one,
/// or a kept file whose new version cannot go beside it.
fn kept_in_the_way(manifest: &crate::manifest::ArtifactManifest, kept: &Kept) -> Option<String> {
    if kept.is_empty() {
        return None;
    }
    let payload: BTreeMap<String, &str> = manifest
        .payload()
        .into_iter()
        .map(|(_, rel)| (rel.to_lowercase(), rel))
        .collect();
    let folders = |paths: &mut dyn Iterator<Item = &String>| {
        let mut folders = std::collections::BTreeSet::new();
        for path in paths {
            let mut folder = path.as_str();
            while let Some((parent, _)) = folder.rsplit_once('/') {
                folders.insert(parent.to_string());
                folder = parent;
            }
        }
        folders
    };
    let payload_folders = folders(&mut payload.keys());
    let kept_folders = folders(&mut kept.keys());
    let mut why = Vec::new();
    for (lower, (rel, link)) in kept {
        if payload_folders.contains(lower) {
            let what = if *link { "a symbolic link" } else { "a file" };
            why.push(format!(
                "`{rel}` is {what} where the installed files need a folder; remove it"
            ));
        }
    }
    for (lower, rel) in &payload {
        if kept_folders.contains(lower) {
            why.push(format!(
                "`{rel}` is a folder of files kept there, where `{rel}` is to be installed; move them away"
            ));
        }
        if kept.contains_key(lower) {
            let beside = format!("{lower}{NEW_SUFFIX}");
            if kept.contains_key(&beside) || payload.contains_key(&beside) {
                why.push(format!(
                    "`{rel}{NEW_SUFFIX}`, where the new version of the kept `{rel}` goes, is taken; remove or rename it"
                ));
            }
        }
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// The staging folder beside the prefix: `.alliance-install-XXXXXX`.
const STAGING_PREFIX: &str = ".alliance-install-";

/// The longest path most systems take (Linux `PATH_MAX` is 4096 bytes with its NUL).
const MAX_PATH_BYTES: usize = 4095;

/// Why some payload entry cannot be installed into `prefix`, if one cannot: it is named
/// like the receipt or the kept-files record, its path would be too long (with
/// [`NEW_SUFFIX`] where it goes beside a `kept` file), or two entries would install to the same
/// path (a bundle's `files/locales/<locale>/x.ftl` and `locales/<locale>/x.ftl`), or to a
/// file and a folder of one name. (Names unsafe anywhere, and names that clash inside the
/// archive, were refused when the archive was verified.)
fn unfit_names(
    manifest: &crate::manifest::ArtifactManifest,
    prefix: &Path,
    kept: &Kept,
) -> Option<String> {
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
    // A file written beside a kept one is longer by the suffix.
    let beside_len = |rel: &str| {
        if kept.contains_key(&rel.to_lowercase()) {
            NEW_SUFFIX.len()
        } else {
            0
        }
    };
    for (file, rel) in manifest.payload() {
        if rel.eq_ignore_ascii_case(RECEIPT_FILE) {
            unfit.push(format!(
                "`{}` has the name of the install receipt",
                file.path
            ));
        } else if rel.eq_ignore_ascii_case(KEPT_FILE) {
            unfit.push(format!(
                "`{}` has the name of the record of kept files",
                file.path
            ));
        } else if prefix_len + 1 + rel.len() + beside_len(rel) > MAX_PATH_BYTES {
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

/// How an install replaces what the prefix holds, and the source its receipt records.
struct Switch {
    /// The prefix holds an install or kept files, which are replaced (else it is empty or
    /// missing).
    replace: bool,
    /// Where the installer came from over the network.
    source: Option<Source>,
}

/// Writes the payload and the receipt into a temporary folder beside the prefix, then
/// renames it into place.
fn stage_and_switch(
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    kept: &Kept,
    switch: Switch,
    parent: &Path,
    prefix: &Path,
    options: &verify::Options,
) -> Result<std::result::Result<Receipt, Refused>> {
    let Staged {
        dir: staging,
        files,
        beside,
        same,
    } = match stage(verification, manifest, kept, parent, prefix, options)? {
        Ok(staged) => staged,
        Err(refused) => return Ok(Err(refused)),
    };
    let receipt = Receipt {
        schema: RECEIPT_SCHEMA.to_string(),
        artifact: manifest.name.clone(),
        package: manifest.package.clone(),
        version: manifest.version.clone(),
        release: manifest.release.clone(),
        sha256: manifest.sha256.clone(),
        key: verification.key.clone().unwrap_or_default(),
        files,
        beside,
        locale: manifest.locale.clone(),
        source: switch.source,
    };
    let replace = switch.replace;
    let receipt_path = staging.path().join(RECEIPT_FILE);
    std::fs::write(&receipt_path, crate::yaml::to_string(&receipt)?).at("write", &receipt_path)?;
    let carry: Vec<&str> = kept
        .iter()
        .filter(|(lower, _)| !same.contains(*lower))
        .map(|(_, (rel, _))| rel.as_str())
        .collect();
    if !replace && prefix.exists() {
        std::fs::remove_dir(prefix).at("replace the empty folder", prefix)?;
    }
    let staged = staging.keep();
    let switched = if !replace {
        std::fs::rename(&staged, prefix).at("move the installed files to", prefix)
    } else {
        switch_keeping(&staged, prefix, &carry)
    };
    if let Err(e) = switched {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e);
    }
    Ok(Ok(receipt))
}

/// What [`stage`] put into the staging folder.
struct Staged {
    /// The staging folder, removed when dropped.
    dir: tempfile::TempDir,
    files: BTreeMap<String, InstalledFile>,
    /// Kept files the new version is installed beside (as `NAME.new`).
    beside: Vec<String>,
    /// Kept files the new version is identical to: installed as usual, not carried over.
    same: std::collections::BTreeSet<String>,
}

/// Writes the payload of the verified archive into a new staging folder beside `prefix`,
/// each entry checked against the manifest as it is read.
fn stage(
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    kept: &Kept,
    parent: &Path,
    prefix: &Path,
    options: &verify::Options,
) -> Result<std::result::Result<Staged, Refused>> {
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(parent)
        .at("create a folder in", parent)?;
    let expected = verify::expected_entries(manifest);
    // Where each payload entry goes: beside a kept file of the user's that differs from it.
    let mut placed: BTreeMap<&str, String> = BTreeMap::new();
    let mut beside = Vec::new();
    // Kept files the new version is identical to: installed as usual, not carried over.
    let mut same = std::collections::BTreeSet::new();
    for (name, (_, sha256, _)) in &expected {
        let Some(rel) = manifest.payload_path(name) else {
            continue;
        };
        let lower = rel.to_lowercase();
        let mut rel = rel.to_string();
        if let Some((existing, link)) = kept.get(&lower) {
            let identical = !link && file_sha256(&prefix.join(existing)).as_ref() == Some(sha256);
            if identical {
                same.insert(lower);
            } else {
                beside.push(existing.clone());
                rel = format!("{existing}{NEW_SUFFIX}");
            }
        }
        placed.insert(name, rel);
    }
    let open = |name: &str, mode: u32| -> Result<Option<std::fs::File>> {
        let Some(rel) = placed.get(name) else {
            return Ok(None);
        };
        // `read_checked` only passes safe names; stay inside the staging folder whatever.
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let path = staging.path().join(rel);
        let created = if inside {
            create_staged(&path, mode)
        } else {
            Err(std::io::Error::other("not a plain relative path"))
        };
        created.map(Some).map_err(|e| {
            PrefixError::Unwritable(format!(
                "`{name}` cannot be installed into `{}`: {e}",
                prefix.display()
            ))
            .into()
        })
    };
    let read = archive::read_checked_from(
        &verification.files.artifact,
        &expected,
        options.limits,
        open,
    );
    // `staging` is removed when dropped: nothing was written outside it.
    let (mismatch, _) = match read {
        Err(Error::Prefix(PrefixError::Unwritable(why))) => return Ok(Err(Refused::Archive(why))),
        read => read?,
    };
    if !mismatch.is_empty() {
        return Ok(Err(Refused::Archive(mismatch.describe())));
    }
    let files = placed
        .iter()
        .filter_map(|(name, rel)| {
            let (size, sha256, mode) = expected.get(*name)?;
            let file = InstalledFile {
                size: *size,
                sha256: sha256.clone(),
                mode: format!("{mode:04o}"),
            };
            Some((rel.clone(), file))
        })
        .collect();
    Ok(Ok(Staged {
        dir: staging,
        files,
        beside,
        same,
    }))
}

/// Puts the staged folder in the place of `prefix`, moving the files `carry` of the
/// prefix into it first. The prefix is renamed aside (`.alliance-old-XXXXXX`) meanwhile;
/// on any failure everything moved goes back and the prefix is as it was.
fn switch_keeping(staged: &Path, prefix: &Path, carry: &[&str]) -> Result<()> {
    let suffix = staged
        .file_name()
        .map(|n| n.to_string_lossy().replace(STAGING_PREFIX, ""))
        .unwrap_or_default();
    let aside = verify::folder_of(prefix).join(format!(".alliance-old-{suffix}"));
    std::fs::rename(prefix, &aside).at("move aside", prefix)?;
    let mut moved: Vec<&str> = Vec::new();
    let undo = |moved: &[&str]| {
        for rel in moved.iter().rev() {
            let _ = std::fs::rename(staged.join(rel), aside.join(rel));
        }
        let _ = std::fs::rename(&aside, prefix);
    };
    for rel in carry {
        let to = staged.join(rel);
        let result = to
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::rename(aside.join(rel), &to));
        if let Err(e) = result {
            undo(&moved);
            return Err(Error::io("keep", &prefix.join(rel), e));
        }
        moved.push(rel);
    }
    if let Err(e) = std::fs::rename(staged, prefix) {
        undo(&moved);
        return Err(Error::io("move the installed files to", prefix, e));
    }
    // What is left aside is the old install's unchanged files, a kept-files record and
    // folders.
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// Creates one staged file, with the folders it needs, to be written.
fn create_staged(path: &Path, mode: u32) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never set-user-id and the like.
        options.mode(mode & 0o777);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let file = options.open(path)?;
    // Exactly the manifest's mode, whatever the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode & 0o777))?;
    }
    Ok(file)
}

/// The SHA-256 of the file at `path`, read in pieces; `None` when it cannot be read.
fn file_sha256(path: &Path) -> Option<String> {
    use sha2::Digest;
    let file = std::fs::File::open(path).ok()?;
    let mut hash = sha2::Sha256::new();
    archive::read_pieces(file, &mut vec![0u8; 256 << 10], |b| hash.update(b)).ok()?;
    Some(archive::hex(&hash.finalize()))
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
    /// The receipt's package.
    pub package: String,
    /// The receipt's version.
    pub version: String,
    /// Files removed.
    pub removed: usize,
    /// Files kept because they changed since the install (relative paths).
    pub kept: Vec<String>,
    /// Files left that alliance did not install (the user's own), and links.
    pub left: Vec<String>,
    /// The record of what stayed ([`KEPT_FILE`]), when anything did.
    pub record: Option<PathBuf>,
    /// Whether the prefix itself is gone (it was empty at the end).
    pub prefix_removed: bool,
}

/// Removes what the receipt in `prefix` lists; files changed since are kept.
pub fn uninstall(prefix: &Path) -> Result<Removed> {
    let receipt_path = prefix.join(RECEIPT_FILE);
    let receipt = read_receipt(prefix)?;
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
    // Deepest first; a folder that still holds anything stays, and none behind a link.
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if !crosses_link(prefix, &dir.to_string_lossy()) {
            let _ = std::fs::remove_dir(prefix.join(dir));
        }
    }
    // What stays is recorded, so that an install into the prefix keeps it; the receipt
    // goes, as nothing it lists is installed any more.
    let changed: std::collections::BTreeSet<&String> = removed.kept.iter().collect();
    let mut record = KeptRecord {
        schema: KEPT_SCHEMA.to_string(),
        package: receipt.package.clone(),
        version: receipt.version.clone(),
        files: BTreeMap::new(),
    };
    for (rel, link) in leftovers(prefix)? {
        let (why, sha256) = if link {
            (KeptWhy::Link, None)
        } else {
            let path = prefix.join(&rel);
            let data = std::fs::read(&path).at("read", &path)?;
            let why = if changed.contains(&rel) {
                KeptWhy::Changed
            } else {
                KeptWhy::NotInstalled
            };
            (why, Some(archive::sha256_hex(&data)))
        };
        if why != KeptWhy::Changed {
            removed.left.push(rel.clone());
        }
        record.files.insert(rel, KeptFile { why, sha256 });
    }
    if !record.files.is_empty() {
        let path = prefix.join(KEPT_FILE);
        std::fs::write(&path, crate::yaml::to_string(&record)?).at("write", &path)?;
        removed.record = Some(path);
    } else {
        let _ = std::fs::remove_file(prefix.join(KEPT_FILE));
    }
    std::fs::remove_file(&receipt_path).at("remove", &receipt_path)?;
    removed.prefix_removed = std::fs::remove_dir(prefix).is_ok();
    Ok(removed)
}

/// How version `a` compares with version `b`: as semantic versions where both are, else as
/// text. Every decision between an installed and another version goes through it.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

/// Records in the receipt of `prefix` that its install has seen the index `seen` of a
/// mirror, if that is newer (by sequence) than the one it records: an index below it is
/// refused from now on. The receipt is replaced in one rename.
pub fn record_seen(prefix: &Path, seen: &Source) -> Result<()> {
    let mut receipt = read_receipt(prefix)?;
    if receipt
        .source
        .as_ref()
        .is_some_and(|s| s.sequence >= seen.sequence)
    {
        return Ok(());
    }
    receipt.source = Some(seen.clone());
    let text = crate::yaml::to_string(&receipt)?;
    let mut file = tempfile::Builder::new()
        .prefix(".alliance-receipt-")
        .tempfile_in(prefix)
        .at("write into", prefix)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).at("write", file.path())?;
    let path = prefix.join(RECEIPT_FILE);
    if let Ok(metadata) = std::fs::metadata(&path) {
        std::fs::set_permissions(file.path(), metadata.permissions()).at("write", file.path())?;
    }
    file.persist(&path)
        .map_err(|e| Error::io("write", &path, e.error))?;
    Ok(())
}

/// The install receipt of `prefix`; an error saying what the folder holds when it has none.
pub fn read_receipt(prefix: &Path) -> Result<Receipt> {
    let receipt_path = prefix.join(RECEIPT_FILE);
    let text = match std::fs::read_to_string(&receipt_path) {
        Ok(text) => text,
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
        Err(e) => return Err(Error::io("read", &receipt_path, e)),
    };
    crate::yaml::parse(&receipt_path, &std::sync::Arc::from(text))
        .map_err(|p| Error::Invalid(vec![p]))
}

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
    /// reached through a link).
    pub changed: Vec<String>,
    /// Installed files that are gone.
    pub missing: Vec<String>,
    /// Files of the user's kept as they were, with the new version beside them.
    pub beside: Vec<String>,
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
    if !prefix.join(RECEIPT_FILE).exists()
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
            kept: record.files.into_keys().collect(),
        });
    }
    let receipt = read_receipt(prefix)?;
    let mut changed = Vec::new();
    let mut missing = Vec::new();
    for (rel, file) in &receipt.files {
        if archive::safe_name(rel).is_err() || crosses_link(prefix, rel) {
            changed.push(rel.clone());
            continue;
        }
        let path = prefix.join(rel);
        match std::fs::read(&path) {
            Ok(data) if archive::sha256_hex(&data) == file.sha256 => {}
            Ok(_) => changed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(rel.clone()),
            Err(e) => return Err(Error::io("read", &path, e)),
        }
    }
    // The receipt names the key `name (key id)`.
    let key_id = receipt
        .key
        .rsplit_once(" (")
        .and_then(|(_, id)| id.strip_suffix(')'))
        .map(str::to_string);
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
        kept: Vec::new(),
    })
}

/// The kept-files record of `prefix`, if it has a readable one.
pub fn read_kept(prefix: &Path) -> Option<KeptRecord> {
    let path = prefix.join(KEPT_FILE);
    let text = std::fs::read_to_string(&path).ok()?;
    let record: KeptRecord = crate::yaml::parse(&path, &std::sync::Arc::from(text)).ok()?;
    (record.schema == KEPT_SCHEMA).then_some(record)
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
    fn a_new_version_beside_a_kept_file_must_fit_the_path_limit_and_no_entry_is_named_like_a_record()
     {
        let manifest = bundle(&["m-1.0.0-de/files/a", "m-1.0.0-de/files/.Alliance-Kept.yaml"]);
        let why = unfit_names(&manifest, Path::new("/opt/m"), &Kept::new()).expect("refused");
        assert!(
            why.contains(
                "`m-1.0.0-de/files/.Alliance-Kept.yaml` has the name of the record of kept files"
            ),
            "{why}"
        );
        let manifest = bundle(&["m-1.0.0-de/files/a"]);
        // The prefix's path is as long as `a` fits beside it, and not `a.alliance-new`.
        let staging = 1 + STAGING_PREFIX.len() + 6;
        let prefix = PathBuf::from(format!(
            "/{}/p",
            "x".repeat(MAX_PATH_BYTES - 2 - staging - 3)
        ));
        assert_eq!(unfit_names(&manifest, &prefix, &Kept::new()), None);
        let kept: Kept = [("a".to_string(), ("a".to_string(), false))].into();
        let why = unfit_names(&manifest, &prefix, &kept).expect("refused");
        assert!(why.contains("longer than 4095 bytes"), "{why}");
    }

    #[test]
    fn kept_files_in_the_way_of_the_payload_are_named() {
        let manifest = bundle(&["m-1.0.0-de/files/etc/m.ini", "m-1.0.0-de/files/bin/m"]);
        let kept = |paths: &[(&str, bool)]| -> Kept {
            paths
                .iter()
                .map(|(p, link)| (p.to_lowercase(), (p.to_string(), *link)))
                .collect()
        };
        assert_eq!(
            kept_in_the_way(&manifest, &kept(&[("etc/m.ini", false)])),
            None
        );
        let why = kept_in_the_way(&manifest, &kept(&[("ETC", false)])).expect("refused");
        assert!(
            why.contains("`ETC` is a file where the installed files need a folder; remove it"),
            "{why}"
        );
        let why = kept_in_the_way(&manifest, &kept(&[("bin/m/x", false)])).expect("refused");
        assert!(
            why.contains("`bin/m` is a folder of files kept there"),
            "{why}"
        );
        let why = kept_in_the_way(
            &manifest,
            &kept(&[("etc/m.ini", false), ("etc/m.ini.alliance-new", false)]),
        )
        .expect("refused");
        assert!(
            why.contains("`etc/m.ini.alliance-new`, where the new version of the kept `etc/m.ini` goes, is taken"),
            "{why}"
        );
    }

    /// A switch that fails halfway (here: a file to keep vanished meanwhile) puts every
    /// file back: the prefix is as it was.
    #[test]
    fn a_failed_switch_leaves_the_prefix_as_it_was() {
        let parent = tempfile::tempdir().expect("temp dir");
        let prefix = parent.path().join("app");
        std::fs::create_dir_all(prefix.join("etc")).expect("dir");
        std::fs::write(prefix.join("etc/app.ini"), "mine").expect("write");
        std::fs::write(prefix.join("old.txt"), "old").expect("write");
        let staged = parent.path().join(format!("{STAGING_PREFIX}abcdef"));
        std::fs::create_dir_all(&staged).expect("dir");
        std::fs::write(staged.join("new.txt"), "new").expect("write");
        let error = switch_keeping(&staged, &prefix, &["etc/app.ini", "gone.txt"])
            .expect_err("gone.txt cannot be kept");
        assert!(error.to_string().contains("gone.txt"), "{error}");
        assert_eq!(
            std::fs::read_to_string(prefix.join("etc/app.ini")).expect("back"),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(prefix.join("old.txt")).expect("there"),
            "old"
        );
        assert!(!prefix.join("new.txt").exists());
        assert!(!parent.path().join(".alliance-old-abcdef").exists());
        assert!(switch_keeping(&staged, &prefix, &["etc/app.ini"]).is_ok());
        assert_eq!(
            std::fs::read_to_string(prefix.join("etc/app.ini")).expect("kept"),
            "mine"
        );
        assert!(prefix.join("new.txt").is_file() && !prefix.join("old.txt").exists());
        assert!(!parent.path().join(".alliance-old-abcdef").exists());
    }

    #[test]
    fn entries_that_would_install_to_one_path_are_refused() {
        let why = unfit_names(
            &bundle(&[
                "m-1.0.0-de/files/Locales/de/m.ftl",
                "m-1.0.0-de/locales/de/m.ftl",
            ]),
            Path::new("/opt/m"),
            &Kept::new(),
        )
        .expect("refused");
        assert!(
            why.contains("`m-1.0.0-de/files/Locales/de/m.ftl` and `m-1.0.0-de/locales/de/m.ftl` would both be installed as `locales/de/m.ftl`"),
            "{why}"
        );
        let why = unfit_names(
            &bundle(&["m-1.0.0-de/files/locales/de", "m-1.0.0-de/locales/de/m.ftl"]),
            Path::new("/opt/m"),
            &Kept::new(),
        )
        .expect("refused");
        assert!(
            why.contains("`m-1.0.0-de/files/locales/de` would be installed as a file where `m-1.0.0-de/locales/de/m.ftl` needs a folder"),
            "{why}"
        );
        assert_eq!(
            unfit_names(
                &bundle(&["m-1.0.0-de/files/bin/m", "m-1.0.0-de/locales/de/m.ftl"]),
                Path::new("/opt/m"),
                &Kept::new()
            ),
            None
        );
    }
}
