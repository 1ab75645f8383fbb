//! Stale translations learnt from the git history, for messages no lock lists yet.
//!
//! The commits of `HEAD` are read oldest first along first parents (with `gix`, not by
//! running `git`); only commits that change the `locales/` tree are looked into, and only
//! files whose blob changed are parsed. For each translated message the reference text it
//! was last changed against is kept: the reference as of the commit of the translation's
//! last change (a reference change in the same commit counts as translated). A message
//! whose reference text changed in a later commit is then stale, with its old text known.
//!
//! What it does not see: a shallow clone's history is not read at all (nothing is stale);
//! a translation merged from a branch counts as made at the merge commit; a file renamed
//! (`git mv`) starts a new history.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::sync::Arc;

use super::{Accepted, Fingerprint, Reference, Source};
use crate::ast::Unit;
use crate::{LOCALES_DIR, Locale};

type Key = (String, String);
/// Per locale: what each translation was last changed against.
type Learnt = BTreeMap<String, HashMap<Key, Accepted>>;
/// Each translation's own text's fingerprint, and the reference it was last changed against.
type Translations = HashMap<Key, (Fingerprint, Option<Arc<Reference>>)>;
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// What each message of each locale of `tags` was last translated against, as the git
/// history of the repository holding the workspace `root` says; `None` when the workspace
/// is not in a repository or the history cannot be read (then nothing is stale).
pub fn learn(root: &Path, reference: &Locale, tags: &[String]) -> Option<Learnt> {
    learn_or_fail(root, reference.tag.as_str(), tags)
        .ok()
        .flatten()
}

/// The state of the reference and of each locale as the walk goes.
#[derive(Default)]
struct Walk {
    /// The reference's texts now.
    reference: HashMap<Key, Arc<Reference>>,
    /// Per locale: each translation's own text's fingerprint, and the reference it was last
    /// changed against.
    locales: BTreeMap<String, Translations>,
    /// Each blob parsed once: its units' normalized texts.
    parsed: HashMap<gix::ObjectId, Arc<Vec<(String, Reference)>>>,
}

fn learn_or_fail(root: &Path, reference: &str, tags: &[String]) -> Result<Option<Learnt>, Failure> {
    let Ok(repo) = gix::discover(root) else {
        return Ok(None);
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let root = std::fs::canonicalize(root)?;
    let workdir = std::fs::canonicalize(workdir)?;
    let Ok(prefix) = root.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let locales = prefix.join(LOCALES_DIR);
    // A shallow clone (CI's usual `fetch-depth: 1`) has part of the history: what it would
    // say depends on the depth, so it says nothing.
    if repo.is_shallow().unwrap_or(true) {
        return Ok(None);
    }
    let Ok(head) = repo.head_id() else {
        return Ok(None);
    };
    let mut commits: Vec<gix::ObjectId> = Vec::new();
    for info in head.ancestors().first_parent_only().all()? {
        commits.push(info?.id);
    }
    commits.reverse();

    let mut walk = Walk::default();
    for tag in tags {
        walk.locales.insert(tag.clone(), HashMap::default());
    }
    let mut last_tree: Option<gix::ObjectId> = None;
    let mut blobs: HashMap<String, gix::ObjectId> = HashMap::default();
    for id in commits {
        let tree = repo.find_commit(id)?.tree()?;
        let Some(entry) = tree.lookup_entry_by_path(&locales)? else {
            continue;
        };
        let tree_id = entry.object_id();
        if last_tree == Some(tree_id) || !entry.mode().is_tree() {
            continue;
        }
        last_tree = Some(tree_id);
        let mut recorder = gix::traverse::tree::Recorder::default();
        repo.find_tree(tree_id)?
            .traverse()
            .breadthfirst(&mut recorder)?;
        let now: HashMap<String, gix::ObjectId> = recorder
            .records
            .into_iter()
            .filter(|e| e.mode.is_blob() && e.filepath.ends_with(b".ftl"))
            .map(|e| (e.filepath.to_string(), e.oid))
            .collect();
        walk.step(&repo, &blobs, &now, reference)?;
        blobs = now;
    }
    Ok(Some(
        walk.locales
            .into_iter()
            .map(|(tag, entries)| {
                let accepted = entries
                    .into_iter()
                    .filter_map(|(key, (translated, against))| {
                        let against = against?;
                        Some((
                            key,
                            Accepted {
                                fingerprint: against.fingerprint,
                                text: Some(Arc::from(against.text.as_str())),
                                source: Source::History,
                                translated: Some(translated),
                            },
                        ))
                    })
                    .collect();
                (tag, accepted)
            })
            .collect(),
    ))
}

impl Walk {
    /// One commit that changed `locales/`: `before` and `now` are its `.ftl` blobs by path
    /// under `locales/` (`fr/mail/compose.ftl`).
    fn step(
        &mut self,
        repo: &gix::Repository,
        before: &HashMap<String, gix::ObjectId>,
        now: &HashMap<String, gix::ObjectId>,
        reference: &str,
    ) -> Result<(), Failure> {
        let changed = |path: &String| before.get(path) != now.get(path);
        // The reference first: a translation changed in the same commit is made against it.
        let mut reference_paths: Vec<&String> = before
            .keys()
            .chain(now.keys())
            .filter(|p| split(p).is_some_and(|(tag, _)| tag == reference) && changed(p))
            .collect();
        reference_paths.sort();
        reference_paths.dedup();
        for path in reference_paths {
            let (_, rel) = split(path).expect("filtered");
            self.reference.retain(|(r, _), _| r != rel);
            if let Some(&oid) = now.get(path) {
                for (id, text) in self.parse(repo, oid)?.iter() {
                    self.reference
                        .entry((rel.to_string(), id.clone()))
                        .or_insert_with(|| Arc::new(text.clone()));
                }
            }
        }
        let mut paths: Vec<&String> = now.keys().filter(|p| changed(p)).collect();
        paths.sort();
        for path in paths {
            let Some((tag, rel)) = split(path) else {
                continue;
            };
            if !self.locales.contains_key(tag) {
                continue;
            }
            let units = self.parse(repo, now[path])?;
            let locale = self.locales.get_mut(tag).expect("checked");
            for (id, own) in units.iter() {
                let key = (rel.to_string(), id.clone());
                let against = self.reference.get(&key).cloned();
                match locale.get_mut(&key) {
                    Some((translated, _)) if *translated == own.fingerprint => {}
                    Some(slot) => *slot = (own.fingerprint, against),
                    None => {
                        locale.insert(key, (own.fingerprint, against));
                    }
                }
            }
        }
        Ok(())
    }

    /// The messages and terms of blob `oid`, each with its normalized text.
    fn parse(
        &mut self,
        repo: &gix::Repository,
        oid: gix::ObjectId,
    ) -> Result<Arc<Vec<(String, Reference)>>, Failure> {
        if let Some(units) = self.parsed.get(&oid) {
            return Ok(Arc::clone(units));
        }
        let blob = repo.find_blob(oid)?;
        let text = String::from_utf8_lossy(&blob.data);
        let resource = match fluent_syntax::parser::parse(text.as_ref()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        let mut units: Vec<(String, Reference)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for unit in resource.body.iter().filter_map(Unit::of) {
            let id = unit.id.to_string();
            if seen.insert(id.clone()) {
                units.push((id, Reference::of(&unit)));
            }
        }
        let units = Arc::new(units);
        self.parsed.insert(oid, Arc::clone(&units));
        Ok(units)
    }
}

/// `fr/mail/compose.ftl` → (`fr`, `mail/compose.ftl`).
fn split(path: &str) -> Option<(&str, &str)> {
    path.split_once('/')
}
