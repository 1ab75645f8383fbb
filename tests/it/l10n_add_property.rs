//! Property (issue 3): a locale scaffolded by `l10n add` passes `l10n check` with nothing
//! but `untranslated` findings, whatever its language's plural rules.

use alliance::l10n::check::{Options, check};
use alliance::l10n::report::Code;
use alliance::l10n::{FtlFile, Locale, scaffold};
use alliance::workspace::Workspace;
use proptest::prelude::*;

fn languages() -> Vec<String> {
    let mut tags: Vec<String> =
        intl_pluralrules::PluralRules::get_locales(intl_pluralrules::PluralRuleType::CARDINAL)
            .iter()
            .map(|l| l.to_string())
            .filter(|t| scaffold::validate_new_tag(t).is_ok())
            .collect();
    tags.sort();
    tags.dedup();
    tags
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scaffolded_locales_only_lack_translation(index in 0usize..10_000, region in prop::option::of("[A-Z]{2}")) {
        let languages = languages();
        let language = &languages[index % languages.len()];
        let tag = match region {
            Some(region) if !language.contains('-') && scaffold::validate_new_tag(&format!("{language}-{region}")).is_ok() => {
                format!("{language}-{region}")
            }
            _ => language.clone(),
        };
        let ws = Workspace::load_l10n(env!("CARGO_MANIFEST_DIR").as_ref()).expect("sample workspace loads");
        let files = scaffold::scaffold(ws.reference(), &alliance::l10n::tag::Tag::new(tag.as_str()))
            .into_iter()
            .map(|(rel, text)| {
                let display = format!("locales/{tag}/{rel}");
                FtlFile::new(rel, display, text.as_bytes())
            })
            .collect();
        let locale = Locale { tag: alliance::l10n::tag::Tag::new(tag.as_str()), files };
        let report = check(ws.reference(), &[&locale], &Options::default());
        let findings = &report.locales[&tag].findings;
        let other: Vec<String> = findings
            .iter()
            .filter(|f| f.code != Code::Untranslated)
            .map(|f| format!("{}: {}", f.code.as_str(), f.problem))
            .collect();
        prop_assert!(other.is_empty(), "{tag}: {other:#?}");
        // English variants keep the reference's texts on purpose: nothing is "untranslated".
        if !tag.starts_with("en") {
            prop_assert!(findings.iter().any(|f| f.code == Code::Untranslated), "{tag}: nothing to translate?");
        }
    }
}
