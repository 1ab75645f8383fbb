//! `alliance manifest merge`: the shards of `release --shard I/N` joined into one release.
//!
//! A shard writes its artifacts and a signed [`ShardManifest`] (the whole plan and a digest
//! of every input). [`merge`] reads each shard only once its signature by the merge's key
//! names it, checks that the shards come from one plan, that each is there once and nothing
//! is missing or twice, verifies every artifact, then seals and publishes the whole release,
//! which equals a single `release` of the same inputs byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::build::{Inputs, catalogs};
use super::publish::{Files, lock, publish};
use super::record::{Freshness, reverify, seal};
use super::{Options, Report};
use crate::diagnostic::{Error, Problem, Result};
use crate::manifest::{
    ArtifactEntry, CHECKSUMS_FILE, PUBLIC_KEY_FILE, RELEASE_SCHEMA, ReleaseIndex, SHARD_FILE,
    ShardManifest,
};
use crate::sign::SigningKey;
use crate::workspace::Workspace;

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
    // The root chain the release will carry, checked before anything is read or written.
    crate::root::workspace_chain(&ws.root)?;
    let shards = read_shards(ws, shard_dirs, &key)?;
    let Some((_, first)) = shards.first() else {
        return Err(Error::NoShards);
    };
    let first = first.clone();
    let joined = join(&shards, shard_dirs, &first)?;
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
    let mut files = verified_files(ws, &joined, &key)?;
    let inputs = Inputs::of(ws, catalogs(ws, &[], &[], false)?.by_tag)?;
    let freshness = Freshness::of(ws, options)?;
    let index = ReleaseIndex {
        schema: RELEASE_SCHEMA.to_string(),
        release: ws.config.release.clone(),
        reference_locale: ws.config.reference_locale.clone(),
        source_date_epoch: first.source_date_epoch,
        sequence: freshness.sequence,
        expires: freshness.expires.map(crate::date::timestamp),
        signed_by: first.signed_by.clone(),
        public_key: PUBLIC_KEY_FILE.to_string(),
        checksums: CHECKSUMS_FILE.to_string(),
        channel: Some(crate::manifest::CHANNEL_FROM_RELEASE.to_string()),
        artifacts: joined.artifacts,
    };
    seal(ws, &inputs, &index, &key, &mut files)?;
    let (parent, name) = split_out(out, &first.release);
    let _lock = lock(&parent, &name)?;
    let mut published = publish(&parent, &name, &files)?;
    // The index names its channel beside it.
    published.warnings.extend(super::channel::write(
        &parent,
        &key,
        index.expires.as_deref(),
    )?);
    Ok(Report {
        dir: out.to_path_buf(),
        built: Vec::new(),
        cached: Vec::new(),
        index,
        development_key: key.development,
        key_path: key.secret_path,
        warnings: freshness
            .warning()
            .into_iter()
            .chain(published.warnings)
            .collect(),
        pseudo: false,
    })
}

/// The folder `out` as the output folder it is in and its name there (`release` if it has
/// none).
fn split_out(out: &Path, release: &str) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| release.to_string());
    (parent, name)
}

/// Reads the shard manifest of every folder of `shard_dirs`; any that is not signed by
/// `key` for this release refuses the merge.
fn read_shards<'d>(
    ws: &Workspace,
    shard_dirs: &'d [PathBuf],
    key: &SigningKey,
) -> Result<Vec<(&'d PathBuf, ShardManifest)>> {
    let mut shards = Vec::new();
    let mut unverified = Vec::new();
    for dir in shard_dirs {
        match read_shard(dir, &ws.config.release, key) {
            Ok(shard) => shards.push((dir, shard)),
            Err(problem) => unverified.push(problem),
        }
    }
    if unverified.is_empty() {
        Ok(shards)
    } else {
        Err(Error::Unverified(unverified))
    }
}

/// Reads `shard.yaml` of the shard in `dir`, only once its signature by `key` names it and
/// `release`: a shard folder is input from outside, like a download.
fn read_shard(dir: &Path, release: &str, key: &SigningKey) -> Result<ShardManifest, Problem> {
    let path = dir.join(SHARD_FILE);
    let read = |p: &Path| crate::untrusted::read_capped(p, crate::manifest::MAX_MANIFEST_BYTES);
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
    Ok(crate::manifest::read(&path, text)?)
}

/// The artifacts of the shards, and the folder each is in.
struct Joined<'s> {
    artifacts: BTreeMap<String, ArtifactEntry>,
    origin: BTreeMap<&'s String, &'s Path>,
}

/// Joins the artifacts of `shards`, refusing shards of other plans than the `first`'s, a
/// shard given twice or missing, an artifact in two shards or in none.
fn join<'s>(
    shards: &'s [(&PathBuf, ShardManifest)],
    shard_dirs: &[PathBuf],
    first: &ShardManifest,
) -> Result<Joined<'s>> {
    let mut problems = one_plan(shards, shard_dirs, first);
    let mut artifacts: BTreeMap<String, ArtifactEntry> = BTreeMap::new();
    let mut origin: BTreeMap<&String, &Path> = BTreeMap::new();
    for (dir, shard) in shards {
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
    let absent: Vec<String> = first
        .plan
        .iter()
        .filter(|a| !artifacts.contains_key(*a))
        .map(|a| format!("`{a}`"))
        .collect();
    if !absent.is_empty() {
        problems.push(Problem::new(
            shard_dirs[0].join(SHARD_FILE),
            format!("the shards lack {}", absent.join(", ")),
        ));
    }
    if problems.is_empty() {
        Ok(Joined { artifacts, origin })
    } else {
        Err(Error::Invalid(problems))
    }
}

/// What makes `shards` other than shares of the `first`'s plan, each once and all there.
fn one_plan(
    shards: &[(&PathBuf, ShardManifest)],
    shard_dirs: &[PathBuf],
    first: &ShardManifest,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (dir, shard) in shards {
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
    problems
}

/// The files of every joined artifact, each verified with `key`: nothing is signed that
/// was not verified.
fn verified_files(ws: &Workspace, joined: &Joined<'_>, key: &SigningKey) -> Result<Files> {
    let mut files = Files::new();
    let mut unverified = Vec::new();
    for (name, entry) in &joined.artifacts {
        let dir = joined.origin.get(name).copied().unwrap_or(Path::new("."));
        match reverify(dir, name, entry, &ws.config.release, key) {
            Ok(verified) => files.extend(verified),
            Err(problem) => unverified.push(problem),
        }
    }
    if unverified.is_empty() {
        Ok(files)
    } else {
        Err(Error::Unverified(unverified))
    }
}
