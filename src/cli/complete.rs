//! Shell completion of values, not only of commands and flags: the locales and package ids
//! of the workspace the shell is in, and the names of the keys the user trusts.
//!
//! `alliance completions SHELL` writes a script that asks `alliance` itself at each TAB
//! (with `ALLIANCE_COMPLETE=SHELL` set; [`VAR`]), so what is offered is what the workspace
//! holds at that moment. `main` answers such a request before anything else runs.

use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;

/// The environment variable that makes `alliance` answer a completion request.
pub const VAR: &str = "ALLIANCE_COMPLETE";

/// Answers a completion request (when [`VAR`] is set) and exits; else returns.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(<super::Cli as clap::CommandFactory>::command)
        .var(VAR)
        .complete();
}

/// The registration script of `shell`: it calls `alliance` at each TAB.
pub fn registration(shell: clap_complete::Shell, out: &mut Vec<u8>) -> std::io::Result<()> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        _ => &Zsh,
    };
    completer.write_registration(VAR, "alliance", "alliance", "alliance", out)
}

/// The workspace the current folder is in, if any.
fn workspace() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    crate::workspace::discover(&here)
}

/// The folder names in `root/dir`, sorted, as candidates.
fn folders(dir: &str) -> Vec<CompletionCandidate> {
    let Some(root) = workspace() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names.into_iter().map(CompletionCandidate::new).collect()
}

/// The locales of the workspace (`locales/*`).
pub fn locales() -> Vec<CompletionCandidate> {
    folders(crate::l10n::LOCALES_DIR)
}

/// The package ids of the workspace (`packages/*`).
pub fn packages() -> Vec<CompletionCandidate> {
    folders(crate::package::PACKAGES_DIR)
}

/// The names and ids of the keys in the user's trust store.
pub fn trusted_keys() -> Vec<CompletionCandidate> {
    let Some(keys) = crate::trust::Store::user().and_then(|s| s.keys().ok()) else {
        return Vec::new();
    };
    keys.into_iter()
        .map(|k| CompletionCandidate::new(k.name).help(Some(k.key_id.into())))
        .collect()
}
