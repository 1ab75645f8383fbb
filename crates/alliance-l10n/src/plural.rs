//! CLDR plural categories of a locale, from ICU4X's `icu_plurals` (current CLDR data).
//!
//! [`Plurals::of`] asks the rules which categories the whole numbers people count with
//! select (a plural select must have a variant for each, unless number keys cover it),
//! which categories any number selects (a variant for any other is never used), and picks a
//! sample number per category for format checks. Categories that only fractions select
//! (Russian `other`) or only exact multiples of a million (French and Spanish `many`) are
//! not required: translators rightly leave them to the default variant.

use std::collections::BTreeMap;

use fixed_decimal::Decimal;
use fluent_syntax::ast::{InlineExpression, Variant, VariantKey};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};

use crate::tag::Tag;

/// The CLDR plural category names, in CLDR order.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The plural categories of one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plurals {
    /// Categories that whole numbers below a million select.
    pub whole: Vec<&'static str>,
    /// Categories any number selects (whole numbers and fractions).
    pub all: Vec<&'static str>,
    /// One number (as Fluent would write it) per category in `all`.
    pub samples: Vec<(&'static str, String)>,
    /// The whole numbers up to 1000 of each category in `whole`.
    members: BTreeMap<&'static str, Vec<u64>>,
}

impl Plurals {
    /// The categories of `tag` (`pt-BR` uses Portuguese rules; a folder named like
    /// Mozilla's `ja-JP-mac` counts as its language); `None` for a language CLDR has no
    /// plural rules for.
    pub fn of(tag: &Tag) -> Option<Plurals> {
        let rules = rules_for(tag)?;
        let mut whole: BTreeMap<usize, String> = BTreeMap::new();
        let mut all: BTreeMap<usize, String> = BTreeMap::new();
        let mut members: BTreeMap<&'static str, Vec<u64>> = BTreeMap::new();
        let counted = (0..=1_000u64).chain([10_000, 100_000, 999_999]);
        for n in counted {
            let Some(i) = rules.category(&n.to_string()) else {
                continue;
            };
            whole.entry(i).or_insert_with(|| n.to_string());
            all.entry(i).or_insert_with(|| n.to_string());
            if n <= 1_000 {
                members.entry(CATEGORIES[i]).or_default().push(n);
            }
        }
        for n in (6..=9).map(|e| 10u64.pow(e)) {
            if let Some(i) = rules.category(&n.to_string()) {
                all.entry(i).or_insert_with(|| n.to_string());
            }
        }
        for n in 0..=120u64 {
            for fraction in ["0", "1", "5", "00", "25"] {
                let text = format!("{n}.{fraction}");
                if let Some(i) = rules.category(&text) {
                    all.entry(i).or_insert(text);
                }
            }
        }
        Some(Plurals {
            whole: whole.keys().map(|&i| CATEGORIES[i]).collect(),
            all: all.keys().map(|&i| CATEGORIES[i]).collect(),
            samples: all.into_iter().map(|(i, n)| (CATEGORIES[i], n)).collect(),
            members,
        })
    }

    /// The categories of `whole` that a select with these keys lacks: neither a variant of
    /// that category nor number variants for all its whole numbers.
    pub fn missing(&self, keys: &[&str]) -> Vec<&'static str> {
        let numbers: Vec<u64> = keys.iter().filter_map(|k| k.parse().ok()).collect();
        self.whole
            .iter()
            .copied()
            .filter(|c| !keys.contains(c))
            .filter(|c| {
                !self
                    .members
                    .get(c)
                    .is_some_and(|m| m.len() <= 3 && m.iter().all(|n| numbers.contains(n)))
            })
            .collect()
    }
}

impl Plurals {
    /// A whole number of `category`, the smallest from 2 on where there is one (Polish
    /// `few`: 2, `many`: 5; English `one`: 1), if whole numbers select it.
    pub fn example(&self, category: &str) -> Option<u64> {
        let members = self.members.get(category)?;
        members
            .iter()
            .copied()
            .find(|n| *n >= 2)
            .or(members.first().copied())
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
            let key = key_text(&v.key);
            (is_category(key) && key != "other") || key.parse::<f64>().is_ok()
        })
}

fn key_text<'s>(key: &VariantKey<&'s str>) -> &'s str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}

/// The plural category CLDR gives a number in one locale: what `l10n check` requires,
/// what the formatter selects and what bundles are proven with (one source of rules).
pub struct Categories {
    rules: Rules,
    /// ICU4X's ordinal rules (`NUMBER($n, type: "ordinal")`: 1st, 2nd, 3rd).
    ordinal: Option<PluralRules>,
}

impl Categories {
    /// The rules of `tag`; `None` for a language CLDR has no plural rules for.
    pub fn of(tag: &Tag) -> Option<Categories> {
        let ordinal = tag
            .icu()
            .or_else(|| tag.icu_language())
            .and_then(|l| PluralRules::try_new(l.into(), PluralRuleType::Ordinal.into()).ok());
        rules_for(tag).map(|rules| Categories { rules, ordinal })
    }

    /// The category of `number` (a decimal as Fluent writes it: `1`, `2.50`).
    pub fn category(&self, number: &str) -> Option<&'static str> {
        self.rules.category(number).map(|i| CATEGORIES[i])
    }

    /// The ordinal category of `number` (English 1 `one`, 2 `two`, 3 `few`, 4 `other`).
    pub fn ordinal(&self, number: &str) -> Option<&'static str> {
        let rules = self.ordinal.as_ref()?;
        let decimal = Decimal::try_from_str(number).ok()?;
        Some(CATEGORIES[index_of(rules.category_for(&decimal))])
    }
}

/// Plural rules from ICU4X (current CLDR), or, for a language whose data ICU4X does not
/// ship (Kabyle), from `intl_pluralrules` (CLDR 37, the rules fluent-bundle formats with).
enum Rules {
    Icu(PluralRules),
    Cldr37(intl_pluralrules::PluralRules),
}

impl Rules {
    fn category(&self, number: &str) -> Option<usize> {
        match self {
            Rules::Icu(rules) => Decimal::try_from_str(number)
                .ok()
                .map(|d| index_of(rules.category_for(&d))),
            Rules::Cldr37(rules) => {
                use intl_pluralrules::PluralCategory as C;
                let operands = intl_pluralrules::operands::PluralOperands::try_from(number).ok()?;
                Some(match rules.select(operands).ok()? {
                    C::ZERO => 0,
                    C::ONE => 1,
                    C::TWO => 2,
                    C::FEW => 3,
                    C::MANY => 4,
                    C::OTHER => 5,
                })
            }
        }
    }
}

fn rules_for(tag: &Tag) -> Option<Rules> {
    use intl_pluralrules::PluralRuleType as T;
    let language = tag.language();
    let cldr37 = intl_pluralrules::PluralRules::get_locales(T::CARDINAL)
        .into_iter()
        .find(|l| l.language.as_str().eq_ignore_ascii_case(language))
        .and_then(|l| intl_pluralrules::PluralRules::create(l, T::CARDINAL).ok());
    // A language neither data set knows (Kaqchikel `cak`) gets no plural checks at all.
    let cldr37 = cldr37?;
    let create = |locale: Option<Locale>| {
        PluralRules::try_new(locale?.into(), PluralRuleType::Cardinal.into())
            .ok()
            .filter(|r| r.categories().count() > 1)
    };
    // ICU4X answers a locale it has no data for with the root rules (only `other`); a tag
    // whose script or region has no data of its own (`sr-Latn`) is asked by language then.
    // A language with one form (Japanese) has no ICU4X rules beyond root; nor has one whose
    // data ICU4X does not ship (Kabyle): CLDR 37 answers for both.
    Some(
        create(tag.icu())
            .or_else(|| create(tag.icu_language()))
            .map_or(Rules::Cldr37(cldr37), Rules::Icu),
    )
}

/// The position of `category` in [`CATEGORIES`].
pub fn index_of(category: PluralCategory) -> usize {
    match category {
        PluralCategory::Zero => 0,
        PluralCategory::One => 1,
        PluralCategory::Two => 2,
        PluralCategory::Few => 3,
        PluralCategory::Many => 4,
        PluralCategory::Other => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_categories_of_sample_languages() {
        let ru = Plurals::of(&Tag::new("ru")).expect("ru has rules");
        assert_eq!(
            ru.whole,
            ["one", "few", "many"],
            "other is for fractions only"
        );
        assert_eq!(ru.all, ["one", "few", "many", "other"]);
        let ar = Plurals::of(&Tag::new("ar")).expect("ar has rules");
        assert_eq!(ar.whole, ["zero", "one", "two", "few", "many", "other"]);
        let ja = Plurals::of(&Tag::new("ja")).expect("ja has rules");
        assert_eq!(ja.all, ["other"]);
        let en = Plurals::of(&Tag::new("en-US")).expect("en falls back");
        assert_eq!(
            (en.whole.clone(), en.all.clone()),
            (vec!["one", "other"], vec!["one", "other"])
        );
        let fr = Plurals::of(&Tag::new("fr")).expect("fr");
        assert_eq!(
            (fr.whole.clone(), fr.all.clone()),
            (vec!["one", "other"], vec!["one", "many", "other"])
        );
        assert_eq!(
            Plurals::of(&Tag::new("pt-BR")).expect("pt").whole,
            ["one", "other"]
        );
        assert_eq!(Plurals::of(&Tag::new("zh-TW")).expect("zh").all, ["other"]);
        assert_eq!(
            Plurals::of(&Tag::new("sr-Latn")).expect("sr").whole,
            ["one", "few", "other"]
        );
        assert_eq!(
            Plurals::of(&Tag::new("ja-JP-mac")).expect("ja").all,
            ["other"]
        );
        assert_eq!(
            Plurals::of(&Tag::new("be")).expect("be").whole,
            ["one", "few", "many"]
        );
        assert!(
            Plurals::of(&Tag::new("cak")).is_none(),
            "CLDR has no rules for Kaqchikel"
        );
        assert_eq!(
            Plurals::of(&Tag::new("kab"))
                .expect("CLDR 37 has Kabyle")
                .whole,
            ["one", "other"]
        );
    }

    #[test]
    fn samples_select_their_category() {
        let ru = Plurals::of(&Tag::new("ru")).expect("ru");
        let samples: Vec<(&str, &str)> = ru.samples.iter().map(|(c, n)| (*c, n.as_str())).collect();
        assert_eq!(
            samples,
            [("one", "1"), ("few", "2"), ("many", "0"), ("other", "0.0")]
        );
    }

    #[test]
    fn number_keys_cover_small_categories() {
        let en = Plurals::of(&Tag::new("en")).expect("en");
        assert_eq!(
            en.missing(&["1", "other"]),
            Vec::<&str>::new(),
            "[1] is all of English `one`"
        );
        assert_eq!(en.missing(&["0", "other"]), ["one"]);
        let ru = Plurals::of(&Tag::new("ru")).expect("ru");
        assert_eq!(
            ru.missing(&["1", "few", "many"]),
            ["one"],
            "Russian `one` is 1, 21, 31 …"
        );
    }
}
