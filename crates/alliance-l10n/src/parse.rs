//! Parsing Fluent files and reporting their syntax errors.
//!
//! fluent-syntax keeps what it cannot parse as `Junk` and returns every error with the
//! entry it broke and the place it stopped; each one becomes a [`Problem`] at the start of
//! that entry, naming its id, with the place the parser stopped shown too. Every error is
//! reported, never only the first.

use std::path::Path;

use super::tag::Tag;
use fluent_syntax::parser::ParserError;

use super::{FtlFile, LOCALES_DIR};
use alliance_diagnostic::Problem;

/// One problem per syntax error of `file` (found when it was read, see [`FtlFile::parsed`]).
pub fn syntax_problems(file: &FtlFile) -> Vec<Problem> {
    file.syntax_errors()
        .iter()
        .map(|e| syntax_problem(file, e))
        .collect()
}

/// The syntax problems of every file of `locales`, checked in parallel.
pub fn syntax_problems_all(locales: &[super::Locale]) -> Vec<Problem> {
    use rayon::prelude::*;
    let files: Vec<&FtlFile> = locales.iter().flat_map(|l| &l.files).collect();
    files
        .par_iter()
        .flat_map_iter(|f| syntax_problems(f))
        .collect()
}

/// The problem for one parser error.
pub fn syntax_problem(file: &FtlFile, error: &ParserError) -> Problem {
    syntax_error(file, error).1
}

/// One parser error: the id of the message or term whose entry it breaks (when the entry
/// starts with one, `-brand` for a term) and the problem, at the start of that entry.
pub fn syntax_error(file: &FtlFile, error: &ParserError) -> (Option<String>, Problem) {
    // The text as written: the resource's has the broken entries blanked out.
    let source: &str = &file.text;
    let mut kind = error.kind.to_string().replace('"', "`");
    if let Some(first) = kind.get(..1) {
        kind = first.to_lowercase() + &kind[1..];
    }
    // The entry the parser gave up on; the error's own position is where it stopped.
    let start = error
        .slice
        .as_ref()
        .map_or(error.pos.start, |slice| slice.start)
        .min(source.len());
    // The id, when the entry starts with one: `id =`, or `id` alone on its line.
    let rest = &source.as_bytes()[start..];
    let id_len = Some(super::load::id_len(rest)).filter(|&len| {
        let after = &rest[len..];
        let after = &after[after.iter().take_while(|&&b| b == b' ').count()..];
        len > 0 && matches!(after.first(), None | Some(b'=' | b'\r' | b'\n'))
    });
    let id = id_len.map(|len| source[start..start + len].to_string());
    let (kind, help) = explained(source, error, kind);
    let message = match &id {
        Some(id) => format!("`{id}` does not parse: {kind}"),
        None => kind,
    };
    let first = source[start..]
        .chars()
        .next()
        .filter(|c| !matches!(c, '\n' | '\r'))
        .map_or(0, char::len_utf8);
    let range = start..start + id_len.unwrap_or(first);
    let mut problem = Problem::at_indexed(&file.display, &file.text, &file.lines, range, message);
    problem = if error.pos.start >= source.len() {
        // At the end of the file: show where its text ends.
        let end = source.trim_end().len();
        problem
            .with_label("this entry is left out")
            .with_place(end..end, "the file ends here")
    } else if error.pos.start > start {
        problem
            .with_label("this entry is left out")
            .with_place(error.pos.clone(), "the parser stopped here")
    } else {
        problem.with_label("syntax error")
    };
    let problem = problem.with_help(help.unwrap_or_else(|| {
        "this entry is ignored until it parses; see the Fluent syntax guide at \
         https://projectfluent.org/fluent/guide/"
            .to_string()
    }));
    (id, problem)
}

/// The parser's words for two mistakes translators make, said as what they are: a
/// variable name written in the translation's script (`{ $नाम }`, where the parser only
/// says "expected one of a-zA-Z"), and a message left without text (`id =` and nothing).
/// With the help for each; `None` keeps the general help.
fn explained(source: &str, error: &ParserError, kind: String) -> (String, Option<String>) {
    use fluent_syntax::parser::ErrorKind;
    let at = error.pos.start.min(source.len());
    match &error.kind {
        ErrorKind::ExpectedCharRange { .. }
            if source[..at].ends_with('$')
                && source[at..].chars().next().is_some_and(|c| !c.is_ascii()) =>
        {
            let name: String = source[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            (
                format!(
                    "`${name}` is not a variable name: variable names are ASCII letters, \
                     digits, `-` and `_`, starting with a letter"
                ),
                Some(
                    "keep each variable as the reference writes it: its name is for the \
                     program, not text for users; translate only the text around it"
                        .to_string(),
                ),
            )
        }
        ErrorKind::ExpectedMessageField { entry_id } => (
            format!("`{entry_id}` has no text after `=`"),
            Some(format!(
                "write its translation after `{entry_id} =`, or delete the line to leave \
                 the message to the fallback locale"
            )),
        ),
        _ => (kind, None),
    }
}

/// What is wrong with `tag`, unless it is a well-formed BCP 47 tag written in canonical
/// form.
pub fn validate_tag(tag: &Tag) -> Option<Problem> {
    let folder = Path::new(LOCALES_DIR).join(tag.as_str());
    let shown = alliance_diagnostic::escape::escape(tag);
    match tag.canonical() {
        Some(_) if tag.is_canonical() => None,
        Some(canonical) => Some(
            Problem::new(
                folder,
                format!("`{shown}` is not written as a BCP 47 language tag"),
            )
            .with_help(format!("rename the folder to `{canonical}`")),
        ),
        None => Some(
            Problem::new(folder, format!("`{shown}` is not a BCP 47 language tag")).with_help(
                "name locale folders with language tags such as `de`, `pt-BR` or `zh-TW`",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> FtlFile {
        FtlFile::new("a.ftl", "locales/de/a.ftl", text.as_bytes())
    }

    #[test]
    fn every_junk_entry_is_reported_at_its_start_with_its_id() {
        let file = file("ok = fine\nbad one\nalso = { $x\n\n# about last\nlast = ok\n");
        let errors = file.syntax_errors();
        let found: Vec<_> = errors
            .iter()
            .map(|e| {
                let (id, problem) = syntax_error(&file, e);
                (id, problem.location())
            })
            .collect();
        assert_eq!(
            found,
            [
                (None, "locales/de/a.ftl:2:1".to_string()),
                (Some("also".to_string()), "locales/de/a.ftl:3:1".to_string())
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_parse() {
        let file = file("\u{FEFF}a = A\r\nb = { $x } B\r\n    continued\r\n");
        assert!(syntax_problems(&file).is_empty());
    }

    #[test]
    fn tags_must_be_canonical() {
        assert!(validate_tag(&Tag::new("zh-CN")).is_none());
        let problem = validate_tag(&Tag::new("zh_cn")).expect("not canonical");
        assert_eq!(
            problem.help.as_deref(),
            Some("rename the folder to `zh-CN`")
        );
        assert!(validate_tag(&Tag::new("not a tag")).is_some());
    }
}
