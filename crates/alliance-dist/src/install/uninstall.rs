//! `alliance uninstall`: takes out of a prefix exactly the files its receipt lists, each
//! only if it is, at that moment, what alliance installed; what the user changed or added
//! stays, recorded in [`KEPT_FILE`](super::KEPT_FILE). It is a transaction like an install
//! ([`super::txn`]): a killed uninstall is finished by the next command on the prefix.

use std::path::{Path, PathBuf};

use super::Prefix;
use crate::diagnostic::Result;

/// What `uninstall` did.
#[derive(Debug, Default)]
pub struct Removed {
    /// The receipt's package.
    pub package: String,
    /// The receipt's version.
    pub version: String,
    /// Files removed.
    pub removed: usize,
    /// Files kept because they changed since the install, or are no longer files
    /// (relative paths).
    pub kept: Vec<String>,
    /// Files left that alliance did not install (the user's own), and links.
    pub left: Vec<String>,
    /// The user's copies of files they had changed, saved when an upgrade replaced them.
    pub saved: Vec<String>,
    /// The record of what stayed ([`KEPT_FILE`](super::KEPT_FILE)), when anything did.
    pub record: Option<PathBuf>,
    /// Whether the prefix itself is gone (it was empty at the end; a prefix reached through
    /// a link stays, as the link does).
    pub prefix_removed: bool,
    /// The vendor's pre-remove script, if the package has one: run (it succeeded) or not.
    pub script: Option<super::scripts::ScriptRun>,
}

/// Removes what the receipt in `prefix` lists; files changed since are kept. With
/// `run_scripts`, the vendor's pre-remove script runs first; if it fails, nothing is
/// removed and the script is returned.
pub fn uninstall(
    prefix: &Path,
    run_scripts: bool,
) -> Result<std::result::Result<Removed, super::scripts::ScriptRun>> {
    let mut locked = Prefix::lock(prefix, false)?;
    let receipt = locked.receipt()?;
    let script = super::scripts::run(
        locked.dir(),
        &receipt,
        crate::package::def::Hook::PreRemove,
        run_scripts,
        None,
    );
    if let Some(failed) = script
        .as_ref()
        .filter(|s| matches!(s.outcome, super::scripts::ScriptOutcome::Failed(_)))
    {
        locked.keep();
        return Ok(Err(failed.clone()));
    }
    let applied = locked.apply(Some(&receipt), None)?;
    locked.keep();
    let through_link = locked.dir() != locked.given();
    let prefix_removed = !through_link && std::fs::remove_dir(locked.dir()).is_ok();
    Ok(Ok(Removed {
        package: receipt.package.clone(),
        version: receipt.version.clone(),
        removed: applied.removed,
        kept: applied.kept,
        left: applied.left,
        saved: applied.saved,
        record: applied.record,
        prefix_removed,
        script,
    }))
}
