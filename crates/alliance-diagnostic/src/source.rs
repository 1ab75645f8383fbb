//! Positions in a text file: 1-based line and column, the column counted in characters.
//!
//! A [`LineIndex`] records where each line of a text starts. It is built once per file and
//! turns a byte offset into a line and column by binary search, so reporting thousands of
//! findings in one file stays linear. Everything that shows a position converts through it:
//! the `file:line:column` of text and JSON output ([`crate::Problem::position`]) and
//! the header and lines of a snippet, which miette reads from a [`Snippet`] rather than
//! counting bytes itself. Lines end at `\n` (a `\r` before it belongs to no column anyone
//! sees). A snippet shows its text with control characters escaped ([`super::escape`]),
//! its positions still those of the file.

use std::ops::Range;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::escape::Shown;

/// Where each line of a text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// The length of the text.
    len: usize,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The number of lines (a text ending in `\n` has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset` (the last line past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of 0-based line `line`, its `\n` excluded; empty at the end of the text
    /// past the last line.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return self.len..self.len;
        };
        let end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        start..end
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`, the text this
    /// index was built from. An offset inside a character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        (line + 1, text[start..offset].chars().count() + 1)
    }

    /// Byte offset of a 1-based line and column (in characters) of `text`, clamped to the
    /// line (and to the text).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let line = line.max(1) - 1;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(line);
        let content = &text[range.clone()];
        range.start
            + content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i)
    }
}

/// The largest char boundary of `s` at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A file's text as miette reads it for a snippet: lines and columns come from the
/// file's [`LineIndex`], so the snippet's header shows the position the rest of the
/// output shows, and reading a few lines of a large file costs a few lines.
#[derive(Debug, Clone)]
pub struct Snippet {
    name: String,
    text: Arc<str>,
    lines: Arc<LineIndex>,
    /// The 0-based line of the file `text` starts at (0 unless it is an excerpt).
    first_line: usize,
    /// `text` as shown, its control characters escaped, with its own index; `None` when
    /// it has none.
    shown: Option<Arc<(Shown, LineIndex)>>,
}

impl Snippet {
    /// The text of the file shown as `name`, with its index.
    pub fn new(name: String, text: Arc<str>, lines: Arc<LineIndex>) -> Self {
        let shown = Shown::of(&text).map(|shown| {
            let lines = LineIndex::new(&shown.text);
            Arc::new((shown, lines))
        });
        Snippet {
            name,
            text,
            lines,
            first_line: 0,
            shown,
        }
    }

    /// Where byte range `range` of the text is in what the snippet shows (the same, unless
    /// a control character before or in it is escaped): what miette's spans must say.
    pub fn shown_range(&self, range: Range<usize>) -> Range<usize> {
        match &self.shown {
            None => range,
            Some(shown) => shown.0.shown_offset(range.start)..shown.0.shown_offset(range.end),
        }
    }

    /// The same, for `text` that is an excerpt of the file from its 0-based line
    /// `first_line` on: the lines shown are numbered as in the file.
    #[must_use]
    pub fn from_line(mut self, first_line: usize) -> Self {
        self.first_line = first_line;
        self
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The span is in the text as shown; escapes keep every line end where it was.
        let (text, lines): (&str, &LineIndex) = match &self.shown {
            Some(shown) => (&shown.0.text, &shown.1),
            None => (&self.text, &self.lines),
        };
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = lines.line_of(start);
        let last_line = lines.line_of(end.saturating_sub(1).max(start));
        let from_line = first_line.saturating_sub(context_lines_before);
        let to_line = last_line
            .saturating_add(context_lines_after)
            .min(lines.lines() - 1);
        let from = lines.line_range(from_line).start;
        // The last line with its line end, as miette's own reader returns it.
        let to = lines.starts.get(to_line + 1).copied().unwrap_or(text.len());
        // The column of the span itself when no line before it is asked for (miette's
        // header), counted in the file's text; else the data starts at a line start.
        let column = if context_lines_before == 0 {
            let original = self
                .shown
                .as_ref()
                .map_or(start, |shown| shown.0.original_offset(start));
            self.lines.position(&self.text, original).1 - 1
        } else {
            0
        };
        let (from, line) = if context_lines_before == 0 {
            (start, first_line)
        } else {
            (from, from_line)
        };
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            line + self.first_line,
            column,
            to_line - line + 1,
        )
        .with_language("text");
        Ok(Box::new(contents))
    }
}

/// Reads a whole file as UTF-8, naming the path in any error.
pub fn read_text(path: &std::path::Path) -> super::Result<Arc<str>> {
    use super::IoContext;
    std::fs::read_to_string(path)
        .map(Arc::from)
        .at("read", path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a = 1\n火花 = { $x }\n";
        let index = LineIndex::new(text);
        let offset = text.find("{ $x").expect("present");
        assert_eq!(index.position(text, offset), (2, 6));
        assert_eq!(index.offset(text, 2, 6), offset);
        assert_eq!(index.position(text, 0), (1, 1));
        // Inside a character: that character.
        assert_eq!(index.position(text, 7), (2, 1));
        // The end of the text: after the last line end.
        assert_eq!(index.position(text, text.len()), (3, 1));
        assert_eq!(index.position(text, text.len() + 5), (3, 1));
    }

    #[test]
    fn offsets_are_clamped_to_the_line_and_the_text() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, 9, 1), 5);
        assert_eq!(index.offset(text, 1, 40), 2);
        assert_eq!(index.line_range(1), 3..5);
        assert_eq!(index.line_range(7), 5..5);
    }

    #[test]
    fn crlf_line_ends_leave_columns_alone() {
        let text = "a = 1\r\nb = { $x }\r\n";
        let index = LineIndex::new(text);
        let offset = text.find("$x").expect("present");
        assert_eq!(index.position(text, offset), (2, 7));
    }

    #[test]
    fn a_snippet_reads_only_the_lines_around_its_span() {
        let text: Arc<str> = Arc::from("one\nzwei = ü { $x }\nthree\nfour\n");
        let lines = Arc::new(LineIndex::new(&text));
        let snippet = Snippet::new("f.ftl".into(), Arc::clone(&text), lines);
        let offset = text.find("$x").expect("present");
        let span: SourceSpan = (offset, 2).into();
        let header = snippet.read_span(&span, 0, 0).expect("in bounds");
        assert_eq!((header.line(), header.column()), (1, 11));
        let context = snippet.read_span(&span, 1, 1).expect("in bounds");
        assert_eq!(
            std::str::from_utf8(context.data()).expect("utf-8"),
            "one\nzwei = ü { $x }\nthree\n"
        );
        assert_eq!((context.line(), context.line_count()), (0, 3));
        assert!(snippet.read_span(&(text.len(), 1).into(), 0, 0).is_err());
    }
}
