//! The building commands: `release` (and its `--dry-run` plan), `bundle`, `package` (and
//! `--check`), `init-package`, and `manifest merge`; the release options they share.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::ReportFormat;
use super::keys::{PASSWORD_ENV, terminal_prompt};
use super::render::{Output, ci};
use super::{
    BuildArgs, BundleArgs, InitPackageArgs, MergeArgs, PackageArgs, PseudoArg, ReleaseArgs,
};
use crate::diagnostic::Result;
use crate::release::{self, Selection};
use crate::workspace::Workspace;
use crate::{bundle, package, sign};

/// `alliance release [--dry-run] [--shard I/N]`.
pub(super) fn cmd_release(root: &Path, args: &ReleaseArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load(root)?;
    let selection = Selection {
        shard: args.shard.map(|s| (s.index, s.count)),
        ..Selection::default()
    };
    if args.dry_run {
        out.plan(&ws, &selection, &release::plan(&ws, &selection))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut options = build_options(&ws, &args.build, selection);
    options.strict = args.strict;
    options.contributions = args.contributions.clone();
    run(&ws, options, out)
}

/// `alliance bundle [LOCALE…] [--pseudo KIND]`.
pub(super) fn cmd_bundle(root: &Path, args: &BundleArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load(root)?;
    let selection = Selection {
        bundles_only: Some(args.locales.clone()),
        installers_only: None,
        shard: None,
        pseudo: args
            .pseudo
            .iter()
            .map(|p| match p {
                PseudoArg::Accented => bundle::Pseudo::Accented,
                PseudoArg::Bidi => bundle::Pseudo::Bidi,
            })
            .collect(),
    };
    build(&ws, &args.build, selection, args.strict, out)
}

/// `alliance package [PACKAGE…]`, or only `--check` the definitions.
pub(super) fn cmd_package(root: &Path, args: &PackageArgs, out: &mut Output) -> Result<ExitCode> {
    if args.check {
        let loaded = Workspace::load_packages(root);
        let problems = match (&loaded, args.format) {
            (
                Err(crate::diagnostic::Error::Invalid(problems)),
                ReportFormat::Github | ReportFormat::Sarif,
            ) => problems.as_slice(),
            _ => &[],
        };
        let code = crate::diagnostic::finding::Named {
            name: "package",
            rule: Some(
                "A package definition (`packages/ID/package.yaml`) that does not load or check.",
            ),
        };
        let findings: Vec<crate::diagnostic::Finding<_>> = problems
            .iter()
            .map(|p| crate::diagnostic::Finding::new(code, None, p.clone()))
            .collect();
        let findings: Vec<&_> = findings.iter().collect();
        match args.format {
            ReportFormat::Github => out.print(&ci::github(&findings))?,
            ReportFormat::Sarif => out.json(&ci::sarif(&findings))?,
            ReportFormat::Text | ReportFormat::Json => {}
        }
        let ws = match loaded {
            Ok(ws) => ws,
            // The CI formats said it all: the exit code tells that the check failed.
            Err(e) if !findings.is_empty() => return Ok(ExitCode::from(e.exit_code())),
            Err(e) => return Err(e),
        };
        if matches!(args.format, ReportFormat::Text | ReportFormat::Json) {
            out.packages_checked(&ws)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let ws = Workspace::load(root)?;
    let selection = Selection {
        installers_only: Some(args.packages.clone()),
        ..Selection::default()
    };
    build(&ws, &args.build, selection, false, out)
}

/// `alliance init-package ID`.
pub(super) fn cmd_init_package(
    root: &Path,
    args: &InitPackageArgs,
    out: &mut Output,
) -> Result<ExitCode> {
    let files = package::scaffold::init_package(root, &args.id)?;
    out.init_package(&args.id, &files)?;
    Ok(ExitCode::SUCCESS)
}

/// `alliance manifest merge SHARD_DIR… --out DIR`.
pub(super) fn cmd_merge(root: &Path, args: &MergeArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load(root)?;
    let started = Instant::now();
    let options = build_options(&ws, &args.build, Selection::default());
    let report = release::merge(&ws, &args.shards, &args.out, &options)?;
    out.release(&ws, &report, started.elapsed())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a building command with progress shown, and reports what it wrote.
fn build(
    ws: &Workspace,
    args: &BuildArgs,
    selection: Selection,
    strict: bool,
    out: &mut Output,
) -> Result<ExitCode> {
    let mut options = build_options(ws, args, selection);
    options.strict = strict;
    run(ws, options, out)
}

/// Runs a release with `options`, progress shown, and reports what it wrote.
fn run(ws: &Workspace, mut options: release::Options, out: &mut Output) -> Result<ExitCode> {
    let started = Instant::now();
    options.strict |= ws.config.l10n_strict;
    options.progress = Some(out.progress());
    for report in release::run(ws, &options)? {
        out.release(ws, &report, started.elapsed())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The release options of a building command.
fn build_options(ws: &Workspace, args: &BuildArgs, selection: Selection) -> release::Options {
    release::Options {
        source_date_epoch: args.source_date_epoch,
        expires: args.expires.or(ws.config.expires),
        sequence: args.sequence,
        key: sign::KeySource {
            secret_key: args
                .secret_key
                .clone()
                .or_else(|| ws.config.secret_key.clone()),
            password: std::env::var(PASSWORD_ENV).ok(),
            ask: terminal_prompt(),
            allow_in_workspace: args.allow_key_in_workspace,
        },
        selection,
        strict: false,
        progress: None,
        contributions: Vec::new(),
    }
}
