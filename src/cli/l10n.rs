//! The translators' commands: `l10n check`, `l10n status` and `l10n add`; the locales a
//! command names, looked up in the workspace (with the tag a mistyped one meant).

use std::path::Path;
use std::process::ExitCode;

use super::render::Output;
use super::{AddArgs, CheckArgs, Format, SeverityArg, StatusArgs};
use crate::diagnostic::{Error, Problem, Result};
use crate::l10n::{self, Locale, report::Report, report::Severity};
use crate::workspace::Workspace;

/// `alliance l10n check [LOCALE…]`: exit 1 when it finds an error (or, with
/// `--deny-warnings`, a warning).
pub(super) fn cmd_check(root: &Path, args: &CheckArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n(root)?;
    let mut report = l10n_report(&ws, args.reference.as_deref(), &args.locales)?;
    let least = match args.severity {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
    };
    report.retain(least, &args.code);
    match args.format {
        Format::Text => out.check(&report)?,
        Format::Json => out.json(&report.json(true))?,
    }
    Ok(if report.fails(args.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `alliance l10n status [LOCALE…]`.
pub(super) fn cmd_status(root: &Path, args: &StatusArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n(root)?;
    let report = l10n_report(&ws, None, &args.locales)?;
    match args.format {
        Format::Text => out.status(&report)?,
        Format::Json => out.json(&report.json(false))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `alliance l10n add TAG`.
pub(super) fn cmd_add(root: &Path, args: &AddArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n(root)?;
    let added = l10n::add_locale(
        &ws.root,
        crate::workspace::CONFIG_FILE,
        ws.reference(),
        &args.locale,
    )?;
    out.added(&ws, &args.locale, &added)?;
    Ok(ExitCode::SUCCESS)
}

/// Checks the requested locales (all when `requested` is empty) against the reference.
fn l10n_report(ws: &Workspace, reference: Option<&str>, requested: &[String]) -> Result<Report> {
    let reference = find_locale(ws, reference.unwrap_or(&ws.config.reference_locale))?;
    let locales: Vec<&Locale> = if requested.is_empty() {
        ws.locales.iter().collect()
    } else {
        requested
            .iter()
            .map(|t| find_locale(ws, t))
            .collect::<Result<_>>()?
    };
    let options = l10n::check::Options {
        untranslated_allow: ws.config.untranslated_allow.clone(),
        errors_only: false,
    };
    Ok(l10n::check::check(reference, &locales, &options))
}

/// The workspace's locale `tag`; else an error naming the tag it may have meant, or every
/// locale there is.
fn find_locale<'w>(ws: &'w Workspace, tag: &str) -> Result<&'w Locale> {
    ws.locales.iter().find(|l| l.tag == tag).ok_or_else(|| {
        let tags: Vec<&String> = ws.locales.iter().map(|l| &l.tag).collect();
        let problem = Problem::new(
            Path::new(l10n::LOCALES_DIR).join(tag),
            format!("there is no locale `{tag}` in this workspace"),
        )
        .with_help(
            l10n::tag::suggest(tag, tags.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the locales are {}",
                    tags.iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        );
        Error::Invalid(vec![problem])
    })
}
