//! What `alliance l10n check` and `status` report: findings and per-locale figures.
//!
//! A [`Finding`] has a stable [`Code`] (part of the interface: the README lists them), a
//! [`Severity`], and a [`Problem`] with file, line, column and a hint. The JSON form is
//! documented in the README and kept stable.

use std::collections::BTreeMap;

use serde::Serialize;

pub use alliance_diagnostic::finding::Severity;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// The kind of a finding; the names are part of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($(#[doc = $doc])* $variant,)* }

        impl Code {
            /// Every code, in the README's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in reports (`missing-message`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What findings of this code are about, in one sentence (its documentation).
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim(),)* }
            }

            /// The severity findings of this code have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    /// A parse error, at the start of the entry it breaks.
    Syntax = "syntax", Error;
    /// The locale folder's name is not a BCP 47 tag (such as Mozilla's `ja-JP-mac`).
    LocaleTag = "locale-tag", Warning;
    /// A message or term defined twice in one file, or in two where the reference has one.
    DuplicateId = "duplicate-id", Error;
    /// The reference defines an id in two files.
    ShadowedId = "shadowed-id", Warning;
    /// A message or term of the reference is absent.
    MissingMessage = "missing-message", Missing;
    /// The message lacks an attribute of the reference (the whole message falls back).
    MissingAttribute = "missing-attribute", Error;
    /// A message or term the reference file does not have.
    ObsoleteMessage = "obsolete-message", Warning;
    /// An attribute the reference message does not have.
    ObsoleteAttribute = "obsolete-attribute", Warning;
    /// A message, term or file the reference does not have, named like one it has and the
    /// locale lacks (`contacts-remove-confrim`, `instaler.ftl`): a typo to rename.
    Misnamed = "misnamed", Warning;
    /// The reference has a value and the translation only attributes, or the reverse.
    MissingValue = "missing-value", Error;
    /// A `$variable` the reference message never uses (usually a translated name).
    UnknownVariable = "unknown-variable", Error;
    /// A variable given to a function of another kind than the reference says it holds
    /// (`DATETIME()` on a string), or selected on by plural category while it is a string.
    VariableKind = "variable-kind", Error;
    /// A straight quote or apostrophe where the language writes others, three dots for an
    /// ellipsis (off per locale with `l10n.typography_off`).
    Typography = "typography", Warning;
    /// A variable the reference shows is not used.
    DroppedVariable = "dropped-variable", Warning;
    /// A message, term or attribute reference that resolves nowhere in the locale.
    UnknownReference = "unknown-reference", Error;
    /// A message or term reference the reference text does not have.
    AddedReference = "added-reference", Warning;
    /// A message or term reference of the reference text the translation lacks.
    DroppedReference = "dropped-reference", Warning;
    /// A plural select lacks a CLDR category that whole numbers select in the locale.
    MissingPluralCategory = "missing-plural-category", Warning;
    /// A variant for a plural category the locale never selects (`[one]` in `ja`).
    UnusedPluralCategory = "unused-plural-category", Warning;
    /// An attribute written twice (only the first counts).
    DuplicateAttribute = "duplicate-attribute", Warning;
    /// A variant key written twice in one select (only the first counts).
    DuplicateVariant = "duplicate-variant", Warning;
    /// A `.style` attribute with other size properties or units than the reference.
    StyleMismatch = "style-mismatch", Warning;
    /// A `.style` attribute that is not a list of sizes where the reference's is one.
    StyleSyntax = "style-syntax", Error;
    /// U+FFFD in the text: damaged by a wrong encoding.
    ReplacementCharacter = "replacement-character", Warning;
    /// A control character (C0 but tab, line feed and carriage return; DEL; C1) in the text,
    /// written or escaped in a string literal: invisible, and cuts or garbles the text.
    ControlCharacter = "control-character", Error;
    /// Every text with words repeats the reference's.
    Untranslated = "untranslated", Warning;
    /// The reference text changed since the translation was made or last accepted.
    Stale = "stale", Warning;
    /// fluent-bundle fails to format the message (a reference cycle, an unknown function).
    FormatError = "format-error", Error;
    /// The file is not UTF-8: the first unreadable byte.
    Encoding = "encoding", Error;
    /// An entry nests placeables and calls more than 100 levels deep; it is left out.
    TooDeep = "too-deep", Error;
}

impl Code {
    /// The code named `name` (`unknown-variable`); the error lists the codes, the closest
    /// first.
    pub fn parse(name: &str) -> Result<Code, String> {
        if let Some(code) = Code::ALL.iter().find(|c| c.as_str() == name) {
            return Ok(*code);
        }
        let names: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
        let hint = alliance_diagnostic::suggest::did_you_mean(name, &names)
            .map(|h| format!("{h} "))
            .unwrap_or_default();
        Err(format!(
            "`{name}` is not a finding code; {hint}the codes are {}",
            names.join(", ")
        ))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl alliance_diagnostic::FindingCode for Code {
    fn name(&self) -> &str {
        self.as_str()
    }

    fn severity(&self) -> Severity {
        Code::severity(*self)
    }

    fn rule(&self) -> Option<&str> {
        Some(self.description())
    }
}

/// One thing found in one locale: the finding model every output is written from, with
/// this crate's codes.
pub type Finding = alliance_diagnostic::Finding<Code>;

/// The figures of one locale, counted in messages and terms as compare-locales counts them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Messages and terms of the reference.
    pub total: usize,
    /// Present in the locale and not identical to the reference.
    pub translated: usize,
    /// Absent from the locale (a missing file counts each of its messages and terms).
    pub missing: usize,
    /// In the locale but not in the reference file of the same path.
    pub obsolete: usize,
    /// Translated against a reference text that has changed since (not counted in
    /// `translated`).
    pub stale: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// `translated / total`, in percent with one decimal.
    pub completion: f64,
}

/// Everything found in one locale.
#[derive(Debug, Clone, Default)]
pub struct LocaleReport {
    /// The locale's figures, as `alliance l10n status` shows them.
    pub summary: Summary,
    /// Sorted by file, line, column.
    pub findings: Vec<Finding>,
}

impl LocaleReport {
    /// The messages and terms with an error finding, each with the code of its first one:
    /// what a bundle must not take from this locale as it is.
    /// A message with U+FFFD in a file that is not UTF-8 (`encoding`) is rejected too: its
    /// text is what the wrong encoding damaged.
    pub fn rejected(&self) -> BTreeMap<&str, Code> {
        let misencoded: std::collections::BTreeSet<&std::path::Path> = self
            .findings
            .iter()
            .filter(|f| f.code == Code::Encoding)
            .map(|f| f.problem.path.as_path())
            .collect();
        let mut rejected = BTreeMap::new();
        for finding in &self.findings {
            let Some(id) = finding.id.as_deref() else {
                continue;
            };
            if finding.severity() == Severity::Error {
                rejected.entry(id).or_insert(finding.code);
            } else if finding.code == Code::ReplacementCharacter
                && misencoded.contains(finding.problem.path.as_path())
            {
                rejected.entry(id).or_insert(Code::Encoding);
            }
        }
        rejected
    }
}

impl LocaleReport {
    /// The messages and terms whose translation is stale (the reference text changed since).
    pub fn stale(&self) -> Vec<&str> {
        self.findings
            .iter()
            .filter(|f| f.code == Code::Stale)
            .filter_map(|f| f.id.as_deref())
            .collect()
    }
}

/// The result of checking a workspace's locales.
#[derive(Debug, Clone)]
pub struct Report {
    /// The reference locale.
    pub reference: String,
    /// Per locale, by tag.
    pub locales: BTreeMap<String, LocaleReport>,
}

impl Report {
    /// Keeps the findings of severity `least` and worse (errors, missing, warnings) and,
    /// when `codes` is not empty, of those codes only; the counts of errors and warnings
    /// then count what is kept.
    pub fn retain(&mut self, least: Severity, codes: &[Code]) -> Hidden {
        let mut hidden = Hidden::default();
        for locale in self.locales.values_mut() {
            locale.findings.retain(|f| {
                let shown = f.severity() <= least && (codes.is_empty() || codes.contains(&f.code));
                if !shown {
                    match f.severity() {
                        Severity::Error => hidden.errors += 1,
                        Severity::Warning => hidden.warnings += 1,
                        Severity::Missing => hidden.missing += 1,
                    }
                }
                shown
            });
            let count = |s: Severity| locale.findings.iter().filter(|f| f.severity() == s).count();
            locale.summary.errors = count(Severity::Error);
            locale.summary.warnings = count(Severity::Warning);
        }
        hidden
    }

    /// How many findings of each code, errors first, then by count (most first).
    pub fn by_code(&self) -> Vec<(Code, usize)> {
        let mut counts: BTreeMap<Code, usize> = BTreeMap::new();
        for finding in self.locales.values().flat_map(|l| &l.findings) {
            *counts.entry(finding.code).or_default() += 1;
        }
        let mut counts: Vec<(Code, usize)> = counts.into_iter().collect();
        counts.sort_by_key(|&(code, n)| (code.severity(), std::cmp::Reverse(n), code));
        counts
    }

    /// Whether any finding is an error (or a warning, when `deny_warnings`).
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.locales
            .values()
            .any(|l| l.summary.errors > 0 || (deny_warnings && l.summary.warnings > 0))
    }

    /// The locales in status order: the reference first, then by completion (highest
    /// first), then by tag.
    pub fn status_order(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = self.locales.keys().map(String::as_str).collect();
        tags.sort_by(|a, b| {
            let key = |t: &str| {
                let s = &self.locales[t].summary;
                (t != self.reference, -(s.completion * 10.0).round() as i64)
            };
            key(a).cmp(&key(b)).then(a.cmp(b))
        });
        tags
    }

    /// The JSON document of `alliance l10n check --format json` (and, without findings,
    /// `status`); its shape is documented in the README.
    pub fn json(&self, with_findings: bool) -> JsonReport<'_> {
        JsonReport {
            reference: &self.reference,
            locales: self
                .locales
                .iter()
                .map(|(tag, report)| {
                    let findings =
                        with_findings.then(|| report.findings.iter().map(Finding::json).collect());
                    (
                        tag.as_str(),
                        JsonLocale {
                            summary: &report.summary,
                            findings,
                        },
                    )
                })
                .collect(),
        }
    }
}

/// The findings [`Report::retain`] left out, by severity: what a report says it does not
/// show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Errors of other codes than `--code` asks for.
    pub errors: usize,
    /// Warnings below `--severity error`, or of other codes.
    pub warnings: usize,
    /// Missing messages below `--severity error`, or of other codes.
    pub missing: usize,
}

/// `{"reference": …, "locales": {tag: {"summary": …, "findings": […]}}}`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    reference: &'a str,
    locales: BTreeMap<&'a str, JsonLocale<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonLocale<'a> {
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<alliance_diagnostic::finding::JsonFinding<'a>>>,
}

/// Completion in percent, rounded to one decimal.
pub fn completion(translated: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        (translated as f64 * 1000.0 / total as f64).round() / 10.0
    }
}
