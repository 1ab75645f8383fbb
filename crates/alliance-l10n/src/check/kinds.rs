//! Variable kinds: what a variable of a message holds, as the reference says, against what
//! a translation does with it.
//!
//! The reference's comments decide first, in Mozilla's convention (`# $time (String) -
//! already formatted`): the message's own comment, then its group's (`##`), then the
//! file's (`###`). Where they say nothing, the reference's own use decides: `NUMBER($n)` or
//! a plural select on `$n` makes it a number, `DATETIME($d)` a date. A translation that
//! gives a value of one kind to a function of another (`DATETIME($time)` on a string, which
//! Fluent runtimes refuse at run time) or selects plural categories on a string (no
//! category ever matches) gets a `variable-kind` finding.

use std::collections::HashMap;

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};

use super::*;
use crate::syntax::comment_level;

/// What a variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text, shown as it is (already formatted).
    String,
    /// A number: `NUMBER()`, plural selects.
    Number,
    /// A date or time: `DATETIME()`.
    Date,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Date => "a date",
        }
    }
}

/// The kinds the comments of `text` give the variables of each entry, by the offset of
/// the entry's line: the entry's comment first (the `#` lines right above it), then its
/// group's (the last `##` block above it), then the file's (every `###` line). One pass.
pub(crate) fn documented(text: &str) -> HashMap<usize, HashMap<String, Kind>> {
    let mut file = HashMap::new();
    for line in text.lines().filter(|l| comment_level(l) == Some(3)) {
        declare(line, &mut file);
    }
    let mut by_entry = HashMap::new();
    let mut group: HashMap<String, Kind> = HashMap::new();
    let mut group_open = false;
    let mut own: Vec<&str> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let level = comment_level(line.trim_end_matches('\n'));
        match level {
            Some(1) => own.push(line),
            Some(2) => {
                if !group_open {
                    group.clear();
                }
                declare(line, &mut group);
                own.clear();
            }
            _ => {
                if line
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphabetic() || b == b'-')
                {
                    let mut kinds = HashMap::new();
                    for comment in own.iter().rev() {
                        declare(comment, &mut kinds);
                    }
                    for (name, kind) in group.iter().chain(&file) {
                        kinds.entry(name.clone()).or_insert(*kind);
                    }
                    if !kinds.is_empty() {
                        by_entry.insert(start, kinds);
                    }
                }
                own.clear();
            }
        }
        group_open = level == Some(2);
        start += line.len();
    }
    by_entry
}

/// The kinds of the variables of every message and term of the reference, by file and id:
/// what its comments say, else what its own use says. Made once per check.
pub(super) struct ReferenceKinds {
    files: Vec<HashMap<String, HashMap<String, Kind>>>,
}

impl ReferenceKinds {
    pub(super) fn of(reference: &ParsedLocale<'_>, index: &Index<'_>) -> ReferenceKinds {
        let files = reference
            .files
            .iter()
            .zip(&index.files)
            .map(|(parsed, units)| {
                let source = parsed.file.source();
                let documented = documented(&parsed.file.text);
                units
                    .iter()
                    .filter_map(|unit| {
                        let offset = ast::offset(source, unit.id.name)?;
                        let line = source[..offset].rfind('\n').map_or(0, |n| n + 1);
                        let mut kinds = documented.get(&line).cloned().unwrap_or_default();
                        for (name, kind) in used_kinds(unit) {
                            kinds.entry(name).or_insert(kind);
                        }
                        (!kinds.is_empty()).then(|| (unit.id.to_string(), kinds))
                    })
                    .collect()
            })
            .collect();
        ReferenceKinds { files }
    }
}

/// Adds the `$name (Kind)` of a comment line, unless a closer comment gave it already.
fn declare(line: &str, kinds: &mut HashMap<String, Kind>) {
    let mut rest = line;
    while let Some(dollar) = rest.find('$') {
        rest = &rest[dollar + 1..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            .count();
        let name = &rest[..name_len];
        let after = rest[name_len..].trim_start();
        let Some(inner) = after.strip_prefix('(').and_then(|a| a.split_once(')')) else {
            continue;
        };
        let kind = match inner.0.trim().to_ascii_lowercase().as_str() {
            "string" => Kind::String,
            "number" => Kind::Number,
            "date" | "datetime" | "time" => Kind::Date,
            _ => continue,
        };
        if !name.is_empty() {
            kinds.entry(name.to_string()).or_insert(kind);
        }
    }
}

/// What a pattern does with its variables: the kind each use needs, at the variable.
fn uses<'s>(pattern: &Pattern<&'s str>, out: &mut Vec<(&'s str, Kind, &'static str)>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_uses(expression, out);
        }
    }
}

fn expression_uses<'s>(
    expression: &Expression<&'s str>,
    out: &mut Vec<(&'s str, Kind, &'static str)>,
) {
    match expression {
        Expression::Inline(inline) => inline_uses(inline, out),
        Expression::Select { selector, variants } => {
            if let InlineExpression::VariableReference { id } = selector
                && crate::plural::is_plural(selector, variants, &[])
            {
                out.push((id.name, Kind::Number, "selects plural categories on"));
            }
            inline_uses(selector, out);
            for variant in variants {
                uses(&variant.value, out);
            }
        }
    }
}

fn inline_uses<'s>(
    inline: &InlineExpression<&'s str>,
    out: &mut Vec<(&'s str, Kind, &'static str)>,
) {
    match inline {
        InlineExpression::FunctionReference { id, arguments } => {
            let needs = match id.name {
                "NUMBER" => Some((Kind::Number, "applies NUMBER() to")),
                "DATETIME" => Some((Kind::Date, "applies DATETIME() to")),
                _ => None,
            };
            if let (Some((kind, what)), Some(InlineExpression::VariableReference { id })) =
                (needs, arguments.positional.first())
            {
                out.push((id.name, kind, what));
            }
            for argument in &arguments.positional {
                inline_uses(argument, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_uses(expression, out),
        _ => {}
    }
}

/// The kinds of the variables of `unit` by its own use (a number where it is given to
/// `NUMBER()` or selected on by plural category, a date where given to `DATETIME()`).
fn used_kinds(unit: &Unit<'_, '_>) -> HashMap<String, Kind> {
    let mut found = Vec::new();
    for (_, pattern) in unit.patterns() {
        uses(pattern, &mut found);
    }
    found
        .into_iter()
        .map(|(name, kind, _)| (name.to_string(), kind))
        .collect()
}

/// Checks what translation `unit` (in file `li`) does with each variable against the kind
/// the reference (`reference_unit`, in reference file `ri`) gives it.
pub(super) fn check_kinds(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    ri: usize,
    li: usize,
    unit: &Unit<'_, '_>,
    reference_unit: &Unit<'_, '_>,
) {
    let Some(kinds) = pair.kinds.files[ri].get(&reference_unit.id.to_string()) else {
        return;
    };
    let mut found = Vec::new();
    for (_, pattern) in unit.patterns() {
        uses(pattern, &mut found);
    }
    let reference_tag = pair.reference_tag();
    for (name, needs, what) in found {
        let Some(&kind) = kinds.get(name) else {
            continue;
        };
        if kind == needs {
            continue;
        }
        let range = ast::range(findings.src(li), name);
        findings.add(
            Code::VariableKind,
            li,
            Some(unit.id),
            range,
            format!(
                "`{}` {what} `${name}`, which the {reference_tag} reference says is {}",
                unit.id,
                kind.name()
            ),
            Some(match kind {
                Kind::String => format!(
                    "the application passes `${name}` already formatted: show it as it is (`{{ ${name} }}`), as the {reference_tag} message does"
                ),
                Kind::Number => format!("`${name}` is a number: use NUMBER() or a plural select on it"),
                Kind::Date => format!("`${name}` is a date: format it with DATETIME()"),
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_closest_to_the_message_decide() {
        let text = "### $a (String) - file\n### $b (Number)\n\n## $b (String) - group\n## $c (Date)\n\n# $c (Number) - mine\n# $d (Time)\nmsg = x\n# $e (Number)\n\nother = y\n";
        let all = documented(text);
        let kinds = &all[&text.find("msg").expect("msg")];
        assert_eq!(kinds.get("a"), Some(&Kind::String));
        assert_eq!(
            kinds.get("b"),
            Some(&Kind::String),
            "the group's over the file's"
        );
        assert_eq!(
            kinds.get("c"),
            Some(&Kind::Number),
            "the message's over the group's"
        );
        assert_eq!(kinds.get("d"), Some(&Kind::Date));
        let other = &all[&text.find("other").expect("other")];
        assert_eq!(other.get("e"), None, "a comment apart is not the message's");
        assert_eq!(other.get("c"), Some(&Kind::Date), "the group's still");
    }
}
