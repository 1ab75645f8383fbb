//! What the user reads: problems and reports rendered for a terminal or a pipe.
//!
//! The library returns values; this module alone writes them. Problems are rendered by
//! miette with a source snippet (colours only on a terminal). Results go to stdout, problems
//! and warnings to stderr; a closed stdout (`alliance … | head`) is not an error.

use std::io::{IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::error::{Error, Problem, plural};
use crate::release::{self, Report};
use crate::workspace::Workspace;

/// The terminal streams.
pub struct Output {
    handler: GraphicalReportHandler,
}

impl Default for Output {
    fn default() -> Self {
        Self::new()
    }
}

impl Output {
    /// Output to stdout and stderr, coloured when stderr is a terminal.
    pub fn new() -> Self {
        let theme = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Output {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_wrap_lines(false),
        }
    }

    /// Renders one problem, snippet included.
    pub fn render_problem(&self, problem: &Problem) -> String {
        let mut text = String::new();
        if self
            .handler
            .render_report(&mut text, &problem.diagnostic())
            .is_err()
        {
            text = format!("error: {problem}\n");
        }
        text
    }

    /// Prints an error to stderr; every problem of [`Error::Invalid`] in turn.
    pub fn error(&mut self, error: &Error) {
        let mut text = String::new();
        match error {
            Error::Invalid(problems) => {
                for problem in problems {
                    text.push_str(&self.render_problem(problem));
                    text.push('\n');
                }
                text.push_str(&format!(
                    "error: {}, nothing was written\n",
                    plural(problems.len(), "problem")
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
        {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }

    /// Prints what a release wrote.
    pub fn release(&mut self, ws: &Workspace, report: &Report) {
        if report.development_key {
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
        text.push_str(&format!(
            "release {} written to {}: {}, signed by key {}\n",
            report.index.release,
            ws.relative(&report.dir).display(),
            release::summary(&report.index),
            report.index.signed_by.key_id,
        ));
        self.print(&text);
    }
}
