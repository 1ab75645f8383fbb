//! Releases split over machines: `release --shard I/N` and `manifest merge`.
//!
//! [`shards`] assigns the plan's jobs to N shares, balanced by estimated size and depending
//! only on the plan. A shard writes its artifacts and a [`ShardManifest`] (the whole plan and
//! a digest of every input). [`merge`] checks that shards come from one plan, that each is
//! there once and nothing is missing or twice, then seals and publishes the whole release,
//! which equals a single `release` of the same inputs byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::archive;
use crate::bundle::{Catalog, Localizer};
use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::manifest::{
    ArtifactEntry, CHECKSUMS_FILE, PUBLIC_KEY_FILE, RELEASE_SCHEMA, ReleaseIndex, Signer,
};
use crate::release::{Job, Options, Report, catalogs, lock, publish, seal};
use crate::sign::SigningKey;
use crate::workspace::Workspace;

/// Each job's shard (0-based) of `n`: the largest jobs first, each to the least loaded
/// shard (ties to the lowest), so the shares are balanced by estimated size and the
/// assignment depends only on the plan.
pub fn shards(jobs: &[Job], n: usize) -> Vec<usize> {
    let n = n.max(1);
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| {
        jobs[b]
            .estimate
            .cmp(&jobs[a].estimate)
            .then(jobs[a].artifact.cmp(&jobs[b].artifact))
    });
    let mut load = vec![0u64; n];
    let mut assignment = vec![0; jobs.len()];
    for i in order {
        let shard = (0..n).min_by_key(|&s| (load[s], s)).unwrap_or(0);
        load[shard] += jobs[i].estimate.max(1);
        assignment[i] = shard;
    }
    assignment
}

/// The file a shard writes beside its artifacts, and its schema.
pub const SHARD_FILE: &str = "shard.yaml";
pub const SHARD_SCHEMA: &str = "alliance.shard/1";

/// `shard.yaml`: a shard's share of a release and what it was planned from.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardManifest {
    pub schema: String,
    pub release: String,
    /// This shard (1-based) and how many there are.
    pub shard: usize,
    pub of: usize,
    /// SHA-256 over every input of the release (configuration, locales, packages,
    /// templates, time stamp): shards of one release have the same.
    pub inputs: String,
    /// Every artifact of the whole plan, sorted.
    pub plan: Vec<String>,
    pub reference_locale: String,
    pub source_date_epoch: i64,
    pub signed_by: Signer,
    /// This shard's artifacts.
    pub artifacts: BTreeMap<String, ArtifactEntry>,
}

/// A digest of everything a release is built from.
pub fn inputs_digest(ws: &Workspace, epoch: i64) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let mut feed = |name: &str, data: &[u8]| {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update(archive::sha256_hex(data).as_bytes());
    };
    feed("epoch", epoch.to_string().as_bytes());
    let config = ws.root.join(crate::workspace::CONFIG_FILE);
    feed("config", &std::fs::read(&config).at("read", &config)?);
    for locale in &ws.locales {
        for file in &locale.files {
            feed(&file.display.to_string_lossy(), file.source.as_bytes());
        }
    }
    for package in &ws.packages {
        feed(
            &package.definition.to_string_lossy(),
            &std::fs::read(ws.root.join(&package.definition)).at("read", &package.definition)?,
        );
        feed(
            &package.license.to_string_lossy(),
            &std::fs::read(&package.license).at("read", &package.license)?,
        );
        for file in &package.files {
            feed(
                &format!("{}/{} {:o}", package.id, file.rel, file.mode),
                &std::fs::read(&file.path).at("read", &file.path)?,
            );
        }
    }
    for (name, source) in ws.templates.sources() {
        feed(name, source.as_bytes());
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Reads `shard.yaml` of the shard in `dir`, only once its signature by `key` names it and
/// `release`: a shard folder is input from outside, like a download.
fn read_shard(dir: &Path, release: &str, key: &SigningKey) -> Result<ShardManifest, Problem> {
    let path = dir.join(SHARD_FILE);
    let read = |p: &Path| crate::untrusted::read_capped(p, crate::verify::MAX_MANIFEST_BYTES);
    let data = read(&path).map_err(|e| Problem::new(&path, format!("cannot read: {e}")))?;
    let signature = read(&dir.join(format!("{SHARD_FILE}.minisig"))).ok();
    let check = crate::verify::check_signed_file(
        "shard",
        SHARD_FILE,
        &data,
        signature.as_deref(),
        release,
        &[key.trusted()],
    );
    if !check.ok {
        return Err(Problem::new(&path, check.detail)
            .with_help("merge shards that this key built for this release; build them again"));
    }
    let text = std::str::from_utf8(&data).map_err(|_| Problem::new(&path, "not UTF-8 text"))?;
    crate::manifest::parse(&path, text)
}

/// `alliance manifest merge`: checks that the shards are one plan, complete and disjoint,
/// each signed by this merge's key and every artifact in them verified, then writes and
/// signs the merged release into `out`.
pub fn merge(
    ws: &Workspace,
    shard_dirs: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<Report> {
    let key = SigningKey::open(&ws.root, &options.key)?;
    let mut shards = Vec::new();
    let mut unverified = Vec::new();
    for dir in shard_dirs {
        match read_shard(dir, &ws.config.release, &key) {
            Ok(shard) => shards.push((dir, shard)),
            Err(problem) => unverified.push(problem),
        }
    }
    if !unverified.is_empty() {
        return Err(Error::Unverified(unverified));
    }
    let Some((_, first)) = shards.first() else {
        return Err(Error::NoShards);
    };
    let first = first.clone();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (dir, shard) in &shards {
        let differs = |what: &str| {
            Problem::new(
                dir.join(SHARD_FILE),
                format!(
                    "this shard has another {what} than `{}`",
                    shard_dirs[0].display()
                ),
            )
            .with_help(
                "merge the shards of one run: same release, same inputs, same number of shards",
            )
        };
        if shard.release != first.release {
            problems.push(differs("release"));
        }
        if shard.inputs != first.inputs || shard.source_date_epoch != first.source_date_epoch {
            problems.push(differs("inputs digest"));
        }
        if shard.plan != first.plan || shard.of != first.of {
            problems.push(differs("plan"));
        }
        if !seen.insert(shard.shard) {
            problems.push(Problem::new(
                dir.join(SHARD_FILE),
                format!("shard {} of {} is given twice", shard.shard, shard.of),
            ));
        }
    }
    let missing: Vec<String> = (1..=first.of)
        .filter(|i| !seen.contains(i))
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::new(
            shard_dirs[0].join(SHARD_FILE),
            format!("shard {} of {} is missing", missing.join(", "), first.of),
        ));
    }
    let mut artifacts: BTreeMap<String, ArtifactEntry> = BTreeMap::new();
    let mut origin: BTreeMap<&String, &Path> = BTreeMap::new();
    for (dir, shard) in &shards {
        for (name, entry) in &shard.artifacts {
            if artifacts.contains_key(name) {
                problems.push(Problem::new(
                    dir.join(SHARD_FILE),
                    format!("`{name}` is in two shards"),
                ));
                continue;
            }
            artifacts.insert(name.clone(), entry.clone());
            origin.insert(name, dir.as_path());
        }
    }
    let absent: Vec<&String> = first
        .plan
        .iter()
        .filter(|a| !artifacts.contains_key(*a))
        .collect();
    if !absent.is_empty() {
        problems.push(Problem::new(
            shard_dirs[0].join(SHARD_FILE),
            format!(
                "the shards lack {}",
                absent
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if key.key_id != first.signed_by.key_id {
        return Err(Error::OtherKey {
            what: "the shards were".to_string(),
            signed_by: first.signed_by.key_id.clone(),
            but: format!(
                "and this merge would sign with key {}; use the same key",
                key.key_id
            ),
        });
    }
    // Nothing is signed that was not verified: every artifact of every shard, with this key.
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut unverified = Vec::new();
    for (name, entry) in &artifacts {
        let dir = origin.get(name).copied().unwrap_or(Path::new("."));
        match crate::release::reverify(dir, name, entry, &ws.config.release, &key) {
            Ok(verified) => files.extend(verified),
            Err(problem) => unverified.push(problem),
        }
    }
    if !unverified.is_empty() {
        return Err(Error::Unverified(unverified));
    }
    let catalogs = catalogs(ws, &[], &[], false)?.by_tag;
    let all: Vec<&Catalog> = catalogs.values().collect();
    let localizer =
        Arc::new(Localizer::new(&all, &ws.config.reference_locale).map_err(Error::Invalid)?);
    let templates = ws.templates.localized(Arc::clone(&localizer));
    let index = ReleaseIndex {
        schema: RELEASE_SCHEMA.to_string(),
        release: ws.config.release.clone(),
        reference_locale: ws.config.reference_locale.clone(),
        source_date_epoch: first.source_date_epoch,
        signed_by: first.signed_by.clone(),
        public_key: PUBLIC_KEY_FILE.to_string(),
        checksums: CHECKSUMS_FILE.to_string(),
        artifacts,
    };
    seal(
        ws, &templates, &localizer, &catalogs, &index, &key, &mut files,
    )?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| first.release.clone());
    let _lock = lock(&parent, &name)?;
    let published = publish(&parent, &name, &files)?;
    Ok(Report {
        dir: out.to_path_buf(),
        built: Vec::new(),
        index,
        development_key: key.development,
        key_path: key.secret_path,
        warnings: published.warnings,
        pseudo: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::ArtifactKind;

    fn job(artifact: &str, estimate: u64) -> Job {
        Job {
            artifact: artifact.to_string(),
            kind: ArtifactKind::Installer,
            package: 0,
            locale: None,
            estimate,
            pseudo: false,
        }
    }

    #[test]
    fn the_largest_jobs_go_first_each_to_the_least_loaded_share() {
        let jobs = [
            job("a.zip", 10),
            job("b.zip", 70),
            job("c.zip", 30),
            job("d.zip", 30),
            job("e.zip", 0),
        ];
        // b (70) → 0; c (30) → 1; d (30) → 1 (load 30 < 70); a (10) → 1 (60 < 70);
        // e (counts as 1) → 0 (70 = 70, the lower share).
        assert_eq!(shards(&jobs, 2), [1, 0, 1, 1, 0]);
        // The plan's order does not matter, only the jobs.
        let mut reversed = jobs.clone();
        reversed.reverse();
        let mut again = shards(&reversed, 2);
        again.reverse();
        assert_eq!(again, [1, 0, 1, 1, 0]);
        // One share takes everything; more shares than jobs leave some empty.
        assert_eq!(shards(&jobs, 1), [0; 5]);
        assert_eq!(shards(&jobs, 0), [0; 5]);
        let spread = shards(&jobs, 9);
        let mut used = spread.clone();
        used.sort();
        used.dedup();
        assert_eq!(used.len(), 5, "{spread:?}");
    }
}
