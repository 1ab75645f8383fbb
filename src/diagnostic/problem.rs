//! One thing wrong with the user's input: a [`Problem`], pinned to a file and, where there
//! is one, a line and column, with a hint how to fix it and a snippet that miette renders.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use super::source::{self, LineIndex};

/// One problem in one input file, with its position when it has one.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file, relative to the workspace root where it is inside it.
    pub path: PathBuf,
    /// 1-based line and column (in characters); `None` when the problem concerns the whole file.
    /// The snippet's header shows the same: both come from the file's [`LineIndex`].
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
    lines: Arc<LineIndex>,
    range: std::ops::Range<usize>,
    label: Option<String>,
    /// More places shown in the snippet, each with its label.
    others: Vec<(std::ops::Range<usize>, String)>,
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

    /// A problem at byte range `range` of `source`, the text of `path`. This indexes the
    /// lines of `source`: for many problems in one file, index it once and use
    /// [`Problem::at_indexed`].
    pub fn at(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let lines = Arc::new(LineIndex::new(source));
        Problem::at_indexed(path, source, &lines, range, message)
    }

    /// A problem at byte range `range` of `source`, the text of `path`, whose lines `lines`
    /// indexes.
    pub fn at_indexed(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        lines: &Arc<LineIndex>,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let range = clamp(source, range);
        Problem {
            path: path.into(),
            position: Some(lines.position(source, range.start)),
            message: message.into(),
            help: None,
            snippet: Some(Box::new(Snippet {
                source: Arc::clone(source),
                lines: Arc::clone(lines),
                range,
                label: None,
                others: Vec::new(),
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
        let lines = Arc::new(LineIndex::new(source));
        let offset = lines.offset(source, line, column);
        Problem::at_indexed(path, source, &lines, offset..offset, message)
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

    /// Shows another place of the file in the snippet, with a label (where a parser
    /// stopped, say); nothing for a problem without a snippet.
    #[must_use]
    pub fn with_place(mut self, range: std::ops::Range<usize>, label: impl Into<String>) -> Self {
        if let Some(snippet) = &mut self.snippet {
            let range = clamp(&snippet.source, range);
            snippet.others.push((range, label.into()));
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
                source::Snippet::new(
                    self.path.display().to_string(),
                    Arc::clone(&s.source),
                    Arc::clone(&s.lines),
                )
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
    source: Option<source::Snippet>,
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
        let primary = LabeledSpan::new_primary_with_span(snippet.label.clone(), span);
        let others = snippet.others.iter().map(|(range, label)| {
            LabeledSpan::new_with_span(Some(label.clone()), (range.start, range.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// `range` within `source`, on char boundaries, and not reversed.
fn clamp(source: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = source::floor_char_boundary(source, range.start);
    let end = source::floor_char_boundary(source, range.end.max(start));
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_position_is_the_line_and_character_column_of_the_start() {
        let source: Arc<str> = Arc::from("a = 1\nb = Grüße { $x }\n");
        let start = source.find("{ $x").expect("present");
        let problem = Problem::at("f.ftl", &source, start..start + 4, "m");
        assert_eq!(problem.location(), "f.ftl:2:11");
        let problem = Problem::at_line_column("f.ftl", &source, 2, 11, "m");
        assert_eq!(problem.location(), "f.ftl:2:11");
        // Past the end of a line: the end of that line.
        let problem = Problem::at_line_column("f.ftl", &source, 1, 40, "m");
        assert_eq!(problem.location(), "f.ftl:1:6");
    }
}
