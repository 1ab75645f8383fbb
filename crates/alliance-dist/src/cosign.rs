//! Co-signatures: where a root of trust gives a role a threshold above one, the other keys
//! of the role sign what the first signed, each in a minisign file of its own beside it,
//! `<file>.<KEYID>.minisig` (`release.yaml`, an artifact, its manifest), with the same
//! trusted comment, so that stock `minisign -Vm FILE -x FILE.<KEYID>.minisig` checks any
//! one of them. [`cosign`] adds this key's to a release folder, once what it signs
//! verified; [`signers`] and [`threshold_check`] count them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Error, Problem, Result};
use crate::manifest::RELEASE_FILE;
use crate::sign::{self, SigningKey, TrustedKey};
use crate::verify::{self, Check, MAX_SIGNATURE_BYTES};

/// The name of key `key_id`'s co-signature of `file`.
pub fn file_name(file: &str, key_id: &str) -> String {
    format!("{file}.{key_id}.minisig")
}

/// Whether `comment` binds a signature to `file` of `release` with SHA-256 `sha256`.
pub fn binds(comment: &str, file: &str, release: &str, sha256: &str) -> bool {
    sign::comment_field(comment, "file") == Some(file)
        && sign::comment_field(comment, "release") == Some(release)
        && sign::comment_field(comment, "sha256") == Some(sha256)
}

/// The ids of the keys of `keys` that signed the file `file` of `dir`: `primary` (the key
/// of its `.minisig`, already checked) and each key whose co-signature `check` accepts
/// (given the key and the signature's text; it returns the trusted comment, which must
/// bind the signature to the file).
pub fn signers(
    dir: &Path,
    file: &str,
    keys: &[TrustedKey],
    primary: Option<&str>,
    check: impl Fn(&TrustedKey, &str) -> Option<String>,
    bound: impl Fn(&str) -> bool,
) -> BTreeSet<String> {
    let mut signers: BTreeSet<String> = primary.map(str::to_string).into_iter().collect();
    for key in keys {
        if signers.contains(&key.key_id) {
            continue;
        }
        let path = dir.join(file_name(file, &key.key_id));
        let Ok(data) = crate::untrusted::read_capped(&path, MAX_SIGNATURE_BYTES) else {
            continue;
        };
        let text = String::from_utf8_lossy(&data);
        if check(key, &text).is_some_and(|comment| bound(&comment)) {
            signers.insert(key.key_id.clone());
        }
    }
    signers
}

/// The co-signatures of `file` in `dir` (`<file>.<KEYID>.minisig`), names and contents,
/// each capped; what does not read is left out (it would sign nothing).
pub fn beside(dir: &Path, file: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix = format!("{file}.");
    let mut found: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let id = name.strip_prefix(&prefix)?.strip_suffix(".minisig")?;
            sign::is_key_id(id).then_some(())?;
            let data = crate::untrusted::read_capped(&e.path(), MAX_SIGNATURE_BYTES).ok()?;
            Some((name, data))
        })
        .collect();
    found.sort();
    found
}

/// The `threshold` check of `file`: `signers` (ids) of `keys` meet `threshold` of `role`
/// (in words).
pub fn threshold_check(
    file: &str,
    role: &str,
    threshold: usize,
    signers: &BTreeSet<String>,
    keys: &[TrustedKey],
) -> Check {
    let named = |ids: Vec<&TrustedKey>| -> String {
        ids.iter()
            .map(|k| format!("{} ({})", k.name, k.key_id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (did, did_not): (Vec<&TrustedKey>, Vec<&TrustedKey>) =
        keys.iter().partition(|k| signers.contains(&k.key_id));
    if signers.len() >= threshold {
        return Check::pass(
            "threshold",
            format!(
                "`{file}` signed by {} of {role}, {threshold} needed: {}",
                signers.len(),
                named(did)
            ),
        );
    }
    Check::fail(
        "threshold",
        format!(
            "`{file}` is signed by {} of {role}, and needs {threshold}: signed by [{}], not by [{}] (each adds `{}` with `alliance cosign`)",
            signers.len(),
            named(did),
            named(did_not),
            file_name(file, "KEYID")
        ),
    )
}

/// What [`cosign`] signed.
#[derive(Debug, Default)]
pub struct Cosigned {
    /// The co-signature files written.
    pub written: Vec<PathBuf>,
}

/// Adds `key`'s co-signatures to the release folder `dir`, whose root chain (`root/`) is
/// walked from its own version 1: of the index when `key` is of the `index` role, and of
/// every artifact (and its manifest) of a package whose delegation holds `key`. Each is
/// verified first as `alliance verify` does (all but the thresholds, which the
/// co-signatures are for); nothing that does not verify is signed.
pub fn cosign(dir: &Path, key: &SigningKey) -> Result<Cosigned> {
    let chain = dir.join(crate::root::ROOT_DIR);
    let first = crate::root::Signed::read(&chain.join("1.yaml"))?;
    first.check_self_signed()?;
    let accepted = crate::root::walk(&first.root, &chain, crate::date::now())?;
    let options = verify::Options {
        keys: accepted.all_keys(),
        root: Some(std::sync::Arc::new(accepted.clone())),
        ..Default::default()
    };
    // All but the thresholds, which the co-signatures are for.
    let refusal = |v: &verify::Verification| -> Option<Problem> {
        v.checks
            .iter()
            .any(|c| !c.ok && c.name != "threshold")
            .then(|| Problem::new(&v.artifact, format!("does not verify: {}", v.failures())))
    };
    let mut cosigned = Cosigned::default();
    let mut signed_something = false;
    let mut refused = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io("read", dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    for name in names {
        let verification = verify::verify(&dir.join(&name), &options);
        let Some(manifest) = verification.manifest.as_ref() else {
            continue;
        };
        let delegated = accepted
            .root
            .delegation_for(&manifest.package)
            .is_some_and(|d| d.keys.contains(&key.key_id));
        if !delegated {
            continue;
        }
        if let Some(problem) = refusal(&verification) {
            refused.push(problem);
            continue;
        }
        let manifest_name = format!("{}.manifest.yaml", name.trim_end_matches(".zip"));
        for file in [name.as_str(), manifest_name.as_str()] {
            write_cosignature(dir, file, &manifest.release, key, &mut cosigned)?;
        }
        signed_something = true;
    }
    if accepted.root.index.keys.contains(&key.key_id) {
        let results = verify::verify_release(dir, &options);
        refused.extend(results.iter().filter_map(refusal));
        if refused.is_empty() {
            let (index, _) = verify::load_index(dir, &accepted.index_keys().unwrap_or_default())?;
            write_cosignature(dir, RELEASE_FILE, &index.release, key, &mut cosigned)?;
            signed_something = true;
        }
    }
    if !refused.is_empty() {
        return Err(Error::Unverified(refused));
    }
    if !signed_something {
        return Err(Error::Invalid(vec![
            Problem::new(
                dir,
                format!(
                    "key {} is neither an `index` key of root version {} nor delegated for any package of this release",
                    key.key_id, accepted.root.version
                ),
            )
            .with_help("co-sign with a key the root gives a role here (`alliance root show`)"),
        ]));
    }
    Ok(cosigned)
}

/// Writes `key`'s co-signature of the file `file` of `dir`, of release `release`: the
/// file read once, in pieces (an artifact is never held whole), for its SHA-256 (the
/// trusted comment) and BLAKE2b-512 (what minisign signs).
fn write_cosignature(
    dir: &Path,
    file: &str,
    release: &str,
    key: &SigningKey,
    cosigned: &mut Cosigned,
) -> Result<()> {
    use blake2::Digest as _;
    let path = dir.join(file);
    let opened = crate::untrusted::open_regular(&path).map_err(|e| Error::io("read", &path, e))?;
    let mut sha256 = <sha2::Sha256 as sha2::Digest>::new();
    let mut blake2b = blake2::Blake2b512::new();
    let mut buffer = vec![0u8; 1 << 20];
    crate::fs::read_pieces(&opened, &mut buffer, |piece| {
        sha2::Digest::update(&mut sha256, piece);
        blake2b.update(piece);
    })
    .map_err(|e| Error::io("read", &path, e))?;
    let sha256 = crate::archive::hex(&sha2::Digest::finalize(sha256));
    let prehash: [u8; 64] = blake2b.finalize().into();
    let comment = sign::trusted_comment(file, release, &sha256, key.development);
    let text = key.sign_prehashed(&prehash, &comment)?;
    let out = dir.join(file_name(file, &key.key_id));
    crate::fs::write_whole(&out, text.as_bytes())?;
    cosigned.written.push(out);
    Ok(())
}
