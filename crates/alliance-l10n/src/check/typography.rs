//! Typography (warnings, `l10n.typography_off` turns them off per locale): straight quotes
//! where the locale's CLDR quotation marks are others, a straight apostrophe where the
//! language writes `’`, three dots for an ellipsis — moz-fluent-linter's most useful checks.

use super::*;

/// The quotation marks of a language, from CLDR's delimiters (`quotationStart`,
/// `quotationEnd`), and whether it writes its apostrophe as `’`.
const QUOTES: &[(&str, &str, &str, bool)] = &[
    ("ar", "”", "“", false),
    ("ca", "«", "»", true),
    ("cs", "„", "“", true),
    ("da", "„", "“", true),
    ("de", "„", "“", true),
    ("el", "«", "»", true),
    ("en", "“", "”", true),
    ("es", "«", "»", true),
    ("fi", "”", "”", true),
    ("fr", "«\u{a0}", "\u{a0}»", true),
    ("he", "”", "”", false),
    ("hu", "„", "”", true),
    ("it", "«", "»", true),
    ("ja", "「", "」", false),
    ("ko", "“", "”", false),
    ("nb", "«", "»", true),
    ("nl", "‘", "’", true),
    ("pl", "„", "”", true),
    ("pt", "“", "”", true),
    ("ro", "„", "”", true),
    ("ru", "«", "»", true),
    ("sk", "„", "“", true),
    ("sv", "”", "”", true),
    ("tr", "“", "”", true),
    ("uk", "«", "»", true),
    ("zh", "“", "”", false),
];

/// The typography warnings of translation `unit` (in file `file`) of locale `tag`.
pub(super) fn check_typography(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    tag: &crate::tag::Tag,
) {
    let Some(&(_, open, close, apostrophe)) = QUOTES.iter().find(|q| q.0 == tag.language()) else {
        return;
    };
    for (_, pattern) in unit.patterns() {
        for element in &pattern.elements {
            let PatternElement::TextElement { value: written } = element else {
                continue;
            };
            // Markup (`<a data-l10n-name="link">`) keeps its straight quotes.
            let prose = without_markup(written);
            let value = prose.as_str();
            let problem = if value.contains("...") {
                Some((
                    "...",
                    "three dots where an ellipsis belongs".to_string(),
                    "write `…` (U+2026)".to_string(),
                ))
            } else if value.contains('"') {
                Some((
                    "\"",
                    "a straight quote".to_string(),
                    format!("write {open}…{close}, the quotation marks of `{tag}`"),
                ))
            } else if apostrophe && value.contains('\'') {
                Some((
                    "'",
                    "a straight apostrophe".to_string(),
                    "write `’` (U+2019)".to_string(),
                ))
            } else {
                None
            };
            if let Some((mark, what, help)) = problem {
                let start =
                    ast::range(findings.src(file), written).start + value.find(mark).unwrap_or(0);
                findings.add(
                    Code::Typography,
                    file,
                    Some(unit.id),
                    start..start + mark.len(),
                    format!("`{}` has {what}", unit.id),
                    Some(format!(
                        "{help} (`l10n.typography_off` in alliance.yaml turns these warnings off for a locale)"
                    )),
                );
                break;
            }
        }
    }
}

/// `text` with every `<…>` tag blanked out (offsets kept).
fn without_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        if c == '<' {
            in_tag = true;
        }
        if in_tag {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
        if c == '>' {
            in_tag = false;
        }
    }
    out
}
