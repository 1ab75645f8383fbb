//! What the building commands print: the progress of a build, the plan of
//! `release --dry-run`, what a release wrote, `package --check` and `init-package`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::Output;
use crate::diagnostic::{Result, plural};
use crate::release::{self, Report};
use crate::workspace::Workspace;

impl Output {
    /// A progress listener: bars on a terminal, one log line per artifact otherwise; on
    /// stderr either way.
    pub fn progress(&self) -> release::Progress {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        let terminal = io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        // In bytes of input: one large artifact moves the bar as it is packed.
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        ) {
            bar.set_style(style);
        }
        std::sync::Arc::new(move |step: release::Step<'_>| match step {
            release::Step::Planned { jobs, bytes } => {
                if terminal {
                    bar.set_length(bytes);
                    bar.set_message("checking translations");
                } else {
                    let _ = writeln!(
                        io::stderr(),
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
            release::Step::Read { bytes } => {
                if terminal {
                    bar.inc(bytes);
                }
            }
            release::Step::Built {
                artifact,
                size,
                cached,
                copied,
                entries,
                input,
            } => {
                if terminal {
                    if cached {
                        bar.inc(input);
                    }
                    bar.set_message(artifact.to_string());
                } else {
                    let unchanged = if cached {
                        ", unchanged: from the cache".to_string()
                    } else if copied > 0 {
                        format!("; {copied} of {entries} entries copied from the last build")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(io::stderr(), "built {artifact} ({size} bytes{unchanged})");
                }
            }
            release::Step::Published => bar.finish_and_clear(),
        })
    }

    /// Prints the plan of `release --dry-run`.
    pub fn plan(
        &mut self,
        ws: &Workspace,
        selection: &release::Selection,
        jobs: &[release::Job],
    ) -> Result<()> {
        let width = jobs.iter().map(|j| j.artifact.len()).max().unwrap_or(0);
        self.print_with(|w| {
            for job in jobs {
                let package = &ws.packages[job.package];
                let what = match &job.locale {
                    Some(locale) => format!("bundle of {} in {locale}", package.id),
                    None => format!("installer of {}", package.id),
                };
                writeln!(
                    w,
                    "  {:width$}  {what}, {} bytes of input",
                    job.artifact, job.estimate
                )?;
            }
            let share = match selection.shard {
                Some((i, n)) => format!("share {i} of {n} of "),
                None => String::new(),
            };
            writeln!(
                w,
                "{} planned for {share}release {} into {}; nothing was built (--dry-run)",
                plural(jobs.len(), "artifact"),
                ws.config.release,
                ws.relative(
                    &ws.config
                        .output
                        .join(release::folder(&ws.config.release, selection))
                )
                .display()
            )
        })
    }

    /// Prints what a release wrote, and how long it took.
    pub fn release(&mut self, ws: &Workspace, report: &Report, elapsed: Duration) -> Result<()> {
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
        self.print_with(|w| {
            write_artifacts(w, report)?;
            write_written(w, ws, report, elapsed)
        })
    }

    /// Prints that every package is valid.
    pub fn packages_checked(&mut self, ws: &Workspace) -> Result<()> {
        self.print_with(|w| {
            for package in &ws.packages {
                writeln!(
                    w,
                    "  {}  {} {} by {}: {}",
                    package.definition.display(),
                    package.name,
                    package.version,
                    package.vendor,
                    plural(package.files.len(), "file")
                )?;
            }
            writeln!(
                w,
                "{} checked: no problems",
                plural(ws.packages.len(), "package")
            )
        })
    }

    /// Prints what `init-package` created.
    pub fn init_package(&mut self, id: &str, files: &[PathBuf]) -> Result<()> {
        self.print_with(|w| {
            for file in files {
                writeln!(w, "created {}", file.display())?;
            }
            writeln!(
                w,
                "fill in packages/{id}/package.yaml, put the product under packages/{id}/files/, then run `alliance package --check`"
            )
        })
    }
}

/// One line per artifact of the release: name, size, the start of its SHA-256.
fn write_artifacts(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let width = report
        .index
        .artifacts
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0);
    for (name, artifact) in &report.index.artifacts {
        writeln!(
            w,
            "  {name:width$}  {:>9} bytes  {}",
            artifact.size,
            &artifact.sha256[..16]
        )?;
    }
    Ok(())
}

/// Where the release was written, what was built, how fast, and the key that signed it.
fn write_written(
    w: &mut dyn Write,
    ws: &Workspace,
    report: &Report,
    elapsed: Duration,
) -> io::Result<()> {
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
    // What came from the build cache was not built again: said so.
    let built_count = match report.cached.len() {
        0 => plural(report.built.len(), "artifact"),
        n if n == report.built.len() => format!("{}, all from the cache", plural(n, "artifact")),
        n => format!(
            "{}, {n} of them from the cache",
            plural(report.built.len(), "artifact")
        ),
    };
    writeln!(
        w,
        "{what} {} written to {}: {}; built {built_count} ({built} bytes) in {:.2} s, signed by {key} {}",
        report.index.release,
        ws.relative(&report.dir).display(),
        release::summary(&report.index),
        elapsed.as_secs_f64(),
        report.index.signed_by.key_id,
    )?;
    if report.pseudo {
        writeln!(
            w,
            "  for testers only: never listed in the release; `alliance verify --allow-dev` checks them in this workspace"
        )?;
    } else {
        // Where to look, and how anyone checks it: the last thing a publisher reads.
        let dir = ws.relative(&report.dir);
        let page = report.dir.join("index.html");
        if page.is_file() {
            writeln!(w, "  download page: {}", dir.join("index.html").display())?;
        }
        // A development key is trusted only when asked: the command must pass as printed.
        let (allow, users) = if report.development_key {
            (
                "--allow-dev ",
                "signed with this workspace's development key, which no user should trust",
            )
        } else {
            (
                "",
                "users: `sha256sum -c --ignore-missing SHA256SUMS` and `minisign -V` with the key they pinned",
            )
        };
        writeln!(
            w,
            "  check it: alliance verify {allow}{} ({users})",
            dir.display()
        )?;
    }
    Ok(())
}
