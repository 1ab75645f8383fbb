//! What the user reads: problems and reports rendered for a terminal or a pipe.
//!
//! The library returns values; this module alone writes them. Problems are rendered by
//! miette with a source snippet. Results go to stdout, problems and warnings to stderr; a
//! closed stdout (`alliance … | head`) is not an error. Colour is decided for each stream
//! on its own ([`colors`]): `l10n check > report.txt` writes no escapes into the file even
//! from a terminal.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::diagnostic::{Error, Problem, plural};
use crate::l10n::Added;
use crate::l10n::report::{Code, Report as L10nReport, Severity};
use crate::release::{self, Report};
use crate::workspace::Workspace;

/// When to colour output: the `--color` option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// When the stream is a terminal, unless `NO_COLOR` says otherwise (or `CLICOLOR_FORCE`
    /// asks for colour anyway).
    #[default]
    Auto,
    /// Always, whatever the stream and the environment.
    Always,
    /// Never.
    Never,
}

/// Whether to colour a stream: `Always` and `Never` decide alone; for `Auto`, a non-empty
/// `NO_COLOR` means no colour, then a `CLICOLOR_FORCE` other than empty or `0` means colour,
/// else colour only on a terminal (the conventions of no-color.org and bixense.com/clicolors).
pub fn colors(
    choice: ColorChoice,
    terminal: bool,
    no_color: Option<&OsStr>,
    clicolor_force: Option<&OsStr>,
) -> bool {
    let set = |v: Option<&OsStr>| v.is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(no_color) => false,
        ColorChoice::Auto if set(clicolor_force) && clicolor_force != Some(OsStr::new("0")) => true,
        ColorChoice::Auto => terminal,
    }
}

/// The terminal streams.
pub struct Output {
    /// Renders what goes to stdout (`l10n check` findings).
    stdout: GraphicalReportHandler,
    /// Renders what goes to stderr (errors).
    stderr: GraphicalReportHandler,
}

impl Default for Output {
    fn default() -> Self {
        Self::new()
    }
}

impl Output {
    /// Output to stdout and stderr, each coloured when it is a terminal (and the
    /// environment agrees).
    pub fn new() -> Self {
        Self::with_color(ColorChoice::Auto)
    }

    /// Output to stdout and stderr, coloured as `choice` says for each of them.
    pub fn with_color(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR");
        let clicolor_force = std::env::var_os("CLICOLOR_FORCE");
        let handler = |terminal: bool| {
            let theme = if colors(
                choice,
                terminal,
                no_color.as_deref(),
                clicolor_force.as_deref(),
            ) {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_wrap_lines(false)
        };
        Output {
            stdout: handler(std::io::stdout().is_terminal()),
            stderr: handler(std::io::stderr().is_terminal()),
        }
    }

    /// Renders one problem, snippet included, as for stderr.
    pub fn render_problem(&self, problem: &Problem) -> String {
        let mut text = String::new();
        if self
            .stderr
            .render_report(&mut text, &problem.diagnostic())
            .is_err()
        {
            text = format!("error: {problem}\n");
        }
        text
    }

    /// Prints an error to stderr; every problem of [`Error::Invalid`] in turn, then how
    /// many, and for a command that `writes`, that it wrote nothing.
    pub fn error(&mut self, error: &Error, writes: bool) {
        let mut text = String::new();
        match error {
            Error::Invalid(problems) | Error::Unverified(problems) => {
                for problem in problems {
                    text.push_str(&self.render_problem(problem));
                    text.push('\n');
                }
                text.push_str(&format!(
                    "error: {}{}\n",
                    plural(problems.len(), "problem"),
                    if writes { ", nothing was written" } else { "" }
                ));
            }
            other => text.push_str(&format!("error: {other}\n")),
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }

    /// Prints a warning to stderr.
    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(std::io::stderr(), "warning: {message}");
    }

    /// Prints to stdout; a closed pipe ends output quietly.
    pub fn print(&mut self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    /// Prints what a release wrote.
    /// A progress listener: bars on a terminal, one log line per artifact otherwise; on
    /// stderr either way.
    pub fn progress(&self) -> release::Progress {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        let terminal = std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
        {
            bar.set_style(style);
        }
        std::sync::Arc::new(move |step: release::Step<'_>| match step {
            release::Step::Planned { jobs, bytes } => {
                if terminal {
                    bar.set_length(jobs as u64);
                    bar.set_message("checking translations");
                } else {
                    eprintln!(
                        "planned {} from {bytes} bytes of input",
                        plural(jobs, "artifact")
                    );
                }
            }
            release::Step::Building => {
                if terminal {
                    bar.set_message("building");
                }
            }
            release::Step::Built { artifact, size } => {
                if terminal {
                    bar.inc(1);
                    bar.set_message(artifact.to_string());
                } else {
                    eprintln!("built {artifact} ({size} bytes)");
                }
            }
            release::Step::Published => bar.finish_and_clear(),
        })
    }

    /// Prints the plan of `release --dry-run`.
    pub fn plan(&mut self, ws: &Workspace, selection: &release::Selection, jobs: &[release::Job]) {
        let width = jobs.iter().map(|j| j.artifact.len()).max().unwrap_or(0);
        let mut text = String::new();
        for job in jobs {
            let package = &ws.packages[job.package];
            let what = match &job.locale {
                Some(locale) => format!("bundle of {} in {locale}", package.id),
                None => format!("installer of {}", package.id),
            };
            text.push_str(&format!(
                "  {:width$}  {what}, {} bytes of input\n",
                job.artifact, job.estimate
            ));
        }
        let share = match selection.shard {
            Some((i, n)) => format!("share {i} of {n} of "),
            None => String::new(),
        };
        text.push_str(&format!(
            "{} planned for {share}release {} into {}; nothing was built (--dry-run)\n",
            plural(jobs.len(), "artifact"),
            ws.config.release,
            ws.relative(
                &ws.config
                    .output
                    .join(release::folder(&ws.config.release, selection))
            )
            .display()
        ));
        self.print(&text);
    }

    /// Prints what a release wrote, and how long it took.
    pub fn release(&mut self, ws: &Workspace, report: &Report, elapsed: std::time::Duration) {
        for warning in &report.warnings {
            self.warn(warning);
        }
        if report.development_key && !report.pseudo {
            self.warn(&format!(
                "signed with a DEVELOPMENT key (id {}), kept in `{}`; its signatures prove nothing \
                 to anyone else. Configure a release key before distributing: see keys/README.md",
                report.index.signed_by.key_id,
                ws.relative(&report.key_path).display()
            ));
        }
        let mut text = String::new();
        let width = report
            .index
            .artifacts
            .keys()
            .map(String::len)
            .max()
            .unwrap_or(0);
        for (name, artifact) in &report.index.artifacts {
            text.push_str(&format!(
                "  {name:width$}  {:>9} bytes  {}\n",
                artifact.size,
                &artifact.sha256[..16]
            ));
        }
        let built: u64 = report
            .built
            .iter()
            .filter_map(|n| report.index.artifacts.get(n))
            .map(|a| a.size)
            .sum();
        let (what, key) = if report.pseudo {
            ("pseudo-locales", "the development key")
        } else {
            ("release", "key")
        };
        text.push_str(&format!(
            "{what} {} written to {}: {}; built {} ({built} bytes) in {:.2} s, signed by {key} {}\n",
            report.index.release,
            ws.relative(&report.dir).display(),
            release::summary(&report.index),
            plural(report.built.len(), "artifact"),
            elapsed.as_secs_f64(),
            report.index.signed_by.key_id,
        ));
        if report.pseudo {
            text.push_str(
                "  for testers only: never listed in the release; `alliance verify --allow-dev` checks them in this workspace\n",
            );
        }
        self.print(&text);
    }

    /// Prints a JSON document.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) {
        let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
        text.push('\n');
        self.print(&text);
    }

    /// Prints `l10n check` findings, grouped by locale; missing messages compactly per file.
    pub fn check(&mut self, report: &L10nReport) {
        let mut text = String::new();
        let (mut errors, mut warnings, mut missing) = (0, 0, 0);
        for tag in report.status_order() {
            let locale = &report.locales[tag];
            let s = &locale.summary;
            errors += s.errors;
            warnings += s.warnings;
            missing += s.missing;
            if locale.findings.is_empty() {
                continue;
            }
            text.push_str(&format!(
                "── {tag}: {}, {}, {} missing\n\n",
                plural(s.errors, "error"),
                plural(s.warnings, "warning"),
                s.missing
            ));
            let mut missing_by_file: Vec<(String, Vec<&str>)> = Vec::new();
            for finding in &locale.findings {
                if finding.code == Code::MissingMessage {
                    let file = finding.problem.path.display().to_string();
                    let id = finding.id.as_deref().unwrap_or("?");
                    match missing_by_file.last_mut() {
                        Some((f, ids)) if *f == file => ids.push(id),
                        _ => missing_by_file.push((file, vec![id])),
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
                if self.stdout.render_report(&mut text, &diagnostic).is_err() {
                    text.push_str(&format!("{}: {}\n", finding.code.as_str(), finding.problem));
                }
                text.push('\n');
            }
            for (file, ids) in missing_by_file {
                const SHOWN: usize = 12;
                let mut names = ids
                    .iter()
                    .take(SHOWN)
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if ids.len() > SHOWN {
                    names.push_str(&format!(" and {} more", ids.len() - SHOWN));
                }
                text.push_str(&format!(
                    "  missing-message: {} in {file}: {names}\n",
                    ids.len()
                ));
            }
            text.push('\n');
        }
        let by_code = report.by_code();
        if !by_code.is_empty() {
            text.push_str("by code:\n");
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
                text.push_str(&format!(
                    "  {severity:7}  {:width$}  {count:>5}\n",
                    code.as_str()
                ));
            }
            text.push('\n');
        }
        text.push_str(&format!(
            "checked {} against {}: {}, {}, {} missing\n",
            plural(report.locales.len(), "locale"),
            report.reference,
            plural(errors, "error"),
            plural(warnings, "warning"),
            missing
        ));
        self.print(&text);
    }

    /// Prints the `l10n status` table.
    pub fn status(&mut self, report: &L10nReport) {
        let tags = report.status_order();
        let width = tags.iter().map(|t| t.len()).max().unwrap_or(6).max(6);
        let mut text = format!(
            "{:width$}  {:>6}  {:>10}  {:>7}  {:>8}  {:>6}  {:>8}  {:>10}\n",
            "locale",
            "total",
            "translated",
            "missing",
            "obsolete",
            "errors",
            "warnings",
            "completion"
        );
        for tag in tags {
            let s = &report.locales[tag].summary;
            let bar_len = ((s.completion / 10.0).round() as usize).min(10);
            text.push_str(&format!(
                "{tag:width$}  {:>6}  {:>10}  {:>7}  {:>8}  {:>6}  {:>8}  {:>9.1}%  {}{}\n",
                s.total,
                s.translated,
                s.missing,
                s.obsolete,
                s.errors,
                s.warnings,
                s.completion,
                "█".repeat(bar_len),
                "░".repeat(10 - bar_len)
            ));
        }
        self.print(&text);
    }

    /// Prints what `l10n add` created.
    pub fn added(&mut self, ws: &Workspace, tag: &str, added: &Added) {
        let mut text = format!(
            "created {} with {}:\n",
            added.dir.display(),
            plural(added.files.len(), "file")
        );
        for file in &added.files {
            text.push_str(&format!("  {}/{file}\n", added.dir.display()));
        }
        text.push_str(&if added.registered {
            format!("added `{tag}` to `locales` in alliance.yaml\n")
        } else {
            "alliance.yaml builds every folder under locales/, so the new locale is included\n"
                .to_string()
        });
        text.push_str(&format!(
            "every message is still in {}; translate them, then run `alliance l10n check {tag}`\n",
            ws.config.reference_locale
        ));
        self.print(&text);
    }

    /// Prints that every package is valid.
    pub fn packages_checked(&mut self, ws: &Workspace) {
        let mut text = String::new();
        for package in &ws.packages {
            text.push_str(&format!(
                "  {}  {} {} by {}: {}\n",
                package.definition.display(),
                package.name,
                package.version,
                package.vendor,
                plural(package.files.len(), "file")
            ));
        }
        text.push_str(&format!(
            "{} checked: no problems\n",
            plural(ws.packages.len(), "package")
        ));
        self.print(&text);
    }

    /// Prints what `init-package` created.
    pub fn init_package(&mut self, id: &str, files: &[std::path::PathBuf]) {
        let mut text = String::new();
        for file in files {
            text.push_str(&format!("created {}\n", file.display()));
        }
        text.push_str(&format!(
            "fill in packages/{id}/package.yaml, put the product under packages/{id}/files/, then run `alliance package --check`\n"
        ));
        self.print(&text);
    }

    /// Prints where `keygen` wrote the pair.
    pub fn keygen(&mut self, generated: &crate::sign::Generated) {
        let mut text = format!(
            "public key {} (id {}): commit it and publish it\nsecret key {} (mode 0600, outside the workspace): back it up, never share it\n",
            generated.public_path.display(),
            generated.key_id,
            generated.secret_path.display()
        );
        let name = generated
            .secret_path
            .file_stem()
            .map(|s| s.to_string_lossy());
        if let Some(name) = name
            .filter(|_| generated.secret_path.parent() == crate::sign::user_keys_dir().as_deref())
        {
            text.push_str(&format!(
                "sign with it: --secret-key {name}, or `signing: {{secret_key: {name}}}` in alliance.yaml\n"
            ));
        }
        if !generated.encrypted {
            text.push_str("the secret key is NOT password-protected: use it for tests only\n");
        }
        self.print(&text);
    }

    /// Prints each artifact's checks.
    pub fn verifications(&mut self, results: &[crate::verify::Verification]) {
        let mut text = String::new();
        for result in results {
            text.push_str(&format!(
                "{} {}\n",
                if result.ok { "ok    " } else { "FAILED" },
                result.artifact.display()
            ));
            for check in &result.checks {
                text.push_str(&format!(
                    "  {} {:16} {}\n",
                    if check.ok { "✓" } else { "✗" },
                    check.name,
                    check.detail
                ));
            }
        }
        let good = results.iter().filter(|r| r.ok).count();
        text.push_str(&format!(
            "{good} of {} verified\n",
            plural(results.len(), "artifact")
        ));
        self.print(&text);
    }

    /// Prints the keys of the trust store.
    pub fn trusted_keys(&mut self, store: &crate::trust::Store, keys: &[crate::sign::TrustedKey]) {
        let mut text = format!("trust store {}\n", store.dir.display());
        if keys.is_empty() {
            text.push_str("no key is trusted yet: alliance trust add KEY.pub\n");
        }
        for key in keys {
            text.push_str(&format!("  {:24} {}\n", key.name, key.key_id));
        }
        self.print(&text);
    }

    /// Prints what was installed.
    pub fn installed(&mut self, prefix: &std::path::Path, installed: &crate::install::Installed) {
        let receipt = &installed.receipt;
        if installed.unchanged {
            self.print(&format!(
                "{} {} ({}) is already installed in {}; nothing was changed (--reinstall installs it again)\n",
                receipt.package,
                receipt.version,
                receipt.artifact,
                prefix.display()
            ));
            return;
        }
        let what = match &installed.previous {
            None => format!(
                "installed {} {} ({}) into {}",
                receipt.package,
                receipt.version,
                receipt.artifact,
                prefix.display()
            ),
            Some(previous) => {
                let order = match (
                    semver::Version::parse(&receipt.version),
                    semver::Version::parse(&previous.version),
                ) {
                    (Ok(new), Ok(old)) => new.cmp(&old),
                    _ => receipt.version.cmp(&previous.version),
                };
                let verb = match order {
                    std::cmp::Ordering::Greater => "upgraded",
                    std::cmp::Ordering::Less => "downgraded",
                    std::cmp::Ordering::Equal => "reinstalled",
                };
                format!(
                    "{verb} {} {} to {} ({}) in {} ({} new, {} changed, {} removed)",
                    receipt.package,
                    previous.version,
                    receipt.version,
                    receipt.artifact,
                    prefix.display(),
                    previous.added.len(),
                    previous.changed.len(),
                    previous.removed.len()
                )
            }
        };
        self.print(&format!(
            "{what}: {}, signed by {}\nto remove it: alliance uninstall --prefix {}\n",
            plural(receipt.files.len(), "file"),
            receipt.key,
            prefix.display()
        ));
        if !receipt.beside.is_empty() {
            let mut text = format!(
                "kept {} of yours; the new version of each is beside it:\n",
                plural(receipt.beside.len(), "file")
            );
            for rel in &receipt.beside {
                text.push_str(&format!(
                    "  {rel} (new: {rel}{})\n",
                    crate::install::NEW_SUFFIX
                ));
            }
            self.print(&text);
        }
    }

    /// Prints why an install was refused, on stderr.
    pub fn refused(&mut self, installer: &std::path::Path, refused: &crate::install::Refused) {
        let mut text = format!(
            "error: {} was not installed; nothing was written\n",
            installer.display()
        );
        match refused {
            crate::install::Refused::Unverified(verification) => {
                for check in verification.checks.iter().filter(|c| !c.ok) {
                    text.push_str(&format!("  ✗ {:16} {}\n", check.name, check.detail));
                }
            }
            crate::install::Refused::Archive(why) => {
                text.push_str(&format!("  ✗ the archive is unsafe: {why}\n"))
            }
            crate::install::Refused::Downgrade(why) => text.push_str(&format!("  ✗ {why}\n")),
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }

    /// Prints what each prefix holds (`alliance list`).
    pub fn listings(&mut self, listings: &[crate::install::Listing]) {
        let mut text = String::new();
        for l in listings {
            let prefix = l.prefix.display();
            if l.state == crate::install::ListingState::Kept {
                text.push_str(&format!(
                    "{prefix}: nothing installed; {} kept when {} {} was uninstalled: {}\n",
                    plural(l.kept.len(), "file"),
                    l.package,
                    l.version,
                    l.kept.join(", ")
                ));
                continue;
            }
            text.push_str(&format!(
                "{prefix}: {} {}, release {}, signed by key {} ({})\n",
                l.package,
                l.version,
                l.release.as_deref().unwrap_or("?"),
                l.key_id.as_deref().unwrap_or("?"),
                l.artifact.as_deref().unwrap_or("?"),
            ));
            if l.changed.is_empty() {
                text.push_str(&format!(
                    "  {}, none changed since the install\n",
                    plural(l.files, "file")
                ));
            } else {
                text.push_str(&format!(
                    "  {}, {} changed since the install: {}\n",
                    plural(l.files, "file"),
                    l.changed.len(),
                    l.changed.join(", ")
                ));
            }
            if !l.missing.is_empty() {
                text.push_str(&format!(
                    "  {} missing: {}\n",
                    l.missing.len(),
                    l.missing.join(", ")
                ));
            }
            for rel in &l.beside {
                text.push_str(&format!(
                    "  yours kept: {rel} (new version: {rel}{})\n",
                    crate::install::NEW_SUFFIX
                ));
            }
        }
        self.print(&text);
    }

    /// Prints what `uninstall` removed and kept.
    pub fn uninstalled(&mut self, prefix: &std::path::Path, removed: &crate::install::Removed) {
        let mut text = format!(
            "removed {} {}: {} from {}\n",
            removed.package,
            removed.version,
            plural(removed.removed, "file"),
            prefix.display()
        );
        if !removed.kept.is_empty() {
            text.push_str(&format!(
                "kept {} changed since the install: {}\n",
                plural(removed.kept.len(), "file"),
                removed.kept.join(", ")
            ));
        }
        if !removed.left.is_empty() {
            text.push_str(&format!(
                "left {} alliance did not install: {}\n",
                plural(removed.left.len(), "file"),
                removed.left.join(", ")
            ));
        }
        if let Some(record) = &removed.record {
            text.push_str(&format!(
                "what stays is listed in {}; `alliance install` into {} keeps it\n",
                record.display(),
                prefix.display()
            ));
        }
        self.print(&text);
    }

    /// Prints a release as a table.
    pub fn show(
        &mut self,
        index: &crate::manifest::ReleaseIndex,
        signature: &crate::verify::IndexSignature,
    ) {
        let mut text = format!(
            "release {} (reference {}), signed by key {}{}\n\n",
            index.release,
            index.reference_locale,
            index.signed_by.key_id,
            if index.signed_by.development {
                " (development)"
            } else {
                ""
            }
        );
        text.push_str(&format!(
            "signature: {} {}\n\n",
            if signature.ok { "✓" } else { "✗" },
            signature.detail
        ));
        let mut rows = vec![
            [
                "artifact",
                "kind",
                "package/locale",
                "version",
                "bytes",
                "coverage",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for (name, a) in &index.artifacts {
            let kind = match a.kind {
                crate::manifest::ArtifactKind::Installer => "installer",
                crate::manifest::ArtifactKind::Bundle => "bundle",
            };
            let what = a
                .locale
                .as_ref()
                .map_or_else(|| a.package.clone(), |l| format!("{}/{l}", a.package));
            let coverage = a.coverage.map_or_else(String::new, |c| format!("{c:.1}%"));
            rows.push(vec![
                name.clone(),
                kind.to_string(),
                what,
                a.version.clone(),
                a.size.to_string(),
                coverage,
            ]);
        }
        use Align::{Left, Right};
        text.push_str(&table(&rows, &[Left, Left, Left, Right, Right, Right]));
        text.push_str(&format!("\n{}\n", release::summary(index)));
        self.print(&text);
    }

    /// Prints the difference between two releases.
    pub fn diff(&mut self, d: &crate::diff::Diff) {
        let mut text = format!("{} → {}\n", d.old_release, d.new_release);
        if d.is_empty() && d.versions.is_empty() && d.coverage.is_empty() {
            text.push_str("no difference\n");
        }
        for name in &d.added {
            text.push_str(&format!("  + {name}\n"));
        }
        for name in &d.removed {
            text.push_str(&format!("  - {name}\n"));
        }
        for c in &d.changed {
            text.push_str(&format!(
                "  ~ {} ({} → {} bytes)\n",
                c.artifact, c.old_size, c.new_size
            ));
            // What changed inside: entries, then each locale's messages.
            if let Some(entries) = &c.entries {
                const SHOWN: usize = 10;
                let lines: Vec<String> = [
                    ("+", &entries.added),
                    ("-", &entries.removed),
                    ("~", &entries.changed),
                ]
                .into_iter()
                .flat_map(|(mark, names)| names.iter().map(move |n| format!("    {mark} {n}\n")))
                .collect();
                for line in lines.iter().take(SHOWN) {
                    text.push_str(line);
                }
                if lines.len() > SHOWN {
                    text.push_str(&format!("    and {} more entries\n", lines.len() - SHOWN));
                }
            }
            for (locale, names) in &c.messages {
                let ids: Vec<String> = [
                    ("+", &names.added),
                    ("-", &names.removed),
                    ("~", &names.changed),
                ]
                .into_iter()
                .flat_map(|(mark, ids)| ids.iter().map(move |id| format!("{mark} {id}")))
                .collect();
                text.push_str(&format!("    {locale}: {}\n", ids.join(", ")));
            }
        }
        let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
        for (package, change) in &d.versions {
            text.push_str(&format!(
                "  version {package}: {} → {}\n",
                side(&change.old),
                side(&change.new)
            ));
        }
        let percent =
            |v: &Option<f64>| v.map_or_else(|| "(none)".to_string(), |p| format!("{p:.1}%"));
        for (locale, change) in &d.coverage {
            text.push_str(&format!(
                "  coverage {locale} {} → {}\n",
                percent(&change.old),
                percent(&change.new)
            ));
        }
        text.push_str(&format!(
            "{} added, {} removed, {} changed\n",
            d.added.len(),
            d.removed.len(),
            d.changed.len()
        ));
        self.print(&text);
    }
}

/// How a column of [`table`] is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// `rows` as lines of columns two spaces apart, each column as wide as its widest cell on
/// a terminal: display width, so that `火花` counts two columns a character and `é` one, in
/// any column that may hold more than ASCII (names, versions, locales). No trailing spaces.
fn table(rows: &[Vec<String>], align: &[Align]) -> String {
    use unicode_width::UnicodeWidthStr;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c > 0 {
                line.push_str("  ");
            }
            match align.get(c).copied().unwrap_or(Align::Left) {
                Align::Left => line.push_str(&format!("{cell}{pad}")),
                Align::Right => line.push_str(&format!("{pad}{cell}")),
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_line_up_on_a_terminal_whatever_the_script() {
        let rows: Vec<Vec<String>> = [
            ["name", "locale", "bytes"],
            ["spark-火花", "zh-TW", "7"],
            ["café", "pt-BR", "12345"],
            ["x", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let text = table(&rows, &[Align::Left, Align::Left, Align::Right]);
        assert_eq!(
            text,
            "name        locale  bytes\n\
             spark-火花  zh-TW       7\n\
             café        pt-BR   12345\n\
             x\n"
        );
    }

    #[test]
    fn colour_follows_the_choice_then_the_environment_then_the_stream() {
        let on = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        let zero = Some(OsStr::new("0"));
        // (choice, terminal, NO_COLOR, CLICOLOR_FORCE) -> colour
        let cases = [
            (ColorChoice::Auto, true, None, None, true),
            (ColorChoice::Auto, false, None, None, false),
            (ColorChoice::Auto, true, on, None, false),
            (ColorChoice::Auto, true, empty, None, true),
            (ColorChoice::Auto, false, None, on, true),
            (ColorChoice::Auto, false, None, zero, false),
            (ColorChoice::Auto, false, None, empty, false),
            (ColorChoice::Auto, false, on, on, false),
            (ColorChoice::Always, false, on, None, true),
            (ColorChoice::Never, true, None, on, false),
        ];
        for (choice, terminal, no_color, force, expected) in cases {
            assert_eq!(
                colors(choice, terminal, no_color, force),
                expected,
                "{choice:?}, terminal {terminal}, NO_COLOR {no_color:?}, CLICOLOR_FORCE {force:?}"
            );
        }
    }
}
