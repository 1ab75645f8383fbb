//! Locale-wide checks: what loading and parsing found, ids defined twice, references
//! that resolve nowhere in the locale (but for those the reference cannot resolve either:
//! they live outside the workspace), then the formatting proof.

use super::*;

/// Syntax errors, duplicate ids, unknown references and the formatting proof.
pub(super) fn locale_wide(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    reference: Option<(&Index<'_>, &External)>,
) {
    loading_and_syntax(findings, reference.map(|(r, _)| r));
    duplicate_ids(findings, index, reference.map(|(r, _)| r));
    unknown_references(findings, index, reference.map(|(_, e)| e));
    format_proof(findings, index, reference.map(|(r, _)| r));
}

/// What loading found (a file that is not UTF-8, entries nested too deep), and syntax
/// errors.
pub(super) fn loading_and_syntax(findings: &mut Findings<'_>, reference: Option<&Index<'_>>) {
    let parsed = findings.parsed;
    for file in &parsed.files {
        // What loading found: a file that is not UTF-8, entries nested too deep.
        findings.list.extend(file.file.findings.iter().cloned());
        for error in file.errors {
            let (id, mut problem) = crate::parse::syntax_error(file.file, error);
            // A variable renamed in the translation's script: name the reference's.
            if problem.message.contains("is not a variable name")
                && let Some(unit) = id.as_deref().and_then(|id| {
                    let reference = reference?;
                    reference
                        .all
                        .iter()
                        .find(|(k, _)| k.to_string() == id)
                        .map(|(_, (_, u))| u)
                })
            {
                let names: Vec<String> =
                    variables(unit).iter().map(|v| format!("`${v}`")).collect();
                if !names.is_empty() {
                    let help = problem.help.take().unwrap_or_default();
                    problem = problem.with_help(format!(
                        "{help} (the reference message uses {})",
                        list(names.into_iter())
                    ));
                }
            }
            findings.push(Code::Syntax, id, problem);
        }
    }
}

/// Ids defined twice: in one file always; across files where the reference (`None`: this
/// is the reference) does not do the same.
pub(super) fn duplicate_ids(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    reference: Option<&Index<'_>>,
) {
    for &(file, unit, first_file, first_unit) in &index.duplicates {
        let first = findings.file(first_file);
        let source = findings.src(first_file);
        let (line, column) = first
            .lines
            .position(first.source(), id_range(source, first_unit.id).start);
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
            Some(reference) => {
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
}

/// References to messages and terms this locale does not define, but for those the
/// reference makes too (`external`: `None` for the reference itself).
pub(super) fn unknown_references(
    findings: &mut Findings<'_>,
    index: &Index<'_>,
    external: Option<&External>,
) {
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
                    if let Some(external) = external
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
                        Some({
                            // A typo of a name this locale defines: say which.
                            let defined: Vec<String> = index
                                .all
                                .keys()
                                .filter(|id| id.is_term == is_term)
                                .map(|id| id.name.to_string())
                                .collect();
                            let meant = alliance_diagnostic::suggest::closest(name, &defined)
                                .map(|m| {
                                    let dash = if is_term { "-" } else { "" };
                                    format!(
                                        "{} ",
                                        alliance_diagnostic::suggest::phrase(&format!("{dash}{m}"))
                                    )
                                })
                                .unwrap_or_default();
                            if is_term {
                                format!("{meant}fix the name, or define the term in this locale (terms are not shared between locales)")
                            } else {
                                format!("{meant}fix the name, or define it in this locale")
                            }
                        }),
                    );
                }
            }
        }
    }
}

/// References (is term, name, attribute) a locale makes without defining their target.
pub(super) type External = HashSet<(bool, String, Option<String>)>;

/// The references of a locale that resolve nowhere in it.
pub(super) fn unresolved_references(index: &Index<'_>) -> External {
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
pub(super) fn resolves(
    index: &Index<'_>,
    is_term: bool,
    name: &str,
    attribute: Option<&str>,
) -> bool {
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

pub(super) fn describe(node: Node<'_, '_>) -> String {
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
