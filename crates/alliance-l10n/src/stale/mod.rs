//! Stale translations: a translation whose reference text changed since it was made.
//!
//! Each translated message is tied to the reference text it translates by a
//! [`Fingerprint`] of that text, normalized ([`Reference::of`]: value and attributes as
//! the Fluent serializer writes them, runs of whitespace as one space, comments left out),
//! so that re-indenting or commenting the reference changes nothing.
//!
//! Where the record lives: `locales/<tag>/l10n.lock` per locale, one line per accepted
//! message (`file<TAB>id<TAB>fingerprint`, sorted: diffs and merges touch only the lines
//! of the messages that changed), and `locales/<reference>/l10n-texts.lock`, the reference texts
//! those fingerprints stand for (`fingerprint<TAB>id<TAB>text`), so that a finding can show
//! the old text beside the new. Only alliance commands write them: `l10n add` and
//! `l10n accept` ([`accept`]).
//!
//! A locale without a lock is judged by the git history of the workspace when there is one
//! ([`history`]): a translation is stale when its reference text changed in a commit after
//! the translation's last change. Without either, nothing is stale.

pub mod history;
mod lock;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::sync::Arc;

use fluent_syntax::ast::{Entry, Identifier, Message, Resource};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::ast::Unit;
use super::{LOCALES_DIR, Locale};
use alliance_diagnostic::Result;

pub use lock::{LOCK_FILE, Lock, TEXTS_FILE, Texts};

/// The first 64 bits of the SHA-256 of a normalized reference text, written as 16 hex
/// digits: enough to tell the texts of one message apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// The fingerprint of normalized text `text`.
    pub fn of(text: &str) -> Fingerprint {
        let digest = Sha256::digest(text.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Fingerprint(u64::from_be_bytes(first))
    }

    /// Parses 16 hex digits.
    pub fn parse(text: &str) -> Option<Fingerprint> {
        (text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u64::from_str_radix(text, 16).ok().map(Fingerprint))
            .flatten()
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A reference message's text as a translation is tied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The fingerprint of `text`.
    pub fingerprint: Fingerprint,
    /// Value and attributes as Fluent writes them, on one line, whitespace runs as one
    /// space (`Sign-in failed .title = Sign in`).
    pub text: String,
}

impl Reference {
    /// The normalized text of a message or term and its fingerprint.
    pub fn of(unit: &Unit<'_, '_>) -> Reference {
        let message = Message {
            id: Identifier { name: "m" },
            value: unit.value.cloned(),
            attributes: unit.attributes.to_vec(),
            comment: None,
        };
        let resource = Resource {
            body: vec![Entry::Message(message)],
        };
        let written = fluent_syntax::serializer::serialize(&resource);
        let body = written.strip_prefix("m =").unwrap_or(&written);
        let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
        Reference {
            fingerprint: Fingerprint::of(&text),
            text,
        }
    }
}

/// Where a translation's accepted reference text was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The locale's `l10n.lock`.
    Lock,
    /// The git history: the reference text as of the translation's last commit.
    History,
}

/// The reference text one translation was accepted against.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Its fingerprint.
    pub fingerprint: Fingerprint,
    /// Its text, where it is on record.
    pub text: Option<Arc<str>>,
    /// Where it was learnt.
    pub source: Source,
    /// From the history: the fingerprint of the translation's own text as last committed.
    /// A translation edited since (in the working tree) counts as made against the
    /// reference text of now.
    pub translated: Option<Fingerprint>,
}

impl Accepted {
    /// Whether a translation whose own text has fingerprint `own` is stale, its reference
    /// text having fingerprint `now`: the one rule of `l10n check` and `l10n accept`.
    pub fn is_stale(&self, own: Fingerprint, now: Fingerprint) -> bool {
        // Learnt from the history, and edited since its last commit: made against today's text.
        let edited_since = self.translated.is_some_and(|committed| committed != own);
        self.fingerprint != now && !edited_since
    }
}

/// What one locale's translations were accepted against: by (file relative to the locale
/// folder, message or term id).
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// By file, then by id: looked up without building a key.
    entries: HashMap<String, HashMap<String, Accepted>>,
    /// Whether the locale has a lock file.
    pub locked: bool,
}

impl Record {
    /// What the translation of `id` in file `rel` was accepted against, if anything is
    /// on record.
    pub fn accepted(&self, rel: &str, id: &str) -> Option<&Accepted> {
        self.entries.get(rel)?.get(id)
    }

    /// How many translations are on record.
    pub fn len(&self) -> usize {
        self.entries.values().map(HashMap::len).sum()
    }

    /// Whether nothing is on record.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the records of file `rel`; a line written twice counts once, the first.
    fn merge(&mut self, rel: String, entries: HashMap<String, Accepted>) {
        let file = self.entries.entry(rel).or_default();
        for (id, accepted) in entries {
            file.entry(id).or_insert(accepted);
        }
    }

    /// Records `accepted` for `id` of file `rel`, unless something is on record already.
    fn insert_new(&mut self, rel: String, id: String, accepted: Accepted) {
        self.entries
            .entry(rel)
            .or_default()
            .entry(id)
            .or_insert(accepted);
    }
}

/// The records of locales `tags` of the workspace at `root` (`reference` is the reference
/// locale): each lock, and for what the locks do not list, the git history when the
/// workspace is in a repository.
pub fn records(
    root: &Path,
    reference: &Locale,
    tags: &[String],
) -> Result<BTreeMap<String, Record>> {
    let texts = Texts::read(&texts_path(root, reference.tag.as_str()))?;
    // Each locale's lock read on its own thread: thousands of lines each.
    let locked: Vec<(String, Option<Record>)> = tags
        .par_iter()
        .filter(|t| **t != reference.tag)
        .map(|tag| {
            let mut record = Record {
                locked: true,
                ..Record::default()
            };
            // A lock lists a file's messages together: its map is looked up once per file.
            let mut file: Option<(String, HashMap<String, Accepted>)> = None;
            let found = Lock::read_each(&lock_path(root, tag), |rel, id, fingerprint| {
                if file.as_ref().is_none_or(|(r, _)| r != rel) {
                    if let Some((r, entries)) = file.take() {
                        record.merge(r, entries);
                    }
                    file = Some((rel.to_string(), HashMap::default()));
                }
                let accepted = Accepted {
                    fingerprint,
                    text: texts.get(fingerprint),
                    source: Source::Lock,
                    translated: None,
                };
                if let Some((_, entries)) = &mut file {
                    entries.entry(id.to_string()).or_insert(accepted);
                }
            })?;
            if let Some((r, entries)) = file.take() {
                record.merge(r, entries);
            }
            Ok((tag.clone(), found.then_some(record)))
        })
        .collect::<Result<_>>()?;
    let unlocked: Vec<String> = locked
        .iter()
        .filter(|(_, r)| r.is_none())
        .map(|(t, _)| t.clone())
        .collect();
    let mut records: BTreeMap<String, Record> = locked
        .into_iter()
        .map(|(tag, record)| (tag, record.unwrap_or_default()))
        .collect();
    if !unlocked.is_empty()
        && let Some(learnt) = history::learn(root, reference, &unlocked)
    {
        for (tag, entries) in learnt {
            let Some(record) = records.get_mut(&tag) else {
                continue;
            };
            for ((rel, id), accepted) in entries {
                record.insert_new(rel, id, accepted);
            }
        }
    }
    Ok(records)
}

/// `locales/<tag>/l10n.lock` under `root`.
pub fn lock_path(root: &Path, tag: &str) -> std::path::PathBuf {
    root.join(LOCALES_DIR).join(tag).join(LOCK_FILE)
}

/// `locales/<reference>/l10n-texts.lock` under `root`.
pub fn texts_path(root: &Path, reference: &str) -> std::path::PathBuf {
    root.join(LOCALES_DIR).join(reference).join(TEXTS_FILE)
}

/// Every message and term of `locale` with its normalized text: (file, id) → reference.
pub fn references(locale: &Locale) -> BTreeMap<(String, String), Reference> {
    let mut all = BTreeMap::new();
    for file in &locale.files {
        for unit in file.resource().entries().filter_map(Unit::of) {
            all.entry((file.rel.clone(), unit.id.to_string()))
                .or_insert_with(|| Reference::of(&unit));
        }
    }
    all
}

/// What [`accept`] did.
#[derive(Debug, Default)]
pub struct Accepting {
    /// Translations now recorded as current that were stale.
    pub refreshed: Vec<String>,
    /// Translations still stale (not named, without `all`).
    pub still_stale: Vec<String>,
    /// Translations on record in all.
    pub recorded: usize,
}

/// Records the translations of `locale` as accepted: those named in `ids` against the
/// current reference text; without `ids`, every translation that is not stale (the stale
/// ones keep the text they were accepted against), or with `all`, every one. Writes the
/// locale's lock and the reference texts it refers to; `record` is the locale's record as
/// [`records`] found it. An id that is not a translation of both is an error naming it.
pub fn accept(
    root: &Path,
    reference: &Locale,
    locale: &Locale,
    record: &Record,
    ids: &[String],
    all: bool,
) -> Result<Accepting> {
    let current = references(reference);
    let translated: BTreeMap<(String, String), Reference> = references(locale)
        .into_iter()
        .filter(|(key, _)| current.contains_key(key))
        .collect();
    for id in ids {
        if !translated.keys().any(|(_, i)| i == id) {
            let known: Vec<String> = translated.keys().map(|(_, i)| i.clone()).collect();
            let hint = alliance_diagnostic::suggest::did_you_mean(id, &known)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            let tag = locale.tag.as_str();
            return Err(alliance_diagnostic::Error::Invalid(vec![
                alliance_diagnostic::Problem::new(
                    Path::new(LOCALES_DIR).join(tag),
                    format!(
                        "`{id}` is not a translated message of {tag} that {} has{hint}",
                        reference.tag
                    ),
                )
                .with_help(format!(
                    "`alliance l10n check {tag} --code stale` lists the stale translations"
                )),
            ]));
        }
    }
    // What the lock says stays, but for messages the reference no longer has: a
    // translation that does not read today (a syntax error being fixed) keeps its record.
    let mut lock = Lock::read(&lock_path(root, locale.tag.as_str()))?.unwrap_or_default();
    lock.entries.retain(|key, _| current.contains_key(key));
    let mut done = Accepting::default();
    let mut texts: Vec<(Fingerprint, String, String)> = Vec::new();
    for ((rel, id), own) in &translated {
        let now = &current[&(rel.clone(), id.clone())];
        let named = ids.iter().any(|i| i == id);
        let before = record.accepted(rel, id);
        let stale = before.is_some_and(|b| b.is_stale(own.fingerprint, now.fingerprint));
        let (fingerprint, text) = if named || all || !stale {
            if stale {
                done.refreshed.push(id.clone());
            }
            (now.fingerprint, Some(now.text.clone()))
        } else {
            done.still_stale.push(id.clone());
            let before = before.expect("stale has a record");
            (
                before.fingerprint,
                before.text.as_deref().map(str::to_string),
            )
        };
        if let Some(text) = text {
            texts.push((fingerprint, id.clone(), text));
        }
        lock.entries.insert((rel.clone(), id.clone()), fingerprint);
    }
    done.recorded = lock.entries.len();
    save(root, reference, locale.tag.as_str(), &lock, texts)?;
    Ok(done)
}

/// The record of a new locale whose files `l10n add` made from `reference` as it is now:
/// its lock, and the reference texts the lock refers to (for [`add_texts`]).
pub fn record_new(reference: &Locale) -> (Lock, Vec<(Fingerprint, String, String)>) {
    let mut lock = Lock::default();
    let mut texts = Vec::new();
    for ((rel, id), now) in references(reference) {
        texts.push((now.fingerprint, id.clone(), now.text));
        lock.entries.insert((rel, id), now.fingerprint);
    }
    (lock, texts)
}

/// Writes the lock of locale `tag` and adds `texts` (what it refers to) to the reference's
/// texts, which keep only what some lock refers to. The texts first: a lock is never
/// written without them.
pub fn save(
    root: &Path,
    reference: &Locale,
    tag: &str,
    lock: &Lock,
    texts: Vec<(Fingerprint, String, String)>,
) -> Result<()> {
    let mut kept = std::collections::HashSet::new();
    for other in super::locale_folders(&root.join(LOCALES_DIR))? {
        if other != tag
            && other != reference.tag
            && let Some(lock) = Lock::read(&lock_path(root, &other))?
        {
            kept.extend(lock.entries.into_values());
        }
    }
    kept.extend(lock.entries.values().copied());
    let path = texts_path(root, reference.tag.as_str());
    let mut store = Texts::read(&path)?;
    for (fingerprint, id, text) in texts {
        store.insert(fingerprint, id, text);
    }
    store.retain(|fingerprint| kept.contains(fingerprint));
    store.write(&path, reference.tag.as_str())?;
    lock.write(&lock_path(root, tag), tag, reference.tag.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(source: &str) -> Reference {
        let resource = fluent_syntax::parser::parse(source).expect("parses");
        let unit = resource.body.iter().find_map(Unit::of).expect("a message");
        Reference::of(&unit)
    }

    #[test]
    fn whitespace_and_comments_do_not_change_a_fingerprint_but_words_do() {
        let base = reference("login = Sign in {$user}\n    .title = Sign  in\n");
        let same = reference(
            "# A comment.\nlogin =\n    Sign in\n    { $user }\n    .title =   Sign in\n",
        );
        assert_eq!(base, same);
        assert_eq!(base.text, "Sign in { $user } .title = Sign in");
        let other = reference("login = Sign in { $name }\n    .title = Sign in\n");
        assert_ne!(base.fingerprint, other.fingerprint);
        let attribute = reference("login = Sign in { $user }\n    .title = Log in\n");
        assert_ne!(base.fingerprint, attribute.fingerprint);
    }

    #[test]
    fn a_fingerprint_reads_back_as_written() {
        let f = Fingerprint::of("Sign in");
        assert_eq!(Fingerprint::parse(&f.to_string()), Some(f));
        assert_eq!(Fingerprint::parse("xyz"), None);
        assert_eq!(Fingerprint::parse("0123456789abcdeg"), None);
    }
}
