//! One message against the reference's: value and attributes, the variables it shows,
//! the messages and terms it refers to, and whether it is still untranslated.

use super::*;

/// Compares a unit with its reference; returns whether it is identical to it
/// (untranslated).
pub(super) fn compare(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
    options: &Options,
) -> bool {
    let id = unit.id;
    match (reference.value.is_some(), unit.value.is_some()) {
        (true, false) => findings.at_unit(
            Code::MissingValue,
            file,
            unit,
            format!("`{id}` has no value, but the {tag} message has one"),
            Some(format!(
                "translate the value too: `{id} = …` before the attributes"
            )),
        ),
        (false, true) => findings.at_unit(
            Code::MissingValue,
            file,
            unit,
            format!("`{id}` has a value, but the {tag} message has only attributes"),
            Some("remove the value; keep only the attributes".to_string()),
        ),
        _ => {}
    }
    // A term's attributes are the locale's own grammar (`.gender`, `.case`), private to it:
    // they are not compared, as compare-locales does not.
    if !id.is_term {
        compare_attributes(findings, file, unit, reference, tag);
    }
    if !id.is_term {
        compare_variables(findings, file, unit, reference, tag);
        compare_references(findings, file, unit, reference, tag);
        compare_styles(findings, file, unit, reference, tag);
    }
    let identical = !same_language(&findings.parsed.locale.tag, tag)
        && is_untranslated(unit, reference, &options.untranslated_allow);
    if identical {
        findings.at_unit(
            Code::Untranslated,
            file,
            unit,
            format!("`{id}` is identical to {tag}"),
            Some("translate it, or add its words to `l10n.untranslated_allow` in alliance.yaml if they stay as they are".to_string()),
        );
    }
    identical
}

pub(super) fn compare_attributes(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let id = unit.id;
    let reference_attributes: BTreeSet<&str> =
        reference.attributes.iter().map(|a| a.id.name).collect();
    let attributes: BTreeSet<&str> = unit.attributes.iter().map(|a| a.id.name).collect();
    // A misspelt attribute (`.lable`) is one finding, at it, naming the one it meant.
    let mut lacking: Vec<String> = reference_attributes
        .difference(&attributes)
        .map(|a| (*a).to_string())
        .collect();
    let mut renamed: Vec<(&str, String)> = Vec::new();
    for attribute in attributes.difference(&reference_attributes) {
        if let Some(meant) = alliance_diagnostic::suggest::closest(attribute, &lacking) {
            let meant = meant.to_string();
            lacking.retain(|l| *l != meant);
            renamed.push((attribute, meant));
        }
    }
    for missing in &lacking {
        findings.at_unit(
            Code::MissingAttribute,
            file,
            unit,
            format!("`{id}` lacks the attribute `.{missing}`"),
            Some(format!(
                "add `.{missing} = …`; without it the whole message falls back to {tag}"
            )),
        );
    }
    for attribute in unit.attributes {
        let name = attribute.id.name;
        let range = ast::range(findings.src(file), name);
        if let Some((_, meant)) = renamed.iter().find(|(a, _)| *a == name) {
            findings.add(
                Code::MissingAttribute,
                file,
                Some(id),
                range,
                format!(
                    "`{id}` has the attribute `.{name}` where the {tag} message has `.{meant}`: {}",
                    alliance_diagnostic::suggest::phrase(&format!(".{meant}"))
                ),
                Some(format!(
                    "rename it to `.{meant}`; until then the whole message falls back to {tag}"
                )),
            );
        } else if !reference_attributes.contains(name) {
            findings.add(
                Code::ObsoleteAttribute,
                file,
                Some(id),
                range,
                format!(
                    "`{id}` has the attribute `.{name}`, which the {tag} message does not have"
                ),
                Some("remove it".to_string()),
            );
        }
    }
}

/// The variables a pattern shows: everywhere but in the selectors of select expressions.
pub(super) fn displayed_variables<'s>(pattern: &Pattern<&'s str>) -> Vec<&'s str> {
    let mut names = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::Placeable {
                expression: fluent_syntax::ast::Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    names.extend(displayed_variables(&variant.value));
                }
            }
            PatternElement::Placeable { expression } => {
                ast::walk_expression(expression, &mut |node| {
                    if let Node::Variable(name) = node {
                        names.push(name);
                    }
                });
            }
            PatternElement::TextElement { .. } => {}
        }
    }
    names
}

pub(super) fn variables<'s>(unit: &Unit<'_, 's>) -> Vec<&'s str> {
    ast::collect(unit, |node| match node {
        Node::Variable(name) => Some(name),
        _ => None,
    })
}

pub(super) fn compare_variables(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let expected: BTreeSet<&str> = variables(reference).into_iter().collect();
    let used = variables(unit);
    let mut reported = HashSet::default();
    for name in &used {
        if !expected.contains(name) && reported.insert(*name) {
            let range = ast::range(findings.src(file), name);
            let range = if range.start > 0 {
                range.start - 1..range.end
            } else {
                range
            };
            let takes = if expected.is_empty() {
                "the reference message takes no variables".to_string()
            } else {
                format!(
                    "the reference message takes {}",
                    list(expected.iter().map(|v| format!("`${v}`")))
                )
            };
            findings.add(
                Code::UnknownVariable,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}` uses the variable `${name}`, which {tag} does not define",
                    unit.id
                ),
                Some(takes),
            );
        }
    }
    // Only variables the reference shows: one it merely selects on (`{ $count -> … }`) may
    // rightly vanish with the select, as in languages with a single plural form.
    let shown: BTreeSet<&str> = reference
        .patterns()
        .flat_map(|(_, p)| displayed_variables(p))
        .collect();
    let used: BTreeSet<&str> = used.into_iter().collect();
    for name in shown.difference(&used) {
        findings.at_unit(
            Code::DroppedVariable,
            file,
            unit,
            format!("`{}` never uses the variable `${name}`", unit.id),
            Some(format!(
                "the {tag} message shows `${name}`; leave it out only on purpose"
            )),
        );
    }
}

/// Message and term references of one pattern (term attributes excluded, as compare-locales).
pub(super) fn references<'s>(pattern: &Pattern<&'s str>) -> Vec<(String, &'s str)> {
    let mut refs = Vec::new();
    ast::walk(pattern, &mut |node| match node {
        Node::Message(name, attribute) => {
            refs.push((describe(Node::Message(name, attribute)), name))
        }
        Node::Term(name, None) => refs.push((format!("-{name}"), name)),
        _ => {}
    });
    refs
}

pub(super) fn compare_references(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    for (attribute, pattern) in unit.patterns() {
        let reference_pattern = reference.pattern(attribute);
        let Some(reference_pattern) = reference_pattern else {
            continue;
        };
        let expected: BTreeSet<String> = references(reference_pattern)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let used = references(pattern);
        let where_ = attribute.map_or_else(
            || format!("`{}`", unit.id),
            |a| format!("`{}.{a}`", unit.id),
        );
        let mut reported = HashSet::default();
        for (name, slice) in &used {
            if !expected.contains(name) && reported.insert(name.clone()) {
                let range = ast::range(findings.src(file), slice);
                findings.add(
                    Code::AddedReference,
                    file,
                    Some(unit.id),
                    range,
                    format!("{where_} refers to `{name}`, which the {tag} text does not"),
                    Some("check that it is meant; the reference text does not use it".to_string()),
                );
            }
        }
        let used: BTreeSet<String> = used.into_iter().map(|(r, _)| r).collect();
        for name in expected.difference(&used) {
            findings.at_unit(
                Code::DroppedReference,
                file,
                unit,
                format!("{where_} does not refer to `{name}`, which the {tag} text uses"),
                Some(format!(
                    "use `{{ {name} }}` rather than writing its text out"
                )),
            );
        }
    }
}
