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
    fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            detail: detail.into(),
        }
    }

    /// A failed check.
    fn fail(name: &'static str, detail: impl Into<String>) -> Check {
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
    /// `*.zip` file name (no folder, nothing that climbs out of the release folder).
    pub fn of(name: &str) -> Option<ArtifactFiles> {
        let stem = name.strip_suffix(".zip")?;
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
        let options = Options {
            keys: trust.keys_for(&folders),
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
    let stem = name.strip_suffix(".zip").unwrap_or(&name);
    let manifest_path = dir.join(format!("{stem}.manifest.yaml"));
    let files = match read_set(path, &dir, &name, stem) {
        Ok(files) => files,
        Err(check) => return Verification::failed(path, check),
    };
    let manifest = match parse_manifest(&manifest_path, &files.manifest) {
        Ok(manifest) => manifest,
        Err(e) => return Verification::failed(path, Check::fail("manifest", e)),
    };
    let signature = String::from_utf8_lossy(&files.signature).into_owned();
    let mut verification = check_artifact(&name, files, &signature, manifest, Some(known), options);
    verification.artifact = path.to_path_buf();
    verification
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
    let digests = match known.digests.map_or_else(|| Digests::of(reader), Ok) {
        Ok(digests) => digests,
        Err(e) => {
            let why = format!("cannot read `{name}`: {e}");
            return Verification::failed(Path::new(name), Check::fail("sha256", why));
        }
    };
    let sha256 = digests.sha256.clone();
    let mut checks = Vec::new();

    let signed = sign::verify_trusted_prehashed(&options.keys, signature, &digests.blake2b, || {
        Ok(reader.from_start())
    });
    let signer = signed.as_ref().ok().map(|(key, _)| (*key).clone());
    checks.push(match &signed {
        Ok((trusted, _)) => Check::pass("signature", format!("made by {}", trusted.describe())),
        Err(why) => Check::fail("signature", why.to_string()),
    });
    let comment = signed.ok().map(|(_, comment)| comment);

    if let Some(check) = known.manifest {
        checks.push(check);
    } else if check_manifest {
        let stem = name.strip_suffix(".zip").unwrap_or(name);
        checks.push(check_signed_file(
            "manifest",
            &format!("{stem}.manifest.yaml"),
            &files.manifest,
            files.manifest_signature.as_deref(),
            &manifest.release,
            &options.keys,
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
        .all(|c| c.ok || c.name == "development" || c.name == "manifest");
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

/// The SHA-256 (for the manifest and the trusted comment) and BLAKE2b-512 (what a minisign
/// signature signs) of an artifact, and its size.
#[derive(Debug, Clone)]
pub struct Digests {
    /// SHA-256, in hex.
    pub sha256: String,
    /// BLAKE2b-512.
    pub blake2b: [u8; 64],
    /// Bytes.
    pub size: u64,
}

/// [`Digests`] computed as the bytes go by, in one pass.
pub struct Hashing {
    sha256: sha2::Sha256,
    blake2b: blake2::Blake2b512,
    size: u64,
}

impl Default for Hashing {
    fn default() -> Self {
        Hashing {
            sha256: <sha2::Sha256 as sha2::Digest>::new(),
            blake2b: <blake2::Blake2b512 as blake2::Digest>::new(),
            size: 0,
        }
    }
}

impl Hashing {
    /// Takes the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.sha256, bytes);
        blake2::Digest::update(&mut self.blake2b, bytes);
        self.size += bytes.len() as u64;
    }

    /// The digests of every byte taken.
    pub fn finish(self) -> Digests {
        Digests {
            sha256: archive::hex(&sha2::Digest::finalize(self.sha256)),
            blake2b: blake2::Digest::finalize(self.blake2b).into(),
            size: self.size,
        }
    }
}

impl Digests {
    /// Each digest of the archive `reader` in one read of its own, the two side by side.
    fn of(reader: &archive::SharedReader) -> std::io::Result<Digests> {
        let each = |take: &mut dyn FnMut(&[u8])| {
            archive::read_pieces(reader.from_start(), &mut vec![0u8; 1 << 20], take)
        };
        let mut sha256 = <sha2::Sha256 as sha2::Digest>::new();
        let mut blake2b = <blake2::Blake2b512 as blake2::Digest>::new();
        let (sized, blaked) = rayon::join(
            || each(&mut |b| sha2::Digest::update(&mut sha256, b)),
            || each(&mut |b| blake2::Digest::update(&mut blake2b, b)),
        );
        let size = sized?;
        blaked?;
        Ok(Digests {
            sha256: archive::hex(&sha2::Digest::finalize(sha256)),
            blake2b: blake2::Digest::finalize(blake2b).into(),
            size,
        })
    }
}

/// The trusted comment names this file, this release and this SHA-256.
fn trusted_comment_check(comment: Option<&str>, name: &str, release: &str, sha256: &str) -> Check {
    let Some(comment) = comment else {
        return Check::fail(
            "trusted-comment",
            "not checked: the signature is not trusted",
        );
    };
    let file = sign::comment_field(comment, "file");
    let signed_release = sign::comment_field(comment, "release");
    let signed_sha = sign::comment_field(comment, "sha256");
    let mut wrong = Vec::new();
    if file != Some(name) {
        wrong.push(format!(
            "it names the file `{}`, not `{name}`",
            file.unwrap_or("?")
        ));
    }
    if signed_release != Some(release) {
        wrong.push(format!(
            "it names the release `{}`, not `{release}`",
            signed_release.unwrap_or("?")
        ));
    }
    if signed_sha != Some(sha256) {
        wrong.push("its SHA-256 is not this file's".to_string());
    }
    if wrong.is_empty() {
        Check::pass(
            "trusted-comment",
            format!("names `{name}`, release `{release}` and its SHA-256"),
        )
    } else {
        Check::fail(
            "trusted-comment",
            format!("`{comment}`: {}", wrong.join("; ")),
        )
    }
}

/// The file is the one the manifest describes: its name, size and SHA-256.
fn size_check(manifest: &ArtifactManifest, name: &str, sha256: &str, size: u64) -> Check {
    if manifest.name != name {
        Check::fail(
            "sha256",
            format!("the manifest describes `{}`, not `{name}`", manifest.name),
        )
    } else if manifest.sha256 == sha256 && manifest.size == size {
        Check::pass("sha256", format!("matches the manifest ({size} bytes)"))
    } else {
        Check::fail(
            "sha256",
            format!(
                "the file ({size} bytes, {sha256}) is not the one the manifest describes ({} bytes, {})",
                manifest.size, manifest.sha256
            ),
        )
    }
}

/// Every entry of the archive against the manifest, opened only when the bytes are the
/// signed ones (`genuine`).
fn contents_check(
    genuine: bool,
    reader: &archive::SharedReader,
    manifest: &ArtifactManifest,
    options: &Options,
) -> Check {
    if !genuine {
        return Check::fail("contents", "not opened: the archive is not the signed one");
    }
    let expected = expected_entries(manifest);
    match archive::read_checked_from(
        reader,
        &expected,
        options.limits,
        archive::check_only::<crate::diagnostic::Error>,
    ) {
        Ok((mismatch, _)) if mismatch.is_empty() => Check::pass(
            "contents",
            format!("{} entries match the manifest", expected.len()),
        ),
        Ok((mismatch, _)) => Check::fail("contents", mismatch.describe()),
        Err(e) => Check::fail("contents", e.to_string()),
    }
}

/// Whether a development key made the signature, said of the key that actually matched.
fn development_check(signer: Option<&TrustedKey>, marked: bool, allow_dev: bool) -> Check {
    let Some(key) = signer else {
        return Check::fail(
            "development",
            "not checked: no trusted key made the signature",
        );
    };
    let what = if key.origin == Origin::Development {
        format!(
            "signed by the development key of the workspace ({})",
            key.key_id
        )
    } else if marked {
        format!(
            "marked as signed by a development key, by key {} ({})",
            key.name, key.key_id
        )
    } else {
        return Check::pass(
            "development",
            format!("signed by release key {} ({})", key.name, key.key_id),
        );
    };
    if allow_dev {
        Check::pass("development", format!("{what}; accepted with --allow-dev"))
    } else {
        Check::fail(
            "development",
            format!("{what}, which proves nothing to anyone else; pass --allow-dev to accept it"),
        )
    }
}

/// Checks that `data` (the file `file`) carries a signature by one of `keys` whose trusted
/// comment names this file, `release` and its SHA-256.
pub(crate) fn check_signed_file(
    check: &'static str,
    file: &str,
    data: &[u8],
    signature: Option<&[u8]>,
    release: &str,
    keys: &[TrustedKey],
) -> Check {
    signed_file(check, file, data, signature, release, keys).0
}

/// [`check_signed_file`], with the trusted key that made the signature (`name (id)`).
fn signed_file(
    check: &'static str,
    file: &str,
    data: &[u8],
    signature: Option<&[u8]>,
    release: &str,
    keys: &[TrustedKey],
) -> (Check, Option<String>) {
    let Some(signature) = signature else {
        let missing = format!("`{file}` has no signature (`{file}.minisig`)");
        return (Check::fail(check, missing), None);
    };
    let signature = String::from_utf8_lossy(signature);
    match sign::verify_trusted(keys, &signature, data) {
        Err(why) => (
            Check::fail(
                check,
                format!("the signature of `{file}` does not verify: {why}"),
            ),
            None,
        ),
        Ok((key, comment)) => {
            let signer = Some(format!("{} ({})", key.name, key.key_id));
            (
                bound_check(check, file, data, release, key, &comment),
                signer,
            )
        }
    }
}

/// The check `check` of the file `file` (`data`), whose signature by `key` verified with
/// the trusted comment `comment`: the comment must name this file, `release` and this
/// content.
pub fn bound_check(
    check: &'static str,
    file: &str,
    data: &[u8],
    release: &str,
    key: &TrustedKey,
    comment: &str,
) -> Check {
    let sha256 = archive::sha256_hex(data);
    let bound = sign::comment_field(comment, "file") == Some(file)
        && sign::comment_field(comment, "release") == Some(release)
        && sign::comment_field(comment, "sha256") == Some(sha256.as_str());
    if bound {
        Check::pass(check, format!("`{file}` signed by {}", key.describe()))
    } else {
        Check::fail(
            check,
            format!(
                "the signature of `{file}` names another file, release or content: `{comment}`"
            ),
        )
    }
}

fn parse_manifest(path: &Path, bytes: &[u8]) -> Result<ArtifactManifest, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| format!("`{}` is not UTF-8 text", path.display()))?;
    crate::manifest::read(path, text).map_err(|refused| match refused {
        crate::manifest::Refused::Malformed(p) => p.to_string(),
        crate::manifest::Refused::Schema(p) => p.message,
    })
}

/// Reads the artifact, its signature, manifest and manifest signature as one set: if the
/// folder is replaced while they are read (a release being published), they are read again.
fn read_set(artifact: &Path, dir: &Path, name: &str, stem: &str) -> Result<Files, Check> {
    let manifest = format!("{stem}.manifest.yaml");
    let paths = [
        (artifact.to_path_buf(), "artifact", MAX_ARTIFACT_BYTES),
        (
            dir.join(format!("{name}.minisig")),
            "signature",
            MAX_SIGNATURE_BYTES,
        ),
        (
            dir.join(&manifest),
            "manifest",
            crate::manifest::MAX_MANIFEST_BYTES,
        ),
        (
            dir.join(format!("{manifest}.minisig")),
            "manifest",
            MAX_SIGNATURE_BYTES,
        ),
    ];
    for _ in 0..5 {
        if let Some(files) = read_consistently(&paths)? {
            return Ok(files);
        }
    }
    Err(Check::fail(
        "artifact",
        format!(
            "`{}` kept changing while it was read; verify again once its release is published",
            dir.display()
        ),
    ))
}

/// One attempt of [`read_set`]: `None` when a file changed under it.
fn read_consistently(paths: &[(PathBuf, &'static str, u64); 4]) -> Result<Option<Files>, Check> {
    let mut opened: Vec<(std::fs::File, &Path)> = Vec::new();
    let mut contents: Vec<Option<Vec<u8>>> = Vec::new();
    let mut artifact = None;
    for (i, (path, check, cap)) in paths.iter().enumerate() {
        let file = match crate::untrusted::open_regular(path) {
            Ok(file) => file,
            // A release being replaced: its files may vanish before the new ones are seen.
            Err(_) if opened.iter().any(|(f, p)| !same_file(f, p)) => return Ok(None),
            // The manifest's signature may be missing: that fails one check, not all.
            Err(e) if i == 3 && e.kind() == std::io::ErrorKind::NotFound => {
                contents.push(None);
                continue;
            }
            Err(e) => {
                return Err(Check::fail(
                    check,
                    format!("cannot read `{}`: {e}", path.display()),
                ));
            }
        };
        // The artifact stays open, to be read as it is checked.
        let read = if i == 0 {
            let opened = file.try_clone().and_then(archive::SharedReader::from_file);
            match opened {
                Ok(reader) if reader.len() > *cap => Err(std::io::Error::other(format!(
                    "larger than the {cap} bytes allowed"
                ))),
                Ok(reader) => {
                    artifact = Some(reader);
                    Ok(Vec::new())
                }
                Err(e) => Err(e),
            }
        } else {
            crate::untrusted::read_to_cap(&file, *cap)
        };
        match read {
            Ok(data) => contents.push(Some(data)),
            Err(e) => {
                return Err(Check::fail(
                    check,
                    format!("cannot read `{}`: {e}", path.display()),
                ));
            }
        }
        opened.push((file, path));
    }
    if opened.iter().any(|(f, p)| !same_file(f, p)) {
        return Ok(None);
    }
    let mut contents = contents.into_iter();
    let mut next = || contents.next().flatten();
    let _ = next();
    Ok(Some(Files {
        artifact: artifact.unwrap_or_default(),
        signature: next().unwrap_or_default(),
        manifest: next().unwrap_or_default(),
        manifest_signature: next(),
    }))
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the one at `path` (size and time where there are no
/// inode numbers).
#[cfg(not(unix))]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.len() == b.len() && a.modified().ok() == b.modified().ok(),
        _ => false,
    }
}

/// The entries a manifest promises: name -> (size, sha256, mode).
pub fn expected_entries(manifest: &ArtifactManifest) -> Expected {
    manifest
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                (
                    f.size,
                    f.sha256.clone(),
                    u32::from_str_radix(&f.mode, 8).unwrap_or(0o644) & 0o777,
                ),
            )
        })
        .collect()
}

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

/// The folder's identity (device and inode), which changes when it is replaced.
#[cfg(unix)]
fn folder_identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// The folder's identity (its modification time where there are no inode numbers).
#[cfg(not(unix))]
fn folder_identity(dir: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(dir).ok().and_then(|m| m.modified().ok())
}

fn verify_release_once(dir: &Path, options: &Options) -> Vec<Verification> {
    let index_path = dir.join(RELEASE_FILE);
    let mut index_checks = Vec::new();
    let (index, status) = match load_index(dir, &options.keys) {
        Ok(loaded) => loaded,
        Err(e) => {
            return vec![Verification::failed(
                &index_path,
                Check::fail("index", e.to_string()),
            )];
        }
    };
    index_checks.push(status.check("index"));
    index_checks.push(index_development_check(
        index.signed_by.development,
        options.allow_dev,
    ));
    index_checks.push(checksums_check(dir, &index, &options.keys));
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
fn index_development_check(development: bool, allow_dev: bool) -> Check {
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
fn unlisted_check(dir: &Path, index: &ReleaseIndex) -> Check {
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
