//! The Tera templates under `templates/`.
//!
//! Every `templates/**/*.tera` file is loaded by its path relative to `templates/`
//! (`installer/unix/install.sh.tera`); a syntax error in any of them is a load problem with
//! the template's file, line and column, and so is a render error. No template text lives in
//! Rust: which templates go into which artifact is decided by folder (see the release stage).
//! Autoescaping is on for HTML and XML templates only; shell templates quote with `sh_quote`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera};

use crate::diagnostic::{Problem, Result};

/// The folder holding the templates.
pub const TEMPLATES_DIR: &str = "templates";

/// The extension every template file has.
pub const EXTENSION: &str = ".tera";

/// A variable passed to a message by `t()`: every argument but `id` and `locale`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number (`count=3`).
    Number(f64),
    /// Anything else, as text (`name="Ada"`; a list or map in its JSON form).
    Text(String),
}

/// What formats the messages of the templates' `t()` function (the catalogs of a run).
pub trait Translate: Send + Sync {
    /// The locale of `t()` when neither the call nor the template context names one.
    fn default_locale(&self) -> &str;

    /// Message `id` (or `id.attribute`) formatted in `locale` with `args`; the error says
    /// why it cannot be.
    fn translate(
        &self,
        locale: &str,
        id: &str,
        args: &BTreeMap<String, Arg>,
    ) -> Result<String, String>;
}

/// The loaded templates.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, Arc<str>>,
}

impl Templates {
    /// Loads `templates/**/*.tera` under `root`, recording every syntax error in `problems`.
    pub fn load(root: &Path, problems: &mut Vec<Problem>) -> Result<Templates> {
        let dir = root.join(TEMPLATES_DIR);
        let mut sources = BTreeMap::new();
        if dir.is_dir() {
            for walked in crate::fs::walk(&dir, None) {
                let walked = walked?;
                if walked.entry.file_type().is_file() && walked.rel.ends_with(EXTENSION) {
                    let source = crate::diagnostic::source::read_text(walked.path())?;
                    sources.insert(walked.rel, source);
                }
            }
        }
        let mut tera = new_tera();
        let mut clean = Vec::new();
        for (name, source) in &sources {
            // Each template alone first, so that every syntax error is found, not the first.
            let mut alone = new_tera();
            match alone.add_raw_template(name, source) {
                Ok(()) => clean.push((name.as_str(), &**source)),
                Err(e) => problems.push(problem(&sources, name, &e)),
            }
        }
        if let Err(e) = tera.add_raw_templates(clean) {
            problems.push(Problem::new(PathBuf::from(TEMPLATES_DIR), e.to_string()));
        }
        Ok(Templates { tera, sources })
    }

    /// These templates with the `t(id="…", …args)` function, which formats a message with
    /// `translator` in the template context's `locale` (or a `locale=` argument); every
    /// other argument becomes a variable of the message.
    pub fn localized<T: Translate + 'static>(&self, translator: Arc<T>) -> Templates {
        let mut tera = self.tera.clone();
        tera.register_function(
            "t",
            move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let id = kwargs.must_get::<&str>("id")?;
                let locale = match kwargs.get::<&str>("locale")? {
                    Some(locale) => locale.to_string(),
                    None => state
                        .get::<String>("locale")?
                        .unwrap_or_else(|| translator.default_locale().to_string()),
                };
                let mut args = BTreeMap::new();
                for (key, value) in kwargs.iter() {
                    let Some(name) = key.as_str() else { continue };
                    if name == "id" || name == "locale" {
                        continue;
                    }
                    let value = match (value.as_f64(), value.as_str()) {
                        (Some(n), _) => Arg::Number(n),
                        (None, Some(s)) => Arg::Text(s.to_string()),
                        (None, None) => Arg::Text(value.to_string()),
                    };
                    args.insert(name.to_string(), value);
                }
                translator
                    .translate(&locale, id, &args)
                    .map_err(tera::Error::message)
            },
        );
        Templates {
            tera,
            sources: self.sources.clone(),
        }
    }

    /// No templates (for commands that do not render any).
    pub fn empty() -> Templates {
        Templates {
            tera: new_tera(),
            sources: BTreeMap::new(),
        }
    }

    /// The names of the templates directly in folder `dir` (`installer/unix`), sorted.
    pub fn in_folder(&self, dir: &str) -> Vec<&str> {
        let prefix = format!("{dir}/");
        self.sources
            .keys()
            .filter_map(|name| {
                name.strip_prefix(&prefix)
                    .filter(|rest| !rest.contains('/'))
                    .map(|_| name.as_str())
            })
            .collect()
    }

    /// Every template: name and text, sorted by name.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(name, source)| (name.as_str(), &**source))
    }

    /// Whether the template `name` exists.
    pub fn contains(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders template `name`; an error becomes a problem at the template's line and column.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Problem> {
        self.tera
            .render(name, context)
            .map_err(|e| problem(&self.sources, name, &e))
    }

    /// Renders template `name` into a new file in `dir` as it goes, never whole in memory
    /// (an install script lists every file of its payload), with CRLF line ends when `crlf`
    /// (every line end, whatever the template has); the file is removed when the returned
    /// path is dropped. An error becomes a problem at the template's line and column.
    pub fn render_to_file(
        &self,
        name: &str,
        context: &Context,
        dir: &Path,
        crlf: bool,
    ) -> Result<tempfile::TempPath, Problem> {
        use std::io::Write;
        let cannot = |e: &dyn std::fmt::Display| {
            Problem::new(
                dir,
                format!("cannot write the rendered template `{name}` here: {e}"),
            )
            .with_help("make room on the disk, or check that the folder is writable")
        };
        let (file, path) = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| cannot(&e))?
            .into_parts();
        let mut out = LineEnds {
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            crlf,
            last: 0,
            failed: None,
        };
        let rendered = self.tera.render_to(name, context, &mut out);
        if let Some(e) = out.failed.take() {
            return Err(cannot(&e));
        }
        rendered.map_err(|e| problem(&self.sources, name, &e))?;
        out.flush().map_err(|e| cannot(&e))?;
        Ok(path)
    }
}

/// Writes what it is given to `out`, each `\n` as `\r\n` when `crlf` (a `\r\n` stays one
/// line end): what `text.replace("\r\n", "\n").replace('\n', "\r\n")` makes of the whole.
/// A failed write is kept in `failed`, for the caller to tell from a template's error.
struct LineEnds<W> {
    out: W,
    crlf: bool,
    /// The last byte written, for a `\r` and its `\n` given in two writes.
    last: u8,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> LineEnds<W> {
    fn convert(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if !self.crlf {
            return self.out.write_all(buf);
        }
        let mut start = 0;
        let mut previous = self.last;
        for (i, &byte) in buf.iter().enumerate() {
            if byte == b'\n' && previous != b'\r' {
                self.out.write_all(&buf[start..i])?;
                self.out.write_all(b"\r")?;
                start = i;
            }
            previous = byte;
        }
        self.out.write_all(&buf[start..])?;
        self.last = previous;
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for LineEnds<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.convert(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                let kept = std::io::Error::new(e.kind(), e.to_string());
                self.failed = Some(e);
                Err(kept)
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The file name a template renders to: its name without folders and `.tera`.
pub fn output_name(template: &str) -> &str {
    let base = template.rsplit('/').next().unwrap_or(template);
    base.strip_suffix(EXTENSION).unwrap_or(base)
}

fn new_tera() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on([".html.tera", ".htm.tera", ".xml.tera", ".svg.tera"]);
    tera.register_filter("sh_quote", sh_quote);
    tera.register_filter("cmd_escape", cmd_escape);
    tera.register_filter("sentence_end", sentence_end);
    // Tera checks at load time that every function exists; the real `t()` comes with the
    // catalogs (`Templates::localized`).
    tera.register_function("t", |_: Kwargs, _: &State| -> tera::TeraResult<String> {
        Err(tera::Error::message(
            "`t()` is only available when rendering an artifact",
        ))
    });
    tera
}

/// Quotes a value for a POSIX shell: `it's` becomes `'it'\''s'`.
fn sh_quote(value: &str, _: Kwargs, _: &State) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// A name that ends a sentence, without a final period of its own (`Abacus Inc.` →
/// `Abacus Inc`), so that the sentence's is the only one.
fn sentence_end(value: &str, _: Kwargs, _: &State) -> String {
    value.strip_suffix('.').unwrap_or(value).to_string()
}

/// Escapes a value for `echo` in a Windows batch file: `^` before `& | < > ^`, `%%` for `%`.
fn cmd_escape(value: &str, _: Kwargs, _: &State) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' | '|' | '<' | '>' | '^' => {
                out.push('^');
                out.push(c);
            }
            '%' => out.push_str("%%"),
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn problem(sources: &BTreeMap<String, Arc<str>>, name: &str, error: &tera::Error) -> Problem {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let file = report.map_or(name, |r| {
        if r.filename().is_empty() {
            name
        } else {
            r.filename()
        }
    });
    let path = Path::new(TEMPLATES_DIR).join(file);
    let mut message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    if let Some(first) = message.get(..1) {
        message = first.to_lowercase() + &message[1..];
    }
    let problem = match (report, sources.get(file)) {
        (Some(r), Some(source)) => {
            let span = r.span();
            Problem::at(&path, source, span.range.clone(), message)
        }
        _ => Problem::new(&path, message),
    };
    problem.with_help(format!(
        "fix template `{file}`; see Tera's documentation at https://keats.github.io/tera/"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line ends converted as the text streams, in pieces cut anywhere (a `\r` in one piece,
    /// its `\n` in the next), are what converting the whole text at once makes of it.
    #[test]
    fn line_ends_convert_in_pieces_as_the_whole_text_at_once() {
        use std::io::Write;
        let texts = [
            "a\nb\r\nc\r\rd\r\r\n\n\r",
            "\n\n\r\n\r",
            "no line end",
            "\r\n",
        ];
        for text in texts {
            let whole = text.replace("\r\n", "\n").replace('\n', "\r\n");
            for cut in 0..=text.len() {
                let mut out = LineEnds {
                    out: Vec::new(),
                    crlf: true,
                    last: 0,
                    failed: None,
                };
                out.write_all(&text.as_bytes()[..cut]).expect("write");
                out.write_all(&text.as_bytes()[cut..]).expect("write");
                assert_eq!(
                    String::from_utf8(out.out).expect("utf-8"),
                    whole,
                    "{text:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn output_names_drop_folders_and_extension() {
        assert_eq!(output_name("installer/unix/install.sh.tera"), "install.sh");
        assert_eq!(output_name("README.txt.tera"), "README.txt");
    }

    #[test]
    fn sh_quote_survives_single_quotes() {
        let mut tera = new_tera();
        tera.add_raw_template("t", "{{ v | sh_quote }}")
            .expect("valid template");
        let mut context = Context::new();
        context.insert("v", "it's");
        assert_eq!(tera.render("t", &context).expect("renders"), r"'it'\''s'");
    }
}
