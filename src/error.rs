//! Errors and problems.
//!
//! A [`Problem`] is one thing wrong with the user's input, pinned to a file and, where there
//! is one, a line and column, with a hint how to fix it. Loading and building collect every
//! problem they find before giving up, so a user fixes them all in one round; they travel as
//! [`Error::Invalid`]. Everything else that can stop a command is another [`Error`] variant,
//! and every I/O error names its path.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// The result type of the whole library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The workspace or a command's input is wrong; every problem found is listed.
    #[error("{} found", plural(.0.len(), "problem"))]
    Invalid(Vec<Problem>),
    /// Files from outside that must be genuine are not (an artifact kept from an earlier
    /// run, a shard to merge): nothing is signed; exit code 1.
    #[error("{} that could not be verified", plural(.0.len(), "file"))]
    Unverified(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("cannot {action} `{}`: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A signing key could not be created, read or used.
    #[error("{0}")]
    Signing(String),
    /// Any other failure, described for the user.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The process exit code: 1 for a failed verification, 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Unverified(_) => 1,
            _ => 2,
        }
    }

    /// An I/O error on `path` while doing `action` ("read", "write", "create" …).
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Adds the path to an I/O result, so that no I/O error reaches the user without one.
pub trait IoContext<T> {
    /// Tags an I/O error with what was being done to which path.
    fn at(self, action: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: &'static str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(action, path, e))
    }
}

/// One problem in one input file, with its position when it has one.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file, relative to the workspace root where it is inside it.
    pub path: PathBuf,
    /// 1-based line and column (in characters); `None` when the problem concerns the whole file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, lowercase, values in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The file's text and the byte range to underline, for the snippet.
    snippet: Option<Box<Snippet>>,
}

#[derive(Debug, Clone)]
struct Snippet {
    source: Arc<str>,
    range: std::ops::Range<usize>,
    label: Option<String>,
}

impl Problem {
    /// A problem with a whole file (or with something that has no position).
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            position: None,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// A problem at byte range `range` of `source`, the text of `path`.
    pub fn at(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(source, range.start.min(source.len()));
        let end = floor_char_boundary(source, range.end.clamp(start, source.len()));
        Problem {
            path: path.into(),
            position: Some(line_column(source, start)),
            message: message.into(),
            help: None,
            snippet: Some(Box::new(Snippet {
                source: Arc::clone(source),
                range: start..end,
                label: None,
            })),
        }
    }

    /// A problem at a 1-based line and column of `source`, the text of `path`.
    pub fn at_line_column(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let offset = byte_offset(source, line, column);
        let mut problem = Problem::at(path, source, offset..offset, message);
        problem.position = Some((line.max(1), column.max(1)));
        problem
    }

    /// Adds a hint how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a short label under the underlined part of the snippet.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        if let Some(snippet) = &mut self.snippet {
            snippet.label = Some(label.into());
        }
        self
    }

    /// `path:line:column`, or just the path.
    pub fn location(&self) -> String {
        match self.position {
            Some((line, column)) => format!("{}:{line}:{column}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// A diagnostic that miette can render with the source snippet.
    pub fn diagnostic(&self) -> ProblemDiagnostic<'_> {
        self.diagnostic_as(None, miette::Severity::Error)
    }

    /// A diagnostic with a finding code shown above it and the given severity.
    pub fn diagnostic_as(
        &self,
        code: Option<&'static str>,
        severity: miette::Severity,
    ) -> ProblemDiagnostic<'_> {
        ProblemDiagnostic {
            problem: self,
            code,
            severity,
            source: self.snippet.as_ref().map(|s| {
                NamedSource::new(self.path.display().to_string(), Arc::clone(&s.source))
                    .with_language("text")
            }),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// [`Problem`] seen through miette's [`Diagnostic`] trait.
#[derive(Debug)]
pub struct ProblemDiagnostic<'a> {
    problem: &'a Problem,
    code: Option<&'static str>,
    severity: miette::Severity,
    source: Option<NamedSource<Arc<str>>>,
}

impl fmt::Display for ProblemDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(_) => f.write_str(&self.problem.message),
            None => write!(f, "{}", self.problem),
        }
    }
}

impl std::error::Error for ProblemDiagnostic<'_> {}

impl Diagnostic for ProblemDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.problem.snippet.as_ref()?;
        let span = (snippet.range.start, snippet.range.len());
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(snippet.label.clone(), span),
        )))
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and column (in characters) of `source`, clamped to it.
pub fn byte_offset(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[offset..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    offset
        + rest[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_len, |(i, _)| i)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "1 problem", "3 problems".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a = 1\n火花 = { $x }\n";
        let offset = text.find("{ $x").expect("present");
        assert_eq!(line_column(text, offset), (2, 6));
        assert_eq!(byte_offset(text, 2, 6), offset);
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn byte_offset_clamps_past_the_end() {
        assert_eq!(byte_offset("ab\ncd", 9, 1), 5);
        assert_eq!(byte_offset("ab\ncd", 1, 40), 2);
    }
}
