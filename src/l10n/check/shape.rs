//! The checks of one message that need no reference: attributes and variants defined
//! twice, the plural categories of select expressions (CLDR, for the locale's language),
//! the replacement character.

use super::*;

/// Checks that need no reference: attributes and variants defined twice, plural
/// categories, the replacement character.
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
        let shown = list(missing.iter().map(|c| format!("`[{c}]`")));
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
