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
            conflict(path, n, line)?;
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(rel), Some(id), Some(fingerprint), None)
                    if !rel.is_empty() && !id.is_empty() =>
                {
                    each(&unescape(rel), id, fingerprint_at(path, n, fingerprint)?);
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
            out.push_str(&format!("{}\t{id}\t{fingerprint}\n", escape(rel)));
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
            conflict(path, n, line)?;
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

/// A file name as a lock writes it: `\`, tab, line ends and a leading `#` escaped with
/// `\`, so that every name reads back as written.
fn escape(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for (i, c) in rel.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '#' if i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out
}

/// The name [`escape`] wrote.
fn unescape(rel: &str) -> std::borrow::Cow<'_, str> {
    if !rel.contains('\\') {
        return std::borrow::Cow::Borrowed(rel);
    }
    let mut out = String::with_capacity(rel.len());
    let mut chars = rel.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The lines that are not comments or blank, numbered from 1 (a byte-order mark an
/// editor added is not part of the first).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// A merge conflict's marker, left in the file by git: an error that says how to resolve it.
fn conflict(path: &Path, line: usize, text: &str) -> Result<()> {
    if !["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|marker| text.starts_with(marker))
    {
        return Ok(());
    }
    let mut error = bad_line(
        path,
        line,
        "a line of the lock (this is a merge conflict's marker)",
    );
    if let Error::Invalid(problems) = &mut error {
        for problem in problems {
            problem.help = Some(
                "keep the lines of both sides (each line is one translation; where both sides changed one, keep either) and delete the markers; `alliance l10n check` then says what is stale".into(),
            );
        }
    }
    Err(error)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_name_reads_back_as_written() {
        for rel in [
            "a.ftl",
            "#x.ftl",
            "tab\there.ftl",
            "back\\slash\\n.ftl",
            "line\nend.ftl",
        ] {
            assert_eq!(unescape(&escape(rel)), rel);
            assert!(!escape(rel).contains(['\t', '\n']));
            assert!(!escape(rel).starts_with('#'));
        }
    }

    #[test]
    fn a_lock_with_odd_names_a_byte_order_mark_and_a_conflict() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("l10n.lock");
        let mut lock = Lock::default();
        for rel in ["#x.ftl", "tab\there.ftl"] {
            lock.entries
                .insert((rel.to_string(), "m".to_string()), Fingerprint(7));
        }
        lock.write(&path, "fr", "en-US").expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
        let read = Lock::read(&path).expect("reads").expect("a lock");
        assert_eq!(read.entries, lock.entries);

        std::fs::write(&path, format!("{text}<<<<<<< HEAD\n")).expect("write");
        let error = Lock::read(&path).expect_err("a conflict");
        let shown = format!("{:?}", error);
        assert!(shown.contains("merge conflict"), "{shown}");
    }
}
