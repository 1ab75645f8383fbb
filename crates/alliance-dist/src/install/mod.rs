//! `alliance install`, `uninstall` and `list`: put a verified installer's payload into a
//! prefix, treating the archive as hostile, take exactly that back out, and never lose a
//! file of the user's on the way.
//!
//! [`install`] locks the prefix ([`Prefix`]: resolved once, locked for the whole command,
//! first finishing what a killed run left), verifies the artifact as `alliance verify`
//! does, and checks who may install it: an installed package is upgraded only by the key
//! that signed it (unless the user allows a change). It then plans where each file of the
//! payload the manifest declares
//! ([`ArtifactManifest::payload`](crate::manifest::ArtifactManifest::payload)) goes: in its
//! place; where the user changed or made a file, beside it as `<name>.alliance-new` if the
//! manifest declares it configuration (`config`), else in its place with the user's copy
//! saved first as `<name>.alliance-old`; a changed file the new version no longer has stays,
//! recorded as the user's (`dropped`). The payload is read
//! through [`archive::read_checked_from`] (unsafe names, links, duplicates, entries larger
//! than declared and archives beyond the caps are refused) into a transaction's staging
//! folder inside the prefix, and the change is applied by [`txn`]: committed by a journal,
//! then file by file, an installed file deleted only when it is, at that moment, what
//! alliance installed. A failed install leaves the prefix as it was; a killed one is
//! finished or rolled back by the next command on the prefix.
//!
//! [`uninstall`] takes out the files the receipt lists the same way, keeping any the user
//! changed; what stays is recorded in [`KEPT_FILE`], and an install into such a prefix
//! keeps it. [`list`] says what a prefix holds and what changed since.

mod list;
mod prefix;
mod receipt;
pub mod scripts;
mod txn;
mod uninstall;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::archive;
use crate::diagnostic::{Error, PrefixError, Result};
use crate::progress::{Transfer, Work};
use crate::verify::{self, Verification};

pub use list::{Listing, ListingState, list};
pub use prefix::{Prefix, lock_folder, recover};
pub use receipt::{
    InstalledFile, KEPT_FILE, KEPT_SCHEMA, KeptFile, KeptRecord, KeptWhy, RECEIPT_FILE,
    RECEIPT_SCHEMA, Receipt, Source, key_id_of, read_kept, read_receipt,
};
pub use txn::{Recovered, RecoveredHow, TXN_DIR};
pub use uninstall::{Removed, uninstall};

/// The suffix of the new version of a file written beside the user's own: `<name>.alliance-new`.
pub const NEW_SUFFIX: &str = ".alliance-new";
/// The suffix of the user's copy of a file they changed that an install replaced (a file
/// that is not configuration): `<name>.alliance-old`, then `<name>.alliance-old-2`, ….
pub const OLD_SUFFIX: &str = ".alliance-old";
/// The longest suffix a copy saved beside a file gets: `.alliance-old-NNN`.
const LONGEST_SUFFIX: usize = OLD_SUFFIX.len() + 4;

/// Why an install did not happen.
#[derive(Debug)]
pub enum Refused {
    /// The artifact failed verification.
    Unverified(Box<Verification>),
    /// The archive is hostile or damaged.
    Archive(String),
    /// The prefix holds a higher version of the package (and no `--allow-downgrade`).
    Downgrade(String),
    /// The artifact is signed by another key than the installed version (and no
    /// `--allow-key-change`).
    KeyChanged {
        /// The package.
        package: String,
        /// The version installed.
        installed: String,
        /// The key that signed it, `name (key id)`.
        installed_key: String,
        /// The key that signed the artifact refused.
        new_key: String,
    },
    /// The release has no bundle of the installed bundle's locale.
    NoLocale(String),
    /// The installer is built for other systems only (and no `--any-target`).
    Target(String),
}

/// What to do when the prefix already holds the package, and what to record.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Install a lower version over a higher one.
    pub allow_downgrade: bool,
    /// Install the same version again (else that is a no-op).
    pub reinstall: bool,
    /// Install over a version signed by another key (the new key is recorded).
    pub allow_key_change: bool,
    /// Install an installer built for other systems only (`--any-target`).
    pub any_target: bool,
    /// The mirror the installer came from, to record in the receipt (else the receipt
    /// keeps the one the prefix's earlier install recorded).
    pub source: Option<Source>,
    /// Run the vendor's post-install script after the files are in place
    /// (`--run-scripts`); else it is said and left.
    pub run_scripts: bool,
    /// Fetch the whole installer from a mirror even where the prefix holds most of it
    /// (`--full`; else an upgrade fetches only the parts it lacks: `remote::delta`).
    pub full: bool,
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
    /// The key that signed the version replaced, when another key signed this one
    /// (`--allow-key-change`).
    pub key_changed: Option<String>,
    /// The vendor's post-install script, if the package has one: run or not.
    pub script: Option<scripts::ScriptRun>,
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
    /// Files the old install had and the new one has not, removed.
    pub removed: Vec<String>,
    /// Files the old install had that the user changed and that stayed as they are: a
    /// configuration file with the new version beside it, or a file the new version no
    /// longer has.
    pub kept: Vec<String>,
    /// Files the user changed that the new version replaced, their copies saved: copy → file.
    pub saved: BTreeMap<String, String>,
}

impl Previous {
    fn between(old: &Receipt, new: &Receipt, kept: &[String]) -> Previous {
        let kept = kept
            .iter()
            .filter(|rel| new.beside.contains(rel) || new.dropped.contains(rel))
            .cloned()
            .collect::<Vec<_>>();
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
                .filter(|rel| !new.files.contains_key(*rel) && !kept.contains(rel))
                .cloned()
                .collect(),
            kept,
            saved: new
                .saved
                .iter()
                .filter(|(copy, _)| !old.saved.contains_key(*copy))
                .map(|(copy, rel)| (copy.clone(), rel.clone()))
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
    let mut locked = Prefix::lock(prefix, true)?;
    // Staging checks each entry against the manifest as it inflates it: once.
    let known = verify::Known {
        entries_checked_by_caller: true,
        ..verify::Known::default()
    };
    let verification = verify::verify_with(artifact, options, known);
    install_into(&mut locked, verification, options, choices)
}

/// Installs the artifact of `verification` (made with `options`) into the locked
/// `prefix`, as [`install`] does, if it verified. The entries are checked against the
/// manifest as they are staged, whether or not the verification inflated them.
pub fn install_into(
    prefix: &mut Prefix,
    mut verification: Verification,
    options: &verify::Options,
    choices: Choices,
) -> Result<std::result::Result<Installed, Refused>> {
    if !verification.ok {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    }
    // The manifest's bytes were checked against its signature and parsed: an install needs
    // only what was parsed (the bytes of a manifest of 100,000 files are 15 MB).
    verification.files.manifest = Vec::new();
    let Some(manifest) = verification.manifest.as_ref() else {
        return Ok(Err(Refused::Unverified(Box::new(verification))));
    };
    let dir = prefix.dir().to_path_buf();
    let old = prefix.installed()?;
    let key_changed = match &old {
        None => None,
        Some(old) => match replacing(
            old,
            &verification,
            manifest,
            &choices,
            (prefix.given(), options.root.is_some()),
        )? {
            Replacing::Yes { key_changed } => key_changed,
            Replacing::Unchanged => {
                prefix.keep();
                return Ok(Ok(Installed {
                    receipt: Receipt::clone(old),
                    previous: None,
                    unchanged: true,
                    key_changed: None,
                    script: None,
                }));
            }
            Replacing::Refused(refused) => return Ok(Err(refused)),
        },
    };
    if let Some(refused) = unfit(&verification, manifest, options, &choices)? {
        return Ok(Err(refused));
    }
    let staged = match plan_and_stage(prefix, &dir, &verification, old.as_deref(), options)? {
        Ok(staged) => staged,
        Err(refused) => return Ok(Err(refused)),
    };
    let source = choices
        .source
        .or_else(|| old.as_ref().and_then(|o| o.source.clone()));
    let receipt = new_receipt(manifest, verification.key.clone(), staged, source);
    // The manifest and its bytes are in the receipt now: let them go before the change is
    // applied (what it holds is the peak of an install of many files).
    drop(verification);
    let run_scripts = choices.run_scripts;
    let applied = prefix.apply(old.as_deref(), Some(&receipt))?;
    prefix.keep();
    let receipt = applied.receipt.unwrap_or(receipt);
    let script = scripts::run(
        prefix.dir(),
        &receipt,
        crate::package::def::Hook::PostInstall,
        run_scripts,
        old.as_ref().map(|o| o.version.as_str()),
    );
    Ok(Ok(Installed {
        previous: old
            .as_ref()
            .map(|old| Previous::between(old, &receipt, &applied.kept)),
        receipt,
        unchanged: false,
        key_changed,
        script,
    }))
}

/// A plan, and the files staged by it as the receipt lists them.
type Staged = (Plan, BTreeMap<String, InstalledFile>);

/// The receipt of the artifact of `manifest`, signed by `key`, once `staged`; where each
/// entry went is not needed any more and is let go.
fn new_receipt(
    manifest: &crate::manifest::ArtifactManifest,
    key: Option<String>,
    staged: Staged,
    source: Option<Source>,
) -> Receipt {
    let (
        Plan {
            beside,
            saved,
            dropped,
            ..
        },
        files,
    ) = staged;
    Receipt {
        schema: RECEIPT_SCHEMA.to_string(),
        artifact: manifest.name.clone(),
        package: manifest.package.clone(),
        version: manifest.version.clone(),
        release: manifest.release.clone(),
        sha256: manifest.sha256.clone(),
        key: key.unwrap_or_default(),
        files,
        beside,
        saved,
        dropped,
        locale: manifest.locale.clone(),
        source,
    }
}

/// Plans where each file of the verified artifact goes in the locked `prefix` (folder
/// `dir`, holding `old`) — the payload, and this system's scripts in alliance's own folder
/// — and stages them; the plan and the files as the receipt lists them.
fn plan_and_stage(
    prefix: &mut Prefix,
    dir: &Path,
    verification: &Verification,
    old: Option<&Receipt>,
    options: &verify::Options,
) -> Result<std::result::Result<Staged, Refused>> {
    let Some(manifest) = verification.manifest.as_ref() else {
        return Ok(Err(Refused::Unverified(Box::new(verification.clone()))));
    };
    let mut plan = match plan(manifest, dir, old)? {
        Ok(plan) => plan,
        Err(Unfit::Archive(why)) => return Ok(Err(Refused::Archive(why))),
        Err(Unfit::InTheWay(why)) => {
            return Err(PrefixError::InTheWay {
                prefix: prefix.given().to_path_buf(),
                why,
            }
            .into());
        }
    };
    plan.placed.extend(scripts::entries(manifest));
    let staging = prefix.txn()?.staging()?;
    let staged = stage(
        verification,
        manifest,
        &plan,
        &staging,
        prefix.given(),
        options,
    )?;
    Ok(staged.map(|files| (plan, files)))
}

/// Why the verified artifact cannot be installed here: built for other systems only (and
/// no `--any-target`), or an archive whose names and structure are unsafe, checked before
/// any of them meets the file system (the entries' contents are checked as they are
/// staged).
fn unfit(
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    options: &verify::Options,
    choices: &Choices,
) -> Result<Option<Refused>> {
    if manifest.kind == crate::manifest::ArtifactKind::Deb {
        return Ok(Some(Refused::Target(format!(
            "`{}` is a Debian package: dpkg installs it (`sudo apt install ./{}`), not alliance; install the package's `.zip` with alliance",
            manifest.name, manifest.name
        ))));
    }
    if !choices.any_target
        && let Some(why) = other_targets(manifest)
    {
        return Ok(Some(Refused::Target(why)));
    }
    let expected = verify::expected_entries(manifest);
    // The entries a delta upgrade takes from the prefix are not in the parts fetched.
    let elsewhere = |name: &str| verification.files.elsewhere.contains_key(name);
    let structure = archive::check_directory_skipping(
        &verification.files.artifact,
        &expected,
        (options.limits, &elsewhere),
    )?;
    Ok((!structure.is_empty()).then(|| Refused::Archive(structure.describe())))
}

/// The systems an installer is built for, by the install scripts it carries
/// (`install.sh`: unix, `install.cmd`: windows), when this system is not one of them.
fn other_targets(manifest: &crate::manifest::ArtifactManifest) -> Option<String> {
    let stem = manifest.name.strip_suffix(".zip").unwrap_or(&manifest.name);
    let has = |script: &str| {
        manifest
            .files
            .iter()
            .any(|f| f.path == format!("{stem}/{script}"))
    };
    let targets: Vec<&str> = [("unix", "install.sh"), ("windows", "install.cmd")]
        .into_iter()
        .filter(|(_, script)| has(script))
        .map(|(target, _)| target)
        .collect();
    let this = if cfg!(windows) { "windows" } else { "unix" };
    if targets.is_empty() || targets.contains(&this) {
        return None;
    }
    Some(format!(
        "{} {} is built for {} only, not for this system ({this}); `--any-target` installs \
         it anyway",
        manifest.package,
        manifest.version,
        targets.join(" and ")
    ))
}

/// Whether the artifact of `verification` (described by `manifest`) may replace the
/// install `old` of the prefix `shown`.
enum Replacing {
    /// It may (signed by another key than the installed version's, with the user's leave).
    Yes {
        /// The key that signed the version replaced, when another signed this one.
        key_changed: Option<String>,
    },
    /// It is the version installed: nothing to do.
    Unchanged,
    /// It may not.
    Refused(Refused),
}

/// Decides [`Replacing`]: the same package only (else an error), the same version only
/// with `--reinstall`, another signing key only with `--allow-key-change` or under a root
/// of trust (whose delegation of the package the verification checked), a lower version
/// only with `--allow-downgrade`.
fn replacing(
    old: &Receipt,
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    choices: &Choices,
    (shown, under_root): (&Path, bool),
) -> Result<Replacing> {
    if old.package != manifest.package {
        return Err(PrefixError::OtherPackage {
            prefix: shown.to_path_buf(),
            installed: old.package.clone(),
            version: old.version.clone(),
            wanted: manifest.package.clone(),
        }
        .into());
    }
    let order = version_order(&manifest.version, &old.version);
    if order.is_eq() && !choices.reinstall {
        return Ok(Replacing::Unchanged);
    }
    let new_key = verification.key.clone().unwrap_or_default();
    let mut key_changed = None;
    if old.key_id() != key_id_of(&new_key) {
        // Under a root of trust the root says who owns a package: the verification passed
        // only if its delegation holds the new key (a rotation the founders signed).
        if !choices.allow_key_change && !under_root {
            return Ok(Replacing::Refused(Refused::KeyChanged {
                package: old.package.clone(),
                installed: old.version.clone(),
                installed_key: old.key.clone(),
                new_key,
            }));
        }
        key_changed = Some(old.key.clone());
    }
    if order.is_lt() && !choices.allow_downgrade {
        return Ok(Replacing::Refused(Refused::Downgrade(format!(
            "{} {} is lower than the installed {} in `{}`; pass --allow-downgrade to install it anyway",
            manifest.package,
            manifest.version,
            old.version,
            shown.display()
        ))));
    }
    Ok(Replacing::Yes { key_changed })
}

/// Where each payload entry of an install goes.
#[derive(Debug)]
struct Plan {
    /// Entry name → path in the prefix (`<rel>.alliance-new` beside a file of the user's).
    placed: BTreeMap<String, String>,
    /// The user's configuration files the new version goes beside.
    beside: Vec<String>,
    /// The user's copies of other files to save before the new version replaces them, and
    /// those an earlier install saved that are still there: copy → file.
    saved: BTreeMap<String, String>,
    /// Files an earlier version installed that the user changed and this version has not,
    /// still there.
    dropped: Vec<String>,
}

/// Why a payload cannot be installed into a prefix.
#[derive(Debug)]
enum Unfit {
    /// Something about the archive's names (refused, exit 1).
    Archive(String),
    /// Files of the user's stand in the way (exit 2).
    InTheWay(String),
}

/// Plans where each payload entry of `manifest` goes in the prefix folder `dir`, which
/// holds the install `old` (if any): in its place, where nothing is, or a file alliance
/// installed is unchanged (taken out when applied, if still unchanged), or an identical
/// file; where a file of the user's is, as [`Yours`] says. Refused when a file of the
/// user's stands where a folder is needed, or the other way round, or where a new version
/// or a copy would go beside it.
fn plan(
    manifest: &crate::manifest::ArtifactManifest,
    dir: &Path,
    old: Option<&Receipt>,
) -> Result<std::result::Result<Plan, Unfit>> {
    let installed = |rel: &str| old.is_some_and(|o| o.files.contains_key(rel));
    let payload: BTreeSet<String> = manifest
        .payload()
        .into_iter()
        .map(|(_, rel)| rel.to_lowercase())
        .collect();
    let mut placed = BTreeMap::new();
    let mut beside = Vec::new();
    let mut why = Vec::new();
    let there = |rel: &str| std::fs::symlink_metadata(dir.join(rel)).is_ok();
    let (mut saved, dropped) = still_there(old, &payload, &there);
    for (file, rel) in manifest.payload() {
        if let Some(problem) = folders_in_the_way(dir, rel, &installed) {
            why.push(problem);
            continue;
        }
        let path = dir.join(rel);
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                placed.insert(file.path.clone(), rel.to_string());
                continue;
            }
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        if metadata.is_dir() {
            let theirs = receipt::leftovers(&path)?
                .into_iter()
                .any(|(inner, _)| !installed(&format!("{rel}/{inner}")));
            if theirs {
                why.push(format!(
                    "`{rel}` is a folder of files kept there, where `{rel}` is to be installed; move them away"
                ));
            } else {
                placed.insert(file.path.clone(), rel.to_string());
            }
            continue;
        }
        let ours = metadata.is_file()
            && is_ours(
                &path,
                metadata.len(),
                old.and_then(|o| o.files.get(rel)),
                file,
            );
        if ours {
            placed.insert(file.path.clone(), rel.to_string());
            continue;
        }
        let config = manifest.config.iter().any(|c| c == rel);
        match yours_in_the_way(rel, config, &payload, &saved, &there, &installed) {
            Ok(Yours::Save(copy)) => {
                saved.insert(copy, rel.to_string());
                placed.insert(file.path.clone(), rel.to_string());
            }
            Ok(Yours::Beside(new)) => {
                beside.push(rel.to_string());
                placed.insert(file.path.clone(), new);
            }
            Err(problem) => why.push(problem),
        }
    }
    if !why.is_empty() {
        return Ok(Err(Unfit::InTheWay(why.join("; "))));
    }
    let beside_set: BTreeSet<&str> = beside
        .iter()
        .map(String::as_str)
        .chain(saved.values().map(String::as_str))
        .collect();
    if let Some(unfit) = unfit_names(manifest, dir, &beside_set) {
        return Ok(Err(Unfit::Archive(unfit)));
    }
    beside.sort();
    Ok(Ok(Plan {
        placed,
        beside,
        saved,
        dropped,
    }))
}

/// Whether the file at `path` (of `size` bytes) is what alliance installed there
/// (`recorded`), unchanged, or what the payload `file` installs there anyway.
fn is_ours(
    path: &Path,
    size: u64,
    recorded: Option<&InstalledFile>,
    file: &crate::manifest::FileRecord,
) -> bool {
    // Hashed at most once, and only when a size matches.
    let hashed = std::cell::OnceCell::new();
    let holds = |want_size: u64, sha256: &str| {
        want_size == size
            && hashed
                .get_or_init(|| crate::fs::sha256_file(path))
                .as_deref()
                == Some(sha256)
    };
    recorded.is_some_and(|r| holds(r.size, &r.sha256)) || holds(file.size, &file.sha256)
}

/// What the user's copies saved and changed files dropped by earlier installs (`old`) are
/// still `there` and not in the new `payload` (lowercased): they stay on record.
fn still_there(
    old: Option<&Receipt>,
    payload: &BTreeSet<String>,
    there: &dyn Fn(&str) -> bool,
) -> (BTreeMap<String, String>, Vec<String>) {
    let kept = |rel: &String| there(rel) && !payload.contains(&rel.to_lowercase());
    let saved = old
        .iter()
        .flat_map(|o| &o.saved)
        .filter(|(copy, _)| kept(copy))
        .map(|(copy, rel)| (copy.clone(), rel.clone()))
        .collect();
    let dropped = old
        .iter()
        .flat_map(|o| &o.dropped)
        .filter(|rel| kept(rel))
        .cloned()
        .collect();
    (saved, dropped)
}

/// What becomes of a file of the user's where the payload file `rel` goes.
enum Yours {
    /// Not configuration: saved as this copy, the new version in its place.
    Save(String),
    /// Configuration: kept, the new version beside it, at this path.
    Beside(String),
}

/// Decides [`Yours`] for the payload file `rel` (`config`: declared configuration), given
/// the `payload`'s paths (lowercased), the copies `saved` so far, what is `there` and what
/// the old version `installed`; why not, when the name it needs is taken.
fn yours_in_the_way(
    rel: &str,
    config: bool,
    payload: &BTreeSet<String>,
    saved: &BTreeMap<String, String>,
    there: &dyn Fn(&str) -> bool,
    installed: &dyn Fn(&str) -> bool,
) -> std::result::Result<Yours, String> {
    if !config {
        let taken = |name: &str| {
            payload.contains(&name.to_lowercase()) || saved.contains_key(name) || there(name)
        };
        return free_copy_name(rel, taken).map(Yours::Save).ok_or_else(|| {
            format!(
                "`{rel}{OLD_SUFFIX}` and the names after it, where your copy of `{rel}` would be saved, are taken; remove some"
            )
        });
    }
    let new = format!("{rel}{NEW_SUFFIX}");
    if payload.contains(&new.to_lowercase()) || (there(&new) && !installed(&new)) {
        return Err(format!(
            "`{rel}{NEW_SUFFIX}`, where the new version of the kept `{rel}` goes, is taken; remove or rename it"
        ));
    }
    Ok(Yours::Beside(new))
}

/// The first name for the user's copy of `rel` that `taken` does not refuse:
/// `<rel>.alliance-old`, `<rel>.alliance-old-2`, … up to `-999`.
fn free_copy_name(rel: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    (1..1000)
        .map(|n| {
            if n == 1 {
                format!("{rel}{OLD_SUFFIX}")
            } else {
                format!("{rel}{OLD_SUFFIX}-{n}")
            }
        })
        .find(|name| !taken(name))
}

/// Why a folder on the way to `rel` in `dir` is in the way, if one is: a link, or a file
/// that is not one alliance installed unchanged (which is taken out before folders are made).
fn folders_in_the_way(dir: &Path, rel: &str, installed: &dyn Fn(&str) -> bool) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    for i in 1..parts.len() {
        let folder = parts[..i].join("/");
        let metadata = match std::fs::symlink_metadata(dir.join(&folder)) {
            Ok(metadata) => metadata,
            Err(_) => return None,
        };
        if metadata.is_dir() {
            continue;
        }
        let link = metadata.file_type().is_symlink();
        if !link && installed(&folder) {
            return None;
        }
        let what = if link { "a symbolic link" } else { "a file" };
        return Some(format!(
            "`{folder}` is {what} where the installed files need a folder; remove it"
        ));
    }
    None
}

/// The longest path most systems take (Linux `PATH_MAX` is 4096 bytes with its NUL).
const MAX_PATH_BYTES: usize = 4095;

/// The folder the payload is staged in, inside the prefix: `.alliance-txn/new`.
const STAGING_LEN: usize = TXN_DIR.len() + "/new".len();

/// Why some payload entry cannot be installed into the prefix folder `dir`, if one cannot:
/// it is named like alliance's own files at the top of a prefix (`.alliance-*`), its path
/// would be too long (staged, or with [`NEW_SUFFIX`] where it goes `beside` a file of the
/// user's), or two entries would install to the same path (a bundle's
/// `files/locales/<locale>/x.ftl` and `locales/<locale>/x.ftl`), or to a file and a folder
/// of one name. (Names unsafe anywhere, and names that clash inside the archive, were
/// refused when the archive was verified.)
fn unfit_names(
    manifest: &crate::manifest::ArtifactManifest,
    dir: &Path,
    beside: &BTreeSet<&str>,
) -> Option<String> {
    // Files are written under the staging folder inside the prefix, then renamed.
    let prefix_len = dir.as_os_str().len() + 1 + STAGING_LEN;
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
        let top = rel.split('/').next().unwrap_or(rel).to_lowercase();
        let extra = if beside.contains(rel) {
            LONGEST_SUFFIX
        } else {
            0
        };
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
        } else if top.starts_with(".alliance-") {
            unfit.push(format!(
                "`{}` is named like alliance's own files at the top of a prefix (`.alliance-*`)",
                file.path
            ));
        } else if prefix_len + 1 + rel.len() + extra > MAX_PATH_BYTES {
            unfit.push(format!(
                "`{}` would be installed under a path longer than {MAX_PATH_BYTES} bytes",
                file.path
            ));
        }
    }
    (!unfit.is_empty()).then(|| unfit.join("; "))
}

/// Writes the payload of the verified archive into `staging`, each entry where `plan`
/// puts it and checked against the manifest as it is read; the files staged, as the
/// receipt lists them.
fn stage(
    verification: &Verification,
    manifest: &crate::manifest::ArtifactManifest,
    plan: &Plan,
    staging: &Path,
    prefix: &Path,
    options: &verify::Options,
) -> Result<std::result::Result<BTreeMap<String, InstalledFile>, Refused>> {
    let expected = verify::expected_entries(manifest);
    let cannot_write = |entry: &str, source: std::io::Error| -> Error {
        PrefixError::CannotWrite {
            prefix: prefix.to_path_buf(),
            entry: entry.to_string(),
            source,
        }
        .into()
    };
    let progress = &options.progress;
    let open = |name: &str, mode: u32| -> Result<Option<Counting<'_>>> {
        let Some(rel) = plan.placed.get(name) else {
            return Ok(None);
        };
        // `read_checked` only passes safe names; stay inside the staging folder whatever.
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(PrefixError::Unwritable(format!(
                "`{name}` cannot be installed into `{}`: not a plain relative path",
                prefix.display()
            ))
            .into());
        }
        create_staged(&staging.join(rel), mode)
            .map(|file| Some(Counting { file, progress }))
            .map_err(|source| cannot_write(name, source))
    };
    let total: u64 = plan
        .placed
        .keys()
        .filter_map(|name| expected.get(name.as_str()).map(|(size, _, _)| *size))
        .sum();
    progress.tell(Transfer::Started {
        work: Work::Installing,
        name: &manifest.name,
        size: total,
    });
    let elsewhere = &verification.files.elsewhere;
    let read = archive::read_checked_skipping(
        &verification.files.artifact,
        &expected,
        (options.limits, &|name: &str| elsewhere.contains_key(name)),
        open,
    )
    .and_then(|read| Ok((read, copy_elsewhere(elsewhere, &expected, &open)?)));
    progress.tell(Transfer::Done {
        work: Work::Installing,
        name: &manifest.name,
        size: total,
    });
    // The staging folder goes with the transaction: nothing was written outside it.
    let ((mismatch, _), not_copied) = match read {
        Err(Error::Prefix(PrefixError::Unwritable(why))) => return Ok(Err(Refused::Archive(why))),
        Err(Error::Io {
            action: "write",
            path,
            source,
        }) => return Err(cannot_write(&path.to_string_lossy(), source)),
        read => read?,
    };
    if !mismatch.is_empty() {
        return Ok(Err(Refused::Archive(mismatch.describe())));
    }
    if let Some(why) = not_copied {
        return Ok(Err(Refused::Archive(why)));
    }
    Ok(Ok(installed_files(plan, &expected, manifest)))
}

/// The files staged by `plan`, as the receipt lists them.
fn installed_files(
    plan: &Plan,
    expected: &archive::Expected<'_>,
    manifest: &crate::manifest::ArtifactManifest,
) -> BTreeMap<String, InstalledFile> {
    plan.placed
        .iter()
        .filter_map(|(name, rel)| {
            let (size, sha256, mode) = expected.get(name.as_str())?;
            let file = InstalledFile {
                size: *size,
                sha256: (*sha256).to_string(),
                mode: *mode,
                config: manifest.config.iter().any(|c| c == rel),
            };
            Some((rel.clone(), file))
        })
        .collect()
}

/// Copies each entry `elsewhere` names (a delta upgrade's unchanged contents) from the
/// file it names through `open` (which gives `None` for an entry not installed: one
/// without a file must be one), checked against `expected` as it is copied, on all cores;
/// why it is refused when a file does not hold exactly what the manifest says (what was
/// written is thrown away with the staging folder).
fn copy_elsewhere<W: std::io::Write>(
    elsewhere: &BTreeMap<String, Option<(std::path::PathBuf, crate::fs::FileId)>>,
    expected: &archive::Expected<'_>,
    open: &(impl Fn(&str, u32) -> Result<Option<W>> + Sync),
) -> Result<Option<String>> {
    use rayon::prelude::*;
    use sha2::Digest;
    let copied: Vec<Option<&str>> = elsewhere
        .par_iter()
        .map(|(name, from)| {
            let Some(&(size, sha256, mode)) = expected.get(name.as_str()) else {
                return Ok(Some(name.as_str()));
            };
            let Some(mut out) = open(name, mode)? else {
                return Ok(None);
            };
            // An entry that was not fetched because no install places it, placed after all;
            // or a file that is not the one found to hold the contents (a link put in its
            // place, a pipe, another file).
            let Some((path, id)) = from else {
                return Ok(Some(name.as_str()));
            };
            let file = match crate::fs::open_regular_no_follow(path) {
                Ok((file, opened)) if opened == *id => file,
                _ => return Ok(Some(name.as_str())),
            };
            let limited = std::io::Read::take(file, size.saturating_add(1));
            let mut hash = sha2::Sha256::new();
            let mut written = Ok(());
            let read = crate::fs::read_pieces(limited, &mut vec![0u8; 256 << 10], |piece| {
                hash.update(piece);
                if written.is_ok() {
                    written = out.write_all(piece);
                }
            });
            // A write that fails (a full disk) is an error naming the entry; a read that
            // fails is a file that does not hold what it must.
            written
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("write", Path::new(name), e))?;
            let Ok(read) = read else {
                return Ok(Some(name.as_str()));
            };
            let same = read == size && archive::hex(&hash.finalize()) == sha256;
            Ok((!same).then_some(name.as_str()))
        })
        .collect::<Result<_>>()?;
    let not_copied: Vec<&str> = copied.into_iter().flatten().collect();
    Ok(not_copied.first().map(|name| {
        let more = match not_copied.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        format!(
            "`{name}`{more}: the installed file it was to be copied from no longer holds what the manifest says (changed during the upgrade?); nothing was changed"
        )
    }))
}

/// A staged file being written, each write told to `progress`.
struct Counting<'p> {
    file: std::fs::File,
    progress: &'p crate::progress::Progress,
}

impl std::io::Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(buf)?;
        self.progress.tell(Transfer::Bytes(written as u64));
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
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

/// How version `a` compares with version `b`: as semantic versions where both are, else as
/// text. Every decision between an installed and another version goes through it.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

/// Records in the receipt of the locked `prefix` that its install has seen the index
/// `seen` of a mirror, if that is newer (by sequence) than the one it records, or as new but
/// reached at another address or channel: an index below it is refused from now on, and
/// the next upgrade asks where this one did. The receipt is replaced in one rename.
pub fn record_seen(prefix: &mut Prefix, seen: &Source) -> Result<()> {
    let receipt = prefix.receipt()?;
    if receipt
        .source
        .as_ref()
        .is_some_and(|s| s.sequence > seen.sequence || s == seen)
    {
        return Ok(());
    }
    let mut receipt = Receipt::clone(&receipt);
    receipt.source = Some(seen.clone());
    crate::yaml::write(&prefix.dir().join(RECEIPT_FILE), &receipt)?;
    prefix.remember(receipt);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{ArtifactKind, ArtifactManifest, FileRecord, Signer};
    use std::path::PathBuf;

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
                    mode: 0o644,
                })
                .collect(),
            config: Vec::new(),
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
        let why = unfit_names(&manifest, Path::new("/opt/m"), &BTreeSet::new()).expect("refused");
        assert!(
            why.contains(
                "`m-1.0.0-de/files/.Alliance-Kept.yaml` has the name of the record of kept files"
            ),
            "{why}"
        );
        let manifest = bundle(&["m-1.0.0-de/files/a"]);
        // The prefix's path is as long as `a` fits in its staging folder, and not
        // `a.alliance-new`.
        let prefix = PathBuf::from(format!(
            "/{}",
            "x".repeat(MAX_PATH_BYTES - 1 - 1 - STAGING_LEN - 1 - 1)
        ));
        assert_eq!(unfit_names(&manifest, &prefix, &BTreeSet::new()), None);
        let beside: BTreeSet<&str> = ["a"].into();
        let why = unfit_names(&manifest, &prefix, &beside).expect("refused");
        assert!(why.contains("longer than 4095 bytes"), "{why}");
    }

    /// Files of the user's where the payload needs a folder, a folder of theirs where it
    /// needs a file, and a taken place beside a kept file are named; a file of theirs where
    /// a payload file goes gets the new version beside it.
    #[test]
    fn files_of_the_users_in_the_way_of_the_payload_are_named() {
        let manifest = ArtifactManifest {
            config: vec!["etc/m.ini".into()],
            ..bundle(&["m-1.0.0-de/files/etc/m.ini", "m-1.0.0-de/files/bin/m"])
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path();
        let planned = |p: &Path| match plan(&manifest, p, None).expect("planned") {
            Ok(plan) => Ok((plan.beside, plan.saved)),
            Err(Unfit::InTheWay(why) | Unfit::Archive(why)) => Err(why),
        };
        std::fs::create_dir_all(p.join("etc")).expect("dir");
        std::fs::write(p.join("etc/m.ini"), "mine").expect("write");
        std::fs::create_dir_all(p.join("bin")).expect("dir");
        std::fs::write(p.join("bin/m"), "mine").expect("write");
        std::fs::write(p.join("bin/m.alliance-old"), "an earlier copy").expect("write");
        // Configuration goes beside; any other file is replaced, its copy saved under the
        // first free name.
        assert_eq!(
            planned(p),
            Ok((
                vec!["etc/m.ini".to_string()],
                BTreeMap::from([("bin/m.alliance-old-2".to_string(), "bin/m".to_string())])
            ))
        );
        std::fs::remove_dir_all(p.join("bin")).expect("remove");
        std::fs::write(p.join("etc/m.ini.alliance-new"), "also mine").expect("write");
        let why = planned(p).expect_err("refused");
        assert!(
            why.contains("`etc/m.ini.alliance-new`, where the new version of the kept `etc/m.ini` goes, is taken"),
            "{why}"
        );
        std::fs::remove_dir_all(p.join("etc")).expect("remove");
        std::fs::write(p.join("etc"), "a file").expect("write");
        let why = planned(p).expect_err("refused");
        assert!(
            why.contains("`etc` is a file where the installed files need a folder; remove it"),
            "{why}"
        );
        std::fs::remove_file(p.join("etc")).expect("remove");
        std::fs::create_dir_all(p.join("bin/m")).expect("dir");
        std::fs::write(p.join("bin/m/x"), "x").expect("write");
        let why = planned(p).expect_err("refused");
        assert!(
            why.contains("`bin/m` is a folder of files kept there"),
            "{why}"
        );
    }

    #[test]
    fn entries_that_would_install_to_one_path_are_refused() {
        let why = unfit_names(
            &bundle(&[
                "m-1.0.0-de/files/Locales/de/m.ftl",
                "m-1.0.0-de/locales/de/m.ftl",
            ]),
            Path::new("/opt/m"),
            &BTreeSet::new(),
        )
        .expect("refused");
        assert!(
            why.contains("`m-1.0.0-de/files/Locales/de/m.ftl` and `m-1.0.0-de/locales/de/m.ftl` would both be installed as `locales/de/m.ftl`"),
            "{why}"
        );
        let why = unfit_names(
            &bundle(&["m-1.0.0-de/files/locales/de", "m-1.0.0-de/locales/de/m.ftl"]),
            Path::new("/opt/m"),
            &BTreeSet::new(),
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
                &BTreeSet::new()
            ),
            None
        );
    }
}
