//! Reading an artifact with its signature and manifest as one set, consistently (a folder
//! replaced while it is read is read again), and the entries its manifest expects.

use super::*;

/// Reads the artifact, its signature, manifest and manifest signature as one set: if the
/// folder is replaced while they are read (a release being published), they are read again.
pub(super) fn read_set(
    artifact: &Path,
    dir: &Path,
    name: &str,
    stem: &str,
) -> Result<Files, Check> {
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
pub(super) fn read_consistently(
    paths: &[(PathBuf, &'static str, u64); 4],
) -> Result<Option<Files>, Check> {
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
        dir: None,
        elsewhere: std::collections::BTreeMap::new(),
    }))
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
pub(super) fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the one at `path` (size and time where there are no
/// inode numbers).
#[cfg(not(unix))]
pub(super) fn same_file(file: &std::fs::File, path: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.len() == b.len() && a.modified().ok() == b.modified().ok(),
        _ => false,
    }
}

/// The entries a manifest promises: name -> (size, sha256, mode).
pub fn expected_entries(manifest: &ArtifactManifest) -> Expected<'_> {
    manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), (f.size, f.sha256.as_str(), f.mode & 0o777)))
        .collect()
}
