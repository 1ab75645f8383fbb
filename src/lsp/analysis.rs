//! What the editor server knows and answers: the open documents (their unsaved text), the
//! workspaces they belong to (found from each file as the CLI finds it from the current
//! folder), and from them the findings of one file, a hover, a definition. The findings
//! are `l10n check`'s own ([`crate::l10n::check::check`] on the file's locale with the open
//! documents' text in place of what is on disk), so the editor and the CLI agree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::l10n::{self, FtlFile, LOCALES_DIR, Locale, ast, report::Code, stale};
use crate::workspace::Workspace;

/// A workspace loaded once: its configuration and reference, and each locale read from
/// disk as it is first needed.
struct Loaded {
    ws: Workspace,
    /// `alliance.yaml` and the reference's files as they were when `ws` was loaded.
    state: Signature,
    /// Each locale read, with its files as they were then.
    locales: HashMap<String, (Signature, Locale)>,
    /// Per locale: how it is checked, with the times of the lock files it was read from
    /// (`l10n accept` run in a terminal changes them: then they are read again).
    records: HashMap<String, (LockTimes, l10n::check::Options)>,
}

/// Every file under some folders, with its size and time: what changed on disk since (a
/// `git pull`, an edit in another program) shows as a different signature.
type Signature = Vec<(PathBuf, u64, Option<std::time::SystemTime>)>;

/// The signature of `paths` (files, or folders walked whole).
fn signature(paths: &[PathBuf]) -> Signature {
    let mut all = Vec::new();
    let mut todo: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = todo.pop() {
        // Links are not followed, as the loader does not follow them.
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.file_type().is_symlink() {
            continue;
        }
        if metadata.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                todo.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else {
            all.push((path, metadata.len(), metadata.modified().ok()));
        }
    }
    all.sort();
    all
}

/// What the workspace at `root` was loaded from: `alliance.yaml` and the reference's folder.
fn workspace_state(root: &Path, ws: &Workspace) -> Signature {
    signature(&[
        root.join(crate::workspace::CONFIG_FILE),
        root.join(LOCALES_DIR).join(&ws.config.reference_locale),
    ])
}

/// When a locale's lock and the reference's texts were last written, if they exist.
type LockTimes = [Option<std::time::SystemTime>; 2];

fn lock_times(root: &Path, tag: &str, reference: &str) -> LockTimes {
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    [
        modified(stale::lock_path(root, tag)),
        modified(stale::texts_path(root, reference)),
    ]
}

/// Where a document is: its workspace, locale and path in the locale folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The workspace folder.
    pub root: PathBuf,
    /// The locale (`fr`).
    pub tag: String,
    /// The file relative to the locale folder (`mail/compose.ftl`).
    pub rel: String,
}

impl Place {
    /// The file as findings name it: `locales/<tag>/<rel>`.
    pub fn display(&self) -> PathBuf {
        Path::new(LOCALES_DIR).join(&self.tag).join(&self.rel)
    }
}

/// The server's state.
#[derive(Default)]
pub struct Analysis {
    /// Open documents, by absolute path: their text as the editor has it.
    docs: HashMap<PathBuf, String>,
    workspaces: HashMap<PathBuf, Loaded>,
}

impl Analysis {
    /// Records the editor's text of `path`.
    pub fn open(&mut self, path: PathBuf, text: String) {
        // Offsets are measured in the text every parser reads: without a byte-order mark.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        self.docs.insert(path, text);
    }

    /// Forgets `path`'s unsaved text (the file on disk counts again).
    pub fn close(&mut self, path: &Path) {
        self.docs.remove(path);
    }

    /// The open documents.
    pub fn open_paths(&self) -> Vec<PathBuf> {
        self.docs.keys().cloned().collect()
    }

    /// Where `path` is, if it is a Fluent file under `locales/<tag>/` of a workspace.
    pub fn place(path: &Path) -> Option<Place> {
        if path.extension().is_none_or(|e| e != "ftl") {
            return None;
        }
        // The nearest folder holding `alliance.yaml`, as the CLI finds its workspace.
        let root = path
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(crate::workspace::CONFIG_FILE).is_file())?
            .to_path_buf();
        let rel = path
            .strip_prefix(&root)
            .ok()?
            .strip_prefix(LOCALES_DIR)
            .ok()?;
        let mut parts = rel.components();
        let tag = parts.next()?.as_os_str().to_str()?.to_string();
        let rel: Vec<&str> = parts
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        (!rel.is_empty()).then(|| Place {
            root,
            tag,
            rel: rel.join("/"),
        })
    }

    /// The workspace at `root`, loaded at its first use, and again when `alliance.yaml` or
    /// the reference's files change on disk.
    fn loaded(&mut self, root: &Path) -> crate::diagnostic::Result<&mut Loaded> {
        let current = self
            .workspaces
            .get(root)
            .is_some_and(|loaded| workspace_state(root, &loaded.ws) == loaded.state);
        if !current {
            self.workspaces.remove(root);
            let ws = Workspace::load_l10n_by_locale(root)?;
            let state = workspace_state(root, &ws);
            self.workspaces.insert(
                root.to_path_buf(),
                Loaded {
                    ws,
                    state,
                    locales: HashMap::new(),
                    records: HashMap::new(),
                },
            );
        }
        Ok(self.workspaces.get_mut(root).expect("inserted"))
    }

    /// `locale` with the open documents of its folder in place of their files on disk.
    fn with_open_documents(&self, root: &Path, mut locale: Locale) -> Locale {
        let dir = root.join(LOCALES_DIR).join(locale.tag.as_str());
        for (path, text) in &self.docs {
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let display = Path::new(LOCALES_DIR).join(locale.tag.as_str()).join(&rel);
            let file = FtlFile::new(rel.clone(), display, text.as_bytes());
            match locale.files.iter_mut().find(|f| f.rel == rel) {
                Some(slot) => *slot = file,
                None => locale.files.push(file),
            }
        }
        locale.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        locale
    }

    /// The reference and the locale of `place`, each with the open documents' text.
    pub fn locales(&mut self, place: &Place) -> crate::diagnostic::Result<(Locale, Locale)> {
        let loaded = self.loaded(&place.root)?;
        let reference_tag = loaded.ws.config.reference_locale.clone();
        let reference = loaded.ws.reference().clone();
        let on_disk = signature(&[place.root.join(LOCALES_DIR).join(&place.tag)]);
        let locale = if place.tag == reference_tag {
            None
        } else if let Some((read, locale)) = loaded.locales.get(&place.tag)
            && *read == on_disk
        {
            Some(locale.clone())
        } else {
            let locale = match loaded.ws.load_locale(&place.tag) {
                Ok(locale) => locale,
                Err(_) => Locale {
                    tag: l10n::tag::Tag::new(place.tag.as_str()),
                    files: Vec::new(),
                },
            };
            loaded
                .locales
                .insert(place.tag.clone(), (on_disk, locale.clone()));
            Some(locale)
        };
        let reference = self.with_open_documents(&place.root, reference);
        let locale = match locale {
            Some(locale) => self.with_open_documents(&place.root, locale),
            None => reference.clone(),
        };
        Ok((reference, locale))
    }

    /// Reads how the locale of `place` is checked (its records of stale translations) unless
    /// what was read is current.
    fn findings_options(
        &mut self,
        place: &Place,
        reference: &Locale,
    ) -> crate::diagnostic::Result<()> {
        let loaded = self.loaded(&place.root)?;
        let times = lock_times(&place.root, &place.tag, reference.tag.as_str());
        if loaded
            .records
            .get(&place.tag)
            .is_none_or(|(read, _)| *read != times)
        {
            let options = loaded
                .ws
                .check_options(reference, std::slice::from_ref(&place.tag))?;
            loaded.records.insert(place.tag.clone(), (times, options));
        }
        Ok(())
    }

    /// Every finding of `l10n check` in the file at `place`, as the open documents read now.
    pub fn findings(&mut self, place: &Place) -> crate::diagnostic::Result<Vec<Finding<Code>>> {
        let (reference, locale) = self.locales(place)?;
        self.findings_options(place, &reference)?;
        let loaded = self.loaded(&place.root)?;
        let options = &loaded.records[&place.tag].1;
        let report = l10n::check::check(&reference, &[&locale], options);
        let display = place.display();
        Ok(report
            .locales
            .into_values()
            .flat_map(|l| l.findings)
            .filter(|f| f.problem.path == display)
            .collect())
    }

    /// The text of file `path` (absolute) as the server sees it: the open document, else
    /// the file on disk.
    pub fn text_of(&self, path: &Path) -> Option<String> {
        self.docs
            .get(path)
            .cloned()
            .or_else(|| std::fs::read_to_string(path).ok())
    }

    /// What to show for the message or term whose id is at byte `offset` of the file at
    /// `place`: the reference's text, its variables and comment, and whether the
    /// translation is stale. Markdown.
    pub fn hover(&mut self, place: &Place, offset: usize) -> Option<String> {
        let (reference, locale) = self.locales(place).ok()?;
        let file = locale.files.iter().find(|f| f.rel == place.rel)?;
        let id = id_at(file, offset)?;
        let (reference_file, unit) = find_unit(&reference, &id, Some(&place.rel))?;
        let mut out = format!(
            "**{}** · {}\n\n```fluent\n{}\n```\n",
            reference.tag,
            location(reference_file, &unit),
            entry_text(reference_file, &unit)
        );
        let index = |id: ast::Id<'_>| find_unit(&reference, &id.to_string(), None).map(|(_, u)| u);
        let variables = ast::argument_kinds(index, unit.id);
        if !variables.is_empty() {
            let names: Vec<String> = variables
                .iter()
                .map(|(name, kind)| format!("`${name}` ({kind:?})"))
                .collect();
            out.push_str(&format!("\nVariables: {}\n", names.join(", ")));
        }
        if let Some(comment) = comment(reference_file, &unit) {
            out.push_str(&format!("\n{comment}\n"));
        }
        if place.tag != reference.tag.as_str()
            && let Some(line) = self.stale_line(place, &reference, &id)
        {
            out.push_str(&format!("\n{line}\n"));
        }
        Some(out)
    }

    /// "Stale: …" when translation `id` of `place` translates an earlier reference text.
    fn stale_line(&mut self, place: &Place, reference: &Locale, id: &str) -> Option<String> {
        self.findings_options(place, reference).ok()?;
        let loaded = self.loaded(&place.root).ok()?;
        let record = loaded.records.get(&place.tag)?.1.records.get(&place.tag)?;
        let accepted = record.accepted(&place.rel, id)?;
        let (_, unit) = find_unit(reference, id, Some(&place.rel))?;
        let now = stale::Reference::of(&unit);
        if accepted.fingerprint == now.fingerprint {
            return Some("Up to date with the reference text it was accepted against.".into());
        }
        let was = accepted
            .text
            .as_deref()
            .map_or("not on record".to_string(), |t| format!("`{t}`"));
        Some(format!(
            "**Stale**: the {} text changed since this translation was accepted; it was {was}. `alliance l10n accept {} {id}` once it is up to date.",
            reference.tag, place.tag
        ))
    }

    /// Where to go from byte `offset` of the file at `place`: from a message or term id of
    /// a translation to the reference's; from a `{ message }` or `{ -term }` reference to
    /// its definition in the locale (else in the reference). (absolute path, 1-based line
    /// and column).
    pub fn definition(
        &mut self,
        place: &Place,
        offset: usize,
    ) -> Option<(PathBuf, (usize, usize))> {
        let (reference, locale) = self.locales(place).ok()?;
        let file = locale.files.iter().find(|f| f.rel == place.rel)?;
        let root = place.root.clone();
        let at = |locale: &Locale, id: &str, attribute: Option<&str>, rel: Option<&str>| {
            let (file, unit) = find_unit(locale, id, rel)?;
            let start = match attribute {
                // `.attribute` of it: the attribute's own line.
                Some(name) => unit
                    .attributes
                    .iter()
                    .find(|a| a.id.name == name)
                    .and_then(|a| ast::offset(file.source(), a.id.name))
                    .map(|o| o.saturating_sub(1))?,
                None => id_offset(file, &unit)?,
            };
            Some((
                root.join(&file.display),
                file.lines.position(file.source(), start),
            ))
        };
        if let Some(id) = id_at(file, offset) {
            return if place.tag == reference.tag.as_str() {
                None
            } else {
                at(&reference, &id, None, Some(&place.rel))
            };
        }
        let (target, attribute) = reference_at(file, offset)?;
        let attribute = attribute.as_deref();
        at(&locale, &target, attribute, None).or_else(|| at(&reference, &target, attribute, None))
    }
}

/// The message or term id written at byte `offset` of `file` (with the `-` of a term).
fn id_at(file: &FtlFile, offset: usize) -> Option<String> {
    file.resource()
        .entries()
        .filter_map(ast::Unit::of)
        .find_map(|unit| {
            let range = id_range(file, &unit)?;
            (range.start <= offset && offset <= range.end).then(|| unit.id.to_string())
        })
}

/// The id a `{ message }` or `{ -term }` reference at byte `offset` of `file` names, and
/// the attribute (`{ message.title }`) if it names one.
fn reference_at(file: &FtlFile, offset: usize) -> Option<(String, Option<String>)> {
    let source = file.source();
    for unit in file.resource().entries().filter_map(ast::Unit::of) {
        let mut found = None;
        for (_, pattern) in unit.patterns() {
            ast::walk(pattern, &mut |node| {
                let (name, attribute, dash) = match node {
                    ast::Node::Message(name, attribute) => (name, attribute, ""),
                    ast::Node::Term(name, attribute) => (name, attribute, "-"),
                    _ => return,
                };
                let Some(start) = ast::offset(source, name) else {
                    return;
                };
                let end = attribute
                    .and_then(|a| ast::offset(source, a).map(|o| o + a.len()))
                    .unwrap_or(start + name.len());
                let from = start.saturating_sub(dash.len());
                if from <= offset && offset <= end {
                    found = Some((format!("{dash}{name}"), attribute.map(str::to_string)));
                }
            });
        }
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Message or term `id` of `locale`: in file `rel` first when given, else in any file.
fn find_unit<'l>(
    locale: &'l Locale,
    id: &str,
    rel: Option<&str>,
) -> Option<(&'l FtlFile, ast::Unit<'l, 'l>)> {
    let in_file = |file: &'l FtlFile| {
        file.resource()
            .entries()
            .filter_map(ast::Unit::of)
            .find(|u| u.id.to_string() == id)
            .map(|u| (file, u))
    };
    rel.and_then(|rel| locale.files.iter().find(|f| f.rel == rel).and_then(in_file))
        .or_else(|| locale.files.iter().find_map(in_file))
}

/// The byte range of `unit`'s id in `file`, with a term's `-`.
fn id_range(file: &FtlFile, unit: &ast::Unit<'_, '_>) -> Option<std::ops::Range<usize>> {
    ast::id_range(file.source(), unit.id)
}

fn id_offset(file: &FtlFile, unit: &ast::Unit<'_, '_>) -> Option<usize> {
    id_range(file, unit).map(|r| r.start)
}

/// `locales/en-US/messenger.ftl:29`.
fn location(file: &FtlFile, unit: &ast::Unit<'_, '_>) -> String {
    let line = id_offset(file, unit).map_or(0, |o| file.lines.position(file.source(), o).0);
    format!("{}:{line}", file.display.display())
}

/// The lines of `unit` as written in `file`: from its id to the line before the next entry.
fn entry_text(file: &FtlFile, unit: &ast::Unit<'_, '_>) -> String {
    let source = file.source();
    let Some(start) = id_offset(file, unit) else {
        return unit.id.to_string();
    };
    let mut end = start;
    for line in source[start..].split_inclusive('\n') {
        let continues = end == start || line.starts_with([' ', '\t']);
        if !continues {
            break;
        }
        end += line.len();
    }
    source[start..end].trim_end().to_string()
}

/// The comment written above `unit` (`# …` lines), without the `#`.
fn comment(file: &FtlFile, unit: &ast::Unit<'_, '_>) -> Option<String> {
    let start = id_offset(file, unit)?;
    let before = &file.source()[..start];
    let mut lines: Vec<&str> = before
        .lines()
        .rev()
        .take_while(|l| l.starts_with("# ") || *l == "#")
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    lines.reverse();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// What completes the word being typed at a place of a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completions {
    /// `$variables` the reference message takes.
    Variables(Vec<String>),
    /// Plural categories of the locale, in a variant key (`[`).
    Categories(Vec<String>),
    /// Message and term ids (in a placeable).
    Ids(Vec<String>),
}

impl Analysis {
    /// What may be typed at byte `offset` of the file at `place`: after `$`, the variables
    /// of the reference message the cursor is in; after `[`, the locale's plural
    /// categories; after `{` or `-`, the ids of the reference.
    pub fn completions(&mut self, place: &Place, offset: usize) -> Option<Completions> {
        let text = self.text_of(&place.root.join(place.display()))?;
        let before = text.get(..offset)?;
        // After the last character that is not part of a word (of any width).
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let trigger = before[..word_start].chars().next_back();
        let (reference, locale) = self.locales(place).ok()?;
        match trigger {
            Some('$') => {
                let id = unit_around(&text, offset)?;
                Some(Completions::Variables(reference_variables(
                    &reference, &id, &place.rel,
                )))
            }
            Some('[') => {
                let plurals = l10n::plural::Plurals::of(&locale.tag)?;
                Some(Completions::Categories(
                    plurals.all.iter().map(|c| (*c).to_string()).collect(),
                ))
            }
            _ if before[..word_start].trim_end().ends_with('{')
                || before[word_start..].starts_with('-') =>
            {
                let mut ids: Vec<String> = reference
                    .files
                    .iter()
                    .flat_map(|f| f.resource().entries().filter_map(ast::Unit::of))
                    .map(|u| u.id.to_string())
                    .collect();
                ids.sort();
                ids.dedup();
                Some(Completions::Ids(ids))
            }
            _ => None,
        }
    }

    /// The variables the reference message `id` (of file `rel`) takes, and those the
    /// translation at `place` uses.
    pub fn variables(&mut self, place: &Place, id: &str) -> Option<(Vec<String>, Vec<String>)> {
        let (reference, locale) = self.locales(place).ok()?;
        let wanted = reference_variables(&reference, id, &place.rel);
        let (_, unit) = find_unit(&locale, id, Some(&place.rel))?;
        let mut used: Vec<String> = ast::collect(&unit, |node| match node {
            ast::Node::Variable(name) => Some(name.to_string()),
            _ => None,
        });
        used.sort();
        used.dedup();
        Some((wanted, used))
    }

    /// The text of reference message `id` as written (for "insert the reference text").
    pub fn reference_entry(&mut self, place: &Place, id: &str) -> Option<String> {
        let (reference, _) = self.locales(place).ok()?;
        let (file, unit) = find_unit(&reference, id, Some(&place.rel))?;
        Some(entry_text(file, &unit))
    }
}

/// The variables reference message `id` takes (with those of the messages it refers to).
fn reference_variables(reference: &Locale, id: &str, rel: &str) -> Vec<String> {
    let Some((_, unit)) = find_unit(reference, id, Some(rel)) else {
        return Vec::new();
    };
    let index = |id: ast::Id<'_>| find_unit(reference, &id.to_string(), None).map(|(_, u)| u);
    ast::argument_kinds(index, unit.id).into_keys().collect()
}

/// The id of the entry whose text holds byte `offset` of `text`: the last line before it
/// that starts an entry (`id =`, `-term =`).
fn unit_around(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before.lines().rev().find_map(|line| {
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let valid = !id.is_empty()
            && !line.starts_with([' ', '\t', '#', '.'])
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        valid.then(|| id.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Definition from `{ message.attribute }` leads to the attribute's line, from
    /// `{ -term }` to the term, from a translation's id to the reference message.
    #[test]
    fn definitions_lead_to_messages_terms_and_attributes() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        std::fs::write(
            root.join("alliance.yaml"),
            "release: r1\nreference_locale: en-US\n",
        )
        .expect("config");
        for (tag, text) in [
            (
                "en-US",
                "-brand = Spark\nmsg = Hi\n    .title = Title\nother = { msg.title } { -brand }\n",
            ),
            (
                "de",
                "-brand = Spark\nmsg = Hallo\n    .title = Titel\nother = { msg.title } { -brand }\n",
            ),
        ] {
            std::fs::create_dir_all(root.join("locales").join(tag)).expect("dir");
            std::fs::write(root.join("locales").join(tag).join("a.ftl"), text).expect("ftl");
        }
        let path = root.join("locales/de/a.ftl");
        let place = Analysis::place(&path).expect("in the workspace");
        let text = std::fs::read_to_string(&path).expect("read");
        let mut analysis = Analysis::default();
        let go = |analysis: &mut Analysis, needle: &str| {
            let offset = text.find(needle).expect("present") + 1;
            analysis.definition(&place, offset).map(|(path, at)| {
                (
                    path.ends_with("locales/de/a.ftl"),
                    path.ends_with("locales/en-US/a.ftl"),
                    at,
                )
            })
        };
        assert_eq!(go(&mut analysis, "title }"), Some((true, false, (3, 5))));
        assert_eq!(go(&mut analysis, "brand }"), Some((true, false, (1, 1))));
        assert_eq!(go(&mut analysis, "other ="), Some((false, true, (4, 1))));
    }
}
