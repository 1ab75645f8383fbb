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
//! sequence) than the one `DIR` holds is refused. The copy is then verified as a whole.

use std::path::{Path, PathBuf};

use super::{Mirror, SignedIndex};
use crate::diagnostic::{Error, IoContext, Result};
use crate::manifest::{CHECKSUMS_FILE, RELEASE_FILE};
use crate::sign::TrustedKey;
use crate::verify::{self, ArtifactFiles, MAX_SIGNATURE_BYTES, Verification};

/// The largest public key file fetched.
const MAX_KEY_BYTES: u64 = 4 << 10;

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
    let seen = held_sequence(dir, &source.settings.keys);
    let signed = source.index(seen)?;
    std::fs::create_dir_all(dir).at("create", dir)?;
    let spool = tempfile::Builder::new()
        .prefix(".alliance-mirror-")
        .tempdir_in(dir)
        .at("create a temporary folder in", dir)?;
    let mut fetched = Vec::new();
    let mut present = Vec::new();
    for (name, entry) in &signed.index.artifacts {
        if held(dir, name) && source.verify(dir, name, &signed).ok {
            present.push(name.clone());
            continue;
        }
        source.download(name, entry, spool.path())?;
        let verification = source.verify(spool.path(), name, &signed);
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
        fetched.push(name.clone());
    }
    let mut skipped = vec![(
        "index.html".to_string(),
        "the download page is not signed".to_string(),
    )];
    skipped.extend(copy_checksums(source, &signed, spool.path(), dir)?);
    skipped.extend(copy_public_key(source, &signed, spool.path(), dir)?);
    // The index last: a folder holding it holds everything it lists.
    let signature_name = format!("{RELEASE_FILE}.minisig");
    write(spool.path(), &signature_name, &signed.signature)?;
    keep(spool.path(), dir, &signature_name)?;
    write(spool.path(), RELEASE_FILE, &signed.data)?;
    keep(spool.path(), dir, RELEASE_FILE)?;
    drop(spool);
    let verified = verify::verify_release(dir, &source.verify_options(dir));
    Ok(Mirrored {
        dir: dir.to_path_buf(),
        index: signed,
        fetched,
        present,
        skipped,
        verified,
    })
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

/// The sequence of the index `dir` holds, if a pinned key signed it.
fn held_sequence(dir: &Path, keys: &[TrustedKey]) -> Option<u64> {
    if !dir.join(RELEASE_FILE).is_file() {
        return None;
    }
    match verify::load_index(dir, keys) {
        Ok((index, status)) if status.ok => Some(index.sequence),
        _ => None,
    }
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
        cap,
        &spool.join(CHECKSUMS_FILE),
    )?;
    source.client.file(
        &source.url(&signature_name),
        MAX_SIGNATURE_BYTES,
        &spool.join(&signature_name),
    )?;
    let check = verify::checksums_check(spool, &signed.index, &source.settings.keys);
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
    let Ok(data) = source.client.bytes(&source.url(name), MAX_KEY_BYTES) else {
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
            && source.settings.keys.iter().any(|k| k.same_key(served))
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
