//! Formatting a message as a bundle shows it, with CLDR's rules through ICU4X: plural
//! categories from [`crate::plural`] (the one plural source of the program), numbers with
//! ICU4X's decimal formatter (the locale's separators and grouping, `NUMBER()`'s fraction,
//! integer and grouping options, percent and currency), dates with ICU4X's date formatter
//! ([`datetime`]: `DATETIME()` with `Intl.DateTimeFormat`'s options).
//!
//! A [`Formatter`] holds the locales of a fallback chain, the locale first and the
//! reference last; each message and term is taken from the first of them that has it, as a
//! bundle takes it, and [`Formatted::from`] says which. What cannot be formatted (a missing
//! variable or message, a cycle) is shown as Fluent runtimes show it (`{$name}`) and listed
//! in [`Formatted::errors`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use fixed_decimal::Decimal;
use fluent_syntax::ast::{
    CallArguments, Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_experimental::dimension::percent::formatter::PercentFormatter;

use crate::Locale;
use crate::ast::{ArgumentKind, Unit};
use crate::plural::Categories;
use crate::tag::Tag;
use fluent_bundle::FluentResource;

mod datetime;
mod number;
use datetime::When;
use number::{Literal, Number, apply_option};

/// A value given to a message: text as it is, or a number (its decimal text, `1234.5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Shown as it is.
    Text(String),
    /// Formatted for the locale; selects by plural category.
    Number(String),
}

impl Value {
    /// The value of a command-line argument: a number when it reads as one.
    pub fn from_argument(text: &str) -> Value {
        if Decimal::try_from_str(text).is_ok() {
            Value::Number(text.to_string())
        } else {
            Value::Text(text.to_string())
        }
    }

    fn text(&self) -> &str {
        match self {
            Value::Text(text) | Value::Number(text) => text,
        }
    }
}

/// One message formatted with one set of values, as `l10n format` reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// The message (`id` or `id.attribute`).
    pub id: String,
    /// The values given, as written.
    pub args: BTreeMap<String, String>,
    /// The text as the bundle shows it.
    pub text: String,
    /// The locale of the chain it was taken from.
    pub from: String,
    /// What could not be formatted.
    pub errors: Vec<String>,
}

impl Row {
    /// The row of message `id` formatted with `args`.
    pub fn new(id: &str, args: &BTreeMap<String, Value>, formatted: Formatted) -> Row {
        Row {
            id: id.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.clone(), v.text().to_string()))
                .collect(),
            text: formatted.text,
            from: formatted.from,
            errors: formatted.errors.iter().map(ToString::to_string).collect(),
        }
    }
}

/// What could not be formatted, in the words the bundle proof uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// A message or term refers to itself, directly or through others.
    Cyclic,
    /// A message with attributes only, used where its value is shown.
    NoValue(String),
    /// A message or term (`-id`, perhaps with `.attribute`) that is nowhere.
    Unknown(String),
    /// A variable without a value.
    Variable(String),
    /// A function that does not exist.
    Function(String),
    /// A function given what it cannot take.
    Argument(String),
    /// What is not formatted yet (`NUMBER()`'s `style: "currency"`): shown as a plain
    /// number, not a failure.
    Unsupported(String),
    /// More placeables than a message may expand to (references that multiply).
    TooManyPlaceables,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Cyclic => f.write_str("it refers to itself in a cycle"),
            FormatError::NoValue(id) => write!(f, "`{id}` has no value to show"),
            FormatError::Unknown(id) => {
                write!(f, "it refers to `{id}`, which is not in the bundle")
            }
            FormatError::Variable(name) => write!(
                f,
                "the variable `${name}` is not known where it is used (inside a term, pass it as a term argument)"
            ),
            FormatError::Function(name) => {
                write!(f, "the function `{name}` does not exist")?;
                let known = ["NUMBER".to_string(), "DATETIME".to_string()];
                match alliance_diagnostic::suggest::closest(&name.to_uppercase(), &known) {
                    Some(meant) => write!(f, " ({})", alliance_diagnostic::suggest::phrase(meant)),
                    None => f.write_str(" (Fluent has NUMBER and DATETIME)"),
                }
            }
            FormatError::Argument(what) | FormatError::Unsupported(what) => f.write_str(what),
            FormatError::TooManyPlaceables => f.write_str("it expands to too many placeables"),
        }
    }
}

/// A message formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The text, as the bundle would show it.
    pub text: String,
    /// The locale of the chain the message was taken from.
    pub from: String,
    /// What could not be formatted.
    pub errors: Vec<FormatError>,
}

#[derive(Debug, Clone)]
enum Resolved {
    Text(String),
    Number(Number),
    Date(Box<When>),
}

/// How deep messages and terms may refer to one another (a deeper chain expands to too
/// many placeables anyway).
const MAX_DEPTH: usize = 100;

/// How many placeables a message may expand to (fluent-bundle's and fluent.js's limit).
const MAX_PLACEABLES: usize = 100;

/// Where the formatter's messages come from: the files of a locale (each parsed when it
/// was read), or a bundle's compact resources.
#[derive(Clone)]
enum Source {
    File(Arc<crate::syntax::Parsed>),
    Resource(Arc<FluentResource>),
}

impl Source {
    fn resource(&self) -> &FluentResource {
        match self {
            Source::File(parsed) => &parsed.resource,
            Source::Resource(resource) => resource,
        }
    }
}

/// Formats the messages of a fallback chain with the rules of its first locale. It owns
/// what it formats (shared, not copied): a bundle keeps one for as long as templates need.
pub struct Formatter {
    /// The tag of each link of the chain.
    links: Vec<String>,
    /// The resources, each with the link it belongs to.
    sources: Vec<(usize, Source)>,
    /// Each message (`id`) and term (`-id`): the first source that has it, and where.
    entries: HashMap<String, (usize, usize)>,
    categories: Option<Categories>,
    /// The locale's decimal formatters: grouping as the locale does, and never.
    decimal: Option<(DecimalFormatter, DecimalFormatter)>,
    /// The locale's percent formatter (`50 %` in German, `%50` in Turkish).
    percent: Option<PercentFormatter<DecimalFormatter>>,
    /// The locale as ICU4X knows it, for dates.
    locale: Option<icu_locale_core::Locale>,
    isolate: bool,
}

impl Formatter {
    /// A formatter of `chain`: the locale first, the reference last.
    pub fn new(chain: &[&Locale]) -> Formatter {
        let sources = chain
            .iter()
            .enumerate()
            .flat_map(|(link, locale)| {
                locale
                    .files
                    .iter()
                    .map(move |file| (link, Source::File(Arc::clone(&file.parsed))))
            })
            .collect();
        let links = chain.iter().map(|l| l.tag.to_string()).collect();
        Formatter::of(chain.first().map(|l| &l.tag), links, sources)
    }

    /// A formatter of a bundle of locale `tag`: its resources, complete through fallback.
    pub fn of_bundle(tag: &Tag, resources: &[Arc<FluentResource>]) -> Formatter {
        let sources = resources
            .iter()
            .map(|r| (0, Source::Resource(Arc::clone(r))))
            .collect();
        Formatter::of(Some(tag), vec![tag.to_string()], sources)
    }

    fn of(tag: Option<&Tag>, links: Vec<String>, sources: Vec<(usize, Source)>) -> Formatter {
        let mut entries = HashMap::new();
        for (s, (_, source)) in sources.iter().enumerate() {
            for (e, entry) in source.resource().entries().enumerate() {
                let id = match entry {
                    Entry::Message(m) => m.id.name.to_string(),
                    Entry::Term(t) => format!("-{}", t.id.name),
                    _ => continue,
                };
                entries.entry(id).or_insert((s, e));
            }
        }
        let decimal = tag.and_then(|t| t.icu()).and_then(|locale| {
            let mut never = DecimalFormatterOptions::default();
            never.grouping_strategy = Some(GroupingStrategy::Never);
            let grouped = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
            let ungrouped = DecimalFormatter::try_new((&locale).into(), never).ok()?;
            Some((grouped, ungrouped))
        });
        let percent = tag.and_then(|t| t.icu()).and_then(|locale| {
            PercentFormatter::try_new((&locale).into(), Default::default()).ok()
        });
        Formatter {
            links,
            sources,
            entries,
            categories: tag.and_then(Categories::of),
            decimal,
            percent,
            locale: tag.and_then(|t| t.icu()),
            isolate: tag.is_some_and(|t| t.is_rtl()),
        }
    }

    /// Message or term `id` (`-id` for a term), with the tag of the link it comes from.
    fn entry(&self, id: &str) -> Option<(&str, &Entry<&str>)> {
        let &(s, e) = self.entries.get(id)?;
        let (link, source) = &self.sources[s];
        let entry = source.resource().get_entry(e)?;
        Some((self.links[*link].as_str(), entry))
    }

    /// One number of each plural category of the locale, as numbers are shown (`0.5`, never
    /// `0.0`, which shows as `0`).
    pub fn plural_samples(&self) -> Vec<String> {
        sample_numbers(self.categories.as_ref())
    }

    /// Whether it has message `id` (not a term).
    pub fn has_message(&self, id: &str) -> bool {
        !id.starts_with('-') && self.entries.contains_key(id)
    }

    /// The ids of the messages (not terms) it can format, sorted.
    pub fn message_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .entries
            .keys()
            .filter(|id| !id.starts_with('-'))
            .map(String::as_str)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Every message and attribute, formatted with sample values: a variable the message
    /// takes as a number once with a number of each plural category of the locale (from
    /// CLDR: the first whole number of each, then the first fraction), any other with its
    /// own name as text.
    pub fn samples(&self) -> Vec<Row> {
        let numbers = sample_numbers(self.categories.as_ref());
        let mut rows = Vec::new();
        for id in self.message_ids() {
            let Some(unit) = self.entry(id).and_then(|(_, e)| Unit::of(e)) else {
                continue;
            };
            let kinds = crate::ast::argument_kinds(
                |key| self.entry(&key.to_string()).and_then(|(_, e)| Unit::of(e)),
                unit.id,
            );
            let numeric: Vec<&String> = kinds
                .iter()
                .filter(|(_, k)| **k == ArgumentKind::Number)
                .map(|(name, _)| name)
                .collect();
            let texts: BTreeMap<String, Value> = kinds
                .iter()
                .filter(|(_, k)| **k != ArgumentKind::Number)
                .map(|(name, _)| (name.clone(), Value::Text(name.clone())))
                .collect();
            let sets: Vec<BTreeMap<String, Value>> = if numeric.is_empty() {
                vec![texts]
            } else {
                numbers
                    .iter()
                    .map(|n| {
                        let mut set = texts.clone();
                        for name in &numeric {
                            set.insert((*name).clone(), Value::Number(n.clone()));
                        }
                        set
                    })
                    .collect()
            };
            let names = std::iter::once(id.to_string()).chain(
                unit.attributes
                    .iter()
                    .map(|a| format!("{id}.{}", a.id.name)),
            );
            for name in names {
                if name == id && unit.value.is_none() {
                    continue;
                }
                for set in &sets {
                    if let Some(formatted) = self.format(&name, set) {
                        rows.push(Row::new(&name, set, formatted));
                    }
                }
            }
        }
        rows
    }

    /// Message `id` (`id.attribute` for an attribute) with `args`; `None` when no locale
    /// of the chain has it.
    pub fn format(&self, id: &str, args: &BTreeMap<String, Value>) -> Option<Formatted> {
        let (name, attribute) = match id.split_once('.') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (id, None),
        };
        let (from, entry) = self.entry(name)?;
        let pattern = pattern_of(entry, attribute)?;
        let mut scope = Scope {
            args: args.iter().map(|(k, v)| (k.clone(), value(v))).collect(),
            errors: Vec::new(),
            stack: vec![id.to_string()],
            placeables: 0,
        };
        let text = self.pattern(pattern, &mut scope);
        let mut errors: Vec<FormatError> = Vec::new();
        for error in scope.errors {
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
        scope.errors = errors;
        Some(Formatted {
            text,
            from: (*from).to_string(),
            errors: scope.errors,
        })
    }

    fn pattern(&self, pattern: &Pattern<&str>, scope: &mut Scope) -> String {
        let mut out = String::new();
        let alone = pattern.elements.len() == 1;
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable { expression } => {
                    // As Fluent runtimes do, a message expands to 100 placeables at most.
                    scope.placeables += 1;
                    if scope.placeables > MAX_PLACEABLES {
                        if !scope.errors.contains(&FormatError::TooManyPlaceables) {
                            scope.errors.push(FormatError::TooManyPlaceables);
                        }
                        return out;
                    }
                    let text = self.show(self.expression(expression, scope));
                    // As Fluent runtimes do: not a placeable alone, nor a message or term
                    // reference or a string (their own text is isolated where it needs).
                    let plain = matches!(
                        expression,
                        Expression::Inline(
                            InlineExpression::MessageReference { .. }
                                | InlineExpression::TermReference { .. }
                                | InlineExpression::StringLiteral { .. }
                        )
                    );
                    if self.isolate && !alone && !plain {
                        out.push('\u{2068}');
                        out.push_str(&text);
                        out.push('\u{2069}');
                    } else {
                        out.push_str(&text);
                    }
                }
            }
        }
        out
    }

    fn show(&self, resolved: Resolved) -> String {
        match resolved {
            Resolved::Text(text) => text,
            Resolved::Number(number) => self.number_text(&number),
            Resolved::Date(when) => when.text(self.locale.as_ref()),
        }
    }

    /// The number as the locale writes it (ICU4X); as written where the locale has no data.
    fn number_text(&self, number: &Number) -> String {
        if let Some(text) = self.currency_text(number) {
            return text;
        }
        if number.percent
            && let Some(percent) = &self.percent
        {
            return writeable::Writeable::write_to_string(&percent.format(&number.shown()))
                .into_owned();
        }
        match &self.decimal {
            Some((grouped, _)) if number.grouping => grouped.format_to_string(&number.shown()),
            Some((_, ungrouped)) => ungrouped.format_to_string(&number.shown()),
            None => number.shown().to_string(),
        }
    }

    /// An amount of a currency, as the locale writes it (`1.234,50 €`).
    fn currency_text(&self, number: &Number) -> Option<String> {
        use icu_experimental::dimension::currency::CurrencyCode;
        use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
        use icu_experimental::dimension::currency::options::Width;
        let currency = number.currency.as_ref()?;
        let code = tinystr::TinyAsciiStr::<3>::try_from_str(currency.code.as_deref()?).ok()?;
        let width = if currency.narrow {
            Width::Narrow
        } else {
            Width::Short
        };
        let formatter =
            CurrencyFormatter::try_new(self.locale.as_ref()?.into(), width.into()).ok()?;
        let shown = number.shown();
        Some(
            writeable::Writeable::write_to_string(
                &formatter.format_fixed_decimal(&shown, CurrencyCode(code)),
            )
            .into_owned(),
        )
    }

    fn expression(&self, expression: &Expression<&str>, scope: &mut Scope) -> Resolved {
        match expression {
            Expression::Inline(inline) => self.inline(inline, scope),
            Expression::Select { selector, variants } => {
                // A function the runtime lacks (Mozilla's `PLATFORM()`) selects the default
                // variant, unreported, as fluent-bundle and fluent.js do.
                let value = match selector {
                    InlineExpression::FunctionReference { id, .. }
                        if !matches!(id.name, "NUMBER" | "DATETIME") =>
                    {
                        Resolved::Text(String::new())
                    }
                    _ => self.inline(selector, scope),
                };
                let chosen = variants
                    .iter()
                    .find(|v| self.matches(&v.key, &value))
                    .or_else(|| variants.iter().find(|v| v.default))
                    .or(variants.first());
                match chosen {
                    Some(variant) => Resolved::Text(self.pattern(&variant.value, scope)),
                    None => Resolved::Text(String::new()),
                }
            }
        }
    }

    /// Whether variant `key` is chosen for `value`: the same number, the number's plural
    /// category, or the same text.
    fn matches(&self, key: &VariantKey<&str>, value: &Resolved) -> bool {
        match (key, value) {
            (VariantKey::NumberLiteral { value: key }, Resolved::Number(number)) => {
                Decimal::try_from_str(key).is_ok_and(|k| k == number.shown())
            }
            (VariantKey::Identifier { name }, Resolved::Number(number)) => {
                let shown = number.shown().to_string();
                self.categories
                    .as_ref()
                    .and_then(|c| {
                        if number.ordinal {
                            c.ordinal(&shown)
                        } else {
                            c.category(&shown)
                        }
                    })
                    .is_some_and(|category| category == *name)
            }
            (VariantKey::Identifier { name }, Resolved::Text(text)) => text == name,
            (VariantKey::NumberLiteral { value: key }, Resolved::Text(text)) => text == key,
            (_, Resolved::Date(_)) => false,
        }
    }

    fn inline(&self, inline: &InlineExpression<&str>, scope: &mut Scope) -> Resolved {
        match inline {
            InlineExpression::StringLiteral { value } => Resolved::Text(
                fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned(),
            ),
            InlineExpression::NumberLiteral { value } => match Decimal::try_from_str(value) {
                Ok(decimal) => Resolved::Number(Number::new(decimal)),
                Err(_) => Resolved::Text((*value).to_string()),
            },
            InlineExpression::VariableReference { id } => match scope.args.get(id.name) {
                Some(value) => value.clone(),
                None => {
                    scope
                        .errors
                        .push(FormatError::Variable(id.name.to_string()));
                    Resolved::Text(format!("{{${}}}", id.name))
                }
            },
            InlineExpression::MessageReference { id, attribute } => {
                let shown = match attribute {
                    Some(a) => format!("{}.{}", id.name, a.name),
                    None => id.name.to_string(),
                };
                self.reference(
                    id.name,
                    attribute.as_ref().map(|a| a.name),
                    &shown,
                    None,
                    scope,
                )
            }
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let name = format!("-{}", id.name);
                let shown = match attribute {
                    Some(a) => format!("{name}.{}", a.name),
                    None => name.clone(),
                };
                self.reference(
                    &name,
                    attribute.as_ref().map(|a| a.name),
                    &shown,
                    arguments.as_ref(),
                    scope,
                )
            }
            InlineExpression::FunctionReference { id, arguments } => {
                self.function(id.name, arguments, scope)
            }
            InlineExpression::Placeable { expression } => self.expression(expression, scope),
        }
    }

    /// A message or term referred to; a term with its own arguments only.
    fn reference(
        &self,
        name: &str,
        attribute: Option<&str>,
        shown: &str,
        arguments: Option<&CallArguments<&str>>,
        scope: &mut Scope,
    ) -> Resolved {
        let Some(entry) = self.entry(name).map(|(_, e)| e) else {
            scope.errors.push(FormatError::Unknown(shown.to_string()));
            return Resolved::Text(format!("{{{shown}}}"));
        };
        let Some(pattern) = pattern_of(entry, attribute) else {
            scope.errors.push(match attribute {
                Some(_) => FormatError::Unknown(shown.to_string()),
                None => FormatError::NoValue(shown.to_string()),
            });
            return Resolved::Text(format!("{{{shown}}}"));
        };
        if scope.stack.iter().any(|s| s == shown) {
            scope.errors.push(FormatError::Cyclic);
            return Resolved::Text("{???}".to_string());
        }
        if scope.stack.len() > MAX_DEPTH {
            scope.errors.push(FormatError::TooManyPlaceables);
            return Resolved::Text("{???}".to_string());
        }
        let text = if name.starts_with('-') {
            let mut term = Scope {
                args: HashMap::new(),
                errors: Vec::new(),
                stack: scope.stack.clone(),
                placeables: scope.placeables,
            };
            for named in arguments.map(|a| a.named.as_slice()).unwrap_or_default() {
                let value = self.inline(&named.value, scope);
                term.args.insert(named.name.name.to_string(), value);
            }
            term.stack.push(shown.to_string());
            let text = self.pattern(pattern, &mut term);
            scope.errors.append(&mut term.errors);
            scope.placeables = term.placeables;
            text
        } else {
            scope.stack.push(shown.to_string());
            let text = self.pattern(pattern, scope);
            scope.stack.pop();
            text
        };
        Resolved::Text(text)
    }

    fn function(&self, name: &str, arguments: &CallArguments<&str>, scope: &mut Scope) -> Resolved {
        let first = arguments.positional.first().map(|a| self.inline(a, scope));
        match (name, first) {
            ("NUMBER", Some(Resolved::Number(mut number))) => {
                // The style first: Intl applies the digit options to the percentage.
                let mut named: Vec<_> = arguments.named.iter().collect();
                named.sort_by_key(|n| n.name.name != "style");
                for named in named {
                    let option = match &named.value {
                        InlineExpression::StringLiteral { value } => Literal::Text(value),
                        InlineExpression::NumberLiteral { value } => Literal::Number(value),
                        _ => continue,
                    };
                    apply_option(&mut number, named.name.name, option, &mut scope.errors);
                }
                if number.currency.as_ref().is_some_and(|c| c.code.is_none()) {
                    number.currency = None;
                    scope.errors.push(FormatError::Argument(
                        "NUMBER() with style: \"currency\" needs the currency's ISO 4217 code: \
                         currency: \"EUR\""
                            .to_string(),
                    ));
                }
                Resolved::Number(number)
            }
            ("NUMBER", other) => {
                scope
                    .errors
                    .push(FormatError::Argument("NUMBER() takes a number".to_string()));
                other.unwrap_or(Resolved::Text("{NUMBER()}".to_string()))
            }
            ("DATETIME", Some(value)) => match self.datetime(value, arguments, scope) {
                Ok(when) => Resolved::Date(Box::new(when)),
                Err(error) => {
                    scope.errors.push(error);
                    Resolved::Text("{DATETIME()}".to_string())
                }
            },
            (other, _) => {
                scope.errors.push(FormatError::Function(other.to_string()));
                Resolved::Text(format!("{{{other}()}}"))
            }
        }
    }
}

impl Formatter {
    /// `DATETIME(value, options…)`: the date the value gives, with the options applied.
    fn datetime(
        &self,
        value: Resolved,
        arguments: &CallArguments<&str>,
        scope: &mut Scope,
    ) -> Result<When, FormatError> {
        let mut when = match value {
            Resolved::Date(when) => *when,
            Resolved::Text(text) => When::from_text(&text)?,
            Resolved::Number(number) => {
                let mut whole = number.decimal.clone();
                whole.trunc(0);
                let millis = whole.to_string().parse::<i64>().map_err(|_| {
                    FormatError::Argument(format!("DATETIME() cannot show {}", number.decimal))
                })?;
                When::from_millis(millis)?
            }
        };
        let options: Vec<(&str, &str)> = arguments
            .named
            .iter()
            .filter_map(|named| match &named.value {
                InlineExpression::StringLiteral { value }
                | InlineExpression::NumberLiteral { value } => Some((named.name.name, *value)),
                _ => None,
            })
            .collect();
        when.apply(&options, &mut scope.errors)?;
        Ok(when)
    }
}

/// One number of each plural category (in CLDR's order), as a number is shown: whole
/// numbers up to 1,000 first, then fractions without trailing zeros (`0.5`).
fn sample_numbers(categories: Option<&Categories>) -> Vec<String> {
    let Some(categories) = categories else {
        return vec!["1".to_string(), "2".to_string()];
    };
    let candidates = (0..=1000u32)
        .map(|n| n.to_string())
        .chain((0..=100u32).flat_map(|n| ["5", "25", "1"].map(|f| format!("{n}.{f}"))));
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for number in candidates {
        if let Some(category) = categories.category(&number) {
            let i = crate::plural::CATEGORIES
                .iter()
                .position(|c| *c == category)
                .unwrap_or(5);
            found.entry(i).or_insert(number);
        }
    }
    found.into_values().collect()
}

/// The value or the attribute `attribute` of a message or term.
fn pattern_of<'e>(
    entry: &'e Entry<&'e str>,
    attribute: Option<&str>,
) -> Option<&'e Pattern<&'e str>> {
    let (value, attributes) = match entry {
        Entry::Message(m) => (m.value.as_ref(), &m.attributes),
        Entry::Term(t) => (Some(&t.value), &t.attributes),
        _ => return None,
    };
    match attribute {
        None => value,
        Some(name) => attributes
            .iter()
            .find(|a| a.id.name == name)
            .map(|a| &a.value),
    }
}

/// A value given as an argument: a number when it reads as one.
fn value(value: &Value) -> Resolved {
    match value {
        Value::Number(text) => match Decimal::try_from_str(text) {
            Ok(decimal) => Resolved::Number(Number::new(decimal)),
            Err(_) => Resolved::Text(text.clone()),
        },
        Value::Text(text) => Resolved::Text(text.clone()),
    }
}

/// The arguments of a message being formatted, what went wrong, and the messages and
/// terms being formatted (for cycles).
struct Scope {
    args: HashMap<String, Resolved>,
    errors: Vec<FormatError>,
    stack: Vec<String>,
    /// Placeables expanded so far.
    placeables: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FtlFile;
    use crate::tag::Tag;

    fn locale(tag: &str, text: &str) -> Locale {
        Locale {
            tag: Tag::new(tag),
            files: vec![FtlFile::new(
                "a.ftl",
                format!("locales/{tag}/a.ftl"),
                text.as_bytes(),
            )],
        }
    }

    fn number(n: &str) -> BTreeMap<String, Value> {
        BTreeMap::from([("n".to_string(), Value::Number(n.to_string()))])
    }

    #[test]
    fn numbers_are_written_as_the_locale_writes_them() {
        let text = "plain = { $n }\n\
                    two = { NUMBER($n, minimumFractionDigits: 2) }\n\
                    none = { NUMBER($n, maximumFractionDigits: 0) }\n\
                    flat = { NUMBER($n, useGrouping: 0) }\n\
                    string = { NUMBER($n, useGrouping: \"false\") }\n\
                    wide = { NUMBER($n, minimumIntegerDigits: 3) }\n\
                    percent = { NUMBER($n, style: \"percent\") }\n\
                    tenth = { NUMBER($n, maximumFractionDigits: 1, style: \"percent\") }\n";
        let de = locale("de", text);
        let en = locale("en-US", text);
        let format = |l: &Locale, id: &str, n: &str| {
            Formatter::new(&[l]).format(id, &number(n)).expect(id).text
        };
        assert_eq!(format(&de, "plain", "1234.5"), "1.234,5");
        assert_eq!(format(&en, "plain", "1234.5"), "1,234.5");
        assert_eq!(
            format(&de, "plain", "2.123456"),
            "2,123",
            "three digits at most"
        );
        assert_eq!(format(&de, "two", "1.5"), "1,50");
        assert_eq!(format(&de, "none", "2.5"), "3", "half away from zero");
        assert_eq!(format(&de, "flat", "1234.5"), "1234,5");
        assert_eq!(
            format(&de, "string", "1234.5"),
            "1.234,5",
            "\"false\" is true"
        );
        assert_eq!(format(&en, "wide", "7"), "007");
        assert_eq!(
            format(&en, "percent", "0.256"),
            "26%",
            "no fraction digits by default"
        );
        assert_eq!(format(&de, "percent", "0.5"), "50\u{a0}%");
        let money = |tag: &str, n: &str, code: &str, display: &str| {
            let l = locale(
                tag,
                &format!(
                    "m = {{ NUMBER($n, style: \"currency\", currency: \"{code}\"{display}) }}\n"
                ),
            );
            Formatter::new(&[&l]).format("m", &number(n)).expect("m")
        };
        assert_eq!(money("de", "1234.5", "EUR", "").text, "1.234,50\u{a0}€");
        assert_eq!(money("en-US", "1234.5", "USD", "").text, "$1,234.50");
        assert_eq!(
            money("ja", "1234.5", "JPY", "").text,
            "￥1,235",
            "no minor units"
        );
        assert_eq!(
            money("ar", "2.5", "KWD", "").text,
            "\u{200f}2.500\u{a0}د.ك.\u{200f}"
        );
        assert_eq!(
            money("de", "3", "USD", ", currencyDisplay: \"narrowSymbol\"").text,
            "3,00\u{a0}$"
        );
        let bad = money("de", "3", "euro", "");
        assert_eq!(bad.text, "3");
        assert_eq!(bad.errors.len(), 2, "{bad:?}");
        assert_eq!(
            format(&de, "tenth", "0.2567"),
            "25,7\u{a0}%",
            "digits of the percentage"
        );
    }

    /// `DATETIME()` shows the date as the locale writes it (ICU4X's date formatter, CLDR
    /// 48), from ISO 8601 text or milliseconds since 1970, with Intl's options.
    #[test]
    fn dates_are_written_as_the_locale_writes_them() {
        let text = "plain = { DATETIME($d) }\n\
                    long = { DATETIME($d, dateStyle: \"long\") }\n\
                    full = { DATETIME($d, dateStyle: \"full\") }\n\
                    both = { DATETIME($d, dateStyle: \"medium\", timeStyle: \"short\") }\n\
                    time = { DATETIME($d, timeStyle: \"short\") }\n\
                    h12 = { DATETIME($d, hour: \"numeric\", minute: \"numeric\", hour12: 1) }\n\
                    month = { DATETIME($d, month: \"long\", day: \"numeric\") }\n\
                    mixed = { DATETIME($d, dateStyle: \"long\", year: \"numeric\") }\n\
                    zone = { DATETIME($d, timeZoneName: \"short\") }\n";
        let format = |tag: &str, id: &str, d: &str| {
            let l = locale(tag, text);
            let args = BTreeMap::from([("d".to_string(), Value::from_argument(d))]);
            Formatter::new(&[&l]).format(id, &args).expect(id)
        };
        let show = |tag: &str, id: &str, d: &str| format(tag, id, d).text;
        let evening = "1995-08-24T22:05:09";
        assert_eq!(show("en-US", "plain", evening), "8/24/1995");
        assert_eq!(
            show("de", "plain", "809222400000"),
            "24.08.1995",
            "milliseconds"
        );
        assert_eq!(show("de", "long", evening), "24. August 1995");
        assert_eq!(show("de", "full", evening), "Donnerstag, 24. August 1995");
        assert_eq!(show("en-US", "full", evening), "Thursday, August 24, 1995");
        assert_eq!(show("ja", "long", evening), "1995年8月24日");
        assert_eq!(show("ru", "long", evening), "24 августа 1995\u{202f}г.");
        assert_eq!(show("de", "both", evening), "24.08.1995, 22:05");
        assert_eq!(show("de", "time", evening), "22:05");
        assert_eq!(show("en-US", "time", evening), "10:05\u{202f}PM");
        assert_eq!(
            show("de", "h12", evening),
            "10:05\u{202f}PM",
            "hour12 in German"
        );
        assert_eq!(show("fr", "month", evening), "24 août");
        let mixed = format("de", "mixed", evening);
        assert!(
            matches!(&mixed.errors[..], [FormatError::Argument(e)] if e.contains("not both")),
            "{mixed:?}"
        );
        let zone = format("de", "zone", evening);
        assert_eq!(zone.text, "24.08.1995", "shown without the zone");
        assert!(matches!(zone.errors[..], [FormatError::Unsupported(_)]));
        let text = format("de", "long", "yesterday");
        assert_eq!(text.text, "{DATETIME()}");
        assert!(
            matches!(&text.errors[..], [FormatError::Argument(e)] if e.contains("1995-08-24")),
            "{text:?}"
        );
    }

    /// Arabic 103, 111 and 150 are `few`, `many` and `many` in CLDR (fluent-bundle's
    /// rules gave `other`): the formatter selects what ICU4X says, for every number up to
    /// 1,000 and some fractions, in fifty locales.
    #[test]
    fn plural_selection_is_icu4x_s() {
        let select = "m = { $n ->\n    [zero] zero\n    [one] one\n    [two] two\n    [few] few\n    [many] many\n   *[other] other\n}\n";
        let tags = [
            "ar", "be", "lt", "ro", "mt", "lv", "ru", "uk", "pl", "cs", "sk", "sl", "hr", "sr",
            "bs", "he", "ga", "gd", "cy", "br", "fr", "pt", "pt-PT", "es", "it", "ca", "de", "nl",
            "sv", "da", "nb", "fi", "et", "hu", "tr", "el", "ka", "hy", "is", "mk", "sq", "lb",
            "fa", "hi", "bn", "ja", "ko", "zh", "vi", "en",
        ];
        let numbers: Vec<String> = (0..=1000)
            .map(|n: u32| n.to_string())
            .chain(["0.5", "1.5", "2.25", "10.1", "1000000"].map(String::from))
            .collect();
        let mut wrong = Vec::new();
        for tag in tags {
            let l = locale(tag, select);
            let formatter = Formatter::new(&[&l]);
            let icu = icu_plurals::PluralRules::try_new(
                Tag::new(tag).icu().expect("a tag").into(),
                icu_plurals::PluralRuleType::Cardinal.into(),
            )
            .expect("rules");
            for n in &numbers {
                let shown = formatter
                    .format("m", &number(n))
                    .expect("m")
                    .text
                    .replace(['\u{2068}', '\u{2069}'], "");
                let category = icu.category_for(&Decimal::try_from_str(n).expect("number"));
                let expected = crate::plural::CATEGORIES[crate::plural::index_of(category)];
                if shown != expected {
                    wrong.push(format!("{tag} {n}: {shown}, ICU4X {expected}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let ar = locale("ar", select);
        let ar = Formatter::new(&[&ar]);
        let say = |n: &str| ar.format("m", &number(n)).expect("m").text;
        assert_eq!(
            [say("103"), say("111"), say("150")].map(|s| s.replace(['\u{2068}', '\u{2069}'], "")),
            ["few", "many", "many"]
        );
    }

    #[test]
    fn ordinal_numbers_select_by_cldr_ordinal_rules() {
        let en = locale(
            "en-US",
            "place = { NUMBER($n, type: \"ordinal\") ->\n    [one] {$n}st\n    [two] {$n}nd\n    [few] {$n}rd\n   *[other] {$n}th\n}\n",
        );
        let formatter = Formatter::new(&[&en]);
        let say = |n: &str| formatter.format("place", &number(n)).expect("place").text;
        assert_eq!(
            [
                "1", "2", "3", "4", "11", "12", "13", "21", "22", "23", "101", "111"
            ]
            .map(say),
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    #[test]
    fn a_message_comes_from_the_first_locale_of_the_chain_that_has_it() {
        let de = locale("de", "hello = Hallo { -brand }\n-brand = Funke\n");
        let en = locale(
            "en-US",
            "hello = Hello\nbye = Bye { $who } { missing }\n-brand = Spark\nloop = { loop }\n",
        );
        let formatter = Formatter::new(&[&de, &en]);
        let hello = formatter.format("hello", &BTreeMap::new()).expect("hello");
        assert_eq!(
            (hello.text.as_str(), hello.from.as_str()),
            ("Hallo Funke", "de")
        );
        let bye = formatter.format("bye", &BTreeMap::new()).expect("bye");
        assert_eq!(bye.from, "en-US");
        assert_eq!(bye.text, "Bye {$who} {missing}");
        assert_eq!(bye.errors.len(), 2, "{:?}", bye.errors);
        let looped = formatter.format("loop", &BTreeMap::new()).expect("loop");
        assert_eq!(looped.text, "{???}");
        let sibling = locale(
            "en-US",
            "m =\n    .label = Delete\n    .tip = { m.label }\n",
        );
        let sibling = Formatter::new(&[&sibling]);
        let tip = sibling.format("m.tip", &BTreeMap::new()).expect("tip");
        assert_eq!(
            (tip.text.as_str(), tip.errors.len()),
            ("Delete", 0),
            "no cycle"
        );
        assert!(formatter.format("nowhere", &BTreeMap::new()).is_none());
        assert_eq!(formatter.message_ids(), ["bye", "hello", "loop"]);
    }

    #[test]
    fn references_that_multiply_stop_at_a_hundred_placeables() {
        let mut text = String::from("l0 = x\n");
        for n in 1..=30 {
            let p = n - 1;
            text.push_str(&format!("l{n} = {{ l{p} }}{{ l{p} }}\n"));
        }
        let l = locale("en-US", &text);
        let formatted = Formatter::new(&[&l])
            .format("l30", &BTreeMap::new())
            .expect("l30");
        // 2^30 placeables unchecked; a hundred or so expanded.
        assert!(formatted.text.len() < 1_000, "{}", formatted.text.len());
        assert_eq!(formatted.errors, [FormatError::TooManyPlaceables]);
    }
}
