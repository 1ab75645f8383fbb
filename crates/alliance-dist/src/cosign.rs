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

/// The most signature files of one file looked at in a folder.
const MAX_BESIDE: usize = 256;

/// The key ids of the signature files `<file>.<KEYID>.minisig` in `dir`, sorted (at most
/// [`MAX_BESIDE`]: a folder from outside may hold any number).
pub fn ids_beside(dir: &Path, file: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix = format!("{file}.");
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let id = name.strip_prefix(&prefix)?.strip_suffix(".minisig")?;
            sign::is_key_id(id).then(|| id.to_string())
        })
        .take(MAX_BESIDE)
        .collect();
    ids.sort();
    ids
}

/// The co-signatures of `file` in `dir` ([`ids_beside`]), names and contents, each
/// capped; what does not read is left out (it would sign nothing).
pub fn beside(dir: &Path, file: &str) -> Vec<(String, Vec<u8>)> {
    ids_beside(dir, file)
        .into_iter()
        .filter_map(|id| {
            let name = file_name(file, &id);
            let data = crate::untrusted::read_capped(&dir.join(&name), MAX_SIGNATURE_BYTES).ok()?;
            Some((name, data))
        })
        .collect()
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
/// walked from `trusted` (the workspace's root, else the signer's pinned one): of the index when `key` is of the `index` role, and of
/// every artifact (and its manifest) of a package whose delegation holds `key`. Each is
/// verified first as `alliance verify` does (all but the thresholds, which the
/// co-signatures are for); nothing that does not verify is signed.
pub fn cosign(dir: &Path, key: &SigningKey, trusted: &crate::root::Root) -> Result<Cosigned> {
    // The folder is someone else's: its chain counts only as far as it follows the root
    // this signer already trusts, never from a first version of its own.
    let chain = dir.join(crate::root::ROOT_DIR);
    let accepted = crate::root::walk(trusted, &chain, crate::date::now())?;
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
    let names = verify::artifact_names(dir).map_err(|e| Error::io("read", dir, e))?;
    for name in names {
        let verification = verify::verify(&dir.join(&name), &options);
        let Some(manifest) = verification.manifest.as_ref() else {
            continue;
        };
        if !accepted.root.delegates(&manifest.package, &key.key_id) {
            continue;
        }
        if let Some(problem) = refusal(&verification) {
            refused.push(problem);
            continue;
        }
        // What is signed is what verified: the manifest's bytes as they were checked, the
        // artifact only if it still has the SHA-256 that manifest states.
        let manifest_name = format!("{}.manifest.yaml", name.trim_end_matches(".zip"));
        let release = &manifest.release;
        let signed = Signed { dir, release, key };
        signed.artifact(&name, &manifest.sha256, &mut cosigned)?;
        signed.bytes(&manifest_name, &verification.files.manifest, &mut cosigned)?;
        signed_something = true;
    }
    if accepted.root.index.keys.contains(&key.key_id) {
        let results = verify::verify_release(dir, &options);
        refused.extend(results.iter().filter_map(refusal));
        if refused.is_empty() {
            cosign_index(dir, &accepted, key, &mut cosigned)?;
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

/// Co-signs `release.yaml` of `dir` with `key`: the bytes whose signature by the `index`
/// role of `accepted` is checked here.
fn cosign_index(
    dir: &Path,
    accepted: &crate::root::Accepted,
    key: &SigningKey,
    cosigned: &mut Cosigned,
) -> Result<()> {
    let path = dir.join(RELEASE_FILE);
    let read =
        |p: &Path, cap| crate::untrusted::read_capped(p, cap).map_err(|e| Error::io("read", p, e));
    let data = read(&path, crate::manifest::MAX_MANIFEST_BYTES)?;
    let signature = read(
        &dir.join(format!("{RELEASE_FILE}.minisig")),
        MAX_SIGNATURE_BYTES,
    )?;
    let keys = accepted.index_keys().unwrap_or_default();
    let (index, status) = verify::check_index(&path, &data, Some(&signature), &keys)?;
    if !status.ok {
        return Err(Error::Unverified(vec![Problem::new(&path, status.detail)]));
    }
    let signed = Signed {
        dir,
        release: &index.release,
        key,
    };
    signed.bytes(RELEASE_FILE, &data, cosigned)
}

/// Where co-signatures go: the release folder, its release, the key.
struct Signed<'a> {
    dir: &'a Path,
    release: &'a str,
    key: &'a SigningKey,
}

impl Signed<'_> {
    /// Co-signs `data`, the verified bytes of `file`.
    fn bytes(&self, file: &str, data: &[u8], cosigned: &mut Cosigned) -> Result<()> {
        let sha256 = crate::archive::sha256_hex(data);
        let comment = sign::trusted_comment(file, self.release, &sha256, self.key.development);
        let text = self.key.sign(data, &comment)?;
        self.write(file, &text, cosigned)
    }

    /// Co-signs the artifact `file`, read once in pieces (never held whole) for its
    /// BLAKE2b-512 (what minisign signs) and SHA-256, which must be `sha256`, the one its
    /// verified manifest states: an artifact changed since it was verified is not signed.
    fn artifact(&self, file: &str, sha256: &str, cosigned: &mut Cosigned) -> Result<()> {
        use blake2::Digest as _;
        let path = self.dir.join(file);
        let opened =
            crate::untrusted::open_regular(&path).map_err(|e| Error::io("read", &path, e))?;
        let mut sha = <sha2::Sha256 as sha2::Digest>::new();
        let mut blake2b = blake2::Blake2b512::new();
        let mut buffer = vec![0u8; 1 << 20];
        crate::fs::read_pieces(&opened, &mut buffer, |piece| {
            sha2::Digest::update(&mut sha, piece);
            blake2b.update(piece);
        })
        .map_err(|e| Error::io("read", &path, e))?;
        if crate::archive::hex(&sha2::Digest::finalize(sha)) != sha256 {
            return Err(Error::Unverified(vec![Problem::new(
                &path,
                "changed after it was verified: not co-signed",
            )]));
        }
        let prehash: [u8; 64] = blake2b.finalize().into();
        let comment = sign::trusted_comment(file, self.release, sha256, self.key.development);
        let text = self.key.sign_prehashed(&prehash, &comment)?;
        self.write(file, &text, cosigned)
    }

    fn write(&self, file: &str, text: &str, cosigned: &mut Cosigned) -> Result<()> {
        let out = self.dir.join(file_name(file, &self.key.key_id));
        crate::fs::write_whole(&out, text.as_bytes())?;
        cosigned.written.push(out);
        Ok(())
    }
}
