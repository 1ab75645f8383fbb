//! The formatting proof: every message that can fail at run time formatted with
//! fluent-bundle, once per plural sample of the locale, with what it reports in our words.

use super::*;

/// Formats every message that can fail at run time (references, functions) with
/// fluent-bundle, once per plural sample, and reports what fluent-bundle reports.
pub(super) fn format_proof(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    plurals: Option<&Plurals>,
    reference_index: Option<&Index<'_>>,
) {
    let is_reference = reference_index.is_none();
    let Some(bundle) = proof_bundle(findings.parsed) else {
        return;
    };
    let numbers: Vec<String> = match plurals {
        Some(p) => p.samples.iter().map(|(_, n)| n.clone()).collect(),
        None => vec!["1".to_string(), "2".to_string(), "5".to_string()],
    };
    for (i, units) in index.files.iter().enumerate() {
        for unit in units.iter().filter(|u| !u.id.is_term) {
            let Some(message) = bundle.get_message(unit.id.name) else {
                continue;
            };
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
                let bundle_pattern = match attribute {
                    None => message.value(),
                    Some(name) => message.get_attribute(name).map(|a| a.value()),
                };
                let Some(bundle_pattern) = bundle_pattern else {
                    continue;
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
                    let args = sample_arguments(kinds, n);
                    let mut errors = Vec::new();
                    let _ = bundle.format_pattern(bundle_pattern, Some(&args), &mut errors);
                    for text in errors.iter().filter_map(format_error_text) {
                        if reported.insert(text.clone()) {
                            format_error(findings, i, unit, attribute, &text, is_reference);
                        }
                    }
                }
            }
        }
    }
}

/// A bundle of every file of `parsed`, with Fluent's built-in functions; `None` where the
/// tag does not parse or the built-ins cannot be added.
pub(super) fn proof_bundle<'p>(
    parsed: &'p ParsedLocale<'_>,
) -> Option<FluentBundle<&'p FluentResource>> {
    let langid = parsed.locale.tag.id()?.clone();
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    bundle.add_builtins().ok()?;
    // DATETIME is a Fluent built-in that fluent-bundle leaves to the application.
    let _ = bundle.add_function("DATETIME", |positional, _named| {
        positional.first().cloned().unwrap_or(FluentValue::Error)
    });
    for file in &parsed.files {
        // Duplicates are reported as `duplicate-id`; the bundle keeps the first.
        let _ = bundle.add_resource(file.resource);
    }
    Some(bundle)
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
pub(super) fn sample_arguments<'k>(
    kinds: &'k BTreeMap<String, ArgumentKind>,
    number: &'k str,
) -> FluentArgs<'k> {
    let mut args = FluentArgs::new();
    for (name, kind) in kinds {
        let value = match kind {
            ArgumentKind::Number => FluentValue::try_number(number),
            ArgumentKind::Date => FluentValue::from(809_222_400_000.0_f64),
            ArgumentKind::Text => FluentValue::from("Sample"),
        };
        args.set(name.clone(), value);
    }
    args
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
            "fluent-bundle shows this message broken, in every bundle that takes it: fix it".to_string()
        } else {
            "fluent-bundle shows this message broken: fix it; until then bundles take it from the next locale of the chain".to_string()
        }),
    );
}

/// The words for a formatting error; `None` for errors other checks report
/// (unknown messages, terms and variables).
pub(super) fn format_error_text(error: &FluentError) -> Option<String> {
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(ResolverError::Cyclic) => {
            Some("it refers to itself in a cycle".to_string())
        }
        FluentError::ResolverError(ResolverError::NoValue(id)) => Some(format!(
            "`{id}` has no value to show (use one of its attributes)"
        )),
        FluentError::ResolverError(ResolverError::TooManyPlaceables) => {
            Some("it expands to too many placeables".to_string())
        }
        FluentError::ResolverError(ResolverError::MissingDefault) => {
            Some("a select has no default variant".to_string())
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Function { id })) => {
            Some(format!("the function `{id}` does not exist"))
        }
        _ => None,
    }
}
