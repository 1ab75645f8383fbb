//! The one parse of a Fluent file, with the Junk the specification's parser finds.
//!
//! The resource bundles load is fluent-syntax's runtime parse ([`FluentResource`]), and
//! every command reads that one parse ([`Parsed::of`], called when a file is read). Where
//! fluent-syntax and the specification's reference parser (python's `fluent.syntax`)
//! disagree, the reference decides, so that a file alliance accepts is one every Fluent
//! runtime accepts, and the entry after a broken one is always parsed and checked:
//!
//! - a comment line the runtime parser skips unread but the reference makes Junk
//!   (`#error`, `####`) is an error ([`comment_errors`]);
//! - call arguments without a comma between them (`NUMBER(1 2)`), which fluent-syntax
//!   takes, are an error ([`call_errors`]);
//! - a broken entry ends where the reference ends it ([`junk_end`]): it resumes at the
//!   line of the error when that line starts an entry (an unclosed `{` at the end of a
//!   line does not swallow the next message), else at the next line that starts one.
//!
//! Each Junk span is blanked out (spaces, line ends kept, so every offset stays) and the
//! text parsed again until no error is left: a file without errors is parsed once. The
//! resource's text is then the blanked one; [`crate::FtlFile::text`] keeps the original.

use std::ops::Range;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{
    CallArguments, Entry, Expression, InlineExpression, Pattern, PatternElement,
};
use fluent_syntax::parser::{ErrorKind, ParserError};

/// A file's one parse: the resource the Fluent runtime loads and the syntax errors, each
/// with the span of the Junk the reference parser would make of it.
pub struct Parsed {
    /// The resource, its broken entries blanked out.
    pub resource: FluentResource,
    /// Every syntax error, in the order of the file; `slice` is the Junk span.
    pub errors: Vec<ParserError>,
}

impl Parsed {
    /// Parses `text`.
    pub fn of(text: String) -> Parsed {
        // Broken comment lines stay in the text: the runtime parser skips them between
        // entries, and stops at them inside one, where the reference stops too.
        let mut errors = comment_errors(&text);
        // Entries start where the text as written starts them: Junk already blanked out
        // still ends the Junk before it, as it does for the reference.
        let mut original: Option<String> = None;
        let mut text = text;
        loop {
            let (resource, mut found) = match FluentResource::try_new(text) {
                Ok(resource) => (resource, Vec::new()),
                Err((resource, found)) => (resource, found),
            };
            found.extend(call_errors(&resource));
            if found.is_empty() {
                return Parsed::sorted(resource, errors);
            }
            let source = resource.source();
            let written: &str = original.get_or_insert_with(|| source.to_string());
            let new = reference_spans(written, found, &errors);
            if new.is_empty() {
                return Parsed::sorted(resource, errors);
            }
            let owned = source.to_string();
            text = blank(owned, new.iter().filter_map(|e| e.slice.clone()));
            errors.extend(new);
        }
    }

    /// The errors in the order of the text, without one inside another's Junk (a stray
    /// carriage return at the end that a broken entry's Junk takes in).
    fn sorted(resource: FluentResource, mut errors: Vec<ParserError>) -> Parsed {
        let span = |e: &ParserError| e.slice.clone().unwrap_or(e.pos.clone());
        errors.sort_by_key(|e| span(e).start);
        let spans: Vec<Range<usize>> = errors.iter().map(span).collect();
        errors.retain(|e| {
            let start = span(e).start;
            !spans.iter().any(|s| s.start < start && start < s.end)
        });
        Parsed { resource, errors }
    }
}

/// The errors of `found` with the Junk spans the reference gives them, in the order of
/// the text, leaving out any that starts inside another's Junk (or one of `known`): the
/// reference never starts an entry there. Where fluent-syntax's Junk ends elsewhere than
/// the reference's, what follows was parsed differently: the errors after it are left for
/// the next parse, of the text with this Junk blanked out.
fn reference_spans(
    text: &str,
    mut found: Vec<ParserError>,
    known: &[ParserError],
) -> Vec<ParserError> {
    found.sort_by_key(|e| e.slice.as_ref().map_or(e.pos.start, |s| s.start));
    let mut kept: Vec<ParserError> = Vec::new();
    for error in found {
        let start = entry_start(text, &error, known);
        let span = start..junk_end(text, start, error.pos.start);
        let inside = |e: &ParserError| {
            e.slice
                .as_ref()
                .is_some_and(|s| s.start <= start && start < s.end.max(s.start + 1))
        };
        if known.iter().chain(&kept).any(inside) {
            continue;
        }
        // A call without commas was parsed as a whole (its slice is empty): what follows
        // it is as the reference reads it.
        let same = error
            .slice
            .as_ref()
            .is_some_and(|s| s.is_empty() || s.end == span.end);
        kept.push(with_slice(error, span));
        if !same {
            break;
        }
    }
    kept
}

/// Where the reference starts the Junk of `error`: where fluent-syntax does, except for
/// a broken attribute (an indented `.` line), which fluent-syntax cuts off its message
/// while the reference makes the whole message or term Junk.
fn entry_start(text: &str, error: &ParserError, known: &[ParserError]) -> usize {
    let start = error.slice.as_ref().map_or(error.pos.start, |s| s.start);
    if !text[start..]
        .trim_start_matches([' ', '\t'])
        .starts_with('.')
    {
        return start;
    }
    let before = text[..start].trim_end_matches(['\n', '\r', ' ']);
    let mut line = before.rfind('\n').map_or(0, |n| n + 1);
    while !resumes_after_junk(text, line) && line > 0 {
        line = text[..line - 1].rfind('\n').map_or(0, |n| n + 1);
    }
    let is_entry = text[line..]
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'-');
    let broken = known
        .iter()
        .any(|e| e.slice.as_ref().is_some_and(|s| s.start == line));
    if is_entry && !broken { line } else { start }
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("entries", &self.resource.entries().count())
            .field("errors", &self.errors)
            .finish()
    }
}

fn with_slice(error: ParserError, span: Range<usize>) -> ParserError {
    ParserError {
        slice: Some(span),
        ..error
    }
}

/// `text` with every byte of `ranges` but line ends made a space: offsets and lines stay.
/// The ranges are whole lines, so no character is cut.
pub(crate) fn blank(text: String, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut ranges = ranges.peekable();
    if ranges.peek().is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for range in ranges {
        let end = range.end.min(bytes.len());
        for b in &mut bytes[range.start.min(end)..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether the reference parser, skipping Junk, resumes at the line starting at `i`: a
/// letter, `-` or `#` first (the parser's own rule for where an entry starts is
/// `load::starts_entry`).
fn resumes_after_junk(text: &str, i: usize) -> bool {
    text.as_bytes()
        .get(i)
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'#'))
}

/// Where the reference parser ends the Junk of an entry starting at `start` that broke at
/// `at`: from the last line end before `at` when that is past `start` (the line of the
/// error may start the next entry), else from `at`, the start of the next line that starts
/// an entry; the end of the text if none does.
pub fn junk_end(text: &str, start: usize, at: usize) -> usize {
    let at = at.min(text.len());
    let from = match text[..at].rfind('\n') {
        Some(newline) if newline > start => newline,
        _ => at,
    };
    let mut i = from;
    while let Some(newline) = text[i..].find('\n').map(|n| i + n) {
        if resumes_after_junk(text, newline + 1) {
            return newline + 1;
        }
        i = newline + 1;
    }
    text.len()
}

/// The level of comment line `line` (its line end left out): 1 for `#`, 2 for `##`, 3 for
/// `###`, each followed by a space or nothing; `None` for any other line.
pub fn comment_level(line: &str) -> Option<usize> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    ((1..=3).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '))).then_some(hashes)
}

/// The errors the reference parser finds in comment lines (and in a carriage return
/// alone at the end): a line that starts with `#`
/// (always an entry's start: a pattern's continuation lines are indented) must be one to
/// three `#` and then a space or the line's end.
pub fn comment_errors(text: &str) -> Vec<ParserError> {
    let mut errors = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let line = &text[start..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        // The reference takes a comment of `#` alone only with its line end.
        let lone_at_end = line_end == text.len() && hashes == line.len();
        if hashes > 0 && (comment_level(line).is_none() || lone_at_end) {
            let at = start + hashes.min(3);
            errors.push(ParserError {
                pos: at..at + 1,
                slice: Some(start..junk_end(text, start, at)),
                kind: ErrorKind::ExpectedToken(' '),
            });
        }
        start = line_end + 1;
    }
    // A carriage return alone at the end, on a line of its own, ends no line: the
    // reference makes it Junk, fluent-syntax skips it as blank.
    if text == "\r" || text.ends_with("\n\r") {
        let at = text.len() - 1;
        // After `id =` with no value, the carriage return would be the value: the entry
        // is Junk from its start.
        let before = text[..at].trim_end_matches(['\n', '\r']);
        let line = before.rfind('\n').map_or(0, |n| n + 1);
        let valueless = resumes_after_junk(text, line) && before.trim_end().ends_with('=');
        let from = if valueless { line } else { at };
        errors.push(ParserError {
            pos: at..at + 1,
            slice: Some(from..text.len()),
            kind: ErrorKind::ExpectedCharRange {
                range: "a-zA-Z".to_string(),
            },
        });
    }
    errors
}

/// Calls whose arguments are not separated by commas, which fluent-syntax takes and the
/// reference refuses: an error at the first argument that follows another without one.
pub fn call_errors(resource: &FluentResource) -> Vec<ParserError> {
    let source = resource.source();
    let mut errors = Vec::new();
    for entry in resource.entries() {
        let (start, patterns) = match entry {
            Entry::Message(m) => (
                m.id.name,
                std::iter::once(m.value.as_ref())
                    .flatten()
                    .chain(m.attributes.iter().map(|a| &a.value))
                    .collect::<Vec<_>>(),
            ),
            Entry::Term(t) => (
                t.id.name,
                std::iter::once(&t.value)
                    .chain(t.attributes.iter().map(|a| &a.value))
                    .collect(),
            ),
            _ => continue,
        };
        let mut calls = Vec::new();
        for pattern in patterns {
            pattern_calls(pattern, &mut calls);
        }
        let Some(entry_start) = crate::ast::offset(source, start) else {
            continue;
        };
        // The term's `-` comes before its id.
        let entry_start = entry_start - usize::from(matches!(entry, Entry::Term(_)));
        if let Some(at) = calls
            .into_iter()
            .find_map(|(callee, arguments)| missing_comma(source, callee, arguments))
        {
            errors.push(ParserError {
                pos: at..at + 1,
                slice: Some(entry_start..entry_start),
                kind: ErrorKind::ExpectedToken(')'),
            });
        }
    }
    errors
}

/// Every call in `pattern`: the callee's name (a slice of the source) and its arguments.
fn pattern_calls<'p>(
    pattern: &'p Pattern<&'p str>,
    calls: &mut Vec<(&'p str, &'p CallArguments<&'p str>)>,
) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_calls(expression, calls);
        }
    }
}

fn expression_calls<'p>(
    expression: &'p Expression<&'p str>,
    calls: &mut Vec<(&'p str, &'p CallArguments<&'p str>)>,
) {
    match expression {
        Expression::Inline(inline) => inline_calls(inline, calls),
        Expression::Select { selector, variants } => {
            inline_calls(selector, calls);
            for variant in variants {
                pattern_calls(&variant.value, calls);
            }
        }
    }
}

fn inline_calls<'p>(
    inline: &'p InlineExpression<&'p str>,
    calls: &mut Vec<(&'p str, &'p CallArguments<&'p str>)>,
) {
    match inline {
        InlineExpression::FunctionReference { id, arguments } => {
            calls.push((id.name, arguments));
            arguments_calls(arguments, calls);
        }
        InlineExpression::TermReference {
            id,
            arguments: Some(arguments),
            ..
        } => {
            calls.push((id.name, arguments));
            arguments_calls(arguments, calls);
        }
        InlineExpression::Placeable { expression } => expression_calls(expression, calls),
        _ => {}
    }
}

fn arguments_calls<'p>(
    arguments: &'p CallArguments<&'p str>,
    calls: &mut Vec<(&'p str, &'p CallArguments<&'p str>)>,
) {
    for argument in &arguments.positional {
        inline_calls(argument, calls);
    }
    for named in &arguments.named {
        inline_calls(&named.value, calls);
    }
}

/// Where, in the call of `callee` in `source`, an argument follows another without a
/// comma, or a named argument's value is no literal; `None` when the call is well formed
/// (or cannot be found).
fn missing_comma(source: &str, callee: &str, arguments: &CallArguments<&str>) -> Option<usize> {
    let bytes = source.as_bytes();
    let callee_end = crate::ast::offset(source, callee)? + callee.len();
    // A named argument's value is a string or a number literal.
    if let Some(named) = arguments.named.iter().find(|n| {
        !matches!(
            n.value,
            InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. }
        )
    }) {
        return crate::ast::offset(source, named.name.name).or(Some(callee_end));
    }
    let count = arguments.positional.len() + arguments.named.len();
    if count < 2 {
        return None;
    }
    let mut i = callee_end;
    i = skip_blank(bytes, i);
    if bytes.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    for n in 0..count {
        i = skip_blank(bytes, i);
        i = skip_argument(bytes, i);
        i = skip_blank(bytes, i);
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b')') | None => return None,
            Some(_) if n + 1 < count => return Some(i),
            Some(_) => return None,
        }
    }
    None
}

fn skip_blank(bytes: &[u8], mut i: usize) -> usize {
    while bytes
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')
}

/// Past one argument starting at `i`: a string, a number, a variable, a placeable, a
/// message, term or function reference (with its arguments and attribute), or a named
/// argument (`name: value`).
fn skip_argument(bytes: &[u8], mut i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"') => {
            i += 1;
            while let Some(&b) = bytes.get(i) {
                i += 1;
                match b {
                    b'\\' => i += 1,
                    b'"' | b'\n' => break,
                    _ => {}
                }
            }
            i
        }
        Some(b'{') => skip_group(bytes, i, b'{', b'}'),
        Some(b'$') => {
            i += 1;
            while bytes.get(i).copied().is_some_and(is_name_byte) {
                i += 1;
            }
            i
        }
        Some(b)
            if b.is_ascii_digit()
                || *b == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) =>
        {
            i += 1;
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
            {
                i += 1;
            }
            i
        }
        Some(b) if b.is_ascii_alphabetic() || *b == b'-' => {
            i += 1;
            while bytes
                .get(i)
                .copied()
                .is_some_and(|b| is_name_byte(b) || b == b'.')
            {
                i += 1;
            }
            let after = skip_blank(bytes, i);
            match bytes.get(after) {
                Some(b'(') => skip_group(bytes, after, b'(', b')'),
                Some(b':') => {
                    let value = skip_blank(bytes, after + 1);
                    skip_argument(bytes, value)
                }
                _ => i,
            }
        }
        _ => i,
    }
}

/// Past the group that opens at `i` with `open` and closes with `close`, strings and
/// nested groups included.
fn skip_group(bytes: &[u8], mut i: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = skip_argument(bytes, i);
                continue;
            }
            b if b == open => depth += 1,
            b if b == close => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Junk spans of `text` by fluent-syntax's full parser, which agrees with the
    /// reference wherever the runtime parser does not differ (comments aside).
    fn junk(text: &str) -> Vec<Range<usize>> {
        Parsed::of(text.to_string())
            .errors
            .iter()
            .filter_map(|e| e.slice.clone())
            .collect()
    }

    #[test]
    fn a_broken_comment_line_is_junk_up_to_the_next_entry() {
        let text = "# fine\n#error\n  indented\n## group\n####\na = A\n#\n### ok\nb = B\n";
        assert_eq!(junk(text), [7..25, 34..39]);
        let parsed = Parsed::of(text.to_string());
        let messages = parsed
            .resource
            .entries()
            .filter(|e| matches!(e, Entry::Message(_)))
            .count();
        assert_eq!(messages, 2, "both messages are there");
    }

    #[test]
    fn an_unclosed_placeable_does_not_swallow_the_next_message() {
        let text = "a = { \nb = Bde\n";
        let parsed = Parsed::of(text.to_string());
        assert_eq!(junk(text), [Range { start: 0, end: 7 }]);
        let ids: Vec<String> = parsed
            .resource
            .entries()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["b"]);
    }

    #[test]
    fn call_arguments_need_commas() {
        for text in [
            "a = { NUMBER(1 2) }\nb = B\n",
            "a = { NUMBER($n minimumFractionDigits: 2) }\nb = B\n",
            "a = { NUMBER($n, minimumFractionDigits: 2 useGrouping: 0) }\nb = B\n",
            "a = { -term(x: 1 y: 2) }\nb = B\n",
        ] {
            let end = text.find("b = B").expect("b");
            assert_eq!(junk(text), [Range { start: 0, end }], "{text}");
        }
        for text in [
            "a = { NUMBER(1, 2) }\n",
            "a = { NUMBER($n, minimumFractionDigits: 2,) }\n",
            "a = { NUMBER( $n ,\n    style: \"percent\" ) }\n",
            "a = { FN(\"a b\", -t(x: \"1 2\"), { \"c\" }) }\n",
            "a = { $n }\n",
        ] {
            assert!(junk(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn the_reference_ends_junk_at_the_line_of_the_error_when_it_starts_an_entry() {
        let text = "a = { \nb = B\n";
        assert_eq!(junk_end(text, 0, 9), 7);
        let text = "a = {\n  $x\nc = C\n";
        assert_eq!(
            junk_end(text, 0, 8),
            11,
            "an indented line goes on with the Junk"
        );
        assert_eq!(junk_end("a = {", 0, 5), 5);
    }

    #[test]
    fn a_broken_comment_line_is_the_syntax_error_the_specification_parser_finds() {
        let text = "# fine\n#error\n## group\n####\na = A\n#\n### ok\nb = B\n";
        let file = crate::FtlFile::new("x.ftl", "locales/de/x.ftl", text.as_bytes());
        let (_, full) = match fluent_syntax::parser::parse(text) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        assert_eq!(file.syntax_errors(), &full[..], "as the full parser");
        assert_eq!(file.syntax_errors().len(), 2);
        assert_eq!(file.syntax_errors()[0].slice, Some(7..14));
        assert_eq!(
            file.resource().entries().count(),
            2,
            "the messages are there"
        );
    }
}
