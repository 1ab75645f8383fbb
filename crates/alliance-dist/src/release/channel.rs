//! The channel: `channel.yaml` at the root of the output folder, beside the release folders,
//! listing each release (its folder, sequence, and its index's size and SHA-256) and signed
//! like an index, so that a client installed from any release finds the newest one from
//! one stable address ([`crate::manifest::Channel`]).
//!
//! [`write`] runs after a release folder is published: the channel never names a folder
//! that is not complete. It lists every release folder whose index verifies with the key
//! that signs the channel; one signed by another key is left out, and said.

use std::path::Path;

use super::publish::{WORK_DIR, lock};
use crate::diagnostic::{IoContext, Result};
use crate::manifest::{
    CHANNEL_FILE, CHANNEL_RELEASE, CHANNEL_SCHEMA, Channel, ChannelRelease, RELEASE_FILE,
};
use crate::sign::SigningKey;

/// Writes `output/channel.yaml` and its signature by `key`, listing the releases in
/// `output` that `key` signed and whose index has a sequence; `expires` (RFC 3339) is the
/// channel's expiry, that of the release just published. Returns what was left out, as
/// warnings.
pub(super) fn write(output: &Path, key: &SigningKey, expires: Option<&str>) -> Result<Vec<String>> {
    let _lock = lock(output, ".channel")?;
    remove_cut_writes(&output.join(WORK_DIR));
    let (releases, warnings) = releases(output, key)?;
    let channel = Channel {
        schema: CHANNEL_SCHEMA.to_string(),
        sequence: releases.iter().map(|r| r.sequence).max().unwrap_or(0),
        expires: expires.map(str::to_string),
        releases,
    };
    let data = crate::yaml::to_string(&channel)?.into_bytes();
    let comment = crate::sign::trusted_comment(
        CHANNEL_FILE,
        CHANNEL_RELEASE,
        &crate::archive::sha256_hex(&data),
        key.development,
    );
    let signature = key.sign(&data, &comment)?;
    // The signature first: a client that reads the new channel finds its signature.
    replace(
        output,
        &format!("{CHANNEL_FILE}.minisig"),
        signature.as_bytes(),
    )?;
    replace(output, CHANNEL_FILE, &data)?;
    Ok(warnings)
}

/// The releases in `output` whose index `key` signed, by sequence; and a warning for each
/// folder left out.
fn releases(output: &Path, key: &SigningKey) -> Result<(Vec<ChannelRelease>, Vec<String>)> {
    let trusted = [key.trusted()];
    let mut releases = Vec::new();
    let mut warnings = Vec::new();
    for entry in std::fs::read_dir(output).at("read", output)? {
        let entry = entry.at("read", output)?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let index_path = entry.path().join(RELEASE_FILE);
        if name.starts_with('.')
            || name.ends_with(crate::workspace::PSEUDO_SUFFIX)
            || !index_path.is_file()
        {
            continue;
        }
        // Read once: checked, then hashed for the channel.
        let data = std::fs::read(&index_path).at("read", &index_path)?;
        let signature = std::fs::read(format!("{}.minisig", index_path.display())).ok();
        let signed = crate::verify::check_index(&index_path, &data, signature.as_deref(), &trusted);
        match signed {
            Ok((index, signature)) if signature.ok && index.sequence > 0 => {
                releases.push(ChannelRelease {
                    release: index.release,
                    folder: name,
                    sequence: index.sequence,
                    size: data.len() as u64,
                    sha256: crate::archive::sha256_hex(&data),
                });
            }
            _ => warnings.push(format!(
                "`{}` is not in `{CHANNEL_FILE}`: its index is not signed by key {} (clients following the channel do not see it)",
                entry.path().display(),
                key.key_id
            )),
        }
    }
    releases.sort_by(|a, b| (a.sequence, &a.folder).cmp(&(b.sequence, &b.folder)));
    Ok((releases, warnings))
}

/// Marks the temporary files the channel is written into, in the output's work folder.
const TEMP_PREFIX: &str = "channel.writing-";

/// Removes what runs killed while writing the channel left in `work`; the caller holds
/// the channel's lock.
fn remove_cut_writes(work: &Path) {
    let Ok(entries) = std::fs::read_dir(work) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Replaces `output/name` with `data` in one rename.
fn replace(output: &Path, name: &str, data: &[u8]) -> Result<()> {
    let work = output.join(WORK_DIR);
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(&work)
        .at("create a file in", &work)?;
    std::io::Write::write_all(&mut file, data).at("write", file.path())?;
    // Published as every other file: readable by the web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = file.path().to_path_buf();
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .at("set the permissions of", &path)?;
    }
    let target = output.join(name);
    file.persist(&target)
        .map_err(|e| crate::diagnostic::Error::io("write", &target, e.error))?;
    Ok(())
}
