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

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::fmt;

use intl_pluralrules::{PluralRuleType, PluralRules};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use alliance_diagnostic::suggest::{closest, phrase};

/// A locale tag as it was written (a folder under `locales/`, an argument, a manifest's
/// `locale`), parsed once where it enters: every later question (is it well formed,
/// canonical, which language, which direction, a Fluent or an ICU4X locale) is answered
/// from that one parse. Equal, ordered and hashed as its text; reads as `&str`.
#[derive(Debug, Clone)]
pub struct Tag {
    text: String,
    id: Option<LanguageIdentifier>,
}

impl Tag {
    /// `text` as a tag, parsed once; a text that is no BCP 47 tag is kept (a folder may
    /// be misnamed) and answers `None` to [`Tag::id`].
    pub fn new(text: impl Into<String>) -> Tag {
        let text = text.into();
        let id = text.parse::<LanguageIdentifier>().ok();
        Tag { text, id }
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The parsed tag (Fluent's type); `None` when the text is no BCP 47 tag.
    pub fn id(&self) -> Option<&LanguageIdentifier> {
        self.id.as_ref()
    }

    /// The canonical form (`zh-CN` for `zh-cn`), when the text is a tag.
    pub fn canonical(&self) -> Option<String> {
        self.id.as_ref().map(ToString::to_string)
    }

    /// Whether the text is a tag written in canonical form.
    pub fn is_canonical(&self) -> bool {
        self.canonical().is_some_and(|c| c == self.text)
    }

    /// The language subtag (`pt` of `pt-BR`); for a text that is no tag, what comes before
    /// the first `-` or `_` (Mozilla's `ja-JP-mac` counts as Japanese).
    pub fn language(&self) -> &str {
        match &self.id {
            Some(id) => id.language.as_str(),
            None => self.text.split(['-', '_']).next().unwrap_or(&self.text),
        }
    }

    /// Whether the language is written right to left (Arabic, Hebrew, Persian …).
    pub fn is_rtl(&self) -> bool {
        self.id
            .as_ref()
            .is_some_and(|id| id.character_direction() == CharacterDirection::RTL)
    }

    /// The same locale as ICU4X's type, for CLDR data (plural rules, display names): the
    /// one conversion between the two, from the parsed tag.
    pub fn icu(&self) -> Option<icu_locale_core::Locale> {
        let id = self.id.as_ref()?;
        icu_locale_core::Locale::try_from_str(&id.to_string()).ok()
    }

    /// The language alone as ICU4X's type (`sr` of `sr-Latn`), for data kept by language.
    pub fn icu_language(&self) -> Option<icu_locale_core::Locale> {
        icu_locale_core::Locale::try_from_str(self.language()).ok()
    }
}

impl std::ops::Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Tag {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for Tag {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Tag) -> bool {
        self.text == other.text
    }
}

impl Eq for Tag {}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Tag {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl PartialEq<Tag> for String {
    fn eq(&self, other: &Tag) -> bool {
        *self == other.text
    }
}

impl PartialEq<Tag> for str {
    fn eq(&self, other: &Tag) -> bool {
        self == other.text
    }
}

impl AsRef<std::path::Path> for Tag {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&self.text)
    }
}

impl PartialOrd for Tag {
    fn partial_cmp(&self, other: &Tag) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tag {
    fn cmp(&self, other: &Tag) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl std::hash::Hash for Tag {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl From<&str> for Tag {
    fn from(text: &str) -> Tag {
        Tag::new(text)
    }
}

impl From<String> for Tag {
    fn from(text: String) -> Tag {
        Tag::new(text)
    }
}

impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tag, D::Error> {
        String::deserialize(deserializer).map(Tag::new)
    }
}

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
    if let Some(id) = Tag::new(wanted).id() {
        let same: Vec<&String> = existing
            .iter()
            .copied()
            .filter(|e| {
                Tag::new(e.as_str()).id().is_some_and(|e| {
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
            let tag = Tag::new(m.tag());
            tag.id().is_some() && known_language(tag.language())
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
    Tag::new(tag).canonical()
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
    fn a_tag_answers_from_its_one_parse() {
        let tag = Tag::new("pt-BR");
        assert_eq!(tag, "pt-BR");
        assert_eq!(tag.language(), "pt");
        assert!(tag.is_canonical());
        assert!(!tag.is_rtl());
        assert_eq!(tag.icu().map(|l| l.to_string()).as_deref(), Some("pt-BR"));
        assert!(Tag::new("fa").is_rtl());
        assert!(Tag::new("he-IL").is_rtl());
        let lower = Tag::new("zh-cn");
        assert!(!lower.is_canonical());
        assert_eq!(lower.canonical().as_deref(), Some("zh-CN"));
        assert_eq!(lower, "zh-cn", "equal as written, not as canonical");
        let mozilla = Tag::new("ja-JP-mac");
        assert_eq!(mozilla.id(), None, "not BCP 47");
        assert_eq!(mozilla.language(), "ja");
        assert_eq!(
            mozilla.icu_language().map(|l| l.to_string()).as_deref(),
            Some("ja")
        );
        assert_eq!(Tag::new("not a tag").canonical(), None);
        let mut sorted = vec![Tag::new("uk"), Tag::new("de"), Tag::new("en-US")];
        sorted.sort();
        assert_eq!(sorted, ["de", "en-US", "uk"]);
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
