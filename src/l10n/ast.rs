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
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
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
    pub id: Id<'s>,
    pub value: Option<&'a Pattern<&'s str>>,
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
