//! What the translators' commands print: `l10n check` findings (through miette, with
//! snippets), the `l10n status` table, and what `l10n add` created.

use std::io::{self, Write};

use super::{Output, Sink};
use crate::diagnostic::{Result, plural};
use crate::l10n::Added;
use crate::l10n::report::{Code, Finding, Hidden, LocaleReport, Report, Severity};
use crate::workspace::Workspace;

/// How many missing messages of one file `l10n check` names before it counts the rest.
const MISSING_SHOWN: usize = 12;

impl Output {
    /// Prints `l10n check` findings, grouped by locale, errors first; missing and (unless
    /// `verbose`) untranslated messages compactly per file; then what `hidden` left out.
    pub fn check(&mut self, report: &Report, hidden: Hidden, verbose: bool) -> Result<()> {
        self.print_with(|w| {
            let (mut errors, mut warnings, mut missing) = (0, 0, 0);
            for tag in report.status_order() {
                let locale = &report.locales[tag];
                let s = &locale.summary;
                errors += s.errors;
                warnings += s.warnings;
                missing += s.missing;
                if !locale.findings.is_empty() {
                    self.write_locale_findings(w, tag, locale, (&report.reference, verbose))?;
                }
            }
            write_by_code(w, report)?;
            if let Some(line) = hidden_line(hidden) {
                writeln!(w, "{line}")?;
            }
            writeln!(
                w,
                "checked {} against {}: {}, {}, {} missing",
                plural(report.locales.len(), "locale"),
                report.reference,
                plural(errors, "error"),
                plural(warnings, "warning"),
                missing
            )
        })
    }

    /// One locale's findings: a heading, each finding through miette (errors, then
    /// warnings), then the untranslated and the missing messages per file.
    fn write_locale_findings(
        &self,
        w: &mut Sink,
        tag: &str,
        locale: &LocaleReport,
        (reference, verbose): (&str, bool),
    ) -> io::Result<()> {
        let s = &locale.summary;
        writeln!(
            w,
            "── {tag}: {}, {}, {} missing\n",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            s.missing
        )?;
        let mut missing_by_file: Vec<(String, Vec<&str>)> = Vec::new();
        let mut untranslated_by_file: Vec<(String, Vec<&str>)> = Vec::new();
        // Errors first, then warnings, each in the order of the files.
        let mut findings: Vec<&Finding> = locale.findings.iter().collect();
        findings.sort_by_key(|f| f.severity());
        for finding in findings {
            let compact = match finding.code {
                Code::MissingMessage => Some(&mut missing_by_file),
                Code::Untranslated if !verbose => Some(&mut untranslated_by_file),
                _ => None,
            };
            if let Some(by_file) = compact {
                let file = finding.problem.path.display().to_string();
                let id = finding.id.as_deref().unwrap_or("?");
                match by_file.iter_mut().find(|(f, _)| *f == file) {
                    Some((_, ids)) => ids.push(id),
                    None => by_file.push((file, vec![id])),
                }
                continue;
            }
            let severity = match finding.severity() {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Missing => miette::Severity::Advice,
            };
            let diagnostic = finding
                .problem
                .diagnostic_as(Some(finding.code.as_str()), severity);
            let mut text = String::new();
            if self.stdout.render_report(&mut text, &diagnostic).is_err() {
                text.push_str(&format!("{}: {}\n", finding.code.as_str(), finding.problem));
            }
            // miette's report: escaped within, its colours kept.
            w.raw(&text);
            writeln!(w)?;
        }
        for (file, ids) in untranslated_by_file {
            writeln!(
                w,
                "  untranslated: {} in {file} identical to {reference}: {} (`--verbose` shows each)",
                ids.len(),
                names(&ids)
            )?;
        }
        for (file, ids) in missing_by_file {
            writeln!(
                w,
                "  missing-message: {} in {file}: {}",
                ids.len(),
                names(&ids)
            )?;
        }
        writeln!(w)
    }

    /// Prints the `l10n status` table.
    pub fn status(&mut self, report: &Report) -> Result<()> {
        let tags = report.status_order();
        let width = tags.iter().map(|t| t.len()).max().unwrap_or(6).max(6);
        self.print_with(|w| {
            writeln!(
                w,
                "{:width$}  {:>6}  {:>10}  {:>5}  {:>7}  {:>8}  {:>6}  {:>8}  {:>10}",
                "locale",
                "total",
                "translated",
                "stale",
                "missing",
                "obsolete",
                "errors",
                "warnings",
                "completion"
            )?;
            for tag in tags {
                let s = &report.locales[tag].summary;
                let bar_len = ((s.completion / 10.0).round() as usize).min(10);
                writeln!(
                    w,
                    "{tag:width$}  {:>6}  {:>10}  {:>5}  {:>7}  {:>8}  {:>6}  {:>8}  {:>9.1}%  {}{}",
                    s.total,
                    s.translated,
                    s.stale,
                    s.missing,
                    s.obsolete,
                    s.errors,
                    s.warnings,
                    s.completion,
                    "█".repeat(bar_len),
                    "░".repeat(10 - bar_len)
                )?;
            }
            Ok(())
        })
    }

    /// Prints messages formatted by `l10n format`: `id [name=value …]: text` (without the
    /// isolation marks of right-to-left text), where it came from when not from `tag`
    /// itself, and what could not be formatted.
    pub fn formatted(&mut self, tag: &str, rows: &[crate::l10n::format::Row]) -> Result<()> {
        self.print_with(|w| {
            for row in rows {
                let args: Vec<String> = row.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let args = if args.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", args.join(", "))
                };
                let from = if row.from == tag {
                    String::new()
                } else {
                    format!("  (from {})", row.from)
                };
                // The isolation marks of right-to-left text stay in JSON; on a terminal they
                // would only show escaped.
                let text = row.text.replace(['\u{2068}', '\u{2069}'], "");
                writeln!(w, "{}{args}: {text}{from}", row.id)?;
                for error in &row.errors {
                    writeln!(w, "  ! {error}")?;
                }
            }
            Ok(())
        })
    }

    /// Prints what `l10n add` created.
    pub fn added(&mut self, ws: &Workspace, tag: &str, added: &Added) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "created {} with {}:",
                added.dir.display(),
                plural(added.files.len(), "file")
            )?;
            for file in &added.files {
                writeln!(w, "  {}/{file}", added.dir.display())?;
            }
            if added.registered {
                writeln!(w, "added `{tag}` to `locales` in alliance.yaml")?;
            } else {
                writeln!(
                    w,
                    "alliance.yaml builds every folder under locales/, so the new locale is included"
                )?;
            }
            writeln!(
                w,
                "every message is still in {}; translate them, then run `alliance l10n check {tag}`",
                ws.config.reference_locale
            )
        })
    }

    /// What `l10n accept` recorded.
    pub fn accepted(&mut self, tag: &str, done: &crate::l10n::stale::Accepting) -> Result<()> {
        self.print_with(|w| {
            if !done.refreshed.is_empty() {
                let ids: Vec<&str> = done.refreshed.iter().map(String::as_str).collect();
                writeln!(
                    w,
                    "accepted {} as current: {}",
                    plural(ids.len(), "stale translation"),
                    names(&ids)
                )?;
            }
            if !done.still_stale.is_empty() {
                let ids: Vec<&str> = done.still_stale.iter().map(String::as_str).collect();
                writeln!(
                    w,
                    "{} still stale: {} (review them, then `alliance l10n accept {tag} ID…`)",
                    plural(ids.len(), "translation"),
                    names(&ids)
                )?;
            }
            writeln!(
                w,
                "recorded {} in {}/{tag}/{}",
                plural(done.recorded, "translation"),
                crate::l10n::LOCALES_DIR,
                crate::l10n::stale::LOCK_FILE
            )
        })
    }
}

/// The first ids of a compact line, then how many more.
fn names(ids: &[&str]) -> String {
    let mut names = ids
        .iter()
        .take(MISSING_SHOWN)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MISSING_SHOWN {
        names.push_str(&format!(" and {} more", ids.len() - MISSING_SHOWN));
    }
    names
}

/// What `--severity` and `--code` left out, said: "126 warnings not shown".
fn hidden_line(hidden: Hidden) -> Option<String> {
    let mut parts = Vec::new();
    if hidden.errors > 0 {
        parts.push(plural(hidden.errors, "error"));
    }
    if hidden.warnings > 0 {
        parts.push(plural(hidden.warnings, "warning"));
    }
    if hidden.missing > 0 {
        parts.push(plural(hidden.missing, "missing message"));
    }
    let shown = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "{shown} not shown (`--severity warning` without `--code` shows everything)"
    ))
}

/// How many findings of each code, with its severity, when there are any.
fn write_by_code(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let by_code = report.by_code();
    if by_code.is_empty() {
        return Ok(());
    }
    writeln!(w, "by code:")?;
    let width = by_code
        .iter()
        .map(|(c, _)| c.as_str().len())
        .max()
        .unwrap_or(0);
    for (code, count) in by_code {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Missing => "missing",
            Severity::Warning => "warning",
        };
        writeln!(w, "  {severity:7}  {:width$}  {count:>5}", code.as_str())?;
    }
    writeln!(w)
}
