//! Reading a Fluent file: from its bytes to the text every parser of it sees.
//!
//! An [`FtlFile`] is made here and nowhere else ([`FtlFile::new`]). Its bytes are decoded
//! as UTF-8 without a byte-order mark; a file that is not UTF-8 is decoded anyway (each
//! invalid sequence read as U+FFFD) and carries an `encoding` finding naming the first bad
//! byte, so one file saved as Latin-1 hides nothing else. `l10n check` reports what loading
//! found; bundles, `message_ids` and `l10n add` read the decoded text.

use std::path::PathBuf;
use std::sync::Arc;

use super::FtlFile;
use super::report::{Code, Finding};
use crate::error::{Problem, plural};
use crate::position::LineIndex;

impl FtlFile {
    /// The file `rel` of a locale folder (shown as `display`, relative to the workspace)
    /// with the bytes read from it.
    pub fn new(rel: impl Into<String>, display: impl Into<PathBuf>, bytes: &[u8]) -> FtlFile {
        let display = display.into();
        let (text, undecodable) = decode(bytes);
        let source: Arc<str> = Arc::from(text);
        let lines = Arc::new(LineIndex::new(&source));
        let mut findings = Vec::new();
        if let Some(undecodable) = undecodable {
            findings.push(encoding_finding(&display, &source, &lines, &undecodable));
        }
        FtlFile {
            rel: rel.into(),
            display,
            source,
            lines,
            findings,
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
        n => format!(" (as do {} after it)", plural(n, "more place")),
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
    Finding {
        code: Code::Encoding,
        id: None,
        problem,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_and_bad_bytes_are_a_finding() {
        let file = FtlFile::new("x.ftl", "x.ftl", b"\xEF\xBB\xBFa = 1\n");
        assert_eq!(&*file.source, "a = 1\n");
        assert!(file.findings.is_empty());

        let file = FtlFile::new("x.ftl", "x.ftl", b"a = 1\nb = Gr\xFC\xDFe \xE4\n");
        assert_eq!(&*file.source, "a = 1\nb = Gr\u{FFFD}\u{FFFD}e \u{FFFD}\n");
        assert_eq!(file.findings.len(), 1);
        let finding = &file.findings[0];
        assert_eq!(finding.code, Code::Encoding);
        assert_eq!(finding.problem.location(), "x.ftl:2:7");
        assert!(
            finding.problem.message.contains("`0xFC`")
                && finding.problem.message.contains("2 more places"),
            "{}",
            finding.problem.message
        );
    }
}
