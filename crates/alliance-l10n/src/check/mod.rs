//! The translator checks: every locale's Fluent AST against the reference's.
//!
//! [`check`] parses the reference once, then each locale in parallel, and compares them
//! message by message within files of the same relative path (as compare-locales does),
//! plus locale-wide checks: duplicate ids, references that resolve nowhere, plural
//! categories from CLDR, and a formatting proof with fluent-bundle. Every finding carries
//! its file, line and column.
//!
//! This module parses, indexes and walks the files (missing, obsolete); the checks live
//! in `wide` (locale-wide: syntax, duplicate ids, unknown references), `messages` (one
//! message against the reference's), `style` (`.style` attributes), `untranslated`,
//! `shape` (select expressions and plural categories) and `proof` (fluent-bundle).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{InlineExpression, Pattern, PatternElement, Variant};
use fluent_syntax::parser::ParserError;
use rayon::prelude::*;

use super::ast::{self, ArgumentKind, Id, Node, Unit};
use super::plural::{self, Plurals};
use super::report::{Code, Finding, LocaleReport, Report, Severity, Summary, completion};
use super::{FtlFile, Locale};
use alliance_diagnostic::{Problem, Related};

mod kinds;
mod messages;
mod proof;
mod shape;
mod stale;
mod style;
mod typography;
mod untranslated;
mod wide;

use messages::*;
use proof::*;
use shape::*;
use stale::*;
use style::*;
use untranslated::*;
use wide::*;

/// What to check, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Words and phrases (brand names) that may stay identical to the reference.
    pub untranslated_allow: Vec<String>,
    /// Locales whose typography is not checked (`l10n.typography_off`).
    pub typography_off: Vec<String>,
    /// Record error findings only (and `replacement-character`: what a bundle must not
    /// ship): the figures of the summary stay right but for `warnings`. Saves the time and memory of
    /// a finding per missing message when a build only needs the verdict.
    pub errors_only: bool,
    /// Per locale tag: the reference texts its translations were accepted against (from
    /// its lock and the git history, [`super::stale::records`]); a locale without one has
    /// nothing stale.
    pub records: BTreeMap<String, super::stale::Record>,
}

/// Checks `locales` (the reference may be among them) against `reference`.
pub fn check(reference: &Locale, locales: &[&Locale], options: &Options) -> Report {
    let results: Vec<(String, LocaleReport)> = against(reference, options, |check| {
        locales
            .par_iter()
            .map(|locale| (locale.tag.to_string(), check(locale)))
            .collect()
    });
    Report {
        reference: reference.tag.to_string(),
        locales: results.into_iter().collect(),
    }
}

/// Checks the locales `tags` (the reference may be among them) against `reference`, each
/// loaded by `load` when its turn comes and dropped once checked: a report of every locale
/// never holds every locale's text at once (a finding keeps a few lines of its file).
/// `load` may fail with the caller's own error type.
pub fn check_each<E: Send>(
    reference: &Locale,
    tags: &[String],
    load: impl Fn(&str) -> Result<Locale, E> + Sync,
    options: &Options,
) -> Result<Report, E> {
    let results: Vec<(String, LocaleReport)> = against(reference, options, |check| {
        tags.par_iter()
            .map(|tag| {
                let report = if *tag == reference.tag {
                    check(reference)
                } else {
                    check(&load(tag)?)
                };
                Ok((tag.clone(), report))
            })
            .collect::<Result<_, E>>()
    })?;
    Ok(Report {
        reference: reference.tag.to_string(),
        locales: results.into_iter().collect(),
    })
}

/// Parses and indexes `reference` once, then hands `run` the check of one locale against
/// it (the reference itself, or a translation).
fn against<T>(
    reference: &Locale,
    options: &Options,
    run: impl FnOnce(&(dyn Fn(&Locale) -> LocaleReport + Sync)) -> T,
) -> T {
    let parsed_reference = ParsedLocale::parse(reference);
    let reference_index = Index::of(&parsed_reference);
    let external = unresolved_references(&reference_index);
    let kinds = kinds::ReferenceKinds::of(&parsed_reference, &reference_index);
    let texts = reference_texts(&reference_index, options);
    let check = |locale: &Locale| {
        if locale.tag == reference.tag {
            return check_reference(&parsed_reference, &reference_index, options);
        }
        let parsed = ParsedLocale::parse(locale);
        let index = Index::of(&parsed);
        check_locale(
            &parsed,
            &index,
            &parsed_reference,
            &reference_index,
            (&external, &kinds, &texts),
            options,
        )
    };
    run(&check)
}

/// The normalized text of every message and term of the reference, per file, computed
/// once for all locales, when some locale has a record of stale translations to compare
/// with; else nothing.
fn reference_texts<'a>(
    index: &Index<'a>,
    options: &Options,
) -> Vec<HashMap<Id<'a>, super::stale::Reference>> {
    if options.records.values().all(super::stale::Record::is_empty) {
        return Vec::new();
    }
    index
        .files
        .par_iter()
        .map(|units| {
            units
                .iter()
                .map(|unit| (unit.id, super::stale::Reference::of(unit)))
                .collect()
        })
        .collect()
}

/// A locale's files, parsed.
struct ParsedLocale<'l> {
    locale: &'l Locale,
    files: Vec<ParsedFile<'l>>,
}

struct ParsedFile<'l> {
    file: &'l FtlFile,
    resource: &'l FluentResource,
    errors: &'l [ParserError],
}

impl<'l> ParsedLocale<'l> {
    fn parse(locale: &'l Locale) -> Self {
        // Each file was parsed when it was read.
        let files = locale
            .files
            .iter()
            .map(|file| ParsedFile {
                file,
                resource: file.resource(),
                errors: file.syntax_errors(),
            })
            .collect();
        ParsedLocale { locale, files }
    }
}

/// Where every message and term of a locale is.
struct Index<'a> {
    /// Per file: its units in source order, the first definition of each id only.
    files: Vec<Vec<Unit<'a, 'a>>>,
    /// Per file: id -> position in `files[i]`.
    by_file: Vec<HashMap<Id<'a>, usize>>,
    /// Locale-wide: id -> (file, unit), first definition.
    all: HashMap<Id<'a>, (usize, Unit<'a, 'a>)>,
    /// Later definitions of an id: (file, unit, file of the first).
    duplicates: Vec<(usize, Unit<'a, 'a>, usize, Unit<'a, 'a>)>,
    /// rel path -> file index.
    by_path: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn of(parsed: &'a ParsedLocale<'_>) -> Self {
        let mut index = Index {
            files: Vec::with_capacity(parsed.files.len()),
            by_file: Vec::with_capacity(parsed.files.len()),
            all: HashMap::default(),
            duplicates: Vec::new(),
            by_path: HashMap::default(),
        };
        for (i, file) in parsed.files.iter().enumerate() {
            index.by_path.insert(file.file.rel.as_str(), i);
            let mut units = Vec::new();
            let mut by_id = HashMap::default();
            for unit in file.resource.entries().filter_map(Unit::of) {
                match index.all.get(&unit.id) {
                    Some(&(first_file, first)) => {
                        index.duplicates.push((i, unit, first_file, first))
                    }
                    None => {
                        index.all.insert(unit.id, (i, unit));
                    }
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = by_id.entry(unit.id) {
                    slot.insert(units.len());
                    units.push(unit);
                }
            }
            index.files.push(units);
            index.by_file.push(by_id);
        }
        index
    }
}

/// Collects findings for one locale.
struct Findings<'p> {
    parsed: &'p ParsedLocale<'p>,
    list: Vec<Finding>,
    /// Only error findings are recorded ([`Options::errors_only`]).
    errors_only: bool,
}

impl<'p> Findings<'p> {
    fn file(&self, i: usize) -> &'p FtlFile {
        self.parsed.files[i].file
    }

    /// The text the AST of file `i` borrows from: offsets are computed in it (its content is
    /// the file's, so they hold for the file's text too).
    fn src(&self, i: usize) -> &'p str {
        self.parsed.files[i].resource.source()
    }

    /// Whether findings of `code` are recorded: with `errors_only`, what decides whether a
    /// bundle takes a message ([`super::report::LocaleReport::rejected`]): errors, and
    /// U+FFFD (damage, when the file is not UTF-8); and the plural categories a message
    /// lacks, which a build reports (and `--strict` refuses).
    fn records(&self, code: Code) -> bool {
        !self.errors_only
            || code.severity() == Severity::Error
            || code == Code::ReplacementCharacter
            || code == Code::MissingPluralCategory
            || code == Code::Stale
    }

    fn add(
        &mut self,
        code: Code,
        file: usize,
        id: Option<Id<'_>>,
        range: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        if !self.records(code) {
            return;
        }
        let f = self.file(file);
        let mut problem = Problem::at_indexed(&f.display, &f.text, &f.lines, range, message)
            .with_label(code.as_str());
        if let Some(help) = help {
            problem = problem.with_help(help);
        }
        self.push(code, id.map(|i| i.to_string()), problem);
    }

    /// Records a finding of `code` about `id` (none: the file as a whole).
    fn push(&mut self, code: Code, id: Option<String>, problem: Problem) {
        self.list.push(Finding::new(code, id, problem));
    }

    fn at_unit(
        &mut self,
        code: Code,
        file: usize,
        unit: &Unit<'_, '_>,
        message: String,
        help: Option<String>,
    ) {
        let range = id_range(self.src(file), unit.id);
        self.add(code, file, Some(unit.id), range, message, help);
    }
}

/// The range of an id in the source, with the `-` of a term.
fn id_range(source: &str, id: Id<'_>) -> Range<usize> {
    ast::id_range(source, id).unwrap_or(0..0)
}

fn check_reference(
    parsed: &ParsedLocale<'_>,
    index: &Index<'_>,
    options: &Options,
) -> LocaleReport {
    let mut findings = Findings {
        parsed,
        list: Vec::new(),
        errors_only: options.errors_only,
    };
    let plurals = Plurals::of(&parsed.locale.tag);
    locale_wide(&mut findings, index, None);
    for (i, units) in index.files.iter().enumerate() {
        for unit in units {
            unit_shape(&mut findings, i, unit, plurals.as_ref(), None);
        }
    }
    let total: usize = index.files.iter().map(Vec::len).sum();
    let counts = Counts {
        total,
        translated: total,
        ..Counts::default()
    };
    finish(findings.list, &counts)
}

/// A locale and the reference it is checked against.
struct Pair<'a> {
    parsed: &'a ParsedLocale<'a>,
    index: &'a Index<'a>,
    reference: &'a ParsedLocale<'a>,
    reference_index: &'a Index<'a>,
    plurals: Option<&'a Plurals>,
    kinds: &'a kinds::ReferenceKinds,
    options: &'a Options,
    /// Each reference file's messages' normalized texts (empty when no locale has a record).
    reference_texts: &'a [HashMap<Id<'a>, super::stale::Reference>],
    /// What this locale's translations were accepted against, if anything.
    record: Option<&'a super::stale::Record>,
    /// Each reference file's path, shared by the findings that relate to it.
    reference_paths: Vec<Arc<std::path::Path>>,
    /// `the en-US message`: what a related place in the reference is.
    reference_label: Arc<str>,
}

impl Pair<'_> {
    fn reference_tag(&self) -> &str {
        self.reference.locale.tag.as_str()
    }
}

/// The figures of a locale's summary.
#[derive(Default)]
struct Counts {
    total: usize,
    translated: usize,
    missing: usize,
    obsolete: usize,
    stale: usize,
}

fn check_locale(
    parsed: &ParsedLocale<'_>,
    index: &Index<'_>,
    reference: &ParsedLocale<'_>,
    reference_index: &Index<'_>,
    (external, kinds, texts): (
        &External,
        &kinds::ReferenceKinds,
        &[HashMap<Id<'_>, super::stale::Reference>],
    ),
    options: &Options,
) -> LocaleReport {
    let mut findings = Findings {
        parsed,
        list: Vec::new(),
        errors_only: options.errors_only,
    };
    let plurals = Plurals::of(&parsed.locale.tag);
    locale_tag(&mut findings, parsed.locale);
    locale_wide(&mut findings, index, Some((reference_index, external)));
    let pair = Pair {
        parsed,
        index,
        reference,
        reference_index,
        plurals: plurals.as_ref(),
        kinds,
        options,
        reference_texts: texts,
        record: options.records.get(parsed.locale.tag.as_str()),
        reference_paths: reference
            .files
            .iter()
            .map(|f| Arc::from(f.file.display.as_path()))
            .collect(),
        reference_label: Arc::from(format!("the {} message", reference.locale.tag)),
    };
    let mut counts = Counts::default();
    let mut seen_files = HashSet::default();
    let misnamed = misnamed_files(&pair);
    for (ri, reference_units) in reference_index.files.iter().enumerate() {
        counts.total += reference_units.len();
        let rel = reference.files[ri].file.rel.as_str();
        if let Some(&(li, _)) = misnamed.iter().find(|(_, r)| *r == ri) {
            seen_files.insert(li);
            misnamed_file(&mut findings, &pair, ri, li, &mut counts);
            continue;
        }
        match index.by_path.get(rel) {
            None => missing_file(&mut findings, &pair, ri, &mut counts),
            Some(&li) => {
                seen_files.insert(li);
                compare_file(&mut findings, &pair, ri, li, &mut counts);
            }
        }
    }
    files_not_in_reference(&mut findings, &pair, &seen_files, &mut counts);
    finish(findings.list, &counts)
}

/// A tag that is not a valid locale tag (the plural rules of its language are used).
fn locale_tag(findings: &mut Findings<'_>, locale: &Locale) {
    if let Some(problem) = super::parse::validate_tag(&locale.tag) {
        let language = locale.tag.split(['-', '_']).next().unwrap_or_default();
        let help = problem.help.clone().unwrap_or_default();
        let problem =
            problem.with_help(format!("{help}; the plural rules of `{language}` are used"));
        if findings.records(Code::LocaleTag) {
            findings.push(Code::LocaleTag, None, problem);
        }
    }
}

/// The files of the locale the reference does not have, each paired with the reference
/// file the locale lacks that it was most likely meant to be: a path a typo away
/// (`instaler.ftl`), or else one that holds most of the same ids. `(locale file,
/// reference file)`.
fn misnamed_files(pair: &Pair<'_>) -> Vec<(usize, usize)> {
    let lacking: Vec<usize> = (0..pair.reference.files.len())
        .filter(|&ri| {
            !pair
                .index
                .by_path
                .contains_key(pair.reference.files[ri].file.rel.as_str())
        })
        .collect();
    let mut paired: Vec<(usize, usize)> = Vec::new();
    for (li, file) in pair.parsed.files.iter().enumerate() {
        let rel = file.file.rel.as_str();
        if pair.reference_index.by_path.contains_key(rel) {
            continue;
        }
        let free: Vec<usize> = lacking
            .iter()
            .copied()
            .filter(|ri| !paired.iter().any(|(_, r)| r == ri))
            .collect();
        let names: Vec<String> = free
            .iter()
            .map(|&ri| pair.reference.files[ri].file.rel.clone())
            .collect();
        let by_name = alliance_diagnostic::suggest::closest(rel, &names).and_then(|name| {
            free.iter()
                .copied()
                .find(|&ri| pair.reference.files[ri].file.rel == *name)
        });
        let by_ids = || {
            let ids = &pair.index.by_file[li];
            free.iter().copied().find(|&ri| {
                let shared = pair.reference_index.files[ri]
                    .iter()
                    .filter(|u| ids.contains_key(&u.id))
                    .count();
                shared > 0 && shared * 2 >= pair.reference_index.files[ri].len()
            })
        };
        if let Some(ri) = by_name.or_else(by_ids) {
            paired.push((li, ri));
        }
    }
    paired
}

/// Locale file `li`, named like none of the reference but meant to be reference file `ri`:
/// one finding that says to rename it; until then its messages are not used (each of the
/// reference file is missing, each of its own obsolete, as the figures say).
fn misnamed_file(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    ri: usize,
    li: usize,
    counts: &mut Counts,
) {
    counts.missing += pair.reference_index.files[ri].len();
    counts.obsolete += pair.index.files[li].len();
    let file = findings.file(li);
    let meant = &pair.reference.files[ri].file.rel;
    let tag = pair.parsed.locale.tag.as_str();
    findings.push(
        Code::Misnamed,
        None,
        Problem::new(
            &file.display,
            format!(
                "`{}` is not a file of {}, which has `{meant}` that this locale lacks: {}",
                file.rel,
                pair.reference_tag(),
                alliance_diagnostic::suggest::phrase(meant)
            ),
        )
        .with_help(format!(
            "rename it to `{meant}` (`git mv {} {}/{tag}/{meant}`); until then none of its {} is used and users see the {} text",
            file.display.display(),
            super::LOCALES_DIR,
            alliance_diagnostic::plural(pair.index.files[li].len(), "message"),
            pair.reference_tag()
        )),
    );
}

/// Every message of reference file `ri`, missing: the locale has no file of its path.
fn missing_file(findings: &mut Findings<'_>, pair: &Pair<'_>, ri: usize, counts: &mut Counts) {
    let file = pair.reference.files[ri].file;
    let path = locale_path(pair.parsed.locale, &file.rel);
    for unit in &pair.reference_index.files[ri] {
        counts.missing += 1;
        if !findings.records(Code::MissingMessage) {
            continue;
        }
        findings.push(
            Code::MissingMessage,
            Some(unit.id.to_string()),
            Problem::new(
                &path,
                format!("`{}` is missing: the file does not exist", unit.id),
            )
            .with_help(format!(
                "copy `{}` and translate it",
                file.display.display()
            )),
        );
    }
}

/// Locale file `li` against reference file `ri` of the same path: each message of the
/// reference missing or compared, and each message of the locale not in the reference file.
fn compare_file(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    ri: usize,
    li: usize,
    counts: &mut Counts,
) {
    let reference_tag = pair.reference_tag();
    let renamed = renames(
        pair.index.files[li]
            .iter()
            .filter(|u| !pair.reference_index.by_file[ri].contains_key(&u.id)),
        pair.reference_index.files[ri]
            .iter()
            .filter(|u| !pair.index.by_file[li].contains_key(&u.id)),
    );
    // Messages with nothing to translate (`{ $count }`, a brand name allowed to stay) count
    // as translated once someone has translated something in the file: a file still as
    // `l10n add` copied it has translated nothing.
    let (mut touched, mut as_is) = (false, 0);
    for reference_unit in &pair.reference_index.files[ri] {
        match pair.index.by_file[li].get(&reference_unit.id) {
            None => {
                counts.missing += 1;
                let told = renamed.values().any(|r| *r == reference_unit.id);
                if !told && findings.records(Code::MissingMessage) {
                    missing_message(findings, pair, ri, li, reference_unit);
                }
            }
            Some(&k) => {
                let unit = pair.index.files[li][k];
                match compare_unit(findings, pair, (ri, li), &unit, reference_unit) {
                    Translation::AsIs => as_is += 1,
                    Translation::Stale => {
                        touched = true;
                        counts.stale += 1;
                    }
                    Translation::Translated => {
                        touched = true;
                        counts.translated += 1;
                    }
                    Translation::Identical => {}
                }
            }
        }
    }
    if touched {
        counts.translated += as_is;
    }
    for unit in &pair.index.files[li] {
        if let Some(meant) = renamed.get(&unit.id) {
            counts.obsolete += 1;
            findings.at_unit(
                Code::Misnamed,
                li,
                unit,
                format!(
                    "`{}` is not in the {reference_tag} file, which has `{meant}` that this file lacks: {}",
                    unit.id,
                    alliance_diagnostic::suggest::phrase(&meant.to_string())
                ),
                Some(format!(
                    "rename it to `{meant}`; until then users see the {reference_tag} text of `{meant}`"
                )),
            );
        } else if !pair.reference_index.by_file[ri].contains_key(&unit.id) {
            counts.obsolete += 1;
            findings.at_unit(
                Code::ObsoleteMessage,
                li,
                unit,
                format!("`{}` is not in the {reference_tag} file", unit.id),
                Some(obsolete_help(
                    pair.reference_index,
                    pair.reference,
                    unit.id,
                    reference_tag,
                )),
            );
        }
    }
}

/// What a translated message is, as the figures count it.
enum Translation {
    /// The reference's text, reported `untranslated`.
    Identical,
    /// Written as the reference's, with nothing to translate (`{ $count }`).
    AsIs,
    /// Translated against a reference text that changed since.
    Stale,
    /// Translated.
    Translated,
}

/// Translation `unit` of locale file `li` against `reference_unit` of reference file `ri`:
/// every check of one message, each finding related to the reference message.
fn compare_unit(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    (ri, li): (usize, usize),
    unit: &Unit<'_, '_>,
    reference_unit: &Unit<'_, '_>,
) -> Translation {
    let first = findings.list.len();
    let identical = compare(
        findings,
        li,
        unit,
        reference_unit,
        pair.reference_tag(),
        pair.options,
    );
    unit_shape(findings, li, unit, pair.plurals, Some(reference_unit));
    kinds::check_kinds(findings, pair, ri, li, unit, reference_unit);
    let tag = &pair.parsed.locale.tag;
    if !pair.options.typography_off.iter().any(|t| *t == *tag) {
        typography::check_typography(findings, li, unit, tag);
    }
    let translation = if identical {
        Translation::Identical
    } else if same_text(unit, reference_unit) {
        Translation::AsIs
    } else if stale(findings, pair, (ri, li), unit, reference_unit) {
        Translation::Stale
    } else {
        Translation::Translated
    };
    let (path, position) = reference_place(pair, ri, reference_unit);
    for finding in &mut findings.list[first..] {
        finding.related.push(Related {
            path: Arc::clone(&path),
            position: Some(position),
            message: Arc::clone(&pair.reference_label),
        });
    }
    translation
}

/// Whether `unit` is written exactly as the reference's (value and attributes).
fn same_text(unit: &Unit<'_, '_>, reference: &Unit<'_, '_>) -> bool {
    unit.value == reference.value && unit.attributes == reference.attributes
}

/// The messages and terms of a locale file the reference file lacks (`obsolete`), each
/// paired with the one of the reference file the locale lacks (`missing`) that it most
/// likely was meant to be: the same kind (message or term), and a name a typo away, or
/// else the very same text. Each is paired once.
fn renames<'u, 'a: 'u, 's: 'a>(
    obsolete: impl Iterator<Item = &'u Unit<'a, 's>>,
    missing: impl Iterator<Item = &'u Unit<'a, 's>>,
) -> HashMap<Id<'s>, Id<'s>> {
    let mut missing: Vec<&Unit<'_, '_>> = missing.collect();
    let mut renamed = HashMap::default();
    for unit in obsolete {
        let names: Vec<String> = missing
            .iter()
            .filter(|m| m.id.is_term == unit.id.is_term)
            .map(|m| m.id.name.to_string())
            .collect();
        let by_name =
            alliance_diagnostic::suggest::closest(unit.id.name, &names).and_then(|name| {
                missing
                    .iter()
                    .position(|m| m.id.is_term == unit.id.is_term && m.id.name == name)
            });
        let by_text = || {
            missing.iter().position(|m| {
                m.id.is_term == unit.id.is_term
                    && unit.value.is_some()
                    && untranslated::is_untranslated(unit, m, &[])
            })
        };
        if let Some(i) = by_name.or_else(by_text) {
            renamed.insert(unit.id, missing.remove(i).id);
        }
    }
    renamed
}

/// `reference_unit` (of reference file `ri`) is missing from locale file `li`.
fn missing_message(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    ri: usize,
    li: usize,
    reference_unit: &Unit<'_, '_>,
) {
    let reference_tag = pair.reference_tag();
    let (path, (line, column)) = reference_place(pair, ri, reference_unit);
    findings.push(
        Code::MissingMessage,
        Some(reference_unit.id.to_string()),
        Problem::new(
            &findings.file(li).display,
            format!("`{}` is missing", reference_unit.id),
        )
        .with_help(format!(
            "translate it from {}:{line}; until then users see the {reference_tag} text",
            path.display()
        )),
    );
    if let Some(finding) = findings.list.last_mut() {
        finding.related.push(Related {
            path,
            position: Some((line, column)),
            message: Arc::clone(&pair.reference_label),
        });
    }
}

/// Where `reference_unit` of reference file `ri` is: its file and the line and column of
/// its id.
fn reference_place(
    pair: &Pair<'_>,
    ri: usize,
    reference_unit: &Unit<'_, '_>,
) -> (Arc<std::path::Path>, (usize, usize)) {
    let parsed = &pair.reference.files[ri];
    let offset = id_range(parsed.resource.source(), reference_unit.id).start;
    (
        Arc::clone(&pair.reference_paths[ri]),
        parsed.file.lines.position(parsed.file.source(), offset),
    )
}

/// Every message of a locale file whose path the reference does not have: obsolete.
fn files_not_in_reference(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    seen_files: &HashSet<usize>,
    counts: &mut Counts,
) {
    let reference_tag = pair.reference_tag();
    for (li, units) in pair.index.files.iter().enumerate() {
        if seen_files.contains(&li) {
            continue;
        }
        for unit in units {
            counts.obsolete += 1;
            findings.at_unit(
                Code::ObsoleteMessage,
                li,
                unit,
                format!("`{}` is in a file that {reference_tag} does not have", unit.id),
                Some("remove the file, or move what is still needed to the file of the same name as in the reference".into()),
            );
            unit_shape(findings, li, unit, pair.plurals, None);
        }
    }
}

fn obsolete_help(
    reference_index: &Index<'_>,
    reference: &ParsedLocale<'_>,
    id: Id<'_>,
    tag: &str,
) -> String {
    match reference_index.all.get(&id) {
        Some(&(file, _)) => format!(
            "{tag} has it in `{}`: move it there",
            reference.files[file].file.rel
        ),
        None => format!("{tag} no longer has it: remove it"),
    }
}

fn locale_path(locale: &Locale, rel: &str) -> std::path::PathBuf {
    let mut path = std::path::PathBuf::from(super::LOCALES_DIR);
    path.push(locale.tag.as_str());
    for part in rel.split('/') {
        path.push(part);
    }
    path
}

fn finish(mut list: Vec<Finding>, counts: &Counts) -> LocaleReport {
    // Paths compare as bytes (component-wise comparison is slow on 60 000 findings).
    list.sort_by(|a, b| {
        (a.problem.path.as_os_str(), a.problem.position, a.code).cmp(&(
            b.problem.path.as_os_str(),
            b.problem.position,
            b.code,
        ))
    });
    // A report outlives the files it was made from: each finding keeps a few lines.
    for finding in &mut list {
        finding.problem.compact();
    }
    list.shrink_to_fit();
    let errors = list
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    let warnings = list
        .iter()
        .filter(|f| f.severity() == Severity::Warning)
        .count();
    LocaleReport {
        summary: Summary {
            total: counts.total,
            translated: counts.translated,
            missing: counts.missing,
            obsolete: counts.obsolete,
            stale: counts.stale,
            errors,
            warnings,
            completion: completion(counts.translated, counts.total),
        },
        findings: list,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str, text: &str) -> Locale {
        files(tag, &[("a.ftl", text)])
    }

    /// Issue 22, item 3: the reference's comments, else its own use, decide a variable's
    /// kind; a translation that gives it to a function of another kind, or selects plural
    /// categories on a string, is told so at the variable.
    #[test]
    fn a_variable_used_as_another_kind_than_the_reference_says_is_an_error() {
        let reference = locale(
            "en-US",
            "## $who (String)\n\n\
             # $time (String) - already formatted\n\
             seen = Seen { $time }\n\
             count = { $n ->\n    [one] One file\n   *[other] { $n } files\n}\n\
             when = { DATETIME($d) }\n\
             name = { $who }\n\
             plain = { $free }\n",
        );
        let pl = locale(
            "pl",
            "seen = Widziany { DATETIME($time) }\n\
             count = { DATETIME($n) } { NUMBER($n) }\n\
             when = { NUMBER($d) }\n\
             name = { $who ->\n    [one] A\n    [few] B\n    [many] C\n   *[other] D\n}\n\
             plain = { NUMBER($free) } { DATETIME($free) }\n",
        );
        let report = &check(&reference, &[&pl], &Options::default()).locales["pl"];
        let found: Vec<(Option<&str>, usize)> = report
            .findings
            .iter()
            .filter(|f| f.code == Code::VariableKind)
            .map(|f| (f.id.as_deref(), f.problem.position.map_or(0, |p| p.1)))
            .collect();
        assert_eq!(
            found,
            [
                (Some("seen"), 29),
                (Some("count"), 21),
                (Some("when"), 18),
                (Some("name"), 11),
            ],
            "nothing said of `$free`, so anything goes: {:#?}",
            report.findings
        );
    }

    fn files(tag: &str, files: &[(&str, &str)]) -> Locale {
        Locale {
            tag: crate::tag::Tag::new(tag),
            files: files
                .iter()
                .map(|(rel, text)| {
                    FtlFile::new(*rel, format!("locales/{tag}/{rel}"), text.as_bytes())
                })
                .collect(),
        }
    }

    /// The findings of a Polish file with every kind of misspelt name (issue 23, item 2).
    fn misspelt() -> LocaleReport {
        let reference = files(
            "en-US",
            &[
                (
                    "contacts.ftl",
                    "contacts-remove-confirm = Remove { $name }?\n\
                     -brand-name = Spark\n\
                     about = About { -brand-name }\n    .label = About\n\
                     count = { NUMBER($n) } files\n\
                     status = Online\n",
                ),
                (
                    "installer.ftl",
                    "install-title = Install\ninstall-done = Done\n",
                ),
            ],
        );
        let pl = files(
            "pl",
            &[
                (
                    "contacts.ftl",
                    "contacts-remove-confrim = Usunąć { $name }?\n\
                     -brand-name = Iskra\n\
                     about = O { -brand-nme }\n    .lable = O programie\n\
                     count = { NUMBR($n) } plików\n\
                     state = Online\n",
                ),
                (
                    "instaler.ftl",
                    "install-title = Zainstaluj\ninstall-done = Gotowe\n",
                ),
            ],
        );
        check(&reference, &[&pl], &Options::default()).locales["pl"].clone()
    }

    /// The message and help of each finding of `code`.
    fn said(report: &LocaleReport, code: Code) -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| {
                format!(
                    "{} | {}",
                    f.problem.message,
                    f.problem.help.as_deref().unwrap_or_default()
                )
            })
            .collect()
    }

    /// Issue 23, item 2: a misspelt message, term, attribute, file or function is one
    /// finding that names what was meant, never an obsolete and a missing one apart.
    #[test]
    fn a_misspelt_name_is_one_finding_that_names_what_was_meant() {
        let report = &misspelt();
        let said = |code: Code| said(report, code);
        assert_eq!(
            said(Code::MissingMessage),
            Vec::<String>::new(),
            "{report:#?}"
        );
        assert_eq!(said(Code::ObsoleteMessage), Vec::<String>::new());
        assert_eq!(said(Code::ObsoleteAttribute), Vec::<String>::new());
        let misnamed = said(Code::Misnamed);
        assert_eq!(misnamed.len(), 3, "{misnamed:#?}");
        for meant in [
            "did you mean `contacts-remove-confirm`?",
            "did you mean `status`?",
            "did you mean `installer.ftl`?",
        ] {
            assert!(
                misnamed.iter().any(|m| m.contains(meant)),
                "{meant}: {misnamed:#?}"
            );
        }
        let attribute = said(Code::MissingAttribute);
        assert!(
            matches!(&attribute[..], [one] if one.contains("did you mean `.label`?")),
            "{attribute:#?}"
        );
        let term = said(Code::UnknownReference);
        assert!(
            matches!(&term[..], [one] if one.contains("did you mean `-brand-name`?")),
            "{term:#?}"
        );
        let function = said(Code::FormatError);
        assert!(
            matches!(&function[..], [one] if one.contains("did you mean `NUMBER`?")),
            "{function:#?}"
        );
        let summary = &report.summary;
        assert_eq!((summary.missing, summary.obsolete), (4, 4), "{summary:?}");
    }

    /// Issue 23, item 6: a variable renamed in Devanagari and a message left without
    /// text are told as what they are, not as the parser's "expected one of a-zA-Z".
    #[test]
    fn a_non_ascii_variable_and_an_empty_message_are_told_as_such() {
        let reference = locale("en-US", "greeting = Hello { $name }\nblank = Text\n");
        let hi = locale("hi", "greeting = नमस्ते { $नाम }\nblank =    \n");
        let report = &check(&reference, &[&hi], &Options::default()).locales["hi"];
        let syntax = said(report, Code::Syntax);
        assert_eq!(syntax.len(), 2, "{syntax:#?}");
        assert!(
            syntax[0].contains("`$नाम` is not a variable name")
                && syntax[0].contains("ASCII")
                && syntax[0].contains("the reference message uses `$name`"),
            "{}",
            syntax[0]
        );
        assert!(
            syntax[1].contains("`blank` has no text after `=`"),
            "{}",
            syntax[1]
        );
        assert!(
            !syntax
                .iter()
                .any(|s| s.contains("a-zA-Z") || s.contains("message field"))
        );
    }

    /// Issue 22, item 5: straight quotes where the language uses others, a straight
    /// apostrophe where it writes `’`, three dots: warnings, markup aside, off per locale.
    #[test]
    fn typography_is_a_warning_unless_turned_off() {
        let reference = locale("en-US", "a = A\nb = B\nc = C\nd = D\ne = E\n");
        let de = locale(
            "de",
            "a = Die \"Schaltfläche\"\nb = Laden...\nc = Geht's?\nd = <a data-l10n-name=\"x\">Hilfe</a>\ne = „Gut“ und ’s…\n",
        );
        let typography = |options: &Options| {
            check(&reference, &[&de], options).locales["de"]
                .findings
                .iter()
                .filter(|f| f.code == Code::Typography)
                .map(|f| {
                    (
                        f.id.clone().unwrap_or_default(),
                        f.problem.position.map_or(0, |p| p.1),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            typography(&Options::default()),
            [
                ("a".to_string(), 9),
                ("b".to_string(), 10),
                ("c".to_string(), 9)
            ]
        );
        let off = Options {
            typography_off: vec!["de".to_string()],
            ..Options::default()
        };
        assert_eq!(typography(&off), []);
    }

    /// Issue 20, item 14a: a control character anywhere in a message's text (a variant,
    /// an attribute, a string literal, written or escaped) is found at its place; a tab, an
    /// escaped backslash and text outside messages are not.
    #[test]
    fn control_characters_are_found_wherever_a_message_shows_text() {
        let reference = locale("en-US", "a = A\nb = B\nc = C\nd = D\ne = E\nf = F\n");
        let de = locale(
            "de",
            "# comment \u{1}\n\
             a = Tab\there { \"\\\\u0000\" }\n\
             b = { $n ->\n    [one] eins\n   *[other] vie\u{85}le\n}\n\
             c = C\n    .title = Ti\u{7f}tel\n\
             d = { \"x\u{1b}\" }\n\
             e = { \"\\u0007\" } und \u{8}\n\
             f = F\n",
        );
        let report = &check(&reference, &[&de], &Options::default()).locales["de"];
        let found: Vec<(String, (usize, usize), &str)> = report
            .findings
            .iter()
            .filter(|f| f.code == Code::ControlCharacter)
            .map(|f| {
                (
                    f.id.clone().unwrap_or_default(),
                    f.problem.position.unwrap_or_default(),
                    f.problem.message.as_str(),
                )
            })
            .collect();
        let ids: Vec<(&str, (usize, usize))> =
            found.iter().map(|(id, at, _)| (id.as_str(), *at)).collect();
        assert_eq!(
            ids,
            [
                ("b", (5, 16)),
                ("c", (8, 16)),
                ("d", (9, 9)),
                ("e", (10, 8))
            ],
            "{found:?}"
        );
        assert!(
            found[3].2.contains("U+0007 (`\\u{7}`), and 1 more"),
            "{found:?}"
        );
        assert!(report.rejected().contains_key("d"));
    }

    #[test]
    fn errors_only_records_the_errors_and_the_same_figures() {
        let reference = locale(
            "en-US",
            "a = Hello { $name }\nb = Bye\nc = Later\nd = Soon\n",
        );
        let de = locale("de", "a = Hallo { $nom }\nb = Bye\nold = Alt\n");
        let check_with = |errors_only| {
            let options = Options {
                untranslated_allow: Vec::new(),
                typography_off: Vec::new(),
                errors_only,
                ..Options::default()
            };
            check(&reference, &[&de], &options).locales["de"].clone()
        };
        let (all, errors) = (check_with(false), check_with(true));
        let codes = |r: &LocaleReport| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
        assert!(
            codes(&all).contains(&Code::MissingMessage),
            "{:?}",
            codes(&all)
        );
        assert_eq!(
            codes(&errors),
            codes(&all)
                .into_iter()
                .filter(|c| c.severity() == Severity::Error)
                .collect::<Vec<_>>()
        );
        assert_eq!(codes(&errors), [Code::UnknownVariable]);
        let figures = |r: &LocaleReport| {
            let s = &r.summary;
            (
                s.total,
                s.translated,
                s.missing,
                s.obsolete,
                s.errors,
                s.completion,
            )
        };
        assert_eq!(figures(&errors), figures(&all));
    }
}
