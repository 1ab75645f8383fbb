//! One thing wrong with the user's input: a [`Problem`], pinned to a file and, where there
//! is one, a line and column, with a hint how to fix it and a snippet that miette renders.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use super::escape::{escape, escape_text};
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
    /// The 0-based line of the file `source` starts at: 0, or more for an excerpt
    /// ([`Problem::compact`]).
    first_line: usize,
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
                first_line: 0,
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

    /// The 1-based line and column (in characters) where the underlined place ends
    /// (exclusive; the start for a point); `None` without a snippet.
    pub fn end(&self) -> Option<(usize, usize)> {
        let snippet = self.snippet.as_ref()?;
        let (line, column) = snippet.lines.position(&snippet.source, snippet.range.end);
        Some((line + snippet.first_line, column))
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

    /// Keeps of the file's text only the lines around the places the snippet shows, with
    /// [`EXCERPT_CONTEXT`] lines on each side: a report of thousands of problems then holds
    /// a few lines each, not every file whole. The snippet reads the same.
    pub fn compact(&mut self) {
        let Some(snippet) = &mut self.snippet else {
            return;
        };
        let lines = &snippet.lines;
        let start = snippet
            .others
            .iter()
            .map(|(r, _)| r.start)
            .fold(snippet.range.start, usize::min);
        let end = snippet
            .others
            .iter()
            .map(|(r, _)| r.end)
            .fold(snippet.range.end, usize::max);
        let from_line = lines.line_of(start).saturating_sub(EXCERPT_CONTEXT);
        let to_line = (lines.line_of(end) + EXCERPT_CONTEXT).min(lines.lines() - 1);
        let from = lines.line_range(from_line).start;
        let to = if to_line + 1 < lines.lines() {
            lines.line_range(to_line + 1).start
        } else {
            snippet.source.len()
        };
        if from == 0 && to >= snippet.source.len() {
            return;
        }
        let excerpt: Arc<str> = Arc::from(&snippet.source[from..to]);
        snippet.lines = Arc::new(LineIndex::new(&excerpt));
        snippet.source = excerpt;
        snippet.first_line += from_line;
        let shift = |r: &std::ops::Range<usize>| r.start - from..r.end - from;
        snippet.range = shift(&snippet.range);
        for (range, _) in &mut snippet.others {
            *range = shift(range);
        }
    }

    /// `path:line:column`, or just the path; the path's control characters escaped.
    pub fn location(&self) -> String {
        let path = self.path.display().to_string();
        let path = escape(&path);
        match self.position {
            Some((line, column)) => format!("{path}:{line}:{column}"),
            None => path.into_owned(),
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
                    escape(&self.path.display().to_string()).into_owned(),
                    Arc::clone(&s.source),
                    Arc::clone(&s.lines),
                )
                .from_line(s.first_line)
            }),
        }
    }
}

/// As shown: `path:line:column: message`, control characters escaped
/// ([`super::escape`]; the message keeps its line ends).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), escape_text(&self.message))
    }
}

/// Lines kept on each side of a compacted snippet ([`Problem::compact`]); miette shows one.
pub const EXCERPT_CONTEXT: usize = 2;

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
            Some(_) => f.write_str(&escape_text(&self.problem.message)),
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
            .map(|h| Box::new(escape_text(h).into_owned()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.problem.snippet.as_ref()?;
        let source = self.source.as_ref()?;
        // Where the places are in the snippet as shown, its control characters escaped.
        let span = |range: &std::ops::Range<usize>| {
            let shown = source.shown_range(range.clone());
            (shown.start, shown.len())
        };
        let label = |label: &String| escape_text(label).into_owned();
        let primary = LabeledSpan::new_primary_with_span(
            snippet.label.as_ref().map(label),
            span(&snippet.range),
        );
        let others = snippet
            .others
            .iter()
            .map(move |(range, text)| LabeledSpan::new_with_span(Some(label(text)), span(range)));
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
    fn a_compacted_problem_renders_the_same_from_a_few_lines() {
        let text: String = (1..=40).map(|i| format!("line-{i} = Wert {i}\n")).collect();
        let source: Arc<str> = Arc::from(text.as_str());
        let start = source.find("line-20").expect("present");
        let place = source.find("line-23").expect("present");
        let problem = Problem::at("f.ftl", &source, start..start + 7, "m")
            .with_label("here")
            .with_place(place..place + 7, "and here")
            .with_help("h");
        let render = |p: &Problem| {
            let mut out = String::new();
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .render_report(&mut out, &p.diagnostic())
                .expect("renders");
            out
        };
        let mut compact = problem.clone();
        compact.compact();
        assert_eq!(render(&compact), render(&problem));
        assert!(render(&problem).contains("f.ftl:20:1"));
        let kept = compact.snippet.as_ref().map(|s| s.source.len());
        assert!(
            kept < Some(source.len() / 4),
            "{kept:?} of {}",
            source.len()
        );
        assert_eq!(compact.location(), problem.location());
    }

    /// Issue 20, items 14a and 14c: a problem shows its path, message, help and snippet with
    /// their control characters escaped, the snippet underlining the escape at the position
    /// of the character in the file.
    #[test]
    fn a_problem_shows_control_characters_escaped_at_their_position() {
        let source: Arc<str> = Arc::from("a = 1\nb = x\u{0}\u{1b}[2J { $v }\n");
        let at = source.find('\u{0}').expect("present");
        let problem = Problem::at(
            "lo\ncales/\u{202E}f.ftl",
            &source,
            at..at + 1,
            "`\u{1b}[31m` here",
        )
        .with_label("control\u{7}")
        .with_help("help\u{85}");
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, &problem.diagnostic())
            .expect("renders");
        for raw in ['\u{0}', '\u{1b}', '\u{202E}', '\u{7}', '\u{85}'] {
            assert!(!out.contains(raw), "{raw:?} in {out}");
        }
        assert!(
            out.contains("lo\\u{a}cales/\\u{202e}f.ftl:2:6]")
                && out.contains("b = x\\u{0}\\u{1b}[2J { $v }")
                && out.contains("`\\u{1b}[31m` here")
                && out.contains("control\\u{7}")
                && out.contains("help\\u{85}"),
            "{out}"
        );
        // The underline is under the escape of the character, not beside it.
        let line = out.lines().find(|l| l.contains("b = x")).expect("line");
        let under = out
            .lines()
            .skip_while(|l| !l.contains("b = x"))
            .nth(1)
            .expect("underline");
        let column = |text: &str, part: &str| text.find(part).map(|i| text[..i].chars().count());
        assert_eq!(
            column(line, "\\u{0}"),
            column(under, "┬").map(|c| c - 2),
            "{out}"
        );
        assert_eq!(problem.location(), "lo\\u{a}cales/\\u{202e}f.ftl:2:6");
    }

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
