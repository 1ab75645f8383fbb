//! Control characters shown, never sent: text from a user or a file reaches the terminal
//! with its control characters written as escapes (`\u{1b}`), so that it can neither drive
//! the terminal (colours, a cleared screen, a line overwritten by a carriage return) nor
//! turn the text around it (a bidi override), and an invisible NUL shows.
//!
//! [`escape`] is for a value (a name, a path, a tag): every such character is escaped.
//! [`escape_text`] is for a text laid out in lines (a message, a snippet's source): its
//! line ends (`\n`, `\r\n`) and tabs are layout and stay. [`Shown`] is the escaped source
//! of a snippet with the way between its offsets and the file's.

use std::borrow::Cow;
use std::ops::Range;

/// Whether `c` is escaped wherever text is shown: C0 and C1 controls and DEL, the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the line and
/// paragraph separators (U+2028, U+2029). The bidi marks (U+200E, U+200F, U+061C) are left
/// alone: they order a right-to-left translation and reach no further than a character.
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// `value` with every [`is_escaped`] character written as `\u{…}`, line ends and tabs
/// included: a value is one line.
pub fn escape(value: &str) -> Cow<'_, str> {
    escaped(value, false).map_or(Cow::Borrowed(value), |shown| Cow::Owned(shown.text))
}

/// `text` with every [`is_escaped`] character but its layout (line ends `\n` and `\r\n`,
/// tabs) written as `\u{…}`.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escaped(text, true).map_or(Cow::Borrowed(text), |shown| Cow::Owned(shown.text))
}

/// A text escaped by [`escape_text`], with where each escape stands in it and in the
/// original, to carry byte offsets between the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The escaped text.
    pub text: String,
    /// Each escaped character: its range in the original and that of its escape in `text`,
    /// in order.
    escapes: Vec<(Range<usize>, Range<usize>)>,
}

impl Shown {
    /// `text` escaped by [`escape_text`]; `None` when nothing in it needs an escape.
    pub fn of(text: &str) -> Option<Shown> {
        escaped(text, true)
    }

    /// The offset in the shown text of `offset` of the original: an escaped character's
    /// start is its escape's start.
    pub fn shown_offset(&self, offset: usize) -> usize {
        let i = self
            .escapes
            .partition_point(|(original, _)| original.end <= offset);
        match i.checked_sub(1).map(|i| &self.escapes[i]) {
            None => offset,
            Some((original, shown)) => shown.end + (offset - original.end),
        }
    }

    /// The offset in the original of `offset` of the shown text: inside an escape, the
    /// start of the character it stands for.
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self
            .escapes
            .partition_point(|(_, shown)| shown.end <= offset);
        if let Some((original, shown)) = self.escapes.get(i)
            && offset >= shown.start
        {
            return original.start;
        }
        match i.checked_sub(1).map(|i| &self.escapes[i]) {
            None => offset,
            Some((original, shown)) => original.end + (offset - shown.end),
        }
    }
}

/// `text` with its [`is_escaped`] characters escaped (but for its `layout`, if kept);
/// `None` when there is none.
fn escaped(text: &str, layout: bool) -> Option<Shown> {
    let kept = |i: usize, c: char| {
        layout
            && match c {
                '\n' | '\t' => true,
                '\r' => text.as_bytes().get(i + 1) == Some(&b'\n'),
                _ => false,
            }
    };
    let mut chars = text
        .char_indices()
        .filter(|&(i, c)| is_escaped(c) && !kept(i, c))
        .peekable();
    chars.peek()?;
    let mut shown = Shown {
        text: String::with_capacity(text.len() + 16),
        escapes: Vec::new(),
    };
    let mut from = 0;
    for (i, c) in chars {
        shown.text.push_str(&text[from..i]);
        let start = shown.text.len();
        shown.text.extend(c.escape_unicode());
        shown
            .escapes
            .push((i..i + c.len_utf8(), start..shown.text.len()));
        from = i + c.len_utf8();
    }
    shown.text.push_str(&text[from..]);
    Some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_whole_texts_keep_their_layout() {
        assert_eq!(escape("de"), "de");
        assert!(matches!(escape("de"), Cow::Borrowed(_)));
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(escape("a\nb\tc\r\n"), "a\\u{a}b\\u{9}c\\u{d}\\u{a}");
        assert_eq!(escape("evil\u{202E}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(escape("\u{85}\u{7f}\0"), "\\u{85}\\u{7f}\\u{0}");
        // A right-to-left mark orders a translation: it stays.
        assert_eq!(escape("\u{200F}שלום"), "\u{200F}שלום");
        assert_eq!(
            escape_text("line\r\nnext\tcol\rover\u{2028}"),
            "line\r\nnext\tcol\\u{d}over\\u{2028}"
        );
    }

    #[test]
    fn offsets_go_both_ways_between_the_original_and_the_shown_text() {
        let text = "a\0b = \u{202E}c\nd";
        let shown = Shown::of(text).expect("escapes");
        assert_eq!(shown.text, "a\\u{0}b = \\u{202e}c\nd");
        let b = text.find('b').expect("b");
        let c = text.find('c').expect("c");
        let d = text.find('d').expect("d");
        for (original, at) in [(0, 0), (1, 1), (b, 6), (c, 18), (d, 20)] {
            assert_eq!(shown.shown_offset(original), at, "{original}");
            assert_eq!(shown.original_offset(at), original, "{at}");
        }
        // Inside an escape: the character it stands for.
        assert_eq!(shown.original_offset(3), 1);
        assert_eq!(shown.original_offset(shown.text.len()), text.len());
        assert!(Shown::of("plain\ttext\r\n").is_none());
    }
}
