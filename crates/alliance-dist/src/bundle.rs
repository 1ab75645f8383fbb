//! Messenger bundles: one complete, compact, proven Fluent catalog per locale.
//!
//! [`chain`] gives a locale's fallback chain (configured in `alliance.yaml`, else negotiated
//! with fluent-langneg, always ending in the reference). [`Catalog::build`] takes every
//! message and term of the reference from the first link that has it complete (value and
//! every attribute), so a bundle never lacks an id; it keeps the translation's own terms,
//! drops comments, and serializes with fluent-syntax, so any Fluent runtime loads it.
//! [`Catalog::prove`] formats every message and attribute with fluent-bundle, with a sample
//! number for every CLDR plural category of the locale, and names the file and line a
//! failing message came from. [`Localizer`] serves the templates' `t()` function from the
//! same catalogs, as their [`Translate`]. Pseudo-locales (`en-XA`, `ar-XB`) are catalogs
//! made from the reference. The fallback configuration comes in as a [`Fallback`], not as
//! the workspace it is read from.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast::{self as fluent, Entry, Pattern, PatternElement, Resource};
use rayon::prelude::*;
use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::diagnostic::Problem;
use crate::l10n::ast::{self, ArgumentKind, Id, Node};
use crate::l10n::plural::Plurals;
use crate::l10n::report::{Code, Report};
use crate::l10n::{FtlFile, Locale};
use crate::manifest::RejectedMessage;
use crate::templates::{Arg, Translate};

/// A pseudo-locale for testers, made from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `en-XA`: accented letters, about 30% longer, to find clipped and hard-coded text.
    Accented,
    /// `ar-XB`: mirrored letters between right-to-left marks, to find layout that breaks.
    Bidi,
}

impl Pseudo {
    /// The tag of the pseudo-locale.
    pub fn tag(self) -> &'static str {
        match self {
            Pseudo::Accented => "en-XA",
            Pseudo::Bidi => "ar-XB",
        }
    }

    fn transform(self, text: &str) -> String {
        match self {
            Pseudo::Accented => fluent_pseudo::transform(text, false, true).into_owned(),
            Pseudo::Bidi => format!(
                "\u{202E}{}\u{202C}",
                fluent_pseudo::transform(text, true, false)
            ),
        }
    }
}

/// Writing direction of a locale (part of the manifest schema; also here, where it is
/// decided).
pub use crate::manifest::Direction;

/// The writing direction of `tag` (Arabic, Hebrew, Persian … are right to left).
pub fn direction(tag: &str) -> Direction {
    match tag
        .parse::<LanguageIdentifier>()
        .map(|l| l.character_direction())
    {
        Ok(CharacterDirection::RTL) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// What `alliance.yaml` says about fallback: the reference, the last link of every chain,
/// and the configured chains.
#[derive(Debug, Clone, Copy)]
pub struct Fallback<'c> {
    /// The tag of the reference locale.
    pub reference: &'c str,
    /// Configured fallback chains (without the locale itself and the reference), by tag.
    pub configured: &'c BTreeMap<String, Vec<String>>,
}

/// The fallback chain of `tag` among `locales`: itself, the configured or negotiated
/// fallbacks, the reference.
pub fn chain(locales: &[Locale], fallback: Fallback<'_>, tag: &str) -> Vec<String> {
    let reference = fallback.reference;
    if tag == reference {
        return vec![tag.to_string()];
    }
    let mut chain = vec![tag.to_string()];
    let known = |t: &str| locales.iter().any(|l| l.tag == t);
    if let Some(configured) = fallback.configured.get(tag) {
        // The reference comes last whatever the configuration says, and no link twice.
        for link in configured {
            if known(link) && link != reference && !chain.contains(link) {
                chain.push(link.clone());
            }
        }
    } else {
        let others: Vec<&str> = locales
            .iter()
            .map(|l| l.tag.as_str())
            .filter(|t| *t != tag && *t != reference)
            .collect();
        chain.extend(closest_locale(tag, &others));
    }
    if !chain.iter().any(|link| link == reference) {
        chain.push(reference.to_string());
    }
    chain
}

/// The locale of `available` closest to `tag` by language negotiation (`pt-PT` takes
/// `pt-BR`, `de-AT` takes `de`), never across scripts (Simplified Chinese is no fallback for
/// Traditional); `None` when none is close.
pub fn closest_locale(tag: &str, available: &[&str]) -> Option<String> {
    let requested = tag.parse::<LanguageIdentifier>().ok()?;
    let available: Vec<LanguageIdentifier> =
        available.iter().filter_map(|t| t.parse().ok()).collect();
    let matches = fluent_langneg::negotiate_languages(
        std::slice::from_ref(&requested),
        &available,
        None,
        fluent_langneg::NegotiationStrategy::Filtering,
    );
    let script = |id: &LanguageIdentifier| {
        let mut id = id.clone();
        id.maximize();
        id.script
    };
    let wanted = script(&requested);
    matches
        .into_iter()
        .find(|m| script(m) == wanted)
        .map(ToString::to_string)
}

/// Where a message of a catalog came from.
#[derive(Debug, Clone)]
struct Origin {
    /// Index in [`Catalog::sources`]: the link of the chain and its file.
    source: usize,
    /// Byte range of its id in the file.
    range: std::ops::Range<usize>,
}

/// The arguments each message of the reference takes, by message id.
type Arguments = HashMap<String, BTreeMap<String, ArgumentKind>>;

/// The complete Fluent resources of one locale, ready to ship.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The locale's BCP 47 tag (`pt-BR`).
    pub tag: String,
    /// The fallback chain messages are taken from: the locale itself first, the reference
    /// last ([`chain`]).
    pub chain: Vec<String>,
    /// The locale's writing direction, recorded in its manifest.
    pub direction: Direction,
    /// Relative path -> compact Fluent text, in the reference's file order.
    pub files: Vec<(String, String)>,
    /// Messages and terms taken from each link of the chain.
    pub taken_from: BTreeMap<String, usize>,
    /// Messages and terms of the reference.
    pub total: usize,
    /// Percent of the reference's messages and terms the locale translates: the completion
    /// of `alliance l10n status` ([`crate::l10n::report::completion`]).
    pub translated: f64,
    /// Whether the locale translates every message and term of the reference itself.
    pub complete: bool,
    /// Messages a link of the chain has but `l10n check` rejects, taken from the next link.
    pub rejected: Vec<RejectedMessage>,
    /// The files messages were taken from, with the tag of their locale.
    sources: Vec<(String, FtlFile)>,
    /// Where each message and term was taken from.
    origins: HashMap<String, Origin>,
    /// Per message: the variables the reference message takes, and their kinds (`None`: the
    /// catalog's own messages say). Shared by every catalog of a run.
    arguments: Option<Arc<Arguments>>,
}

/// Every locale of a workspace parsed once, with what `l10n check` rejects in each: what
/// the catalogs of a run are built from.
pub struct Sources<'w> {
    locales: &'w [Locale],
    fallback: Fallback<'w>,
    checked: &'w Report,
    links: HashMap<&'w str, ParsedLink<'w>>,
    arguments: Arc<Arguments>,
}

impl<'w> Sources<'w> {
    /// Parses every locale of `locales` (in parallel); `checked` is their `l10n check`
    /// report.
    pub fn new(locales: &'w [Locale], fallback: Fallback<'w>, checked: &'w Report) -> Sources<'w> {
        let links: HashMap<&'w str, ParsedLink<'w>> = locales
            .par_iter()
            .map(|locale| {
                let is_reference = locale.tag == fallback.reference;
                let rejected = match checked.locales.get(&locale.tag) {
                    Some(report) if !is_reference => report
                        .rejected()
                        .into_iter()
                        .map(|(id, code)| (id.to_string(), code))
                        .collect(),
                    _ => HashMap::new(),
                };
                (locale.tag.as_str(), ParsedLink::parse(locale, rejected))
            })
            .collect();
        let arguments = Arc::new(
            links
                .get(fallback.reference)
                .map(Catalog::reference_arguments)
                .unwrap_or_default(),
        );
        Sources {
            locales,
            fallback,
            checked,
            links,
            arguments,
        }
    }
}

/// A catalog being gathered: the entries taken so far, file by file, and where each came
/// from.
struct Gathered<'s> {
    /// Relative path -> the entries taken for it, in the reference's file order.
    files: Vec<(String, Vec<Entry<&'s str>>)>,
    taken_from: BTreeMap<String, usize>,
    rejected: Vec<RejectedMessage>,
    origins: HashMap<String, Origin>,
    /// Messages and terms of the reference.
    total: usize,
    /// The terms taken so far (a translation's own terms are added once).
    taken_terms: HashSet<String>,
    /// Index in `sources` of each file taken from.
    source_of: HashMap<*const FtlFile, usize>,
    sources: Vec<(String, FtlFile)>,
}

impl<'s> Gathered<'s> {
    fn new(chain: &[String]) -> Self {
        Gathered {
            files: Vec::new(),
            taken_from: chain.iter().map(|t| (t.clone(), 0)).collect(),
            rejected: Vec::new(),
            origins: HashMap::new(),
            total: 0,
            taken_terms: HashSet::new(),
            source_of: HashMap::new(),
            sources: Vec::new(),
        }
    }

    /// The index in `sources` of `file` of locale `tag`, added at its first use.
    fn source(&mut self, tag: &str, file: &FtlFile) -> usize {
        let sources = &mut self.sources;
        *self
            .source_of
            .entry(file as *const FtlFile)
            .or_insert_with(|| {
                sources.push((tag.to_string(), file.clone()));
                sources.len() - 1
            })
    }

    /// Records that `link` has id `id` but `l10n check` rejects it there (with `code`).
    fn reject(&mut self, id: String, link: &ParsedLink<'_>, code: Code) {
        self.rejected.push(RejectedMessage {
            id,
            locale: link.locale.tag.clone(),
            code: code.as_str().to_string(),
        });
    }

    /// Every message and term of the reference, from the first link of `parsed` that has
    /// it complete and not rejected (else from the reference).
    fn take_reference_entries(&mut self, parsed: &[&ParsedLink<'s>]) {
        let reference = *parsed.last().expect("the chain ends in the reference");
        for (file, resource) in &reference.files {
            let mut body: Vec<Entry<&str>> = Vec::new();
            for reference_entry in &resource.body {
                let Some(reference_unit) = ast::Unit::of(reference_entry) else {
                    continue;
                };
                self.total += 1;
                let id = reference_unit.id.to_string();
                let (link, file_of, entry) = self
                    .first_complete(parsed, &file.rel, &reference_unit)
                    .unwrap_or((reference, *file, reference_entry));
                *self.taken_from.entry(link.locale.tag.clone()).or_default() += 1;
                if reference_unit.id.is_term {
                    self.taken_terms.insert(id.clone());
                }
                // The id as the entry taken spells it: its position is in that file.
                let name = ast::Unit::of(entry).map_or(reference_unit.id.name, |u| u.id.name);
                let origin = Origin {
                    source: self.source(&link.locale.tag, file_of),
                    range: ast::range(&file_of.source, name),
                };
                self.origins.insert(id, origin);
                body.push(strip_comments(entry.clone()));
            }
            self.files.push((file.rel.clone(), body));
        }
    }

    /// The first link of `parsed` whose entry for `reference_unit` (in file `rel`) is
    /// complete; every link before it that rejects the id is recorded.
    fn first_complete<'p>(
        &mut self,
        parsed: &[&'p ParsedLink<'s>],
        rel: &str,
        reference_unit: &ast::Unit<'_, '_>,
    ) -> Option<(&'p ParsedLink<'s>, &'s FtlFile, &'p Entry<&'s str>)> {
        let id = reference_unit.id.to_string();
        for &link in parsed {
            // Rejected even where the entry did not parse at all (`syntax`).
            if let Some(&code) = link.rejected.get(&id) {
                self.reject(id.clone(), link, code);
                continue;
            }
            if let Some((file_of, entry)) = link.complete(rel, reference_unit) {
                return Some((link, file_of, entry));
            }
        }
        None
    }

    /// A translation's own terms (`-brand-name-genitive`) stay with it: every term of the
    /// links before the reference not taken yet, in the file of the same path.
    fn take_own_terms(&mut self, parsed: &[&ParsedLink<'s>]) {
        for &link in &parsed[..parsed.len() - 1] {
            for (file, resource) in &link.files {
                for entry in &resource.body {
                    if let Entry::Term(term) = entry {
                        self.take_own_term(link, file, entry, term.id.name);
                    }
                }
            }
        }
    }

    /// Takes term `-name` (`entry`, of `file` of `link`) unless it is rejected there or
    /// taken already.
    fn take_own_term(
        &mut self,
        link: &ParsedLink<'s>,
        file: &'s FtlFile,
        entry: &Entry<&'s str>,
        name: &str,
    ) {
        let id = format!("-{name}");
        if let Some(&code) = link.rejected.get(&id) {
            self.reject(id, link, code);
            return;
        }
        if self.taken_terms.insert(id.clone()) {
            let target = self
                .files
                .iter()
                .position(|(rel, _)| *rel == file.rel)
                .unwrap_or(0);
            if let Some((_, body)) = self.files.get_mut(target) {
                body.push(strip_comments(entry.clone()));
            }
            let range = ast::range(&file.source, name);
            let origin = Origin {
                source: self.source(&link.locale.tag, file),
                range,
            };
            self.origins.insert(id, origin);
        }
    }
}

impl Catalog {
    /// The catalog of `tag` among `locales`, complete through its fallback chain.
    /// `checked` is the `l10n check` report of the chain's locales: a message with an error
    /// finding in a link is not taken from that link (the next link's is), and the locale's
    /// completion is the report's.
    pub fn build(
        locales: &[Locale],
        fallback: Fallback<'_>,
        tag: &str,
        checked: &Report,
    ) -> Catalog {
        Catalog::from_sources(&Sources::new(locales, fallback, checked), tag)
    }

    /// The catalog of `tag` from locales parsed once for the whole run.
    pub fn from_sources(sources: &Sources<'_>, tag: &str) -> Catalog {
        let chain = chain(sources.locales, sources.fallback, tag);
        let parsed: Vec<&ParsedLink<'_>> = chain
            .iter()
            .filter_map(|t| sources.links.get(t.as_str()))
            .collect();
        let mut gathered = Gathered::new(&chain);
        gathered.take_reference_entries(&parsed);
        gathered.take_own_terms(&parsed);
        let summary = sources.checked.locales.get(tag).map(|r| &r.summary);
        let arguments = Some(Arc::clone(&sources.arguments));
        let Gathered {
            files,
            taken_from,
            rejected,
            origins,
            total,
            sources: catalog_sources,
            ..
        } = gathered;
        Catalog {
            tag: tag.to_string(),
            direction: direction(tag),
            chain,
            files: files
                .into_iter()
                .map(|(rel, body)| {
                    (
                        rel,
                        fluent_syntax::serializer::serialize(&Resource { body }),
                    )
                })
                .collect(),
            translated: summary.map_or(0.0, |s| s.completion),
            // A locale whose message is rejected shows another locale's text for it.
            complete: summary.is_some_and(|s| s.translated == s.total)
                && !rejected.iter().any(|r: &RejectedMessage| r.locale == tag),
            taken_from,
            total,
            rejected,
            sources: catalog_sources,
            origins,
            arguments,
        }
    }

    /// The pseudo-locale catalog: the reference with every text transformed, placeables
    /// untouched.
    pub fn pseudo(reference: &Locale, pseudo: Pseudo) -> Catalog {
        let link = ParsedLink::parse(reference, HashMap::new());
        let mut origins = HashMap::new();
        let mut total = 0;
        let mut files = Vec::new();
        let mut sources = Vec::new();
        for (file, resource) in &link.files {
            let mut body = Vec::new();
            for entry in &resource.body {
                let Some(unit) = ast::Unit::of(entry) else {
                    continue;
                };
                total += 1;
                let range = ast::range(&file.source, unit.id.name);
                origins.insert(
                    unit.id.to_string(),
                    Origin {
                        source: sources.len(),
                        range,
                    },
                );
                body.push(strip_comments(entry.clone()));
            }
            // Owned text for the transformed patterns, borrowed by the AST below.
            let mut texts: Vec<String> = Vec::new();
            for entry in &body {
                collect_texts(entry, &mut |t| texts.push(pseudo.transform(t)));
            }
            let mut next = texts.iter();
            for entry in &mut body {
                replace_texts(entry, &mut || next.next().map_or("", String::as_str));
            }
            files.push((
                file.rel.clone(),
                fluent_syntax::serializer::serialize(&Resource { body }),
            ));
            sources.push((reference.tag.clone(), (*file).clone()));
        }
        let tag = pseudo.tag().to_string();
        Catalog {
            direction: direction(&tag),
            chain: vec![tag.clone()],
            taken_from: BTreeMap::from([(tag.clone(), total)]),
            tag,
            files,
            total,
            translated: 100.0,
            complete: true,
            rejected: Vec::new(),
            sources,
            origins,
            arguments: None,
        }
    }

    /// Whether the locale translates message `id` itself (rather than taking it from a
    /// later locale of its chain).
    pub fn translates(&self, id: &str) -> bool {
        self.origins
            .get(id)
            .is_some_and(|o| self.sources[o.source].0 == self.tag)
    }

    /// Formats every message and attribute with fluent-bundle; each failure is a problem
    /// naming the message, the locale and the file and line it came from.
    pub fn prove(&self) -> Vec<Problem> {
        let bundle = match self.bundle() {
            Ok(bundle) => bundle,
            Err(problem) => return vec![problem],
        };
        let samples: Vec<String> = Plurals::of(&self.tag).map_or_else(
            || vec!["1".to_string(), "2".to_string(), "5".to_string()],
            |p| p.samples.iter().map(|(_, n)| n.clone()).collect(),
        );
        let resources: Vec<Resource<&str>> = self
            .files
            .iter()
            .map(|(_, text)| {
                fluent_syntax::parser::parse_runtime(text.as_str()).unwrap_or_else(|(r, _)| r)
            })
            .collect();
        let units: HashMap<Id<'_>, ast::Unit<'_, '_>> = resources
            .iter()
            .flat_map(|r| r.body.iter().filter_map(ast::Unit::of))
            .map(|u| (u.id, u))
            .collect();
        // Per message: (what failed, why); a message is blamed only for its own failures,
        // not for those of the messages it refers to.
        let mut failures: Vec<(Id<'_>, Vec<(String, String)>)> = Vec::new();
        for resource in &resources {
            for entry in &resource.body {
                let Some(unit) = ast::Unit::of(entry) else {
                    continue;
                };
                if unit.id.is_term {
                    continue;
                }
                let Some(message) = bundle.get_message(unit.id.name) else {
                    continue;
                };
                // The arguments the application passes: those of the reference message.
                let kinds = self
                    .arguments
                    .as_ref()
                    .and_then(|a| a.get(unit.id.name))
                    .cloned()
                    .unwrap_or_else(|| ast::argument_kinds(|id| units.get(&id).copied(), unit.id));
                let found = format_failures(&bundle, &message, unit.id, &kinds, &samples);
                if !found.is_empty() {
                    failures.push((unit.id, found));
                }
            }
        }
        let failing: HashMap<Id<'_>, Vec<&str>> = failures
            .iter()
            .map(|(id, found)| (*id, found.iter().map(|(_, why)| why.as_str()).collect()))
            .collect();
        let mut problems = Vec::new();
        for (id, found) in &failures {
            let inherited = inherited_failures(&units, &failing, *id);
            for (what, why) in found {
                if !inherited.contains(why.as_str()) {
                    problems.push(self.problem_at(*id, format!("{what}: {why}")));
                }
            }
        }
        problems
    }

    /// The problem of a failure of message `id`; the caller names the bundles it breaks.
    fn problem_at(&self, id: Id<'_>, message: String) -> Problem {
        match self.origins.get(&id.to_string()) {
            Some(origin) => {
                let (tag, file) = &self.sources[origin.source];
                Problem::at_indexed(
                    &file.display,
                    &file.source,
                    &file.lines,
                    origin.range.clone(),
                    message,
                )
                .with_label(format!("from {tag}"))
                .with_help(format!(
                    "fix the message in `{}` (or remove it there, so the next locale of the chain {} is used)",
                    file.display.display(),
                    self.chain.join(" → ")
                ))
            }
            None => Problem::new(format!("bundle {}", self.tag), message),
        }
    }

    /// The arguments the application passes to each message of the reference (through the
    /// messages it refers to), with the kind of value each takes.
    fn reference_arguments(reference: &ParsedLink<'_>) -> Arguments {
        let units: HashMap<Id<'_>, ast::Unit<'_, '_>> = reference
            .files
            .iter()
            .flat_map(|(_, r)| r.body.iter().filter_map(ast::Unit::of))
            .map(|u| (u.id, u))
            .collect();
        units
            .keys()
            .filter(|id| !id.is_term)
            .map(|id| {
                (
                    id.name.to_string(),
                    ast::argument_kinds(|i| units.get(&i).copied(), *id),
                )
            })
            .collect()
    }

    /// A fluent-bundle bundle of the catalog. Placeables are isolated with Unicode marks
    /// for right-to-left locales, as Fluent does; left-to-right text needs none (and
    /// consoles such as Windows' show them as boxes).
    fn bundle(&self) -> Result<fluent_bundle::concurrent::FluentBundle<FluentResource>, Problem> {
        let langid: LanguageIdentifier = self
            .tag
            .parse()
            .map_err(|_| Problem::new(format!("bundle {}", self.tag), "not a BCP 47 tag"))?;
        let mut bundle = fluent_bundle::concurrent::FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(self.direction == Direction::Rtl);
        let _ = bundle.add_builtins();
        let _ = bundle.add_function("DATETIME", |positional, _named| {
            positional.first().cloned().unwrap_or(FluentValue::Error)
        });
        for (rel, text) in &self.files {
            let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
                Problem::new(
                    format!("bundle {}/{rel}", self.tag),
                    format!(
                        "the compact resource does not parse: {}",
                        errors.first().map(|e| e.to_string()).unwrap_or_default()
                    ),
                )
            })?;
            // Duplicates cannot happen: every id is taken once.
            let _ = bundle.add_resource(resource);
        }
        Ok(bundle)
    }
}

/// One link of a chain, parsed (comments dropped: the runtime parser skips them), with
/// where each id is defined first, per file and in the whole locale.
struct ParsedLink<'l> {
    locale: &'l Locale,
    files: Vec<(&'l FtlFile, Resource<&'l str>)>,
    /// (file, id) -> (file index, entry index), the first definition in that file.
    in_file: HashMap<(&'l str, String), (usize, usize)>,
    /// Ids `l10n check` rejects in this locale, with the code of the error.
    rejected: HashMap<String, Code>,
}

impl<'l> ParsedLink<'l> {
    fn parse(locale: &'l Locale, mut rejected: HashMap<String, Code>) -> Self {
        let files: Vec<(&'l FtlFile, Resource<&'l str>)> = locale
            .files
            .par_iter()
            .map(|file| {
                let resource = match fluent_syntax::parser::parse_runtime(&*file.source) {
                    Ok(resource) => resource,
                    Err((resource, _)) => resource,
                };
                (file, resource)
            })
            .collect();
        let mut in_file = HashMap::new();
        for (f, (file, resource)) in files.iter().enumerate() {
            for (e, entry) in resource.body.iter().enumerate() {
                if let Some(unit) = ast::Unit::of(entry) {
                    in_file
                        .entry((file.rel.as_str(), unit.id.to_string()))
                        .or_insert((f, e));
                }
            }
        }
        reject_dependents(&files, &mut rejected);
        ParsedLink {
            locale,
            files,
            in_file,
            rejected,
        }
    }

    /// This link's entry for `reference`, if it is complete: same value presence and every
    /// attribute of the reference (a term only needs to exist; its attributes are its own).
    /// Only the definition in the file of the same path counts, as in `l10n check` (which
    /// calls one elsewhere obsolete and checks nothing else of it).
    fn complete(
        &self,
        rel: &str,
        reference: &ast::Unit<'_, '_>,
    ) -> Option<(&'l FtlFile, &Entry<&'l str>)> {
        let id = reference.id.to_string();
        let &(f, e) = self.in_file.get(&(rel, id))?;
        let (file, resource) = &self.files[f];
        let entry = &resource.body[e];
        let unit = ast::Unit::of(entry)?;
        let complete = reference.id.is_term
            || (unit.value.is_some() == reference.value.is_some()
                && reference
                    .attributes
                    .iter()
                    .all(|a| unit.attributes.iter().any(|b| b.id.name == a.id.name)));
        complete.then_some((*file, entry))
    }
}

/// Adds to `rejected` every message and term of a locale that refers, directly or through
/// others, to one it holds (with the code of that one): what it refers to is not taken from
/// this locale, and the next locale's may lack what it needs (the locale's own term, an
/// attribute such as `.gender`).
fn reject_dependents(files: &[(&FtlFile, Resource<&str>)], rejected: &mut HashMap<String, Code>) {
    if rejected.is_empty() {
        return;
    }
    let mut dependents: HashMap<String, Vec<String>> = HashMap::new();
    for (_, resource) in files {
        for unit in resource.body.iter().filter_map(ast::Unit::of) {
            let id = unit.id.to_string();
            for (_, pattern) in unit.patterns() {
                ast::walk(pattern, &mut |node| {
                    let target = match node {
                        Node::Message(name, _) => name.to_string(),
                        Node::Term(name, _) => format!("-{name}"),
                        _ => return,
                    };
                    dependents.entry(target).or_default().push(id.clone());
                });
            }
        }
    }
    let mut todo: Vec<(String, Code)> = rejected.iter().map(|(i, c)| (i.clone(), *c)).collect();
    while let Some((id, code)) = todo.pop() {
        for dependent in dependents.get(&id).into_iter().flatten() {
            if !rejected.contains_key(dependent) {
                rejected.insert(dependent.clone(), code);
                todo.push((dependent.clone(), code));
            }
        }
    }
}

fn strip_comments(entry: Entry<&str>) -> Entry<&str> {
    match entry {
        Entry::Message(mut message) => {
            message.comment = None;
            Entry::Message(message)
        }
        Entry::Term(mut term) => {
            term.comment = None;
            Entry::Term(term)
        }
        other => other,
    }
}

fn patterns_mut<'a, 's>(entry: &'a mut Entry<&'s str>) -> Vec<&'a mut Pattern<&'s str>> {
    match entry {
        Entry::Message(m) => m
            .value
            .iter_mut()
            .chain(m.attributes.iter_mut().map(|a| &mut a.value))
            .collect(),
        Entry::Term(t) => std::iter::once(&mut t.value)
            .chain(t.attributes.iter_mut().map(|a| &mut a.value))
            .collect(),
        _ => Vec::new(),
    }
}

fn collect_texts(entry: &Entry<&str>, out: &mut impl FnMut(&str)) {
    fn pattern(p: &Pattern<&str>, out: &mut impl FnMut(&str)) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => out(value),
                PatternElement::Placeable {
                    expression: fluent::Expression::Select { variants, .. },
                } => {
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
                PatternElement::Placeable { .. } => {}
            }
        }
    }
    let patterns: Vec<&Pattern<&str>> = match entry {
        Entry::Message(m) => m
            .value
            .iter()
            .chain(m.attributes.iter().map(|a| &a.value))
            .collect(),
        Entry::Term(t) => std::iter::once(&t.value)
            .chain(t.attributes.iter().map(|a| &a.value))
            .collect(),
        _ => Vec::new(),
    };
    for p in patterns {
        pattern(p, out);
    }
}

/// Replaces every text element, in the order [`collect_texts`] visits them.
fn replace_texts<'s>(entry: &mut Entry<&'s str>, next: &mut impl FnMut() -> &'s str) {
    fn pattern<'s>(p: &mut Pattern<&'s str>, next: &mut impl FnMut() -> &'s str) {
        for element in &mut p.elements {
            match element {
                PatternElement::TextElement { value } => *value = next(),
                PatternElement::Placeable {
                    expression: fluent::Expression::Select { variants, .. },
                } => {
                    for v in variants {
                        pattern(&mut v.value, next);
                    }
                }
                PatternElement::Placeable { .. } => {}
            }
        }
    }
    for p in patterns_mut(entry) {
        pattern(p, next);
    }
}

/// What fails when `message` (of id `id`) and its attributes are formatted with `bundle`,
/// with arguments of `kinds` (numbers tried with each of `samples`): (what, why) each once.
fn format_failures(
    bundle: &fluent_bundle::concurrent::FluentBundle<FluentResource>,
    message: &fluent_bundle::FluentMessage<'_>,
    id: Id<'_>,
    kinds: &BTreeMap<String, ArgumentKind>,
    samples: &[String],
) -> Vec<(String, String)> {
    let numeric = kinds.values().any(|k| *k == ArgumentKind::Number);
    let tries: Vec<&str> = if numeric {
        samples.iter().map(String::as_str).collect()
    } else {
        vec!["1"]
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for sample in tries {
        let mut args = FluentArgs::new();
        for (name, kind) in kinds {
            let value = match kind {
                ArgumentKind::Number => FluentValue::try_number(sample),
                ArgumentKind::Date => FluentValue::from(809_222_400_000.0_f64),
                ArgumentKind::Text => FluentValue::from("Sample"),
            };
            args.set(name.clone(), value);
        }
        let patterns = message
            .value()
            .map(|v| (None, v))
            .into_iter()
            .chain(message.attributes().map(|a| (Some(a.id()), a.value())));
        for (attribute, pattern) in patterns {
            let mut errors = Vec::new();
            let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
            for error in errors {
                let what = match attribute {
                    Some(a) => format!("`{id}.{a}`"),
                    None => format!("`{id}`"),
                };
                let failure = (what, describe(&error));
                if !found.contains(&failure) {
                    found.push(failure);
                }
            }
        }
    }
    found
}

/// The failures of the messages `id` refers to (directly or through others): a message is
/// not blamed for them.
fn inherited_failures<'a>(
    units: &HashMap<Id<'_>, ast::Unit<'_, '_>>,
    failing: &HashMap<Id<'_>, Vec<&'a str>>,
    id: Id<'_>,
) -> HashSet<&'a str> {
    let mut inherited = HashSet::new();
    let mut seen = HashSet::new();
    let mut todo = vec![id.name.to_string()];
    while let Some(next) = todo.pop() {
        let key = Id {
            is_term: false,
            name: next.as_str(),
        };
        let Some(unit) = units.get(&key) else {
            continue;
        };
        for (_, pattern) in unit.patterns() {
            ast::walk(pattern, &mut |node| {
                if let Node::Message(name, _) = node
                    && seen.insert(name.to_string())
                {
                    todo.push(name.to_string());
                }
            });
        }
        if next != id.name
            && let Some(found) = failing.get(&key)
        {
            inherited.extend(found.iter().copied());
        }
    }
    // In a cycle, every message of it is to blame.
    if seen.contains(id.name) {
        return HashSet::new();
    }
    inherited
}

fn describe(error: &FluentError) -> String {
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(ResolverError::Cyclic) => {
            "it refers to itself in a cycle".to_string()
        }
        FluentError::ResolverError(ResolverError::NoValue(id)) => {
            format!("`{id}` has no value to show")
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Message {
            id,
            attribute,
        })) => {
            format!(
                "it refers to `{id}{}`, which is not in the bundle",
                attribute
                    .as_ref()
                    .map(|a| format!(".{a}"))
                    .unwrap_or_default()
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Term {
            id,
            attribute,
        })) => {
            format!(
                "it refers to `-{id}{}`, which is not in the bundle",
                attribute
                    .as_ref()
                    .map(|a| format!(".{a}"))
                    .unwrap_or_default()
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { id })) => {
            format!(
                "the variable `${id}` is not known where it is used (inside a term, pass it as a term argument)"
            )
        }
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Function { id })) => {
            format!("the function `{id}` does not exist")
        }
        other => other.to_string(),
    }
}

/// Formats messages for templates (`t(id="…", …)`) in the catalogs' locales.
pub struct Localizer {
    bundles: HashMap<String, fluent_bundle::concurrent::FluentBundle<FluentResource>>,
    /// The locale used when a template gives none.
    pub default: String,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Localizer {
    /// A localizer over `catalogs`; `default` is used when a template names no locale.
    pub fn new(catalogs: &[&Catalog], default: &str) -> Result<Localizer, Vec<Problem>> {
        let mut bundles = HashMap::new();
        let mut problems = Vec::new();
        for catalog in catalogs {
            match catalog.bundle() {
                Ok(bundle) => {
                    bundles.insert(catalog.tag.clone(), bundle);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(Localizer {
                bundles,
                default: default.to_string(),
            })
        } else {
            Err(problems)
        }
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` without arguments.
    pub fn message(&self, locale: &str, id: &str) -> Result<String, String> {
        self.format(locale, id, &FluentArgs::new())
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` with `args`.
    fn format(&self, locale: &str, id: &str, args: &FluentArgs<'_>) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(locale)
            .or_else(|| self.bundles.get(&self.default))
            .ok_or_else(|| format!("no catalog for `{locale}`"))?;
        let (name, attribute) = match id.split_once('.') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (id, None),
        };
        let message = bundle
            .get_message(name)
            .ok_or_else(|| format!("there is no message `{name}`"))?;
        let pattern = match attribute {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        }
        .ok_or_else(|| format!("`{id}` has no text to show"))?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(args), &mut errors)
            .into_owned();
        match errors.first() {
            Some(error) => Err(format!("`{id}` cannot be formatted: {}", describe(error))),
            None => Ok(text),
        }
    }
}

impl Translate for Localizer {
    fn default_locale(&self) -> &str {
        &self.default
    }

    fn translate(
        &self,
        locale: &str,
        id: &str,
        args: &BTreeMap<String, Arg>,
    ) -> Result<String, String> {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(text) => FluentValue::from(text.clone()),
            };
            fluent_args.set(name.clone(), value);
        }
        self.format(locale, id, &fluent_args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The locales of `files` (paths under `locales/`); the reference is `en-US`.
    fn locales(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<Locale>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut tags: Vec<String> = Vec::new();
        for (path, text) in files {
            let tag = path.split('/').nth(1).expect("locales/<tag>/…").to_string();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(path, text).expect("write");
        }
        let locales = crate::l10n::load_locales(dir.path(), &tags).expect("locales");
        (dir, locales)
    }

    fn fallback(configured: &BTreeMap<String, Vec<String>>) -> Fallback<'_> {
        Fallback {
            reference: "en-US",
            configured,
        }
    }

    /// No check report: what the proof finds on its own.
    fn unchecked() -> Report {
        Report {
            reference: "en-US".to_string(),
            locales: BTreeMap::new(),
        }
    }

    #[test]
    fn a_chain_ends_in_the_reference_whatever_the_configuration_says() {
        let (_dir, locales) = locales(&[
            ("locales/en-US/a.ftl", "a = A\n"),
            ("locales/de/a.ftl", "a = A\n"),
            ("locales/de-AT/a.ftl", "a = A\n"),
        ]);
        let mut configured = BTreeMap::new();
        configured.insert(
            "de-AT".to_string(),
            vec!["en-US".into(), "de".into(), "de-AT".into(), "de".into()],
        );
        assert_eq!(
            chain(&locales, fallback(&configured), "de-AT"),
            ["de-AT", "de", "en-US"]
        );
        configured.insert("en-US".to_string(), vec!["de".into()]);
        assert_eq!(chain(&locales, fallback(&configured), "en-US"), ["en-US"]);
    }

    #[test]
    fn the_proof_passes_the_reference_messages_arguments_only() {
        let (_dir, locales) = locales(&[
            ("locales/en-US/a.ftl", "failed = Failed: { $reason }\n"),
            (
                "locales/de/a.ftl",
                "### Deutsch\n\nfailed = Fehlgeschlagen: { $grund }\n",
            ),
        ]);
        let catalog = Catalog::build(&locales, fallback(&BTreeMap::new()), "de", &unchecked());
        let problems = catalog.prove();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("`$grund`"),
            "{}",
            problems[0].message
        );
        // At the message's own line, not at the file's first.
        assert_eq!(problems[0].location(), "locales/de/a.ftl:3:1");
    }

    #[test]
    fn a_message_is_blamed_only_for_its_own_failure() {
        let (_dir, locales) = locales(&[(
            "locales/en-US/a.ftl",
            "away = { -nope }\nauto-away = Set to { away } after { $n ->\n    [one] a minute\n   *[other] { $n } minutes\n}\n",
        )]);
        let catalog = Catalog::build(&locales, fallback(&BTreeMap::new()), "en-US", &unchecked());
        let problems: Vec<String> = catalog
            .prove()
            .iter()
            .map(|p| format!("{} {}", p.location(), p.message))
            .collect();
        assert_eq!(
            problems,
            ["locales/en-US/a.ftl:1:1 `away`: it refers to `-nope`, which is not in the bundle"]
        );
    }
}
