//! The one way a prefix changes: a transaction with a journal, which a killed run leaves
//! for the next command on the prefix to finish or roll back.
//!
//! Everything happens inside the prefix, in `.alliance-txn/` (so every rename stays on one
//! file system, and a prefix that is a link is changed inside its target):
//!
//! 1. **Stage** (nothing in the prefix changes): the new files are written to `new/`, laid
//!    out as they will be installed; a download goes to a folder of its own there.
//! 2. **Commit**: what was staged is flushed to disk, and `journal.yaml` is written in one
//!    step, naming the receipt the prefix held (`from`) and the one it will hold (`to`;
//!    none for an uninstall). A run killed before this point changed nothing: the next
//!    command removes `.alliance-txn/`.
//! 3. **Apply**, in steps that can each be run again ([`forward`]): every file `from`
//!    lists is taken out of the prefix into `old/` and *then* hashed — it counts as the
//!    installed version only if it still is, at that moment; otherwise it goes back, as the
//!    user's (`taken`, a marker, records that this step is done). Then every staged file is
//!    renamed into place, never over anything (`RENAME_NOREPLACE`): where the plan saves
//!    the user's copy (`to.saved`), it is renamed to `<name>.alliance-old` first; where
//!    anything else is in the way (a file the user made or changed meanwhile), the new
//!    version goes beside it as `<name>.alliance-new`. Then the receipt is written, and
//!    `.alliance-txn/` removed. A rollback renames the saved copies back.
//! 4. **Recover**: a command that finds a journal runs the apply again; if that fails, it
//!    rolls back ([`rollback`]: staged files back to `new/`, the taken ones back in place,
//!    the old receipt), marked by `back` so that a kill during the rollback is rolled back
//!    too.
//!
//! So the prefix always ends up with the old version or the new one, the user's files are
//! never moved, and a file is deleted only after it was taken out of the user's reach and
//! found to be exactly what alliance installed.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::NEW_SUFFIX;
use super::receipt::{
    self, InstalledFile, KEPT_FILE, KEPT_SCHEMA, KeptFile, KeptRecord, KeptWhy, RECEIPT_FILE,
    Receipt, leftovers,
};
use crate::diagnostic::{Error, IoContext, PrefixError, Result};
use crate::fs::{crosses_link, rename_noreplace, sha256_file as file_sha256};

pub use super::receipt::TXN_DIR;
/// Where the new files are staged, as they will be laid out.
const NEW: &str = "new";
/// Where the installed files are taken to before they are deleted.
const OLD: &str = "old";
/// The journal: its presence is the commit.
const JOURNAL: &str = "journal.yaml";
/// Marks that every file of `from` was taken out (or found to be the user's).
const TAKEN: &str = "taken";
/// Marks a rollback under way.
const BACK: &str = "back";
/// A copy of the kept-files record the prefix held, to restore on rollback.
const KEPT_COPY: &str = "kept.yaml";
/// The `schema` of the journal.
const JOURNAL_SCHEMA: &str = "alliance.journal/1";

/// `journal.yaml`: the change a transaction makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal<'a> {
    /// Always [`JOURNAL_SCHEMA`].
    schema: String,
    /// The receipt the prefix held before (none: a first install); borrowed from the
    /// caller while it runs (a receipt of 100,000 files is not copied), owned when read back.
    from: Option<Cow<'a, Receipt>>,
    /// The receipt it holds after (none: an uninstall), listing every file as staged.
    to: Option<Cow<'a, Receipt>>,
}

impl Journal<'_> {
    /// "the upgrade of ledgerline 4.2.0 to 4.3.0", and the like.
    fn describe(&self) -> String {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => format!(
                "the change of {} {} to {} {}",
                from.package, from.version, to.package, to.version
            ),
            (None, Some(to)) => format!("the install of {} {}", to.package, to.version),
            (Some(from), None) => format!("the uninstall of {} {}", from.package, from.version),
            (None, None) => "an empty change".to_string(),
        }
    }
}

/// What a killed run had left in a prefix, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// What the run was doing: "the install of ledgerline 4.3.0".
    pub what: String,
    /// What was done with it.
    pub outcome: RecoveredHow,
}

/// How a killed run's change was brought to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveredHow {
    /// It had not changed the prefix yet: what it staged was removed.
    Discarded,
    /// It had committed: it was finished.
    Finished,
    /// It was undone (why: what stopped finishing it, if anything did).
    RolledBack(Option<String>),
}

/// Whether a killed run left anything in the prefix folder `dir`.
pub fn pending(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(TXN_DIR)).is_ok() || !crate::fs::cut_writes(dir).is_empty()
}

/// Finishes or rolls back what a killed run left in the prefix folder `dir`, which this
/// process has locked.
pub fn recover(dir: &Path) -> Result<Option<Recovered>> {
    crate::fs::remove_cut_writes(dir);
    let root = dir.join(TXN_DIR);
    if std::fs::symlink_metadata(&root).is_err() {
        return Ok(None);
    }
    let journal_path = root.join(JOURNAL);
    if std::fs::symlink_metadata(&journal_path).is_err() {
        std::fs::remove_dir_all(&root).at("remove", &root)?;
        return Ok(Some(Recovered {
            what: "a change that had not begun".to_string(),
            outcome: RecoveredHow::Discarded,
        }));
    }
    let journal = read_journal(&journal_path).map_err(|e| PrefixError::Stuck {
        prefix: dir.to_path_buf(),
        why: format!("its journal cannot be read ({e})"),
    })?;
    let what = journal.describe();
    if std::fs::symlink_metadata(root.join(BACK)).is_ok() {
        rollback(dir, &journal).map_err(|e| stuck(dir, &e))?;
        return Ok(Some(Recovered {
            what,
            outcome: RecoveredHow::RolledBack(None),
        }));
    }
    match forward(dir, &journal) {
        Ok(_) => Ok(Some(Recovered {
            what,
            outcome: RecoveredHow::Finished,
        })),
        Err(e) => {
            rollback(dir, &journal).map_err(|e| stuck(dir, &e))?;
            Ok(Some(Recovered {
                what,
                outcome: RecoveredHow::RolledBack(Some(e.to_string())),
            }))
        }
    }
}

/// The error of a change that could neither be finished nor undone.
fn stuck(dir: &Path, e: &Error) -> Error {
    PrefixError::Stuck {
        prefix: dir.to_path_buf(),
        why: e.to_string(),
    }
    .into()
}

/// Reads a journal: a regular file, capped, YAML of its shape (two receipts' worth).
fn read_journal(path: &Path) -> Result<Journal<'static>> {
    const NODES_PER_ENTRY: usize = 12;
    let cap = receipt::MAX_RECEIPT_BYTES * 2;
    let data = crate::untrusted::read_capped(path, cap).at("read", path)?;
    let text = String::from_utf8(data).map_err(|_| {
        Error::Invalid(vec![crate::diagnostic::Problem::new(
            path,
            "is not UTF-8 text",
        )])
    })?;
    let journal: Journal = crate::yaml::parse_large(
        path,
        &std::sync::Arc::from(text),
        2 * crate::archive::MAX_ENTRIES * NODES_PER_ENTRY + 100_000,
        usize::try_from(cap).unwrap_or(usize::MAX),
    )
    .map_err(|p| Error::Invalid(vec![p]))?;
    if journal.schema != JOURNAL_SCHEMA {
        return Err(Error::Invalid(vec![crate::diagnostic::Problem::new(
            path,
            format!(
                "schema `{}`; this alliance reads `{JOURNAL_SCHEMA}`",
                journal.schema
            ),
        )]));
    }
    Ok(journal)
}

/// Removes the transaction folder of the prefix `dir` if it holds no journal: what an
/// unfinished command staged (a committed change stays, for the next command to finish).
pub fn discard_uncommitted(dir: &Path) {
    let root = dir.join(TXN_DIR);
    if std::fs::symlink_metadata(&root).is_ok()
        && std::fs::symlink_metadata(root.join(JOURNAL)).is_err()
    {
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// A transaction begun in a locked prefix: its folder, where files are staged.
#[derive(Debug)]
pub struct Txn {
    /// The prefix.
    dir: PathBuf,
    /// `dir/.alliance-txn`.
    root: PathBuf,
}

impl Txn {
    /// Begins a transaction in the prefix folder `dir` (locked, and holding none).
    pub fn begin(dir: &Path) -> Result<Txn> {
        let root = dir.join(TXN_DIR);
        std::fs::create_dir(&root).at("create", &root)?;
        // Alliance's own: what is staged there is not for others to read before it is in
        // place with its mode (a delta upgrade's copy that turns out wrong included).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700))
                .at("create", &root)?;
        }
        Ok(Txn {
            dir: dir.to_path_buf(),
            root,
        })
    }

    /// The folder the new files are staged in, laid out as they will be installed.
    pub fn staging(&self) -> Result<PathBuf> {
        let path = self.root.join(NEW);
        std::fs::create_dir_all(&path).at("create", &path)?;
        Ok(path)
    }

    /// Throws away the staging folder and what it holds.
    pub fn discard_staging(&self) -> Result<()> {
        let path = self.root.join(NEW);
        match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("remove", &path, e))
            }
            _ => Ok(()),
        }
    }

    /// A folder of its own for `name` (a download), removed with the transaction.
    pub fn scratch(&self, name: &str) -> Result<PathBuf> {
        let path = self.root.join(name);
        std::fs::create_dir_all(&path).at("create", &path)?;
        Ok(path)
    }

    /// Commits the change from the receipt `from` to `to` (whose files are staged) and
    /// applies it. If applying fails, it is rolled back and the error returned; if that
    /// fails too, the journal stays for the next command, and the error says so.
    pub fn apply(self, from: Option<&Receipt>, to: Option<&Receipt>) -> Result<Applied> {
        let journal = Journal {
            schema: JOURNAL_SCHEMA.to_string(),
            from: from.map(Cow::Borrowed),
            to: to.map(Cow::Borrowed),
        };
        self.commit(&journal)?;
        match forward(&self.dir, &journal) {
            Ok(applied) => Ok(applied),
            Err(e) => match rollback(&self.dir, &journal) {
                Ok(()) => Err(e),
                Err(back) => Err(PrefixError::Stuck {
                    prefix: self.dir.clone(),
                    why: format!("{e}; undoing it failed too: {back}"),
                }
                .into()),
            },
        }
    }

    /// Flushes what was staged to disk and writes the journal in one step.
    fn commit(&self, journal: &Journal) -> Result<()> {
        let kept = self.dir.join(KEPT_FILE);
        if std::fs::symlink_metadata(&kept).is_ok_and(|m| m.is_file()) {
            let copy = self.root.join(KEPT_COPY);
            std::fs::copy(&kept, &copy).at("copy", &kept)?;
        }
        sync_file_system(&self.dir)?;
        crate::yaml::write(&self.root.join(JOURNAL), journal)
    }
}

/// Flushes the file system of `dir` to disk, so that nothing staged is lost with power.
fn sync_file_system(dir: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        let folder = std::fs::File::open(dir).at("open", dir)?;
        rustix::fs::syncfs(&folder)
            .map_err(std::io::Error::from)
            .at("flush to disk", dir)?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    Ok(())
}

/// What applying a change did.
#[derive(Debug, Default)]
pub struct Applied {
    /// The receipt the prefix now holds (none after an uninstall).
    pub receipt: Option<Receipt>,
    /// Files of `from` deleted (replaced, dropped or uninstalled).
    pub removed: usize,
    /// Files of `from` left because they were not what alliance installed (changed, a
    /// link, a folder): they are the user's now.
    pub kept: Vec<String>,
    /// After an uninstall: files left that alliance did not install, and links.
    pub left: Vec<String>,
    /// After an uninstall: the user's copies that upgrades saved (`<name>.alliance-old`).
    pub saved: Vec<String>,
    /// After an uninstall that left files: the record of them.
    pub record: Option<PathBuf>,
}

/// What became of one installed file when it was taken out.
enum TakeOut {
    /// Taken out: it is what alliance installed.
    Taken,
    /// Not there.
    Missing,
    /// Left where it is: the user's.
    Kept,
}

/// Applies `journal` to the prefix `dir`; every step can be run again after a kill.
fn forward(dir: &Path, journal: &Journal) -> Result<Applied> {
    let root = dir.join(TXN_DIR);
    let mut applied = Applied::default();
    let mut taken = Vec::new();
    let mut folders = Folders::default();
    if let Some(from) = &journal.from
        && std::fs::symlink_metadata(root.join(TAKEN)).is_err()
    {
        for (rel, file) in &from.files {
            match take_out(dir, &root, rel, &file.sha256, &mut folders)? {
                TakeOut::Taken => taken.push(rel),
                TakeOut::Missing => {}
                TakeOut::Kept => applied.kept.push(rel.clone()),
            }
        }
        let marker = root.join(TAKEN);
        std::fs::write(&marker, b"").at("write", &marker)?;
    }
    let from_files = || journal.from.iter().flat_map(|f| f.files.keys());
    match journal.to.as_deref() {
        Some(to) => {
            let saving = newly_saved(journal.from.as_deref(), to);
            for (rel, file) in &to.files {
                let saved = saving.get(rel.as_str()).copied();
                place(dir, &root, rel, file, saved, &mut folders)?;
            }
            // Taken files the new version has too were replaced, not removed.
            applied.removed = taken.iter().filter(|r| !to.files.contains_key(**r)).count();
            remove_emptied_folders(dir, from_files());
            let receipt = reconcile(dir, journal.from.as_deref(), to);
            crate::yaml::write(&dir.join(RECEIPT_FILE), &receipt)?;
            remove_if_there(&dir.join(KEPT_FILE))?;
            applied.receipt = Some(receipt);
        }
        None => {
            applied.removed = taken.len();
            remove_emptied_folders(dir, from_files());
            let installed: BTreeSet<&String> = from_files().collect();
            let (record, left) = kept_record(dir, journal.from.as_deref(), &installed)?;
            // Files an earlier version installed and the user changed are kept as such.
            for (rel, file) in &record.files {
                match file.why {
                    KeptWhy::Changed if !installed.contains(rel) => applied.kept.push(rel.clone()),
                    KeptWhy::Saved => applied.saved.push(rel.clone()),
                    _ => {}
                }
            }
            let path = dir.join(KEPT_FILE);
            if record.files.is_empty() {
                remove_if_there(&path)?;
            } else {
                crate::yaml::write(&path, &record)?;
                applied.record = Some(path);
            }
            applied.left = left;
            remove_if_there(&dir.join(RECEIPT_FILE))?;
        }
    }
    std::fs::remove_dir_all(&root).at("remove", &root)?;
    Ok(applied)
}

/// The record of what an uninstall leaves in `dir`: every file and link but the records,
/// each with why it stayed (an installed file still there was changed); and those of them
/// alliance did not install.
fn kept_record(
    dir: &Path,
    from: Option<&Receipt>,
    installed: &BTreeSet<&String>,
) -> Result<(KeptRecord, Vec<String>)> {
    let mut record = KeptRecord {
        schema: KEPT_SCHEMA.to_string(),
        package: from.map(|f| f.package.clone()).unwrap_or_default(),
        version: from.map(|f| f.version.clone()).unwrap_or_default(),
        files: std::collections::BTreeMap::new(),
    };
    let mut left = Vec::new();
    for (rel, link) in leftovers(dir)? {
        let (why, sha256) = if link {
            (KeptWhy::Link, None)
        } else {
            // Changed by the user: an installed file, a configuration file kept with the
            // new version beside it, or one a later version no longer has.
            let dropped = from.is_some_and(|f| f.dropped.contains(&rel) || f.beside.contains(&rel));
            let why = if installed.contains(&rel) || dropped {
                KeptWhy::Changed
            } else if from.is_some_and(|f| f.saved.contains_key(&rel)) {
                KeptWhy::Saved
            } else {
                KeptWhy::NotInstalled
            };
            (why, file_sha256(&dir.join(&rel)))
        };
        if matches!(why, KeptWhy::NotInstalled | KeptWhy::Link) {
            left.push(rel.clone());
        }
        record.files.insert(rel, KeptFile { why, sha256 });
    }
    Ok((record, left))
}

/// What one apply has learnt of a prefix's folders, so that each is looked at (or made)
/// once, not once a file.
#[derive(Debug, Default)]
struct Folders {
    /// Folders of the prefix (relative) that are real folders, not links.
    real: BTreeSet<String>,
    /// Folders made under the transaction's `old/`.
    held: BTreeSet<PathBuf>,
}

impl Folders {
    /// The folders on the way to the file `rel` in `dir` not yet known to be real folders,
    /// outermost first: each path, and its name relative to `dir`.
    fn unknown(&self, dir: &Path, rel: &str) -> Vec<(PathBuf, String)> {
        let mut path = dir.to_path_buf();
        let mut folder = String::new();
        let mut unknown = Vec::new();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            path.push(part);
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            if !self.real.contains(&folder) {
                unknown.push((path.clone(), folder.clone()));
            }
        }
        unknown
    }

    /// Whether a folder on the way to the file `rel` in `dir` is a symbolic link.
    fn cross_link(&mut self, dir: &Path, rel: &str) -> bool {
        for (path, folder) in self.unknown(dir, rel) {
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => return true,
                Ok(m) if m.is_dir() => {
                    self.real.insert(folder);
                }
                _ => return false,
            }
        }
        false
    }

    /// Makes the folders the file `rel` needs in `dir`; why not, when something else is in
    /// the way.
    fn make(&mut self, dir: &Path, rel: &str) -> std::result::Result<(), String> {
        for (path, folder) in self.unknown(dir, rel) {
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(m) => {
                    let what = if m.file_type().is_symlink() {
                        "a symbolic link"
                    } else {
                        "a file"
                    };
                    return Err(format!(
                        "`{folder}` is {what} where the installed files need a folder; remove it"
                    ));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if let Err(e) = std::fs::create_dir(&path)
                        && !path.is_dir()
                    {
                        return Err(format!("cannot create `{folder}`: {e}"));
                    }
                }
                Err(e) => return Err(format!("cannot read `{folder}`: {e}")),
            }
            self.real.insert(folder);
        }
        Ok(())
    }

    /// Makes the folder `parent` under the transaction's `old/`.
    fn make_held(&mut self, parent: &Path) -> Result<()> {
        if !self.held.contains(parent) {
            std::fs::create_dir_all(parent).at("create", parent)?;
            self.held.insert(parent.to_path_buf());
        }
        Ok(())
    }
}

/// Takes the installed file `rel` out of the prefix `dir` into the transaction's `old/`,
/// and keeps it there only if it is what alliance installed (`sha256`); anything else is
/// put back, as the user's. A file already taken out (by a killed run) is checked again.
fn take_out(
    dir: &Path,
    root: &Path,
    rel: &str,
    sha256: &str,
    folders: &mut Folders,
) -> Result<TakeOut> {
    if crate::archive::safe_name(rel).is_err() || folders.cross_link(dir, rel) {
        return Ok(TakeOut::Kept);
    }
    let path = dir.join(rel);
    let held = root.join(OLD).join(rel);
    if std::fs::symlink_metadata(&held).is_err() {
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TakeOut::Missing),
            Err(e) => return Err(Error::io("read", &path, e)),
            Ok(metadata) if !metadata.is_file() => return Ok(TakeOut::Kept),
            Ok(_) => {}
        }
        if let Some(parent) = held.parent() {
            folders.make_held(parent)?;
        }
        match std::fs::rename(&path, &held) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TakeOut::Missing),
            Err(e) => return Err(Error::io("move", &path, e)),
        }
    }
    if file_sha256(&held).as_deref() == Some(sha256) {
        return Ok(TakeOut::Taken);
    }
    put_back(&held, &path)?;
    Ok(TakeOut::Kept)
}

/// Moves `from` to `to`, never over anything: where `to` is taken, to the first free
/// `<to>.alliance-saved[-N]` beside it.
fn put_back(from: &Path, to: &Path) -> Result<PathBuf> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).at("create", parent)?;
    }
    let mut target = to.to_path_buf();
    for n in 1..1000 {
        match rename_noreplace(from, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let suffix = if n == 1 {
                    ".alliance-saved".to_string()
                } else {
                    format!(".alliance-saved-{n}")
                };
                let mut name = to.as_os_str().to_owned();
                name.push(suffix);
                target = PathBuf::from(name);
            }
            Err(e) => return Err(Error::io("move back", to, e)),
        }
    }
    Err(Error::io(
        "move back",
        to,
        std::io::Error::other("no free name beside it"),
    ))
}

/// The copies of the user's files that the change `to` plans to save (not those an earlier
/// change saved): file → where its copy goes.
fn newly_saved<'a>(
    from: Option<&Receipt>,
    to: &'a Receipt,
) -> std::collections::BTreeMap<&'a str, &'a str> {
    to.saved
        .iter()
        .filter(|(copy, _)| from.is_none_or(|f| !f.saved.contains_key(*copy)))
        .map(|(copy, rel)| (rel.as_str(), copy.as_str()))
        .collect()
}

/// Renames the staged file `rel` into the prefix `dir`, never over anything: where the
/// user's file is in the way, it is moved to `save` first when the plan said so (a file that
/// is not configuration), else the new version goes beside it (`<rel>.alliance-new`);
/// where an identical file is there, that one stays (the staged copy goes with the
/// transaction). Done already (by a killed run) when the staged file is gone.
fn place(
    dir: &Path,
    root: &Path,
    rel: &str,
    file: &InstalledFile,
    save: Option<&str>,
    folders: &mut Folders,
) -> Result<()> {
    let staged = root.join(NEW).join(rel);
    let in_the_way = |why: String| -> Error {
        PrefixError::InTheWay {
            prefix: dir.to_path_buf(),
            why,
        }
        .into()
    };
    let path = dir.join(rel);
    let mut moved = rename_noreplace(&staged, &path);
    if moved
        .as_ref()
        .is_err_and(|e| e.kind() != std::io::ErrorKind::AlreadyExists)
    {
        if std::fs::symlink_metadata(&staged).is_err() {
            // Placed by a killed run.
            return Ok(());
        }
        // The folders it needs are missing, or something else stands in their place.
        folders.make(dir, rel).map_err(in_the_way)?;
        moved = rename_noreplace(&staged, &path);
    }
    // A folder of the old version emptied, where the new one has a file.
    if moved
        .as_ref()
        .is_err_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
        && std::fs::remove_dir(&path).is_ok()
    {
        moved = rename_noreplace(&staged, &path);
    }
    match moved {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io("move into place", &path, e)),
    }
    if std::fs::symlink_metadata(&staged).is_err() {
        // Placed by a killed run (where the system checks the target first).
        return Ok(());
    }
    let same = |path: &Path| {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
            && file_sha256(path).as_deref() == Some(file.sha256.as_str())
    };
    if same(&path) {
        return Ok(());
    }
    if let Some(save) = save
        && std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir())
    {
        let copy = dir.join(save);
        match rename_noreplace(&path, &copy) {
            Ok(()) => {
                return match rename_noreplace(&staged, &path) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Err(in_the_way(format!(
                            "`{rel}` was made again while your copy was saved as `{save}`; the change is undone"
                        )))
                    }
                    Err(e) => Err(Error::io("move into place", &path, e)),
                };
            }
            // The name was taken meanwhile: the new version goes beside it instead.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io("save your copy of", &path, e)),
        }
    }
    if rel.ends_with(NEW_SUFFIX) {
        return Err(in_the_way(format!(
            "`{rel}`, where a new version goes beside a file of yours, is taken; remove or rename it"
        )));
    }
    let beside = dir.join(format!("{rel}{NEW_SUFFIX}"));
    match rename_noreplace(&staged, &beside) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && same(&beside) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(in_the_way(format!(
            "`{rel}` and `{rel}{NEW_SUFFIX}` are both taken by files of yours; remove or rename one"
        ))),
        Err(e) => Err(Error::io("move into place", &beside, e)),
    }
}

/// The receipt `to` as the files were actually placed: a file that went beside one of the
/// user's (made or changed while the change ran) is listed there; the user's copies saved
/// are those there; the files of `from` the user changed that `to` has not are `dropped`.
fn reconcile(dir: &Path, from: Option<&Receipt>, to: &Receipt) -> Receipt {
    let mut receipt = to.clone();
    let there = |rel: &str| std::fs::symlink_metadata(dir.join(rel)).is_ok();
    receipt.saved.retain(|copy, _| there(copy));
    for (rel, file) in &to.files {
        if rel.ends_with(NEW_SUFFIX) {
            continue;
        }
        let beside = format!("{rel}{NEW_SUFFIX}");
        let beside_path = dir.join(&beside);
        if to.files.contains_key(&beside) || std::fs::symlink_metadata(&beside_path).is_err() {
            continue;
        }
        let is_ours = |path: &Path| {
            std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
                && file_sha256(path).as_deref() == Some(file.sha256.as_str())
        };
        if !is_ours(&dir.join(rel)) && is_ours(&beside_path) {
            receipt.files.remove(rel);
            receipt.files.insert(beside, file.clone());
            receipt.beside.push(rel.clone());
        }
    }
    receipt.beside.sort();
    receipt.beside.dedup();
    // A file of `from` still there that `to` neither has nor went beside: the user's.
    let dropped = from
        .into_iter()
        .flat_map(|f| f.files.keys())
        .filter(|rel| !to.files.contains_key(*rel) && !receipt.beside.contains(rel) && there(rel));
    receipt.dropped = to
        .dropped
        .iter()
        .filter(|rel| there(rel))
        .chain(dropped)
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    receipt
}

/// Undoes `journal` in the prefix `dir`: placed files back to the staging folder, taken
/// ones back in place (beside, if the user made another meanwhile), the old receipt and
/// kept-files record; then removes the transaction.
fn rollback(dir: &Path, journal: &Journal) -> Result<()> {
    let root = dir.join(TXN_DIR);
    let marker = root.join(BACK);
    std::fs::write(&marker, b"").at("write", &marker)?;
    if let Some(to) = journal.to.as_deref() {
        for (rel, file) in &to.files {
            let staged = root.join(NEW).join(rel);
            if std::fs::symlink_metadata(&staged).is_ok() {
                continue;
            }
            for candidate in [rel.clone(), format!("{rel}{NEW_SUFFIX}")] {
                let path = dir.join(&candidate);
                let ours = !crosses_link(dir, &candidate)
                    && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
                    && file_sha256(&path).as_deref() == Some(file.sha256.as_str());
                if ours {
                    if let Some(parent) = staged.parent() {
                        std::fs::create_dir_all(parent).at("create", parent)?;
                    }
                    std::fs::rename(&path, &staged).at("move back", &path)?;
                    break;
                }
            }
        }
        // The user's copies saved by this change go back where they were.
        for (rel, copy) in newly_saved(journal.from.as_deref(), to) {
            let (copy, path) = (dir.join(copy), dir.join(rel));
            if std::fs::symlink_metadata(&path).is_err() && std::fs::symlink_metadata(&copy).is_ok()
            {
                rename_noreplace(&copy, &path).at("move back", &copy)?;
            }
        }
    }
    let old = root.join(OLD);
    if old.is_dir() {
        for entry in walkdir::WalkDir::new(&old).min_depth(1).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io("read", &old, e.into()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(&old).unwrap_or(entry.path());
            put_back(entry.path(), &dir.join(rel))?;
        }
    }
    if let Some(to) = journal.to.as_deref() {
        let before: BTreeSet<String> = journal
            .from
            .iter()
            .flat_map(|f| f.files.keys())
            .flat_map(|rel| folders_of(rel))
            .collect();
        let made = to
            .files
            .keys()
            .flat_map(|rel| folders_of(rel))
            .filter(|f| !before.contains(f))
            .collect::<BTreeSet<_>>();
        remove_folders(dir, made);
    }
    let receipt_path = dir.join(RECEIPT_FILE);
    match journal.from.as_deref() {
        Some(from) => {
            if receipt::read_receipt(dir).ok().as_ref() != Some(from) {
                crate::yaml::write(&receipt_path, from)?;
            }
        }
        None => remove_if_there(&receipt_path)?,
    }
    let copy = root.join(KEPT_COPY);
    if std::fs::symlink_metadata(&copy).is_ok() {
        std::fs::rename(&copy, dir.join(KEPT_FILE)).at("move back", &copy)?;
    } else if journal.to.is_none() {
        remove_if_there(&dir.join(KEPT_FILE))?;
    }
    std::fs::remove_dir_all(&root).at("remove", &root)
}

/// Every folder on the way to `rel`: `a/b/c` → `a`, `a/b`.
fn folders_of(rel: &str) -> Vec<String> {
    let mut folders = Vec::new();
    let mut folder = rel;
    while let Some((parent, _)) = folder.rsplit_once('/') {
        folders.push(parent.to_string());
        folder = parent;
    }
    folders
}

/// Removes the folders of the files `rels` in `dir` that are empty now, deepest first,
/// never one reached through a link.
fn remove_emptied_folders<'a>(dir: &Path, rels: impl Iterator<Item = &'a String>) {
    remove_folders(dir, rels.flat_map(|rel| folders_of(rel)).collect());
}

/// Removes the `folders` of `dir` that are empty, deepest first, none through a link.
fn remove_folders(dir: &Path, folders: BTreeSet<String>) {
    let mut folders: Vec<String> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    for folder in folders {
        if !crosses_link(dir, &folder) {
            let _ = std::fs::remove_dir(dir.join(&folder));
        }
    }
}

/// Removes the file at `path`, if there is one.
fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("remove", path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(data: &str) -> InstalledFile {
        InstalledFile {
            size: data.len() as u64,
            sha256: crate::archive::sha256_hex(data.as_bytes()),
            mode: 0o644,
            config: false,
        }
    }

    fn receipt(version: &str, files: &[(&str, &str)]) -> Receipt {
        Receipt {
            schema: receipt::RECEIPT_SCHEMA.to_string(),
            artifact: format!("p-{version}.zip"),
            package: "p".to_string(),
            version: version.to_string(),
            release: "r".to_string(),
            sha256: "0".repeat(64),
            key: "k (0123456789ABCDEF)".to_string(),
            files: files
                .iter()
                .map(|(rel, data)| ((*rel).to_string(), file(data)))
                .collect(),
            beside: Vec::new(),
            saved: std::collections::BTreeMap::new(),
            dropped: Vec::new(),
            locale: None,
            source: None,
        }
    }

    /// A prefix holding version 1 (`a`, `b/c`, `d`), with `d` changed by the user and a
    /// file of the user's own; version 2 staged (`a` changed, `b/c` dropped, `e` added).
    fn prefix() -> (tempfile::TempDir, Txn, Receipt, Receipt) {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path();
        std::fs::create_dir_all(p.join("b")).expect("dir");
        for (rel, data) in [("a", "a1"), ("b/c", "c1"), ("d", "mine"), ("own", "own")] {
            std::fs::write(p.join(rel), data).expect("write");
        }
        let old = receipt("1", &[("a", "a1"), ("b/c", "c1"), ("d", "d1")]);
        crate::yaml::write(&p.join(RECEIPT_FILE), &old).expect("receipt");
        let new = receipt("2", &[("a", "a2"), ("d", "d1"), ("e", "e2")]);
        let txn = Txn::begin(p).expect("begin");
        let staging = txn.staging().expect("staging");
        for (rel, data) in [("a", "a2"), ("d", "d1"), ("e", "e2")] {
            std::fs::write(staging.join(rel), data).expect("stage");
        }
        (dir, txn, old, new)
    }

    fn read(dir: &Path, rel: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(rel)).ok()
    }

    /// Issue 20, item 4: an installed file changed after the change was planned (here:
    /// between staging and applying) is the user's: never deleted, the new version goes
    /// beside it, and the receipt says so.
    #[test]
    fn a_file_changed_after_planning_is_kept_and_the_new_version_goes_beside_it() {
        let (dir, txn, old, new) = prefix();
        let p = dir.path();
        std::fs::write(p.join("a"), "changed meanwhile").expect("write");
        std::fs::write(p.join("e"), "made meanwhile").expect("write");
        let applied = txn.apply(Some(&old), Some(&new)).expect("applied");
        assert_eq!(read(p, "a").as_deref(), Some("changed meanwhile"));
        assert_eq!(read(p, "a.alliance-new").as_deref(), Some("a2"));
        assert_eq!(read(p, "e").as_deref(), Some("made meanwhile"));
        assert_eq!(read(p, "e.alliance-new").as_deref(), Some("e2"));
        assert_eq!(read(p, "d").as_deref(), Some("mine"));
        assert_eq!(read(p, "d.alliance-new").as_deref(), Some("d1"));
        assert_eq!(read(p, "own").as_deref(), Some("own"));
        assert!(!p.join("b").exists(), "the emptied folder goes");
        let receipt = applied.receipt.expect("receipt");
        assert_eq!(receipt.beside, ["a", "d", "e"]);
        assert!(receipt.files.contains_key("a.alliance-new"));
        assert_eq!(receipt::read_receipt(p).expect("read"), receipt);
        assert_eq!(applied.kept, ["a", "d"]);
        assert!(!p.join(TXN_DIR).exists());
    }

    /// A change that cannot be finished (a file of the user's stands where a folder is
    /// needed) is rolled back: every file as it was, the old receipt.
    #[test]
    fn a_change_that_cannot_be_finished_is_rolled_back() {
        let (dir, txn, old, mut new) = prefix();
        let p = dir.path();
        let staging = p.join(TXN_DIR).join(NEW);
        std::fs::create_dir_all(staging.join("own")).expect("dir");
        std::fs::write(staging.join("own/x"), "x").expect("stage");
        new.files.insert("own/x".to_string(), file("x"));
        let before = std::fs::read(p.join(RECEIPT_FILE)).expect("receipt");
        let error = txn.apply(Some(&old), Some(&new)).expect_err("refused");
        assert!(error.to_string().contains("`own` is a file"), "{error}");
        for (rel, data) in [("a", "a1"), ("b/c", "c1"), ("d", "mine"), ("own", "own")] {
            assert_eq!(read(p, rel).as_deref(), Some(data), "{rel}");
        }
        assert!(!p.join("e").exists());
        assert_eq!(
            std::fs::read(p.join(RECEIPT_FILE)).expect("receipt"),
            before
        );
        assert!(!p.join(TXN_DIR).exists());
    }

    /// A file taken out whose contents differ (a killed run had taken it out and not put it
    /// back yet) is put back on recovery, never deleted.
    #[test]
    fn a_taken_file_that_is_not_the_installed_one_is_put_back_on_recovery() {
        let (dir, txn, old, new) = prefix();
        let p = dir.path();
        let journal = Journal {
            schema: JOURNAL_SCHEMA.to_string(),
            from: Some(Cow::Owned(old)),
            to: Some(Cow::Owned(new)),
        };
        txn.commit(&journal).expect("commit");
        let held = p.join(TXN_DIR).join(OLD);
        std::fs::create_dir_all(&held).expect("dir");
        std::fs::rename(p.join("d"), held.join("d")).expect("take");
        let recovered = recover(p).expect("recovered").expect("something");
        assert_eq!(recovered.outcome, RecoveredHow::Finished);
        assert_eq!(read(p, "d").as_deref(), Some("mine"));
        assert_eq!(read(p, "d.alliance-new").as_deref(), Some("d1"));
        assert_eq!(read(p, "a").as_deref(), Some("a2"));
    }
}
