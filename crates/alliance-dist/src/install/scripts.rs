//! A vendor's scripts in a prefix: an installer carries them as `<stem>/scripts/<hook>.sh`
//! (or `.cmd`; [`crate::package::scripts`]); `install` puts this system's into the prefix as
//! `.alliance-scripts/<hook>.sh`, listed in the receipt like every installed file, and runs
//! the post-install script after the files are in place only when the user asked
//! (`--run-scripts`); `uninstall` runs the pre-remove script first, likewise. A script runs
//! in the prefix with `ALLIANCE_PREFIX`, `ALLIANCE_PACKAGE`, `ALLIANCE_VERSION` (and
//! `ALLIANCE_OLD_VERSION` after an upgrade) set, and the prefix as its argument; its output
//! is the user's to see.

use std::path::{Path, PathBuf};

use super::Receipt;
use crate::manifest::ArtifactManifest;
use crate::package::def::{Hook, Target};
use crate::package::scripts::Script;

pub use crate::package::scripts::PREFIX_SCRIPTS_DIR;

/// This system's family.
fn this_target() -> Target {
    if cfg!(windows) {
        Target::Windows
    } else {
        Target::Unix
    }
}

/// Where the script of `hook` goes in a prefix: `.alliance-scripts/post-install.sh`.
pub fn in_prefix(hook: Hook) -> String {
    let entry = Script::entry(hook, this_target());
    let name = entry.rsplit('/').next().unwrap_or(&entry);
    format!("{PREFIX_SCRIPTS_DIR}/{name}")
}

/// This system's scripts in the installer `manifest`: entry name → where each goes in the
/// prefix.
pub fn entries(manifest: &ArtifactManifest) -> Vec<(String, String)> {
    let stem = manifest.name.strip_suffix(".zip").unwrap_or(&manifest.name);
    [Hook::PostInstall, Hook::PreRemove]
        .into_iter()
        .filter_map(|hook| {
            let entry = format!("{stem}/{}", Script::entry(hook, this_target()));
            manifest
                .files
                .iter()
                .any(|f| f.path == entry)
                .then(|| (entry, in_prefix(hook)))
        })
        .collect()
}

/// A vendor's script that an install or uninstall met.
#[derive(Debug, Clone)]
pub struct ScriptRun {
    /// When it runs.
    pub hook: Hook,
    /// The script, in the prefix.
    pub path: PathBuf,
    /// What became of it.
    pub outcome: ScriptOutcome,
}

/// What became of a vendor's script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptOutcome {
    /// Not run: the user did not ask (`--run-scripts`).
    NotRun,
    /// Run, and it succeeded.
    Succeeded,
    /// Run, and it failed: why (its exit status, or why it could not start).
    Failed(String),
}

/// The script of `hook` that `receipt` lists in the prefix `dir`, run if `run` (with
/// `old_version`, the version an upgrade replaced); None when there is none.
pub fn run(
    dir: &Path,
    receipt: &Receipt,
    hook: Hook,
    run: bool,
    old_version: Option<&str>,
) -> Option<ScriptRun> {
    let rel = in_prefix(hook);
    if !receipt.files.contains_key(&rel) {
        return None;
    }
    let path = dir.join(&rel);
    let outcome = if run {
        execute(dir, &path, receipt, old_version)
    } else {
        ScriptOutcome::NotRun
    };
    Some(ScriptRun {
        hook,
        path,
        outcome,
    })
}

/// Runs `script` in the prefix `dir`.
fn execute(
    dir: &Path,
    script: &Path,
    receipt: &Receipt,
    old_version: Option<&str>,
) -> ScriptOutcome {
    let mut command = if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.arg("/C").arg(script);
        command
    } else {
        let mut command = std::process::Command::new("sh");
        command.arg(script);
        command
    };
    command
        .arg(dir)
        .current_dir(dir)
        .env("ALLIANCE_PREFIX", dir)
        .env("ALLIANCE_PACKAGE", &receipt.package)
        .env("ALLIANCE_VERSION", &receipt.version);
    if let Some(old) = old_version {
        command.env("ALLIANCE_OLD_VERSION", old);
    }
    match command.status() {
        Ok(status) if status.success() => ScriptOutcome::Succeeded,
        Ok(status) => ScriptOutcome::Failed(match status.code() {
            Some(code) => format!("it exited with status {code}"),
            None => "it was killed by a signal".to_string(),
        }),
        Err(e) => ScriptOutcome::Failed(format!("it could not be started: {e}")),
    }
}
