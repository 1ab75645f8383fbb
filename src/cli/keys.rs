//! The key commands: `keygen` (with its password, from the environment or asked twice on a
//! terminal) and `trust add|list|remove`; the password prompt of the signing commands.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::render::Output;
use super::{Format, KeygenArgs, TrustCommand};
use crate::diagnostic::{Error, PasswordError, Result};
use crate::{sign, trust};

/// The environment variable holding the secret key's password.
pub const PASSWORD_ENV: &str = "ALLIANCE_KEY_PASSWORD";
/// A new key's password shorter than this draws a warning.
const MIN_PASSWORD_CHARS: usize = 12;

/// `alliance keygen [NAME | --out PATH] [--unencrypted]`.
pub(super) fn cmd_keygen(root: &Path, args: &KeygenArgs, out: &mut Output) -> Result<ExitCode> {
    let (public, secret) = match &args.out {
        // An explicit path is where the user is, not where the workspace is.
        Some(path) => (path.with_extension("pub"), path.with_extension("key")),
        None => sign::named_pair(root, &args.name)?,
    };
    sign::check_new_pair(&public, &secret)?;
    let password = if args.unencrypted {
        None
    } else {
        Some(new_password()?)
    };
    let generated = sign::keygen_pair(&public, &secret, password.as_deref())?;
    out.keygen(&generated)?;
    if password
        .as_ref()
        .is_some_and(|p| p.chars().count() < MIN_PASSWORD_CHARS)
    {
        out.warn(&format!(
            "the password is shorter than {MIN_PASSWORD_CHARS} characters: whoever gets \
             the secret key file could guess it"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `alliance trust add|list|remove`.
pub(super) fn cmd_trust(command: &TrustCommand, out: &mut Output) -> Result<ExitCode> {
    let store = trust::Store::user_or_error()?;
    // What is no key file (a folder named `*.pub`) is skipped, and told of.
    let folder = store.read()?;
    for skipped in &folder.skipped {
        out.warn(&skipped.warning());
    }
    match command {
        TrustCommand::Add(args) => {
            let key = store.add(&args.key, args.name.as_deref())?;
            out.trusted(&store, &key)?;
        }
        TrustCommand::List(args) => match args.format {
            Format::Text => out.trusted_keys(&store, &folder.keys)?,
            Format::Json => out.trusted_keys_json(&store, &folder.keys)?,
        },
        TrustCommand::Remove(args) => {
            let key = store.remove(&args.name)?;
            out.untrusted(&key)?;
        }
        TrustCommand::AddRoot(args) => return super::root::cmd_add_root(&store, args, out),
    }
    Ok(ExitCode::SUCCESS)
}

/// A new key's password: `ALLIANCE_KEY_PASSWORD`, or asked twice on a terminal.
fn new_password() -> Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        if password.is_empty() {
            return Err(PasswordError::EmptyVariable.into());
        }
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(PasswordError::NoTerminal.into());
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::from(PasswordError::Unreadable(e)))
    };
    let first = ask("password for the new secret key: ")?;
    let second = ask("the same password again: ")?;
    if first != second {
        return Err(PasswordError::Differ.into());
    }
    if first.is_empty() {
        return Err(PasswordError::Empty.into());
    }
    Ok(first)
}

/// A password prompt when stdin is a terminal (rpassword reads without echo), for the
/// secret key a building command signs with.
pub(super) fn terminal_prompt() -> Option<fn(&str) -> std::io::Result<String>> {
    fn ask(prompt: &str) -> std::io::Result<String> {
        // A progress line may be drawn where the prompt would go: the prompt starts on a
        // line of its own (the bar draws over it once the password is read).
        if std::io::stderr().is_terminal() {
            use std::io::Write;
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
        rpassword::prompt_password(prompt)
    }
    std::io::stdin()
        .is_terminal()
        .then_some(ask as fn(&str) -> std::io::Result<String>)
}
