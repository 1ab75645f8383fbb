//! Verifying a release folder: its signed index, checksums, every artifact it lists and
//! none it does not.

use super::*;

/// Verifies the release folder `dir`: `release.yaml` and `SHA256SUMS` signed by a trusted
/// key, the checksums those of the index, every artifact listed present and verified (and
/// equal to its index entry), no unlisted artifact. The first result is the index's own.
/// A folder replaced while it is read (a release being published) is read again.
pub fn verify_release(dir: &Path, options: &Options) -> Vec<Verification> {
    let identity = || folder_identity(dir);
    let mut results = Vec::new();
    for _ in 0..3 {
        let before = identity();
        results = verify_release_once(dir, options);
        if before.is_some() && identity() == before {
            break;
        }
    }
    results
}

/// Under a root of trust whose `index` role asks more than one signature: the `threshold`
/// check of `release.yaml`, counting the signer of its `.minisig` and its co-signatures.
fn index_threshold_check(
    dir: &Path,
    options: &Options,
    keys: &[TrustedKey],
    release: &str,
) -> Option<Check> {
    let accepted = options.root.as_ref()?;
    let (threshold, role) = accepted.index_threshold();
    if threshold < 2 {
        return None;
    }
    let path = dir.join(RELEASE_FILE);
    let data = read_capped(&path, crate::manifest::MAX_MANIFEST_BYTES).unwrap_or_default();
    let signature = read_capped(
        &dir.join(format!("{RELEASE_FILE}.minisig")),
        MAX_SIGNATURE_BYTES,
    )
    .unwrap_or_default();
    let primary = sign::verify_trusted(keys, &String::from_utf8_lossy(&signature), &data)
        .ok()
        .map(|(key, _)| key.key_id.clone());
    let sha256 = archive::sha256_hex(&data);
    let signers = crate::cosign::signers(
        dir,
        RELEASE_FILE,
        keys,
        primary.as_deref(),
        |key, text| {
            sign::verify_trusted(std::slice::from_ref(key), text, &data)
                .ok()
                .map(|(_, comment)| comment)
        },
        |comment| crate::cosign::binds(comment, RELEASE_FILE, release, &sha256),
    );
    Some(crate::cosign::threshold_check(
        RELEASE_FILE,
        &role,
        threshold,
        &signers,
        keys,
    ))
}

/// The artifacts (`*.zip`) of the folder `dir`, by name, sorted.
pub fn artifact_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    Ok(names)
}

/// The folder's identity (device and inode), which changes when it is replaced.
#[cfg(unix)]
pub(super) fn folder_identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// The folder's identity (its modification time where there are no inode numbers).
#[cfg(not(unix))]
pub(super) fn folder_identity(dir: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(dir).ok().and_then(|m| m.modified().ok())
}

pub(super) fn verify_release_once(dir: &Path, options: &Options) -> Vec<Verification> {
    let index_path = dir.join(RELEASE_FILE);
    let mut index_checks = Vec::new();
    // Under a root of trust, only the index role signs the index and the checksums.
    let index_keys = match options.root.as_ref().map(|a| a.index_keys()) {
        None => options.keys.clone(),
        Some(Ok(keys)) => keys,
        Some(Err(why)) => {
            return vec![Verification::failed(&index_path, Check::fail("index", why))];
        }
    };
    let (index, status) = match load_index(dir, &index_keys) {
        Ok(loaded) => loaded,
        Err(e) => {
            return vec![Verification::failed(
                &index_path,
                Check::fail("index", e.to_string()),
            )];
        }
    };
    index_checks.push(status.check("index"));
    index_checks.extend(index_threshold_check(
        dir,
        options,
        &index_keys,
        &index.release,
    ));
    index_checks.push(index_development_check(
        index.signed_by.development,
        options.allow_dev,
    ));
    index_checks.push(checksums_check(dir, &index, &index_keys));
    index_checks.push(unlisted_check(dir, &index));
    let mut results = vec![Verification {
        artifact: dir.to_path_buf(),
        ok: index_checks.iter().all(|c| c.ok),
        key: status.key.clone(),
        checks: index_checks,
        signer: None,
        manifest: None,
        files: Files::default(),
    }];
    let options = Options {
        release_dir: Some(dir.to_path_buf()),
        ..options.clone()
    };
    for (name, entry) in &index.artifacts {
        let Some(names) = ArtifactFiles::of(name) else {
            results.push(Verification::failed(
                Path::new(name),
                Check::fail(
                    "listed",
                    format!(
                        "the index lists `{}`, which is not the name of an artifact in this folder",
                        name.escape_default()
                    ),
                ),
            ));
            continue;
        };
        let mut verification = verify(&dir.join(name), &options);
        if let Some(manifest) = &verification.manifest {
            let check = listed_check(manifest, &names.manifest, entry, &index.release);
            verification.checks.push(check);
            verification.ok = verification.checks.iter().all(|c| c.ok);
        }
        results.push(verification);
    }
    results
}

/// Whether a release key signed the index, or a development key with `--allow-dev`.
pub(super) fn index_development_check(development: bool, allow_dev: bool) -> Check {
    match (development, allow_dev) {
        (false, _) => Check::pass("development", "the index says a release key signed it"),
        (true, true) => Check::pass(
            "development",
            "signed by a development key; accepted with --allow-dev",
        ),
        (true, false) => Check::fail(
            "development",
            "signed by a development key, which proves nothing to anyone else; pass --allow-dev to accept it",
        ),
    }
}

/// Whether every zip in the folder is one the index lists.
pub(super) fn unlisted_check(dir: &Path, index: &ReleaseIndex) -> Check {
    let listed: BTreeSet<&String> = index.artifacts.keys().collect();
    let mut unlisted: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.to_ascii_lowercase().ends_with(".zip") && !listed.contains(n))
            .collect(),
        Err(e) => vec![format!("(cannot list the folder: {e})")],
    };
    if unlisted.is_empty() {
        return Check::pass(
            "unlisted",
            format!(
                "every artifact in the folder is one of the {} listed",
                listed.len()
            ),
        );
    }
    unlisted.sort();
    Check::fail(
        "unlisted",
        unlisted
            .iter()
            .map(|n| format!("`{n}` is not in the signed index"))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Whether the index lists an artifact as its signed manifest describes it, in this release.
pub fn listed_check(
    manifest: &ArtifactManifest,
    manifest_name: &str,
    entry: &ArtifactEntry,
    release: &str,
) -> Check {
    let described = ArtifactEntry::of(manifest, manifest_name);
    if manifest.release != release {
        Check::fail(
            "listed",
            format!(
                "its manifest is of release `{}`, not `{release}`",
                manifest.release
            ),
        )
    } else if &described == entry {
        Check::pass("listed", "the index lists it as its manifest describes it")
    } else {
        Check::fail(
            "listed",
            "the index lists it otherwise than its signed manifest describes it",
        )
    }
}

/// Whether `SHA256SUMS` of `dir` is signed and lists exactly the index's artifacts and hashes.
pub fn checksums_check(dir: &Path, index: &ReleaseIndex, keys: &[TrustedKey]) -> Check {
    let path = dir.join(CHECKSUMS_FILE);
    let data = match read_capped(&path, crate::manifest::MAX_MANIFEST_BYTES) {
        Ok(data) => data,
        Err(e) => {
            return Check::fail(
                "checksums",
                format!("cannot read `{}`: {e}", path.display()),
            );
        }
    };
    let signature = read_capped(
        &dir.join(format!("{CHECKSUMS_FILE}.minisig")),
        MAX_SIGNATURE_BYTES,
    )
    .ok();
    let signed = check_signed_file(
        "checksums",
        CHECKSUMS_FILE,
        &data,
        signature.as_deref(),
        &index.release,
        keys,
    );
    if !signed.ok {
        return signed;
    }
    if data != checksums(index).as_bytes() {
        return Check::fail(
            "checksums",
            format!("`{CHECKSUMS_FILE}` does not list exactly the artifacts of the index"),
        );
    }
    Check::pass(
        "checksums",
        format!("{}; it lists every artifact of the index", signed.detail),
    )
}

/// The text of `SHA256SUMS` for `index` (coreutils format).
pub fn checksums(index: &ReleaseIndex) -> String {
    index
        .artifacts
        .iter()
        .map(|(name, entry)| format!("{}  {name}\n", entry.sha256))
        .collect()
}

/// How the signature of a release index checked out.
#[derive(Debug, Clone, Serialize)]
pub struct IndexSignature {
    /// Signed by a trusted key, naming this file, its release and its SHA-256.
    pub ok: bool,
    /// What was found, in words.
    pub detail: String,
    /// The trusted key that signed it.
    pub key: Option<String>,
}

impl IndexSignature {
    fn check(&self, name: &'static str) -> Check {
        Check {
            name,
            ok: self.ok,
            detail: self.detail.clone(),
        }
    }
}

/// Reads the release index at `path` (a release folder or its `release.yaml`) and checks
/// its signature against `keys`.
pub fn load_index(
    path: &Path,
    keys: &[TrustedKey],
) -> crate::diagnostic::Result<(ReleaseIndex, IndexSignature)> {
    let file: PathBuf = if path.is_dir() {
        path.join(RELEASE_FILE)
    } else {
        path.to_path_buf()
    };
    let data = read_capped(&file, crate::manifest::MAX_MANIFEST_BYTES)
        .map_err(|e| crate::diagnostic::Error::io("read", &file, e))?;
    let signature_path = PathBuf::from(format!("{}.minisig", file.display()));
    let signature = read_capped(&signature_path, MAX_SIGNATURE_BYTES).ok();
    check_index(&file, &data, signature.as_deref(), keys)
}

/// Reads the release index `data`, the file `file` (as named in messages), and checks its
/// `signature` (none: there is no `.minisig`) against `keys`.
pub fn check_index(
    file: &Path,
    data: &[u8],
    signature: Option<&[u8]>,
    keys: &[TrustedKey],
) -> crate::diagnostic::Result<(ReleaseIndex, IndexSignature)> {
    let text = std::str::from_utf8(data).map_err(|_| {
        crate::diagnostic::Error::Invalid(vec![crate::diagnostic::Problem::new(
            file,
            "not UTF-8 text",
        )])
    })?;
    let index: ReleaseIndex = crate::manifest::read(file, text)
        .map_err(|refused| crate::diagnostic::Error::Invalid(vec![refused.into()]))?;
    let shown = file_name(file);
    let status = match signature {
        None => IndexSignature {
            ok: false,
            detail: format!(
                "`{shown}` is not signed (no `{shown}.minisig`): anyone could have written it"
            ),
            key: None,
        },
        Some(_) if keys.is_empty() => IndexSignature {
            ok: false,
            detail: format!(
                "the signature of `{shown}` is not checked: no key is trusted for it (pass --key)"
            ),
            key: None,
        },
        Some(signature) => {
            // One signature check gives both the verdict and the key.
            let (check, key) =
                signed_file("index", &shown, data, Some(signature), &index.release, keys);
            IndexSignature {
                ok: check.ok,
                detail: check.detail,
                key,
            }
        }
    };
    Ok((index, status))
}
