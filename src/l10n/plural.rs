//! CLDR plural categories of a locale, from `intl_pluralrules` (the data fluent-bundle uses).
//!
//! [`Plurals::of`] asks the rules which categories whole numbers select (a plural select
//! must have a variant for each) and which any number selects (a variant for any other
//! category is never used), and picks a sample number per category for format checks.

use std::collections::BTreeMap;

use fluent_syntax::ast::{InlineExpression, Variant};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules, operands::PluralOperands};
use unic_langid::LanguageIdentifier;

/// The CLDR plural category names, in CLDR order.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The plural categories of one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plurals {
    /// Categories some whole number selects.
    pub whole: Vec<&'static str>,
    /// Categories any number selects (whole numbers and fractions).
    pub all: Vec<&'static str>,
    /// One number (as Fluent would write it) per category in `all`.
    pub samples: Vec<(&'static str, String)>,
}

impl Plurals {
    /// The categories of `tag`, falling back from `pt-BR` to `pt`; `None` for a language
    /// CLDR has no rules for.
    pub fn of(tag: &str) -> Option<Plurals> {
        let rules = rules_for(tag)?;
        let mut whole: BTreeMap<usize, String> = BTreeMap::new();
        let mut all: BTreeMap<usize, String> = BTreeMap::new();
        let integers = (0..=1_000u64).chain((4..=9).map(|e| 10u64.pow(e)));
        for n in integers {
            let text = n.to_string();
            if let Some(i) = select(&rules, &text) {
                whole.entry(i).or_insert_with(|| text.clone());
                all.entry(i).or_insert(text);
            }
        }
        for n in 0..=120u64 {
            for fraction in ["0", "1", "5", "00", "25"] {
                let text = format!("{n}.{fraction}");
                if let Some(i) = select(&rules, &text) {
                    all.entry(i).or_insert(text);
                }
            }
        }
        Some(Plurals {
            whole: whole.keys().map(|&i| CATEGORIES[i]).collect(),
            all: all.keys().map(|&i| CATEGORIES[i]).collect(),
            samples: all.into_iter().map(|(i, n)| (CATEGORIES[i], n)).collect(),
        })
    }
}

/// Whether `key` names a CLDR plural category.
pub fn is_category(key: &str) -> bool {
    CATEGORIES.contains(&key)
}

/// The variable a select chooses on: `$n` or `NUMBER($n, …)`.
pub fn selector_variable<'s>(selector: &InlineExpression<&'s str>) -> Option<&'s str> {
    match selector {
        InlineExpression::VariableReference { id } => Some(id.name),
        InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            arguments.positional.first().and_then(selector_variable)
        }
        _ => None,
    }
}

/// Whether a select chooses by plural category: on a variable or `NUMBER()`, with a category
/// key other than `other` or a number key, or on a variable that the reference message
/// selects plurally (`reference_plural`). A select on `$gender` with `[male] *[other]` is not.
pub fn is_plural(
    selector: &InlineExpression<&str>,
    variants: &[Variant<&str>],
    reference_plural: &[&str],
) -> bool {
    let Some(variable) = selector_variable(selector) else {
        return false;
    };
    let numeric = matches!(selector, InlineExpression::FunctionReference { .. });
    numeric
        || reference_plural.contains(&variable)
        || variants.iter().any(|v| {
            let key = match &v.key {
                fluent_syntax::ast::VariantKey::Identifier { name } => *name,
                fluent_syntax::ast::VariantKey::NumberLiteral { value } => value,
            };
            (is_category(key) && key != "other") || key.parse::<f64>().is_ok()
        })
}

fn rules_for(tag: &str) -> Option<PluralRules> {
    let id: LanguageIdentifier = tag.parse().ok()?;
    let mut candidates = vec![id.clone()];
    let mut without_region = id.clone();
    without_region.region = None;
    candidates.push(without_region.clone());
    let mut language = without_region;
    language.script = None;
    language.clear_variants();
    candidates.push(language);
    candidates
        .into_iter()
        .find_map(|candidate| PluralRules::create(candidate, PluralRuleType::CARDINAL).ok())
}

fn select(rules: &PluralRules, number: &str) -> Option<usize> {
    let operands = PluralOperands::try_from(number).ok()?;
    let category = rules.select(operands).ok()?;
    Some(match category {
        PluralCategory::ZERO => 0,
        PluralCategory::ONE => 1,
        PluralCategory::TWO => 2,
        PluralCategory::FEW => 3,
        PluralCategory::MANY => 4,
        PluralCategory::OTHER => 5,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_categories_of_sample_languages() {
        let ru = Plurals::of("ru").expect("ru has rules");
        assert_eq!(
            ru.whole,
            ["one", "few", "many"],
            "other is for fractions only"
        );
        assert_eq!(ru.all, ["one", "few", "many", "other"]);
        let ar = Plurals::of("ar").expect("ar has rules");
        assert_eq!(ar.whole, ["zero", "one", "two", "few", "many", "other"]);
        let ja = Plurals::of("ja").expect("ja has rules");
        assert_eq!(ja.all, ["other"]);
        let en = Plurals::of("en-US").expect("en falls back");
        assert_eq!(
            (en.whole.clone(), en.all.clone()),
            (vec!["one", "other"], vec!["one", "other"])
        );
        assert_eq!(Plurals::of("pt-BR").expect("pt").whole, ["one", "other"]);
        assert_eq!(Plurals::of("zh-TW").expect("zh").all, ["other"]);
        assert!(Plurals::of("qaa").is_none());
    }

    #[test]
    fn samples_select_their_category() {
        let ru = Plurals::of("ru").expect("ru");
        let samples: Vec<(&str, &str)> = ru.samples.iter().map(|(c, n)| (*c, n.as_str())).collect();
        assert_eq!(
            samples,
            [("one", "1"), ("few", "2"), ("many", "0"), ("other", "0.0")]
        );
    }
}
