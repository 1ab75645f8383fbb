//! The proof that a catalog formats: what fails when each message is formatted (as
//! `t()` and `l10n format` format, CLDR through ICU4X), blamed on the message itself, not
//! on those that refer to it.

use super::*;
use crate::l10n::format::{FormatError, Formatter, Value};

/// What fails when message `unit` and its attributes are formatted with `formatter`, with
/// arguments of `kinds` (numbers tried with each of `samples`): (what, why) each once.
/// What is not formatted yet (a currency style) is no failure.
pub(super) fn format_failures(
    formatter: &Formatter,
    unit: &ast::Unit<'_, '_>,
    kinds: &BTreeMap<String, ArgumentKind>,
    samples: &[String],
) -> Vec<(String, String)> {
    let numeric = kinds.values().any(|k| *k == ArgumentKind::Number);
    let tries: Vec<&str> = if numeric {
        samples.iter().map(String::as_str).collect()
    } else {
        vec!["1"]
    };
    let id = unit.id;
    let names = unit.value.map(|_| id.to_string()).into_iter().chain(
        unit.attributes
            .iter()
            .map(|a| format!("{id}.{}", a.id.name)),
    );
    let names: Vec<String> = names.collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for sample in tries {
        let args: BTreeMap<String, Value> = kinds
            .iter()
            .map(|(name, kind)| {
                let value = match kind {
                    ArgumentKind::Number => Value::Number(sample.to_string()),
                    ArgumentKind::Date => Value::Number("809222400000".to_string()),
                    ArgumentKind::Text => Value::Text("Sample".to_string()),
                };
                (name.clone(), value)
            })
            .collect();
        for name in &names {
            let Some(formatted) = formatter.format(name, &args) else {
                continue;
            };
            for error in &formatted.errors {
                if matches!(error, FormatError::Unsupported(_)) {
                    continue;
                }
                let failure = (format!("`{name}`"), error.to_string());
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
