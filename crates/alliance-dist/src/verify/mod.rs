//! `alliance verify`: is this artifact the one the release says, signed by a key we trust?
//!
//! [`verify`] reads the artifact, its signature (`<artifact>.minisig`), its manifest
//! (`<stem>.manifest.yaml`) and the manifest's signature, beside the artifact or in a given
//! release folder, as one consistent set (a release published meanwhile is never mixed
//! with the previous one), and reports each check separately: the signature against the
//! trusted keys (naming the key that matched and where its trust comes from), the manifest's
//! signature by a trusted key, the trusted comment naming this very file, release and
//! SHA-256, whether a development key signed it, the SHA-256 and size against the manifest,
//! and every entry of the zip against the manifest's per-file hashes. [`verify_release`]
//! checks a whole release folder: the signed index and checksums, every artifact listed,
//! none unlisted. Nothing in the artifact's folder is trusted but the keys given; a
//! failure to read anything is a failed check, never a crash.

mod checks;
mod digests;
mod files;
mod release;

pub use checks::*;
pub use digests::*;
pub use files::*;
pub use release::*;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::{self, Expected, Limits};
use crate::manifest::{
    ArtifactEntry, ArtifactManifest, CHECKSUMS_FILE, RELEASE_FILE, ReleaseIndex,
};
use crate::sign::{self, Origin, TrustedKey};
use crate::untrusted::read_capped;

/// The largest `.minisig` read (a trusted comment is at most 4 KiB).
pub const MAX_SIGNATURE_BYTES: u64 = 64 << 10;
/// The largest artifact read: its entries' limit and room for the zip's own records.
const MAX_ARTIFACT_BYTES: u64 = archive::MAX_TOTAL + (1 << 30);

/// What to trust.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The keys a signature must come from.
    pub keys: Vec<TrustedKey>,
    /// Where the manifest and signature are (default: beside the artifact).
    pub release_dir: Option<PathBuf>,
    /// Accept artifacts signed by a development key.
    pub allow_dev: bool,
    /// Caps on reading the archive.
    pub limits: Limits,
    /// Told of reading the artifact for its digests, and of an install writing its payload.
    pub progress: crate::progress::Progress,
    /// The root of trust accepted for the release (the chain it carries, walked from the
    /// pinned root): its delegations decide which keys sign each package and the index.
    pub root: Option<std::sync::Arc<crate::root::Accepted>>,
}

/// One check and how it went.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// `signature`, `manifest`, `trusted-comment`, `development`, `sha256`, `contents`;
    /// for a release folder also `index`, `checksums`, `listed`, `unlisted`.
    pub name: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// What was found, in words.
    pub detail: String,
}

impl Check {
    /// A passed check.
    pub(crate) fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            detail: detail.into(),
        }
    }

    /// A failed check.
    pub(crate) fn fail(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: false,
            detail: detail.into(),
        }
    }
}

/// The names of an artifact's files in its release folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactFiles {
    /// `<stem>.zip.minisig`
    pub signature: String,
    /// `<stem>.manifest.yaml`
    pub manifest: String,
    /// `<stem>.manifest.yaml.minisig`
    pub manifest_signature: String,
}

impl ArtifactFiles {
    /// The file names that go with artifact `name`; `None` unless `name` is a plain, safe
    /// `*.zip` or `*.deb` file name (no folder, nothing that climbs out of the release
    /// folder).
    pub fn of(name: &str) -> Option<ArtifactFiles> {
        let stem = crate::manifest::stem(name);
        if stem.len() == name.len() {
            return None;
        }
        if stem.is_empty() || name.contains('/') || archive::safe_name(name).is_err() {
            return None;
        }
        Some(ArtifactFiles {
            signature: format!("{name}.minisig"),
            manifest: format!("{stem}.manifest.yaml"),
            manifest_signature: format!("{stem}.manifest.yaml.minisig"),
        })
    }
}

/// The four files of an artifact, read as one set.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// The artifact, open: read as it is checked, never whole into memory, and read again
    /// (by `install`) as the very file that was checked.
    pub artifact: archive::SharedReader,
    /// Its `.minisig`.
    pub signature: Vec<u8>,
    /// Its manifest.
    pub manifest: Vec<u8>,
    /// `None` when the manifest has no signature file.
    pub manifest_signature: Option<Vec<u8>>,
    /// The folder they were read from, where co-signatures lie too (`None`: in memory).
    pub dir: Option<PathBuf>,
    /// Entries not in the artifact, of which only the other entries' parts were fetched (a
    /// delta upgrade): each taken from the file named (an installed copy of what did not
    /// change, which must be the very file found then: its identity), checked against the
    /// manifest as it is copied, or, with no file, one an
    /// install does not place (an install script, the read-me), neither fetched nor
    /// installed. Empty for a whole artifact.
    pub elsewhere: std::collections::BTreeMap<String, Option<(PathBuf, crate::fs::FileId)>>,
}

/// The verification of one artifact.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The artifact (or release folder) checked.
    pub artifact: PathBuf,
    /// Whether every check passed.
    pub ok: bool,
    /// The trusted key that made the signature.
    pub key: Option<String>,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The key that made the signature.
    #[serde(skip)]
    pub signer: Option<TrustedKey>,
    /// Its manifest, when it could be read.
    #[serde(skip)]
    pub manifest: Option<ArtifactManifest>,
    /// The files exactly as they were checked.
    #[serde(skip)]
    pub files: Files,
}

impl Verification {
    /// A verification that failed at `check`, before any other could run.
    fn failed(artifact: &Path, check: Check) -> Verification {
        Verification {
            artifact: artifact.to_path_buf(),
            ok: false,
            key: None,
            checks: vec![check],
            signer: None,
            manifest: None,
            files: Files::default(),
        }
    }

    /// The failed checks in one line.
    pub fn failures(&self) -> String {
        self.checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Verifies each of `paths` (artifacts, or release folders with [`verify_release`]) with
/// the keys `trust` has for where it lies. A path no key is trusted for fails on its own;
/// when that is so of every path, nothing could be checked: an error.
pub fn verify_all(
    paths: &[PathBuf],
    trust: &crate::trust::Trust,
    options: &Options,
) -> crate::diagnostic::Result<Vec<Verification>> {
    let mut results = Vec::new();
    let mut untrusted = Vec::new();
    for path in paths {
        if path.is_dir() && options.release_dir.is_some() {
            return Err(crate::diagnostic::Error::Invalid(vec![
                crate::diagnostic::Problem::new(
                    path,
                    "--release applies to artifacts, not to a release folder",
                )
                .with_help("give the folder alone: its manifests and signatures are in it"),
            ]));
        }
        let folder = folder_of(path);
        let folders: Vec<&Path> = if path.is_dir() {
            vec![path.as_path()]
        } else {
            std::iter::once(folder.as_path())
                .chain(options.release_dir.as_deref())
                .collect()
        };
        let release_folder = if path.is_dir() {
            path.clone()
        } else {
            options
                .release_dir
                .clone()
                .unwrap_or_else(|| folder.clone())
        };
        let (keys, root) = match trust.root_chain(&release_folder) {
            None => (trust.keys_for(&folders), None),
            Some(Ok(accepted)) => (accepted.all_keys(), Some(std::sync::Arc::new(accepted))),
            Some(Err(refused)) => {
                results.push(Verification::failed(
                    path,
                    Check::fail("root", refused.problems_text()),
                ));
                continue;
            }
        };
        let options = Options {
            keys,
            root,
            ..options.clone()
        };
        if options.keys.is_empty() {
            let problem = crate::trust::Trust::none_for(path, false);
            let detail = format!(
                "{}: {}",
                problem.message,
                problem.help.clone().unwrap_or_default()
            );
            untrusted.push(problem);
            results.push(Verification::failed(path, Check::fail("signature", detail)));
        } else if path.is_dir() {
            results.extend(verify_release(path, &options));
        } else {
            results.push(verify(path, &options));
        }
    }
    if untrusted.len() == paths.len() {
        return Err(crate::diagnostic::Error::Invalid(untrusted));
    }
    Ok(results)
}

/// Verifies the artifact at `path`.
pub fn verify(path: &Path, options: &Options) -> Verification {
    verify_with(path, options, Known::default())
}

/// What the caller of [`verify_with`] already knows of an artifact, or checks itself, so
/// that nothing is read, hashed or inflated twice.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The artifact's digests, computed as its bytes arrived (a download into a folder of
    /// the caller's): not computed again.
    pub digests: Option<Digests>,
    /// The caller checks every entry against the manifest as it reads it (an install, which
    /// stages each entry checked): the archive is not inflated here, and the `contents`
    /// check is left to the caller.
    pub entries_checked_by_caller: bool,
    /// The check of the manifest's signature, made when it was downloaded (against the
    /// signed index's release): not made again.
    pub manifest: Option<Check>,
}

/// [`verify`], knowing `known`.
pub fn verify_with(path: &Path, options: &Options, known: Known) -> Verification {
    let name = file_name(path);
    let dir = options
        .release_dir
        .clone()
        .unwrap_or_else(|| folder_of(path));
    let stem = crate::manifest::stem(&name);
    let manifest_path = dir.join(format!("{stem}.manifest.yaml"));
    let mut files = match read_set(path, &dir, &name, stem) {
        Ok(files) => files,
        Err(check) => return Verification::failed(path, check),
    };
    files.dir = Some(dir.clone());
    let manifest = match parse_manifest(&manifest_path, &files.manifest) {
        Ok(manifest) => manifest,
        Err(e) => return Verification::failed(path, Check::fail("manifest", e)),
    };
    let signature = String::from_utf8_lossy(&files.signature).into_owned();
    let mut verification = check_artifact(&name, files, &signature, manifest, Some(known), options);
    verification.artifact = path.to_path_buf();
    verification
}

/// The verification of the artifact `name` the signed index of `release` lists as `entry`,
/// of which only some parts were fetched into `files.artifact` (a delta upgrade): its
/// manifest, signed for `release` by one of `keys` (the package's), stands for it — it
/// states the artifact's SHA-256 and size, which must be the index's, and every entry's
/// SHA-256, against which each entry is checked as it is staged, whether fetched or
/// copied from `files.elsewhere`. The artifact's own signature, made over the whole file,
/// is not checked: the whole file is not there.
pub fn verify_parts(
    name: &str,
    entry: &crate::manifest::ArtifactEntry,
    files: Files,
    (release, keys): (&str, &[TrustedKey]),
    options: &Options,
) -> Verification {
    let stem = crate::manifest::stem(name);
    let manifest_name = format!("{stem}.manifest.yaml");
    let (check, signer) = signed_file(
        "manifest",
        &manifest_name,
        &files.manifest,
        files.manifest_signature.as_deref(),
        release,
        keys,
    );
    if !check.ok {
        return Verification::failed(Path::new(name), check);
    }
    let manifest = match parse_manifest(Path::new(&manifest_name), &files.manifest) {
        Ok(manifest) => manifest,
        Err(e) => return Verification::failed(Path::new(name), Check::fail("manifest", e)),
    };
    let key = keys
        .iter()
        .find(|k| signer.as_deref() == Some(format!("{} ({})", k.name, k.key_id).as_str()))
        .cloned();
    let named = if manifest.name == name {
        Check::pass("manifest", format!("describes `{name}`"))
    } else {
        Check::fail(
            "manifest",
            format!(
                "describes `{}`, not `{name}`",
                manifest.name.escape_default()
            ),
        )
    };
    let checks = vec![
        check,
        named,
        listed_check(&manifest, &manifest_name, entry, release),
        development_check(
            key.as_ref(),
            manifest.signed_by.development,
            options.allow_dev,
        ),
    ];
    Verification {
        artifact: PathBuf::from(name),
        ok: checks.iter().all(|c| c.ok),
        key: signer,
        checks,
        signer: key,
        manifest: Some(manifest),
        files,
    }
}

/// Verifies an artifact given as bytes, with its signature text and manifest (whose own
/// signature is not checked here).
pub fn verify_bytes(
    name: &str,
    bytes: Vec<u8>,
    signature: &str,
    manifest: ArtifactManifest,
    options: &Options,
) -> Verification {
    let files = Files {
        artifact: archive::SharedReader::from_bytes(bytes),
        signature: signature.as_bytes().to_vec(),
        ..Files::default()
    };
    check_artifact(name, files, signature, manifest, None, options)
}

/// Checks the artifact of `files` against its `signature` and `manifest`; with `known`
/// (else bytes in memory, whose manifest's own signature is not checked), also the
/// manifest's signature, with what the caller knows.
fn check_artifact(
    name: &str,
    files: Files,
    signature: &str,
    manifest: ArtifactManifest,
    known: Option<Known>,
    options: &Options,
) -> Verification {
    let reader = &files.artifact;
    let check_manifest = known.is_some();
    let known = known.unwrap_or_default();
    let digests = match known.digests.map_or_else(
        || Digests::of_reporting(reader, name, &options.progress),
        Ok,
    ) {
        Ok(digests) => digests,
        Err(e) => {
            let why = format!("cannot read `{name}`: {e}");
            return Verification::failed(Path::new(name), Check::fail("sha256", why));
        }
    };
    let sha256 = digests.sha256.clone();
    let mut checks = Vec::new();

    let delegated = artifact_keys(options, &manifest);
    let keys: &[TrustedKey] = delegated.as_deref().unwrap_or(&[]);
    let signed = sign::verify_trusted_prehashed(keys, signature, &digests.blake2b, || {
        Ok(reader.from_start())
    });
    let signer = signed.as_ref().ok().map(|(key, _)| (*key).clone());
    checks.extend(signature_checks(
        &signed, &delegated, options, &manifest, name,
    ));
    let comment = signed.ok().map(|(_, comment)| comment);
    checks.extend(threshold_checks(
        options,
        &manifest,
        &files,
        (name, keys),
        signer.as_ref(),
        &digests,
    ));

    if let Some(check) = known.manifest {
        checks.push(check);
    } else if check_manifest {
        let stem = crate::manifest::stem(name);
        checks.push(check_signed_file(
            "manifest",
            &format!("{stem}.manifest.yaml"),
            &files.manifest,
            files.manifest_signature.as_deref(),
            &manifest.release,
            keys,
        ));
    }

    checks.push(trusted_comment_check(
        comment.as_deref(),
        name,
        &manifest.release,
        &sha256,
    ));

    let marked = manifest.signed_by.development
        || comment
            .as_deref()
            .is_some_and(|c| sign::comment_field(c, "key") == Some("development"));
    checks.push(development_check(
        signer.as_ref(),
        marked,
        options.allow_dev,
    ));

    checks.push(size_check(&manifest, name, &sha256, digests.size));
    // Only the signed bytes are opened: an untrusted archive is never decompressed. (A
    // manifest changed by a mirror still shows what in the archive differs from it.)
    let genuine = checks
        .iter()
        .all(|c| c.ok || matches!(c.name, "development" | "manifest" | "threshold"));
    if !known.entries_checked_by_caller {
        checks.push(contents_check(genuine, reader, &manifest, options));
    }

    Verification {
        artifact: PathBuf::from(name),
        ok: checks.iter().all(|c| c.ok),
        key: signer
            .as_ref()
            .map(|k| format!("{} ({})", k.name, k.key_id)),
        checks,
        signer,
        manifest: Some(manifest),
        files,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The folder holding `path`.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::manifest::{ARTIFACT_SCHEMA, ArtifactKind, FileRecord, Signer};
    use crate::sign::{KeySource, SigningKey};

    /// The files of a one-artifact release folder whose artifact holds `payload`.
    fn release_files(key: &SigningKey, payload: &[u8]) -> crate::release::Files {
        let entry = archive::Entry {
            name: "tiny-1.0.0/files/data".into(),
            mode: 0o644,
            data: payload.to_vec(),
        };
        let zip = archive::write_zip(vec![entry], archive::ZIP_EPOCH).expect("zip");
        let sha256 = archive::sha256_hex(&zip.bytes);
        let manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.into(),
            name: "tiny-1.0.0.zip".into(),
            kind: ArtifactKind::Installer,
            package: "tiny".into(),
            locale: None,
            version: "1.0.0".into(),
            release: "r".into(),
            size: zip.bytes.len() as u64,
            sha256: sha256.clone(),
            signature: "tiny-1.0.0.zip.minisig".into(),
            signed_by: Signer {
                key_id: key.key_id.clone(),
                development: false,
            },
            bundle: None,
            files: zip.entries.iter().map(FileRecord::from).collect(),
            config: Vec::new(),
        };
        let manifest = crate::yaml::to_string(&manifest)
            .expect("yaml")
            .into_bytes();
        let sign = |name: &str, data: &[u8]| {
            let comment = sign::trusted_comment(name, "r", &archive::sha256_hex(data), false);
            key.sign(data, &comment).expect("signs").into_bytes()
        };
        let mut files = BTreeMap::new();
        files.insert(
            "tiny-1.0.0.zip.minisig".to_string(),
            sign("tiny-1.0.0.zip", &zip.bytes),
        );
        files.insert(
            "tiny-1.0.0.manifest.yaml.minisig".to_string(),
            sign("tiny-1.0.0.manifest.yaml", &manifest),
        );
        files.insert("tiny-1.0.0.manifest.yaml".to_string(), manifest);
        files.insert("tiny-1.0.0.zip".to_string(), zip.bytes);
        files.into_iter().map(|(n, d)| (n, d.into())).collect()
    }

    /// Issue 9, item 5: a release published while it is verified is never reported as
    /// tampered. A publisher replaces the folder (as `release` does) back and forth between
    /// two genuine releases while `verify` runs again and again.
    #[test]
    fn verify_reads_artifact_signature_and_manifest_of_one_release() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = SigningKey::open(dir.path(), &KeySource::default()).expect("key");
        let trusted = TrustedKey::parse(&key.public_key_file, "test.pub".into()).expect("key");
        let old = release_files(&key, &[b'a'; 4096]);
        let new = release_files(&key, &[b'b'; 4000]);
        let output = dir.path().join("dist");
        crate::release::publish(&output, "r", &old).expect("published");
        let options = Options {
            keys: vec![trusted],
            allow_dev: true,
            ..Options::default()
        };
        let artifact = output.join("r/tiny-1.0.0.zip");
        assert!(verify(&artifact, &options).ok, "the release verifies");
        let done = AtomicBool::new(false);
        let failures = std::thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..400 {
                    let files = if i % 2 == 0 { &new } else { &old };
                    crate::release::publish(&output, "r", files).expect("published");
                }
                done.store(true, Ordering::SeqCst);
            });
            let mut failures = Vec::new();
            let mut runs = 0;
            while !done.load(Ordering::SeqCst) {
                runs += 1;
                let result = verify(&artifact, &options);
                if !result.ok {
                    failures.push(
                        result
                            .checks
                            .iter()
                            .filter(|c| !c.ok)
                            .map(|c| format!("{}: {}", c.name, c.detail))
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
            }
            (runs, failures)
        });
        let (runs, failures) = failures;
        assert!(
            failures.is_empty(),
            "{} of {runs} runs failed, such as: {}",
            failures.len(),
            failures[0]
        );
    }
}
