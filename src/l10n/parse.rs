//! Parsing Fluent files and reporting their syntax errors.
//!
//! fluent-syntax keeps what it cannot parse as `Junk` and returns every error with a byte
//! range; each one becomes a [`Problem`] at the parser's own position, never only the first.

use std::path::Path;

use fluent_syntax::ast::Resource;
use fluent_syntax::parser::{self, ParserError};
use unic_langid::LanguageIdentifier;

use super::{FtlFile, LOCALES_DIR};
use crate::error::Problem;

/// The AST of `file` and its syntax errors (the AST then holds `Junk` entries).
pub fn parse(file: &FtlFile) -> (Resource<&str>, Vec<ParserError>) {
    match parser::parse(&*file.source) {
        Ok(resource) => (resource, Vec::new()),
        Err((resource, errors)) => (resource, errors),
    }
}

/// One problem per syntax error of `file`.
pub fn syntax_problems(file: &FtlFile) -> Vec<Problem> {
    let (_, errors) = parse(file);
    errors.iter().map(|e| syntax_problem(file, e)).collect()
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
    let mut message = error.kind.to_string().replace('"', "`");
    if let Some(first) = message.get(..1) {
        message = first.to_lowercase() + &message[1..];
    }
    Problem::at_indexed(
        &file.display,
        &file.source,
        &file.lines,
        error.pos.clone(),
        message,
    )
    .with_label("syntax error")
    .with_help(
        "this entry is ignored until it parses; see the Fluent syntax guide at \
             https://projectfluent.org/fluent/guide/",
    )
}

/// Checks that `tag` is a well-formed BCP 47 tag written in canonical form.
pub fn validate_tag(tag: &str) -> Result<LanguageIdentifier, Problem> {
    let folder = Path::new(LOCALES_DIR).join(tag);
    match tag.parse::<LanguageIdentifier>() {
        Ok(id) if id == tag => Ok(id),
        Ok(id) => Err(Problem::new(
            folder,
            format!("`{tag}` is not written as a BCP 47 language tag"),
        )
        .with_help(format!("rename the folder to `{id}`"))),
        Err(_) => Err(
            Problem::new(folder, format!("`{tag}` is not a BCP 47 language tag")).with_help(
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
    fn every_junk_entry_is_reported_with_its_position() {
        let problems = syntax_problems(&file("ok = fine\nbad one\nalso = { $x\nlast = ok\n"));
        let places: Vec<_> = problems.iter().map(Problem::location).collect();
        assert_eq!(places, ["locales/de/a.ftl:2:5", "locales/de/a.ftl:4:1"]);
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_parse() {
        let file = file("\u{FEFF}a = A\r\nb = { $x } B\r\n    continued\r\n");
        assert!(syntax_problems(&file).is_empty());
    }

    #[test]
    fn tags_must_be_canonical() {
        assert!(validate_tag("zh-CN").is_ok());
        let problem = validate_tag("zh_cn").expect_err("not canonical");
        assert_eq!(
            problem.help.as_deref(),
            Some("rename the folder to `zh-CN`")
        );
        assert!(validate_tag("not a tag").is_err());
    }
}
