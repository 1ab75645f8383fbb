//! What the user reads: the terminal streams, problems rendered by miette, and the helpers
//! every report shares (tables by display width, JSON, colour per stream).
//!
//! The library returns values; [`Output`] alone writes them, in one `impl Output` block per
//! command family (`l10n`, `release`, `keys`, `install`, `manifest`, `docs`). Results go to
//! stdout, problems and warnings to stderr. A report is written into a buffer with
//! `writeln!`, then to stdout at once; a closed stdout (`alliance … | head`) comes back as
//! [`Error::BrokenPipe`], which ends the command quietly, another failure as
//! [`Error::Stdout`]. Colour is decided for each stream on its own ([`colors`]):
//! `l10n check > report.txt` writes no escapes into the file even from a terminal.
//!
//! What a renderer writes goes through a [`Sink`], which escapes every control character
//! and bidi override of it but its layout (line ends, tabs; [`escape_text`]): a value from
//! the user or from outside (a tag, a path, a name, an address) can neither drive the
//! terminal nor turn the text around, wherever a renderer puts it. miette's reports are
//! added as they are ([`Sink::raw`]): their text is escaped within
//! ([`crate::diagnostic::ProblemDiagnostic`]), and their colours are the only escapes that
//! reach the terminal.

pub mod ci;
mod docs;
mod install;
mod keys;
mod l10n;
mod manifest;
mod release;

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::diagnostic::escape::escape_text;
use crate::diagnostic::{Error, Problem, Result, plural};

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
    /// Whether stderr is coloured: the `warning:` of warnings in yellow, as miette colours
    /// a warning's sign.
    stderr_color: bool,
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
        let colored = |terminal: bool| {
            colors(
                choice,
                terminal,
                no_color.as_deref(),
                clicolor_force.as_deref(),
            )
        };
        let handler = |terminal: bool| {
            let theme = if colored(terminal) {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_wrap_lines(false)
        };
        Output {
            stdout: handler(io::stdout().is_terminal()),
            stderr: handler(io::stderr().is_terminal()),
            stderr_color: colored(io::stderr().is_terminal()),
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
        self.eprint_with(|w| match error {
            Error::Invalid(problems) | Error::Unverified(problems) => {
                for problem in problems {
                    w.raw(&self.render_problem(problem));
                    writeln!(w)?;
                }
                writeln!(
                    w,
                    "error: {}{}",
                    plural(problems.len(), "problem"),
                    if writes { ", nothing was written" } else { "" }
                )
            }
            other => {
                writeln!(w, "error: {other}")?;
                match other.help() {
                    Some(help) => writeln!(w, "  help: {help}"),
                    None => Ok(()),
                }
            }
        });
    }

    /// Prints a warning to stderr, its control characters escaped.
    pub fn warn(&mut self, message: &str) {
        self.eprint_with(|w| {
            if self.stderr_color {
                w.raw("\x1b[1;33mwarning\x1b[0m");
            } else {
                w.raw("warning");
            }
            writeln!(w, ": {message}")
        });
    }

    /// Prints `text` to stdout as it is (a completion script, a manual page: files, not
    /// messages).
    pub fn print(&mut self, text: &str) -> Result<()> {
        self.print_with(|w| {
            w.raw(text);
            Ok(())
        })
    }

    /// Prints a JSON document, serialized straight to stdout (a report of every finding of
    /// a large corpus is tens of megabytes: it is never held as text as well).
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        serde_json::to_writer_pretty(&mut stdout, value)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(stdout))
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)
    }

    /// Writes to stdout, at once, what `render` writes into a [`Sink`]: a closed pipe is
    /// [`Error::BrokenPipe`], another failure [`Error::Stdout`].
    fn print_with(&self, render: impl FnOnce(&mut Sink) -> io::Result<()>) -> Result<()> {
        let mut sink = Sink::default();
        render(&mut sink).map_err(stdout_error)?;
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(sink.finish().as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)
    }

    /// Writes to stderr, at once, what `render` writes into a [`Sink`]. A failure is
    /// ignored: there is nowhere left to tell of it.
    fn eprint_with(&self, render: impl FnOnce(&mut Sink) -> io::Result<()>) {
        let mut sink = Sink::default();
        if render(&mut sink).is_ok() {
            let _ = io::stderr().write_all(sink.finish().as_bytes());
        }
    }
}

/// What a renderer writes, kept until it is written at once: written text has its control
/// characters and bidi overrides escaped, its line ends and tabs kept ([`escape_text`]);
/// [`Sink::raw`] adds text as it is.
#[derive(Debug, Default)]
pub struct Sink {
    /// What is ready: escaped, or raw.
    done: String,
    /// Written since the last raw text, not escaped yet (a write may end inside a
    /// character, or between `\r` and `\n`).
    pending: Vec<u8>,
}

impl Sink {
    /// Adds `text` as it is: a report miette rendered (its text escaped within, its
    /// colours kept), or a file's content.
    pub fn raw(&mut self, text: &str) {
        self.settle();
        self.done.push_str(text);
    }

    /// Everything written, escaped where it was written.
    pub fn finish(mut self) -> String {
        self.settle();
        self.done
    }

    fn settle(&mut self) {
        if !self.pending.is_empty() {
            let text = String::from_utf8_lossy(&self.pending);
            self.done.push_str(&escape_text(&text));
            self.pending.clear();
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The error of a failed write to stdout: a closed pipe ends the command quietly.
fn stdout_error(error: io::Error) -> Error {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Error::BrokenPipe
    } else {
        Error::Stdout(error)
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

    /// Issue 20, item 14c: what a renderer writes is escaped but for its layout, also when
    /// a character or a `\r\n` is split between writes; miette's reports pass as they are.
    #[test]
    fn a_sink_escapes_what_is_written_and_keeps_what_is_raw() {
        let mut sink = Sink::default();
        write!(sink, "name `a\u{1b}[31m` and\t").expect("write");
        sink.write_all(&"\u{202E}x\r".as_bytes()[..2])
            .expect("write");
        sink.write_all(&"\u{202E}x\r".as_bytes()[2..])
            .expect("write");
        sink.write_all(b"\nnext\n").expect("write");
        sink.raw("\u{1b}[31mcolour\u{1b}[0m\n");
        writeln!(sink, "end\u{7}").expect("write");
        assert_eq!(
            sink.finish(),
            "name `a\\u{1b}[31m` and\t\\u{202e}x\r\nnext\n\u{1b}[31mcolour\u{1b}[0m\nend\\u{7}\n"
        );
    }

    #[test]
    fn a_closed_stdout_ends_quietly_another_failure_is_an_error() {
        let closed = stdout_error(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(closed, Error::BrokenPipe));
        assert_eq!(closed.exit_code(), 0);
        let full = stdout_error(io::Error::from(io::ErrorKind::StorageFull));
        assert!(matches!(full, Error::Stdout(_)));
        assert_eq!(full.exit_code(), 2);
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
