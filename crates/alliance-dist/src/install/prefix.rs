//! A prefix held by one command: resolved once (a prefix that is a symbolic link is worked
//! on inside its target, and the link stays), locked for the whole command, and first
//! brought back to a whole state if a killed run left a transaction in it.
//!
//! The lock is an exclusive `flock` on the prefix folder itself, taken without waiting: a
//! second command on the same prefix (an install, upgrade or uninstall, from this machine's
//! any process) is refused at once with [`PrefixError::InUse`] (exit code 3). The lock goes
//! with the process, so a killed run never leaves a stale one. After locking, the folder is
//! checked to still be the one at the path (another command may have removed it meanwhile).

use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::receipt::{KEPT_FILE, TXN_DIR, has_receipt};
use super::txn::{self, Applied, Recovered, Txn};
use super::{Receipt, read_receipt};
use crate::diagnostic::{Error, IoContext, PrefixError, Result};

/// A prefix locked by this process.
#[derive(Debug)]
pub struct Prefix {
    /// The folder as the user named it (for messages).
    given: PathBuf,
    /// The folder worked in: the target of a link, else `given`.
    dir: PathBuf,
    /// The open folder, holding the lock.
    _lock: std::fs::File,
    /// The folders this command made to hold the prefix (the prefix itself last): removed
    /// again, when empty, unless the command succeeded.
    created: Vec<PathBuf>,
    /// Set when the command succeeded: what it made stays.
    kept: bool,
    /// What a killed run left, and what became of it.
    recovered: Option<Recovered>,
    /// The change under way, once begun.
    txn: Option<Txn>,
    /// The install the prefix holds, once read (read once a command).
    receipt: Option<Option<Arc<Receipt>>>,
}

impl Prefix {
    /// Locks the prefix at `path`, creating it (and its parents) when missing and `create`
    /// is set, and finishes or rolls back what a killed run left in it.
    pub fn lock(path: &Path, create: bool) -> Result<Prefix> {
        let dir = resolve(path)?;
        let created = if create {
            let mut made = create_folders(&crate::verify::folder_of(&dir))?;
            match std::fs::create_dir(&dir) {
                Ok(()) => made.push(dir.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    remove_empty(&made);
                    return Err(Error::io("create", &dir, e));
                }
            }
            made
        } else {
            Vec::new()
        };
        let lock = match lock_folder_of(path, &dir, create) {
            Ok(lock) => lock,
            Err(e) => {
                remove_empty(&created);
                return Err(e);
            }
        };
        let mut prefix = Prefix {
            given: path.to_path_buf(),
            dir,
            _lock: lock,
            created,
            kept: false,
            recovered: None,
            txn: None,
            receipt: None,
        };
        prefix.recovered = txn::recover(&prefix.dir)?;
        Ok(prefix)
    }

    /// The folder to work in (the target of a link).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder as the user named it.
    pub fn given(&self) -> &Path {
        &self.given
    }

    /// What a killed run left in the prefix, finished or rolled back when it was locked.
    pub fn recovered(&self) -> Option<&Recovered> {
        self.recovered.as_ref()
    }

    /// The command succeeded: the folders it made stay.
    pub fn keep(&mut self) {
        self.kept = true;
    }

    /// The install the prefix holds: its receipt, read once a command; none when the
    /// folder is empty or holds only what an uninstall kept; an error when it holds files
    /// alliance did not install.
    pub fn installed(&mut self) -> Result<Option<Arc<Receipt>>> {
        if let Some(known) = &self.receipt {
            return Ok(known.clone());
        }
        let found = installed(&self.dir)?.map(Arc::new);
        self.receipt = Some(found.clone());
        Ok(found)
    }

    /// The receipt of the install the prefix holds; an error saying what the folder holds
    /// when it has none.
    pub fn receipt(&mut self) -> Result<Arc<Receipt>> {
        if let Some(Some(receipt)) = &self.receipt {
            return Ok(receipt.clone());
        }
        let receipt = Arc::new(read_receipt(&self.dir)?);
        self.receipt = Some(Some(receipt.clone()));
        Ok(receipt)
    }

    /// Remembers `receipt` as the one the prefix now holds (just written).
    pub(super) fn remember(&mut self, receipt: Receipt) {
        self.receipt = Some(Some(Arc::new(receipt)));
    }

    /// A folder of its own for `name` (a download) inside the prefix's transaction, gone
    /// when the command ends, and removed by the next command if this one is killed.
    pub fn scratch(&mut self, name: &str) -> Result<PathBuf> {
        self.txn()?.scratch(name)
    }

    /// Throws away what was staged so far (an attempt given up, to stage again).
    pub fn discard_staging(&mut self) -> Result<()> {
        self.txn()?.discard_staging()
    }

    /// The transaction of this command, begun on first use.
    pub(super) fn txn(&mut self) -> Result<&Txn> {
        match &mut self.txn {
            Some(txn) => Ok(txn),
            slot @ None => Ok(slot.insert(Txn::begin(&self.dir)?)),
        }
    }

    /// Commits and applies the change from the receipt `from` to `to` (none: an
    /// uninstall), whose files were staged.
    pub(super) fn apply(
        &mut self,
        from: Option<&Receipt>,
        to: Option<&Receipt>,
    ) -> Result<Applied> {
        self.txn()?;
        // What the prefix holds is read again by whoever asks next.
        self.receipt = None;
        match self.txn.take() {
            Some(txn) => txn.apply(from, to),
            None => Err(Error::io(
                "begin a change in",
                &self.dir,
                std::io::Error::other("no transaction"),
            )),
        }
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        // What an unfinished command staged goes; what it committed stays for the next
        // command to finish.
        txn::discard_uncommitted(&self.dir);
        if !self.kept {
            remove_empty(&self.created);
        }
    }
}

/// Finishes or rolls back what a killed run left in `path`, if it left anything and no
/// live command holds the prefix; returns what was done. Nothing is created or locked when
/// there is nothing to do.
pub fn recover(path: &Path) -> Result<Option<Recovered>> {
    let Ok(dir) = resolve(path) else {
        return Ok(None);
    };
    if !txn::pending(&dir) {
        return Ok(None);
    }
    let mut prefix = match Prefix::lock(path, false) {
        Ok(prefix) => prefix,
        // A live command is at work on it: it is not ours to touch.
        Err(Error::Prefix(PrefixError::InUse { .. })) => return Ok(None),
        Err(e) => return Err(e),
    };
    prefix.keep();
    Ok(prefix.recovered.take())
}

/// The folder to work in for the prefix at `path`: the target of a symbolic link (which
/// must be a folder), else `path` itself (which must be a folder, or not exist).
fn resolve(path: &Path) -> Result<PathBuf> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    if metadata.file_type().is_symlink() {
        let target = std::fs::read_link(path).at("read", path)?;
        return match std::fs::canonicalize(path) {
            Ok(resolved) if resolved.is_dir() => Ok(resolved),
            _ => Err(PrefixError::Link {
                prefix: path.to_path_buf(),
                target,
            }
            .into()),
        };
    }
    if !metadata.is_dir() {
        return Err(PrefixError::NotAFolder(path.to_path_buf()).into());
    }
    Ok(path.to_path_buf())
}

/// Locks the folder `dir` (which exists) for the rest of the command, as a prefix is
/// locked: refused at once ([`PrefixError::InUse`], exit code 3) when another process holds
/// it. The lock lasts as long as the returned file is open.
pub fn lock_folder(dir: &Path) -> Result<std::fs::File> {
    lock_folder_of(dir, dir, false)
}

/// Opens the folder `dir` (the prefix `given`) and locks it; refused when another process
/// holds it. The lock is taken on the folder that is at `dir` once locked.
fn lock_folder_of(given: &Path, dir: &Path, create: bool) -> Result<std::fs::File> {
    for _ in 0..3 {
        let folder = match std::fs::File::open(dir) {
            Ok(folder) => folder,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => {
                return Err(PrefixError::NoReceipt {
                    prefix: given.to_path_buf(),
                    file: super::RECEIPT_FILE,
                }
                .into());
            }
            Err(e) => return Err(Error::io("open", dir, e)),
        };
        match folder.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(PrefixError::InUse(given.to_path_buf()).into());
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("lock", dir, e)),
        }
        if same_folder(&folder, dir) {
            return Ok(folder);
        }
        // Removed or replaced while we waited for it: take the one there now.
    }
    Err(PrefixError::InUse(given.to_path_buf()).into())
}

/// Whether the open `folder` is the one at `dir` now.
fn same_folder(folder: &std::fs::File, dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (folder.metadata(), std::fs::metadata(dir)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        dir.is_dir()
    }
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
            remove_empty(&missing[..i]);
            return Err(Error::io("create", d, e));
        }
    }
    Ok(missing)
}

/// Removes the folders `made` (outermost first) that are empty, innermost first.
fn remove_empty(made: &[PathBuf]) {
    for dir in made.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// The receipt of the prefix folder `dir`, if it holds an install; an error if it holds
/// files alliance did not install (and no record of an uninstall that kept them).
fn installed(dir: &Path) -> Result<Option<Receipt>> {
    if has_receipt(dir) {
        return read_receipt(dir).map(Some);
    }
    if std::fs::symlink_metadata(dir.join(KEPT_FILE)).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    if entries.any(|e| e.is_ok_and(|e| e.file_name() != TXN_DIR)) {
        return Err(PrefixError::NotEmpty(dir.to_path_buf()).into());
    }
    Ok(None)
}
