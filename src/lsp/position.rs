//! Positions between the findings (1-based lines, columns in characters) and the editor's
//! (0-based lines, columns in the encoding the client and the server agreed on at
//! `initialize`: UTF-32 code points where the client offers it, else UTF-16 code units, the
//! protocol's default).

use lsp_types::{Position, Range};

/// How an editor counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units (the protocol's default).
    Utf16,
    /// Characters (code points): the findings' own columns.
    Utf32,
}

impl Encoding {
    /// The editor's position of 1-based `line` and character `column` in `text`.
    pub fn position(self, text: &str, (line, column): (usize, usize)) -> Position {
        let line0 = line.saturating_sub(1);
        let chars = column.saturating_sub(1);
        let character = match self {
            Encoding::Utf32 => chars,
            Encoding::Utf16 => text
                .lines()
                .nth(line0)
                .map_or(chars, |l| l.chars().take(chars).map(char::len_utf16).sum()),
        };
        Position::new(to_u32(line0), to_u32(character))
    }

    /// The editor's range from 1-based `start` to `end` (a point when there is no end).
    pub fn range(
        self,
        text: &str,
        start: Option<(usize, usize)>,
        end: Option<(usize, usize)>,
    ) -> Range {
        let Some(start) = start else {
            return Range::default();
        };
        let end = end.filter(|e| *e >= start).unwrap_or(start);
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset in `text` of the editor's `position` (clamped to the text).
    pub fn offset(self, text: &str, position: Position) -> usize {
        let mut start = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i == position.line as usize {
                let line = line.trim_end_matches(['\n', '\r']);
                let mut units = 0;
                for (at, c) in line.char_indices() {
                    if units >= position.character as usize {
                        return start + at;
                    }
                    units += match self {
                        Encoding::Utf16 => c.len_utf16(),
                        Encoding::Utf32 => 1,
                    };
                }
                return start + line.len();
            }
            start += line.len();
        }
        text.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_unless_the_client_takes_characters() {
        let text = "a = 1\nb = 𝄞 { $x }\n";
        // `$x` starts at the 9th character of line 2; 𝄞 is two UTF-16 units.
        let at = (2, 9);
        assert_eq!(Encoding::Utf32.position(text, at), Position::new(1, 8));
        assert_eq!(Encoding::Utf16.position(text, at), Position::new(1, 9));
        let offset = Encoding::Utf16.offset(text, Position::new(1, 9));
        assert_eq!(&text[offset..offset + 1], "$");
        assert_eq!(
            Encoding::Utf32.offset(text, Position::new(1, 8)),
            offset,
            "both encodings find the same place"
        );
        assert_eq!(
            Encoding::Utf16.offset(text, Position::new(9, 0)),
            text.len()
        );
    }
}
