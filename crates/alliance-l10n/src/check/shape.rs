//! The checks of one message that need no reference: attributes and variants defined
//! twice, the plural categories of select expressions (CLDR, for the locale's language),
//! the replacement character, control characters.

use super::*;

/// Checks that need no reference: attributes and variants defined twice, plural
/// categories, the replacement character, control characters.
pub(super) fn unit_shape(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    plurals: Option<&Plurals>,
    reference: Option<&Unit<'_, '_>>,
) {
    let mut seen = HashSet::default();
    for attribute in unit.attributes {
        if !seen.insert(attribute.id.name) {
            let range = ast::range(findings.src(file), attribute.id.name);
            findings.add(
                Code::DuplicateAttribute,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}` has the attribute `.{}` twice",
                    unit.id, attribute.id.name
                ),
                Some("remove one; only the first is used".to_string()),
            );
        }
    }
    let reference_plural_variables = reference.map(plural_variables).unwrap_or_default();
    for (_, pattern) in unit.patterns() {
        let mut selects = Vec::new();
        ast::walk(pattern, &mut |node| {
            if let Node::Select(selector, variants) = node {
                selects.push((selector, variants));
            }
        });
        for (selector, variants) in selects {
            check_select(
                findings,
                file,
                unit,
                selector,
                variants,
                plurals,
                &reference_plural_variables,
            );
        }
        let mut text = String::new();
        collect_text(pattern, &mut text);
        // String literals show text too (`{ "…" }`, term and function arguments).
        ast::walk(pattern, &mut |node| {
            if let Node::Literal(literal) = node {
                text.push_str(literal);
            }
        });
        if let Some(found) = control_characters(findings.src(file), pattern) {
            found.report(findings, file, unit);
        }
        if text.contains('\u{FFFD}') {
            findings.at_unit(
                Code::ReplacementCharacter,
                file,
                unit,
                format!(
                    "`{}` contains U+FFFD, the mark of text damaged by a wrong encoding",
                    unit.id
                ),
                Some("retype the damaged characters and save the file as UTF-8".to_string()),
            );
        }
    }
}

/// Whether a message must not hold `c`: a control character (C0 but tab, line feed and
/// carriage return, DEL, C1). It shows as nothing or as garbage, and programs that take the
/// text as a C string cut it at a NUL.
pub(crate) fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The control characters of one pattern: the first, where it is, and how many in all.
struct Controls {
    first: char,
    range: Range<usize>,
    count: usize,
}

impl Controls {
    fn report(&self, findings: &mut Findings<'_>, file: usize, unit: &Unit<'_, '_>) {
        let more = match self.count - 1 {
            0 => String::new(),
            1 => ", and 1 more after it".to_string(),
            n => format!(", and {n} more after it"),
        };
        findings.add(
            Code::ControlCharacter,
            file,
            Some(unit.id),
            self.range.clone(),
            format!(
                "`{}` contains the control character U+{:04X} (`{}`){more}",
                unit.id,
                u32::from(self.first),
                self.first.escape_unicode()
            ),
            Some(
                "delete it: it shows as nothing or as garbage, and programs cut the text at a \
                 NUL (tabs and line breaks are fine)"
                    .to_string(),
            ),
        );
    }
}

/// The control characters of `pattern` (of the text `source`): in its text, the text of
/// every variant, and string literals, written or as an escape (`"\u0000"`).
fn control_characters(source: &str, pattern: &Pattern<&str>) -> Option<Controls> {
    let mut found: Vec<(Range<usize>, char)> = Vec::new();
    let mut in_text = |text: &str| {
        let Some(start) = ast::offset(source, text) else {
            return;
        };
        for (i, c) in text.char_indices().filter(|&(_, c)| is_refused_control(c)) {
            found.push((start + i..start + i + c.len_utf8(), c));
        }
    };
    let direct_text = |pattern: &Pattern<&str>, visit: &mut dyn FnMut(&str)| {
        for element in &pattern.elements {
            if let PatternElement::TextElement { value } = element {
                visit(value);
            }
        }
    };
    direct_text(pattern, &mut in_text);
    let mut literals = Vec::new();
    ast::walk(pattern, &mut |node| match node {
        Node::Select(_, variants) => {
            for variant in variants {
                direct_text(&variant.value, &mut in_text);
            }
        }
        Node::Literal(literal) => literals.push(literal),
        _ => {}
    });
    let mut escaped = Vec::new();
    for literal in literals {
        in_text(literal);
        if let Some(start) = ast::offset(source, literal) {
            escaped.extend(
                escaped_controls(literal)
                    .into_iter()
                    .map(|(range, c)| (start + range.start..start + range.end, c)),
            );
        }
    }
    found.extend(escaped);
    found.sort_by_key(|(range, _)| range.start);
    let (range, first) = found.first().cloned()?;
    Some(Controls {
        first,
        range,
        count: found.len(),
    })
}

/// The `\uXXXX` and `\UXXXXXX` escapes of a string literal's text that stand for a
/// control character: where each is, and the character.
fn escaped_controls(literal: &str) -> Vec<(Range<usize>, char)> {
    let bytes = literal.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = match bytes.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 6,
            _ => {
                // `\\`, `\"`: the escaped character is no escape of its own.
                i += 2;
                continue;
            }
        };
        let end = i + 2 + digits;
        let c = literal
            .get(i + 2..end)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match c {
            Some(c) if is_refused_control(c) => {
                found.push((i..end, c));
                i = end;
            }
            _ => i += 2,
        }
    }
    found
}

/// Variables the unit selects plural variants on.
pub(super) fn plural_variables<'s>(unit: &Unit<'_, 's>) -> Vec<&'s str> {
    ast::collect(unit, |node| match node {
        Node::Select(selector, variants) if plural::is_plural(selector, variants, &[]) => {
            plural::selector_variable(selector)
        }
        _ => None,
    })
}

pub(super) fn check_select(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    selector: &InlineExpression<&str>,
    variants: &[Variant<&str>],
    plurals: Option<&Plurals>,
    reference_plural: &[&str],
) {
    let source = findings.src(file);
    let mut keys = HashSet::default();
    for variant in variants {
        let key = ast::key_name(&variant.key);
        if !keys.insert(key) {
            findings.add(
                Code::DuplicateVariant,
                file,
                Some(unit.id),
                ast::range(source, key),
                format!("`{}` has the variant `[{key}]` twice", unit.id),
                Some("remove one; only the first is used".to_string()),
            );
        }
    }
    let Some(plurals) = plurals else { return };
    if !plural::is_plural(selector, variants, reference_plural) {
        return;
    }
    let tag = &findings.parsed.locale.tag;
    let key_names: Vec<&str> = variants.iter().map(|v| ast::key_name(&v.key)).collect();
    // As compare-locales: a select with only `other` (and number keys) is left alone, so a
    // language whose forms coincide may write just the default variant.
    let names_categories = key_names
        .iter()
        .any(|k| plural::is_category(k) && *k != "other");
    let missing = if names_categories {
        plurals.missing(&key_names)
    } else {
        Vec::new()
    };
    if !missing.is_empty()
        && let Some(first) = variants.first()
    {
        let shown = list(missing.iter().map(|c| match plurals.example(c) {
            Some(n) => format!("`[{c}]` (such as {n})"),
            None => format!("`[{c}]`"),
        }));
        findings.add(
            Code::MissingPluralCategory,
            file,
            Some(unit.id),
            ast::range(source, ast::key_name(&first.key)),
            format!(
                "`{}` has no variant for the plural category {shown}",
                unit.id
            ),
            Some(format!(
                "whole numbers in `{tag}` select {}; add the missing variants",
                list(plurals.whole.iter().map(|c| format!("`{c}`")))
            )),
        );
    }
    for variant in variants {
        let key = ast::key_name(&variant.key);
        if plural::is_category(key) && !plurals.all.contains(&key) {
            findings.add(
                Code::UnusedPluralCategory,
                file,
                Some(unit.id),
                ast::range(source, key),
                format!(
                    "`{}` has a variant `[{key}]`, which `{tag}` never selects",
                    unit.id
                ),
                Some(format!(
                    "`{tag}` uses only {}; remove the variant",
                    list(plurals.all.iter().map(|c| format!("`{c}`")))
                )),
            );
        }
    }
}
