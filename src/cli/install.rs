//! The end user's commands: `verify`, `install`, `uninstall` and `list`; which keys each
//! trusts, as verification options.

use std::path::Path;
use std::process::ExitCode;

use super::render::Output;
use super::{Format, InstallArgs, ListArgs, TrustArgs, UninstallArgs, VerifyArgs};
use crate::diagnostic::{Error, Result};
use crate::{archive, install, trust, verify};

/// `alliance verify ARTIFACT|DIR…`: exit 1 when any fails.
pub(super) fn cmd_verify(root: &Path, args: &VerifyArgs, out: &mut Output) -> Result<ExitCode> {
    let trust =
        trust::Trust::pinned(&args.trust.keys)?.with_workspace(root, args.trust.allow_dev)?;
    let results = verify::verify_all(
        &args.artifacts,
        &trust,
        &verify_options(&args.trust, Vec::new()),
    )?;
    match args.format {
        Format::Text => out.verifications(&results)?,
        Format::Json => out.json(&results)?,
    }
    Ok(if results.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `alliance install INSTALLER --prefix DIR`: exit 1 when it is refused.
pub(super) fn cmd_install(args: &InstallArgs, out: &mut Output) -> Result<ExitCode> {
    // `install` trusts pinned keys only: never a workspace's, never one that came with the
    // download.
    let keys = trust::Trust::pinned(&args.trust.keys)?.keys_for(&[]);
    if keys.is_empty() {
        return Err(Error::Invalid(vec![trust::Trust::none_for(
            &args.installer,
            true,
        )]));
    }
    let choices = install::Choices {
        allow_downgrade: args.allow_downgrade,
        reinstall: args.reinstall,
    };
    let options = verify_options(&args.trust, keys);
    match install::install(&args.installer, &args.prefix, &options, choices)? {
        Ok(installed) => {
            out.installed(&args.prefix, &installed)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(refused) => {
            out.refused(&args.installer, &refused);
            Ok(ExitCode::from(1))
        }
    }
}

/// `alliance uninstall --prefix DIR`.
pub(super) fn cmd_uninstall(args: &UninstallArgs, out: &mut Output) -> Result<ExitCode> {
    let removed = install::uninstall(&args.prefix)?;
    out.uninstalled(&args.prefix, &removed)?;
    Ok(ExitCode::SUCCESS)
}

/// `alliance list --prefix DIR…`: every prefix is shown; one that holds no install is an
/// error of its own (exit 2).
pub(super) fn cmd_list(args: &ListArgs, out: &mut Output) -> Result<ExitCode> {
    let mut listings = Vec::new();
    let mut failed = false;
    for prefix in &args.prefixes {
        match install::list(prefix) {
            Ok(listing) => listings.push(listing),
            Err(error) => {
                out.error(&error, false);
                failed = true;
            }
        }
    }
    match args.format {
        Format::Text => out.listings(&listings)?,
        Format::Json => out.json(&listings)?,
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The verification options of `--release` and `--allow-dev`, with `keys` pinned for the
/// artifacts (none: the trust decides per folder).
fn verify_options(args: &TrustArgs, keys: Vec<crate::sign::TrustedKey>) -> verify::Options {
    verify::Options {
        keys,
        release_dir: args.release.clone(),
        allow_dev: args.allow_dev,
        limits: archive::Limits::default(),
    }
}
