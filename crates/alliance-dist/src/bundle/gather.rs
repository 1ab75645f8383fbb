//! Gathering a catalog's messages: every reference message from the first link of the
//! chain that has it complete and not rejected, with the messages that depend on a rejected
//! one rejected too; the entries' texts, for pseudo-localization.

use super::*;

/// Every locale of a workspace parsed once, with what `l10n check` rejects in each: what
/// the catalogs of a run are built from.
pub struct Sources<'w> {
    pub(super) locales: &'w [Locale],
    pub(super) fallback: Fallback<'w>,
    pub(super) checked: &'w Report,
    pub(super) links: HashMap<&'w str, ParsedLink<'w>>,
    pub(super) arguments: Arc<Arguments>,
}

impl<'w> Sources<'w> {
    /// Parses every locale of `locales` (in parallel); `checked` is their `l10n check`
    /// report.
    pub fn new(locales: &'w [Locale], fallback: Fallback<'w>, checked: &'w Report) -> Sources<'w> {
        let links: HashMap<&'w str, ParsedLink<'w>> = locales
            .par_iter()
            .map(|locale| {
                let is_reference = locale.tag == fallback.reference;
                let rejected = match checked.locales.get(locale.tag.as_str()) {
                    Some(report) if !is_reference => {
                        let mut rejected: HashMap<String, Code> = report
                            .rejected()
                            .into_iter()
                            .map(|(id, code)| (id.to_string(), code))
                            .collect();
                        if fallback.stale_fallback {
                            for id in report.stale() {
                                rejected.entry(id.to_string()).or_insert(Code::Stale);
                            }
                        }
                        rejected
                    }
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
pub(super) struct Gathered<'s> {
    /// Relative path -> the entries taken for it, in the reference's file order.
    pub(super) files: Vec<(String, Vec<Entry<&'s str>>)>,
    pub(super) taken_from: BTreeMap<String, usize>,
    pub(super) rejected: Vec<RejectedMessage>,
    pub(super) origins: HashMap<String, Origin>,
    /// Messages and terms of the reference.
    pub(super) total: usize,
    /// The terms taken so far (a translation's own terms are added once).
    pub(super) taken_terms: HashSet<String>,
    /// Index in `sources` of each file taken from.
    pub(super) source_of: HashMap<*const FtlFile, usize>,
    pub(super) sources: Vec<(String, FtlFile)>,
}

impl<'s> Gathered<'s> {
    pub(super) fn new(chain: &[String]) -> Self {
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
    pub(super) fn source(&mut self, tag: &str, file: &FtlFile) -> usize {
        let sources = &mut self.sources;
        *self
            .source_of
            .entry(file as *const FtlFile)
            .or_insert_with(|| {
                sources.push((tag.to_string(), file.clone()));
                sources.len() - 1
            })
    }

    /// Records that `link` has id `id` but `l10n check` rejects it there (with `code`),
    /// once: a term of the reference and of the locale's own is met twice.
    pub(super) fn reject(&mut self, id: String, link: &ParsedLink<'_>, code: Code) {
        let locale = link.locale.tag.as_str();
        if self
            .rejected
            .iter()
            .any(|r| r.id == id && r.locale == locale && r.messages.is_none())
        {
            return;
        }
        self.rejected.push(RejectedMessage {
            id,
            locale: locale.to_string(),
            code: code.as_str().to_string(),
            messages: None,
        });
    }

    /// Records every file of the catalog's own locale (`own`, the first link of the chain,
    /// not the reference) that gave it nothing although the reference has messages in the
    /// file of that name: no entry of it parses, or every one is rejected. `checked` names
    /// the first error of each.
    pub(super) fn reject_barren_files(
        &mut self,
        own: &ParsedLink<'_>,
        reference: &ParsedLink<'_>,
        checked: Option<&crate::l10n::report::LocaleReport>,
    ) {
        for (file, resource) in &own.files {
            let wrote_something = file.text.lines().any(|line| {
                let line = line.trim();
                !line.is_empty() && !line.starts_with('#')
            });
            let gave = resource.iter().any(|entry| {
                ast::Unit::of(entry).is_some_and(|unit| {
                    self.origins
                        .get(&unit.id.to_string())
                        .is_some_and(|origin| {
                            self.sources.get(origin.source).is_some_and(|(tag, taken)| {
                                *tag == own.locale.tag.as_str() && taken.rel == file.rel
                            })
                        })
                })
            });
            let lost = reference
                .files
                .iter()
                .filter(|(f, _)| f.rel == file.rel)
                .flat_map(|(_, entries)| entries.iter())
                .filter(|e| ast::Unit::of(e).is_some())
                .count();
            if !wrote_something || gave || lost == 0 {
                continue;
            }
            let code = checked
                .into_iter()
                .flat_map(|report| &report.findings)
                .find(|f| {
                    f.problem.path == file.display
                        && f.severity() == crate::l10n::report::Severity::Error
                })
                .map_or("rejected", |f| f.code.as_str());
            self.rejected.push(RejectedMessage {
                id: file.rel.clone(),
                locale: own.locale.tag.to_string(),
                code: code.to_string(),
                messages: Some(lost),
            });
        }
    }

    /// Every message and term of the reference, from the first link of `parsed` that has
    /// it complete and not rejected (else from the reference).
    pub(super) fn take_reference_entries(&mut self, parsed: &[&ParsedLink<'s>]) {
        let reference = *parsed.last().expect("the chain ends in the reference");
        for (file, resource) in &reference.files {
            let mut body: Vec<Entry<&str>> = Vec::new();
            for &reference_entry in resource {
                let Some(reference_unit) = ast::Unit::of(reference_entry) else {
                    continue;
                };
                self.total += 1;
                let id = reference_unit.id.to_string();
                let (link, file_of, entry) = self
                    .first_complete(parsed, &file.rel, &reference_unit)
                    .unwrap_or((reference, *file, reference_entry));
                *self
                    .taken_from
                    .entry(link.locale.tag.to_string())
                    .or_default() += 1;
                if reference_unit.id.is_term {
                    self.taken_terms.insert(id.clone());
                }
                // The id as the entry taken spells it: its position is in that file.
                let name = ast::Unit::of(entry).map_or(reference_unit.id.name, |u| u.id.name);
                let origin = Origin {
                    source: self.source(&link.locale.tag, file_of),
                    range: ast::range(file_of.source(), name),
                };
                self.origins.insert(id, origin);
                body.push(strip_comments(entry.clone()));
            }
            self.files.push((file.rel.clone(), body));
        }
    }

    /// The first link of `parsed` whose entry for `reference_unit` (in file `rel`) is
    /// complete; every link before it that rejects the id is recorded.
    pub(super) fn first_complete<'p>(
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
    pub(super) fn take_own_terms(&mut self, parsed: &[&ParsedLink<'s>]) {
        for &link in &parsed[..parsed.len() - 1] {
            for (file, resource) in &link.files {
                for &entry in resource {
                    if let Entry::Term(term) = entry {
                        self.take_own_term(link, file, entry, term.id.name);
                    }
                }
            }
        }
    }

    /// Takes term `-name` (`entry`, of `file` of `link`) unless it is rejected there or
    /// taken already.
    pub(super) fn take_own_term(
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
            let range = ast::range(file.source(), name);
            let origin = Origin {
                source: self.source(&link.locale.tag, file),
                range,
            };
            self.origins.insert(id, origin);
        }
    }
}

/// One link of a chain, parsed (comments dropped: the runtime parser skips them), with
/// where each id is defined first, per file and in the whole locale.
pub(super) struct ParsedLink<'l> {
    pub(super) locale: &'l Locale,
    pub(super) files: Vec<(&'l FtlFile, Vec<&'l Entry<&'l str>>)>,
    /// (file, id) -> (file index, entry index), the first definition in that file.
    pub(super) in_file: HashMap<(&'l str, String), (usize, usize)>,
    /// Ids `l10n check` rejects in this locale, with the code of the error.
    pub(super) rejected: HashMap<String, Code>,
}

impl<'l> ParsedLink<'l> {
    pub(super) fn parse(locale: &'l Locale, mut rejected: HashMap<String, Code>) -> Self {
        let files: Vec<(&'l FtlFile, Vec<&'l Entry<&'l str>>)> = locale
            .files
            .par_iter()
            .map(|file| {
                // Parsed when it was read.
                (file, file.resource().entries().collect())
            })
            .collect();
        let mut in_file = HashMap::new();
        for (f, (file, resource)) in files.iter().enumerate() {
            for (e, entry) in resource.iter().enumerate() {
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
    pub(super) fn complete(
        &self,
        rel: &str,
        reference: &ast::Unit<'_, '_>,
    ) -> Option<(&'l FtlFile, &Entry<&'l str>)> {
        let id = reference.id.to_string();
        let &(f, e) = self.in_file.get(&(rel, id))?;
        let (file, resource) = &self.files[f];
        let entry = &resource[e];
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
pub(super) fn reject_dependents(
    files: &[(&FtlFile, Vec<&Entry<&str>>)],
    rejected: &mut HashMap<String, Code>,
) {
    if rejected.is_empty() {
        return;
    }
    let mut dependents: HashMap<String, Vec<String>> = HashMap::new();
    for (_, resource) in files {
        for unit in resource.iter().copied().filter_map(ast::Unit::of) {
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

pub(super) fn strip_comments(entry: Entry<&str>) -> Entry<&str> {
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

pub(super) fn patterns_mut<'a, 's>(entry: &'a mut Entry<&'s str>) -> Vec<&'a mut Pattern<&'s str>> {
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

pub(super) fn collect_texts(entry: &Entry<&str>, out: &mut impl FnMut(&str)) {
    pub(super) fn pattern(p: &Pattern<&str>, out: &mut impl FnMut(&str)) {
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
pub(super) fn replace_texts<'s>(entry: &mut Entry<&'s str>, next: &mut impl FnMut() -> &'s str) {
    pub(super) fn pattern<'s>(p: &mut Pattern<&'s str>, next: &mut impl FnMut() -> &'s str) {
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
