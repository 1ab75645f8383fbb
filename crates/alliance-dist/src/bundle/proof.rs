//! The proof that a catalog formats: what fails when each message is formatted with
//! fluent-bundle, blamed on the message itself, not on those that refer to it.

use super::*;

/// What fails when `message` (of id `id`) and its attributes are formatted with `bundle`,
/// with arguments of `kinds` (numbers tried with each of `samples`): (what, why) each once.
pub(super) fn format_failures(
    bundle: &super::Bundle,
    message: &fluent_bundle::FluentMessage<'_>,
    id: Id<'_>,
    kinds: &BTreeMap<String, ArgumentKind>,
    samples: &[String],
) -> Vec<(String, String)> {
    let numeric = kinds.values().any(|k| *k == ArgumentKind::Number);
    let tries: Vec<&str> = if numeric {
        samples.iter().map(String::as_str).collect()
    } else {
        vec!["1"]
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for sample in tries {
        let mut args = FluentArgs::new();
        for (name, kind) in kinds {
            let value = match kind {
                ArgumentKind::Number => FluentValue::try_number(sample),
                ArgumentKind::Date => FluentValue::from(809_222_400_000.0_f64),
                ArgumentKind::Text => FluentValue::from("Sample"),
            };
            args.set(name.clone(), value);
        }
        let patterns = message
            .value()
            .map(|v| (None, v))
            .into_iter()
            .chain(message.attributes().map(|a| (Some(a.id()), a.value())));
        for (attribute, pattern) in patterns {
            let mut errors = Vec::new();
            let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
            for error in errors {
                let what = match attribute {
                    Some(a) => format!("`{id}.{a}`"),
                    None => format!("`{id}`"),
                };
                let failure = (what, describe(&error));
                if !found.contains(&failure) {
                    found.push(failure);
                }
            }
        }
    }
    found
}

/// The failures of the messages `id` refers to (directly or through others): a message is
/// not blamed for them.
pub(super) fn inherited_failures<'a>(
    units: &HashMap<Id<'_>, ast::Unit<'_, '_>>,
    failing: &HashMap<Id<'_>, Vec<&'a str>>,
    id: Id<'_>,
) -> HashSet<&'a str> {
    let mut inherited = HashSet::new();
    let mut seen = HashSet::new();
    let mut todo = vec![id.name.to_string()];
    while let Some(next) = todo.pop() {
        let key = Id {
            is_term: false,
            name: next.as_str(),
        };
        let Some(unit) = units.get(&key) else {
            continue;
        };
        for (_, pattern) in unit.patterns() {
            ast::walk(pattern, &mut |node| {
                if let Node::Message(name, _) = node
                    && seen.insert(name.to_string())
                {
                    todo.push(name.to_string());
                }
            });
        }
        if next != id.name
            && let Some(found) = failing.get(&key)
        {
            inherited.extend(found.iter().copied());
        }
    }
    // In a cycle, every message of it is to blame.
    if seen.contains(id.name) {
        return HashSet::new();
    }
    inherited
}

pub(super) fn describe(error: &FluentError) -> String {
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(ResolverError::Cyclic) => {
            "it refers to itself in a cycle".to_string()
        }
        FluentError::ResolverError(ResolverError::NoValue(id)) => {
            format!("`{id}` has no value to show")
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Message {
            id,
            attribute,
        })) => {
            format!(
                "it refers to `{id}{}`, which is not in the bundle",
                attribute
                    .as_ref()
                    .map(|a| format!(".{a}"))
                    .unwrap_or_default()
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Term {
            id,
            attribute,
        })) => {
            format!(
                "it refers to `-{id}{}`, which is not in the bundle",
                attribute
                    .as_ref()
                    .map(|a| format!(".{a}"))
                    .unwrap_or_default()
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { id })) => {
            format!(
                "the variable `${id}` is not known where it is used (inside a term, pass it as a term argument)"
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Function { id })) => {
            format!("the function `{id}` does not exist")
        }
        other => other.to_string(),
    }
}
