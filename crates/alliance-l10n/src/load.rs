//! Reading a Fluent file: from its bytes to the text every parser of it sees.
//!
//! An [`FtlFile`] is made here and nowhere else ([`FtlFile::new`]). Its bytes are decoded
//! as UTF-8 without a byte-order mark; a file that is not UTF-8 is decoded anyway (each
//! invalid sequence read as U+FFFD) and carries an `encoding` finding naming the first bad
//! byte, so one file saved as Latin-1 hides nothing else. Then every entry that nests
//! placeables and call arguments deeper than [`MAX_DEPTH`] is blanked out, each of its
//! bytes but line ends turned into a space, so that every other offset and line stays where
//! it was; the file carries a `too-deep` finding for it. fluent-syntax's parser,
//! fluent-bundle's resolver and [`super::ast::walk`] all recurse once per level, and a
//! few thousand levels overflow the stack: blanking the entry before any of them sees the
//! text keeps `l10n check`, bundles, `message_ids` and `l10n add` safe alike.
//!
//! The nesting is measured by one pass over the text that follows the parser's grammar
//! closely enough to count at least as deep as the parser goes: `{` opens a placeable,
//! `(` call arguments (inside a placeable, outside string literals), and an entry ends
//! where the parser would start a new one.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::FtlFile;
use super::report::{Code, Finding};
use alliance_diagnostic::Problem;
use alliance_diagnostic::source::LineIndex;

/// How deep an entry may nest placeables and call arguments; real messages need a few.
pub const MAX_DEPTH: usize = 100;

impl FtlFile {
    /// The file `rel` of a locale folder (shown as `display`, relative to the workspace)
    /// with the bytes read from it.
    pub fn new(rel: impl Into<String>, display: impl Into<PathBuf>, bytes: &[u8]) -> FtlFile {
        let display = display.into();
        let (text, undecodable, foreign) = match foreign_encoding(bytes) {
            Some((encoding, text)) => (text, None, Some(encoding)),
            None => {
                let (text, undecodable) = decode(bytes);
                (text, undecodable, None)
            }
        };
        let deep = too_deep(&text);
        let original: Option<Arc<str>> = (!deep.is_empty()).then(|| Arc::from(text.as_str()));
        let text = crate::syntax::blank(text, deep.iter().map(|d| d.entry.clone()));
        // Blanking keeps every line end: the index holds for the original text too.
        let lines = Arc::new(LineIndex::new(&text));
        let source: Arc<str> = Arc::from(text.as_str());
        let parsed = Arc::new(crate::syntax::Parsed::of(text));
        let mut findings = Vec::new();
        if let Some(undecodable) = undecodable {
            findings.push(encoding_finding(&display, &source, &lines, &undecodable));
        }
        if let Some(encoding) = foreign {
            findings.push(foreign_finding(&display, &source, &lines, encoding));
        }
        if let Some(original) = original {
            for deep in &deep {
                findings.push(too_deep_finding(&display, &original, &lines, deep));
            }
        }
        FtlFile {
            rel: rel.into(),
            display,
            text: source,
            lines,
            findings,
            parsed,
        }
    }
}

/// Where a file stops being UTF-8.
struct Undecodable {
    /// Byte offset of the first U+FFFD that replaced bytes, in the decoded text.
    offset: usize,
    /// The bytes it replaced.
    bytes: Vec<u8>,
    /// How many invalid sequences were replaced in all.
    count: usize,
}

/// The text of `bytes` without a byte-order mark, decoded lossily; where it is not UTF-8.
fn decode(bytes: &[u8]) -> (String, Option<Undecodable>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut undecodable: Option<Undecodable> = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        match &mut undecodable {
            Some(u) => u.count += 1,
            None => {
                undecodable = Some(Undecodable {
                    offset: text.len(),
                    bytes: invalid.to_vec(),
                    count: 1,
                });
            }
        }
        text.push('\u{FFFD}');
    }
    (text, undecodable)
}

/// A Unicode encoding other than UTF-8 that a file was saved in (Windows editors call
/// UTF-16 "Unicode").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Foreign {
    /// 16 or 32.
    bits: u8,
    big_endian: bool,
    bom: bool,
}

/// The encoding and text of a file saved as UTF-32 (by its byte-order mark) or UTF-16 (by
/// its byte-order mark, or without one by its pattern of NUL bytes: every other byte of
/// text in Latin letters, digits and Fluent's syntax is 0); `None` for anything else.
fn foreign_encoding(bytes: &[u8]) -> Option<(Foreign, String)> {
    let (bits, big_endian, bom) = if bytes.starts_with(b"\xFF\xFE\0\0") {
        (32, false, true)
    } else if bytes.starts_with(b"\0\0\xFE\xFF") {
        (32, true, true)
    } else if bytes.starts_with(b"\xFF\xFE") {
        (16, false, true)
    } else if bytes.starts_with(b"\xFE\xFF") {
        (16, true, true)
    } else {
        (16, utf16_without_bom(bytes)?, false)
    };
    let encoding = Foreign {
        bits,
        big_endian,
        bom,
    };
    let body = if bom {
        &bytes[bits as usize / 8..]
    } else {
        bytes
    };
    let text = if bits == 32 {
        body.chunks(4)
            .map(|c| {
                let mut word = [0u8; 4];
                word[..c.len()].copy_from_slice(c);
                let n = if big_endian {
                    u32::from_be_bytes(word)
                } else {
                    u32::from_le_bytes(word)
                };
                char::from_u32(n).unwrap_or('\u{FFFD}')
            })
            .collect()
    } else {
        let units = body.chunks(2).map(|c| {
            let pair = [c[0], c.get(1).copied().unwrap_or(0)];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    };
    Some((encoding, text))
}

/// Whether `bytes` (no byte-order mark) look like UTF-16, and which order: `Some(true)`
/// for big-endian. UTF-8 text has no NUL bytes; UTF-16 text in any script has a NUL in
/// most of its line ends, spaces and syntax, always at the same parity.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // A quarter of the characters at least, and (almost) never the other byte.
    let many = |n: usize| n * 4 >= pairs;
    let few = |n: usize| n * 20 <= pairs;
    if many(odd) && few(even) {
        Some(false)
    } else if many(even) && few(odd) {
        Some(true)
    } else {
        None
    }
}

fn foreign_finding(
    display: &std::path::Path,
    source: &Arc<str>,
    lines: &Arc<LineIndex>,
    encoding: Foreign,
) -> Finding {
    let order = if encoding.big_endian {
        "big-endian"
    } else {
        "little-endian"
    };
    let bom = if encoding.bom {
        "with a byte-order mark"
    } else {
        "without a byte-order mark"
    };
    let problem = Problem::at_indexed(
        display,
        source,
        lines,
        0..0,
        format!(
            "the file is UTF-{} ({order}, {bom}), not UTF-8: Fluent files are UTF-8, and other \
             Fluent tools and runtimes cannot read this one",
            encoding.bits
        ),
    )
    .with_label(format!("UTF-{}", encoding.bits))
    .with_help(format!(
        "save the file as UTF-8 (in most editors: Save with Encoding, or File > Save As with \
         the encoding UTF-8; Windows editors call UTF-16 \"Unicode\"); until then alliance \
         reads it as UTF-{}, checks it and bundles its messages as UTF-8",
        encoding.bits
    ));
    Finding::new(Code::Encoding, None, problem)
}

fn encoding_finding(
    display: &std::path::Path,
    source: &Arc<str>,
    lines: &Arc<LineIndex>,
    undecodable: &Undecodable,
) -> Finding {
    let bytes = undecodable
        .bytes
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ");
    let more = match undecodable.count - 1 {
        0 => String::new(),
        1 => " (as does one more place after it)".to_string(),
        n => format!(" (as do {n} more places after it)"),
    };
    let offset = undecodable.offset;
    let problem = Problem::at_indexed(
        display,
        source,
        lines,
        offset..offset + '\u{FFFD}'.len_utf8(),
        format!("the file is not UTF-8: `{bytes}` here cannot be read and shows as U+FFFD{more}"),
    )
    .with_label("not UTF-8")
    .with_help(
        "save the file as UTF-8 (an old editor probably saved it as Latin-1 or another legacy \
         encoding); until then every unreadable character is U+FFFD in the translation",
    );
    Finding::new(Code::Encoding, None, problem)
}

/// An entry nested deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct TooDeep {
    /// Its bytes: whole lines, up to where the next entry starts.
    entry: Range<usize>,
    /// Where it passes the limit.
    at: usize,
    /// How deep it goes.
    depth: usize,
}

/// What a byte means where the scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Inside `{ … }`, before any `->`: an expression.
    Expression,
    /// Inside `{ … -> … }`: the variants, text with placeables.
    Select,
    /// Inside `F( … )` or `-term( … )`.
    Arguments,
}

/// The entries of `text` that nest deeper than [`MAX_DEPTH`].
fn too_deep(text: &str) -> Vec<TooDeep> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut current: Option<TooDeep> = None;
    let mut entry_start = 0;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        if (i == 0 || bytes[i - 1] == b'\n') && starts_entry(&bytes[i..], !stack.is_empty()) {
            if let Some(mut deep) = current.take() {
                deep.entry.end = i;
                found.push(deep);
            }
            stack.clear();
            entry_start = i;
        }
        let b = bytes[i];
        if b == b'\n' {
            // A string literal ends with its line (the parser rejects it).
            in_string = false;
        } else if in_string {
            match b {
                b'\\' if bytes.get(i + 1).is_some_and(|&next| next != b'\n') => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match (b, stack.last().copied()) {
                (b'{', _) => stack.push(Frame::Expression),
                (b'}', _) => {
                    // Closes the placeable (and any arguments left open in it).
                    while stack.pop() == Some(Frame::Arguments) {}
                }
                (b'"', Some(Frame::Expression | Frame::Arguments)) => in_string = true,
                (b'(', Some(Frame::Expression | Frame::Arguments)) => stack.push(Frame::Arguments),
                (b')', Some(Frame::Arguments)) => {
                    stack.pop();
                }
                (b'-', Some(Frame::Expression)) if bytes.get(i + 1) == Some(&b'>') => {
                    if let Some(top) = stack.last_mut() {
                        *top = Frame::Select;
                    }
                    i += 1;
                }
                _ => {}
            }
        }
        if stack.len() > MAX_DEPTH {
            match &mut current {
                Some(deep) => deep.depth = deep.depth.max(stack.len()),
                None => {
                    current = Some(TooDeep {
                        entry: entry_start..text.len(),
                        at: i,
                        depth: stack.len(),
                    });
                }
            }
        }
        i += 1;
    }
    found.extend(current);
    found
}

/// Whether the parser starts a new entry at the line `line` (the rest of the text), when
/// the scan is `nested` in a placeable or not.
///
/// Outside placeables a line that is not indented ends the entry, unless it goes on with
/// a placeable or an attribute. Inside one, the parser reads on across lines; a comment or
/// `id =` there is an error, after which the parser starts afresh (at that line or the next
/// that starts an entry: counting from here counts at least as deep).
fn starts_entry(line: &[u8], nested: bool) -> bool {
    match line.first() {
        None => false,
        Some(b'#') => true,
        Some(_) if nested => entry_id(line).is_some(),
        Some(b) => !matches!(b, b' ' | b'{' | b'.' | b'\r' | b'\n'),
    }
}

/// The length in bytes of the id of the message or term whose entry starts `line` (`-brand`
/// for a term), if `line` starts one: `id =`.
fn entry_id(line: &[u8]) -> Option<usize> {
    let len = id_len(line);
    let rest = &line[len..];
    let rest = &rest[rest.iter().take_while(|&&b| b == b' ').count()..];
    (len > 0 && rest.first() == Some(&b'=')).then_some(len)
}

/// The length in bytes of the message or term id (`-brand` for a term) `line` starts with;
/// 0 if it starts with none.
pub(super) fn id_len(line: &[u8]) -> usize {
    let dash = usize::from(line.first() == Some(&b'-'));
    if !line.get(dash).is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    dash + line[dash..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count()
}

fn too_deep_finding(
    display: &std::path::Path,
    original: &Arc<str>,
    lines: &Arc<LineIndex>,
    deep: &TooDeep,
) -> Finding {
    let start = deep.entry.start;
    let id_len = entry_id(&original.as_bytes()[start..]);
    let id = id_len.map(|len| original[start..start + len].to_string());
    let what = id
        .as_ref()
        .map_or_else(|| "this entry".to_string(), |id| format!("`{id}`"));
    let first = original[start..].chars().next().map_or(0, char::len_utf8);
    let problem = Problem::at_indexed(
        display,
        original,
        lines,
        start..start + id_len.unwrap_or(first),
        format!(
            "{what} nests placeables {} levels deep; at most {MAX_DEPTH} are allowed",
            deep.depth
        ),
    )
    .with_label(Code::TooDeep.as_str())
    .with_place(deep.at..deep.at + 1, format!("level {}", MAX_DEPTH + 1))
    .with_help(format!(
        "the entry is left out, as if it were not in the file, until it nests placeables and \
         function calls at most {MAX_DEPTH} levels deep; real messages need a few"
    ));
    Finding::new(Code::TooDeep, id, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}$x{}", "{ ".repeat(depth), " }".repeat(depth))
    }

    #[test]
    fn the_limit_is_a_hundred_levels() {
        let ok = format!("a = {}\n", nested(MAX_DEPTH));
        assert_eq!(too_deep(&ok), []);
        let text = format!("a = 1\nb = {}\nc = 3\n", nested(MAX_DEPTH + 1));
        let found = too_deep(&text);
        let b = text.find("b =").expect("b");
        let c = text.find("c =").expect("c");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].entry, b..c);
        assert_eq!(found[0].depth, MAX_DEPTH + 1);
    }

    #[test]
    fn calls_count_and_strings_and_variant_text_do_not() {
        let calls = format!("a = {{ {}$x{} }}\n", "F(".repeat(120), ")".repeat(120));
        assert_eq!(too_deep(&calls).len(), 1);
        let strings = format!("a = {{ \"{}\" }}\n", "{".repeat(500));
        assert_eq!(too_deep(&strings), []);
        let escaped = format!("a = {{ \"\\\"{}\" }}\n", "(".repeat(500));
        assert_eq!(too_deep(&escaped), []);
        let text = format!(
            "a = {{ $n ->\n   *[other] {}\n}}\n",
            "(\"".repeat(500) // text in a variant, not calls or strings
        );
        assert_eq!(too_deep(&text), []);
    }

    #[test]
    fn nesting_across_lines_is_one_entry_until_an_entry_starts() {
        // Call arguments may go on over lines that start with a letter.
        let text = format!("a = {{\n{}\nb = 2\n", "F(\n".repeat(150));
        let found = too_deep(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].entry, 0..text.find("b = 2").expect("b"));
        // An unclosed placeable in each entry does not add up.
        let text = "a = { $x\n".repeat(300);
        assert_eq!(too_deep(&text), []);
        // A placeable at the start of a line goes on with the entry.
        let text = format!("a =\n{}\n", nested(150));
        assert_eq!(too_deep(&text).len(), 1);
    }

    #[test]
    fn a_deep_entry_is_blanked_keeping_offsets_and_lines() {
        let text = format!("a = 1\r\nb = {}\r\n   ü\nc = 3\n", nested(200));
        let file = FtlFile::new("x.ftl", "locales/de/x.ftl", text.as_bytes());
        assert_eq!(file.source().len(), text.len());
        assert_eq!(
            file.source().lines().map(str::trim).collect::<Vec<_>>(),
            ["a = 1", "", "", "c = 3"]
        );
        let (resource, errors) = match fluent_syntax::parser::parse(file.source()) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        assert_eq!(errors, []);
        assert_eq!(resource.body.len(), 2);
        assert_eq!(file.findings.len(), 1);
        let finding = &file.findings[0];
        assert_eq!(finding.code, Code::TooDeep);
        assert_eq!(finding.id.as_deref(), Some("b"));
        assert_eq!(finding.problem.location(), "locales/de/x.ftl:2:1");
        assert!(
            finding.problem.message.contains("200 levels"),
            "{}",
            finding.problem.message
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_bad_bytes_are_a_finding() {
        let file = FtlFile::new("x.ftl", "x.ftl", b"\xEF\xBB\xBFa = 1\n");
        assert_eq!(file.source(), "a = 1\n");
        assert!(file.findings.is_empty());

        let file = FtlFile::new("x.ftl", "x.ftl", b"a = 1\nb = Gr\xFC\xDFe \xE4\n");
        assert_eq!(file.source(), "a = 1\nb = Gr\u{FFFD}\u{FFFD}e \u{FFFD}\n");
        assert_eq!(file.findings.len(), 1);
        let finding = &file.findings[0];
        assert_eq!(finding.code, Code::Encoding);
        assert_eq!(finding.problem.location(), "x.ftl:2:7");
        assert!(
            finding.problem.message.contains("`0xFC`")
                && finding.problem.message.contains("as do 2 more places"),
            "{}",
            finding.problem.message
        );
        let file = FtlFile::new("x.ftl", "x.ftl", b"a = \xFC \xFC\n");
        let message = &file.findings[0].problem.message;
        assert!(message.contains("as does one more place"), "{message}");
    }

    /// A file saved as UTF-16 or UTF-32 (a Windows editor's "Unicode") is read as what it
    /// is, with one finding that says so: never a Latin-1 diagnosis, a syntax error at 1:1
    /// or NUL bytes in the text.
    #[test]
    fn utf16_and_utf32_are_recognised_and_read() {
        let text = "# Persian\nhello = سلام\nbye = خدا حافظ\n";
        let utf16 = |big: bool, bom: bool| -> Vec<u8> {
            let mut bytes = Vec::new();
            let units = (if bom { Some('\u{FEFF}') } else { None })
                .into_iter()
                .chain(text.chars())
                .collect::<String>()
                .encode_utf16()
                .collect::<Vec<u16>>();
            for unit in units {
                bytes.extend(if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            bytes
        };
        let utf32 = |big: bool| -> Vec<u8> {
            std::iter::once('\u{FEFF}')
                .chain(text.chars())
                .flat_map(|c| {
                    let c = c as u32;
                    if big {
                        c.to_be_bytes()
                    } else {
                        c.to_le_bytes()
                    }
                })
                .collect()
        };
        let cases = [
            (utf16(false, true), "UTF-16 (little-endian"),
            (utf16(true, true), "UTF-16 (big-endian"),
            (utf16(false, false), "UTF-16 (little-endian"),
            (utf16(true, false), "UTF-16 (big-endian"),
            (utf32(false), "UTF-32 (little-endian"),
            (utf32(true), "UTF-32 (big-endian"),
        ];
        for (bytes, said) in cases {
            let file = FtlFile::new("app.ftl", "locales/fa/app.ftl", &bytes);
            assert_eq!(file.source(), text, "{said}");
            assert_eq!(file.findings.len(), 1, "{said}: {:?}", file.findings);
            let finding = &file.findings[0];
            assert_eq!(finding.code, Code::Encoding);
            assert!(
                finding.problem.message.contains(said),
                "{}",
                finding.problem.message
            );
            assert!(
                !finding
                    .problem
                    .help
                    .as_deref()
                    .unwrap_or("")
                    .contains("Latin-1"),
                "{finding:?}"
            );
            assert!(file.parsed.errors.is_empty(), "{said}: no syntax error");
        }
    }
}
