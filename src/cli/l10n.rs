//! The translators' commands: `l10n check`, `l10n status` and `l10n add`; the locales a
//! command names, looked up in the workspace (with the tag a mistyped one meant).

use std::path::Path;
use std::process::ExitCode;

use super::render::Output;
use super::render::ci;
use super::{
    AcceptArgs, AddArgs, CheckArgs, Format, FormatArgs, ReportFormat, SeverityArg, StatusArgs,
};
use crate::diagnostic::{Error, Problem, Result};
use crate::l10n::{self, report::Report, report::Severity};
use crate::workspace::Workspace;

/// `alliance l10n check [LOCALE…]`: exit 1 when it finds an error (or, with
/// `--deny-warnings`, a warning).
pub(super) fn cmd_check(root: &Path, args: &CheckArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n_by_locale(root)?;
    let mut report = l10n_report(&ws, args.reference.as_deref(), &args.locales)?;
    let least = match args.severity {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
    };
    let hidden = report.retain(least, &args.code);
    match args.format {
        ReportFormat::Text => out.check(&report, hidden, args.verbose)?,
        ReportFormat::Json => out.json(&report.json(true))?,
        ReportFormat::Github => out.print(&ci::github(&all_findings(&report)))?,
        ReportFormat::Sarif => out.json(&ci::sarif(&all_findings(&report)))?,
    }
    Ok(if report.fails(args.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every finding of `report`, locale by locale.
fn all_findings(report: &Report) -> Vec<&l10n::report::Finding> {
    report
        .locales
        .values()
        .flat_map(|locale| &locale.findings)
        .collect()
}

/// `alliance l10n status [LOCALE…]`.
pub(super) fn cmd_status(root: &Path, args: &StatusArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n_by_locale(root)?;
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

/// `alliance l10n accept LOCALE [ID…] [--all]`.
pub(super) fn cmd_accept(root: &Path, args: &AcceptArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n_by_locale(root)?;
    let tag = known_tag(&ws, &args.locale)?;
    let reference = ws.reference();
    if tag == reference.tag.as_str() {
        return Err(Error::Invalid(vec![
            Problem::new(
                Path::new(l10n::LOCALES_DIR).join(tag),
                format!("`{tag}` is the reference locale: its texts are what translations are accepted against"),
            )
            .with_help("name a translation, such as `alliance l10n accept fr`"),
        ]));
    }
    let locale = ws.load_locale(tag)?;
    let records = l10n::stale::records(&ws.root, reference, &[tag.to_string()])?;
    let record = records.get(tag).cloned().unwrap_or_default();
    let done = l10n::stale::accept(&ws.root, reference, &locale, &record, &args.ids, args.all)?;
    out.accepted(tag, &done)?;
    Ok(ExitCode::SUCCESS)
}

/// `alliance l10n format LOCALE ID [--arg NAME=VALUE]…` (or `--all`).
pub(super) fn cmd_format(root: &Path, args: &FormatArgs, out: &mut Output) -> Result<ExitCode> {
    let ws = Workspace::load_l10n(root)?;
    let tag = known_tag(&ws, &args.locale)?;
    let tag = l10n::tag::Tag::new(tag);
    let chain: Vec<&l10n::Locale> = crate::bundle::chain(&ws.locales, ws.fallback(), &tag)
        .iter()
        .filter_map(|t| ws.locales.iter().find(|l| l.tag == *t))
        .collect();
    let formatter = l10n::format::Formatter::new(&chain);
    let rows = match &args.id {
        Some(id) if !args.all => {
            let values = args
                .args
                .iter()
                .map(|(name, value)| (name.clone(), l10n::format::Value::from_argument(value)))
                .collect();
            let formatted = formatter.format(id, &values).ok_or_else(|| {
                let ids: Vec<String> = formatter
                    .message_ids()
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                Error::Invalid(vec![
                    Problem::new(
                        Path::new(l10n::LOCALES_DIR).join(tag.as_str()),
                        format!("no message `{id}` in {tag} or the locales it falls back to"),
                    )
                    .with_help(
                        crate::diagnostic::suggest::did_you_mean(id, &ids).unwrap_or_else(|| {
                            "`alliance l10n format LOCALE --all` shows every message".to_string()
                        }),
                    ),
                ])
            })?;
            vec![l10n::format::Row::new(id, &values, formatted)]
        }
        _ => formatter.samples(),
    };
    match args.format {
        Format::Text => out.formatted(&tag, &rows)?,
        Format::Json => out.json(&rows)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks the requested locales (all when `requested` is empty) against the reference.
fn l10n_report(ws: &Workspace, reference: Option<&str>, requested: &[String]) -> Result<Report> {
    let reference_tag = known_tag(ws, reference.unwrap_or(&ws.config.reference_locale))?;
    let tags: Vec<String> = if requested.is_empty() {
        ws.locale_tags.clone()
    } else {
        requested
            .iter()
            .map(|t| known_tag(ws, t).map(str::to_string))
            .collect::<Result<_>>()?
    };
    // Each translation is loaded when its turn comes, checked, and let go.
    let reference = match ws.locales.iter().find(|l| l.tag == reference_tag) {
        Some(loaded) => std::borrow::Cow::Borrowed(loaded),
        None => std::borrow::Cow::Owned(ws.load_locale(reference_tag)?),
    };
    let options = ws.check_options(&reference, &tags)?;
    l10n::check::check_each(&reference, &tags, |tag| ws.load_locale(tag), &options)
}

/// `tag`, if it is a locale of the workspace; else an error naming the tag it may have
/// meant, or every locale there is.
fn known_tag<'w>(ws: &'w Workspace, tag: &str) -> Result<&'w str> {
    ws.locale_tags
        .iter()
        .find(|t| *t == tag)
        .map(String::as_str)
        .ok_or_else(|| {
            let problem = Problem::new(
                Path::new(l10n::LOCALES_DIR).join(tag),
                format!(
                    "there is no locale `{}` in this workspace",
                    crate::diagnostic::escape::escape(tag)
                ),
            )
            .with_help(
                l10n::tag::suggest(tag, ws.locale_tags.iter())
                    .unwrap_or_else(|| format!("the locales are {}", ws.locale_tags.join(", "))),
            );
            Error::Invalid(vec![problem])
        })
}
