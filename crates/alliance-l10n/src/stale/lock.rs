//! The two lock files: a locale's (`file<TAB>id<TAB>fingerprint`) and the reference's
//! texts (`fingerprint<TAB>id<TAB>text`). Sorted lines under a comment header: a review
//! diff shows which translations were accepted, and two branches that accept different
//! messages merge without a conflict. A line that does not read is an error naming its
//! file and line, since only alliance writes these files.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::Fingerprint;
use alliance_diagnostic::{Error, IoContext, Problem, Result};

/// The name of a locale's lock file, in its folder.
pub const LOCK_FILE: &str = "l10n.lock";

/// The name of the reference texts' file, in the reference locale's folder.
pub const TEXTS_FILE: &str = "l10n-texts.lock";

/// A locale's lock: (file, id) → the fingerprint of the reference text accepted.
#[derive(Debug, Clone, Default)]
pub struct Lock {
    /// What each translation was accepted against.
    pub entries: BTreeMap<(String, String), Fingerprint>,
}

impl Lock {
    /// The lock at `path`, or `None` when there is none.
    pub fn read(path: &Path) -> Result<Option<Lock>> {
        let mut lock = Lock::default();
        let found = Lock::read_each(path, |rel, id, fingerprint| {
            lock.entries
                .insert((rel.to_string(), id.to_string()), fingerprint);
        })?;
        Ok(found.then_some(lock))
    }

    /// Hands each line of the lock at `path` to `each` (file, id, fingerprint), in file
    /// order; `false` when there is no lock.
    pub fn read_each(path: &Path, mut each: impl FnMut(&str, &str, Fingerprint)) -> Result<bool> {
        let Some(text) = read_optional(path)? else {
            return Ok(false);
        };
        for (n, line) in lines(&text) {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(rel), Some(id), Some(fingerprint), None)
                    if !rel.is_empty() && !id.is_empty() =>
                {
                    each(rel, id, fingerprint_at(path, n, fingerprint)?);
                }
                _ => return Err(bad_line(path, n, "`file<TAB>id<TAB>fingerprint`")),
            }
        }
        Ok(true)
    }

    /// Writes the lock of `tag` (translated from `reference`) to `path`, whole or not at all.
    pub fn write(&self, path: &Path, tag: &str, reference: &str) -> Result<()> {
        let mut out = format!(
            "# The {reference} text each {tag} translation was accepted against, as a fingerprint:\n\
             # file, message id, fingerprint. Written by `alliance l10n accept` and `l10n add`;\n\
             # `alliance l10n check` reports a translation as stale when its {reference} text changes.\n"
        );
        for ((rel, id), fingerprint) in &self.entries {
            out.push_str(&format!("{rel}\t{id}\t{fingerprint}\n"));
        }
        write(path, &out)
    }
}

/// The reference texts translations were accepted against, by fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    by_fingerprint: BTreeMap<Fingerprint, (String, Arc<str>)>,
}

impl Texts {
    /// The texts at `path` (none when there is no file).
    pub fn read(path: &Path) -> Result<Texts> {
        let mut texts = Texts::default();
        let Some(text) = read_optional(path)? else {
            return Ok(texts);
        };
        for (n, line) in lines(&text) {
            let mut fields = line.splitn(3, '\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(fingerprint), Some(id), Some(text)) if !id.is_empty() => {
                    let fingerprint = fingerprint_at(path, n, fingerprint)?;
                    texts
                        .by_fingerprint
                        .insert(fingerprint, (id.to_string(), Arc::from(text)));
                }
                _ => return Err(bad_line(path, n, "`fingerprint<TAB>id<TAB>text`")),
            }
        }
        Ok(texts)
    }

    /// The text of `fingerprint`, if on record.
    pub fn get(&self, fingerprint: Fingerprint) -> Option<Arc<str>> {
        self.by_fingerprint
            .get(&fingerprint)
            .map(|(_, text)| Arc::clone(text))
    }

    /// Records `text` (normalized: one line) of message `id`.
    pub fn insert(&mut self, fingerprint: Fingerprint, id: String, text: String) {
        self.by_fingerprint
            .insert(fingerprint, (id, Arc::from(text.as_str())));
    }

    /// Keeps the texts whose fingerprint `keep` approves.
    pub fn retain(&mut self, keep: impl Fn(&Fingerprint) -> bool) {
        self.by_fingerprint.retain(|f, _| keep(f));
    }

    /// Writes the texts of reference `reference` to `path`, whole or not at all.
    pub fn write(&self, path: &Path, reference: &str) -> Result<()> {
        let mut out = format!(
            "# The {reference} texts that translations were accepted against, by fingerprint (see\n\
             # each locale's l10n.lock): what `alliance l10n check` shows beside the new text of a\n\
             # stale translation. Written by `alliance l10n accept` and `l10n add`.\n"
        );
        let mut lines: Vec<(&str, Fingerprint, &str)> = self
            .by_fingerprint
            .iter()
            .map(|(f, (id, text))| (id.as_str(), *f, &**text))
            .collect();
        lines.sort();
        for (id, fingerprint, text) in lines {
            out.push_str(&format!("{fingerprint}\t{id}\t{text}\n"));
        }
        write(path, &out)
    }
}

/// Writes a lock whole; a new one readable by all, like the Fluent files beside it (the
/// temporary file it is renamed from is private).
fn write(path: &Path, text: &str) -> Result<()> {
    let new = !path.exists();
    alliance_fs::write_whole(path, text.as_bytes())?;
    #[cfg(unix)]
    if new {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).at("write", path)?;
    }
    Ok(())
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).at("read", path),
    }
}

/// The lines that are not comments or blank, numbered from 1.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

fn fingerprint_at(path: &Path, line: usize, text: &str) -> Result<Fingerprint> {
    Fingerprint::parse(text).ok_or_else(|| bad_line(path, line, "a 16-digit hex fingerprint"))
}

fn bad_line(path: &Path, line: usize, expected: &str) -> Error {
    // Shown as `locales/<tag>/<file>`, wherever the workspace is.
    let parts: Vec<&std::ffi::OsStr> = path.iter().collect();
    let shown: std::path::PathBuf = parts[parts.len().saturating_sub(3)..].iter().collect();
    let mut problem = Problem::new(shown, format!("this line does not read as {expected}"));
    problem.position = Some((line, 1));
    Error::Invalid(vec![problem.with_help(
        "this file is written by alliance: take it back from version control (`git checkout -- FILE`), or delete it and run `alliance l10n accept LOCALE` to start the record again",
    )])
}
