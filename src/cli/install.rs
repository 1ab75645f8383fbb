//! The end user's commands: `verify`, `install` (of a file, or `--from` a mirror),
//! `upgrade`, `mirror`, `uninstall` and `list`; which keys each trusts, as verification
//! options.

use std::path::Path;
use std::process::ExitCode;

use super::render::{Output, ci};
use super::{
    FetchArgs, Format, InstallArgs, ListArgs, MirrorArgs, ReportFormat, TrustArgs, UninstallArgs,
    UpgradeArgs, VerifyArgs,
};
use crate::diagnostic::{Error, Result};
use crate::{archive, install, remote, trust, verify};

/// `alliance verify ARTIFACT|DIR…`: exit 1 when any fails.
pub(super) fn cmd_verify(root: &Path, args: &VerifyArgs, out: &mut Output) -> Result<ExitCode> {
    let trust =
        trust::Trust::pinned(&args.trust.keys)?.with_workspace(root, args.trust.allow_dev)?;
    for warning in trust.warnings() {
        out.warn(warning);
    }
    let results = verify::verify_all(
        &args.artifacts,
        &trust,
        &verify_options(&args.trust, Vec::new(), out),
    )?;
    match args.format {
        ReportFormat::Text => out.verifications(&results)?,
        ReportFormat::Json => out.json(&results)?,
        ReportFormat::Github => out.print(&ci::github(
            &verify_findings(&results).iter().collect::<Vec<_>>(),
        ))?,
        ReportFormat::Sarif => out.json(&ci::sarif(
            &verify_findings(&results).iter().collect::<Vec<_>>(),
        ))?,
    }
    Ok(if results.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Each failed check of `results`, as the CI formats carry it (an artifact has no line).
fn verify_findings(
    results: &[verify::Verification],
) -> Vec<crate::diagnostic::Finding<crate::diagnostic::finding::Named>> {
    results
        .iter()
        .flat_map(|v| {
            v.checks.iter().filter(|c| !c.ok).map(|c| {
                let code = crate::diagnostic::finding::Named {
                    name: c.name,
                    rule: None,
                };
                let problem = crate::diagnostic::Problem::new(&v.artifact, c.detail.clone());
                crate::diagnostic::Finding::new(code, None, problem)
            })
        })
        .collect()
}

/// `alliance install INSTALLER --prefix DIR`: exit 1 when it is refused.
pub(super) fn cmd_install(args: &InstallArgs, out: &mut Output) -> Result<ExitCode> {
    // `install` trusts pinned keys only: never a workspace's, never one that came with the
    // download.
    let keys = pinned_keys(&args.trust.keys, &args.installer, out)?;
    recovered(&args.prefix, out)?;
    let choices = install::Choices {
        allow_downgrade: args.allow_downgrade,
        reinstall: args.reinstall,
        allow_key_change: args.allow_key_change,
        any_target: args.any_target,
        source: None,
        run_scripts: args.run_scripts,
        full: false,
    };
    if let Some(url) = &args.from {
        let settings = remote_settings(keys, args.trust.allow_dev, &args.fetch, out);
        let system = system_locale();
        let wanted = remote::Wanted {
            package: &args.installer.to_string_lossy(),
            locale: args.locale.as_deref(),
            system_locale: system
                .as_ref()
                .map(|(tag, from)| (tag.as_str(), from.as_str())),
        };
        let fetched = remote::install(url, settings, wanted, &args.prefix, choices)?;
        return fetched_outcome(&args.prefix, &fetched, out);
    }
    let mut options = verify_options(&args.trust, keys.0, out);
    // A root of trust pinned, and a chain beside the installer: its delegations decide.
    let folder = args
        .trust
        .release
        .clone()
        .unwrap_or_else(|| verify::folder_of(&args.installer));
    match trust::Trust::pinned(&args.trust.keys)?.root_chain(&folder) {
        None => {}
        Some(Ok(accepted)) => {
            options.keys = accepted.all_keys();
            options.root = Some(std::sync::Arc::new(accepted));
        }
        Some(Err(refused)) => return Err(refused),
    }
    match install::install(&args.installer, &args.prefix, &options, choices)? {
        Ok(installed) => {
            out.installed(&args.prefix, &installed)?;
            Ok(installed_code(&installed))
        }
        Err(refused) => {
            out.refused(&args.installer, &refused);
            Ok(ExitCode::from(1))
        }
    }
}

/// `alliance upgrade --prefix DIR`: exit 0 when upgraded or up to date, 1 when refused.
pub(super) fn cmd_upgrade(args: &UpgradeArgs, out: &mut Output) -> Result<ExitCode> {
    recovered(&args.prefix, out)?;
    let keys = pinned_keys(&args.trust.keys, &args.prefix, out)?;
    let settings = remote_settings(keys, args.trust.allow_dev, &args.fetch, out);
    let choices = install::Choices {
        allow_key_change: args.allow_key_change,
        run_scripts: args.run_scripts,
        full: args.full,
        ..install::Choices::default()
    };
    let asked = (args.from.as_deref(), args.dry_run);
    match remote::upgrade(&args.prefix, asked, settings, choices)? {
        remote::Upgrade::UpToDate {
            receipt,
            offered,
            index,
        } => {
            for warning in &index.warnings {
                out.warn(warning);
            }
            out.up_to_date(&args.prefix, &receipt, &offered, &index)?;
            Ok(ExitCode::SUCCESS)
        }
        remote::Upgrade::Fetched(fetched) => fetched_outcome(&args.prefix, &fetched, out),
        remote::Upgrade::Would {
            receipt,
            offered,
            fetch,
        } => {
            out.would_upgrade(&args.prefix, &receipt, &offered, &fetch)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `alliance mirror URL DIR`: exit 1 when the copy does not verify.
pub(super) fn cmd_mirror(args: &MirrorArgs, out: &mut Output) -> Result<ExitCode> {
    let keys = pinned_keys(&args.trust.keys, &args.dir, out)?;
    let settings = remote_settings(keys, args.trust.allow_dev, &args.fetch, out);
    let mirror = remote::Mirror::new(&args.url, settings)?;
    let mirrored = remote::mirror(&mirror, &args.dir)?;
    for warning in &mirrored.index.warnings {
        out.warn(warning);
    }
    match args.format {
        Format::Text => out.mirrored(&mirrored, args.verbose)?,
        Format::Json => out.json(&mirrored.verified)?,
    }
    Ok(if mirrored.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The pinned keys (`--key`, else the trust store, warning of what it skipped); an error
/// saying how to pin one when there are none.
fn pinned_keys(
    key_files: &[std::path::PathBuf],
    what: &Path,
    out: &mut Output,
) -> Result<(Vec<crate::sign::TrustedKey>, Option<trust::PinnedRoot>)> {
    let trust = trust::Trust::pinned(key_files)?;
    for warning in trust.warnings() {
        out.warn(warning);
    }
    let keys = trust.keys_for(&[]);
    if keys.is_empty() && trust.pinned_root().is_none() {
        return Err(Error::Invalid(vec![trust::Trust::none_for(what, true)]));
    }
    Ok((keys, trust.pinned_root().cloned()))
}

/// The settings of a command that fetches from a mirror.
fn remote_settings(
    (keys, root): (Vec<crate::sign::TrustedKey>, Option<trust::PinnedRoot>),
    allow_dev: bool,
    fetch: &FetchArgs,
    out: &Output,
) -> remote::Settings {
    remote::Settings {
        progress: out.transfer_progress(),
        keys,
        root,
        allow_expired: fetch.allow_expired,
        allow_dev,
        waits: remote::http::Waits {
            timeout: std::time::Duration::from_secs(fetch.timeout),
            deadline: std::time::Duration::from_secs(fetch.deadline),
            min_rate: fetch.min_speed.saturating_mul(1024),
        },
    }
}

/// Prints what an install from a mirror did; exit 1 when it was refused.
fn fetched_outcome(prefix: &Path, fetched: &remote::Fetched, out: &mut Output) -> Result<ExitCode> {
    for warning in &fetched.index.warnings {
        out.warn(warning);
    }
    if let Some(delta) = &fetched.delta {
        out.delta(delta)?;
    }
    match &fetched.outcome {
        Ok(installed) => {
            out.installed(prefix, installed)?;
            Ok(installed_code(installed))
        }
        Err(refused) => {
            out.refused(Path::new(&fetched.artifact), refused);
            Ok(ExitCode::from(1))
        }
    }
}

/// Exit 0 for an install, 1 when the vendor's post-install script failed after it.
fn installed_code(installed: &install::Installed) -> ExitCode {
    let failed = installed
        .script
        .as_ref()
        .is_some_and(|s| matches!(s.outcome, install::scripts::ScriptOutcome::Failed(_)));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `alliance uninstall --prefix DIR`.
pub(super) fn cmd_uninstall(args: &UninstallArgs, out: &mut Output) -> Result<ExitCode> {
    recovered(&args.prefix, out)?;
    match install::uninstall(&args.prefix, args.run_scripts)? {
        Ok(removed) => {
            out.uninstalled(&args.prefix, &removed)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(script) => {
            out.script_failed(&args.prefix, &script);
            Ok(ExitCode::from(1))
        }
    }
}

/// `alliance list --prefix DIR…`: every prefix is shown; one that holds no install is an
/// error of its own (exit 2).
pub(super) fn cmd_list(args: &ListArgs, out: &mut Output) -> Result<ExitCode> {
    let mut listings = Vec::new();
    let mut failed = false;
    for prefix in &args.prefixes {
        if let Err(error) = recovered(prefix, out) {
            out.error(&error, false);
            failed = true;
            continue;
        }
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

/// Finishes or rolls back what a killed run left in `prefix`, saying so.
fn recovered(prefix: &Path, out: &mut Output) -> Result<()> {
    if let Some(recovered) = install::recover(prefix)? {
        out.recovered(prefix, &recovered);
    }
    Ok(())
}

/// The verification options of `--release` and `--allow-dev`, with `keys` pinned for the
/// artifacts (none: the trust decides per folder).
fn verify_options(
    args: &TrustArgs,
    keys: Vec<crate::sign::TrustedKey>,
    out: &Output,
) -> verify::Options {
    verify::Options {
        keys,
        release_dir: args.release.clone(),
        allow_dev: args.allow_dev,
        limits: archive::Limits::default(),
        progress: out.transfer_progress(),
        root: None,
    }
}

/// The user's language, as POSIX sets it (`LC_ALL`, else `LC_MESSAGES`, else `LANG`:
/// `de_DE.UTF-8`), as a tag (`de-DE`), with where it was read (`LANG=de_DE.UTF-8`);
/// `None` for the C locale or none.
fn system_locale() -> Option<(String, String)> {
    // The first one set decides, the C locale included.
    let (name, value) = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| Some((name, std::env::var(name).ok().filter(|v| !v.is_empty())?)))?;
    let language = value.split(['.', '@']).next().unwrap_or(&value);
    if matches!(language, "C" | "POSIX") {
        return None;
    }
    let tag = language.replace('_', "-");
    crate::l10n::tag::Tag::new(tag.as_str())
        .id()
        .is_some()
        .then(|| (tag, format!("{name}={value}")))
}
