//! `alliance mirror URL DIR`: copies a release folder from a mirror into a local folder to
//! serve it again, keeping only what verifies against the signed index.
//!
//! Every artifact (with its signature, manifest and the manifest's signature) is fetched
//! into a temporary folder inside `DIR`, capped and hashed as [`Mirror::download`] does,
//! verified as `alliance verify` does, and only then renamed into `DIR`. An artifact `DIR`
//! already holds that verifies is not fetched again, so an interrupted copy resumes.
//! `SHA256SUMS` is kept only when it lists exactly the index's artifacts and is signed; the
//! public key only when it is the pinned key that signed the index; the download page,
//! which nothing signs, is not copied. The index comes last, and an index older (by
//! sequence) than the one `DIR` holds is refused; the highest sequence `DIR` ever held is
//! also recorded beside it ([`FLOOR_FILE`]), so that a damaged index does not lower the
//! floor. Once the index is in place, the artifacts of an earlier release that it does not
//! list are removed. The copy is then verified as a whole.
//!
//! `DIR` is locked for the whole command, as a prefix is; the temporary folders of runs
//! that were killed are removed first.

use std::path::{Path, PathBuf};

use super::{Mirror, SignedIndex};
use crate::diagnostic::{Error, IoContext, Result};
use crate::manifest::{CHECKSUMS_FILE, RELEASE_FILE};
use crate::sign::TrustedKey;
use crate::verify::{self, ArtifactFiles, MAX_SIGNATURE_BYTES, Verification};

/// The largest public key file fetched.
const MAX_KEY_BYTES: u64 = 4 << 10;

/// The record, in a mirror folder, of the highest index sequence it has held.
pub const FLOOR_FILE: &str = ".alliance-mirror.yaml";
/// The `schema` of [`FLOOR_FILE`].
const FLOOR_SCHEMA: &str = "alliance.mirror/1";
/// The prefix of the temporary folder of a run.
const SPOOL_PREFIX: &str = ".alliance-mirror-";

/// [`FLOOR_FILE`]: the highest sequence of an index a mirror folder has held.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    /// Always [`FLOOR_SCHEMA`].
    schema: String,
    /// The release of that index.
    release: String,
    /// Its sequence: no index below it is accepted into the folder.
    sequence: u64,
}

/// What [`mirror`] copied.
#[derive(Debug)]
pub struct Mirrored {
    /// The local folder.
    pub dir: PathBuf,
    /// The index trusted.
    pub index: SignedIndex,
    /// Artifacts fetched by this run.
    pub fetched: Vec<String>,
    /// Artifacts the folder held already, verified.
    pub present: Vec<String>,
    /// Files of the release folder not copied, and why.
    pub skipped: Vec<(String, String)>,
    /// Artifacts of an earlier release the folder held, removed.
    pub removed: Vec<String>,
    /// The verification of the whole copy, as `alliance verify DIR` does it.
    pub verified: Vec<Verification>,
}

impl Mirrored {
    /// Whether the copy verifies as a whole.
    pub fn ok(&self) -> bool {
        self.verified.iter().all(|v| v.ok)
    }
}

/// Copies the release folder of `source` into `dir` (made if missing).
pub fn mirror(source: &Mirror, dir: &Path) -> Result<Mirrored> {
    let existed = dir.exists();
    std::fs::create_dir_all(dir).at("create", dir)?;
    let result = mirror_locked(source, dir);
    if result.is_err() && !existed {
        let _ = std::fs::remove_dir(dir);
    }
    result
}

/// [`mirror`] into the folder `dir`, which exists.
fn mirror_locked(source: &Mirror, dir: &Path) -> Result<Mirrored> {
    let _lock = crate::install::lock_folder(dir)?;
    remove_dead_spools(dir);
    let seen = floor(source, dir)?;
    let signed = source.index(seen)?;
    let spool = tempfile::Builder::new()
        .prefix(SPOOL_PREFIX)
        .tempdir_in(dir)
        .at("create a temporary folder in", dir)?;
    let mut fetched = Vec::new();
    let mut present = Vec::new();
    for (name, entry) in &signed.index.artifacts {
        if held(dir, name)
            && source
                .verify(dir, name, &signed, verify::Known::default())
                .ok
        {
            present.push(name.clone());
            continue;
        }
        let known = source.download(name, entry, &signed, spool.path())?;
        let verification = source.verify(spool.path(), name, &signed, known);
        if !verification.ok {
            return Err(Error::Mirror {
                url: source.url(name),
                why: format!(
                    "does not verify ({}); it was not kept",
                    verification.failures()
                ),
            });
        }
        let files = ArtifactFiles::of(name).ok_or_else(|| Error::Mirror {
            url: source.url(name),
            why: "not an artifact name".to_string(),
        })?;
        for file in [
            name.as_str(),
            &files.signature,
            &files.manifest,
            &files.manifest_signature,
        ] {
            keep(spool.path(), dir, file)?;
        }
        // Its co-signatures, where the root of trust asks more than one signature.
        for file in [name.as_str(), &files.manifest] {
            for (cosignature, _) in crate::cosign::beside(spool.path(), file) {
                keep(spool.path(), dir, &cosignature)?;
            }
        }
        fetched.push(name.clone());
    }
    let mut skipped = vec![(
        "index.html".to_string(),
        "the download page is not signed".to_string(),
    )];
    skipped.extend(copy_checksums(source, &signed, spool.path(), dir)?);
    skipped.extend(copy_public_key(source, &signed, spool.path(), dir)?);
    copy_root_chain(source, spool.path(), dir)?;
    for (name, data) in &signed.cosignatures {
        write(spool.path(), name, data)?;
        keep(spool.path(), dir, name)?;
    }
    // The index last: a folder holding it holds everything it lists.
    let signature_name = format!("{RELEASE_FILE}.minisig");
    write(spool.path(), &signature_name, &signed.signature)?;
    keep(spool.path(), dir, &signature_name)?;
    write(spool.path(), RELEASE_FILE, &signed.data)?;
    keep(spool.path(), dir, RELEASE_FILE)?;
    record_floor(dir, &signed)?;
    let removed = remove_unlisted(dir, &signed)?;
    drop(spool);
    let verified = verify::verify_release(dir, &source.verify_options(dir));
    Ok(Mirrored {
        dir: dir.to_path_buf(),
        index: signed,
        fetched,
        present,
        skipped,
        removed,
        verified,
    })
}

/// Removes the temporary folders (and files) of `mirror` runs that were killed (the folder
/// is locked: no live run has one).
fn remove_dead_spools(dir: &Path) {
    // A one-step write of the floor record that was cut short.
    crate::fs::remove_cut_writes(dir);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        match entry.file_type() {
            Ok(t) if t.is_dir() && name.starts_with(SPOOL_PREFIX) => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            _ => {}
        }
    }
}

/// The lowest sequence an index copied into `dir` may have: the highest of the one the
/// folder's index has (if a pinned key signed it) and the one recorded in [`FLOOR_FILE`].
/// Refused when the folder holds an index that does not verify and no record: the floor
/// is then unknown.
fn floor(source: &Mirror, dir: &Path) -> Result<Option<u64>> {
    let recorded = read_floor(dir);
    let held = if dir.join(RELEASE_FILE).exists() {
        match verify::load_index(dir, &source.index_keys().unwrap_or_default()) {
            Ok((index, status)) if status.ok => Some(index.sequence),
            _ if recorded.is_some() => None,
            _ => {
                return Err(Error::Mirror {
                    url: dir.display().to_string(),
                    why: format!(
                        "the folder's `{RELEASE_FILE}` does not verify with a pinned key, and it holds no \
                         record of the sequence it had (`{FLOOR_FILE}`): an older release could be copied \
                         over a newer one unnoticed. Mirror into an empty folder, or move `{RELEASE_FILE}` \
                         away if you know it held nothing newer"
                    ),
                });
            }
        }
    } else {
        None
    };
    Ok(recorded.max(held))
}

/// The sequence [`FLOOR_FILE`] of `dir` records, if it has a readable one.
fn read_floor(dir: &Path) -> Option<u64> {
    let path = dir.join(FLOOR_FILE);
    let data = crate::untrusted::read_capped(&path, 4 << 10).ok()?;
    let text = String::from_utf8(data).ok()?;
    let floor: Floor = crate::yaml::parse(&path, &std::sync::Arc::from(text)).ok()?;
    (floor.schema == FLOOR_SCHEMA).then_some(floor.sequence)
}

/// Records the sequence of the index now in `dir`, if it is the highest it has held.
fn record_floor(dir: &Path, signed: &SignedIndex) -> Result<()> {
    if read_floor(dir).is_some_and(|s| s >= signed.index.sequence) {
        return Ok(());
    }
    let floor = Floor {
        schema: FLOOR_SCHEMA.to_string(),
        release: signed.index.release.clone(),
        sequence: signed.index.sequence,
    };
    crate::yaml::write(&dir.join(FLOOR_FILE), &floor)
}

/// Removes from `dir` the artifacts (with their signatures and manifests) of an earlier
/// release that the index now there does not list; returns their names.
fn remove_unlisted(dir: &Path, signed: &SignedIndex) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir).at("read", dir)? {
        let entry = entry.at("read", dir)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".zip") || lower.ends_with(".deb"))
            || signed.index.artifacts.contains_key(&name)
        {
            continue;
        }
        let Some(files) = ArtifactFiles::of(&name) else {
            continue;
        };
        for file in [
            name.as_str(),
            &files.signature,
            &files.manifest,
            &files.manifest_signature,
        ] {
            let path = dir.join(file);
            let listed = signed.index.artifacts.values().any(|e| {
                e.signature == *file
                    || e.manifest == *file
                    || format!("{}.minisig", e.manifest) == *file
            });
            if !listed && std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(&path).at("remove", &path)?;
            }
        }
        removed.push(name);
    }
    removed.sort();
    Ok(removed)
}

/// Whether `dir` holds the artifact `name` and its three files as files of its own: a
/// symbolic link (to a file elsewhere, which may change) is fetched again and replaced.
fn held(dir: &Path, name: &str) -> bool {
    let Some(files) = ArtifactFiles::of(name) else {
        return false;
    };
    [
        name,
        &files.signature,
        &files.manifest,
        &files.manifest_signature,
    ]
    .iter()
    .all(|file| std::fs::symlink_metadata(dir.join(file)).is_ok_and(|m| m.file_type().is_file()))
}

/// Fetches `SHA256SUMS` and its signature; keeps them when they list exactly the index's
/// artifacts and a pinned key signed them. Returns what was skipped, and why.
fn copy_checksums(
    source: &Mirror,
    signed: &SignedIndex,
    spool: &Path,
    dir: &Path,
) -> Result<Vec<(String, String)>> {
    let signature_name = format!("{CHECKSUMS_FILE}.minisig");
    // Its exact contents follow from the index: nothing longer is fetched.
    let cap = verify::checksums(&signed.index).len() as u64;
    source.client.file(
        &source.url(CHECKSUMS_FILE),
        super::http::Size::Signed(cap),
        &spool.join(CHECKSUMS_FILE),
    )?;
    source.client.file(
        &source.url(&signature_name),
        super::http::Size::AtMost(MAX_SIGNATURE_BYTES),
        &spool.join(&signature_name),
    )?;
    let keys = source.index_keys().map_err(|why| Error::Mirror {
        url: source.url(CHECKSUMS_FILE),
        why,
    })?;
    let check = verify::checksums_check(spool, &signed.index, &keys);
    if !check.ok {
        return Err(Error::Mirror {
            url: source.url(CHECKSUMS_FILE),
            why: format!("{}; it was not kept", check.detail),
        });
    }
    keep(spool, dir, &signature_name)?;
    keep(spool, dir, CHECKSUMS_FILE)?;
    Ok(Vec::new())
}

/// Fetches the public key file the index names; keeps it when it is the pinned key that
/// signed the index. Returns what was skipped, and why.
fn copy_public_key(
    source: &Mirror,
    signed: &SignedIndex,
    spool: &Path,
    dir: &Path,
) -> Result<Vec<(String, String)>> {
    let name = &signed.index.public_key;
    if name.contains('/') || crate::archive::safe_name(name).is_err() {
        return Ok(vec![(
            name.clone(),
            "the index names no plain file for it".to_string(),
        )]);
    }
    let Ok(data) = source
        .client
        .bytes(&source.url(name), super::http::Size::AtMost(MAX_KEY_BYTES))
    else {
        return Ok(vec![(
            name.clone(),
            "the mirror does not serve it".to_string(),
        )]);
    };
    let served = std::str::from_utf8(&data)
        .ok()
        .and_then(|text| TrustedKey::parse(text, name.clone()).ok());
    let pinned = served.as_ref().is_some_and(|served| {
        served.key_id == signed.index.signed_by.key_id
            && source
                .index_keys()
                .is_ok_and(|keys| keys.iter().any(|k| k.same_key(served)))
    });
    if !pinned {
        return Ok(vec![(
            name.clone(),
            "it is not the pinned key that signed the index".to_string(),
        )]);
    }
    write(spool, name, &data)?;
    keep(spool, dir, name)?;
    Ok(Vec::new())
}

/// Copies the root chain the source serves (from version 1), when a root of trust is
/// pinned: checked as a client walks it from its first version, and reaching the root
/// this run accepted, so that the copy's clients can follow it too.
fn copy_root_chain(source: &Mirror, spool: &Path, dir: &Path) -> Result<()> {
    let Some(accepted) = source.accepted_root() else {
        return Ok(());
    };
    let chain = spool.join(crate::root::ROOT_DIR);
    std::fs::create_dir_all(&chain).at("create", &chain)?;
    let fetched = source.fetch_root_chain(1, None, &chain)?;
    if fetched.is_empty() {
        return Ok(());
    }
    let first = crate::root::Signed::read(&chain.join("1.yaml"))?;
    first.check_self_signed()?;
    let walked = crate::root::walk(&first.root, &chain, crate::date::now())?;
    if walked.root != accepted.root {
        return Err(Error::Mirror {
            url: source.url(crate::root::ROOT_DIR),
            why: format!(
                "its root chain reaches another root (version {}) than the one this run accepted (version {})",
                walked.root.version, accepted.root.version
            ),
        });
    }
    let to = dir.join(crate::root::ROOT_DIR);
    std::fs::create_dir_all(&to).at("create", &to)?;
    for name in fetched {
        let (from, into) = (chain.join(&name), to.join(&name));
        std::fs::rename(&from, &into).at("write", &into)?;
    }
    Ok(())
}

/// Writes `data` as the file `name` of `folder`.
fn write(folder: &Path, name: &str, data: &[u8]) -> Result<()> {
    let path = folder.join(name);
    std::fs::write(&path, data).at("write", &path)
}

/// Moves the verified file `name` from the temporary folder into `dir`.
fn keep(spool: &Path, dir: &Path, name: &str) -> Result<()> {
    let to = dir.join(name);
    std::fs::rename(spool.join(name), &to).at("write", &to)
}
