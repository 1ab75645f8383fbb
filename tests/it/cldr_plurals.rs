//! Every CLDR plural sample value (`tests/fixtures/cldr/plural-samples.txt`, CLDR 48's own
//! `@integer` and `@decimal` samples) of every language of the sample workspace and of the
//! Thunderbird corpus selects, through alliance's formatter (the one the bundle proof,
//! `t()` and `l10n format` use), the category CLDR names it under — cardinal through
//! `{ $n -> … }`, ordinal through `NUMBER($n, type: "ordinal")`. A decimal sample is given
//! with its visible fraction digits (`NUMBER($n, minimumFractionDigits: 2)` for `1.00`),
//! as a message must ask for them to be shown. Samples in CLDR's compact-exponent notation
//! (`1c6`) are left out: Fluent's `NUMBER()` has no compact notation.

use std::collections::{BTreeMap, BTreeSet};

use alliance::l10n::format::{Formatter, Value};
use alliance::l10n::tag::Tag;
use alliance::l10n::{FtlFile, Locale};

use crate::common::repo;

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One line of the fixture: locale, rule type, category and its sample numbers.
struct Samples {
    locale: String,
    ordinal: bool,
    category: String,
    numbers: Vec<String>,
}

fn fixture() -> Vec<Samples> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/cldr/plural-samples.txt"))
        .expect("the CLDR samples fixture");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut words = line.splitn(4, ' ');
            let locale = words.next().expect("locale").to_string();
            let ordinal = match words.next() {
                Some("cardinal") => false,
                Some("ordinal") => true,
                other => panic!("{line}: rule type {other:?}"),
            };
            let category = words.next().expect("category").to_string();
            assert!(CATEGORIES.contains(&category.as_str()), "{line}");
            let numbers = expand(words.next().expect("samples"));
            Samples {
                locale,
                ordinal,
                category,
                numbers,
            }
        })
        .collect()
}

/// CLDR's sample syntax: `@integer 0, 2~16, 100, … @decimal 0.0~1.5, 10.0`, where `a~b`
/// is every number from a to b in steps of the last digit, and `…` means "and so on".
fn expand(samples: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    for item in samples
        .split([',', ' '])
        .filter(|w| !w.is_empty() && !w.starts_with('@') && *w != "…" && !w.contains('c'))
    {
        match item.split_once('~') {
            None => numbers.push(item.to_string()),
            Some((from, to)) => {
                let digits = from.split_once('.').map_or(0, |(_, f)| f.len());
                assert_eq!(digits, to.split_once('.').map_or(0, |(_, f)| f.len()));
                let scaled = |s: &str| -> u64 { s.replace('.', "").parse().expect("number") };
                for n in scaled(from)..=scaled(to) {
                    numbers.push(if digits == 0 {
                        n.to_string()
                    } else {
                        let unit = 10u64.pow(digits as u32);
                        format!("{}.{:0digits$}", n / unit, n % unit)
                    });
                }
            }
        }
    }
    numbers
}

/// Messages `c0`…`c4` (cardinal, with 0–4 visible fraction digits) and `ordinal`, each
/// showing the category it selects.
fn messages() -> String {
    let variants: String = CATEGORIES
        .iter()
        .map(|c| {
            let star = if *c == "other" { "*" } else { " " };
            format!("   {star}[{c}] {c}\n")
        })
        .collect();
    let mut ftl = String::new();
    for digits in 0..=4 {
        ftl.push_str(&format!(
            "c{digits} = {{ NUMBER($n, minimumFractionDigits: {digits}) ->\n{variants}}}\n"
        ));
    }
    ftl.push_str(&format!(
        "ordinal = {{ NUMBER($n, type: \"ordinal\") ->\n{variants}}}\n"
    ));
    ftl
}

fn formatter(tag: &str) -> Formatter {
    let file = FtlFile::new(
        "a.ftl",
        format!("locales/{tag}/a.ftl"),
        messages().as_bytes(),
    );
    let locale = Locale {
        tag: Tag::new(tag),
        files: vec![file],
    };
    Formatter::new(&[&locale])
}

/// The folder names of the Thunderbird corpus (`../shared/corpus/thunderbird/locales`),
/// Mozilla's locale codes: regions and variants (`es-AR`, `ja-JP-mac`) included.
const THUNDERBIRD: &str = "af ar ast be bg br ca cak cs cy da de dsb el en-CA en-GB en-US \
    es-AR es-ES es-MX et eu fi fr fy-NL ga-IE gd gl he hr hsb hu hy-AM id is it ja ja-JP-mac \
    ka kab kk ko lt lv mk ms nb-NO nl nn-NO pa-IN pl pt-BR pt-PT rm ro ru sk sl sq sr sv-SE \
    th tr uk uz vi zh-CN zh-TW";

/// The tags to test: the sample workspace's locale folders and Thunderbird's, each
/// selecting with its language's CLDR rules.
fn tags() -> BTreeSet<String> {
    let dir = repo().join("locales");
    let mut tags: BTreeSet<String> = THUNDERBIRD.split_whitespace().map(String::from).collect();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let name = entry.expect("entry").file_name();
        tags.insert(name.to_string_lossy().into_owned());
    }
    tags
}

/// The fixture's locale for a folder name: `pt-PT` has rules of its own, every other
/// region or variant uses its language's.
fn cldr_locale(tag: &str, fixture: &BTreeSet<&str>) -> Option<String> {
    if fixture.contains(tag) {
        return Some(tag.to_string());
    }
    let language = tag.split('-').next().unwrap_or(tag);
    fixture.contains(language).then(|| language.to_string())
}

#[test]
fn every_cldr_plural_sample_selects_its_category() {
    let samples = fixture();
    let known: BTreeSet<&str> = samples.iter().map(|s| s.locale.as_str()).collect();
    let tags = tags();
    let mut wrong = Vec::new();
    let mut checked = 0usize;
    let mut languages = BTreeSet::new();
    let mut uncovered = Vec::new();
    for tag in &tags {
        let Some(locale) = cldr_locale(tag, &known) else {
            uncovered.push(tag.clone());
            continue;
        };
        languages.insert(locale.clone());
        let formatter = formatter(tag);
        for line in samples.iter().filter(|s| s.locale == locale) {
            for n in &line.numbers {
                let digits = n.split_once('.').map_or(0, |(_, f)| f.len());
                let id = if line.ordinal {
                    "ordinal".to_string()
                } else {
                    format!("c{digits}")
                };
                let args = BTreeMap::from([("n".to_string(), Value::Number(n.clone()))]);
                let shown = formatter
                    .format(&id, &args)
                    .expect("formats")
                    .text
                    .replace(['\u{2068}', '\u{2069}'], "");
                checked += 1;
                if shown != line.category {
                    let kind = if line.ordinal { "ordinal" } else { "cardinal" };
                    wrong.push(format!(
                        "{tag} {kind} {n}: selected {shown}, CLDR says {}",
                        line.category
                    ));
                }
            }
        }
    }
    assert_eq!(
        uncovered,
        ["cak"],
        "every folder but Kaqchikel (no CLDR rules) has CLDR samples in the fixture"
    );
    assert!(
        languages.len() >= 12 + 40,
        "the workspace's languages and forty others: {languages:?}"
    );
    assert!(checked > 5_000, "{checked} samples checked");
    assert!(
        wrong.is_empty(),
        "{} of {checked} samples select another category:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    eprintln!(
        "{checked} CLDR samples in {} languages ({} folders) select their category",
        languages.len(),
        tags.len() - uncovered.len()
    );
}

#[test]
fn sample_ranges_expand_as_cldr_writes_them() {
    assert_eq!(expand("@integer 2~4, 100, …"), ["2", "3", "4", "100"]);
    assert_eq!(
        expand("@decimal 0.9~1.1, 0.00~0.02, 1c6"),
        ["0.9", "1.0", "1.1", "0.00", "0.01", "0.02"]
    );
}
