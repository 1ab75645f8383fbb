//! Whether a translation still repeats the reference's text: its text fragments with words
//! (not only punctuation, placeables, international words such as `OK`, or the workspace's
//! allowed words) are the reference's. A locale of the reference's language is exempt.

use super::*;

/// Whether two tags share their language (`en-GB` and `en-US`): such a locale keeps most of
/// the reference's texts on purpose, so nothing is "untranslated" in it.
pub(super) fn same_language(a: &str, b: &str) -> bool {
    let language = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    language(a) == language(b)
}

/// Whether every translatable pattern of `unit` repeats the reference's text: each text
/// fragment with words is one the reference pattern has (so a select reshaped for the
/// locale's plural categories but not yet translated counts too).
pub(super) fn is_untranslated(
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    allow: &[String],
) -> bool {
    let mut any = false;
    for (attribute, pattern) in unit.patterns() {
        if !has_words(pattern, allow) {
            continue;
        }
        let reference_pattern = reference.pattern(attribute);
        let Some(reference_pattern) = reference_pattern else {
            return false;
        };
        let mut expected = Vec::new();
        text_fragments(reference_pattern, &mut expected);
        let mut fragments = Vec::new();
        text_fragments(pattern, &mut fragments);
        let repeated = fragments
            .iter()
            .filter(|f| f.chars().any(char::is_alphabetic))
            .all(|f| expected.contains(f));
        if !repeated {
            return false;
        }
        any = true;
    }
    any
}

pub(super) fn text_fragments<'s>(pattern: &Pattern<&'s str>, out: &mut Vec<&'s str>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push(value),
            PatternElement::Placeable {
                expression: fluent_syntax::ast::Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    text_fragments(&variant.value, out);
                }
            }
            PatternElement::Placeable { .. } => {}
        }
    }
}

/// Words many languages write as English does (`Online`, `Installation`, `OK`): a text of
/// one of them alone is not called untranslated. Compared without regard to case.
pub(super) const INTERNATIONAL_WORDS: &[&str] = &[
    "audio",
    "avatar",
    "backup",
    "blog",
    "bluetooth",
    "browser",
    "cache",
    "chat",
    "cookie",
    "design",
    "e-mail",
    "email",
    "emoji",
    "feed",
    "firewall",
    "format",
    "hardware",
    "hobby",
    "host",
    "hotel",
    "info",
    "installation",
    "internet",
    "link",
    "login",
    "logo",
    "menu",
    "modem",
    "normal",
    "offline",
    "ok",
    "online",
    "plugin",
    "podcast",
    "ping",
    "port",
    "proxy",
    "radio",
    "router",
    "server",
    "software",
    "spam",
    "standard",
    "status",
    "stream",
    "tab",
    "taxi",
    "team",
    "version",
    "video",
    "web",
    "wi-fi",
    "wlan",
];

/// Whether the text of `pattern`, without allowed words, has words a translator changes:
/// not only punctuation and placeables, not a single international word or acronym.
pub(super) fn has_words(pattern: &Pattern<&str>, allow: &[String]) -> bool {
    let mut text = String::new();
    collect_text(pattern, &mut text);
    for word in allow {
        text = text.replace(word.as_str(), " ");
    }
    let mut words = text
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty());
    let Some(word) = words.next() else {
        return false;
    };
    if words.next().is_some() {
        return true;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = word.chars().all(|c| c.is_uppercase() || c == '-');
    let international = INTERNATIONAL_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word));
    letters > 1 && !acronym && !international
}

pub(super) fn collect_text(pattern: &Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression } => {
                if let fluent_syntax::ast::Expression::Select { variants, .. } = expression {
                    for variant in variants {
                        collect_text(&variant.value, out);
                        out.push(' ');
                    }
                }
            }
        }
    }
}
