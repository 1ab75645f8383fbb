//! Walking Fluent ASTs: what a pattern uses, and where things are in the source.
//!
//! fluent-syntax's AST has no spans, but every name in it borrows from the source text, so
//! [`offset`] recovers a byte position by pointer arithmetic. [`walk`] visits every
//! variable, reference, function call and select expression of a pattern, nested ones
//! included.

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Message, Pattern, PatternElement, Term, Variant,
    VariantKey,
};

/// The byte offset of `slice` in `source`, when it borrows from it.
pub fn offset(source: &str, slice: &str) -> Option<usize> {
    let start = source.as_ptr() as usize;
    let at = slice.as_ptr() as usize;
    (at >= start && at + slice.len() <= start + source.len()).then(|| at - start)
}

/// The byte range of message or term id `id` in `source`, with the `-` of a term, when it
/// borrows from it.
pub fn id_range(source: &str, id: Id<'_>) -> Option<std::ops::Range<usize>> {
    let start = offset(source, id.name)?;
    let from = if id.is_term {
        start.saturating_sub(1)
    } else {
        start
    };
    Some(from..start + id.name.len())
}

/// The byte range of `slice` in `source` (empty at 0 when it does not borrow from it).
pub fn range(source: &str, slice: &str) -> std::ops::Range<usize> {
    offset(source, slice).map_or(0..0, |o| o..o + slice.len())
}

/// Something a pattern uses.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a, 's> {
    /// `$name`.
    Variable(&'s str),
    /// `message` or `message.attribute`.
    Message(&'s str, Option<&'s str>),
    /// `-term` or `-term.attribute`.
    Term(&'s str, Option<&'s str>),
    /// `FUNCTION(…)`.
    Function(&'s str),
    /// A select expression.
    Select(&'a InlineExpression<&'s str>, &'a [Variant<&'s str>]),
    /// A string literal, `{ "…" }`, as written (escapes not resolved).
    Literal(&'s str),
}

/// Calls `visit` for every node of `pattern`, depth first, in source order.
pub fn walk<'a, 's>(pattern: &'a Pattern<&'s str>, visit: &mut impl FnMut(Node<'a, 's>)) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            walk_expression(expression, visit);
        }
    }
}

/// Like [`walk`], for one expression.
pub fn walk_expression<'a, 's>(
    expression: &'a Expression<&'s str>,
    visit: &mut impl FnMut(Node<'a, 's>),
) {
    match expression {
        Expression::Select { selector, variants } => {
            visit(Node::Select(selector, variants));
            walk_inline(selector, visit);
            for variant in variants {
                walk(&variant.value, visit);
            }
        }
        Expression::Inline(inline) => walk_inline(inline, visit),
    }
}

fn walk_inline<'a, 's>(
    inline: &'a InlineExpression<&'s str>,
    visit: &mut impl FnMut(Node<'a, 's>),
) {
    match inline {
        InlineExpression::VariableReference { id } => visit(Node::Variable(id.name)),
        InlineExpression::MessageReference { id, attribute } => {
            visit(Node::Message(id.name, attribute.as_ref().map(|a| a.name)));
        }
        InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => {
            visit(Node::Term(id.name, attribute.as_ref().map(|a| a.name)));
            if let Some(arguments) = arguments {
                for arg in &arguments.positional {
                    walk_inline(arg, visit);
                }
                for arg in &arguments.named {
                    walk_inline(&arg.value, visit);
                }
            }
        }
        InlineExpression::FunctionReference { id, arguments } => {
            visit(Node::Function(id.name));
            for arg in &arguments.positional {
                walk_inline(arg, visit);
            }
            for arg in &arguments.named {
                walk_inline(&arg.value, visit);
            }
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, visit),
        InlineExpression::StringLiteral { value } => visit(Node::Literal(value)),
        InlineExpression::NumberLiteral { .. } => {}
    }
}

/// What `pick` takes from the nodes of every pattern of `unit` (value and attributes).
pub fn collect<'a, 's, T>(
    unit: &Unit<'a, 's>,
    mut pick: impl FnMut(Node<'a, 's>) -> Option<T>,
) -> Vec<T> {
    let mut found = Vec::new();
    for (_, pattern) in unit.patterns() {
        walk(pattern, &mut |node| found.extend(pick(node)));
    }
    found
}

/// The name of a variant key (`one`, `2`).
pub fn key_name<'s>(key: &VariantKey<&'s str>) -> &'s str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}

/// The id of a message or a term; terms display with their `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id<'s> {
    /// Whether it names a term (`-brand-name`) rather than a message.
    pub is_term: bool,
    /// The name slice in the source (without `-`).
    pub name: &'s str,
}

impl std::fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_term {
            f.write_str("-")?;
        }
        f.write_str(self.name)
    }
}

/// A message or a term: what the checks compare.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a, 's> {
    /// The message's or term's id.
    pub id: Id<'s>,
    /// Its value; `None` for a message with attributes only (a term always has one).
    pub value: Option<&'a Pattern<&'s str>>,
    /// Its attributes (`.title`), in source order.
    pub attributes: &'a [fluent_syntax::ast::Attribute<&'s str>],
}

impl<'a, 's> Unit<'a, 's> {
    /// The message or term of `entry`, if it is one.
    pub fn of(entry: &'a Entry<&'s str>) -> Option<Unit<'a, 's>> {
        match entry {
            Entry::Message(Message {
                id,
                value,
                attributes,
                ..
            }) => Some(Unit {
                id: Id {
                    is_term: false,
                    name: id.name,
                },
                value: value.as_ref(),
                attributes,
            }),
            Entry::Term(Term {
                id,
                value,
                attributes,
                ..
            }) => Some(Unit {
                id: Id {
                    is_term: true,
                    name: id.name,
                },
                value: Some(value),
                attributes,
            }),
            _ => None,
        }
    }

    /// The value (`None`) or the attribute of that name, if it has it.
    pub fn pattern(&self, attribute: Option<&str>) -> Option<&'a Pattern<&'s str>> {
        match attribute {
            None => self.value,
            Some(name) => self
                .attributes
                .iter()
                .find(|a| a.id.name == name)
                .map(|a| &a.value),
        }
    }

    /// Every pattern: the value (named `None`) and each attribute.
    pub fn patterns(&self) -> impl Iterator<Item = (Option<&'s str>, &'a Pattern<&'s str>)> + '_ {
        self.value
            .map(|v| (None, v))
            .into_iter()
            .chain(self.attributes.iter().map(|a| (Some(a.id.name), &a.value)))
    }
}

/// The kind of value an application passes for a variable, as its uses tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// Selected on (`{ $count -> … }`) or given to `NUMBER()`.
    Number,
    /// Given to `DATETIME()`.
    Date,
    /// Anything else: shown as it is.
    Text,
}

/// The variables message `id` takes, with those of the messages it refers to (found with
/// `unit_of`), and the kind of value each takes.
pub fn argument_kinds<'a, 's: 'a>(
    unit_of: impl Fn(Id<'_>) -> Option<Unit<'a, 's>>,
    id: Id<'_>,
) -> std::collections::BTreeMap<String, ArgumentKind> {
    let mut kinds = std::collections::BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let key = Id {
            is_term: false,
            name: next.as_str(),
        };
        let Some(unit) = unit_of(key) else {
            continue;
        };
        for (_, pattern) in unit.patterns() {
            walk(pattern, &mut |node| match node {
                Node::Variable(name) => {
                    kinds.entry(name.to_string()).or_insert(ArgumentKind::Text);
                }
                Node::Select(selector, _) => {
                    if let Some(name) = super::plural::selector_variable(selector) {
                        kinds.insert(name.to_string(), ArgumentKind::Number);
                    }
                }
                Node::Function(_) | Node::Term(..) | Node::Literal(_) => {}
                Node::Message(name, _) => todo.push(name.to_string()),
            });
            mark_function_arguments(pattern, &mut kinds);
        }
    }
    kinds
}

/// `NUMBER($n)` makes `$n` a number, `DATETIME($d)` a date.
fn mark_function_arguments(
    pattern: &Pattern<&str>,
    kinds: &mut std::collections::BTreeMap<String, ArgumentKind>,
) {
    fn inline(
        e: &InlineExpression<&str>,
        kinds: &mut std::collections::BTreeMap<String, ArgumentKind>,
    ) {
        match e {
            InlineExpression::FunctionReference { id, arguments } => {
                let kind = match id.name {
                    "NUMBER" => Some(ArgumentKind::Number),
                    "DATETIME" => Some(ArgumentKind::Date),
                    _ => None,
                };
                for arg in &arguments.positional {
                    if let (Some(kind), InlineExpression::VariableReference { id }) = (kind, arg) {
                        kinds.insert(id.name.to_string(), kind);
                    }
                    inline(arg, kinds);
                }
            }
            InlineExpression::Placeable { expression } => expression_kinds(expression, kinds),
            _ => {}
        }
    }
    fn expression_kinds(
        e: &Expression<&str>,
        kinds: &mut std::collections::BTreeMap<String, ArgumentKind>,
    ) {
        match e {
            Expression::Select { selector, variants } => {
                inline(selector, kinds);
                for v in variants {
                    mark_function_arguments(&v.value, kinds);
                }
            }
            Expression::Inline(i) => inline(i, kinds),
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_kinds(expression, kinds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_kinds_follow_selects_functions_and_message_references() {
        let source = "a = { $n ->\n    [one] one\n   *[other] { NUMBER($n) }\n} on { DATETIME($d) } { b }\nb = by { $who }\n";
        let resource = fluent_syntax::parser::parse(source).expect("parses");
        let units: Vec<Unit<'_, '_>> = resource.body.iter().filter_map(Unit::of).collect();
        let kinds = argument_kinds(
            |id| units.iter().find(|u| u.id == id).copied(),
            Id {
                is_term: false,
                name: "a",
            },
        );
        let kinds: Vec<(&str, ArgumentKind)> =
            kinds.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            kinds,
            [
                ("d", ArgumentKind::Date),
                ("n", ArgumentKind::Number),
                ("who", ArgumentKind::Text)
            ]
        );
    }
}
