//! `alliance verify`: is this artifact the one the release says, signed by a key we trust?
//!
//! [`verify`] finds the artifact's signature (`<artifact>.minisig`) and manifest
//! (`<stem>.manifest.yaml`) next to it or in a given release folder, and reports each check
//! separately: the signature against the trusted keys (naming the key that matched), the
//! trusted comment naming this very file, release and SHA-256, the SHA-256 and size against
//! the manifest, every entry of the zip against the manifest's per-file hashes, and whether
//! a development key signed it. Nothing in the artifact's folder is trusted but the keys
//! given; a failure to read anything is a failed check, never a crash.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::{self, Expected, Limits};
use crate::manifest::{ARTIFACT_SCHEMA, ArtifactManifest};
use crate::sign::{self, TrustedKey};

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
    /// `signature`, `trusted-comment`, `development`, `sha256`, `contents`.
    pub name: &'static str,
    pub ok: bool,
    /// What was found, in words.
    pub detail: String,
}

/// The verification of one artifact.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub artifact: PathBuf,
    pub ok: bool,
    /// The trusted key that made the signature.
    pub key: Option<String>,
    pub checks: Vec<Check>,
    #[serde(skip)]
    pub manifest: Option<ArtifactManifest>,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Verifies the artifact at `path`.
pub fn verify(path: &Path, options: &Options) -> Verification {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let dir = options.release_dir.clone().unwrap_or_else(|| {
        path.parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    let stem = name.strip_suffix(".zip").unwrap_or(&name);
    let failed = |check: &'static str, detail: String| Verification {
        artifact: path.to_path_buf(),
        ok: false,
        key: None,
        checks: vec![Check {
            name: check,
            ok: false,
            detail,
        }],
        manifest: None,
        bytes: Vec::new(),
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return failed("artifact", format!("cannot read `{}`: {e}", path.display())),
    };
    let signature_path = dir.join(format!("{name}.minisig"));
    let signature = match std::fs::read_to_string(&signature_path) {
        Ok(text) => text,
        Err(e) => {
            return failed(
                "signature",
                format!("cannot read `{}`: {e}", signature_path.display()),
            );
        }
    };
    let manifest_path = dir.join(format!("{stem}.manifest.yaml"));
    let manifest = match read_manifest(&manifest_path) {
        Ok(manifest) => manifest,
        Err(e) => return failed("manifest", e),
    };
    let manifest_check = check_manifest_signature(&manifest_path, &manifest.release, options);
    let mut verification = verify_bytes(&name, bytes, &signature, manifest, options);
    verification.artifact = path.to_path_buf();
    verification.ok &= manifest_check.ok;
    verification.checks.insert(1, manifest_check);
    verification
}

/// The manifest is signed too (`<stem>.manifest.yaml.minisig`): without that, a mirror
/// could change the permissions or package it claims for a genuine artifact.
fn check_manifest_signature(path: &Path, release: &str, options: &Options) -> Check {
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let failed = |detail: String| Check {
        name: "manifest",
        ok: false,
        detail,
    };
    let Ok(bytes) = std::fs::read(path) else {
        return failed(format!("cannot read `{}`", path.display()));
    };
    let Ok(signature) = std::fs::read_to_string(path.with_file_name(format!("{file}.minisig")))
    else {
        return failed(format!("`{file}` has no signature (`{file}.minisig`)"));
    };
    match sign::verify_trusted(&options.keys, &signature, &bytes) {
        Err(why) => failed(format!("its signature fails: {why}")),
        Ok((key, comment)) => {
            let sha256 = archive::sha256_hex(&bytes);
            let bound = sign::comment_field(&comment, "file") == Some(file.as_str())
                && sign::comment_field(&comment, "release") == Some(release)
                && sign::comment_field(&comment, "sha256") == Some(sha256.as_str());
            if bound {
                Check {
                    name: "manifest",
                    ok: true,
                    detail: format!("`{file}` signed by trusted key {}", key.name),
                }
            } else {
                failed(format!(
                    "the signature of `{file}` names another file, release or content: `{comment}`"
                ))
            }
        }
    }
}

fn read_manifest(path: &Path) -> Result<ArtifactManifest, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let source = std::sync::Arc::from(text);
    let manifest: ArtifactManifest =
        crate::yaml::parse(path, &source).map_err(|p| p.to_string())?;
    if manifest.schema != ARTIFACT_SCHEMA {
        return Err(format!(
            "`{}` has schema `{}`, not `{ARTIFACT_SCHEMA}`",
            path.display(),
            manifest.schema
        ));
    }
    Ok(manifest)
}

/// Verifies an artifact given as bytes, with its signature text and manifest.
pub fn verify_bytes(
    name: &str,
    bytes: Vec<u8>,
    signature: &str,
    manifest: ArtifactManifest,
    options: &Options,
) -> Verification {
    let sha256 = archive::sha256_hex(&bytes);
    let mut checks = Vec::new();
    let mut key = None;

    let comment = match sign::verify_trusted(&options.keys, signature, &bytes) {
        Ok((trusted, comment)) => {
            key = Some(format!("{} ({})", trusted.name, trusted.key_id));
            checks.push(Check {
                name: "signature",
                ok: true,
                detail: format!("made by trusted key {} ({})", trusted.name, trusted.key_id),
            });
            Some(comment)
        }
        Err(why) => {
            checks.push(Check {
                name: "signature",
                ok: false,
                detail: why,
            });
            None
        }
    };

    let release = &manifest.release;
    let comment_check = match &comment {
        None => Check {
            name: "trusted-comment",
            ok: false,
            detail: "not checked: the signature is not trusted".into(),
        },
        Some(comment) => {
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
            if signed_release != Some(release.as_str()) {
                wrong.push(format!(
                    "it names the release `{}`, not `{release}`",
                    signed_release.unwrap_or("?")
                ));
            }
            if signed_sha != Some(sha256.as_str()) {
                wrong.push("its SHA-256 is not this file's".to_string());
            }
            if wrong.is_empty() {
                Check {
                    name: "trusted-comment",
                    ok: true,
                    detail: format!("names `{name}`, release `{release}` and its SHA-256"),
                }
            } else {
                Check {
                    name: "trusted-comment",
                    ok: false,
                    detail: format!("`{comment}`: {}", wrong.join("; ")),
                }
            }
        }
    };
    checks.push(comment_check);

    let development = manifest.signed_by.development
        || comment
            .as_deref()
            .is_some_and(|c| sign::comment_field(c, "key") == Some("development"));
    checks.push(match (development, options.allow_dev) {
        (false, _) => Check { name: "development", ok: true, detail: "signed by a release key".into() },
        (true, true) => Check { name: "development", ok: true, detail: "signed by a development key (accepted with --allow-dev)".into() },
        (true, false) => Check {
            name: "development",
            ok: false,
            detail: "signed by a development key, which proves nothing to anyone else; pass --allow-dev to accept it".into(),
        },
    });

    let size = bytes.len() as u64;
    checks.push(if manifest.name != name {
        Check { name: "sha256", ok: false, detail: format!("the manifest describes `{}`, not `{name}`", manifest.name) }
    } else if manifest.sha256 == sha256 && manifest.size == size {
        Check { name: "sha256", ok: true, detail: format!("matches the manifest ({size} bytes)") }
    } else {
        Check {
            name: "sha256",
            ok: false,
            detail: format!("the file ({size} bytes, {sha256}) is not the one the manifest describes ({} bytes, {})", manifest.size, manifest.sha256),
        }
    });

    let expected = expected_entries(&manifest);
    // Only the signed bytes are opened: an untrusted archive is never decompressed.
    let genuine = checks.iter().all(|c| c.ok || c.name == "development");
    checks.push(if !genuine {
        Check {
            name: "contents",
            ok: false,
            detail: "not opened: the archive is not the signed one".into(),
        }
    } else {
        match archive::read_checked(&bytes, &expected, options.limits, |_, _, _| Ok(())) {
            Ok(mismatch) if mismatch.is_empty() => Check {
                name: "contents",
                ok: true,
                detail: format!("{} entries match the manifest", expected.len()),
            },
            Ok(mismatch) => Check {
                name: "contents",
                ok: false,
                detail: mismatch.describe(),
            },
            Err(e) => Check {
                name: "contents",
                ok: false,
                detail: e.to_string(),
            },
        }
    });

    Verification {
        artifact: PathBuf::from(name),
        ok: checks.iter().all(|c| c.ok),
        key,
        checks,
        manifest: Some(manifest),
        bytes,
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
