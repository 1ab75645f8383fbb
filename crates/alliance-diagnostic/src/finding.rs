//! One finding model for every output: a [`Finding`] is a code (and so a severity), the
//! message or term it concerns, a [`Problem`] (file, line, column, end, message, help) and
//! the related places that explain it. The text report, the JSON report, the CI formats (GitHub workflow commands,
//! SARIF) and the editor server are all written from it, so they agree on every position.
//!
//! The code is the caller's own type (`alliance-l10n`'s finding codes, a check of
//! `verify`), through [`FindingCode`].

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::Problem;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the result, or hides text from users: fails the check.
    Error,
    /// Something absent that a fallback stands in for (a missing translation).
    Missing,
    /// Probably a mistake, but it works.
    Warning,
}

/// What a finding's code says about it: its name, severity and documentation.
pub trait FindingCode: Copy {
    /// The code as written in reports (`unknown-variable`).
    fn name(&self) -> &str;
    /// The severity findings of this code have.
    fn severity(&self) -> Severity;
    /// What findings of this code are about, in a sentence, where it is documented.
    fn rule(&self) -> Option<&str>;
}

/// A code of its own name, an error: a check of `verify` or `package --check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    /// The code (`signature`, `package`).
    pub name: &'static str,
    /// What it is about, where documented.
    pub rule: Option<&'static str>,
}

impl FindingCode for Named {
    fn name(&self) -> &str {
        self.name
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn rule(&self) -> Option<&str> {
        self.rule
    }
}

/// Another place that explains a finding (the reference message a translation is checked
/// against, the first definition of a duplicate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file, relative to the workspace (shared: thousands of findings point at one).
    pub path: Arc<Path>,
    /// 1-based line and character column, where it has one.
    pub position: Option<(usize, usize)>,
    /// What is there (`the en-US message`).
    pub message: Arc<str>,
}

/// One finding: what every output is written from.
#[derive(Debug, Clone)]
pub struct Finding<C> {
    /// Its code; its severity follows from it.
    pub code: C,
    /// The message or term id (`-brand-name`) it concerns, or `None`.
    pub id: Option<String>,
    /// What, where (start and end) and how to fix it.
    pub problem: Problem,
    /// Other places that explain it (the reference message a translation is checked
    /// against).
    pub related: Vec<Related>,
}

impl<C: FindingCode> Finding<C> {
    /// A finding of `code` about `id` (none: a file or an artifact as a whole).
    pub fn new(code: C, id: Option<String>, problem: Problem) -> Self {
        Finding {
            code,
            id,
            problem,
            related: Vec::new(),
        }
    }

    /// The finding's severity (given by its code).
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The file, `/`-separated.
    pub fn file(&self) -> String {
        slashed(&self.problem.path)
    }

    /// The finding as the JSON reports write it.
    pub fn json(&self) -> JsonFinding<'_> {
        let (line, column) = self.problem.position.unwrap_or((0, 0));
        let (end_line, end_column) = self.problem.end().unwrap_or((line, column));
        JsonFinding {
            code: self.code.name(),
            severity: self.severity(),
            file: self.file(),
            line,
            column,
            end_line,
            end_column,
            id: self.id.as_deref(),
            message: &self.problem.message,
            help: self.problem.help.as_deref(),
            related: self
                .related
                .iter()
                .map(|r| {
                    let (line, column) = r.position.unwrap_or((0, 0));
                    JsonRelated {
                        file: slashed(&r.path),
                        line,
                        column,
                        message: &r.message,
                    }
                })
                .collect(),
        }
    }
}

/// A path as reports write it: `/`-separated.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A finding in JSON: `{code, severity, file, line, column, end_line, end_column, id,
/// message, help, related}`; positions 1-based in characters, 0 for a whole file.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    code: &'a str,
    severity: Severity,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    id: Option<&'a str>,
    message: &'a str,
    /// How to fix it, as the terminal shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonRelated<'a> {
    file: String,
    line: usize,
    column: usize,
    message: &'a str,
}
