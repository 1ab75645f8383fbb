//! alliance's formatter (`l10n format`, `t()`, the bundle proof) against python's
//! `fluent.runtime` (installed by `./test` into `target/python`): the same messages, the
//! same numbers, six locales. Every difference must be one of the deliberate ones listed
//! in [`DELIBERATE`], each explained; the parity table is printed.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use alliance::l10n::format::{Formatter, Value};
use alliance::l10n::tag::Tag;
use alliance::l10n::{FtlFile, Locale};

use crate::common::repo;

const FTL: &str = r#"plain = { $n }
plural = { $n ->
    [zero] zero
    [one] one
    [two] two
    [few] few
    [many] many
   *[other] other
}
ordinal = { NUMBER($n, type: "ordinal") ->
    [zero] zero
    [one] one
    [two] two
    [few] few
    [many] many
   *[other] other
}
exact = { $n ->
    [1] exactly one
    [one] one
   *[other] other
}
two = { NUMBER($n, minimumFractionDigits: 2) }
none = { NUMBER($n, maximumFractionDigits: 0) }
flat = { NUMBER($n, useGrouping: "false") }
flat0 = { NUMBER($n, useGrouping: 0) }
wide = { NUMBER($n, minimumIntegerDigits: 3) }
percent = { NUMBER($n, style: "percent") }
currency = { NUMBER($n, style: "currency", currency: "EUR") }
-brand = { $case ->
   *[nom] Spark
    [gen] Sparks
}
term = { -brand(case: "gen") } { $n }
ref = { plain } and { attrs.title }
attrs =
    .title = Title { $n }
escapes = { "\u0041\"" }
"#;

const IDS: &[&str] = &[
    "plain",
    "plural",
    "ordinal",
    "exact",
    "two",
    "none",
    "flat",
    "flat0",
    "wide",
    "percent",
    "currency",
    "term",
    "ref",
    "attrs.title",
    "escapes",
];

const LOCALES: &[&str] = &["en-US", "de", "ru", "pl", "ar", "ja"];

const NUMBERS: &[&str] = &[
    "0", "1", "2", "3", "5", "11", "21", "101", "103", "111", "150", "1234.5", "0.5", "1.5",
];

/// A difference alliance makes on purpose, recognized by the locale, the message, the
/// number and the two texts.
struct Deliberate {
    why: &'static str,
    applies: fn(&str, &str, &str, &str, &str) -> bool,
}

/// Every deliberate difference from python's fluent.runtime, explained.
const DELIBERATE: &[Deliberate] = &[
    Deliberate {
        why: "maximumFractionDigits rounds half away from zero, as Intl.NumberFormat (which \
              Fluent's NUMBER follows) and fluent.js do; python's Babel rounds half to even \
              (1234.5 → 1234, 0.5 → 0)",
        applies: |_, id, n, _, _| id == "none" && n.ends_with(".5"),
    },
    Deliberate {
        why: "NUMBER($n, type: \"ordinal\") selects by CLDR's ordinal rules (English 1 `one`, \
              2 `two`, 3 `few`: 1st, 2nd, 3rd), as fluent.js does with Intl.PluralRules; \
              python's fluent.runtime ignores the type and shows the default variant",
        applies: |_, id, _, _, python| id == "ordinal" && python == "other",
    },
    Deliberate {
        why: "CLDR's minimumGroupingDigits of 2 (Polish, Spanish …) leaves four-digit numbers \
              ungrouped (1234,5, but 12 345), as ICU and browsers write them; Babel groups \
              them (1 234,5)",
        applies: |locale, _, _, ours, python| {
            locale == "pl" && without_group_separators(python) == without_group_separators(ours)
        },
    },
    Deliberate {
        why: "CLDR's Arabic percent pattern (ICU4X, as browsers show it) marks the percent \
              sign left-to-right (U+200E around %); Babel's older data has no marks",
        applies: |locale, id, _, ours, python| {
            locale == "ar" && id == "percent" && ours.replace('\u{200e}', "") == python
        },
    },
];

/// `text` without the no-break spaces that group digits (`1 234,50 €` → `1234,50 €`).
fn without_group_separators(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            *c != '\u{a0}'
                || !(i > 0 && chars[i - 1].is_ascii_digit())
                || !chars.get(i + 1).is_some_and(char::is_ascii_digit)
        })
        .map(|(_, c)| *c)
        .collect()
}

/// The texts python's fluent.runtime gives (`None` where it raised).
fn python(cases: &[(String, String, String)]) -> Vec<Option<String>> {
    let python = repo().join("target/python/bin/python");
    let works = Command::new(&python)
        .args(["-c", "import fluent.runtime"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        works,
        "this test needs python's `fluent.runtime`, which is not installed in target/python: \
         `./test` installs it (tests/tools.txt)"
    );
    let input: Vec<serde_json::Value> = cases
        .iter()
        .map(|(locale, id, n)| {
            let n: serde_json::Value = serde_json::from_str(n).expect("a JSON number");
            serde_json::json!({"locale": locale, "ftl": FTL, "id": id, "args": {"n": n}})
        })
        .collect();
    let mut child = Command::new(python)
        .arg(repo().join("tests/it/fluent_runtime.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let input = serde_json::to_vec(&input).expect("json");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("python answers");
    writer.join().expect("writer").expect("written");
    assert!(output.status.success(), "fluent.runtime failed");
    serde_json::from_slice(&output.stdout).expect("texts")
}

#[test]
fn formatting_agrees_with_python_fluent_runtime_but_for_what_is_explained() {
    let cases: Vec<(String, String, String)> = LOCALES
        .iter()
        .flat_map(|l| {
            IDS.iter().flat_map(move |id| {
                NUMBERS
                    .iter()
                    .map(move |n| (l.to_string(), id.to_string(), n.to_string()))
            })
        })
        .collect();
    let expected = python(&cases);
    let mut table: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for ((locale, id, n), python) in cases.iter().zip(&expected) {
        let file = FtlFile::new("a.ftl", format!("locales/{locale}/a.ftl"), FTL.as_bytes());
        let l = Locale {
            tag: Tag::new(locale.as_str()),
            files: vec![file],
        };
        let formatter = Formatter::new(&[&l]);
        let args = BTreeMap::from([("n".to_string(), Value::Number(n.clone()))]);
        let ours = formatter
            .format(id, &args)
            .expect("formats")
            .text
            .replace(['\u{2068}', '\u{2069}'], "");
        let row = table
            .entry(LOCALES.iter().find(|x| **x == locale).expect("locale"))
            .or_default();
        row.0 += 1;
        let python = python.clone().unwrap_or_default();
        if ours == python {
            row.1 += 1;
        } else if DELIBERATE
            .iter()
            .any(|d| (d.applies)(locale, id, n, &ours, &python))
        {
            row.2 += 1;
        } else {
            unexplained.push(format!(
                "{locale} {id} n={n}: alliance {ours:?}, fluent.runtime {python:?}"
            ));
        }
    }
    let mut printed = String::from("locale  cases  identical  deliberate\n");
    for (locale, (all, same, deliberate)) in &table {
        printed.push_str(&format!("{locale:6}  {all:5}  {same:9}  {deliberate:10}\n"));
    }
    println!("{printed}");
    for d in DELIBERATE {
        println!("deliberate: {}", d.why);
    }
    assert!(
        unexplained.is_empty(),
        "{} of {} cases differ without an explanation:\n{}\n{printed}",
        unexplained.len(),
        cases.len(),
        unexplained
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
