//! The formatting proof: every message that can fail at run time formatted as bundles,
//! `t()` and `l10n format` format it (CLDR through ICU4X), once per plural sample of the
//! locale, with what fails in our words.

use super::*;
use crate::format::{FormatError, Formatter, Value};

/// Formats every message that can fail at run time (references, functions), once per
/// plural sample, and reports what fails.
pub(super) fn format_proof(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    reference_index: Option<&Index<'_>>,
) {
    let is_reference = reference_index.is_none();
    // A folder that is no tag (`ja-JP-mac`) has no rules to prove with.
    if findings.parsed.locale.tag.id().is_none() {
        return;
    }
    let formatter = Formatter::new(&[findings.parsed.locale]);
    let numbers = formatter.plural_samples();
    for (i, units) in index.files.iter().enumerate() {
        for unit in units.iter().filter(|u| !u.id.is_term) {
            // The arguments the application passes: those the reference message takes.
            let arguments_of = reference_index
                .filter(|r| r.all.contains_key(&unit.id))
                .unwrap_or(index);
            // Worked out for a message that can fail at run time only.
            let mut kinds = None;
            let mut reported = HashSet::default();
            for (attribute, pattern) in unit.patterns() {
                let (risky, has_select) = runtime_risk(pattern);
                if !risky {
                    continue;
                }
                let name = match attribute {
                    None => unit.id.name.to_string(),
                    Some(a) => format!("{}.{a}", unit.id.name),
                };
                let kinds = kinds.get_or_insert_with(|| {
                    ast::argument_kinds(|id| arguments_of.all.get(&id).map(|(_, u)| *u), unit.id)
                });
                let numeric = kinds.values().any(|k| *k == ArgumentKind::Number);
                let tries = if has_select || numeric {
                    numbers.len()
                } else {
                    1
                };
                for n in numbers.iter().take(tries) {
                    let Some(formatted) = formatter.format(&name, &sample_arguments(kinds, n))
                    else {
                        continue;
                    };
                    for text in formatted.errors.iter().filter_map(format_error_text) {
                        if reported.insert(text.clone()) {
                            format_error(findings, i, unit, attribute, &text, is_reference);
                        }
                    }
                }
            }
        }
    }
}

/// Whether `pattern` can fail at run time (it refers to a message, a term or a function),
/// and whether it has a selector.
pub(super) fn runtime_risk(pattern: &Pattern<&str>) -> (bool, bool) {
    let mut risky = false;
    let mut has_select = false;
    ast::walk(pattern, &mut |node| match node {
        Node::Message(..) | Node::Term(..) | Node::Function(_) => risky = true,
        Node::Select(..) => has_select = true,
        Node::Variable(_) | Node::Literal(_) => {}
    });
    (risky, has_select)
}

/// A sample value for each argument of `kinds`; `number` for the numeric ones.
pub(super) fn sample_arguments(
    kinds: &BTreeMap<String, ArgumentKind>,
    number: &str,
) -> BTreeMap<String, Value> {
    kinds
        .iter()
        .map(|(name, kind)| {
            let value = match kind {
                ArgumentKind::Number => Value::Number(number.to_string()),
                ArgumentKind::Date => Value::Number("809222400000".to_string()),
                ArgumentKind::Text => Value::Text("Sample".to_string()),
            };
            (name.clone(), value)
        })
        .collect()
}

/// The `format-error` finding of message `unit` (its `attribute`, if any) of file `i`.
pub(super) fn format_error(
    findings: &mut Findings<'_>,
    i: usize,
    unit: &Unit<'_, '_>,
    attribute: Option<&str>,
    text: &str,
    is_reference: bool,
) {
    let where_ = attribute.map_or_else(
        || format!("`{}`", unit.id),
        |a| format!("`{}.{a}`", unit.id),
    );
    findings.at_unit(
        Code::FormatError,
        i,
        unit,
        format!("formatting {where_} fails: {text}"),
        Some(if is_reference {
            "every bundle that takes this message shows it broken: fix it".to_string()
        } else {
            "bundles show this message broken: fix it; until then they take it from the next locale of the chain".to_string()
        }),
    );
}

/// The words for a formatting error; `None` for errors other checks report (unknown
/// messages, terms and variables, a variable of another kind) and what is not formatted
/// yet.
pub(super) fn format_error_text(error: &FormatError) -> Option<String> {
    match error {
        FormatError::Cyclic | FormatError::TooManyPlaceables | FormatError::Function(_) => {
            Some(error.to_string())
        }
        FormatError::NoValue(id) => Some(format!(
            "`{id}` has no value to show (use one of its attributes)"
        )),
        FormatError::Unknown(_)
        | FormatError::Variable(_)
        | FormatError::Argument(_)
        | FormatError::Unsupported(_) => None,
    }
}
