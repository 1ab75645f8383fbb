//! Locale tags as people mistype them, and the locale they meant.
//!
//! Every command that names a locale suggests through here, so that `l10n check ua`,
//! `bundle ua`, a `locales:` entry `ua` in `alliance.yaml` and `l10n add ua` all say `uk`.
//! [`intended`] knows the common mistakes: a country code written where the language code
//! belongs (`ua` → `uk`, `jp` → `ja`, `cn` → `zh-CN` …) and a tag in another case or with
//! `_` (`zh_cn` → `zh-CN`); `l10n add` suggests what it gives. [`suggest`] is for commands
//! that take a locale the workspace has (`check`, `status`, `bundle`, the configuration): the
//! intended locale when the workspace has it (or the one locale of its language), else the
//! closest of the workspace's locales by edit distance, else the intended tag, to create.

use std::collections::BTreeSet;

use intl_pluralrules::{PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use alliance_diagnostic::suggest::{closest, phrase};

/// Country codes often written where a language code belongs, and the tag meant.
const COUNTRY_CODES: &[(&str, &str)] = &[
    ("al", "sq"),
    ("br", "pt-BR"),
    ("by", "be"),
    ("cn", "zh-CN"),
    ("cz", "cs"),
    ("dk", "da"),
    ("gb", "en-GB"),
    ("ge", "ka"),
    ("gr", "el"),
    ("il", "he"),
    ("ir", "fa"),
    ("jp", "ja"),
    ("kr", "ko"),
    ("kz", "kk"),
    ("rs", "sr"),
    ("se", "sv"),
    ("tw", "zh-TW"),
    ("ua", "uk"),
    ("us", "en-US"),
    ("vn", "vi"),
];

/// What a mistyped tag stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meant {
    /// A country code written for a language: the tag meant.
    CountryCode(String),
    /// The same tag written otherwise (case, `_`): its canonical form.
    Form(String),
}

impl Meant {
    /// The tag meant.
    pub fn tag(&self) -> &str {
        match self {
            Meant::CountryCode(tag) | Meant::Form(tag) => tag,
        }
    }
}

/// The tag `tag` was probably meant to be, canonical; `None` when `tag` is canonical and no
/// known mistake (or no tag at all).
pub fn intended(tag: &str) -> Option<Meant> {
    let written = tag.replace('_', "-");
    if let Some(meant) = country_code(&written) {
        return Some(Meant::CountryCode(meant));
    }
    // `jp-JP`: a country code for the language, with a region; never a language CLDR knows
    // (`se-NO` is Northern Sami).
    if let Some((language, rest)) = written.split_once('-')
        && !known_language(language)
        && let Some(meant) = country_code(language).filter(|m| !m.contains('-'))
        && let Some(canonical) = canonical(&format!("{meant}-{rest}"))
    {
        return Some(Meant::CountryCode(canonical));
    }
    canonical(&written)
        .filter(|canonical| canonical != tag)
        .map(Meant::Form)
}

/// The help for `tag`, which is none of the workspace's locales `existing`: "did you mean
/// …?" naming one of them, or the tag meant with how to create it; `None` when nothing is
/// close.
pub fn suggest<'a>(tag: &str, existing: impl IntoIterator<Item = &'a String>) -> Option<String> {
    let existing: Vec<&String> = existing.into_iter().collect();
    let find = |wanted: &str| {
        existing
            .iter()
            .copied()
            .find(|e| e.eq_ignore_ascii_case(wanted))
    };
    let meant = intended(tag);
    let wanted = meant.as_ref().map_or(tag, Meant::tag);
    if let Some(found) = find(wanted) {
        return Some(phrase(found));
    }
    // The one locale of the language meant: `fr` for `fr_FR`, `uk-UA` for `ua`.
    if let Ok(id) = wanted.parse::<LanguageIdentifier>() {
        let same: Vec<&String> = existing
            .iter()
            .copied()
            .filter(|e| {
                e.parse::<LanguageIdentifier>().is_ok_and(|e| {
                    e.language == id.language
                        && (id.region.is_none() || e.region.is_none() || e.region == id.region)
                })
            })
            .collect();
        if let [one] = same[..] {
            return Some(phrase(one));
        }
    }
    if let Some(Meant::CountryCode(meant)) = &meant {
        return Some(to_create(meant));
    }
    if let Some(close) = closest(wanted, existing.iter().copied()) {
        return Some(phrase(close));
    }
    meant
        .filter(|m| {
            m.tag()
                .parse::<LanguageIdentifier>()
                .is_ok_and(|id| known_language(id.language.as_str()))
        })
        .map(|m| to_create(m.tag()))
}

fn to_create(tag: &str) -> String {
    format!(
        "did you mean `{tag}`? this workspace has no locale `{tag}` yet: `alliance l10n add {tag}` creates it"
    )
}

/// The tag meant by country code `code` (any case), if it is one.
fn country_code(code: &str) -> Option<String> {
    COUNTRY_CODES
        .iter()
        .find(|(wrong, _)| wrong.eq_ignore_ascii_case(code))
        .map(|(_, right)| (*right).to_string())
}

/// `tag` in canonical form (`zh-cn` → `zh-CN`), if it is a tag.
fn canonical(tag: &str) -> Option<String> {
    tag.parse::<LanguageIdentifier>()
        .ok()
        .map(|id| id.to_string())
}

/// The languages CLDR has plural rules for.
pub fn known_languages() -> BTreeSet<String> {
    PluralRules::get_locales(PluralRuleType::CARDINAL)
        .iter()
        .map(|l| l.language.as_str().to_string())
        .collect()
}

/// Whether CLDR knows language `language` (any case).
pub fn known_language(language: &str) -> bool {
    known_languages().contains(&language.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| (*t).to_string()).collect()
    }

    #[test]
    fn common_mistakes_are_known() {
        for (wrong, right) in [
            ("ua", "uk"),
            ("UA", "uk"),
            ("cz", "cs"),
            ("dk", "da"),
            ("jp", "ja"),
            ("cn", "zh-CN"),
            ("gr", "el"),
            ("se", "sv"),
            ("kr", "ko"),
            ("jp_JP", "ja-JP"),
            ("zh_cn", "zh-CN"),
            ("pt-br", "pt-BR"),
            ("ZH-tw", "zh-TW"),
        ] {
            assert_eq!(
                intended(wrong).as_ref().map(Meant::tag),
                Some(right),
                "{wrong}"
            );
        }
        assert_eq!(intended("de"), None);
        assert_eq!(intended("sr-Latn"), None);
        assert_eq!(intended("not a tag"), None);
        assert_eq!(
            intended("se-NO"),
            None,
            "Northern Sami with its region is no mistake"
        );
    }

    #[test]
    fn existing_locales_are_suggested_before_near_misses_in_spelling() {
        let existing = tags(&[
            "en-US", "ja", "uk", "zh-CN", "zh-TW", "fr", "pt-BR", "pt-PT",
        ]);
        for (wrong, help) in [
            ("ua", "did you mean `uk`?"),
            ("jp", "did you mean `ja`?"),
            ("cn", "did you mean `zh-CN`?"),
            ("zh_tw", "did you mean `zh-TW`?"),
            ("fr_FR", "did you mean `fr`?"),
            ("FR", "did you mean `fr`?"),
            ("en", "did you mean `en-US`?"),
            ("pt-br", "did you mean `pt-BR`?"),
        ] {
            assert_eq!(suggest(wrong, &existing).as_deref(), Some(help), "{wrong}");
        }
        let without_uk = tags(&["en-US", "ja", "uk-UA"]);
        assert_eq!(
            suggest("ua", &without_uk).as_deref(),
            Some("did you mean `uk-UA`?"),
            "the one locale of the language meant"
        );
        let only_ja = tags(&["en-US", "ja"]);
        assert_eq!(
            suggest("ua", &only_ja).as_deref(),
            Some(
                "did you mean `uk`? this workspace has no locale `uk` yet: `alliance l10n add uk` creates it"
            ),
            "never `ja`, which only looks alike"
        );
        assert_eq!(suggest("pl", &only_ja), None, "nothing close");
        assert_eq!(
            suggest("j", &only_ja).as_deref(),
            Some("did you mean `ja`?"),
            "a near miss in spelling"
        );
    }
}
