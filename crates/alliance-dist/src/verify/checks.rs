//! The checks of one artifact: its signature's trusted comment, size and SHA-256, contents,
//! development key, and the signed files beside it (a manifest, an index) bound to it.

use super::*;

/// The trusted comment names this file, this release and this SHA-256.
pub(super) fn trusted_comment_check(
    comment: Option<&str>,
    name: &str,
    release: &str,
    sha256: &str,
) -> Check {
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
pub(super) fn size_check(
    manifest: &ArtifactManifest,
    name: &str,
    sha256: &str,
    size: u64,
) -> Check {
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
pub(super) fn contents_check(
    genuine: bool,
    reader: &archive::SharedReader,
    manifest: &ArtifactManifest,
    options: &Options,
) -> Check {
    if !genuine {
        return Check::fail("contents", "not opened: the archive is not the signed one");
    }
    let expected = expected_entries(manifest);
    if manifest.kind == crate::manifest::ArtifactKind::Deb {
        return match archive::deb::check(reader, &expected, options.limits) {
            Ok(mismatch) if mismatch.is_empty() => Check::pass(
                "contents",
                format!("{} files match the manifest", expected.len()),
            ),
            Ok(mismatch) => Check::fail("contents", mismatch.describe()),
            Err(e) => Check::fail("contents", e.to_string()),
        };
    }
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

/// The keys that may sign the artifact of `manifest`: under a root of trust, its package's
/// delegation's (or why none may); else the trusted keys.
pub(super) fn artifact_keys(
    options: &Options,
    manifest: &ArtifactManifest,
) -> std::result::Result<Vec<TrustedKey>, String> {
    match &options.root {
        Some(accepted) => accepted.keys_for_package(&manifest.package),
        None => Ok(options.keys.clone()),
    }
}

/// The `signature` check of an artifact (`signed`: the outcome with `delegated`'s keys);
/// under a root of trust a refusal names the package, the key and the delegation, and the
/// artifact must be named after its package.
pub(super) fn signature_checks(
    signed: &std::result::Result<(&TrustedKey, String), crate::diagnostic::SignatureError>,
    delegated: &std::result::Result<Vec<TrustedKey>, String>,
    options: &Options,
    manifest: &ArtifactManifest,
    name: &str,
) -> Vec<Check> {
    let mut checks = vec![match (signed, delegated, &options.root) {
        (_, Err(why), _) => Check::fail("signature", why.clone()),
        (Ok((trusted, _)), _, _) => {
            Check::pass("signature", format!("made by {}", trusted.describe()))
        }
        (Err(crate::diagnostic::SignatureError::UnknownKey { signer, .. }), _, Some(accepted)) => {
            Check::fail(
                "signature",
                accepted.refuse_package(signer, &manifest.package),
            )
        }
        (Err(why), _, _) => Check::fail("signature", why.to_string()),
    }];
    let named = name.starts_with(&format!("{}-", manifest.package))
        || (manifest.kind == crate::manifest::ArtifactKind::Deb
            && name.starts_with(&format!("{}_", manifest.package)));
    if options.root.is_some() && !named {
        checks.push(Check::fail(
            "signature",
            format!(
                "`{name}` is not named after its package `{}`: under a root of trust an artifact's name starts with its package id",
                manifest.package
            ),
        ));
    }
    checks
}

/// Under a root of trust whose delegation of the artifact's package asks more than one
/// signature: the `threshold` checks of the artifact `name` and of its manifest, counting
/// the signer of each `.minisig` and the co-signatures beside them (`cosign`) by `keys`.
pub(super) fn threshold_checks(
    options: &Options,
    manifest: &ArtifactManifest,
    files: &Files,
    (name, keys): (&str, &[TrustedKey]),
    signer: Option<&TrustedKey>,
    digests: &Digests,
) -> Vec<Check> {
    let (Some(accepted), Some(dir), Some(signer)) = (&options.root, &files.dir, signer) else {
        return Vec::new();
    };
    let (threshold, role) = accepted.package_threshold(&manifest.package);
    if threshold < 2 {
        return Vec::new();
    }
    let release = &manifest.release;
    let reader = &files.artifact;
    let of_artifact = crate::cosign::signers(
        dir,
        name,
        keys,
        Some(&signer.key_id),
        |key, text| {
            sign::verify_trusted_prehashed(
                std::slice::from_ref(key),
                text,
                &digests.blake2b,
                || Ok(reader.from_start()),
            )
            .ok()
            .map(|(_, comment)| comment)
        },
        |comment| crate::cosign::binds(comment, name, release, &digests.sha256),
    );
    let stem = crate::manifest::stem(name);
    let manifest_name = format!("{stem}.manifest.yaml");
    let manifest_sha = archive::sha256_hex(&files.manifest);
    let check_data = |key: &TrustedKey, text: &str| {
        sign::verify_trusted(std::slice::from_ref(key), text, &files.manifest)
            .ok()
            .map(|(_, comment)| comment)
    };
    let primary = files
        .manifest_signature
        .as_deref()
        .map(String::from_utf8_lossy)
        .and_then(|text| {
            sign::verify_trusted(keys, &text, &files.manifest)
                .ok()
                .map(|(key, _)| key.key_id.clone())
        });
    let of_manifest = crate::cosign::signers(
        dir,
        &manifest_name,
        keys,
        primary.as_deref(),
        check_data,
        |comment| crate::cosign::binds(comment, &manifest_name, release, &manifest_sha),
    );
    vec![
        crate::cosign::threshold_check(name, &role, threshold, &of_artifact, keys),
        crate::cosign::threshold_check(&manifest_name, &role, threshold, &of_manifest, keys),
    ]
}

/// Whether a development key made the signature, said of the key that actually matched.
pub(super) fn development_check(
    signer: Option<&TrustedKey>,
    marked: bool,
    allow_dev: bool,
) -> Check {
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
pub(super) fn signed_file(
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

pub(super) fn parse_manifest(path: &Path, bytes: &[u8]) -> Result<ArtifactManifest, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| format!("`{}` is not UTF-8 text", path.display()))?;
    crate::manifest::read(path, text).map_err(|refused| match refused {
        crate::manifest::Refused::Malformed(p) => p.to_string(),
        crate::manifest::Refused::Schema(p) => p.message,
    })
}
