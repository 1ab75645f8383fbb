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

mod gather;
mod localizer;
mod negotiate;
mod proof;

pub use gather::*;
pub use localizer::*;
pub use negotiate::*;
use proof::*;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{self as fluent, Entry, Pattern, PatternElement, Resource};
use rayon::prelude::*;

use crate::diagnostic::Problem;
use crate::l10n::ast::{self, ArgumentKind, Id, Node};
use crate::l10n::report::{Code, Report};
use crate::l10n::tag::Tag;
use crate::l10n::{FtlFile, Locale};
use crate::manifest::RejectedMessage;
use crate::templates::{Arg, Translate};

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
    pub tag: Tag,
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
    /// Messages of the locale whose reference text changed since they were translated
    /// (`stale` of `l10n check`): shipped as translated, or with `l10n.stale: fallback`
    /// taken from the next locale of the chain (then in `rejected` too).
    pub stale: Vec<String>,
    /// The files messages were taken from, with the tag of their locale.
    sources: Vec<(String, FtlFile)>,
    /// Where each message and term was taken from.
    origins: HashMap<String, Origin>,
    /// Per message: the variables the reference message takes, and their kinds (`None`: the
    /// catalog's own messages say). Shared by every catalog of a run.
    arguments: Option<Arc<Arguments>>,
    /// `files` parsed, once: the proof and the templates' localizer both read it.
    parsed: std::sync::OnceLock<Result<Vec<Arc<FluentResource>>, Problem>>,
}

impl Catalog {
    /// The catalog of `tag` among `locales`, complete through its fallback chain.
    /// `checked` is the `l10n check` report of the chain's locales: a message with an error
    /// finding in a link is not taken from that link (the next link's is), and the locale's
    /// completion is the report's.
    pub fn build(
        locales: &[Locale],
        fallback: Fallback<'_>,
        tag: &Tag,
        checked: &Report,
    ) -> Catalog {
        Catalog::from_sources(&Sources::new(locales, fallback, checked), tag)
    }

    /// The catalog of `tag` from locales parsed once for the whole run.
    pub fn from_sources(sources: &Sources<'_>, tag: &Tag) -> Catalog {
        let chain = chain(sources.locales, sources.fallback, tag);
        let parsed: Vec<&ParsedLink<'_>> = chain
            .iter()
            .filter_map(|t| sources.links.get(t.as_str()))
            .collect();
        let mut gathered = Gathered::new(&chain);
        gathered.take_reference_entries(&parsed);
        gathered.take_own_terms(&parsed);
        if let [own, .., reference] = parsed.as_slice()
            && own.locale.tag == *tag
        {
            gathered.reject_barren_files(own, reference, sources.checked.locales.get(tag.as_str()));
        }
        let summary = sources
            .checked
            .locales
            .get(tag.as_str())
            .map(|r| &r.summary);
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
            tag: tag.clone(),
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
                && !rejected.iter().any(|r: &RejectedMessage| r.locale == *tag),
            taken_from,
            total,
            rejected,
            stale: sources
                .checked
                .locales
                .get(tag.as_str())
                .map(|r| r.stale().into_iter().map(str::to_string).collect())
                .unwrap_or_default(),
            sources: catalog_sources,
            origins,
            arguments,
            parsed: std::sync::OnceLock::new(),
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
            for &entry in resource {
                let Some(unit) = ast::Unit::of(entry) else {
                    continue;
                };
                total += 1;
                let range = ast::range(file.source(), unit.id.name);
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
            sources.push((reference.tag.to_string(), (*file).clone()));
        }
        let tag = Tag::new(pseudo.tag());
        Catalog {
            direction: direction(&tag),
            chain: vec![tag.to_string()],
            taken_from: BTreeMap::from([(tag.to_string(), total)]),
            tag,
            files,
            total,
            translated: 100.0,
            complete: true,
            rejected: Vec::new(),
            stale: Vec::new(),
            sources,
            origins,
            arguments: None,
            parsed: std::sync::OnceLock::new(),
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
        // The catalog's text parsed once: the formatter formats it, the units are read
        // from it. It selects and formats as `t()` and `l10n format` do (CLDR, ICU4X).
        let resources = match self.resources() {
            Ok(resources) => resources,
            Err(problem) => return vec![problem],
        };
        let formatter = crate::l10n::format::Formatter::of_bundle(&self.tag, &resources);
        let samples = formatter.plural_samples();
        let units: HashMap<Id<'_>, ast::Unit<'_, '_>> = resources
            .iter()
            .flat_map(|r| r.entries().filter_map(ast::Unit::of))
            .map(|u| (u.id, u))
            .collect();
        // Per message: (what failed, why); a message is blamed only for its own failures,
        // not for those of the messages it refers to.
        let mut failures: Vec<(Id<'_>, Vec<(String, String)>)> = Vec::new();
        for resource in &resources {
            for entry in resource.entries() {
                let Some(unit) = ast::Unit::of(entry) else {
                    continue;
                };
                if unit.id.is_term {
                    continue;
                }
                // The arguments the application passes: those of the reference message.
                let kinds = self
                    .arguments
                    .as_ref()
                    .and_then(|a| a.get(unit.id.name))
                    .cloned()
                    .unwrap_or_else(|| ast::argument_kinds(|id| units.get(&id).copied(), unit.id));
                let found = format_failures(&formatter, &unit, &kinds, &samples);
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
                    &file.text,
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
            .flat_map(|(_, r)| r.iter().copied().filter_map(ast::Unit::of))
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

    /// The catalog's files parsed, once per catalog: [`Catalog::prove`] and the [`Localizer`] share them.
    pub(super) fn resources(&self) -> Result<Vec<Arc<FluentResource>>, Problem> {
        self.parsed.get_or_init(|| self.parse()).clone()
    }

    fn parse(&self) -> Result<Vec<Arc<FluentResource>>, Problem> {
        self.files
            .iter()
            .map(|(rel, text)| {
                FluentResource::try_new(text.clone())
                    .map(Arc::new)
                    .map_err(|(_, errors)| {
                        Problem::new(
                            format!("bundle {}/{rel}", self.tag),
                            format!(
                                "the compact resource does not parse: {}",
                                errors.first().map(|e| e.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_help("this is a bug of alliance: please report it with the file")
                    })
            })
            .collect()
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
            stale_fallback: false,
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
            chain(&locales, fallback(&configured), &Tag::new("de-AT")),
            ["de-AT", "de", "en-US"]
        );
        configured.insert("en-US".to_string(), vec!["de".into()]);
        assert_eq!(
            chain(&locales, fallback(&configured), &Tag::new("en-US")),
            ["en-US"]
        );
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
        let catalog = Catalog::build(
            &locales,
            fallback(&BTreeMap::new()),
            &Tag::new("de"),
            &unchecked(),
        );
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
        let catalog = Catalog::build(
            &locales,
            fallback(&BTreeMap::new()),
            &Tag::new("en-US"),
            &unchecked(),
        );
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

    /// Issue 22, item 2: `t()` in templates selects and formats through ICU4X, as
    /// `l10n format` and `l10n check` do: Arabic 103 is `few` (fluent-bundle's rules said
    /// `other`), German numbers are grouped as German writes them.
    #[test]
    fn templates_format_with_cldr_plurals_and_numbers() {
        use crate::templates::{Arg, Translate};
        let select = "files = { $n ->\n    [zero] zero\n    [one] one\n    [two] two\n    [few] few\n    [many] many\n   *[other] other\n}\ncount = { $n } Dateien\n";
        let (_dir, locales) = locales(&[
            ("locales/en-US/a.ftl", select),
            ("locales/ar/a.ftl", select),
            ("locales/de/a.ftl", select),
        ]);
        let none = BTreeMap::new();
        let catalogs: Vec<Catalog> = ["ar", "de", "en-US"]
            .into_iter()
            .map(|t| Catalog::build(&locales, fallback(&none), &Tag::new(t), &unchecked()))
            .collect();
        let refs: Vec<&Catalog> = catalogs.iter().collect();
        let localizer = Localizer::new(&refs, "en-US").expect("localizer");
        let t = |locale: &str, id: &str, n: f64| {
            let args = BTreeMap::from([("n".to_string(), Arg::Number(n))]);
            localizer.translate(locale, id, &args).expect("formats")
        };
        assert_eq!(t("ar", "files", 103.0), "few");
        assert_eq!(t("ar", "files", 111.0), "many");
        assert_eq!(t("ar", "files", 150.0), "many");
        assert_eq!(t("de", "count", 1234.5), "1.234,5 Dateien");
        assert_eq!(t("en-US", "files", 1.0), "one");
    }
}
