//! A release of many signers, under the alliance's root of trust (`root/` of the
//! workspace): a run's key builds and signs only the packages its delegation covers, and
//! leaves the others to their vendors ([`leave_to_vendors`]); each vendor builds and signs
//! its own in its own workspace, and the alliance takes their artifacts into its release
//! (`release --contribution DIR`), each verified against its package's delegation before
//! the alliance's index key signs the index that lists it ([`contributions`]). The alliance
//! never holds a vendor's secret key, and a vendor never holds the alliance's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::plan::Plan;
use super::publish::Files;
use crate::diagnostic::{Error, Problem, Result};
use crate::manifest::ArtifactEntry;
use crate::root::Accepted;
use crate::sign::SigningKey;
use crate::workspace::Workspace;

/// The artifacts taken from the vendors' contributions, verified.
#[derive(Default)]
pub(super) struct Contributed {
    /// Their index entries, as their signed manifests describe them.
    pub entries: BTreeMap<String, ArtifactEntry>,
    /// Their four files each, as they were verified.
    pub files: Files,
    /// What the release folder held of the vendors' and is not kept, and why.
    pub warnings: Vec<String>,
    /// Whether the workspace has a root of trust: then these replace what a partial run
    /// would keep with its own key.
    pub under_root: bool,
}

impl Contributed {
    /// What this run (signing with key `key_id`) left to the vendors (`left`), each with
    /// whether it goes out as its vendor signed it or not at all.
    pub fn left_warning(&self, left: &[(String, String)], key_id: &str) -> Option<String> {
        if left.is_empty() {
            return None;
        }
        let listed: Vec<String> = left
            .iter()
            .map(|(artifact, vendor)| {
                if self.entries.contains_key(artifact) {
                    format!("{artifact} ({vendor}: as its vendor signed it)")
                } else {
                    format!("{artifact} ({vendor}: not in this release, no contribution holds it)")
                }
            })
            .collect();
        Some(format!(
            "key {key_id} is not delegated for these, left to their vendors (each signs its own; `release --contribution DIR` takes them in): {}",
            listed.join(", ")
        ))
    }
}

/// Under the workspace's root of trust (`root`), takes out of `plan` the artifacts of
/// packages whose delegation `key` is not in (into `plan.left`), and says so; refuses a
/// key the root gives no role. A key of no `index` role signs a contribution, not a
/// release: said too.
pub(super) fn leave_to_vendors(
    ws: &Workspace,
    plan: &mut Plan<'_>,
    root: Option<&Accepted>,
    key: &SigningKey,
) -> Result<Vec<String>> {
    let Some(accepted) = root else {
        return Ok(Vec::new());
    };
    let r = &accepted.root;
    let index_key = r.index.keys.contains(&key.key_id);
    if !index_key && !r.vendors.iter().any(|d| d.keys.contains(&key.key_id)) {
        return Err(Error::Invalid(vec![
            Problem::new(
                ws.root.join(crate::root::ROOT_DIR),
                format!(
                    "key {} has no role in root version {}: it may sign neither the index nor any package",
                    key.key_id, r.version
                ),
            )
            .with_help("sign with a key the root lists (`alliance root show`), or make a root that lists this one (`alliance root init`)"),
        ]));
    }
    let left = &mut plan.left;
    plan.jobs.retain(|job| {
        let package = &ws.packages[job.package].id;
        if job.pseudo || r.delegates(package, &key.key_id) {
            return true;
        }
        let vendor = r
            .delegation_for(package)
            .map_or_else(|| "no vendor".to_string(), |d| d.name.clone());
        left.push((job.artifact.clone(), vendor));
        false
    });
    let mut warnings = Vec::new();
    if plan.jobs.is_empty() {
        return Err(Error::Invalid(vec![
            Problem::new(
                ws.root.join(crate::root::ROOT_DIR),
                format!(
                    "key {} is delegated for none of the selected packages in root version {}",
                    key.key_id, r.version
                ),
            )
            .with_help("select the packages of this key's vendor (`alliance package ID`)"),
        ]));
    }
    if !index_key {
        warnings.push(format!(
            "key {} is no `index` key of root version {}: this folder is a vendor's contribution, for the alliance to take in with `alliance release --contribution DIR`; clients accept no index it signs",
            key.key_id, r.version
        ));
    }
    Ok(warnings)
}

/// The artifacts of the vendors' release folders `dirs`, each verified as `alliance
/// verify` does under the workspace's root of trust (`root`: signed by its package's
/// delegation, its manifest too, every entry checked) and of `release`; refused when one
/// does not verify, is contributed twice, or is one this run builds.
pub(super) fn contributions(
    dirs: &[PathBuf],
    release: &str,
    root: Option<&Accepted>,
    plan: &Plan<'_>,
    existing: &Path,
) -> Result<Contributed> {
    let mut contributed = explicit(dirs, release, root, plan)?;
    let Some(accepted) = root else {
        return Ok(contributed);
    };
    contributed.under_root = true;
    // What the release folder already holds that this run does not build: a partial run
    // keeps all of it, a whole release what it left to the vendors (signed into it by
    // `alliance package ID --secret-key VENDOR.key`); each verified under the root.
    if !existing.join(crate::manifest::RELEASE_FILE).is_file() {
        return Ok(contributed);
    }
    let left: BTreeSet<&str> = plan.left.iter().map(|(a, _)| a.as_str()).collect();
    let keep = |name: &str| plan.selection.partial() || left.contains(name);
    let built: BTreeSet<&str> = plan.jobs.iter().map(|j| j.artifact.as_str()).collect();
    let options = options_under(accepted);
    let mut problems = Vec::new();
    for name in zips_in(existing, &mut problems) {
        if built.contains(name.as_str()) || contributed.entries.contains_key(&name) || !keep(&name)
        {
            continue;
        }
        match super::record::verified(existing, &name, release, &options) {
            Ok((files, entry)) => {
                contributed.files.extend(files);
                contributed.entries.insert(name, entry);
            }
            // A partial run keeps the whole folder or nothing; a whole release goes out
            // without what no longer verifies.
            Err(problem) if !plan.selection.partial() => contributed.warnings.push(format!(
                "`{name}`, left to its vendor, is not kept from the last release: {}",
                problem.message
            )),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(contributed)
    } else {
        Err(Error::Unverified(problems))
    }
}

/// The options of `alliance verify` under the root `accepted`.
fn options_under(accepted: &Accepted) -> crate::verify::Options {
    crate::verify::Options {
        keys: accepted.all_keys(),
        root: Some(Arc::new(accepted.clone())),
        ..Default::default()
    }
}

/// The artifacts of folder `dir` ([`crate::verify::artifact_names`]); a folder that does
/// not read is a problem.
fn zips_in(dir: &Path, problems: &mut Vec<Problem>) -> Vec<String> {
    crate::verify::artifact_names(dir).unwrap_or_else(|e| {
        problems.push(Problem::new(dir, format!("cannot read the folder: {e}")));
        Vec::new()
    })
}

/// The artifacts of the contributions `dirs` (`--contribution`), verified.
fn explicit(
    dirs: &[PathBuf],
    release: &str,
    root: Option<&Accepted>,
    plan: &Plan<'_>,
) -> Result<Contributed> {
    if dirs.is_empty() {
        return Ok(Contributed::default());
    }
    let Some(accepted) = root else {
        return Err(Error::Invalid(vec![
            Problem::new(
                &dirs[0],
                "a contribution is taken in only under a root of trust, which decides who signs each package",
            )
            .with_help("declare `trust:` in alliance.yaml and have the founders sign `root/1.yaml` (`alliance root init`, `alliance root sign`)"),
        ]));
    };
    let options = options_under(accepted);
    let built: BTreeSet<&str> = plan.jobs.iter().map(|j| j.artifact.as_str()).collect();
    let mut contributed = Contributed::default();
    let mut problems = Vec::new();
    for dir in dirs {
        let names = zips_in(dir, &mut problems);
        if names.is_empty() {
            problems.push(Problem::new(dir, "the contribution holds no artifact"));
        }
        for name in names {
            if built.contains(name.as_str()) {
                problems.push(Problem::new(
                    dir.join(&name),
                    format!("`{name}` is built by this run, and contributed too"),
                ));
                continue;
            }
            if contributed.entries.contains_key(&name) {
                problems.push(Problem::new(
                    dir.join(&name),
                    format!("`{name}` is contributed twice"),
                ));
                continue;
            }
            match super::record::verified(dir, &name, release, &options) {
                Ok((files, entry)) => {
                    contributed.files.extend(files);
                    contributed.entries.insert(name, entry);
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    if problems.is_empty() {
        Ok(contributed)
    } else {
        Err(Error::Unverified(problems))
    }
}
