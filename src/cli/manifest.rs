//! The commands that read a release's index: `manifest show` and `manifest diff`, each
//! checking the index's signature with the keys trusted for its folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::render::Output;
use super::{DiffArgs, Format, ShowArgs};
use crate::diagnostic::Result;
use crate::manifest::ReleaseIndex;
use crate::verify::{self, IndexSignature};
use crate::{diff, trust};

/// `alliance manifest show RELEASE`.
pub(super) fn cmd_show(root: &Path, args: &ShowArgs, out: &mut Output) -> Result<ExitCode> {
    let (index, signature) = signed_index(root, &args.release, &args.keys, args.allow_dev, out)?;
    match args.format {
        Format::Text => out.show(&index, &signature)?,
        Format::Json => out.json_signed(&index, &[("signature", &signature)])?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `alliance manifest diff OLD NEW`, with what changed inside each changed artifact.
pub(super) fn cmd_diff(root: &Path, args: &DiffArgs, out: &mut Output) -> Result<ExitCode> {
    let (old, old_signature) = signed_index(root, &args.old, &args.keys, args.allow_dev, out)?;
    let (new, new_signature) = signed_index(root, &args.new, &args.keys, args.allow_dev, out)?;
    let mut difference = diff::diff(&old, &new);
    diff::detail(
        &mut difference,
        (&folder(&args.old), &old),
        (&folder(&args.new), &new),
    )?;
    match args.format {
        Format::Text => out.diff(&difference)?,
        Format::Json => out.json_signed(
            &difference,
            &[
                ("old_signature", &old_signature),
                ("new_signature", &new_signature),
            ],
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The release folder of `path`: itself, or the folder of its `release.yaml`.
fn folder(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        verify::folder_of(path)
    }
}

/// Reads the release index at `path` and checks its signature with the keys trusted for
/// it; warns (on stderr) when it is unsigned or its signature does not verify.
fn signed_index(
    root: &Path,
    path: &Path,
    keys: &[PathBuf],
    allow_dev: bool,
    out: &mut Output,
) -> Result<(ReleaseIndex, IndexSignature)> {
    let folder = folder(path);
    let trust = trust::Trust::pinned(keys)?.with_workspace(root, allow_dev)?;
    for warning in trust.warnings() {
        out.warn(warning);
    }
    let keys = trust.keys_for(&[folder.as_path()]);
    let (index, signature) = verify::load_index(path, &keys)?;
    if !signature.ok {
        out.warn(&format!("{}: {}", path.display(), signature.detail));
    }
    Ok((index, signature))
}
