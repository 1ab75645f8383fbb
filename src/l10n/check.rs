//! The translator checks: every locale's Fluent AST against the reference's.
//!
//! [`check`] parses the reference once, then each locale in parallel, and compares them
//! message by message within files of the same relative path (as compare-locales does),
//! plus locale-wide checks: duplicate ids, references that resolve nowhere, plural
//! categories from CLDR, and a formatting proof with fluent-bundle. Every finding carries
//! its file, line and column.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use fluent_bundle::{FluentArgs, FluentBundle, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast::{InlineExpression, Pattern, PatternElement, Variant};
use fluent_syntax::parser::ParserError;
use rayon::prelude::*;

use super::ast::{self, ArgumentKind, Id, Node, Unit};
use super::plural::{self, Plurals};
use super::report::{Code, Finding, LocaleReport, Report, Severity, Summary, completion};
use super::{FtlFile, Locale};
use crate::diagnostic::Problem;

/// What to check, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Words and phrases (brand names) that may stay identical to the reference.
    pub untranslated_allow: Vec<String>,
    /// Record error findings only (and `replacement-character`: what a bundle must not
    /// ship): the figures of the summary stay right but for `warnings`. Saves the time and memory of
    /// a finding per missing message when a build only needs the verdict.
    pub errors_only: bool,
}

/// Checks `locales` (the reference may be among them) against `reference`.
pub fn check(reference: &Locale, locales: &[&Locale], options: &Options) -> Report {
    let parsed_reference = ParsedLocale::parse(reference);
    let reference_index = Index::of(&parsed_reference);
    let external = unresolved_references(&reference_index);
    let results: Vec<(String, LocaleReport)> = locales
        .par_iter()
        .map(|locale| {
            let report = if locale.tag == reference.tag {
                check_reference(&parsed_reference, &reference_index, options)
            } else {
                let parsed = ParsedLocale::parse(locale);
                let index = Index::of(&parsed);
                check_locale(
                    &parsed,
                    &index,
                    &parsed_reference,
                    &reference_index,
                    &external,
                    options,
                )
            };
            (locale.tag.clone(), report)
        })
        .collect();
    Report {
        reference: reference.tag.clone(),
        locales: results.into_iter().collect(),
    }
}

/// A locale's files, parsed.
struct ParsedLocale<'l> {
    locale: &'l Locale,
    files: Vec<ParsedFile<'l>>,
}

struct ParsedFile<'l> {
    file: &'l FtlFile,
    resource: FluentResource,
    errors: Vec<ParserError>,
}

impl<'l> ParsedLocale<'l> {
    fn parse(locale: &'l Locale) -> Self {
        let files = locale
            .files
            .par_iter()
            .map(|file| {
                let (resource, errors) = match FluentResource::try_new(file.source.to_string()) {
                    Ok(resource) => (resource, Vec::new()),
                    Err((resource, errors)) => (resource, errors),
                };
                ParsedFile {
                    file,
                    resource,
                    errors,
                }
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
    /// U+FFFD (damage, when the file is not UTF-8).
    fn records(&self, code: Code) -> bool {
        !self.errors_only
            || code.severity() == Severity::Error
            || code == Code::ReplacementCharacter
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
        let mut problem = Problem::at_indexed(&f.display, &f.source, &f.lines, range, message)
            .with_label(code.as_str());
        if let Some(help) = help {
            problem = problem.with_help(help);
        }
        self.list.push(Finding {
            code,
            id: id.map(|i| i.to_string()),
            problem,
        });
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
    let r = ast::range(source, id.name);
    if id.is_term && r.start > 0 {
        r.start - 1..r.end
    } else {
        r
    }
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
    locale_wide(&mut findings, index, None, plurals.as_ref());
    for (i, units) in index.files.iter().enumerate() {
        for unit in units {
            unit_shape(&mut findings, i, unit, plurals.as_ref(), None);
        }
    }
    let total: usize = index.files.iter().map(Vec::len).sum();
    finish(findings.list, total, total, 0, 0)
}

fn check_locale(
    parsed: &ParsedLocale<'_>,
    index: &Index<'_>,
    reference: &ParsedLocale<'_>,
    reference_index: &Index<'_>,
    external: &External,
    options: &Options,
) -> LocaleReport {
    let mut findings = Findings {
        parsed,
        list: Vec::new(),
        errors_only: options.errors_only,
    };
    let plurals = Plurals::of(&parsed.locale.tag);
    let reference_tag = reference.locale.tag.as_str();
    if let Err(problem) = super::parse::validate_tag(&parsed.locale.tag) {
        let language = parsed
            .locale
            .tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default();
        let help = problem.help.clone().unwrap_or_default();
        let problem =
            problem.with_help(format!("{help}; the plural rules of `{language}` are used"));
        if findings.records(Code::LocaleTag) {
            findings.list.push(Finding {
                code: Code::LocaleTag,
                id: None,
                problem,
            });
        }
    }
    locale_wide(
        &mut findings,
        index,
        Some((reference_index, external)),
        plurals.as_ref(),
    );

    let (mut total, mut translated, mut missing, mut obsolete) = (0, 0, 0, 0);
    let mut seen_files = HashSet::default();
    for (ri, reference_units) in reference_index.files.iter().enumerate() {
        total += reference_units.len();
        let rel = reference.files[ri].file.rel.as_str();
        let reference_display = &reference.files[ri].file.display;
        let Some(&li) = index.by_path.get(rel) else {
            let path = locale_path(parsed.locale, rel);
            for unit in reference_units {
                missing += 1;
                if !findings.records(Code::MissingMessage) {
                    continue;
                }
                findings.list.push(Finding {
                    code: Code::MissingMessage,
                    id: Some(unit.id.to_string()),
                    problem: Problem::new(
                        &path,
                        format!("`{}` is missing: the file does not exist", unit.id),
                    )
                    .with_help(format!(
                        "copy `{}` and translate it",
                        reference_display.display()
                    )),
                });
            }
            continue;
        };
        seen_files.insert(li);
        for reference_unit in reference_units {
            match index.by_file[li].get(&reference_unit.id) {
                None => {
                    missing += 1;
                    if !findings.records(Code::MissingMessage) {
                        continue;
                    }
                    let file = reference.files[ri].file;
                    let (line, _) = file.lines.position(
                        &file.source,
                        id_range(reference.files[ri].resource.source(), reference_unit.id).start,
                    );
                    findings.list.push(Finding {
                        code: Code::MissingMessage,
                        id: Some(reference_unit.id.to_string()),
                        problem: Problem::new(&findings.file(li).display, format!("`{}` is missing", reference_unit.id))
                            .with_help(format!(
                                "translate it from {}:{line}; until then users see the {reference_tag} text",
                                reference_display.display()
                            )),
                    });
                }
                Some(&k) => {
                    let unit = index.files[li][k];
                    let identical = compare(
                        &mut findings,
                        li,
                        &unit,
                        reference_unit,
                        reference_tag,
                        options,
                    );
                    unit_shape(
                        &mut findings,
                        li,
                        &unit,
                        plurals.as_ref(),
                        Some(reference_unit),
                    );
                    if !identical {
                        translated += 1;
                    }
                }
            }
        }
        for unit in &index.files[li] {
            if !reference_index.by_file[ri].contains_key(&unit.id) {
                obsolete += 1;
                findings.at_unit(
                    Code::ObsoleteMessage,
                    li,
                    unit,
                    format!("`{}` is not in the {reference_tag} file", unit.id),
                    Some(obsolete_help(
                        reference_index,
                        reference,
                        unit.id,
                        reference_tag,
                    )),
                );
            }
        }
    }
    for (li, units) in index.files.iter().enumerate() {
        if seen_files.contains(&li) {
            continue;
        }
        for unit in units {
            obsolete += 1;
            findings.at_unit(
                Code::ObsoleteMessage,
                li,
                unit,
                format!("`{}` is in a file that {reference_tag} does not have", unit.id),
                Some("remove the file, or move what is still needed to the file of the same name as in the reference".into()),
            );
            unit_shape(&mut findings, li, unit, plurals.as_ref(), None);
        }
    }
    finish(findings.list, total, translated, missing, obsolete)
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
    path.push(&locale.tag);
    for part in rel.split('/') {
        path.push(part);
    }
    path
}

fn finish(
    mut list: Vec<Finding>,
    total: usize,
    translated: usize,
    missing: usize,
    obsolete: usize,
) -> LocaleReport {
    // Paths compare as bytes (component-wise comparison is slow on 60 000 findings).
    list.sort_by(|a, b| {
        (a.problem.path.as_os_str(), a.problem.position, a.code).cmp(&(
            b.problem.path.as_os_str(),
            b.problem.position,
            b.code,
        ))
    });
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
            total,
            translated,
            missing,
            obsolete,
            errors,
            warnings,
            completion: completion(translated, total),
        },
        findings: list,
    }
}

/// Syntax errors, duplicate ids, unknown references and the formatting proof.
fn locale_wide(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    reference: Option<(&Index<'_>, &External)>,
    plurals: Option<&Plurals>,
) {
    let parsed = findings.parsed;
    for file in &parsed.files {
        // What loading found: a file that is not UTF-8, entries nested too deep.
        findings.list.extend(file.file.findings.iter().cloned());
        for error in &file.errors {
            let (id, problem) = super::parse::syntax_error(file.file, error);
            findings.list.push(Finding {
                code: Code::Syntax,
                id,
                problem,
            });
        }
    }
    for &(file, unit, first_file, first_unit) in &index.duplicates {
        let first = findings.file(first_file);
        let source = findings.src(first_file);
        let (line, column) = first
            .lines
            .position(&first.source, id_range(source, first_unit.id).start);
        let at = format!("{}:{line}:{column}", first.display.display());
        if file == first_file {
            findings.at_unit(
                Code::DuplicateId,
                file,
                &unit,
                format!("`{}` is defined twice", unit.id),
                Some(format!("it is first defined at {at}; remove one of them (a bundle keeps only the first)")),
            );
            continue;
        }
        // Across files: fine where the files are never loaded into one bundle (Firefox and
        // Thunderbird reuse ids between windows). A locale that repeats the reference's
        // layout is left alone; the reference itself gets a warning; a locale that
        // introduces the clash gets an error.
        match reference {
            None => findings.at_unit(
                Code::ShadowedId,
                file,
                &unit,
                format!("`{}` is also defined in `{}`", unit.id, first.rel),
                Some(format!(
                    "first defined at {at}; if both files go into one bundle, only the first counts"
                )),
            ),
            Some((reference, _)) => {
                let in_reference = |rel: &str| {
                    reference
                        .by_path
                        .get(rel)
                        .is_some_and(|&f| reference.by_file[f].contains_key(&unit.id))
                };
                if !(in_reference(&findings.file(file).rel) && in_reference(&first.rel)) {
                    findings.at_unit(
                        Code::DuplicateId,
                        file,
                        &unit,
                        format!("`{}` is defined twice in this locale", unit.id),
                        Some(format!(
                            "it is first defined at {at}; the reference defines it once: remove one"
                        )),
                    );
                }
            }
        }
    }
    for (i, units) in index.files.iter().enumerate() {
        for unit in units {
            for (_, pattern) in unit.patterns() {
                let mut unknown = Vec::new();
                ast::walk(pattern, &mut |node| match node {
                    Node::Message(name, attribute) if !resolves(index, false, name, attribute) => {
                        unknown.push((false, name, attribute));
                    }
                    Node::Term(name, attribute) if !resolves(index, true, name, attribute) => {
                        unknown.push((true, name, attribute));
                    }
                    _ => {}
                });
                for (is_term, name, attribute) in unknown {
                    // The reference refers to it without defining it either: it lives outside
                    // the workspace (such as a shared brand file), so only the reference
                    // reports it.
                    if let Some((_, external)) = reference
                        && external.contains(&(
                            is_term,
                            name.to_string(),
                            attribute.map(str::to_string),
                        ))
                    {
                        continue;
                    }
                    let range = ast::range(findings.src(i), name);
                    let range = if is_term && range.start > 0 {
                        range.start - 1..range.end
                    } else {
                        range
                    };
                    let node = if is_term {
                        Node::Term(name, attribute)
                    } else {
                        Node::Message(name, attribute)
                    };
                    findings.add(
                        Code::UnknownReference,
                        i,
                        Some(unit.id),
                        range,
                        format!(
                            "`{}` refers to `{}`, which this locale does not define",
                            unit.id,
                            describe(node)
                        ),
                        Some(if is_term {
                            "define the term in this locale (terms are not shared between locales)"
                                .to_string()
                        } else {
                            "fix the name, or define it in this locale".to_string()
                        }),
                    );
                }
            }
        }
    }
    format_proof(findings, index, plurals, reference.map(|(r, _)| r));
}

/// References (is term, name, attribute) a locale makes without defining their target.
type External = HashSet<(bool, String, Option<String>)>;

/// The references of a locale that resolve nowhere in it.
fn unresolved_references(index: &Index<'_>) -> External {
    let mut found = External::default();
    for units in &index.files {
        for unit in units {
            for (_, pattern) in unit.patterns() {
                ast::walk(pattern, &mut |node| {
                    let (is_term, name, attribute) = match node {
                        Node::Message(name, attribute) => (false, name, attribute),
                        Node::Term(name, attribute) => (true, name, attribute),
                        _ => return,
                    };
                    if !resolves(index, is_term, name, attribute) {
                        found.insert((is_term, name.to_string(), attribute.map(str::to_string)));
                    }
                });
            }
        }
    }
    found
}

/// Whether `index` defines the message or term `name` (and its `attribute`).
/// Any of its definitions counts: files that define an id twice (two brandings) are loaded
/// one at a time.
fn resolves(index: &Index<'_>, is_term: bool, name: &str, attribute: Option<&str>) -> bool {
    let id = Id { is_term, name };
    let has = |unit: &Unit<'_, '_>| {
        attribute.is_none_or(|a| unit.attributes.iter().any(|x| x.id.name == a))
    };
    match index.all.get(&id) {
        None => false,
        Some((_, unit)) if has(unit) => true,
        Some(_) => index
            .duplicates
            .iter()
            .any(|(_, unit, _, _)| unit.id == id && has(unit)),
    }
}

fn describe(node: Node<'_, '_>) -> String {
    match node {
        Node::Message(name, Some(attribute)) => format!("{name}.{attribute}"),
        Node::Message(name, None) => name.to_string(),
        Node::Term(name, Some(attribute)) => format!("-{name}.{attribute}"),
        Node::Term(name, None) => format!("-{name}"),
        Node::Variable(name) => format!("${name}"),
        Node::Function(name) => format!("{name}()"),
        Node::Select(..) => "a select expression".to_string(),
        Node::Literal(text) => format!("\"{text}\""),
    }
}

/// Compares a unit with its reference; returns whether it is identical to it
/// (untranslated).
fn compare(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
    options: &Options,
) -> bool {
    let id = unit.id;
    match (reference.value.is_some(), unit.value.is_some()) {
        (true, false) => findings.at_unit(
            Code::MissingValue,
            file,
            unit,
            format!("`{id}` has no value, but the {tag} message has one"),
            Some(format!(
                "translate the value too: `{id} = …` before the attributes"
            )),
        ),
        (false, true) => findings.at_unit(
            Code::MissingValue,
            file,
            unit,
            format!("`{id}` has a value, but the {tag} message has only attributes"),
            Some("remove the value; keep only the attributes".to_string()),
        ),
        _ => {}
    }
    // A term's attributes are the locale's own grammar (`.gender`, `.case`), private to it:
    // they are not compared, as compare-locales does not.
    if !id.is_term {
        compare_attributes(findings, file, unit, reference, tag);
    }
    if !id.is_term {
        compare_variables(findings, file, unit, reference, tag);
        compare_references(findings, file, unit, reference, tag);
        compare_styles(findings, file, unit, reference, tag);
    }
    let identical = !same_language(&findings.parsed.locale.tag, tag)
        && is_untranslated(unit, reference, &options.untranslated_allow);
    if identical {
        findings.at_unit(
            Code::Untranslated,
            file,
            unit,
            format!("`{id}` is identical to {tag}"),
            Some("translate it, or add its words to `l10n.untranslated_allow` in alliance.yaml if they stay as they are".to_string()),
        );
    }
    identical
}

fn compare_attributes(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let id = unit.id;
    let reference_attributes: BTreeSet<&str> =
        reference.attributes.iter().map(|a| a.id.name).collect();
    let attributes: BTreeSet<&str> = unit.attributes.iter().map(|a| a.id.name).collect();
    for missing in reference_attributes.difference(&attributes) {
        findings.at_unit(
            Code::MissingAttribute,
            file,
            unit,
            format!("`{id}` lacks the attribute `.{missing}`"),
            Some(format!(
                "add `.{missing} = …`; without it the whole message falls back to {tag}"
            )),
        );
    }
    for attribute in unit.attributes {
        if !reference_attributes.contains(attribute.id.name) {
            let range = ast::range(findings.src(file), attribute.id.name);
            findings.add(
                Code::ObsoleteAttribute,
                file,
                Some(id),
                range,
                format!(
                    "`{id}` has the attribute `.{}`, which the {tag} message does not have",
                    attribute.id.name
                ),
                Some("remove it".to_string()),
            );
        }
    }
}

/// The variables a pattern shows: everywhere but in the selectors of select expressions.
fn displayed_variables<'s>(pattern: &Pattern<&'s str>) -> Vec<&'s str> {
    let mut names = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::Placeable {
                expression: fluent_syntax::ast::Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    names.extend(displayed_variables(&variant.value));
                }
            }
            PatternElement::Placeable { expression } => {
                ast::walk_expression(expression, &mut |node| {
                    if let Node::Variable(name) = node {
                        names.push(name);
                    }
                });
            }
            PatternElement::TextElement { .. } => {}
        }
    }
    names
}

fn variables<'s>(unit: &Unit<'_, 's>) -> Vec<&'s str> {
    ast::collect(unit, |node| match node {
        Node::Variable(name) => Some(name),
        _ => None,
    })
}

fn compare_variables(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let expected: BTreeSet<&str> = variables(reference).into_iter().collect();
    let used = variables(unit);
    let mut reported = HashSet::default();
    for name in &used {
        if !expected.contains(name) && reported.insert(*name) {
            let range = ast::range(findings.src(file), name);
            let range = if range.start > 0 {
                range.start - 1..range.end
            } else {
                range
            };
            let takes = if expected.is_empty() {
                "the reference message takes no variables".to_string()
            } else {
                format!(
                    "the reference message takes {}",
                    list(expected.iter().map(|v| format!("`${v}`")))
                )
            };
            findings.add(
                Code::UnknownVariable,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}` uses the variable `${name}`, which {tag} does not define",
                    unit.id
                ),
                Some(takes),
            );
        }
    }
    // Only variables the reference shows: one it merely selects on (`{ $count -> … }`) may
    // rightly vanish with the select, as in languages with a single plural form.
    let shown: BTreeSet<&str> = reference
        .patterns()
        .flat_map(|(_, p)| displayed_variables(p))
        .collect();
    let used: BTreeSet<&str> = used.into_iter().collect();
    for name in shown.difference(&used) {
        findings.at_unit(
            Code::DroppedVariable,
            file,
            unit,
            format!("`{}` never uses the variable `${name}`", unit.id),
            Some(format!(
                "the {tag} message shows `${name}`; leave it out only on purpose"
            )),
        );
    }
}

/// Message and term references of one pattern (term attributes excluded, as compare-locales).
fn references<'s>(pattern: &Pattern<&'s str>) -> Vec<(String, &'s str)> {
    let mut refs = Vec::new();
    ast::walk(pattern, &mut |node| match node {
        Node::Message(name, attribute) => {
            refs.push((describe(Node::Message(name, attribute)), name))
        }
        Node::Term(name, None) => refs.push((format!("-{name}"), name)),
        _ => {}
    });
    refs
}

fn compare_references(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    for (attribute, pattern) in unit.patterns() {
        let reference_pattern = reference.pattern(attribute);
        let Some(reference_pattern) = reference_pattern else {
            continue;
        };
        let expected: BTreeSet<String> = references(reference_pattern)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let used = references(pattern);
        let where_ = attribute.map_or_else(
            || format!("`{}`", unit.id),
            |a| format!("`{}.{a}`", unit.id),
        );
        let mut reported = HashSet::default();
        for (name, slice) in &used {
            if !expected.contains(name) && reported.insert(name.clone()) {
                let range = ast::range(findings.src(file), slice);
                findings.add(
                    Code::AddedReference,
                    file,
                    Some(unit.id),
                    range,
                    format!("{where_} refers to `{name}`, which the {tag} text does not"),
                    Some("check that it is meant; the reference text does not use it".to_string()),
                );
            }
        }
        let used: BTreeSet<String> = used.into_iter().map(|(r, _)| r).collect();
        for name in expected.difference(&used) {
            findings.at_unit(
                Code::DroppedReference,
                file,
                unit,
                format!("{where_} does not refer to `{name}`, which the {tag} text uses"),
                Some(format!(
                    "use `{{ {name} }}` rather than writing its text out"
                )),
            );
        }
    }
}

/// compare-locales' check of `.style` attributes: the same properties with the same units.
fn compare_styles(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let Some(style) = unit.attributes.iter().find(|a| a.id.name == "style") else {
        return;
    };
    let Some(reference_style) = reference.attributes.iter().find(|a| a.id.name == "style") else {
        return;
    };
    let Some(expected) = StyleShape::of(&reference_style.value) else {
        return;
    };
    let range = ast::range(findings.src(file), style.id.name);
    let maps = match StyleShape::of(&style.value) {
        // Another message's `.style`: what it holds is checked where it is defined.
        Some(StyleShape::Reference(_)) => return,
        Some(StyleShape::Sizes(maps)) => maps,
        None => {
            let like = match &expected {
                StyleShape::Sizes(maps) if maps.len() == 1 => {
                    format!("like {tag}'s `{}`", maps[0].0)
                }
                StyleShape::Sizes(_) => format!("as every variant of the {tag} `.style` is"),
                StyleShape::Reference(r) => format!("as the {tag} `{{ {r} }}` is"),
            };
            findings.add(
                Code::StyleSyntax,
                file,
                Some(unit.id),
                range,
                format!("`{}.style` is not a list of sizes {like}", unit.id),
                Some("write `property: number unit;` pairs such as `width: 32em;`".to_string()),
            );
            return;
        }
    };
    // Properties and units are compared with a plain reference only: the variants of a
    // select may differ among themselves.
    let StyleShape::Sizes(reference_maps) = expected else {
        return;
    };
    let [(reference_text, reference_map)] = reference_maps.as_slice() else {
        return;
    };
    for (_, map) in maps {
        let mut notes = Vec::new();
        for (property, unit_name) in &map {
            match reference_map.get(property) {
                None => notes.push(format!("`{property}` only in the translation")),
                Some(expected) if expected != unit_name => {
                    notes.push(format!(
                        "units for `{property}` differ (`{unit_name}`, {tag} `{expected}`)"
                    ));
                }
                Some(_) => {}
            }
        }
        for property in reference_map.keys().filter(|p| !map.contains_key(*p)) {
            notes.push(format!("`{property}` only in {tag}"));
        }
        if !notes.is_empty() {
            findings.add(
                Code::StyleMismatch,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}.style` does not match {tag}: {}",
                    unit.id,
                    notes.join(", ")
                ),
                Some(format!(
                    "use the properties and units of {tag}: `{reference_text}`"
                )),
            );
            return;
        }
    }
}

/// What a `.style` attribute holds, as compare-locales reads it.
enum StyleShape<'s> {
    /// Size lists (`width: 20em`): the text, or every variant of a select.
    Sizes(Vec<(&'s str, BTreeMap<String, String>)>),
    /// Another message's style, `{ panel.style }`.
    Reference(String),
}

impl<'s> StyleShape<'s> {
    /// `None` when the pattern is neither (a malformed size list included).
    fn of(pattern: &Pattern<&'s str>) -> Option<StyleShape<'s>> {
        let sizes = |text: &'s str| match css_spec(text) {
            Some(Ok(map)) => Some((text, map)),
            _ => None,
        };
        if let Some(text) = plain_text(pattern) {
            return sizes(text).map(|one| StyleShape::Sizes(vec![one]));
        }
        let [PatternElement::Placeable { expression }] = pattern.elements.as_slice() else {
            return None;
        };
        match expression {
            fluent_syntax::ast::Expression::Select { variants, .. } => variants
                .iter()
                .map(|v| plain_text(&v.value).and_then(sizes))
                .collect::<Option<Vec<_>>>()
                .map(StyleShape::Sizes),
            fluent_syntax::ast::Expression::Inline(InlineExpression::MessageReference {
                id,
                attribute: Some(attribute),
            }) if attribute.name == "style" => {
                Some(StyleShape::Reference(format!("{}.style", id.name)))
            }
            fluent_syntax::ast::Expression::Inline(_) => None,
        }
    }
}

/// The text of a pattern made of one text element only.
fn plain_text<'s>(pattern: &Pattern<&'s str>) -> Option<&'s str> {
    match pattern.elements.as_slice() {
        [PatternElement::TextElement { value }] => Some(value),
        _ => None,
    }
}

/// `width: 20em; min-height: 3ch` as property -> unit; `None` when it is not a size list at
/// all, `Some(Err)` when it is malformed.
fn css_spec(text: &str) -> Option<Result<BTreeMap<String, String>, ()>> {
    let mut map = BTreeMap::new();
    let declarations: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if declarations.is_empty() {
        return None;
    }
    for (i, declaration) in declarations.iter().enumerate() {
        let parsed = declaration.split_once(':').and_then(|(property, value)| {
            let property = property.trim();
            let value = value.trim();
            let base = property
                .trim_start_matches("min-")
                .trim_start_matches("max-");
            if base != "width" && base != "height" {
                return None;
            }
            let split = value.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
            let (number, unit) = value.split_at(split);
            let units = ["ch", "em", "ex", "rem", "px", "cm", "mm", "in", "pc", "pt"];
            (number.parse::<f64>().is_ok() && units.contains(&unit))
                .then(|| (property.to_string(), unit.to_string()))
        });
        match parsed {
            Some((property, unit)) => {
                map.insert(property, unit);
            }
            None if i == 0 => return None,
            None => return Some(Err(())),
        }
    }
    Some(Ok(map))
}

/// Whether two tags share their language (`en-GB` and `en-US`): such a locale keeps most of
/// the reference's texts on purpose, so nothing is "untranslated" in it.
fn same_language(a: &str, b: &str) -> bool {
    let language = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    language(a) == language(b)
}

/// Whether every translatable pattern of `unit` repeats the reference's text: each text
/// fragment with words is one the reference pattern has (so a select reshaped for the
/// locale's plural categories but not yet translated counts too).
fn is_untranslated(unit: &Unit<'_, '_>, reference: &Unit<'_, '_>, allow: &[String]) -> bool {
    let mut any = false;
    for (attribute, pattern) in unit.patterns() {
        if !has_words(pattern, allow) {
            continue;
        }
        let reference_pattern = reference.pattern(attribute);
        let Some(reference_pattern) = reference_pattern else {
            return false;
        };
        let mut expected = Vec::new();
        text_fragments(reference_pattern, &mut expected);
        let mut fragments = Vec::new();
        text_fragments(pattern, &mut fragments);
        let repeated = fragments
            .iter()
            .filter(|f| f.chars().any(char::is_alphabetic))
            .all(|f| expected.contains(f));
        if !repeated {
            return false;
        }
        any = true;
    }
    any
}

fn text_fragments<'s>(pattern: &Pattern<&'s str>, out: &mut Vec<&'s str>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push(value),
            PatternElement::Placeable {
                expression: fluent_syntax::ast::Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    text_fragments(&variant.value, out);
                }
            }
            PatternElement::Placeable { .. } => {}
        }
    }
}

/// Words many languages write as English does (`Online`, `Installation`, `OK`): a text of
/// one of them alone is not called untranslated. Compared without regard to case.
const INTERNATIONAL_WORDS: &[&str] = &[
    "audio",
    "avatar",
    "backup",
    "blog",
    "bluetooth",
    "browser",
    "cache",
    "chat",
    "cookie",
    "design",
    "e-mail",
    "email",
    "emoji",
    "feed",
    "firewall",
    "format",
    "hardware",
    "hobby",
    "host",
    "hotel",
    "info",
    "installation",
    "internet",
    "link",
    "login",
    "logo",
    "menu",
    "modem",
    "normal",
    "offline",
    "ok",
    "online",
    "plugin",
    "podcast",
    "ping",
    "port",
    "proxy",
    "radio",
    "router",
    "server",
    "software",
    "spam",
    "standard",
    "status",
    "stream",
    "tab",
    "taxi",
    "team",
    "version",
    "video",
    "web",
    "wi-fi",
    "wlan",
];

/// Whether the text of `pattern`, without allowed words, has words a translator changes:
/// not only punctuation and placeables, not a single international word or acronym.
fn has_words(pattern: &Pattern<&str>, allow: &[String]) -> bool {
    let mut text = String::new();
    collect_text(pattern, &mut text);
    for word in allow {
        text = text.replace(word.as_str(), " ");
    }
    let mut words = text
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty());
    let Some(word) = words.next() else {
        return false;
    };
    if words.next().is_some() {
        return true;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = word.chars().all(|c| c.is_uppercase() || c == '-');
    let international = INTERNATIONAL_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word));
    letters > 1 && !acronym && !international
}

fn collect_text(pattern: &Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression } => {
                if let fluent_syntax::ast::Expression::Select { variants, .. } = expression {
                    for variant in variants {
                        collect_text(&variant.value, out);
                        out.push(' ');
                    }
                }
            }
        }
    }
}

/// Checks that need no reference: attributes and variants defined twice, plural
/// categories, the replacement character.
fn unit_shape(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    plurals: Option<&Plurals>,
    reference: Option<&Unit<'_, '_>>,
) {
    let mut seen = HashSet::default();
    for attribute in unit.attributes {
        if !seen.insert(attribute.id.name) {
            let range = ast::range(findings.src(file), attribute.id.name);
            findings.add(
                Code::DuplicateAttribute,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}` has the attribute `.{}` twice",
                    unit.id, attribute.id.name
                ),
                Some("remove one; only the first is used".to_string()),
            );
        }
    }
    let reference_plural_variables = reference.map(plural_variables).unwrap_or_default();
    for (_, pattern) in unit.patterns() {
        let mut selects = Vec::new();
        ast::walk(pattern, &mut |node| {
            if let Node::Select(selector, variants) = node {
                selects.push((selector, variants));
            }
        });
        for (selector, variants) in selects {
            check_select(
                findings,
                file,
                unit,
                selector,
                variants,
                plurals,
                &reference_plural_variables,
            );
        }
        let mut text = String::new();
        collect_text(pattern, &mut text);
        // String literals show text too (`{ "…" }`, term and function arguments).
        ast::walk(pattern, &mut |node| {
            if let Node::Literal(literal) = node {
                text.push_str(literal);
            }
        });
        if text.contains('\u{FFFD}') {
            findings.at_unit(
                Code::ReplacementCharacter,
                file,
                unit,
                format!(
                    "`{}` contains U+FFFD, the mark of text damaged by a wrong encoding",
                    unit.id
                ),
                Some("retype the damaged characters and save the file as UTF-8".to_string()),
            );
        }
    }
}

/// Variables the unit selects plural variants on.
fn plural_variables<'s>(unit: &Unit<'_, 's>) -> Vec<&'s str> {
    ast::collect(unit, |node| match node {
        Node::Select(selector, variants) if plural::is_plural(selector, variants, &[]) => {
            plural::selector_variable(selector)
        }
        _ => None,
    })
}

fn check_select(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    selector: &InlineExpression<&str>,
    variants: &[Variant<&str>],
    plurals: Option<&Plurals>,
    reference_plural: &[&str],
) {
    let source = findings.src(file);
    let mut keys = HashSet::default();
    for variant in variants {
        let key = ast::key_name(&variant.key);
        if !keys.insert(key) {
            findings.add(
                Code::DuplicateVariant,
                file,
                Some(unit.id),
                ast::range(source, key),
                format!("`{}` has the variant `[{key}]` twice", unit.id),
                Some("remove one; only the first is used".to_string()),
            );
        }
    }
    let Some(plurals) = plurals else { return };
    if !plural::is_plural(selector, variants, reference_plural) {
        return;
    }
    let tag = &findings.parsed.locale.tag;
    let key_names: Vec<&str> = variants.iter().map(|v| ast::key_name(&v.key)).collect();
    // As compare-locales: a select with only `other` (and number keys) is left alone, so a
    // language whose forms coincide may write just the default variant.
    let names_categories = key_names
        .iter()
        .any(|k| plural::is_category(k) && *k != "other");
    let missing = if names_categories {
        plurals.missing(&key_names)
    } else {
        Vec::new()
    };
    if !missing.is_empty()
        && let Some(first) = variants.first()
    {
        let shown = list(missing.iter().map(|c| format!("`[{c}]`")));
        findings.add(
            Code::MissingPluralCategory,
            file,
            Some(unit.id),
            ast::range(source, ast::key_name(&first.key)),
            format!(
                "`{}` has no variant for the plural category {shown}",
                unit.id
            ),
            Some(format!(
                "whole numbers in `{tag}` select {}; add the missing variants",
                list(plurals.whole.iter().map(|c| format!("`{c}`")))
            )),
        );
    }
    for variant in variants {
        let key = ast::key_name(&variant.key);
        if plural::is_category(key) && !plurals.all.contains(&key) {
            findings.add(
                Code::UnusedPluralCategory,
                file,
                Some(unit.id),
                ast::range(source, key),
                format!(
                    "`{}` has a variant `[{key}]`, which `{tag}` never selects",
                    unit.id
                ),
                Some(format!(
                    "`{tag}` uses only {}; remove the variant",
                    list(plurals.all.iter().map(|c| format!("`{c}`")))
                )),
            );
        }
    }
}

/// Formats every message that can fail at run time (references, functions) with
/// fluent-bundle, once per plural sample, and reports what fluent-bundle reports.
fn format_proof(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    plurals: Option<&Plurals>,
    reference_index: Option<&Index<'_>>,
) {
    let is_reference = reference_index.is_none();
    let parsed = findings.parsed;
    let Ok(langid) = parsed.locale.tag.parse() else {
        return;
    };
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    if bundle.add_builtins().is_err() {
        return;
    }
    // DATETIME is a Fluent built-in that fluent-bundle leaves to the application.
    let _ = bundle.add_function("DATETIME", |positional, _named| {
        positional.first().cloned().unwrap_or(FluentValue::Error)
    });
    for file in &parsed.files {
        // Duplicates are reported as `duplicate-id`; the bundle keeps the first.
        let _ = bundle.add_resource(&file.resource);
    }
    let numbers: Vec<String> = match plurals {
        Some(p) => p.samples.iter().map(|(_, n)| n.clone()).collect(),
        None => vec!["1".to_string(), "2".to_string(), "5".to_string()],
    };
    for (i, units) in index.files.iter().enumerate() {
        for unit in units.iter().filter(|u| !u.id.is_term) {
            let Some(message) = bundle.get_message(unit.id.name) else {
                continue;
            };
            // The arguments the application passes: those the reference message takes.
            let arguments_of = reference_index
                .filter(|r| r.all.contains_key(&unit.id))
                .unwrap_or(index);
            // Worked out for a message that can fail at run time only.
            let mut kinds = None;
            let mut reported = HashSet::default();
            for (attribute, pattern) in unit.patterns() {
                let mut risky = false;
                let mut has_select = false;
                ast::walk(pattern, &mut |node| match node {
                    Node::Message(..) | Node::Term(..) | Node::Function(_) => risky = true,
                    Node::Select(..) => has_select = true,
                    Node::Variable(_) | Node::Literal(_) => {}
                });
                if !risky {
                    continue;
                }
                let bundle_pattern = match attribute {
                    None => message.value(),
                    Some(name) => message.get_attribute(name).map(|a| a.value()),
                };
                let Some(bundle_pattern) = bundle_pattern else {
                    continue;
                };
                let kinds = kinds.get_or_insert_with(|| {
                    ast::argument_kinds(|id| arguments_of.all.get(&id).map(|(_, u)| *u), unit.id)
                });
                let numeric = kinds.values().any(|k| *k == ArgumentKind::Number);
                let tries = if has_select || numeric {
                    numbers.len()
                } else {
                    1
                };
                for n in numbers.iter().take(tries) {
                    let mut args = FluentArgs::new();
                    for (name, kind) in kinds.iter() {
                        let value = match kind {
                            ArgumentKind::Number => FluentValue::try_number(n.as_str()),
                            ArgumentKind::Date => FluentValue::from(809_222_400_000.0_f64),
                            ArgumentKind::Text => FluentValue::from("Sample"),
                        };
                        args.set(name.clone(), value);
                    }
                    let mut errors = Vec::new();
                    let _ = bundle.format_pattern(bundle_pattern, Some(&args), &mut errors);
                    for error in errors {
                        if let Some(text) = format_error_text(&error)
                            && reported.insert(text.clone())
                        {
                            let where_ = attribute.map_or_else(
                                || format!("`{}`", unit.id),
                                |a| format!("`{}.{a}`", unit.id),
                            );
                            findings.at_unit(
                                Code::FormatError,
                                i,
                                unit,
                                format!("formatting {where_} fails: {text}"),
                                Some(if is_reference {
                                    "fluent-bundle shows this message broken, in every bundle that takes it: fix it".to_string()
                                } else {
                                    "fluent-bundle shows this message broken: fix it; until then bundles take it from the next locale of the chain".to_string()
                                }),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The words for a formatting error; `None` for errors other checks report
/// (unknown messages, terms and variables).
fn format_error_text(error: &FluentError) -> Option<String> {
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(ResolverError::Cyclic) => {
            Some("it refers to itself in a cycle".to_string())
        }
        FluentError::ResolverError(ResolverError::NoValue(id)) => Some(format!(
            "`{id}` has no value to show (use one of its attributes)"
        )),
        FluentError::ResolverError(ResolverError::TooManyPlaceables) => {
            Some("it expands to too many placeables".to_string())
        }
        FluentError::ResolverError(ResolverError::MissingDefault) => {
            Some("a select has no default variant".to_string())
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Function { id })) => {
            Some(format!("the function `{id}` does not exist"))
        }
        _ => None,
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
        Locale {
            tag: tag.to_string(),
            files: vec![FtlFile::new(
                "a.ftl",
                format!("locales/{tag}/a.ftl"),
                text.as_bytes(),
            )],
        }
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
                errors_only,
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
